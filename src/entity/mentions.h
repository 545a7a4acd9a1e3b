// Mentions of one document (internal to src/entity/): tagger entities with
// repairs, and the rule-based mentions listed in entity.h. entity.cc resolves
// them across documents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/short_string.h"
#include "base/span.h"
#include "extract/attribution.h"
#include "ingest/reader.h"
#include "tag/tagger.h"
#include "text/segment.h"

namespace crosscheck::entity_internal {

// How much a mention's type counts when an entity's type is voted.
enum class Strength : uint8_t {
  kWeak = 0,    // rejoined from pieces the tagger typed differently
  kTagger = 1,  // as the tagger typed it
  kRule = 2,    // typed by a rule (place list, acronym definition, data)
};

// A mention's type, as the tagger or a rule gave it. A model's other types
// (the compiled-in one has none) count as MISC, as they do in the vote.
enum class MentionType : uint8_t { kPer = 0, kOrg = 1, kLoc = 2, kMisc = 3 };
MentionType TypeOf(std::string_view type);  // "PER" -> kPer, ...; any other -> kMisc
std::string_view TypeName(MentionType type);  // "PER", "ORG", "LOC", "MISC"

// What a mention is: a name, an acronym, or a role noun ("the spokesman")
// standing for the person holding the role.
enum class MentionKind : uint8_t { kName = 0, kAcronym = 1, kRole = 2 };
std::optional<MentionKind> KindOf(std::string_view kind);  // "name", "acronym", "role"
std::string_view KindName(MentionKind kind);

// Type and kind are one-byte enums, encoded by name as before
// (FoundMentions::Encode), and the strings ShortStrings (16 bytes, not 32):
// 88 bytes a mention instead of 160: what the engine holds of every report it
// read until its entities are resolved (a store's are read in place instead,
// and the resolver keeps 40 bytes of each: entity.cc).
struct Found {
  Span span;
  ShortString text;         // span's bytes
  ShortString name;         // the name it gives: text, or "Pakistan's army" for the span "army"
  ShortString key;          // NameKey(text); "@PK army" for a demonym with an institution
  ShortString person;       // role mentions: name of the person holding the role
  uint32_t sentence = 0;    // index into the document's sentences
  Strength strength = Strength::kTagger;
  MentionType type = MentionType::kMisc;
  MentionKind kind = MentionKind::kName;
  bool title_case = false;  // in a headline or a line where every word is capitalised
};

struct DocumentMentions {
  std::string doc;
  std::vector<Found> mentions;                  // by span.begin; role mentions may nest in names
  std::vector<std::pair<size_t, size_t>> same;  // mention pairs naming one entity (acronym definitions, alias cues)
};

// Thread-safe. `tags` (EntityTags, entity.h), when given: used instead of
// the tagger when it holds a known tag for every token of `seg`; otherwise
// filled with the tagger's (left empty for a tag outside kNerTags).
DocumentMentions FindMentions(const Tagger& tagger, const Document& doc, const SegmentedText& seg,
                              const People& people, std::vector<uint8_t>* tags = nullptr);

// The entity tags EntityTags keeps, by their code (the index here).
inline constexpr std::string_view kNerTags[] = {"O",     "I-PER", "B-PER",  "I-ORG", "B-ORG",
                                                "I-LOC", "B-LOC", "I-MISC", "B-MISC"};

}  // namespace crosscheck::entity_internal
