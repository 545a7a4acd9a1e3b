// The link stage: near-duplicates, reused passages, rewrites and attribution
// drift. The acceptance part runs on the seed reports (examples/border-clash)
// against the "reuse" array of tests/data/border-clash.gold.json.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "clean/cleaner.h"
#include "link/align.h"
#include "link/index.h"
#include "link/link.h"
#include "test_util.h"

namespace crosscheck {
namespace {

using nlohmann::json;
using testing::Doc;
using testing::ReadFile;
using testing::SourcePath;

// The threshold the seeds are measured against (LinkOptions default).
constexpr double kThreshold = 0.10;

class SeedLinks : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    IngestResult in = ReadInputs({SourcePath("examples/border-clash")}, {});
    ASSERT_EQ(in.documents.size(), 5u);
    docs_ = new std::vector<Document>(std::move(in.documents));
    seg_ = new std::vector<SegmentedText>();
    for (const Document& d : *docs_) seg_->push_back(Segment(d.text, Clean(d)));
    links_ = new std::vector<Link>(LinkDocuments(*docs_, *seg_));
  }
  static void TearDownTestSuite() { delete docs_; delete seg_; delete links_; }

  static const Link* Find(size_t a, size_t b) {
    for (const Link& l : *links_) {
      if (l.a == a && l.b == b) return &l;
    }
    return nullptr;
  }
  static std::string_view Text(size_t doc, Span s) { return s.Of((*docs_)[doc].text); }
  // The passage of `l` whose a-side text is `a_text`, or null.
  static const Passage* PassageA(const Link& l, std::string_view a_text) {
    for (const Passage& p : l.passages) {
      if (Text(l.a, p.a) == a_text) return &p;
    }
    return nullptr;
  }
  // Span of the first occurrence of `s` in document `doc`.
  static Span Where(size_t doc, std::string_view s) {
    size_t at = (*docs_)[doc].text.find(s);
    EXPECT_NE(at, std::string::npos) << s;
    return {at, at + s.size()};
  }
  static LinkText In(size_t i) { return {(*docs_)[i].text, &(*seg_)[i], (*docs_)[i].published}; }
  // The same link (or none) from two ways of aligning one pair.
  static void ExpectSameLink(const std::optional<Link>& x, const std::optional<Link>& y) {
    ASSERT_EQ(x.has_value(), y.has_value());
    if (!x) return;
    SCOPED_TRACE(std::to_string(x->a) + "-" + std::to_string(x->b));
    EXPECT_EQ(x->kind, y->kind);
    EXPECT_EQ(x->similarity, y->similarity);
    EXPECT_EQ(x->direction, y->direction);
    ASSERT_EQ(x->passages.size(), y->passages.size());
    for (size_t k = 0; k < x->passages.size(); ++k) {
      EXPECT_EQ(x->passages[k].a, y->passages[k].a);
      EXPECT_EQ(x->passages[k].b, y->passages[k].b);
    }
    ASSERT_EQ(x->drift.size(), y->drift.size());
    for (size_t k = 0; k < x->drift.size(); ++k) EXPECT_EQ(x->drift[k].what, y->drift[k].what);
  }

  static std::vector<Document>* docs_;
  static std::vector<SegmentedText>* seg_;
  static std::vector<Link>* links_;
};

std::vector<Document>* SeedLinks::docs_ = nullptr;
std::vector<SegmentedText>* SeedLinks::seg_ = nullptr;
std::vector<Link>* SeedLinks::links_ = nullptr;

