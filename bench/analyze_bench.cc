// Throughput of the whole pipeline (Analyze) and of its stages on real news:
// distinct real articles from ../shared/data (NewsCorpus in real_corpus.h;
// the committed 40-article sample without it). The mutated copies of the
// seed reports (corpus.h) stay only where their duplicates are the point:
// BM_AnalyzeSeedCopies (the linker's copy shortcuts). Everything here runs on one thread, as Analyze does
// by default, so every figure is per core.
#include <sys/resource.h>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <vector>

#include "base/lexicon.h"
#include "corpus.h"
#include "real_corpus.h"
#include "entity/entity.h"
#include "extract/attribution.h"
#include "extract/claims.h"
#include "extract/counts.h"
#include "extract/quotes.h"
#include "ingest/reader.h"
#include "link/index.h"
#include "link/link.h"
#include "cluster/cluster.h"
#include "reconcile/reconcile.h"
#include "tag/tagger.h"
#include "report/analysis.h"
#include "text/quantity.h"
#include "text/segment.h"

namespace crosscheck::bench {
namespace {

// Stage benchmarks share one mid-sized corpus.
constexpr size_t kStageDocs = 1000;

std::vector<Document> News(size_t n) { return NewsCorpus(n); }

// Keeps only the corpus last asked for: the benchmark function is entered
// several times per size, and holding every size at once would inflate
// peak_rss_mb for the large runs with corpora that are not being analyzed.
// `make` is News (the default), MakeCorpus or MakeRealCorpus.
// CorpusLabel() names the corpus last built (shown as the run's label).
std::string& CorpusLabel() {
  static std::string label;
  return label;
}
const std::vector<Document>& Corpus(size_t n, std::vector<Document> (*make)(size_t) = News) {
  static size_t cached_n = 0;
  static std::vector<Document> (*cached_make)(size_t) = nullptr;
  static std::vector<Document> cached;
  if (cached_n != n || cached_make != make) {
    cached = {};
    cached = make(n);
    cached_n = n;
    CorpusLabel() = "seed copies";
    if (make == MakeRealCorpus) CorpusLabel() = "growth corpus";
    if (make == News) NewsCorpus(0, &CorpusLabel());
    cached_make = make;
  }
  return cached;
}

double PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// Also labels the run with the corpus last built (real news or the sample).
void SetThroughput(benchmark::State& state, const std::vector<Document>& docs) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * TotalBytes(docs)));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * docs.size()));
  state.SetLabel(CorpusLabel() + ", " + std::to_string(docs.size()) + " docs");
}

// The whole pipeline as `crosscheck analyze` runs it by default (--group
// auto: stories from the clusterer; links between all documents), on the
// threads `options` gives: AnalyzeOptions' default is one, so the figures are
// per core. Google Benchmark's CPU time is the calling thread's, so with more
// threads only wall time (UseRealTime) counts all the work.
void RunAnalyze(benchmark::State& state, const AnalyzeOptions& options,
                const std::vector<Document>& docs) {
  for (auto _ : state) {
    // Analyze takes its documents by value; the copy is setup, not work.
    state.PauseTiming();
    std::vector<Document> copy = docs;
    state.ResumeTiming();
    Analysis a = Analyze(std::move(copy), options);
    benchmark::DoNotOptimize(a.stories.data());
    // Freeing tens of MB is the allocator's cost, not the pipeline's.
    state.PauseTiming();
    a = {};
    state.ResumeTiming();
  }
  SetThroughput(state, docs);
  state.counters["peak_rss_mb"] = PeakRssMb();
}
void RunAnalyze(benchmark::State& state, const AnalyzeOptions& options) {
  RunAnalyze(state, options, Corpus(static_cast<size_t>(state.range(0))));
}
// The default analysis on 100 and 1,700 distinct real articles (all 40 of the
// sample without ../shared/data).
void BM_Analyze(benchmark::State& state) { RunAnalyze(state, {}); }
BENCHMARK(BM_Analyze)->Arg(100)->Arg(1700)->Unit(benchmark::kMillisecond);

