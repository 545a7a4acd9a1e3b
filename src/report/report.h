// Report: the Analysis as JSON (schema "crosscheck/2", documented in the
// README), as a terminal report, or as Markdown.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "report/analysis.h"

namespace crosscheck {

// The schema id written in every JSON report; bump when a field changes meaning.
inline constexpr const char* kSchema = "crosscheck/2";

std::string ToJson(const Analysis& analysis, bool pretty = true);
// A readable report: per story the slots, values, sources and statuses, with
// conflicts marked. `color` adds ANSI colours (for terminals).
std::string ToText(const Analysis& analysis, bool color = false);
std::string ToMarkdown(const Analysis& analysis);

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
