// Link: which reports reuse each other's text, and how.
//
//   std::vector<Link> links = LinkDocuments(docs, segmented);   // all pairs worth reporting
//
// For each pair of documents that share text, a Link says what kind of reuse
// it is, how much, which way it probably went, the reused passages with their
// bytes in both documents, and where the reuse dropped or changed who said it:
//
//   duplicate       the same words (kept text, normalised), whatever the
//                   boilerplate around them
//   near-duplicate  word 3-shingles' Jaccard >= near_duplicate_jaccard
//   rewrite         the sentences of one follow the other's in order, reworded
//                   (fuzzy sentence alignment), often with quoted fragments in
//                   common; 004 rewriting 003 in the seeds
//   shared-passage  passages copied word for word or with small edits, in
//                   documents that are otherwise different
//
// Passages are found passim-style: word n-grams shared by the two documents
// seed them; seeds on nearby diagonals are chained, the gaps between them
// aligned, and the ends extended while the words keep matching, so a passage
// survives a changed word or an inserted clause. Boilerplate is never part
// of a passage: only the tokens Segment() kept (clean/ removed the rest) are
// compared.
//
// Scale: LinkDocuments compares only the pairs that link/index.h's LinkIndex
// proposes, so its cost grows with the number of documents, not of pairs.
// For a stream (a million documents), use LinkIndex and LinkPair directly.
//
// Every Span indexes the original bytes of the document it belongs to.
// Thread-safe: every function here is pure (lexicons are loaded once).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"
#include "ingest/reader.h"
#include "text/segment.h"

namespace crosscheck {

struct DocumentSketch;  // link/index.h

// Thresholds and limits of the link stage, in one place. The defaults were
// set on the seed reports (tests/link_test.cc) and the MSRP training split
// (tools/msrp_eval.py); the test split was only used to report the AUC.
struct LinkOptions {
  // --- Sketches (link/index.h). Changing any of these changes every stored
  // sketch: sketches of different options must not be compared.
  // Words per shingle for MinHash and the duplicate hash. Default 3.
  size_t shingle_words = 3;
  // One-permutation MinHash bins (signature length). Default 128: the
  // Jaccard estimate's standard error is about sqrt(J(1-J)/128) <= 0.045.
  size_t minhash_bins = 128;
  // LSH: the signature cut into bands of bins/bands rows; documents equal on
  // any band are candidates. 32 bands x 4 rows: a pair with Jaccard 0.5 is
  // found with probability 0.87, 0.3 with 0.23, 0.1 with 0.003.
  size_t lsh_bands = 32;
  // Candidate pairs from LSH whose estimated Jaccard is below this are
  // dropped (unless seeds also found them). Default 0.25.
  double min_candidate_jaccard = 0.25;

  // --- Passage seeds.
  // Words per seed n-gram. Default 4: "responsibility for the attacks"
  // joins "Kabul and a market in eastern Afghanistan" to one passage.
  size_t seed_words = 4;
  // Index seeds need this many content words (not in
  // data/lexicon/link_function_words.tsv) among their seed_words. Default 2.
  size_t min_seed_content_words = 2;
  // Winnowing window over seed n-grams in the index: a run of at least
  // seed_words + seed_window - 1 identical words (7 by default) shared by two
  // documents always yields a fingerprint they share; about 2/(window+1) of
  // the n-grams are stored (40%).
  size_t seed_window = 4;
  // A seed stored for more documents than this is a stock phrase ("said in a
  // statement on"), not evidence of copying: it stops proposing candidates.
  size_t max_seed_documents = 64;
  // Fingerprints two documents must share to be a candidate pair. Default 2:
  // guaranteed for a shared run of 11 words (two disjoint windows). With 1,
  // chance collisions of single 4-grams grow with the square of the corpus
  // (0.70 candidates per document at 50,000 documents, 1.42 at 300,000);
  // with 2 they stay flat (0.54).
  size_t min_shared_seeds = 2;
  // At most this many candidates per added document, best first. Default 32.
  size_t max_candidates = 32;

