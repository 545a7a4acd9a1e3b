#include "link_corpus.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "base/lexicon.h"
#include "corpus.h"

namespace crosscheck::bench {
namespace {

constexpr uint64_t kSeed = 0x11c0c0de00000000ull;
constexpr size_t kSourceWindow = 5000;  // sources are this recent at most

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

bool HasAlpha(const std::string& w) {
  for (char c : w) if (std::isalpha(static_cast<unsigned char>(c))) return true;
  return false;
}

// Splits a token into leading punctuation, core and trailing punctuation.
struct Parts {
  std::string lead, core, trail;
};
// Bytes above 0x7f at the edges are taken for punctuation: curly quotes and
// dashes; the articles are English.
bool EdgePunct(char c) { return std::ispunct(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) > 0x7f; }
Parts Cut(const std::string& tok) {
  size_t b = 0, e = tok.size();
  while (b < e && EdgePunct(tok[b])) ++b;
  while (e > b && EdgePunct(tok[e - 1])) --e;
  return {tok.substr(0, b), tok.substr(b, e - b), tok.substr(e)};
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Sentences of a paragraph, cut after ". ", "? " and "! ".
std::vector<std::string> Sentences(const std::string& para) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i + 1 < para.size(); ++i) {
    if ((para[i] == '.' || para[i] == '?' || para[i] == '!') && para[i + 1] == ' ') {
      out.push_back(para.substr(start, i + 1 - start));
      start = i + 2;
    }
  }
  if (start < para.size()) out.push_back(para.substr(start));
  return out;
}

}  // namespace

const char* OriginName(Origin o) {
  switch (o) {
    case Origin::kOriginal: return "original";
    case Origin::kSyndicated: return "syndicated";
    case Origin::kNearDuplicate: return "near-duplicate";
    case Origin::kRewrite: return "rewrite";
    case Origin::kPartialCopy: return "partial-copy";
  }
  return "?";
}

// A word of a real sentence, cut once at load time so that drawing new
// sentences costs no string scanning.
struct PoolToken {
  std::string lead, core, trail;
  bool replace = false;  // content word or number: drawn afresh
  bool number = false, upper = false;
};

struct LinkCorpus::Impl {
  std::vector<std::string> sentences;  // every sentence of the real articles
  std::vector<std::vector<PoolToken>> cut;  // the same, cut into tokens
  std::vector<std::string> vocab;      // their content words, as often as they occur
  const Lexicon* function_words = nullptr;

  bool IsContent(const std::string& core) const {
    return HasAlpha(core) && !function_words->Contains(Lower(core));
  }
  std::string Word(Rng& rng) const { return vocab[rng.Below(vocab.size())]; }

