// Quotations and who said them, and the same quotation across reports.
//
// A quotation is the text between a pair of quote marks (“ ” " ‘ ’ « »), in
// one paragraph; a quote left open at a paragraph's end closes there (the
// next paragraph reopens it, as news style does). Its speaker comes from the
// attribution next to it ("…,” Mujahid said", "said Ayesha Siddiqa"), else
// the sentence's leading attribution ("X said … “…”"), else the speaker of
// the quotation just before it in the same paragraph (a second quoted
// sentence), else the person named last before it in its sentence ("Shehbaz
// Sharif condemned … a “firm and fitting response.”").
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
  std::string speaker;  // resolved name ("Zabihullah Mujahid"), or empty
  Span speaker_span;    // the words the attribution rests on ("he"); empty if none
  std::string cue;      // "said", "according to", ... or empty
  bool partial = false; // a fragment inside the reporter's own sentence
};

// Quotations of one document in text order. Thread-safe.
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
