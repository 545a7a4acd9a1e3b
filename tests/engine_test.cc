// Engine (report/engine.h): reports added in batches give exactly what one
// Analyze() of all of them gives, with earlier reports re-read only when a
// later one changes a person they depend on; a resumed engine continues as
// the original would.
#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>
#include <set>
#include <string>

#include "clean/cleaner.h"
#include "entity/attach.h"
#include "report/engine.h"
#include "report/report.h"
#include "test_util.h"
#include "text/segment.h"

namespace crosscheck {
namespace {

using testing::Doc;
using testing::FullNameReport;
using testing::SourcePath;
using testing::SurnameOnlyReport;

std::vector<Document> Slice(const std::vector<Document>& docs, size_t begin, size_t end) {
  return {docs.begin() + begin, docs.begin() + end};
}

std::vector<Document> Seeds() {
  IngestResult in = ReadInputs({SourcePath("examples/border-clash")}, {});
  EXPECT_EQ(in.documents.size(), 5u);
  return in.documents;
}

// The JSON of Analyze over `docs`, and of an engine given them in `batches`
// adds of about equal size.
void ExpectBatchesGiveAnalyze(const std::vector<Document>& docs, size_t batches, size_t threads) {
  AnalyzeOptions options;
  options.threads = threads;
  const std::string whole = ToJson(Analyze(docs, options));
  Engine engine(options);
  for (size_t b = 0; b < batches; ++b) {
    engine.Add(Slice(docs, docs.size() * b / batches, docs.size() * (b + 1) / batches));
  }
  EXPECT_TRUE(crosscheck::testing::SameText(ToJson(engine.Snapshot()), whole)) << batches << " batches, " << threads << " threads";
}

TEST(Engine, SeedsInTwoAddsGiveTheBatchJsonAtEverySplit) {
  const std::vector<Document> docs = Seeds();
  const std::string whole = ToJson(Analyze(docs));
  for (size_t split = 1; split < docs.size(); ++split) {
    Engine engine;
    engine.Add(Slice(docs, 0, split));
    engine.Add(Slice(docs, split, docs.size()));
    EXPECT_TRUE(crosscheck::testing::SameText(ToJson(engine.Snapshot()), whole)) << "split at " << split;
    EXPECT_EQ(engine.changed().back(), docs.size() - 1);
  }
}

// Learn keeps the first reports' tokens as they are and the rest encoded
// (within a budget); the Adds that bring them take the one or decode the
// other: the results are the same whichever, and the same as one Analyze's.
TEST(Engine, LearnedTokensKeptOrDecodedGiveTheSameResults) {
  const std::vector<Document> docs = Seeds();
  const std::string whole = ToJson(Analyze(docs));
  // None kept, the first report's alone (the engine's estimate, TokenRoom),
  // and all of them.
  const size_t first = TokenRoom(docs[0].text.size()) * sizeof(Token);
  const std::vector<std::pair<size_t, size_t>> budgets = {{0, 0}, {first, 1}, {size_t{1} << 30, docs.size()}};
  for (const auto& [budget, kept] : budgets) {
    Engine engine;
    engine_internal::SetPreviewTokenBudget(engine, budget);
    engine.Learn(docs);
    EXPECT_EQ(engine_internal::PreviewsWithTokens(engine), kept) << "budget " << budget;
    engine.Add(Slice(docs, 0, 2));
    EXPECT_EQ(engine_internal::PreviewsWithTokens(engine), kept > 2 ? kept - 2 : 0) << "budget " << budget;
    engine.Add(Slice(docs, 2, docs.size()));
    EXPECT_EQ(engine_internal::PreviewsWithTokens(engine), 0u);
    EXPECT_TRUE(crosscheck::testing::SameText(ToJson(engine.Snapshot()), whole)) << "budget " << budget;
  }
  // A second Learn counts more pages: the first one's reports will be read
  // again, and their kept tokens go at once.
  Engine engine;
  engine.Learn(Slice(docs, 0, 3));
  EXPECT_EQ(engine_internal::PreviewsWithTokens(engine), 3u);
  engine.Learn(Slice(docs, 3, docs.size()));
  EXPECT_EQ(engine_internal::PreviewsWithTokens(engine), 2u);
  engine.Add(docs);
  EXPECT_TRUE(crosscheck::testing::SameText(ToJson(engine.Snapshot()), whole));
}

// Learn cleans and segments the reports it announces and keeps that for
// the Adds that bring them, but only while the boilerplate counted for them
// is what it cleaned them with: an Add that brings more than was announced,
// or a second Learn, counts more pages, and a footer on three of an
// outlet's four pages becomes its template only then.
TEST(Engine, LearnedCleaningIsUsedOnlyWhileNothingMoreWasCounted) {
  std::vector<Document> docs;
  for (int i = 0; i < 4; ++i) {
    const std::string n = std::to_string(i + 2);
    const std::string footer = i < 3 ? "The Herald is printed in Ashford by Valley Print Works of Mill Lane.\n" : "";
    Document d = Doc("herald-" + n, "Officials in Ashford said " + n + " people were hurt in a warehouse fire.\n" +
                                        "The fire brigade said " + n + " engines were sent on Monday.\n" + footer);
    d.outlet = "Ashford Herald";
    d.title = "Warehouse fire " + n;  // pages of one title count once
    docs.push_back(std::move(d));
  }
  const OutletBoilerplate four = OutletBoilerplate::Learn(docs);
  CleanOptions with_four;
  with_four.learned = &four;
  const CleanDocument want = Clean(docs[0], with_four);
  ASSERT_EQ(want.paragraphs.size(), Clean(docs[0]).paragraphs.size() - 1) << "the footer is the outlet's template";
  const std::string whole = ToJson(Analyze(docs));
  auto same_cleaning = [&](const Engine& engine) {
    return engine.cleaned(0).paragraphs == want.paragraphs && engine.learned_from(0) == 4;
  };
  {
    Engine engine;
    engine.Learn(Slice(docs, 0, 2));  // two pages counted: the footer is not yet a template
    engine.Add(docs);                 // four
    EXPECT_TRUE(same_cleaning(engine));
    EXPECT_TRUE(crosscheck::testing::SameText(ToJson(engine.Snapshot()), whole));
  }
  {
    Engine engine;
    engine.Learn(Slice(docs, 0, 2));
    engine.Learn(Slice(docs, 2, 4));
    engine.Add(Slice(docs, 0, 2));
    engine.Add(Slice(docs, 2, 4));
    EXPECT_TRUE(same_cleaning(engine));
    EXPECT_TRUE(crosscheck::testing::SameText(ToJson(engine.Snapshot()), whole));
  }
  {  // announced as added: Learn's cleaning is the one
    Engine engine;
    engine.Learn(docs);
    engine.Add(Slice(docs, 0, 2));
    engine.Add(Slice(docs, 2, 4));
    EXPECT_TRUE(same_cleaning(engine));
    EXPECT_TRUE(crosscheck::testing::SameText(ToJson(engine.Snapshot()), whole));
  }
}

TEST(Engine, SnapshotLeavesTheEngineUsable) {
  const std::vector<Document> docs = Seeds();
  Engine engine;
  engine.Add(Slice(docs, 0, 3));
  const Analysis early = engine.Snapshot();
  EXPECT_EQ(early.documents.size(), 3u);
  engine.Add(Slice(docs, 3, 5));
  EXPECT_TRUE(crosscheck::testing::SameText(ToJson(engine.Snapshot()), ToJson(Analyze(docs))));
}

// A later report names the spokesman an earlier one gives by surname only:
// the earlier report is read again and its claim gets the full name, with
// the side the later report gives him.
TEST(Engine, LaterReportTeachesAPersonAndTheEarlierIsReread) {
  const std::vector<Document> docs = {
      SurnameOnlyReport(),
      Doc("other", "Heavy rain closed the main road for a day, officials said.\n"),
      FullNameReport(),
  };
  Engine engine;
  engine.Add(Slice(docs, 0, 2));
  Analysis before = engine.Snapshot();
  ASSERT_EQ(before.claims.size(), 1u);
  EXPECT_EQ(before.claims[0].source.name, "Mujahid");
  engine.Add(Slice(docs, 2, 3));
  EXPECT_EQ(engine.reread(), 1u);  // "early" asked the corpus about "Mujahid"; "other" asked nothing that changed
  EXPECT_EQ(engine.changed(), (std::vector<size_t>{0, 2}));
  Analysis after = engine.Snapshot();
  ASSERT_EQ(after.claims.size(), 1u);
  EXPECT_EQ(after.claims[0].source.name, "Zabihullah Mujahid");
  EXPECT_EQ(after.claims[0].source.side, "Afghanistan");  // data/lexicon/sides.tsv: Taliban
  EXPECT_TRUE(crosscheck::testing::SameText(ToJson(after), ToJson(Analyze(docs))));
}

TEST(Engine, NothingIsRereadWhenNoPersonChanges) {
  const std::vector<Document> docs = Seeds();
  Engine engine;
  engine.Add(Slice(docs, 0, 4));
  engine.Add({Doc("unrelated", "Heavy rain closed the main road for a day.\n")});
  EXPECT_EQ(engine.reread(), 0u);
  EXPECT_EQ(engine.changed(), (std::vector<size_t>{4}));
}

TEST(Engine, ResumedFromItsResultsContinuesAsTheOriginal) {
  const std::vector<Document> docs = Seeds();
  Engine engine;
  engine.Add(Slice(docs, 0, 2));
  std::vector<Document> stored;
  std::vector<DocumentResults> results;
  for (size_t i = 0; i < engine.size(); ++i) {
    stored.push_back(engine.document(i));
    results.push_back(engine.results(i));
  }
  std::vector<size_t> learned_from;
  for (size_t i = 0; i < engine.size(); ++i) learned_from.push_back(engine.learned_from(i));
  Result<Engine> resumed = Engine::Resume({}, stored, results, engine.links(), engine.story_of(), learned_from);
  ASSERT_TRUE(resumed.ok()) << resumed.status().message();
  EXPECT_TRUE(crosscheck::testing::SameText(ToJson(resumed.value().Snapshot()), ToJson(engine.Snapshot())));
  resumed.value().Add(Slice(docs, 2, 5));
  EXPECT_TRUE(crosscheck::testing::SameText(ToJson(resumed.value().Snapshot()), ToJson(Analyze(docs))));
  // Stored stories that the replay does not give are refused.
  std::vector<size_t> wrong = engine.story_of();
  wrong[1] += 7;
  EXPECT_FALSE(Engine::Resume({}, stored, results, engine.links(), wrong, learned_from).ok());
}

// What a store keeps of an engine that added the first three seeds: their
// replay states and results.
struct Kept {
  Engine engine;
  std::vector<std::pair<size_t, ReplayState>> replays;
  std::vector<DocumentResults> results;
};

Kept KeptOfThreeSeeds(const std::vector<Document>& docs) {
  Kept k;
  k.engine.KeepReplays(true);
  k.engine.Add(Slice(docs, 0, 3));
  k.replays = k.engine.TakeReplays();
  for (size_t i = 0; i < 3; ++i) k.results.push_back(k.engine.results(i));
  return k;
}

// The replay states an engine keeps resume it without cleaning or
// segmenting the stored reports; the resumed engine continues as the original.
TEST(Engine, ResumedFromReplayStatesContinuesAsTheOriginal) {
  const std::vector<Document> docs = Seeds();
  Kept k = KeptOfThreeSeeds(docs);
  const std::vector<std::pair<size_t, ReplayState>>& replays = k.replays;
  ASSERT_EQ(replays.size(), 3u);
  EXPECT_EQ(replays[2].first, 2u);
  EXPECT_FALSE(replays[0].second.features.terms.empty());
  EXPECT_EQ(replays[0].second.sketch.minhash.size(), 128u);
  EXPECT_TRUE(k.engine.TakeReplays().empty());
  std::vector<size_t> asked;
  Result<Engine> resumed = Engine::Resume({}, Slice(docs, 0, 3), k.results, k.engine.links(), k.engine.story_of(), {},
                                          [&](size_t i, bool) -> std::optional<ReplayState> {
                                            asked.push_back(i);
                                            if (i == 1) return std::nullopt;  // prepared again
                                            return replays[i].second;
                                          });
  ASSERT_TRUE(resumed.ok()) << resumed.status().message();
  EXPECT_EQ(asked, (std::vector<size_t>{0, 1, 2}));
  std::vector<std::pair<size_t, ReplayState>> made = resumed.value().TakeReplays();
  ASSERT_EQ(made.size(), 1u);  // the one it had to prepare
  EXPECT_EQ(made[0].first, 1u);
  EXPECT_EQ(made[0].second.sketch.minhash, replays[1].second.sketch.minhash);
  EXPECT_EQ(made[0].second.features.terms, replays[1].second.features.terms);
  resumed.value().Add(Slice(docs, 3, 5));
  EXPECT_EQ(resumed.value().TakeReplays().size(), 2u);
  EXPECT_TRUE(crosscheck::testing::SameText(ToJson(resumed.value().Snapshot()), ToJson(Analyze(docs))));
}

// A stored state without the story features the clusterer needs (a store
// leaves them out where its saved clusterer state holds them, and that state
// may not restore): the report is segmented again for its features alone,
// its cleaning and sketch kept and nothing prepared again.
TEST(Engine, ResumedFromStatesWithoutFeaturesMakesOnlyTheFeatures) {
  const std::vector<Document> docs = Seeds();
  Kept k = KeptOfThreeSeeds(docs);
  ASSERT_EQ(k.replays.size(), 3u);
  std::vector<bool> wanted;
  Result<Engine> resumed = Engine::Resume({}, Slice(docs, 0, 3), k.results, k.engine.links(), k.engine.story_of(), {},
                                          [&](size_t i, bool features) -> std::optional<ReplayState> {
                                            wanted.push_back(features);
                                            ReplayState state = k.replays[i].second;
                                            state.features = {};
                                            state.has_features = false;
                                            return state;
                                          });
  ASSERT_TRUE(resumed.ok()) << resumed.status().message();
  EXPECT_EQ(wanted, (std::vector<bool>{true, true, true}));  // no clusterer state: all replayed
  EXPECT_TRUE(resumed.value().TakeReplays().empty());        // none prepared again
  EXPECT_EQ(resumed.value().story_of(), k.engine.story_of());
  resumed.value().Add(Slice(docs, 3, 5));
  EXPECT_TRUE(crosscheck::testing::SameText(ToJson(resumed.value().Snapshot()), ToJson(Analyze(docs))));
}

// An engine resumed without the stored reports' texts (as a store resumes
// it) asks for each once in order as it counts the outlets' pages, keeping
// none; then only for the reports it reads: those new ones are aligned
// with, and those of the stories FinishStories builds. What it gives is
// what the engine resumed with the texts gives.
TEST(Engine, ResumedWithoutTextsAsksOnlyForTheTextsItReads) {
  // Stored: bench's 40 sample articles and the first three seeds; then the
  // last two seeds are added.
  IngestResult sample = ReadInputs({SourcePath("bench/data/zyte-articles.jsonl")}, {});
  ASSERT_EQ(sample.documents.size(), 40u);
  std::vector<Document> docs = sample.documents;
  const std::vector<Document> seeds = Seeds();
  docs.insert(docs.end(), seeds.begin(), seeds.end());
  const size_t stored = 43;
  Engine original;
  original.KeepReplays(true);
  original.Add(Slice(docs, 0, stored));
  std::vector<std::pair<size_t, ReplayState>> replays = original.TakeReplays();
  ASSERT_EQ(replays.size(), stored);
  std::vector<DocumentResults> results;
  std::vector<size_t> learned_from;
  for (size_t i = 0; i < stored; ++i) {
    results.push_back(original.results(i));
    learned_from.push_back(original.learned_from(i));
  }
  auto resume = [&](Engine::TextSource texts) {
    std::vector<Document> kept = Slice(docs, 0, stored);
    if (texts) {
      for (Document& d : kept) d.text.clear();
    }
    Result<Engine> e = Engine::Resume(
        {}, std::move(kept), results, original.links(), original.story_of(), learned_from,
        [&](size_t i, bool) -> std::optional<ReplayState> { return replays[i].second; }, {}, 2, std::move(texts));
    EXPECT_TRUE(e.ok()) << e.status().message();
    return std::move(e.value());
  };
  std::vector<size_t> asked;
  Engine lazy = resume([&](size_t i) {
    asked.push_back(i);
    return docs[i].text;
  });
  std::vector<size_t> in_order(stored);
  std::iota(in_order.begin(), in_order.end(), size_t{0});
  EXPECT_EQ(asked, in_order);
  for (size_t i = 0; i < stored; ++i) EXPECT_TRUE(lazy.document(i).text.empty()) << i;
  Engine whole = resume(nullptr);
  asked.clear();
  lazy.Add(Slice(docs, stored, stored + 2));
  whole.Add(Slice(docs, stored, stored + 2));
  EXPECT_EQ(lazy.reread(), 0u);
  // The stored seeds are the new seeds' link candidates, each aligned with
  // them; none of the 40 articles is.
  const std::set<size_t> partners = {40, 41, 42};
  EXPECT_EQ(asked.size(), partners.size());  // each asked once
  EXPECT_EQ(std::set<size_t>(asked.begin(), asked.end()), partners);
  for (size_t i = 0; i < stored; ++i) EXPECT_EQ(lazy.document(i).text.empty(), partners.count(i) == 0) << i;
  EXPECT_EQ(lazy.document(41).text, docs[41].text);
  EXPECT_TRUE(crosscheck::testing::SameText(ToJson(lazy.Snapshot()), ToJson(whole.Snapshot())));
  // Two stories are built: the seeds', whose stored reports' texts are
  // there, and the first article's, whose are asked for now.
  const std::vector<size_t> story_of = lazy.story_of();
  const size_t seeds_story = story_of[stored], first_story = story_of[0];
  ASSERT_NE(seeds_story, first_story);
  std::set<size_t> first_story_docs;
  for (size_t i = 0; i < story_of.size(); ++i) {
    if (story_of[i] == first_story) first_story_docs.insert(i);
  }
  auto two = [&](const StoryReconciler&, size_t k) { return k == seeds_story || k == first_story; };
  asked.clear();
  Analysis a = std::move(lazy).FinishStories(two);
  Analysis b = std::move(whole).FinishStories(two);
  EXPECT_EQ(std::set<size_t>(asked.begin(), asked.end()), first_story_docs);
  EXPECT_EQ(asked.size(), first_story_docs.size());
  for (size_t i = 0; i < stored; ++i) {
    EXPECT_EQ(a.documents[i].text.empty(), partners.count(i) == 0 && first_story_docs.count(i) == 0) << i;
  }
  ASSERT_FALSE(a.stories[seeds_story].slots.empty());
  for (size_t i = 0; i < a.documents.size(); ++i) a.documents[i].text = b.documents[i].text;
  EXPECT_TRUE(crosscheck::testing::SameText(ToJson(a), ToJson(b)));
}

// What a store's summary tables are written from: Finish less the people,
// quotations and quotation groups, and the entities' mentions outside the
// documents of claims with a person's source (their first kept, all
// counted); everything else the same.
TEST(Engine, FinishStoriesIsFinishWithoutPeopleAndQuotations) {
  // The seeds, and 40 articles of bench's sample, most without such claims.
  std::vector<Document> docs = Seeds();
  IngestResult sample = ReadInputs({SourcePath("bench/data/zyte-articles.jsonl")}, {});
  ASSERT_EQ(sample.documents.size(), 40u);
  docs.insert(docs.end(), sample.documents.begin(), sample.documents.end());
  Engine whole, stories;
  whole.Add(docs);
  stories.Add(docs);
  Analysis a = std::move(whole).Finish();
  Analysis b = std::move(stories).FinishStories();
  ASSERT_FALSE(a.quotes.empty());
  ASSERT_FALSE(a.people.all().empty());
  EXPECT_TRUE(b.quotes.empty());
  EXPECT_TRUE(b.quote_groups.empty());
  EXPECT_TRUE(b.people.all().empty());
  ASSERT_FALSE(b.stories.empty());
  ASSERT_FALSE(b.entities.empty());
  std::set<std::string> attached;  // documents whose claims AttachEntities looks up by mention
  for (const Claim& c : b.claims) {
    if (AttachReadsMentions(c)) attached.insert(c.doc);
  }
  EXPECT_EQ(attached, (std::set<std::string>{"000_7c613e6085f4abe8", "001_a3d4f95df7bb4a18", "002_408996be704aa27f",
                                              "003_cb04ce9564500d14", "004_77f8c327c2dd57e0", "zyte-05844573ca7e",
                                              "zyte-5caf91b8a442"}));  // the five seeds and two articles
  ASSERT_EQ(a.entities.size(), b.entities.size());
  size_t left_out = 0;
  for (size_t k = 0; k < a.entities.size(); ++k) {
    const std::vector<Mention>& all = a.entities[k].mentions;
    std::vector<Mention>& kept = b.entities[k].mentions;
    EXPECT_EQ(a.entities[k].mention_count, all.size());
    EXPECT_EQ(b.entities[k].mention_count, all.size());
    std::vector<Mention> expected;
    for (size_t m = 0; m < all.size(); ++m) {
      if (m == 0 || attached.count(std::string(all[m].doc))) expected.push_back(all[m]);
    }
    ASSERT_EQ(kept.size(), expected.size()) << a.entities[k].canonical;
    for (size_t m = 0; m < kept.size(); ++m) {
      EXPECT_EQ(kept[m].doc, expected[m].doc);
      EXPECT_EQ(kept[m].span, expected[m].span);
      EXPECT_EQ(kept[m].text, expected[m].text);
      EXPECT_EQ(kept[m].kind, expected[m].kind);
    }
    left_out += all.size() - kept.size();
    kept = all;
  }
  EXPECT_GT(left_out, 20u);
  a.quotes.clear();
  a.quote_groups.clear();
  a.people = People();
  EXPECT_TRUE(crosscheck::testing::SameText(ToJson(b), ToJson(a)));
}

TEST(Engine, AssembleGivesTheSnapshot) {
  const std::vector<Document> docs = Seeds();
  Engine engine;
  engine.Add(docs);
  std::vector<DocumentResults> results;
  for (size_t i = 0; i < engine.size(); ++i) results.push_back(engine.results(i));
  EXPECT_TRUE(crosscheck::testing::SameText(ToJson(Assemble({}, docs, results, engine.links(), engine.story_of(), {})), ToJson(Analyze(docs))));
}

// ECB+ (982 real articles, ../shared/data): ten adds, one and two threads.
TEST(Engine, EcbPlusInTenAddsGivesTheBatchJson) {
  const std::string path = SourcePath("../shared/data/ecbplus/documents.jsonl");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path << " (../shared/data absent)";
  IngestResult in = ReadInputs({path}, {});
  ASSERT_EQ(in.documents.size(), 982u);
  ExpectBatchesGiveAnalyze(in.documents, 10, 2);
}

}  // namespace
}  // namespace crosscheck
