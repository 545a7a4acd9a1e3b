// Ingest: turns files, directories, JSON Lines and stdin into Documents.
//
// Formats:
//   *.txt (and any file not named .jsonl/.ndjson): one report per file; the
//     document id is the file stem. Headline detection happens in clean/.
//   *.jsonl / *.ndjson: one JSON object a line with "text" (required) and
//     optional "id", "title", "outlet", "url", "published"; other string or
//     number fields are kept in Document::fields (for --group field:NAME).
//   *.html / *.htm, and any other file or stdin whose first bytes look like
//     HTML (ingest/html.h LooksLikeHtml): one page per file, read by
//     ingest/html.h (charset, main text, metadata, map back to the page).
//   "-": standard input, read as JSON Lines when its first non-blank byte is
//     '{', else as one text report (or HTML page) with id "stdin".
// Invalid UTF-8 is kept with a warning: text files keep their bytes (later
// stages read them as U+FFFD); a JSON Lines record's invalid bytes are
// replaced by U+FFFD before it is parsed (JSON must be UTF-8).
// Size: no input holds more than IngestOptions::max_document_bytes + 1 bytes
// in memory, whatever it is (a regular file, a directory's files, stdin, a
// FIFO, a device such as /dev/zero): a text input over the limit is skipped
// (a regular file without being read, a stream once limit + 1 bytes are read:
// it may never end), and so is a JSON Lines line over it (read to its end in
// 64 KiB chunks and discarded; the next line is read as usual). The reading
// itself is in ingest/capped.h, for every reader of outside input.
// Bad input never stops the run: each problem becomes a Diagnostic naming the
// file, line and byte, and every other document is still returned.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/span.h"
#include "ingest/fetch.h"

namespace crosscheck {

// A piece of extracted text and the page bytes it came from (HTML input,
// ingest/html.h): `text` indexes Document::text, `source` Document::source.
// A piece is one text node of the page: its text is the node's text with
// entities decoded and white space collapsed, so offsets inside a piece are
// not proportional; its ends are exact.
struct SourceRange {
  Span text;
  Span source;
};

struct Document {
  std::string id;
  std::string text;  // original bytes; every Span in the pipeline indexes these
  std::string title, outlet, url, published;  // metadata, empty when unknown
  std::string author, modified, language;     // metadata, empty when unknown
  std::map<std::string, std::string> fields;  // all scalar JSONL fields as text
  std::string origin;                         // "file" or "file:line"
  // Extracted documents (HTML pages) only; empty for text and JSON Lines:
  // `text` is then the page's extracted text and `source` the page's bytes as
  // received (any charset). source_map pieces are in text order, disjoint and
  // increasing in both buffers; text without a piece (the blank lines between
  // paragraphs, a headline from JSON-LD) maps nowhere.
  std::string source;
  std::string source_charset;  // the charset the page was decoded from, e.g. "UTF-8"
  std::vector<SourceRange> source_map;
};

enum class Severity { kWarning, kError };

// A problem with one input. kError: the input (file or line) was skipped.
// kWarning: the input was kept, with the caveat in `message`.
struct Diagnostic {
  std::string file;
  size_t line = 0;  // 1-based; 0 when the whole file is concerned
  size_t byte = 0;  // 0-based offset in the file
  Severity severity = Severity::kWarning;
  std::string message;
};

struct IngestOptions {
  // The most bytes of one input: a text file, stdin read as text, one JSON
  // Lines line (its raw bytes, '\r' included, '\n' not). Larger inputs are
  // skipped with an error naming file (and line) and the limit; the CLI's
  // --max-document-bytes. Default: 64 MiB. A news article is rarely over
  // 1 MB, so this only skips what is not one report (a log, a dump, an
  // endless stream) while a long report, or a whole book, is still read;
  // reading stays bounded at 64 MiB per input. Analysing a document costs
  // far more than reading it (docs/PERFORMANCE.md), so lower it where memory
  // is short. REQUIRES: > 0.
  size_t max_document_bytes = size_t{64} << 20;
  // http:// and https:// inputs (ingest/web.h, ingest/fetch.h): parallel
  // connections, timeouts, redirects, If-Modified-Since. The size cap is
  // max_document_bytes.
  FetchOptions fetch;
  // The transport for URLs; null (the default): libcurl with `fetch`.
  // Tests pass a fake. Must outlive the call.
  Fetcher* fetcher = nullptr;
};

struct IngestResult {
  std::vector<Document> documents;
  std::vector<Diagnostic> diagnostics;
};

// Reads every path in order. Directories are walked recursively and their
// .txt, .jsonl, .ndjson, .html and .htm files read in name order; "-" reads stdin.
// Ids are unique: a later duplicate gets UniqueId's suffix and a warning.
IngestResult ReadInputs(const std::vector<std::string>& paths, const IngestOptions& options);

// `id`, or the first of id#2, id#3, ... that `taken` does not hold; `taken`
// then holds the id returned. ReadInputs numbers a later duplicate of one
// input so; a store (store/store.h) a new report whose id it holds.
std::string UniqueId(const std::string& id, std::unordered_set<std::string>& taken);

// Reads one in-memory input as if it were the file `name` (format chosen by
// its extension, or sniffed when `name` is "-"). Appends to `out`.
void ReadBuffer(std::string_view name, std::string_view bytes, const IngestOptions& options,
                IngestResult& out);

}  // namespace crosscheck
