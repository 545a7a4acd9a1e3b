// Lexicon files from data/lexicon/, compiled into the binary (cmake/embed.cmake)
// so crosscheck runs from any directory with no data files beside it.
#pragma once

#include <string_view>
#include <vector>

namespace crosscheck {

struct Resource {
  std::string_view name;  // file name, e.g. "triggers.tsv"
  std::string_view data;  // whole file contents
};

// Every embedded resource; the views live for the whole program.
const std::vector<Resource>& AllResources();

// The contents of the named resource, or an empty view if there is none.
std::string_view FindResource(std::string_view name);

}  // namespace crosscheck
