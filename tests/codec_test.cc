// The store's byte codec (base/codec.h): varints, and vectors of unsigned
// integers and sparse vectors (term id, weight) written and read by their
// own loops, which must give what element-wise writing and reading give on
// every input.
#include "base/codec.h"
#include "base/sorted_counts.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <utility>
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

// One varint: its bytes (LEB128, the shortest), read back whole; and the
// failures: nothing left, an unfinished varint, one that does not end
// within ten bytes, and every read after a failure (zero, the reader still
// failed).
TEST(Codec, OneVarintIsItsShortestBytesAndFailsOnBadInput) {
  const std::vector<std::pair<uint64_t, std::string>> cases = {
      {0, std::string(1, '\0')}, {1, "\x01"}, {127, "\x7f"}, {128, "\x80\x01"}, {300, "\xac\x02"},
      {16383, "\xff\x7f"}, {16384, "\x80\x80\x01"}, {UINT64_MAX, std::string(9, '\xff') + "\x01"}};
  for (const auto& [value, bytes] : cases) {
    codec::Writer w;
    uint64_t v = value;
    codec::Io(w, v);
    EXPECT_EQ(w.out, bytes) << value;
    codec::Reader r{bytes};
    uint64_t back = 12345;
    codec::Io(r, back);
    EXPECT_TRUE(r.ok) << value;
    EXPECT_EQ(back, value);
    EXPECT_EQ(r.pos, bytes.size());
  }
  // The last: ten bytes that never end a varint, then a byte that is not read.
  for (const std::string& bad : {std::string(), std::string("\x80"), std::string("\xff\xff"),
                                 std::string(10, '\x80') + "\x05"}) {
    codec::Reader r{bad};
    uint64_t v = 7;
    codec::Io(r, v);
    EXPECT_FALSE(r.ok) << bad.size() << " bytes";
    EXPECT_EQ(r.pos, bad.size());
    v = 7;
    codec::Io(r, v);
    EXPECT_EQ(v, 0u);
    EXPECT_FALSE(r.ok);
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

// Sparse vectors (term id, weight) have their own writer and reader; both
// must give the bytes and values of the element-wise pair codec.
std::string EncodeElementWise(const std::vector<std::pair<uint32_t, float>>& v) {
  codec::Writer w;
  uint64_t n = v.size();
  codec::Io(w, n);
  for (auto [id, weight] : v) {
    codec::Io(w, id);
    codec::Io(w, weight);
  }
  return w.out;
}

TEST(Codec, SparseVectorsMatchElementWiseWritingAndReadingAtEveryLength) {
  std::mt19937 random(11);
  std::vector<std::pair<uint32_t, float>> v;
  for (int i = 0; i < 60; ++i) {
    v.emplace_back(static_cast<uint32_t>(random()) >> (i % 32), static_cast<float>(random()) / 1000.0f - 7.5f);
  }
  v.emplace_back(0u, 0.0f);
  v.emplace_back(UINT32_MAX, -1e30f);
  const std::string bytes = codec::Encode(v);
  EXPECT_EQ(bytes, EncodeElementWise(v));
  using Sparse = std::vector<std::pair<uint32_t, float>>;
  Result<Sparse> back = codec::Decode<Sparse>(bytes, "v");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back.value(), v);
  EXPECT_EQ(codec::Encode(std::vector<std::pair<uint32_t, float>>{}), EncodeElementWise({}));
  // An id written as a longer varint (another writer) and never-ending ones.
  std::string odd = "\x02" + std::string("\xff\xff\xff\xff\xff\xff\x01") + "abcd" + std::string(11, '\x80');
  odd += std::string(20, '\x00');
  for (const std::string& input : {bytes, odd}) {
    for (size_t cut = 0; cut <= input.size(); ++cut) {
      const std::string_view in = std::string_view(input).substr(0, cut);
      codec::Reader fast{in}, slow{in};
      std::vector<std::pair<uint32_t, float>> a;
      codec::Io(fast, a);
      uint64_t n = 0;
      codec::Io(slow, n);
      std::vector<std::pair<uint32_t, float>> b;
      if (n > slow.left()) slow.Fail();
      for (uint64_t k = 0; k < n && slow.ok; ++k) {
        uint64_t id = 0;
        float weight = 0;
        codec::Io(slow, id);
        codec::Io(slow, weight);
        b.emplace_back(static_cast<uint32_t>(id), weight);
      }
      ASSERT_EQ(fast.ok, slow.ok) << cut << " bytes";
      if (fast.ok) {
        EXPECT_EQ(fast.pos, slow.pos);
        EXPECT_EQ(a, b);
      }
    }
  }
}

// A SortedCounts is written as the std::map of the same keys; keys read
// back out of order, or twice, fail.
TEST(Codec, SortedCountsAreWrittenAsTheMapOfTheirKeysAndReadOnlyInOrder) {
  using Counts = SortedCounts<std::string, double>;
  std::map<std::string, double> map = {{"alpha", 1}, {"beta", 2.5}, {"internationalist", 3}};
  Counts counts;
  ASSERT_TRUE(counts.Assign({map.begin(), map.end()}));
  EXPECT_EQ(codec::Encode(counts), codec::Encode(map));
  Result<Counts> back = codec::Decode<Counts>(codec::Encode(map), "counts");
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back.value() == counts);
  EXPECT_EQ(back.value().at("beta"), 2.5);
  std::vector<std::pair<std::string, double>> unsorted = {{"beta", 1}, {"alpha", 2}};
  std::vector<std::pair<std::string, double>> repeated = {{"alpha", 1}, {"alpha", 2}};
  for (const auto& items : {unsorted, repeated}) {
    EXPECT_FALSE(codec::Decode<Counts>(codec::Encode(items), "counts").ok());
    Counts c;
    EXPECT_FALSE(c.Assign(items));
    EXPECT_TRUE(c.empty());
  }
}