// The same on mutated copies of the five seed reports (corpus.h), where each
// report has up to 32 near-duplicates: the linker's copy shortcuts.
void BM_AnalyzeSeedCopies(benchmark::State& state) {
  RunAnalyze(state, {}, Corpus(static_cast<size_t>(state.range(0)), MakeCorpus));
}
BENCHMARK(BM_AnalyzeSeedCopies)->Arg(1000)->Unit(benchmark::kMillisecond);

// Analyze on state.range(0) distinct real reports (real_corpus.h); skipped
// without ../shared/data.
void RunAnalyzeReal(benchmark::State& state, const AnalyzeOptions& options) {
  std::string why;
  if (RealArticles(&why).empty()) {
    state.SkipWithError(("skipped: " + why).c_str());
    return;
  }
  RunAnalyze(state, options, Corpus(static_cast<size_t>(state.range(0)), MakeRealCorpus));
}

// Growth: the default pipeline on distinct real reports with their real
// variety of names (real_corpus.h), so the cost per report (items/s) at
// 16,000 against 1,000 shows whether adding a report costs what it holds or
// what the corpus holds. Skipped without ../shared/data.
void BM_AnalyzeGrowth(benchmark::State& state) { RunAnalyzeReal(state, {}); }
BENCHMARK(BM_AnalyzeGrowth)->Arg(1000)->Arg(4000)->Arg(16000)->Unit(benchmark::kMillisecond);

// Casualty counts read by the counts model (analyze --counts model) on the
// same real reports at 1,000: its cost beside BM_AnalyzeGrowth/1000.
void BM_AnalyzeCountsModel(benchmark::State& state) {
  Result<const CountModel*> model = CountModel::Default();
  if (!model.ok()) {
    state.SkipWithError(model.status().message().c_str());
    return;
  }
  AnalyzeOptions options;
  options.counts_model = model.value();
  RunAnalyzeReal(state, options);
}
BENCHMARK(BM_AnalyzeCountsModel)->Arg(1000)->Unit(benchmark::kMillisecond);

// The same without link alignments (LinkOptions::max_candidates = 0): what
// is left when the link stage, whose alignments per report rise with the
// number of related reports up to its 32 candidates, is taken out.
void BM_AnalyzeGrowthNoLinks(benchmark::State& state) {
  AnalyzeOptions options;
  options.link.max_candidates = 0;
  RunAnalyzeReal(state, options);
}
BENCHMARK(BM_AnalyzeGrowthNoLinks)->Arg(1000)->Arg(4000)->Arg(16000)->Unit(benchmark::kMillisecond);

// --group all: no clustering (links are still computed, for the lineages).
void BM_AnalyzeGroupAll(benchmark::State& state) {
  AnalyzeOptions options;
  options.reconcile.group = "all";
  RunAnalyze(state, options);
}
BENCHMARK(BM_AnalyzeGroupAll)->Arg(1700)->Unit(benchmark::kMillisecond);

// The default of `crosscheck analyze`: a thread per core, in wall time.
void BM_AnalyzeThreads(benchmark::State& state) {
  AnalyzeOptions options;
  options.threads = 0;  // one per core, as `crosscheck analyze` without -j
  RunAnalyze(state, options);
}
BENCHMARK(BM_AnalyzeThreads)->Arg(1700)->Unit(benchmark::kMillisecond)->UseRealTime();

// `analyze --group none` (bench/compare's command) on the JSON Lines file
// named by the environment variable CROSSCHECK_BENCH_JSONL, measured as
// bench/compare measures the Node peers: inside one process, the input read
// before the clock starts, no report written, warm passes (Google
// Benchmark's iterations after its first). Skipped without the variable.
void BM_AnalyzeFile(benchmark::State& state) {
  static const std::vector<Document> docs = [] {
    const char* path = std::getenv("CROSSCHECK_BENCH_JSONL");
    return path ? ReadInputs({path}, {}).documents : std::vector<Document>{};
  }();
  if (docs.empty()) {
    state.SkipWithError("skipped: CROSSCHECK_BENCH_JSONL names no readable JSON Lines file");
    return;
  }
  AnalyzeOptions options;
  options.reconcile.group = "none";
  CorpusLabel() = std::getenv("CROSSCHECK_BENCH_JSONL");
  RunAnalyze(state, options, docs);
}
BENCHMARK(BM_AnalyzeFile)->Unit(benchmark::kMillisecond);

