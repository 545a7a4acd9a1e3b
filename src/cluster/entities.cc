#include "cluster/entities.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "base/lexicon.h"
#include "base/string_ids.h"
#include "text/word_lists.h"

namespace crosscheck {

namespace {

const Lexicon& PlaceCues() {
  static const Lexicon& lex = Lexicon::Get("place_cues.tsv");
  return lex;
}
const Lexicon& Sides() {
  static const Lexicon& lex = Lexicon::Get("sides.tsv");
  return lex;
}

// Per token of a document, what the name rules ask of it, looked up in the
// lexicons once: kStop, a word in stopwords.tsv; kNameWord, a capitalised
// word in neither stopwords.tsv nor calendar.tsv.
constexpr uint8_t kStop = 1, kNameWord = 2;

std::vector<uint8_t> WordFlags(const SegmentedText& seg) {
  std::vector<uint8_t> flags(seg.tokens.size(), 0);
  for (size_t i = 0; i < seg.tokens.size(); ++i) {
    const Token& t = seg.tokens[i];
    if (t.kind != TokenKind::kWord) continue;
    if (InList(t, WordList::kStopwords)) flags[i] = kStop;
    else if ((t.capitalized || t.all_caps) && !InList(t, WordList::kCalendar)) flags[i] = kNameWord;
  }
  return flags;
}

// Title Case and ALL CAPS lines capitalise every word, so capitals there say
// nothing about names.
bool MostlyCapitalised(const SegmentedText& seg, const std::vector<uint8_t>& flags, const Sentence& s) {
  size_t words = 0, caps = 0;
  for (size_t i = s.first_token; i < s.end_token; ++i) {
    const Token& t = seg.tokens[i];
    if (t.kind != TokenKind::kWord || (flags[i] & kStop)) continue;
    ++words;
    caps += t.capitalized || t.all_caps;
  }
  return words >= 3 && caps * 10 >= words * 7;
}

size_t FirstWord(const SegmentedText& seg, const Sentence& s) {
  size_t i = s.first_token;
  while (i < s.end_token && seg.tokens[i].kind == TokenKind::kPunct) ++i;
  return i;
}

std::string JoinLower(const SegmentedText& seg, size_t begin, size_t end) {
  std::string key;
  for (size_t i = begin; i < end; ++i) {
    if (!key.empty()) key.push_back(' ');
    key += seg.tokens[i].lower;
  }
  return key;
}

bool Touching(const Token& a, const Token& b) { return a.span.end == b.span.begin; }

// "Champs-Elysees": a hyphen with no space on either side. REQUIRES: 0 < i < size - 1.
bool JoiningHyphen(const SegmentedText& seg, size_t i) {
  const std::vector<Token>& t = seg.tokens;
  return t[i].lower == "-" && Touching(t[i - 1], t[i]) && Touching(t[i], t[i + 1]);
}

// One past the last token of the name that starts at `i`: name words, joined
// by a connector ("Gulf of Aden") or a joining hyphen when a name word follows.
size_t NameEnd(const SegmentedText& seg, const std::vector<uint8_t>& flags, const Sentence& s, size_t i) {
  size_t j = i + 1;
  while (j < s.end_token) {
    if (flags[j] & kNameWord) { ++j; continue; }
    bool joins = j + 1 < s.end_token && (flags[j + 1] & kNameWord) &&
                 (InList(seg.tokens[j], WordList::kNameConnectors) || JoiningHyphen(seg, j));
    if (!joins) break;
    j += 2;
  }
  return j;
}

// The key of tokens [begin, end): lower-case words with one space between,
// none around a joining hyphen ("champs-elysees").
std::string NameKey(const SegmentedText& seg, size_t begin, size_t end) {
  std::string key;
  for (size_t i = begin; i < end; ++i) {
    std::string_view w = seg.tokens[i].lower;
    bool glued = w == "-" || (i > begin && seg.tokens[i - 1].lower == "-");
    if (!key.empty() && !glued) key.push_back(' ');
    key += w;
  }
  return key;
}

// A cue from place_cues.tsv ends right before token `name` (an article may sit
// between: "at the Betty Ford Center").
bool AfterPlaceCue(const SegmentedText& seg, const Sentence& s, size_t name) {
  size_t end = name;
  if (end > s.first_token && seg.tokens[end - 1].lower == "the") --end;
  for (size_t n = 1; n <= PlaceCues().max_words() && end >= s.first_token + n; ++n) {
    if (PlaceCues().Contains(JoinLower(seg, end - n, end))) return true;
  }
  return false;
}

// "in Springfield, Illinois": a name right after a place and a comma is a place too.
bool ContinuesPlace(const SegmentedText& seg, size_t name, size_t last_place_end) {
  return last_place_end > 0 && last_place_end + 1 == name && seg.tokens[last_place_end].lower == ",";
}

// "KABUL —", "LOS ANGELES (AP) -": capitals opening the body, then punctuation.
bool IsDateline(const SegmentedText& seg, const Sentence& s, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    if (!seg.tokens[i].all_caps) return false;
  }
  return end < s.end_token && seg.tokens[end].kind == TokenKind::kPunct;
}

// The words a document also writes in lower case. Only a sentence that
// opens with a name of two words or more asks, and a document asks a few
// times at most: the first kScans questions read the tokens, later ones an
// index of them built then (StringIds), so that a long document that asks
// often stays linear. (A hash set of views built for every asking document
// made a node for each of its words: 118,000 on the 1,700 real articles.)
class LowerCaseWords {
 public:
  explicit LowerCaseWords(const SegmentedText& seg) : seg_(seg) {}
  bool Contains(std::string_view word) {
    if (asked_++ < kScans) {
      for (const Token& t : seg_.tokens) {
        if (LowerCase(t) && t.lower == word) return true;
      }
      return false;
    }
    if (!built_) {
      built_ = true;
      for (const Token& t : seg_.tokens) {
        if (LowerCase(t)) words_.Intern(t.lower);
      }
    }
    return words_.Find(word) != StringIds::kNone;
  }

