// Invariant checks shared by the fuzz targets. They abort in every build type
// (NDEBUG does not turn them off), so a violated invariant is a crash that
// libFuzzer records and the replay tests report.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string_view>

#include "base/span.h"
#include "ingest/reader.h"

#define FUZZ_CHECK(cond)                                                              \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::fflush(stderr);                                                            \
      __builtin_trap();                                                               \
    }                                                                                 \
  } while (0)

namespace crosscheck::fuzz {

// Inputs larger than this are ignored: they only make executions slow.
inline constexpr size_t kMaxInput = size_t{64} << 10;

// A non-inverted span that lies inside a text of `size` bytes.
inline bool Inside(Span s, size_t size) { return s.begin <= s.end && s.end <= size; }

// A span inside `outer`.
inline bool Within(Span s, Span outer) { return outer.begin <= s.begin && s.end <= outer.end && s.begin <= s.end; }

// A document with id "x" whose text is the fuzz input.
inline Document DocumentFrom(const uint8_t* data, size_t size) {
  Document doc;
  doc.id = "x";
  doc.text.assign(reinterpret_cast<const char*>(data), size);
  return doc;
}

}  // namespace crosscheck::fuzz
