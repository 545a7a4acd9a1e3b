// Link index: proposes the pairs of documents that may reuse each other's
// text, for corpora too large to compare every pair (a million documents).
//
//   LinkIndex index(options);
//   for (each document, in arrival order) {
//     DocumentSketch s = SketchDocument(text, Segment(text, Clean(doc)), options);  // any thread
//     for (const Candidate& c : index.Add(s)) ... LinkPair(c.a, .., c.b, .., options) ...
//   }
//
// Per document the index keeps a fixed-size sketch, never the text:
//   - a one-permutation MinHash signature (minhash_bins x 4 bytes) over the
//     document's word 3-shingles, densified so short documents have no empty
//     bins (Shrivastava 2017), cut into LSH bands: near-duplicates;
//   - a content hash of its normalised words: exact duplicates;
//   - winnowed word 5-gram fingerprints (Schleimer et al. 2003) in posting
//     lists: documents that share a passage but are otherwise different,
//     which MinHash cannot see (a shared paragraph is a small Jaccard).
// Memory: 4.7-6.9 KB per 2.5 KB news document in docs/PERFORMANCE-HISTORY.md's
// benchmark before 2026-12-06; since then a table sized by Reserve is three
// quarters full (one grown doubles below 1 M slots and by half above) and
// only fingerprints of two or more documents have postings: 2.7 KB a report
// (267 MB freed with it) at 100,000 of the growth corpus. MemoryBytes()
// reports it.
// Work per Add is bounded: posting lists are read only for their most recent
// max_seed_documents entries, so the cost does not grow with the corpus.
//
// Hashes are XXH3-64 with fixed seeds. Never change a seed: sketches written
// by one version must compare with another's; add a V2 instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "link/link.h"
#include "text/segment.h"

namespace crosscheck {

// What the index keeps of one document (and a bit more, until Add).
struct DocumentSketch {
  uint64_t content_hash = 0;   // of the normalised words; 0 when there are none
  uint32_t words = 0;          // normalised words (tokens of kind word or number)
  uint32_t shingles = 0;       // distinct word shingles
  std::vector<uint32_t> minhash;  // minhash_bins values; empty when no shingle
  std::vector<uint64_t> seeds;    // winnowed seed fingerprints, sorted, distinct
};

// Sketches the kept text of one document. Thread-safe.
DocumentSketch SketchDocument(std::string_view text, const SegmentedText& seg,
                              const LinkOptions& options = {});

// The distinct shingle hashes of a document, sorted: the exact sets whose
// Jaccard the MinHash signature estimates (tests compare the two).
std::vector<uint64_t> Shingles(const SegmentedText& seg, const LinkOptions& options = {});

// Estimated Jaccard of two documents' shingle sets, in [0, 1].
// REQUIRES: both sketched with the same options.
double EstimateJaccard(const DocumentSketch& x, const DocumentSketch& y);
// Estimated share of x's shingles that are also y's, in [0, 1].
double EstimateContainment(const DocumentSketch& x, const DocumentSketch& y);

// A pair of documents worth aligning, in insertion order: a < b.
struct Candidate {
  size_t a = 0, b = 0;
  bool duplicate = false;       // same content hash
  double jaccard = 0;           // estimated
  double containment_a = 0;     // estimated share of a's shingles in b
  double containment_b = 0;     // estimated share of b's shingles in a
  uint32_t shared_seeds = 0;    // fingerprints in common (usable ones only)
};

class LinkIndex {
 public:
  explicit LinkIndex(const LinkOptions& options = {});
  ~LinkIndex();
  LinkIndex(LinkIndex&&) noexcept;
  LinkIndex& operator=(LinkIndex&&) noexcept;

  // Adds the next document (its id is size() before the call) and returns
  // its candidate pairs with earlier documents, best first, at most
  // options.max_candidates. Not thread-safe: one Add at a time.
  // REQUIRES: sketch made with this index's options.
  std::vector<Candidate> Add(const DocumentSketch& sketch);
  // Add without looking for candidates: the index afterwards is the same.
  // For rebuilding an index whose pairs are known (a resumed engine).
  void Insert(const DocumentSketch& sketch);

  // Room for `documents` documents with `seeds` fingerprints in all, made
  // at once instead of by doubling (a resumed engine knows how many reports
  // it will insert). The index afterwards is the same.
  void Reserve(size_t documents, size_t seeds);

  size_t size() const;
  // Bytes held by the index (signatures, tables, posting lists).
  size_t MemoryBytes() const;

 private:
  std::vector<Candidate> Put(const DocumentSketch& sketch, bool rank);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crosscheck
