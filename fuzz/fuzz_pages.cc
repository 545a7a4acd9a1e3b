// Fuzzes the server's pages and API (src/server): Analyze() on one or two
// documents made from the input (split at the first 0xFF byte), then every
// page and JSON answer over that snapshot, and Handle() on a request whose
// path, query and cookie come from the input.
//
// Invariants: every page is valid UTF-8 and holds no element or link the
// report could have smuggled in (no <script, <img, <iframe, no href or src
// of javascript:); a document page's article, with the server's own tags
// removed, is exactly the report's text escaped (marks may overlap in any
// way, the text is neither lost nor doubled); every JSON answer parses; every
// response carries the Content-Security-Policy.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/utf8.h"
#include "fuzz_check.h"
#include "report/analysis.h"
#include "server/api.h"
#include "server/pages.h"
#include "server/server.h"
#include "server/snapshot.h"

namespace {

using namespace crosscheck;

std::string Lower(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

void CheckPage(const std::string& html) {
  FUZZ_CHECK(!FirstInvalidUtf8(html));
  std::string lower = Lower(html);
  FUZZ_CHECK(lower.find("<script") == std::string::npos);
  FUZZ_CHECK(lower.find("<img") == std::string::npos);
  FUZZ_CHECK(lower.find("<iframe") == std::string::npos);
  FUZZ_CHECK(lower.find("href=\"javascript") == std::string::npos);
  FUZZ_CHECK(lower.find("style=\"") == std::string::npos);
}

void CheckJson(const std::string& text) { FUZZ_CHECK(nlohmann::json::accept(text)); }

// The page's <article> with every tag removed.
std::string ArticleText(const std::string& html) {
  size_t open = html.find("<article class=\"text\">");
  size_t close = html.find("</article>");
  FUZZ_CHECK(open != std::string::npos && close != std::string::npos && open < close);
  std::string out;
  bool in_tag = false;
  for (size_t i = open; i < close; ++i) {
    if (html[i] == '<') in_tag = true;
    else if (html[i] == '>' && in_tag) in_tag = false;
    else if (!in_tag) out += html[i];
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > crosscheck::fuzz::kMaxInput) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<Document> docs;
  size_t split = input.find('\xFF');
  Document a;
  a.id = "a<\"'&>";
  a.text = std::string(input.substr(0, split));
  a.url = std::string(input.substr(0, std::min<size_t>(input.size(), 40)));
  a.outlet = std::string(input.substr(0, std::min<size_t>(input.size(), 12)));
  if (!a.text.empty()) docs.push_back(a);
  if (split != std::string_view::npos && split + 1 < input.size()) {
    Document b;
    b.id = "b";
    b.text = std::string(input.substr(split + 1));
    docs.push_back(b);
  }
  if (docs.empty()) return 0;
  StaticSource source(Analyze(docs));
  std::shared_ptr<const Snapshot> s = source.Current();
  const Analysis& an = *s->analysis;

  ListOptions list;
  for (StoryOrder order : {StoryOrder::kConflicts, StoryOrder::kNewest, StoryOrder::kReports}) {
    list.order = order;
    CheckPage(StoryListPage(*s, list));
    CheckJson(StoriesJson(*s, list));
  }
  for (size_t k = 0; k < an.stories.size(); ++k) {
    CheckPage(StoryPage(*s, k));
    CheckJson(StoryApiJson(*s, k));
  }
  for (size_t d = 0; d < an.documents.size(); ++d) {
    std::string page = DocumentPage(*s, d, SIZE_MAX);
    CheckPage(page);
    FUZZ_CHECK(ArticleText(page) == EscapeHtml(an.documents[d].text));
    for (size_t c : s->claims_of_doc[d]) {
      std::string target = DocumentPage(*s, d, c);
      CheckPage(target);
      FUZZ_CHECK(ArticleText(target) == EscapeHtml(an.documents[d].text));
      break;  // one highlighted claim per document keeps executions short
    }
    CheckJson(DocumentApiJson(*s, d));
  }
  for (size_t e = 0; e < an.entities.size() && e < 8; ++e) {
    CheckPage(EntityPage(*s, e));
    CheckJson(EntityApiJson(*s, e));
  }
  std::string query(input.substr(0, std::min<size_t>(input.size(), 24)));
  Result<std::vector<FoundDocument>> hits = source.Search(query, 10);
  FUZZ_CHECK(hits.ok());
  CheckPage(SearchPage(*s, query, hits.value(), ""));
  CheckJson(SearchJson(*s, query, hits.value()));

  // A request made of the input: the path, a query parameter, a cookie.
  ServeOptions options;
  options.token = "t0ken";
  HttpRequest r;
  r.path = "/" + std::string(input.substr(0, std::min<size_t>(input.size(), 64)));
  r.params.emplace("token", query);
  r.params.emplace("claim", query);
  r.headers.emplace_back("Cookie", std::string(input.substr(0, std::min<size_t>(input.size(), 64))));
  for (int pass = 0; pass < 2; ++pass) {
    HttpResponse out = Handle(source, options, r);
    bool csp = false;
    for (const auto& [k, v] : out.headers) {
      csp |= k == "Content-Security-Policy";
      if (k == "Location") FUZZ_CHECK(v.size() >= 1 && v[0] == '/' && (v.size() == 1 || v[1] != '/'));
    }
    FUZZ_CHECK(csp);
    FUZZ_CHECK(out.status == 200 || out.status == 303 || out.status == 401 || out.status == 404);
    if (out.content_type.rfind("text/html", 0) == 0) CheckPage(out.body);
    r.params.clear();
    r.headers = {{"Authorization", "Bearer t0ken"}};
  }
  return 0;
}
