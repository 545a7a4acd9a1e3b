// A segmentation (text/segment.h) as a few bytes a token, for what keeps one
// without its 40-byte tokens: the store (schema 6, replay.tokens), so that a
// later add links new reports to a stored one without segmenting it again,
// and the engine between Learn and the batch that reads a report. Decoding
// costs about 60% of segmenting the text again (no ICU breaking, but each
// token's lower-case form and word lists are made again: 227 against 370 M
// instructions on the 1,700 real articles of docs/PERFORMANCE.md).
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "text/segment.h"

namespace crosscheck {

// `seg` of `text` encoded: spans as differences; a token's lower-case form
// only where it is not TokenLower of its text. "" for a segmentation it
// cannot hold (a span that ends before it begins, or past the text).
std::string EncodeTokens(const SegmentedText& seg, std::string_view text);

// The segmentation EncodeTokens wrote for `text`; fails on bytes that are not
// one, or whose spans or token ranges do not fit `text` and its tokens.
Result<SegmentedText> DecodeTokens(std::string_view bytes, std::string_view text);

}  // namespace crosscheck
