// Fuzzes the plain-text reader: ReadBuffer("x.txt", bytes), and the stdin
// sniffing of ReadBuffer("-", bytes) (JSON Lines when it starts with '{').
//
// Invariants (x.txt): at most one Document, holding the input unchanged, with
// id "x"; it is returned exactly when there is no error; a diagnostic about a
// byte gives the 1-based line of that byte.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "ingest/reader.h"

namespace {

using crosscheck::Severity;

// The line of `offset`, lines ending at LF, CRLF or a lone CR (a slow,
// obviously correct reference for crosscheck::LineOf).
size_t LineOf(std::string_view text, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) ++line;
  }
  return line;
}

void CheckText(std::string_view bytes, size_t max_document_bytes) {
  crosscheck::IngestOptions options;
  options.max_document_bytes = max_document_bytes;
  crosscheck::IngestResult out;
  crosscheck::ReadBuffer("x.txt", bytes, options, out);
  FUZZ_CHECK(out.documents.size() <= 1);
  size_t errors = 0;
  for (const crosscheck::Diagnostic& d : out.diagnostics) {
    FUZZ_CHECK(d.file == "x.txt");
    FUZZ_CHECK(!d.message.empty());
    if (d.severity == Severity::kError) ++errors;
    if (d.line == 0) {
      FUZZ_CHECK(d.byte == 0);  // about the whole file
    } else {
      FUZZ_CHECK(d.byte < bytes.size());
      FUZZ_CHECK(d.line == LineOf(bytes, d.byte));
    }
  }
  FUZZ_CHECK(errors <= 1);
  FUZZ_CHECK(out.documents.size() + errors == 1);
  FUZZ_CHECK(out.diagnostics.size() <= 1);
  if (!out.documents.empty()) {
    const crosscheck::Document& doc = out.documents[0];
    FUZZ_CHECK(doc.text == bytes);
    FUZZ_CHECK(doc.id == "x");
    FUZZ_CHECK(doc.origin == "x.txt");
    FUZZ_CHECK(doc.text.find('\0') == std::string::npos);
    FUZZ_CHECK(doc.text.size() <= max_document_bytes);
  }
}

void CheckStdin(std::string_view bytes) {
  crosscheck::IngestResult out;
  crosscheck::ReadBuffer("-", bytes, {}, out);
  size_t first = bytes.find_first_not_of(" \t\r\n");
  bool jsonl = first != std::string_view::npos && bytes[first] == '{';
  for (const crosscheck::Document& doc : out.documents) {
    FUZZ_CHECK(!doc.text.empty());
    FUZZ_CHECK(!doc.id.empty());
    if (!jsonl) FUZZ_CHECK(doc.id == "stdin" && doc.text == bytes);
  }
  for (const crosscheck::Diagnostic& d : out.diagnostics) {
    FUZZ_CHECK(d.file == "-");
    FUZZ_CHECK(d.byte <= bytes.size());
    if (jsonl) FUZZ_CHECK(d.line >= 1);
  }
  if (!jsonl) FUZZ_CHECK(out.documents.size() <= 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > crosscheck::fuzz::kMaxInput) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  CheckText(bytes, size_t{64} << 20);
  CheckText(bytes, 64);  // exercises the size limit
  CheckStdin(bytes);
  return 0;
}
