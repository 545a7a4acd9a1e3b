// The acceptance test of web inputs (issue 12): the seed reports as news
// pages (tests/web_pages.h) read (a) as a directory of saved pages, (b) as a
// .warc.gz holding them, (c) as an RSS feed served on 127.0.0.1 whose items
// link to the pages on the same server. Each gives the same claims for the
// same article as the seeds' plain text, and the seeds' figures.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>

#include "gzip_member.h"
#include "http_server.h"
#include "report/analysis.h"
#include "test_util.h"
#include "web_pages.h"

namespace crosscheck {
namespace {

namespace fs = std::filesystem;
using testing::SeedPage;


// A Common Crawl-like .warc.gz: warcinfo, then per page a request, its
// response and a metadata record, one gzip member each.
std::string WarcOf(const std::vector<SeedPage>& pages) {
  auto record = [](const std::string& type, const std::string& uri, const std::string& block,
                   const std::string& content_type) {
    std::string r = "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Date: 2025-10-12T10:00:00Z\r\n";
    if (!uri.empty()) r += "WARC-Target-URI: " + uri + "\r\n";
    r += "Content-Type: " + content_type + "\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n" +
         block + "\r\n\r\n";
    return testing::GzipMember(r);
  };
  std::string warc = record("warcinfo", "", "software: crosscheck test\r\n", "application/warc-fields");
  for (const SeedPage& p : pages) {
    const std::string uri = "https://wire.example.com/news/" + p.stem;
    warc += record("request", uri, "GET /news/" + p.stem + " HTTP/1.1\r\nHost: wire.example.com\r\n\r\n",
                   "application/http; msgtype=request");
    warc += record("response", uri,
                   "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Length: " +
                       std::to_string(p.html.size()) + "\r\n\r\n" + p.html,
                   "application/http; msgtype=response");
    warc += record("metadata", uri, "fetchTimeMs: 80\r\n", "application/warc-fields");
  }
  return warc;
}

std::string RssOf(const std::vector<SeedPage>& pages, const testing::LocalServer& server) {
  std::string rss = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                    "<title>Frontier Wire</title><link>" + server.Url("/") + "</link>\n";
  for (const SeedPage& p : pages) {
    rss += "<item><title>Report " + p.stem + "</title><link>" + server.Url("/news/" + p.stem) +
           "</link><pubDate>Sun, 12 Oct 2025 10:00:00 GMT</pubDate>"
           "<description>A short teaser that is not the article.</description></item>\n";
  }
  return rss + "</channel></rss>\n";
}

// What a claim says, with its words: equal across ways of reading one article.
using ClaimKey = std::tuple<std::string, double, std::string, std::string, std::string, std::string, bool>;

// Claims per article (the last path segment of the document id), in order.
std::map<std::string, std::vector<ClaimKey>> ClaimsByArticle(const Analysis& a) {
  std::map<std::string, std::vector<ClaimKey>> out;
  std::map<std::string, const Document*> doc_of;
  for (const Document& d : a.documents) doc_of[d.id] = &d;
  for (const Document& d : a.documents) out[d.id.substr(d.id.rfind('/') + 1)];
  for (const Claim& c : a.claims) {
    const Document& d = *doc_of.at(c.doc);
    out[c.doc.substr(c.doc.rfind('/') + 1)].emplace_back(
        c.type, c.quantity.value.value_or(-1), c.quantity.qualifier, c.subject_side, c.source.name,
        std::string(c.span.Of(d.text)), c.in_headline);
  }
  return out;
}

const Slot* FindSlot(const Analysis& a, const std::string& type, const std::string& side) {
  for (const Story& st : a.stories) {
    for (const Slot& s : st.slots) {
      if (s.type == type && s.subject_side == side) return &s;
    }
  }
  return nullptr;
}

class WebEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pages_ = new std::vector<SeedPage>(testing::SeedPages());
    dir_ = new fs::path(fs::temp_directory_path() / ("crosscheck_web_e2e_" + std::to_string(::getpid())));
    fs::create_directories(*dir_ / "pages");
    for (const SeedPage& p : *pages_) std::ofstream(*dir_ / "pages" / (p.stem + ".html")) << p.html;
    std::ofstream(*dir_ / "pages.warc.gz", std::ios::binary) << WarcOf(*pages_);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete pages_;
  }

  static Analysis Read(const std::vector<std::string>& inputs, const IngestOptions& options = {}) {
    IngestResult in = ReadInputs(inputs, options);
    for (const Diagnostic& d : in.diagnostics) ADD_FAILURE() << d.file << ": " << d.message;
    EXPECT_EQ(in.documents.size(), 5u);
    return Analyze(std::move(in.documents));
  }

