#include "entity/mentions.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <iterator>
#include <map>
#include <set>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include "base/lexicon.h"
#include "base/string_ids.h"
#include "entity/knowledge.h"
#include "entity/names.h"
#include "text/word_lists.h"

namespace crosscheck::entity_internal {

namespace {

const Lexicon& Lex(std::string_view name) { return Lexicon::Get(name); }
const Lexicon& Roles() { static const Lexicon& l = Lex("roles.tsv"); return l; }
const Lexicon& RoleNouns() { static const Lexicon& l = Lex("role_nouns.tsv"); return l; }
const Lexicon& PlaceNouns() { static const Lexicon& l = Lex("place_nouns.tsv"); return l; }
const Lexicon& AliasCues() { static const Lexicon& l = Lex("alias_cues.tsv"); return l; }
const Lexicon& Institutions() { static const Lexicon& l = Lex("institutions.tsv"); return l; }

// data/lexicon/entity_aliases.tsv by NameKey of the name (the Lexicon's own
// keys are only ASCII-lowercased; names here have dashes to fold).
struct KnownAliases {
  std::unordered_map<std::string, std::string> type;  // key -> PER/ORG/LOC/MISC
  StringIds first_words;                              // a key's letters before its first space or dash
  std::unordered_set<std::string> prefixes;           // every proper prefix of every key
  size_t max_words = 1;
  KnownAliases() {
    for (const Lexicon::Row& r : Lex("entity_aliases.tsv").rows()) {
      if (r.size() < 3) continue;
      std::string key = NameKey(r[0]);
      first_words.Intern(std::string_view(key).substr(0, key.find_first_of(" -")));
      for (size_t n = 1; n < key.size(); ++n) prefixes.insert(key.substr(0, n));
      type[key] = r[2];
      max_words = std::max(max_words, static_cast<size_t>(std::count(r[0].begin(), r[0].end(), ' ') + 2));
    }
  }
};
const KnownAliases& Aliases() {
  static const KnownAliases a;
  return a;
}

// What a lower-case word is to the rules below. Most classes are word lists
// (text/word_lists.h), which Segment looked every token up in once, and
// their bits are the lists' own bits in Token::lists; the alias starts are
// looked up here, for capitalised words only (the one rule that reads them
// asks of no other), and a role's or place noun's kind read from its row
// (few tokens are either).
enum WordClass : uint64_t {
  kDeterminer = ListBit(WordList::kDeterminers),
  kStopword = ListBit(WordList::kStopwords),
  kConnector = ListBit(WordList::kNameConnectors),
  kPlaceNoun = ListBit(WordList::kPlaceNouns),
  kListCue = ListBit(WordList::kListCues),
  kOrgHead = ListBit(WordList::kOrgHeads),
  kRoleNoun = ListBit(WordList::kRoleNouns),
  kRole = ListBit(WordList::kRoles),
  kInstitutionStart = ListBit(WordList::kInstitutionStarts),  // first word of an institutions.tsv phrase
  kFromLists = kDeterminer | kStopword | kConnector | kPlaceNoun | kListCue | kOrgHead | kRoleNoun | kRole |
               kInstitutionStart,
  // Bits above Token::lists' 32.
  kPlaceNounPlural = uint64_t{1} << 32,  // "provinces", "districts": may head a list ("including ...")
  kTitle = uint64_t{1} << 33,            // roles.tsv kind "title": precedes a name
  kAliasStart = uint64_t{1} << 34,       // KnownAliases::first_words; set on capitalised words only
  // Of the token itself, not its word: the rules ask them of every token
  // several times over.
  kWord = uint64_t{1} << 35,     // IsWord
  kCapWord = uint64_t{1} << 36,  // IsCapWord
};

// Compared as string_views: these run on every token several times over.
bool IsWord(const Token& t) { return t.kind == TokenKind::kWord && std::string_view(t.lower) != "'s"; }
bool IsHyphen(const Token& t) { return t.kind == TokenKind::kPunct && std::string_view(t.lower) == "-"; }
bool IsCapWord(const Token& t) { return IsWord(t) && t.capitalized; }
bool IsDemonym(const Token& t) { return t.capitalized && !CountryCodeOfDemonym(t.lower).empty(); }
bool IsCountryName(std::string_view name) {
  std::vector<Place> p = PlacesNamed(name);
  return !p.empty() && p.front().kind == "country";
}

// The WordClass bits of token t. The lists hold phrases too, which no token
// equals (a token holds a space only when ICU joins a combining mark to it).
uint64_t ClassesOf(const Token& t) {
  uint64_t c = (t.lists & kListsKnown ? t.lists : WordListsOf(t.lower)) & kFromLists;
  if ((c & kPlaceNoun) && PlaceNouns().Field(t.lower) == "plural") c |= kPlaceNounPlural;
  if ((c & kRole) && Roles().Field(t.lower) == "title") c |= kTitle;
  if (IsWord(t)) c |= kWord;
  if (IsCapWord(t)) c |= kCapWord;
  if (IsCapWord(t) && Aliases().first_words.Find(t.lower) != StringIds::kNone) c |= kAliasStart;
  return c;
}

// A range of a sentence's tokens, [begin, end) as indices into seg.tokens.
// Trivially copyable (views, no strings): a document's ranges are copied,
// merged and regrown many times, and string members made that a tenth of
// the stage's cost.
struct Range {
  static constexpr size_t kNoNaming = static_cast<size_t>(-1);
  Range() = default;
  Range(size_t b, size_t e, std::string_view t, Strength s = Strength::kTagger, int p = 1,
        std::string_view k = "name")
      : begin(b), end(e), type(t), strength(s), priority(p), kind(k) {}
  size_t begin = 0, end = 0;
  std::string_view type;  // a literal or Scanner::Interned: lives as long as the Scanner
  Strength strength = Strength::kTagger;
  int priority = 1;  // overlaps keep the higher priority, then the longer
  std::string_view kind = "name";
  size_t naming = kNoNaming;  // index into Scanner::namings_ when key or name is not the text's
  size_t sentence = 0;
  bool title_case = false;
};
static_assert(std::is_trivially_copyable_v<Range>);

// The key and name of a range whose text does not give them ("@PK army").
struct Naming {
  std::string key;   // empty: NameKey of the text
  std::string name;  // empty: the text
};

class Scanner {
 public:
  Scanner(const Tagger& tagger, const Document& doc, const SegmentedText& seg, const People& people,
          std::vector<uint8_t>* tags)
      : tagger_(tagger), text_(doc.text), toks_(seg.tokens), seg_(seg), people_(people), tags_(tags) {
    if (tags_) {
      kept_ = tags_->size() == toks_.size() &&
              std::all_of(tags_->begin(), tags_->end(), [](uint8_t c) { return c < std::size(kNerTags); });
      if (!kept_) tags_->assign(toks_.size(), 0);
    }
    out_.doc = doc.id;
    cls_.reserve(toks_.size());
    for (const Token& t : toks_) cls_.push_back(ClassesOf(t));
  }

