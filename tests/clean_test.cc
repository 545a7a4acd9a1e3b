#include "clean/cleaner.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace crosscheck {
namespace {

using testing::Doc;
using testing::ReadFile;
using testing::SourcePath;

Document Seed(const std::string& stem) {
  return Doc(stem, ReadFile(SourcePath("examples/border-clash/" + stem + ".txt")));
}

std::vector<std::string> Kinds(const CleanDocument& c) {
  std::vector<std::string> k;
  for (const Removal& r : c.removed) k.push_back(r.kind);
  return k;
}

TEST(Clean, DonationAppealsCounterAndCommentsInSeed004) {
  Document d = Seed("004_77f8c327c2dd57e0");
  CleanDocument c = Clean(d);
  EXPECT_EQ(c.outlet, "Dawat Media Center");
  // Two copies of: Support heading, appeal text, bank, IBAN, Vipps; "Donate Here" between.
  std::vector<std::string> want = {"counter"};
  want.insert(want.end(), 11, "appeal");
  want.push_back("comments");
  EXPECT_EQ(Kinds(c), want);
  EXPECT_EQ(c.removed[0].span.Of(d.text), "175");
  bool iban_removed = false;
  for (const Removal& r : c.removed) iban_removed |= r.span.Of(d.text) == "Account for international payments: NO15 0530 2294 668";
  EXPECT_TRUE(iban_removed);
  EXPECT_EQ(c.removed.back().span.Of(d.text), "Comments are closed.");
}

TEST(Clean, SyndicationFooterNamesOutlet) {
  Document d = Seed("003_cb04ce9564500d14");
  CleanDocument c = Clean(d);
  ASSERT_EQ(c.removed.size(), 1u);
  EXPECT_EQ(c.removed[0].kind, "syndication");
  EXPECT_EQ(c.outlet, "Khaama Press");
  ASSERT_TRUE(c.headline);
  EXPECT_EQ(c.headline->Of(d.text),
            "Mujahid Says 25 Pakistani Border Posts Seized, 58 Soldiers Killed in Overnight Clashes");
}

TEST(Clean, BylineFooterNamesOutlet) {
  CleanDocument c = Clean(Seed("001_a3d4f95df7bb4a18"));
  ASSERT_EQ(c.removed.size(), 1u);
  EXPECT_EQ(c.removed[0].kind, "byline");
  EXPECT_EQ(c.outlet, "The Defense News");
}

TEST(Clean, SentenceFirstLineIsNotAHeadline) {
  CleanDocument c = Clean(Seed("000_7c613e6085f4abe8"));
  EXPECT_FALSE(c.headline);
  EXPECT_TRUE(c.removed.empty());
  EXPECT_EQ(c.paragraphs.size(), 13u);
}

TEST(Clean, RepeatedBlockRemovedSecondTime) {
  std::string para = "This paragraph is long enough to count as a repeated block of text.";
  Document d = Doc("r", "Title Of The Story Here\n" + para + "\nMiddle line.\n" + para + "\n");
  CleanDocument c = Clean(d);
  ASSERT_EQ(c.removed.size(), 1u);
  EXPECT_EQ(c.removed[0].kind, "repeated");
  EXPECT_EQ(c.removed[0].span.begin, d.text.rfind(para));
}

}  // namespace
}  // namespace crosscheck
