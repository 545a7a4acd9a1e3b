#include "real_corpus.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

#include "corpus.h"

namespace crosscheck::bench {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(CROSSCHECK_SOURCE_DIR) / ".." / "shared" / "data";

// The string field `key` of every JSON line of `path` (lines without it skipped).
std::vector<std::string> JsonlField(const fs::path& path, const char* key) {
  std::vector<std::string> out;
  std::ifstream in(path, std::ios::binary);
  for (std::string line; std::getline(in, line);) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_object() && j.contains(key) && j[key].is_string()) out.push_back(j[key].get<std::string>());
  }
  return out;
}

std::string Unescape(std::string s) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#3;", ""}, {"&amp;", "&"}};
  for (const auto& [from, to] : kEntities) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + std::strlen(to))) {
      s.replace(at, std::strlen(from), to);
    }
  }
  return s;
}

std::string Between(const std::string& s, const std::string& open, const std::string& close) {
  size_t a = s.find(open);
  if (a == std::string::npos) return "";
  a += open.size();
  size_t b = s.find(close, a);
  return b == std::string::npos ? "" : s.substr(a, b - a);
}

// Reuters-21578 sample articles: title, a blank line, body.
std::vector<std::string> ReutersTexts(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const char* sub : {"acq", "crude"}) {
    if (!fs::is_directory(dir / sub)) continue;
    for (const auto& e : fs::directory_iterator(dir / sub)) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string xml = ss.str();
    std::string body = Unescape(Between(xml, "<BODY>", "</BODY>"));
    if (body.empty()) continue;
    out.push_back(Unescape(Between(xml, "<TITLE>", "</TITLE>")) + "\n\n" + body);
  }
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  for (std::string& l : Split(text, '\n')) {
    if (!l.empty()) out.push_back(std::move(l));
  }
  return out;
}

}  // namespace

const std::vector<Document>& RealArticles(std::string* why) {
  static const std::vector<Document> articles = [] {
    std::vector<std::string> texts;
    auto add = [&](std::vector<std::string> more) {
      for (std::string& t : more) texts.push_back(std::move(t));
    };
    const fs::path ecb = kData / "ecbplus" / "documents.jsonl";
    const fs::path isaf = kData / "isaf-press-releases-killcapture" / "test.jsonl";
    const fs::path reuters = kData / "reuters21578-tm-sample";
    const fs::path gva = kData / "gva-dev" / "documents.jsonl";
    if (!fs::exists(ecb) || !fs::exists(isaf) || !fs::exists(reuters) || !fs::exists(gva)) return std::vector<Document>{};
    add(JsonlField(ecb, "text"));
    add(JsonlField(isaf, "text"));
    add(ReutersTexts(reuters));
    add(JsonlField(gva, "content"));
    // Fisher-Yates with the shared splitmix64: the same order everywhere.
    Rng rng{16};
    for (size_t i = texts.size(); i > 1; --i) std::swap(texts[i - 1], texts[rng.Below(i)]);
    std::vector<Document> docs(texts.size());
    for (size_t i = 0; i < texts.size(); ++i) docs[i].text = std::move(texts[i]);
    return docs;
  }();
  if (why && articles.empty()) *why = "no ECB+, ISAF, Reuters or gva-dev articles under " + kData.string();
  return articles;
}

