#include "extract/claims.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/lexicon.h"
#include "extract/counts.h"
#include "text/word_lists.h"

namespace crosscheck {

namespace {

const Lexicon& TimeMarkers() {
  static const Lexicon& lex = Lexicon::Get("time_markers.tsv");
  return lex;
}
const Lexicon& Unverified() {
  static const Lexicon& lex = Lexicon::Get("unverified.tsv");
  return lex;
}
const Lexicon& Coordination() {
  static const Lexicon& lex = Lexicon::Get("coordination.tsv");
  return lex;
}

struct Trigger {
  size_t first = 0, end = 0;  // tokens
  std::string type;
  std::string roles;
  bool Has(std::string_view role) const { return roles.find(role) != std::string::npos; }
};

// The trigger starting at token i, combining "killed or injured" and "shot dead".
std::optional<Trigger> TriggerAt(const std::vector<Token>& toks, size_t i, size_t end) {
  if (i >= end || toks[i].kind != TokenKind::kWord) return std::nullopt;
  const Lexicon::Row* r = FindInList(toks[i], WordList::kTriggers);
  if (!r || r->size() < 2) return std::nullopt;
  Trigger t{i, i + 1, (*r)[0], (*r)[1]};
  if (t.Has("notto") && i + 1 < end && toks[i + 1].lower == "to") return std::nullopt;
  if (t.Has("custody")) {
    bool custody = false;
    for (size_t k = i + 2; k < end && k < i + 12 && !custody; ++k) {
      custody = toks[k].lower == "custody" && (toks[k - 1].lower == "into" || toks[k - 1].lower == "in");
    }
    if (!custody) return std::nullopt;
  }
  auto type_at = [&](size_t k) { return k < end ? FieldInList(toks[k], WordList::kTriggers) : std::string_view(); };
  if (i + 2 < end && (toks[i + 1].lower == "or" || toks[i + 1].lower == "and")) {
    std::string_view other = type_at(i + 2);
    bool pair = (t.type == "killed" && other == "wounded") || (t.type == "wounded" && other == "killed");
    if (pair && toks[i + 1].lower == "or") { t.type = "killed_or_wounded"; t.end = i + 3; }
    if (t.type == "shot" && other == "killed") { t.type = "killed"; t.end = i + 3; }
  }
  if (t.type == "shot" && i + 1 < end && toks[i + 1].lower == "dead") { t.type = "killed"; t.end = i + 2; }
  if (t.type == "shot") t.type = "wounded";
  return t;
}

struct Victim {
  size_t begin = 0, end = 0;  // phrase tokens, "of"/determiners included
  size_t head = 0;
  std::string category;
  bool plural = true;
  bool possessive = false;    // "its own fighters": the speaker's side
  bool enemy = false;         // "enemy posts": the speaker's opponent
  bool role = false;          // the head is a role noun (victims.tsv column 4): "leader"
  std::string article;        // "a", "the", ... or empty
};

bool IsFiller(const Token& t) {
  return t.lower == "[" || t.lower == "]" || t.lower == "-" || t.lower == "'s";
}

// The counted phrase starting at token k: "[of] [its own] Pakistani army posts".
std::optional<Victim> ParseVictim(const std::vector<Token>& toks, size_t k, size_t end) {
  Victim v;
  v.begin = k;
  if (k < end && toks[k].lower == "of") ++k;
  while (k < end && InList(toks[k], WordList::kDeterminers)) {
    if (FieldInList(toks[k], WordList::kDeterminers) == "possessive") v.possessive = true;
    else v.article = toks[k].lower;
    ++k;
  }
  for (size_t n = 0; k < end && n < 6; ++k, ++n) {
    const Token& t = toks[k];
    if (const Lexicon::Row* r = FindInList(t, WordList::kVictims); r && t.kind == TokenKind::kWord) {
      v.head = k;
      v.category = (*r)[0];
      v.plural = r->size() < 2 || (*r)[1] == "pl";
      v.role = r->size() >= 3 && (*r)[2] == "role";
      // "army posts", "security forces members": take the last noun of a run.
      while (k + 1 < end && InList(toks[k + 1], WordList::kVictims)) {
        ++k;
        v.head = k;
        v.category = FieldInList(toks[k], WordList::kVictims);
        v.plural = FieldInList(toks[k], WordList::kVictims, 1) == "pl";
        v.role = FieldInList(toks[k], WordList::kVictims, 2) == "role";
      }
      v.end = k + 1;
      return v;
    }
    if (t.lower == "enemy" || t.lower == "opposing") v.enemy = true;
    // An article inside the words before the head starts another phrase:
    // "killing one insurgent and forcing the others to flee".
    if (FieldInList(t, WordList::kDeterminers) == "article") break;
    bool word = t.kind == TokenKind::kWord;
    if (!(word || IsFiller(t)) || (word && (InList(t, WordList::kNpStop) || InList(t, WordList::kTriggers)))) break;
  }
  return std::nullopt;
}

bool IsQuote(const Token& t) { return InList(t, WordList::kQuoteMarks); }

// An active or nominal trigger just before token q: "killed 58", "the deaths of 58".
std::optional<Trigger> TriggerBefore(const std::vector<Token>& toks, size_t first, size_t q, size_t end) {
  size_t p = q;
  while (p > first && (IsQuote(toks[p - 1]) || toks[p - 1].lower == "the" || toks[p - 1].lower == "[" ||
                       toks[p - 1].lower == "all")) --p;
  if (p == first) return std::nullopt;
  if (toks[p - 1].lower == "of" && p - 1 > first) {
    size_t n = p - 1;
    if (auto t = TriggerAt(toks, n - 1, end); t && t->Has("noun")) return t;
    return std::nullopt;
  }
  if (auto t = TriggerAt(toks, p - 1, end); t && t->Has("obj")) return t;
  return std::nullopt;
}

bool IsAux(const Token& t) {
  static const Lexicon& skip = Lexicon::Get("clause_skip.tsv");
  return skip.Contains(t.lower) || FieldInList(t, WordList::kCueModifiers) == "adverb";
}

// A passive trigger after the counted phrase: "were also killed or injured",
// skipping ", including foreigners," and a coordinated "and nine fighters".
std::optional<Trigger> TriggerAfter(std::string_view text, const std::vector<Token>& toks, size_t k, size_t end) {
  size_t limit = std::min(end, k + 24);
  // "two associates of the weapons dealer were detained": over an "of" phrase
  // of a few words right after the counted phrase.
  if (k < limit && toks[k].lower == "of") {
    size_t j = k + 1;
    while (j < limit && j < k + 6 && toks[j].kind == TokenKind::kWord && !TriggerAt(toks, j, end) &&
           (InList(toks[j], WordList::kDeterminers) || !InList(toks[j], WordList::kNpStop))) ++j;
    if (j < limit && j > k + 1 && (IsAux(toks[j]) || TriggerAt(toks, j, end))) k = j;
  }
  while (k < limit) {
    const Token& t = toks[k];
    if (auto trig = TriggerAt(toks, k, end); trig && trig->Has("pass")) return trig;
    if (t.lower == "," && k + 1 < limit && toks[k + 1].lower == "including") {
      size_t c = k + 2;
      while (c < limit && toks[c].lower != ",") ++c;
      k = c + 1;
      continue;
    }
    if (t.lower == "and" || t.lower == "or") {
      // A coordinated count shares the verb: "30 troops and nine fighters were wounded".
      auto qs = FindQuantities(text, toks, k + 1, std::min(end, k + 6));
      if (qs.empty() || qs[0].first_token != k + 1) return std::nullopt;
      size_t next = qs[0].end_token;
      if (auto v = ParseVictim(toks, next, end)) next = v->end;
      k = next;
      continue;
    }
    if (IsAux(t) || IsQuote(t)) { ++k; continue; }
    return std::nullopt;
  }
  return std::nullopt;
}

// The final claim type from the trigger and what was counted; empty to drop.
std::string ResolveType(const std::string& trigger_type, const std::string& category) {
  bool person = category.empty() || category == "person";
  if (trigger_type == "capture") return person ? "detained" : "captured";
  if (trigger_type == "lost") return person ? "killed" : std::string();
  if (trigger_type == "destroyed") return person ? std::string() : "destroyed";
  return person ? trigger_type : std::string();
}

// "a soldier" is one; "soldiers" at least two.
Quantity ImplicitCount(bool plural) {
  Quantity q;
  if (plural) {
    q.low = 2;
    q.vague = true;
    q.qualifier = "plural";
  } else {
    q.value = 1; q.low = 1; q.high = 1;
  }
  return q;
}

bool IsAdditive(const Token& t) { return Coordination().Field(t.lower) == "additive"; }

// Tokens a coordinator takes at k: "and" 1, "along with" 2, none 0.
size_t CoordinatorAt(const std::vector<Token>& toks, size_t k, size_t end) {
  if (k >= end) return 0;
  if (k + 1 < end && Coordination().Field(toks[k].lower + " " + toks[k + 1].lower) == "and") return 2;
  return Coordination().Field(toks[k].lower) == "and" ? 1 : 0;
}

bool NotPastEvent(const std::vector<Token>& toks, size_t first, size_t trig) {
  if (trig == first) return false;
  static const Lexicon& not_past = Lexicon::Get("not_past.tsv");
  return not_past.Contains(toks[trig - 1].lower);
}

class DocExtractor {
 public:
  DocExtractor(const Document& doc, const SegmentedText& seg, const People& people)
      : doc_(doc), text_(doc.text), seg_(seg), toks_(seg.tokens), people_(people) {}

