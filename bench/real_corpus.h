// A growth corpus of distinct real news reports, read from the development
// data in ../shared/data/ (outside the repository; see its README). Used to
// measure how the cost per report changes as the corpus grows
// (docs/PERFORMANCE.md, "Growth").
//
// The real articles: ECB+ documents.jsonl (982), the ISAF press releases
// test.jsonl (724), the Reuters-21578 sample's acq/ and crude/ articles
// (<TITLE> and <BODY>) and gva-dev documents.jsonl (1,759; "content"), about
// 3,500 in all, shuffled with a fixed seed. Beyond them, candidate k
// (k >= N real articles, r = k / N, j = k % N) is recombined: its line q is
// line (q mod L) of real article (j + (q + 1) * r * 101) mod N, whose line
// count is L, for q = 0, 1, ... while the text is shorter than real article j
// (so lengths follow the real ones). Lines are the non-empty lines of a text,
// joined with a blank line. The corpus takes the candidates in order, real
// articles first, skipping empty texts and texts already taken (a few real
// articles are repeats, and one-line recombinations can coincide): every
// report is distinct. A recombined report is a sequence of real lines, each
// from a different article, so it shares a line or two with any other report:
// the names, roles and sentences stay real, and no pair is a near-duplicate
// the linker would align.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ingest/reader.h"

namespace crosscheck::bench {

// The shuffled real articles, read once; empty when ../shared/data is absent
// (`why` then says what is missing).
const std::vector<Document>& RealArticles(std::string* why = nullptr);

// The first `n` reports of the growth corpus: the distinct real articles
// first, then recombined ones. Ids are "g<index>". Empty when the data is
// absent. The same `n` always gives the same bytes, and a smaller corpus is a
// prefix of a larger one.
std::vector<Document> MakeRealCorpus(size_t n);

// The real-news corpus of BM_Analyze and the stage benchmarks: the first
// min(n, about 3,500) distinct real articles of RealArticles() (no
// recombined ones), ids "g<index>". Without ../shared/data, the committed
// sample bench/data/zyte-articles.jsonl instead (40 openly licensed
// articles, MIT; see its README), ids as in the file. `source`, when given,
// names which one was read ("real news: ECB+, ISAF, Reuters, gva-dev" or
// "zyte sample: ../shared/data absent").
std::vector<Document> NewsCorpus(size_t n, std::string* source = nullptr);

}  // namespace crosscheck::bench
