// Entities: the people, organisations, places and other names of a corpus,
// each with every mention, resolved within and across documents.
//
//   Result<const Tagger*> tagger = Tagger::Default();
//   EntityFinder finder(*tagger.value());
//   for (each document i) finder.Add(doc[i], segmented[i], people[i]);  // segmented[i] may then be dropped
//   std::vector<Entity> entities = finder.Resolve();
//
// Mentions come from the tagger (tag/tagger.h) with repairs — hyphenated
// names rejoined ("Tehreek" + "-i-" + "Taliban Pakistan"), "of" joins
// ("Islamic Emirate of Afghanistan"), titles alone dropped ("Field Marshal"),
// names seen only in Title Case lines dropped ("Broader Allegations") — and
// from rules over the tokens: acronym definitions ("Tehreek-i-Taliban
// Pakistan (TTP)", Schwartz & Hearst 2003) and aliases after them ("(TTP),
// or Pakistani Taliban"), names listed as places ("districts, including
// Chitral, Bajaur and Kurram", "Helmand and Paktika provinces"),
// organisations named by their head noun ("King's College London"), a
// demonym with an institution ("Pakistani army"), role nouns ("the
// spokesman") standing for the person holding the role in that document
// (extract/attribution.h's People), and known aliases no rule can find
// (data/lexicon/entity_aliases.tsv).
//
// Resolution across documents merges mentions with the same key (case,
// diacritics and dashes ignored), acronyms with their definitions, names
// that differ only by a trailing designator ("Islamic State Khorasan
// Province" = "... branch", data/lexicon/entity_designators.tsv) or by "of"
// and a place ("Islamic Emirate" = "Islamic Emirate of Afghanistan"),
// transliteration variants (same consonant skeleton and an edit distance of
// at most one per eight characters: Tehreek/Tehrik-i-Taliban), and a lone
// surname with the one person whose name ends in it (Mujahid -> Zabihullah
// Mujahid). Places get their country, ISO code and coordinates from
// entity/knowledge.h, choosing among same-named places by the countries the
// documents name.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/short_string.h"
#include "base/span.h"
#include "entity/knowledge.h"
#include "extract/attribution.h"
#include "ingest/reader.h"
#include "tag/tagger.h"
#include "text/segment.h"

namespace crosscheck {

namespace entity_internal {
struct DocumentMentions;
}

// One document's mentions, found and not yet added to an EntityFinder.
// Copyable (an engine adds them to a new finder on every snapshot) and
// persistent: Encode's bytes read back by Decode give the same mentions
// (src/store keeps them; versioned by the store's schema).
class FoundMentions {
 public:
  FoundMentions();
  FoundMentions(const FoundMentions&);
  FoundMentions& operator=(const FoundMentions&);
  FoundMentions(FoundMentions&&) noexcept;
  FoundMentions& operator=(FoundMentions&&) noexcept;
  ~FoundMentions();

  std::string Encode() const;
  // Fails on bytes that are not one Encode()'s.
  static Result<FoundMentions> Decode(std::string_view bytes);
  // Checks `bytes` as Decode does (reading them in place, without a copy
  // of their strings) and keeps only `load`, which must give the same bytes
  // again when an EntityFinder resolves them, where they are read in place
  // (a store reads them from its file then, in the order the reports were
  // added: none is in memory while it resumes, 100 MB at 100,000 reports).
  // REQUIRES: `load` is callable.
  static Result<FoundMentions> DecodeLater(std::string_view bytes, std::function<std::string()> load);