  std::vector<Claim> Run() {
    for (const Sentence& s : seg_.sentences) ExtractSentence(s);
    ResolveSides();
    MarkUnverified();
    return std::move(claims_);
  }

 private:
  std::string Text(size_t a, size_t b) const {
    if (a >= b) return {};
    return std::string(text_.substr(toks_[a].span.begin, toks_[b - 1].span.end - toks_[a].span.begin));
  }

  void ExtractSentence(const Sentence& s) {
    attributions_ = FindAttributions(text_, seg_, s, people_);
    std::vector<bool> used(s.end_token - s.first_token, false);
    const size_t first_claim = claims_.size();
    auto qs = FindQuantities(text_, toks_, s.first_token, s.end_token);
    for (size_t i = 0; i < qs.size(); ++i) {
      const QuantityMention& q = qs[i];
      if (q.year_like || q.quantity.unit_kind == "money" || q.quantity.unit_kind == "percent" ||
          q.quantity.unit_kind == "weight") continue;
      if (q.quantity.unit_kind == "length" || q.quantity.unit_kind == "area") {
        bool conversion = i > 0 && q.first_token > 0 && toks_[q.first_token - 1].lower == "(" &&
                          !qs[i - 1].quantity.unit.empty();
        if (!conversion) AddLength(s, q);
        continue;
      }
      BindCount(s, q, used);
    }
    for (size_t k = s.first_token; k < s.end_token; ++k) {
      if (!used[k - s.first_token]) Implicit(s, k, used);
    }
    InTextOrder(first_claim);
    CoordinatedVerbs(s, first_claim);
    sentences_.resize(claims_.size(), &s);
  }