// Clean with the boilerplate learned per outlet over the corpus, as Analyze.
void BM_Clean(benchmark::State& state) {
  const std::vector<Document>& docs = Corpus(kStageDocs);
  const OutletBoilerplate learned = OutletBoilerplate::Learn(docs);
  CleanOptions options;
  options.learned = &learned;
  for (auto _ : state) {
    for (const Document& d : docs) benchmark::DoNotOptimize(Clean(d, options));
  }
  SetThroughput(state, docs);
}
BENCHMARK(BM_Clean)->Unit(benchmark::kMillisecond);

std::vector<CleanDocument> CleanAll(const std::vector<Document>& docs) {
  std::vector<CleanDocument> out;
  for (const Document& d : docs) out.push_back(Clean(d));
  return out;
}

std::vector<SegmentedText> SegmentAll(const std::vector<Document>& docs) {
  std::vector<SegmentedText> out;
  for (const Document& d : docs) out.push_back(Segment(d.text, Clean(d)));
  return out;
}

// Bytes/s here count whole documents, not just the kept paragraphs, so the
// stage figures can be compared with each other and with BM_Analyze.
void BM_Segment(benchmark::State& state) {
  const std::vector<Document>& docs = Corpus(kStageDocs);
  const std::vector<CleanDocument> cleaned = CleanAll(docs);
  for (auto _ : state) {
    for (size_t i = 0; i < docs.size(); ++i) benchmark::DoNotOptimize(Segment(docs[i].text, cleaned[i]));
  }
  SetThroughput(state, docs);
  // Tokens per document explain Analyze's memory: every document's tokens
  // are alive at once between its two passes.
  size_t tokens = 0;
  for (size_t i = 0; i < docs.size(); ++i) tokens += Segment(docs[i].text, cleaned[i]).tokens.size();
  state.counters["tokens_per_doc"] = static_cast<double>(tokens) / static_cast<double>(docs.size());
}
BENCHMARK(BM_Segment)->Unit(benchmark::kMillisecond);

void BM_Quantities(benchmark::State& state) {
  const std::vector<Document>& docs = Corpus(kStageDocs);
  const std::vector<SegmentedText> seg = SegmentAll(docs);
  for (auto _ : state) {
    for (size_t i = 0; i < docs.size(); ++i) {
      for (const Sentence& s : seg[i].sentences) {
        benchmark::DoNotOptimize(FindQuantities(docs[i].text, seg[i].tokens, s.first_token, s.end_token));
      }
    }
  }
  SetThroughput(state, docs);
}
BENCHMARK(BM_Quantities)->Unit(benchmark::kMillisecond);

