// A corpus of any size for the link benchmark, built from real articles
// (bench/data/zyte-articles.jsonl and examples/border-clash/) with the kinds of
// reuse a news feed has. Every document is a pure function of its index, so a
// million documents need never be held at once: the benchmark streams them
// and regenerates an earlier one when a candidate pair needs its text.
//
// Mix (by document index, fixed seed):
//   60% original       sentences of the real articles keeping their function
//                      words, every content word and number drawn afresh from
//                      the articles' words, so originals share no content
//   10% syndicated     an earlier original word for word, with another
//                      outlet's footer ("The post … appeared first on …")
//   10% near-duplicate an earlier original with a paragraph dropped, two word
//                      swaps, a few changed words and digits
//   10% rewrite        an earlier original sentence by sentence with 30% of
//                      content words changed, sentences dropped and added
//   10% partial copy   2-4 paragraphs of an earlier original, half of them
//                      excerpted under a new headline (with at most one
//                      paragraph of its own), half embedded in a new original
// Sources are originals among the previous 5,000 documents.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "ingest/reader.h"

namespace crosscheck::bench {

enum class Origin { kOriginal, kSyndicated, kNearDuplicate, kRewrite, kPartialCopy };
inline constexpr int kOrigins = 5;
const char* OriginName(Origin o);

struct CorpusDoc {
  Document doc;
  Origin origin = Origin::kOriginal;
  size_t source = 0;  // the original it derives from (itself for an original)
};

class LinkCorpus {
 public:
  LinkCorpus();  // reads the articles; exits with a message when they are missing
  ~LinkCorpus();

  // Document i. Thread-safe; costs about one document's generation (two for
  // a derived document, whose source is generated first).
  CorpusDoc Make(size_t i) const;
  // Origin of document i without generating it.
  Origin OriginOf(size_t i) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crosscheck::bench
