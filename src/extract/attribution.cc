#include "extract/attribution.h"

#include <algorithm>

#include "base/lexicon.h"

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
const Lexicon& CueModifiers() {
  static const Lexicon& lex = Lexicon::Get("cue_modifiers.tsv");
  return lex;
}

std::string Field(const Lexicon& lex, std::string_view key, size_t i = 0) {
  const Lexicon::Row* r = lex.Find(key);
  return r && r->size() > i ? (*r)[i] : std::string();
}

bool IsTitle(const Token& t) {
  std::string k = Field(Roles(), t.lower);
  return k == "title" || k == "both";
}
bool IsRole(const Token& t) { return Roles().Contains(t.lower); }
bool IsSpeech(const Token& t) { return t.kind == TokenKind::kWord && Speech().Contains(t.lower); }

// A word that can be part of a person's name.
bool IsNameWord(const Token& t) {
  return t.kind == TokenKind::kWord && t.capitalized && !t.all_caps && !IsRole(t) &&
         !Sides().Contains(t.lower) && !Determiners().Contains(t.lower) &&
         !Pronouns().Contains(t.lower) && !Speech().Contains(t.lower) && !Stops().Contains(t.lower);
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
    // Two-word sides first ("Pakistani Taliban" is not Afghanistan's).
    if (i + 1 < end) {
      std::string two = tokens[i].lower + " " + tokens[i + 1].lower;
      if (const Lexicon::Row* r = Sides().Find(two)) {
        if (at) *at = i;
        return (*r)[0];
      }
    }
    if (const Lexicon::Row* r = Sides().Find(tokens[i].lower)) {
      // "US" in lower case is the pronoun "us".
      if (tokens[i].lower == "us" && !tokens[i].all_caps) continue;
      if (at) *at = i;
      return (*r)[0];
    }
  }
  return {};
}