 private:
  static constexpr size_t kScans = 8;
  static bool LowerCase(const Token& t) { return t.kind == TokenKind::kWord && !t.capitalized && !t.all_caps; }
  const SegmentedText& seg_;
  size_t asked_ = 0;
  bool built_ = false;
  StringIds words_;
};

class HeuristicEntityExtractor : public EntityExtractor {
 public:
  std::vector<EntityMention> Extract(std::string_view text, const CleanDocument& clean,
                                     const SegmentedText& seg) const override {
    std::vector<EntityMention> out;
    LowerCaseWords lower(seg);
    const std::vector<uint8_t> flags = WordFlags(seg);
    bool first_body = true;
    for (const Sentence& s : seg.sentences) {
      if (!MostlyCapitalised(seg, flags, s)) Names(seg, flags, s, first_body && !s.headline, lower, out);
      SidesIn(seg, s, out);
      if (!s.headline) first_body = false;
    }
    return out;
  }

 private:
  // The names of one sentence; `first_body` marks the sentence that may open
  // with a dateline. `lower` holds the words the document also writes in lower
  // case: such a word opening a sentence is an ordinary word, not part of the
  // name after it ("Even Amy Winehouse", "Police Chief John Smith"). `flags`:
  // WordFlags(seg).
  static void Names(const SegmentedText& seg, const std::vector<uint8_t>& flags, const Sentence& s, bool first_body,
                    LowerCaseWords& lower, std::vector<EntityMention>& out) {
    const size_t start = FirstWord(seg, s);
    size_t last_place_end = 0;
    for (size_t i = s.first_token; i < s.end_token;) {
      if (!(flags[i] & kNameWord)) { ++i; continue; }
      const size_t j = NameEnd(seg, flags, s, i);
      EntityKind kind = EntityKind::kName;
      if (i == start && first_body && IsDateline(seg, s, i, j)) kind = EntityKind::kPlace;
      else if (AfterPlaceCue(seg, s, i) || ContinuesPlace(seg, i, last_place_end)) kind = EntityKind::kPlace;
      size_t b = i;
      if (i == start && kind == EntityKind::kName) {
        // One capitalised word opening a sentence is any word ("Police said").
        b = j - i < 2 ? j : (lower.Contains(seg.tokens[i].lower) ? i + 1 : i);
      }
      if (b < j && (flags[b] & kNameWord)) {
        out.push_back({{seg.tokens[b].span.begin, seg.tokens[j - 1].span.end}, NameKey(seg, b, j), kind});
        if (kind == EntityKind::kPlace) last_place_end = j;
      }
      i = j;
    }
  }

  // The longest side (sides.tsv) at each word, left to right.
  static void SidesIn(const SegmentedText& seg, const Sentence& s, std::vector<EntityMention>& out) {
    for (size_t i = s.first_token; i < s.end_token; ++i) {
      if (seg.tokens[i].kind != TokenKind::kWord) continue;
      const Lexicon::Row* row = nullptr;
      size_t n = LongestSide(seg, i, s.end_token, &row);
      if (n == 0) continue;
      out.push_back({{seg.tokens[i].span.begin, seg.tokens[i + n - 1].span.end}, AsciiLower((*row)[0]),
                     EntityKind::kSide});
      i += n - 1;
    }
  }

  // Words in the longest side with fields that starts at token i (0 when
  // none), and its row. Grows the phrase a word at a time and stops when it
  // begins no key: most words cost one lookup. Token lower is lower-case
  // already, as IsPrefix wants.
  static size_t LongestSide(const SegmentedText& seg, size_t i, size_t end, const Lexicon::Row** row) {
    if (!InList(seg.tokens[i], WordList::kSideStarts)) return 0;  // most words: one bit
    const Lexicon& sides = Sides();
    size_t best = 0;
    std::string key;
    for (size_t n = 1; n <= std::min(sides.max_words(), end - i); ++n) {
      if (!key.empty()) key.push_back(' ');  // as JoinLower
      key += seg.tokens[i + n - 1].lower;
      if (!sides.IsPrefix(key)) break;
      const Lexicon::Row* r = sides.Find(key);
      if (r != nullptr && !r->empty()) { best = n; *row = r; }
    }
    return best;
  }
};

}  // namespace

std::unique_ptr<EntityExtractor> NewHeuristicEntityExtractor() {
  return std::make_unique<HeuristicEntityExtractor>();
}

}  // namespace crosscheck
