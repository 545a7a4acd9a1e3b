// Tag: part-of-speech, chunk and named-entity tags for the words of a
// sentence, from a model trained on CoNLL-2003 (Reuters news).
//
//   Result<const Tagger*> tagger = Tagger::Default();   // the shipped model
//   if (!tagger.ok()) return tagger.status();
//   std::vector<WordTags> tags = tagger.value()->Tag(words);
//
// Model: three averaged perceptrons (POS, then chunks reading the POS tags,
// and entities reading the words only), decoded greedily left to right with
// the two previous tags as features. Entities alone (Layers::kEntities) cost
// about half of all three layers. Why not a CRF: on CoNLL-2003 a greedy averaged
// perceptron with the same features is within about a point of a CRF
// (Ratinov & Roth 2009) while tagging an order of magnitude faster and
// training in a minute, and the model file stays a plain weight table.
// Features: word, lower case, shape, affixes, neighbours +-2, previous tags,
// gazetteers (iso-codes countries and subdivisions, WordNet lemmas and
// capitalised nouns) and the casing of the whole sentence, so a headline in
// Title Case or CAPITALS is read as such (training adds Title Case and
// capitalised copies of sentences). Format and recipe: ARCHITECTURE.md, README.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"
#include "base/status.h"
#include "text/segment.h"

namespace crosscheck {

class Tagger;

namespace tag_internal {
struct ModelData;  // tag/model.h
// For tests: the byte budgets of `tagger`'s per-thread caches of summed
// weights (per word type, per shape pair), which are tried when full only
// on large inputs; tags are the same under any budget. Not thread-safe with
// tagging.
void SetRowCacheBudgets(Tagger& tagger, size_t type_row_bytes, size_t pair_row_bytes);
}  // namespace tag_internal

// Tags of one word. The views point into the Tagger's label tables and stay
// valid while the Tagger lives (for Default(): the whole program).
struct WordTags {
  std::string_view pos;    // Penn Treebank tag as in CoNLL-2003: "NNP", "VBD"
  std::string_view chunk;  // IOB1 chunk: "I-NP", "B-NP" (a chunk right after one of its type), "O"
  std::string_view ner;    // IOB1 entity: "I-PER", "I-ORG", "I-LOC", "I-MISC", "B-…", "O"
};

// A named entity: words [begin, end) of the sentence, type PER/ORG/LOC/MISC.
struct EntityRange {
  size_t begin = 0, end = 0;
  std::string_view type;
};

class Tagger {
 public:
  // The model compiled into the binary (data/models/tagger.model), read on
  // the first call from the image the build made of it (FromImage), in
  // place. Thread-safe. Fails when the build had no model file.
  static Result<const Tagger*> Default();
  // A model from its file bytes (copied), or from a file (for `make train`).
  static Result<Tagger> FromBytes(std::string_view bytes, std::string_view origin);
  static Result<Tagger> Load(const std::string& path);
  // A model from the image `tag_image` made of a model file at build time
  // (its tables as this build lays them out in memory): read in place, so
  // `image` must be 8-byte aligned and outlive the Tagger; the same tags as
  // FromBytes of the file. `verify` reads every table entry through first.
  static Result<Tagger> FromImage(std::string_view image, std::string_view origin, bool verify = false);

  Tagger(Tagger&&) noexcept;
  Tagger& operator=(Tagger&&) noexcept;
  ~Tagger();

  // Sentences longer than this are tagged in pieces of this many words,
  // which bounds the memory per call on hostile input.
  static constexpr size_t kMaxSentenceWords = 1024;

  // Which tags to predict: all three, or the entity tags alone (pos and
  // chunk are then empty).
  enum class Layers { kAll, kEntities };

  // Tags one sentence of words (tokens as written; CoNLL-style tokenisation
  // works best: "Pakistan" "'s"). One WordTags per word; the entity tags are
  // the same for either Layers. Thread-safe; time is linear in the number
  // of words.
  std::vector<WordTags> Tag(std::span<const std::string_view> words, Layers layers = Layers::kAll) const;

 private:
  friend void tag_internal::SetRowCacheBudgets(Tagger&, size_t, size_t);
  struct Impl;
  explicit Tagger(std::unique_ptr<Impl> impl);
  // The tagger of a parsed model (FromBytes) or of a model image (FromImage).
  static Result<Tagger> FromModel(Result<tag_internal::ModelData> model);
  std::unique_ptr<Impl> impl_;
};

// The entities in one sentence's tags, in order.
std::vector<EntityRange> Entities(std::span<const WordTags> tags);

// A token of segmented text with its tags; span indexes the document text.
struct TaggedToken {
  Span span;
  WordTags tags;
};

// Tags every sentence of `seg` (from Segment over `text`). Thread-safe.
std::vector<TaggedToken> TagText(const Tagger& tagger, std::string_view text, const SegmentedText& seg);

// CoNLL-2003 text in, the same lines out with the predicted NER tag (IOB1)
// appended after a space, so conlleval.pl scores the output directly. The
// token is each line's first column; blank lines end sentences and are kept;
// -DOCSTART- lines get "O". Line ends are written as "\n".
std::string TagConll(const Tagger& tagger, std::string_view conll);

}  // namespace crosscheck
