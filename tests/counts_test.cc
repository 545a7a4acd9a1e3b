// The learned reader of casualty counts (extract/counts.h, count_train.h).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "extract/attribution.h"
#include "extract/claims.h"
#include "extract/count_train.h"
#include "extract/counts.h"
#include "report/analysis.h"
#include "text/segment.h"

namespace crosscheck {
namespace {

struct Read {
  Document doc;
  SegmentedText seg;
  std::vector<Claim> rules;
  std::vector<CountCandidate> candidates;
};

Read ReadText(const std::string& text) {
  Read r;
  r.doc.id = "d";
  r.doc.text = text;
  r.seg = Segment(r.doc.text, Clean(r.doc));
  r.rules = ExtractClaims(r.doc, r.seg, People::Find(r.doc.text, r.seg));
  r.candidates = FindCountCandidates(r.doc.text, r.seg, r.rules);
  return r;
}

std::string TextOf(const Read& r, const CountCandidate& c) {
  const size_t a = r.seg.tokens[c.first_token].span.begin, b = r.seg.tokens[c.end_token - 1].span.end;
  return r.doc.text.substr(a, b - a);
}

// "kind value text" of every candidate, in order.
std::vector<std::string> Describe(const Read& r) {
  std::vector<std::string> out;
  for (const CountCandidate& c : r.candidates) {
    out.push_back(c.kind + " " + std::to_string(static_cast<int>(c.value)) + " " + TextOf(r, c));
  }
  return out;
}

TEST(CountCandidates, AnAgeIsANumberAndThePersonIsOne) {
  Read r = ReadText("Shooting\n\nA 6-year-old boy was shot and killed Sunday, police said.");
  EXPECT_EQ(Describe(r), (std::vector<std::string>{"implicit 1 A 6-year-old boy", "number 6 6"}));
}

TEST(CountCandidates, HeadlinesDropTheArticleAndANamedPersonWithAnAgeIsOne) {
  Read r = ReadText("Orangeburg man shot while hunting\n\nJordan Ames, 19, was killed. Both were hurt.");
  EXPECT_EQ(Describe(r), (std::vector<std::string>{"implicit 1 Orangeburg man", "named 1 Jordan Ames, 19",
                                                   "number 19 19", "collective 2 Both"}));
}

TEST(CountCandidates, AgeAloneIsThePersonAndPronounsAreOne) {
  Read r = ReadText("Teen hurt in accidental shooting\n\nA 16-year-old was flown to the hospital after he was accidentally shot.");
  EXPECT_EQ(Describe(r), (std::vector<std::string>{"implicit 1 Teen", "implicit 1 A 16-year-old", "number 16 16",
                                                   "pronoun 1 he"}));
}

TEST(CountCandidates, TheRulesSumOfCoordinatedPeopleIsACandidate) {
  Read r = ReadText("Raid\n\nThe force detained a Taliban leader and two associates in Khost.");
  ASSERT_FALSE(r.rules.empty());
  EXPECT_EQ(r.rules[0].type, "detained");
  EXPECT_EQ(*r.rules[0].quantity.value, 3);
  EXPECT_EQ(Describe(r), (std::vector<std::string>{"rule 3 detained a Taliban leader and two associates",
                                                   "implicit 1 a Taliban leader", "number 2 two"}));
}

TEST(CountCandidates, YearsMoneyAndUnitsAreNotCandidates) {
  Read r = ReadText("Report\n\nIn 2019 the city paid $5 million for 12 km of road.");
  EXPECT_TRUE(r.candidates.empty()) << testing::PrintToString(Describe(r));
}

TEST(CountFeatures, OneRowPerCandidateAndTheSameTextGivesTheSameHashes) {
  Read r = ReadText("Shooting\n\nTwo people were shot and one of them died, police said.");
  auto f = CountFeatures(r.seg, r.candidates, r.rules);
  ASSERT_EQ(f.size(), r.candidates.size());
  EXPECT_EQ(f, CountFeatures(r.seg, r.candidates, r.rules));
  EXPECT_NE(f[0], f[1]);
}

TEST(CountModel, SerializeParsesBackToTheSameScores) {
  CountModel m;
  m.Set(0x1234, {1.5f, -2, 0, 0.25f, 0});
  m.Set(0xabcdef, {0, 0, 3, 0, -1});
  m.Set(0x99, {0, 0, 0, 0, 0});  // all zero: dropped
  EXPECT_EQ(m.size(), 2u);
  Result<CountModel> back = CountModel::Parse(m.Serialize(), "test");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back.value().Serialize(), m.Serialize());
  auto s = back.value().Scores({0x1234, 0xabcdef, 0x5});
  EXPECT_FLOAT_EQ(s[0], 1.5f);
  EXPECT_FLOAT_EQ(s[1], -2);
  EXPECT_FLOAT_EQ(s[2], 3);
  EXPECT_FLOAT_EQ(s[4], -1);
  EXPECT_EQ(back.value().Role({0xabcdef}), CountRole::kShot);
  EXPECT_EQ(back.value().Role({0x5}), CountRole::kOther);  // ties go to other
}

TEST(CountModel, BadFilesAreRefusedWithWhereAndWhatToDo) {
  Result<CountModel> a = CountModel::Parse("crosscheck-tagger 2\n", "m.model");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("m.model: not a counts model"), std::string::npos);
  EXPECT_NE(a.status().message().find("make train-claims"), std::string::npos);
  Result<CountModel> b = CountModel::Parse("crosscheck-counts 1\n12 1 2 3 4 5\nzz 1 2\n", "m.model");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().message(), "m.model:3: malformed weight row");
  Result<CountModel> c = CountModel::Parse("crosscheck-counts 1\n12 1 2 3 4 nan\n", "m.model");
  EXPECT_FALSE(c.ok());
}

