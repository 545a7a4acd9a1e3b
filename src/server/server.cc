#include "server/server.h"

#include <dlfcn.h>
#include <unistd.h>

#include <charconv>
#include <string>
#include <vector>

#include "report/report.h"
#include "server/api.h"
#include "server/assets.h"
#include "server/pages.h"

namespace crosscheck {

namespace {

constexpr const char* kHtml = "text/html; charset=utf-8";
constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kCookie = "crosscheck_token";
// No inline script or style, nothing from elsewhere, no framing, forms only
// to this server.
constexpr const char* kCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

std::string_view Header(const HttpRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (SameName(k, name)) return v;
  }
  return {};
}

std::string Param(const HttpRequest& r, const std::string& name) {
  auto it = r.params.find(name);
  return it == r.params.end() ? std::string() : it->second;
}

// A positive number from a query parameter; `fallback` when absent or bad.
size_t Number(const HttpRequest& r, const std::string& name, size_t fallback) {
  std::string v = Param(r, name);
  size_t out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc() && end == v.data() + v.size() && out > 0 ? out : fallback;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of cookie `name` in a Cookie header, or empty.
std::string_view CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    size_t semi = header.find(';');
    std::string_view pair = Trim(header.substr(0, semi));
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return {};
}

HttpResponse Respond(int status, const char* type, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = type;
  r.body = std::move(body);
  return r;
}

HttpResponse NotFound(bool api, std::string_view what) {
  std::string message = std::string(what) + " is not in this desk.";
  return api ? Respond(404, kJson, ErrorJson(message)) : Respond(404, kHtml, MessagePage("Not found", message));
}

// "/doc/a b" -> "/doc/a%20b": each segment percent-encoded, one leading
// slash only (a path "//host" must not become a protocol-relative URL).
std::string EncodePath(std::string_view path) {
  std::string out;
  size_t i = 0;
  while (i < path.size() && path[i] == '/') ++i;
  out = "/";
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out += PercentEncode(path.substr(i, j - i));
    if (j < path.size()) out += '/';
    i = j + 1;
  }
  return out;
}

// The request's own URL without ?token=.
std::string WithoutToken(const HttpRequest& r) {
  std::string out = EncodePath(r.path);
  char sep = '?';
  for (const auto& [k, v] : r.params) {
    if (k == "token") continue;
    out += sep + PercentEncode(k) + "=" + PercentEncode(v);
    sep = '&';
  }
  return out;
}

// nullopt when the request may go on; else the answer (401, or the redirect
// that turns ?token= into a cookie).
std::optional<HttpResponse> CheckToken(const ServeOptions& options, const HttpRequest& r) {
  if (options.token.empty()) return std::nullopt;
  bool api = r.path.rfind("/api/", 0) == 0;
  if (r.params.count("token")) {
    if (!ConstantTimeEquals(Param(r, "token"), options.token)) {
      return Respond(401, api ? kJson : kHtml,
                     api ? ErrorJson("wrong token") : MessagePage("Wrong token", "The token in this address is wrong."));
    }
    HttpResponse redirect = Respond(303, kHtml, MessagePage("Signed in", "Continue to the page you asked for."));
    redirect.headers.emplace_back("Location", WithoutToken(r));
    redirect.headers.emplace_back("Set-Cookie", std::string(kCookie) + "=" + options.token +
                                                    "; Path=/; HttpOnly; SameSite=Strict");
    return redirect;
  }
  std::string_view auth = Header(r, "Authorization");
  if (auth.size() > 7 && SameName(auth.substr(0, 7), "bearer ") &&
      ConstantTimeEquals(Trim(auth.substr(7)), options.token)) {
    return std::nullopt;
  }
  std::string_view cookie = CookieValue(Header(r, "Cookie"), kCookie);
  if (!cookie.empty() && ConstantTimeEquals(cookie, options.token)) return std::nullopt;
  HttpResponse denied =
      Respond(401, api ? kJson : kHtml,
              api ? ErrorJson("this desk needs its token: Authorization: Bearer TOKEN")
                  : MessagePage("Token needed", "This desk needs its token: open its address with ?token=TOKEN."));
  denied.headers.emplace_back("WWW-Authenticate", "Bearer");
  return denied;
}

ListOptions ListFrom(const ServeOptions& options, const HttpRequest& r) {
  ListOptions list;
  std::string sort = Param(r, "sort");
  list.order = sort == "newest" ? StoryOrder::kNewest : sort == "reports" ? StoryOrder::kReports : StoryOrder::kConflicts;
  list.page = Number(r, "page", 1) - 1;
  list.per_page = options.stories_per_page;
  return list;
}

// The part of the path after `prefix`, when the path starts with it and the
// rest is not empty.
bool After(std::string_view path, std::string_view prefix, std::string& rest) {
  if (path.size() <= prefix.size() || path.substr(0, prefix.size()) != prefix) return false;
  rest = std::string(path.substr(prefix.size()));
  return true;
}

