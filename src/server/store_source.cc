#include "server/store_source.h"

#include <set>

namespace crosscheck {

Result<std::unique_ptr<StoreSource>> StoreSource::Open(const std::string& path, StoreSourceOptions options) {
  Result<std::unique_ptr<Store>> loader = Store::Open(path, Store::Mode::kReadOnly);
  if (!loader.ok()) return loader.status();
  Result<std::unique_ptr<Store>> searcher = Store::Open(path, Store::Mode::kReadOnly);
  if (!searcher.ok()) return searcher.status();
  std::unique_ptr<StoreSource> source(
      new StoreSource(std::move(loader.value()), std::move(searcher.value()), options));
  Status loaded = source->Refresh();
  if (!loaded.ok()) return loaded;
  source->poller_ = std::thread([s = source.get()] { s->Poll(); });
  return source;
}

StoreSource::StoreSource(std::unique_ptr<Store> loader, std::unique_ptr<Store> searcher, StoreSourceOptions options)
    : options_(options), loader_(std::move(loader)), searcher_(std::move(searcher)) {}

StoreSource::~StoreSource() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (poller_.joinable()) poller_.join();
}

std::shared_ptr<const Snapshot> StoreSource::Current() {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

Status StoreSource::LastError() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_error_;
}

Status StoreSource::Refresh() {
  std::lock_guard<std::mutex> refreshing(refresh_mu_);
  Result<int64_t> version = loader_->DataVersion();
  Status out;
  if (!version.ok()) {
    out = version.status();
  } else if (std::shared_ptr<const Snapshot> now = Current(); !now || now->version != version.value()) {
    // Loaded and indexed outside mu_: readers keep the old snapshot meanwhile.
    Result<Analysis> analysis = loader_->Load();
    if (analysis.ok()) {
      std::shared_ptr<const Snapshot> next =
          BuildSnapshot(std::make_shared<const Analysis>(std::move(analysis.value())), version.value());
      std::lock_guard<std::mutex> lock(mu_);
      current_ = std::move(next);
    } else {
      out = analysis.status();
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  last_error_ = out;
  return out;
}

void StoreSource::Poll() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    wake_.wait_for(lock, options_.poll, [this] { return stop_; });
    if (stop_) break;
    lock.unlock();
    (void)Refresh();  // an error is kept for LastError(); the old snapshot stays
    lock.lock();
  }
}

Result<std::vector<FoundDocument>> StoreSource::Search(std::string_view query, size_t limit) {
  Result<std::vector<SearchHit>> hits = [&] {
    std::lock_guard<std::mutex> lock(search_mu_);
    // A report can match by its text, its title and its claims: ask for more
    // hits than documents wanted, keep each report's best.
    return searcher_->Search(query, limit * 3);
  }();
  if (!hits.ok()) return hits.status();
  std::vector<FoundDocument> out;
  std::set<std::string> seen;
  for (const SearchHit& hit : hits.value()) {
    if (out.size() == limit) break;
    if (seen.insert(hit.doc).second) out.push_back({hit.doc, hit.snippet});
  }
  return out;
}

}  // namespace crosscheck
