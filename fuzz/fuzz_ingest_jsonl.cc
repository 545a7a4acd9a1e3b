// Fuzzes the JSON Lines reader: ReadBuffer("x.jsonl", bytes).
//
// Invariants: every non-blank line becomes exactly one Document or one error;
// Documents have non-blank text without NUL bytes and within the size limit;
// every diagnostic names the file and a line (>= 1) whose bytes hold its byte;
// every valid UTF-8 line the reader's fast path (ParseSimpleRecord) accepts,
// nlohmann::json reads as the same text and fields.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "base/utf8.h"
#include "fuzz_check.h"
#include "ingest/json_record.h"
#include "ingest/reader.h"
#include "json_record_reference.h"

namespace {

using crosscheck::Severity;

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return false;
  }
  return true;
}

void Check(std::string_view bytes, size_t max_document_bytes) {
  crosscheck::IngestOptions options;
  options.max_document_bytes = max_document_bytes;
  crosscheck::IngestResult out;
  crosscheck::ReadBuffer("x.jsonl", bytes, options, out);

  // Lines as the reader splits them: [start, end) without the '\n'.
  struct Line { size_t start, end; bool blank; };
  std::vector<Line> lines;
  for (size_t pos = 0; pos < bytes.size();) {
    size_t nl = bytes.find('\n', pos);
    size_t end = nl == std::string_view::npos ? bytes.size() : nl;
    std::string_view line = bytes.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back({pos, end, IsBlank(line)});
    pos = end + 1;
  }
  for (const Line& l : lines) {
    std::string_view line = bytes.substr(l.start, l.end - l.start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (crosscheck::FirstInvalidUtf8(line)) continue;  // the reader repairs these first
    auto fast = crosscheck::ingest_internal::ParseSimpleRecord(line);
    if (!fast) continue;
    auto reference = crosscheck::test_reference::RecordViaNlohmann(line);
    FUZZ_CHECK(reference.has_value());
    FUZZ_CHECK(fast->text == reference->text);
    FUZZ_CHECK(fast->fields == reference->fields);
  }
  size_t non_blank = 0;
  for (const Line& l : lines) non_blank += !l.blank;

  size_t errors = 0, warnings = 0;
  for (const crosscheck::Diagnostic& d : out.diagnostics) {
    FUZZ_CHECK(d.file == "x.jsonl");
    FUZZ_CHECK(!d.message.empty());
    FUZZ_CHECK(d.line >= 1 && d.line <= lines.size());
    const Line& l = lines[d.line - 1];
    FUZZ_CHECK(!l.blank);
    FUZZ_CHECK(d.byte >= l.start && d.byte <= l.end);
    (d.severity == Severity::kError ? errors : warnings)++;
  }
  FUZZ_CHECK(out.documents.size() + errors == non_blank);
  FUZZ_CHECK(warnings <= out.documents.size());

  for (const crosscheck::Document& doc : out.documents) {
    FUZZ_CHECK(!doc.text.empty());
    FUZZ_CHECK(!IsBlank(doc.text));
    FUZZ_CHECK(doc.text.find('\0') == std::string::npos);
    FUZZ_CHECK(doc.text.size() <= max_document_bytes);
    FUZZ_CHECK(!doc.id.empty());
    FUZZ_CHECK(doc.origin.rfind("x.jsonl:", 0) == 0);
    FUZZ_CHECK(doc.fields.count("text") == 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > crosscheck::fuzz::kMaxInput) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Check(bytes, size_t{64} << 20);
  Check(bytes, 16);  // exercises the size limit
  return 0;
}