// PairLinker prepares each document once and keeps it within a memory
// budget; its links are LinkPair's, with every document kept or with none.
TEST_F(SeedLinks, PairLinkerGivesLinkPairsLinksWhateverItsBudget) {
  LinkOptions none;
  none.max_prepared_bytes = 0;
  for (const LinkOptions& options : {LinkOptions{}, none}) {
    PairLinker linker(options);
    const LinkWork before = LinkWorkDone();
    size_t pairs = 0;
    for (size_t b = 1; b < docs_->size(); ++b) {
      for (size_t a = 0; a < b; ++a, ++pairs) {
        ExpectSameLink(LinkPair(a, In(a), b, In(b), options), linker.Align(a, In(a), b, In(b)));
      }
    }
    // LinkPair prepares both documents of each of the 10 pairs; the linker
    // each of the 5 documents once when it keeps them all, and 13 times
    // when it keeps only the pair in hand (pairs (a, b) by b, then a: a
    // new b costs 2 when a = 0 was not the last pair's, else 1).
    const uint64_t prepared = LinkWorkDone().documents_prepared - before.documents_prepared;
    EXPECT_EQ(prepared - 2 * pairs, options.max_prepared_bytes == 0 ? 13u : docs_->size());
    if (options.max_prepared_bytes == 0) {
      EXPECT_GT(linker.MemoryBytes(), 0u);  // the last pair is kept
    }
  }
}

// PairLinker::Sketch is SketchDocument, and a document aligned right after
// its Sketch (prepared from the words the sketch found) links as LinkPair
// says.
TEST_F(SeedLinks, SketchIsSketchDocumentAndItsDocumentAlignsAsLinkPair) {
  const LinkOptions options;
  PairLinker linker(options);
  for (size_t b = 0; b < docs_->size(); ++b) {
    const DocumentSketch want = SketchDocument((*docs_)[b].text, (*seg_)[b], options);
    const DocumentSketch got = linker.Sketch(b, In(b));
    EXPECT_EQ(got.content_hash, want.content_hash);
    EXPECT_EQ(got.words, want.words);
    EXPECT_EQ(got.shingles, want.shingles);
    EXPECT_EQ(got.minhash, want.minhash);
    EXPECT_EQ(got.seeds, want.seeds);
    EXPECT_GT(got.words, 100u);
    for (size_t a = 0; a < b; ++a) {
      const LinkWork before = LinkWorkDone();
      ExpectSameLink(LinkPair(a, In(a), b, In(b), options), linker.Align(a, In(a), b, In(b)));
      const uint64_t prepared = LinkWorkDone().documents_prepared - before.documents_prepared;
      // LinkPair prepares both; the linker prepares b for its first pair (a =
      // 0, from the sketch's words), and a only when a = 0 was never b's partner.
      EXPECT_EQ(prepared, 2u + (a == 0 ? 1u : 0u) + (b == 1 ? 1u : 0u)) << a << "-" << b;
    }
  }
}

TEST_F(SeedLinks, FindsExactlyTheGoldReuseRelations) {
  json gold = json::parse(ReadFile(SourcePath("tests/data/border-clash.gold.json")));
  auto index_of = [&](const std::string& id) {
    for (size_t i = 0; i < docs_->size(); ++i) if ((*docs_)[i].id == id) return i;
    ADD_FAILURE() << "no document " << id;
    return size_t{0};
  };
  std::set<std::pair<size_t, size_t>> expected;
  for (const json& r : gold["reuse"]) {
    size_t a = index_of(r["a"]), b = index_of(r["b"]);
    expected.insert({std::min(a, b), std::max(a, b)});
    const Link* l = Find(std::min(a, b), std::max(a, b));
    ASSERT_NE(l, nullptr) << r.dump();
    EXPECT_EQ(l->kind, r["kind"].get<std::string>()) << r.dump();
    EXPECT_GE(l->similarity, kThreshold) << r.dump();
  }
  EXPECT_EQ(expected.size(), 3u);
  for (const Link& l : *links_) {
    EXPECT_TRUE(expected.count({l.a, l.b})) << "spurious link " << l.a << "-" << l.b << " " << l.kind << " "
                                            << l.similarity;
  }
}

