#include "extract/attribution.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "base/lexicon.h"
#include "text/word_lists.h"

namespace crosscheck {

namespace {

const Lexicon& Roles() {
  static const Lexicon& lex = Lexicon::Get("roles.tsv");
  return lex;
}
const Lexicon& Sides() {
  static const Lexicon& lex = Lexicon::Get("sides.tsv");
  return lex;
}
const Lexicon& Speech() {
  static const Lexicon& lex = Lexicon::Get("speech.tsv");
  return lex;
}
const Lexicon& Determiners() {
  static const Lexicon& lex = Lexicon::Get("determiners.tsv");
  return lex;
}
const Lexicon& Pronouns() {
  static const Lexicon& lex = Lexicon::Get("pronouns.tsv");
  return lex;
}
const Lexicon& Stops() {
  static const Lexicon& lex = Lexicon::Get("np_stop.tsv");
  return lex;
}

bool IsTitle(const Token& t) {
  std::string_view k = FieldInList(t, WordList::kRoles);
  return k == "title" || k == "both";
}
bool IsRole(const Token& t) { return InList(t, WordList::kRoles); }
const Lexicon& QuoteCues() {
  static const Lexicon& lex = Lexicon::Get("quote_cues.tsv");
  return lex;
}
// A cue for claims and quotations alike.
bool IsSpeech(const Token& t) { return t.kind == TokenKind::kWord && InList(t, WordList::kSpeech); }
// A verb that introduces quoted words only ("continued", "wrote").
bool IsQuoteCue(const Token& t) { return t.kind == TokenKind::kWord && FieldInList(t, WordList::kQuoteCues) == "verb"; }
// Any verb of saying, as a word that ends a noun phrase or is no name.
bool IsSayingWord(const Token& t) { return InList(t, WordList::kSpeech) || FieldInList(t, WordList::kQuoteCues) == "verb"; }

// The keys of every lexicon that rules a word out of a name (roles, sides,
// determiners, pronouns, saying verbs, noun-phrase stops) in one lexicon:
// IsNameWord asks it of a token without word-list bits (one lookup beats
// seven); a token with them answers from its bits.
const Lexicon& NotNameWords() {
  static const Lexicon lex = [] {
    std::string tsv;
    auto add = [&tsv](const Lexicon& from, std::string_view only_kind) {
      for (const Lexicon::Row& r : from.rows()) {
        // The kind of the row that won for this key (later duplicates win).
        if (!only_kind.empty() && from.Field(r[0]) != only_kind) continue;
        tsv += r[0] + "\t\n";  // the tab keeps an empty key a key
      }
    };
    for (const Lexicon* from : {&Roles(), &Sides(), &Determiners(), &Pronouns(), &Speech(), &Stops()}) add(*from, "");
    add(QuoteCues(), "verb");
    return Lexicon::Parse(tsv);
  }();
  return lex;
}

// A word that can be part of a person's name.
bool IsNameWord(const Token& t) {
  if (t.kind != TokenKind::kWord || !t.capitalized || t.all_caps) return false;
  if (!(t.lists & kListsKnown)) return !NotNameWords().Contains(t.lower);
  constexpr uint32_t kNotName = ListBit(WordList::kRoles) | ListBit(WordList::kSides) |
                                ListBit(WordList::kDeterminers) | ListBit(WordList::kPronouns) |
                                ListBit(WordList::kSpeech) | ListBit(WordList::kNpStop);
  if (t.lists & kNotName) return false;
  return !(t.lists & ListBit(WordList::kQuoteCues)) || FieldInList(t, WordList::kQuoteCues) != "verb";
}

std::string TextOf(std::string_view text, const std::vector<Token>& toks, size_t a, size_t b) {
  return std::string(text.substr(toks[a].span.begin, toks[b - 1].span.end - toks[a].span.begin));
}

// Role words and affiliation before a name: "Pakistan’s Interior Minister".
void DescribeFromPrefix(std::string_view text, const std::vector<Token>& toks, size_t first,
                        size_t name_begin, Person& p) {
  size_t k = name_begin;
  while (k > first && (IsTitle(toks[k - 1]) || toks[k - 1].lower == ".")) --k;
  if (k < name_begin && p.role.empty()) {
    std::string role;
    for (size_t i = k; i < name_begin; ++i) {
      if (toks[i].kind != TokenKind::kWord) continue;
      role += (role.empty() ? "" : " ") + toks[i].lower;
    }
    p.role = role;
  }
  if (k > first && toks[k - 1].lower == "'s") --k;
  size_t at = 0;
  std::string side = SideOf(toks, k > first + 2 ? k - 2 : first, k, &at);
  if (!side.empty() && p.side.empty()) {
    p.side = side;
    p.affiliation = std::string(toks[at].span.Of(text));
  }
}

// ", the Taliban government’s chief spokesman," after a name.
void DescribeFromAppositive(std::string_view text, const std::vector<Token>& toks, size_t comma,
                            size_t end, Person& p) {
  size_t close = comma + 1;
  while (close < end && close < comma + 16 && toks[close].lower != ",") ++close;
  bool has_role = false;
  for (size_t i = comma + 1; i < close; ++i) {
    if (IsTitle(toks[i]) && p.role.empty()) p.role = toks[i].lower;
    has_role |= IsTitle(toks[i]) || toks[i].lower == "fellow" || toks[i].lower == "analyst";
  }
  if (!has_role) return;
  size_t at = 0;
  std::string side = SideOf(toks, comma + 1, close, &at);
  if (!side.empty() && p.side.empty()) {
    p.side = side;
    p.affiliation = std::string(toks[at].span.Of(text));
  }
}

}  // namespace

std::string SideOf(const std::vector<Token>& tokens, size_t begin, size_t end, size_t* at) {
  for (size_t i = begin; i < end; ++i) {
    if (tokens[i].kind != TokenKind::kWord) continue;
    // Two-word sides first ("Pakistani Taliban" is not Afghanistan's); a
    // word that begins no side cannot begin a two-word one (lower is
    // lower-case already, as IsPrefix wants).
    if (i + 1 < end && Sides().IsPrefix(tokens[i].lower)) {
      std::string two = tokens[i].lower + " " + tokens[i + 1].lower;
      if (const Lexicon::Row* r = Sides().Find(two)) {
        if (at) *at = i;
        return (*r)[0];
      }
    }
    if (const Lexicon::Row* r = FindInList(tokens[i], WordList::kSides)) {
      // "US" in lower case is the pronoun "us".
      if (tokens[i].lower == "us" && !tokens[i].all_caps) continue;
      if (at) *at = i;
      return (*r)[0];
    }
  }
  return {};
}

namespace {
thread_local uint64_t people_examined = 0;
}  // namespace

uint64_t People::examined() { return people_examined; }

Person& People::Add(const std::string& name) {
  ++people_examined;
  auto [it, added] = by_name_.try_emplace(name, people_.size());
  if (!added) return people_[it->second];
  Person p;
  p.name = name;
  p.surname = name.substr(name.rfind(' ') + 1);
  by_surname_.try_emplace(p.surname, people_.size());  // the first keeps it
  people_.push_back(std::move(p));
  return people_.back();
}

People People::Find(std::string_view text, const SegmentedText& seg) {
  People out;
  const auto& toks = seg.tokens;
  for (const Sentence& s : seg.sentences) {
    if (s.headline) continue;  // Title Case hides which words are names
    for (size_t a = s.first_token; a < s.end_token; ++a) {
      if (!IsNameWord(toks[a]) || (a > s.first_token && IsNameWord(toks[a - 1]))) continue;
      size_t b = a;
      while (b < s.end_token && b < a + 4 && IsNameWord(toks[b])) ++b;
      if (b - a < 2) continue;
      bool titled = a > s.first_token && (IsTitle(toks[a - 1]) || toks[a - 1].lower == ".");
      bool speaks = (b < s.end_token && IsSpeech(toks[b])) ||
                    (a > s.first_token && IsSpeech(toks[a - 1]));
      bool apposed = b < s.end_token && toks[b].lower == ",";
      Person probe;
      if (apposed) DescribeFromAppositive(text, toks, b, s.end_token, probe);
      if (!titled && !speaks && probe.role.empty()) continue;
      Person& p = out.Add(TextOf(text, toks, a, b));
      DescribeFromPrefix(text, toks, s.first_token, a, p);
      if (p.role.empty()) p.role = probe.role;
      if (p.side.empty()) { p.side = probe.side; p.affiliation = probe.affiliation; }
      a = b - 1;
    }
  }
  // Every mention of a known full name or surname, for pronoun resolution
  // (a surname table, so the cost follows the tokens, not tokens × people).
  std::unordered_map<std::string_view, std::vector<size_t>> by_surname;
  for (size_t i = 0; i < out.people_.size(); ++i) by_surname[out.people_[i].surname].push_back(i);
  for (const Sentence& s : seg.sentences) {
    for (size_t i = s.first_token; i < s.end_token; ++i) {
      auto it = by_surname.find(toks[i].span.Of(text));
      if (it == by_surname.end()) continue;
      for (size_t p : it->second) {
        out.people_[p].mentions.push_back(toks[i].span.begin);
        out.by_offset_.emplace_back(toks[i].span.begin, p);
      }
    }
  }
  return out;
}

void People::FillFrom(const People& other) {
  for (Person& p : people_) {
    const Person* o = other.ByName(p.name);
    if (!o) continue;
    if (p.role.empty()) p.role = o->role;
    if (p.side.empty()) { p.side = o->side; p.affiliation = o->affiliation; }
  }
}

void People::Merge(const People& other) {
  by_name_.reserve(people_.size() + other.people_.size());
  for (const Person& o : other.people_) Merge(o);
}

void People::Merge(const Person& o) {
  Person& p = Add(o.name);
  if (p.role.empty()) p.role = o.role;
  if (p.side.empty()) { p.side = o.side; p.affiliation = o.affiliation; }
}

const Person* People::OwnByName(std::string_view name) const {
  ++people_examined;
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &people_[it->second];
}

const Person* People::OwnBySurname(std::string_view surname) const {
  ++people_examined;
  auto it = by_surname_.find(surname);
  return it == by_surname_.end() ? nullptr : &people_[it->second];
}

// A copy with the corpus merged in would hold this document's people first:
// an own name or surname wins. No own person has a surname the corpus finds
// (the same name has the same surname), so the corpus's first is the copy's.
const Person* People::ByName(std::string_view name) const {
  const Person* p = OwnByName(name);
  if (p || !corpus_) return p;
  if (asked_) asked_->push_back("n" + std::string(name));
  return corpus_->OwnByName(name);
}

const Person* People::BySurname(std::string_view surname) const {
  const Person* p = OwnBySurname(surname);
  if (p || !corpus_) return p;
  if (asked_) asked_->push_back("s" + std::string(surname));
  return corpus_->OwnBySurname(surname);
}

const Person* People::LastBefore(size_t offset, std::string_view role_hint) const {
  // Mentions are in text order: a binary search per role holder, then one in
  // the index of all mentions. Ties (one surname, two people) go to the later person.
  const Person* best = nullptr;
  size_t best_at = 0;
  for (const Person& p : people_) {
    if (role_hint.empty() || p.role.find(role_hint) == std::string::npos) continue;
    auto it = std::lower_bound(p.mentions.begin(), p.mentions.end(), offset);
    if (it != p.mentions.begin() && (!best || *std::prev(it) >= best_at)) { best = &p; best_at = *std::prev(it); }
  }
  if (best) return best;
  auto it = std::lower_bound(by_offset_.begin(), by_offset_.end(), std::pair<size_t, size_t>(offset, 0));
  return it == by_offset_.begin() ? nullptr : &people_[std::prev(it)->second];
}

namespace {

// "Mr", "Sen", "Gov" before a period: a short capitalised word, so the period
// is part of the name ("Mr. Bruner concluded"), not the end of a sentence.
bool IsAbbreviation(const Token& t) {
  return t.kind == TokenKind::kWord && t.capitalized && t.lower.size() <= 4;
}

// Walks left from `end` over a speaker phrase; returns its first token.
size_t SpeakerPhraseStart(const std::vector<Token>& toks, size_t first, size_t end) {
  size_t k = end;
  if (k > first && InList(toks[k - 1], WordList::kPronouns)) return k - 1;
  while (k > first && k + 10 > end) {
    const Token& t = toks[k - 1];
    bool word = t.kind == TokenKind::kWord;
    bool ok = (word && (t.capitalized || IsRole(t) || InList(t, WordList::kDeterminers) ||
                        InList(t, WordList::kSides))) ||
              t.lower == "'s" || (t.lower == "-" && k - 1 > first && toks[k - 2].capitalized) ||
              (t.lower == "." && k - 1 > first && IsAbbreviation(toks[k - 2]) && k < end && toks[k].capitalized);
    // "The Taliban government in Afghanistan": a preposition between names.
    if (!ok && (t.lower == "in" || t.lower == "of") && k < end && toks[k].capitalized && k - 1 > first &&
        toks[k - 2].kind == TokenKind::kWord) {
      ok = true;
    }
    if (!ok || (word && InList(t, WordList::kNpStop) && t.lower != "in" && t.lower != "of")) break;
    --k;
  }
  // Never begin on a preposition.
  while (k < end && (toks[k].lower == "in" || toks[k].lower == "of")) ++k;
  return k;
}

Source ResolveSource(std::string_view text, const std::vector<Token>& toks, size_t a, size_t b,
                     const People& people, bool loose) {
  Source src;
  while (a < b && FieldInList(toks[a], WordList::kDeterminers) == "article") ++a;
  if (a >= b) return src;
  bool only_determiners = true;  // "her remarks": "her" alone names nobody
  for (size_t i = a; i < b; ++i) only_determiners &= InList(toks[i], WordList::kDeterminers);
  if (only_determiners) return src;
  src.span = {toks[a].span.begin, toks[b - 1].span.end};
  if (b - a == 1 && InList(toks[a], WordList::kPronouns)) {
    // Unresolved, the name stays empty: callers drop it or resolve it themselves.
    src.kind = FieldInList(toks[a], WordList::kPronouns) == "person" ? "person" : "organization";
    const Person* p = src.kind == "person" ? people.LastBefore(toks[a].span.begin) : nullptr;
    if (p) { src.name = p->name; src.side = p->side; src.affiliation = p->affiliation; }
    return src;
  }
  // A name at the end of the phrase: "Taliban spokesman Zabihullah Mujahid".
  size_t n = b;
  while (n > a && IsNameWord(toks[n - 1])) --n;
  size_t side_at = 0;
  std::string prefix_side = SideOf(toks, a, n, &side_at);
  if (n < b) {
    std::string name = TextOf(text, toks, n, b);
    const Person* p = b - n == 1 ? people.BySurname(name) : people.ByName(name);
    if (!p && b - n > 1) p = people.BySurname(std::string(toks[b - 1].span.Of(text)));
    src.kind = "person";
    src.name = p ? p->name : name;
    src.side = p && !p->side.empty() ? p->side : prefix_side;
    src.affiliation = p && !p->affiliation.empty() ? p->affiliation
                      : prefix_side.empty() ? std::string() : std::string(toks[side_at].span.Of(text));
    return src;
  }
  // A role without a name ("the spokesperson") stands for the last such person;
  // a loose phrase ("the senior Cruz adviser") only for one who holds that role.
  bool title_only = false, body = false;
  for (size_t i = a; i < b; ++i) {
    std::string_view kind = FieldInList(toks[i], WordList::kRoles);
    if (kind == "title") title_only = true;
    if (kind == "body" || kind == "both") body = true;
  }
  if (title_only && !body) {
    std::string hint(toks[b - 1].lower.substr(0, 6));
    const Person* p = people.LastBefore(toks[a].span.begin, hint);
    if (p && (!loose || p->role.find(hint) != std::string::npos)) {
      src.name = p->name; src.kind = "person"; src.side = p->side; src.affiliation = p->affiliation;
      return src;
    }
  }
  // An institution: cut "in Afghanistan" from "Taliban government in Afghanistan".
  size_t cut = b;
  for (size_t i = a + 1; i < b; ++i) {
    if (toks[i].lower == "in") { cut = i; break; }
  }
  src.kind = "organization";
  src.name = TextOf(text, toks, a, cut);
  src.side = SideOf(toks, a, b);
  return src;
}

// Words that open a common noun phrase on their own: articles, possessives
// (determiners.tsv) and quantifiers that can stand alone ("one", "another").
bool OpensNounPhrase(const Token& t) {
  return InList(t, WordList::kDeterminers) || t.lower == "one" || t.lower == "another";
}

// A speaker named by a common noun, walking left from `end`: "the gambling
// tycoon", "his colleague", "a man", "Trump supporters". Returns `end` when
// there is none. Only for quotations: without POS tags, "the attack said"
// cannot be told from a speaker, but next to a quote mark it rarely occurs.
size_t LooseSubjectStart(const std::vector<Token>& toks, size_t first, size_t end) {
  constexpr size_t kMaxWords = 6;
  size_t k = end;
  while (k > first && end - k < kMaxWords) {
    const Token& t = toks[k - 1];
    if (t.kind == TokenKind::kPunct || InList(t, WordList::kNpStop) || InList(t, WordList::kPronouns) ||
        IsSayingWord(t)) {
      break;
    }
    --k;
    if (OpensNounPhrase(t)) return k;
  }
  bool bounded = k == first || toks[k - 1].kind == TokenKind::kPunct;
  return k < end && bounded ? k : end;
}

// True when most of the sentence's words are lower-case: prose, where a
// capitalised cue word mid-sentence is part of a name ("the United States").
bool IsProse(const std::vector<Token>& toks, const Sentence& s) {
  size_t words = 0, lower = 0;
  for (size_t k = s.first_token; k < s.end_token; ++k) {
    if (toks[k].kind != TokenKind::kWord) continue;
    ++words;
    lower += !toks[k].capitalized;
  }
  return !s.headline && 2 * lower >= words;
}

// One past a common noun phrase that opens at `det` ("The spokesman", "A
// footnote"), before `limit`. Without POS tags the verb is guessed: the phrase
// ends after a role word ("The spokesman used …"), before a stop word, a
// speech verb or another determiner, and before a past-tense -ed word that is
// not the first after the determiner ("The first incident came", "the
// embattled senator").
size_t NounPhraseEnd(const std::vector<Token>& toks, size_t det, size_t limit) {
  size_t b = det + 1;
  while (b < limit && toks[b].kind == TokenKind::kWord && !InList(toks[b], WordList::kNpStop) &&
         !IsSayingWord(toks[b]) && !InList(toks[b], WordList::kDeterminers) &&
         !(b > det + 1 && toks[b].lower.ends_with("ed"))) {
    if (FieldInList(toks[b++], WordList::kRoles) == "title") break;
  }
  return b;
}

const Lexicon& ClauseOpeners() {
  static const Lexicon& lex = Lexicon::Get("clause_openers.tsv");
  return lex;
}

// Tokens [begin, end) of a sentence's subject.
struct TokenRange {
  size_t begin = 0, end = 0;
};

// Where the subject can begin: after a leading conjunction ("But he said")
// and after a fronted phrase up to its comma ("In a Fox interview later that
// day, Trump went further", "Reflecting on …, Brown said").
size_t SubjectSearchStart(const std::vector<Token>& toks, const Sentence& s, size_t limit) {
  constexpr size_t kMaxFronted = 16;
  size_t b = s.first_token;
  if (b + 1 < limit && ClauseOpeners().Field(toks[b].lower) == "conjunction") ++b;
  bool fronted = b < limit && (ClauseOpeners().Field(toks[b].lower) == "adverbial" ||
                               (toks[b].capitalized && toks[b].lower.ends_with("ing")));
  if (!fronted) return b;
  for (size_t k = b + 1; k < limit && k < b + kMaxFronted; ++k) {
    if (toks[k].lower == ",") return k + 1;
  }
  return limit;
}

// The name, pronoun or common noun phrase that opens sentence s (after a
// conjunction or a fronted phrase), when a lower-case word (its verb) follows
// before `limit`: "Mujahid denied", "He accused", "A footnote in the report
// makes". Empty when there is none.
TokenRange SubjectOf(const std::vector<Token>& toks, const Sentence& s, size_t limit) {
  constexpr size_t kMaxWords = 6;
  const size_t first = SubjectSearchStart(toks, s, limit);
  size_t b = first;
  if (b < limit && InList(toks[b], WordList::kPronouns)) {
    ++b;
  } else if (b < limit && OpensNounPhrase(toks[b])) {
    b = NounPhraseEnd(toks, b, std::min(limit, first + kMaxWords));
  } else {
    while (b < limit && b < first + 8 &&
           (toks[b].capitalized || toks[b].lower == "'s" || IsRole(toks[b]) ||
            (toks[b].lower == "." && b > first && IsAbbreviation(toks[b - 1])))) {
      ++b;
    }
    if (b == first || !IsNameWord(toks[b - 1])) return {};
    if (b == first + 1 && InList(toks[first], WordList::kStopwords)) return {};  // "I think", "What"
  }
  bool verb = b > first && b < limit && toks[b].kind == TokenKind::kWord && !toks[b].capitalized;
  return verb ? TokenRange{first, b} : TokenRange{};
}

bool IsWeekday(const Token& t) { return FieldInList(t, WordList::kCalendar) == "weekday"; }

bool IsQuoteMark(const Token& t) {
  return t.kind == TokenKind::kPunct && InList(t, WordList::kQuoteMarks);
}

class SentenceCues {
 public:
  SentenceCues(std::string_view text, const SegmentedText& seg, const Sentence& s, const People& people,
               const AttributionOptions& options)
      : text_(text), toks_(seg.tokens), s_(s), people_(people), options_(options),
        prose_(IsProse(seg.tokens, s)) {}

