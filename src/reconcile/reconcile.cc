#include "reconcile/reconcile.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "base/lexicon.h"
#include "reconcile/scope.h"

namespace crosscheck {

namespace {

const Lexicon& Coordination() {
  static const Lexicon& lex = Lexicon::Get("coordination.tsv");
  return lex;
}

// One document's figure for a slot from one original source.
struct Reading {
  Quantity quantity;
  std::vector<size_t> claims;
  std::string doc;
  std::string party;
  std::string derived_from;
  bool cue = false;         // a revision cue in a claim's sentence ("has risen to")
  bool superseded = false;  // its party later revised it to a larger figure
};

bool IsPoint(const Quantity& q) { return q.value.has_value() && !q.vague; }

// The number a point states: 90 for "more than 90", 2600 for "2,600".
double Figure(const Quantity& q) { return q.value ? *q.value : q.low; }

// An approximation: a stated number with a closed interval around it
// ("around 30" = [27, 33]), not a bound ("at least", "up to").
bool Approximate(const Quantity& q) { return q.value && q.high && q.low > 0 && q.low < *q.high; }

// Two points state the same figure: the same number, or one lies within the
// other's rounding (2,600 and 2,611) or approximation ("around 60" and 61).
// A qualifier never makes two numbers one: "at least 40" and "at least 55"
// are two figures, "at least 30" and 30 one.
bool SameFigure(const Quantity& a, const Quantity& b) {
  double fa = Figure(a), fb = Figure(b);
  if (fa == fb) return true;
  auto within = [](const Quantity& q, double x) {
    if (q.rounded) {
      std::optional<double> hi = q.CompareHigh();
      return x >= q.CompareLow() && (!hi || x <= *hi);
    }
    return Approximate(q) && x >= q.low && x <= *q.high;
  };
  return within(a, fb) || within(b, fa);
}

// An open lower bound: "at least 40", "more than 90".
bool LowerBound(const Quantity& q) { return IsPoint(q) && !q.high; }

// Narrows `into` to what both quantities allow; keeps the precise number.
// With `exact_wins`, an exact figure also replaces the same figure as a bound
// (30 over "at least 30"; for values across reports: within one report "at
// least one" keeps absorbing the account's other figures, as it always did).
void Intersect(Quantity& into, const Quantity& q, bool exact_wins = false) {
  bool exacter = exact_wins && IsPoint(q) && IsPoint(into) && q.high && !into.high && Figure(q) == Figure(into);
  if (IsPoint(q) && (!IsPoint(into) || (into.rounded && !q.rounded) || exacter)) {
    Quantity keep = q;
    into = keep;
    return;
  }
  if (IsPoint(into)) return;
  into.low = std::max(into.low, q.low);
  if (q.high && (!into.high || *q.high < *into.high)) into.high = q.high;
  if (into.qualifier.empty()) into.qualifier = q.qualifier;
}

Quantity Sum(const std::vector<Quantity>& parts) {
  Quantity s = parts.front();
  for (size_t i = 1; i < parts.size(); ++i) s = Plus(s, parts[i]);
  return s;
}

std::string Format(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  return std::to_string(v);
}

std::string Describe(const Quantity& q) {
  if (IsPoint(q)) return Format(*q.value);
  return q.qualifier.empty() ? ">=" + Format(q.low) : q.qualifier;
}

// One party's account of a slot in one document.
struct Account {
  std::vector<Reading> repeats;   // figures not marked additive: restatements of one total
  std::vector<Reading> additions; // "also detained two", "one additional suspect"
};

// The account's total: the largest restatement (a precise figure over a
// vague summary such as "several"), plus every addition. One person named by
// a role ("a Taliban leader", Claim::individual) beside a group of others
// ("two suspected insurgents", no one person among them) is also an addition.
Reading Total(Account& a, const std::vector<Claim>& claims, const Document& doc, const std::string& party) {
  auto all = [&](const Reading& r, auto pred) {
    return std::all_of(r.claims.begin(), r.claims.end(), [&](size_t id) { return pred(claims[id]); });
  };
  // A headline names the story's main figure, not one more person.
  auto individual = [&](const Reading& r) {
    return all(r, [](const Claim& c) { return c.individual || c.in_headline; }) &&
           !all(r, [](const Claim& c) { return c.in_headline; });
  };
  // "detained two insurgents, one of whom was the focus of the search": the
  // group already holds that person.
  // "both men", "the two": people already introduced, the named one among them.
  auto holds_one = [&](const Claim& c) {
    std::string first = c.subject.substr(0, c.subject.find(' '));
    for (char& ch : first) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const Lexicon::Row* row = Coordination().Find(first);
    return (row && !row->empty() && (*row)[0] == "back") || NamesAPart(c, doc);
  };
  bool group = std::any_of(a.repeats.begin(), a.repeats.end(), [&](const Reading& r) {
    return r.quantity.low > 1 && all(r, [&](const Claim& c) { return !c.one_person && !c.individual && !holds_one(c); });
  });
  std::vector<Reading*> parts;
  Reading* top = nullptr;
  // One person ("he was killed") is one of a vague group ("several insurgents
  // were killed"), not a precise figure that outweighs it.
  bool vague_group = std::any_of(a.repeats.begin(), a.repeats.end(), [&](const Reading& r) {
    return !IsPoint(r.quantity) && r.quantity.vague && r.quantity.low > 1 && r.quantity.qualifier != "plural";
  });
  auto one = [&](const Reading& r) {
    return r.quantity.value == 1.0 && all(r, [](const Claim& c) { return c.one_person; });
  };
  auto point = [&](const Reading& r) { return IsPoint(r.quantity) && !(vague_group && one(r)); };
  for (Reading& r : a.repeats) {
    if (group && individual(r)) continue;
    bool better = !top || (point(r) && !point(*top)) ||
                  (point(r) == point(*top) && r.quantity.low > top->quantity.low);
    if (better) top = &r;
  }
  if (top) parts.push_back(top);
  for (Reading& r : a.repeats) {
    if (group && individual(r)) parts.push_back(&r);
  }
  for (Reading& r : a.additions) parts.push_back(&r);
  if (parts.size() == 1) return std::move(*parts[0]);
  Reading sum{{}, {}, doc.id, party, {}};
  for (Reading* r : parts) sum.cue = sum.cue || r->cue;
  std::vector<Quantity> qs;
  for (Reading* r : parts) {
    qs.push_back(r->quantity);
    sum.derived_from += (sum.derived_from.empty() ? "" : " + ") + Describe(r->quantity);
  }
  for (const auto* list : {&a.repeats, &a.additions}) {
    for (const Reading& r : *list) sum.claims.insert(sum.claims.end(), r.claims.begin(), r.claims.end());
  }
  sum.quantity = Sum(qs);
  return sum;
}

// One document's readings of a slot, one per original source. Within a
// source's account, claims that agree are one figure; a different figure is
// a restatement (the larger one stands: "three men were arrested ... detained
// two men") unless the text marks it as more people ("also", "additional",
// "in a separate operation"), when it adds. The outlet's own voice continues the account
// of the one party it quotes for the slot, and an additive claim continues
// the account of the claim before it.
std::vector<Reading> DocumentReadings(const std::vector<Claim>& claims, const std::vector<size_t>& ids,
                                      const std::map<std::string, const Document*>& docs) {
  std::map<std::string, std::vector<size_t>> by_doc;
  for (size_t id : ids) by_doc[claims[id].doc].push_back(id);
  std::vector<Reading> out;
  for (auto& [doc, doc_ids] : by_doc) {
    const Document& d = *docs.at(doc);
    std::set<std::string> quoted;
    for (size_t id : doc_ids) {
      if (!claims[id].source.name.empty()) quoted.insert(PartyKey(claims[id], d));
    }
    std::map<std::string, Account> accounts;
    std::string last_party;
    for (size_t id : doc_ids) {
      const Claim& c = claims[id];
      std::string party = PartyKey(c, d);
      if (c.source.name.empty() && quoted.size() == 1) party = *quoted.begin();
      if (c.additive && !last_party.empty()) party = last_party;
      last_party = party;
      Account& a = accounts[party];
      bool adds = c.additive && !(a.repeats.empty() && a.additions.empty());
      std::vector<Reading>& list = adds ? a.additions : a.repeats;
      auto it = adds ? list.end() : std::find_if(list.begin(), list.end(), [&](const Reading& r) {
        return r.quantity.CompatibleWith(c.quantity);
      });
      bool cue = HasRevisionCue(c, d);
      if (it == list.end()) list.push_back({c.quantity, {id}, doc, party, {}, cue});
      else { Intersect(it->quantity, c.quantity); it->claims.push_back(id); it->cue = it->cue || cue; }
    }
    // One person ("a man was shot", "one person was hurt") beside a larger
    // figure of the same report is one of those people, not a rival figure.
    const size_t first = out.size();
    double largest = 0;
    for (auto& [party, a] : accounts) {
      out.push_back(Total(a, claims, d, party));
      if (out.back().quantity.value) largest = std::max(largest, *out.back().quantity.value);
    }
    auto one_person = [&](const Reading& r) {
      if (!r.quantity.value || *r.quantity.value >= largest) return false;
      if (*r.quantity.value == 1 && !r.quantity.vague && r.quantity.qualifier.empty()) return true;
      return std::all_of(r.claims.begin(), r.claims.end(), [&](size_t id) { return claims[id].one_person; });
    };
    if (largest > 1 && out.size() - first > 1) {
      out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), one_person), out.end());
    }
  }
  return out;
}

