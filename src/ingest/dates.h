// Dates of web inputs: ISO 8601 (WARC-Date, Atom, --since) and RFC 822/1123
// (RSS pubDate, HTTP dates), as Unix times and back as ISO 8601 in UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crosscheck {

// "2025-10-12", "2025-10-12T08:00", "2025-10-12T08:00:00Z", with fractional
// seconds or a "+hh:mm"/"-hh:mm" offset (a space may replace the T).
std::optional<int64_t> ParseIsoTime(std::string_view text);

// "Sun, 12 Oct 2025 08:00:00 GMT" (the weekday optional; seconds optional;
// zones GMT, UT, UTC, Z, the US zones EST..PDT, and +hhmm/-hhmm; a missing
// zone is UTC).
std::optional<int64_t> ParseRfc822Time(std::string_view text);

// "2025-10-12T08:00:00Z".
std::string FormatIsoUtc(int64_t unix_seconds);

}  // namespace crosscheck
