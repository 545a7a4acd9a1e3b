#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <string_view>

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

// How an extracted document's text maps back to its page (HTML input), or
// null: {"charset", "bytes", "map": [[text_begin, text_end, page_begin, page_end], ...]}.
json PageJson(const Document& d) {
  if (d.source.empty()) return nullptr;
  json map = json::array();
  for (const SourceRange& r : d.source_map) {
    map.push_back(json::array({r.text.begin, r.text.end, r.source.begin, r.source.end}));
  }
  return {{"charset", d.source_charset}, {"bytes", d.source.size()}, {"map", std::move(map)}};
}

json DocumentJson(const Document& d, const CleanDocument& c) {
  json removed = json::array();
  for (const Removal& r : c.removed) {
    json removal = {{"kind", r.kind}, {"span", SpanJson(r.span)}, {"text", Slice(d, r.span)}};
    if (!r.reason.empty()) removal["reason"] = r.reason;
    removed.push_back(std::move(removal));
  }
  return {{"id", d.id},
          {"headline", c.headline ? json(Slice(d, *c.headline)) : json(nullptr)},
          {"headline_span", c.headline ? SpanJson(*c.headline) : json(nullptr)},
          {"outlet", OrNull(c.outlet)},
          {"url", OrNull(d.url)},
          {"published", OrNull(d.published)},
          {"origin", d.origin},
          {"bytes", d.text.size()},
          {"author", OrNull(d.author)},
          {"modified", OrNull(d.modified)},
          {"language", OrNull(d.language)},
          {"page", PageJson(d)},
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
          {"reports", v.docs.size()},
          {"independent", v.independent},
          {"original_sources", v.original_sources},
          {"modalities", v.modalities},
          {"derived_from", OrNull(v.derived_from)},
          {"superseded", v.superseded}};
}

json EstimateJson(const Estimate& e) {
  return {{"low", Number(e.low)}, {"best", Number(e.best)}, {"high", Number(e.high)}, {"high_open", e.high_open}};
}

json RevisionJson(const Revision& r, const std::vector<Claim>& claims) {
  json history = json::array();
  for (const RevisionStep& step : r.history) {
    json ids = json::array();
    for (size_t i : step.claims) ids.push_back(claims[i].id);
    const Quantity& q = step.quantity;
    history.push_back({{"value", Number(q.value)}, {"low", Number(q.low)}, {"high", Number(q.high)},
                       {"qualifier", OrNull(q.qualifier)}, {"doc", step.doc}, {"published", OrNull(step.published)},
                       {"claims", ids}, {"cue", step.cue}});
  }
  return {{"source", r.source}, {"history", history}};
}

using DocLookup = std::function<const Document&(const std::string&)>;

