// ShortString: a string in 16 bytes, set whole (no appending), for the many
// short strings kept per token. Up to 15 bytes live inside the object,
// longer ones on the heap. A std::string takes 32 bytes for the same (its
// inline room is 15 bytes too): as a Token's lower-case text, 16 bytes of its
// 56, and a batch's tokens are its largest part.
//
//   ShortString s = "killed";                 // inline
//   std::string_view v = s;                   // reads like a string_view
//   if (s == "killed" && s.ends_with("ed")) ...
#pragma once

#include <cassert>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace crosscheck {

class ShortString {
 public:
  // At most this many bytes are kept inside the object.
  static constexpr size_t kInline = 15;

  ShortString() noexcept { buf_[kTag] = 0; }
  // REQUIRES: s.size() < 2^32.
  ShortString(std::string_view s) { Init(s); }  // NOLINT: implicit, as std::string from a literal
  ShortString(const char* s) : ShortString(std::string_view(s)) {}
  ShortString(const std::string& s) : ShortString(std::string_view(s)) {}
  ShortString(const ShortString& o) { Init(o.view()); }
  ShortString(ShortString&& o) noexcept {
    std::memcpy(buf_, o.buf_, sizeof buf_);
    o.buf_[kTag] = 0;
  }
  ShortString& operator=(const ShortString& o) {
    if (this != &o) *this = ShortString(o);
    return *this;
  }
  ShortString& operator=(ShortString&& o) noexcept {
    if (this != &o) {
      Free();
      std::memcpy(buf_, o.buf_, sizeof buf_);
      o.buf_[kTag] = 0;
    }
    return *this;
  }
  // `s` may be part of this string.
  ShortString& operator=(std::string_view s) { return *this = ShortString(s); }
  ShortString& operator=(const char* s) { return *this = ShortString(s); }
  ShortString& operator=(const std::string& s) { return *this = ShortString(s); }
  ~ShortString() { Free(); }

  const char* data() const { return on_heap() ? HeapPointer() : buf_; }
  size_t size() const { return on_heap() ? HeapSize() : static_cast<uint8_t>(buf_[kTag]); }
  bool empty() const { return size() == 0; }
  std::string_view view() const { return {data(), size()}; }
  operator std::string_view() const { return view(); }  // NOLINT: implicit, reads as a string_view
  explicit operator std::string() const { return std::string(view()); }
  // Bytes kept on the heap (0 for a string of at most kInline bytes).
  size_t heap_bytes() const { return on_heap() ? HeapSize() : 0; }

  char operator[](size_t i) const { return data()[i]; }
  char front() const { return data()[0]; }
  char back() const { return data()[size() - 1]; }
  bool starts_with(std::string_view p) const { return view().starts_with(p); }
  bool ends_with(std::string_view p) const { return view().ends_with(p); }
  std::string_view substr(size_t pos, size_t n = std::string_view::npos) const { return view().substr(pos, n); }
  size_t find(std::string_view s, size_t pos = 0) const { return view().find(s, pos); }
  size_t find(char c, size_t pos = 0) const { return view().find(c, pos); }
  size_t rfind(char c, size_t pos = std::string_view::npos) const { return view().rfind(c, pos); }

  friend bool operator==(const ShortString& a, const ShortString& b) { return a.view() == b.view(); }
  friend bool operator==(const ShortString& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const ShortString& a, const char* b) { return a.view() == b; }
  friend bool operator==(const ShortString& a, const std::string& b) { return a.view() == b; }
  friend std::strong_ordering operator<=>(const ShortString& a, const ShortString& b) { return a.view() <=> b.view(); }
  friend std::strong_ordering operator<=>(const ShortString& a, std::string_view b) { return a.view() <=> b; }
  friend std::strong_ordering operator<=>(const ShortString& a, const char* b) { return a.view() <=> b; }
  friend std::strong_ordering operator<=>(const ShortString& a, const std::string& b) { return a.view() <=> b; }
  friend std::string operator+(std::string a, const ShortString& b) { return a.append(b.view()); }
  friend std::string operator+(const ShortString& a, std::string_view b) {
    std::string s(a.view());
    return s.append(b);
  }

 private:
  // buf_[kTag] is the size of an inline string, or kHeap; a heap string's
  // pointer is in buf_[0, 8) and its size in buf_[8, 12).
  static constexpr size_t kTag = 15;
  static constexpr uint8_t kHeap = 0xff;

  bool on_heap() const { return static_cast<uint8_t>(buf_[kTag]) == kHeap; }
  const char* HeapPointer() const {
    const char* p;
    std::memcpy(&p, buf_, sizeof p);
    return p;
  }
  size_t HeapSize() const {
    uint32_t n;
    std::memcpy(&n, buf_ + 8, sizeof n);
    return n;
  }
  void Init(std::string_view s) {
    if (s.size() <= kInline) {
      if (!s.empty()) std::memcpy(buf_, s.data(), s.size());
      buf_[kTag] = static_cast<char>(s.size());
      return;
    }
    assert(s.size() <= UINT32_MAX);
    char* p = new char[s.size()];
    std::memcpy(p, s.data(), s.size());
    const auto n = static_cast<uint32_t>(s.size());
    std::memcpy(buf_, &p, sizeof p);
    std::memcpy(buf_ + 8, &n, sizeof n);
    buf_[kTag] = static_cast<char>(kHeap);
  }
  void Free() {
    if (on_heap()) delete[] HeapPointer();
  }

  alignas(8) char buf_[16];
};

static_assert(sizeof(ShortString) == 16);

}  // namespace crosscheck