TEST(Codec, StringsReadBackWhateverTheirLength) {
  for (size_t n : {0u, 1u, 15u, 16u, 100u}) {
    std::string s(n, 'x');
    for (size_t k = 0; k < n; ++k) s[k] = static_cast<char>('a' + k % 26);
    Result<std::string> back = codec::Decode<std::string>(codec::Encode(s), "s");
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back.value(), s);
    EXPECT_FALSE(codec::Decode<std::string>(codec::Encode(s).substr(0, n), "s").ok()) << n;  // cut short
  }
}

// DecodeInto reads string_view fields as views into the bytes (no copy),
// and a vector decoded into again keeps its room; it fails as Decode does.
TEST(Codec, ViewsDecodedIntoAgainPointIntoTheBytesAndKeepTheirRoom) {
  using Owned = std::vector<std::pair<std::string, uint64_t>>;
  using Views = std::vector<std::pair<std::string_view, uint64_t>>;
  const std::string three = codec::Encode(Owned{{"alpha", 1}, {"a name longer than fifteen bytes", 300}, {"", 7}});
  const std::string one = codec::Encode(Owned{{"beta", 2}});
  Views v;
  ASSERT_TRUE(codec::DecodeInto(three, v, "views").ok());
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0], (std::pair<std::string_view, uint64_t>("alpha", 1)));
  EXPECT_EQ(v[1].first, "a name longer than fifteen bytes");
  EXPECT_EQ(v[1].second, 300u);
  EXPECT_EQ(v[2].first, "");
  EXPECT_GE(v[1].first.data(), three.data());
  EXPECT_LE(v[1].first.data() + v[1].first.size(), three.data() + three.size());
  const size_t room = v.capacity();
  ASSERT_TRUE(codec::DecodeInto(one, v, "views").ok());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].first, "beta");
  EXPECT_EQ(v.capacity(), room);
  Status cut = codec::DecodeInto(std::string_view(three).substr(0, three.size() - 3), v, "views");
  EXPECT_FALSE(cut.ok());
  EXPECT_EQ(cut.message(), "corrupt views (" + std::to_string(three.size() - 3) + " bytes)");
  EXPECT_FALSE(codec::DecodeInto(three + "x", v, "views").ok()) << "a byte left over";
}

}  // namespace
}  // namespace crosscheck
