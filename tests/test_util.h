// Helpers shared by the tests: read files of the repository, analyse text.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "report/analysis.h"

namespace crosscheck::testing {

// Equal texts, or where they first differ with a few lines of each around
// it: gtest's diff of two large JSON reports takes quadratic memory (an
// ECB+-sized report ran a test out of 24 GB).
inline ::testing::AssertionResult SameText(const std::string& a, const std::string& b) {
  if (a == b) return ::testing::AssertionSuccess();
  size_t at = 0;
  while (at < a.size() && at < b.size() && a[at] == b[at]) ++at;
  const size_t from = at < 300 ? 0 : at - 300;
  return ::testing::AssertionFailure() << "texts of " << a.size() << " and " << b.size()
                                       << " bytes differ at byte " << at << ":\n--- first\n" << a.substr(from, 600)
                                       << "\n--- second\n" << b.substr(from, 600);
}

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

// A report that names a spokesman by surname alone ("early"), and one that
// gives his full name and role ("late"): the late one added after the early
// one re-reads it, since the corpus now answers its question about the
// surname otherwise.
inline Document SurnameOnlyReport() {
  return Doc("early", "Mujahid said 12 soldiers were killed in the attack on Tuesday.\n");
}
inline Document FullNameReport() {
  return Doc("late", "Taliban spokesman Zabihullah Mujahid said the fighting went on.\n");
}

// The claims found in one text.
inline std::vector<Claim> ClaimsOf(const std::string& text) {
  return Analyze({Doc("t", text)}).claims;
}

}  // namespace crosscheck::testing
