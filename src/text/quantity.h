// Numbers in their news forms, as intervals.
//
//   "58"            value 58, [58, 58]
//   "2,611-kilometer" value 2611, [2611, 2611], unit km (length)
//   "nine", "twenty-three", "a dozen", "two dozen", "1.5 million"
//   "at least 30"   [30, open)       "more than 30"  [31, open)
//   "around 30"     [27, 33]         "up to 30"      [0, 30]
//   "20 to 30", "between 20 and 30", "two or three"  ranges
//   "several", "dozens", "hundreds"  vague: no value, low from data/lexicon/vague.tsv
// A value with two or more trailing zeros (2,600) is `rounded`: it is read as
// ±half its last non-zero place ([2550, 2650]) when values are compared.
// Huge numbers are kept as the nearest double ("999999999999999999999" is
// 1e21); number words that overflow to infinity are not a quantity.
// Implicit singulars ("a soldier was killed") need a claim context and are
// found by extract/, not here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"
#include "text/segment.h"

namespace crosscheck {

struct Quantity {
  std::optional<double> value;  // the number as written; none for vague amounts
  double low = 0;
  std::optional<double> high;   // none: no upper bound
  std::string qualifier;        // "at least", "around", the vague phrase, ... or empty
  bool vague = false;
  bool rounded = false;
  std::string unit;       // canonical unit ("km"), empty for counts
  std::string unit_kind;  // length | area | money | percent | weight, empty for counts

  // True when the two intervals overlap (rounding widens a rounded value).
  bool CompatibleWith(const Quantity& other) const;
  // The interval used for comparison: [low, high] widened by rounding.
  double CompareLow() const;
  std::optional<double> CompareHigh() const;
};

struct QuantityMention {
  Span span;
  size_t first_token = 0;  // indices into the token vector passed in
  size_t end_token = 0;
  Quantity quantity;
  bool year_like = false;  // a bare 4-digit number 1800-2100 ("in 2021")
};

// The total of two counts: intervals add; the value is the sum of the values
// when both have one; a vague part makes the total vague. "more than 10" + 1
// is [12, open). Units are not checked: callers add counts of one kind.
Quantity Plus(const Quantity& a, const Quantity& b);

// Quantities among tokens[begin, end), left to right, non-overlapping.
std::vector<QuantityMention> FindQuantities(std::string_view text, const std::vector<Token>& tokens,
                                            size_t begin, size_t end);

// "2,611" -> 2611, "1.5" -> 1.5; nullopt for anything else (bad grouping too).
std::optional<double> ParseNumeral(std::string_view s);

}  // namespace crosscheck