// The other seven pairs, compared directly with reporting switched off:
// none reaches the threshold (most are not links at all).
TEST_F(SeedLinks, NoOtherPairReachesTheThreshold) {
  LinkOptions all;
  all.min_link_similarity = 0;
  std::set<std::pair<size_t, size_t>> gold = {{0, 1}, {1, 2}, {3, 4}};
  for (size_t a = 0; a < 5; ++a) {
    for (size_t b = a + 1; b < 5; ++b) {
      if (gold.count({a, b})) continue;
      std::optional<Link> l = LinkPair(a, In(a), b, In(b), all);
      if (l) {
        EXPECT_LT(l->similarity, kThreshold) << a << "-" << b << " " << l->kind;
      }
    }
  }
}

TEST_F(SeedLinks, Report004RewritesReport003) {
  const Link* l = Find(3, 4);
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->kind, "rewrite");
  EXPECT_EQ(l->direction, "a->b");  // 004 follows 003 and adds the analyst's quotes
  EXPECT_NEAR(l->similarity, 0.33, 0.02);
  // The quoted fragments the gold names are reused, each inside some passage.
  for (std::string_view q : {"small clique", "plotting against Afghanistan", "only caused explosions",
                             "based on national interests"}) {
    bool found = std::any_of(l->passages.begin(), l->passages.end(), [&](const Passage& p) {
      return Text(3, p.a).find(q) != std::string_view::npos && Text(4, p.b).find(q) != std::string_view::npos;
    });
    EXPECT_TRUE(found) << q;
  }
  const Passage* p = PassageA(*l, "The claims could not be independently verified, and Pakistani officials have yet to");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->b, Where(4, "The claims could not be independently verified, and Pakistani officials have yet to"));
  EXPECT_DOUBLE_EQ(p->similarity, 1.0);
  EXPECT_TRUE(l->drift.empty());
}

TEST_F(SeedLinks, Reports000And001ShareTheMujahidQuoteWordForWord) {
  const Link* l = Find(0, 1);
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->kind, "shared-passage");
  const std::string quote =
      "The situation on all official borders and de facto lines of Afghanistan is under complete control, and "
      "illegal activities have been largely prevented";
  const Passage* p = PassageA(*l, quote);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->a, Where(0, quote));
  EXPECT_EQ(p->b, Where(1, quote));
  EXPECT_DOUBLE_EQ(p->similarity, 1.0);
  const Passage* q = PassageA(*l, "retaliatory and successful operations");
  ASSERT_NE(q, nullptr);
  EXPECT_TRUE(q->quote);
  EXPECT_EQ(q->b, Where(1, "retaliatory and successful operations"));
  EXPECT_EQ(l->direction, "unknown");  // equal shares of both reports
}

TEST_F(SeedLinks, Reports001And002ShareTheDistrictsAndTheKabulParagraph) {
  const Link* l = Find(1, 2);
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->kind, "shared-passage");
  EXPECT_EQ(l->direction, "a->b");  // 002 is the shorter copy
  const Passage* d = PassageA(*l, "including Chitral, Bajaur, Mohmand, Angoor Adda, and Kurram — prompting");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->a, (Span{1241, 1314}));
  EXPECT_EQ(Text(2, d->b), "including Chitral, Bajaur, Mohmand, Angoor Adda, and Kurram, prompting");
  EXPECT_EQ(d->b, (Span{706, 776}));
  // Small edits inside one passage: "did not claim" / "has not yet claimed".
  const Passage* k = PassageA(*l, "Kabul and a market in eastern Afghanistan. Pakistan did not claim responsibility for the attacks");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(Text(2, k->b), "Kabul and a market in eastern Afghanistan. Islamabad has not yet claimed responsibility for the attacks");
  EXPECT_LT(k->similarity, 1.0);
  EXPECT_GT(k->similarity, 0.8);
}