  // The sentence's claims [from, end) were made numbers first, then implicit
  // counts: put them in text order, so that reconcile reads "captured a
  // leader and detained one additional suspect" as the text says it.
  void InTextOrder(size_t from) {
    std::vector<size_t> order(claims_.size() - from);
    for (size_t i = 0; i < order.size(); ++i) order[i] = from + i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return claims_[a].span.begin < claims_[b].span.begin; });
    std::vector<Claim> claims;
    std::vector<Victim> victims;
    for (size_t i : order) {
      claims.push_back(std::move(claims_[i]));
      victims.push_back(victims_[i]);
    }
    std::move(claims.begin(), claims.end(), claims_.begin() + static_cast<std::ptrdiff_t>(from));
    std::copy(victims.begin(), victims.end(), victims_.begin() + static_cast<std::ptrdiff_t>(from));
  }

  // Two verbs of one sentence joined by "and", each with its own object, count
  // different people: "arrested a weapons dealer and detained two suspected
  // insurgents" is 3 detained, "captured a leader and detained one of his
  // associates" 2. The second claim adds when only "and" (and a comma) lies
  // between the first one's words and its own verb.
  void CoordinatedVerbs(const Sentence& s, size_t from) {
    for (size_t i = from + 1; i < claims_.size(); ++i) {
      Claim& c = claims_[i];
      const Claim& p = claims_[i - 1];
      if (c.additive || p.type != c.type || p.span.end >= c.span.begin) continue;
      size_t k = s.first_token;
      while (k < s.end_token && toks_[k].span.begin < p.span.end) ++k;
      if (k < s.end_token && toks_[k].lower == ",") ++k;
      if (k >= s.end_token || toks_[k].lower != "and" || k + 1 >= s.end_token) continue;
      if (toks_[k + 1].span.begin != c.span.begin) continue;
      auto trig = TriggerAt(toks_, k + 1, s.end_token);
      if (trig && trig->Has("obj")) c.additive = true;
    }
  }