  // --- Passage alignment (LinkPair).
  // Unaligned words allowed between two seeds of one passage. Default 8.
  size_t max_gap_words = 8;
  // Extension stops when the score (+1 match, -1 mismatch) falls this far
  // below its best. Default 3: a passage crosses one or two changed words.
  int extend_drop = 3;
  // A passage needs at least this many matched words. Default 8: "including
  // Chitral, Bajaur, Mohmand, Angoor Adda, and Kurram" (9) is one; stock
  // phrases such as "all official borders and de facto lines" (7) are not.
  size_t min_passage_words = 8;
  // And at least this share of its words matched (2 x matched / (words in a
  // + words in b)). Default 0.5.
  double min_passage_similarity = 0.5;
  // Quoted fragments of at least this many words found in both documents are
  // kept as (quote) passages even when shorter than min_passage_words.
  size_t min_quote_words = 2;

  // --- Sentence alignment (rewrites).
  // Sentence pairs scoring at least this (SentenceSimilarity) can be aligned.
  // Default 0.5, near the best cut on MSRP's training split (0.52); on its test split
  // 91% of paraphrases and 62% of the (lexically close) non-paraphrases
  // score at least this.
  double min_sentence_similarity = 0.5;
  // A rewrite aligns at least this many sentences in order. Default 4.
  size_t min_rewrite_sentences = 4;
  // Aligned sentences scoring at least this are copied, not reworded; a
  // rewrite needs more reworded sentences than copied ones. Default 0.9.
  double copied_sentence_similarity = 0.9;

  // --- Link kinds and reporting.
  // Jaccard (exact, on word 3-shingles) from which a pair is a near-duplicate.
  double near_duplicate_jaccard = 0.8;
  // Also a near-duplicate: this share of the shorter document's words in
  // passages, when it has at least 2/3 of the longer one's words (a copy
  // with a paragraph cut). Default 0.9.
  double near_duplicate_containment = 0.9;
  // Links whose similarity is below this are not reported. Default 0.10.
  // On the seeds the three reuse relations score 0.135 (000-001), 0.185
  // (001-002) and 0.331 (003-004); no other pair is a link even at 0 (the
  // closest, 000-002, shares only a 7-word quote, 2% of 002).
  double min_link_similarity = 0.10;
  // Direction from containment needs one document's reused share to be at
  // least this many times the other's; else "unknown". Default 1.5: for
  // verbatim reuse the copy is then at most 2/3 the length of its source.
  double direction_ratio = 1.5;
  // The same for near-duplicates: the shorter is the trimmed copy when its
  // share is 5% above the other's. Default 1.05.
  double near_duplicate_direction_ratio = 1.05;

  // --- Bounds on hostile input.
  // Seed matches per pair beyond this are ignored (a document repeating one
  // phrase a thousand times). Default 20000.
  size_t max_seed_matches = 20000;
  // Sentences per document considered for sentence alignment. Default 2000.
  size_t max_sentences = 2000;