json StoryJson(const Story& s, const Analysis& a, const DocLookup& doc_of) {
  json slots = json::array();
  for (const Slot& slot : s.slots) {
    json values = json::array();
    for (const Value& v : slot.values) values.push_back(ValueJson(v, a.claims));
    json revisions = json::array();
    for (const Revision& r : slot.revisions) revisions.push_back(RevisionJson(r, a.claims));
    slots.push_back({{"type", slot.type},
                     {"conflict_kind", OrNull(slot.conflict_kind)},
                     {"revisions", revisions},
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
  for (const SeparateEvent& e : s.separate_events) {
    const Claim& c = a.claims[e.claim];
    separate.push_back({{"claim", c.id}, {"doc", c.doc}, {"type", c.type}, {"value", Number(c.quantity.value)},
                        {"low", Number(c.quantity.low)}, {"high", Number(c.quantity.high)},
                        {"qualifier", OrNull(c.quantity.qualifier)}, {"reason", e.reason},
                        {"sentence", Slice(doc_of(c.doc), c.sentence)}, {"span", SpanJson(c.span)},
                        {"when", OrNull(c.when)}, {"where", OrNull(c.where)}});
  }
  return {{"id", s.id}, {"docs", s.docs}, {"slots", slots}, {"totals", totals}, {"separate_events", separate}};
}

double Rounded(double x) { return std::round(x * 1000) / 1000; }

// The JSON text of a value written member by member straight into the
// output, for the report's bulkiest arrays (links and entities grow with the
// corpus; building each as a DOM allocated a node per member): the same
// bytes as nlohmann's dump() of the equal value, which callers must keep by
// writing object members in key order (nlohmann sorts keys). `indent` < 0 is
// compact; otherwise `depth` is the nesting the value starts at.
class Emitter {
 public:
  Emitter(std::string& out, int indent, int depth) : out_(out), indent_(indent), depth_(depth) {}

  void OpenObject() { Open('{'); }
  void CloseObject() { Close('}'); }
  void OpenArray() { Open('['); }
  void CloseArray() { Close(']'); }
  // The key of the next object member.
  void Key(std::string_view key) {
    Next();
    Escaped(key);
    out_ += indent_ < 0 ? ":" : ": ";
    key_ = true;
  }
  void String(std::string_view s) {
    Value();
    Escaped(s);
  }
  void StringOrNull(const std::string& s) {
    if (s.empty()) Null();
    else String(s);
  }
  void Unsigned(uint64_t v) {
    Value();
    char buf[24];
    size_t n = 0;
    do buf[n++] = static_cast<char>('0' + v % 10), v /= 10;
    while (v);
    while (n) out_ += buf[--n];
  }
  // Any number as Number() would make it.
  void Number(std::optional<double> v) { Raw(::crosscheck::Number(v).dump()); }
  void Double(double v) { Raw(json(v).dump()); }
  void Bool(bool v) { Raw(v ? "true" : "false"); }
  void Null() { Raw("null"); }
  void SpanOf(Span s) {
    OpenArray();
    Unsigned(s.begin);
    Unsigned(s.end);
    CloseArray();
  }

 private:
  void Escaped(std::string_view s) {
    // Printable ASCII and the short escapes are written here; anything else
    // (other control bytes, UTF-8 to check or replace) goes through nlohmann.
    for (unsigned char c : s) {
      if (c >= 0x80 || (c < 0x20 && c != '\n' && c != '\t' && c != '\r' && c != '\b' && c != '\f')) {
        out_ += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
        return;
      }
    }
    out_ += '"';
    size_t run = 0;  // start of the bytes not yet written
    for (size_t i = 0; i < s.size(); ++i) {
      const char* escape = nullptr;
      switch (s[i]) {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\n': escape = "\\n"; break;
        case '\t': escape = "\\t"; break;
        case '\r': escape = "\\r"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        default: continue;
      }
      out_.append(s.data() + run, i - run);
      out_ += escape;
      run = i + 1;
    }
    out_.append(s.data() + run, s.size() - run);
    out_ += '"';
  }
  void Raw(std::string_view text) {
    Value();
    out_ += text;
  }
  // Before a value: a separator and line break inside an array.
  void Value() {
    if (key_) key_ = false;
    else Next();
  }
  void Next() {
    if (open_.empty()) return;
    if (!first_) out_ += ',';
    first_ = false;
    Newline(depth_ + static_cast<int>(open_.size()));
  }
  void Newline(int depth) {
    if (indent_ < 0) return;
    out_ += '\n';
    out_.append(static_cast<size_t>(indent_ * depth), ' ');
  }
  void Open(char bracket) {
    Value();
    out_ += bracket;
    open_.push_back(bracket);
    first_ = true;
  }
  // An empty container closes on the same line.
  void Close(char bracket) {
    open_.pop_back();
    if (!first_) Newline(depth_ + static_cast<int>(open_.size()));
    out_ += bracket;
    first_ = false;
  }

  std::string& out_;
  int indent_, depth_;
  std::string open_;    // the open brackets
  bool first_ = true;   // no member or element yet in the innermost container
  bool key_ = false;    // a key was written: the value follows it directly
};

// A link: a and b as document ids; spans index each document's original text.
void EmitLink(Emitter& e, const Link& l, const std::vector<Document>& docs) {
  const Document& a = docs[l.a];
  const Document& b = docs[l.b];
  e.OpenObject();
  e.Key("a"), e.String(a.id);
  e.Key("b"), e.String(b.id);
  e.Key("direction"), e.String(l.direction);
  e.Key("drift"), e.OpenArray();
  for (const Drift& d : l.drift) {
    e.OpenObject();
    e.Key("a_source"), e.StringOrNull(d.a_source);
    e.Key("a_span"), e.SpanOf(d.a);
    e.Key("a_text"), e.String(d.a.Of(a.text));
    e.Key("b_source"), e.StringOrNull(d.b_source);
    e.Key("b_span"), e.SpanOf(d.b);
    e.Key("b_text"), e.String(d.b.Of(b.text));
    e.Key("what"), e.String(d.what);
    e.CloseObject();
  }
  e.CloseArray();
  e.Key("kind"), e.String(l.kind);
  e.Key("passages"), e.OpenArray();
  for (const Passage& p : l.passages) {
    e.OpenObject();
    e.Key("a_span"), e.SpanOf(p.a);
    e.Key("b_span"), e.SpanOf(p.b);
    e.Key("quote"), e.Bool(p.quote);
    e.Key("similarity"), e.Double(Rounded(p.similarity));
    e.Key("text"), e.String(p.a.Of(a.text));
    e.CloseObject();
  }
  e.CloseArray();
  e.Key("similarity"), e.Double(Rounded(l.similarity));
  e.CloseObject();
}

void EmitEntity(Emitter& e, const Entity& x) {
  e.OpenObject();
  e.Key("aliases"), e.OpenArray();
  for (const std::string& alias : x.aliases) e.String(alias);
  e.CloseArray();
  e.Key("canonical"), e.String(x.canonical);
  e.Key("id"), e.String(x.id);
  e.Key("mentions"), e.OpenArray();
  for (const Mention& m : x.mentions) {
    e.OpenObject();
    e.Key("doc"), e.String(m.doc);
    e.Key("kind"), e.String(m.kind);
    e.Key("span"), e.SpanOf(m.span);
    e.Key("text"), e.String(m.text);
    e.CloseObject();
  }
  e.CloseArray();
  e.Key("place");
  if (!x.place) {
    e.Null();
  } else {
    const Place& p = *x.place;
    e.OpenObject();
    e.Key("country"), e.String(CountryName(p.country));
    e.Key("country_code"), e.String(p.country);
    e.Key("kind"), e.String(p.kind);
    e.Key("lat"), e.Number(p.lat);
    e.Key("lon"), e.Number(p.lon);
    e.CloseObject();
  }
  e.Key("type"), e.String(x.type);
  e.CloseObject();
}


json QuoteJson(const Quote& q) {
  return {{"id", q.id},
          {"doc", q.doc},
          {"text", q.text},
          {"span", SpanJson(q.span)},
          {"speaker", OrNull(q.speaker)},
          {"speaker_span", q.speaker_span.empty() ? json(nullptr) : SpanJson(q.speaker_span)},
          {"speaker_entity", OrNull(q.speaker_entity)},
          {"cue", OrNull(q.cue)},
          {"partial", q.partial}};
}

// Writes the report one element at a time: a DOM of the whole report costs
// about ten times the JSON text (hundreds of thousands of claims on a large
// document), so only one document, claim, story or person is a json value at
// any time. The text is the same as one dump() of the whole report: members
// in key order (nlohmann sorts object keys), two-space indentation when pretty.
class Writer {
 public:
  explicit Writer(bool pretty) : indent_(pretty ? 2 : -1) {}

  // The opening of the report object or of one of its array members.
  void OpenObject() { out_ += '{'; first_ = true; }
  void OpenArray(std::string_view key) {
    Key(key);
    out_ += '[';
    first_ = true;
  }
  // One element of the open array, at depth 2.
  void Element(const json& j) {
    Separator(2);
    Dump(j, 2);
  }
  // The same, written by write(Emitter&) instead of built as a json value.
  template <typename Write>
  void ElementWith(const Write& write) {
    Separator(2);
    Emitter e(out_, indent_, 2);
    write(e);
  }
  void CloseArray() { Close(']', 1); }
  void Member(std::string_view key, const json& j) {
    Key(key);
    Dump(j, 1);
    first_ = false;
  }
  std::string Finish() {
    Close('}', 0);
    out_ += '\n';
    return std::move(out_);
  }

 private:
  void Separator(int depth) {
    if (!first_) out_ += ',';
    first_ = false;
    Newline(depth);
  }
  void Newline(int depth) {
    if (indent_ < 0) return;
    out_ += '\n';
    out_.append(static_cast<size_t>(indent_ * depth), ' ');
  }
  void Key(std::string_view key) {
    Separator(1);
    Dump(json(std::string(key)), 1);
    out_ += indent_ < 0 ? ":" : ": ";
    first_ = true;
  }
  // An empty container closes on its own line only when it has elements.
  void Close(char bracket, int depth) {
    if (!first_) Newline(depth);
    out_ += bracket;
    first_ = false;
  }
  // Invalid UTF-8 from the input is replaced by U+FFFD in strings; spans
  // still index the original bytes. Dumped strings hold no raw '\n', so
  // indenting after each line break re-nests the value at `depth`.
  void Dump(const json& j, int depth) {
    std::string s = j.dump(indent_, ' ', false, json::error_handler_t::replace);
    if (indent_ < 0) {
      out_ += s;
      return;
    }
    const std::string pad(static_cast<size_t>(indent_ * depth), ' ');
    std::string_view rest = s;
    for (size_t nl = rest.find('\n'); nl != std::string_view::npos; nl = rest.find('\n')) {
      out_.append(rest.substr(0, nl + 1)).append(pad);
      rest.remove_prefix(nl + 1);
    }
    out_.append(rest);
  }

  int indent_;
  bool first_ = true;
  std::string out_;
};

}  // namespace

std::string ToJson(const Analysis& a, bool pretty) {
  std::map<std::string, const Document*> by_id;
  for (const Document& d : a.documents) by_id[d.id] = &d;
  Writer w(pretty);
  w.OpenObject();
  w.OpenArray("claims");
  for (const Claim& c : a.claims) w.Element(ClaimJson(c, *by_id.at(c.doc)));
  w.CloseArray();
  w.OpenArray("documents");
  for (size_t i = 0; i < a.documents.size(); ++i) w.Element(DocumentJson(a.documents[i], a.cleaned[i]));
  w.CloseArray();
  w.OpenArray("entities");
  for (const Entity& e : a.entities) w.ElementWith([&](Emitter& out) { EmitEntity(out, e); });
  w.CloseArray();
  w.OpenArray("links");
  for (const Link& l : a.links) w.ElementWith([&](Emitter& out) { EmitLink(out, l, a.documents); });
  w.CloseArray();
  w.OpenArray("people");
  for (const Person& p : a.people.all()) {
    w.Element({{"name", p.name}, {"role", OrNull(p.role)}, {"affiliation", OrNull(p.affiliation)},
               {"side", OrNull(p.side)}});
  }
  w.CloseArray();
  w.OpenArray("quote_groups");
  for (const QuoteGroup& g : a.quote_groups) {
    json quotes = json::array();
    for (size_t i : g.quotes) quotes.push_back(a.quotes[i].id);
    w.Element({{"id", g.id}, {"quotes", quotes}, {"docs", g.docs}, {"earliest", OrNull(g.earliest)},
               {"single_source", g.single_source}});
  }
  w.CloseArray();
  w.OpenArray("quotes");
  for (const Quote& q : a.quotes) w.Element(QuoteJson(q));
  w.CloseArray();
  w.Member("schema", kSchema);
  w.OpenArray("stories");
  const DocLookup doc_of = [&](const std::string& id) -> const Document& { return *by_id.at(id); };
  for (const Story& s : a.stories) w.Element(StoryJson(s, a, doc_of));
  w.CloseArray();
  return w.Finish();
}

namespace {
std::string OneLine(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
}  // namespace

std::string StoryToJson(const Analysis& a, const Story& story,
                        const std::function<const Document&(const std::string&)>& doc_of) {
  return OneLine(StoryJson(story, a, doc_of));
}
std::string DocumentToJson(const Document& doc, const CleanDocument& cleaned) {
  return OneLine(DocumentJson(doc, cleaned));
}
std::string ClaimToJson(const Claim& claim, const Document& doc) { return OneLine(ClaimJson(claim, doc)); }
std::string QuoteToJson(const Quote& quote) { return OneLine(QuoteJson(quote)); }
std::string EntityToJson(const Entity& entity) {
  std::string out;
  Emitter e(out, -1, 0);
  EmitEntity(e, entity);
  return out;
}
std::string LinkToJson(const Link& link, const std::vector<Document>& docs) {
  std::string out;
  Emitter e(out, -1, 0);
  EmitLink(e, link, docs);
  return out;
}

}  // namespace crosscheck
