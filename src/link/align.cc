#include "link/align.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstddef>
#include <optional>
#include <span>

#include "base/lexicon.h"
#include "text/word_lists.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace crosscheck::link_internal {
namespace {

constexpr uint64_t kStemSeed = 0x6c696e6b2d737431ull;  // "link-st1"; never change
// Truncating a word to its first five letters is a stemmer nearly as good as
// Porter's for English matching, and costs one hash: "claimed" = "claims".
constexpr size_t kStemBytes = 5;
// An n-gram found more often than this in the pair (count in a x count in b)
// seeds nothing: a repeated phrase would make a quadratic number of matches.
constexpr size_t kMaxRepeats = 16;
// Longest quoted fragment looked up word for word (longer ones are passages).
constexpr size_t kMaxQuoteWords = 64;
// Longest sentence (in words) the word-order part of the score reads.
constexpr size_t kMaxLcsWords = 256;
// Sentence alignment counts shared stems in an a x b table up to this many
// sentence pairs (1 MB of counts), by postings lookups beyond.
constexpr size_t kMaxDenseSentencePairs = size_t{1} << 18;

uint64_t StemOf(const Token& t, uint64_t word_hash) {
  if (t.kind == TokenKind::kNumber) return word_hash;  // 2,600 is not 2,611
  return XXH3_64bits_withSeed(t.lower.data(), std::min(t.lower.size(), kStemBytes), kStemSeed);
}

// The role of a quotation mark in quotes.tsv: open, close or either; the
// single marks (‘ ’ and ', which the tokenizer folds ’ to) are left out
// because they are apostrophes too ("the soldiers' posts").
std::string_view QuoteRole(const Token& t) {
  if (t.kind != TokenKind::kPunct || t.lower == "'" || t.lower == "\xe2\x80\x98") return {};
  const Lexicon::Row* r = FindInList(t, WordList::kQuoteMarks);
  return r && !r->empty() ? std::string_view((*r)[0]) : std::string_view();
}

void FindQuotes(AlignDoc& d) {
  const auto& toks = d.seg->tokens;
  size_t word = 0, open_word = 0, paragraph = 0;
  bool open = false;
  for (const Sentence& s : d.seg->sentences) {
    if (s.paragraph != paragraph) open = false, paragraph = s.paragraph;  // quotes end with the paragraph
    for (size_t k = s.first_token; k < s.end_token; ++k) {
      if (toks[k].kind != TokenKind::kPunct) { ++word; continue; }
      std::string_view role = QuoteRole(toks[k]);
      if (role.empty()) continue;
      bool closes = open && (role == "close" || role == "either");
      if (closes && word > open_word) d.quotes.emplace_back(open_word, word);
      open = !closes && (role == "open" || role == "either");
      if (open) open_word = word;
    }
  }
}

// Calls fn(i, i2, j, j2) for each key found in both x and y (sorted by
// `key`), with x[i, i2) and y[j, j2) its runs, in key order, until fn
// returns false. The two sides advance without a branch between them: in
// a merge of hashes, which side is behind is a coin toss that a branch
// predictor loses half the time (the merges of seeds and of sentence stems
// were most of the link stage's time on templated releases).
// The sizes and data are read once: `fn` appends to vectors, which the
// compiler cannot tell from x and y, and would otherwise reload them at
// every step.
template <typename T, typename Key, typename Fn>
void ForEachSharedKey(const std::vector<T>& xs, const std::vector<T>& ys, Key key, Fn fn) {
  const T* x = xs.data();
  const T* y = ys.data();
  const size_t nx = xs.size(), ny = ys.size();
  size_t i = 0, j = 0;
  while (i < nx && j < ny) {
    const auto kx = key(x[i]), ky = key(y[j]);
    if (kx != ky) {
      i += kx < ky;
      j += ky < kx;
      continue;
    }
    size_t i2 = i + 1, j2 = j + 1;
    while (i2 < nx && key(x[i2]) == kx) ++i2;
    while (j2 < ny && key(y[j2]) == kx) ++j2;
    if (!fn(i, i2, j, j2)) return;
    i = i2, j = j2;
  }
}

}  // namespace

namespace {
std::vector<Gram> Grams(const Words& w, size_t n);
// The distinct content stems of the n words from `stem`, sorted; appended
// to `out` (each sentence's to one array: no vector a sentence).
void AppendContentSet(const uint64_t* stem, const uint8_t* content, size_t n, std::vector<uint64_t>& out);
std::vector<uint64_t> ContentSet(const uint64_t* stem, const uint8_t* content, size_t n);
void BuildLcsTables(AlignDoc& d, size_t sentences);
}  // namespace

AlignDoc Prepare(std::string_view text, const SegmentedText& seg, const LinkOptions& options) {
  Words words = WordsOf(seg);
  std::vector<uint64_t> shingles = ShingleSet(words, options.shingle_words);
  return Prepare(text, seg, options, std::move(words), std::move(shingles));
}

