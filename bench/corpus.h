// A benchmark corpus scaled from the real articles in examples/border-clash/.
// Copies of five reports would let caches and branch predictors learn the
// input, so each copy is mutated deterministically (fixed seed): digits
// changed, paragraphs dropped or reordered, adjacent words swapped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ingest/reader.h"

namespace crosscheck::bench {

// splitmix64: tiny and identical on every platform, unlike the std::
// distributions, whose output is implementation-defined. Shared by the
// analyze and link corpora.
struct Rng {
  uint64_t s;
  uint64_t Next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return n ? Next() % n : 0; }
  bool Chance(int percent) { return Below(100) < static_cast<size_t>(percent); }
};

// The five example reports, read through the real ingest path.
const std::vector<Document>& BaseArticles();

// `n` documents with unique ids; the same `n` always gives the same bytes.
std::vector<Document> MakeCorpus(size_t n);

// Sum of text sizes: the byte count throughput is reported against.
size_t TotalBytes(const std::vector<Document>& docs);

// `s` cut at every `sep` (empty pieces kept: "a,,b" gives "a", "", "b").
std::vector<std::string> Split(const std::string& s, char sep);

}  // namespace crosscheck::bench