  // Swaps `percent`% of the content words (and numbers) for others.
  std::string Swap(const std::string& sentence, int percent, Rng& rng) const {
    std::vector<std::string> toks = Split(sentence, ' ');
    for (std::string& t : toks) {
      Parts p = Cut(t);
      bool number = !p.core.empty() && std::isdigit(static_cast<unsigned char>(p.core[0]));
      if (!(number || IsContent(p.core)) || !rng.Chance(percent)) continue;
      std::string w = number ? std::to_string(1 + rng.Below(999)) : Word(rng);
      if (!number && std::isupper(static_cast<unsigned char>(p.core[0]))) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
      t = p.lead + w + p.trail;
    }
    return Join(toks, " ");
  }
  // A real sentence's frame (its function words) with every content word
  // and number drawn afresh, from the real articles' words and so with their
  // frequencies: two originals built on one sentence share "said on ... that
  // the ..." but no run of content, as unrelated reports do.
  std::string NewSentence(Rng& rng) const {
    std::string out;
    for (const PoolToken& t : cut[rng.Below(cut.size())]) {
      if (!out.empty()) out += ' ';
      out += t.lead;
      if (!t.replace) {
        out += t.core;
      } else if (t.number) {
        out += std::to_string(1 + rng.Below(999));
      } else {
        size_t at = out.size();
        out += Word(rng);
        if (t.upper) out[at] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[at])));
      }
      out += t.trail;
    }
    return out;
  }

  std::string Headline(Rng& rng) const {
    std::vector<std::string> w = Split(NewSentence(rng), ' ');
    w.resize(std::min<size_t>(w.size(), 6 + rng.Below(5)));
    for (std::string& x : w) {
      x = Cut(x).core;
      if (!x.empty()) x[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(x[0])));
    }
    return Join(w, " ");
  }
  std::string Footer(const std::string& headline, Rng& rng) const {
    std::string outlet = Word(rng);
    outlet[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(outlet[0])));
    return "The post " + headline + " appeared first on The " + outlet + " Times.";
  }

  // Lines: headline, body paragraphs, and (20%) a syndication footer.
  std::vector<std::string> OriginalLines(size_t i) const {
    Rng rng{kSeed ^ (i * 0x2545f4914f6cdd1dull)};
    std::vector<std::string> lines{Headline(rng)};
    size_t paragraphs = 5 + rng.Below(12);
    for (size_t p = 0; p < paragraphs; ++p) {
      std::vector<std::string> s;
      for (size_t k = 1 + rng.Below(3); k > 0; --k) s.push_back(NewSentence(rng));
      lines.push_back(Join(s, " "));
    }
    if (rng.Chance(20)) lines.push_back(Footer(lines[0], rng));
    return lines;
  }

  // Derived kind of document i by its index alone (document 0 is original).
  static Origin Drawn(size_t i) {
    if (i == 0) return Origin::kOriginal;
    Rng rng{kSeed + i};
    size_t r = rng.Below(100);
    if (r < 60) return Origin::kOriginal;
    if (r < 70) return Origin::kSyndicated;
    if (r < 80) return Origin::kNearDuplicate;
    if (r < 90) return Origin::kRewrite;
    return Origin::kPartialCopy;
  }
  // The recent original a derived document copies; none makes it original.
  static std::optional<size_t> SourceOf(size_t i) {
    if (Drawn(i) == Origin::kOriginal) return std::nullopt;
    Rng rng{kSeed ^ (i * 0x9e3779b97f4a7c15ull) ^ 0x5a5a};
    for (int tries = 0; tries < 20; ++tries) {
      size_t j = i - 1 - rng.Below(std::min(i, kSourceWindow));
      if (Drawn(j) == Origin::kOriginal) return j;
    }
    return std::nullopt;
  }

  std::vector<std::string> Derive(Origin kind, std::vector<std::string> lines, size_t i, Rng& rng) const;
};

std::vector<std::string> LinkCorpus::Impl::Derive(Origin kind, std::vector<std::string> src, size_t i,
                                                  Rng& rng) const {
  bool footer = src.size() > 1 && src.back().rfind("The post ", 0) == 0;
  if (footer) src.pop_back();
  std::vector<std::string> out;
  switch (kind) {
    case Origin::kSyndicated:
      out = src;
      out.push_back(Footer(src[0], rng));
      break;
    case Origin::kNearDuplicate: {
      out = src;
      if (out.size() > 4 && rng.Chance(50)) out.erase(out.begin() + 1 + static_cast<long>(rng.Below(out.size() - 1)));
      for (int k = 0; k < 3; ++k) {
        std::string& line = out[1 + rng.Below(out.size() - 1)];
        line = Swap(line, 4, rng);
      }
      break;
    }
    case Origin::kRewrite: {
      out.push_back(Swap(src[0], 50, rng));
      for (size_t p = 1; p < src.size(); ++p) {
        std::vector<std::string> s;
        for (const std::string& x : Sentences(src[p])) {
          if (rng.Chance(15)) continue;
          s.push_back(Swap(x, 30, rng));
          if (rng.Chance(15)) s.push_back(NewSentence(rng));
        }
        if (!s.empty()) out.push_back(Join(s, " "));
      }
      out.insert(out.begin() + 1 + static_cast<long>(rng.Below(out.size())),
                 "\xe2\x80\x9c" + NewSentence(rng) + "\xe2\x80\x9d an analyst said.");
      break;
    }
    case Origin::kPartialCopy: {
      // Half excerpt a few paragraphs under a new headline; half embed them
      // in a report of their own.
      out = OriginalLines(i);
      if (out.back().rfind("The post ", 0) == 0) out.pop_back();
      if (rng.Chance(50)) out.resize(1 + rng.Below(2));
      size_t body = src.size() - 1, take = std::min(body, 2 + rng.Below(3));
      size_t from = 1 + rng.Below(body - take + 1);
      size_t at = 1 + rng.Below(out.size());
      out.insert(out.begin() + static_cast<long>(at), src.begin() + static_cast<long>(from),
                 src.begin() + static_cast<long>(from + take));
      break;
    }
    case Origin::kOriginal:
      out = src;
  }
  return out;
}

