// Web inputs through ReadBuffer / ReadInputs (detection by content, WARC and
// feed documents), URLs with a fake Fetcher, and boilerplate learned per
// outlet.
#include <gtest/gtest.h>
#include <zlib.h>

#include <map>

#include "clean/cleaner.h"
#include "ingest/web.h"
#include "test_util.h"
#include "web_pages.h"

namespace crosscheck {
namespace {

using testing::ReadFile;
using testing::SourcePath;

IngestResult Read(std::string_view name, std::string_view bytes, const IngestOptions& options = {}) {
  IngestResult out;
  ReadBuffer(name, bytes, options, out);
  return out;
}

TEST(WebIngest, WarcIsDetectedByContentAndItsPagesBecomeDocuments) {
  const std::string gz = ReadFile(SourcePath("tests/data/web/sample.warc.gz"));
  IngestResult r = Read("crawl.bin", gz);  // no WARC extension: detected by content
  EXPECT_TRUE(r.diagnostics.empty()) << r.diagnostics[0].message;
  ASSERT_EQ(r.documents.size(), 2u);
  const Document& d = r.documents[0];
  EXPECT_EQ(d.id, "news.example.org/2025/10/12/border-clash");
  EXPECT_EQ(d.url, "https://news.example.org/2025/10/12/border-clash");
  EXPECT_EQ(d.origin, "crawl.bin@195");  // after the warcinfo record's gzip member
  EXPECT_NE(d.text.find("The Taliban said its forces killed 58 Pakistani soldiers"), std::string::npos);
  EXPECT_EQ(r.documents[1].id, "news.example.org/2025/10/12/chunked");
  EXPECT_NE(r.documents[1].text.find("Afghan forces captured 25 posts"), std::string::npos);
}

TEST(WebIngest, FeedFileItemsAreDocumentsWithMetadata) {
  IngestResult r = Read("frontier.rss", ReadFile(SourcePath("tests/data/web/sample-rss.xml")));
  EXPECT_TRUE(r.diagnostics.empty());
  ASSERT_EQ(r.documents.size(), 2u);
  const Document& a = r.documents[0];
  EXPECT_EQ(a.id, "frontier.example.com/2025/10/12/taliban-claim");
  EXPECT_EQ(a.title, "Taliban claim 58 Pakistani soldiers killed");
  EXPECT_EQ(a.outlet, "Frontier Times");
  EXPECT_EQ(a.author, "Amina Khan");
  EXPECT_EQ(a.published, "2025-10-12T06:15:00Z");
  EXPECT_EQ(a.url, "https://frontier.example.com/2025/10/12/taliban-claim");
  EXPECT_NE(a.text.find("The Taliban said its forces killed 58 Pakistani soldiers."), std::string::npos);
  EXPECT_NE(a.text.find("Pakistan's army said 23 soldiers died."), std::string::npos);
  EXPECT_EQ(a.text.find("Short summary"), std::string::npos);  // content:encoded wins
  EXPECT_NE(r.documents[1].text.find("Both crossings were closed on Sunday."), std::string::npos);
  // Atom from stdin: detected by content; an entry without a link is "stdin:N".
  IngestResult atom = Read("-", ReadFile(SourcePath("tests/data/web/sample-atom.xml")));
  ASSERT_EQ(atom.documents.size(), 2u);
  EXPECT_EQ(atom.documents[0].id, "valley.example.net/posts/25-posts");
  EXPECT_EQ(atom.documents[1].id, "stdin:2");
  EXPECT_EQ(atom.documents[1].outlet, "Valley Dispatch");
}

// fuzz_warc and fuzz_feed found documents with an empty id (UrlId of
// "https://" and of a "#..." link was ""): fuzz/regressions/fuzz_warc/
// target_uri_scheme_only, fuzz/regressions/fuzz_feed/link_fragment_only.
TEST(WebIngest, UrlsWithoutHostOrPathStillNameTheirDocuments) {
  IngestResult warc = Read("crawl.warc", ReadFile(SourcePath("fuzz/regressions/fuzz_warc/target_uri_scheme_only")));
  EXPECT_TRUE(warc.diagnostics.empty());
  ASSERT_EQ(warc.documents.size(), 1u);
  EXPECT_EQ(warc.documents[0].id, "https://");
  EXPECT_EQ(warc.documents[0].url, "https://");
  EXPECT_EQ(warc.documents[0].text, "Police said 4 soldiers were killed in the attack on the market on Monday.");
  IngestResult feed = Read("frontier.rss", ReadFile(SourcePath("fuzz/regressions/fuzz_feed/link_fragment_only")));
  EXPECT_TRUE(feed.diagnostics.empty());
  ASSERT_EQ(feed.documents.size(), 2u);
  EXPECT_EQ(feed.documents[0].id, "#top");
  EXPECT_EQ(feed.documents[1].id, "https://");
  EXPECT_NE(feed.documents[1].text.find("Police said 5 soldiers"), std::string::npos);
}

TEST(WebIngest, BrokenFeedIsOneErrorNamingLine) {
  IngestResult r = Read("bad.xml", "<rss><channel>\n<item><title>x</title>\n</channel></rss>");
  EXPECT_TRUE(r.documents.empty());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kError);
  EXPECT_EQ(r.diagnostics[0].message.rfind("bad.xml:3:", 0), 0u) << r.diagnostics[0].message;
}

TEST(WebIngest, UrlIdsAndHosts) {
  EXPECT_EQ(UrlId("https://www.example.com/news/a.html?id=3#top"), "www.example.com/news/a?id=3");
  EXPECT_EQ(UrlId("http://example.com/"), "example.com");
  EXPECT_EQ(UrlId("http://example.com/a/b/"), "example.com/a/b");
  // Nothing left but the scheme or a fragment: the URL is its own id.
  EXPECT_EQ(UrlId("https://"), "https://");
  EXPECT_EQ(UrlId("#top"), "#top");
  EXPECT_EQ(UrlId("https://#top"), "https://#top");
  EXPECT_EQ(UrlHost("https://user@Example.COM:8443/x"), "example.com");
  EXPECT_EQ(UrlHost("not a url"), "");
}

// A Fetcher that answers from a table, and records what it was asked.
class FakeFetcher : public Fetcher {
 public:
  std::map<std::string, FetchResponse> pages;
  std::vector<std::vector<FetchRequest>> calls;
  std::vector<FetchResponse> FetchAll(const std::vector<FetchRequest>& requests) override {
    calls.push_back(requests);
    std::vector<FetchResponse> out;
    for (const FetchRequest& r : requests) {
      auto it = pages.find(r.url);
      FetchResponse resp;
      if (it != pages.end()) resp = it->second;
      else resp.error = "HTTP 404", resp.status = 404;
      resp.url = r.url;
      if (resp.final_url.empty()) resp.final_url = r.url;
      out.push_back(resp);
    }
    return out;
  }
};

FetchResponse Ok(std::string body, std::string type) {
  FetchResponse r;
  r.status = 200;
  r.body = std::move(body);
  r.content_type = std::move(type);
  return r;
}

TEST(WebIngest, FeedUrlFetchesItemPagesAndFallsBackToItemText) {
  FakeFetcher f;
  f.pages["https://frontier.example.com/rss"] =
      Ok(ReadFile(SourcePath("tests/data/web/sample-rss.xml")), "application/rss+xml");
  // Item 1's page is there, item 2's is not (404): its description is read.
  f.pages["https://frontier.example.com/2025/10/12/taliban-claim"] =
      Ok("<html><head><title>Page title</title></head><body><article><p>The page says 58 soldiers were killed "
         "in the overnight fighting along the border, the Taliban said.</p></article></body></html>",
         "text/html");
  IngestOptions options;
  options.fetcher = &f;
  options.fetch.if_modified_since = 1760000000;
  IngestResult r = ReadInputs({"https://frontier.example.com/rss"}, options);
  ASSERT_EQ(f.calls.size(), 2u);  // the feed, then its item pages together
  EXPECT_EQ(f.calls[0][0].if_modified_since, 1760000000);
  ASSERT_EQ(f.calls[1].size(), 2u);
  EXPECT_EQ(f.calls[1][0].if_modified_since, 0);  // item pages: no If-Modified-Since
  ASSERT_EQ(r.documents.size(), 2u);
  EXPECT_NE(r.documents[0].text.find("The page says 58 soldiers"), std::string::npos);
  EXPECT_EQ(r.documents[0].author, "Amina Khan");  // from the item
  EXPECT_EQ(r.documents[0].outlet, "Frontier Times");
  EXPECT_NE(r.documents[1].text.find("Both crossings were closed"), std::string::npos);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].file, "https://frontier.example.com/2025/10/12/crossings");
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kWarning);
  EXPECT_EQ(r.diagnostics[0].message,
            "cannot fetch: HTTP 404; the feed's own text of the item (https://frontier.example.com/rss item 2) "
            "is read instead");
}

