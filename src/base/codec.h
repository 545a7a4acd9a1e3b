// A small binary codec for persisted per-document results (src/store):
// varints, raw floats, doubles and hash words (IoRaw), length-prefixed
// strings and vectors. A type is made persistent by one function listing
// its fields for both directions:
//
//   template <typename Ar> void Io(Ar& ar, Span& s) { Io(ar, s.begin); Io(ar, s.end); }
//   std::string bytes = Encode(span);          // Writer
//   Result<Span> back = Decode<Span>(bytes);   // Reader; fails on short or corrupt input
//
// Reading is bounded: a length is checked against the bytes left before
// anything is allocated, so a corrupt blob costs at most its own size. The
// format has no field names: a type whose fields change needs a new version
// of whatever stores it (the store's schema version).
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "base/short_string.h"
#include "base/sorted_counts.h"
#include "base/span.h"
#include "base/status.h"

namespace crosscheck::codec {

struct Writer {
  static constexpr bool kReading = false;
  std::string out;
};

struct Reader {
  static constexpr bool kReading = true;
  std::string_view in;
  size_t pos = 0;
  bool ok = true;
  size_t left() const { return in.size() - pos; }
  // Marks the input bad; every later read yields zeros.
  void Fail() { ok = false; pos = in.size(); }
};

// Writes the varint of `x` at `p` (at most ten bytes); returns its end.
inline char* PutVarint(char* p, uint64_t x) {
  while (x >= 0x80) {
    *p++ = static_cast<char>((x & 0x7f) | 0x80);
    x >>= 7;
  }
  *p++ = static_cast<char>(x);
  return p;
}
// Reads a varint without a bounds check per byte. REQUIRES: ten bytes left.
// False, with the reader failed, for a varint longer than ten bytes.
inline bool GetVarintUnchecked(Reader& r, uint64_t& y) {
  const uint8_t* in = reinterpret_cast<const uint8_t*>(r.in.data());
  y = 0;
  for (int shift = 0;; shift += 7) {
    if (shift >= 64) {
      r.Fail();
      return false;
    }
    const uint8_t b = in[r.pos++];
    y |= uint64_t{b & 0x7fu} << shift;
    if (!(b & 0x80)) return true;
  }
}

inline void Io(Writer& w, uint64_t& v) {
  if (v < 0x80) {  // most values (counts, deltas, flags): a push_back, not an append's copy
    w.out.push_back(static_cast<char>(v));
    return;
  }
  char bytes[10];
  w.out.append(bytes, static_cast<size_t>(PutVarint(bytes, v) - bytes));
}
// Varints of two bytes or more (out of line: the one-byte case below is
// most of a store's and stays inline).
[[gnu::noinline]] inline void GetLongVarint(Reader& r, uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (r.left() == 0) return r.Fail();
    const uint8_t b = static_cast<uint8_t>(r.in[r.pos++]);
    v |= uint64_t{b & 0x7fu} << shift;
    if (!(b & 0x80)) return;
  }
  r.Fail();
}
inline void Io(Reader& r, uint64_t& v) {
  if (r.pos < r.in.size() && !(static_cast<uint8_t>(r.in[r.pos]) & 0x80)) {
    v = static_cast<uint8_t>(r.in[r.pos++]);
    return;
  }
  GetLongVarint(r, v);
}

// Unsigned integers of other widths and bool, through the varint.
template <typename Ar, typename T>
  requires(std::is_unsigned_v<T> && !std::is_same_v<T, uint64_t>)
void Io(Ar& ar, T& v) {
  uint64_t x = v;
  Io(ar, x);
  if constexpr (Ar::kReading) v = static_cast<T>(x);
}

template <typename Ar>
void Io(Ar& ar, int64_t& v) {  // zigzag
  uint64_t x = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  Io(ar, x);
  if constexpr (Ar::kReading) v = static_cast<int64_t>((x >> 1) ^ (~(x & 1) + 1));
}

// Floating-point numbers (float, double) as their raw bytes: exact.
template <typename F>
  requires std::is_floating_point_v<F>
void Io(Writer& w, F& v) {
  char b[sizeof v];
  std::memcpy(b, &v, sizeof v);
  w.out.append(b, sizeof v);
}
template <typename F>
  requires std::is_floating_point_v<F>
