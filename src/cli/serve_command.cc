#include "cli/serve_command.h"

#include <csignal>
#include <iostream>

#include "cli/common.h"
#include "server/store_source.h"

namespace crosscheck::cli {

namespace {

// Ctrl-C and SIGTERM stop the server cleanly (requests under way finish).
Server* g_server = nullptr;
void StopOnSignal(int) {
  if (g_server) g_server->Stop();
}

}  // namespace

ServeCommand::ServeCommand(CLI::App& app) {
  serve_ = app.add_subcommand(
      "serve", "Serve the desk: a web UI and JSON API over a store (stories, disputed figures, sources, copies); "
               "README, \"Serving the desk\"");
  serve_->add_option("--db", db_, "The store to serve (written by crosscheck add); opened read-only")->required();
  serve_->add_option("--bind", options_.bind,
                     "Address to listen on; anything but loopback (127.0.0.1, ::1, localhost) requires --token")
      ->capture_default_str();
  serve_->add_option("--port", options_.port, "Port to listen on; 0 picks a free one (printed on stderr)")
      ->check(CLI::Range(0, 65535))->capture_default_str();
  serve_->add_option("--token", options_.token,
                     "Secret every request must carry (Authorization: Bearer T, or open the desk once with ?token=T)");
  serve_->add_option("--threads", options_.threads,
                     "Request threads; a keep-alive connection holds one, so more connections than this wait")
      ->check(CLI::Range(size_t{1}, size_t{1024}))->capture_default_str();
  serve_->add_option("--poll-ms", poll_ms_, "How often to look for reports added by crosscheck add (milliseconds)")
      ->check(CLI::Range(10, 3600000))->capture_default_str();
}

std::optional<int> ServeCommand::Run() {
  if (!serve_->parsed()) return std::nullopt;
  Status checked = CheckServeOptions(options_);
  if (!checked.ok()) {
    std::cerr << "crosscheck: " << checked.message() << "\n";
    return kUsage;
  }
  // Before the store is read: a missing socket library fails at once.
  if (Status listen = Server::CanListen(); !listen.ok()) {
    std::cerr << "crosscheck: " << listen.message() << "\n";
    return kFailed;
  }
  StoreSourceOptions source_options;
  source_options.poll = std::chrono::milliseconds(poll_ms_);
  Result<std::unique_ptr<StoreSource>> source = StoreSource::Open(db_, source_options);
  if (!source.ok()) {
    std::cerr << "crosscheck: " << source.status().message() << "\n";
    return kFailed;
  }
  std::shared_ptr<const Snapshot> first = source.value()->Current();
  for (const std::string& w : first->analysis->warnings) std::cerr << "crosscheck: warning: " << w << "\n";
  Server server(*source.value(), options_);
  Result<int> port = server.Bind();
  if (!port.ok()) {
    std::cerr << "crosscheck: " << port.status().message() << "\n";
    return kFailed;
  }
  const std::string& bind = options_.bind;
  std::string host = bind.find(':') != std::string::npos ? "[" + bind + "]" : bind;
  std::cerr << "crosscheck: serving " << db_ << " (" << first->analysis->documents.size() << " reports, "
            << first->analysis->stories.size() << " stories) at http://" << host << ":" << port.value() << "/"
            << std::endl;
  g_server = &server;
  std::signal(SIGINT, StopOnSignal);
  std::signal(SIGTERM, StopOnSignal);
  Status run = server.Run();
  g_server = nullptr;
  if (!run.ok()) {
    std::cerr << "crosscheck: " << run.message() << "\n";
    return kFailed;
  }
  return kOk;
}

}  // namespace crosscheck::cli