TEST(WebIngest, FailedAndNotModifiedUrlsAreDiagnosticsAndTheRestIsRead) {
  FakeFetcher f;
  f.pages["http://a.example/page"] =
      Ok("<!DOCTYPE html><html><body><article><p>Officials said 12 people were injured in the blast on "
         "Monday, according to the ministry.</p></article></body></html>",
         "text/html");
  FetchResponse same;
  same.status = 304;
  same.not_modified = true;
  f.pages["http://a.example/feed"] = same;
  f.pages["http://a.example/notes.txt"] = Ok("Three people were hurt.\n", "text/plain");
  IngestOptions options;
  options.fetcher = &f;
  options.fetch.if_modified_since = 86400;
  IngestResult r = ReadInputs({"http://a.example/missing", "http://a.example/page", "http://a.example/feed",
                               "http://a.example/notes.txt"},
                              options);
  ASSERT_EQ(f.calls.size(), 1u);  // the run of URLs in one batch
  ASSERT_EQ(r.documents.size(), 2u);
  EXPECT_EQ(r.documents[0].id, "a.example/page");
  EXPECT_EQ(r.documents[1].id, "a.example/notes.txt");
  EXPECT_EQ(r.documents[1].text, "Three people were hurt.\n");
  ASSERT_EQ(r.diagnostics.size(), 2u);
  EXPECT_EQ(r.diagnostics[0].file, "http://a.example/missing");
  EXPECT_EQ(r.diagnostics[0].message, "cannot fetch: HTTP 404; skipped");
  EXPECT_EQ(r.diagnostics[1].file, "http://a.example/feed");
  EXPECT_EQ(r.diagnostics[1].message, "not modified since 1970-01-02T00:00:00Z (--since); nothing new read");
}

