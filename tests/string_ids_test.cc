// base/string_ids.h: strings numbered in the order first interned, found
// again across table growth, with any bytes.
#include "base/string_ids.h"

#include <gtest/gtest.h>

#include <string>
#include <unordered_map>

namespace crosscheck {
namespace {

TEST(StringIds, NumbersStringsInTheOrderFirstSeen) {
  StringIds ids;
  bool added = false;
  EXPECT_EQ(ids.Find("kabul"), StringIds::kNone);
  EXPECT_EQ(ids.Intern("kabul", &added), 0u);
  EXPECT_TRUE(added);
  EXPECT_EQ(ids.Intern("herat", &added), 1u);
  EXPECT_TRUE(added);
  EXPECT_EQ(ids.Intern("kabul", &added), 0u);
  EXPECT_FALSE(added);
  EXPECT_EQ(ids.Intern(""), 2u);  // the empty string is a string
  EXPECT_EQ(ids.Find(""), 2u);
  EXPECT_EQ(ids.Find("Kabul"), StringIds::kNone);  // bytes, not words
  EXPECT_EQ(ids[1], "herat");
  EXPECT_EQ(ids.size(), 3u);
}

TEST(StringIds, FindsEveryStringAcrossGrowthAsAHashMapDoes) {
  StringIds ids, reserved;
  reserved.Reserve(50000);
  std::unordered_map<std::string, uint32_t> want;
  for (uint32_t i = 0; i < 50000; ++i) {
    // Keys that share prefixes, lengths and bytes: numbers, NULs, repeats.
    std::string key = std::to_string(i * 7919 % 20011) + std::string(i % 3, '\0') + "x" + std::to_string(i % 97);
    auto [it, fresh] = want.try_emplace(key, static_cast<uint32_t>(want.size()));
    bool added = false;
    ASSERT_EQ(ids.Intern(key, &added), it->second) << i;
    ASSERT_EQ(added, fresh) << i;
    ASSERT_EQ(reserved.Intern(key), it->second) << i;
  }
  EXPECT_EQ(ids.size(), want.size());
  for (const auto& [key, id] : want) {
    ASSERT_EQ(ids.Find(key), id);
    ASSERT_EQ(ids[id], key);
  }
}

}  // namespace
}  // namespace crosscheck
