// `crosscheck serve --db FILE`: the desk's web UI and JSON API over a store
// opened read-only (server/server.h, server/store_source.h).
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "server/server.h"

namespace crosscheck::cli {

class ServeCommand {
 public:
  // Registers the subcommand on `app`; its options live in this object.
  explicit ServeCommand(CLI::App& app);
  // After parsing: the exit code when `serve` ran (it returns when the
  // server stops), or nothing when it was not given.
  std::optional<int> Run();

 private:
  CLI::App* serve_ = nullptr;
  std::string db_;
  ServeOptions options_;
  int poll_ms_ = 500;
};

}  // namespace crosscheck::cli
