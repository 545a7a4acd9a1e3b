// The store's byte codec (base/codec.h): varints, and vectors of unsigned
// integers read by their own loop (sketch fingerprints are mostly ten-byte
// varints), which must give what element-wise reading gives on every input.
#include "base/codec.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace crosscheck {
namespace {

// What the vector reader must match: the count, then one varint per element.
template <typename T>
std::vector<T> ReadElementWise(codec::Reader& r) {
  uint64_t n = 0;
  codec::Io(r, n);
  if (n > r.left()) {
    r.Fail();
    return {};
  }
  std::vector<T> v(n);
  for (T& x : v) {
    uint64_t y = 0;
    codec::Io(r, y);
    x = static_cast<T>(y);
  }
  return v;
}

template <typename T>
void ExpectSameAsElementWise(std::string_view bytes) {
  codec::Reader fast{bytes}, slow{bytes};
  std::vector<T> a;
  codec::Io(fast, a);
  std::vector<T> b = ReadElementWise<T>(slow);
  ASSERT_EQ(fast.ok, slow.ok) << bytes.size() << " bytes";
  EXPECT_EQ(fast.pos, slow.pos);
  if (fast.ok) {
    EXPECT_EQ(a, b);
  }
}

TEST(Codec, VectorsOfFingerprintsRoundTripAndMatchElementWiseReadingAtEveryLength) {
  std::mt19937_64 random(7);
  std::vector<uint64_t> seeds;
  for (int i = 0; i < 40; ++i) seeds.push_back(random() >> (i % 64));  // every varint length, 1 to 10 bytes
  seeds.push_back(0);
  seeds.push_back(UINT64_MAX);
  const std::string bytes = codec::Encode(seeds);
  Result<std::vector<uint64_t>> back = codec::Decode<std::vector<uint64_t>>(bytes, "seeds");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back.value(), seeds);
  // Cut anywhere: the same failure, or the same values, as element-wise.
  for (size_t cut = 0; cut <= bytes.size(); ++cut) {
    ExpectSameAsElementWise<uint64_t>(std::string_view(bytes).substr(0, cut));
    ExpectSameAsElementWise<uint32_t>(std::string_view(bytes).substr(0, cut));
  }
}

TEST(Codec, AVarintLongerThanTenBytesFailsInsideAndAtTheEndOfTheInput) {
  // One element whose varint never ends: eleven continuation bytes.
  std::string bytes = "\x01" + std::string(11, '\x80') + "\x01";
  ExpectSameAsElementWise<uint64_t>(bytes);
  codec::Reader r{bytes};
  std::vector<uint64_t> v;
  codec::Io(r, v);
  EXPECT_FALSE(r.ok);
  // With more than ten bytes after it, the fast path reads it.
  bytes += std::string(16, '\x00');
  ExpectSameAsElementWise<uint64_t>(bytes);
  codec::Reader r2{bytes};
  codec::Io(r2, v);
  EXPECT_FALSE(r2.ok);
  // A count larger than the bytes left.
  ExpectSameAsElementWise<uint32_t>("\x05\x01\x02");
}

TEST(Codec, Uint32ElementsKeepTheLow32BitsAsElementWiseReadingDoes) {
  std::vector<uint64_t> wide = {uint64_t{1} << 40 | 5, 7};
  const std::string bytes = codec::Encode(wide);
  codec::Reader r{bytes};
  std::vector<uint32_t> narrow;
  codec::Io(r, narrow);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(narrow, (std::vector<uint32_t>{5, 7}));
  ExpectSameAsElementWise<uint32_t>(bytes);
}

}  // namespace
}  // namespace crosscheck