  std::vector<Attribution> Run() {
    for (size_t k = s_.first_token; k < s_.end_token; ++k) {
      const Token& t = toks_[k];
      if (t.lower == "according" && k + 1 < s_.end_token && toks_[k + 1].lower == "to") {
        AccordingTo(k);
      } else if (options_.quotations && t.lower == ":" && k + 1 < s_.end_token && IsQuoteMark(toks_[k + 1])) {
        NameColon(k);
      } else if (options_.quotations && IsDash(t)) {
        Dash(k);
      } else if (IsSpeech(t) || (options_.quotations && IsQuoteCue(t))) {
        // A capitalised cue inside prose is part of a name: "the United States".
        if (t.capitalized && prose_ && k > s_.first_token) continue;
        Verb(k);
      }
    }
    return std::move(out_);
  }

 private:
  void Push(Attribution a) {
    // Quotations resolve pronouns themselves, over more than People knows.
    if (options_.quotations && IsPronounSpan(a.source.span)) a.source.name.clear();
    // An unresolved pronoun stays, for the caller to resolve.
    bool pronoun = options_.quotations && !a.source.span.empty() && !a.source.kind.empty();
    if (!a.source.name.empty() || pronoun) out_.push_back(std::move(a));
  }

  // True when `span` is exactly one pronoun token (binary search: tokens are in text order).
  bool IsPronounSpan(Span span) const {
    auto first = toks_.begin() + static_cast<std::ptrdiff_t>(s_.first_token);
    auto last = toks_.begin() + static_cast<std::ptrdiff_t>(s_.end_token);
    auto it = std::lower_bound(first, last, span.begin, [](const Token& t, size_t b) { return t.span.begin < b; });
    return it != last && it->span == span && InList(*it, WordList::kPronouns);
  }

