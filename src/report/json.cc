#include <cmath>

#include <nlohmann/json.hpp>

#include "report/report.h"

namespace crosscheck {

namespace {

using nlohmann::json;

json Number(std::optional<double> v) {
  if (!v) return nullptr;
  if (std::fabs(*v) < 9e15 && *v == std::floor(*v)) return static_cast<long long>(*v);
  return *v;
}

json SpanJson(Span s) { return json::array({s.begin, s.end}); }
json OrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// Text from the original bytes; invalid UTF-8 is replaced so the JSON stays valid.
std::string Slice(const Document& d, Span s) { return std::string(s.Of(d.text)); }

json DocumentJson(const Document& d, const CleanDocument& c) {
  json removed = json::array();
  for (const Removal& r : c.removed) {
    removed.push_back({{"kind", r.kind}, {"span", SpanJson(r.span)}, {"text", Slice(d, r.span)}});
  }
  return {{"id", d.id},
          {"headline", c.headline ? json(Slice(d, *c.headline)) : json(nullptr)},
          {"headline_span", c.headline ? SpanJson(*c.headline) : json(nullptr)},
          {"outlet", OrNull(c.outlet)},
          {"url", OrNull(d.url)},
          {"published", OrNull(d.published)},
          {"origin", d.origin},
          {"bytes", d.text.size()},
          {"removed", removed}};
}

json ClaimJson(const Claim& c, const Document& d) {
  const Quantity& q = c.quantity;
  return {{"id", c.id},
          {"doc", c.doc},
          {"type", c.type},
          {"value", Number(q.value)},
          {"low", Number(q.low)},
          {"high", Number(q.high)},
          {"qualifier", OrNull(q.qualifier)},
          {"vague", q.vague},
          {"unit", OrNull(q.unit)},
          {"subject", c.subject},
          {"subject_side", OrNull(c.subject_side)},
          {"category", OrNull(c.category)},
          {"source", OrNull(c.source.name)},
          {"source_kind", OrNull(c.source.kind)},
          {"source_side", OrNull(c.source.side)},
          {"source_span", c.source.name.empty() ? json(nullptr) : SpanJson(c.source.span)},
          {"modality", c.modality},
          {"unverified", c.unverified},
          {"in_headline", c.in_headline},
          {"additive", c.additive},
          {"text", Slice(d, c.span)},
          {"span", SpanJson(c.span)},
          {"sentence", Slice(d, c.sentence)},
          {"sentence_span", SpanJson(c.sentence)},
          {"when", OrNull(c.when)},
          {"where", OrNull(c.where)}};
}

json ValueJson(const Value& v, const std::vector<Claim>& claims) {
  json ids = json::array();
  for (size_t i : v.claims) ids.push_back(claims[i].id);
  json reported = json::array();
  for (double r : v.reported) reported.push_back(Number(r));
  return {{"value", Number(v.quantity.vague ? std::nullopt : v.quantity.value)},
          {"low", Number(v.quantity.low)},
          {"high", Number(v.quantity.high)},
          {"qualifier", OrNull(v.quantity.qualifier)},
          {"reported", reported},
          {"claims", ids},
          {"docs", v.docs},
          {"original_sources", v.original_sources},
          {"modalities", v.modalities},
          {"derived_from", OrNull(v.derived_from)}};
}

json EstimateJson(const Estimate& e) {
  return {{"low", Number(e.low)}, {"best", Number(e.best)}, {"high", Number(e.high)}};
}

json StoryJson(const Story& s, const Analysis& a) {
  json slots = json::array();
  for (const Slot& slot : s.slots) {
    json values = json::array();
    for (const Value& v : slot.values) values.push_back(ValueJson(v, a.claims));
    slots.push_back({{"type", slot.type},
                     {"subject", slot.subject},
                     {"subject_side", OrNull(slot.subject_side)},
                     {"unit", OrNull(slot.unit)},
                     {"status", slot.status},
                     {"reports", slot.reports},
                     {"independent_sources", slot.independent_sources},
                     {"values", values},
                     {"estimate", EstimateJson(slot.estimate)}});
  }
  json totals = json::object();
  for (const auto& [type, e] : s.totals) totals[type] = EstimateJson(e);
  json separate = json::array();
  for (size_t i : s.separate_event_claims) {
    const Claim& c = a.claims[i];
    separate.push_back({{"claim", c.id}, {"doc", c.doc}, {"type", c.type}, {"value", Number(c.quantity.value)},
                        {"when", c.when}, {"where", OrNull(c.where)}});
  }
  return {{"id", s.id}, {"docs", s.docs}, {"slots", slots}, {"totals", totals}, {"separate_events", separate}};
}

}  // namespace

std::string ToJson(const Analysis& a, bool pretty) {
  json out;
  out["schema"] = kSchema;
  json docs = json::array();
  std::map<std::string, const Document*> by_id;
  for (size_t i = 0; i < a.documents.size(); ++i) {
    docs.push_back(DocumentJson(a.documents[i], a.cleaned[i]));
    by_id[a.documents[i].id] = &a.documents[i];
  }
  out["documents"] = docs;
  json claims = json::array();
  for (const Claim& c : a.claims) claims.push_back(ClaimJson(c, *by_id.at(c.doc)));
  out["claims"] = claims;
  json stories = json::array();
  for (const Story& s : a.stories) stories.push_back(StoryJson(s, a));
  out["stories"] = stories;
  json people = json::array();
  for (const Person& p : a.people.all()) {
    people.push_back({{"name", p.name}, {"role", OrNull(p.role)}, {"affiliation", OrNull(p.affiliation)},
                      {"side", OrNull(p.side)}});
  }
  out["people"] = people;
  // Invalid UTF-8 from the input is replaced by U+FFFD in strings; spans
  // still index the original bytes.
  return out.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace crosscheck