TEST_F(SeedLinks, Report002DropsTheAttributionOfTheKabulStrikes) {
  const Link* l = Find(1, 2);
  ASSERT_NE(l, nullptr);
  ASSERT_EQ(l->drift.size(), 1u);
  const Drift& d = l->drift[0];
  EXPECT_EQ(d.what, "dropped");
  EXPECT_EQ(d.a_source, "Afghan authorities");
  EXPECT_EQ(d.b_source, "");
  EXPECT_EQ(Text(1, d.a), "Earlier this week, Afghan authorities accused Pakistan of conducting airstrikes on Kabul "
                          "and a market in eastern Afghanistan.");
  EXPECT_EQ(Text(2, d.b), "Earlier in the week, Pakistan bombed both the capital Kabul and a market in eastern Afghanistan.");
}

TEST_F(SeedLinks, SpansAreInsideTheTextsAndPassagesInOrder) {
  for (const Link& l : *links_) {
    EXPECT_LT(l.a, l.b);
    size_t last = 0;
    for (const Passage& p : l.passages) {
      EXPECT_LE(p.a.end, (*docs_)[l.a].text.size());
      EXPECT_LE(p.b.end, (*docs_)[l.b].text.size());
      EXPECT_LT(p.a.begin, p.a.end);
      EXPECT_LT(p.b.begin, p.b.end);
      EXPECT_GE(p.a.begin, last);
      last = p.a.begin;
    }
  }
}

TEST_F(SeedLinks, PublicationTimesDecideDirection) {
  Document a = (*docs_)[1], b = (*docs_)[2];
  a.published = "2025-10-12T18:00:00+05:00";
  b.published = "2025-10-12T09:00:00Z";  // before a's 13:00 UTC
  std::optional<Link> l = LinkPair(1, {a.text, &(*seg_)[1], a.published}, 2, {b.text, &(*seg_)[2], b.published});
  ASSERT_TRUE(l);
  EXPECT_EQ(l->direction, "b->a");
  ASSERT_EQ(l->drift.size(), 0u);  // read from 002 to 001, 001 adds an attribution: not drift
}

// ---------------------------------------------------------------------------
// Synthetic documents.

// A varied text of `words` words: each word is "w<k>" for a hashed k, so
// different seeds share nothing.
std::string Words(size_t words, uint64_t seed) {
  std::string s;
  for (size_t i = 0; i < words; ++i) {
    uint64_t k = (seed * 1000003 + i) * 0x9e3779b97f4a7c15ull;
    s += (i ? " " : "") + std::string("w") + std::to_string((k >> 40) % 50000);
    if (i % 15 == 14) s += ".";
  }
  return s + ".";
}

SegmentedText Seg(const std::string& text) { return Segment(text, Clean(Doc("t", text))); }

// Replaces every `every`-th word of a Words() text.
std::string Edit(std::string text, size_t every, uint64_t seed) {
  size_t word = 0;
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    std::string w = text.substr(i, j - i);
    if (++word % every == 0) w = "x" + std::to_string(seed) + "_" + std::to_string(word) + (w.back() == '.' ? "." : "");
    out += (out.empty() ? "" : " ") + w;
    i = j + 1;
  }
  return out;
}

double ExactJaccard(const std::vector<uint64_t>& x, const std::vector<uint64_t>& y) {
  std::vector<uint64_t> both;
  std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(both));
  return static_cast<double>(both.size()) / static_cast<double>(x.size() + y.size() - both.size());
}

// Differential: the one-permutation MinHash estimate against the exact
// Jaccard of the shingle sets, over a range of similarities.
TEST(MinHash, EstimateTracksExactJaccard) {
  LinkOptions o;
  double total_error = 0;
  int n = 0;
  for (size_t every : {2, 3, 4, 6, 10, 20, 50}) {
    for (uint64_t seed = 1; seed <= 6; ++seed) {
      std::string x = Words(400, seed), y = Edit(x, every, seed);
      SegmentedText sx = Seg(x), sy = Seg(y);
      double exact = ExactJaccard(Shingles(sx, o), Shingles(sy, o));
      double estimate = EstimateJaccard(SketchDocument(x, sx, o), SketchDocument(y, sy, o));
      // Standard error sqrt(J(1-J)/128) <= 0.045: 4 of them.
      EXPECT_NEAR(estimate, exact, 0.18) << "every " << every << " seed " << seed;
      total_error += std::abs(estimate - exact), ++n;
    }
  }
  EXPECT_LT(total_error / n, 0.04);
}