  DocumentMentions Run() {
    for (size_t si = 0; si < seg_.sentences.size(); ++si) ScanSentence(si);
    SurnamesOfThisDocument();
    MarkDefinedAcronyms();
    KeepNonOverlapping();
    return std::move(out_);
  }

 private:
  bool Glued(size_t a, size_t b) const { return toks_[a].span.end == toks_[b].span.begin; }
  Span SpanOf(size_t a, size_t b) const { return {toks_[a].span.begin, toks_[b - 1].span.end}; }
  std::string TextOf(size_t a, size_t b) const { return std::string(SpanOf(a, b).Of(text_)); }
  // Token i's lower-case form is in a lexicon of class `c` (WordClass).
  bool Is(size_t i, uint64_t c) const { return (cls_[i] & c) != 0; }
  // Token i's lower-case form is `w` (compared as views: sizes first).
  bool LowerIs(size_t i, std::string_view w) const { return std::string_view(toks_[i].lower) == w; }
  std::string_view Interned(std::string_view type);

  // End of the hyphen chain starting at word i ("ISIS" "-" "K", "Tehreek-i-Taliban").
  size_t ChainEnd(size_t i, size_t end) const {
    size_t e = i + 1;
    while (e + 1 < end && IsHyphen(toks_[e]) && Glued(e - 1, e) && Glued(e, e + 1) && Is(e + 1, kWord)) e += 2;
    return e;
  }

  void ScanSentence(size_t si);
  // Keeps the tagger's tags of sentence s in tags_, when it records; a tag
  // outside kNerTags stops the recording (tags_ left empty).
  void RecordTags(const Sentence& s, const std::vector<WordTags>& tags);
  std::vector<Range> TaggerRanges(const Sentence& s, const std::vector<WordTags>& tags);
  void Repair(const Sentence& s, std::vector<Range>& ranges) const;
  void ExtendOverHyphens(const Sentence& s, Range& r) const;
  static void MergeOverlaps(std::vector<Range>& ranges);
  void Trim(Range& r) const;
  void JoinPieces(std::vector<Range>& ranges) const;
  void Acronyms(const Sentence& s, const std::vector<WordTags>& tags);
  void AliasAfter(const Sentence& s, size_t close, const Range& acronym);
  void PlaceLists(const Sentence& s, const std::vector<Range>& tagged);
  void OrgHeads(const Sentence& s, const std::vector<WordTags>& tags);
  void InstitutionsOf(const Sentence& s, const std::vector<Range>& tagged);
  void KnownAliasPhrases(const Sentence& s);
  void RoleNounsOf(const Sentence& s, const std::vector<Range>& tagged);

  // Capitalised run from i (hyphen chains included), at most `max` words.
  size_t ItemForward(size_t i, size_t end, size_t max = 4) const;
  size_t ItemBackward(size_t j, size_t begin, size_t max = 4) const;
  void MarkPlaces(const Sentence& s, const std::vector<std::pair<size_t, size_t>>& items,
                  const std::vector<Range>& tagged);

