// What a desk's store costs beside `analyze` (issue 13), on distinct real
// reports: one `add` of N reports against BM_Analyze/N (analyze_bench.cc),
// the same reports in ten adds (each a Store opened afresh, as ten
// `crosscheck add` processes would), and one report added to a store that
// already holds S reports (the cost of following a story as the store
// grows). Stores live in a temporary directory, removed at exit. One
// thread, so every figure is per core. docs/PERFORMANCE-HISTORY.md has the figures
// of the CLI runs; these put the same comparisons in one program.
#include <sys/resource.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "corpus.h"
#include "real_corpus.h"
#include "report/analysis.h"
#include "store/store.h"

namespace crosscheck::bench {
namespace {

namespace fs = std::filesystem;

// A directory of this process's stores, removed when the program ends.
class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("crosscheck_store_bench_" + std::to_string(getpid()))) {
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

TempDir& Dir() {
  static TempDir dir;
  return dir;
}

// A store file and its WAL side files, gone.
void Remove(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix, ignored);
}

double PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // KiB on Linux
}

// Adds `docs` to the store at `path` (created when absent); aborts the
// benchmark with the store's message on failure.
bool AddTo(benchmark::State& state, const std::string& path, std::vector<Document> docs) {
  Result<std::unique_ptr<Store>> store = Store::Open(path, Store::Mode::kReadWrite);
  if (!store.ok()) {
    state.SkipWithError(store.status().message().c_str());
    return false;
  }
  Result<AddResult> added = store.value()->Add(std::move(docs), AnalyzeOptions{});
  if (!added.ok()) {
    state.SkipWithError(added.status().message().c_str());
    return false;
  }
  benchmark::DoNotOptimize(added.value().stored);
  return true;
}

void SetThroughput(benchmark::State& state, const std::vector<Document>& docs, const std::string& source) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * TotalBytes(docs)));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * docs.size()));
  state.SetLabel(source + ", " + std::to_string(docs.size()) + " docs");
  state.counters["peak_rss_mb"] = PeakRssMb();
}

// state.range(0) real articles (NewsCorpus) added to a new store in
// `parts` adds of equal share, the store opened afresh for each (as separate
// `crosscheck add` processes would: each resumes from the file, re-reads
// what the new reports change and finishes over the whole store).
void RunAdds(benchmark::State& state, size_t parts) {
  std::string source;
  const std::vector<Document> docs = NewsCorpus(static_cast<size_t>(state.range(0)), &source);
  const std::string path = Dir().File("adds.db");
  for (auto _ : state) {
    state.PauseTiming();
    Remove(path);
    state.ResumeTiming();
    for (size_t part = 0; part < parts; ++part) {
      state.PauseTiming();
      std::vector<Document> batch(docs.begin() + static_cast<long>(docs.size() * part / parts),
                                  docs.begin() + static_cast<long>(docs.size() * (part + 1) / parts));
      state.ResumeTiming();
      if (!AddTo(state, path, std::move(batch))) return;
    }
  }
  Remove(path);
  SetThroughput(state, docs, source);
}

// One add: BM_Analyze/1700's work plus the store's writes.
void BM_StoreAdd(benchmark::State& state) { RunAdds(state, 1); }
BENCHMARK(BM_StoreAdd)->Arg(1700)->Unit(benchmark::kMillisecond);

// The same articles in ten adds of a tenth each.
void BM_StoreAddInTen(benchmark::State& state) { RunAdds(state, 10); }
BENCHMARK(BM_StoreAddInTen)->Arg(1700)->Unit(benchmark::kMillisecond);

// One report (the growth corpus's next) added to a store of state.range(0)
// reports of the growth corpus, built once and copied before each add.
// Skipped without ../shared/data (the sample has 40 articles).
void BM_StoreAddOne(benchmark::State& state) {
  std::string why;
  if (RealArticles(&why).empty()) {
    state.SkipWithError(("skipped: " + why).c_str());
    return;
  }
  const size_t stored = static_cast<size_t>(state.range(0));
  std::vector<Document> corpus = MakeRealCorpus(stored + 1);
  const std::vector<Document> one(corpus.end() - 1, corpus.end());
  corpus.pop_back();
  const std::string base = Dir().File("base" + std::to_string(stored) + ".db");
  const std::string path = Dir().File("one.db");
  Remove(base);
  if (!AddTo(state, base, std::move(corpus))) return;
  for (auto _ : state) {
    state.PauseTiming();
    Remove(path);
    fs::copy_file(base, path);
    state.ResumeTiming();
    if (!AddTo(state, path, one)) return;
  }
  Remove(path);
  Remove(base);
  SetThroughput(state, one, "growth corpus, into " + std::to_string(stored));
}
BENCHMARK(BM_StoreAddOne)->Arg(1000)->Arg(4000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace crosscheck::bench

BENCHMARK_MAIN();
