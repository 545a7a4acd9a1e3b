// crosscheck_http: the socket of http_socket.h on cpp-httplib, built as a
// shared object of its own and opened by Server only when it binds.
#include "server/http_socket.h"

#include <httplib.h>

#include <algorithm>
#include <string>
#include <type_traits>
#include <utility>

namespace crosscheck::server_internal {

namespace {

class HttplibSocket final : public HttpSocket {
 public:
  explicit HttplibSocket(Handler handler) : handler_(std::move(handler)) {}

  int Bind(const SocketOptions& options, std::string& error) override {
    const size_t threads = std::max<size_t>(options.threads, 1);
    http_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http_.set_payload_max_length(64 << 10);  // the desk reads; no request needs a body
    http_.set_read_timeout(10);
    http_.set_keep_alive_max_count(1000);
    // Small pages go out at once: without it Nagle and delayed ACKs held
    // them about 40 ms on keep-alive connections.
    http_.set_tcp_nodelay(true);
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      HttpRequest r;
      r.method = req.method;
      r.path = req.path;
      r.params.insert(req.params.begin(), req.params.end());
      r.headers.assign(req.headers.begin(), req.headers.end());
      HttpResponse out = handler_(r);
      res.status = out.status;
      for (const auto& [k, v] : out.headers) res.set_header(k, v);
      res.set_content(std::move(out.body), out.content_type);
    };
    // Every method reaches the handler (httplib sends HEAD to the GET one).
    http_.Get(".*", handler);
    http_.Post(".*", handler);
    http_.Put(".*", handler);
    http_.Delete(".*", handler);
    http_.Patch(".*", handler);
    http_.Options(".*", handler);
    int port = options.port;
    if (port == 0) {
      port = http_.bind_to_any_port(options.bind);
      if (port < 0) error = "cannot listen on " + options.bind;
    } else if (!http_.bind_to_port(options.bind, port)) {
      error = "cannot listen on " + options.bind + ":" + std::to_string(port) +
              " (in use, or not an address of this machine)";
      port = -1;
    }
    return port;
  }

  bool Run() override { return http_.listen_after_bind(); }
  void Stop() override { http_.stop(); }

 private:
  Handler handler_;
  httplib::Server http_;
};

}  // namespace

}  // namespace crosscheck::server_internal

extern "C" __attribute__((visibility("default"))) crosscheck::server_internal::HttpSocket* crosscheck_new_http_socket(
    crosscheck::server_internal::Handler handler) {
  return new crosscheck::server_internal::HttplibSocket(std::move(handler));
}

static_assert(std::is_same_v<decltype(&crosscheck_new_http_socket), crosscheck::server_internal::NewSocketFn>);