LinkCorpus::LinkCorpus() : impl_(std::make_unique<Impl>()) {
  IngestResult r = ReadInputs({CROSSCHECK_SOURCE_DIR "/bench/data/zyte-articles.jsonl",
                               CROSSCHECK_SOURCE_DIR "/examples/border-clash"}, {});
  if (r.documents.size() < 40) {
    std::fprintf(stderr, "link corpus: articles missing under %s/bench/data\n", CROSSCHECK_SOURCE_DIR);
    std::exit(1);
  }
  impl_->function_words = &Lexicon::Get("link_function_words.tsv");
  for (const Document& d : r.documents) {
    for (const std::string& para : Split(d.text, '\n')) {
      for (const std::string& s : Sentences(para)) {
        if (std::count(s.begin(), s.end(), ' ') < 4 || s.size() > 600) continue;
        impl_->sentences.push_back(s);
        std::vector<PoolToken>& cut = impl_->cut.emplace_back();
        for (const std::string& t : Split(s, ' ')) {
          Parts p = Cut(t);
          PoolToken& pt = cut.emplace_back();
          pt.number = !p.core.empty() && std::isdigit(static_cast<unsigned char>(p.core[0]));
          pt.replace = pt.number || impl_->IsContent(p.core);
          pt.upper = !p.core.empty() && std::isupper(static_cast<unsigned char>(p.core[0]));
          pt.lead = p.lead, pt.core = p.core, pt.trail = p.trail;
          // Only plain words: a URL or "9-month-old's" drawn into many
          // documents would be a phrase they all share.
          bool plain = std::all_of(p.core.begin(), p.core.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
          if (plain && impl_->IsContent(p.core)) impl_->vocab.push_back(Lower(p.core));
        }
      }
    }
  }
}

LinkCorpus::~LinkCorpus() = default;

Origin LinkCorpus::OriginOf(size_t i) const {
  return Impl::SourceOf(i) ? Impl::Drawn(i) : Origin::kOriginal;
}

CorpusDoc LinkCorpus::Make(size_t i) const {
  CorpusDoc c;
  c.doc.id = "d" + std::to_string(i);
  // Four documents in five carry a time, one minute apart: direction then
  // comes from publication time, else from containment.
  if (i % 5 != 0) {
    char buf[40];
    size_t day = i / 1440;  // a 28-day month keeps the arithmetic simple
    std::snprintf(buf, sizeof buf, "%04zu-%02zu-%02zuT%02zu:%02zu:00Z", 2025 + day / 336, 1 + (day / 28) % 12,
                  1 + day % 28, (i / 60) % 24, i % 60);
    c.doc.published = buf;
  }
  std::optional<size_t> src = Impl::SourceOf(i);
  std::vector<std::string> lines;
  if (!src) {
    c.source = i;
    lines = impl_->OriginalLines(i);
  } else {
    c.origin = Impl::Drawn(i);
    c.source = *src;
    Rng rng{kSeed ^ (i * 0xd1b54a32d192ed03ull)};
    lines = impl_->Derive(c.origin, impl_->OriginalLines(*src), i, rng);
  }
  c.doc.text = Join(lines, "\n");
  return c;
}

}  // namespace crosscheck::bench
