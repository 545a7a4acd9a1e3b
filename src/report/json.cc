#include <array>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/report.h"

namespace crosscheck {

namespace {

using nlohmann::json;

double Rounded(double x) { return std::round(x * 1000) / 1000; }

// How Escaped treats each byte: 0 copied as is, 1 a short escape (" \\ and
// the control bytes \b \t \n \f \r), 2 anything else below 0x20 or from
// 0x80 on (UTF-8 to check, or a control byte to spell out).
constexpr std::array<uint8_t, 256> kEscapeClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = 2;
  for (int c = 0x80; c < 0x100; ++c) t[c] = 2;
  for (unsigned char c : {'"', '\\', '\b', '\t', '\n', '\f', '\r'}) t[c] = 1;
  return t;
}();

// Whether the eight bytes at p are all copied as they are (kEscapeClass 0:
// none below 0x20 or from 0x80 on, no '"' and no '\\'), tested a word at a
// time: most of an article's text is.
bool Plain8(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  uint64_t w;
  std::memcpy(&w, p, 8);
  const auto has_zero = [&](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const uint64_t below_space = (w - 0x20 * kOnes) & ~w & kHigh;  // exact for a bound <= 0x80
  return ((w & kHigh) | below_space | has_zero(w ^ ('"' * kOnes)) | has_zero(w ^ ('\\' * kOnes))) == 0;
}

// The length of the well-formed UTF-8 sequence at s[i] (Unicode 3.9 table
// 3-7: no overlong forms, surrogates or code points above U+10FFFF: what
// nlohmann's decoder accepts), or 0.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
  const unsigned char c = b(0);
  const auto cont = [&](size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return b(k) >= lo && b(k) <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

// The JSON text of a value written member by member straight into the
// output (building each element of the report as a DOM allocated a node per
// member and cost more than the rest of the output): the same bytes as
// nlohmann's dump() of the equal value, which callers must keep by writing
// object members in key order (nlohmann sorts keys; debug builds assert it).
// `indent` < 0 is compact; otherwise `depth` is the nesting the value
// starts at.
class Emitter {
 public:
  Emitter(std::string& out, int indent, int depth) : out_(out), indent_(indent), depth_(depth) {}

  void OpenObject() { Open('{'); }
  void CloseObject() { Close('}'); }
  void OpenArray() { Open('['); }
  void CloseArray() { Close(']'); }
  // The key of the next object member.
  // REQUIRES: printable ASCII without '"' or '\\' (the keys are literals),
  // greater than the open object's previous key.
  void Key(std::string_view key) {
#ifndef NDEBUG
    assert(!keys_.empty() && (keys_.back().empty() || keys_.back() < key));
    keys_.back() = key;
#endif
    // The separator, the line break, the indentation and the key in one
    // append: a report writes a key for most of its values.
    char buf[kMaxSeparator + 64];
    size_t n = 0;
    if (!open_.empty() && key.size() <= 64 - 4) {
      n = SeparatorInto(buf);
      buf[n++] = '"';
      std::memcpy(buf + n, key.data(), key.size());
      n += key.size();
      buf[n++] = '"';
      buf[n++] = ':';
      if (indent_ >= 0) buf[n++] = ' ';
      out_.append(buf, n);
    } else {
      Next();
      out_ += '"';
      out_ += key;
      out_ += indent_ < 0 ? "\":" : "\": ";
    }
    key_ = true;
  }
  // A key from the data (any text), escaped as a string is.
  void DataKey(std::string_view key) {
#ifndef NDEBUG
    assert(!keys_.empty() && (keys_.back().empty() || keys_.back() < key));
    keys_.back() = key;
#endif
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
    WriteDigits(v);
  }
  void Signed(long long v) {
    if (v >= 0) return Unsigned(static_cast<uint64_t>(v));
    Value();
    out_ += '-';
    WriteDigits(0 - static_cast<uint64_t>(v));
  }
  // A figure: null when absent, an integer when whole (below 9e15), else as
  // nlohmann writes a double.
  void Number(std::optional<double> v) {
    if (!v) return Null();
    if (std::fabs(*v) < 9e15 && *v == std::floor(*v)) return Signed(static_cast<long long>(*v));
    Double(*v);
  }
  void Strings(const std::vector<std::string>& list) {
    OpenArray();
    for (const std::string& s : list) String(s);
    CloseArray();
  }
  // As nlohmann's serializer writes a double (its dump_float): null when
  // not finite, else the shortest text that reads back the same (Grisu2).
  void Double(double v) {
    if (!std::isfinite(v)) return Null();
    char buf[64];
    Raw(std::string_view(buf, static_cast<size_t>(nlohmann::detail::to_chars(buf, buf + sizeof buf, v) - buf)));
  }
  void Bool(bool v) { Raw(v ? "true" : "false"); }
  void Null() { Raw("null"); }
  void SpanOf(Span s) {
    OpenArray();
    Unsigned(s.begin);
    Unsigned(s.end);
    CloseArray();
  }

 private:
  void WriteDigits(uint64_t v) {
    char buf[24];
    size_t n = sizeof buf;
    do buf[--n] = static_cast<char>('0' + v % 10), v /= 10;
    while (v);
    out_.append(buf + n, sizeof buf - n);
  }
  void Escaped(std::string_view s) {
    // Runs of bytes written as they are, the short escapes in between; a
    // string with a control byte to spell out or a byte that is not
    // well-formed UTF-8 (to replace) goes through nlohmann whole.
    const size_t start = out_.size();
    out_ += '"';
    size_t run = 0;  // start of the bytes not yet written
    for (size_t i = 0; i < s.size();) {
      if (i + 8 <= s.size() && Plain8(s.data() + i)) {
        i += 8;
        continue;
      }
      const auto c = static_cast<unsigned char>(s[i]);
      const uint8_t kind = kEscapeClass[c];
      if (kind == 0) { ++i; continue; }
      if (kind == 2) {
        const size_t n = c >= 0x80 ? Utf8Length(s, i) : 0;
        if (n == 0) {
          out_.resize(start);
          out_ += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
          return;
        }
        i += n;
        continue;
      }
      out_.append(s.data() + run, i - run);
      out_ += '\\';
      switch (c) {
        case '\b': out_ += 'b'; break;
        case '\t': out_ += 't'; break;
        case '\n': out_ += 'n'; break;
        case '\f': out_ += 'f'; break;
        case '\r': out_ += 'r'; break;
        default: out_ += static_cast<char>(c); break;  // " and \\ as themselves
      }
      run = ++i;
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
    char buf[kMaxSeparator];
    out_.append(buf, SeparatorInto(buf));
  }
  // What Next writes inside a container (a comma unless first, then the
  // line break and indentation when pretty) into buf; its length.
  // Indentation past kMaxSeparator - 2 bytes is written by Newline instead.
  static constexpr size_t kMaxSeparator = 130;
  size_t SeparatorInto(char* buf) {
    size_t n = 0;
    if (!first_) buf[n++] = ',';
    first_ = false;
    if (indent_ < 0) return n;
    const size_t spaces = static_cast<size_t>(indent_) * (static_cast<size_t>(depth_) + open_.size());
    if (spaces > kMaxSeparator - 2) {
      out_.append(buf, n);
      Newline(depth_ + static_cast<int>(open_.size()));
      return 0;
    }
    buf[n++] = '\n';
    std::memset(buf + n, ' ', spaces);
    return n + spaces;
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
#ifndef NDEBUG
    keys_.emplace_back();
#endif
  }
  // An empty container closes on the same line.
  void Close(char bracket) {
    open_.pop_back();
#ifndef NDEBUG
    keys_.pop_back();
#endif
    if (!first_) Newline(depth_ + static_cast<int>(open_.size()));
    out_ += bracket;
    first_ = false;
  }

  std::string& out_;
  int indent_, depth_;
  std::string open_;    // the open brackets
  bool first_ = true;   // no member or element yet in the innermost container
  bool key_ = false;    // a key was written: the value follows it directly
#ifndef NDEBUG
  std::vector<std::string> keys_;  // per open container: the last key written
#endif
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


void EmitDocument(Emitter& e, const Document& d, const CleanDocument& c) {
  e.OpenObject();
  e.Key("author"), e.StringOrNull(d.author);
  e.Key("bytes"), e.Unsigned(d.text.size());
  e.Key("headline");
  if (c.headline) e.String(c.headline->Of(d.text));
  else e.Null();
  e.Key("headline_span");
  if (c.headline) e.SpanOf(*c.headline);
  else e.Null();
  e.Key("id"), e.String(d.id);
  e.Key("language"), e.StringOrNull(d.language);
  e.Key("modified"), e.StringOrNull(d.modified);
  e.Key("origin"), e.String(d.origin);
  e.Key("outlet"), e.StringOrNull(c.outlet);
  // How an extracted document's text maps back to its page (HTML input), or
  // null: [text_begin, text_end, page_begin, page_end] per piece.
  e.Key("page");
  if (d.source.empty()) {
    e.Null();
  } else {
    e.OpenObject();
    e.Key("bytes"), e.Unsigned(d.source.size());
    e.Key("charset"), e.String(d.source_charset);
    e.Key("map"), e.OpenArray();
    for (const SourceRange& r : d.source_map) {
      e.OpenArray();
      e.Unsigned(r.text.begin), e.Unsigned(r.text.end), e.Unsigned(r.source.begin), e.Unsigned(r.source.end);
      e.CloseArray();
    }
    e.CloseArray();
    e.CloseObject();
  }
  e.Key("published"), e.StringOrNull(d.published);
  e.Key("removed"), e.OpenArray();
  for (const Removal& r : c.removed) {
    e.OpenObject();
    e.Key("kind"), e.String(r.kind);
    if (!r.reason.empty()) e.Key("reason"), e.String(r.reason);
    e.Key("span"), e.SpanOf(r.span);
    e.Key("text"), e.String(r.span.Of(d.text));
    e.CloseObject();
  }
  e.CloseArray();
  e.Key("url"), e.StringOrNull(d.url);
  e.CloseObject();
}

void EmitClaim(Emitter& e, const Claim& c, const Document& d) {
  const Quantity& q = c.quantity;
  e.OpenObject();
  e.Key("additive"), e.Bool(c.additive);
  e.Key("category"), e.StringOrNull(c.category);
  e.Key("doc"), e.String(c.doc);
  e.Key("high"), e.Number(q.high);
  e.Key("id"), e.String(c.id);
  e.Key("in_headline"), e.Bool(c.in_headline);
  e.Key("low"), e.Number(q.low);
  e.Key("modality"), e.String(c.modality);
  e.Key("qualifier"), e.StringOrNull(q.qualifier);
  e.Key("sentence"), e.String(c.sentence.Of(d.text));
  e.Key("sentence_span"), e.SpanOf(c.sentence);
  e.Key("source"), e.StringOrNull(c.source.name);
  e.Key("source_kind"), e.StringOrNull(c.source.kind);
  e.Key("source_side"), e.StringOrNull(c.source.side);
  e.Key("source_span");
  if (c.source.name.empty()) e.Null();
  else e.SpanOf(c.source.span);
  e.Key("span"), e.SpanOf(c.span);
  e.Key("subject"), e.String(c.subject);
  e.Key("subject_side"), e.StringOrNull(c.subject_side);
  e.Key("text"), e.String(c.span.Of(d.text));
  e.Key("type"), e.String(c.type);
  e.Key("unit"), e.StringOrNull(q.unit);
  e.Key("unverified"), e.Bool(c.unverified);
  e.Key("vague"), e.Bool(q.vague);
  e.Key("value"), e.Number(q.value);
  e.Key("when"), e.StringOrNull(c.when);
  e.Key("where"), e.StringOrNull(c.where);
  e.CloseObject();
}

void EmitClaimIds(Emitter& e, const std::vector<size_t>& indices, const std::vector<Claim>& claims) {
  e.OpenArray();
  for (size_t i : indices) e.String(claims[i].id);
  e.CloseArray();
}

void EmitValue(Emitter& e, const Value& v, const std::vector<Claim>& claims) {
  e.OpenObject();
  e.Key("claims"), EmitClaimIds(e, v.claims, claims);
  e.Key("derived_from"), e.StringOrNull(v.derived_from);
  e.Key("docs"), e.Strings(v.docs);
  e.Key("high"), e.Number(v.quantity.high);
  e.Key("independent"), e.Unsigned(v.independent);
  e.Key("low"), e.Number(v.quantity.low);
  e.Key("modalities"), e.Strings(v.modalities);
  e.Key("original_sources"), e.Strings(v.original_sources);
  e.Key("qualifier"), e.StringOrNull(v.quantity.qualifier);
  e.Key("reported"), e.OpenArray();
  for (double r : v.reported) e.Number(r);
  e.CloseArray();
  e.Key("reports"), e.Unsigned(v.docs.size());
  e.Key("superseded"), e.Bool(v.superseded);
  e.Key("value"), e.Number(v.quantity.vague ? std::nullopt : v.quantity.value);
  e.CloseObject();
}

void EmitEstimate(Emitter& e, const Estimate& x) {
  e.OpenObject();
  e.Key("best"), e.Number(x.best);
  e.Key("high"), e.Number(x.high);
  e.Key("high_open"), e.Bool(x.high_open);
  e.Key("low"), e.Number(x.low);
  e.CloseObject();
}

void EmitRevision(Emitter& e, const Revision& r, const std::vector<Claim>& claims) {
  e.OpenObject();
  e.Key("history"), e.OpenArray();
  for (const RevisionStep& step : r.history) {
    const Quantity& q = step.quantity;
    e.OpenObject();
    e.Key("claims"), EmitClaimIds(e, step.claims, claims);
    e.Key("cue"), e.Bool(step.cue);
    e.Key("doc"), e.String(step.doc);
    e.Key("high"), e.Number(q.high);
    e.Key("low"), e.Number(q.low);
    e.Key("published"), e.StringOrNull(step.published);
    e.Key("qualifier"), e.StringOrNull(q.qualifier);
    e.Key("value"), e.Number(q.value);
    e.CloseObject();
  }
  e.CloseArray();
  e.Key("source"), e.String(r.source);
  e.CloseObject();
}

using DocLookup = std::function<const Document&(const std::string&)>;

void EmitStory(Emitter& e, const Story& s, const Analysis& a, const DocLookup& doc_of) {
  e.OpenObject();
  e.Key("docs"), e.Strings(s.docs);
  e.Key("id"), e.String(s.id);
  e.Key("separate_events"), e.OpenArray();
  for (const SeparateEvent& x : s.separate_events) {
    const Claim& c = a.claims[x.claim];
    e.OpenObject();
    e.Key("claim"), e.String(c.id);
    e.Key("doc"), e.String(c.doc);
    e.Key("high"), e.Number(c.quantity.high);
    e.Key("low"), e.Number(c.quantity.low);
    e.Key("qualifier"), e.StringOrNull(c.quantity.qualifier);
    e.Key("reason"), e.String(x.reason);
    e.Key("sentence"), e.String(c.sentence.Of(doc_of(c.doc).text));
    e.Key("span"), e.SpanOf(c.span);
    e.Key("type"), e.String(c.type);
    e.Key("value"), e.Number(c.quantity.value);
    e.Key("when"), e.StringOrNull(c.when);
    e.Key("where"), e.StringOrNull(c.where);
    e.CloseObject();
  }
  e.CloseArray();
  e.Key("slots"), e.OpenArray();
  for (const Slot& slot : s.slots) {
    e.OpenObject();
    e.Key("conflict_kind"), e.StringOrNull(slot.conflict_kind);
    e.Key("estimate"), EmitEstimate(e, slot.estimate);
    e.Key("independent_sources"), e.Unsigned(slot.independent_sources);
    e.Key("reports"), e.Unsigned(slot.reports);
    e.Key("revisions"), e.OpenArray();
    for (const Revision& r : slot.revisions) EmitRevision(e, r, a.claims);
    e.CloseArray();
    e.Key("status"), e.String(slot.status);
    e.Key("subject"), e.String(slot.subject);
    e.Key("subject_side"), e.StringOrNull(slot.subject_side);
    e.Key("type"), e.String(slot.type);
    e.Key("unit"), e.StringOrNull(slot.unit);
    e.Key("values"), e.OpenArray();
    for (const Value& v : slot.values) EmitValue(e, v, a.claims);
    e.CloseArray();
    e.CloseObject();
  }
  e.CloseArray();
  e.Key("totals"), e.OpenObject();
  for (const auto& [type, x] : s.totals) e.DataKey(type), EmitEstimate(e, x);
  e.CloseObject();
  e.CloseObject();
}

void EmitQuote(Emitter& e, const Quote& q) {
  e.OpenObject();
  e.Key("cue"), e.StringOrNull(q.cue);
  e.Key("doc"), e.String(q.doc);
  e.Key("id"), e.String(q.id);
  e.Key("partial"), e.Bool(q.partial);
  e.Key("span"), e.SpanOf(q.span);
  e.Key("speaker"), e.StringOrNull(q.speaker);
  e.Key("speaker_entity"), e.StringOrNull(q.speaker_entity);
  e.Key("speaker_span");
  if (q.speaker_span.empty()) e.Null();
  else e.SpanOf(q.speaker_span);
  e.Key("text"), e.String(q.text);
  e.CloseObject();
}

void EmitPerson(Emitter& e, const Person& p) {
  e.OpenObject();
  e.Key("affiliation"), e.StringOrNull(p.affiliation);
  e.Key("name"), e.String(p.name);
  e.Key("role"), e.StringOrNull(p.role);
  e.Key("side"), e.StringOrNull(p.side);
  e.CloseObject();
}

void EmitQuoteGroup(Emitter& e, const QuoteGroup& g, const std::vector<Quote>& quotes) {
  e.OpenObject();
  e.Key("docs"), e.Strings(g.docs);
  e.Key("earliest"), e.StringOrNull(g.earliest);
  e.Key("id"), e.String(g.id);
  e.Key("quotes"), e.OpenArray();
  for (size_t i : g.quotes) e.String(quotes[i].id);
  e.CloseArray();
  e.Key("single_source"), e.Bool(g.single_source);
  e.CloseObject();
}

// Writes the report one element at a time, each straight to text (Emitter):
// a DOM of the whole report costs about ten times the JSON text (hundreds
// of thousands of claims on a large document). The text is the same as one
// dump() of the whole report: members in key order (nlohmann sorts object
// keys), two-space indentation when pretty.
class Writer {
 public:
  // With a `sink`, the text made so far is handed to it after any element
  // that leaves at least kSpillBytes unsent, and the rest by Finish.
  explicit Writer(bool pretty, const JsonSink* sink = nullptr) : indent_(pretty ? 2 : -1), sink_(sink) {}

  // The opening of the report object or of one of its array members.
  void OpenObject() { out_ += '{'; first_ = true; }
  void OpenArray(std::string_view key) {
    Key(key);
    out_ += '[';
    first_ = true;
  }
  // One element of the open array, at depth 2, written by write(Emitter&).
  template <typename Write>
  void Element(const Write& write) {
    Separator(2);
    Emitter e(out_, indent_, 2);
    write(e);
    if (sink_ && out_.size() >= kSpillBytes) {
      (*sink_)(out_);
      out_.clear();
    }
  }
  void CloseArray() { Close(']', 1); }
  // A member of the report whose value is a string.
  void Member(std::string_view key, std::string_view value) {
    Key(key);
    Emitter(out_, indent_, 1).String(value);
    first_ = false;
  }
  // The text not handed to the sink: all of it without one.
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
    out_ += '"';
    out_ += key;
    out_ += indent_ < 0 ? "\":" : "\": ";
    first_ = true;
  }
  // An empty container closes on its own line only when it has elements.
  void Close(char bracket, int depth) {
    if (!first_) Newline(depth);
    out_ += bracket;
    first_ = false;
  }

  // Large enough that a sink's write costs little per byte, small enough to
  // stay in cache: the report is never whole in memory.
  static constexpr size_t kSpillBytes = size_t{64} << 10;
  int indent_;
  const JsonSink* sink_;
  bool first_ = true;
  std::string out_;
};

// One value on one line, as the store and the server keep and send it.
template <typename Write>
std::string OneLine(const Write& write) {
  std::string out;
  Emitter e(out, -1, 0);
  write(e);
  return out;
}

// The report into `w`; what Finish returns.
std::string WriteReport(const Analysis& a, Writer& w) {
  std::map<std::string, const Document*> by_id;
  for (const Document& d : a.documents) by_id[d.id] = &d;
  w.OpenObject();
  w.OpenArray("claims");
  for (const Claim& c : a.claims) w.Element([&](Emitter& e) { EmitClaim(e, c, *by_id.at(c.doc)); });
  w.CloseArray();
  w.OpenArray("documents");
  for (size_t i = 0; i < a.documents.size(); ++i) {
    w.Element([&](Emitter& e) { EmitDocument(e, a.documents[i], a.cleaned[i]); });
  }
  w.CloseArray();
  w.OpenArray("entities");
  for (const Entity& x : a.entities) w.Element([&](Emitter& e) { EmitEntity(e, x); });
  w.CloseArray();
  w.OpenArray("links");
  for (const Link& l : a.links) w.Element([&](Emitter& e) { EmitLink(e, l, a.documents); });
  w.CloseArray();
  w.OpenArray("people");
  for (const Person& p : a.people.all()) w.Element([&](Emitter& e) { EmitPerson(e, p); });
  w.CloseArray();
  w.OpenArray("quote_groups");
  for (const QuoteGroup& g : a.quote_groups) w.Element([&](Emitter& e) { EmitQuoteGroup(e, g, a.quotes); });
  w.CloseArray();
  w.OpenArray("quotes");
  for (const Quote& q : a.quotes) w.Element([&](Emitter& e) { EmitQuote(e, q); });
  w.CloseArray();
  w.Member("schema", kSchema);
  w.OpenArray("stories");
  const DocLookup doc_of = [&](const std::string& id) -> const Document& { return *by_id.at(id); };
  for (const Story& s : a.stories) w.Element([&](Emitter& e) { EmitStory(e, s, a, doc_of); });
  w.CloseArray();
  return w.Finish();
}

}  // namespace

std::string ToJson(const Analysis& a, bool pretty) {
  Writer w(pretty);
  return WriteReport(a, w);
}

void WriteJson(const Analysis& a, bool pretty, const JsonSink& sink) {
  Writer w(pretty, &sink);
  sink(WriteReport(a, w));
}

std::string StoryToJson(const Analysis& a, const Story& story,
                        const std::function<const Document&(const std::string&)>& doc_of) {
  return OneLine([&](Emitter& e) { EmitStory(e, story, a, doc_of); });
}
std::string DocumentToJson(const Document& doc, const CleanDocument& cleaned) {
  return OneLine([&](Emitter& e) { EmitDocument(e, doc, cleaned); });
}
std::string ClaimToJson(const Claim& claim, const Document& doc) {
  return OneLine([&](Emitter& e) { EmitClaim(e, claim, doc); });
}
std::string QuoteToJson(const Quote& quote) { return OneLine([&](Emitter& e) { EmitQuote(e, quote); }); }
std::string EntityToJson(const Entity& entity) { return OneLine([&](Emitter& e) { EmitEntity(e, entity); }); }
std::string LinkToJson(const Link& link, const std::vector<Document>& docs) {
  return OneLine([&](Emitter& e) { EmitLink(e, link, docs); });
}

}  // namespace crosscheck
