// StoreSource: snapshots of a crosscheck store (store/store.h) opened
// read-only, for `crosscheck serve --db FILE`.
//
// Reads are fast and never wait for a writer: the loaded Analysis is cached
// as a Snapshot; a poller thread asks the store's DataVersion() every
// `poll` and, when another process (`crosscheck add`) has committed, loads
// the new Analysis and builds its snapshot aside, then swaps the pointer.
// Requests under way keep the snapshot they started with. Search runs on a
// second read-only connection of its own (a Store is one SQLite connection,
// used by one thread at a time), so a search never waits for a reload.
// SQLite's WAL journal lets both read while `add` writes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/snapshot.h"
#include "store/store.h"

namespace crosscheck {

struct StoreSourceOptions {
  // How often the store is asked whether another process committed. Default
  // 500 ms: an added report shows within about that plus the time to load.
  std::chrono::milliseconds poll{500};
};

class StoreSource : public SnapshotSource {
 public:
  // Opens `path` read-only twice (loading, searching) and loads it once; an
  // error names the file (missing, not a store, newer schema).
  static Result<std::unique_ptr<StoreSource>> Open(const std::string& path, StoreSourceOptions options = {});
  ~StoreSource() override;  // stops the poller

  std::shared_ptr<const Snapshot> Current() override;
  Result<std::vector<FoundDocument>> Search(std::string_view query, size_t limit) override;

  // Reloads now when the store changed since the current snapshot (the
  // poller calls this; tests call it to avoid waiting). Thread-safe.
  Status Refresh();
  // The last reload's error, or OK; a failed reload keeps the old snapshot.
  Status LastError() const;

 private:
  StoreSource(std::unique_ptr<Store> loader, std::unique_ptr<Store> searcher, StoreSourceOptions options);
  void Poll();

  StoreSourceOptions options_;
  std::unique_ptr<Store> loader_;    // under refresh_mu_
  std::unique_ptr<Store> searcher_;  // under search_mu_
  std::mutex refresh_mu_, search_mu_;
  mutable std::mutex mu_;            // guards current_, last_error_, stop_
  std::shared_ptr<const Snapshot> current_;
  Status last_error_;
  bool stop_ = false;
  std::condition_variable wake_;
  std::thread poller_;
};

}  // namespace crosscheck