namespace {

// ---- Word-level recombination (MakeRealCorpus).

// A word is a maximal run of ASCII letters and digits and of non-ASCII UTF-8
// bytes, except U+2000-U+203F (spaces, dashes, quotes: E2 80 xx) and the
// no-break space (C2 A0), which separate words like ASCII punctuation.
size_t SeparatorLength(const std::string& s, size_t i) {
  const auto b = [&](size_t at) { return at < s.size() ? static_cast<unsigned char>(s[at]) : 0u; };
  if (b(i) == 0xE2 && b(i + 1) == 0x80 && i + 2 < s.size()) return 3;
  if (b(i) == 0xC2 && b(i + 1) == 0xA0) return 2;
  const unsigned char c = b(i);
  const bool word = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  return word ? 0 : 1;
}

// What a word is replaced with: a name (capitalized, not first in its
// sentence), a capitalized sentence opener, a lowercase word, a number, or
// anything else (a word opening with a non-ASCII letter).
enum WordClass { kName, kOpener, kLower, kDigit, kOther, kClasses };

WordClass ClassOf(std::string_view word, bool opens_sentence) {
  const char c = word[0];
  if (c >= 'A' && c <= 'Z') return opens_sentence ? kOpener : kName;
  if (c >= 'a' && c <= 'z') return kLower;
  if (c >= '0' && c <= '9') return kDigit;
  return kOther;
}

// Calls visit(word, opens_sentence) for every word of `text` and
// between(separator) for the text between words, in order. A word opens a
// sentence when it is the text's first or the separator before it holds
// '.', '!', '?' or ':' (a line break alone does not: a headline's last word
// and the next line's first are taken as one sentence).
template <typename Word, typename Between>
void ForEachWord(const std::string& text, Word visit, Between between) {
  bool opens = true;
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    while (i < text.size()) {
      const size_t sep = SeparatorLength(text, i);
      if (sep == 0) break;
      if (sep == 1 && std::strchr(".!?:", text[i]) != nullptr) opens = true;
      i += sep;
    }
    if (i > start) between(std::string_view(text).substr(start, i - start));
    const size_t word = i;
    while (i < text.size() && SeparatorLength(text, i) == 0) ++i;
    if (i > word) {
      visit(std::string_view(text).substr(word, i - word), opens);
      opens = false;
    }
  }
}

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

// The distinct words of the real articles, by class, sorted. Draws are
// uniform over distinct words, not occurrences: two reports that replace the
// same word of the same real line then agree about once in the size of the
// class (tens of thousands), where drawing by frequency ("the", "and") would
// let them agree often enough to leave shared runs the linker finds.
struct Vocabulary {
  std::vector<std::string_view> words[kClasses];
};

const Vocabulary& RealVocabulary() {
  static const Vocabulary vocabulary = [] {
    Vocabulary v;
    for (const Document& d : RealArticles()) {
      ForEachWord(
          d.text, [&](std::string_view w, bool opens) { v.words[ClassOf(w, opens)].push_back(w); },
          [](std::string_view) {});
    }
    for (std::vector<std::string_view>& words : v.words) {
      std::sort(words.begin(), words.end());
      words.erase(std::unique(words.begin(), words.end()), words.end());
    }
    return v;
  }();
  return vocabulary;
}

// A word of class `c` drawn by `h`, other than `not_this`.
std::string_view Draw(const Vocabulary& v, WordClass c, uint64_t h, std::string_view not_this) {
  const std::vector<std::string_view>& pool = v.words[c];
  if (pool.empty()) return not_this;
  for (uint64_t attempt = 0; attempt < 8; ++attempt) {
    std::string_view w = pool[Rng{h + attempt}.Next() % pool.size()];
    if (w != not_this) return w;
  }
  return not_this;  // a pool of one word, that word (not on the real data)
}

// `text` (real lines) with words replaced, for report seed `seed`: every name
// by the same name throughout the report (a name drawn from the corpus's
// names, seeded by the report and the name), and of the other words one in
// four, so that no run of more than three original words is left (the
// linker's passage seeds are 4-grams, link.h): the word after three unchanged
// words is replaced by a word of its class, drawn by the report and the
// word's position. The phase (how many unchanged words the report starts
// with) comes from the seed.
std::string Substitute(const std::string& text, uint64_t seed) {
  const Vocabulary& v = RealVocabulary();
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  uint64_t position = 0;
  size_t unchanged = Rng{seed}.Next() % 4;
  ForEachWord(
      text,
      [&](std::string_view w, bool opens) {
        const WordClass c = ClassOf(w, opens);
        ++position;
        if (c == kName) {
          out += Draw(v, c, seed ^ Fnv1a(w), w);
          unchanged = 0;
        } else if (unchanged == 3) {
          out += Draw(v, c, seed ^ (position * 0x9e3779b97f4a7c15ull), w);
          unchanged = 0;
        } else {
          out += w;
          ++unchanged;
        }
      },
      [&](std::string_view between) { out += between; });
  return out;
}

