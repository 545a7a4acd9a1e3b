// The JSON API as pure functions over a Snapshot (one line of JSON each; the
// members of each element are those of the JSON report, report/report.h).
// Strings are escaped by the JSON writer (invalid UTF-8 becomes U+FFFD);
// served as application/json with nosniff, so no browser renders them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/pages.h"
#include "server/snapshot.h"

namespace crosscheck {

// {"version", "total", "stories": [{"id", "headline", "reports", "conflicts",
// "newest", "slots": [{"type", "subject_side", "status", "values": [...]}]}]}
// in the list's order, one page of it.
std::string StoriesJson(const Snapshot& s, const ListOptions& options);
// {"version", "story": <as in the report>, "documents": [<document>...],
// "quotes": [<quote>...] (the story's quotation groups' quotes)}.
std::string StoryApiJson(const Snapshot& s, size_t story);
// {"version", "document", "story": id or null, "claims", "quotes",
// "mentions": [{"entity", "span", "text"}], "links"}.
std::string DocumentApiJson(const Snapshot& s, size_t doc);
// {"version", "entity": <as in the report>}.
std::string EntityApiJson(const Snapshot& s, size_t entity);
// {"version", "query", "hits": [{"doc", "story", "snippet"}]}.
std::string SearchJson(const Snapshot& s, std::string_view query, const std::vector<FoundDocument>& hits);
// {"error": message}.
std::string ErrorJson(std::string_view message);

}  // namespace crosscheck
