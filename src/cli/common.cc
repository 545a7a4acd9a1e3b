#include "cli/common.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>

#include "report/report.h"

namespace crosscheck::cli {

void PrintDiagnostic(const Diagnostic& d) {
  std::string where = d.file;
  if (d.line) where += ":" + std::to_string(d.line);
  std::cerr << "crosscheck: " << where << ": " << (d.severity == Severity::kError ? "error" : "warning")
            << ": " << d.message << "\n";
}

bool ValidGroup(const std::string& g) {
  return g == "auto" || g == "all" || g == "none" || (g.rfind("field:", 0) == 0 && g.size() > 6);
}

bool Write(const std::string& out, const std::string& path) {
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
                  "Skip any input (a text file, stdin, one JSON Lines line) over this many bytes, with an "
                  "error naming it; reads never hold more of one input, so an endless input (/dev/zero, a "
                  "pipe) is cut there. Units K, M, G (1024s) allowed: 16M")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(size_t{1}, std::numeric_limits<size_t>::max()))
      ->capture_default_str();
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
  static const std::vector<std::string> kFormats = {"text", "json", "markdown"};
  return kFormats;
}

std::string Format(const Analysis& analysis, const std::string& format, bool compact, bool color) {
  if (format == "json") return ToJson(analysis, !compact);
  if (format == "markdown") return ToMarkdown(analysis);
  return ToText(analysis, color);
}

bool UseColor(const std::string& color, const std::string& output) {
  const bool to_terminal = output.empty() && isatty(STDOUT_FILENO);
  return color == "always" || (color == "auto" && to_terminal && !std::getenv("NO_COLOR"));
}

}  // namespace crosscheck::cli