  void AddLength(const Sentence& s, const QuantityMention& q) {
    size_t k = q.end_token;
    if (k < s.end_token && toks_[k].lower == "(") {
      while (k < s.end_token && toks_[k].lower != ")") ++k;
      ++k;
    }
    size_t b = k;
    while (b < s.end_token && b < k + 3 && toks_[b].kind == TokenKind::kWord && !InList(toks_[b], WordList::kNpStop)) ++b;
    if (b == k) return;
    Claim c = Base(s, "length", q.quantity, q.first_token, b);
    c.subject = Text(k, b);
    c.modality = c.source.name.empty() ? "reported" : c.modality;
    claims_.push_back(std::move(c));
    victims_.push_back(Victim{});
  }

  void BindCount(const Sentence& s, const QuantityMention& q, std::vector<bool>& used) {
    if (used[q.first_token - s.first_token]) return;  // a coordinated part of an earlier claim
    std::optional<Victim> v = ParseVictim(toks_, q.end_token, s.end_token);
    std::optional<Trigger> trig = TriggerBefore(toks_, s.first_token, q.first_token, s.end_token);
    bool object = trig.has_value();
    if (!trig) trig = TriggerAfter(text_, toks_, v ? v->end : q.end_token, s.end_token);
    if (!trig) return;
    std::string type = ResolveType(trig->type, v ? v->category : "");
    if (type.empty()) return;
    size_t lead = object ? q.first_token : LeadingMember(s, q.first_token);
    size_t a = std::min(lead, trig->first);
    size_t b = std::max({q.end_token, trig->end, v ? v->end : 0});
    Claim c = Base(s, type, q.quantity, a, b);
    // "the commander and three additional suspects": "additional" is more than
    // the commander, the sum's own member, not more than the report's other figures.
    c.additive = AdditiveCue(s, *trig, q.end_token, lead < q.first_token ? q.end_token : v ? v->head : q.end_token);
    if (lead < q.first_token) c.quantity = Plus(ImplicitCount(false), c.quantity);
    c.category = v ? v->category : "person";
    // "one of the insurgents died": one person of a group counted elsewhere.
    c.one_person = v && toks_[v->begin].lower == "of" && c.quantity.value == 1.0 && lead == q.first_token;
    if (v) {
      size_t from = v->begin < v->end && toks_[v->begin].lower == "of" ? v->begin + 1 : v->begin;
      subject_begin_ = toks_[lead < q.first_token ? lead : from].span.begin;
      c.subject = std::string(text_.substr(subject_begin_, toks_[v->end - 1].span.end - subject_begin_));
    }
    for (size_t k = trig->first; k < trig->end; ++k) used[k - s.first_token] = true;
    if (object) {
      if (!v) subject_begin_ = toks_[q.first_token].span.begin;
      AbsorbMembers(s, c, v ? v->end : q.end_token, c.category, false, used);
    }
    victims_.push_back(v ? *v : Victim{});
    claims_.push_back(std::move(c));
    SplitFatally(s, *trig);
  }

  // "Four people were shot, one fatally": of those shot, one was killed and
  // the rest wounded. Rewrites the last claim (wounded 4) into both parts.
  void SplitFatally(const Sentence& s, const Trigger& trig) {
    size_t k = trig.end;
    if (toks_[trig.first].lower != "shot") return;
    // ", one fatally" right after the verb or after a few words of when and
    // where: "four people were shot on Main Street Sunday, one fatally".
    while (k < s.end_token && k < trig.end + 8 && toks_[k].lower != "," && toks_[k].kind == TokenKind::kWord &&
           !TriggerAt(toks_, k, s.end_token)) ++k;
    if (k + 2 >= s.end_token || toks_[k].lower != ",") return;
    Claim& shot = claims_.back();
    Quantity dead;
    size_t fatally = k + 2;  // "both fatally", "all fatally": every one of them
    if (toks_[k + 1].lower == "both" || toks_[k + 1].lower == "all") {
      if (toks_[fatally].lower != "fatally" || !shot.quantity.value) return;
      dead = shot.quantity;
      dead.qualifier.clear();
    } else {
      auto qs = FindQuantities(text_, toks_, k + 1, std::min(s.end_token, k + 5));
      if (qs.empty() || qs[0].first_token != k + 1 || qs[0].end_token >= s.end_token ||
          toks_[qs[0].end_token].lower != "fatally") return;
      dead = qs[0].quantity;
      fatally = qs[0].end_token;
    }
    if (!shot.quantity.value || !dead.value || *dead.value > *shot.quantity.value) return;
    Claim killed = shot;
    killed.type = "killed";
    killed.quantity = dead;
    killed.span.end = toks_[fatally].span.end;
    double rest = *shot.quantity.value - *dead.value;
    shot.quantity.value = rest;
    shot.quantity.low = rest;
    shot.quantity.high = rest;
    shot.quantity.qualifier = "shot, not fatally";
    Victim v = victims_.back();
    if (rest == 0) { claims_.pop_back(); victims_.pop_back(); }
    claims_.push_back(std::move(killed));
    victims_.push_back(v);
  }