TEST(MinHash, ContainmentOfAPartialCopy) {
  std::string x = Words(300, 7), y = Words(300, 8) + "\n" + x + "\n" + Words(300, 9);
  SegmentedText sx = Seg(x), sy = Seg(y);
  DocumentSketch kx = SketchDocument(x, sx), ky = SketchDocument(y, sy);
  EXPECT_GT(EstimateContainment(kx, ky), 0.8);
  EXPECT_LT(EstimateContainment(ky, kx), 0.5);
}

TEST(MinHash, ShortDocumentsHaveNoEmptyBins) {
  std::string x = "Five soldiers were killed near the border on Sunday.";
  DocumentSketch k = SketchDocument(x, Seg(x));
  ASSERT_EQ(k.minhash.size(), 128u);
  EXPECT_EQ(EstimateJaccard(k, k), 1.0);
  EXPECT_EQ(std::count(k.minhash.begin(), k.minhash.end(), 0xffffffffu), 0);
}

TEST(LinkIndex, ExactDuplicateDespiteBoilerplateAndCase) {
  std::string body = Words(200, 3);
  std::string x = body + "\nThe post Some Story appeared first on Example News.";
  std::string y = body + "\nComments are closed.";
  LinkIndex index;
  SegmentedText sx = Seg(x), sy = Seg(y);
  EXPECT_TRUE(index.Add(SketchDocument(x, sx)).empty());
  std::vector<Candidate> c = index.Add(SketchDocument(y, sy));
  ASSERT_EQ(c.size(), 1u);
  EXPECT_TRUE(c[0].duplicate);
  EXPECT_EQ(c[0].a, 0u);
  EXPECT_EQ(c[0].b, 1u);
  std::optional<Link> l = LinkPair(0, {x, &sx, ""}, 1, {y, &sy, ""});
  ASSERT_TRUE(l);
  EXPECT_EQ(l->kind, "duplicate");
  EXPECT_EQ(l->similarity, 1.0);
  ASSERT_EQ(l->passages.size(), 1u);
  EXPECT_EQ(l->passages[0].a, (Span{0, body.size() - 1}));  // the final "." is not a word
}

TEST(LinkIndex, NearDuplicateWithScatteredEdits) {
  std::string x = Words(300, 4), y = Edit(x, 40, 4);
  SegmentedText sx = Seg(x), sy = Seg(y);
  LinkIndex index;
  (void)index.Add(SketchDocument(x, sx));
  std::vector<Candidate> c = index.Add(SketchDocument(y, sy));
  ASSERT_EQ(c.size(), 1u);
  EXPECT_GT(c[0].jaccard, 0.7);
  std::optional<Link> l = LinkPair(0, {x, &sx, ""}, 1, {y, &sy, ""});
  ASSERT_TRUE(l);
  EXPECT_EQ(l->kind, "near-duplicate");
  // Passages run through the single-word edits.
  ASSERT_GE(l->passages.size(), 1u);
  EXPECT_GT(l->passages[0].a.size(), x.size() / 2);
}

