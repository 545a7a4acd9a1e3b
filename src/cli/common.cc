#include "cli/common.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>

#include "base/utf8.h"
#include "ingest/fetch.h"
#include "report/report.h"

namespace crosscheck::cli {

// File names and messages may quote the input (a JSON Lines id): printed
// with control characters replaced, so no escape sequence reaches the terminal.
void PrintDiagnostic(const Diagnostic& d) {
  std::string where = d.file;
  if (d.line) where += ":" + std::to_string(d.line);
  std::cerr << "crosscheck: " << PrintableUtf8(where) << ": "
            << (d.severity == Severity::kError ? "error" : "warning") << ": " << PrintableUtf8(d.message) << "\n";
}

bool ValidGroup(const std::string& g) {
  return g == "auto" || g == "all" || g == "none" || (g.rfind("field:", 0) == 0 && g.size() > 6);
}

// Opens stdout or `path`, lets `write` fill it, and says on stderr when
// anything could not be written.
bool WriteTo(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path.empty()) {
    write(std::cout);
    std::cout.flush();
    if (!std::cout) std::cerr << "crosscheck: cannot write to standard output\n";
    return static_cast<bool>(std::cout);
  }
  std::ofstream f(path, std::ios::binary);
  if (f) write(f);
  f.close();
  if (!f) std::cerr << "crosscheck: cannot write " << path << "\n";
  return static_cast<bool>(f);
}

bool Write(const std::string& out, const std::string& path) {
  return WriteTo(path, [&](std::ostream& os) { os << out; });
}

bool ReadWhole(const std::string& path, std::string& out) {
  std::ifstream f;
  if (path != "-") f.open(path, std::ios::binary);
  std::istream& in = path == "-" ? std::cin : f;
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

// --max-document-bytes: a number of bytes, with an optional unit (K, M, G:
// powers of 1024; 16M, 64MiB).
void AddMaxDocumentBytes(CLI::App* cmd, IngestOptions& ingest) {
  cmd->add_option("--max-document-bytes", ingest.max_document_bytes,
                  "Skip any input (a text file, stdin, one JSON Lines line, a WARC record, a fetched page) over "
                  "this many bytes, with an error naming it; reads never hold more of one input, so an endless "
                  "input (/dev/zero, a pipe, a URL) is cut there. Units K, M, G (1024s) allowed: 16M")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(size_t{1}, std::numeric_limits<size_t>::max()))
      ->capture_default_str();
}

void AddFetchOptions(CLI::App* cmd, IngestOptions& ingest) {
  FetchOptions& f = ingest.fetch;
  cmd->add_option("--connections", f.max_connections, "URLs fetched at once")
      ->check(CLI::Range(size_t{1}, size_t{256}))
      ->capture_default_str();
  cmd->add_option_function<double>(
         "--timeout", [&f](double s) { f.timeout_ms = static_cast<long>(s * 1000); },
         "Seconds a URL may take in all, redirects included (default 30)")
      ->check(CLI::Range(0.001, 86400.0));
  cmd->add_option_function<double>(
         "--connect-timeout", [&f](double s) { f.connect_timeout_ms = static_cast<long>(s * 1000); },
         "Seconds to connect to a host (default 10)")
      ->check(CLI::Range(0.001, 86400.0));
  cmd->add_option("--max-redirects", f.max_redirects, "Redirects followed per URL")
      ->check(CLI::Range(0L, 100L))
      ->capture_default_str();
  cmd->add_option_function<std::string>(
         "--since", [&f](const std::string& s) { f.if_modified_since = ParseSinceTime(s).value_or(0); },
         "Send If-Modified-Since with the URLs given (feeds, pages): TIME is 2025-10-12, "
         "2025-10-12T08:00:00Z or @UNIXSECONDS, e.g. the time of your last run; a URL with nothing newer "
         "is reported and skipped")
      ->check(CLI::Validator(
          [](std::string& s) {
            return ParseSinceTime(s) ? std::string() : "not a time: " + s + " (2025-10-12T08:00:00Z or @SECONDS)";
          },
          "TIME"));
}

bool ChooseCounts(const std::string& counts, const std::string& model_file, std::optional<CountModel>& owned,
                  AnalyzeOptions& options) {
  if (!model_file.empty()) {
    std::string bytes;
    if (!ReadWhole(model_file, bytes)) {
      std::cerr << "crosscheck: cannot read the counts model " << model_file << "\n";
      return false;
    }
    Result<CountModel> m = CountModel::Parse(bytes, model_file);
    if (!m.ok()) {
      std::cerr << "crosscheck: " << m.status().message() << "\n";
      return false;
    }
    owned.emplace(std::move(m.value()));
    options.counts_model = &*owned;
  } else if (counts == "model") {
    Result<const CountModel*> m = CountModel::Default();
    if (!m.ok()) {
      std::cerr << "crosscheck: " << m.status().message() << "\n";
      return false;
    }
    options.counts_model = m.value();
  }
  return true;
}

std::function<void(size_t, size_t)> ProgressLine(const char* unit) {
  // Two halves: "reading" (clean, segment, people), then "analysing"
  // (stories, links, claims, quotations, entities). With threads the count
  // can jump, so the line is redrawn whenever it enters another hundred, not
  // only on multiples of 100.
  return [last = size_t{0}, unit](size_t done, size_t total) mutable {
    const size_t n = total / 2;
    const size_t k = done <= n ? done : done - n;  // within the pass
    if (k / 100 != last / 100 || k == n) {
      std::fprintf(stderr, "\r%s %zu/%zu %s", done <= n ? "reading" : "analysing", k, n, unit);
      if (k == n) std::fprintf(stderr, "\n");
    }
    last = k;
  };
}

const std::vector<std::string>& Formats() {
  static const std::vector<std::string> kFormats = {"text", "json", "markdown", "csv", "csv-values", "gkg", "ucdp"};
  return kFormats;
}

const char* FormatHelp() {
  return "Output format: text, json, markdown, or an export (README, \"Exports\"): csv (a row per claim), "
         "csv-values (a row per slot value), gkg (GDELT GKG 2.1-style counts per document, tab-separated), "
         "ucdp (UCDP GED-style deaths per story)";
}

std::string Format(const Analysis& analysis, const std::string& format, bool compact, bool color) {
  if (format == "json") return ToJson(analysis, !compact);
  if (format == "markdown") return ToMarkdown(analysis);
  if (format == "csv") return ToCsv(analysis);
  if (format == "csv-values") return ToCsvValues(analysis);
  if (format == "gkg") return ToGkg(analysis);
  if (format == "ucdp") return ToUcdp(analysis);
  return ToText(analysis, color);
}

bool Print(const Analysis& analysis, const std::string& format, bool compact, bool color, const std::string& path) {
  if (format != "json") return Write(Format(analysis, format, compact, color), path);
  // Piece by piece: a report of 100,000 documents is hundreds of megabytes.
  return WriteTo(path, [&](std::ostream& os) {
    WriteJson(analysis, !compact, [&](std::string_view piece) {
      if (os) os.write(piece.data(), static_cast<std::streamsize>(piece.size()));
    });
  });
}

bool UseColor(const std::string& color, const std::string& output) {
  const bool to_terminal = output.empty() && isatty(STDOUT_FILENO);
  return color == "always" || (color == "auto" && to_terminal && !std::getenv("NO_COLOR"));
}

}  // namespace crosscheck::cli
