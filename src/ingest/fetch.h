// Fetch: http:// and https:// URLs, behind a small interface so that tests
// (and callers with their own transport) can replace the network.
//
// MakeCurlFetcher() is the real one: libcurl's multi interface, so up to
// FetchOptions::max_connections transfers run at once on the calling thread.
// Every transfer is bounded: a connect timeout, a total timeout, a redirect
// limit, http/https only (also after redirects: a redirect to file:// or
// ftp:// fails), and a size cap (the transfer is aborted once the body,
// after any Content-Encoding is decoded, is over the cap; a Content-Length
// over the cap fails before the body is read). The User-Agent names
// crosscheck and its version.
//
// A failed fetch is a FetchResponse with `error` set; it never stops the
// other transfers. The library never prints: callers turn errors into
// Diagnostics naming the URL (ingest/web.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crosscheck {

struct FetchOptions {
  // Transfers at once (libcurl connections). Default 8: a handful per host
  // is what polite crawlers use, and a feed's items are usually one host.
  // REQUIRES: > 0.
  size_t max_connections = 8;
  // Time to establish a connection (DNS, TCP, TLS), in milliseconds.
  // Default 10 s.
  long connect_timeout_ms = 10'000;
  // Time for the whole transfer, redirects included, in milliseconds.
  // Default 30 s: a news page is rarely over 1 MB.
  long timeout_ms = 30'000;
  // Redirects followed (301, 302, 303, 307, 308); more fail. Default 5.
  long max_redirects = 5;
  // Unix time for If-Modified-Since on the URLs given as inputs (feeds and
  // pages, not the item pages a feed links to); 0 (the default) sends none.
  // A server that has nothing newer answers 304, which is reported as
  // FetchResponse::not_modified. The CLI's --since.
  int64_t if_modified_since = 0;
  // The User-Agent header; empty: "crosscheck/<version> (+URL of the
  // project)", see DefaultUserAgent().
  std::string user_agent;
};

struct FetchRequest {
  std::string url;
  int64_t if_modified_since = 0;  // Unix time; 0: none
};

struct FetchResponse {
  std::string url;           // as requested
  std::string final_url;     // after redirects (url when there were none)
  long status = 0;           // the last HTTP status; 0 when there was no response
  std::string content_type;  // the Content-Type header, as sent ("text/html; charset=utf-8")
  std::string last_modified; // the Last-Modified header, as sent
  std::string body;          // decoded (gzip, deflate, br as curl supports); empty on error
  bool not_modified = false; // 304 to If-Modified-Since: no body, and no error
  // Empty when the page was read (a 2xx status); otherwise why not, for a
  // message naming the URL: "HTTP 404", "timed out after 30000 ms",
  // "body exceeds the limit of N bytes", "too many redirects (5)".
  std::string error;
};

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // Fetches every request; the responses are in request order. Transfers
  // run in parallel up to the fetcher's limit. Not thread-safe: one call at
  // a time per Fetcher.
  virtual std::vector<FetchResponse> FetchAll(const std::vector<FetchRequest>& requests) = 0;
};

// "crosscheck/0.1.0 (+https://github.com/crosscheck/crosscheck)".
std::string DefaultUserAgent();

// libcurl. `max_body_bytes`: the size cap per response (the caller's
// IngestOptions::max_document_bytes). REQUIRES: options.max_connections > 0.
std::unique_ptr<Fetcher> MakeCurlFetcher(const FetchOptions& options, size_t max_body_bytes);

// True for an input that names an http:// or https:// URL (case-insensitive
// scheme), which ReadInputs fetches instead of opening as a path.
bool IsUrl(std::string_view input);

// Unix time from "2025-10-12", "2025-10-12T08:00:00Z" (also with a
// "+hh:mm" offset or fractional seconds) or "@SECONDS"; nullopt when it is
// none of these. For --since.
std::optional<int64_t> ParseSinceTime(std::string_view text);

}  // namespace crosscheck