AlignDoc Prepare(std::string_view text, const SegmentedText& seg, const LinkOptions& options, Words words,
                 std::vector<uint64_t> shingles) {
  AlignDoc d;
  d.text = text;
  d.seg = &seg;
  d.words = std::move(words);
  const size_t n = d.words.size();
  d.stem.resize(n);
  d.sentence.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const Token& t = seg.tokens[d.words.token[i]];
    d.stem[i] = StemOf(t, d.words.hash[i]);
  }
  size_t w = 0;
  for (size_t s = 0; s < seg.sentences.size(); ++s) {
    const Sentence& sent = seg.sentences[s];
    while (w < n && d.words.token[w] < sent.first_token) ++w;
    size_t begin = w;
    while (w < n && d.words.token[w] < sent.end_token) d.sentence[w++] = static_cast<uint32_t>(s);
    d.sentence_words.emplace_back(static_cast<uint32_t>(begin), static_cast<uint32_t>(w));
  }
  FindQuotes(d);
  d.grams = Grams(d.words, options.seed_words);
  d.shingles = std::move(shingles);
  const size_t sentences = std::min(d.sentence_words.size(), options.max_sentences);
  d.content_begin.reserve(sentences + 1);
  // At most every word of those sentences, before the duplicates go; the
  // slack is given back below (MemoryBytes counts capacity).
  d.content_stems.reserve(sentences == 0 ? 0 : d.sentence_words[sentences - 1].second - d.sentence_words[0].first);
  for (size_t s = 0; s < sentences; ++s) {
    auto [w0, w1] = d.sentence_words[s];
    const size_t from = d.content_stems.size();
    d.content_begin.push_back(static_cast<uint32_t>(from));
    AppendContentSet(d.stem.data() + w0, d.words.content.data() + w0, w1 - w0, d.content_stems);
    for (size_t k = from; k < d.content_stems.size(); ++k) {
      d.postings.emplace_back(d.content_stems[k], static_cast<uint32_t>(s));
    }
  }
  d.content_begin.push_back(static_cast<uint32_t>(d.content_stems.size()));
  d.content_stems.shrink_to_fit();
  std::sort(d.postings.begin(), d.postings.end());
  BuildLcsTables(d, sentences);
  return d;
}

size_t AlignDoc::MemoryBytes() const {
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  return sizeof(AlignDoc) + bytes(words.token) + bytes(words.hash) + bytes(words.content) + bytes(stem) +
         bytes(sentence) + bytes(sentence_words) + bytes(quotes) + bytes(grams) + bytes(shingles) +
         bytes(content_begin) + bytes(content_stems) + bytes(postings) + bytes(lcs_slot_begin) +
         bytes(lcs_shift) + bytes(lcs_slots) + bytes(lcs_masks);
}

// ---------------------------------------------------------------------------
// Passages: seeds, maximal exact matches, chains, gap alignment, extension.