 private:
  friend class EntityFinder;
  std::unique_ptr<entity_internal::DocumentMentions> mentions_;
  std::function<std::string()> load_;  // DecodeLater's loader; empty otherwise
};

// The tagger's entity tag of each token of a document, a byte each (0 "O",
// then I-PER, B-PER, I-ORG, B-ORG, I-LOC, B-LOC, I-MISC, B-MISC), as
// EntityFinder::Find asked them: kept, so that reading a document again
// (its people changed; its tags cannot) skips the tagger. Empty when not
// kept (a model with other tags keeps none).
using EntityTags = std::vector<uint8_t>;

// 64 bytes: an analysis holds every mention of the corpus (2 million at
// 100,000 reports), so the strings are ShortStrings (read as string_views).
struct Mention {
  ShortString doc;   // document id
  Span span;         // the mention's bytes in that document's original text
  ShortString text;  // those bytes
  ShortString kind;  // "name"; "acronym" ("TTP"); "role" ("spokesman" for the person holding the role)
};

struct Entity {
  std::string id;                    // "e1", "e2", ... in order of first mention
  std::string type;                  // PER, ORG, LOC or MISC
  std::string canonical;             // "Zabihullah Mujahid", "Islamic State Khorasan Province"
  std::vector<Mention> mentions;     // in document order (the order of Add), then by offset
  // How many mentions it has, as Resolve counts them: mentions.size(),
  // unless Resolve(wanted) left some out of `mentions` (0 in an entity not
  // made by Resolve).
  size_t mention_count = 0;
  std::vector<std::string> aliases;  // the other names used, most frequent first ("Mujahid", "ISKP")
  // LOC only, when the name is a known place; shared by the entity's copies
  // and never changed. A pointer, not an optional Place, because most
  // entities have none: 16 bytes where an optional Place took 144 (an
  // entity is 168 bytes instead of 296; 481,000 of them at 100,000 reports).
  std::shared_ptr<const Place> place;
};

struct EntityOptions {
  // A city or WordNet place is accepted for a name when its country is named
  // in the same sentence, named this many times in a document that mentions
  // it, or it has at least `known_city_population` people (Moscow, Tehran).
  // Default: "Tirah" is not taken for the town in Israel from a report that
  // names Israel once.
  size_t min_country_mentions = 2;
  uint64_t known_city_population = 1000000;
  // Names compared pairwise as spelling variants share a skeleton; a bucket
  // larger than this is compared only within its first entries (bounded
  // work on hostile input).
  size_t max_variant_bucket = 64;
};

class EntityFinder {
 public:
  // REQUIRES: `tagger` outlives the finder.
  explicit EntityFinder(const Tagger& tagger, EntityOptions options = {});
  EntityFinder(EntityFinder&&) noexcept;
  EntityFinder& operator=(EntityFinder&&) noexcept;
  ~EntityFinder();

  // Finds the mentions of one document. `seg` is Segment() of doc.text;
  // `people` are that document's people (People::Find, optionally filled
  // from the corpus), used for role nouns. Keeps only the mentions (offsets
  // and words, no tokens), so `seg` can be dropped afterwards. Documents
  // should have distinct ids. Not thread-safe: one Add at a time.
  void Add(const Document& doc, const SegmentedText& seg, const People& people);

  // Add in two halves, for callers that find mentions on several threads:
  // Find is Add's work (tagging included) without touching the finder, so it
  // is thread-safe; Add(found) appends the result. Documents must be added in
  // the order Add(doc, seg, people) would have seen them (entity ids follow
  // it). `seg` may be dropped once Find returns.
  //
  // `tags`, when given, keeps the tagger's answers for reading the document
  // again (EntityTags): an empty one is filled, and one with a known tag for
  // every token of `seg` is used instead of the tagger (the same mentions).
  FoundMentions Find(const Document& doc, const SegmentedText& seg, const People& people,
                     EntityTags* tags = nullptr) const;
  void Add(FoundMentions found);

  // The entities of every document added so far, resolved across documents.
  // May be called again after more Adds. Time: about linear in the number of
  // mentions (hash groupings; pairwise only within a skeleton bucket).
  // Mentions added as a loader (DecodeLater) are read in place, one
  // document at a time; of each mention resolution keeps only what it reads
  // once the mention's name is known (span, text, sentence, kind).
  std::vector<Entity> Resolve() const&;
  // The same, freeing each document's mentions once read: the finder is
  // empty afterwards (for a caller that resolves once: the corpus's mentions
  // are then not in memory twice).
  std::vector<Entity> Resolve() &&;
  // The same, for a caller that looks up the mentions of a few documents
  // only (AttachEntities of claims alone: entity/attach.h): each entity's
  // `mentions` holds its first mention and its mentions in the documents
  // with wanted[d] (d: the document's position in the order of Add; a
  // caller that looks mentions up by document id wants every document with
  // that id), and `mention_count` counts them all. A store's add resolves
  // every stored report's mentions but reads those of 1 report in 10: it
  // does not hold the other 1.3 million at 100,000 reports (86 MB).
  // Entities, ids, names and places are those Resolve() gives.
  // REQUIRES: wanted.size() is the number of documents added.
  std::vector<Entity> Resolve(const std::vector<bool>& wanted) &&;

 private:
  // Resolve() && (wanted null) and Resolve(wanted).
  std::vector<Entity> ResolveTaking(const std::vector<bool>* wanted);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crosscheck
