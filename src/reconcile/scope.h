// Scope: whether a claim counts the story's own event or another one.
//
// A report about one attack also gives the war's total ("the war has killed
// more than 10,000 since 2022"), an earlier attack ("an attack in 2019 killed
// 30", "last year"), another town's toll or a part of the total ("150 in one
// district", "20 of them"). Those figures are true, but of another scope:
// folded into the attack's slot they would read as a conflict or inflate the
// total. Cues are data (data/lexicon/scope_cues.tsv); they are read in the
// claim's clause only, so "At least 40 people were killed, the ministry said;
// the war has killed 10,000" keeps the 40.
#pragma once

#include <string>

#include "extract/claims.h"
#include "ingest/reader.h"

namespace crosscheck {

// Why `c` counts another event than its story's: "another period: February"
// (Claim::when), "war total", "cumulative: since 2022", "earlier event: in
// 2019", "another place: in another town", "partial tally: in one district";
// empty when it is the story's own. `doc` is the claim's document (its text
// and published date). Thread-safe.
std::string OtherScope(const Claim& c, const Document& doc);

// True when the claim's sentence says its figure revises an earlier one ("the
// toll has risen to 61", "a new toll", "updated figures"):
// data/lexicon/revision_cues.tsv. Thread-safe.
bool HasRevisionCue(const Claim& c, const Document& doc);

// True when the claim's sentence names a part of its figure ("detained two
// insurgents, one of whom was the target", "including a commander", "among
// them"): a partial cue of data/lexicon/scope_cues.tsv anywhere in the
// sentence. Thread-safe.
bool NamesAPart(const Claim& c, const Document& doc);

}  // namespace crosscheck
