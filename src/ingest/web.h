// Web inputs as Documents: WARC archives, RSS/Atom feeds and http(s) URLs.
// The parsers are warc.h, feed.h and fetch.h; HTML pages become Documents
// through html.h (DocumentFromHtml), whatever their way in.
//
// Ids: a page's id is UrlId(its URL), stable across runs and unique per
// URL; a feed item without a link is "<feed stem>:<item number>" (1-based);
// a URL that is neither a feed nor a page is read as the text or JSON Lines
// it holds, with UrlId(url) as its name.
//
// Failures never stop the run: every problem is a Diagnostic naming the
// file or URL (and a WARC record's offset), and the other inputs are read.
#pragma once

#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/reader.h"

namespace crosscheck {

// "https://www.example.com/news/a.html?id=3#top" -> "www.example.com/news/a?id=3":
// the URL without its scheme, fragment, a trailing "/" and a final ".html",
// ".htm", ".shtml" or ".php" extension. Never empty for a non-empty URL:
// one with nothing left after that ("https://", a feed's "#top" link) is its
// own id.
std::string UrlId(std::string_view url);

// The host of an http(s) URL ("www.example.com"), lower-cased; empty when
// there is none.
std::string UrlHost(std::string_view url);

// A WARC file: each HTML response (Content-Type text/html or
// application/xhtml+xml, or no type and LooksLikeHtml) becomes a Document
// (url: WARC-Target-URI, page date: WARC-Date) handed to `on_document` as
// soon as its record is read, so a caller can stream a file of any size.
// `head`: bytes already taken from `in` (the sniffed start), read first.
void ReadWarcDocuments(std::string_view name, std::string head, std::istream& in, const IngestOptions& options,
                       const std::function<void(Document&&)>& on_document, std::vector<Diagnostic>& diagnostics);

// A feed read from a file or stdin: every item becomes a Document from its
// own HTML (content:encoded / content, else description / summary); item
// title, link, date and author are its metadata and the feed's title its
// outlet. Item links are not fetched (only a feed read from a URL does that).
void ReadFeedDocuments(std::string_view name, std::string_view bytes, const IngestOptions& options,
                       IngestResult& out);

// Fetches `urls` (http:// or https://) on options.fetch's parallel
// connections with options.fetcher (libcurl when null), then reads each by
// content: a WARC file, a feed (whose items' links are fetched in turn, in
// parallel, and extracted as pages; an item whose page cannot be fetched is
// read from the feed's own text of it, with a warning), an HTML page, else
// text or JSON Lines. If-Modified-Since (options.fetch.if_modified_since)
// goes with the URLs given, not with the item pages. Documents are appended
// in the order of `urls`, a feed's items in feed order.
void ReadUrls(const std::vector<std::string>& urls, const IngestOptions& options, IngestResult& out);

}  // namespace crosscheck
