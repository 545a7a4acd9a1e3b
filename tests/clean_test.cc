#include "clean/cleaner.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <filesystem>
#include <sstream>

#include "base/lexicon.h"
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

// Lines end at "\n", "\r\n" or a lone "\r": the seed written with each
// keeps the same lines, removes the same boilerplate, and every span still
// holds the same bytes.
TEST(Clean, LinesEndAtNewlineCarriageReturnOrBoth) {
  const Document lf = Seed("004_77f8c327c2dd57e0");
  const CleanDocument want = Clean(lf);
  ASSERT_GT(want.paragraphs.size(), 3u);
  for (const std::string eol : {"\r\n", "\r"}) {
    std::string text;
    for (char c : lf.text) text += c == '\n' ? eol : std::string(1, c);
    const Document d = Doc("eol", text);
    const CleanDocument got = Clean(d);
    ASSERT_EQ(got.paragraphs.size(), want.paragraphs.size()) << eol.size();
    for (size_t i = 0; i < got.paragraphs.size(); ++i) {
      EXPECT_EQ(got.paragraphs[i].Of(d.text), want.paragraphs[i].Of(lf.text)) << eol.size() << " " << i;
    }
    ASSERT_EQ(got.removed.size(), want.removed.size()) << eol.size();
    for (size_t i = 0; i < got.removed.size(); ++i) {
      EXPECT_EQ(got.removed[i].span.Of(d.text), want.removed[i].span.Of(lf.text)) << eol.size() << " " << i;
    }
  }
}

// Mixed endings in one text: a '\r' after an earlier '\n' does not hide it,
// and "\n\r" is two breaks.
TEST(Clean, MixedLineEndingsSplitWhereEachBreakIs) {
  const Document d = Doc("mixed", "Troops Clash at the Border\nFirst paragraph here.\rSecond paragraph here.\r\n"
                                  "Third paragraph here.\n\rFourth paragraph here.");
  const CleanDocument c = Clean(d);
  ASSERT_TRUE(c.headline.has_value());
  EXPECT_EQ(c.headline->Of(d.text), "Troops Clash at the Border");
  std::vector<std::string> got;
  for (const Span& p : c.paragraphs) got.emplace_back(p.Of(d.text));
  EXPECT_EQ(got, (std::vector<std::string>{"First paragraph here.", "Second paragraph here.",
                                           "Third paragraph here.", "Fourth paragraph here."}));
}

// A text of lone CRs (no '\n' anywhere): every CR ends a line. (Found by
// review: looking for the next '\n' again at every line read 42 GB here.)
TEST(Clean, EveryLoneCarriageReturnEndsALine) {
  std::string text = "Headline of the page\r";
  for (int i = 0; i < 60000; ++i) text += "Line number " + std::to_string(i) + " of it.\r";
  const Document d = Doc("cr", text);
  const CleanDocument c = Clean(d);
  EXPECT_EQ(c.paragraphs.size() + c.headline.has_value(), 60001u);
  EXPECT_EQ(c.paragraphs[c.paragraphs.size() - 2].Of(d.text), "Line number 59998 of it.");
  EXPECT_EQ(c.paragraphs.back().Of(d.text), "Line number 59999 of it.");
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

// A row's looser fourth column stands for it in the set that finds
// candidate lines, so it must match every line the row's regex matches: on
// lines written to match each such regex, and on every line of the bundled
// examples and, when present, the ISAF releases and the seeds.
TEST(Clean, EachLooserBoilerplatePatternMatchesWhateverItsPatternMatches) {
  std::vector<std::string> lines = {
      "Support The Defense News",        "Support the Dawat Media Center Foundation",
      "Reporting by Jane Doe; Editing by John Roe", "WRITING BY Ali Khan in Kabul.",
      "(Reporting by Jibran Ahmad; Editing by Alex Richardson)", "- (editing by A. B.)",
      "Share this article", "Follow us on Twitter and Facebook",
      "Support for the bill grew", "Reporting by the ministry showed gaps.", "(Reporting by",
  };
  std::vector<std::string> files;
  for (const auto& f : std::filesystem::directory_iterator(SourcePath("examples/border-clash"))) {
    files.push_back(f.path().string());
  }
  for (const char* more : {"../shared/data/isaf-press-releases-killcapture/test.jsonl", "../shared/seeds"}) {
    const std::string path = SourcePath(more);
    if (std::filesystem::is_regular_file(path)) files.push_back(path);
    if (std::filesystem::is_directory(path)) {
      for (const auto& f : std::filesystem::directory_iterator(path)) files.push_back(f.path().string());
    }
  }
  for (const std::string& f : files) {
    std::istringstream in(ReadFile(f));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  size_t rows = 0, matched = 0;
  for (const Lexicon::Row& row : Lexicon::Get("boilerplate.tsv").rows()) {
    if (row.size() < 4 || row[3].empty()) continue;
    ++rows;
    RE2 exact(row[2]), loose(row[3]);
    ASSERT_TRUE(exact.ok() && loose.ok()) << row[2];
    for (const std::string& line : lines) {
      if (!RE2::PartialMatch(line, exact)) continue;
      ++matched;
      EXPECT_TRUE(RE2::PartialMatch(line, loose)) << row[3] << " misses " << line;
    }
  }
  EXPECT_EQ(rows, 4u);
  EXPECT_GE(matched, 7u);  // the lines written for them, at least
}

// A line the looser pattern lets through is still judged by the pattern.
TEST(Clean, CandidateLinesAreJudgedByTheirOwnPattern) {
  Document d = Doc("b", "Border posts seized\nOfficials said 23 soldiers were killed on Monday.\n"
                        "Support for the ceasefire grew on Tuesday, officials said.\n"
                        "Reporting by Jibran Ahmad; Editing by Alex Richardson\n"
                        "Support The Defense News\n");
  CleanDocument c = Clean(d);
  ASSERT_EQ(c.removed.size(), 2u);
  EXPECT_EQ(c.removed[0].kind, "byline");
  EXPECT_EQ(c.removed[0].span.Of(d.text), "Reporting by Jibran Ahmad; Editing by Alex Richardson");
  EXPECT_EQ(c.removed[1].kind, "appeal");
  EXPECT_EQ(c.outlet, "The Defense News");
  ASSERT_EQ(c.paragraphs.size(), 3u);
  EXPECT_EQ(c.paragraphs[2].Of(d.text), "Support for the ceasefire grew on Tuesday, officials said.");
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
