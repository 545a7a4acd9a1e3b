#include "reconcile/scope.h"

#include <string>
#include <string_view>
#include <vector>

#include "base/lexicon.h"

namespace crosscheck {

namespace {

const Lexicon& Cues() {
  static const Lexicon& lex = Lexicon::Get("scope_cues.tsv");
  return lex;
}

const Lexicon& RevisionCues() {
  static const Lexicon& lex = Lexicon::Get("revision_cues.tsv");
  return lex;
}

const Lexicon& Victims() {
  static const Lexicon& lex = Lexicon::Get("victims.tsv");
  return lex;
}

const Lexicon& TimeMarkers() {
  static const Lexicon& lex = Lexicon::Get("time_markers.tsv");
  return lex;
}

struct Word {
  std::string_view lower;  // in the clause's lower-cased copy (ClauseWords)
  size_t begin = 0;        // byte offset in the document
};

// ASCII letters and digits (what isalnum means in the "C" locale, which
// crosscheck never changes), apostrophes and every byte of a UTF-8 sequence.
bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '\'' || c >= 0x80;
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A clause break at text[i]: , ; : ( ) or a dash; a comma between digits
// ("10,000") is not one. Returns the break's length in bytes, 0 when none.
size_t BreakAt(std::string_view text, size_t i) {
  char c = text[i];
  if (c != ',' && c != ';' && c != ':' && c != '(' && c != ')' && c != '\xE2' && c != ' ') return 0;
  if (c == ',') return i > 0 && i + 1 < text.size() && IsDigit(text[i - 1]) && IsDigit(text[i + 1]) ? 0 : 1;
  if (c == ';' || c == ':' || c == '(' || c == ')') return 1;
  if (text.substr(i, 3) == "\xE2\x80\x94" || text.substr(i, 3) == "\xE2\x80\x93") return 3;  // em, en dash
  if (text.substr(i, 3) == " - ") return 2;
  return 0;
}

// The words of the claim's clause: from the last break before the claim to
// the first break after it, without a parenthesis inside the claim ("61
// people, including 20 children, were killed" reads "61 people were killed").
// `before` is set to the number of words before the claim's own words.
// With `whole_sentence`, every word of the sentence instead. The words view
// `lowered`, the clause lower-cased (ASCII, as tolower in the "C" locale)
// in one piece rather than word by word.
std::vector<Word> ClauseWords(const Claim& c, std::string_view text, size_t& before, std::string& lowered,
                              bool whole_sentence = false) {
  Span s = c.sentence;
  if (s.end > text.size() || s.begin > s.end || c.span.begin < s.begin || c.span.end > s.end) s = c.span;
  std::vector<size_t> breaks;  // break offsets in the sentence (none needed for all of it)
  for (size_t i = s.begin; i < s.end && !whole_sentence; ++i) {
    if (size_t n = BreakAt(text, i)) { breaks.push_back(i); i += n - 1; }
  }
  size_t from = s.begin, to = s.end;
  for (size_t b : breaks) {
    if (b < c.span.begin) from = b;
    if (b >= c.span.end && to == s.end) to = b;
  }
  std::vector<size_t> inner;  // breaks inside the claim: pairs bound parentheses
  for (size_t b : breaks) {
    if (b >= c.span.begin && b < c.span.end) inner.push_back(b);
  }
  if (whole_sentence) from = s.begin, to = s.end, inner.clear();
  auto skipped = [&](size_t at) {
    for (size_t k = 0; k + 1 < inner.size(); k += 2) {
      if (at > inner[k] && at < inner[k + 1]) return true;
    }
    return false;
  };
  lowered = AsciiLower(text.substr(from, to - from));
  const std::string_view low = lowered;
  std::vector<Word> words;
  before = 0;
  for (size_t i = from; i < to;) {
    if (!IsWordByte(static_cast<unsigned char>(text[i]))) { ++i; continue; }
    size_t j = i;
    while (j < to && (IsWordByte(static_cast<unsigned char>(text[j])) ||
                      (text[j] == ',' && j > i && j + 1 < to && IsDigit(text[j - 1]) && IsDigit(text[j + 1])))) ++j;
    if (!skipped(i)) {
      if (i < c.span.begin) ++before;
      words.push_back({low.substr(i - from, j - i), i});
    }
    i = j;
  }
  return words;
}

// The number of four digits (IsYear's words).
int FourDigits(std::string_view w) { return ((w[0] - '0') * 10 + (w[1] - '0')) * 100 + (w[2] - '0') * 10 + (w[3] - '0'); }

bool IsYear(std::string_view w) {
  if (w.size() != 4 || !IsDigit(w[0]) || !IsDigit(w[1]) || !IsDigit(w[2]) || !IsDigit(w[3])) return false;
  int y = FourDigits(w);
  return y >= 1900 && y <= 2100;
}

// The cue kind of the phrase of up to max_words words starting at words[k],
// longest first; `len` gets its length in words.
std::string CueAt(const std::vector<Word>& words, size_t k, size_t& len) {
  const Lexicon& cues = Cues();
  std::string phrase;
  std::string kind;
  for (size_t n = 0; n < cues.max_words() && k + n < words.size(); ++n) {
    if (n) phrase += ' ';
    phrase += words[k + n].lower;
    if (!cues.IsPrefix(phrase)) break;
    if (const Lexicon::Row* row = cues.Find(phrase); row && !row->empty()) { kind = (*row)[0]; len = n + 1; }
  }
  return kind;
}

std::string Join(const std::vector<Word>& words, size_t k, size_t n) {
  std::string s;
  for (size_t i = k; i < k + n && i < words.size(); ++i) {
    if (!s.empty()) s += ' ';
    s += words[i].lower;
  }
  return s;
}

// "an IED attack that killed", "attacks that killed": an attack the report
// brings in as a new one ("a"/"an" within the three words before the noun at
// k, or a plural noun), not the story's own ("the attack that killed").
bool IntroducedAsAnother(const std::vector<Word>& words, size_t k) {
  const std::string_view noun = words[k].lower;
  if (!noun.empty() && noun.back() == 's') return true;
  for (size_t i = k; i > 0 && i + 3 > k; --i) {
    if (words[i - 1].lower == "a" || words[i - 1].lower == "an") return true;
  }
  return false;
}

}  // namespace

std::string OtherScope(const Claim& c, const Document& doc) {
  if (!c.when.empty()) return "another period: " + c.when;
  size_t before = 0;
  std::string lowered;
  std::vector<Word> words = ClauseWords(c, doc.text, before, lowered);
  int published_year = 0;
  if (doc.published.size() >= 4 && IsYear(std::string_view(doc.published).substr(0, 4))) {
    published_year = FourDigits(doc.published);
  }
  for (size_t k = 0; k < words.size(); ++k) {
    const std::string_view w = words[k].lower;
    bool in_claim_or_after = k >= before;
    if ((w == "since" || w == "in" || w == "during") && k + 1 < words.size()) {
      const std::string next(words[k + 1].lower);
      if (IsYear(next)) {
        if (w == "since") return "cumulative: since " + next;
        if (published_year == 0 || FourDigits(next) < published_year) return "earlier event: in " + next;
      }
      if (w == "since") {
        if (TimeMarkers().Contains(next)) return "cumulative: since " + next;
        for (size_t n = 3; n >= 1; --n) {
          const Lexicon::Row* row = Cues().Find(Join(words, k + 1, n));
          if (k + n < words.size() && row && !row->empty() && (*row)[0] == "since") {
            return "cumulative: since " + Join(words, k + 1, n);
          }
        }
      }
    }
    size_t len = 0;
    std::string kind = CueAt(words, k, len);
    if (kind.empty()) continue;
    std::string phrase = Join(words, k, len);
    if (kind == "total" && !in_claim_or_after && before - (k + len) <= 4) return "war total";
    if (kind == "cumulative") return "cumulative: " + phrase;
    if (kind == "earlier") return "earlier event: " + phrase;
    if (kind == "place") return "another place: " + phrase;
    if (kind == "relative" && k + len == before && IntroducedAsAnother(words, k)) return "earlier event: " + phrase;
    if (kind == "partial") {
      bool leading = phrase == "including" || phrase == "among them";
      if (!leading || (!in_claim_or_after && before - (k + len) <= 1)) return "partial tally: " + phrase;
    }
    if (kind == "partial_of" && k + len < words.size() && Victims().Contains(words[k + len].lower)) {
      return "partial tally: " + phrase + " " + std::string(words[k + len].lower);
    }
  }
  return "";
}

bool HasRevisionCue(const Claim& c, const Document& doc) {
  size_t before = 0;
  std::string lowered;
  std::vector<Word> words = ClauseWords(c, doc.text, before, lowered, /*whole_sentence=*/true);
  const Lexicon& cues = RevisionCues();
  std::string phrase;
  for (size_t k = 0; k < words.size(); ++k) {
    phrase.clear();
    for (size_t n = 0; n < cues.max_words() && k + n < words.size(); ++n) {
      if (n) phrase += ' ';
      phrase += words[k + n].lower;
      if (!cues.IsPrefix(phrase)) break;
      if (cues.Contains(phrase)) return true;
    }
  }
  return false;
}

bool NamesAPart(const Claim& c, const Document& doc) {
  size_t before = 0;
  std::string lowered;
  std::vector<Word> words = ClauseWords(c, doc.text, before, lowered, /*whole_sentence=*/true);
  for (size_t k = 0; k < words.size(); ++k) {
    size_t len = 0;
    std::string kind = CueAt(words, k, len);
    if (kind == "partial" || kind == "partial_of") return true;
  }
  return false;
}

}  // namespace crosscheck
