// The web UI's pages as pure functions over a Snapshot: HTML in, nothing
// else (no socket, no clock), so each page is unit-tested as a string.
//
// Safety: every byte that came from a report (text, ids, names, metadata) is
// written through EscapeHtml, in text or in a quoted attribute; ids in links
// are percent-encoded; a report's URL becomes a link only when it is http or
// https (never javascript:, data: ...). Pages hold no inline script or style
// (the server's Content-Security-Policy forbids both): the look comes from
// /assets/style.css, and a figure's sentence is highlighted by the server
// (?claim=ID), not by script.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/snapshot.h"

namespace crosscheck {

// & < > " ' as entities; C0 control characters other than tab and line
// breaks, and invalid UTF-8 bytes, as U+FFFD.
std::string EscapeHtml(std::string_view text);
// Every byte but A-Z a-z 0-9 - . _ ~ as %XX (an id inside a URL path or query).
std::string PercentEncode(std::string_view text);
// `url` when it is an absolute http:// or https:// URL without spaces or
// control characters, else empty (the caller then shows it as text).
std::string SafeHref(std::string_view url);
// 58 -> "58", 2611 -> "2,611", 1.5 -> "1.5".
std::string FormatNumber(double value);

// The story list: ?sort= one of these.
enum class StoryOrder { kConflicts, kNewest, kReports };
struct ListOptions {
  StoryOrder order = StoryOrder::kConflicts;
  size_t page = 0;       // 0-based
  size_t per_page = 50;  // stories per page
};

// Links to /doc/ID?claim=CLAIM#CLAIM (a figure's sentence, highlighted).
std::string ClaimHref(const Snapshot& s, size_t claim);

std::string StoryListPage(const Snapshot& s, const ListOptions& options);
// REQUIRES: story < stories.size().
std::string StoryPage(const Snapshot& s, size_t story);
// `claim`: index of a claim of this document to highlight with its sentence,
// or SIZE_MAX. REQUIRES: doc < documents.size().
std::string DocumentPage(const Snapshot& s, size_t doc, size_t claim);
// REQUIRES: entity < entities.size().
std::string EntityPage(const Snapshot& s, size_t entity);
// `error`: why the search failed (shown), empty when it ran.
std::string SearchPage(const Snapshot& s, std::string_view query, const std::vector<FoundDocument>& hits,
                       std::string_view error);
std::string DownloadsPage(const Snapshot& s);
// A page saying what was not found (status 404) or what went wrong.
std::string MessagePage(std::string_view title, std::string_view message);

}  // namespace crosscheck
