// Training the tagger (tools/tag_train.cc, `make train`); not needed to tag.
//
//   Result<std::vector<ConllSentence>> train = ParseConll(bytes, "eng.train");
//   Result<std::string> model = TrainTagger(train.value(), {});
//   // write model.value() to data/models/tagger.model
//
// Deterministic: the same data, options and seed give the same bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace crosscheck {

// One sentence of a CoNLL-2003 file: token, POS, chunk (IOB1), NER (IOB1).
struct ConllSentence {
  std::vector<std::string> words, pos, chunk, ner;
};

// Parses CoNLL-2003 columns; blank lines end sentences, -DOCSTART- lines are
// skipped. Lines with fewer than 4 columns are an error naming `name`:line.
Result<std::vector<ConllSentence>> ParseConll(std::string_view text, std::string_view name);

struct TrainOptions {
  int epochs = 12;
  // Share of sentences added again in Title Case / in CAPITALS, so headlines
  // are seen in training (the tags stay those of the original).
  double title_copies = 0.15;
  double upper_copies = 0.05;
  uint64_t seed = 20031;
  // Debian data read for the gazetteers (iso-codes, wordnet-base); a missing
  // directory is an error, so a model never silently lacks its gazetteer.
  std::string iso_codes_dir = "/usr/share/iso-codes/json";
  std::string wordnet_dir = "/usr/share/wordnet";
  // Called with one line of progress per task and epoch; may be empty.
  std::function<void(const std::string&)> progress;
};

// Trains the POS, chunk and NER models; returns the model file's bytes.
Result<std::string> TrainTagger(const std::vector<ConllSentence>& train, const TrainOptions& options);

}  // namespace crosscheck
