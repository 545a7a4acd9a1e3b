// Tab-separated lexicons: one entry a line, '#' starts a comment line, the
// first column is the key (matched case-insensitively), the rest are fields.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace crosscheck {

class Lexicon {
 public:
  using Row = std::vector<std::string>;

  // Parses TSV text. Keys are lower-cased (ASCII); later duplicates win.
  static Lexicon Parse(std::string_view tsv);
  // The embedded resource `name` (see resources.h), parsed once and cached.
  // Thread-safe; the reference lives for the whole program.
  static const Lexicon& Get(std::string_view name);

  // Fields after the key, or nullptr. `key` is matched lower-cased.
  const Row* Find(std::string_view key) const;
  bool Contains(std::string_view key) const { return Find(key) != nullptr; }
  // Rows in file order (key first), for lexicons that are lists of patterns.
  const std::vector<Row>& rows() const { return rows_; }
  // Longest key in words (space-separated), for multi-word phrase lookups.
  size_t max_words() const { return max_words_; }
  // True when `words` (lower-case, space-separated) is a key or begins one
  // ("more" of "more than"): phrase matching stops at the first word that
  // cannot lead anywhere instead of trying every length.
  bool IsPrefix(std::string_view words) const { return prefixes_.find(words) != prefixes_.end(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Row, Hash, std::equal_to<>> map_;
  std::unordered_set<std::string, Hash, std::equal_to<>> prefixes_;
  std::vector<Row> rows_;
  size_t max_words_ = 1;
};

// ASCII lower-casing; non-ASCII bytes are kept as they are.
std::string AsciiLower(std::string_view s);

}  // namespace crosscheck
