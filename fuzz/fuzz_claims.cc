// Fuzzes the whole pipeline: Analyze() on one or two documents made from the
// input (split at the first 0xFF byte), then ToJson, ToText, ToMarkdown and
// the exports (ToCsv, ToCsvValues, ToGkg, ToUcdp).
//
// Invariants: every claim names a document, its sentence lies inside that
// document's text and its span inside the sentence; claims are numbered
// c1, c2, ... in document order; quantity intervals are not empty; stories
// point at existing claims and documents; entity mentions hold their bytes and
// quotes' speaker entities exist; the JSON report parses and lists every claim
// and entity; the CSV exports read back with a strict RFC 4180 reader with
// a row per claim, value and story, the GKG export has a row of seven
// fields per document, no export or text report holds an ESC byte, and the
// Markdown report no unescaped "<".
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "csv_parse.h"
#include "fuzz_check.h"
#include "report/analysis.h"
#include "report/report.h"

namespace {

using crosscheck::Span;
using crosscheck::fuzz::Inside;
using crosscheck::fuzz::Within;

// A non-empty interval [low, high] (high unset: no upper bound). A macro so
// that a failure names the line of the interval checked.
#define CHECK_INTERVAL(low_expr, high_expr)                 \
  do {                                                      \
    double low_ = (low_expr);                               \
    std::optional<double> high_ = (high_expr);              \
    FUZZ_CHECK(!std::isnan(low_));                          \
    if (high_) FUZZ_CHECK(!std::isnan(*high_) && low_ <= *high_); \
  } while (0)

// A number of the JSON report: null when absent (JSON has no infinities),
// else the same value (integers are written as integers).
void CheckNumber(const nlohmann::json& j, std::optional<double> v) {
  if (!v || !std::isfinite(*v)) {
    FUZZ_CHECK(j.is_null());
    return;
  }
  FUZZ_CHECK(j.is_number());
  double got = j.get<double>();
  FUZZ_CHECK(std::fabs(got - *v) <= 1e-9 * std::max(1.0, std::fabs(*v)));
}

void CheckSpan(const nlohmann::json& j, Span s) {
  FUZZ_CHECK(j.is_array() && j.size() == 2);
  FUZZ_CHECK(j[0].get<size_t>() == s.begin && j[1].get<size_t>() == s.end);
}

// The exports: strict RFC 4180 with one row per claim, value and story plus
// the header; one GKG line of seven tab-separated fields per document; no
// ESC byte where text can reach a terminal; no raw "<" in Markdown.
void CheckExports(const crosscheck::Analysis& a) {
  size_t values = 0;
  for (const crosscheck::Story& s : a.stories) {
    for (const crosscheck::Slot& slot : s.slots) values += slot.values.size();
  }
  const std::pair<std::string, size_t> csvs[] = {{crosscheck::ToCsv(a), a.claims.size()},
                                                 {crosscheck::ToCsvValues(a), values},
                                                 {crosscheck::ToUcdp(a), a.stories.size()}};
  for (const auto& [csv, rows] : csvs) {
    std::optional<crosscheck::testing::CsvRows> parsed = crosscheck::testing::ParseCsv(csv);
    FUZZ_CHECK(parsed && parsed->size() == rows + 1);
    for (const auto& row : *parsed) FUZZ_CHECK(row.size() == parsed->front().size());
    FUZZ_CHECK(csv.find('\x1b') == std::string::npos);
  }
  const std::string gkg = crosscheck::ToGkg(a);
  FUZZ_CHECK(gkg.find('\x1b') == std::string::npos && gkg.find('\r') == std::string::npos);
  size_t lines = 0;
  for (size_t start = 0, end; (end = gkg.find('\n', start)) != std::string::npos; start = end + 1, ++lines) {
    FUZZ_CHECK(std::count(gkg.begin() + start, gkg.begin() + end, '\t') == 6);
  }
  FUZZ_CHECK(lines == a.documents.size() + 1);
  FUZZ_CHECK(crosscheck::ToText(a, /*color=*/false).find('\x1b') == std::string::npos);
  (void)crosscheck::ToText(a, /*color=*/true);
  const std::string md = crosscheck::ToMarkdown(a);
  FUZZ_CHECK(md.find('\x1b') == std::string::npos);
  for (size_t at = md.find('<'); at != std::string::npos; at = md.find('<', at + 1)) {
    FUZZ_CHECK(at > 0 && md[at - 1] == '\\');
  }
}

void Check(const crosscheck::Analysis& a) {
  FUZZ_CHECK(a.cleaned.size() == a.documents.size());
  std::map<std::string, const crosscheck::Document*> docs;
  for (const crosscheck::Document& d : a.documents) docs[d.id] = &d;

  std::string prev_doc;
  size_t prev_sentence = 0;
  for (size_t i = 0; i < a.claims.size(); ++i) {
    const crosscheck::Claim& c = a.claims[i];
    FUZZ_CHECK(c.id == "c" + std::to_string(i + 1));
    auto it = docs.find(c.doc);
    FUZZ_CHECK(it != docs.end());
    const std::string& text = it->second->text;
    FUZZ_CHECK(!c.type.empty());
    FUZZ_CHECK(!c.modality.empty());
    FUZZ_CHECK(Inside(c.sentence, text.size()));
    FUZZ_CHECK(!c.sentence.empty());
    FUZZ_CHECK(Within(c.span, c.sentence));
    FUZZ_CHECK(!c.span.empty());
    if (!c.source.name.empty()) FUZZ_CHECK(Inside(c.source.span, text.size()));
    CHECK_INTERVAL(c.quantity.low, c.quantity.high);
    // Document order, and sentence order within a document.
    if (c.doc == prev_doc) FUZZ_CHECK(c.sentence.begin >= prev_sentence);
    prev_doc = c.doc;
    prev_sentence = c.sentence.begin;
  }

  for (const crosscheck::Story& s : a.stories) {
    for (const std::string& d : s.docs) FUZZ_CHECK(docs.count(d));
    for (const crosscheck::SeparateEvent& e : s.separate_events) FUZZ_CHECK(e.claim < a.claims.size() && !e.reason.empty());
    for (const crosscheck::Slot& slot : s.slots) {
      FUZZ_CHECK(!slot.type.empty());
      FUZZ_CHECK(!slot.values.empty());
      for (const crosscheck::Value& v : slot.values) {
        FUZZ_CHECK(!v.claims.empty());
        for (size_t id : v.claims) FUZZ_CHECK(id < a.claims.size());
        for (const std::string& d : v.docs) FUZZ_CHECK(docs.count(d));
        FUZZ_CHECK(v.independent >= 1 && v.independent <= v.docs.size());
        CHECK_INTERVAL(v.quantity.low, v.quantity.high);
      }
      CHECK_INTERVAL(slot.estimate.low, slot.estimate.high);
      // low <= best <= high; a slot with precise values keeps at least one standing.
      FUZZ_CHECK(slot.estimate.best >= slot.estimate.low);
      if (slot.estimate.high) FUZZ_CHECK(slot.estimate.best <= *slot.estimate.high);
      bool standing = false;
      for (const crosscheck::Value& v : slot.values) standing = standing || !v.superseded;
      FUZZ_CHECK(standing);
      FUZZ_CHECK((slot.status == "conflict") == !slot.conflict_kind.empty());
    }
    for (const auto& [type, e] : s.totals) CHECK_INTERVAL(e.low, e.high);
  }
  // Every document in exactly one story.
  size_t in_stories = 0;
  for (const crosscheck::Story& s : a.stories) in_stories += s.docs.size();
  FUZZ_CHECK(in_stories == a.documents.size());
  // Links: ordered pairs of documents, spans inside each document's text;
  // lineages label each document with the smallest index of its group.
  for (const crosscheck::Link& l : a.links) {
    FUZZ_CHECK(l.a < l.b && l.b < a.documents.size());
    const std::string& ta = a.documents[l.a].text;
    const std::string& tb = a.documents[l.b].text;
    for (const crosscheck::Passage& p : l.passages) FUZZ_CHECK(Inside(p.a, ta.size()) && Inside(p.b, tb.size()));
    for (const crosscheck::Drift& d : l.drift) FUZZ_CHECK(Inside(d.a, ta.size()) && Inside(d.b, tb.size()));
    FUZZ_CHECK(a.lineage[l.a] == a.lineage[l.b]);
  }
  FUZZ_CHECK(a.lineage.size() == a.documents.size());
  for (size_t i = 0; i < a.lineage.size(); ++i) FUZZ_CHECK(a.lineage[i] <= i);
  for (const crosscheck::Person& p : a.people.all()) FUZZ_CHECK(!p.name.empty());
  // Quotations: their text is the bytes of their span; speaker spans lie in the document.
  for (const crosscheck::Quote& q : a.quotes) {
    auto it = docs.find(q.doc);
    FUZZ_CHECK(it != docs.end());
    const std::string& text = it->second->text;
    FUZZ_CHECK(Inside(q.span, text.size()) && !q.span.empty());
    FUZZ_CHECK(q.text == q.span.Of(text));
    FUZZ_CHECK(Inside(q.speaker_span, text.size()));
  }
  // Entities: ids e1, e2, ...; every mention's bytes are its text; a quote's
  // speaker_entity names one of them.
  std::set<std::string> entity_ids;
  for (const crosscheck::Entity& e : a.entities) {
    FUZZ_CHECK(e.id == "e" + std::to_string(entity_ids.size() + 1));
    entity_ids.insert(e.id);
    FUZZ_CHECK(!e.canonical.empty() && !e.mentions.empty());
    for (const crosscheck::Mention& m : e.mentions) {
      auto it = docs.find(std::string(m.doc));
      FUZZ_CHECK(it != docs.end());
      FUZZ_CHECK(Inside(m.span, it->second->text.size()) && !m.span.empty());
      FUZZ_CHECK(m.text == m.span.Of(it->second->text));
    }
  }
  for (const crosscheck::Quote& q : a.quotes) FUZZ_CHECK(q.speaker_entity.empty() || entity_ids.count(q.speaker_entity));
  for (const crosscheck::QuoteGroup& g : a.quote_groups) {
    for (size_t i : g.quotes) FUZZ_CHECK(i < a.quotes.size());
  }

  std::string json = crosscheck::ToJson(a, /*pretty=*/false);
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(!parsed.is_discarded());
  FUZZ_CHECK(parsed["claims"].size() == a.claims.size());
  for (size_t i = 0; i < a.claims.size(); ++i) {
    const crosscheck::Claim& c = a.claims[i];
    const nlohmann::json& j = parsed["claims"][i];
    FUZZ_CHECK(j["id"] == c.id);
    CheckNumber(j["value"], c.quantity.value);
    CheckNumber(j["low"], c.quantity.low);
    CheckNumber(j["high"], c.quantity.high);
    CheckSpan(j["span"], c.span);
    CheckSpan(j["sentence_span"], c.sentence);
  }
  FUZZ_CHECK(parsed["documents"].size() == a.documents.size());
  FUZZ_CHECK(parsed["entities"].size() == a.entities.size());
  CheckExports(a);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > crosscheck::fuzz::kMaxInput) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  if (size_t ff = input.find('\xFF'); ff != std::string_view::npos) {
    parts = {input.substr(0, ff), input.substr(ff + 1)};
  } else {
    parts = {input};
  }
  std::vector<crosscheck::Document> documents;
  for (size_t i = 0; i < parts.size(); ++i) {
    crosscheck::Document d;
    d.id = i == 0 ? "a" : "b";
    d.text = std::string(parts[i]);
    d.origin = d.id + ".txt";
    if (i == 0) d.fields["outlet"] = "Outlet A";
    documents.push_back(std::move(d));
  }
  crosscheck::AnalyzeOptions options;
  // Vary the story grouping with the input length: clustered (the default),
  // one story, one per document, or by a field only the first document has.
  static const char* const kGroups[] = {"auto", "all", "none", "field:outlet"};
  options.reconcile.group = kGroups[size % 4];
  // And read casualty counts by the counts model on every third input.
  if (size % 3 == 0) {
    crosscheck::Result<const crosscheck::CountModel*> model = crosscheck::CountModel::Default();
    FUZZ_CHECK(model.ok());
    options.counts_model = model.value();
  }
  Check(crosscheck::Analyze(std::move(documents), options));
  return 0;
}