// Lexicon::Find on every token of 100 documents against a large lexicon
// (stopwords: about half the tokens hit) and a small one (sides: nearly all
// miss), the two cases the extractors are made of.
void BM_LexiconFind(benchmark::State& state) {
  const std::vector<SegmentedText> seg = SegmentAll(News(100));
  const Lexicon& stopwords = Lexicon::Get("stopwords.tsv");
  const Lexicon& sides = Lexicon::Get("sides.tsv");
  size_t lookups = 0;
  for (auto _ : state) {
    for (const SegmentedText& s : seg) {
      for (const Token& t : s.tokens) {
        benchmark::DoNotOptimize(stopwords.Find(t.lower));
        benchmark::DoNotOptimize(sides.Find(t.lower));
      }
      lookups += 2 * s.tokens.size();
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(lookups));
}
BENCHMARK(BM_LexiconFind)->Unit(benchmark::kMicrosecond);


// The entity stage on the same corpus, split so that its own cost shows
// beside the tagger's: BM_EntityTag tags every sentence as the stage does
// (the floor no entity rule can go below), BM_EntityAdd is EntityFinder::Add
// (tagging + repairs + rules), BM_EntityResolve is Resolve() over all of them.
std::vector<People> PeopleOf(const std::vector<Document>& docs, const std::vector<SegmentedText>& seg) {
  People all;
  std::vector<People> out;
  for (size_t i = 0; i < docs.size(); ++i) {
    out.push_back(People::Find(docs[i].text, seg[i]));
    all.Merge(out.back());
  }
  for (People& p : out) p.FillFrom(all);
  return out;
}

void BM_EntityTag(benchmark::State& state) {
  const std::vector<Document>& docs = Corpus(kStageDocs);
  const std::vector<SegmentedText> seg = SegmentAll(docs);
  const Tagger& tagger = *Tagger::Default().value();
  std::vector<std::string_view> words;
  for (auto _ : state) {
    for (size_t i = 0; i < docs.size(); ++i) {
      for (const Sentence& s : seg[i].sentences) {
        words.clear();
        for (size_t t = s.first_token; t < s.end_token; ++t) words.push_back(seg[i].tokens[t].span.Of(docs[i].text));
        benchmark::DoNotOptimize(tagger.Tag(words, Tagger::Layers::kEntities));
      }
    }
  }
  SetThroughput(state, docs);
}
BENCHMARK(BM_EntityTag)->Unit(benchmark::kMillisecond);

void BM_EntityAdd(benchmark::State& state) {
  const std::vector<Document>& docs = Corpus(kStageDocs);
  const std::vector<SegmentedText> seg = SegmentAll(docs);
  const std::vector<People> people = PeopleOf(docs, seg);
  const Tagger& tagger = *Tagger::Default().value();
  for (auto _ : state) {
    EntityFinder finder(tagger);
    for (size_t i = 0; i < docs.size(); ++i) finder.Add(docs[i], seg[i], people[i]);
    benchmark::DoNotOptimize(finder);
  }
  SetThroughput(state, docs);
}
BENCHMARK(BM_EntityAdd)->Unit(benchmark::kMillisecond);

void BM_EntityResolve(benchmark::State& state) {
  const std::vector<Document>& docs = Corpus(static_cast<size_t>(state.range(0)));
  const std::vector<SegmentedText> seg = SegmentAll(docs);
  const std::vector<People> people = PeopleOf(docs, seg);
  EntityFinder finder(*Tagger::Default().value());
  for (size_t i = 0; i < docs.size(); ++i) finder.Add(docs[i], seg[i], people[i]);
  size_t entities = 0;
  for (auto _ : state) {
    std::vector<Entity> e = finder.Resolve();
    entities = e.size();
    benchmark::DoNotOptimize(e.data());
  }
  SetThroughput(state, docs);
  state.counters["entities"] = static_cast<double>(entities);
}
BENCHMARK(BM_EntityResolve)->Arg(kStageDocs)->Unit(benchmark::kMillisecond);

// ExtractClaims (quantities, counts, attribution), each report seeing the
// corpus's people as in Analyze's pass 2 (FillFrom, then LookUpAlsoIn).
void BM_Extract(benchmark::State& state) {
  const std::vector<Document>& docs = Corpus(kStageDocs);
  const std::vector<SegmentedText> seg = SegmentAll(docs);
  People all;
  for (size_t i = 0; i < docs.size(); ++i) all.Merge(People::Find(docs[i].text, seg[i]));
  std::vector<People> people = PeopleOf(docs, seg);
  for (People& p : people) p.LookUpAlsoIn(&all);
  for (auto _ : state) {
    for (size_t i = 0; i < docs.size(); ++i) benchmark::DoNotOptimize(ExtractClaims(docs[i], seg[i], people[i]));
  }
  SetThroughput(state, docs);
}
BENCHMARK(BM_Extract)->Unit(benchmark::kMillisecond);

// People::Find alone (pass 1 of Analyze, after segmentation).
void BM_People(benchmark::State& state) {
  const std::vector<Document>& docs = Corpus(kStageDocs);
  const std::vector<SegmentedText> seg = SegmentAll(docs);
  for (auto _ : state) {
    for (size_t i = 0; i < docs.size(); ++i) benchmark::DoNotOptimize(People::Find(docs[i].text, seg[i]));
  }
  SetThroughput(state, docs);
}
BENCHMARK(BM_People)->Unit(benchmark::kMillisecond);

// FindQuotes with each report's people (filled from the corpus), as pass 2.
void BM_Quotes(benchmark::State& state) {
  const std::vector<Document>& docs = Corpus(kStageDocs);
  const std::vector<SegmentedText> seg = SegmentAll(docs);
  const std::vector<People> people = PeopleOf(docs, seg);
  for (auto _ : state) {
    for (size_t i = 0; i < docs.size(); ++i) benchmark::DoNotOptimize(FindQuotes(docs[i], seg[i], people[i]));
  }
  SetThroughput(state, docs);
}
BENCHMARK(BM_Quotes)->Unit(benchmark::kMillisecond);

// Story clustering (--group auto): Clusterer::Add on every report in order.
void BM_Cluster(benchmark::State& state) {
  const std::vector<Document>& docs = Corpus(kStageDocs);
  const std::vector<CleanDocument> cleaned = CleanAll(docs);
  const std::vector<SegmentedText> seg = SegmentAll(docs);
  for (auto _ : state) {
    Result<Clusterer> c = Clusterer::Create({});
    if (!c.ok()) {
      state.SkipWithError(c.status().message().c_str());
      return;
    }
    for (size_t i = 0; i < docs.size(); ++i) benchmark::DoNotOptimize(c.value().Add(docs[i], cleaned[i], seg[i]));
  }
  SetThroughput(state, docs);
}
BENCHMARK(BM_Cluster)->Unit(benchmark::kMillisecond);

// The link stage: each report sketched, its candidates found in the index of
// the earlier ones, and aligned with each (the engine also skips aligning
// exact copies and near-duplicates twice, which real news rarely has).
void BM_Link(benchmark::State& state) {
  const std::vector<Document>& docs = Corpus(kStageDocs);
  const std::vector<SegmentedText> seg = SegmentAll(docs);
  size_t links = 0;
  for (auto _ : state) {
    LinkIndex index;
    PairLinker pairs;
    links = 0;
    for (size_t i = 0; i < docs.size(); ++i) {
      for (const Candidate& c : index.Add(SketchDocument(docs[i].text, seg[i]))) {
        LinkText ta{docs[c.a].text, &seg[c.a], docs[c.a].published};
        LinkText tb{docs[i].text, &seg[i], docs[i].published};
        links += pairs.Align(c.a, ta, i, tb).has_value();
      }
    }
  }
  SetThroughput(state, docs);
  state.counters["links"] = static_cast<double>(links);
}
BENCHMARK(BM_Link)->Unit(benchmark::kMillisecond);

// Reconcile alone, over the claims Analyze found. It is the one stage that
// sees the whole corpus at once, so it is run at two sizes: that is where
// growth faster than linear would show. The Analysis is cached because it
// takes seconds to build at 10,000 documents and the function is re-entered.
const Analysis& AnalysisOf(size_t n) {
  static size_t cached_n = 0;
  static std::unique_ptr<Analysis> cached;
  if (cached_n != n) {
    cached.reset();
    cached = std::make_unique<Analysis>(Analyze(Corpus(n)));
    cached_n = n;
  }
  return *cached;
}

void BM_Reconcile(benchmark::State& state) {
  const Analysis& a = AnalysisOf(static_cast<size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(Reconcile(a.documents, a.claims, {}));
  SetThroughput(state, a.documents);
  state.counters["claims"] = static_cast<double>(a.claims.size());
}
BENCHMARK(BM_Reconcile)->Arg(kStageDocs)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace crosscheck::bench

BENCHMARK_MAIN();
