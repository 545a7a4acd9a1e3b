#include "ingest/fetch.h"

#include <curl/curl.h>
#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <string>
#include <type_traits>

#include "ingest/dates.h"

#ifndef CROSSCHECK_VERSION
#define CROSSCHECK_VERSION "0"
#endif

namespace crosscheck {

std::string DefaultUserAgent() {
  return std::string("crosscheck/") + CROSSCHECK_VERSION + " (news claim corroboration; libcurl)";
}

bool IsUrl(std::string_view input) {
  auto starts = [&](std::string_view prefix) {
    if (input.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(input[i])) != prefix[i]) return false;
    }
    return true;
  };
  return starts("http://") || starts("https://");
}

std::optional<int64_t> ParseSinceTime(std::string_view t) {
  if (!t.empty() && t[0] == '@') {
    if (t.size() == 1 || t.size() > 19) return std::nullopt;
    int64_t v = 0;
    for (char c : t.substr(1)) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    return v;
  }
  return ParseIsoTime(t);
}

namespace {

// libcurl's functions, opened when the first fetcher is made instead of
// linked: libcurl and the libraries it loads (TLS, Kerberos, LDAP, SSH, ...)
// cost every run of crosscheck about 8 ms of start-up on this machine (twice:
// the CLI runs itself again for huge pages), and most runs fetch nothing.
// curl.h still gives the types, the constants and the functions' signatures.
struct Curl {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
  decltype(&::curl_multi_init) multi_init = nullptr;
  decltype(&::curl_multi_setopt) multi_setopt = nullptr;
  decltype(&::curl_multi_add_handle) multi_add_handle = nullptr;
  decltype(&::curl_multi_remove_handle) multi_remove_handle = nullptr;
  decltype(&::curl_multi_perform) multi_perform = nullptr;
  decltype(&::curl_multi_poll) multi_poll = nullptr;
  decltype(&::curl_multi_info_read) multi_info_read = nullptr;
  decltype(&::curl_multi_cleanup) multi_cleanup = nullptr;
  std::string error;  // why libcurl could not be used; empty when it can
};

// The process's libcurl (Debian's libcurl4 or libcurl3-gnutls), opened and
// initialised once; never closed.
const Curl& OpenCurl() {
  static const Curl curl = [] {
    Curl c;
    void* lib = nullptr;
    std::string why;  // the first library's failure: the one a Debian system has
    for (const char* name : {"libcurl.so.4", "libcurl-gnutls.so.4"}) {
      if ((lib = ::dlopen(name, RTLD_NOW | RTLD_LOCAL)) != nullptr) break;
      const char* error = ::dlerror();
      if (why.empty() && error != nullptr) why = error;
    }
    if (lib == nullptr) {
      c.error = "libcurl cannot be opened (apt-get install libcurl4)" + (why.empty() ? "" : ": " + why);
      return c;
    }
    auto load = [&](auto& fn, const char* symbol) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(lib, symbol));
      if (fn == nullptr && c.error.empty()) c.error = std::string("libcurl has no ") + symbol;
    };
    load(c.global_init, "curl_global_init");
    load(c.easy_init, "curl_easy_init");
    load(c.easy_setopt, "curl_easy_setopt");
    load(c.easy_getinfo, "curl_easy_getinfo");
    load(c.easy_strerror, "curl_easy_strerror");
    load(c.easy_cleanup, "curl_easy_cleanup");
    load(c.slist_append, "curl_slist_append");
    load(c.slist_free_all, "curl_slist_free_all");
    load(c.multi_init, "curl_multi_init");
    load(c.multi_setopt, "curl_multi_setopt");
    load(c.multi_add_handle, "curl_multi_add_handle");
    load(c.multi_remove_handle, "curl_multi_remove_handle");
    load(c.multi_perform, "curl_multi_perform");
    load(c.multi_poll, "curl_multi_poll");
    load(c.multi_info_read, "curl_multi_info_read");
    load(c.multi_cleanup, "curl_multi_cleanup");
    if (c.error.empty() && c.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) c.error = "cannot start libcurl";
    return c;
  }();
  return curl;
}

// One transfer in flight.
struct Transfer {
  size_t index = 0;  // into the requests
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string body;
  std::string content_type, last_modified;  // headers of the last response
  size_t limit = 0;
  bool over_limit = false;
  char error[CURL_ERROR_SIZE] = {};
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  Transfer& t = *static_cast<Transfer*>(user);
  const size_t bytes = size * n;
  if (t.body.size() + bytes > t.limit) {
    t.over_limit = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  t.body.append(data, bytes);
  return bytes;
}

// Header lines; a new status line (a redirect followed) starts afresh.
size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  Transfer& t = *static_cast<Transfer*>(user);
  std::string_view line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    t.content_type.clear();
    t.last_modified.clear();
    return line.size();
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return line.size();
  std::string name(line.substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
  if (name == "content-type") t.content_type = value;
  else if (name == "last-modified") t.last_modified = value;
  return line.size();
}

class CurlFetcher : public Fetcher {
 public:
  CurlFetcher(const FetchOptions& options, size_t max_body_bytes)
      : options_(options), limit_(max_body_bytes) {
    if (options_.user_agent.empty()) options_.user_agent = DefaultUserAgent();
    options_.max_connections = std::max<size_t>(1, options_.max_connections);
  }