namespace {

std::vector<Gram> Grams(const Words& w, size_t n) {
  std::vector<Gram> g;
  if (w.size() < n || n == 0) return g;
  g.reserve(w.size() + 1 - n);
  for (size_t i = 0; i + n <= w.size(); ++i) {
    g.push_back({HashRun(&w.hash[i], n, kSeedSeed), static_cast<uint32_t>(i)});
  }
  std::sort(g.begin(), g.end());
  return g;
}

struct Match {
  uint32_t a, b;
};

// Word positions where the same seed n-gram starts in both documents.
// Into `out` (cleared first: the callers reuse one buffer per thread).
void SeedMatches(const AlignDoc& a, const AlignDoc& b, const LinkOptions& o, std::vector<Match>& out) {
  const std::vector<Gram>& ga = a.grams;
  const std::vector<Gram>& gb = b.grams;
  out.clear();
  if (o.max_seed_matches == 0) return;
  ForEachSharedKey(ga, gb, [](const Gram& g) { return g.hash; }, [&](size_t i, size_t i2, size_t j, size_t j2) {
    if ((i2 - i) * (j2 - j) <= kMaxRepeats) {
      for (size_t x = i; x < i2; ++x)
        for (size_t y = j; y < j2; ++y) out.push_back({ga[x].pos, gb[y].pos});
    }
    return out.size() < o.max_seed_matches;
  });
}

struct Mem {
  uint32_t a, b, len;  // words [a, a + len) equal words [b, b + len)
};

// Seeds on one diagonal at consecutive positions are one exact match; into
// `out` (cleared first). Sorts `m`.
void MaximalMatches(std::vector<Match>& m, size_t n, std::vector<Mem>& out) {
  std::sort(m.begin(), m.end(), [](Match x, Match y) {
    int64_t dx = int64_t{x.a} - x.b, dy = int64_t{y.a} - y.b;
    return dx != dy ? dx < dy : x.a < y.a;
  });
  out.clear();
  for (size_t i = 0; i < m.size();) {
    size_t j = i + 1;
    while (j < m.size() && m[j].a == m[j - 1].a + 1 && m[j].b == m[j - 1].b + 1) ++j;
    out.push_back({m[i].a, m[i].b, static_cast<uint32_t>(m[j - 1].a - m[i].a + n)});
    i = j;
  }
  std::sort(out.begin(), out.end(), [](Mem x, Mem y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
}

bool Same(const AlignDoc& a, size_t i, const AlignDoc& b, size_t j) { return a.stem[i] == b.stem[j]; }

// Longest common subsequence of a[a0, a1) and b[b0, b1) (stems); the gaps
// between seeds are at most max_gap_words long, so this stays small.
uint32_t Lcs(const AlignDoc& a, size_t a0, size_t a1, const AlignDoc& b, size_t b0, size_t b1) {
  if (a0 >= a1 || b0 >= b1) return 0;
  const size_t m = b1 - b0;
  // Two rows of the programme, on the stack for the usual short gap (one
  // pair of reports can have thousands of gaps: an allocation each cost more
  // than the programme).
  constexpr size_t kStackWords = 64;
  std::array<uint32_t, 2 * (kStackWords + 1)> stack;
  std::vector<uint32_t> heap;
  uint32_t* rows = stack.data();
  if (m > kStackWords) {
    heap.resize(2 * (m + 1));
    rows = heap.data();
  }
  uint32_t* prev = rows;
  uint32_t* cur = rows + m + 1;
  std::fill_n(rows, 2 * (m + 1), 0u);
  for (size_t i = a0; i < a1; ++i) {
    for (size_t j = 0; j < m; ++j) {
      cur[j + 1] = Same(a, i, b, b0 + j) ? prev[j] + 1 : std::max(prev[j + 1], cur[j]);
    }
    std::swap(prev, cur);
  }
  return prev[m];
}

// Extends a passage end while words keep matching (+1) more than not (-1),
// X-drop style: stops once the score falls `drop` below its best and keeps
// the best point. `step` is +1 (rightwards) or -1 (leftwards). Extension
// stays in the sentences the passage ends in: a word matched across a full
// stop ("provinces. He") is chance, not copying.
std::pair<uint32_t, uint32_t> Extend(const AlignDoc& a, int64_t i, const AlignDoc& b, int64_t j, int step,
                                     int drop) {
  int score = 0, best = 0;
  uint32_t len = 0, best_len = 0, matched = 0, best_matched = 0;
  const int64_t na = static_cast<int64_t>(a.words.size()), nb = static_cast<int64_t>(b.words.size());
  if (i - step < 0 || j - step < 0 || i - step >= na || j - step >= nb) return {0, 0};
  const uint32_t sa = a.sentence[static_cast<size_t>(i - step)], sb = b.sentence[static_cast<size_t>(j - step)];
  for (; i >= 0 && j >= 0 && i < na && j < nb; i += step, j += step) {
    if (a.sentence[static_cast<size_t>(i)] != sa || b.sentence[static_cast<size_t>(j)] != sb) break;
    bool same = Same(a, static_cast<size_t>(i), b, static_cast<size_t>(j));
    score += same ? 1 : -1;
    matched += same, ++len;
    if (score > best) best = score, best_len = len, best_matched = matched;
    if (score <= best - drop) break;
  }
  return {best_len, best_matched};
}

// A chain of matches: its matches are links of Chains::mems, from `head`
// along Chains::next (one pool per pair, not a vector per chain: most
// chains hold one match).
struct Chain {
  uint32_t head = 0, tail = 0;
  uint32_t a_end = 0, b_end = 0;
};
constexpr uint32_t kChainEnd = UINT32_MAX;

struct Chains {
  std::vector<Mem> mems;
  std::vector<uint32_t> next;  // per entry of mems: the chain's next, or kChainEnd
  std::vector<Chain> list;     // in the order they were closed
  std::vector<Chain> open;     // ChainMatches's working set
  void Clear() {
    mems.clear(), next.clear(), list.clear(), open.clear();
  }
  uint32_t Push(Mem m) {
    mems.push_back(m);
    next.push_back(kChainEnd);
    return static_cast<uint32_t>(mems.size() - 1);
  }
};

// Joins matches in order, each to the open chain ending closest before it
// within max_gap_words in both documents; overlapping starts are trimmed.
// Into `out` (cleared first).
void ChainMatches(const std::vector<Mem>& mems, size_t max_gap, Chains& out) {
  out.Clear();
  out.mems.reserve(mems.size()), out.next.reserve(mems.size());
  std::vector<Chain>& done = out.list;
  std::vector<Chain>& open = out.open;
  for (Mem m : mems) {
    // Chains that can no longer grow are closed.
    for (size_t k = 0; k < open.size();) {
      if (open[k].a_end + max_gap < m.a) done.push_back(open[k]), open.erase(open.begin() + static_cast<std::ptrdiff_t>(k));
      else ++k;
    }
    Chain* best = nullptr;
    Mem best_m{};
    size_t best_gap = SIZE_MAX;
    for (Chain& c : open) {
      uint32_t trim = std::max({c.a_end > m.a ? c.a_end - m.a : 0u, c.b_end > m.b ? c.b_end - m.b : 0u});
      if (trim >= m.len || m.b + trim < c.b_end) continue;
      Mem t{m.a + trim, m.b + trim, m.len - trim};
      if (t.b < c.b_end) continue;
      size_t gap = (t.a - c.a_end) + (t.b - c.b_end);
      if (t.a - c.a_end > max_gap || t.b - c.b_end > max_gap || gap >= best_gap) continue;
      best = &c, best_m = t, best_gap = gap;
    }
    if (!best) {
      const uint32_t k = out.Push(m);
      open.push_back({k, k, m.a + m.len, m.b + m.len});
      continue;
    }
    const uint32_t k = out.Push(best_m);
    out.next[best->tail] = k;
    best->tail = k;
    best->a_end = best_m.a + best_m.len, best->b_end = best_m.b + best_m.len;
  }
  for (const Chain& c : open) done.push_back(c);
}

// A passage that ends (or starts) with one or two words of another sentence
// ("... Paktika provinces. He") matched them by chance: they are cut off.
constexpr uint32_t kMinSentenceTail = 3;

uint32_t MatchesIn(const AlignDoc& a, uint32_t i0, const AlignDoc& b, uint32_t j0, uint32_t n) {
  uint32_t m = 0;
  for (uint32_t k = 0; k < n; ++k) m += Same(a, i0 + k, b, j0 + k);
  return m;
}

void TrimSentenceTails(const AlignDoc& a, const AlignDoc& b, WordPassage& p) {
  auto tail = [&](const AlignDoc& d, uint32_t w0, uint32_t w1) {  // words in the last sentence
    uint32_t n = 0;
    while (w1 - n > w0 && d.sentence[w1 - n - 1] == d.sentence[w1 - 1]) ++n;
    return n;
  };
  auto head = [&](const AlignDoc& d, uint32_t w0, uint32_t w1) {  // words in the first sentence
    uint32_t n = 0;
    while (w0 + n < w1 && d.sentence[w0 + n] == d.sentence[w0]) ++n;
    return n;
  };
  uint32_t ta = tail(a, p.a0, p.a1), tb = tail(b, p.b0, p.b1);
  uint32_t cut = std::max(ta < p.a1 - p.a0 && ta < kMinSentenceTail ? ta : 0, tb < p.b1 - p.b0 && tb < kMinSentenceTail ? tb : 0);
  if (cut > 0 && cut < std::min(p.a1 - p.a0, p.b1 - p.b0)) {
    p.matched -= std::min(p.matched, MatchesIn(a, p.a1 - cut, b, p.b1 - cut, cut));
    p.a1 -= cut, p.b1 -= cut;
  }
  uint32_t ha = head(a, p.a0, p.a1), hb = head(b, p.b0, p.b1);
  cut = std::max(ha < p.a1 - p.a0 && ha < kMinSentenceTail ? ha : 0, hb < p.b1 - p.b0 && hb < kMinSentenceTail ? hb : 0);
  if (cut > 0 && cut < std::min(p.a1 - p.a0, p.b1 - p.b0)) {
    p.matched -= std::min(p.matched, MatchesIn(a, p.a0, b, p.b0, cut));
    p.a0 += cut, p.b0 += cut;
  }
}

// The passage a chain makes, without its anchors (most chains make no
// passage: AnchorsOf adds them to those that do).
WordPassage FromChain(const AlignDoc& a, const AlignDoc& b, const Chains& chains, const Chain& c,
                      const LinkOptions& o) {
  WordPassage p;
  const Mem& first = chains.mems[c.head];
  p.a0 = first.a, p.b0 = first.b, p.a1 = c.a_end, p.b1 = c.b_end;
  uint32_t a_end = first.a, b_end = first.b;
  for (uint32_t k = c.head; k != kChainEnd; k = chains.next[k]) {
    const Mem& m = chains.mems[k];
    p.matched += Lcs(a, a_end, m.a, b, b_end, m.b) + m.len;
    a_end = m.a + m.len, b_end = m.b + m.len;
  }
  auto [left, left_matched] = Extend(a, int64_t{p.a0} - 1, b, int64_t{p.b0} - 1, -1, o.extend_drop);
  auto [right, right_matched] = Extend(a, p.a1, b, p.b1, +1, o.extend_drop);
  p.a0 -= left, p.b0 -= left, p.a1 += right, p.b1 += right;
  p.matched += left_matched + right_matched;
  TrimSentenceTails(a, b, p);
  return p;
}

// The ends of the chain's seeds that lie within the passage p made of it.
void AnchorsOf(const Chains& chains, const Chain& c, WordPassage& p) {
  auto inside = [&](uint32_t i, uint32_t j) { return i >= p.a0 && i < p.a1 && j >= p.b0 && j < p.b1; };
  size_t most = 0;
  for (uint32_t k = c.head; k != kChainEnd; k = chains.next[k]) most += 2;
  p.anchors.reserve(most);
  for (uint32_t k = c.head; k != kChainEnd; k = chains.next[k]) {
    const Mem& m = chains.mems[k];
    if (inside(m.a, m.b)) p.anchors.emplace_back(m.a, m.b);
    if (inside(m.a + m.len - 1, m.b + m.len - 1)) p.anchors.emplace_back(m.a + m.len - 1, m.b + m.len - 1);
  }
}

double PassageSimilarity(const WordPassage& p) {
  uint32_t words = (p.a1 - p.a0) + (p.b1 - p.b0);
  return words ? 2.0 * p.matched / words : 0.0;
}

bool Overlaps(uint32_t x0, uint32_t x1, uint32_t y0, uint32_t y1) { return x0 < y1 && y0 < x1; }

bool OverlapsAny(const WordPassage& p, const std::vector<WordPassage>& kept) {
  for (const WordPassage& k : kept) {
    if (Overlaps(p.a0, p.a1, k.a0, k.a1) || Overlaps(p.b0, p.b1, k.b0, k.b1)) return true;
  }
  return false;
}

}  // namespace

std::vector<WordPassage> FindPassages(const AlignDoc& a, const AlignDoc& b, const LinkOptions& o) {
  // Per thread, reused from pair to pair: a pair of templated releases has
  // thousands of seeds, and growing these afresh for each pair cost more
  // than chaining them.
  thread_local std::vector<Match> seeds;
  thread_local std::vector<Mem> mems;
  thread_local Chains chains;
  thread_local std::vector<WordPassage> found;
  SeedMatches(a, b, o, seeds);
  MaximalMatches(seeds, o.seed_words, mems);
  found.clear();
  ChainMatches(mems, o.max_gap_words, chains);
  for (const Chain& c : chains.list) {
    WordPassage p = FromChain(a, b, chains, c, o);
    if (p.matched >= o.min_passage_words && PassageSimilarity(p) >= o.min_passage_similarity) {
      AnchorsOf(chains, c, p);
      found.push_back(std::move(p));
    }
  }
  // Repeated phrases give overlapping passages: the longest wins.
  std::sort(found.begin(), found.end(), [](const WordPassage& x, const WordPassage& y) { return x.matched > y.matched; });
  std::vector<WordPassage> kept;
  kept.reserve(found.size());
  for (WordPassage& p : found) {
    if (!OverlapsAny(p, kept)) kept.push_back(std::move(p));
  }
  std::sort(kept.begin(), kept.end(), [](const WordPassage& x, const WordPassage& y) { return x.a0 < y.a0; });
  return kept;
}

// ---------------------------------------------------------------------------
// Shared quotations.

namespace {

// Where the words [q0, q1) of `from` first occur in `in`, or -1. A run of
// at least seed_words words starts one of in's seed n-grams with the hash of
// its first seed_words words (in.grams, sorted by hash, then position), so
// only those positions are compared; a shorter run is looked for word by word.
int64_t FindRun(const AlignDoc& from, uint32_t q0, uint32_t q1, const AlignDoc& in, size_t seed_words) {
  const size_t n = q1 - q0, m = in.words.size();
  if (seed_words > 0 && n >= seed_words) {
    const uint64_t h = HashRun(&from.words.hash[q0], seed_words, kSeedSeed);
    auto it = std::lower_bound(in.grams.begin(), in.grams.end(), Gram{h, 0});
    for (; it != in.grams.end() && it->hash == h; ++it) {
      const size_t j = it->pos;
      if (j + n <= m && std::equal(&from.words.hash[q0], &from.words.hash[q0] + n, &in.words.hash[j])) {
        return static_cast<int64_t>(j);
      }
    }
    return -1;
  }
  for (size_t j = 0; j + n <= m; ++j) {
    size_t k = 0;
    while (k < n && in.words.hash[j + k] == from.words.hash[q0 + k]) ++k;
    if (k == n) return static_cast<int64_t>(j);
  }
  return -1;
}

// Appends to `found` those not overlapping `passages` or what it holds already.
void QuotesOf(const AlignDoc& from, const AlignDoc& in, bool from_is_a, const LinkOptions& o,
              const std::vector<WordPassage>& passages, std::vector<WordPassage>& found) {
  for (auto [q0, q1] : from.quotes) {
    if (q1 - q0 < o.min_quote_words || q1 - q0 > kMaxQuoteWords) continue;
    int64_t at = FindRun(from, q0, q1, in, o.seed_words);
    if (at < 0) continue;
    uint32_t j = static_cast<uint32_t>(at), len = q1 - q0;
    WordPassage p;
    p.quote = true;
    p.matched = len;
    if (from_is_a) p.a0 = q0, p.a1 = q1, p.b0 = j, p.b1 = j + len;
    else p.a0 = j, p.a1 = j + len, p.b0 = q0, p.b1 = q1;
    if (OverlapsAny(p, passages) || OverlapsAny(p, found)) continue;
    p.anchors.emplace_back(p.a0, p.b0);
    found.push_back(std::move(p));
  }
}

}  // namespace

std::vector<WordPassage> SharedQuotes(const AlignDoc& a, const AlignDoc& b,
                                      const std::vector<WordPassage>& passages, const LinkOptions& o) {
  std::vector<WordPassage> found;
  QuotesOf(a, b, true, o, passages, found);
  QuotesOf(b, a, false, o, passages, found);
  return found;
}

// ---------------------------------------------------------------------------
// Sentences.

namespace {

struct View {
  const uint64_t* stem;
  const uint8_t* content;
  size_t n;
};

void AppendContentSet(const uint64_t* stem, const uint8_t* content, size_t n, std::vector<uint64_t>& out) {
  const size_t from = out.size();
  for (size_t i = 0; i < n; ++i) {
    if (content[i]) out.push_back(stem[i]);
  }
  std::sort(out.begin() + static_cast<ptrdiff_t>(from), out.end());
  out.erase(std::unique(out.begin() + static_cast<ptrdiff_t>(from), out.end()), out.end());
}

std::vector<uint64_t> ContentSet(const uint64_t* stem, const uint8_t* content, size_t n) {
  std::vector<uint64_t> s;
  AppendContentSet(stem, content, n, s);
  return s;
}

std::vector<uint64_t> ContentSet(View v) { return ContentSet(v.stem, v.content, v.n); }

size_t Intersection(std::span<const uint64_t> x, std::span<const uint64_t> y) {
  size_t i = 0, j = 0, n = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i] < y[j]) ++i;
    else if (y[j] < x[i]) ++j;
    else ++n, ++i, ++j;
  }
  return n;
}

}  // namespace

