// `crosscheck add --db FILE PATH...` and `crosscheck report --db FILE`: the
// desk's store (store/store.h) from the command line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ingest/reader.h"

namespace crosscheck::cli {

class StoreCommands {
 public:
  // Registers the subcommands on `app`; their options live in this object.
  explicit StoreCommands(CLI::App& app);
  // After parsing: the exit code of the subcommand that ran, or nothing when
  // neither was given.
  std::optional<int> Run();

 private:
  int RunAdd();
  int RunReport();

  CLI::App* add_ = nullptr;
  CLI::App* report_ = nullptr;
  std::string db_;
  // add
  std::vector<std::string> paths_;
  std::string group_ = "auto";
  std::string counts_ = "rules";
  std::string counts_model_;
  size_t threads_ = 0;
  size_t commit_every_ = 500;
  bool quiet_ = false;
  IngestOptions ingest_;
  // report
  std::string story_;
  std::string format_ = "text";
  std::string output_;
  std::string color_ = "auto";
  bool compact_ = false;
};

}  // namespace crosscheck::cli
