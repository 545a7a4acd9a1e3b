// Extract: count claims ("killed 58 Pakistani soldiers") with who said them.
//
// A claim binds a quantity (text/quantity.h), the counted phrase (victims,
// posts, a border) and a trigger word (data/lexicon/triggers.tsv) in one of
// the forms news uses: "killed 58 soldiers", "58 soldiers were killed",
// "left 58 dead", "the deaths of 58", "losing nine of its own fighters",
// "killed or injured", headline "Claims Killing 58 Soldiers", and implicit
// counts ("a soldier was killed" = 1, "insurgents were detained" >= 2).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"
#include "extract/attribution.h"
#include "ingest/reader.h"
#include "text/quantity.h"
#include "text/segment.h"

namespace crosscheck {

struct Claim {
  std::string id;    // assigned by the caller; unique within one analysis
  std::string doc;   // document id
  // killed | wounded | killed_or_wounded | detained (people) | captured (posts,
  // territory, equipment) | destroyed | missing | kidnapped | displaced | length
  std::string type;
  Quantity quantity;
  std::string subject;       // counted phrase as written: "Pakistani soldiers", "others"
  std::string subject_side;  // "Pakistan", or empty when the text does not say
  std::string category;      // person | post | equipment | territory | building | empty
  Source source;             // source.name empty: the outlet's own voice
  std::string modality;      // claimed | confirmed | denied | reported
  bool unverified = false;   // the document says its claims are not verified
  bool in_headline = false;
  // The text marks these as more than those already counted ("also detained
  // two", "one additional suspect", "in a separate operation"): reconcile adds
  // the count to the document's earlier ones instead of reading it as a repeat.
  bool additive = false;
  // One person described or named rather than counted ("a man was shot",
  // "Jordan Ames, 19,"): in a report that also gives a larger figure, one of
  // those people, not a rival figure (reconcile/).
  bool one_person = false;
  // One person introduced by "a" and a role noun (data/lexicon/victims.tsv,
  // column 4: "a Taliban leader", "a facilitator"): someone counted on their
  // own, not one of a group the report counts in another figure ("captured a
  // Taliban leader ... detained two suspected insurgents": 3, reconcile/).
  bool individual = false;
  Span sentence;             // the sentence holding the claim
  Span span;                 // from the first to the last word that made the claim
  std::string when;          // "February" when the sentence places it in another period
  std::string where;         // first "in <Place>" phrase of the sentence, if any
};

class CountModel;  // extract/counts.h

// Claims of one document, in text order. `people` are the document's people,
// already filled from the corpus (People::FillFrom). The rules find claims
// of every type; with `counts` (a model of extract/counts.h, e.g.
// CountModel::Default()), the model then decides the role of every mention
// of a casualty count (killed, wounded, shot) and adds the ones the rules
// missed. Null: the rules alone. Thread-safe.
std::vector<Claim> ExtractClaims(const Document& doc, const SegmentedText& seg, const People& people,
                                 const CountModel* counts = nullptr);

}  // namespace crosscheck
