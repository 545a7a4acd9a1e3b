// Quotations and who said them, and the same quotation across reports.
//
// A quotation is the text between a pair of quote marks of one style, double
// (“ ” " '' « ») or single (‘ ’ '), in one paragraph; a single-style quotation
// inside a double one (and “…“x”…” typed with one style) is nested, not an
// end. ' opens only at a word's start and closes only at a word's end, since it
// is an apostrophe too. A quotation left open at a paragraph's end closes
// there; the next paragraph reopening it continues the same quotation.
//
// Its speaker, first rule that applies (cues: AttributionOptions::quotations):
//  1. a cue right after the closing mark, in its sentence or the next
//     ("…,” Mujahid said", "…,” said an Iowa Democrat", "…?” Sanders said.",
//     "…” ― Esther Tapia");
//  2. the last cue before the opening mark in its sentence ("X told
//     reporters: “…”", "Trump called it “a disaster”", "according to X, “…”");
//  3. a plain cue later in its sentence;
//  4. another paragraph of the same quotation that has one of 1-3;
//  5. a sentence just before it that ends with its cue or a colon
//     ("Bystrom agreed. “…”", "He said: ¶ “…”");
//  6. the quotation before it in its paragraph; a paragraph of nothing but
//     quotation continues the speaker of the paragraph before it;
//  7. for a fragment, the sentence's subject when that subject speaks
//     elsewhere in the report or is a pronoun, else the person named last
//     before it in its sentence ("Shehbaz Sharif condemned … a “firm and
//     fitting response.”").
// Pronouns ("he said") go to the last subject or speaker of their kind before
// them outside quotations, else to the person named last (People).
// Cost: linear in the document's tokens (every look-up is bounded or binary).
#pragma once

#include <string>
#include <vector>

#include "base/span.h"
#include "extract/attribution.h"
#include "ingest/reader.h"
#include "text/segment.h"

namespace crosscheck {

struct Quote {
  std::string id;       // assigned by the caller: "q1", "q2", ...
  std::string doc;
  Span span;            // inside the marks, without a trailing comma
  std::string text;
  std::string speaker;  // resolved name ("Zabihullah Mujahid"), a phrase ("senior administration
                        // official"), or empty
  Span speaker_span;    // the words the attribution rests on ("he"); empty if none
  std::string speaker_entity;  // id of the speaker's entity ("e3"), set by the caller once entities
                               // are resolved (entity/attach.h); empty when none
  std::string cue;      // as written: "said", "according to", ":", "―", ... or empty
  bool partial = false; // a fragment inside the reporter's own sentence
};

// Quotations of one document in text order. Thread-safe. Spans index doc.text.
std::vector<Quote> FindQuotes(const Document& doc, const SegmentedText& seg, const People& people);

// One quotation carried by one or more reports, allowing small edits and
// partial reuse ("all official borders and de facto lines" inside the full
// sentence).
struct QuoteGroup {
  std::string id;                 // "g1", ...
  std::vector<size_t> quotes;     // indices into the quotes vector
  std::vector<std::string> docs;  // in input order
  std::string earliest;           // document with the earliest `published`, or empty when unknown
  bool single_source = false;     // carried by one report only
};

// Groups quotations across documents. Candidate pairs come from shared word
// trigrams, so the cost follows the number of shared trigrams, not quotes².
std::vector<QuoteGroup> GroupQuotes(const std::vector<Quote>& quotes, const std::vector<Document>& docs);

}  // namespace crosscheck
