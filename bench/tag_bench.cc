// Tagger throughput (tokens/s per core) and model load time, on sentences
// from the benchmark corpus (bench/corpus.h: the example reports, mutated).
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "corpus.h"
#include "tag/model.h"
#include "tag/tagger.h"
#include "text/segment.h"

namespace {

using crosscheck::Tagger;

// Sentences as word views; the documents are kept alive beside them.
struct Sentences {
  std::vector<crosscheck::Document> docs;
  std::vector<std::vector<std::string_view>> words;
  size_t tokens = 0;
};

const Sentences& Corpus() {
  static const Sentences s = [] {
    Sentences out;
    out.docs = crosscheck::bench::MakeCorpus(200);
    for (const crosscheck::Document& d : out.docs) {
      crosscheck::SegmentedText seg = crosscheck::Segment(d.text, crosscheck::Clean(d));
      for (const crosscheck::Sentence& sent : seg.sentences) {
        std::vector<std::string_view>& w = out.words.emplace_back();
        for (size_t t = sent.first_token; t < sent.end_token; ++t) w.push_back(seg.tokens[t].span.Of(d.text));
        out.tokens += w.size();
      }
    }
    return out;
  }();
  return s;
}

// POS, chunk and NER tags for every token (the three models run in turn),
// or the NER tags alone (what the entity stage asks for).
void BM_Tag(benchmark::State& state, Tagger::Layers layers) {
  auto tagger = Tagger::Default();
  if (!tagger.ok()) { state.SkipWithError(tagger.status().message().c_str()); return; }
  const Sentences& c = Corpus();
  for (auto _ : state) {
    for (const auto& w : c.words) benchmark::DoNotOptimize(tagger.value()->Tag(w, layers));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.tokens));
  state.counters["tokens"] = static_cast<double>(c.tokens);
}
BENCHMARK_CAPTURE(BM_Tag, all, Tagger::Layers::kAll)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Tag, entities, Tagger::Layers::kEntities)->Unit(benchmark::kMillisecond);

// The same on CoNLL-2003 eng.testa (51,362 tokens of varied Reuters news, from
// ../shared when present): the bench corpus repeats five reports, so its few
// hundred word types stay in cache; here most lookups reach L3.
const std::vector<std::vector<std::string>>& ConllSentences() {
  static const std::vector<std::vector<std::string>> s = [] {
    std::vector<std::vector<std::string>> out(1);
    std::ifstream in(std::string(CROSSCHECK_SOURCE_DIR) + "/../shared/data/conll2003-en/eng.testa");
    for (std::string line; std::getline(in, line);) {
      std::string word = line.substr(0, line.find(' '));
      if (word.empty() || word == "-DOCSTART-") {
        if (!out.back().empty()) out.emplace_back();
      } else {
        out.back().push_back(word);
      }
    }
    if (out.back().empty()) out.pop_back();
    return out;
  }();
  return s;
}

void BM_TagConll(benchmark::State& state, Tagger::Layers layers) {
  auto tagger = Tagger::Default();
  if (!tagger.ok()) { state.SkipWithError(tagger.status().message().c_str()); return; }
  const auto& sentences = ConllSentences();
  if (sentences.empty()) { state.SkipWithError("no ../shared/data/conll2003-en/eng.testa"); return; }
  std::vector<std::vector<std::string_view>> words;
  size_t tokens = 0;
  for (const auto& s : sentences) {
    words.emplace_back(s.begin(), s.end());
    tokens += s.size();
  }
  for (auto _ : state) {
    for (const auto& w : words) benchmark::DoNotOptimize(tagger.value()->Tag(w, layers));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * tokens));
  state.counters["tokens"] = static_cast<double>(tokens);
}
BENCHMARK_CAPTURE(BM_TagConll, all, Tagger::Layers::kAll)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TagConll, entities, Tagger::Layers::kEntities)->Unit(benchmark::kMillisecond);

// Parsing the embedded model into its hash tables (what Default() does once).
void BM_LoadModel(benchmark::State& state) {
  std::string_view bytes = crosscheck::tag_internal::EmbeddedModel();
  for (auto _ : state) {
    auto t = Tagger::FromBytes(bytes, "embedded");
    if (!t.ok()) { state.SkipWithError(t.status().message().c_str()); return; }
    benchmark::DoNotOptimize(t);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_LoadModel)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