  // "according to X": X runs to punctuation or a stop word ("X's spokesman" included).
  void AccordingTo(size_t k) {
    size_t b = k + 2;
    while (b < s_.end_token && b < k + 10 && toks_[b].kind != TokenKind::kPunct && !InList(toks_[b], WordList::kNpStop)) ++b;
    while (b < s_.end_token && toks_[b].lower == "'s") b += 2;  // "X's spokesman"
    b = std::min(b, s_.end_token);
    Push({k, true, "claimed", ResolveSource(text_, toks_, k + 2, b, people_, false)});
  }

  // speech.tsv's modality; quotation-only cues claim.
  static std::string Modality(const Token& cue) {
    std::string_view m = FieldInList(cue, WordList::kSpeech);
    return m.empty() ? "claimed" : std::string(m);
  }

  static bool IsDash(const Token& t) {
    return t.kind == TokenKind::kPunct && FieldInList(t, WordList::kQuoteCues) == "dash";
  }

  // "“…” ― Esther Tapia", "- Hillary Clinton.": a dash after a quote mark (or
  // opening the sentence), then nothing but a name to the sentence's end.
  void Dash(size_t k) {
    constexpr size_t kMaxNameTokens = 8;
    if (k > s_.first_token && !IsQuoteMark(toks_[k - 1])) return;
    size_t b = k + 1;
    while (b < s_.end_token && b < k + 1 + kMaxNameTokens && toks_[b].lower != "," &&
           !(toks_[b].lower == "." && !IsAbbreviation(toks_[b - 1]))) {
      ++b;
    }
    bool to_end = b == s_.end_token || b + 1 == s_.end_token;
    if (b == k + 1 || !to_end || SpeakerPhraseStart(toks_, k + 1, b) != k + 1 || !IsNameWord(toks_[b - 1])) return;
    Attribution a{k, false, "claimed", ResolveSource(text_, toks_, k + 1, b, people_, true)};
    a.loose = true;
    Push(std::move(a));
  }

