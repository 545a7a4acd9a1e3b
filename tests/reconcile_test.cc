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

}  // namespace
}  // namespace crosscheck
