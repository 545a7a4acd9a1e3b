// Fuzzes the cleaner: Clean() on a Document made from the input.
//
// Invariants: the headline, removals and paragraphs are non-empty spans inside
// the text, each within one line (no '\n' or '\r'), trimmed of blanks; taken together
// they are in text order and do not overlap; the headline comes first.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clean/cleaner.h"
#include "fuzz_check.h"

namespace {

using crosscheck::Span;

bool IsBlankByte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

void CheckLineSpan(std::string_view text, Span s) {
  FUZZ_CHECK(crosscheck::fuzz::Inside(s, text.size()));
  FUZZ_CHECK(!s.empty());
  std::string_view w = s.Of(text);
  FUZZ_CHECK(w.find_first_of("\r\n") == std::string_view::npos);
  FUZZ_CHECK(!IsBlankByte(w.front()) && !IsBlankByte(w.back()));
}

void Check(const crosscheck::Document& doc, const crosscheck::CleanOptions& options) {
  std::string_view text = doc.text;
  crosscheck::CleanDocument clean = crosscheck::Clean(doc, options);
  if (!doc.outlet.empty()) FUZZ_CHECK(clean.outlet == doc.outlet);

  std::vector<Span> all;
  if (clean.headline) {
    CheckLineSpan(text, *clean.headline);
    for (Span p : clean.paragraphs) FUZZ_CHECK(clean.headline->end <= p.begin);
    all.push_back(*clean.headline);
  }
  Span prev{0, 0};
  for (const crosscheck::Removal& r : clean.removed) {
    CheckLineSpan(text, r.span);
    FUZZ_CHECK(!r.kind.empty());
    FUZZ_CHECK(prev.end <= r.span.begin);
    prev = r.span;
    all.push_back(r.span);
  }
  prev = {0, 0};
  for (Span p : clean.paragraphs) {
    CheckLineSpan(text, p);
    FUZZ_CHECK(prev.end <= p.begin);
    prev = p;
    all.push_back(p);
  }
  std::sort(all.begin(), all.end(), [](Span a, Span b) { return a.begin < b.begin; });
  for (size_t i = 1; i < all.size(); ++i) {
    FUZZ_CHECK(all[i - 1].end <= all[i].begin);
    // Different lines: a line break (LF, CRLF or CR) separates consecutive spans.
    FUZZ_CHECK(text.substr(all[i - 1].end, all[i].begin - all[i - 1].end).find_first_of("\r\n") !=
               std::string_view::npos);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > crosscheck::fuzz::kMaxInput) return 0;
  crosscheck::Document doc = crosscheck::fuzz::DocumentFrom(data, size);
  Check(doc, {});
  // Small limits: most lines are too long for boilerplate, short ones repeat.
  crosscheck::CleanOptions small;
  small.max_boilerplate_line = 24;
  small.min_repeated_line = 1;
  doc.outlet = "Outlet";
  Check(doc, small);
  return 0;
}
