// Helpers shared by the tests: read files of the repository, analyse text.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "report/analysis.h"

namespace crosscheck::testing {

inline std::string SourcePath(const std::string& rel) { return std::string(CROSSCHECK_SOURCE_DIR) + "/" + rel; }

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline Document Doc(std::string id, std::string text) {
  Document d;
  d.id = std::move(id);
  d.text = std::move(text);
  return d;
}

// The claims found in one text.
inline std::vector<Claim> ClaimsOf(const std::string& text) {
  return Analyze({Doc("t", text)}).claims;
}

}  // namespace crosscheck::testing
