// Internal to link/: word-level passages, shared quotations and sentence
// alignment between two documents. Not part of the stage's API (link.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "link/link.h"
#include "link/words.h"

namespace crosscheck {
class People;
}  // namespace crosscheck

namespace crosscheck::link_internal {

// Whom a sentence is attributed to (drift detection, link.cc).
struct Said {
  std::string name;
  std::string side;
};

// A seed n-gram of a document: the hash of words [pos, pos + seed_words).
struct Gram {
  uint64_t hash;
  uint32_t pos;
  bool operator<(const Gram& o) const { return hash < o.hash || (hash == o.hash && pos < o.pos); }
};

// A document prepared for comparison with others: everything about one
// document that an alignment reads, built once per document (Prepare), so
// that aligning it with many others costs only the comparisons. About 93
// bytes a word (MemoryBytes; 92.9 on the 1,700 real articles of
// docs/PERFORMANCE.md, 15.8 of them the LCS tables).
struct AlignDoc {
  std::string_view text;
  const SegmentedText* seg = nullptr;
  Words words;
  std::vector<uint64_t> stem;      // per word: first five letters (numbers whole)
  std::vector<uint32_t> sentence;  // per word: index into seg->sentences
  std::vector<std::pair<uint32_t, uint32_t>> sentence_words;  // per sentence: word range
  std::vector<std::pair<uint32_t, uint32_t>> quotes;          // quoted word ranges
  std::vector<Gram> grams;         // seed n-grams (options.seed_words), sorted
  std::vector<uint64_t> shingles;  // ShingleSet(words, options.shingle_words)
  // Per sentence (the first options.max_sentences): its distinct content-word
  // stems, sorted, at content_stems[content_begin[s], content_begin[s + 1]).
  std::vector<uint32_t> content_begin;
  std::vector<uint64_t> content_stems;
  // (content stem, sentence) for every stem of every such sentence, sorted.
  std::vector<std::pair<uint64_t, uint32_t>> postings;
  // Per such sentence of at most 64 words, what the word-order score needs
  // of it as the second sentence of a pair (LongestCommonSubsequence's y),
  // built once instead of once per pair: a table over its distinct stems,
  // lcs_slots[lcs_slot_begin[s], lcs_slot_begin[s + 1]) (a power of two
  // long; empty for a longer sentence), each slot 0 or 1 + the position in
  // the sentence where its stem first occurs; per word (lcs_masks[w]) at
  // such a first occurrence, the stem's match mask over the sentence's
  // words, else 0. The table is direct when lcs_shift[s] is a shift: a
  // stem's slot is (stem >> shift) & (size - 1), no two of the sentence's
  // stems sharing one (most sentences; up to 256 slots); else (kProbing)
  // open addressing from the stem's low bits.
  static constexpr uint8_t kProbing = 0xff;
  std::vector<uint32_t> lcs_slot_begin;
  std::vector<uint8_t> lcs_shift;
  std::vector<uint8_t> lcs_slots;
  std::vector<uint64_t> lcs_masks;
  // Seconds since 1970 of the document's publication time, when it has one
  // that parses: set by whoever prepares it from a LinkText (link.cc), for
  // the direction of its links.
  std::optional<int64_t> published;
  // Filled by drift detection (link.cc) the first time a pair needs them and
  // reused by the document's later pairs: its people, and per sentence whom
  // it is attributed to (`sources_known[s]` once sources[s] is computed).
  // Not counted in MemoryBytes (a few names a document).
  mutable std::shared_ptr<const People> people;
  mutable std::vector<std::vector<Said>> sources;
  mutable std::vector<uint8_t> sources_known;

  size_t MemoryBytes() const;
};

// `options` gives the n-gram and shingle lengths and the sentence limit; a
// document prepared under some options is compared only under the same ones.
AlignDoc Prepare(std::string_view text, const SegmentedText& seg, const LinkOptions& options);
// The same, from the document's words (WordsOf(seg)) and shingles
// (ShingleSet(words, options.shingle_words)) found already.
AlignDoc Prepare(std::string_view text, const SegmentedText& seg, const LinkOptions& options, Words words,
                 std::vector<uint64_t> shingles);

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
// Empty, without scoring any pair in full, when fewer than `min_pairs`
// sentences of a, or of b, have a partner whose score could reach the
// threshold (Dice overlap and lengths): then no alignment has min_pairs pairs.
std::vector<SentencePair> AlignSentences(const AlignDoc& a, const AlignDoc& b, const LinkOptions& options,
                                         size_t min_pairs = 0);

// Length of the longest common subsequence of the first kMaxLcsWords (256)
// elements of x and of y: the word-order half of SentenceSimilarity.
size_t LongestCommonSubsequence(std::span<const uint64_t> x, std::span<const uint64_t> y);

// LongestCommonSubsequence(xs, stems of sentence t of b), through t's
// prepared table when it has one (the alignment's way). REQUIRES: b
// prepared, t among its first options.max_sentences sentences.
size_t LcsWithTable(std::span<const uint64_t> xs, const AlignDoc& b, size_t t);

// The calling thread's counters behind LinkWorkDone().
LinkWork& ThreadWork();

// SentenceSimilarity over word ranges of two prepared documents.
double SentenceScore(const AlignDoc& a, std::pair<uint32_t, uint32_t> ra, const AlignDoc& b,
                     std::pair<uint32_t, uint32_t> rb);

}  // namespace crosscheck::link_internal