  // The seeds' own figures (tests/seeds_gold_test.cc has them all).
  static void ExpectSeedFigures(const Analysis& a) {
    const Slot* killed = FindSlot(a, "killed", "Pakistan");
    ASSERT_NE(killed, nullptr);
    EXPECT_EQ(killed->status, "conflict");
    ASSERT_EQ(killed->values.size(), 2u);
    EXPECT_EQ(*killed->values[0].quantity.value, 58);
    EXPECT_EQ(killed->values[0].docs.size(), 5u);
    EXPECT_EQ(killed->values[0].original_sources, std::vector<std::string>{"Taliban / Zabihullah Mujahid"});
    EXPECT_EQ(*killed->values[1].quantity.value, 23);
    ASSERT_EQ(killed->values[1].docs.size(), 1u);
    EXPECT_NE(killed->values[1].docs[0].find("002_408996be704aa27f"), std::string::npos);
    EXPECT_EQ(killed->values[1].original_sources, std::vector<std::string>{"Pakistani army"});
    struct Want { const char* type; const char* side; double value; size_t docs; };
    for (Want w : {Want{"wounded", "Pakistan", 30, 5}, Want{"captured", "Pakistan", 25, 5},
                   Want{"killed", "Afghanistan", 9, 2}, Want{"wounded", "Afghanistan", 9, 2}}) {
      const Slot* s = FindSlot(a, w.type, w.side);
      ASSERT_NE(s, nullptr) << w.type << " " << w.side;
      EXPECT_EQ(s->status, "agree") << w.type;
      ASSERT_EQ(s->values.size(), 1u) << w.type;
      EXPECT_EQ(*s->values[0].quantity.value, w.value) << w.type;
      EXPECT_EQ(s->values[0].docs.size(), w.docs) << w.type;
    }
    // The boilerplate's figures never became claims.
    for (const Claim& c : a.claims) {
      if (!c.quantity.value) continue;
      for (double bad : {14.0, 32.0, 3000.0, 5.0, 7.0, 1204.0, 12.0}) EXPECT_NE(*c.quantity.value, bad) << c.id;
    }
  }

  static std::vector<SeedPage>* pages_;
  static fs::path* dir_;
};

std::vector<SeedPage>* WebEndToEnd::pages_ = nullptr;
fs::path* WebEndToEnd::dir_ = nullptr;

TEST_F(WebEndToEnd, DirectoryWarcAndFeedGiveTheSeedsClaims) {
  IngestResult seeds_in = ReadInputs({testing::SourcePath("examples/border-clash")}, {});
  const auto seeds = ClaimsByArticle(Analyze(std::move(seeds_in.documents)));

  Analysis from_dir = Read({(*dir_ / "pages").string()});
  Analysis from_warc = Read({(*dir_ / "pages.warc.gz").string()});
  testing::LocalServer server;
  for (const SeedPage& p : *pages_) {
    server.server().Get("/news/" + p.stem, [&p](const httplib::Request&, httplib::Response& res) {
      res.set_content(p.html, "text/html; charset=utf-8");
    });
  }
  std::string rss;  // written once the port is known, before any request
  server.server().Get("/feed.xml", [&rss](const httplib::Request&, httplib::Response& res) {
    res.set_content(rss, "application/rss+xml");
  });
  server.Start();
  rss = RssOf(*pages_, server);
  Analysis from_feed = Read({server.Url("/feed.xml")});
  server.Stop();

  // Ids: file stems, URLs without scheme.
  EXPECT_EQ(from_dir.documents[0].id, "000_7c613e6085f4abe8");
  EXPECT_EQ(from_warc.documents[0].id, "wire.example.com/news/000_7c613e6085f4abe8");
  EXPECT_EQ(from_warc.documents[0].url, "https://wire.example.com/news/000_7c613e6085f4abe8");
  EXPECT_EQ(from_feed.documents[4].id.substr(from_feed.documents[4].id.find('/')), "/news/004_77f8c327c2dd57e0");
  EXPECT_EQ(from_feed.documents[0].outlet, "Frontier Wire");

  const auto dir = ClaimsByArticle(from_dir), warc = ClaimsByArticle(from_warc), feed = ClaimsByArticle(from_feed);
  ASSERT_EQ(dir.size(), 5u);
  EXPECT_EQ(dir, warc);
  EXPECT_EQ(dir, feed);
  EXPECT_EQ(dir, seeds);  // the pages' boilerplate added and took away nothing
  for (const Analysis* a : {&from_dir, &from_warc, &from_feed}) ExpectSeedFigures(*a);
}

}  // namespace
}  // namespace crosscheck