HttpResponse Route(SnapshotSource& source, const ServeOptions& options, const HttpRequest& r) {
  std::shared_ptr<const Snapshot> snapshot = source.Current();
  const Snapshot& s = *snapshot;
  const std::string& path = r.path;
  std::string id;
  if (path == "/" || path == "/api/stories") {
    ListOptions list = ListFrom(options, r);
    return path == "/" ? Respond(200, kHtml, StoryListPage(s, list)) : Respond(200, kJson, StoriesJson(s, list));
  }
  if (After(path, "/story/", id) || After(path, "/api/story/", id)) {
    bool api = path[1] == 'a';
    size_t k = s.FindStory(id);
    if (k == SIZE_MAX) return NotFound(api, "Story " + id);
    return api ? Respond(200, kJson, StoryApiJson(s, k)) : Respond(200, kHtml, StoryPage(s, k));
  }
  if (After(path, "/doc/", id) || After(path, "/api/document/", id)) {
    bool api = path[1] == 'a';
    size_t d = s.FindDoc(id);
    if (d == SIZE_MAX) return NotFound(api, "Report " + id);
    if (api) return Respond(200, kJson, DocumentApiJson(s, d));
    return Respond(200, kHtml, DocumentPage(s, d, s.FindClaim(Param(r, "claim"))));
  }
  if (After(path, "/entity/", id) || After(path, "/api/entity/", id)) {
    bool api = path[1] == 'a';
    size_t e = s.FindEntity(id);
    if (e == SIZE_MAX) return NotFound(api, "Name " + id);
    return api ? Respond(200, kJson, EntityApiJson(s, e)) : Respond(200, kHtml, EntityPage(s, e));
  }
  if (path == "/search" || path == "/api/search") {
    bool api = path[1] == 'a';
    std::string q = Param(r, "q");
    std::vector<FoundDocument> hits;
    std::string error;
    if (!q.empty()) {
      Result<std::vector<FoundDocument>> found = source.Search(q, options.search_limit);
      if (found.ok()) hits = std::move(found.value());
      else error = found.status().message();
    }
    if (api) return error.empty() ? Respond(200, kJson, SearchJson(s, q, hits)) : Respond(400, kJson, ErrorJson(error));
    return Respond(error.empty() ? 200 : 400, kHtml, SearchPage(s, q, hits, error));
  }
  if (path == "/downloads") return Respond(200, kHtml, DownloadsPage(s));
  // The exports of `crosscheck analyze --format` (report/report.h), as files.
  struct Export {
    const char* path;
    const char* type;
    const char* file;
    std::string (*make)(const Analysis&);
  };
  static const Export kExports[] = {
      {"/api/export.json", kJson, "crosscheck.json", [](const Analysis& a) { return ToJson(a, false); }},
      {"/api/export.csv", "text/csv; charset=utf-8", "claims.csv", ToCsv},
      {"/api/export-values.csv", "text/csv; charset=utf-8", "values.csv", ToCsvValues},
      {"/api/export.gkg", "text/tab-separated-values; charset=utf-8", "counts.gkg.tsv", ToGkg},
      {"/api/export-ucdp.csv", "text/csv; charset=utf-8", "ucdp.csv", ToUcdp},
  };
  for (const Export& e : kExports) {
    if (path != e.path) continue;
    HttpResponse out = Respond(200, e.type, e.make(*s.analysis));
    out.headers.emplace_back("Content-Disposition", std::string("attachment; filename=\"") + e.file + "\"");
    return out;
  }
  if (After(path, "/assets/", id)) {
    for (const Resource& asset : WebAssets()) {
      if (asset.name != id) continue;
      const char* type = id.size() > 4 && id.substr(id.size() - 4) == ".css" ? "text/css; charset=utf-8"
                         : id.size() > 3 && id.substr(id.size() - 3) == ".js" ? "text/javascript; charset=utf-8"
                                                                                : "application/octet-stream";
      HttpResponse out = Respond(200, type, std::string(asset.data));
      out.headers.emplace_back("Cache-Control", "max-age=3600");
      return out;
    }
  }
  return NotFound(path.rfind("/api/", 0) == 0, "The page " + path);
}

void SecurityHeaders(HttpResponse& out) {
  out.headers.emplace_back("Content-Security-Policy", kCsp);
  out.headers.emplace_back("X-Content-Type-Options", "nosniff");
  out.headers.emplace_back("X-Frame-Options", "DENY");
  out.headers.emplace_back("Referrer-Policy", "no-referrer");
  out.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
  bool cached = false;
  for (const auto& [k, v] : out.headers) cached |= k == "Cache-Control";
  if (!cached) out.headers.emplace_back("Cache-Control", "no-store");
}

}  // namespace

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // Every byte of the longer is read whatever the contents; only the lengths
  // show in the time taken.
  const size_t n = std::max(a.size(), b.size());
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

bool IsLoopback(std::string_view address) {
  if (address == "localhost" || address == "::1" || address == "[::1]") return true;
  if (address.substr(0, 4) != "127.") return false;
  int dots = 0;
  for (char c : address) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return false;
  }
  return dots == 3;
}