  // Counts without a number: "killed the Taliban leader" (1), "a soldier was
  // killed" (1), "insurgents were detained" (at least 2).
  void Implicit(const Sentence& s, size_t k, std::vector<bool>& used) {
    std::optional<Trigger> trig = TriggerAt(toks_, k, s.end_token);
    if (!trig || NotPastEvent(toks_, s.first_token, k)) return;
    std::optional<Victim> v;
    if (trig->Has("obj")) v = ParseVictim(toks_, trig->end, s.end_token);
    if (!v && trig->Has("obj")) v = PronounAt(s, trig->end, "object");
    if (v && !v->possessive && (v->article.empty() || v->article == "the" || v->article == "a" || v->article == "an")) {
      if (v->plural && !v->article.empty()) v.reset();  // "the insurgents": already counted
    } else {
      v.reset();
    }
    size_t a = trig->first;
    size_t lead = SIZE_MAX;  // a coordinated singular before a passive's subject, when one is
    if (!v && trig->Has("pass")) {
      size_t p = PassiveStart(s, k);
      if (p == k || p == s.first_token) return;
      v = PronounAt(s, p - 1, "subject");  // "He was engaged and killed"
      if (!v) v = NamedWithRole(s, p - 1);
      if (v) {
        a = v->begin;
      } else {
        size_t head = p - 1;
        size_t start = head;
        while (start > s.first_token && toks_[start - 1].kind == TokenKind::kWord &&
               !InList(toks_[start - 1], WordList::kNpStop) && !InList(toks_[start - 1], WordList::kDeterminers) &&
               start + 4 > head) --start;
        if (start > s.first_token && InList(toks_[start - 1], WordList::kDeterminers)) --start;
        v = ParseVictim(toks_, start, p);
        if (!v || v->head != head || v->possessive) return;
        if (v->plural && !v->article.empty()) return;
        a = start;
        // "a Taliban leader and a suspected insurgent were captured": two.
        if (!v->plural) lead = LeadingMember(s, start);
        if (lead < start) a = lead;
        else lead = SIZE_MAX;
      }
    }
    if (!v) return;
    const bool pronoun = v->end == v->begin + 1 && Lexicon::Get("person_pronouns.tsv").Contains(toks_[v->begin].lower);
    std::string type = ResolveType(trig->type, v->category);
    if (type.empty()) return;
    const bool two = lead != SIZE_MAX;
    Claim c = Base(s, type, two ? Plus(ImplicitCount(false), ImplicitCount(false)) : ImplicitCount(v->plural),
                   std::min(a, v->begin), std::max(trig->end, v->end));
    c.one_person = !v->plural && !two;
    c.subject = Text(two ? lead : v->begin, v->end);
    subject_begin_ = toks_[two ? lead : v->begin].span.begin;
    c.category = v->category;
    // A pronoun stands for someone already introduced: "he was also killed"
    // does not say whether the figure it would add to counts them.
    c.additive = !pronoun && AdditiveCue(s, *trig, v->begin, v->head);
    for (size_t t = trig->first; t < trig->end; ++t) used[t - s.first_token] = true;
    if (trig->Has("obj") && v->begin >= trig->end) {
      AbsorbMembers(s, c, v->end, v->category, v->article == "the", used);
    }
    c.individual = v->role && (v->article == "a" || v->article == "an") && c.quantity.value == 1.0;
    victims_.push_back(*v);
    claims_.push_back(std::move(c));
  }

  // Where the passive before the trigger at k begins: over auxiliaries and
  // adverbs ("were also killed"), a participle after one ("was confirmed
  // killed") and a coordinated one ("was engaged and killed"). k when none.
  size_t PassiveStart(const Sentence& s, size_t k) const {
    auto participle = [&](size_t t) {
      std::string_view w = toks_[t].lower;
      return toks_[t].kind == TokenKind::kWord && w.size() > 3 && w.compare(w.size() - 2, 2, "ed") == 0;
    };
    size_t p = k;
    while (p > s.first_token) {
      if (IsAux(toks_[p - 1])) { --p; continue; }
      if (p >= s.first_token + 2 && participle(p - 1) && IsAux(toks_[p - 2])) { --p; continue; }
      if (p >= s.first_token + 3 && toks_[p - 1].lower == "and" && participle(p - 2) && IsAux(toks_[p - 3])) {
        p -= 2;
        continue;
      }
      break;
    }
    return p;
  }

