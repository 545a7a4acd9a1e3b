// Reconcile: claims from many reports -> stories -> slots -> values.
//
// A slot is one thing being counted in a story: (type, victim side) for counts,
// (length, unit) for measures. Within a slot:
//  * Per document and per original source, compatible claims are one reading
//    (58 in the headline and 58 in the body); a different figure restates the
//    total (the largest stands) unless the claim is `additive` ("also detained
//    two"), when it adds (1 leader + 2 more = 3).
//  * A value is a stated figure. Readings that state the same number are one
//    value (30 and "at least 30"; 2,600 and 2,611 km within rounding; "around
//    60" and 61 within its approximation); a qualifier never merges two
//    different numbers: "at least 40" and "at least 55" are two values. Vague
//    amounts ("dozens") and ranges join the compatible value with the most
//    reports instead of making their own; each value lists its claims,
//    documents and original sources.
//  * Revisions: one original source (party) stating a larger figure in a
//    later report (Document::published, else input order; a figure whose
//    sentence says "has risen to", "new toll", "updated" ... is later
//    whatever the order: data/lexicon/revision_cues.tsv) revises its earlier
//    figures. The earlier values are `superseded` (kept, with the source's
//    history in Slot::revisions) and are not a disagreement.
//  * Scope: claims of another period or scope (a war's total, "since 2022",
//    an attack "in 2019", "last year", another town, "150 in one district",
//    "20 of them") are separate events of the story, each with its reason
//    (reconcile/scope.h), not readings of a slot.
//  * Original source: the party that speaks. A government, its army and its
//    spokespeople are one party, so five outlets repeating one spokesman are
//    one original source. Claims in an outlet's own voice are that outlet's.
//  * Independent lineages: a value's documents joined when they copy each
//    other (the same ReconcileOptions::lineage, from link/) or when their
//    claims for the value quote the same original source (party). Five
//    outlets repeating one spokesman, or three copies of one wire story in
//    the outlets' own voice, are one lineage: "5 reports · 1 independent".
// Status: conflict (two or more precise values stand, i.e. are not
// superseded), revised (one value stands, others were its own source's
// earlier figures), agree (one value, two or more documents), single-source
// (one value, one document), vague-only (only vague amounts such as
// "several"). A conflict whose standing values are all lower bounds ("at
// least 40", "more than 90") has conflict_kind "lower-bounds", else
// "figures". Status says whether the reports agree; how much that agreement
// is worth is the value's lineages.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "extract/claims.h"
#include "ingest/reader.h"

namespace crosscheck {

// UCDP-style estimate. low: the smallest value's lower end (superseded
// values included: the range shows every figure stated); high: the largest
// figure stated; best: see Reconcile() for the rule.
struct Estimate {
  double low = 0;
  double best = 0;
  // The largest figure stated ("more than 90" -> 90; never below low); none
  // only when no precise figure is known (vague amounts alone).
  std::optional<double> high;
  // `high` is itself a lower bound ("more than 90": the count is at least
  // 90 and may be higher).
  bool high_open = false;
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
  // Every source of this value later revised it to a larger figure (see
  // Slot::revisions): history, not a standing figure.
  bool superseded = false;
};

// One report's figure in a source's history.
struct RevisionStep {
  Quantity quantity;
  std::string doc;
  std::string published;      // Document::published, empty when unknown
  std::vector<size_t> claims;
  bool cue = false;           // its sentence says so: "has risen to", "new toll"
};

// One original source's figures for a slot across reports, oldest first,
// when they differ ("at least 40" -> "at least 55" -> 61).
struct Revision {
  std::string source;  // the party's label, as in Value::original_sources
  std::vector<RevisionStep> history;
};

struct Slot {
  std::string type;
  std::string subject_side;  // empty for measures and unknown sides
  std::string unit;          // for length/amount slots
  std::string subject;       // most frequent counted phrase
  std::string status;        // conflict | revised | agree | single-source | vague-only
  std::string conflict_kind; // lower-bounds | figures; empty unless status is conflict
  std::vector<Value> values; // standing before superseded, most-supported first
  std::vector<Revision> revisions;  // sources whose figure changed across reports
  Estimate estimate;
  size_t independent_sources = 0;
  size_t reports = 0;        // documents with a claim in this slot
};

// A claim of another event than the story's, with why (reconcile/scope.h):
// "another period: February", "war total", "earlier event: 2019", ...
struct SeparateEvent {
  size_t claim = 0;  // index into the claims vector
  std::string reason;
};

struct Story {
  std::string id;
  std::vector<std::string> docs;
  std::vector<Slot> slots;
  // Per type, over its slots (no length). Slots of known sides add up; a
  // slot whose side is unknown may count the same people, so it is never
  // added to them: the total is the larger of the two (low, best and high
  // each).
  std::map<std::string, Estimate> totals;
  std::vector<SeparateEvent> separate_events;  // claims of another period or scope
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

// The best estimate of a slot ("most likely", as UCDP calls it) is the
// standing (not superseded) value with the most independent lineages, then
// the most original sources; ties go to a value admitted by the victims' own
// side (a side confirming its own losses), then to the latest figure of a
// revision history, then to the more precise (an exact figure over a bound),
// then to the value in more documents, then to the lower value.
// Thread-compatible.
std::vector<Story> Reconcile(const std::vector<Document>& docs, const std::vector<Claim>& claims,
                             const ReconcileOptions& options);

// Reconcile() story by story, for a caller that keeps the stories of an
// earlier run and rebuilds only those whose inputs changed (src/store: an add
// to a store rebuilds the stories its reports touch). Build(k) is
// Reconcile()[k], and it is a function of exactly InputsOf(k) (with the
// contents of the documents at `doc_index` and of the claims listed, claim
// ids aside): the story's id, its documents (ids, in input order), where
// each one is in the input (its id's last position, as Reconcile looks
// documents up by id), which of them share a copy lineage, and its claims in
// order. Claim indices are references only: a story built from the same
// claims at other indices, in the same order, is the same but for
// Value::claims, RevisionStep::claims and SeparateEvent::claim.
// Holds references to `docs`, `claims` and nothing of `options`: the first
// two must outlive it, unchanged. Thread-compatible.
class StoryReconciler {
 public:
  StoryReconciler(const std::vector<Document>& docs, const std::vector<Claim>& claims,
                  const ReconcileOptions& options);

  static constexpr size_t kNoLineage = static_cast<size_t>(-1);
  struct Inputs {
    const std::string& id;                // "s1", ...: by first document, in input order
    const std::vector<std::string>& docs;  // document ids, in input order
    const std::vector<size_t>& claims;     // indices into claims, in document then text order
    // Per document: its position in the input (the last with its id).
    std::vector<size_t> doc_index;
    // Per document: the first of the story's documents in its lineage
    // (ReconcileOptions::lineage), or kNoLineage without lineages.
    std::vector<size_t> lineage;
  };

  size_t size() const { return stories_.size(); }
  const std::vector<Claim>& claims() const { return claims_; }
  Inputs InputsOf(size_t k) const;
  Story Build(size_t k) const;

 private:
  struct Group {
    std::string id;
    std::vector<std::string> docs;
    std::vector<size_t> claims;
  };
  const std::vector<Claim>& claims_;
  std::map<std::string, const Document*> by_id_;
  std::map<std::string, size_t> lineage_of_, index_of_;
  std::vector<Group> stories_;
};

// "Taliban / Zabihullah Mujahid": the label of a claim's original source.
std::string PartyKey(const Claim& c, const Document& doc);

}  // namespace crosscheck
