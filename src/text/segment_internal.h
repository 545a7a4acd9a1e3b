// Internal to src/text: the ICU-only word tokenizer that Segment and Tokenize
// use for text holding non-ASCII bytes, and ICU's sentence breaks beside the
// test that lets Segment skip them. Exposed so tests and the fuzz target can
// check that the fast paths give exactly what ICU gives. Not part of the
// stage's API.
#pragma once

#include <string_view>
#include <vector>

#include "base/span.h"
#include "text/segment.h"

namespace crosscheck::text_internal {

// Appends the tokens of text[span) as ICU's word iterator alone splits them
// (same kinds, invisible-character trimming and clitic split as Tokenize).
void TokenizeWithIcu(std::string_view text, Span span, std::vector<Token>& out);

// Appends the sentences of text[span) as ICU's sentence iterator ("en",
// abbreviations suppressed) finds them, untrimmed.
void SentencesWithIcu(std::string_view text, Span span, std::vector<Span>& out);

// Whether ICU finds `s` one sentence, known without it (false for an empty
// `s`, and whenever unsure): all ASCII, no CR or LF, and no terminator
// (. ! ?) except in a run at its end, followed by nothing but the Close
// characters " ' ) ] and then spaces and tabs. ICU's rules (UAX #29) break
// nowhere else; most news paragraphs pass.
bool IsOneSentence(std::string_view s);

}  // namespace crosscheck::text_internal
