// Text: sentence and word segmentation with ICU, over the kept regions that
// clean/ found. Every token and sentence carries byte offsets into the
// document's original text; sentences never cross a paragraph or boilerplate.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/short_string.h"
#include "base/span.h"
#include "clean/cleaner.h"

namespace crosscheck {

enum class TokenKind : uint8_t { kWord, kNumber, kPunct };

struct Token {
  Span span;
  TokenKind kind = TokenKind::kWord;
  bool capitalized = false;  // first letter is an ASCII capital
  bool all_caps = false;     // two or more letters, all ASCII capitals
  // The word lists (text/word_lists.h) `lower` is in, a bit each, with
  // kListsKnown; 0 when not looked up (InList then asks the lexicon).
  uint32_t lists = 0;
  ShortString lower;         // ASCII-lowercased text; ’ folded to '
};

struct Sentence {
  Span span;
  size_t first_token = 0;  // index into SegmentedText::tokens
  size_t end_token = 0;    // one past the last token
  size_t paragraph = 0;    // 0 for the headline, then 1, 2, ... for body paragraphs
  bool headline = false;
};

struct SegmentedText {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
};

struct SegmentOptions {
  // Longer sentences are cut into pieces of at most this many bytes (at a
  // word boundary), which bounds the work per sentence on hostile input.
  size_t max_sentence_bytes = 4096;
};

// The tokens Segment makes room for in `bytes` of text: news has one per 5
// to 6 bytes, and room for one per 4 makes the vector's growth (moving every
// token) rare and its slack small. Also an estimate, made before reading, of
// the memory a report's tokens take (times sizeof(Token)).
constexpr size_t TokenRoom(size_t bytes) { return bytes / 4 + 1; }

// Segments the headline and paragraphs of `clean` (spans into `text`).
// Thread-safe: ICU iterators are per thread.
SegmentedText Segment(std::string_view text, const CleanDocument& clean,
                      const SegmentOptions& options = {});

// Tokens of one span only (no sentence splitting); offsets index `text`.
std::vector<Token> Tokenize(std::string_view text, Span span);

// The lower-case form Segment gives a token of text `word` (ASCII letters
// lowered, ’ folded to '), so that a stored segmentation (text/token_codec.h)
// need not keep it.
std::string TokenLower(std::string_view word);
// Whether `lower` is TokenLower(word), without making it.
bool IsTokenLower(std::string_view word, std::string_view lower);

}  // namespace crosscheck
