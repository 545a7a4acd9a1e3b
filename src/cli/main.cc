// crosscheck command line. The only place that prints or exits.
//
// Exit codes (README, "Exit codes"):
//   0  every input analysed, no diagnostics
//   1  results written, but some input was skipped or repaired (see stderr)
//   2  usage error
//   3  nothing could be analysed, or the output could not be written
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "ingest/reader.h"
#include "report/analysis.h"
#include "report/report.h"

namespace {

constexpr int kOk = 0;
constexpr int kPartial = 1;
constexpr int kUsage = 2;
constexpr int kFailed = 3;

using crosscheck::Diagnostic;
using crosscheck::Severity;

void PrintDiagnostic(const Diagnostic& d) {
  std::string where = d.file;
  if (d.line) where += ":" + std::to_string(d.line);
  std::cerr << "crosscheck: " << where << ": " << (d.severity == Severity::kError ? "error" : "warning")
            << ": " << d.message << "\n";
}

bool ValidGroup(const std::string& g) {
  return g == "all" || g == "none" || (g.rfind("field:", 0) == 0 && g.size() > 6);
}

struct AnalyzeArgs {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::string group = "all";
  std::string color = "auto";
  bool compact = false;
  bool quiet = false;
};

int RunAnalyze(const AnalyzeArgs& args) {
  if (!ValidGroup(args.group)) {
    std::cerr << "crosscheck: --group must be all, none or field:NAME (got \"" << args.group << "\")\n";
    return kUsage;
  }
  crosscheck::IngestResult in = crosscheck::ReadInputs(args.paths, {});
  for (const Diagnostic& d : in.diagnostics) PrintDiagnostic(d);
  if (in.documents.empty()) {
    std::cerr << "crosscheck: no document could be read; nothing to analyse\n";
    return kFailed;
  }
  crosscheck::AnalyzeOptions options;
  options.reconcile.group = args.group;
  const bool tty = isatty(STDERR_FILENO);
  if (tty && !args.quiet && in.documents.size() >= 200) {
    options.progress = [](size_t done, size_t total) {
      if (done % 100 == 0 || done == total) {
        std::fprintf(stderr, "\ranalysing %zu/%zu documents", done, total);
        if (done == total) std::fprintf(stderr, "\n");
      }
    };
  }
  crosscheck::Analysis analysis = crosscheck::Analyze(std::move(in.documents), options);
  bool to_terminal = args.output.empty() && isatty(STDOUT_FILENO);
  bool color = args.color == "always" || (args.color == "auto" && to_terminal && !std::getenv("NO_COLOR"));
  std::string out;
  if (args.format == "json") out = crosscheck::ToJson(analysis, !args.compact);
  else if (args.format == "markdown") out = crosscheck::ToMarkdown(analysis);
  else out = crosscheck::ToText(analysis, color);
  if (args.output.empty()) {
    std::cout << out;
    std::cout.flush();
    if (!std::cout) { std::cerr << "crosscheck: cannot write to standard output\n"; return kFailed; }
  } else {
    std::ofstream f(args.output, std::ios::binary);
    f << out;
    if (!f) { std::cerr << "crosscheck: cannot write " << args.output << "\n"; return kFailed; }
  }
  return in.diagnostics.empty() ? kOk : kPartial;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"crosscheck: corroborated, source-attributed figures from news reports"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "crosscheck 0.1.0 (schema crosscheck/1)");
  app.footer("Exit codes: 0 ok; 1 results written but some input was skipped or repaired; "
             "2 usage error; 3 nothing analysed or output not written.");

  AnalyzeArgs args;
  CLI::App* analyze = app.add_subcommand(
      "analyze", "Read reports (.txt files, directories, JSON Lines, - for stdin) and report claims, "
                 "sources, agreements and conflicts");
  analyze->add_option("paths", args.paths, "Files, directories or - (stdin)")->required();
  analyze->add_option("-f,--format", args.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown"}))->capture_default_str();
  analyze->add_option("-o,--output", args.output, "Write the report to FILE instead of stdout");
  analyze->add_option("-g,--group", args.group,
                      "Stories: all (one story), none (one per document), field:NAME (by a JSONL field)")
      ->capture_default_str();
  analyze->add_option("--color", args.color, "Colour in the text report")
      ->check(CLI::IsMember({"auto", "always", "never"}))->capture_default_str();
  analyze->add_flag("--compact", args.compact, "One-line JSON");
  analyze->add_flag("-q,--quiet", args.quiet, "No progress line");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kOk : kUsage;
  }
  if (analyze->parsed()) return RunAnalyze(args);
  return kUsage;
}
