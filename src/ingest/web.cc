#include "ingest/web.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>
#include <sstream>

#include "ingest/dates.h"
#include "ingest/feed.h"
#include "ingest/fetch.h"
#include "ingest/html.h"
#include "ingest/warc.h"

namespace crosscheck {

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void Report(std::vector<Diagnostic>& diagnostics, std::string_view where, Severity sev, std::string message) {
  diagnostics.push_back({std::string(where), 0, 0, sev, std::move(message)});
}

// The media type of a Content-Type header, lower-cased, without parameters.
std::string MediaType(std::string_view content_type) {
  std::string t = Lower(content_type.substr(0, content_type.find(';')));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  return t;
}

bool IsHtmlType(std::string_view content_type) {
  const std::string t = MediaType(content_type);
  return t == "text/html" || t == "application/xhtml+xml";
}

bool IsFeedType(std::string_view content_type) {
  const std::string t = MediaType(content_type);
  return t == "application/rss+xml" || t == "application/atom+xml" || t == "application/rdf+xml";
}

std::string_view Head(std::string_view bytes) { return bytes.substr(0, 1024); }

// A page (HTML bytes) as a Document; false with a diagnostic when it yields none.
bool PageDocument(std::string_view where, std::string id, WebPage page, const IngestOptions& options,
                  std::vector<Diagnostic>& diagnostics, Document& doc) {
  Result<HtmlDocument> d = ReadHtml(id, page, options);
  if (!d.ok()) {
    Report(diagnostics, where, Severity::kError, d.status().message());
    return false;
  }
  for (std::string& w : d.value().warnings) Report(diagnostics, where, Severity::kWarning, std::move(w));
  doc = std::move(d.value().document);
  return true;
}

// Item metadata fills what the page itself does not say.
void FillFromItem(const FeedItem& item, const Feed& feed, Document& doc) {
  if (doc.url.empty()) doc.url = item.link;
  if (doc.title.empty()) doc.title = item.title;
  if (doc.published.empty()) doc.published = item.published;
  if (doc.author.empty()) doc.author = item.author;
  // The feed's title names the outlet better than a host name (what the
  // page reader falls back to when a page names no site).
  if (!feed.title.empty() && (doc.outlet.empty() || doc.outlet == UrlHost(doc.url))) doc.outlet = feed.title;
}

// A feed item from its own HTML; false (with a diagnostic) when it has none.
bool ItemDocument(std::string_view where, size_t number, std::string_view stem, const FeedItem& item,
                  const Feed& feed, const IngestOptions& options, std::vector<Diagnostic>& diagnostics,
                  Document& doc) {
  const std::string item_where = std::string(where) + " item " + std::to_string(number);
  if (item.html.find_first_not_of(" \t\r\n") == std::string::npos) {
    Report(diagnostics, where, Severity::kError,
           "item " + std::to_string(number) + (item.title.empty() ? "" : " (\"" + item.title + "\")") +
               " has no content or description; skipped");
    return false;
  }
  std::string id = !item.link.empty() ? UrlId(item.link) : std::string(stem) + ":" + std::to_string(number);
  WebPage page{item.html, item.link, "text/html; charset=utf-8", item.published};
  if (!PageDocument(item_where, std::move(id), page, options, diagnostics, doc)) return false;
  FillFromItem(item, feed, doc);
  doc.origin = item_where;
  return true;
}

// The items of a feed in `bytes`; nullopt-like false when it is not one.
bool ParseFeedInto(std::string_view where, std::string_view bytes, std::vector<Diagnostic>& diagnostics,
                   Feed& feed) {
  Result<Feed> f = ParseFeed(where, bytes);
  if (!f.ok()) {
    Report(diagnostics, where, Severity::kError, f.status().message());
    return false;
  }
  feed = std::move(f.value());
  for (std::string& w : feed.warnings) Report(diagnostics, where, Severity::kWarning, std::move(w));
  if (feed.items.empty()) Report(diagnostics, where, Severity::kWarning, "the feed has no items");
  return true;
}

std::string Stem(std::string_view name) { return std::filesystem::path(std::string(name)).stem().string(); }


}  // namespace

