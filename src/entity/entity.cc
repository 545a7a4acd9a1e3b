#include "entity/entity.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <deque>
#include <map>
#include <numeric>
#include <set>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "base/codec.h"
#include "base/lexicon.h"
#include "base/sorted_counts.h"
#include "base/string_ids.h"
#include "entity/mentions.h"
#include "entity/names.h"

namespace crosscheck {

using entity_internal::DocumentMentions;
using entity_internal::Found;
using entity_internal::KindName;
using entity_internal::MentionKind;
using entity_internal::MentionType;
using entity_internal::TypeName;
using entity_internal::NameKey;
using entity_internal::Strength;

struct EntityFinder::Impl {
  const Tagger* tagger;
  EntityOptions options;
  // Each document's mentions as they were added: found, or a loader of
  // their bytes (DecodeLater), read in place one at a time when resolved.
  std::vector<FoundMentions> docs;
};

EntityFinder::EntityFinder(const Tagger& tagger, EntityOptions options)
    : impl_(std::make_unique<Impl>(Impl{&tagger, options, {}})) {}
EntityFinder::EntityFinder(EntityFinder&&) noexcept = default;
EntityFinder& EntityFinder::operator=(EntityFinder&&) noexcept = default;
EntityFinder::~EntityFinder() = default;

FoundMentions::FoundMentions() = default;
FoundMentions::FoundMentions(const FoundMentions& o)
    : mentions_(o.mentions_ ? std::make_unique<entity_internal::DocumentMentions>(*o.mentions_) : nullptr),
      load_(o.load_) {}
FoundMentions& FoundMentions::operator=(const FoundMentions& o) {
  if (this != &o) *this = FoundMentions(o);
  return *this;
}
FoundMentions::FoundMentions(FoundMentions&&) noexcept = default;
FoundMentions& FoundMentions::operator=(FoundMentions&&) noexcept = default;
FoundMentions::~FoundMentions() = default;

namespace entity_internal {

// Found and DocumentMentions with their strings as views into the encoded
// bytes: read without allocating (a view decoded into again keeps its
// vectors' room), for checking stored mentions and resolving them.
struct FoundView {
  Span span;
  std::string_view text, name, key, person;
  uint32_t sentence = 0;
  Strength strength = Strength::kTagger;
  MentionType type = MentionType::kMisc;
  MentionKind kind = MentionKind::kName;
  bool title_case = false;
};

struct DocumentMentionsView {
  std::string_view doc;
  std::vector<FoundView> mentions;
  std::vector<std::pair<size_t, size_t>> same;
};

// One format for a mention and a view of one, and for a document's.
template <typename F>
concept FoundOrView = std::is_same_v<F, Found> || std::is_same_v<F, FoundView>;
template <typename D>
concept DocumentMentionsOrView = std::is_same_v<D, DocumentMentions> || std::is_same_v<D, DocumentMentionsView>;

template <typename Ar, FoundOrView F>
void Io(Ar& ar, F& f) {
  using codec::Io;
  Io(ar, f.span);
  Io(ar, f.text);
  Io(ar, f.name);
  Io(ar, f.key);
  std::string_view type = TypeName(f.type);  // a name from a fixed set, kept as its bytes
  Io(ar, type);
  uint64_t strength = static_cast<uint64_t>(f.strength);
  Io(ar, strength);
  std::string_view kind = KindName(f.kind);
  Io(ar, kind);
  if constexpr (Ar::kReading) {
    if (strength > static_cast<uint64_t>(Strength::kRule)) ar.Fail();
    f.strength = static_cast<Strength>(strength);
    f.type = TypeOf(type);
    if (std::optional<MentionKind> k = KindOf(kind)) f.kind = *k;
    else ar.Fail();
  }
  Io(ar, f.person);
  Io(ar, f.title_case);
  Io(ar, f.sentence);
}

template <typename Ar, DocumentMentionsOrView D>
void Io(Ar& ar, D& d) {
  using codec::Io;
  Io(ar, d.doc);
  Io(ar, d.mentions);
  Io(ar, d.same);
}

}  // namespace entity_internal

std::string FoundMentions::Encode() const {
  if (load_) return load_();
  bool has = mentions_ != nullptr;
  std::string out = codec::Encode(has);
  if (has) out += codec::Encode(*mentions_);
  return out;
}

namespace {

// Encode()'s bytes read into `d` (DocumentMentions or a view of them):
// false for "no mentions" (`d` untouched).
template <typename D>
Result<bool> DecodeMentions(std::string_view bytes, D& d) {
  if (bytes.empty()) return Status::Error("corrupt entity mentions (0 bytes)");
  if (bytes[0] == 0) {
    if (bytes.size() != 1) return Status::Error("corrupt entity mentions");
    return false;
  }
  if (Status s = codec::DecodeInto(bytes.substr(1), d, "entity mentions"); !s.ok()) return s;
  // Spans and pairs index what they should, or the finder would read out of bounds.
  for (const auto& [x, y] : d.same) {
    if (x >= d.mentions.size() || y >= d.mentions.size()) {
      return Status::Error("corrupt entity mentions (pair out of range)");
    }
  }
  return true;
}

// Bytes DecodeLater checked, given again by its loader, read into `view`
// (as they were there). False for bytes the loader could not give again (a
// store's says why itself: store.cc's StoredColumn).
bool ReadChecked(std::string_view bytes, entity_internal::DocumentMentionsView& view) {
  Result<bool> has = DecodeMentions(bytes, view);
  return has.ok() && has.value();
}

}  // namespace

Result<FoundMentions> FoundMentions::Decode(std::string_view bytes) {
  auto m = std::make_unique<entity_internal::DocumentMentions>();
  Result<bool> has = DecodeMentions(bytes, *m);
  if (!has.ok()) return has.status();
  FoundMentions found;
  if (has.value()) found.mentions_ = std::move(m);
  return found;
}

Result<FoundMentions> FoundMentions::DecodeLater(std::string_view bytes, std::function<std::string()> load) {
  entity_internal::DocumentMentionsView view;
  Result<bool> has = DecodeMentions(bytes, view);
  if (!has.ok()) return has.status();
  assert(load);
  FoundMentions found;
  if (has.value()) found.load_ = std::move(load);
  return found;
}

void EntityFinder::Add(const Document& doc, const SegmentedText& seg, const People& people) {
  Add(Find(doc, seg, people));
}

FoundMentions EntityFinder::Find(const Document& doc, const SegmentedText& seg, const People& people,
                                 EntityTags* tags) const {
  FoundMentions found;
  found.mentions_ = std::make_unique<entity_internal::DocumentMentions>(
      entity_internal::FindMentions(*impl_->tagger, doc, seg, people, tags));
  return found;
}

void EntityFinder::Add(FoundMentions found) {
  if (found.mentions_ || found.load_) impl_->docs.push_back(std::move(found));
}

namespace {

// What knowledge says of a mention key, looked up once per key: its places,
// demonym and organisation (KnowledgeOfKey), and the country it names.
struct KeyFacts : NameKnowledge {
  // The country a mention with this key names by itself, for choosing among
  // same-named places: a country's name, a demonym, or "@PK army".
  std::string country;
  bool IsCountry() const { return !places.empty() && places.front().kind == "country"; }
  bool Empty() const { return places.empty() && demonym.empty() && !organization && country.empty(); }
};

KeyFacts FactsOf(std::string_view key) {
  KeyFacts k{KnowledgeOfKey(key), {}};
  k.country = key.starts_with("@") ? std::string(key.substr(1, 2))
              : k.IsCountry()        ? k.places.front().country
                                     : k.demonym;
  return k;
}

// What knowledge says of a key it does not know: nothing.
const KeyFacts* NoFacts() {
  static const KeyFacts* none = new KeyFacts();
  return none;
}

// A mention's place in the corpus: document index and mention index, with
// where it begins (mentions are sorted by it: kept here, the sorts need not
// read the mentions, which lie all over the corpus's memory).
struct Ref {
  uint32_t doc = 0, mention = 0;
  size_t begin = 0;
};

// All mentions that share a key.
struct Node {
  const KeyFacts* facts = nullptr;  // NoFacts() for the many keys knowledge says nothing of
  bool names_country = false;  // !facts->country.empty(), read per mention without following `facts`
  std::array<double, 4> votes{};
  std::vector<Ref> refs;
  // Names as written (role words excluded), with how often: a few per key.
  SortedCounts<std::string, size_t> surfaces;
  bool outside_title_case = false;
  bool acronym = false;  // defined as an acronym somewhere
  size_t Majority() const { return static_cast<size_t>(std::max_element(votes.begin(), votes.end()) - votes.begin()); }
};

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), size_t{0}); }
  size_t Find(size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  // The smaller root stays root, so a component's root is its first node.
  void Union(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<size_t> parent_;
};

size_t Words(std::string_view key) { return static_cast<size_t>(std::count(key.begin(), key.end(), ' ')) + 1; }
std::string LastWord(std::string_view key) { return std::string(key.substr(key.rfind(' ') + 1)); }
// Whether CollapseSpaces would change `s`.
bool NeedsCollapse(std::string_view s) {
  bool space_before = true;
  for (char c : s) {
    const bool space = entity_internal::IsBlank(c);
    if (space && (space_before || c != ' ')) return true;
    space_before = space;
  }
  return false;  // a single trailing space stays
}

// The name as written, with line breaks and runs of spaces made one space.
std::string CollapseSpaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    const bool space = entity_internal::IsBlank(c);
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

// What resolution reads of a mention after its node is known: 40 of a
// Found's 88 bytes (2 million mentions at 100,000 reports).
struct Kept {
  Span span;
  ShortString text;
  uint32_t sentence = 0;
  MentionKind kind = MentionKind::kName;
};

class Resolver {
 public:
  Resolver(size_t docs, const EntityOptions& options) : options_(options) {
    kept_.reserve(docs);
    node_of_.reserve(docs);
    ids_.reserve(docs);
    doc_countries_.reserve(docs);
    sentence_countries_.reserve(docs);
  }

  // Reads the next document's mentions (documents in the order of Add);
  // they may be dropped afterwards. A document given as an rvalue gives up
  // its mentions' texts and persons (the rest is left as it was).
  template <typename Doc>
  void Read(Doc&& doc);

  // `wanted`: the documents whose mentions every entity keeps (null: all;
  // else Resolve(wanted)).
  std::vector<Entity> Run(const std::vector<bool>* wanted = nullptr) {
    WeighNodes();
    UnionFind uf(nodes_.size());
    LinkDefinitions(uf);
    LinkKnownAliases(uf);
    LinkDesignators(uf);
    LinkOfPlace(uf);
    LinkVariants(uf);
    LinkSurnames(uf);
    return Entities(uf, wanted);
  }

 private:
  void WeighNodes();
  void LinkDefinitions(UnionFind& uf);
  void LinkKnownAliases(UnionFind& uf);
  void LinkDesignators(UnionFind& uf);
  void LinkOfPlace(UnionFind& uf);
  void LinkVariants(UnionFind& uf);
  void LinkSurnames(UnionFind& uf);
  std::vector<Entity> Entities(UnionFind& uf, const std::vector<bool>* wanted);
  std::string Canonical(const std::vector<size_t>& members, size_t type) const;
  std::optional<Place> PlaceOf(const std::vector<size_t>& members) const;
  // The node of `key`, made with what knowledge says of it on first use.
  size_t NodeOf(std::string_view key) {
    bool fresh = false;
    const size_t n = by_key_.Intern(key, &fresh);  // node n has key n
    if (fresh) {
      nodes_.emplace_back();
      KeyFacts facts = FactsOf(key);
      nodes_.back().facts = facts.Empty() ? NoFacts() : &facts_.emplace_back(std::move(facts));
      nodes_.back().names_country = !nodes_.back().facts->country.empty();
    }
    return n;
  }
  // The node of `key` when it has mentions, else npos.
  size_t Mentioned(std::string_view key) const {
    const uint32_t n = by_key_.Find(key);
    return n != StringIds::kNone && !nodes_[n].refs.empty() ? n : std::string::npos;
  }
  const Kept& At(Ref r) const { return kept_[r.doc][r.mention]; }
  // The person holding the role of a role mention.
  std::string_view PersonOf(Ref r) const {
    const uint64_t at = uint64_t{r.doc} << 32 | r.mention;
    auto it = std::lower_bound(persons_.begin(), persons_.end(), at,
                               [](const std::pair<uint64_t, ShortString>& p, uint64_t x) { return p.first < x; });
    return it != persons_.end() && it->first == at ? it->second.view() : std::string_view();
  }
  std::string_view Key(size_t node) const { return by_key_[static_cast<uint32_t>(node)]; }

  static constexpr uint32_t kDropped = UINT32_MAX;
  const EntityOptions& options_;
  std::vector<Node> nodes_;
  StringIds by_key_;  // node keys, numbered as nodes_
  // What knowledge says of the keys it knows (a deque: a node's pointer
  // stays valid); most keys, 575,000 of 577,000 at 100,000 reports, share
  // NoFacts().
  std::deque<KeyFacts> facts_;
  // Each document's mentions, [doc][mention], with their nodes (kDropped:
  // none); the role mentions' persons by (doc << 32 | mention), ascending.
  std::vector<std::vector<Kept>> kept_;
  std::vector<std::vector<uint32_t>> node_of_;
  std::vector<std::pair<uint64_t, ShortString>> persons_;
  std::vector<ShortString> ids_;  // document ids
  // Mention pairs naming one entity (DocumentMentions::same).
  struct Same {
    uint32_t doc, a, b;
  };
  std::vector<Same> same_;
  // Countries each document names (CountryNamedBy), and per sentence.
  std::vector<std::map<std::string, size_t>> doc_countries_;
  std::vector<std::map<size_t, std::set<std::string>>> sentence_countries_;
};

template <typename Doc>
void Resolver::Read(Doc&& doc) {
  constexpr bool kTake = !std::is_lvalue_reference_v<Doc>;
  const auto d = static_cast<uint32_t>(ids_.size());
  auto& ms = doc.mentions;
  ids_.emplace_back(doc.doc);
  doc_countries_.emplace_back();
  sentence_countries_.emplace_back();
  for (auto [a, b] : doc.same) same_.push_back({d, static_cast<uint32_t>(a), static_cast<uint32_t>(b)});
  std::vector<Kept>& kept = kept_.emplace_back();
  kept.reserve(ms.size());
  std::vector<uint32_t>& node_of = node_of_.emplace_back(ms.size(), kDropped);
  // A string of the mention, moved out of a document given as an rvalue.
  auto give = [](auto& s) -> decltype(auto) {
    if constexpr (kTake) return std::move(s);
    else return std::as_const(s);
  };
  for (size_t m = 0; m < ms.size(); ++m) {
    auto& f = ms[m];
    kept.push_back(Kept{f.span, give(f.text), f.sentence, f.kind});
    if (f.kind == MentionKind::kRole) persons_.emplace_back(uint64_t{d} << 32 | m, give(f.person));
    if (f.key.empty()) continue;  // names no country either
    const size_t n = NodeOf(f.key);
    assert(n < kDropped);
    node_of[m] = static_cast<uint32_t>(n);
    Node& node = nodes_[n];
    // Knowledge look-ups once per key (NodeOf), not per mention.
    if (f.kind != MentionKind::kRole && node.names_country) {
      ++doc_countries_[d][node.facts->country];
      sentence_countries_[d][f.sentence].insert(node.facts->country);
    }
    node.refs.push_back({d, static_cast<uint32_t>(m), f.span.begin});
    node.outside_title_case |= !f.title_case || f.kind == MentionKind::kRole;
    node.acronym |= f.kind == MentionKind::kAcronym;
    if (f.kind == MentionKind::kRole) continue;
    static constexpr double kWeight[] = {0.3, 1.0, 10.0};
    node.votes[static_cast<size_t>(f.type)] += kWeight[static_cast<int>(f.strength)];
    // The name as written, with runs of blanks made one space (most need none).
    if (NeedsCollapse(f.name)) ++node.surfaces[CollapseSpaces(f.name)];
    else ++node.surfaces[std::string_view(f.name)];
  }
}

void Resolver::WeighNodes() {
  // What knowledge says outweighs the tagger: a country is a place, a
  // demonym is MISC ("Pakistani"), an organisation WordNet names is one
  // ("Taliban": the tagger reads it as an adjective before a noun), a role
  // stands for a person.
  for (Node& node : nodes_) {
    const KeyFacts& facts = *node.facts;
    if (facts.IsCountry()) node.votes[2] += 100;
    else if (!facts.demonym.empty()) node.votes[3] += 100;
    else if (facts.organization) node.votes[1] += 100;
    if (node.surfaces.empty()) node.votes[0] += 1;
    // A name seen only in Title Case lines ("Broader Allegations") is not
    // trusted unless it is a known place.
    if (!node.outside_title_case && facts.places.empty() && facts.demonym.empty()) {
      for (Ref r : node.refs) node_of_[r.doc][r.mention] = kDropped;
      node.refs.clear();
    }
  }
}

void Resolver::LinkDefinitions(UnionFind& uf) {
  for (const Same& p : same_) {
    const uint32_t x = node_of_[p.doc][p.a], y = node_of_[p.doc][p.b];
    if (x != kDropped && y != kDropped) uf.Union(x, y);
  }
}

void Resolver::LinkKnownAliases(UnionFind& uf) {
  std::unordered_map<std::string, size_t> group;  // canonical key -> first node
  for (const Lexicon::Row& r : Lexicon::Get("entity_aliases.tsv").rows()) {
    if (r.size() < 2) continue;
    const size_t n = Mentioned(NameKey(r[0]));
    if (n == std::string::npos) continue;
    auto [g, fresh] = group.emplace(NameKey(r[1]), n);
    if (!fresh) uf.Union(g->second, n);
  }
}

// "Islamic State Khorasan Province" = "Islamic State Khorasan branch":
// organisation names equal once a trailing designator is dropped.
void Resolver::LinkDesignators(UnionFind& uf) {
  const Lexicon& designators = Lexicon::Get("entity_designators.tsv");
  std::unordered_map<std::string, size_t> first;
  for (size_t n = 0; n < nodes_.size(); ++n) {
    const Node& node = nodes_[n];
    if (node.refs.empty() || node.Majority() == 0 || node.Majority() == 2) continue;  // not PER, LOC
    std::string key(Key(n));
    while (Words(key) > 2 && designators.Contains(LastWord(key))) key.erase(key.rfind(' '));
    if (Words(key) < 2) continue;
    auto [it, fresh] = first.emplace(key, n);
    if (!fresh) uf.Union(it->second, n);
  }
}

// "Islamic Emirate of Afghanistan" = "Islamic Emirate".
void Resolver::LinkOfPlace(UnionFind& uf) {
  for (size_t n = 0; n < nodes_.size(); ++n) {
    const std::string_view key = Key(n);
    size_t of = key.rfind(" of ");
    if (nodes_[n].refs.empty() || of == std::string::npos || PlacesNamed(key.substr(of + 4)).empty()) continue;
    const std::string_view head = key.substr(0, of);
    const size_t h = Mentioned(head);
    if (Words(head) >= 2 && h != std::string::npos) uf.Union(h, n);
  }
}

// Transliteration variants: one skeleton, at most one edit per eight
// characters, never two different known places, the same majority type.
void Resolver::LinkVariants(UnionFind& uf) {
  std::unordered_map<std::string, std::vector<size_t>> buckets;
  for (size_t n = 0; n < nodes_.size(); ++n) {
    if (nodes_[n].refs.empty() || Key(n).size() < 8 || Key(n).starts_with("@")) continue;
    std::vector<size_t>& b = buckets[entity_internal::Skeleton(Key(n))];
    if (b.size() < options_.max_variant_bucket) b.push_back(n);
  }
  for (const auto& [skeleton, members] : buckets) {
    for (size_t i = 0; i < members.size(); ++i) {
      for (size_t j = i + 1; j < members.size(); ++j) {
        const Node& a = nodes_[members[i]];
        const Node& b = nodes_[members[j]];
        const std::string_view ka = Key(members[i]), kb = Key(members[j]);
        size_t limit = std::min(ka.size(), kb.size()) / 8;
        if (a.Majority() != b.Majority()) continue;
        if (!a.facts->places.empty() && !b.facts->places.empty()) continue;
        if (entity_internal::BoundedEditDistance(ka, kb, limit) <= limit) uf.Union(members[i], members[j]);
      }
    }
  }
}

// A lone surname joins the one person whose name ends in it; with several,
// the one named in the same documents, if that is one.
void Resolver::LinkSurnames(UnionFind& uf) {
  std::unordered_map<std::string, std::vector<size_t>> by_last;  // last word -> multi-word PER nodes
  for (size_t n = 0; n < nodes_.size(); ++n) {
    const Node& node = nodes_[n];
    if (!node.refs.empty() && node.Majority() == 0 && Words(Key(n)) >= 2) by_last[LastWord(Key(n))].push_back(n);
  }
  for (size_t n = 0; n < nodes_.size(); ++n) {
    const Node& node = nodes_[n];
    if (node.refs.empty() || node.Majority() != 0 || Words(Key(n)) != 1) continue;
    auto it = by_last.find(std::string(Key(n)));
    if (it == by_last.end()) continue;
    std::set<size_t> roots;
    for (size_t c : it->second) roots.insert(uf.Find(c));
    if (roots.size() > 1) {
      std::set<size_t> docs, shared;
      for (Ref r : node.refs) docs.insert(r.doc);
      for (size_t c : it->second) {
        for (Ref r : nodes_[c].refs) {
          if (docs.count(r.doc)) shared.insert(uf.Find(c));
        }
      }
      roots = shared;
    }
    if (roots.size() == 1) uf.Union(*roots.begin(), n);
  }
}

bool AllCapitalised(std::string_view name) {
  bool start = true;
  for (char c : name) {
    if (start && c >= 'a' && c <= 'z') return false;
    start = c == ' ';
  }
  return true;
}

std::string Resolver::Canonical(const std::vector<size_t>& members, size_t type) const {
  // A data alias group names its canonical; else the fullest, most used name.
  static const std::unordered_set<std::string> preferred = [] {
    std::unordered_set<std::string> keys;
    for (const Lexicon::Row& r : Lexicon::Get("entity_aliases.tsv").rows()) {
      if (r.size() >= 2) keys.insert(NameKey(r[1]));
    }
    return keys;
  }();
  std::string best;
  std::tuple<bool, bool, bool, size_t, size_t, size_t> best_score{};
  for (size_t n : members) {
    const Node& node = nodes_[n];
    const bool data_canonical = preferred.count(std::string(Key(n))) > 0;
    for (const auto& [surface, count] : node.surfaces) {
      auto score = std::make_tuple(data_canonical, !entity_internal::LooksLikeAcronym(surface),
                                   AllCapitalised(surface), type == 0 ? Words(Key(n)) : 0, count,
                                   surface.size());
      if (best.empty() || score > best_score) { best = surface; best_score = score; }
    }
  }
  // A person only ever called by a role ("the spokesman"): People's name.
  for (size_t n : members) {
    for (Ref r : nodes_[n].refs) {
      if (best.empty() && At(r).kind == MentionKind::kRole) best = PersonOf(r);
    }
  }
  return best;
}

std::optional<Place> Resolver::PlaceOf(const std::vector<size_t>& members) const {
  for (size_t n : members) {
    for (const Place& p : nodes_[n].facts->places) {
      if (p.kind == "country") return p;
    }
  }
  // Countries named in the documents and sentences of this entity's mentions
  // (a node's refs are in document order: each document is read once).
  std::map<std::string, size_t> doc_count;
  std::set<std::string> near;
  for (size_t n : members) {
    size_t last_doc = std::string::npos;
    for (Ref r : nodes_[n].refs) {
      if (r.doc != last_doc) {
        for (const auto& [c, k] : doc_countries_[r.doc]) doc_count[c] = std::max(doc_count[c], k);
        last_doc = r.doc;
      }
      auto s = sentence_countries_[r.doc].find(At(r).sentence);
      if (s != sentence_countries_[r.doc].end()) near.insert(s->second.begin(), s->second.end());
    }
  }
  std::optional<Place> best;
  std::tuple<size_t, size_t, int, uint64_t> best_score{};
  for (size_t i = 0; i < members.size(); ++i) {
    for (const Place& p : nodes_[members[i]].facts->places) {
      size_t in_docs = doc_count.count(p.country) ? doc_count.at(p.country) : 0;
      bool accepted = near.count(p.country) || in_docs >= options_.min_country_mentions ||
                      p.population >= options_.known_city_population;
      if (!accepted) continue;
      int kind = p.kind == "city" ? 2 : p.kind == "subdivision" ? 1 : 0;
      auto score = std::make_tuple(size_t{near.count(p.country)}, in_docs, kind, p.population);
      if (!best || score > best_score) { best = p; best_score = score; }
    }
  }
  return best;
}

std::vector<Entity> Resolver::Entities(UnionFind& uf, const std::vector<bool>* wanted) {
  // Components by root (a component's first node), their nodes in order:
  // (root, node) pairs sorted, each component a run.
  std::vector<std::pair<size_t, size_t>> by_root;
  for (size_t n = 0; n < nodes_.size(); ++n) {
    if (!nodes_[n].refs.empty()) by_root.emplace_back(uf.Find(n), n);
  }
  std::sort(by_root.begin(), by_root.end());
  // At most one entity per component: room for all at once (a vector grown
  // by doubling would move every entity again, and touch twice the memory),
  // and no more (there are about half as many components as nodes).
  size_t components = 0;
  for (size_t k = 0; k < by_root.size(); ++k) components += k == 0 || by_root[k].first != by_root[k - 1].first;
  std::vector<Entity> out;
  out.reserve(components);
  std::vector<Ref> first_ref;  // each entity's first mention, parallel to out
  first_ref.reserve(components);
  // Scratch of one entity at a time, kept across entities.
  std::vector<size_t> members;
  std::vector<std::pair<size_t, std::string>> names;  // count, surface of each other key
  std::vector<std::string> seen;                      // keys of the names taken
  std::unordered_set<std::string> many;
  std::vector<std::pair<Ref, bool>> refs;
  // An entity's mentions lie all over the corpus's memory: each is fetched
  // this many ahead of its use.
  constexpr size_t kAhead = 4;
  for (size_t run = 0; run < by_root.size();) {
    members.clear();
    const size_t root = by_root[run].first;
    for (; run < by_root.size() && by_root[run].first == root; ++run) members.push_back(by_root[run].second);
    std::array<double, 4> votes{};
    for (size_t n : members) {
      for (size_t t = 0; t < 4; ++t) votes[t] += nodes_[n].votes[t];
    }
    size_t type = static_cast<size_t>(std::max_element(votes.begin(), votes.end()) - votes.begin());
    Entity e;
    e.type = std::string(TypeName(static_cast<MentionType>(type)));
    e.canonical = Canonical(members, type);
    if (e.canonical.empty()) continue;
    names.clear();
    // Keys of the names taken: a few, looked through; a hash set for the
    // rare entity of many names (bounded work on hostile input).
    seen.clear();
    many.clear();
    seen.push_back(NameKey(e.canonical));
    auto take = [&](std::string key) {
      if (seen.size() < 32) {
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) return false;
        seen.push_back(std::move(key));
        if (seen.size() == 32) many.insert(seen.begin(), seen.end());
        return true;
      }
      return many.insert(std::move(key)).second;
    };
    // Mentions in document order (the order of Add), then by offset.
    // Each with whether its key's node was defined as an acronym somewhere
    // (a node's refs are the mentions with its key).
    refs.clear();
    for (size_t n : members) {
      for (Ref r : nodes_[n].refs) refs.emplace_back(r, nodes_[n].acronym);
    }
    std::sort(refs.begin(), refs.end(), [](const std::pair<Ref, bool>& a, const std::pair<Ref, bool>& b) {
      return a.first.doc != b.first.doc ? a.first.doc < b.first.doc : a.first.begin < b.first.begin;
    });
    e.mention_count = refs.size();
    if (wanted) {  // the first mention, and those of the wanted documents
      refs.erase(std::remove_if(refs.begin() + 1, refs.end(), [&](const auto& r) { return !(*wanted)[r.first.doc]; }),
                 refs.end());
    }
    e.mentions.reserve(refs.size());
    for (size_t k = 0; k < refs.size(); ++k) {
      if (k + kAhead < refs.size()) __builtin_prefetch(&At(refs[k + kAhead].first));
      const auto [r, defined] = refs[k];
      const Kept& f = At(r);
      const bool acronym = f.kind == MentionKind::kName && defined;
      const std::string_view kind = acronym ? KindName(MentionKind::kAcronym) : KindName(f.kind);
      e.mentions.push_back(Mention{ids_[r.doc], f.span, f.text, kind});
    }
    first_ref.push_back(refs.front().first);
    for (size_t n : members) {
      const Node& node = nodes_[n];
      size_t total = 0;
      const std::pair<std::string, size_t>* most = nullptr;
      for (const auto& surface : node.surfaces) {
        total += surface.second;
        if (!most || surface.second > most->second) most = &surface;
      }
      if (most && take(NameKey(most->first))) names.push_back({total, most->first});
    }
    std::stable_sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (auto& [count, name] : names) e.aliases.push_back(std::move(name));
    if (type == 2) {
      if (std::optional<Place> p = PlaceOf(members)) e.place = std::make_shared<const Place>(std::move(*p));
    }
    out.push_back(std::move(e));
  }
  // Entities in the order of their first mentions.
  std::vector<size_t> order(out.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    Ref x = first_ref[a], y = first_ref[b];
    return x.doc != y.doc ? x.doc < y.doc : x.begin < y.begin;
  });
  // Put in that order where they are (each cycle of the permutation rotated
  // through one spare entity): a second vector of every entity would double
  // the largest allocation of a resolution (500,000 entities at 100,000
  // reports).
  std::vector<bool> placed(out.size(), false);
  for (size_t k = 0; k < out.size(); ++k) {
    if (placed[k]) continue;
    Entity spare = std::move(out[k]);
    size_t j = k;
    for (; order[j] != k; j = order[j]) {
      out[j] = std::move(out[order[j]]);
      placed[j] = true;
    }
    out[j] = std::move(spare);
    placed[j] = true;
  }
  for (size_t k = 0; k < out.size(); ++k) out[k].id = "e" + std::to_string(k + 1);
  return out;
}

}  // namespace

