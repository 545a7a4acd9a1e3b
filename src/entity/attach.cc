#include "entity/attach.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "base/lexicon.h"
#include "entity/knowledge.h"
#include "entity/names.h"

namespace crosscheck {

using entity_internal::NameKey;

EntityIndex::EntityIndex(const std::vector<Entity>& entities) {
  // An entity's mentions come document by document: one look-up a run of
  // them. Pass 1 numbers the documents and counts their mentions; pass 2
  // puts each mention in its document's run, in the order of the entities
  // and their mentions, which each run's sort then starts from.
  std::vector<uint32_t> run_doc;  // the document of each run of one entity's mentions
  std::vector<uint32_t> count;    // mentions per document, then where its run begins
  std::vector<std::string_view> ids;
  {
    std::unordered_map<std::string_view, uint32_t> number;
    for (const Entity& e : entities) {
      const ShortString* doc = nullptr;
      for (const Mention& m : e.mentions) {
        if (!doc || m.doc != *doc) {
          doc = &m.doc;
          auto [it, fresh] = number.try_emplace(m.doc, static_cast<uint32_t>(ids.size()));
          if (fresh) {
            ids.push_back(m.doc);
            count.push_back(0);
          }
          run_doc.push_back(it->second);
        }
        ++count[run_doc.back()];
        longest_ = std::max(longest_, m.span.size());
      }
    }
  }
  uint32_t at = 0;
  runs_.reserve(ids.size());
  for (size_t d = 0; d < ids.size(); ++d) {
    const uint32_t size = count[d];
    runs_.emplace(ids[d], std::make_pair(at, at + size));
    count[d] = at;
    at += size;
  }
  refs_.resize(at);
  size_t run = 0;
  for (const Entity& e : entities) {
    const ShortString* doc = nullptr;
    uint32_t d = 0;
    for (const Mention& m : e.mentions) {
      if (!doc || m.doc != *doc) {
        doc = &m.doc;
        d = run_doc[run++];
      }
      refs_[count[d]++] = {m.span, &e, m.kind == "role"};
    }
  }
  for (const auto& [id, range] : runs_) {
    std::sort(refs_.begin() + range.first, refs_.begin() + range.second,
              [](const Ref& a, const Ref& b) { return a.span.begin < b.span.begin; });
  }
  // Names: every entity's canonical name and aliases by key.
  auto add_name = [&](std::string_view name, const Entity& e) {
    const std::string key = NameKey(name);
    names_.push_back({std::hash<std::string_view>()(key), static_cast<uint32_t>(names_bytes_.size()),
                      static_cast<uint32_t>(key.size()), &e});
    names_bytes_ += key;
  };
  for (const Entity& e : entities) {
    add_name(e.canonical, e);
    for (const std::string& a : e.aliases) add_name(a, e);
  }
  std::stable_sort(names_.begin(), names_.end(), [&](const Name& a, const Name& b) {
    return a.hash != b.hash ? a.hash < b.hash : KeyOf(a) < KeyOf(b);
  });
  names_.erase(std::unique(names_.begin(), names_.end(),
                           [&](const Name& a, const Name& b) { return a.entity == b.entity && KeyOf(a) == KeyOf(b); }),
               names_.end());
}

const Entity* EntityIndex::At(std::string_view doc, Span span) const {
  auto it = runs_.find(doc);
  if (it == runs_.end() || span.empty()) return nullptr;
  const auto first_ref = refs_.begin() + it->second.first, end = refs_.begin() + it->second.second;
  // Mentions that may overlap begin within longest_ bytes before span.begin.
  size_t from = span.begin > longest_ ? span.begin - longest_ : 0;
  auto first = std::lower_bound(first_ref, end, from, [](const Ref& r, size_t at) { return r.span.begin < at; });
  const Ref* best = nullptr;
  size_t best_overlap = 0;
  for (auto r = first; r != end && r->span.begin < span.end; ++r) {
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
  const std::string key = NameKey(name);
  const uint64_t hash = std::hash<std::string_view>()(key);
  auto it = std::lower_bound(names_.begin(), names_.end(), key, [&](const Name& n, const std::string& k) {
    return n.hash != hash ? n.hash < hash : KeyOf(n) < k;
  });
  const Entity* found = nullptr;
  for (; it != names_.end() && it->hash == hash && KeyOf(*it) == key; ++it) {
    const Entity* e = it->entity;
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

bool AttachReadsMentions(const Claim& claim) { return claim.source.kind == "person" && !claim.source.name.empty(); }

void AttachEntities(const EntityIndex& index, std::vector<Claim>& claims, std::vector<Quote>& quotes) {
  for (Quote& q : quotes) {
    const Entity* e = index.At(q.doc, q.speaker_span);
    if (e && e->type != "PER" && e->type != "ORG") e = nullptr;
    if (!e) e = index.Named(q.speaker);
    q.speaker_entity = e ? e->id : std::string();
  }
  for (Claim& c : claims) {
    if (AttachReadsMentions(c)) {
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
