// Fuzzes the tokenizer and the quantity parser: Tokenize over the whole input,
// FindQuantities over all tokens and over a sub-range, and ParseNumeral on the
// raw input and on every number token.
//
// Invariants: token spans are non-empty, inside the text and strictly in order;
// mentions lie inside the token range asked for, in order without overlap,
// and span exactly their tokens; low <= high when high is set.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "text/quantity.h"
#include "text/segment.h"

namespace {

using crosscheck::Span;
using crosscheck::fuzz::Inside;

void CheckQuantity(const crosscheck::Quantity& q) {
  FUZZ_CHECK(!std::isnan(q.low));
  if (q.high) {
    FUZZ_CHECK(!std::isnan(*q.high));
    FUZZ_CHECK(q.low <= *q.high);
  }
  if (q.value) FUZZ_CHECK(!std::isnan(*q.value));
  if (q.vague) FUZZ_CHECK(!q.value);
  FUZZ_CHECK(q.unit.empty() == q.unit_kind.empty());
  // Exercised for crashes (rounding loops); results are not checked.
  (void)q.CompatibleWith(q);
  (void)q.CompareHigh();
}

void CheckMentions(std::string_view text, const std::vector<crosscheck::Token>& tokens, size_t begin,
                   size_t end) {
  auto mentions = crosscheck::FindQuantities(text, tokens, begin, end);
  size_t prev_end = begin;
  for (const crosscheck::QuantityMention& m : mentions) {
    FUZZ_CHECK(m.first_token >= prev_end);
    FUZZ_CHECK(m.first_token < m.end_token);
    FUZZ_CHECK(m.end_token <= end);
    FUZZ_CHECK(Inside(m.span, text.size()));
    FUZZ_CHECK(m.span.begin == tokens[m.first_token].span.begin);
    FUZZ_CHECK(m.span.end == tokens[m.end_token - 1].span.end);
    CheckQuantity(m.quantity);
    prev_end = m.end_token;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > crosscheck::fuzz::kMaxInput) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);

  if (auto v = crosscheck::ParseNumeral(text)) FUZZ_CHECK(*v >= 0 && !std::isnan(*v));

  std::vector<crosscheck::Token> tokens = crosscheck::Tokenize(text, Span{0, size});
  size_t prev_end = 0;
  for (const crosscheck::Token& t : tokens) {
    FUZZ_CHECK(Inside(t.span, size));
    FUZZ_CHECK(!t.span.empty());
    FUZZ_CHECK(t.span.begin >= prev_end);
    FUZZ_CHECK(!t.lower.empty());
    prev_end = t.span.end;
    if (t.kind == crosscheck::TokenKind::kNumber) {
      if (auto v = crosscheck::ParseNumeral(t.span.Of(text))) FUZZ_CHECK(*v >= 0 && !std::isnan(*v));
    }
  }

  CheckMentions(text, tokens, 0, tokens.size());
  // A sub-range, as extract/ asks per sentence: parsing must stop at `end`.
  const size_t n = tokens.size();
  if (n >= 3) CheckMentions(text, tokens, n / 3, n - n / 3);

  // Tokenizing a sub-span must keep offsets relative to the whole text.
  if (size >= 4) {
    Span mid{size / 4, size - size / 4};
    for (const crosscheck::Token& t : crosscheck::Tokenize(text, mid)) {
      FUZZ_CHECK(crosscheck::fuzz::Within(t.span, mid));
    }
  }
  return 0;
}