// The growth stream: candidate k is real article k (k < m), else
// compose(k, lines of every real article), a recombination (real_corpus.h).
// Distinct non-empty texts are kept, in order, up to n.
template <typename Compose>
std::vector<Document> GrowthCorpus(size_t n, Compose compose) {
  const std::vector<Document>& real = RealArticles();
  const size_t m = real.size();
  if (m == 0) return {};
  std::vector<std::vector<std::string>> lines(m);
  for (size_t i = 0; i < m; ++i) lines[i] = Lines(real[i].text);
  std::vector<Document> docs;
  docs.reserve(n);
  std::unordered_set<std::string> seen;
  for (size_t k = 0; docs.size() < n && k < 64 * (n + m); ++k) {
    std::string text = k < m ? real[k].text : compose(k, lines);
    if (text.empty() || !seen.insert(text).second) continue;  // distinct texts only
    Document d;
    d.id = "g" + std::to_string(docs.size());
    d.text = std::move(text);
    docs.push_back(std::move(d));
  }
  return docs;
}

// Candidate k >= m: real lines, one after another while the text is shorter
// than real article k mod m (so lengths follow the real ones), each
// pick(q) = {article, line index}, joined with a blank line.
template <typename Pick>
std::string JoinLines(size_t k, const std::vector<std::vector<std::string>>& lines, Pick pick) {
  const std::vector<Document>& real = RealArticles();
  const size_t j = k % real.size();
  std::string text;
  for (size_t q = 0; q < lines[j].size() && text.size() < real[j].text.size(); ++q) {
    const auto [article, line] = pick(q);
    const std::vector<std::string>& from = lines[article];
    if (from.empty()) continue;
    if (!text.empty()) text += "\n\n";
    text += from[line % from.size()];
  }
  return text;
}

}  // namespace

std::vector<Document> MakeRealCorpus(size_t n) {
  const size_t m = RealArticles().size();
  return GrowthCorpus(n, [m](size_t k, const std::vector<std::vector<std::string>>& lines) {
    Rng rng{0x16b000 + k};
    std::string text = JoinLines(k, lines, [&](size_t) {
      const size_t article = rng.Below(m);
      return std::pair<size_t, size_t>{article, rng.Below(std::max<size_t>(lines[article].size(), 1))};
    });
    // A text without a letter or digit (some real lines are "---" or one
    // space) is no report.
    if (std::none_of(text.begin(), text.end(), [](unsigned char c) { return std::isalnum(c) != 0; })) return std::string();
    return Substitute(text, Rng{0x16a000 + k}.Next());
  });
}

std::vector<Document> MakeRealCorpusLines(size_t n) {
  const size_t m = RealArticles().size();
  return GrowthCorpus(n, [m](size_t k, const std::vector<std::vector<std::string>>& lines) {
    const size_t r = k / m, j = k % m;
    return JoinLines(k, lines, [&](size_t q) { return std::pair<size_t, size_t>{(j + (q + 1) * r * 101) % m, q}; });
  });
}

std::vector<Document> NewsCorpus(size_t n, std::string* source) {
  const size_t real = RealArticles().size();
  if (real > 0) {
    if (source) *source = "real news: ECB+, ISAF, Reuters, gva-dev";
    return MakeRealCorpus(std::min(n, real));
  }
  if (source) *source = "zyte sample: ../shared/data absent";
  const fs::path sample = fs::path(CROSSCHECK_SOURCE_DIR) / "bench" / "data" / "zyte-articles.jsonl";
  std::vector<std::string> ids = JsonlField(sample, "id"), texts = JsonlField(sample, "text");
  std::vector<Document> docs;
  for (size_t i = 0; i < texts.size() && i < ids.size() && docs.size() < n; ++i) {
    Document d;
    d.id = std::move(ids[i]);
    d.text = std::move(texts[i]);
    docs.push_back(std::move(d));
  }
  return docs;
}

}  // namespace crosscheck::bench