  // "Trump: “…”", "Kasich resisted: “…”", "A footnote makes that clear: “…”":
  // a colon before a quote mark quotes the name just before it, else the
  // subject of the sentence.
  void NameColon(size_t k) {
    if (k == s_.first_token) return;
    if (IsSpeech(toks_[k - 1]) || IsQuoteCue(toks_[k - 1])) return;  // "Brown said:" is the verb's
    size_t start = SpeakerPhraseStart(toks_, s_.first_token, k);
    bool bounded = start == s_.first_token || toks_[start - 1].kind == TokenKind::kPunct;
    if (start >= k || !bounded) {
      Subject(k);
      return;
    }
    Attribution a{k, true, "claimed", ResolveSource(text_, toks_, start, k, people_, true)};
    a.loose = true;
    Push(std::move(a));
  }

  // A cue verb with its speaker before it ("Mujahid said", "X, who …, said")
  // or after it ("…,” said Ayesha Siddiqa").
  void Verb(size_t k) {
    const Token& t = toks_[k];
    bool quote_cue = !IsSpeech(t);
    // Skip "has not independently" between the speaker and the verb.
    size_t end = k;
    bool negated = false;
    while (end > s_.first_token && (InList(toks_[end - 1], WordList::kCueModifiers) ||
                                    (options_.quotations && IsAdverb(toks_[end - 1])))) {
      negated |= FieldInList(toks_[end - 1], WordList::kCueModifiers) == "negation";
      --end;
    }
    end = SkipParenthetical(end);
    if (options_.quotations && end > s_.first_token + 1 && IsRelative(toks_[end - 1])) {
      Relative(k, end - 1);
      return;
    }
    if (options_.quotations && IsParticiple(t) && end == k) {
      Participle(k);
      return;
    }
    size_t start = SpeakerPhraseStart(toks_, s_.first_token, end);
    // "Zabihullah Mujahid, the Taliban's chief spokesman, said": skip the appositive;
    // "Rep. Duncan Hunter's chief of staff, Joe Kasper, told": the name is the appositive.
    if (start == end && end > s_.first_token && toks_[end - 1].lower == ",") {
      size_t m = end - 1;
      while (m > s_.first_token && m + 16 > end && toks_[m - 1].lower != ",") --m;
      if (m > s_.first_token && toks_[m - 1].lower == ",") {
        bool named = options_.quotations && m + 1 < end && SpeakerPhraseStart(toks_, m, end - 1) == m &&
                     IsNameWord(toks_[end - 2]);
        end = named ? end - 1 : SkipParenthetical(m - 1);
        start = named ? m : SpeakerPhraseStart(toks_, s_.first_token, end);
      }
    }
    if (start >= end && options_.quotations) {
      if (auto name = NameAfterQuote(k)) std::tie(start, end) = *name;
    }
    bool loose_subject = false;
    if (start >= end && options_.quotations) {
      start = LooseSubjectStart(toks_, s_.first_token, end);
      loose_subject = start < end;
    }
    if (start >= end) {
      Inverted(k, quote_cue);
      return;
    }
    Attribution a;
    a.cue_token = k;
    a.modality = negated ? "denied" : Modality(t);
    a.source = ResolveSource(text_, toks_, start, end, people_, loose_subject);
    a.leading = !(start > s_.first_token &&
                  (toks_[start - 1].lower == "," || toks_[start - 1].kind == TokenKind::kPunct));
    a.loose = quote_cue || loose_subject;
    Push(std::move(a));
  }