std::vector<Entity> EntityFinder::Resolve() const& {
  Resolver resolver(impl_->docs.size(), impl_->options);
  entity_internal::DocumentMentionsView view;  // stored mentions, read in place
  std::string loaded;
  for (const FoundMentions& found : impl_->docs) {
    if (found.mentions_) resolver.Read(std::as_const(*found.mentions_));
    else if (ReadChecked(loaded = found.load_(), view)) resolver.Read(view);
  }
  return resolver.Run();
}

// Each document's mentions are freed once read.
std::vector<Entity> EntityFinder::ResolveTaking(const std::vector<bool>* wanted) {
  Resolver resolver(impl_->docs.size(), impl_->options);
  entity_internal::DocumentMentionsView view;
  std::string loaded;
  for (FoundMentions& found : impl_->docs) {
    if (found.mentions_) resolver.Read(std::move(*found.mentions_));
    else if (ReadChecked(loaded = found.load_(), view)) resolver.Read(view);
    found = FoundMentions();  // freed before the next document's are read
  }
  impl_->docs = {};
  return resolver.Run(wanted);
}

std::vector<Entity> EntityFinder::Resolve() && { return ResolveTaking(nullptr); }

std::vector<Entity> EntityFinder::Resolve(const std::vector<bool>& wanted) && {
  assert(wanted.size() == impl_->docs.size());
  return ResolveTaking(&wanted);
}

}  // namespace crosscheck
