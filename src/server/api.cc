#include "server/api.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "report/report.h"

namespace crosscheck {

namespace {

using nlohmann::json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
std::string Str(std::string_view s) { return Dump(json(std::string(s))); }

// As in the JSON report: whole numbers as integers.
json Number(const std::optional<double>& v) {
  if (!v) return nullptr;
  if (std::fabs(*v) < 9e15 && *v == std::floor(*v)) return static_cast<long long>(*v);
  return *v;
}

// Comma-separated elements inside [ ].
template <typename Range, typename Fn>
std::string Array(const Range& range, Fn element) {
  std::string out = "[";
  bool first = true;
  for (const auto& x : range) {
    std::string e = element(x);
    if (e.empty()) continue;
    if (!first) out += ',';
    out += e;
    first = false;
  }
  return out + "]";
}

std::string Head(const Snapshot& s) { return "{\"version\":" + std::to_string(s.version); }

}  // namespace

std::string StoriesJson(const Snapshot& s, const ListOptions& options) {
  const Analysis& a = *s.analysis;
  const std::vector<size_t>& order = options.order == StoryOrder::kNewest    ? s.by_newest
                                     : options.order == StoryOrder::kReports ? s.by_reports
                                                                             : s.by_conflicts;
  const size_t per_page = std::max<size_t>(options.per_page, 1);
  json stories = json::array();
  for (size_t i = options.page * per_page; i < order.size() && i < (options.page + 1) * per_page; ++i) {
    const StorySummary& sum = s.summaries[order[i]];
    const Story& story = a.stories[sum.story];
    json slots = json::array();
    for (const Slot& slot : story.slots) {
      json values = json::array();
      for (const Value& v : slot.values) {
        values.push_back({{"value", Number(v.quantity.vague ? std::nullopt : v.quantity.value)},
                          {"qualifier", v.quantity.qualifier},
                          {"reports", v.docs.size()},
                          {"independent", v.independent},
                          {"superseded", v.superseded}});
      }
      slots.push_back({{"type", slot.type},
                       {"subject_side", slot.subject_side},
                       {"status", slot.status},
                       {"values", values}});
    }
    stories.push_back({{"id", story.id},
                       {"headline", sum.headline},
                       {"reports", sum.reports},
                       {"conflicts", sum.conflicts},
                       {"newest", sum.newest},
                       {"slots", slots}});
  }
  return Head(s) + ",\"total\":" + std::to_string(order.size()) + ",\"stories\":" + Dump(stories) + "}";
}

std::string StoryApiJson(const Snapshot& s, size_t story_index) {
  const Analysis& a = *s.analysis;
  const Story& story = a.stories[story_index];
  auto doc_of = [&](const std::string& id) -> const Document& { return a.documents[s.FindDoc(id)]; };
  std::string out = Head(s) + ",\"story\":" + StoryToJson(a, story, doc_of);
  out += ",\"documents\":" + Array(story.docs, [&](const std::string& id) {
           size_t d = s.FindDoc(id);
           return d == SIZE_MAX ? std::string() : DocumentToJson(a.documents[d], a.cleaned[d]);
         });
  std::vector<size_t> quotes;
  for (size_t g : s.quote_groups_of_story[story_index]) {
    quotes.insert(quotes.end(), a.quote_groups[g].quotes.begin(), a.quote_groups[g].quotes.end());
  }
  out += ",\"quotes\":" + Array(quotes, [&](size_t q) { return QuoteToJson(a.quotes[q]); });
  return out + "}";
}

std::string DocumentApiJson(const Snapshot& s, size_t d) {
  const Analysis& a = *s.analysis;
  const Document& doc = a.documents[d];
  size_t story = s.story_of_doc[d];
  std::string out = Head(s) + ",\"document\":" + DocumentToJson(doc, a.cleaned[d]);
  out += ",\"text\":" + Str(doc.text);
  out += ",\"story\":" + (story == SIZE_MAX ? std::string("null") : Str(a.stories[story].id));
  out += ",\"claims\":" + Array(s.claims_of_doc[d], [&](size_t c) { return ClaimToJson(a.claims[c], doc); });
  out += ",\"quotes\":" + Array(s.quotes_of_doc[d], [&](size_t q) { return QuoteToJson(a.quotes[q]); });
  out += ",\"mentions\":" + Array(s.mentions_of_doc[d], [&](const std::pair<size_t, size_t>& em) {
           const Mention& m = a.entities[em.first].mentions[em.second];
           return Dump({{"entity", a.entities[em.first].id}, {"span", {m.span.begin, m.span.end}}, {"text", m.text}});
         });
  out += ",\"links\":" + Array(s.links_of_doc[d], [&](size_t l) { return LinkToJson(a.links[l], a.documents); });
  return out + "}";
}

std::string EntityApiJson(const Snapshot& s, size_t entity) {
  return Head(s) + ",\"entity\":" + EntityToJson(s.analysis->entities[entity]) + "}";
}

std::string SearchJson(const Snapshot& s, std::string_view query, const std::vector<FoundDocument>& hits) {
  json out_hits = json::array();
  for (const FoundDocument& hit : hits) {
    size_t d = s.FindDoc(hit.doc);
    size_t story = d == SIZE_MAX ? SIZE_MAX : s.story_of_doc[d];
    out_hits.push_back({{"doc", hit.doc},
                        {"story", story == SIZE_MAX ? json(nullptr) : json(s.analysis->stories[story].id)},
                        {"snippet", hit.snippet}});
  }
  return Head(s) + ",\"query\":" + Str(query) + ",\"hits\":" + Dump(out_hits) + "}";
}

std::string ErrorJson(std::string_view message) { return "{\"error\":" + Str(message) + "}"; }

}  // namespace crosscheck
