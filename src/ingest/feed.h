// Feeds: RSS 2.0 (also RSS 0.9x and RSS 1.0/RDF items) and Atom 1.0, parsed
// with expat (ARCHITECTURE.md says why expat).
//
// ParseFeed reads a whole feed (the caller caps its size) into its items;
// turning items into Documents (extracting their HTML, or fetching their
// pages when the feed came from a URL) is ingest/web.h's job.
//
// Hostile XML: a feed that declares entities in a DTD (the "billion laughs"
// and external-entity attacks) is refused with an error; no DTD or external
// entity is ever loaded, and expat's own amplification limit stays on.
// Elements nest at most FeedLimits::max_depth deep (deeper content is
// ignored); a feed has at most max_items items (the rest are dropped with a
// warning). Parsing is iterative (expat has no recursion over the tree).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace crosscheck {

struct FeedItem {
  std::string title;      // <title>
  std::string link;       // RSS <link>; Atom <link rel="alternate"> (or without rel) href
  std::string id;         // RSS <guid>; Atom <id>
  std::string published;  // ISO 8601 ("2025-10-12T08:00:00Z") from <pubDate>, <published>,
                          // <dc:date> or else <updated>; as written when it cannot be read
  std::string author;     // <author>, <dc:creator>, Atom <author><name>
  // The item's body as HTML: <content:encoded> or Atom <content>, else
  // <description> or Atom <summary>. Atom text content is escaped into HTML
  // paragraphs, Atom xhtml content serialised back; RSS bodies are HTML.
  std::string html;
};

struct Feed {
  std::string kind;   // "rss" or "atom"
  std::string title;  // the channel's or feed's <title>: the outlet
  std::string link;   // the site's link
  std::vector<FeedItem> items;  // in document order
  std::vector<std::string> warnings;  // kept items with caveats ("items after the 10000th dropped")
};

struct FeedLimits {
  size_t max_depth = 64;        // element nesting read; deeper content ignored
  size_t max_items = 10'000;    // items kept; a larger feed is cut there
};

// True when `head` (a file's first bytes, 1 KiB is plenty) looks like RSS or
// Atom: optional BOM, XML declaration, comments and processing
// instructions, then <rss, <rdf:RDF or <feed.
bool LooksLikeFeed(std::string_view head);

// Parses a whole RSS or Atom document. An error names the line and column
// (XML not well-formed, entity declarations, not a feed) and says what to
// do; `name` is the file or URL for messages.
Result<Feed> ParseFeed(std::string_view name, std::string_view bytes, const FeedLimits& limits = {});

// "Sun, 12 Oct 2025 08:00:00 GMT" (RFC 822/1123, as RSS writes dates, with
// the usual zone names and +hhmm offsets) as "2025-10-12T08:00:00Z"; ISO
// 8601 is returned as written; anything else as written.
std::string FeedDateToIso(std::string_view date);

}  // namespace crosscheck
