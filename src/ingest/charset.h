// Charset detection and conversion of a web page to UTF-8 (ingest/html.h
// states the rules), keeping a map from the UTF-8 bytes back to the page's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crosscheck {

struct DecodedPage {
  // The page as UTF-8: `view` of the input (UTF-8 pages, byte-order mark
  // skipped) or `owned` (converted pages). Invalid UTF-8 may remain in a
  // page read as UTF-8; the HTML parser reads it as U+FFFD.
  std::string_view utf8() const { return converted ? std::string_view(owned) : view; }
  std::string_view view;
  std::string owned;
  bool converted = false;
  std::string charset;  // the ICU name used, "UTF-8" when not converted
  std::vector<std::string> warnings;

  // The page offset of UTF-8 offset `i` (0 <= i <= utf8().size()); at a
  // character boundary this is where the character's bytes start in the page
  // (utf8().size() maps to the page's size).
  size_t SourceOffset(size_t i) const { return to_source.empty() ? skip + i : to_source[i]; }

  size_t skip = 0;                 // bytes before `utf8` in the page (a BOM)
  std::vector<uint32_t> to_source;  // converted pages: utf8().size() + 1 offsets
};

// `view` stays valid while `bytes` lives. REQUIRES: bytes.size() < 4 GiB.
DecodedPage DecodePage(std::string_view bytes, std::string_view content_type);

// The charset named by a Content-Type value ("text/html; charset=utf-8"), or "".
std::string CharsetOfContentType(std::string_view content_type);

}  // namespace crosscheck
