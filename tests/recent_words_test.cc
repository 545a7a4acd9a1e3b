// base/recent_words.h: a direct-mapped cache of short words, which may
// forget a word but never gives another word's value.
#include "base/recent_words.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>
#include <unordered_map>

namespace crosscheck {
namespace {

TEST(RecentWords, FindsAWordKeptAndNoOther) {
  auto recent = std::make_unique<RecentWords<uint32_t>>();
  EXPECT_EQ(recent->Find("kabul"), nullptr);
  recent->Put("kabul", 7);
  ASSERT_NE(recent->Find("kabul"), nullptr);
  EXPECT_EQ(*recent->Find("kabul"), 7u);
  EXPECT_EQ(recent->Find("Kabul"), nullptr);  // bytes, not words
  EXPECT_EQ(recent->Find("kabu"), nullptr);
  EXPECT_EQ(recent->Find(std::string_view("kabul\0", 6)), nullptr);
  recent->Put("kabul", 8);  // replaced
  EXPECT_EQ(*recent->Find("kabul"), 8u);
  recent->Clear();
  EXPECT_EQ(recent->Find("kabul"), nullptr);
}

TEST(RecentWords, KeepsNoEmptyWordAndNoneLongerThanSixteenBytes) {
  auto recent = std::make_unique<RecentWords<uint32_t>>();
  recent->Put("", 1);
  EXPECT_EQ(recent->Find(""), nullptr);
  const std::string sixteen = "international-ly", seventeen = "internationalists";
  ASSERT_EQ(sixteen.size(), 16u);
  ASSERT_EQ(seventeen.size(), 17u);
  recent->Put(sixteen, 2);
  recent->Put(seventeen, 3);
  ASSERT_NE(recent->Find(sixteen), nullptr);
  EXPECT_EQ(*recent->Find(sixteen), 2u);
  EXPECT_EQ(recent->Find(seventeen), nullptr);
}

// Words of every size from 1 to 16 that share their first and last bytes
// and differ in between (what a key of the first and last eight bytes
// must tell apart), put in a few thousand times over a small table: every
// look-up gives the value last put for that very word, or nothing.
TEST(RecentWords, NeverGivesAnotherWordsValue) {
  auto recent = std::make_unique<RecentWords<uint32_t, 64>>();
  std::unordered_map<std::string, uint32_t> last;
  std::mt19937 rng(7);
  size_t found = 0;
  for (uint32_t i = 1; i <= 20000; ++i) {
    const size_t size = 1 + rng() % 16;
    std::string w(size, 'a');
    w.front() = 'k', w.back() = 'l';
    for (size_t k = 1; k + 1 < size; ++k) w[k] = static_cast<char>('a' + rng() % 3);
    if (const uint32_t* v = recent->Find(w)) {
      ASSERT_TRUE(last.count(w)) << w;
      ASSERT_EQ(*v, last[w]) << w;
      ++found;
    }
    recent->Put(w, i);
    last[w] = i;
  }
  EXPECT_GT(found, 1000u);  // short words repeat, and are found again
}

}  // namespace
}  // namespace crosscheck
