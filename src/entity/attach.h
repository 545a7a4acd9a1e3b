// Attach: resolved entities (entity.h) given to what the extract stage found,
// once every document has been added and Resolve() has run.
//
//   std::vector<Entity> entities = finder.Resolve();
//   EntityIndex index(entities);
//   AttachEntities(index, claims, quotes);   // quotes' speaker_entity, claims' source and side
//
// A quotation's speaker_entity is the entity with a mention overlapping its
// speaker_span (a name, a surname, a role noun the entity stage resolved:
// "the spokesman"), else the one entity whose canonical name or an alias is
// the resolved speaker name ("he" resolved to "Zabihullah Mujahid").
//
// A claim's source that is a person named only by a surname ("Scarborough
// said", with "Joe Scarborough" named elsewhere) takes the entity's
// canonical name. Organisations keep the words the text uses: the
// source names are the unit reconcile counts independent sources by, and
// "Taliban government" is kept apart from the state it speaks for.
//
// A claim whose counted phrase names no side the sides lexicon knows takes
// the country of a capitalised demonym in it ("two Spanish soldiers" ->
// Spain, from WordNet pertainyms, entity/knowledge.h) over the side the
// claim stage guessed from context. Country names are not used: in a counted
// phrase they are mostly part of a group's name ("Islamic Movement of
// Uzbekistan insurgents").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/span.h"
#include "entity/entity.h"
#include "extract/claims.h"
#include "extract/quotes.h"

namespace crosscheck {

// Mentions of a set of entities by document, for look-ups by span and name.
// Holds pointers into `entities`: REQUIRES it outlives the index, unchanged.
class EntityIndex {
 public:
  explicit EntityIndex(const std::vector<Entity>& entities);

  // The entity with the mention overlapping `span` of document `doc` the
  // most (a name over a role noun nested in it at equal overlap), or nullptr.
  // O(log mentions of doc).
  const Entity* At(std::string_view doc, Span span) const;

  // The one entity of `type` (any type when empty) whose canonical name or
  // an alias is `name` (case, diacritics and dashes ignored), or nullptr
  // when none or several are.
  const Entity* Named(std::string_view name, std::string_view type = {}) const;

 private:
  struct Ref {
    Span span;
    const Entity* entity;
    bool role;
  };
  // A name key (NameKey of a canonical name or an alias) in names_bytes_,
  // and an entity it names.
  struct Name {
    uint64_t hash;  // of the key: names sort by it first
    uint32_t at, size;
    const Entity* entity;
  };
  std::string_view KeyOf(const Name& n) const { return std::string_view(names_bytes_).substr(n.at, n.size); }

  // Every mention, a run per document, each run sorted by span.begin;
  // runs_ gives a document's run [first, second) in refs_ (keys view the
  // entities' strings). Flat: at 100,000 reports 1.9 M mentions in 100,000
  // documents, where a vector per document cost an allocation each.
  std::vector<Ref> refs_;
  std::unordered_map<std::string_view, std::pair<uint32_t, uint32_t>> runs_;
  // Sorted by (hash, key), entities in order within a key, no pair twice.
  std::vector<Name> names_;
  std::string names_bytes_;
  size_t longest_ = 0;  // the longest mention in bytes: bounds the backward scan in At
};

// Sets each quote's speaker_entity and each claim's source and subject_side
// as described above. Spans and ids are not changed.
void AttachEntities(const EntityIndex& index, std::vector<Claim>& claims, std::vector<Quote>& quotes);

// Whether AttachEntities looks `claim` up by its document's mentions
// (EntityIndex::At): a source that is a named person. Claims that do not
// are attached alike from entities resolved without their documents'
// mentions (EntityFinder::Resolve(wanted)); quotations always are looked up.
bool AttachReadsMentions(const Claim& claim);

}  // namespace crosscheck
