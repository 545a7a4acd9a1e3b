// Internal to link/: word-level passages, shared quotations and sentence
// alignment between two documents. Not part of the stage's API (link.h).
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "link/link.h"
#include "link/words.h"

namespace crosscheck::link_internal {

// A document prepared for comparison with others (built once per document).
struct AlignDoc {
  std::string_view text;
  const SegmentedText* seg = nullptr;
  Words words;
  std::vector<uint64_t> stem;      // per word: first five letters (numbers whole)
  std::vector<uint8_t> content;    // per word: 1 unless a function word
  std::vector<uint32_t> sentence;  // per word: index into seg->sentences
  std::vector<std::pair<uint32_t, uint32_t>> sentence_words;  // per sentence: word range
  std::vector<std::pair<uint32_t, uint32_t>> quotes;          // quoted word ranges
};

AlignDoc Prepare(std::string_view text, const SegmentedText& seg);

// Words [a0, a1) of a reappear as words [b0, b1) of b.
struct WordPassage {
  uint32_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;
  uint32_t matched = 0;  // aligned equal words
  bool quote = false;
  // Matched word pairs at the seeds' ends: where the passage's sentences meet.
  std::vector<std::pair<uint32_t, uint32_t>> anchors;
};

// Passages of at least options.min_passage_words, not overlapping each
// other in either document, in order of a.
std::vector<WordPassage> FindPassages(const AlignDoc& a, const AlignDoc& b, const LinkOptions& options);

// Quoted fragments of one document found word for word in the other, outside `passages`.
std::vector<WordPassage> SharedQuotes(const AlignDoc& a, const AlignDoc& b,
                                      const std::vector<WordPassage>& passages, const LinkOptions& options);

struct SentencePair {
  uint32_t a = 0, b = 0;  // sentence indices
  double similarity = 0;
};

// The in-order alignment of a's and b's sentences with the greatest total
// similarity, using only pairs scoring >= options.min_sentence_similarity.
std::vector<SentencePair> AlignSentences(const AlignDoc& a, const AlignDoc& b, const LinkOptions& options);

// SentenceSimilarity over word ranges of two prepared documents.
double SentenceScore(const AlignDoc& a, std::pair<uint32_t, uint32_t> ra, const AlignDoc& b,
                     std::pair<uint32_t, uint32_t> rb);

}  // namespace crosscheck::link_internal
