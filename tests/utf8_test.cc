// base/utf8.h: finding the first byte that is not ASCII or not UTF-8.
#include "base/utf8.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace crosscheck {
namespace {

// The ASCII run before a byte is read eight bytes at a time: a byte that is
// not ASCII is found at every place in and across those words.
TEST(Utf8, InvalidAndNonAsciiBytesAreFoundWhereverTheyFall) {
  for (size_t at = 0; at <= 20; ++at) {
    std::string bad(20, 'a'), wide(20, 'a');
    bad.insert(at, "\xFF");
    wide.insert(at, "\xC3\xA9");
    EXPECT_EQ(AsciiPrefixLength(bad), at);
    EXPECT_EQ(FirstInvalidUtf8(bad), std::optional<size_t>(at));
    EXPECT_EQ(AsciiPrefixLength(wide), at);
    EXPECT_EQ(FirstInvalidUtf8(wide), std::nullopt);
    EXPECT_EQ(FirstInvalidUtf8(wide + "\xC3"), std::optional<size_t>(22)) << at;  // cut short
  }
  EXPECT_EQ(AsciiPrefixLength(""), 0u);
  EXPECT_EQ(AsciiPrefixLength(std::string(17, 'x')), 17u);
}

}  // namespace
}  // namespace crosscheck