// A common prefix and suffix are part of some longest common subsequence,
// so only the words between them need the table: a copied sentence (the
// common case between linked reports) costs one pass. The table is computed
// bit-parallel (Hyyro 2004): a column of the dynamic programme is a bit
// vector over y's words (at most kMaxLcsWords = 4 x 64), one add per word of x.
// The match mask of an x word is found through a small open-addressing table
// over y's distinct stems (stems are hashes: their low bits pick the slot),
// built on the stack for each pair: no sort, one probe a word.
size_t LongestCommonSubsequence(std::span<const uint64_t> xs, std::span<const uint64_t> ys) {
  const uint64_t* x = xs.data();
  const uint64_t* y = ys.data();
  size_t n = std::min(xs.size(), kMaxLcsWords), m = std::min(ys.size(), kMaxLcsWords);
  size_t p = 0;
  while (p < n && p < m && x[p] == y[p]) ++p;
  size_t ends = p;
  while (n > p && m > p && x[n - 1] == y[m - 1]) --n, --m, ++ends;
  if (n == p || m == p) return ends;
  constexpr size_t kWords = (kMaxLcsWords + 63) / 64;
  constexpr size_t kSlots = 2 * kMaxLcsWords;  // at most half full
  const size_t ny = m - p, words = (ny + 63) / 64;
  size_t slots = 16;
  while (slots < 2 * ny) slots *= 2;
  const size_t mask = slots - 1;
  // slot -> 1 + index of a distinct stem of y; 0 = empty.
  std::array<uint16_t, kSlots> slot;
  std::fill_n(slot.begin(), slots, uint16_t{0});
  // Per distinct stem of y (left uninitialised: only [0, distinct) is
  // read): the stem, and its match mask over y's words, `words` words long.
  std::array<uint64_t, kMaxLcsWords> stem;
  std::array<uint64_t, kMaxLcsWords * kWords> bits;
  size_t distinct = 0;
  for (size_t j = 0; j < ny; ++j) {
    const uint64_t s = y[p + j];
    size_t h = static_cast<size_t>(s) & mask;
    while (slot[h] != 0 && stem[slot[h] - 1u] != s) h = (h + 1) & mask;
    if (slot[h] == 0) {
      stem[distinct] = s;
      std::fill_n(bits.begin() + static_cast<std::ptrdiff_t>(distinct * words), words, uint64_t{0});
      slot[h] = static_cast<uint16_t>(++distinct);
    }
    bits[(slot[h] - 1u) * words + j / 64] |= uint64_t{1} << (j % 64);
  }
  std::array<uint64_t, kWords> v;
  v.fill(~uint64_t{0});
  for (size_t i = p; i < n; ++i) {
    size_t h = static_cast<size_t>(x[i]) & mask;
    while (slot[h] != 0 && stem[slot[h] - 1u] != x[i]) h = (h + 1) & mask;
    if (slot[h] == 0) continue;  // no match: the column is unchanged
    const uint64_t* b = &bits[(slot[h] - 1u) * words];
    uint64_t carry = 0;
    for (size_t w = 0; w < words; ++w) {
      const uint64_t u = v[w] & b[w];
      const uint64_t sum = v[w] + u + carry;
      carry = (sum < v[w] || (carry && sum == v[w])) ? 1 : 0;
      v[w] = sum | (v[w] & ~u);  // (V + U) | (V - U); U is a subset of V
    }
  }
  // Zeros among the column's first ny bits (carries may set bits above them).
  size_t zeros = 0;
  for (size_t w = 0; w < words; ++w) {
    const size_t used = std::min<size_t>(64, ny - 64 * w);
    const uint64_t valid = used == 64 ? ~uint64_t{0} : (uint64_t{1} << used) - 1;
    zeros += static_cast<size_t>(std::popcount(~v[w] & valid));
  }
  return ends + zeros;
}

