// What the CLI's commands share (analyze, add, report, text): exit codes, writing
// results, diagnostics, the counts model option, the progress line and the
// report formats. Only the CLI prints or exits.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "extract/counts.h"
#include "ingest/reader.h"
#include "report/analysis.h"

namespace crosscheck::cli {

constexpr int kOk = 0;
constexpr int kPartial = 1;
constexpr int kUsage = 2;
constexpr int kFailed = 3;

void PrintDiagnostic(const Diagnostic& d);
bool ValidGroup(const std::string& g);
// Writes a command's result to stdout or to `path`; false (after saying why
// on stderr) when it cannot.
bool Write(const std::string& out, const std::string& path);
bool ReadWhole(const std::string& path, std::string& out);
// --max-document-bytes, the same for every command that reads reports.
void AddMaxDocumentBytes(CLI::App* cmd, IngestOptions& ingest);
// How http:// and https:// inputs are fetched (README, "URLs"): --connections,
// --timeout, --connect-timeout, --max-redirects, --since.
void AddFetchOptions(CLI::App* cmd, IngestOptions& ingest);

// --counts rules|model and --counts-model FILE into options.counts_model
// (a file's model kept alive in `owned`); false after saying why on stderr.
bool ChooseCounts(const std::string& counts, const std::string& model_file, std::optional<CountModel>& owned,
                  AnalyzeOptions& options);

// A progress line on stderr for (done, total) calls whose first half reads
// and second half analyses `total / 2` documents.
std::function<void(size_t, size_t)> ProgressLine(const char* unit = "documents");

// The formats `analyze` and `report` print, and the printing.
const std::vector<std::string>& Formats();
// The --format option's help text, the same for analyze and report.
const char* FormatHelp();
// `color` for the text format; `compact` for JSON.
std::string Format(const Analysis& analysis, const std::string& format, bool compact, bool color);
// Format, written as Write does; JSON is written piece by piece as it is
// made (WriteJson), never whole in memory.
bool Print(const Analysis& analysis, const std::string& format, bool compact, bool color, const std::string& path);
// --color auto|always|never for output going to `output` (empty: stdout).
bool UseColor(const std::string& color, const std::string& output);

}  // namespace crosscheck::cli
