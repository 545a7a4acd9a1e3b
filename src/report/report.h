// Report: the Analysis as JSON (schema "crosscheck/2", documented in the
// README), as a terminal report, as Markdown, or as an export for
// researchers (CSV, GDELT GKG-style counts, UCDP-style deaths).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "report/analysis.h"

namespace crosscheck {

// The schema id written in every JSON report; bump when a field changes meaning.
inline constexpr const char* kSchema = "crosscheck/2";

std::string ToJson(const Analysis& analysis, bool pretty = true);
// The same bytes as ToJson, handed to `sink` in pieces as they are made: a
// piece ends after the element of one of the report's arrays that takes it
// to 64 KB, and the last holds the rest. The report is never whole in
// memory; what `analyze` and `report` write.
using JsonSink = std::function<void(std::string_view)>;
void WriteJson(const Analysis& analysis, bool pretty, const JsonSink& sink);
// A readable report: per story the slots, values, sources and statuses, with
// conflicts marked. `color` adds ANSI colours (for terminals).
std::string ToText(const Analysis& analysis, bool color = false);
// Text from the reports is escaped: control characters never reach a
// terminal (ESC, C1: U+FFFD; tab, CR: a space), and in Markdown the
// characters that would make markup or HTML (\ ` * _ [ ] < > & | ~) are
// backslash-escaped, so an article's `<img onerror=...>` is shown, not run.
std::string ToMarkdown(const Analysis& analysis);

// Exports (README, "Exports", lists every column). Each is a pure function
// of the Analysis, for `analyze` and for a report read back from a store.
// CSV is RFC 4180: a header row, rows ending in CRLF, a field quoted when it
// holds a comma, quote, CR or LF (quotes doubled), UTF-8 (invalid input
// bytes become U+FFFD). A text field starting with =, +, -, @, TAB or CR
// gets a leading ' (spreadsheet formula guard); numbers are written as in
// the JSON, unknown ones as an empty field.
//
// One row per claim, in claim order: the claim's JSON fields, its story, its
// separate-event reason, and its span and sentence (byte offsets and text).
std::string ToCsv(const Analysis& analysis);
// One row per value of every slot of every story, in JSON order: the slot's
// type, side, status and estimate beside the value's figures, reports and
// independent lineages.
std::string ToCsvValues(const Analysis& analysis);
// GDELT GKG 2.1-style, tab-separated (no quoting: tabs and line breaks in a
// field become spaces), header row first, one row per document: record id
// (the document id), date (published, UTC), source collection (1 web, 2
// citation), source name, document identifier (URL, else origin), and its
// claims as V1COUNTS and V2.1COUNTS (TYPE#NUMBER#OBJECT#LOCATION…[#OFFSET];).
std::string ToGkg(const Analysis& analysis);
// One row per story in the spirit of UCDP GED: deaths per side (the killed
// slots' best estimates), the story's killed total as best/low/high, each
// side's status, and whether any killed figure is in conflict.
std::string ToUcdp(const Analysis& analysis);

// Elements of the JSON report, each as one line of JSON with the members it
// has in ToJson (same escaping: invalid UTF-8 becomes U+FFFD), for callers
// that serve one element at a time (`crosscheck serve`'s API). `doc_of`
// returns the document with that id (the story's separate events quote their
// sentences); it is only called with ids of the story's claims.
std::string StoryToJson(const Analysis& analysis, const Story& story,
                        const std::function<const Document&(const std::string&)>& doc_of);
std::string DocumentToJson(const Document& doc, const CleanDocument& cleaned);
std::string ClaimToJson(const Claim& claim, const Document& doc);  // REQUIRES: claim.doc == doc.id
std::string QuoteToJson(const Quote& quote);
std::string EntityToJson(const Entity& entity);
std::string LinkToJson(const Link& link, const std::vector<Document>& docs);

}  // namespace crosscheck