// Boilerplate learned per outlet, on the seed reports as pages of one site.
std::vector<Document> SeedsWithTemplate(const std::string& outlet) {
  std::vector<Document> docs;
  for (const testing::SeedPage& p : testing::SeedPages()) {
    Document d;
    d.id = p.stem;
    d.outlet = outlet;
    d.text = "Home World Asia Business Opinion\n" + ReadFile(SourcePath("examples/border-clash/" + p.stem + ".txt")) +
             "\nGet the Frontier Wire morning briefing: the 5 stories that matter, in your inbox by 7 am.\n"
             "© 2025 Frontier Wire Media Ltd. All rights reserved.\n";
    docs.push_back(std::move(d));
  }
  return docs;
}

TEST(LearnedBoilerplate, TemplateLinesOfOneOutletAreRemovedWithAReason) {
  std::vector<Document> docs = SeedsWithTemplate("Frontier Wire");
  OutletBoilerplate learned = OutletBoilerplate::Learn(docs);
  EXPECT_EQ(learned.size(), 3u);  // navigation, newsletter, footer
  CleanOptions options;
  options.learned = &learned;
  for (const Document& d : docs) {
    CleanDocument c = Clean(d, options);
    std::vector<std::string> recurring;
    for (const Removal& r : c.removed) {
      if (r.kind != "recurring") continue;
      recurring.push_back(std::string(r.span.Of(d.text)));
      EXPECT_EQ(r.reason, "recurs on 5 pages of Frontier Wire");
    }
    EXPECT_EQ(recurring, (std::vector<std::string>{
                             "Home World Asia Business Opinion",
                             "Get the Frontier Wire morning briefing: the 5 stories that matter, in your inbox by 7 am.",
                             "© 2025 Frontier Wire Media Ltd. All rights reserved."}))
        << d.id;
    // The body is what it was without the template.
    CleanDocument plain = Clean(testing::Doc(d.id, ReadFile(SourcePath("examples/border-clash/" + d.id + ".txt"))));
    EXPECT_EQ(c.paragraphs.size(), plain.paragraphs.size()) << d.id;
  }
  // The template's 5 and 7 are not claims.
  Analysis a = Analyze(SeedsWithTemplate("Frontier Wire"));
  for (const Claim& c : a.claims) {
    if (c.quantity.value) {
      EXPECT_TRUE(*c.quantity.value != 5 && *c.quantity.value != 7) << c.id;
    }
  }
}

TEST(LearnedBoilerplate, NotAcrossOutletsNorFromFewPagesNorFromCopies) {
  // Five pages of five outlets: nothing recurs within one.
  std::vector<Document> docs = SeedsWithTemplate("");
  for (size_t i = 0; i < docs.size(); ++i) docs[i].url = "https://site" + std::to_string(i) + ".example/a";
  EXPECT_EQ(OutletBoilerplate::Learn(docs).size(), 0u);
  // Outlet from the URL's host; two pages are too few (two updates of one
  // story share paragraphs), three are enough.
  for (Document& d : docs) d.url = "https://www.wire.example/news/" + d.id;
  std::vector<Document> two(docs.begin(), docs.begin() + 2);
  EXPECT_EQ(OutletBoilerplate::Learn(two).size(), 0u);
  std::vector<Document> three(docs.begin(), docs.begin() + 3);
  OutletBoilerplate learned = OutletBoilerplate::Learn(three);
  EXPECT_EQ(learned.PagesWith("www.wire.example", "© 2025 Frontier Wire Media Ltd. All rights reserved."), 3u);
  EXPECT_EQ(learned.PagesWith("other.example", "© 2025 Frontier Wire Media Ltd. All rights reserved."), 0u);
  // Five copies of one page (one title) count as one page.
  std::vector<Document> copies(5, docs[1]);
  for (Document& d : copies) d.title = "Same article";
  EXPECT_EQ(OutletBoilerplate::Learn(copies).size(), 0u);
  // Documents without outlet or URL (text files) learn nothing.
  EXPECT_EQ(OutletBoilerplate::Learn(SeedsWithTemplate("")).size(), 0u);
}

}  // namespace
}  // namespace crosscheck
