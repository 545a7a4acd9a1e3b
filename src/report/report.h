// Report: the Analysis as JSON (schema "crosscheck/2", documented in the
// README), as a terminal report, or as Markdown.
#pragma once

#include <string>

#include "report/analysis.h"

namespace crosscheck {

// The schema id written in every JSON report; bump when a field changes meaning.
inline constexpr const char* kSchema = "crosscheck/2";

std::string ToJson(const Analysis& analysis, bool pretty = true);
// A readable report: per story the slots, values, sources and statuses, with
// conflicts marked. `color` adds ANSI colours (for terminals).
std::string ToText(const Analysis& analysis, bool color = false);
std::string ToMarkdown(const Analysis& analysis);

}  // namespace crosscheck