  // One person as a pronoun at k of the given case (data/lexicon/person_pronouns.tsv):
  // "He was killed", "killing him". An object "her" before a noun is a possessive.
  std::optional<Victim> PronounAt(const Sentence& s, size_t k, std::string_view which) const {
    static const Lexicon& pronouns = Lexicon::Get("person_pronouns.tsv");
    if (k < s.first_token || k >= s.end_token || pronouns.Field(toks_[k].lower) != which) return std::nullopt;
    if (which == "object" && k + 1 < s.end_token && toks_[k + 1].kind == TokenKind::kWord &&
        !InList(toks_[k + 1], WordList::kNpStop)) return std::nullopt;
    Victim v;
    v.begin = k; v.end = k + 1; v.head = k;
    v.category = "person";
    v.plural = false;
    return v;
  }

  // A name with a role in apposition, ending at the comma at k: "Muhammad
  // Yah, a senior Taliban commander in the area, was killed": one person.
  std::optional<Victim> NamedWithRole(const Sentence& s, size_t k) const {
    if (k <= s.first_token || toks_[k].lower != ",") return std::nullopt;
    size_t c1 = k;
    while (c1 > s.first_token && c1 + 14 > k && toks_[c1 - 1].lower != ",") --c1;
    if (c1 == s.first_token || c1 + 14 <= k) return std::nullopt;
    --c1;  // the comma opening the apposition
    std::optional<Victim> role = ParseVictim(toks_, c1 + 1, k);
    if (!role || role->plural || role->category != "person" || role->possessive ||
        (role->article != "a" && role->article != "an" && role->article != "the")) return std::nullopt;
    auto cap = [&](size_t t) {
      const Token& w = toks_[t];
      return w.kind == TokenKind::kWord && w.capitalized && !InList(w, WordList::kCalendar);
    };
    size_t start = c1;
    while (start > s.first_token && start + 4 > c1 && cap(start - 1)) --start;
    if (start == c1 || (start > s.first_token && toks_[start - 1].kind == TokenKind::kWord &&
                        !InList(toks_[start - 1], WordList::kNpStop))) return std::nullopt;
    Victim v = *role;
    v.begin = start;
    v.end = k;
    return v;
  }

  // Does the text say this count is on top of earlier ones? Looks at the
  // words before the trigger ("were also detained"), the counted phrase's
  // modifiers [from, to) ("one additional suspect", "two more"), and the
  // sentence ("in a separate operation").
  bool AdditiveCue(const Sentence& s, const Trigger& trig, size_t from, size_t to) const {
    for (size_t k = trig.first; k > s.first_token && IsAux(toks_[k - 1]); --k) {
      if (IsAdditive(toks_[k - 1])) return true;
    }
    for (size_t k = from; k < to && k < s.end_token; ++k) {
      if (IsAdditive(toks_[k])) return true;
    }
    for (size_t k = s.first_token; k < s.end_token; ++k) {
      if (toks_[k].lower == "separate" || toks_[k].lower == "separately") return true;
    }
    return false;
  }

  struct Member {
    size_t end = 0;
    Quantity quantity;
    bool definite = false;  // "the man"
    bool counts = true;     // false for an apposition: the same person again
  };

  // One more counted phrase joined to an object at token k: ", and two
  // associates", "along with three of his associates", "and a facilitator".
  // Not when the phrase has its own verb ("and 30 others were wounded").
  std::optional<Member> NextMember(const Sentence& s, size_t k, const std::string& category,
                                   bool prev_definite) const {
    bool comma = k < s.end_token && toks_[k].lower == ",";
    size_t j = k + comma;
    size_t n = CoordinatorAt(toks_, j, s.end_token);
    if (!comma && n == 0) return std::nullopt;
    j += n;
    Member m;
    std::optional<Victim> v;
    auto qs = FindQuantities(text_, toks_, j, std::min(s.end_token, j + 6));
    if (!qs.empty() && qs[0].first_token == j && qs[0].quantity.unit_kind.empty() && !qs[0].year_like) {
      m.quantity = qs[0].quantity;
      v = ParseVictim(toks_, qs[0].end_token, s.end_token);
      m.end = v ? v->end : qs[0].end_token;
      if (!v && m.end < s.end_token && toks_[m.end].kind == TokenKind::kWord && !CoordinatorAt(toks_, m.end, s.end_token)) {
        return std::nullopt;  // "58 soldiers, 30 injuries": a count of something else
      }
    } else {
      v = ParseVictim(toks_, j, s.end_token);
      if (!v || v->possessive || (v->plural && !v->article.empty())) return std::nullopt;
      m.quantity = ImplicitCount(v->plural);
      m.end = v->end;
      m.definite = v->article == "the";
      // "the man, an IED facilitator, and ...": the same man.
      m.counts = !(comma && n == 0 && prev_definite && !v->plural);
    }
    if ((v ? v->category : "person") != category) return std::nullopt;
    size_t after = m.end;
    while (after < s.end_token && IsAux(toks_[after])) ++after;
    if (TriggerAt(toks_, after, s.end_token)) return std::nullopt;
    return m;
  }