Status CheckServeOptions(const ServeOptions& options) {
  if (options.port < 0 || options.port > 65535) {
    return Status::Error("--port must be 0 to 65535 (got " + std::to_string(options.port) + ")");
  }
  if (!IsLoopback(options.bind) && options.token.empty()) {
    return Status::Error("--bind " + options.bind +
                         " would let other machines read the desk: give --token TOKEN as well (every request "
                         "must then carry it), or bind to 127.0.0.1");
  }
  for (char c : options.token) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == ';' || c == ',' || c == '"' || c == '\\' ||
        static_cast<unsigned char>(c) >= 0x7F) {
      return Status::Error("--token may hold printable ASCII other than ; , \" \\ and spaces only");
    }
  }
  return Status();
}

HttpResponse Handle(SnapshotSource& source, const ServeOptions& options, const HttpRequest& request) {
  HttpResponse out;
  if (std::optional<HttpResponse> denied = CheckToken(options, request)) {
    out = std::move(*denied);
  } else if (request.method != "GET" && request.method != "HEAD") {
    out = Respond(405, kHtml, MessagePage("Not allowed", "The desk only reads: GET and HEAD."));
    out.headers.emplace_back("Allow", "GET, HEAD");
  } else {
    out = Route(source, options, request);
  }
  SecurityHeaders(out);
  return out;
}

namespace {

// The directory of the running executable, with a trailing slash; empty when
// it cannot be read.
std::string ExecutableDir() {
  char self[4096];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return {};
  std::string path(self, static_cast<size_t>(n));
  return path.substr(0, path.rfind('/') + 1);
}

// crosscheck_http, opened once: next to the executable (where the build
// writes it, beside `crosscheck`, and where a copied binary should keep it),
// else at the path this build wrote it to (test programs live in another
// directory). Only absolute paths: never a search of the library path.
// Never closed.
Result<server_internal::NewSocketFn> OpenHttpSocket() {
  static const Result<server_internal::NewSocketFn> opened = []() -> Result<server_internal::NewSocketFn> {
    std::string tried;
    std::vector<std::string> paths;
    if (const std::string dir = ExecutableDir(); !dir.empty()) paths.push_back(dir + CROSSCHECK_HTTP_MODULE_NAME);
    paths.emplace_back(CROSSCHECK_HTTP_MODULE);
    for (const std::string& path : paths) {
      void* lib = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (lib == nullptr) {
        const char* error = ::dlerror();
        tried += tried.empty() ? "" : "; ";
        tried += error != nullptr ? error : path;
        continue;
      }
      void* fn = ::dlsym(lib, server_internal::kNewSocketSymbol);
      if (fn == nullptr) return Status::Error(path + " has no " + server_internal::kNewSocketSymbol);
      return reinterpret_cast<server_internal::NewSocketFn>(fn);
    }
    return Status::Error("cannot open the web server's library " + std::string(CROSSCHECK_HTTP_MODULE_NAME) +
                         " (rebuild crosscheck; it needs libcpp-httplib0.11): " + tried);
  }();
  return opened;
}

}  // namespace

struct Server::Impl {
  Impl(SnapshotSource& s, ServeOptions o) : source(s), options(std::move(o)) {}
  SnapshotSource& source;
  ServeOptions options;
  std::unique_ptr<server_internal::HttpSocket> socket;  // once bound
};

Server::Server(SnapshotSource& source, ServeOptions options)
    : impl_(std::make_unique<Impl>(source, std::move(options))) {}

Server::~Server() = default;

Status Server::CanListen() {
  Result<server_internal::NewSocketFn> open = OpenHttpSocket();
  return open.ok() ? Status() : open.status();
}

Result<int> Server::Bind() {
  Status ok = CheckServeOptions(impl_->options);
  if (!ok.ok()) return ok;
  if (impl_->socket) return Status::Error("Server::Bind called twice");
  Result<server_internal::NewSocketFn> open = OpenHttpSocket();
  if (!open.ok()) return open.status();
  Impl& impl = *impl_;
  // Every method reaches Handle, which answers 405 to all but GET and HEAD
  // with the same security headers.
  std::unique_ptr<server_internal::HttpSocket> socket(
      open.value()([&impl](const HttpRequest& r) { return Handle(impl.source, impl.options, r); }));
  server_internal::SocketOptions options;
  options.bind = impl.options.bind;
  options.port = impl.options.port;
  options.threads = impl.options.threads;
  std::string error;
  const int port = socket->Bind(options, error);
  if (port < 0) return Status::Error(error);
  impl.socket = std::move(socket);
  return port;
}

Status Server::Run() {
  if (!impl_->socket) return Status::Error("Server::Run before Bind");
  if (!impl_->socket->Run()) return Status::Error("the server stopped with an error");
  return Status();
}

void Server::Stop() {
  if (impl_->socket) impl_->socket->Stop();
}

}  // namespace crosscheck