// Readable names for the parties behind a value, one pass over its claims:
// "Taliban / Zabihullah Mujahid" when a person speaks for the party, else its
// most frequent source name, else "<outlet> (own reporting)".
std::vector<std::string> PartyLabels(const std::vector<size_t>& claim_ids, const std::vector<Claim>& claims,
                                     const std::map<std::string, const Document*>& docs) {
  struct Party {
    std::string own_voice, person;
    std::map<std::string, int> names;
  };
  std::map<std::string, Party> parties;
  for (size_t id : claim_ids) {
    const Claim& c = claims[id];
    const Document& d = *docs.at(c.doc);
    Party& p = parties[PartyKey(c, d)];
    if (c.source.name.empty()) {
      if (p.own_voice.empty()) p.own_voice = (d.outlet.empty() ? d.id : d.outlet) + " (own reporting)";
      continue;
    }
    if (c.source.kind == "person" && p.person.empty()) {
      p.person = c.source.affiliation.empty() ? c.source.name : c.source.affiliation + " / " + c.source.name;
    }
    ++p.names[c.source.name];
  }
  std::vector<std::string> labels;
  for (auto& [key, p] : parties) {
    if (!p.own_voice.empty()) { labels.push_back(p.own_voice); continue; }
    if (!p.person.empty()) { labels.push_back(p.person); continue; }
    auto best = std::max_element(p.names.begin(), p.names.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    labels.push_back(best == p.names.end() ? key : best->first);
  }
  return labels;
}

template <typename T>
void AddUnique(std::vector<T>& v, const T& x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

// Independent lineages among a value's documents: union-find joining
// documents of one copy lineage and documents whose claims for the value
// quote the same party (an outlet's own voice joins nothing by itself).
size_t IndependentLineages(const Value& v, const std::vector<Claim>& claims,
                           const std::map<std::string, const Document*>& docs,
                           const std::map<std::string, size_t>& lineage_of) {
  std::vector<size_t> parent(v.docs.size());
  for (size_t i = 0; i < parent.size(); ++i) parent[i] = i;
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  size_t groups = v.docs.size();
  auto join = [&](size_t x, size_t y) {
    x = find(x), y = find(y);
    if (x != y) { parent[x] = y; --groups; }
  };
  std::map<size_t, size_t> first_of_lineage;
  for (size_t i = 0; i < v.docs.size(); ++i) {
    auto it = lineage_of.find(v.docs[i]);
    if (it == lineage_of.end()) continue;
    auto [at, fresh] = first_of_lineage.emplace(it->second, i);
    if (!fresh) join(at->second, i);
  }
  std::map<std::string, size_t> first_of_party;
  for (size_t id : v.claims) {
    const Claim& c = claims[id];
    std::string party = PartyKey(c, *docs.at(c.doc));
    if (party.rfind("outlet:", 0) == 0) continue;
    size_t i = static_cast<size_t>(std::lower_bound(v.docs.begin(), v.docs.end(), c.doc) - v.docs.begin());
    auto [at, fresh] = first_of_party.emplace(party, i);
    if (!fresh) join(at->second, i);
  }
  return groups;
}

// Folds readings into values: a point (a stated figure) joins the value
// stating the same figure (SameFigure); vague amounts and ranges then join the
// compatible value with the most documents (a standing one on a tie), or make
// their own. A value is superseded when every point in it was revised.
std::vector<Value> GroupValues(std::vector<Reading> readings, const std::vector<Claim>& claims,
                               const std::map<std::string, const Document*>& docs,
                               const std::map<std::string, size_t>& lineage_of) {
  std::stable_sort(readings.begin(), readings.end(), [](const Reading& a, const Reading& b) {
    return IsPoint(a.quantity) > IsPoint(b.quantity);
  });
  std::vector<Value> values;
  std::vector<size_t> points, revised;  // per value: point readings, superseded ones
  for (const Reading& r : readings) {
    Value* target = nullptr;
    size_t at = 0;
    for (size_t i = 0; i < values.size(); ++i) {
      Value& v = values[i];
      if (IsPoint(r.quantity)) {
        if (IsPoint(v.quantity) && SameFigure(v.quantity, r.quantity)) { target = &v; at = i; break; }
        continue;
      }
      if (!v.quantity.CompatibleWith(r.quantity)) continue;
      bool better = !target || v.docs.size() > target->docs.size() ||
                    (v.docs.size() == target->docs.size() && revised[at] == points[at] && revised[i] < points[i]);
      if (better) { target = &v; at = i; }
    }
    if (!target) {
      at = values.size();
      points.push_back(0);
      revised.push_back(0);
      values.push_back({});
      target = &values.back();
      target->quantity = r.quantity;
    } else {
      Intersect(target->quantity, r.quantity, /*exact_wins=*/true);
    }
    if (IsPoint(r.quantity)) {
      AddUnique(target->reported, *r.quantity.value);
      target->precise = true;
      ++points[at];
      revised[at] += r.superseded;
    }
    if (!r.quantity.vague) target->precise = true;
    // A document's readings are adjacent, so this keeps docs nearly unique
    // (exactly, below) without a quadratic search over thousands of reports.
    if (target->docs.empty() || target->docs.back() != r.doc) target->docs.push_back(r.doc);
    for (size_t id : r.claims) {
      target->claims.push_back(id);
      AddUnique(target->modalities, claims[id].modality);
    }
    if (!r.derived_from.empty() && target->derived_from.empty()) target->derived_from = r.derived_from;
  }
  for (size_t i = 0; i < values.size(); ++i) values[i].superseded = points[i] > 0 && revised[i] == points[i];
  for (Value& v : values) {
    std::sort(v.docs.begin(), v.docs.end());
    v.docs.erase(std::unique(v.docs.begin(), v.docs.end()), v.docs.end());
    v.original_sources = PartyLabels(v.claims, claims, docs);
    v.independent = IndependentLineages(v, claims, docs, lineage_of);
  }
  std::stable_sort(values.begin(), values.end(), [](const Value& a, const Value& b) {
    if (a.precise != b.precise) return a.precise;
    if (a.superseded != b.superseded) return b.superseded;
    if (a.independent != b.independent) return a.independent > b.independent;
    if (a.original_sources.size() != b.original_sources.size()) return a.original_sources.size() > b.original_sources.size();
    return a.docs.size() > b.docs.size();
  });
  return values;
}

// Revisions: per original source (not an outlet's own voice, which is one
// report's; not derived sums), its figures across reports in report order
// (published time when every one of its reports has one, else input order).
// A figure is superseded when the same source states a larger figure in a
// later report, or in a sentence with a revision cue ("has risen to") while
// its own has none. Returns the histories of the sources whose figures differ.
std::vector<Revision> MarkRevisions(std::vector<Reading>& readings, const std::vector<Claim>& claims,
                                    const std::map<std::string, const Document*>& docs,
                                    const std::map<std::string, size_t>& index_of) {
  std::map<std::string, std::vector<size_t>> by_party;
  for (size_t i = 0; i < readings.size(); ++i) {
    const Reading& r = readings[i];
    if (!IsPoint(r.quantity) || !r.derived_from.empty() || r.party.rfind("outlet:", 0) == 0) continue;
    by_party[r.party].push_back(i);
  }
  std::vector<Revision> out;
  for (auto& [party, ids] : by_party) {
    bool dated = std::all_of(ids.begin(), ids.end(), [&](size_t i) { return !docs.at(readings[i].doc)->published.empty(); });
    auto key = [&](size_t i) {
      return std::make_pair(dated ? docs.at(readings[i].doc)->published : std::string(), index_of.at(readings[i].doc));
    };
    std::stable_sort(ids.begin(), ids.end(), [&](size_t a, size_t b) { return key(a) < key(b); });
    // One pass from the latest: the largest figure after each reading, and
    // the largest figure with a revision cue anywhere.
    auto larger = [&](const Reading* a, const Reading* b) { return Figure(b->quantity) > Figure(a->quantity); };
    const Reading* cue_max = nullptr;
    const Reading *lowest = &readings[ids[0]], *highest = lowest;
    for (size_t i : ids) {
      const Reading* r = &readings[i];
      if (r->cue && (!cue_max || larger(cue_max, r))) cue_max = r;
      if (larger(r, lowest)) lowest = r;
      if (larger(highest, r)) highest = r;
    }
    if (SameFigure(lowest->quantity, highest->quantity)) continue;
    const Reading* later_max = nullptr;
    for (size_t k = ids.size(); k-- > 0;) {
      Reading& r = readings[ids[k]];
      auto revises = [&](const Reading* by) {
        return by && larger(&r, by) && !SameFigure(r.quantity, by->quantity);
      };
      r.superseded = revises(later_max) || (!r.cue && revises(cue_max));
      if (!later_max || larger(later_max, &r)) later_max = &r;
    }
    Revision rev;
    std::vector<size_t> own;  // the party's own claims name it (not the outlet's voice continuing it)
    for (size_t i : ids) {
      const Reading& r = readings[i];
      rev.history.push_back({r.quantity, r.doc, docs.at(r.doc)->published, r.claims, r.cue});
      for (size_t id : r.claims) {
        if (PartyKey(claims[id], *docs.at(claims[id].doc)) == party) own.push_back(id);
      }
    }
    std::vector<std::string> labels = PartyLabels(own, claims, docs);
    rev.source = labels.empty() ? party : labels.front();
    out.push_back(std::move(rev));
  }
  return out;
}

bool AdmittedByOwnSide(const Value& v, const std::vector<Claim>& claims) {
  for (size_t id : v.claims) {
    const Claim& c = claims[id];
    if (c.modality == "confirmed" || (!c.source.side.empty() && c.source.side == c.subject_side)) return true;
  }
  return false;
}

// The latest figure of one of the slot's revision histories.
bool LatestRevision(const Value& v, const Slot& slot) {
  for (const Revision& r : slot.revisions) {
    if (IsPoint(v.quantity) && SameFigure(v.quantity, r.history.back().quantity)) return true;
  }
  return false;
}

void Estimate_(Slot& slot, const std::vector<Claim>& claims) {
  std::vector<const Value*> precise, standing;
  for (const Value& v : slot.values) {
    if (v.precise) precise.push_back(&v);
    if (v.precise && !v.superseded) standing.push_back(&v);
  }
  if (precise.empty()) {
    // Vague only: the values are compatible lower bounds; keep the strongest.
    double low = 0;
    for (const Value& v : slot.values) low = std::max(low, v.quantity.low);
    slot.estimate = {low, low, std::nullopt};
    return;
  }
  // low: the smallest value's lower end; high: the largest figure stated (an
  // open bound's own figure, marked high_open), never below low.
  Estimate e;
  e.low = precise[0]->quantity.low;
  for (const Value* v : precise) {
    e.low = std::min(e.low, v->quantity.low);
    const Quantity& q = v->quantity;
    double h = q.high ? *q.high : Figure(q);
    if (!e.high || h > *e.high || (h == *e.high && e.high_open && q.high)) {
      e.high = h;
      e.high_open = !q.high;
    }
  }
  if (*e.high < e.low) e.high = e.low;
  const Value* best = *std::min_element(standing.begin(), standing.end(), [&](const Value* a, const Value* b) {
    if (a->independent != b->independent) return a->independent > b->independent;
    if (a->original_sources.size() != b->original_sources.size()) return a->original_sources.size() > b->original_sources.size();
    bool oa = AdmittedByOwnSide(*a, claims), ob = AdmittedByOwnSide(*b, claims);
    if (oa != ob) return oa;
    bool ra = LatestRevision(*a, slot), rb = LatestRevision(*b, slot);
    if (ra != rb) return ra;
    bool xa = IsPoint(a->quantity) && !LowerBound(a->quantity), xb = IsPoint(b->quantity) && !LowerBound(b->quantity);
    if (xa != xb) return xa;
    if (a->docs.size() != b->docs.size()) return a->docs.size() > b->docs.size();
    return a->quantity.low < b->quantity.low;
  });
  // A bound's best is its least count: "more than 90" is 91 at best.
  e.best = std::max(Figure(best->quantity), best->quantity.low);
  if (*e.high < e.best) e.high = e.best;
  slot.estimate = e;
}

// Status from the standing (not superseded) precise values; see reconcile.h.
void SetStatus(Slot& slot, const std::vector<Claim>& claims) {
  size_t standing = 0, superseded = 0;
  bool all_bounds = true;
  std::set<std::string> all_docs, parties;
  for (const Value& v : slot.values) {
    all_docs.insert(v.docs.begin(), v.docs.end());
    parties.insert(v.original_sources.begin(), v.original_sources.end());
    if (!v.precise) continue;
    if (v.superseded) { ++superseded; continue; }
    ++standing;
    all_bounds = all_bounds && LowerBound(v.quantity);
  }
  slot.reports = all_docs.size();
  slot.independent_sources = parties.size();
  if (standing >= 2) {
    slot.status = "conflict";
    slot.conflict_kind = all_bounds ? "lower-bounds" : "figures";
  } else if (standing == 0) {
    slot.status = "vague-only";
  } else if (superseded > 0) {
    slot.status = "revised";
  } else {
    slot.status = all_docs.size() >= 2 ? "agree" : "single-source";
  }
  std::map<std::string, int> subjects;
  for (const Value& v : slot.values) {
    for (size_t id : v.claims) {
      if (claims[id].subject != "others" && !claims[id].subject.empty()) ++subjects[claims[id].subject];
    }
  }
  int n = 0;
  for (auto& [s, count] : subjects) {
    if (count > n) { slot.subject = s; n = count; }
  }
}

// "9 killed + 9 wounded": per document, a side's killed and wounded counts
// make a killed_or_wounded reading wherever that slot exists.
void DeriveCombined(std::map<std::pair<std::string, std::string>, std::vector<Reading>>& readings) {
  for (auto& [key, kow] : readings) {
    if (key.first != "killed_or_wounded") continue;
    auto killed = readings.find({"killed", key.second});
    auto wounded = readings.find({"wounded", key.second});
    if (killed == readings.end() || wounded == readings.end()) continue;
    std::set<std::string> has;
    for (const Reading& r : kow) has.insert(r.doc);
    std::map<std::string, const Reading*> wounded_in;
    for (const Reading& w : wounded->second) {
      if (IsPoint(w.quantity)) wounded_in.emplace(w.doc, &w);
    }
    for (const Reading& k : killed->second) {
      auto w = wounded_in.find(k.doc);
      if (w == wounded_in.end() || !IsPoint(k.quantity) || !has.insert(k.doc).second) continue;
      Reading r{Sum({k.quantity, w->second->quantity}), k.claims, k.doc, k.party,
                Describe(k.quantity) + " killed + " + Describe(w->second->quantity) + " wounded"};
      r.claims.insert(r.claims.end(), w->second->claims.begin(), w->second->claims.end());
      kow.push_back(std::move(r));
    }
  }
}

// Adds one slot's estimate to a running sum of slots (high none if either has none).
void AddEstimate(std::optional<Estimate>& sum, const Estimate& e) {
  if (!sum) { sum = e; return; }
  sum->low += e.low;
  sum->best += e.best;
  if (sum->high && e.high) *sum->high += *e.high;
  else sum->high.reset();
  sum->high_open = sum->high_open || e.high_open;
}

// Per type: the known sides' slots add up; the unknown side's slot may count
// the same people, so it is never added to them: each of low, best and high
// is the larger of the two (high none when either has none). Unless one
// sentence lists both ("arrested a Taliban leader and detained three
// suspected insurgents": a sentence naming two groups counts two groups), or
// a report marks one as more people ("in a separate operation", Claim::additive).
void Totals(Story& story, const std::vector<Claim>& claims) {
  std::map<std::string, std::optional<Estimate>> known, unknown;
  std::set<std::tuple<std::string, std::string, size_t>> known_sentences;  // type, doc, sentence
  std::set<std::pair<std::string, std::string>> known_docs, additive_docs;   // type, doc
  for (const Slot& slot : story.slots) {
    if (slot.type == "length") continue;
    AddEstimate(slot.subject_side.empty() ? unknown[slot.type] : known[slot.type], slot.estimate);
    for (const Value& v : slot.values) {
      for (size_t id : v.claims) {
        if (claims[id].additive) additive_docs.insert({slot.type, claims[id].doc});
        if (slot.subject_side.empty()) continue;
        known_sentences.insert({slot.type, claims[id].doc, claims[id].sentence.begin});
        known_docs.insert({slot.type, claims[id].doc});
      }
    }
  }
  std::set<std::string> listed_together;
  for (const Slot& slot : story.slots) {
    if (!slot.subject_side.empty()) continue;
    for (const Value& v : slot.values) {
      for (size_t id : v.claims) {
        const Claim& c = claims[id];
        bool same_sentence = known_sentences.count({slot.type, c.doc, c.sentence.begin}) > 0;
        bool more = known_docs.count({slot.type, c.doc}) && additive_docs.count({slot.type, c.doc});
        if (same_sentence || more) listed_together.insert(slot.type);
      }
    }
  }
  for (auto& [type, u] : unknown) {
    auto k = known.find(type);
    if (k == known.end() || !k->second) { story.totals[type] = *u; continue; }
    if (listed_together.count(type)) {
      AddEstimate(k->second, *u);
      story.totals[type] = *k->second;
      continue;
    }
    Estimate t = *k->second;
    t.low = std::max(t.low, u->low);
    t.best = std::max(t.best, u->best);
    if (t.high && u->high) {
      if (*u->high > *t.high || (*u->high == *t.high && !u->high_open)) t.high_open = u->high_open;
      t.high = std::max(*t.high, *u->high);
    } else {
      t.high.reset();
    }
    if (t.high && *t.high < t.low) t.high = t.low;
    story.totals[type] = t;
  }
  for (auto& [type, k] : known) {
    if (!unknown.count(type)) story.totals[type] = *k;
  }
}

Story BuildStory(const std::string& id, const std::vector<std::string>& story_docs, const std::vector<Claim>& claims,
                 const std::vector<size_t>& ids, const std::map<std::string, const Document*>& docs,
                 const std::map<std::string, size_t>& lineage_of, const std::map<std::string, size_t>& index_of) {
  Story story;
  story.id = id;
  story.docs = story_docs;
  // "including two children" is part of a total only when the sentence
  // counts that total before it ("killed 12 people, including two
  // children"); "five were involved in a shooting, including one dead" is
  // the whole count. First claim of each type per sentence: its span start.
  std::map<std::tuple<std::string, size_t, std::string>, size_t> first_in_sentence;
  for (size_t i : ids) {
    const Claim& c = claims[i];
    first_in_sentence.emplace(std::make_tuple(c.doc, c.sentence.begin, c.type), c.span.begin);
  }
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> by_slot;
  for (size_t i : ids) {
    const Claim& c = claims[i];
    std::string why = OtherScope(c, *docs.at(c.doc));
    if (why == "partial tally: including" || why == "partial tally: among them") {
      if (first_in_sentence.at({c.doc, c.sentence.begin, c.type}) >= c.span.begin) why.clear();
    }
    if (!why.empty()) { story.separate_events.push_back({i, std::move(why)}); continue; }
    if (c.modality == "denied") continue;
    std::string second = c.type == "length" ? c.quantity.unit : c.subject_side;
    by_slot[{c.type, second}].push_back(i);
  }
  std::map<std::pair<std::string, std::string>, std::vector<Reading>> readings;
  for (auto& [key, slot_ids] : by_slot) readings[key] = DocumentReadings(claims, slot_ids, docs);
  DeriveCombined(readings);
  for (auto& [key, rs] : readings) {
    Slot slot;
    slot.type = key.first;
    (key.first == "length" ? slot.unit : slot.subject_side) = key.second;
    slot.revisions = MarkRevisions(rs, claims, docs, index_of);
    slot.values = GroupValues(rs, claims, docs, lineage_of);
    SetStatus(slot, claims);
    Estimate_(slot, claims);
    story.slots.push_back(std::move(slot));
  }
  Totals(story, claims);
  std::stable_sort(story.slots.begin(), story.slots.end(), [](const Slot& a, const Slot& b) {
    return a.reports > b.reports;
  });
  return story;
}

}  // namespace

std::string PartyKey(const Claim& c, const Document& doc) {
  if (!c.source.side.empty()) return c.source.side;
  if (!c.source.name.empty()) return c.source.name;
  return "outlet:" + doc.id;
}

StoryReconciler::StoryReconciler(const std::vector<Document>& docs, const std::vector<Claim>& claims,
                                 const ReconcileOptions& options)
    : claims_(claims) {
  for (const Document& d : docs) by_id_[d.id] = &d;
  for (size_t i = 0; i < docs.size(); ++i) index_of_[docs[i].id] = i;
  if (options.lineage.size() == docs.size()) {
    for (size_t i = 0; i < docs.size(); ++i) lineage_of_[docs[i].id] = options.lineage[i];
  }
  const bool by_cluster = options.group == "auto" && options.story_of.size() == docs.size();
  // Story key per document, in input order.
  std::map<std::string, size_t> group_of_key;
  std::string field = options.group.rfind("field:", 0) == 0 ? options.group.substr(6) : "";
  for (size_t i = 0; i < docs.size(); ++i) {
    const Document& d = docs[i];
    std::string key = "all";
    if (by_cluster) key = "story:" + std::to_string(options.story_of[i]);
    if (options.group == "none") key = "doc:" + d.id;
    if (!field.empty()) {
      auto it = d.fields.find(field);
      key = it == d.fields.end() ? "doc:" + d.id : "field:" + it->second;
    }
    auto [it, fresh] = group_of_key.emplace(key, stories_.size());
    if (fresh) stories_.push_back({"s" + std::to_string(stories_.size() + 1), {}, {}});
    stories_[it->second].docs.push_back(d.id);
  }
  std::map<std::string, std::vector<size_t>> claims_of;
  for (size_t i = 0; i < claims.size(); ++i) claims_of[claims[i].doc].push_back(i);
  for (Group& g : stories_) {
    for (const std::string& d : g.docs) {
      const std::vector<size_t>& of = claims_of[d];
      g.claims.insert(g.claims.end(), of.begin(), of.end());
    }
  }
}

StoryReconciler::Inputs StoryReconciler::InputsOf(size_t k) const {
  const Group& g = stories_[k];
  Inputs in{g.id, g.docs, g.claims, {}, {}};
  std::map<size_t, size_t> first_of_lineage;
  for (size_t j = 0; j < g.docs.size(); ++j) {
    in.doc_index.push_back(index_of_.at(g.docs[j]));
    auto it = lineage_of_.find(g.docs[j]);
    in.lineage.push_back(it == lineage_of_.end() ? kNoLineage : first_of_lineage.emplace(it->second, j).first->second);
  }
  return in;
}

Story StoryReconciler::Build(size_t k) const {
  const Group& g = stories_[k];
  return BuildStory(g.id, g.docs, claims_, g.claims, by_id_, lineage_of_, index_of_);
}

std::vector<Story> Reconcile(const std::vector<Document>& docs, const std::vector<Claim>& claims,
                             const ReconcileOptions& options) {
  StoryReconciler stories(docs, claims, options);
  std::vector<Story> out;
  for (size_t k = 0; k < stories.size(); ++k) out.push_back(stories.Build(k));
  return out;
}

}  // namespace crosscheck