  // Adds the phrases coordinated after a counted object (from token k) to
  // claim c: "detained a Taliban leader and two associates" is 3 detained.
  void AbsorbMembers(const Sentence& s, Claim& c, size_t k, const std::string& category, bool definite,
                     std::vector<bool>& used) {
    while (auto m = NextMember(s, k, category, definite)) {
      if (m->counts) c.quantity = Plus(c.quantity, m->quantity);
      for (size_t t = k; t < m->end; ++t) used[t - s.first_token] = true;
      c.span.end = toks_[m->end - 1].span.end;
      c.subject = std::string(text_.substr(subject_begin_, c.span.end - subject_begin_));
      definite = m->definite;
      k = m->end;
    }
  }

  // "the commander and three additional suspects were detained": the
  // singular phrase before "and" adds one to the count that follows.
  size_t LeadingMember(const Sentence& s, size_t q) const {
    if (q < s.first_token + 2 || CoordinatorAt(toks_, q - 1, q) != 1) return q;
    for (size_t start = q - 2; start + 8 > q && start >= s.first_token; --start) {
      if (FieldInList(toks_[start], WordList::kDeterminers) == "article") {
        auto v = ParseVictim(toks_, start, q - 1);
        if (v && v->end == q - 1 && !v->plural) return start;
        return q;
      }
      if (start == s.first_token) break;
    }
    return q;
  }

  Claim Base(const Sentence& s, const std::string& type, const Quantity& q, size_t a, size_t b) {
    Claim c;
    c.doc = doc_.id;
    c.type = type;
    c.quantity = q;
    c.in_headline = s.headline;
    c.sentence = s.span;
    c.span = {toks_[a].span.begin, toks_[b - 1].span.end};
    const Attribution* attr = nullptr;
    for (const Attribution& at : attributions_) {
      if (at.cue_token < a) attr = &at;
    }
    if (!attr) {
      for (const Attribution& at : attributions_) {
        if (at.cue_token >= b) { attr = &at; break; }
      }
    }
    if (attr) { c.source = attr->source; c.modality = attr->modality; }
    else c.modality = "reported";
    PlaceAndTime(s, c);
    return c;
  }

  void PlaceAndTime(const Sentence& s, Claim& c) {
    for (size_t k = s.first_token; k + 1 < s.end_token; ++k) {
      std::string_view w = toks_[k].lower;
      if (w != "in" && w != "since" && w != "last" && w != "during") continue;
      const Token& n = toks_[k + 1];
      std::string two = k + 2 < s.end_token ? n.lower + " " + toks_[k + 2].lower : "";
      if (c.when.empty() && (InList(n, WordList::kTimeMarkers) && n.capitalized)) c.when = std::string(n.span.Of(text_));
      else if (c.when.empty() && w == "last" && TimeMarkers().Contains("last " + n.lower)) c.when = "last " + n.lower;
      else if (c.where.empty() && w == "in" && n.capitalized && !InList(n, WordList::kTimeMarkers)) {
        size_t e = k + 1;
        while (e < s.end_token && e < k + 6 &&
               (toks_[e].capitalized || toks_[e].lower == "'s" || toks_[e].lower == "area" ||
                toks_[e].lower == "province" || toks_[e].lower == "district")) ++e;
        c.where = Text(k + 1, e);
      }
    }
  }

