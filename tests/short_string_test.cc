// ShortString (base/short_string.h): a token's lower-case text in 16 bytes.
#include "base/short_string.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "text/segment.h"

namespace crosscheck {
namespace {

TEST(ShortString, FifteenBytesInlineAndLongerOnTheHeap) {
  const std::string fifteen = "counterinsurgen";  // 15 bytes
  const std::string sixteen = fifteen + "t";
  ShortString a = fifteen, b = sixteen, empty;
  EXPECT_EQ(a, fifteen);
  EXPECT_EQ(b, sixteen);
  EXPECT_EQ(a.size(), 15u);
  EXPECT_EQ(b.size(), 16u);
  EXPECT_EQ(a.heap_bytes(), 0u);
  EXPECT_EQ(b.heap_bytes(), 16u);
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty, "");
  EXPECT_EQ(sizeof(ShortString), 16u);
  EXPECT_EQ(sizeof(Token), 40u) << "a batch's tokens are most of its memory";
}

TEST(ShortString, CopiesMovesAndAssignsFromItsOwnBytes) {
  for (const std::string text : {"killed", "at least 58 soldiers killed"}) {
    ShortString s = text;
    ShortString copy = s;
    EXPECT_EQ(copy, text);
    ShortString moved = std::move(copy);
    EXPECT_EQ(moved, text);
    EXPECT_TRUE(copy.empty());  // NOLINT: a moved-from string is empty
    s = s;  // self-assignment keeps the text
    EXPECT_EQ(s, text);
    s = s.substr(3);  // a view into its own bytes
    EXPECT_EQ(s, text.substr(3));
    moved = ShortString("x");
    EXPECT_EQ(moved, "x");
    std::vector<ShortString> grown;
    for (int i = 0; i < 100; ++i) grown.emplace_back(text);  // moved as the vector grows
    EXPECT_EQ(grown.front(), text);
    EXPECT_EQ(grown.back(), text);
  }
}

TEST(ShortString, ReadsAsAStringView) {
  const ShortString s = "soldiers";
  std::string_view v = s;
  EXPECT_EQ(v, "soldiers");
  EXPECT_TRUE(s.starts_with("sold"));
  EXPECT_TRUE(s.ends_with("ers"));
  EXPECT_EQ(s.find('d'), 3u);
  EXPECT_EQ(s.substr(0, 4), "sold");
  EXPECT_EQ(s.front(), 's');
  EXPECT_EQ(s.back(), 's');
  EXPECT_EQ(std::string("the ") + s, "the soldiers");
  EXPECT_LT(ShortString("army"), s);
  EXPECT_NE(s, "soldier");
  EXPECT_EQ(std::string(s), "soldiers");
}

// Segment's tokens keep the lower-case text they always had: ’ folded, a
// word longer than 15 bytes on the heap.
TEST(ShortString, TokensKeepTheirLowerCaseText) {
  const std::string text = "Pakistan\xE2\x80\x99s ARMY said COUNTERINSURGENCY forces killed 58.";
  std::vector<Token> toks = Tokenize(text, {0, text.size()});
  std::vector<std::string> lower;
  for (const Token& t : toks) lower.emplace_back(t.lower);
  ASSERT_GE(lower.size(), 5u);
  EXPECT_EQ(lower[0], "pakistan");
  EXPECT_EQ(lower[1], "'s");
  EXPECT_EQ(lower[2], "army");
  EXPECT_TRUE(toks[2].all_caps);
  ASSERT_GE(lower.size(), 8u);
  EXPECT_EQ(lower[4], "counterinsurgency");
  EXPECT_EQ(toks[4].lower.heap_bytes(), 17u);
  EXPECT_EQ(lower[7], "58");
}

}  // namespace
}  // namespace crosscheck