  // --- Memory.
  // PairLinker keeps documents' prepared forms (about 93 bytes a word, 24 KB
  // for a 1.5 KB report) within this many bytes, the most recently aligned
  // first. Only time depends on it, never a link. Default 512 MB: every
  // document of a 16,000-report corpus, or the last 21,000 or so.
  size_t max_prepared_bytes = size_t{512} << 20;
};

// A reused passage: the words at `a` in document a reappear at `b` in b.
struct Passage {
  Span a, b;
  // 2 x matched words / (words in a + words in b); 1 for a verbatim copy.
  double similarity = 0;
  // Shared quotation shorter than a passage ("small clique"): the same
  // quoted words in both documents.
  bool quote = false;
};

// A reused passage whose attribution was dropped, added or changed.
struct Drift {
  Span a, b;                       // the sentence in each document
  std::string a_source, b_source;  // who the sentence is attributed to; empty = nobody
  // "dropped" | "added" | "changed", read along the link's direction (a->b
  // when unknown): "dropped" = the copy states as fact what its source
  // attributed.
  std::string what;
};

struct Link {
  size_t a = 0, b = 0;  // document indices, a < b
  std::string kind;     // duplicate | near-duplicate | rewrite | shared-passage
  // In [0, 1]: the share of the smaller document's words that are reused in
  // the other (aligned passages, or aligned sentences weighted by their
  // similarity for a rewrite); 1 for a duplicate.
  double similarity = 0;
  // "a->b" (b copies a), "b->a", or "unknown". From Document::published when
  // both parse (ISO 8601) and differ; else from containment: for verbatim
  // reuse the document more of which is reused is the copy (trimmed or
  // excerpted); for a rewrite the document that follows all of the other and
  // adds material is the rewrite.
  std::string direction;
  std::vector<Passage> passages;  // in order of a's text
  std::vector<Drift> drift;       // in order of a's text
};

// One document as the link stage reads it. The views must outlive the call.
struct LinkText {
  std::string_view text;       // original bytes
  const SegmentedText* seg = nullptr;  // Segment(text, Clean(doc))
  std::string_view published;  // ISO 8601, or empty
};

// The link between documents `a` and `b` (indices reported in the Link), or
// nothing when they share too little. REQUIRES: a < b, both seg non-null.
std::optional<Link> LinkPair(size_t a, const LinkText& ta, size_t b, const LinkText& tb,
                             const LinkOptions& options = {});

// LinkPair for documents that each take part in many pairs: a stream of
// reports, each aligned with its candidates among the earlier ones. Each
// document is prepared (words, stems, seed n-grams, shingles, sentence
// content sets) once and kept while options.max_prepared_bytes allows, the
// most recently aligned first; an evicted document is prepared again when
// next needed. Documents are known by their index: every call naming index i
// must pass the same text and segmentation, which must outlive the
// PairLinker. Not thread-safe.
class PairLinker {
 public:
  explicit PairLinker(const LinkOptions& options = {});
  ~PairLinker();
  PairLinker(PairLinker&&) noexcept;
  PairLinker& operator=(PairLinker&&) noexcept;

  // LinkPair(a, ta, b, tb, options): the same result. REQUIRES: a < b; a
  // document's text and segmentation equal those it was first given with (a
  // fresh copy is fine: only the views of this call are read).
  std::optional<Link> Align(size_t a, const LinkText& ta, size_t b, const LinkText& tb);

  // SketchDocument(t.text, *t.seg, options) of document i, keeping the words
  // and shingles it found until the next Sketch: when i is prepared before
  // then (a new report aligned with its candidates right after it is
  // indexed), they are not found again. Include link/index.h to use it.
  DocumentSketch Sketch(size_t i, const LinkText& t);

  // Bytes of the prepared documents kept.
  size_t MemoryBytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Work done by the link stage on the calling thread since it started, for
// tests that check the cost of a report does not grow with the corpus.
struct LinkWork {
  uint64_t index_entries_read = 0;  // posting-list entries LinkIndex::Add read
  uint64_t pairs_aligned = 0;       // LinkPair and PairLinker::Align calls
  uint64_t documents_prepared = 0;  // documents prepared for alignment
  uint64_t sentences_attributed = 0;  // sentences whose sources drift detection looked up
};
LinkWork LinkWorkDone();

// Every link between `docs`, ordered by (a, b). `segmented[i]` is
// Segment(docs[i].text, Clean(docs[i])). REQUIRES: equal sizes.
std::vector<Link> LinkDocuments(const std::vector<Document>& docs,
                                const std::vector<SegmentedText>& segmented,
                                const LinkOptions& options = {});

// Same, cleaning and segmenting the documents itself.
std::vector<Link> LinkDocuments(const std::vector<Document>& docs, const LinkOptions& options = {});

// How much sentence y reuses sentence x, in [0, 1], from their tokens: the
// mean of the content words' Dice overlap (light stemming, numbers exact) and
// the all-words longest-common-subsequence ratio. Symmetric. This is the score
// the rewrite alignment uses; tools/msrp_eval.py measures it on paraphrases.
double SentenceSimilarity(const std::vector<Token>& x, const std::vector<Token>& y);

}  // namespace crosscheck
