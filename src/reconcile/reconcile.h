// Reconcile: claims from many reports -> stories -> slots -> values.
//
// A slot is one thing being counted in a story: (type, victim side) for counts,
// (length, unit) for measures. Within a slot:
//  * Per document and per original source, compatible claims are one reading
//    (58 in the headline and 58 in the body); a different figure restates the
//    total (the largest stands) unless the claim is `additive` ("also detained
//    two"), when it adds (1 leader + 2 more = 3).
//  * Across documents, readings whose intervals agree (30 and "at least 30";
//    2,600 and 2,611 km within rounding) are one value; each value lists its
//    claims, documents and original sources.
//  * Original source: the party that speaks. A government, its army and its
//    spokespeople are one party, so five outlets repeating one spokesman are
//    one original source. Claims in an outlet's own voice are that outlet's.
//  * Independent lineages: a value's documents joined when they copy each
//    other (the same ReconcileOptions::lineage, from link/) or when their
//    claims for the value quote the same original source (party). Five
//    outlets repeating one spokesman, or three copies of one wire story in
//    the outlets' own voice, are one lineage: "5 reports · 1 independent".
// Status: conflict (two or more incompatible precise values), agree (one
// value, two or more documents), single-source (one value, one document),
// vague-only (only vague amounts such as "several"). Status says whether the
// reports agree; how much that agreement is worth is the value's lineages.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "extract/claims.h"
#include "ingest/reader.h"

namespace crosscheck {

// UCDP-style estimate. best: see Reconcile() for the rule.
struct Estimate {
  double low = 0;
  double best = 0;
  std::optional<double> high;  // none: no upper bound is known
};

struct Value {
  Quantity quantity;                      // intersection of its readings
  std::vector<double> reported;           // distinct numbers folded in (2600, 2611)
  std::vector<size_t> claims;             // indices into the claims vector
  std::vector<std::string> docs;
  std::vector<std::string> original_sources;  // party labels, "Taliban / Zabihullah Mujahid"
  std::string derived_from;               // "9 killed + 9 wounded" for computed values
  std::vector<std::string> modalities;    // claimed, confirmed, reported ...
  bool precise = false;                   // holds at least one non-vague reading
  // Independent lineages among `docs` (see the top of this file): 1 <= independent <= docs.size().
  size_t independent = 0;
};

struct Slot {
  std::string type;
  std::string subject_side;  // empty for measures and unknown sides
  std::string unit;          // for length/amount slots
  std::string subject;       // most frequent counted phrase
  std::string status;        // agree | conflict | single-source | vague-only
  std::vector<Value> values; // most-supported first
  Estimate estimate;
  size_t independent_sources = 0;
  size_t reports = 0;        // documents with a claim in this slot
};

struct Story {
  std::string id;
  std::vector<std::string> docs;
  std::vector<Slot> slots;
  std::map<std::string, Estimate> totals;   // per type, over its slots (no length)
  std::vector<size_t> separate_event_claims;  // claims placed in another period
};

struct ReconcileOptions {
  // "auto" (default): stories from `story_of`; "all": one story; "none": one
  // story per document; "field:NAME": stories from a JSONL field's value
  // (documents without it each form their own).
  std::string group = "auto";
  // For "auto": the story number of each document, parallel to docs (the
  // Clusterer's assignments). When its size differs from docs', all
  // documents form one story.
  std::vector<size_t> story_of;
  // Copy lineage of each document, parallel to docs: documents with the same
  // number copy each other (Lineages() in report/analysis.h). Empty (default)
  // = every document its own lineage.
  std::vector<size_t> lineage;
};

// The best estimate of a slot is the value with the most independent
// lineages, then the most original sources; ties go to a value admitted by
// the victims' own side (a side confirming its own losses), then to the value
// in more documents, then to the lower value. Thread-compatible.
std::vector<Story> Reconcile(const std::vector<Document>& docs, const std::vector<Claim>& claims,
                             const ReconcileOptions& options);

// "Taliban / Zabihullah Mujahid": the label of a claim's original source.
std::string PartyKey(const Claim& c, const Document& doc);

}  // namespace crosscheck