// Winnowing guarantees two shared fingerprints for a shared run of
// seed_words + 2 x seed_window - 1 = 11 words, here between documents that
// are otherwise unrelated; one 7-word run alone is taken for chance.
TEST(LinkIndex, FindsASharedElevenWordRunInUnrelatedDocuments) {
  const std::string run = "alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo";
  LinkIndex index;
  for (uint64_t seed = 10; seed < 60; ++seed) {
    std::string x = Words(150, seed);
    if (seed == 20) x += " " + run + ".";
    if (seed == 30) x += " alpha bravo charlie delta echo foxtrot golf.";
    (void)index.Add(SketchDocument(x, Seg(x)));
  }
  std::string y = Words(100, 99) + " " + run + ". " + Words(100, 98);
  std::vector<Candidate> c = index.Add(SketchDocument(y, Seg(y)));
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].a, 10u);  // the 11th document added, not the 21st
  EXPECT_GE(c[0].shared_seeds, 2u);
  EXPECT_LT(c[0].jaccard, 0.1);
}

TEST(LinkIndex, StockPhrasesStopProposingCandidates) {
  LinkOptions o;
  o.max_seed_documents = 8;
  LinkIndex index(o);
  const std::string stock = " alpha bravo charlie delta echo foxtrot golf hotel india.";
  size_t proposed = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    std::string x = Words(120, seed) + stock;
    proposed += index.Add(SketchDocument(x, Seg(x), o)).size();
  }
  EXPECT_EQ(index.size(), 40u);
  // Each of the first 8 documents links to those before it; then the phrase is stock.
  EXPECT_LE(proposed, 8u * 7u / 2u + 8u);
  EXPECT_GT(index.MemoryBytes(), 0u);
}

// A resumed engine reserves the index and inserts the stored reports: the
// candidates of later documents are those of an index grown by doubling,
// whether the reserve was too small, right or too large.
TEST(LinkIndex, AReservedIndexProposesWhatAGrownOneDoes) {
  LinkOptions o;
  o.max_seed_documents = 8;
  const std::string stock = " alpha bravo charlie delta echo foxtrot golf hotel india.";
  std::vector<DocumentSketch> sketches;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    std::string x = Words(60 + seed % 90, seed % 40 + 1) + (seed % 3 ? stock : "");
    sketches.push_back(SketchDocument(x, Seg(x), o));
  }
  auto candidates = [&](LinkIndex& index) {
    std::string out;
    for (size_t i = 0; i < sketches.size(); ++i) {
      if (i < 200) {
        index.Insert(sketches[i]);
        continue;
      }
      for (const Candidate& c : index.Add(sketches[i])) {
        out += std::to_string(c.a) + "-" + std::to_string(c.b) + ":" + std::to_string(c.shared_seeds) + " ";
      }
    }
    return out;
  };
  LinkIndex grown(o);
  const std::string want = candidates(grown);
  EXPECT_GT(want.size(), 100u);
  for (auto [documents, seeds] : {std::pair<size_t, size_t>{10, 100}, {300, 30000}, {100000, 3000000}}) {
    LinkIndex reserved(o);
    reserved.Reserve(documents, seeds);
    EXPECT_EQ(candidates(reserved), want) << documents;
  }
}

TEST(LinkIndex, EmptyDocumentsAreNeverCandidates) {
  LinkIndex index;
  SegmentedText empty;
  EXPECT_TRUE(index.Add(SketchDocument("", empty)).empty());
  EXPECT_TRUE(index.Add(SketchDocument("", empty)).empty());
  EXPECT_EQ(index.size(), 2u);
}

TEST(LinkPair, UnrelatedDocumentsDoNotLink) {
  std::string x = Words(300, 1), y = Words(300, 2);
  SegmentedText sx = Seg(x), sy = Seg(y);
  EXPECT_FALSE(LinkPair(0, {x, &sx, ""}, 1, {y, &sy, ""}));
}

