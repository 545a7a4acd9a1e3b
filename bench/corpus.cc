#include "corpus.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace crosscheck::bench {

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep) out.emplace_back();
    else out.back() += c;
  }
  return out;
}

namespace {

std::string Join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

// Changes one digit in about a third of the numbers, so extracted figures
// differ between copies and reconcile sees real conflicts, not one value.
// A leading digit never becomes 0, which would make a malformed numeral.
void MutateDigits(std::string& t, Rng& rng) {
  for (size_t i = 0; i < t.size();) {
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) { ++i; continue; }
    size_t j = i;
    while (j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]))) ++j;
    if (rng.Chance(33)) {
      size_t at = i + rng.Below(j - i);
      t[at] = static_cast<char>((at == i ? '1' + rng.Below(9) : '0' + rng.Below(10)));
    }
    i = j;
  }
}

bool IsLowerWord(const std::string& w) {
  if (w.empty()) return false;
  for (char c : w) if (c < 'a' || c > 'z') return false;
  return true;
}

// Swaps two adjacent lowercase words ("said on" -> "on said"): the sentence
// shape changes a little while names and numbers stay intact.
void SwapWords(std::string& line, Rng& rng) {
  std::vector<std::string> words = Split(line, ' ');
  if (words.size() < 3) return;
  for (int tries = 0; tries < 8; ++tries) {
    size_t k = rng.Below(words.size() - 1);
    if (IsLowerWord(words[k]) && IsLowerWord(words[k + 1])) {
      std::swap(words[k], words[k + 1]);
      line = Join(words, ' ');
      return;
    }
  }
}

// Line 0 is the headline and stays first; body lines may be dropped or swapped.
std::string Mutate(const std::string& text, Rng& rng) {
  std::vector<std::string> lines = Split(text, '\n');
  size_t body = lines.size() > 1 ? lines.size() - 1 : 0;
  if (body > 3 && rng.Chance(30)) lines.erase(lines.begin() + 1 + rng.Below(body)), --body;
  if (body > 2 && rng.Chance(30)) std::swap(lines[1 + rng.Below(body)], lines[1 + rng.Below(body)]);
  for (int k = 0; k < 2 && body > 0; ++k) SwapWords(lines[1 + rng.Below(body)], rng);
  std::string out = Join(lines, '\n');
  MutateDigits(out, rng);
  return out;
}

}  // namespace

const std::vector<Document>& BaseArticles() {
  static const std::vector<Document> docs = [] {
    IngestResult r = ReadInputs({CROSSCHECK_SOURCE_DIR "/examples/border-clash"}, {});
    if (r.documents.empty()) {
      std::fprintf(stderr, "no example articles under %s\n", CROSSCHECK_SOURCE_DIR);
      std::exit(1);
    }
    return r.documents;
  }();
  return docs;
}

std::vector<Document> MakeCorpus(size_t n) {
  const std::vector<Document>& base = BaseArticles();
  std::vector<Document> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    // Seeded per document, so a smaller corpus is a prefix of a larger one
    // and growth between sizes reflects size alone.
    Rng rng{0x5eed0000ull + i};
    Document d = base[i % base.size()];
    d.id += '-';  // ids must be unique across the corpus
    d.id += std::to_string(i);
    d.text = Mutate(d.text, rng);
    out.push_back(std::move(d));
  }
  return out;
}

size_t TotalBytes(const std::vector<Document>& docs) {
  size_t n = 0;
  for (const Document& d : docs) n += d.text.size();
  return n;
}

}  // namespace crosscheck::bench
