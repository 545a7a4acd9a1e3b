// Byte ranges into a document's original text.
#pragma once

#include <cstddef>
#include <string_view>

namespace crosscheck {

// [begin, end) byte offsets into the original bytes of one document. Every
// stage keeps these, so any figure can be traced to the exact bytes it came from.
struct Span {
  size_t begin = 0;
  size_t end = 0;

  size_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
  bool Contains(size_t offset) const { return offset >= begin && offset < end; }
  bool Overlaps(Span o) const { return begin < o.end && o.begin < end; }
  std::string_view Of(std::string_view text) const { return text.substr(begin, end - begin); }
  friend bool operator==(Span a, Span b) = default;
};

// Whether span `s` lies in a text of `size` bytes: what spans read from
// outside (a store, a damaged or hostile one) are checked against before
// anything indexes a text.
inline bool SpanFits(Span s, size_t size) { return s.begin <= s.end && s.end <= size; }

}  // namespace crosscheck
