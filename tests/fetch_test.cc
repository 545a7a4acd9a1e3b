#include "ingest/fetch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "http_server.h"

namespace crosscheck {
namespace {

using testing::LocalServer;

class Fetch : public ::testing::Test {
 protected:
  void SetUp() override {
    httplib::Server& s = server_.server();
    s.Get("/page", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Last-Modified", "Sun, 12 Oct 2025 08:00:00 GMT");
      res.set_content("<p>Page for " + req.get_header_value("User-Agent") + "</p>", "text/html; charset=utf-8");
    });
    s.Get("/moved", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/page", 301); });
    s.Get("/loop", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop", 302); });
    s.Get("/to-file", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("file:///etc/passwd", 302);
    });
    s.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      res.set_content("late", "text/plain");
    });
    s.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(300'000, 'x'), "text/html");
    });
    s.Get("/endless", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("text/html", [](size_t, httplib::DataSink& sink) {
        std::string chunk(16384, 'y');
        return sink.write(chunk.data(), chunk.size());  // until the client hangs up
      });
    });
    s.Get("/feed", [](const httplib::Request& req, httplib::Response& res) {
      // Modified at 2025-10-12T08:00:00Z.
      const std::string since = req.get_header_value("If-Modified-Since");
      if (!since.empty() && since >= "Sun, 12 Oct 2025 08:00:00 GMT") {
        res.status = 304;
        return;
      }
      res.set_header("Last-Modified", "Sun, 12 Oct 2025 08:00:00 GMT");
      res.set_content("<rss/>", "application/rss+xml");
    });
    server_.Start();
  }

  std::vector<FetchResponse> Get(std::vector<FetchRequest> requests, FetchOptions options = {},
                                 size_t limit = 100'000) {
    return MakeCurlFetcher(options, limit)->FetchAll(requests);
  }

  LocalServer server_;
};

TEST_F(Fetch, PageRedirectAndNotFoundInRequestOrder) {
  auto r = Get({{server_.Url("/page")}, {server_.Url("/moved")}, {server_.Url("/missing")}});
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].error, "");
  EXPECT_EQ(r[0].status, 200);
  EXPECT_EQ(r[0].body, "<p>Page for " + DefaultUserAgent() + "</p>");
  EXPECT_EQ(r[0].content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r[0].last_modified, "Sun, 12 Oct 2025 08:00:00 GMT");
  EXPECT_EQ(r[1].url, server_.Url("/moved"));
  EXPECT_EQ(r[1].final_url, server_.Url("/page"));
  EXPECT_EQ(r[1].body, r[0].body);
  EXPECT_EQ(r[2].status, 404);
  EXPECT_EQ(r[2].error, "HTTP 404");
  EXPECT_EQ(r[2].body, "");
  EXPECT_EQ(DefaultUserAgent().rfind("crosscheck/0.1.0 ", 0), 0u);
}

TEST_F(Fetch, RedirectLimitAndSchemes) {
  FetchOptions options;
  options.max_redirects = 3;
  auto r = Get({{server_.Url("/loop")}, {server_.Url("/to-file")}}, options);
  EXPECT_EQ(r[0].error, "too many redirects (more than 3)");
  EXPECT_EQ(r[1].error, "redirected to a scheme other than http or https; not followed");
  EXPECT_EQ(r[1].body, "");
}

TEST_F(Fetch, TimeoutIsAnErrorAndTheOthersStillArrive) {
  FetchOptions options;
  options.timeout_ms = 200;
  auto r = Get({{server_.Url("/slow")}, {server_.Url("/page")}}, options);
  EXPECT_EQ(r[0].error.rfind("timed out", 0), 0u) << r[0].error;
  EXPECT_EQ(r[1].error, "");
  EXPECT_EQ(r[1].status, 200);
}

TEST_F(Fetch, OversizeIsAbortedWithOrWithoutContentLength) {
  auto r = Get({{server_.Url("/big")}, {server_.Url("/endless")}, {server_.Url("/page")}}, {}, 100'000);
  // With a Content-Length over the cap curl may refuse before the body or
  // abort in it, depending on its version; either way nothing is kept.
  EXPECT_TRUE(r[0].error == "Content-Length exceeds the limit of 100000 bytes (--max-document-bytes); not read" ||
              r[0].error == "body exceeds the limit of 100000 bytes (--max-document-bytes); transfer aborted")
      << r[0].error;
  EXPECT_EQ(r[1].error, "body exceeds the limit of 100000 bytes (--max-document-bytes); transfer aborted");
  EXPECT_EQ(r[0].body, "");
  EXPECT_EQ(r[1].body, "");
  EXPECT_EQ(r[2].error, "");
}

TEST_F(Fetch, IfModifiedSinceGivesNotModified) {
  auto newer = Get({{server_.Url("/feed"), *ParseSinceTime("2025-10-12T09:00:00Z")}});
  EXPECT_TRUE(newer[0].not_modified);
  EXPECT_EQ(newer[0].status, 304);
  EXPECT_EQ(newer[0].error, "");
  EXPECT_EQ(newer[0].body, "");
  auto older = Get({{server_.Url("/feed"), *ParseSinceTime("2025-10-11")}, {server_.Url("/feed")}});
  EXPECT_FALSE(older[0].not_modified);
  EXPECT_EQ(older[0].body, "<rss/>");
  EXPECT_EQ(older[1].body, "<rss/>");
}

TEST_F(Fetch, ManyRequestsOverFewConnections) {
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 20; ++i) requests.push_back({server_.Url(i % 2 ? "/page" : "/missing")});
  FetchOptions options;
  options.max_connections = 3;
  auto r = Get(requests, options);
  ASSERT_EQ(r.size(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(r[i].status, i % 2 ? 200 : 404) << i;
}

TEST(FetchUrl, SchemesAndSinceTimes) {
  EXPECT_TRUE(IsUrl("http://a"));
  EXPECT_TRUE(IsUrl("HTTPS://a/b"));
  EXPECT_FALSE(IsUrl("ftp://a"));
  EXPECT_FALSE(IsUrl("http.txt"));
  EXPECT_EQ(ParseSinceTime("@86400"), 86400);
  EXPECT_EQ(ParseSinceTime("1970-01-02"), 86400);
  EXPECT_FALSE(ParseSinceTime("last week"));
}

}  // namespace
}  // namespace crosscheck
