#include "reconcile/reconcile.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace crosscheck {
namespace {

using testing::Doc;

TEST(Reconcile, SeparateIncidentsInOneReleaseAddUp) {
  Analysis a = Analyze({Doc("r", "Afghan forces detained two suspected insurgents in Kandahar province. "
                                 "In a separate operation, a Taliban leader was arrested in Helmand province.")});
  ASSERT_EQ(a.stories.size(), 1u);
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 3);
}

TEST(Reconcile, RepeatedFigureInOneReportIsCountedOnce) {
  Analysis a = Analyze({Doc("r", "Forces detained several insurgents on Tuesday. "
                                 "The assault force detained three insurgents for further questioning.")});
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 3);
}

TEST(Reconcile, GroupNoneMakesOneStoryPerDocument) {
  ReconcileOptions none;
  none.group = "none";
  AnalyzeOptions options;
  options.reconcile = none;
  Analysis a = Analyze({Doc("a", "Police said two people were killed."), Doc("b", "Police said five people were killed.")},
                       options);
  ASSERT_EQ(a.stories.size(), 2u);
  EXPECT_EQ(a.stories[0].totals.at("killed").best, 2);
  EXPECT_EQ(a.stories[1].totals.at("killed").best, 5);
}

TEST(Reconcile, GroupByFieldAndConflictAcrossOutlets) {
  std::vector<Document> docs = {Doc("a", "Police said two people were killed."),
                                Doc("b", "Hospital officials said four people were killed."),
                                Doc("c", "Police said nine people were wounded.")};
  docs[0].fields["event"] = "x";
  docs[1].fields["event"] = "x";
  docs[2].fields["event"] = "y";
  AnalyzeOptions options;
  options.reconcile.group = "field:event";
  Analysis a = Analyze(docs, options);
  ASSERT_EQ(a.stories.size(), 2u);
  ASSERT_EQ(a.stories[0].slots.size(), 1u);
  const Slot& s = a.stories[0].slots[0];
  EXPECT_EQ(s.status, "conflict");
  EXPECT_EQ(s.independent_sources, 2u);
  EXPECT_EQ(s.estimate.low, 2);
  EXPECT_EQ(*s.estimate.high, 4);
}

// ISAF 2013-01-S-022: the forces' confirmed arrest and "also detained two"
// are one account (the release's own voice continues the party it quotes).
TEST(Reconcile, AlsoDetainedAddsToTheQuotedAccount) {
  Analysis a = Analyze({Doc("r", "Today, Afghan and coalition security forces confirmed a Taliban leader was arrested "
                                 "during a security operation in Maiwand district. During the operation, the security "
                                 "force also detained two suspected insurgents.")});
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 3);
  EXPECT_EQ(a.stories[0].slots[0].values.size(), 1u);
  EXPECT_EQ(a.stories[0].slots[0].values[0].derived_from, "1 + 2");
}

// ISAF 2010-09-CA-149: a later, smaller figure restates the total.
TEST(Reconcile, DifferentFiguresWithoutAnAdditiveCueAreRestatements) {
  Analysis a = Analyze({Doc("r", "Three men were arrested for planning a rocket-propelled grenade attack. The patrol "
                                 "moved into the targeted compound and detained two men. The three men were taken "
                                 "to the local police station.")});
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 3);
}

TEST(Reconcile, PreciseFigureOutweighsAVagueSummary) {
  Analysis a = Analyze({Doc("r", "A combined patrol detained a suspected Taliban leader and another wanted associate. "
                                 "Several men were detained during the operation.")});
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 2);
}

TEST(Reconcile, SumOfAnOpenAndAPointKeepsLowBelowHigh) {
  Analysis a = Analyze({Doc("r", "Police said more than 10 people were killed on Monday. Police also said one "
                                 "more person was killed.")});
  const Estimate& e = a.stories[0].totals.at("killed");
  EXPECT_EQ(e.low, 12);
  EXPECT_FALSE(e.high.has_value());
}

}  // namespace
}  // namespace crosscheck