  // "“…,” Harry Bond, 30, of Raleigh, N.C., who was polled, said": the name
  // right after the closing mark, before a comma, when the appositives
  // between it and the cue are too many to skip one by one. Token range.
  std::optional<std::pair<size_t, size_t>> NameAfterQuote(size_t k) const {
    constexpr size_t kMaxReach = 32;
    size_t q = k;
    while (q > s_.first_token && q + kMaxReach > k && !IsQuoteMark(toks_[q - 1])) --q;
    if (q == s_.first_token || !IsQuoteMark(toks_[q - 1])) return std::nullopt;
    if (q < k && toks_[q].lower == ",") ++q;
    size_t r = q;
    while (r < k && (toks_[r].capitalized || (toks_[r].lower == "." && r > q && IsAbbreviation(toks_[r - 1])))) ++r;
    if (r == q || r >= k || toks_[r].lower != "," || !IsNameWord(toks_[r - 1])) return std::nullopt;
    return std::pair(q, r);
  }

  // "has also broadly called for …": an adverb between speaker and verb.
  static bool IsAdverb(const Token& t) { return t.kind == TokenKind::kWord && !t.capitalized && t.lower.ends_with("ly"); }

  // "Rep. Gwen Moore (D-Wis.) said": the first token of a parenthetical that
  // ends at `end`, else `end`.
  size_t SkipParenthetical(size_t end) const {
    constexpr size_t kMaxInside = 8;
    if (end <= s_.first_token || toks_[end - 1].lower != ")") return end;
    for (size_t k = end - 1; k > s_.first_token && k + kMaxInside > end; --k) {
      if (toks_[k - 1].lower == "(") return k - 1;
    }
    return end;
  }

