// WARC: the web archive format (ISO 28500; WARC/1.0 and 1.1) that crawlers
// such as Common Crawl (CC-NEWS) write.
//
// ReadWarc streams a `.warc` or `.warc.gz` file record by record and hands
// every `response` record that holds an HTTP response with a 2xx status to a
// callback, with the HTTP status line and headers parsed (Content-Type,
// chunked Transfer-Encoding undone, gzip/deflate Content-Encoding decoded).
// Other records (request, metadata, warcinfo, revisit, resource) and other
// statuses are skipped without a diagnostic: they are not pages.
//
// Compression: a `.warc.gz` is a series of gzip members, normally one per
// record (as Common Crawl writes them, so that a record can be read from its
// offset); any split into members works, since members are inflated one
// after another as one stream. Memory is bounded whatever the file size:
// the reader holds one record at a time, at most `max_record_bytes` of its
// block, and skips a larger record by reading it through in 64 KiB chunks
// (with an error naming the file and the record's offset). A record's offset
// is where its gzip member starts in a `.warc.gz` (what Common Crawl's index
// gives), its byte offset in a `.warc`.
//
// Bad input never stops the reader before the end of the file when it can
// go on: a malformed header is reported and the reader moves on to the next
// line that starts with "WARC/"; a corrupt gzip stream or a truncated record
// ends the file with an error.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/reader.h"

namespace crosscheck {

// One archived HTTP response.
struct WarcResponse {
  std::string target_uri;    // WARC-Target-URI
  std::string date;          // WARC-Date, as written (ISO 8601, "2025-10-12T08:00:00Z")
  std::string record_id;     // WARC-Record-ID ("<urn:uuid:...>")
  size_t offset = 0;         // the record's offset in the file (see above)
  int status = 0;            // the HTTP status (2xx)
  std::string content_type;  // the HTTP Content-Type header, as sent
  std::string body;          // the HTTP body: de-chunked and decoded
};

// True when `head` (the first bytes of a file, 512 are plenty) starts a WARC
// file: "WARC/1." after optional blank lines, or a gzip stream whose
// inflated start is that.
bool LooksLikeWarc(std::string_view head);

// Reads `in` (a WARC file named `name` in diagnostics) to its end, calling
// `on_response` for each HTTP response record with a 2xx status, in file
// order; the callback may move the response's strings. Problems are
// appended to `diagnostics`. `head`: bytes already taken from `in` (a
// sniffed start), read before it; offsets count them. REQUIRES:
// max_record_bytes > 0.
void ReadWarc(std::string_view name, std::istream& in, size_t max_record_bytes,
              const std::function<void(WarcResponse&)>& on_response, std::vector<Diagnostic>& diagnostics,
              std::string head = {});

}  // namespace crosscheck
