// Mentions of one document (internal to src/entity/): tagger entities with
// repairs, and the rule-based mentions listed in entity.h. entity.cc resolves
// them across documents.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/span.h"
#include "extract/attribution.h"
#include "ingest/reader.h"
#include "tag/tagger.h"
#include "text/segment.h"

namespace crosscheck::entity_internal {

// How much a mention's type counts when an entity's type is voted.
enum class Strength : int {
  kWeak = 0,    // rejoined from pieces the tagger typed differently
  kTagger = 1,  // as the tagger typed it
  kRule = 2,    // typed by a rule (place list, acronym definition, data)
};

struct Found {
  Span span;
  std::string text;         // span's bytes
  std::string name;         // the name it gives: text, or "Pakistan's army" for the span "army"
  std::string key;          // NameKey(text); "@PK army" for a demonym with an institution
  std::string type;         // PER, ORG, LOC or MISC
  Strength strength = Strength::kTagger;
  std::string kind = "name";  // name | acronym | role
  std::string person;       // role mentions: name of the person holding the role
  bool title_case = false;  // in a headline or a line where every word is capitalised
  size_t sentence = 0;      // index into the document's sentences
};

struct DocumentMentions {
  std::string doc;
  std::vector<Found> mentions;                  // by span.begin; role mentions may nest in names
  std::vector<std::pair<size_t, size_t>> same;  // mention pairs naming one entity (acronym definitions, alias cues)
};

// Thread-safe.
DocumentMentions FindMentions(const Tagger& tagger, const Document& doc, const SegmentedText& seg,
                              const People& people);

}  // namespace crosscheck::entity_internal