  void Add(Range r) {
    assert(r.begin < r.end);  // Kept() relies on it
    r.sentence = sentence_;
    r.title_case = title_case_;
    ranges_.push_back(std::move(r));
  }
  void MarkDefinedAcronyms();
  void SurnamesOfThisDocument();
  void KeepNonOverlapping();
  std::vector<size_t> Kept() const;
  Found FoundOf(const Range& r) const;
  size_t NameAt(Span sp) const;

  const Tagger& tagger_;
  std::string_view text_;
  const std::vector<Token>& toks_;
  const SegmentedText& seg_;
  const People& people_;
  std::vector<uint64_t> cls_;  // WordClass bits of every token
  std::vector<std::string_view> words_;  // the sentence being tagged (reused)
  // Entity tags by token: given (kept_), or being recorded (FindMentions).
  std::vector<uint8_t>* tags_ = nullptr;
  bool kept_ = false;

  size_t sentence_ = 0;
  bool title_case_ = false;
  std::vector<Range> ranges_;
  std::vector<Naming> namings_;  // Range::naming
  std::set<std::string, std::less<>> other_types_;  // Interned types that are not PER/ORG/LOC/MISC
  std::vector<std::pair<Span, Span>> same_;
  std::unordered_map<std::string, std::string_view> defined_;  // acronym as written -> type
  std::vector<Found> roles_;
  DocumentMentions out_;
};

// True for a headline or a line where every longer word is capitalised
// ("Broader Allegations and Accusations"): capitals there do not mark names.
bool IsTitleCase(const std::vector<Token>& toks, const Sentence& s) {
  if (s.headline) return true;
  size_t words = 0;
  for (size_t i = s.first_token; i < s.end_token; ++i) {
    const Token& t = toks[i];
    if (!IsWord(t) || t.span.size() < 4) continue;
    if (!t.capitalized) return false;
    ++words;
  }
  return words >= 2;
}

void Scanner::ScanSentence(size_t si) {
  const Sentence& s = seg_.sentences[si];
  sentence_ = si;
  title_case_ = IsTitleCase(toks_, s);
  std::vector<WordTags> tags;
  if (kept_) {
    tags.resize(s.end_token - s.first_token);
    for (size_t i = s.first_token; i < s.end_token; ++i) tags[i - s.first_token].ner = kNerTags[(*tags_)[i]];
  } else {
    words_.clear();
    for (size_t i = s.first_token; i < s.end_token; ++i) words_.push_back(toks_[i].span.Of(text_));
    tags = tagger_.Tag(words_, Tagger::Layers::kEntities);
    RecordTags(s, tags);
  }
  std::vector<Range> tagged = TaggerRanges(s, tags);
  Repair(s, tagged);
  for (const Range& r : tagged) Add(r);
  if (!title_case_) {
    Acronyms(s, tags);
    PlaceLists(s, tagged);
    OrgHeads(s, tags);
    InstitutionsOf(s, tagged);
    RoleNounsOf(s, tagged);
  }
  KnownAliasPhrases(s);
}

void Scanner::RecordTags(const Sentence& s, const std::vector<WordTags>& tags) {
  if (!tags_ || tags_->empty()) return;
  for (size_t k = 0; k < tags.size(); ++k) {
    const auto* code = std::find(std::begin(kNerTags), std::end(kNerTags), tags[k].ner);
    if (code == std::end(kNerTags)) {
      tags_->clear();
      return;
    }
    (*tags_)[s.first_token + k] = static_cast<uint8_t>(code - std::begin(kNerTags));
  }
}

// The four CoNLL types are literals; a model's other types (none in the
// compiled-in one) are copied once, as the tagger's views carry no lifetime.
std::string_view Scanner::Interned(std::string_view type) {
  for (std::string_view known : {"PER", "ORG", "LOC", "MISC"}) {
    if (type == known) return known;
  }
  auto it = other_types_.find(type);
  if (it == other_types_.end()) it = other_types_.emplace(type).first;
  return *it;
}

std::vector<Range> Scanner::TaggerRanges(const Sentence& s, const std::vector<WordTags>& tags) {
  std::vector<EntityRange> entities = Entities(tags);
  std::vector<Range> out;
  out.reserve(entities.size());
  for (const EntityRange& e : entities) {
    out.push_back(Range(s.first_token + e.begin, s.first_token + e.end, Interned(e.type)));
  }
  return out;
}

// Tagger output fixed where it predictably breaks: hyphenated names split
// into pieces of different types, "of" names cut at "of", two adjacent
// pieces of one known name, and titles on their own.
void Scanner::Repair(const Sentence& s, std::vector<Range>& ranges) const {
  for (Range& r : ranges) ExtendOverHyphens(s, r);
  MergeOverlaps(ranges);
  for (Range& r : ranges) Trim(r);
  JoinPieces(ranges);
  std::erase_if(ranges, [&](const Range& r) {
    bool all_titles = true;
    for (size_t i = r.begin; i < r.end; ++i) all_titles &= Is(i, kTitle) || !Is(i, kWord);
    return all_titles || !Is(r.begin, kWord);
  });
}

// "Tehreek" tagged alone in "Tehreek-i-Taliban": the whole hyphen chain.
void Scanner::ExtendOverHyphens(const Sentence& s, Range& r) const {
  while (r.begin >= s.first_token + 2 && IsHyphen(toks_[r.begin - 1]) && Glued(r.begin - 2, r.begin - 1) &&
         Glued(r.begin - 1, r.begin) && Is(r.begin - 2, kWord)) {
    r.begin -= 2;
    r.strength = Strength::kWeak;
  }
  size_t e = ChainEnd(r.end - 1, s.end_token);
  if (e > r.end) { r.end = e; r.strength = Strength::kWeak; }
}

// Ranges that overlap once extended become one, typed as the longer piece.
// Folds each range into the last one kept when join(kept, next) says so
// (having extended `kept`), in place: no new vector per sentence.
template <typename Join>
void Fold(std::vector<Range>& ranges, Join join) {
  size_t kept = 0;
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (kept > 0 && join(ranges[kept - 1], ranges[i])) continue;
    ranges[kept++] = ranges[i];
  }
  ranges.resize(kept);
}

void Scanner::MergeOverlaps(std::vector<Range>& ranges) {
  Fold(ranges, [](Range& m, const Range& r) {
    if (r.begin >= m.end) return false;
    if (r.end - r.begin > m.end - m.begin) m.type = r.type;
    m.end = std::max(m.end, r.end);
    m.strength = Strength::kWeak;
    return true;
  });
}

// Trailing connectors and possessives off ("Islamic Emirate of"), leading
// determiners off, and a person's leading titles ("Major Safiulla Nijrabi"
// is Safiulla Nijrabi, so that the title does not become the canonical name).
void Scanner::Trim(Range& r) const {
  while (r.end > r.begin + 1 && (Is(r.end - 1, kConnector) || !Is(r.end - 1, kWord))) --r.end;
  while (r.begin + 1 < r.end && (Is(r.begin, kDeterminer) || !Is(r.begin, kWord) ||
                                 (r.type == "PER" && Is(r.begin, kTitle)))) {
    ++r.begin;
  }
}

// "Islamic Emirate" + "of" + "Afghanistan" for ORG/MISC; two adjacent pieces
// that together are a person of this document or a known place
// ("Zabihullah"/ORG + "Mujahid"/PER, "Khyber"/ORG + "Pakhtunkhwa"/LOC).
void Scanner::JoinPieces(std::vector<Range>& ranges) const {
  Fold(ranges, [&](Range& p, const Range& r) {
    bool via_of = r.begin == p.end + 1 && Is(p.end, kConnector) && (p.type == "ORG" || p.type == "MISC");
    bool adjacent = r.begin == p.end;
    std::string_view whole = adjacent ? SpanOf(p.begin, r.end).Of(text_) : std::string_view();
    bool person = adjacent && people_.ByName(whole);
    bool place = adjacent && !person && !PlacesNamed(whole).empty();
    if (!via_of && !person && !place) return false;
    if (person) p.type = "PER";
    if (place) p.type = "LOC";
    p.end = r.end;
    p.strength = Strength::kWeak;
    return true;
  });
}

// The type of a defined acronym from the tagger's view of both forms: the
// acronym's own tags count twice, ties go to ORG, and PER never wins (people
// are not given acronyms in the news); ORG when nothing is tagged.
std::string_view AcronymType(const std::vector<WordTags>& tags, size_t first, size_t lf, size_t open, size_t close) {
  std::map<std::string_view, size_t> votes;
  for (size_t k = lf; k < close; ++k) {
    std::string_view ner = tags[k - first].ner;
    if (k == open || ner.size() < 3 || ner.substr(2) == "PER") continue;
    votes[ner.substr(2)] += k > open ? 2 : 1;
  }
  std::string_view best = "ORG";
  size_t most = votes.count("ORG") ? votes["ORG"] : 0;
  for (const auto& [type, n] : votes) {
    if (n > most) { best = type; most = n; }
  }
  return best;
}

// "Tehreek-i-Taliban Pakistan (TTP)": the acronym, its long form found by
// Schwartz & Hearst within the words before the parenthesis, both linked.
void Scanner::Acronyms(const Sentence& s, const std::vector<WordTags>& tags) {
  for (size_t i = s.first_token + 1; i + 2 < s.end_token; ++i) {
    if (!LowerIs(i, "(") || !Is(i + 1, kWord)) continue;
    size_t e = ChainEnd(i + 1, s.end_token);
    if (e >= s.end_token || !LowerIs(e, ")")) continue;
    std::string acronym = TextOf(i + 1, e);
    if (!LooksLikeAcronym(acronym)) continue;
    size_t letters = static_cast<size_t>(std::count_if(acronym.begin(), acronym.end(), [](char c) { return c != '-'; }));
    size_t max_words = std::min(letters + 5, letters * 2), words = 0;
    size_t first = i;
    while (first > s.first_token && words < max_words) {
      const Token& t = toks_[first - 1];
      if (t.kind == TokenKind::kPunct && !IsHyphen(t)) break;
      if (Is(first - 1, kWord)) ++words;
      --first;
    }
    if (first == i) continue;
    Span cand = SpanOf(first, i);
    size_t at = LongFormStart(acronym, cand.Of(text_));
    if (at == std::string_view::npos) continue;
    size_t lf = first;
    while (lf < i && toks_[lf].span.end <= cand.begin + at) ++lf;
    if (lf >= i || !Is(lf, kCapWord) || toks_[lf].span.begin != cand.begin + at) continue;
    std::string_view type = Interned(AcronymType(tags, s.first_token, lf, i, e));
    Range longform(lf, i, type, Strength::kRule, 3);
    Range shortform(i + 1, e, type, Strength::kRule, 3, "acronym");
    Add(longform);
    Add(shortform);
    same_.push_back({SpanOf(lf, i), SpanOf(i + 1, e)});
    defined_.emplace(acronym, type);
    AliasAfter(s, e, shortform);
  }
}

// "(TTP), or Pakistani Taliban,": another name right after a definition.
void Scanner::AliasAfter(const Sentence& s, size_t close, const Range& acronym) {
  size_t k = close + 1;
  if (k < s.end_token && LowerIs(k, ",")) ++k;
  std::string phrase;
  size_t cue_end = 0;
  for (size_t j = k; j < s.end_token && j < k + 4; ++j) {
    phrase += (phrase.empty() ? "" : " ") + toks_[j].lower;
    if (AliasCues().Contains(phrase)) cue_end = j + 1;
    if (!AliasCues().IsPrefix(phrase)) break;
  }
  if (!cue_end) return;
  size_t e = ItemForward(cue_end, s.end_token, 5);
  if (e == cue_end) return;
  bool closed = e == s.end_token || toks_[e].kind == TokenKind::kPunct;
  if (!closed) return;
  Add(Range(cue_end, e, acronym.type, Strength::kRule, 3));
  same_.push_back({SpanOf(cue_end, e), SpanOf(acronym.begin, acronym.end)});
}

size_t Scanner::ItemForward(size_t i, size_t end, size_t max) const {
  size_t e = i, n = 0;
  while (e < end && n < max && Is(e, kCapWord) && !Is(e, kDeterminer)) {
    e = ChainEnd(e, end);
    ++n;
  }
  return e;
}

size_t Scanner::ItemBackward(size_t j, size_t begin, size_t max) const {
  size_t b = j, n = 0;
  while (b > begin && n < max) {
    size_t w = b - 1;
    while (w >= begin + 2 && IsHyphen(toks_[w - 1]) && Glued(w - 2, w - 1) && Glued(w - 1, w)) w -= 2;
    if (!Is(w, kCapWord) || Is(w, kDeterminer)) break;
    b = w;
    ++n;
  }
  return b;
}

// Names listed with a place noun are places, whatever the tagger thought:
// "Helmand and Paktika provinces", "districts, including Chitral, Bajaur,
// Mohmand, Angoor Adda, and Kurram". A capitalised word opening the sentence
// counts only when the tagger marked it too ("Border crossings including").
void Scanner::PlaceLists(const Sentence& s, const std::vector<Range>& tagged) {
  auto separator = [&](size_t k) { return LowerIs(k, ",") || LowerIs(k, "and") || LowerIs(k, "or"); };
  for (size_t k = s.first_token + 1; k < s.end_token; ++k) {
    const Token& t = toks_[k];
    std::vector<std::pair<size_t, size_t>> items;
    if (Is(k, kWord) && !t.capitalized && Is(k, kPlaceNoun)) {
      size_t j = k;
      while (true) {
        size_t b = ItemBackward(j, s.first_token);
        if (b == j) break;
        items.push_back({b, j});
        size_t p = b;
        while (p > s.first_token && separator(p - 1)) --p;
        if (p == b) break;
        j = p;
      }
    } else if (Is(k, kListCue)) {
      bool plural = false;
      for (size_t p = k > s.first_token + 12 ? k - 12 : s.first_token; p < k; ++p) {
        plural |= Is(p, kPlaceNounPlural);
      }
      if (!plural) continue;
      size_t i = k + 1;
      while (i < s.end_token) {
        size_t e = ItemForward(i, s.end_token);
        if (e == i) break;
        items.push_back({i, e});
        i = e;
        while (i < s.end_token && separator(i)) ++i;
      }
    }
    MarkPlaces(s, items, tagged);
  }
}

void Scanner::MarkPlaces(const Sentence& s, const std::vector<std::pair<size_t, size_t>>& items,
                         const std::vector<Range>& tagged) {
  for (const auto& item : items) {
    size_t b = item.first, e = item.second;  // not a structured binding: lambdas capture these
    if (e - b == 1 && (IsDemonym(toks_[b]) || toks_[b].span.size() < 2)) continue;  // "Afghan territory", "B"
    bool was_tagged = std::any_of(tagged.begin(), tagged.end(), [&](const Range& r) { return r.begin < e && b < r.end; });
    if (b == s.first_token && !was_tagged) continue;
    Add(Range(b, e, "LOC", Strength::kRule, 2));
  }
}

// A run of capitalised words (with "of" and a possessive inside) that holds
// an organisation's head noun: "King's College London".
void Scanner::OrgHeads(const Sentence& s, const std::vector<WordTags>& tags) {
  for (size_t i = s.first_token; i < s.end_token;) {
    if (!Is(i, kCapWord) || Is(i, kDeterminer | kStopword)) {
      ++i;
      continue;
    }
    size_t e = i + 1;
    bool head = Is(i, kOrgHead);
    while (e < s.end_token) {
      if (Is(e, kCapWord)) { head |= Is(e, kOrgHead); ++e; continue; }
      bool inner = e + 1 < s.end_token && Is(e + 1, kCapWord);
      // "King's College London" runs on; "Pakistan's Foreign Office" is a
      // place's institution and stops (InstitutionsOf reads those).
      bool possessive = LowerIs(e, "'s") && (tags[e - 1 - s.first_token].ner.find("LOC") == std::string_view::npos ||
                                             PlacesNamed(TextOf(e - 1, e)).empty());
      if (inner && (Is(e, kConnector) || possessive)) { ++e; continue; }
      break;
    }
    if (head && e - i >= 2) Add(Range(i, e, "ORG", Strength::kRule, 2));
    i = e;
  }
}

// "Pakistani army", "Pakistan's armed forces": one organisation per country
// and institution, whichever way the country is written.
void Scanner::InstitutionsOf(const Sentence& s, const std::vector<Range>& tagged) {
  for (size_t i = s.first_token; i < s.end_token; ++i) {
    const Token& t = toks_[i];
    if (!Is(i, kCapWord)) continue;
    // The institution after the name, then (only then: knowledge look-ups
    // cost more than the lexicon's) whether the name is a country's as
    // tagged ("Saudi Arabia") or a demonym ("Saudi").
    auto institution = [&](size_t k, std::string& canonical) -> size_t {
      if (k < s.end_token && LowerIs(k, "'s")) ++k;
      if (k >= s.end_token || !Is(k, kInstitutionStart)) return 0;
      std::string phrase;
      size_t end = 0;
      for (size_t j = k; j < s.end_token && j < k + 3; ++j) {
        phrase += (phrase.empty() ? "" : " ") + toks_[j].lower;
        if (const Lexicon::Row* r = Institutions().Find(phrase)) { end = j + 1; canonical = r->empty() ? phrase : (*r)[0]; }
        if (!Institutions().IsPrefix(phrase)) break;
      }
      return end;
    };
    std::string code, canonical;
    size_t k = i + 1, end = 0;
    auto place = std::find_if(tagged.begin(), tagged.end(), [&](const Range& x) { return x.begin == i; });
    if (place != tagged.end() && (end = institution(place->end, canonical)) != 0 &&
        IsCountryName(TextOf(place->begin, place->end))) {
      code = PlacesNamed(TextOf(place->begin, place->end)).front().country;
      k = place->end;
    } else if ((end = institution(i + 1, canonical)) != 0) {
      code = CountryCodeOfDemonym(t.lower);
    }
    if (code.empty()) continue;
    if (k < s.end_token && LowerIs(k, "'s")) ++k;
    // "Saudi Arabia's Foreign Ministry": the place stays a mention of its own,
    // the organisation is named with it.
    bool possessive = k > i + 1 && LowerIs(k - 1, "'s");
    Range r(possessive ? k : i, end, "ORG", Strength::kRule, 4);
    r.naming = namings_.size();
    namings_.push_back({"@" + code + " " + canonical, possessive ? TextOf(i, end) : std::string()});
    Add(r);
  }
}

// data/lexicon/entity_aliases.tsv names written in the text.
void Scanner::KnownAliasPhrases(const Sentence& s) {
  const KnownAliases& aliases = Aliases();
  for (size_t i = s.first_token; i < s.end_token; ++i) {
    if (!Is(i, kCapWord) || !Is(i, kAliasStart)) continue;
    for (size_t e = i + 1; e <= s.end_token && e <= i + 2 * aliases.max_words; ++e) {
      std::string key = NameKey(SpanOf(i, e).Of(text_));
      auto it = aliases.type.find(key);
      // Not when a capitalised word follows: the alias is then part of a
      // longer name ("Sufi Muhammad", a person).
      const bool longer_name = e < s.end_token && Is(e, kCapWord);
      if (it != aliases.type.end() && !longer_name) Add(Range(i, e, it->second, Strength::kRule, 3));
      // A longer phrase's key extends this one: stop when no alias does.
      if (!aliases.prefixes.count(key)) break;
    }
  }
}

// "the spokesman", "The Taliban spokesman", "the Taliban government's chief
// spokesman" not followed by a name: the person with that role in this
// document (an apposition right after a name is that name).
void Scanner::RoleNounsOf(const Sentence& s, const std::vector<Range>& tagged) {
  for (size_t i = s.first_token; i + 1 < s.end_token; ++i) {
    if (!Is(i, kDeterminer)) continue;
    size_t k = i + 1;
    while (k < s.end_token && k < i + 6 && !Is(k, kRoleNoun) &&
           (Is(k, kCapWord) || LowerIs(k, "'s") || Is(k, kRole))) {
      ++k;
    }
    if (k >= s.end_token || !Is(k, kRoleNoun)) continue;
    if (k + 1 < s.end_token && Is(k + 1, kCapWord)) continue;  // a title: "spokesman Zabihullah Mujahid"
    std::string person;
    if (i >= s.first_token + 2 && LowerIs(i - 1, ",")) {
      auto r = std::find_if(tagged.begin(), tagged.end(), [&](const Range& x) { return x.end == i - 1 && x.type == "PER"; });
      if (r != tagged.end()) person = TextOf(r->begin, r->end);
    }
    if (person.empty()) {
      const std::string& hint = (*RoleNouns().Find(toks_[k].lower))[0];
      const Person* p = people_.LastBefore(toks_[i].span.begin, hint);
      if (p && p->role.find(hint) != std::string::npos) person = p->name;
    }
    if (person.empty()) continue;
    Found f;
    f.span = SpanOf(i + 1, k + 1);
    f.text = std::string(f.span.Of(text_));
    f.name = f.text;
    f.type = MentionType::kPer;
    f.kind = MentionKind::kRole;
    f.person = person;
    f.key = NameKey(person);
    f.sentence = sentence_;
    roles_.push_back(std::move(f));
    i = k;
  }
}

// A defined acronym written again later without the tagger marking it.
void Scanner::MarkDefinedAcronyms() {
  if (defined_.empty()) return;
  for (size_t si = 0; si < seg_.sentences.size(); ++si) {
    const Sentence& s = seg_.sentences[si];
    for (size_t i = s.first_token; i < s.end_token; ++i) {
      if (!toks_[i].all_caps || (i > s.first_token && IsHyphen(toks_[i - 1]) && Glued(i - 1, i))) continue;
      size_t e = ChainEnd(i, s.end_token);
      std::string w = TextOf(i, e);
      auto it = defined_.find(w);
      if (it == defined_.end()) continue;
      sentence_ = si;
      title_case_ = IsTitleCase(toks_, s);
      Add(Range(i, e, it->second, Strength::kTagger, 1, "acronym"));
    }
  }
}

// Overlaps: the higher priority wins, then the longer; role mentions nest.
// One name, one type within a document (label consistency, as in Krishnan &
// Manning 2006): once "Zabihullah Mujahid" is a person, "Mujahid" alone is
// one too, in the headline where capitals say nothing ("Mujahid Says 25
// ...") and where the tagger typed it otherwise ("Scarborough said"),
// unless it typed a known place as a place.
void Scanner::SurnamesOfThisDocument() {
  std::unordered_set<std::string_view> surnames;
  for (const Range& r : ranges_) {
    if (r.type != "PER" || r.end - r.begin < 2 || !Is(r.end - 1, kCapWord)) continue;
    std::string_view last = toks_[r.end - 1].lower;
    if (CountryCodeOfDemonym(last).empty()) surnames.insert(last);  // "Ahmed Pakistani": no surname
  }
  if (surnames.empty()) return;
  std::vector<int> range_at(toks_.size(), -1);  // the one-word range on a token
  std::vector<bool> covered(toks_.size(), false);
  for (size_t k = 0; k < ranges_.size(); ++k) {
    for (size_t i = ranges_[k].begin; i < ranges_[k].end; ++i) covered[i] = true;
    if (ranges_[k].end == ranges_[k].begin + 1) range_at[ranges_[k].begin] = static_cast<int>(k);
  }
  for (size_t si = 0; si < seg_.sentences.size(); ++si) {
    const Sentence& s = seg_.sentences[si];
    for (size_t i = s.first_token; i < s.end_token; ++i) {
      if (!Is(i, kCapWord) || !surnames.count(toks_[i].lower)) continue;
      bool alone = (i + 1 == s.end_token || !Is(i + 1, kCapWord)) && (i == s.first_token || !Is(i - 1, kCapWord));
      if (range_at[i] >= 0 && ranges_[range_at[i]].strength == Strength::kTagger) {
        // A known place the tagger calls one stays a place: "Residents of
        // Kabul" beside a person tagged "Zabihullah Kabul".
        Range& r = ranges_[range_at[i]];
        if (r.type != "LOC" || PlacesNamed(toks_[i].lower).empty()) r.type = "PER";
      } else if (!covered[i]) {
        const bool title_case = IsTitleCase(toks_, s);
        if (!alone && !title_case) continue;
        sentence_ = si;
        title_case_ = title_case;
        Add(Range(i, i + 1, "PER", Strength::kTagger));
      }
    }
  }
}

void Scanner::KeepNonOverlapping() {
  std::vector<size_t> kept = Kept();
  std::vector<Found> names;
  names.reserve(kept.size());
  for (size_t i : kept) names.push_back(FoundOf(ranges_[i]));
  // Both lists are in text order (roles were found sentence by sentence), so
  // a merge orders them as a stable sort of names-then-roles would: at an
  // equal begin the name first.
  out_.mentions.reserve(names.size() + roles_.size());
  std::merge(std::make_move_iterator(names.begin()), std::make_move_iterator(names.end()),
             std::make_move_iterator(roles_.begin()), std::make_move_iterator(roles_.end()),
             std::back_inserter(out_.mentions),
             [](const Found& a, const Found& b) { return a.span.begin < b.span.begin; });
  for (const auto& [a, b] : same_) {
    size_t x = NameAt(a), y = NameAt(b);
    if (x < out_.mentions.size() && y < out_.mentions.size()) out_.same.push_back({x, y});
  }
}

// The ranges kept, as indices into ranges_ in text order. Ranges are token
// intervals, never empty: one overlaps a kept range exactly when one of its
// tokens is taken.
std::vector<size_t> Scanner::Kept() const {
  std::vector<size_t> order(ranges_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Range& x = ranges_[a];
    const Range& y = ranges_[b];
    if (x.priority != y.priority) return x.priority > y.priority;
    return x.end - x.begin > y.end - y.begin;
  });
  std::vector<size_t> kept;
  std::vector<bool> taken(toks_.size());
  for (size_t i : order) {
    const Range& r = ranges_[i];
    if (std::find(taken.begin() + r.begin, taken.begin() + r.end, true) != taken.begin() + r.end) continue;
    std::fill(taken.begin() + r.begin, taken.begin() + r.end, true);
    kept.push_back(i);
  }
  std::sort(kept.begin(), kept.end(), [&](size_t a, size_t b) { return ranges_[a].begin < ranges_[b].begin; });
  return kept;
}

