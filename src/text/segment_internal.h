// Internal to src/text: the ICU-only word tokenizer that Segment and Tokenize
// use for text holding non-ASCII bytes. Exposed so tests and the fuzz target
// can check that the ASCII fast path gives exactly ICU's tokens. Not part of
// the stage's API.
#pragma once

#include <string_view>
#include <vector>

#include "base/span.h"
#include "text/segment.h"

namespace crosscheck::text_internal {

// Appends the tokens of text[span) as ICU's word iterator alone splits them
// (same kinds, invisible-character trimming and clitic split as Tokenize).
void TokenizeWithIcu(std::string_view text, Span span, std::vector<Token>& out);

}  // namespace crosscheck::text_internal