  // Which side the counted people or things belong to (see claims.h).
  void ResolveSides() {
    std::map<std::string, int> doc_sides;
    for (size_t i = 0; i < toks_.size(); ++i) {
      std::string side = SideOf(toks_, i, i + 1);
      if (!side.empty()) ++doc_sides[side];
    }
    auto opposite = [&](const std::string& side) {
      std::string best;
      int n = 0;
      for (auto& [s, count] : doc_sides) {
        if (s != side && count > n) { best = s; n = count; }
      }
      return best;
    };
    for (size_t i = 0; i < claims_.size(); ++i) {
      Claim& c = claims_[i];
      if (c.type == "length") continue;
      const Victim& v = victims_[i];
      std::string side;
      if (v.end > v.begin) side = SideOf(toks_, v.begin, v.end);
      if (side.empty() && v.possessive) side = c.source.side.empty() ? FirstSideIn(i) : c.source.side;
      if (side.empty() && v.enemy && !c.source.side.empty()) side = opposite(c.source.side);
      if (side.empty() && i > 0) side = Antecedent(i);
      if (side.empty()) side = SameValueSide(i);
      if (side.empty() && (c.in_headline || !c.source.side.empty())) side = OtherSideIn(i);
      c.subject_side = side;
    }
  }

  std::string FirstSideIn(size_t i) const {
    const Sentence& s = *sentences_[i];
    return SideOf(toks_, s.first_token, s.end_token);
  }

  // "30 others", "at least 30 were wounded": the side of the previous count
  // of the same kind of thing, in this sentence or the one before.
  std::string Antecedent(size_t i) const {
    for (size_t j = i; j-- > 0;) {
      const Claim& p = claims_[j];
      if (claims_[i].sentence.begin > p.sentence.end + 600) break;
      if (p.type == "length" || p.category != claims_[i].category || p.subject_side.empty()) continue;
      return p.subject_side;
    }
    return {};
  }

  // A side named elsewhere in the sentence that is not the speaker's:
  // "Taliban Claims Major Clash with Pakistan, ... Killing Dozens of Soldiers".
  std::string OtherSideIn(size_t i) const {
    const Claim& c = claims_[i];
    const Sentence& s = *sentences_[i];
    for (size_t k = s.first_token; k < s.end_token; ++k) {
      if (c.source.span.Contains(toks_[k].span.begin)) continue;
      std::string side = SideOf(toks_, k, k + 1);
      if (!side.empty() && side != c.source.side) return side;
    }
    return {};
  }

  // The side of the same figure elsewhere in the document ("58 Soldiers
  // Killed" in a headline, "58 Pakistani soldiers" in the body). Looks at the
  // nearest claims only, so the cost stays linear on huge documents.
  std::string SameValueSide(size_t i) const {
    const Claim& c = claims_[i];
    size_t from = i > 64 ? i - 64 : 0, to = std::min(claims_.size(), i + 64);
    for (size_t j = from; j < to; ++j) {
      const Claim& o = claims_[j];
      if (j != i && o.type == c.type && o.quantity.value && c.quantity.value &&
          *o.quantity.value == *c.quantity.value && !o.subject_side.empty()) return o.subject_side;
    }
    return {};
  }

  void MarkUnverified() {
    // Only claimed figures are marked: most documents have none, and then
    // the text is neither lower-cased nor searched.
    if (std::none_of(claims_.begin(), claims_.end(), [](const Claim& c) { return c.modality == "claimed"; })) return;
    // The phrases lower-cased once; memmem, not std::string::find, which
    // stopped at every occurrence of a phrase's first letter in the text.
    static const std::vector<std::string> phrases = [] {
      std::vector<std::string> out;
      for (const auto& row : Unverified().rows()) out.push_back(AsciiLower(row[0]));
      return out;
    }();
    const std::string lower = AsciiLower(text_);
    bool marked = false;
    for (const std::string& p : phrases) {
      if (p.empty() || ::memmem(lower.data(), lower.size(), p.data(), p.size()) != nullptr) { marked = true; break; }
    }
    if (!marked) return;
    for (Claim& c : claims_) {
      if (c.modality == "claimed") c.unverified = true;
    }
  }

  const Document& doc_;
  std::string_view text_;
  const SegmentedText& seg_;
  const std::vector<Token>& toks_;
  const People& people_;
  std::vector<Attribution> attributions_;  // of the sentence being read
  size_t subject_begin_ = 0;  // byte where the claim being built's counted phrase starts
  std::vector<Claim> claims_;
  std::vector<Victim> victims_;  // parallel to claims_
  std::vector<const Sentence*> sentences_;  // parallel to claims_
};

}  // namespace

std::vector<Claim> ExtractClaims(const Document& doc, const SegmentedText& seg, const People& people,
                                 const CountModel* counts) {
  std::vector<Claim> claims = DocExtractor(doc, seg, people).Run();
  if (!counts) return claims;
  return ApplyCountModel(doc, seg, people, std::move(claims), *counts);
}

}  // namespace crosscheck