  static bool IsRelative(const Token& t) { return t.lower == "who" || t.lower == "which" || t.lower == "that"; }

  // The noun phrase that ends at `end`: a name, else a common noun phrase.
  size_t PhraseBefore(size_t end) const {
    size_t start = SpeakerPhraseStart(toks_, s_.first_token, end);
    return start < end ? start : LooseSubjectStart(toks_, s_.first_token, end);
  }

  // "Mike Lee, who declared …", "the AP report, which notes …", "a headline
  // that said …": the speaker is the phrase before the relative pronoun; after
  // a comma the attribution rests on "who"/"which" itself.
  void Relative(size_t k, size_t rel) {
    bool comma = toks_[rel - 1].lower == ",";
    if (comma == (toks_[rel].lower == "that")) return;  // ", that" / "X who" are no relative clauses here
    size_t end = comma ? rel - 1 : rel;
    size_t start = PhraseBefore(end);
    if (start >= end) return;
    Attribution a{k, true, Modality(toks_[k]), ResolveSource(text_, toks_, start, end, people_, true)};
    if (comma) a.source.span = toks_[rel].span;
    a.loose = true;
    Push(std::move(a));
  }

  // A participle has no subject of its own. "…,” he said, adding, “…”": the
  // speaker of the cue before it; "Mujahid denied the strikes, saying …": the
  // sentence's subject; "a sign saying “…”": the noun phrase it follows.
  void Participle(size_t k) {
    if (k == s_.first_token) return;
    const Token& prev = toks_[k - 1];
    if (prev.lower == "," || prev.kind == TokenKind::kPunct) {
      if (out_.empty()) return Subject(k);
      Attribution a = out_.back();
      a.cue_token = k;
      a.loose = true;
      out_.push_back(std::move(a));
      return;
    }
    if (InList(prev, WordList::kNpStop)) return Subject(k);  // "Trump was saying"
    size_t start = PhraseBefore(k);
    if (start >= k) return;
    Attribution a{k, true, Modality(toks_[k]), ResolveSource(text_, toks_, start, k, people_, true)};
    a.loose = true;
    Push(std::move(a));
  }