std::string UrlId(std::string_view url) {
  std::string_view u = url;
  if (size_t scheme = u.find("://"); scheme != std::string_view::npos && scheme < 10) u.remove_prefix(scheme + 3);
  u = u.substr(0, u.find('#'));
  std::string_view path = u.substr(0, u.find('?'));
  std::string_view query = path.size() < u.size() ? u.substr(path.size()) : std::string_view();
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  for (std::string_view ext : {".html", ".htm", ".shtml", ".php"}) {
    const size_t slash = path.rfind('/');
    if (EndsWith(path, ext) && slash != std::string_view::npos && path.size() - slash > ext.size() + 1) {
      path.remove_suffix(ext.size());
      break;
    }
  }
  if (path.empty() && query.empty()) return std::string(url);
  return std::string(path) + std::string(query);
}

std::string UrlHost(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (!rest.empty() && rest.front() != '[') rest = rest.substr(0, rest.find(':'));  // port
  return Lower(rest);
}

void ReadWarcDocuments(std::string_view name, std::string head, std::istream& in, const IngestOptions& options,
                       const std::function<void(Document&&)>& on_document, std::vector<Diagnostic>& diagnostics) {
  ReadWarc(
      name, in, options.max_document_bytes,
      [&](WarcResponse& r) {
        const bool html = r.content_type.empty() ? LooksLikeHtml(Head(r.body)) : IsHtmlType(r.content_type);
        if (!html || r.target_uri.empty()) return;  // images, scripts, robots.txt: not reports
        const std::string where = std::string(name) + " (record at byte " + std::to_string(r.offset) + ", " +
                                  r.target_uri + ")";
        WebPage page{r.body, r.target_uri, r.content_type, r.date};
        Document doc;
        if (!PageDocument(where, UrlId(r.target_uri), page, options, diagnostics, doc)) return;
        doc.origin = std::string(name) + "@" + std::to_string(r.offset);
        on_document(std::move(doc));
      },
      diagnostics, std::move(head));
}

void ReadFeedDocuments(std::string_view name, std::string_view bytes, const IngestOptions& options,
                       IngestResult& out) {
  Feed feed;
  if (!ParseFeedInto(name, bytes, out.diagnostics, feed)) return;
  const std::string stem = name == "-" ? std::string("stdin") : Stem(name);
  for (size_t i = 0; i < feed.items.size(); ++i) {
    Document doc;
    if (ItemDocument(name, i + 1, stem, feed.items[i], feed, options, out.diagnostics, doc)) {
      out.documents.push_back(std::move(doc));
    }
  }
}