// Bounded work on hostile input: one phrase repeated thousands of times
// makes no seed (each n-gram is everywhere), so nothing quadratic happens.
TEST(LinkPair, RepeatedPhraseStaysBounded) {
  std::string x;
  for (int i = 0; i < 3000; ++i) x += "the army said the army said. ";
  std::string y = x + "\n";
  std::string z = x + "And one more sentence here about something else entirely.";
  SegmentedText sx = Seg(x), sy = Seg(y), sz = Seg(z);
  std::optional<Link> same = LinkPair(0, {x, &sx, ""}, 1, {y, &sy, ""});
  ASSERT_TRUE(same);
  EXPECT_EQ(same->kind, "duplicate");
  ASSERT_EQ(same->passages.size(), 1u);
  EXPECT_EQ(same->passages[0].a, (Span{0, x.size() - 2}));
  std::optional<Link> more = LinkPair(0, {x, &sx, ""}, 1, {z, &sz, ""});
  if (more) {
    EXPECT_LE(more->passages.size(), 1u);
  }
}

// The bit-parallel longest common subsequence against the textbook table,
// on random sequences over small alphabets (many repeats), up to and beyond
// the 256 elements it reads.
TEST(LongestCommonSubsequence, MatchesTheTextbookTable) {
  auto table = [](std::vector<uint64_t> x, std::vector<uint64_t> y) {
    x.resize(std::min<size_t>(x.size(), 256)), y.resize(std::min<size_t>(y.size(), 256));
    std::vector<std::vector<size_t>> t(x.size() + 1, std::vector<size_t>(y.size() + 1, 0));
    for (size_t i = 1; i <= x.size(); ++i)
      for (size_t j = 1; j <= y.size(); ++j)
        t[i][j] = x[i - 1] == y[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
    return t[x.size()][y.size()];
  };
  uint64_t state = 42;
  auto next = [&] { return state = state * 6364136223846793005ull + 1442695040888963407ull, state >> 33; };
  for (int round = 0; round < 400; ++round) {
    // Mostly small alphabets (long common subsequences); some with up to 400
    // stems, so that y has as many distinct stems as words.
    const uint64_t alphabet = round % 8 == 3 ? 400 : 2 + next() % 7;
    std::vector<uint64_t> x(next() % 300), y(next() % 300);
    // Every fourth round, stems equal in their low bits, so that the
    // lookup table of y's stems (keyed by low bits) has to probe past them.
    const uint64_t spread = round % 4 == 1 ? uint64_t{1} << 40 : 0x9e3779b97f4a7c15ull;
    for (uint64_t& v : x) v = next() % alphabet * spread;
    for (uint64_t& v : y) v = next() % alphabet * spread;
    if (round % 4 == 0 && !x.empty()) y.insert(y.begin(), x.begin(), x.begin() + static_cast<long>(x.size() / 2));
    ASSERT_EQ(link_internal::LongestCommonSubsequence(x, y), table(x, y))
        << "round " << round << ", " << x.size() << " x " << y.size() << ", alphabet " << alphabet;
  }
  const std::vector<uint64_t> same = {1, 2, 3, 4, 5};
  EXPECT_EQ(link_internal::LongestCommonSubsequence(same, same), 5u);
  EXPECT_EQ(link_internal::LongestCommonSubsequence(same, {}), 0u);
  EXPECT_EQ(link_internal::LongestCommonSubsequence(std::vector<uint64_t>{1, 9, 2, 3}, std::vector<uint64_t>{1, 2, 8, 3}), 3u);
}

// The alignment scores word order through each sentence's prepared table
// (LcsWithTable); on every sentence pair of the seed reports, both ways, it
// must give what the pairwise programme gives.
TEST(LongestCommonSubsequence, PreparedTablesMatchThePairwiseProgramme) {
  IngestResult in = ReadInputs({SourcePath("examples/border-clash")}, {});
  ASSERT_EQ(in.documents.size(), 5u);
  std::vector<SegmentedText> seg;
  for (const Document& d : in.documents) seg.push_back(Segment(d.text, Clean(d)));
  const LinkOptions options;
  std::vector<link_internal::AlignDoc> docs;
  for (size_t i = 0; i < seg.size(); ++i) docs.push_back(link_internal::Prepare(in.documents[i].text, seg[i], options));
  size_t pairs = 0, tabled = 0, matched = 0;
  for (const auto& a : docs) {
    for (const auto& b : docs) {
      for (const auto& [a0, a1] : a.sentence_words) {
        const std::span<const uint64_t> x(a.stem.data() + a0, a1 - a0);
        for (size_t t = 0; t < b.sentence_words.size(); ++t) {
          const auto [b0, b1] = b.sentence_words[t];
          const size_t want = link_internal::LongestCommonSubsequence(x, {b.stem.data() + b0, b1 - b0});
          ASSERT_EQ(link_internal::LcsWithTable(x, b, t), want) << "sentence " << t << " of b";
          ++pairs;
          tabled += b.lcs_slot_begin[t + 1] > b.lcs_slot_begin[t];
          matched += want > 0;
        }
      }
    }
  }
  EXPECT_GT(pairs, 10000u);
  EXPECT_GT(tabled, pairs / 2);   // most news sentences have at most 64 words
  EXPECT_GT(matched, pairs / 4);  // and share a word or more
  // Most of those tables are direct (one slot a stem, no probing).
  size_t sentences = 0, direct = 0;
  for (const auto& d : docs) {
    for (uint8_t shift : d.lcs_shift) ++sentences, direct += shift != link_internal::AlignDoc::kProbing;
  }
  EXPECT_GT(direct, sentences * 9 / 10);
}

// A sentence of 60 distinct words fits no direct table of at most 256 slots
// (its stems collide under every shift tried): it gets a probing table,
// which must give what the pairwise programme gives too.
TEST(LongestCommonSubsequence, ProbingTablesMatchThePairwiseProgramme) {
  std::string text;
  for (int w = 0; w < 60; ++w) text += (w ? " w" : "W") + std::to_string(1000 + w * 7) + "x";
  text += ".";
  Document doc;
  doc.id = "long";
  doc.text = text;
  const SegmentedText seg = Segment(doc.text, Clean(doc));
  const link_internal::AlignDoc b = link_internal::Prepare(doc.text, seg, LinkOptions());
  ASSERT_EQ(b.sentence_words.size(), 1u);
  ASSERT_EQ(b.sentence_words[0].second - b.sentence_words[0].first, 60u);
  ASSERT_EQ(b.lcs_shift[0], link_internal::AlignDoc::kProbing);
  const std::span<const uint64_t> y(b.stem.data(), 60);
  std::vector<uint64_t> x;
  for (size_t k = 0; k < 60; k += 3) x.push_back(y[k]);  // every third word, in order
  x.push_back(12345);                                     // and one word it does not have
  for (size_t k = 59; k > 40; k -= 4) x.push_back(y[k]);  // then some, backwards
  const size_t want = link_internal::LongestCommonSubsequence(x, y);
  EXPECT_EQ(want, 21u);
  EXPECT_EQ(link_internal::LcsWithTable(x, b, 0), want);
  EXPECT_EQ(link_internal::LcsWithTable(std::vector<uint64_t>(y.begin(), y.end()), b, 0), 60u);
}

TEST(SentenceSimilarity, IdenticalDisjointAndSymmetric) {
  auto tok = [](const std::string& s) { return Tokenize(s, {0, s.size()}); };
  std::string x = "Afghan authorities accused Pakistan of conducting airstrikes on Kabul.";
  std::string y = "Earlier in the week, Pakistan bombed both the capital Kabul and a market.";
  std::string z = "Shares rose sharply during early trading.";
  EXPECT_DOUBLE_EQ(SentenceSimilarity(tok(x), tok(x)), 1.0);
  EXPECT_EQ(SentenceSimilarity(tok(x), tok(z)), 0.0);
  EXPECT_DOUBLE_EQ(SentenceSimilarity(tok(x), tok(y)), SentenceSimilarity(tok(y), tok(x)));
  EXPECT_GT(SentenceSimilarity(tok(x), tok(y)), SentenceSimilarity(tok(x), tok(z)));
}

}  // namespace
}  // namespace crosscheck
