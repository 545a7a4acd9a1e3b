#include "text/quantity.h"

#include <gtest/gtest.h>

#include "base/lexicon.h"

namespace crosscheck {
namespace {

std::vector<QuantityMention> Find(const std::string& text) {
  auto toks = Tokenize(text, {0, text.size()});
  return FindQuantities(text, toks, 0, toks.size());
}

QuantityMention One(const std::string& text) {
  auto qs = Find(text);
  EXPECT_EQ(qs.size(), 1u) << text;
  return qs.empty() ? QuantityMention{} : qs[0];
}

TEST(ParseNumeral, ReadsSeparatorsAndRejectsBadGrouping) {
  EXPECT_EQ(ParseNumeral("2,611"), 2611);
  EXPECT_EQ(ParseNumeral("1.5"), 1.5);
  EXPECT_EQ(ParseNumeral("1,000,000"), 1000000);
  EXPECT_FALSE(ParseNumeral("1,2,3"));
  EXPECT_FALSE(ParseNumeral("12,34"));
  EXPECT_FALSE(ParseNumeral("58th"));
}

// Digit-by-digit sums drifted: "999999999999999999999" read as 1000000000000000131072.
TEST(ParseNumeral, IsCorrectlyRounded) {
  EXPECT_EQ(ParseNumeral("999999999999999999999"), 1e21);
  EXPECT_EQ(ParseNumeral("999,999,999,999,999,999,999"), 1e21);
  EXPECT_EQ(ParseNumeral("0.3"), 0.3);
  EXPECT_EQ(ParseNumeral("2.675"), 2.675);
}

// "one hundred hundred ... hundred" overflowed to infinity.
TEST(Quantity, NumberWordsThatOverflowAreNotQuantities) {
  std::string text = "one";
  for (int i = 0; i < 400; ++i) text += " hundred";
  EXPECT_TRUE(Find(text + " soldiers").empty());
}

// FindQuantities tries only tokens that may start a quantity (a numeral,
// or the first word of a qualifier, vague phrase or number word): every
// phrase of those lexicons must still start one where it stands first.
TEST(Quantity, EveryLexiconPhraseStartsAQuantity) {
  size_t tried = 0;
  auto starts = [&](const std::string& text, const std::string& phrase) {
    ++tried;
    const std::vector<QuantityMention> qs = Find(text);
    ASSERT_FALSE(qs.empty()) << text;
    EXPECT_EQ(qs[0].span.begin, 0u) << text;
    EXPECT_GE(qs[0].span.end, phrase.size()) << text;
  };
  for (const Lexicon::Row& row : Lexicon::Get("qualifiers.tsv").rows()) starts(row[0] + " 40 soldiers", row[0]);
  for (const Lexicon::Row& row : Lexicon::Get("vague.tsv").rows()) starts(row[0] + " soldiers", row[0]);
  for (const Lexicon::Row& row : Lexicon::Get("numbers.tsv").rows()) {
    if (row.size() >= 3 && (row[2] == "digit" || row[2] == "teen" || row[2] == "tens")) starts(row[0] + " soldiers", row[0]);
    if (row.size() >= 3 && (row[2] == "scale" || row[2] == "dozen")) starts("a " + row[0] + " soldiers", "a " + row[0]);
  }
  EXPECT_GT(tried, 80u);
}

TEST(Quantity, HyphenatedUnitFromSeed) {
  const std::string text = "along the 2,611-kilometer (1,622-mile) Durand Line";
  auto qs = Find(text);
  ASSERT_EQ(qs.size(), 2u);
  EXPECT_EQ(*qs[0].quantity.value, 2611);
  EXPECT_EQ(qs[0].quantity.unit, "km");
  EXPECT_EQ(qs[0].span.Of(text), "2,611-kilometer");
  EXPECT_EQ(qs[1].quantity.unit, "mi");
}

TEST(Quantity, NumberWords) {
  EXPECT_EQ(*One("nine of its own fighters").quantity.value, 9);
  EXPECT_EQ(*One("twenty-three soldiers").quantity.value, 23);
  EXPECT_EQ(*One("twenty three soldiers").quantity.value, 23);
  EXPECT_EQ(*One("a dozen soldiers").quantity.value, 12);
  EXPECT_EQ(*One("two dozen soldiers").quantity.value, 24);
  EXPECT_EQ(*One("one hundred and five people").quantity.value, 105);
  EXPECT_EQ(*One("1.5 million people").quantity.value, 1500000);
}

TEST(Quantity, QualifiersMakeIntervals) {
  auto q = One("at least 30 were wounded").quantity;
  EXPECT_EQ(q.low, 30);
  EXPECT_FALSE(q.high);
  EXPECT_EQ(q.qualifier, "at least");
  q = One("more than 30 people").quantity;
  EXPECT_EQ(q.low, 31);
  q = One("around 30 ISKP members").quantity;
  EXPECT_EQ(q.low, 27);
  EXPECT_EQ(*q.high, 33);
  q = One("up to 30 people").quantity;
  EXPECT_EQ(q.low, 0);
  EXPECT_EQ(*q.high, 30);
  q = One("nearly 30 people").quantity;
  EXPECT_EQ(q.low, 27);
  EXPECT_EQ(*q.high, 29);
}

TEST(Quantity, Ranges) {
  auto q = One("20 to 30 people").quantity;
  EXPECT_EQ(q.low, 20);
  EXPECT_EQ(*q.high, 30);
  EXPECT_FALSE(q.value);
  q = One("between 20 and 30 people").quantity;
  EXPECT_EQ(q.low, 20);
  EXPECT_EQ(*q.high, 30);
}

TEST(Quantity, VagueAmountsAreLowerBounds) {
  auto q = One("several others wounded").quantity;
  EXPECT_TRUE(q.vague);
  EXPECT_EQ(q.low, 3);
  EXPECT_FALSE(q.high);
  q = One("Killing Dozens of Soldiers").quantity;
  EXPECT_EQ(q.low, 24);
  EXPECT_EQ(One("hundreds of people").quantity.low, 200);
}

TEST(Quantity, YearsAndMoneyAreMarked) {
  EXPECT_TRUE(One("returned to power in 2021").year_like);
  EXPECT_EQ(One("from as little as $10").quantity.unit_kind, "money");
}

TEST(Quantity, RoundedValuesAgreeWithinRounding) {
  auto a = One("the 2,600-kilometre frontier").quantity;
  auto b = One("the 2,611-kilometer line").quantity;
  EXPECT_TRUE(a.rounded);
  EXPECT_TRUE(a.CompatibleWith(b));
  auto c = One("58 soldiers").quantity;
  auto d = One("23 soldiers").quantity;
  EXPECT_FALSE(c.CompatibleWith(d));
  EXPECT_TRUE(One("at least 30").quantity.CompatibleWith(One("30 others").quantity));
}

}  // namespace
}  // namespace crosscheck
