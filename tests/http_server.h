// A cpp-httplib server on 127.0.0.1 (an ephemeral port) for tests of URL
// inputs: started in the constructor, stopped in the destructor. Loopback
// only; no test reaches any other host.
#pragma once

#include <httplib.h>

#include <string>
#include <thread>

namespace crosscheck::testing {

class LocalServer {
 public:
  LocalServer() = default;
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;
  ~LocalServer() { Stop(); }

  httplib::Server& server() { return server_; }

  // Binds and serves on a thread; the routes must be set before.
  void Start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  void Stop() {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }
  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace crosscheck::testing