void Io(Reader& r, F& v) {
  if (r.left() < sizeof v) return r.Fail();
  std::memcpy(&v, r.in.data() + r.pos, sizeof v);
  r.pos += sizeof v;
}

// A string as its length and bytes, written from a view and read as a view
// into the input (valid as long as the input is).
inline void PutString(Writer& w, std::string_view s) {
  uint64_t n = s.size();
  Io(w, n);
  w.out += s;
}
inline void GetString(Reader& r, std::string_view& s) {
  uint64_t n = 0;
  Io(r, n);
  if (n > r.left()) return r.Fail();
  s = std::string_view(r.in.data() + r.pos, n);
  r.pos += n;
}

// A string_view field is read as a view into the input (a record read
// without allocating, used while its bytes are).
inline void Io(Writer& w, std::string_view& s) { PutString(w, s); }
inline void Io(Reader& r, std::string_view& s) { GetString(r, s); }

inline void Io(Writer& w, ShortString& s) { PutString(w, s); }
inline void Io(Reader& r, ShortString& s) {
  std::string_view v;
  GetString(r, v);
  s = v;
}

inline void Io(Writer& w, std::string& s) { PutString(w, s); }
inline void Io(Reader& r, std::string& s) {
  std::string_view v;
  GetString(r, v);
  s.resize(v.size());  // and a copy: cheaper than assign's general replace
  if (!v.empty()) std::memcpy(s.data(), v.data(), v.size());
}

template <typename Ar>
void Io(Ar& ar, Span& s) {
  Io(ar, s.begin);
  Io(ar, s.end);
}

template <typename Ar, typename T>
void Io(Ar& ar, std::optional<T>& v) {
  bool has = v.has_value();
  Io(ar, has);
  if constexpr (Ar::kReading) {
    if (has) Io(ar, v.emplace());
    else v.reset();
  } else if (has) {
    Io(ar, *v);
  }
}

template <typename Ar, typename A, typename B>
void Io(Ar& ar, std::pair<A, B>& p) {
  Io(ar, p.first);
  Io(ar, p.second);
}

template <typename Ar, typename T>
void Io(Ar& ar, std::vector<T>& v) {
  uint64_t n = v.size();
  Io(ar, n);
  if constexpr (Ar::kReading) {
    if (n > ar.left()) return ar.Fail();  // every element takes at least a byte
    v.clear();
    v.resize(n);
  }
  for (T& x : v) Io(ar, x);
}

// A vector of unsigned integers (sketch fingerprints, ids) read without a
// bounds check per byte while a whole varint (ten bytes) is left; the same
// values and failures as element-wise reading. Out of line, so that the
// readers it serves stay small enough to inline elsewhere.
template <typename T>
  requires(std::is_unsigned_v<T> && !std::is_same_v<T, bool>)
[[gnu::noinline]] void Io(Reader& r, std::vector<T>& v) {
  uint64_t n = 0;
  Io(r, n);
  if (n > r.left()) return r.Fail();  // every element takes at least a byte
  v.clear();
  v.resize(n);
  for (T& x : v) {
    uint64_t y = 0;
    if (r.left() < 10) {
      Io(r, y);
    } else if (!GetVarintUnchecked(r, y)) {
      return;
    }
    x = static_cast<T>(y);
  }
}

// Sparse vectors (story centroids: term id, weight) written and read in one
// pass, the same bytes, values and failures as element-wise Io.
[[gnu::noinline]] inline void Io(Writer& w, std::vector<std::pair<uint32_t, float>>& v) {
  uint64_t n = v.size();
  Io(w, n);
  const size_t start = w.out.size();
  w.out.resize(start + v.size() * 9);  // a 32-bit varint is at most 5 bytes, a float 4
  char* p = w.out.data() + start;
  for (auto& [id, weight] : v) {
    p = PutVarint(p, id);
    std::memcpy(p, &weight, sizeof weight);
    p += sizeof weight;
  }
  w.out.resize(static_cast<size_t>(p - w.out.data()));
}
[[gnu::noinline]] inline void Io(Reader& r, std::vector<std::pair<uint32_t, float>>& v) {
  uint64_t n = 0;
  Io(r, n);
  if (n > r.left()) return r.Fail();  // every element takes at least a byte
  v.clear();
  v.resize(n);
  for (auto& [id, weight] : v) {
    uint64_t y = 0;
    if (r.left() < 14) {  // near the end: checked reads
      Io(r, y);
      id = static_cast<uint32_t>(y);
      Io(r, weight);
      continue;
    }
    if (!GetVarintUnchecked(r, y)) return;
    id = static_cast<uint32_t>(y);
    std::memcpy(&weight, r.in.data() + r.pos, sizeof weight);
    r.pos += sizeof weight;
  }
}

