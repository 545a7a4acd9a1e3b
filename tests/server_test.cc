// The server stage (src/server): pages and API as strings over the seeds'
// snapshot, escaping of hostile reports, the token and security headers, and
// one request over a real socket.
#include <httplib.h>

#include <unistd.h>

#include <filesystem>
#include <regex>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/report.h"
#include "server/api.h"
#include "server/pages.h"
#include "server/server.h"
#include "server/snapshot.h"
#include "server/store_source.h"
#include "store/store.h"
#include "test_util.h"

namespace crosscheck {
namespace {

using testing::Doc;
using testing::SourcePath;

const Analysis& SeedsAnalysis() {
  static const Analysis* a = [] {
    IngestResult in = ReadInputs({SourcePath("examples/border-clash")}, {});
    return new Analysis(Analyze(std::move(in.documents)));
  }();
  return *a;
}

StaticSource& Seeds() {
  static StaticSource* s = new StaticSource(SeedsAnalysis());
  return *s;
}

// A report written to attack the page that shows it.
Document Hostile() {
  Document d = Doc("evil<1>",
                   "Attack on the page\n"
                   "Officials said 12 people were killed. <script>alert('x')</script>\n"
                   "A witness wrote \"><img src=x onerror=alert(1)> and <a href=\"javascript:alert(2)\">click</a>.\n"
                   "See javascript:alert(3) for more.\n");
  d.url = "javascript:alert(4)";
  d.outlet = "<b>Outlet</b>";
  return d;
}

// The concatenated text of every <span> or <a> whose class list holds `cls`.
std::string TextWithClass(const std::string& html, const std::string& cls) {
  static const std::regex piece(R"re(<(?:span|a) class="([^"]*)"[^>]*>([^<]*)</(?:span|a)>)re");
  std::string out;
  for (std::sregex_iterator it(html.begin(), html.end(), piece), end; it != end; ++it) {
    std::string classes = " " + (*it)[1].str() + " ";
    if (classes.find(" " + cls + " ") != std::string::npos) out += (*it)[2].str();
  }
  return out;
}

size_t SlotIndex(const Story& story, const std::string& type, const std::string& side) {
  for (size_t i = 0; i < story.slots.size(); ++i) {
    if (story.slots[i].type == type && story.slots[i].subject_side == side) return i;
  }
  return SIZE_MAX;
}

HttpRequest Get(std::string path, std::multimap<std::string, std::string> params = {}) {
  HttpRequest r;
  r.path = std::move(path);
  r.params = std::move(params);
  return r;
}

std::string HeaderOf(const HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "<none>";
}

TEST(Escaping, ArticleTextBecomesText) {
  EXPECT_EQ(EscapeHtml("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(EscapeHtml("\"><img src=x onerror=alert(1)>"), "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(EscapeHtml("a & b"), "a &amp; b");
  EXPECT_EQ(EscapeHtml("bell\x07 and \xff byte"), "bell\xEF\xBF\xBD and \xEF\xBF\xBD byte");
  EXPECT_EQ(EscapeHtml("Kabul — “58”\n"), "Kabul — “58”\n");
}

TEST(Escaping, OnlyHttpUrlsBecomeLinks) {
  EXPECT_EQ(SafeHref("https://example.org/a?b=1"), "https://example.org/a?b=1");
  EXPECT_EQ(SafeHref("HTTP://example.org/"), "HTTP://example.org/");
  EXPECT_EQ(SafeHref("javascript:alert(1)"), "");
  EXPECT_EQ(SafeHref("JavaScript:alert(1)"), "");
  EXPECT_EQ(SafeHref(" javascript:alert(1)"), "");
  EXPECT_EQ(SafeHref("data:text/html,<script>"), "");
  EXPECT_EQ(SafeHref("https://x.org/\"onmouseover=alert(1)"), "");
  EXPECT_EQ(SafeHref("//evil.example/"), "");
  EXPECT_EQ(PercentEncode("a b/c?d#é"), "a%20b%2Fc%3Fd%23%C3%A9");
}

TEST(Escaping, FormatsFigures) {
  EXPECT_EQ(FormatNumber(58), "58");
  EXPECT_EQ(FormatNumber(2611), "2,611");
  EXPECT_EQ(FormatNumber(1234567), "1,234,567");
  EXPECT_EQ(FormatNumber(1.5), "1.5");
}

TEST(Snapshot, IndexesTheSeeds) {
  std::shared_ptr<const Snapshot> s = Seeds().Current();
  ASSERT_EQ(s->analysis->documents.size(), 5u);
  size_t d = s->FindDoc("002_408996be704aa27f");
  ASSERT_NE(d, SIZE_MAX);
  size_t c = s->FindClaim("c20");
  ASSERT_NE(c, SIZE_MAX);
  EXPECT_EQ(s->analysis->claims[c].doc, "002_408996be704aa27f");
  EXPECT_NE(std::find(s->claims_of_doc[d].begin(), s->claims_of_doc[d].end(), c), s->claims_of_doc[d].end());
  ASSERT_EQ(s->summaries.size(), 1u);
  EXPECT_EQ(s->summaries[0].reports, 5u);
  EXPECT_EQ(s->summaries[0].conflicts, 2u);  // killed (Pakistan) and killed_or_wounded (Afghanistan)
  EXPECT_EQ(s->FindDoc("nope"), SIZE_MAX);
}

TEST(Snapshot, StoryListOrders) {
  // One story per report: the orders differ and each is sorted by its key.
  AnalyzeOptions options;
  options.reconcile.group = "none";
  IngestResult in = ReadInputs({SourcePath("examples/border-clash")}, {});
  StaticSource source(Analyze(std::move(in.documents), options));
  std::shared_ptr<const Snapshot> s = source.Current();
  ASSERT_EQ(s->summaries.size(), 5u);
  for (size_t i = 1; i < s->by_conflicts.size(); ++i) {
    EXPECT_GE(s->summaries[s->by_conflicts[i - 1]].conflicts, s->summaries[s->by_conflicts[i]].conflicts);
  }
  // Report 000 alone has two figures of its own fighters (20 and 9 + 9 ... ) in conflict.
  size_t conflicts_first = s->summaries[s->by_conflicts[0]].conflicts;
  size_t most = 0;
  for (const StorySummary& m : s->summaries) most = std::max(most, m.conflicts);
  EXPECT_EQ(conflicts_first, most);
}

TEST(StoryPage, KilledSlotIsAConflictOf58Against23) {
  std::shared_ptr<const Snapshot> s = Seeds().Current();
  const Story& story = s->analysis->stories[0];
  size_t k = SlotIndex(story, "killed", "Pakistan");
  ASSERT_NE(k, SIZE_MAX);
  EXPECT_EQ(story.slots[k].status, "conflict");
  std::string html = StoryPage(*s, 0);
  size_t card = html.find("<section class=\"slot conflict\" data-type=\"killed\" data-side=\"Pakistan\">");
  ASSERT_NE(card, std::string::npos);
  std::string slot = html.substr(card, html.find("</section>", card) - card);
  EXPECT_NE(slot.find(">Conflict</span>"), std::string::npos);
  // 58: five reports, one independent source; 23: the army's, in one report.
  EXPECT_NE(slot.find(">58</a><span class=\"support\">5 reports · 1 independent</span>"), std::string::npos) << slot;
  EXPECT_NE(slot.find("href=\"/doc/002_408996be704aa27f?claim=c20#c20\">23</a>"
                      "<span class=\"support\">1 report · 1 independent</span>"),
            std::string::npos)
      << slot;
  EXPECT_NE(slot.find("Taliban / Zabihullah Mujahid"), std::string::npos);
  EXPECT_NE(slot.find("Pakistani army"), std::string::npos);
  EXPECT_NE(slot.find("Estimate:</span> 23–58 (best 23)"), std::string::npos);
  EXPECT_NE(slot.find("<svg class=\"timeline\""), std::string::npos);
  // Conflicts come first: the killed card precedes the agreed "captured" one.
  EXPECT_LT(card, html.find("data-type=\"captured\""));
  EXPECT_NE(html.find("<svg class=\"graph\""), std::string::npos);  // who copied whom
  EXPECT_NE(html.find("all official borders and de facto lines"), std::string::npos);
}

TEST(DocumentPage, ClaimSentenceIsHighlighted) {
  std::shared_ptr<const Snapshot> s = Seeds().Current();
  size_t d = s->FindDoc("002_408996be704aa27f");
  size_t c = s->FindClaim("c20");
  const Claim& claim = s->analysis->claims[c];
  std::string html = DocumentPage(*s, d, c);
  EXPECT_EQ(TextWithClass(html, "target"), EscapeHtml(claim.sentence.Of(s->doc(d).text)));
  EXPECT_EQ(TextWithClass(html, "target-claim"), "death of 23 of its soldiers");
  EXPECT_NE(html.find("<span class=\"anchor\" id=\"c20\"></span>"), std::string::npos);
  // Without ?claim= nothing is a target; the figures are still marked.
  std::string plain = DocumentPage(*s, d, SIZE_MAX);
  EXPECT_EQ(TextWithClass(plain, "target"), "");
  EXPECT_NE(TextWithClass(plain, "hl-claim").find("death of 23 of its soldiers"), std::string::npos);
  EXPECT_NE(TextWithClass(plain, "hl-quote").find("all official borders and de facto lines"), std::string::npos);
  EXPECT_NE(plain.find("href=\"/entity/"), std::string::npos);
  // A claim of another report highlights nothing here.
  EXPECT_EQ(TextWithClass(DocumentPage(*s, s->FindDoc("000_7c613e6085f4abe8"), c), "target"), "");
}

TEST(DocumentPage, HostileReportRendersAsText) {
  StaticSource source(Analyze({Hostile()}));
  std::shared_ptr<const Snapshot> s = source.Current();
  for (const std::string& html : {DocumentPage(*s, 0, SIZE_MAX), StoryPage(*s, 0), StoryListPage(*s, {}),
                                  SearchPage(*s, "<script>", {{"evil<1>", "<script>alert('x')</script>"}}, "")}) {
    EXPECT_EQ(html.find("<script"), std::string::npos) << html;
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("href=\"javascript"), std::string::npos);
    EXPECT_EQ(html.find("<b>"), std::string::npos);
    EXPECT_EQ(html.find("style="), std::string::npos);  // no inline style (CSP)
  }
  std::string doc = DocumentPage(*s, 0, SIZE_MAX);
  // The article is the report's text, escaped, whatever marks cut it.
  size_t open = doc.find("<article class=\"text\">"), close = doc.find("</article>");
  ASSERT_NE(open, std::string::npos);
  std::string article = doc.substr(open, close - open);
  article = std::regex_replace(article, std::regex("<[^>]*>"), "");
  EXPECT_EQ(article, EscapeHtml(s->doc(0).text));
  EXPECT_NE(article.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(doc.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(doc.find("<span class=\"url\">javascript:alert(4)</span>"), std::string::npos);
  EXPECT_NE(doc.find("/api/document/evil%3C1%3E"), std::string::npos);
}

TEST(Api, StoryJsonHasTheSlots) {
  std::shared_ptr<const Snapshot> s = Seeds().Current();
  nlohmann::json j = nlohmann::json::parse(StoryApiJson(*s, 0));
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["documents"].size(), 5u);
  bool found = false;
  for (const auto& slot : j["story"]["slots"]) {
    if (slot["type"] != "killed" || slot["subject_side"] != "Pakistan") continue;
    found = true;
    EXPECT_EQ(slot["status"], "conflict");
    ASSERT_EQ(slot["values"].size(), 2u);
    EXPECT_EQ(slot["values"][0]["value"], 58);
    EXPECT_EQ(slot["values"][0]["reports"], 5);
    EXPECT_EQ(slot["values"][0]["independent"], 1);
    EXPECT_EQ(slot["values"][1]["value"], 23);
  }
  EXPECT_TRUE(found);
  nlohmann::json list = nlohmann::json::parse(StoriesJson(*s, {}));
  EXPECT_EQ(list["total"], 1);
  EXPECT_EQ(list["stories"][0]["conflicts"], 2);
  nlohmann::json doc = nlohmann::json::parse(DocumentApiJson(*s, s->FindDoc("002_408996be704aa27f")));
  EXPECT_EQ(doc["story"], "s1");
  bool has_c20 = false;
  for (const auto& c : doc["claims"]) has_c20 |= c["id"] == "c20" && c["value"] == 23;
  EXPECT_TRUE(has_c20);
}

TEST(Search, StaticSourceFindsWords) {
  Result<std::vector<FoundDocument>> hits = Seeds().Search("durand LINE", 10);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits.value().size(), 1u);
  EXPECT_EQ(hits.value()[0].doc, "001_a3d4f95df7bb4a18");
  EXPECT_NE(hits.value()[0].snippet.find("Durand Line"), std::string::npos) << hits.value()[0].snippet;
  // Every word must occur; the limit holds.
  EXPECT_EQ(Seeds().Search("Durand Mujahid", 10).value().size(), 1u);
  EXPECT_EQ(Seeds().Search("Mujahid", 2).value().size(), 2u);
  EXPECT_TRUE(Seeds().Search("zzzz nothing", 10).value().empty());
}

TEST(Handle, SecurityHeadersOnEveryResponse) {
  ServeOptions options;
  for (const HttpRequest& r : {Get("/"), Get("/story/s1"), Get("/story/none"), Get("/api/stories"),
                               Get("/assets/style.css"), Get("/nope")}) {
    HttpResponse out = Handle(Seeds(), options, r);
    std::string csp = HeaderOf(out, "Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << r.path;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
    EXPECT_EQ(HeaderOf(out, "X-Content-Type-Options"), "nosniff");
  }
  EXPECT_EQ(Handle(Seeds(), options, Get("/story/s1")).status, 200);
  EXPECT_EQ(Handle(Seeds(), options, Get("/story/none")).status, 404);
  EXPECT_EQ(Handle(Seeds(), options, Get("/api/story/none")).content_type, "application/json; charset=utf-8");
  EXPECT_EQ(Handle(Seeds(), options, Get("/assets/style.css")).content_type, "text/css; charset=utf-8");
  HttpRequest post = Get("/");
  post.method = "POST";
  EXPECT_EQ(Handle(Seeds(), options, post).status, 405);
  HttpResponse doc = Handle(Seeds(), options, Get("/doc/002_408996be704aa27f", {{"claim", "c20"}}));
  EXPECT_EQ(TextWithClass(doc.body, "target-claim"), "death of 23 of its soldiers");
}

// The downloads are the exports of `analyze --format`, byte for byte: the
// seeds' values.csv holds the killed conflict as two rows, 58 and 23.
TEST(Handle, DownloadsAreTheExports) {
  ServeOptions options;
  HttpResponse values = Handle(Seeds(), options, Get("/api/export-values.csv"));
  EXPECT_EQ(values.status, 200);
  EXPECT_EQ(values.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(values.body, ToCsvValues(SeedsAnalysis()));
  EXPECT_EQ(HeaderOf(values, "Content-Disposition"), "attachment; filename=\"values.csv\"");
  size_t killed_pakistan = 0;
  for (size_t at = values.body.find(",killed,Pakistan,"); at != std::string::npos;
       at = values.body.find(",killed,Pakistan,", at + 1)) {
    ++killed_pakistan;
  }
  EXPECT_EQ(killed_pakistan, 2u);
  EXPECT_EQ(Handle(Seeds(), options, Get("/api/export.csv")).body, ToCsv(SeedsAnalysis()));
  EXPECT_EQ(Handle(Seeds(), options, Get("/api/export.gkg")).body, ToGkg(SeedsAnalysis()));
  EXPECT_EQ(Handle(Seeds(), options, Get("/api/export-ucdp.csv")).body, ToUcdp(SeedsAnalysis()));
  std::string page = Handle(Seeds(), options, Get("/downloads")).body;
  for (const char* link : {"/api/export.csv", "/api/export-values.csv", "/api/export.gkg", "/api/export-ucdp.csv"}) {
    EXPECT_NE(page.find(std::string("href=\"") + link + "\""), std::string::npos) << link;
  }
}

TEST(Handle, TokenIsCheckedOnEveryRequest) {
  ServeOptions options;
  options.token = "s3cret-token";
  EXPECT_EQ(Handle(Seeds(), options, Get("/")).status, 401);
  EXPECT_EQ(Handle(Seeds(), options, Get("/assets/style.css")).status, 401);
  EXPECT_EQ(Handle(Seeds(), options, Get("/api/stories")).status, 401);

  HttpRequest bearer = Get("/api/stories");
  bearer.headers = {{"authorization", "Bearer s3cret-token"}};
  EXPECT_EQ(Handle(Seeds(), options, bearer).status, 200);
  bearer.headers = {{"Authorization", "Bearer s3cret-tokeN"}};
  EXPECT_EQ(Handle(Seeds(), options, bearer).status, 401);

  HttpResponse login = Handle(Seeds(), options, Get("/story/s1", {{"token", "s3cret-token"}, {"x", "a b"}}));
  EXPECT_EQ(login.status, 303);
  EXPECT_EQ(HeaderOf(login, "Location"), "/story/s1?x=a%20b");
  EXPECT_EQ(HeaderOf(login, "Set-Cookie"), "crosscheck_token=s3cret-token; Path=/; HttpOnly; SameSite=Strict");
  EXPECT_EQ(Handle(Seeds(), options, Get("/", {{"token", "wrong"}})).status, 401);
  // A path of two slashes must not redirect to another host.
  EXPECT_EQ(HeaderOf(Handle(Seeds(), options, Get("//evil.example/x", {{"token", "s3cret-token"}})), "Location"),
            "/evil.example/x");

  HttpRequest cookie = Get("/story/s1");
  cookie.headers = {{"Cookie", "a=1; crosscheck_token=s3cret-token"}};
  EXPECT_EQ(Handle(Seeds(), options, cookie).status, 200);
  cookie.headers = {{"Cookie", "crosscheck_token=s3cret"}};
  EXPECT_EQ(Handle(Seeds(), options, cookie).status, 401);
}

TEST(ServeOptions, NonLoopbackNeedsAToken) {
  EXPECT_TRUE(IsLoopback("127.0.0.1"));
  EXPECT_TRUE(IsLoopback("127.1.2.3"));
  EXPECT_TRUE(IsLoopback("::1"));
  EXPECT_TRUE(IsLoopback("localhost"));
  EXPECT_FALSE(IsLoopback("0.0.0.0"));
  EXPECT_FALSE(IsLoopback("127.0.0.1.evil"));
  EXPECT_FALSE(IsLoopback("::"));
  ServeOptions options;
  EXPECT_TRUE(CheckServeOptions(options).ok());
  options.bind = "0.0.0.0";
  Status open = CheckServeOptions(options);
  ASSERT_FALSE(open.ok());
  EXPECT_NE(open.message().find("--token"), std::string::npos);
  options.token = "abc";
  EXPECT_TRUE(CheckServeOptions(options).ok());
  options.token = "a b";
  EXPECT_FALSE(CheckServeOptions(options).ok());
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
}

TEST(Server, AnswersOverASocket) {
  ServeOptions options;
  options.port = 0;
  options.threads = 2;
  Server server(Seeds(), options);
  Result<int> port = server.Bind();
  ASSERT_TRUE(port.ok()) << port.status().message();
  std::thread run([&] { EXPECT_TRUE(server.Run().ok()); });
  httplib::Client client("127.0.0.1", port.value());
  httplib::Result story = client.Get("/story/s1");
  ASSERT_TRUE(story);
  EXPECT_EQ(story->status, 200);
  EXPECT_NE(story->body.find("5 reports · 1 independent"), std::string::npos);
  EXPECT_EQ(story->get_header_value("X-Content-Type-Options"), "nosniff");
  // An id with a slash and a space, percent-encoded in the path.
  httplib::Result missing = client.Get("/doc/a%2Fb%20c");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(missing->body.find("Report a/b c is not"), std::string::npos);
  server.Stop();
  run.join();
}

// A store file in a fresh temporary directory, removed with it.
struct TempStore {
  TempStore() {
    char tmpl[] = "/tmp/crosscheck_server_test_XXXXXX";
    dir = mkdtemp(tmpl);
    path = dir + "/desk.db";
  }
  ~TempStore() { std::filesystem::remove_all(dir); }
  std::string dir, path;
};

TEST(StoreSource, ServesTheStoreAndReloadsWhenAnotherConnectionAdds) {
  TempStore tmp;
  {
    Result<std::unique_ptr<Store>> writer = Store::Open(tmp.path, Store::Mode::kReadWrite);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    IngestResult in = ReadInputs({SourcePath("examples/border-clash")}, {});
    ASSERT_TRUE(writer.value()->Add(std::move(in.documents), {}).ok());
  }
  StoreSourceOptions options;
  options.poll = std::chrono::hours(1);  // this test refreshes by hand
  Result<std::unique_ptr<StoreSource>> source = StoreSource::Open(tmp.path, options);
  ASSERT_TRUE(source.ok()) << source.status().message();
  std::shared_ptr<const Snapshot> before = source.value()->Current();
  ASSERT_EQ(before->analysis->documents.size(), 5u);
  // The store's analysis is analyze's: the same conflict of 58 against 23.
  std::string page = StoryPage(*before, before->FindStory("s1"));
  EXPECT_NE(page.find(">58</a><span class=\"support\">5 reports · 1 independent</span>"), std::string::npos);
  Result<std::vector<FoundDocument>> hits = source.value()->Search("Durand", 10);
  ASSERT_TRUE(hits.ok()) << hits.status().message();
  ASSERT_EQ(hits.value().size(), 1u);
  EXPECT_EQ(hits.value()[0].doc, "001_a3d4f95df7bb4a18");
  EXPECT_FALSE(source.value()->Search("\"unbalanced", 10).ok());  // an FTS5 syntax error is an error

  // Nothing changed: no reload, the same snapshot.
  ASSERT_TRUE(source.value()->Refresh().ok());
  EXPECT_EQ(source.value()->Current(), before);
  {
    Result<std::unique_ptr<Store>> writer = Store::Open(tmp.path, Store::Mode::kReadWrite);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(writer.value()->Add({Hostile()}, {}).ok());
  }
  ASSERT_TRUE(source.value()->Refresh().ok());
  std::shared_ptr<const Snapshot> after = source.value()->Current();
  EXPECT_NE(after->version, before->version);
  EXPECT_EQ(after->analysis->documents.size(), 6u);
  EXPECT_NE(after->FindDoc("evil<1>"), SIZE_MAX);
  // A request still holding the old snapshot reads it whole.
  EXPECT_EQ(before->analysis->documents.size(), 5u);
  EXPECT_EQ(before->FindDoc("evil<1>"), SIZE_MAX);
}

TEST(StoreSource, MissingStoreIsAnError) {
  TempStore tmp;
  Result<std::unique_ptr<StoreSource>> source = StoreSource::Open(tmp.path + ".missing");
  ASSERT_FALSE(source.ok());
  EXPECT_NE(source.status().message().find("desk.db.missing"), std::string::npos) << source.status().message();
  EXPECT_FALSE(std::filesystem::exists(tmp.path + ".missing"));  // read-only: never created
}

}  // namespace
}  // namespace crosscheck