Person& People::Add(const std::string& name) {
  for (Person& p : people_) {
    if (p.name == name) return p;
  }
  Person p;
  p.name = name;
  p.surname = name.substr(name.rfind(' ') + 1);
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
  // Every mention of a known full name or surname, for pronoun resolution.
  for (const Sentence& s : seg.sentences) {
    for (size_t i = s.first_token; i < s.end_token; ++i) {
      for (Person& p : out.people_) {
        std::string_view w = toks[i].span.Of(text);
        if (w == p.surname) p.mentions.push_back(toks[i].span.begin);
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
  for (const Person& o : other.people_) {
    Person& p = Add(o.name);
    if (p.role.empty()) p.role = o.role;
    if (p.side.empty()) { p.side = o.side; p.affiliation = o.affiliation; }
  }
}

const Person* People::ByName(std::string_view name) const {
  for (const Person& p : people_) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const Person* People::BySurname(std::string_view surname) const {
  for (const Person& p : people_) {
    if (p.surname == surname) return &p;
  }
  return nullptr;
}

const Person* People::LastBefore(size_t offset, std::string_view role_hint) const {
  const Person* best = nullptr;
  size_t best_at = 0;
  for (int pass = 0; pass < 2 && !best; ++pass) {
    for (const Person& p : people_) {
      if (pass == 0 && (role_hint.empty() || p.role.find(role_hint) == std::string::npos)) continue;
      for (size_t m : p.mentions) {
        if (m < offset && (!best || m >= best_at)) { best = &p; best_at = m; }
      }
    }
  }
  return best;
}

namespace {

// Walks left from `end` over a speaker phrase; returns its first token.
size_t SpeakerPhraseStart(const std::vector<Token>& toks, size_t first, size_t end) {
  size_t k = end;
  if (k > first && Pronouns().Contains(toks[k - 1].lower)) return k - 1;
  while (k > first && k + 10 > end) {
    const Token& t = toks[k - 1];
    bool word = t.kind == TokenKind::kWord;
    bool ok = (word && (t.capitalized || IsRole(t) || Determiners().Contains(t.lower) ||
                        Sides().Contains(t.lower))) ||
              t.lower == "'s" || (t.lower == "-" && k - 1 > first && toks[k - 2].capitalized);
    // "The Taliban government in Afghanistan": a preposition between names.
    if (!ok && (t.lower == "in" || t.lower == "of") && k < end && toks[k].capitalized && k - 1 > first &&
        toks[k - 2].kind == TokenKind::kWord) {
      ok = true;
    }
    if (!ok || (word && Stops().Contains(t.lower) && t.lower != "in" && t.lower != "of")) break;
    --k;
  }
  // Never begin on a preposition.
  while (k < end && (toks[k].lower == "in" || toks[k].lower == "of")) ++k;
  return k;
}

Source ResolveSource(std::string_view text, const std::vector<Token>& toks, size_t a, size_t b,
                     const People& people) {
  Source src;
  while (a < b && Field(Determiners(), toks[a].lower) == "article") ++a;
  if (a >= b) return src;
  src.span = {toks[a].span.begin, toks[b - 1].span.end};
  if (b - a == 1 && Pronouns().Contains(toks[a].lower)) {
    if (Field(Pronouns(), toks[a].lower) != "person") return {};
    if (const Person* p = people.LastBefore(toks[a].span.begin)) {
      src.name = p->name; src.kind = "person"; src.side = p->side; src.affiliation = p->affiliation;
    }
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
  // A role without a name ("the spokesperson") stands for the last such person.
  bool title_only = false, body = false;
  for (size_t i = a; i < b; ++i) {
    std::string kind = Field(Roles(), toks[i].lower);
    if (kind == "title") title_only = true;
    if (kind == "body" || kind == "both") body = true;
  }
  if (title_only && !body) {
    std::string hint = toks[b - 1].lower.substr(0, 6);
    if (const Person* p = people.LastBefore(toks[a].span.begin, hint)) {
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

}  // namespace

std::vector<Attribution> FindAttributions(std::string_view text, const SegmentedText& seg,
                                          const Sentence& s, const People& people) {
  std::vector<Attribution> out;
  const auto& toks = seg.tokens;
  for (size_t k = s.first_token; k < s.end_token; ++k) {
    const Token& t = toks[k];
    if (t.lower == "according" && k + 1 < s.end_token && toks[k + 1].lower == "to") {
      size_t b = k + 2;
      while (b < s.end_token && b < k + 10 && toks[b].kind != TokenKind::kPunct && !Stops().Contains(toks[b].lower)) ++b;
      while (b < s.end_token && toks[b].lower == "'s") b += 2;  // "X's spokesman"
      b = std::min(b, s.end_token);
      Attribution a{k, true, "claimed", ResolveSource(text, toks, k + 2, b, people)};
      if (!a.source.name.empty()) out.push_back(std::move(a));
      continue;
    }
    if (!IsSpeech(t)) continue;
    // Skip "has not independently" between the speaker and the verb.
    size_t end = k;
    bool negated = false;
    while (end > s.first_token && CueModifiers().Contains(toks[end - 1].lower)) {
      negated |= Field(CueModifiers(), toks[end - 1].lower) == "negation";
      --end;
    }
    size_t start = SpeakerPhraseStart(toks, s.first_token, end);
    // "Zabihullah Mujahid, the Taliban's chief spokesman, said": skip the appositive.
    if (start == end && end > s.first_token && toks[end - 1].lower == ",") {
      size_t m = end - 1;
      while (m > s.first_token && m + 16 > end && toks[m - 1].lower != ",") --m;
      if (m > s.first_token && toks[m - 1].lower == ",") {
        end = m - 1;
        start = SpeakerPhraseStart(toks, s.first_token, end);
      }
    }
    if (start >= end) {
      // "“The gloves are off,” said Ayesha Siddiqa": the speaker follows the verb.
      if (k > s.first_token && toks[k - 1].kind == TokenKind::kPunct && k + 1 < s.end_token &&
          toks[k + 1].capitalized) {
        size_t b = k + 1;
        while (b < s.end_token && b < k + 7 && toks[b].kind != TokenKind::kPunct) ++b;
        Attribution a{k, false, Field(Speech(), t.lower), ResolveSource(text, toks, k + 1, b, people)};
        if (!a.source.name.empty()) out.push_back(std::move(a));
      }
      continue;
    }
    Attribution a;
    a.cue_token = k;
    a.modality = negated ? "denied" : Field(Speech(), t.lower);
    a.source = ResolveSource(text, toks, start, end, people);
    a.leading = !(start > s.first_token &&
                  (toks[start - 1].lower == "," || toks[start - 1].kind == TokenKind::kPunct));
    if (!a.source.name.empty()) out.push_back(std::move(a));
  }
  return out;
}

}  // namespace crosscheck