TEST(CountModel, TheCompiledInModelLoads) {
  Result<const CountModel*> m = CountModel::Default();
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_GT(m.value()->size(), 1000u);
}

std::vector<CountCandidate> Values(std::vector<double> v) {
  std::vector<CountCandidate> c(v.size());
  for (size_t i = 0; i < v.size(); ++i) c[i].value = v[i];
  return c;
}

TEST(DecodeTotals, TheLargestFigureOfEachRoleAndShotPeopleNotKilledAreWounded) {
  using R = CountRole;
  // "Five people were shot ... three of them died": 3 killed, 2 wounded.
  CountTotals t = DecodeTotals(Values({5, 3, 1}), {R::kShot, R::kKilled, R::kKilled});
  EXPECT_EQ(t.killed, 3);
  EXPECT_EQ(t.wounded, 2);
  ASSERT_TRUE(t.wounded_from_shot.has_value());
  EXPECT_EQ(*t.wounded_from_shot, 0u);
  // A wounded figure that already accounts for the shot: no derivation.
  t = DecodeTotals(Values({4, 1, 3}), {R::kShot, R::kKilled, R::kWounded});
  EXPECT_EQ(t.wounded, 3);
  EXPECT_FALSE(t.wounded_from_shot.has_value());
  t = DecodeTotals(Values({2, 6}), {R::kDetained, R::kOther});
  EXPECT_EQ(t.detained, 2);
  EXPECT_EQ(t.killed, 0);
}

// Two features, "died" and "hurt", and article totals that never say which
// mention is which: the trainer must find that "died" marks the killed.
TEST(TrainCountModel, LearnsRolesFromArticleTotalsAlone) {
  const uint64_t died = 1, hurt = 2, age = 3;
  std::vector<CountExample> train;
  for (int i = 0; i < 20; ++i) {
    CountExample e;
    const double k = 1 + i % 3, w = 2 + i % 4;
    e.values = {k, w, 30.0 + i};
    e.features = {{died}, {hurt}, {age}};
    e.killed = k;
    e.wounded = w;
    train.push_back(e);
    CountExample isaf;  // no wounded total: that role learns nothing here
    isaf.values = {k};
    isaf.features = {{died}};
    isaf.killed = k;
    train.push_back(isaf);
  }
  CountModel m = TrainCountModel(train);
  EXPECT_EQ(m.Role({died}), CountRole::kKilled);
  EXPECT_EQ(m.Role({hurt}), CountRole::kWounded);
  EXPECT_EQ(m.Role({age}), CountRole::kOther);
  // Deterministic: the same data and seed give the same file.
  EXPECT_EQ(TrainCountModel(train).Serialize(), m.Serialize());
}