  static bool IsParticiple(const Token& t) { return t.lower.size() > 4 && t.lower.ends_with("ing"); }

  // The speaker of a cue with none of its own: the sentence's subject.
  void Subject(size_t k) {
    TokenRange r = SubjectOf(toks_, s_, k);
    if (r.end == r.begin) return;
    Attribution a{k, true, Modality(toks_[k]), ResolveSource(text_, toks_, r.begin, r.end, people_, true)};
    a.loose = true;
    Push(std::move(a));
  }

  // "“The gloves are off,” said Ayesha Siddiqa", "…,” said an Iowa Democrat.":
  // after punctuation, the speaker follows the verb. It ends at punctuation, a
  // stop word, or "of" after a name ("said Robert Antonacci of the New York
  // delegation"); one that opens in lower case must reach punctuation, so
  // "…, said the attack killed five" has no speaker.
  void Inverted(size_t k, bool quote_cue) {
    // At a sentence's start only for quotations: "…right?” ¶ said the New York
    // businessman" is one sentence that the segmenter split after the quote.
    bool after_punct = k > s_.first_token ? toks_[k - 1].kind == TokenKind::kPunct : options_.quotations;
    if (!after_punct || k + 1 >= s_.end_token) return;
    const Token& next = toks_[k + 1];
    if (IsWeekday(next)) return;  // "…,” Moore said Friday" read backwards
    bool named = next.capitalized;
    bool common = !named && (OpensNounPhrase(next) || IsRole(next) ||
                             (options_.quotations && next.kind == TokenKind::kWord && !InList(next, WordList::kNpStop) &&
                              !InList(next, WordList::kPronouns)));
    if (!named && !common) return;
    size_t b = k + 1;
    auto hyphen = [&](size_t i) {  // "Al-Tabchi"
      return toks_[i].lower == "-" && i + 1 < s_.end_token && toks_[i + 1].capitalized;
    };
    while (b < s_.end_token && b < k + 8 && (toks_[b].kind != TokenKind::kPunct || hyphen(b)) &&
           !InList(toks_[b], WordList::kNpStop) && !(toks_[b].lower == "of" && IsNameWord(toks_[b - 1]))) {
      ++b;
    }
    // "said a Democratic strategist who spoke …", "said one Republican involved in …".
    bool ends_phrase = b == s_.end_token || toks_[b].kind == TokenKind::kPunct || IsRelative(toks_[b]) ||
                       (options_.quotations && OpensNounPhrase(next));
    if (common && !ends_phrase) return;
    bool role = false;
    for (size_t i = k + 1; i < b; ++i) role |= IsRole(toks_[i]);
    bool loose = quote_cue || (common && !role);
    if (loose && !options_.quotations) return;
    Attribution a{k, false, Modality(toks_[k]), ResolveSource(text_, toks_, k + 1, b, people_, loose)};
    a.loose = loose;
    Push(std::move(a));
  }

  std::string_view text_;
  const std::vector<Token>& toks_;
  const Sentence& s_;
  const People& people_;
  const AttributionOptions& options_;
  bool prose_;
  std::vector<Attribution> out_;
};

}  // namespace

std::vector<Attribution> FindAttributions(std::string_view text, const SegmentedText& seg, const Sentence& s,
                                          const People& people, const AttributionOptions& options) {
  return SentenceCues(text, seg, s, people, options).Run();
}

std::optional<Source> SentenceSubject(std::string_view text, const SegmentedText& seg, const Sentence& s,
                                      const People& people) {
  const auto& toks = seg.tokens;
  TokenRange r = SubjectOf(toks, s, s.end_token);
  if (r.end == r.begin) return std::nullopt;
  Source src = ResolveSource(text, toks, r.begin, r.end, people, true);
  if (r.end == r.begin + 1 && InList(toks[r.begin], WordList::kPronouns)) src.name.clear();
  if (src.span.empty()) return std::nullopt;
  return src;
}

}  // namespace crosscheck
