// A benchmark corpus scaled from the real articles in examples/border-clash/.
// Copies of five reports would let caches and branch predictors learn the
// input, so each copy is mutated deterministically (fixed seed): digits
// changed, paragraphs dropped or reordered, adjacent words swapped.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ingest/reader.h"

namespace crosscheck::bench {

// The five example reports, read through the real ingest path.
const std::vector<Document>& BaseArticles();

// `n` documents with unique ids; the same `n` always gives the same bytes.
std::vector<Document> MakeCorpus(size_t n);

// Sum of text sizes: the byte count throughput is reported against.
size_t TotalBytes(const std::vector<Document>& docs);

}  // namespace crosscheck::bench