void ReadUrls(const std::vector<std::string>& urls, const IngestOptions& options, IngestResult& out) {
  std::unique_ptr<Fetcher> owned;
  Fetcher* fetcher = options.fetcher;
  if (!fetcher) {
    owned = MakeCurlFetcher(options.fetch, options.max_document_bytes);
    fetcher = owned.get();
  }
  std::vector<FetchRequest> requests;
  for (const std::string& u : urls) requests.push_back({u, options.fetch.if_modified_since});
  std::vector<FetchResponse> responses = fetcher->FetchAll(requests);
  // What each URL gives, in order; feed items whose pages are fetched next.
  std::vector<IngestResult> parts(urls.size());
  struct ItemPage {
    size_t part;
    size_t slot;  // index in parts[part].documents, filled when the page arrives
    const FeedItem* item;
    const Feed* feed;
    size_t number;
  };
  std::vector<std::unique_ptr<Feed>> feeds;
  std::vector<ItemPage> pending;
  for (size_t i = 0; i < urls.size(); ++i) {
    FetchResponse& r = responses[i];
    IngestResult& part = parts[i];
    const std::string& url = urls[i];
    if (!r.error.empty()) {
      Report(part.diagnostics, url, Severity::kError, "cannot fetch: " + r.error + "; skipped");
      continue;
    }
    if (r.not_modified) {
      Report(part.diagnostics, url, Severity::kWarning,
             "not modified since " + FormatIsoUtc(options.fetch.if_modified_since) + " (--since); nothing new read");
      continue;
    }
    const std::string_view head = Head(r.body);
    if (!LooksLikeWarc(head) && (IsFeedType(r.content_type) || LooksLikeFeed(head))) {
      auto feed = std::make_unique<Feed>();
      if (!ParseFeedInto(url, r.body, part.diagnostics, *feed)) continue;
      for (size_t k = 0; k < feed->items.size(); ++k) {
        const FeedItem& item = feed->items[k];
        if (IsUrl(item.link)) {
          part.documents.emplace_back();  // a slot, in item order
          pending.push_back({i, part.documents.size() - 1, &item, feed.get(), k + 1});
          continue;
        }
        Document doc;
        if (ItemDocument(url, k + 1, UrlId(url), item, *feed, options, part.diagnostics, doc)) {
          part.documents.push_back(std::move(doc));
        }
      }
      feeds.push_back(std::move(feed));
    } else if (!LooksLikeWarc(head) && (IsHtmlType(r.content_type) || LooksLikeHtml(head))) {
      Document doc;
      WebPage page{r.body, r.final_url, r.content_type, ""};
      if (PageDocument(url, UrlId(r.final_url), page, options, part.diagnostics, doc)) {
        doc.origin = url;
        part.documents.push_back(std::move(doc));
      }
    } else {
      // A WARC file, text or JSON Lines, named after the URL (a ".jsonl" URL
      // is read as one), by the readers of files.
      IngestResult read;
      const std::string name = UrlId(r.final_url);
      ReadBuffer(name, r.body, options, read);
      for (Diagnostic& d : read.diagnostics) d.file = url;
      for (Document& d : read.documents) {
        if (d.origin == name) d.id = name;  // a text document: named by its URL, not a stem
        d.origin = url;
        if (d.url.empty()) d.url = r.final_url;
        part.documents.push_back(std::move(d));
      }
      part.diagnostics.insert(part.diagnostics.end(), read.diagnostics.begin(), read.diagnostics.end());
    }
  }
  // The items' pages, all feeds at once on the parallel connections. No
  // If-Modified-Since: a new item's page is new whatever its date.
  std::vector<FetchRequest> page_requests;
  for (const ItemPage& p : pending) page_requests.push_back({p.item->link, 0});
  std::vector<FetchResponse> pages = page_requests.empty() ? std::vector<FetchResponse>()
                                                           : fetcher->FetchAll(page_requests);
  std::vector<std::vector<bool>> filled(parts.size());
  for (size_t i = 0; i < parts.size(); ++i) filled[i].assign(parts[i].documents.size(), true);
  for (size_t k = 0; k < pending.size(); ++k) {
    const ItemPage& p = pending[k];
    FetchResponse& r = pages[k];
    IngestResult& part = parts[p.part];
    const std::string& link = p.item->link;
    Document doc;
    bool ok = false;
    if (r.error.empty() && !r.not_modified) {
      WebPage page{r.body, r.final_url, r.content_type, p.item->published};
      ok = PageDocument(link, UrlId(link), page, options, part.diagnostics, doc);
      if (ok) {
        FillFromItem(*p.item, *p.feed, doc);
        doc.origin = link;
      }
    } else {
      const bool has_text = p.item->html.find_first_not_of(" \t\r\n") != std::string::npos;
      Report(part.diagnostics, link, has_text ? Severity::kWarning : Severity::kError,
             "cannot fetch: " + r.error +
                 (has_text ? "; the feed's own text of the item (" + urls[p.part] + " item " +
                                 std::to_string(p.number) + ") is read instead"
                           : "; the item has no text in the feed either, skipped"));
      if (has_text) {
        ok = ItemDocument(urls[p.part], p.number, UrlId(urls[p.part]), *p.item, *p.feed, options,
                          part.diagnostics, doc);
      }
    }
    if (ok) part.documents[p.slot] = std::move(doc);
    else filled[p.part][p.slot] = false;
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    for (size_t d = 0; d < parts[i].documents.size(); ++d) {
      if (filled[i][d]) out.documents.push_back(std::move(parts[i].documents[d]));
    }
    out.diagnostics.insert(out.diagnostics.end(), std::make_move_iterator(parts[i].diagnostics.begin()),
                           std::make_move_iterator(parts[i].diagnostics.end()));
  }
}

}  // namespace crosscheck