namespace {

// Sentences up to this many words get a prepared LCS table (one mask word).
constexpr size_t kMaxTableWords = 64;

// The slot of `stem` in a sentence's table of `slots` (a power of two)
// slots, or of the empty slot where it would go; `y` is the sentence's stems.
size_t Probe(const uint8_t* slot, size_t slots, const uint64_t* y, uint64_t stem) {
  const size_t mask = slots - 1;
  size_t h = static_cast<size_t>(stem) & mask;
  while (slot[h] != 0 && y[slot[h] - 1u] != stem) h = (h + 1) & mask;
  return h;
}

// A direct table: the slot of a stem is (stem >> shift) & (slots - 1),
// and no two distinct stems of the sentence share one, so a lookup reads
// one slot and never probes (below). Tries the smallest table first, then
// other bits of the stems, then larger tables; false when every choice up
// to kMaxDirectSlots collides (then the sentence gets a probing table).
constexpr size_t kMaxDirectSlots = 256;
constexpr size_t kStemShifts = 8;  // bits 0, 8, ..., 56 of the stem

bool PlaceDirect(const uint64_t* y, size_t n, size_t slots, unsigned shift, uint8_t* slot) {
  std::fill_n(slot, slots, uint8_t{0});
  for (size_t j = 0; j < n; ++j) {
    uint8_t& k = slot[(y[j] >> shift) & (slots - 1)];
    if (k == 0) k = static_cast<uint8_t>(j + 1);
    else if (y[k - 1u] != y[j]) return false;
  }
  return true;
}

void BuildLcsTables(AlignDoc& d, size_t sentences) {
  d.lcs_slot_begin.assign(1, 0);
  d.lcs_shift.assign(sentences, AlignDoc::kProbing);
  d.lcs_masks.assign(d.words.size(), 0);
  std::array<uint8_t, kMaxDirectSlots> scratch;
  for (size_t s = 0; s < sentences; ++s) {
    const auto [w0, w1] = d.sentence_words[s];
    const size_t n = w1 - w0;
    const uint64_t* y = d.stem.data() + w0;
    if (n > 0 && n <= kMaxTableWords) {
      size_t slots = 16;
      while (slots < 2 * n) slots *= 2;
      for (size_t size = slots; size <= kMaxDirectSlots && d.lcs_shift[s] == AlignDoc::kProbing; size *= 2) {
        for (unsigned shift = 0; shift < 8 * kStemShifts; shift += 8) {
          if (!PlaceDirect(y, n, size, shift, scratch.data())) continue;
          d.lcs_shift[s] = static_cast<uint8_t>(shift);
          d.lcs_slots.insert(d.lcs_slots.end(), scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(size));
          break;
        }
      }
      if (d.lcs_shift[s] == AlignDoc::kProbing) {
        const size_t first_slot = d.lcs_slots.size();
        d.lcs_slots.resize(first_slot + slots, 0);
        uint8_t* slot = &d.lcs_slots[first_slot];
        for (size_t j = 0; j < n; ++j) {
          const size_t h = Probe(slot, slots, y, y[j]);
          if (slot[h] == 0) slot[h] = static_cast<uint8_t>(j + 1);
        }
      }
      // Each word's stem's match mask, at the stem's first occurrence.
      const uint8_t* slot = &d.lcs_slots[d.lcs_slot_begin.back()];
      const size_t table = d.lcs_slots.size() - d.lcs_slot_begin.back();
      for (size_t j = 0; j < n; ++j) {
        const size_t h = d.lcs_shift[s] == AlignDoc::kProbing ? Probe(slot, table, y, y[j])
                                                              : (y[j] >> d.lcs_shift[s]) & (table - 1);
        d.lcs_masks[w0 + slot[h] - 1u] |= uint64_t{1} << j;
      }
    }
    d.lcs_slot_begin.push_back(static_cast<uint32_t>(d.lcs_slots.size()));
  }
}

}  // namespace

