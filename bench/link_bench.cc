// Linking cost against corpus size: 10,000 to 1,000,000 documents streamed
// through the link stage as a feed would be (link/index.h), on a corpus built
// from real articles with syndicated copies, near-duplicates, rewrites and
// partial copies among unrelated documents (link_corpus.h).
//
// BM_LinkStream/N/T runs the whole stage on N documents with T threads, in
// batches of 4,096: the documents are generated, cleaned, segmented and
// sketched in parallel; added to the index one at a time (Add is serial);
// then every candidate pair is aligned in parallel (LinkPair), regenerating
// and re-segmenting the earlier document when it is not in the batch, as a
// real deployment would read it back from storage. Only sketches stay in
// memory. Besides time and memory it counts what was found against what the
// generator made, so a faster configuration cannot silently find less.
#include <sys/resource.h>
#include <time.h>

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include "clean/cleaner.h"
#include "link/index.h"
#include "link/link.h"
#include "link_corpus.h"
#include "text/segment.h"

namespace crosscheck::bench {
namespace {

const LinkCorpus& Corpus() {
  static const LinkCorpus corpus;
  return corpus;
}

double PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto s = [](timeval t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(ru.ru_utime) + s(ru.ru_stime);
}

double ThreadCpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// CPU seconds by phase, summed over threads.
enum Phase { kGenerate, kSegment, kSketch, kIndex, kRefetch, kAlign, kPhases };
const char* const kPhaseNames[] = {"generate", "clean_segment", "sketch", "index_add", "refetch", "link_pair"};

// Runs f(item, worker) for items [0, n) on `threads` threads.
template <typename F>
void ParallelFor(size_t n, unsigned threads, F f) {
  std::atomic<size_t> next{0};
  auto work = [&](unsigned worker) {
    for (size_t k; (k = next.fetch_add(1)) < n;) f(k, worker);
  };
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < threads; ++w) pool.emplace_back(work, w);
  work(0);
  for (std::thread& t : pool) t.join();
}

const char* const kKinds[] = {"duplicate", "near-duplicate", "rewrite", "shared-passage"};

int KindIndex(const std::string& kind) {
  for (int k = 0; k < 4; ++k) if (kind == kKinds[k]) return k;
  return 0;
}

struct Tally {
  size_t documents = 0, bytes = 0, candidates = 0, links = 0, passages = 0, drift = 0;
  size_t kinds[4] = {};
  size_t derived[kOrigins] = {};        // documents the generator derived, by origin
  size_t found[kOrigins] = {};          // ... linked to their source
  size_t found_as[kOrigins][4] = {};    // ... by the kind of that link
  size_t direction_right = 0, direction_wrong = 0, direction_unknown = 0;
  // Direction of found links where a publication time is missing (so it
  // came from containment), by origin: right, wrong, unknown.
  size_t untimed[kOrigins][3] = {};
  size_t siblings = 0;                  // links between two copies of one original
  double cpu[kPhases] = {};
  size_t unrelated = 0;                 // links the generator did not make

  void Add(const Tally& o) {
    documents += o.documents, bytes += o.bytes, candidates += o.candidates, links += o.links;
    passages += o.passages, drift += o.drift, siblings += o.siblings, unrelated += o.unrelated;
    for (int p = 0; p < kPhases; ++p) cpu[p] += o.cpu[p];
    direction_right += o.direction_right, direction_wrong += o.direction_wrong, direction_unknown += o.direction_unknown;
    for (int k = 0; k < 4; ++k) kinds[k] += o.kinds[k];
    for (int g = 0; g < kOrigins; ++g) {
      derived[g] += o.derived[g], found[g] += o.found[g];
      for (int k = 0; k < 4; ++k) found_as[g][k] += o.found_as[g][k];
      for (int k = 0; k < 3; ++k) untimed[g][k] += o.untimed[g][k];
    }
  }

