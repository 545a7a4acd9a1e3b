// Internal to link/: the normalised words of a document's kept text, hashed.
// Not part of the stage's API (see link.h and index.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "text/segment.h"

namespace crosscheck {
struct DocumentSketch;  // link/index.h
struct LinkOptions;     // link/link.h
}  // namespace crosscheck

namespace crosscheck::link_internal {

// The word and number tokens of `seg` (punctuation is not compared: copies
// differ in dashes and quote marks more than in words), with their hashes.
struct Words {
  std::vector<uint32_t> token;  // index into seg.tokens
  std::vector<uint64_t> hash;   // of Token::lower (ASCII-lowercased, ’ folded)
  std::vector<uint8_t> content; // 1 unless a function word (data/lexicon/link_function_words.tsv)
  size_t size() const { return token.size(); }
};

Words WordsOf(const SegmentedText& seg);

// The distinct hashes of every run of n words, sorted: a document's shingles.
std::vector<uint64_t> ShingleSet(const Words& w, size_t n);

// Hash of n consecutive word hashes (a shingle or a seed n-gram). `seed`
// separates the uses; the seeds are fixed forever (see index.h).
uint64_t HashRun(const uint64_t* hashes, size_t n, uint64_t seed);

// SketchDocument (link/index.h) of the document whose words and shingles
// (ShingleSet(w, options.shingle_words)) these are.
DocumentSketch SketchWords(const Words& w, const std::vector<uint64_t>& shingles, const LinkOptions& options);

inline constexpr uint64_t kShingleSeed = 0x6c696e6b2d736831ull;   // "link-sh1"
inline constexpr uint64_t kSeedSeed = 0x6c696e6b2d736431ull;      // "link-sd1"
inline constexpr uint64_t kContentSeed = 0x6c696e6b2d636f31ull;   // "link-co1"

}  // namespace crosscheck::link_internal
