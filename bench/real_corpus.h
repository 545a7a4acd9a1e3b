// A growth corpus of distinct real news reports, read from the development
// data in ../shared/data/ (outside the repository; see its README). Used to
// measure how the cost per report changes as the corpus grows
// (docs/PERFORMANCE-HISTORY.md, "Growth on distinct real reports").
//
// The real articles: ECB+ documents.jsonl (982), the ISAF press releases
// test.jsonl (724), the Reuters-21578 sample's acq/ and crude/ articles
// (<TITLE> and <BODY>) and gva-dev documents.jsonl (1,759; "content"), about
// 3,500 in all, shuffled with a fixed seed. They come first, unchanged.
//
// Beyond them, candidate k (k >= N real articles, j = k % N) is a
// recombination of real material, in two steps (MakeRealCorpus):
//  1. Lines: lines (the non-empty lines of a real text) are drawn one after
//     another while the text is shorter than real article j (so lengths
//     follow the real ones: mean 1,560 bytes against 1,461 for the real
//     articles), each from a real article and a line of it drawn with
//     splitmix64 seeded by k (0x16b000 + k); they are joined with a blank
//     line. Two recombined reports share a given real line about once in the
//     37,847 real lines, so they almost never share two (in order).
//  2. Words: a word is a maximal run of ASCII letters and digits and
//     non-ASCII bytes (U+2000-U+203F and the no-break space separate).
//     Every name (a capitalized word that does not open a sentence) is
//     replaced, the same way throughout the report, by a name drawn from the
//     real articles' names; of the other words, the word after three
//     unchanged ones is replaced by a word of its class (capitalized
//     sentence opener, lowercase, number, other). Draws are uniform over the
//     class's distinct words in the real articles, seeded by k (and by the
//     name, or the word's position), and never give the word replaced. So
//     no run of four original words is left (the linker's passage seeds are
//     word 4-grams, link.h), and two recombined reports that drew the same
//     real line share no 4-gram of it: they are distinct texts, not copies.
//     The sentences keep their real order of words between the
//     replacements, their punctuation and their numbers' places.
//  Texts without a letter or digit (lines such as "---") are dropped.
// The corpus takes the candidates in order, real articles first, skipping
// empty texts and texts already taken (a few real articles are repeats):
// every report is distinct, and on 16,000 reports the linker finds 34 links
// that touch a recombined report, against 12,302 among the real articles.
//
// MakeRealCorpusLines is the growth corpus before issue 16's fourth round
// (docs/PERFORMANCE-HISTORY.md, "The fourth round"): no word step, and line q of candidate k
// (r = k / N) is line (q mod L) of real article (j + (q + 1) * r * 101) mod N,
// L that article's line count. Each real line recurs verbatim in about one
// report per N, so the larger the corpus the more passages (links) a report
// shares with others (2.2 links a report at 1,000, 14.8 at 16,000).
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
// first, then recombined ones (drawn lines, then words). Ids are
// "g<index>". Empty when the data is absent. The same `n` always gives the same bytes, and a
// smaller corpus is a prefix of a larger one.
std::vector<Document> MakeRealCorpus(size_t n);

// The old growth corpus (lines recombined verbatim, by arithmetic), on which
// the figures of issues 13 and 14 and the first three growth rounds were
// measured. Same ids and prefix property.
std::vector<Document> MakeRealCorpusLines(size_t n);

// The real-news corpus of BM_Analyze and the stage benchmarks: the first
// min(n, about 3,500) distinct real articles of RealArticles() (no
// recombined ones), ids "g<index>". Without ../shared/data, the committed
// sample bench/data/zyte-articles.jsonl instead (40 openly licensed
// articles, MIT; see its README), ids as in the file. `source`, when given,
// names which one was read ("real news: ECB+, ISAF, Reuters, gva-dev" or
// "zyte sample: ../shared/data absent").
std::vector<Document> NewsCorpus(size_t n, std::string* source = nullptr);

}  // namespace crosscheck::bench
