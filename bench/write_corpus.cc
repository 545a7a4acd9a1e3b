// Writes the benchmark corpus of N documents to a file, texts separated by a
// blank line, so external floors (wc -w, xxhsum) can be timed on the same
// bytes BM_Analyze reads.  Usage: crosscheck_bench_corpus N OUT
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "corpus.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s N OUT\n", argv[0]);
    return 2;
  }
  std::ofstream out(argv[2], std::ios::binary);
  for (const crosscheck::Document& d : crosscheck::bench::MakeCorpus(std::strtoul(argv[1], nullptr, 10))) {
    out << d.text << "\n\n";
  }
  return out ? 0 : 1;
}
