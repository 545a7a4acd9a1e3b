// `crosscheck serve`: the desk's web UI and JSON API over a SnapshotSource.
//
// Handle() is the whole server but the socket: a request in, a response out,
// with the token check and the security headers, so tests call it directly.
// Server puts it behind cpp-httplib (a thread pool; keep-alive), which lives
// in a shared object of its own opened when the server binds (http_socket.h).
//
// Routes (GET and HEAD only; anything else is 405):
//   /                      story list (?sort=conflicts|newest|reports, ?page=N from 1)
//   /story/ID              story page      /api/story/ID      its JSON
//   /doc/ID[?claim=CID]    document page   /api/document/ID   its JSON
//   /entity/ID             entity page     /api/entity/ID     its JSON
//   /search?q=WORDS        search page     /api/search?q=     its JSON
//   /downloads             downloads page  /api/stories       story list JSON
//   /api/export.json       the whole analysis (the JSON report)
//   /assets/NAME           embedded style sheet
//
// Security: see README ("Serving the desk"). Every response carries
// Content-Security-Policy (no inline script or style, nothing from other
// origins, no framing), X-Content-Type-Options: nosniff, Referrer-Policy:
// no-referrer. With a token, every request must carry it: an
// "Authorization: Bearer T" header, the cookie the server sets, or
// ?token=T (answered by setting the cookie and redirecting to the same URL
// without it, so the token does not stay in the address bar or history).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "server/http_socket.h"
#include "server/snapshot.h"

namespace crosscheck {

struct ServeOptions {
  std::string bind = "127.0.0.1";  // address to listen on; not loopback requires `token`
  int port = 8080;                 // 0: any free port (Server::Bind says which)
  std::string token;               // required on every request when non-empty
  // Request threads. httplib gives a keep-alive connection a thread until it
  // closes, so connections beyond this many wait: 64 idle threads cost little.
  size_t threads = 64;
  size_t search_limit = 50;        // most hits a search returns
  size_t stories_per_page = 50;    // story list page size (HTML and JSON)
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopback(std::string_view address);
// An error when `options` would expose the desk unprotected (a non-loopback
// bind without a token) or are out of range.
Status CheckServeOptions(const ServeOptions& options);

// Answers one request. Thread-safe (reads source.Current() once).
HttpResponse Handle(SnapshotSource& source, const ServeOptions& options, const HttpRequest& request);

// Equal strings, compared in time that depends on their lengths only.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

class Server {
 public:
  // `source` must outlive the server.
  Server(SnapshotSource& source, ServeOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // An error when the socket's library (crosscheck_http.so, http_socket.h)
  // cannot be opened: what Bind would say, asked before anything is loaded.
  static Status CanListen();
  // Checks the options and binds; the port listened on.
  Result<int> Bind();
  // Serves until Stop() (from another thread or a signal handler's thread).
  // REQUIRES: Bind() succeeded.
  Status Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crosscheck
