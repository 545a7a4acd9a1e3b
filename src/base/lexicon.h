// Tab-separated lexicons: one entry a line, '#' starts a comment line, the
// first column is the key (matched case-insensitively), the rest are fields.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crosscheck {

// Immutable once parsed; Find, Contains, Number and IsPrefix are safe to call from
// many threads at once.
class Lexicon {
 public:
  using Row = std::vector<std::string>;

  // Parses TSV text. Keys are lower-cased (ASCII); later duplicates win.
  static Lexicon Parse(std::string_view tsv);
  // The embedded resource `name` (see resources.h), parsed once and cached.
  // Thread-safe; the reference lives for the whole program.
  static const Lexicon& Get(std::string_view name);

  // Fields after the key, or nullptr. `key` is matched lower-cased (ASCII).
  // The row lives as long as the Lexicon.
  const Row* Find(std::string_view key) const;
  bool Contains(std::string_view key) const { return Find(key) != nullptr; }
  // Field `i` after the key (0: the first), or "" when there is no such key
  // or field. The view lives as long as the Lexicon.
  std::string_view Field(std::string_view key, size_t i = 0) const {
    const Row* row = Find(key);
    return row && row->size() > i ? std::string_view((*row)[i]) : std::string_view();
  }
  // The number of `key` (matched as Find matches it) among the distinct keys
  // in order of first appearance (0, 1, ...), or -1: an index for arrays
  // kept beside the lexicon.
  int32_t Number(std::string_view key) const;
  // Rows in file order (key first), for lexicons that are lists of patterns.
  const std::vector<Row>& rows() const { return rows_; }
  // Longest key in words (space-separated), for multi-word phrase lookups.
  size_t max_words() const { return max_words_; }
  // True when `words` (lower-case, space-separated) is a key or begins one
  // ("more" of "more than"): phrase matching stops at the first word that
  // cannot lead anywhere instead of trying every length. `words` is matched
  // as it is, not lower-cased.
  bool IsPrefix(std::string_view words) const;

 private:
  // Keys and key prefixes share one open-addressing table (linear probing,
  // power-of-two size, at most half full). The high bits of a 64-bit hash pick
  // the slot; the slot keeps the low 32 bits, so a miss -- most tokens are in
  // no lexicon -- touches one cache line and compares no bytes. Eight-byte
  // slots keep the small tables in cache beside the tagger's weights.
  //
  // The hash is taken over the key folded to lower case eight bytes at a time
  // (`Folded`), so Find never copies its key. A string of at most 16 bytes is
  // fully determined by its length and two folded words (overlapping loads of
  // its ends), which each entry keeps: such keys compare without a byte loop.
  struct Slot {
    uint32_t tag = 0;         // the hash's low 32 bits
    uint32_t entry = kEmpty;  // index into entries_
  };
  struct Entry {
    uint64_t head = 0, tail = 0;    // the folded words of the string (see Folded)
    uint32_t offset = 0, size = 0;  // the string, in keys_
    int32_t value = -1;             // index into values_; -1: a prefix only
  };
  // A string folded to ASCII lower case: the hash, the two words that decide
  // equality of strings of at most 16 bytes, and whether any byte was upper case.
  struct Folded {
    uint64_t hash = 0, head = 0, tail = 0;
    bool upper = false;
  };
  static constexpr uint32_t kEmpty = UINT32_MAX;

  static Folded Fold(std::string_view s);
  // The entry for exactly the lower-cased `s` (`f` is Fold(s)), or nullptr.
  const Entry* Lookup(std::string_view s, const Folded& f) const;
  // The entry for `s` (lower-case), added (as a prefix only) when absent.
  Entry& Intern(std::string_view s);
  void Rehash(size_t slots);
  std::string_view StringOf(const Entry& e) const { return std::string_view(keys_).substr(e.offset, e.size); }

  std::vector<Slot> slots_;
  int shift_ = 64;           // 64 - log2(slots_.size()): the hash's high bits index slots_
  std::vector<Entry> entries_;
  std::string keys_;         // every key and prefix, back to back
  std::vector<Row> values_;  // fields after the key, one per distinct key
  std::vector<Row> rows_;
  size_t max_words_ = 1;
  // Length bounds of keys and of prefixes: a word longer than every key (or
  // shorter than every key) is rejected before it is hashed.
  size_t min_key_ = SIZE_MAX, max_key_ = 0, min_prefix_ = SIZE_MAX;
};

// ASCII lower-casing; non-ASCII bytes are kept as they are.
std::string AsciiLower(std::string_view s);

}  // namespace crosscheck
