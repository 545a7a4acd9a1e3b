#include "entity/attach.h"

#include <algorithm>
#include <cctype>

#include "base/lexicon.h"
#include "entity/knowledge.h"
#include "entity/names.h"

namespace crosscheck {

using entity_internal::NameKey;

EntityIndex::EntityIndex(const std::vector<Entity>& entities) {
  for (const Entity& e : entities) {
    // An entity's mentions come document by document: one look-up a document.
    const std::string* doc = nullptr;
    std::vector<Ref>* refs = nullptr;
    for (const Mention& m : e.mentions) {
      if (!doc || m.doc != *doc) {
        doc = &m.doc;
        refs = &by_doc_[m.doc];
      }
      refs->push_back({m.span, &e, m.kind == "role"});
      longest_ = std::max(longest_, m.span.size());
    }
    std::vector<const Entity*>& named = by_name_[NameKey(e.canonical)];
    if (named.empty() || named.back() != &e) named.push_back(&e);
    for (const std::string& a : e.aliases) {
      std::vector<const Entity*>& v = by_name_[NameKey(a)];
      if (v.empty() || v.back() != &e) v.push_back(&e);
    }
  }
  for (auto& [doc, refs] : by_doc_) {
    std::sort(refs.begin(), refs.end(), [](const Ref& a, const Ref& b) { return a.span.begin < b.span.begin; });
  }
}

const Entity* EntityIndex::At(std::string_view doc, Span span) const {
  auto it = by_doc_.find(std::string(doc));
  if (it == by_doc_.end() || span.empty()) return nullptr;
  const std::vector<Ref>& refs = it->second;
  // Mentions that may overlap begin within longest_ bytes before span.begin.
  size_t from = span.begin > longest_ ? span.begin - longest_ : 0;
  auto first = std::lower_bound(refs.begin(), refs.end(), from,
                                [](const Ref& r, size_t at) { return r.span.begin < at; });
  const Ref* best = nullptr;
  size_t best_overlap = 0;
  for (auto r = first; r != refs.end() && r->span.begin < span.end; ++r) {
    size_t b = std::max(r->span.begin, span.begin), e = std::min(r->span.end, span.end);
    if (e <= b) continue;
    size_t overlap = e - b;
    if (!best || overlap > best_overlap || (overlap == best_overlap && best->role && !r->role)) {
      best = &*r;
      best_overlap = overlap;
    }
  }
  return best ? best->entity : nullptr;
}

const Entity* EntityIndex::Named(std::string_view name, std::string_view type) const {
  if (name.empty()) return nullptr;
  auto it = by_name_.find(NameKey(name));
  if (it == by_name_.end()) return nullptr;
  const Entity* found = nullptr;
  for (const Entity* e : it->second) {
    if (!type.empty() && e->type != type) continue;
    if (found && found != e) return nullptr;
    found = e;
  }
  return found;
}

namespace {

// Words of a phrase: runs of letters, digits, hyphens and apostrophes.
std::vector<std::string_view> WordsOf(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    auto word_byte = [&](size_t k) {
      unsigned char c = static_cast<unsigned char>(s[k]);
      return std::isalnum(c) || c == '-' || c == '\'' || c >= 0x80;
    };
    while (i < s.size() && !word_byte(i)) ++i;
    size_t b = i;
    while (i < s.size() && word_byte(i)) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The country a counted phrase names through knowledge when the sides
// lexicon knows none of its words ("two Norwegian soldiers" -> "Norway"),
// else empty. Demonyms of two words first ("South Korean").
std::string CountryInPhrase(std::string_view phrase) {
  static const Lexicon& sides = Lexicon::Get("sides.tsv");
  std::vector<std::string_view> words = WordsOf(phrase);
  for (size_t i = 0; i < words.size(); ++i) {
    std::string one = Lower(words[i]);
    if (sides.Contains(one) || (i + 1 < words.size() && sides.Contains(one + " " + Lower(words[i + 1])))) {
      return {};  // the claim stage read this side already
    }
  }
  for (size_t i = 0; i < words.size(); ++i) {
    // Names are capitalised: "polish" and "china" in lower case are other words.
    if (!std::isupper(static_cast<unsigned char>(words[i][0]))) continue;
    if (i + 1 < words.size()) {
      std::string two = std::string(words[i]) + " " + std::string(words[i + 1]);
      if (std::string c = CountryOfDemonym(two); !c.empty()) return c;
    }
    if (std::string c = CountryOfDemonym(words[i]); !c.empty()) return c;
  }
  return {};
}

}  // namespace

void AttachEntities(const EntityIndex& index, std::vector<Claim>& claims, std::vector<Quote>& quotes) {
  for (Quote& q : quotes) {
    const Entity* e = index.At(q.doc, q.speaker_span);
    if (e && e->type != "PER" && e->type != "ORG") e = nullptr;
    if (!e) e = index.Named(q.speaker);
    q.speaker_entity = e ? e->id : std::string();
  }
  for (Claim& c : claims) {
    if (c.source.kind == "person" && !c.source.name.empty()) {
      const Entity* e = index.At(c.doc, c.source.span);
      if (!e || e->type != "PER") e = index.Named(c.source.name, "PER");
      // Only a surname given its full name: "Scarborough" -> "Joe Scarborough".
      bool surname = c.source.name.find(' ') == std::string::npos;
      if (e && surname && e->canonical.ends_with(" " + c.source.name)) {
        c.source.name = e->canonical;
      }
    }
    if (c.type == "length") continue;
    if (std::string country = CountryInPhrase(c.subject); !country.empty()) c.subject_side = country;
  }
}

}  // namespace crosscheck
