// Writes the benchmark corpus of N documents to a file so external floors
// (wc -w, xxhsum) and the `crosscheck` command itself can be timed on the
// same bytes BM_Analyze reads. OUT ending in .jsonl: one JSON line per
// document ({"id","text"}), which `crosscheck analyze` reads; otherwise the
// texts separated by a blank line.
// Usage: crosscheck_bench_write_corpus N OUT
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "corpus.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s N OUT\n", argv[0]);
    return 2;
  }
  std::string path = argv[2];
  bool jsonl = path.size() >= 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0;
  std::ofstream out(path, std::ios::binary);
  for (const crosscheck::Document& d : crosscheck::bench::MakeCorpus(std::strtoul(argv[1], nullptr, 10))) {
    if (jsonl) out << nlohmann::json{{"id", d.id}, {"text", d.text}}.dump() << "\n";
    else out << d.text << "\n\n";
  }
  return out ? 0 : 1;
}