// The same bit-parallel programme as LongestCommonSubsequence on the words
// between the common prefix and suffix, a table mask shifted to them.
size_t LcsWithTable(std::span<const uint64_t> xs, const AlignDoc& b, size_t t) {
  const auto [w0, w1] = b.sentence_words[t];
  const size_t slots = b.lcs_slot_begin[t + 1] - b.lcs_slot_begin[t];
  if (slots == 0) return LongestCommonSubsequence(xs, {b.stem.data() + w0, w1 - w0});
  const uint64_t* x = xs.data();
  const uint64_t* y = b.stem.data() + w0;
  size_t n = std::min(xs.size(), kMaxLcsWords), m = w1 - w0;  // m <= kMaxTableWords
  size_t p = 0;
  while (p < n && p < m && x[p] == y[p]) ++p;
  size_t ends = p;
  while (n > p && m > p && x[n - 1] == y[m - 1]) --n, --m, ++ends;
  if (n == p || m == p) return ends;
  const uint8_t* slot = &b.lcs_slots[b.lcs_slot_begin[t]];
  const uint64_t* masks = &b.lcs_masks[w0];
  const size_t used = m - p;
  const uint64_t valid = used == 64 ? ~uint64_t{0} : (uint64_t{1} << used) - 1;
  uint64_t v = ~uint64_t{0};
  const unsigned shift = b.lcs_shift[t];
  if (shift == AlignDoc::kProbing) {
    for (size_t i = p; i < n; ++i) {
      const size_t h = Probe(slot, slots, y, x[i]);
      if (slot[h] == 0) continue;  // no match: the column is unchanged
      const uint64_t u = v & (masks[slot[h] - 1u] >> p) & valid;
      v = (v + u) | (v & ~u);
    }
  } else {
    // One slot a word and no branch on whether it matches (which real text
    // makes a coin toss): a miss reads the first word's mask and clears it.
    for (size_t i = p; i < n; ++i) {
      const uint32_t k = slot[(x[i] >> shift) & (slots - 1)];
      const size_t at = k - (k != 0);
      const uint64_t hit = uint64_t{0} - static_cast<uint64_t>((k != 0) & (y[at] == x[i]));
      const uint64_t u = v & ((masks[at] & hit) >> p) & valid;
      v = (v + u) | (v & ~u);
    }
  }
  return ends + static_cast<size_t>(std::popcount(~v & valid));
}