Found Scanner::FoundOf(const Range& r) const {
  Found f;
  f.span = SpanOf(r.begin, r.end);
  f.text = std::string(f.span.Of(text_));
  const Naming* naming = r.naming == Range::kNoNaming ? nullptr : &namings_[r.naming];
  f.key = naming && !naming->key.empty() ? naming->key : NameKey(f.text);
  f.name = naming && !naming->name.empty() ? naming->name : f.text;
  f.type = TypeOf(r.type);
  f.strength = r.strength;
  f.kind = KindOf(r.kind).value_or(MentionKind::kName);
  f.title_case = r.title_case;
  f.sentence = r.sentence;
  return f;
}

// Index in out_.mentions of the name mention (not a role) spanning exactly
// `sp`, or out_.mentions.size(). Name mentions never share a begin.
size_t Scanner::NameAt(Span sp) const {
  const std::vector<Found>& ms = out_.mentions;
  auto it = std::lower_bound(ms.begin(), ms.end(), sp.begin,
                             [](const Found& f, size_t begin) { return f.span.begin < begin; });
  for (; it != ms.end() && it->span.begin == sp.begin; ++it) {
    if (it->kind != MentionKind::kRole) return it->span == sp ? static_cast<size_t>(it - ms.begin()) : ms.size();
  }
  return ms.size();
}

}  // namespace

constexpr std::string_view kTypeNames[] = {"PER", "ORG", "LOC", "MISC"};
constexpr std::string_view kKindNames[] = {"name", "acronym", "role"};

MentionType TypeOf(std::string_view type) {
  for (size_t i = 0; i < 3; ++i) {
    if (type == kTypeNames[i]) return static_cast<MentionType>(i);
  }
  return MentionType::kMisc;
}

std::string_view TypeName(MentionType type) { return kTypeNames[static_cast<size_t>(type)]; }

std::optional<MentionKind> KindOf(std::string_view kind) {
  for (size_t i = 0; i < std::size(kKindNames); ++i) {
    if (kind == kKindNames[i]) return static_cast<MentionKind>(i);
  }
  return std::nullopt;
}

std::string_view KindName(MentionKind kind) { return kKindNames[static_cast<size_t>(kind)]; }

DocumentMentions FindMentions(const Tagger& tagger, const Document& doc, const SegmentedText& seg,
                              const People& people, std::vector<uint8_t>* tags) {
  return Scanner(tagger, doc, seg, people, tags).Run();
}

}  // namespace crosscheck::entity_internal
