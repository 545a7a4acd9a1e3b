// HTML pages: charset, HTML5 parsing (gumbo), main-text extraction and
// metadata, with a map from the extracted text back to the page's bytes.
//
//   WebPage page{bytes, "https://example.com/a", "text/html; charset=utf-8", ""};
//   Result<Document> doc = DocumentFromHtml("a", page, options);
//   // doc->text: "Headline\n\nFirst paragraph.\n\nSecond paragraph."
//
// Charset, in this order: a byte-order mark; the charset of the HTTP
// Content-Type; <meta charset> or <meta http-equiv="Content-Type"> in the
// first 4 KiB. A page whose bytes are valid UTF-8 with non-ASCII characters
// is read as UTF-8 whatever it declares (a Latin-1 page is almost never valid
// UTF-8 by chance); a page without a declaration that is not valid UTF-8 is
// read as windows-1252 (the web's default). Other charsets are converted to
// UTF-8 by ICU. Document::source keeps the bytes as received, and every
// SourceRange::source indexes those bytes, before any conversion.
//
// Text: script, style, noscript, template, svg, math, iframe, hidden
// elements and form controls never become text. The main text is chosen by
// scoring blocks (ingest/html.cc says how); the headline comes from <h1>
// when it agrees with the page's title, og:title or JSON-LD headline, else
// from these with the site's name removed. Document::text is the headline, a
// blank line, then the paragraphs separated by blank lines; it is valid UTF-8.
//
// Hostile input: no recursion over the tree (explicit stacks), the page is
// capped by IngestOptions::max_document_bytes, and gumbo's tree is freed
// without its recursive destructor.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "ingest/reader.h"

namespace crosscheck {

struct WebPage {              // one saved or fetched page
  std::string_view bytes;     // as received, any charset
  std::string url;            // page URL (WARC-Target-URI, fetched URL, feed item link), or empty
  std::string content_type;   // HTTP Content-Type header value, or empty
  std::string date;           // WARC-Date / HTTP Last-Modified / feed pubDate (ISO 8601), or empty;
                              // used when the page states no time
};

// A page read, with what the reader had to guess or repair.
struct HtmlDocument {
  Document document;
  // Recoverable problems, each a sentence (an unknown or wrong charset
  // declaration, invalid bytes replaced): the page was still read.
  std::vector<std::string> warnings;
};

// Decodes the charset, parses HTML5 (gumbo), extracts the main text and
// metadata (title, published, modified, author, outlet, url, language) into a
// Document with id `id` (origin is left empty for the caller). Errors: a page
// over options.max_document_bytes, or one without any text.
// Thread-safe (no shared state).
Result<HtmlDocument> ReadHtml(std::string_view id, const WebPage& page, const IngestOptions& options);

// ReadHtml without the warnings.
Result<Document> DocumentFromHtml(std::string_view id, const WebPage& page, const IngestOptions& options);

// True when the first bytes look like HTML: after a byte-order mark, white
// space and comments, a doctype or one of <html, <head, <body, <meta,
// <title, <link, <script, <style, <div, <p, <article (any case).
bool LooksLikeHtml(std::string_view head);

}  // namespace crosscheck
