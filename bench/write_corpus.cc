// Writes the benchmark corpus of N documents to a file so external floors
// (wc -w, xxhsum) and the `crosscheck` command itself can be timed on the
// same bytes BM_Analyze reads. OUT ending in .jsonl: one JSON line per
// document ({"id","text"}), which `crosscheck analyze` reads; otherwise the
// texts separated by a blank line.
// With --growth, the growth corpus of real reports (real_corpus.h,
// MakeRealCorpus) instead; with --growth-lines, the old growth corpus of
// verbatim recombined lines (MakeRealCorpusLines).
// Usage: crosscheck_bench_write_corpus [--growth | --growth-lines] N OUT
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus.h"
#include "real_corpus.h"

int main(int argc, char** argv) {
  const std::string flag = argc == 4 ? argv[1] : "";
  const bool growth = flag == "--growth" || flag == "--growth-lines";
  if (growth) {
    --argc;
    ++argv;
  }
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s [--growth | --growth-lines] N OUT\n", argv[0]);
    return 2;
  }
  const size_t n = std::strtoul(argv[1], nullptr, 10);
  std::vector<crosscheck::Document> docs =
      flag == "--growth"         ? crosscheck::bench::MakeRealCorpus(n)
      : flag == "--growth-lines" ? crosscheck::bench::MakeRealCorpusLines(n)
                                 : crosscheck::bench::MakeCorpus(n);
  if (docs.size() != n) {
    std::fprintf(stderr, "no corpus: the growth corpus needs ../shared/data\n");
    return 1;
  }
  std::string path = argv[2];
  bool jsonl = path.size() >= 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0;
  std::ofstream out(path, std::ios::binary);
  for (const crosscheck::Document& d : docs) {
    if (jsonl) out << nlohmann::json{{"id", d.id}, {"text", d.text}}.dump() << "\n";
    else out << d.text << "\n\n";
  }
  return out ? 0 : 1;
}