namespace {

size_t LcsLength(View x, View y) { return LongestCommonSubsequence({x.stem, x.n}, {y.stem, y.n}); }

// The Dice half of the score, and whether the whole can reach `at_least`.
struct Bound {
  double dice = 0;
  bool possible = false;
};

// `shared` is |cx ∩ cy| (the content sets' size only is read).
Bound ScoreBound(View x, View y, std::span<const uint64_t> cx, std::span<const uint64_t> cy, size_t shared,
                 double at_least) {
  Bound b;
  b.dice = cx.empty() && cy.empty() ? 0.0 : 2.0 * shared / static_cast<double>(cx.size() + cy.size());
  size_t nx = std::min(x.n, kMaxLcsWords), ny = std::min(y.n, kMaxLcsWords);
  double most_order = nx + ny == 0 ? 0.0 : 2.0 * std::min(nx, ny) / static_cast<double>(nx + ny);
  b.possible = 0.5 * b.dice + 0.5 * most_order >= at_least;
  return b;
}

// The score when ScoreBound found it possible.
// `lcs()` is LcsLength(x, y), asked only when the score needs it.
template <typename Lcs>
std::optional<double> ScoreGiven(View x, View y, double dice, double at_least, Lcs lcs) {
  size_t nx = std::min(x.n, kMaxLcsWords), ny = std::min(y.n, kMaxLcsWords);
  if (nx + ny == 0) return 0.5 * dice >= at_least ? std::optional<double>(0.5 * dice) : std::nullopt;
  double order = 2.0 * lcs() / static_cast<double>(nx + ny);
  double score = 0.5 * dice + 0.5 * order;
  if (score < at_least) return std::nullopt;
  return score;
}

std::optional<double> ScoreAtLeast(View x, View y, std::span<const uint64_t> cx, std::span<const uint64_t> cy,
                                   double at_least) {
  Bound b = ScoreBound(x, y, cx, cy, Intersection(cx, cy), at_least);
  if (!b.possible) return std::nullopt;
  return ScoreGiven(x, y, b.dice, at_least, [&] { return LcsLength(x, y); });
}

double Score(View x, View y) { return ScoreAtLeast(x, y, ContentSet(x), ContentSet(y), 0.0).value_or(0.0); }

View ViewOf(const AlignDoc& d, std::pair<uint32_t, uint32_t> r) {
  return {d.stem.data() + r.first, d.words.content.data() + r.first, r.second - r.first};
}

// Fenwick tree over b's sentences keeping the best chain ending at or before
// each one, so the in-order alignment costs O(pairs log sentences).
class BestPrefix {
 public:
  explicit BestPrefix(size_t n) : v_(n + 1, {0.0, -1}) {}
  void Update(size_t i, double value, int64_t at) {
    for (++i; i < v_.size(); i += i & (~i + 1)) {
      if (value > v_[i].first) v_[i] = {value, at};
    }
  }
  std::pair<double, int64_t> Before(size_t i) const {  // best over [0, i)
    std::pair<double, int64_t> best{0.0, -1};
    for (; i > 0; i -= i & (~i + 1)) {
      if (v_[i].first > best.first) best = v_[i];
    }
    return best;
  }

