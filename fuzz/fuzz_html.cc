// Fuzzes the HTML reader: ReadHtml (ingest/html.h) on the input as a page,
// with and without a Content-Type charset, and LooksLikeHtml.
//
// Invariants: a page under the limit is read or refused with a message; the
// text is valid UTF-8 without NUL; source is the input unchanged; map pieces
// are non-empty, increasing and disjoint in both buffers and inside them; the
// title, when set, is what the text starts with.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/utf8.h"
#include "fuzz_check.h"
#include "ingest/html.h"

namespace {

void Check(std::string_view bytes, const char* content_type) {
  crosscheck::WebPage page{bytes, "https://example.com/a/b", content_type, "2024-01-01"};
  crosscheck::IngestOptions options;
  crosscheck::Result<crosscheck::HtmlDocument> r = crosscheck::ReadHtml("x", page, options);
  if (!r.ok()) {
    FUZZ_CHECK(!r.status().message().empty());
    return;
  }
  const crosscheck::Document& d = r.value().document;
  FUZZ_CHECK(d.id == "x");
  FUZZ_CHECK(d.source == bytes);
  FUZZ_CHECK(!d.text.empty());
  FUZZ_CHECK(!crosscheck::FirstInvalidUtf8(d.text).has_value());
  FUZZ_CHECK(d.text.find('\0') == std::string::npos);
  FUZZ_CHECK(d.title.empty() || d.text.compare(0, d.title.size(), d.title) == 0);
  size_t text_end = 0, source_end = 0;
  for (const crosscheck::SourceRange& m : d.source_map) {
    FUZZ_CHECK(m.text.begin < m.text.end && m.text.end <= d.text.size());
    FUZZ_CHECK(m.source.begin < m.source.end && m.source.end <= d.source.size());
    FUZZ_CHECK(m.text.begin >= text_end && m.source.begin >= source_end);
    text_end = m.text.end;
    source_end = m.source.end;
  }
  for (const std::string& w : r.value().warnings) FUZZ_CHECK(!w.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > crosscheck::fuzz::kMaxInput) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)crosscheck::LooksLikeHtml(bytes);
  Check(bytes, "");
  Check(bytes, "text/html; charset=windows-1251");
  Check(bytes, "text/html; charset=utf-16le");
  return 0;
}