Analysis AnalyzeWithModel(const std::string& text) {
  Document d;
  d.id = "d";
  d.text = text;
  Result<const CountModel*> model = CountModel::Default();
  EXPECT_TRUE(model.ok());
  AnalyzeOptions options;
  options.reconcile.group = "none";
  options.counts_model = model.value();
  return Analyze({d}, options);
}

TEST(AnalyzeWithCountsModel, AChildShotAndKilledIsOneKilledNotSixWounded) {
  const std::string text = "Boy dies in shooting\n\nA 6-year-old boy was shot and killed Sunday in his home, police said.";
  Analysis a = AnalyzeWithModel(text);
  ASSERT_EQ(a.claims.size(), 2u);
  EXPECT_EQ(a.claims[0].type, "killed");  // the headline's "Boy"
  EXPECT_EQ(*a.claims[0].quantity.value, 1);
  EXPECT_EQ(a.claims[0].span.Of(a.documents[0].text), "Boy");
  EXPECT_EQ(a.claims[1].type, "killed");
  EXPECT_EQ(*a.claims[1].quantity.value, 1);
  EXPECT_EQ(a.claims[1].span.Of(a.documents[0].text), "6-year-old boy was shot and killed");
  ASSERT_EQ(a.stories.size(), 1u);
  EXPECT_EQ(a.stories[0].totals.at("killed").best, 1);
  EXPECT_EQ(a.stories[0].totals.count("wounded"), 0u);
  // The rules alone read the boy's age as the count.
  Document d;
  d.id = "d";
  d.text = text;
  AnalyzeOptions rules;
  rules.reconcile.group = "none";
  Analysis r = Analyze({d}, rules);
  ASSERT_EQ(r.claims.size(), 1u);
  EXPECT_EQ(r.claims[0].type, "killed");
  EXPECT_EQ(*r.claims[0].quantity.value, 6);
}

TEST(AnalyzeWithCountsModel, AHunterTakenToHospitalIsOneWounded) {
  Analysis a = AnalyzeWithModel(
      "Hunter shot\n\nA deer hunter was shot Saturday. He was taken to the hospital in stable condition.");
  ASSERT_EQ(a.stories.size(), 1u);
  EXPECT_EQ(a.stories[0].totals.at("wounded").best, 1);
  EXPECT_EQ(a.stories[0].totals.count("killed"), 0u);
  EXPECT_EQ(a.stories[0].totals.count("detained"), 0u);  // "taken" to the hospital is not a detention
}


// Issue 11: the model missed what the rules read exactly.
TEST(AnalyzeWithCountsModel, FourShotOneFatallyIsOneKilledThreeWounded) {
  for (const std::string text : {"Police said four people were shot, one fatally, on Main Street.",
                                 "Police said four people were shot on Main Street on Sunday night, one fatally."}) {
    Analysis a = AnalyzeWithModel(text);
    ASSERT_EQ(a.stories.size(), 1u) << text;
    EXPECT_EQ(a.stories[0].totals.at("killed").best, 1) << text;
    EXPECT_EQ(a.stories[0].totals.at("wounded").best, 3) << text;
  }
  Analysis both = AnalyzeWithModel("Two men were shot outside a bar, both fatally.");
  EXPECT_EQ(both.stories[0].totals.at("killed").best, 2);
  EXPECT_EQ(both.stories[0].totals.count("wounded"), 0u);
}

TEST(AnalyzeWithCountsModel, AVagueCasualtyClaimKeepsTheRulesReading) {
  Analysis a = AnalyzeWithModel("Coalition forces killed several insurgents during an operation in the district.");
  ASSERT_EQ(a.stories.size(), 1u);
  EXPECT_EQ(a.stories[0].totals.at("killed").low, 3);
}

}  // namespace
}  // namespace crosscheck