// Hash values (sketch signatures, fingerprints) as their raw bytes: a varint
// of a random 64-bit value takes ten bytes and a loop to read; a raw word
// takes eight and a copy. The same host byte order as floats (above).
inline void IoRaw(Writer& w, uint64_t& v) {
  char b[sizeof v];
  std::memcpy(b, &v, sizeof v);
  w.out.append(b, sizeof v);
}
inline void IoRaw(Reader& r, uint64_t& v) {
  if (r.left() < sizeof v) return r.Fail();
  std::memcpy(&v, r.in.data() + r.pos, sizeof v);
  r.pos += sizeof v;
}
template <typename T>
  requires(std::is_unsigned_v<T> && !std::is_same_v<T, bool>)
void IoRaw(Writer& w, std::vector<T>& v) {
  uint64_t n = v.size();
  Io(w, n);
  if (!v.empty()) w.out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}
template <typename T>
  requires(std::is_unsigned_v<T> && !std::is_same_v<T, bool>)
void IoRaw(Reader& r, std::vector<T>& v) {
  uint64_t n = 0;
  Io(r, n);
  if (n > r.left() / sizeof(T)) return r.Fail();
  v.resize(n);
  if (n > 0) std::memcpy(v.data(), r.in.data() + r.pos, n * sizeof(T));
  r.pos += n * sizeof(T);
}

template <typename Ar, typename K, typename V>
void Io(Ar& ar, std::map<K, V>& m) {
  uint64_t n = m.size();
  Io(ar, n);
  if constexpr (Ar::kReading) {
    if (n > ar.left()) return ar.Fail();
    m.clear();
    for (uint64_t i = 0; i < n && ar.ok; ++i) {
      std::pair<K, V> kv;
      Io(ar, kv);
      m.insert(std::move(kv));
    }
  } else {
    for (auto& [k, v] : m) {
      K key = k;
      Io(ar, key);
      Io(ar, v);
    }
  }
}

// As a std::map of the same keys: the count, then each key and value in key
// order. Keys that do not increase fail to read.
template <typename Ar, typename K, typename V>
void Io(Ar& ar, SortedCounts<K, V>& m) {
  uint64_t n = m.size();
  Io(ar, n);
  if constexpr (Ar::kReading) {
    if (n > ar.left()) return ar.Fail();
    std::vector<std::pair<K, V>> items(n);
    for (auto& kv : items) Io(ar, kv);
    if (ar.ok && !m.Assign(std::move(items))) ar.Fail();
  } else {
    for (const auto& [k, v] : m) {
      K key = k;
      V value = v;
      Io(ar, key);
      Io(ar, value);
    }
  }
}

// The bytes of `value` (Io must be declared for T and must not modify it
// when writing).
template <typename T>
std::string Encode(const T& value) {
  Writer w;
  Io(w, const_cast<T&>(value));
  return std::move(w.out);
}

// `bytes` read into `value`; fails unless they are exactly one encoded T.
// A vector read again keeps its room, so a value decoded into over and over
// allocates only as it grows. Equal to Decode's value only for a T whose Io
// lists every field (a field Io skips keeps what it held); after a failure
// `value` is unspecified.
template <typename T>
Status DecodeInto(std::string_view bytes, T& value, std::string_view what) {
  Reader r{bytes};
  Io(r, value);
  if (!r.ok || r.pos != bytes.size()) {
    return Status::Error("corrupt " + std::string(what) + " (" + std::to_string(bytes.size()) + " bytes)");
  }
  return {};
}

// `bytes` read back as a T; fails unless they are exactly one encoded T.
template <typename T>
Result<T> Decode(std::string_view bytes, std::string_view what) {
  T value{};
  if (Status s = DecodeInto(bytes, value, what); !s.ok()) return s;
  return value;
}

}  // namespace crosscheck::codec
