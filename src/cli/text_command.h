// `crosscheck text`: what crosscheck reads from each input, after HTML
// extraction and cleaning (README, "crosscheck text").
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ingest/reader.h"

namespace crosscheck::cli {

struct TextArgs {
  std::vector<std::string> paths;
  std::string format = "text";  // text | jsonl
  std::string output;
  IngestOptions ingest;
};

// Adds the `text` subcommand with its options bound to `args`.
CLI::App* AddTextCommand(CLI::App& app, TextArgs& args);

// Runs it; returns the exit code.
int RunText(const TextArgs& args);

}  // namespace crosscheck::cli