  std::vector<FetchResponse> FetchAll(const std::vector<FetchRequest>& requests) override {
    std::vector<FetchResponse> out(requests.size());
    CURLM* multi = curl_.error.empty() ? curl_.multi_init() : nullptr;
    if (!multi) {
      for (size_t i = 0; i < requests.size(); ++i) {
        out[i].url = out[i].final_url = requests[i].url;
        out[i].error = curl_.error.empty() ? "cannot start libcurl" : curl_.error;
      }
      return out;
    }
    curl_.multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(options_.max_connections));
    std::deque<Transfer> running;  // stable addresses: curl keeps pointers to them
    size_t next = 0, active = 0;
    auto start = [&] {
      while (next < requests.size() && active < options_.max_connections) {
        const size_t i = next++;
        out[i].url = out[i].final_url = requests[i].url;
        Transfer& t = running.emplace_back();
        t.index = i;
        t.limit = limit_;
        t.easy = curl_.easy_init();
        if (!t.easy) {
          out[i].error = "cannot start libcurl";
          continue;
        }
        Configure(t, requests[i]);
        curl_.multi_add_handle(multi, t.easy);
        ++active;
      }
    };
    start();
    while (active > 0) {
      int still = 0;
      curl_.multi_perform(multi, &still);
      int left = 0;
      while (CURLMsg* msg = curl_.multi_info_read(multi, &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        Transfer* t = nullptr;
        curl_.easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
        Finish(*t, msg->data.result, out[t->index]);
        curl_.multi_remove_handle(multi, t->easy);
        curl_.easy_cleanup(t->easy);
        curl_.slist_free_all(t->headers);
        t->easy = nullptr;
        t->headers = nullptr;
        std::string().swap(t->body);
        --active;
      }
      start();
      if (active > 0) curl_.multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
    curl_.multi_cleanup(multi);
    return out;
  }

 private:
  void Configure(Transfer& t, const FetchRequest& r) {
    CURL* e = t.easy;
    curl_.easy_setopt(e, CURLOPT_URL, r.url.c_str());
    curl_.easy_setopt(e, CURLOPT_PRIVATE, &t);
    curl_.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_.easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_.easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_.easy_setopt(e, CURLOPT_MAXREDIRS, options_.max_redirects);
    curl_.easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
    curl_.easy_setopt(e, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
    curl_.easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_.easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl decodes
    curl_.easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limit_));
    curl_.easy_setopt(e, CURLOPT_WRITEFUNCTION, OnBody);
    curl_.easy_setopt(e, CURLOPT_WRITEDATA, &t);
    curl_.easy_setopt(e, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_.easy_setopt(e, CURLOPT_HEADERDATA, &t);
    curl_.easy_setopt(e, CURLOPT_ERRORBUFFER, t.error);
    t.headers = curl_.slist_append(t.headers,
                                  "Accept: text/html, application/xhtml+xml, application/rss+xml, "
                                  "application/atom+xml, application/xml;q=0.9, */*;q=0.8");
    curl_.easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
    if (r.if_modified_since > 0) {
      curl_.easy_setopt(e, CURLOPT_TIMECONDITION, static_cast<long>(CURL_TIMECOND_IFMODSINCE));
      curl_.easy_setopt(e, CURLOPT_TIMEVALUE_LARGE, static_cast<curl_off_t>(r.if_modified_since));
    }
  }

  void Finish(Transfer& t, CURLcode code, FetchResponse& r) const {
    long status = 0;
    curl_.easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
    r.status = status;
    char* final_url = nullptr;
    if (curl_.easy_getinfo(t.easy, CURLINFO_EFFECTIVE_URL, &final_url) == CURLE_OK && final_url) {
      r.final_url = final_url;
    }
    r.content_type = t.content_type;
    r.last_modified = t.last_modified;
    if (code == CURLE_WRITE_ERROR && t.over_limit) {
      r.error = "body exceeds the limit of " + std::to_string(limit_) +
                " bytes (--max-document-bytes); transfer aborted";
    } else if (code == CURLE_FILESIZE_EXCEEDED) {
      r.error = "Content-Length exceeds the limit of " + std::to_string(limit_) +
                " bytes (--max-document-bytes); not read";
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
      r.error = "timed out (connect " + std::to_string(options_.connect_timeout_ms) + " ms, total " +
                std::to_string(options_.timeout_ms) + " ms)";
    } else if (code == CURLE_TOO_MANY_REDIRECTS) {
      r.error = "too many redirects (more than " + std::to_string(options_.max_redirects) + ")";
    } else if (code == CURLE_UNSUPPORTED_PROTOCOL) {
      r.error = "redirected to a scheme other than http or https; not followed";
    } else if (code != CURLE_OK) {
      r.error = std::string(t.error[0] ? t.error : curl_.easy_strerror(code));
    } else if (long unmet = 0; status == 304 ||
               (curl_.easy_getinfo(t.easy, CURLINFO_CONDITION_UNMET, &unmet) == CURLE_OK && unmet)) {
      // 304, or a 200 whose Last-Modified curl found too old (the server
      // ignored If-Modified-Since): nothing newer.
      r.not_modified = true;
    } else if (status < 200 || status >= 300) {
      r.error = "HTTP " + std::to_string(status);
    } else {
      r.body = std::move(t.body);
    }
    if (!r.error.empty()) r.body.clear();
  }

  const Curl& curl_ = OpenCurl();
  FetchOptions options_;
  size_t limit_;
};

}  // namespace

std::unique_ptr<Fetcher> MakeCurlFetcher(const FetchOptions& options, size_t max_body_bytes) {
  return std::make_unique<CurlFetcher>(options, max_body_bytes);
}

}  // namespace crosscheck
