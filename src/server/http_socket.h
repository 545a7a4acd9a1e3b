// The listening socket behind Server (server.h), and the request and response
// it carries. The socket is cpp-httplib, which brings OpenSSL and Brotli with
// it: mapping and relocating those cost every process about 10 ms of
// start-up (twice with the huge-pages re-execution, cli/huge_pages.h), though
// only `crosscheck serve` listens. So the socket is its own shared object,
// crosscheck_http (http_socket.cc, the one file that includes httplib.h),
// which the first Server to bind opens with dlopen (ARCHITECTURE.md, "server").
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace crosscheck {

struct HttpRequest {
  std::string method = "GET";
  std::string path;                                   // decoded, without the query
  std::string query;                                  // raw query string, for redirects; may be empty
  std::multimap<std::string, std::string> params;     // decoded query parameters
  std::vector<std::pair<std::string, std::string>> headers;  // names in any case
};

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
};

namespace server_internal {

struct SocketOptions {
  std::string bind;
  int port = 0;         // 0: any free port
  size_t threads = 1;   // request threads (a keep-alive connection holds one)
};

// Answers one request; called on the socket's request threads at once.
using Handler = std::function<HttpResponse(const HttpRequest&)>;

class HttpSocket {
 public:
  virtual ~HttpSocket() = default;
  // The port now listened on, or -1 with `error` set.
  virtual int Bind(const SocketOptions& options, std::string& error) = 0;
  // Serves until Stop(); false when it stopped with an error. REQUIRES: Bind succeeded.
  virtual bool Run() = 0;
  // Thread-safe; Run returns once the requests under way are answered.
  virtual void Stop() = 0;
};

// What crosscheck_http exports (extern "C", named kNewSocketSymbol): a new
// socket that answers every request with `handler`.
using NewSocketFn = HttpSocket* (*)(Handler handler);
inline constexpr const char* kNewSocketSymbol = "crosscheck_new_http_socket";

}  // namespace server_internal
}  // namespace crosscheck
