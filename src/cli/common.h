// What the crosscheck commands share: exit codes, diagnostics on stderr,
// writing results, and the input options every command that reads reports
// takes. The only place besides main.cc and the command files that prints.
#pragma once

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <string>

#include <CLI/CLI.hpp>

#include "ingest/fetch.h"
#include "ingest/reader.h"

namespace crosscheck::cli {

// Exit codes (README, "Exit codes").
constexpr int kOk = 0;
constexpr int kPartial = 1;
constexpr int kUsage = 2;
constexpr int kFailed = 3;

inline void PrintDiagnostic(const Diagnostic& d) {
  std::string where = d.file;
  if (d.line) where += ":" + std::to_string(d.line);
  std::cerr << "crosscheck: " << where << ": " << (d.severity == Severity::kError ? "error" : "warning")
            << ": " << d.message << "\n";
}

// Writes a command's result to stdout or to `path`; false (after saying why
// on stderr) when it cannot.
inline bool Write(const std::string& out, const std::string& path) {
  if (path.empty()) {
    std::cout << out;
    std::cout.flush();
    if (!std::cout) std::cerr << "crosscheck: cannot write to standard output\n";
    return static_cast<bool>(std::cout);
  }
  std::ofstream f(path, std::ios::binary);
  f << out;
  if (!f) std::cerr << "crosscheck: cannot write " << path << "\n";
  return static_cast<bool>(f);
}

// --max-document-bytes, the same for every command that reads reports: a
// number of bytes, with an optional unit (K, M, G: powers of 1024; 16M, 64MiB).
inline void AddMaxDocumentBytes(CLI::App* cmd, IngestOptions& ingest) {
  cmd->add_option("--max-document-bytes", ingest.max_document_bytes,
                  "Skip any input (a text file, stdin, one JSON Lines line, a WARC record, a fetched page) over "
                  "this many bytes, with an error naming it; reads never hold more of one input, so an endless "
                  "input (/dev/zero, a pipe, a URL) is cut there. Units K, M, G (1024s) allowed: 16M")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(size_t{1}, std::numeric_limits<size_t>::max()))
      ->capture_default_str();
}

// How http:// and https:// inputs are fetched (README, "URLs").
inline void AddFetchOptions(CLI::App* cmd, IngestOptions& ingest) {
  FetchOptions& f = ingest.fetch;
  cmd->add_option("--connections", f.max_connections, "URLs fetched at once")
      ->check(CLI::Range(size_t{1}, size_t{256}))->capture_default_str();
  cmd->add_option_function<double>(
         "--timeout", [&f](double s) { f.timeout_ms = static_cast<long>(s * 1000); },
         "Seconds a URL may take in all, redirects included (default 30)")
      ->check(CLI::Range(0.001, 86400.0));
  cmd->add_option_function<double>(
         "--connect-timeout", [&f](double s) { f.connect_timeout_ms = static_cast<long>(s * 1000); },
         "Seconds to connect to a host (default 10)")
      ->check(CLI::Range(0.001, 86400.0));
  cmd->add_option("--max-redirects", f.max_redirects, "Redirects followed per URL")
      ->check(CLI::Range(0L, 100L))->capture_default_str();
  cmd->add_option_function<std::string>(
         "--since",
         [&f](const std::string& s) { f.if_modified_since = ParseSinceTime(s).value_or(0); },
         "Send If-Modified-Since with the URLs given (feeds, pages): TIME is 2025-10-12, "
         "2025-10-12T08:00:00Z or @UNIXSECONDS, e.g. the time of your last run; a URL with nothing newer "
         "is reported and skipped")
      ->check(CLI::Validator(
          [](std::string& s) {
            return ParseSinceTime(s) ? std::string() : "not a time: " + s + " (2025-10-12T08:00:00Z or @SECONDS)";
          },
          "TIME"));
}

}  // namespace crosscheck::cli