  void Count(const Link& l, const CorpusDoc& a, const CorpusDoc& b) {
    ++links;
    int kind = KindIndex(l.kind);
    ++kinds[kind];
    passages += l.passages.size(), drift += l.drift.size();
    if (b.origin != Origin::kOriginal && b.source == l.a) {
      int g = static_cast<int>(b.origin);
      ++found[g], ++found_as[g][kind];
      int d = l.direction == "a->b" ? 0 : l.direction == "b->a" ? 1 : 2;
      (d == 0 ? direction_right : d == 1 ? direction_wrong : direction_unknown)++;
      if (a.doc.published.empty() || b.doc.published.empty()) ++untimed[g][d];
    } else if (a.source == b.source) {
      ++siblings;
    } else {
      ++unrelated;
    }
  }
};

struct Streamed {
  CorpusDoc c;
  SegmentedText seg;
  DocumentSketch sketch;
};

// Aligns one candidate pair; `a` is regenerated when it left the batch.
void Align(const Candidate& c, size_t start, const std::vector<Streamed>& batch, const LinkOptions& o, Tally& t) {
  const Streamed& b = batch[c.b - start];
  Streamed old;
  const Streamed* a = c.a >= start ? &batch[c.a - start] : nullptr;
  double t0 = ThreadCpu();
  if (!a) {
    old.c = Corpus().Make(c.a);
    old.seg = Segment(old.c.doc.text, Clean(old.c.doc));
    a = &old;
  }
  double t1 = ThreadCpu();
  std::optional<Link> l = LinkPair(c.a, {a->c.doc.text, &a->seg, a->c.doc.published}, c.b,
                                   {b.c.doc.text, &b.seg, b.c.doc.published}, o);
  t.cpu[kRefetch] += t1 - t0, t.cpu[kAlign] += ThreadCpu() - t1;
  if (l) t.Count(*l, a->c, b.c);
}

Tally LinkStream(size_t n, unsigned threads, const LinkOptions& o, size_t& index_bytes) {
  constexpr size_t kBatch = 4096;
  LinkIndex index(o);
  std::vector<Tally> per(threads);
  for (size_t start = 0; start < n; start += kBatch) {
    std::vector<Streamed> batch(std::min(n, start + kBatch) - start);
    ParallelFor(batch.size(), threads, [&](size_t k, unsigned w) {
      Streamed& s = batch[k];
      double t0 = ThreadCpu();
      s.c = Corpus().Make(start + k);
      double t1 = ThreadCpu();
      s.seg = Segment(s.c.doc.text, Clean(s.c.doc));
      double t2 = ThreadCpu();
      s.sketch = SketchDocument(s.c.doc.text, s.seg, o);
      per[w].cpu[kGenerate] += t1 - t0, per[w].cpu[kSegment] += t2 - t1, per[w].cpu[kSketch] += ThreadCpu() - t2;
      per[w].bytes += s.c.doc.text.size();
      if (s.c.origin != Origin::kOriginal) ++per[w].derived[static_cast<int>(s.c.origin)];
    });
    std::vector<Candidate> candidates;
    double t0 = ThreadCpu();
    for (Streamed& s : batch) {
      for (const Candidate& c : index.Add(s.sketch)) candidates.push_back(c);
      s.sketch = {};  // the index has what it needs
    }
    per[0].cpu[kIndex] += ThreadCpu() - t0;
    per[0].candidates += candidates.size();
    ParallelFor(candidates.size(), threads, [&](size_t k, unsigned w) { Align(candidates[k], start, batch, o, per[w]); });
  }
  index_bytes = index.MemoryBytes();
  Tally total;
  for (const Tally& t : per) total.Add(t);
  total.documents = n;
  return total;
}

double Ratio(size_t x, size_t y) { return y ? static_cast<double>(x) / static_cast<double>(y) : 0.0; }

void Report(benchmark::State& state, const Tally& t, double cpu, size_t index_bytes) {
  state.SetItemsProcessed(static_cast<int64_t>(t.documents));
  state.SetBytesProcessed(static_cast<int64_t>(t.bytes));
  state.counters["cpu_s"] = cpu;
  state.counters["peak_rss_mb"] = PeakRssMb();
  state.counters["index_mb"] = static_cast<double>(index_bytes) / 1e6;
  state.counters["index_b_per_doc"] = Ratio(index_bytes, t.documents);
  state.counters["cand_per_doc"] = Ratio(t.candidates, t.documents);
  state.counters["links"] = static_cast<double>(t.links);
  state.counters["unrelated_links"] = static_cast<double>(t.unrelated);
  state.counters["sibling_links"] = static_cast<double>(t.siblings);
  for (int g = 1; g < kOrigins; ++g) {
    state.counters[std::string("found_") + OriginName(static_cast<Origin>(g))] = Ratio(t.found[g], t.derived[g]);
  }
  // The expected kind for each origin, as a share of those found.
  state.counters["as_duplicate"] = Ratio(t.found_as[1][0], t.found[1]);
  state.counters["as_near_dup"] = Ratio(t.found_as[2][1] + t.found_as[2][0], t.found[2]);
  state.counters["as_rewrite"] = Ratio(t.found_as[3][2], t.found[3]);
  state.counters["as_shared_passage"] = Ratio(t.found_as[4][3], t.found[4]);
  state.counters["direction_right"] = Ratio(t.direction_right, t.direction_right + t.direction_wrong + t.direction_unknown);
  state.counters["direction_wrong"] = Ratio(t.direction_wrong, t.direction_right + t.direction_wrong + t.direction_unknown);
  state.counters["drift"] = static_cast<double>(t.drift);
  for (int p = 0; p < kPhases; ++p) state.counters[std::string("cpu_") + kPhaseNames[p]] = t.cpu[p];
  // The full picture, for docs/PERFORMANCE-HISTORY.md ("Link"): what each kind of copy was
  // found as, and the direction of those without a publication time.
  std::fprintf(stderr, "N=%zu origin: derived found | duplicate near-dup rewrite shared | untimed right wrong unknown\n",
               t.documents);
  for (int g = 1; g < kOrigins; ++g) {
    std::fprintf(stderr, "  %-14s %7zu %7zu | %7zu %7zu %7zu %7zu | %7zu %7zu %7zu\n", OriginName(static_cast<Origin>(g)),
                 t.derived[g], t.found[g], t.found_as[g][0], t.found_as[g][1], t.found_as[g][2], t.found_as[g][3],
                 t.untimed[g][0], t.untimed[g][1], t.untimed[g][2]);
  }
}

// Args: documents, threads, LinkOptions::seed_window.
void BM_LinkStream(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const unsigned threads = static_cast<unsigned>(state.range(1));
  Corpus();  // reading the articles is set-up
  LinkOptions o;
  o.seed_window = static_cast<size_t>(state.range(2));
  Tally t;
  size_t index_bytes = 0;
  double cpu = 0;
  for (auto _ : state) {
    double c0 = CpuSeconds();
    t = LinkStream(n, threads, o, index_bytes);
    cpu = CpuSeconds() - c0;
  }
  Report(state, t, cpu, index_bytes);
}
BENCHMARK(BM_LinkStream)
    ->Args({10000, 2, 4})
    ->Args({100000, 2, 4})
    ->Args({1000000, 2, 4})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

// The part of BM_LinkStream that is not the link stage: generating, cleaning
// and segmenting the same documents (no sketch, no index, no alignment).
void BM_CorpusOnly(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const unsigned threads = static_cast<unsigned>(state.range(1));
  Corpus();
  std::vector<size_t> bytes(threads);
  double cpu = 0;
  for (auto _ : state) {
    double c0 = CpuSeconds();
    ParallelFor(n, threads, [&](size_t k, unsigned w) {
      CorpusDoc c = Corpus().Make(k);
      benchmark::DoNotOptimize(Segment(c.doc.text, Clean(c.doc)));
      bytes[w] += c.doc.text.size();
    });
    cpu = CpuSeconds() - c0;
  }
  size_t total = 0;
  for (size_t b : bytes) total += b;
  state.SetItemsProcessed(static_cast<int64_t>(n));
  state.SetBytesProcessed(static_cast<int64_t>(total));
  state.counters["cpu_s"] = cpu;
}
BENCHMARK(BM_CorpusOnly)->Args({100000, 2})->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

// Sketching alone (one thread): the per-document cost the index adds.
void BM_Sketch(benchmark::State& state) {
  std::vector<CorpusDoc> docs;
  std::vector<SegmentedText> seg;
  for (size_t i = 0; i < 2000; ++i) {
    docs.push_back(Corpus().Make(i));
    seg.push_back(Segment(docs.back().doc.text, Clean(docs.back().doc)));
  }
  size_t bytes = 0;
  for (const CorpusDoc& d : docs) bytes += d.doc.text.size();
  for (auto _ : state) {
    for (size_t i = 0; i < docs.size(); ++i) benchmark::DoNotOptimize(SketchDocument(docs[i].doc.text, seg[i]));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * docs.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_Sketch)->Unit(benchmark::kMillisecond);

// The ten pairs of seed reports through LinkPair (one thread).
void BM_LinkSeedPairs(benchmark::State& state) {
  IngestResult in = ReadInputs({CROSSCHECK_SOURCE_DIR "/examples/border-clash"}, {});
  std::vector<SegmentedText> seg;
  for (const Document& d : in.documents) seg.push_back(Segment(d.text, Clean(d)));
  size_t links = 0;
  for (auto _ : state) {
    links = 0;
    for (size_t a = 0; a < seg.size(); ++a) {
      for (size_t b = a + 1; b < seg.size(); ++b) {
        links += LinkPair(a, {in.documents[a].text, &seg[a], ""}, b, {in.documents[b].text, &seg[b], ""}).has_value();
      }
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * 10));
  state.counters["links"] = static_cast<double>(links);
}
BENCHMARK(BM_LinkSeedPairs)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace crosscheck::bench

BENCHMARK_MAIN();
