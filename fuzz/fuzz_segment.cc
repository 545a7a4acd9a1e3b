// Fuzzes sentence and word segmentation: Clean() then Segment().
//
// Invariants: sentences are non-empty, inside the text and in order; each lies
// inside the headline or one paragraph and holds the tokens it names; tokens
// are non-empty, inside their sentence and strictly in order; the tokenizer's
// ASCII fast path gives exactly ICU's tokens; text IsOneSentence passes is
// one sentence for ICU.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "clean/cleaner.h"
#include "fuzz_check.h"
#include "text/segment.h"
#include "text/segment_internal.h"

namespace {

using crosscheck::Span;
using crosscheck::fuzz::Inside;
using crosscheck::fuzz::Within;

void Check(const crosscheck::Document& doc, const crosscheck::SegmentOptions& options) {
  std::string_view text = doc.text;
  crosscheck::CleanDocument clean = crosscheck::Clean(doc);
  crosscheck::SegmentedText seg = crosscheck::Segment(text, clean, options);

  size_t prev_token_end = 0;
  for (const crosscheck::Token& t : seg.tokens) {
    FUZZ_CHECK(Inside(t.span, text.size()));
    FUZZ_CHECK(!t.span.empty());
    FUZZ_CHECK(t.span.begin >= prev_token_end);
    FUZZ_CHECK(!t.lower.empty());
    prev_token_end = t.span.end;
  }

  size_t prev_end = 0, next_token = 0, prev_paragraph = 0;
  for (const crosscheck::Sentence& s : seg.sentences) {
    FUZZ_CHECK(Inside(s.span, text.size()));
    FUZZ_CHECK(!s.span.empty());
    FUZZ_CHECK(s.span.begin >= prev_end);
    FUZZ_CHECK(s.span.size() <= options.max_sentence_bytes);
    prev_end = s.span.end;
    // Tokens: a non-empty run, in sentence order, each inside the sentence.
    FUZZ_CHECK(s.first_token < s.end_token);
    FUZZ_CHECK(s.end_token <= seg.tokens.size());
    FUZZ_CHECK(s.first_token == next_token);  // every token belongs to a sentence
    next_token = s.end_token;
    for (size_t k = s.first_token; k < s.end_token; ++k) FUZZ_CHECK(Within(seg.tokens[k].span, s.span));
    // Region: the headline (paragraph 0) or body paragraph `paragraph`.
    FUZZ_CHECK(s.paragraph >= prev_paragraph);
    prev_paragraph = s.paragraph;
    if (s.headline) {
      FUZZ_CHECK(s.paragraph == 0 && clean.headline);
      FUZZ_CHECK(Within(s.span, *clean.headline));
    } else {
      FUZZ_CHECK(s.paragraph >= 1 && s.paragraph <= clean.paragraphs.size());
      FUZZ_CHECK(Within(s.span, clean.paragraphs[s.paragraph - 1]));
    }
  }
  FUZZ_CHECK(next_token == seg.tokens.size());
}

// The fast tokenizer against ICU's word iterator alone, over the whole input.
void CheckTokenizer(std::string_view text) {
  std::vector<crosscheck::Token> fast = crosscheck::Tokenize(text, {0, text.size()});
  std::vector<crosscheck::Token> icu;
  crosscheck::text_internal::TokenizeWithIcu(text, {0, text.size()}, icu);
  FUZZ_CHECK(fast.size() == icu.size());
  for (size_t i = 0; i < fast.size(); ++i) {
    FUZZ_CHECK(fast[i].span.begin == icu[i].span.begin && fast[i].span.end == icu[i].span.end);
    FUZZ_CHECK(fast[i].kind == icu[i].kind && fast[i].lower == icu[i].lower);
    FUZZ_CHECK(fast[i].capitalized == icu[i].capitalized && fast[i].all_caps == icu[i].all_caps);
  }
}

// The one-sentence test against ICU's sentence iterator, over the input.
void CheckOneSentence(std::string_view text) {
  if (!crosscheck::text_internal::IsOneSentence(text)) return;
  std::vector<Span> icu;
  crosscheck::text_internal::SentencesWithIcu(text, {0, text.size()}, icu);
  FUZZ_CHECK(icu.size() == 1 && icu[0] == Span({0, text.size()}));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > crosscheck::fuzz::kMaxInput) return 0;
  const crosscheck::Document doc = crosscheck::fuzz::DocumentFrom(data, size);
  Check(doc, {});
  // A small cap cuts most sentences, often next to multi-byte characters.
  crosscheck::SegmentOptions small;
  small.max_sentence_bytes = 7;
  Check(doc, small);
  CheckTokenizer(doc.text);
  CheckOneSentence(doc.text);
  return 0;
}