 private:
  std::vector<std::pair<double, int64_t>> v_;
};

// A sentence's content set, from the prepared document.
std::span<const uint64_t> ContentOf(const AlignDoc& d, size_t s) {
  return {d.content_stems.data() + d.content_begin[s], d.content_begin[s + 1] - d.content_begin[s]};
}

// Into `pairs` (cleared first: the callers reuse one buffer per thread).
void CandidatePairs(const AlignDoc& a, const AlignDoc& b, const LinkOptions& o, size_t min_pairs,
                    std::vector<SentencePair>& pairs) {
  // Prepared under the same options: the first max_sentences sentences have content sets.
  const size_t na = std::min(a.sentence_words.size(), o.max_sentences);
  const size_t nb = std::min(b.sentence_words.size(), o.max_sentences);
  assert(a.content_begin.size() == na + 1 && b.content_begin.size() == nb + 1);
  // b.postings: content stem -> b sentences containing it.
  // First the pairs whose score could reach the threshold (Dice and lengths
  // only), then the word-order half of those: the LCS costs most.
  struct Possible {
    uint32_t a, b;
    double dice;
  };
  // Per thread, reused from pair to pair (as FindPassages's buffers).
  thread_local std::vector<Possible> possible;
  thread_local std::vector<uint32_t> shared, touched;
  thread_local std::vector<uint8_t> in_b;
  possible.clear();
  pairs.clear();
  // `shared`: content stems the two sentences have in common, as counted
  // below (the postings hold each sentence's distinct stems once).
  auto consider = [&](size_t s, uint32_t t, size_t shared) {
    Bound bound = ScoreBound(ViewOf(a, a.sentence_words[s]), ViewOf(b, b.sentence_words[t]), ContentOf(a, s),
                             ContentOf(b, t), shared, o.min_sentence_similarity);
    if (bound.possible) possible.push_back({static_cast<uint32_t>(s), t, bound.dice});
  };
  if (na * nb <= kMaxDenseSentencePairs) {
    // Stems in common per sentence pair, by one merge of the two documents'
    // (stem, sentence) postings: the same pairs as the lookups below, in
    // another order, which the alignment does not depend on.
    shared.assign(na * nb, 0);
    ForEachSharedKey(a.postings, b.postings, [](const auto& p) { return p.first; },
                     [&](size_t i, size_t i2, size_t j, size_t j2) {
                       for (size_t x = i; x < i2; ++x) {
                         uint32_t* row = &shared[a.postings[x].second * nb];
                         for (size_t y = j; y < j2; ++y) ++row[b.postings[y].second];
                       }
                       return true;
                     });
    for (size_t s = 0; s < na; ++s) {
      for (size_t t = 0; t < nb; ++t) {
        if (shared[s * nb + t] >= 2) consider(s, static_cast<uint32_t>(t), shared[s * nb + t]);
      }
    }
  } else {
    shared.assign(nb, 0);
    touched.clear();
    for (size_t s = 0; s < na; ++s) {
      const std::span<const uint64_t> content_a = ContentOf(a, s);
      for (uint64_t h : content_a) {
        auto it = std::lower_bound(b.postings.begin(), b.postings.end(), std::make_pair(h, uint32_t{0}));
        for (; it != b.postings.end() && it->first == h; ++it) {
          if (shared[it->second]++ == 0) touched.push_back(it->second);
        }
      }
      for (uint32_t t : touched) {
        // Two content words in common before the full score is worth computing.
        if (shared[t] >= 2) consider(s, t, shared[t]);
        shared[t] = 0;
      }
      touched.clear();
    }
  }
  if (min_pairs > 0) {  // an alignment of min_pairs needs that many sentences on each side
    in_b.assign(nb, 0);
    size_t sentences_a = 0, sentences_b = 0;
    for (size_t k = 0; k < possible.size(); ++k) {
      sentences_a += k == 0 || possible[k].a != possible[k - 1].a;
      sentences_b += in_b[possible[k].b] == 0;
      in_b[possible[k].b] = 1;
    }
    if (sentences_a < min_pairs || sentences_b < min_pairs) return;
  }
  for (const Possible& p : possible) {
    const View x = ViewOf(a, a.sentence_words[p.a]);
    std::optional<double> sim = ScoreGiven(x, ViewOf(b, b.sentence_words[p.b]), p.dice, o.min_sentence_similarity,
                                           [&] { return LcsWithTable({x.stem, x.n}, b, p.b); });
    if (sim) pairs.push_back({p.a, p.b, *sim});
  }
}

}  // namespace

std::vector<SentencePair> AlignSentences(const AlignDoc& a, const AlignDoc& b, const LinkOptions& o,
                                         size_t min_pairs) {
  thread_local std::vector<SentencePair> pairs;
  CandidatePairs(a, b, o, min_pairs, pairs);
  // Pairs of one a-sentence are visited by decreasing b so they never chain
  // with each other: the alignment is one-to-one and in order.
  std::sort(pairs.begin(), pairs.end(), [](const SentencePair& x, const SentencePair& y) {
    return x.a != y.a ? x.a < y.a : x.b > y.b;
  });
  BestPrefix best(std::min(b.sentence_words.size(), o.max_sentences));
  thread_local std::vector<double> total;
  thread_local std::vector<int64_t> from;
  total.assign(pairs.size(), 0.0);
  from.assign(pairs.size(), 0);
  int64_t end = -1;
  for (size_t k = 0; k < pairs.size(); ++k) {
    auto [score, prev] = best.Before(pairs[k].b);
    total[k] = score + pairs[k].similarity;
    from[k] = prev;
    best.Update(pairs[k].b, total[k], static_cast<int64_t>(k));
    if (end < 0 || total[k] > total[static_cast<size_t>(end)]) end = static_cast<int64_t>(k);
  }
  size_t chained = 0;
  for (int64_t k = end; k >= 0; k = from[static_cast<size_t>(k)]) ++chained;
  std::vector<SentencePair> out(chained);
  for (int64_t k = end; k >= 0; k = from[static_cast<size_t>(k)]) out[--chained] = pairs[static_cast<size_t>(k)];
  return out;
}

double SentenceScore(const AlignDoc& a, std::pair<uint32_t, uint32_t> ra, const AlignDoc& b,
                     std::pair<uint32_t, uint32_t> rb) {
  return Score(ViewOf(a, ra), ViewOf(b, rb));
}

}  // namespace crosscheck::link_internal

namespace crosscheck {

double SentenceSimilarity(const std::vector<Token>& x, const std::vector<Token>& y) {
  SegmentedText sx, sy;
  sx.tokens = x, sy.tokens = y;
  sx.sentences.push_back({{}, 0, x.size(), 1, false});
  sy.sentences.push_back({{}, 0, y.size(), 1, false});
  const LinkOptions options;
  link_internal::AlignDoc dx = link_internal::Prepare({}, sx, options), dy = link_internal::Prepare({}, sy, options);
  return link_internal::SentenceScore(dx, {0, static_cast<uint32_t>(dx.words.size())}, dy,
                                      {0, static_cast<uint32_t>(dy.words.size())});
}

}  // namespace crosscheck
