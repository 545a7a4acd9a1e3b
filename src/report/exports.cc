// Exports for researchers: claims and slot values as CSV, GDELT GKG 2.1-style
// counts and UCDP GED-style deaths per story (README, "Exports"). Each is a
// pure function of the Analysis, so `analyze` and a report from the store
// print the same bytes.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/utf8.h"
#include "report/report.h"

namespace crosscheck {

namespace {

// A number as the JSON writes it: integers without a fraction, others in the
// shortest form that reads back the same; empty when unknown or not finite
// (the JSON writes null there).
std::string NumberText(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return "";
  if (std::fabs(*v) < 9e15 && *v == std::floor(*v)) return fmt::format("{}", static_cast<long long>(*v));
  return fmt::format("{}", *v);
}

std::string Joined(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

// Rows of one export. kCsv: RFC 4180 (fields quoted when they hold a comma,
// quote, CR or LF; quotes doubled; rows end in CRLF). kTsv: GDELT's tab-
// separated files, which have no quoting, so tabs, CR and LF in a field
// become spaces. Both: a header row first; text made PrintableUtf8() (no
// escape sequence can reach a terminal through an export); and a text
// field (Text()) that starts with =, +, -, @, TAB or CR gets a leading ' so
// that a spreadsheet shows it rather than running it as a formula (numbers
// and our own words never start so).
class Table {
 public:
  enum class Dialect { kCsv, kTsv };

  Table(Dialect dialect, std::initializer_list<std::string_view> columns) : dialect_(dialect) {
    for (std::string_view c : columns) Raw(c);
    EndRow();
  }

  // Text from the input (or any string): guarded, quoted or cleaned.
  Table& Text(std::string_view s) {
    std::string valid = PrintableUtf8(s);
    if (!valid.empty() && std::string_view("=+-@\t\r").find(valid.front()) != std::string_view::npos) {
      valid.insert(valid.begin(), '\'');
    }
    return Raw(valid);
  }
  Table& Number(std::optional<double> v) { return Raw(NumberText(v)); }
  Table& Count(size_t n) { return Raw(std::to_string(n)); }
  Table& Bool(bool b) { return Raw(b ? "true" : "false"); }

  void EndRow() {
    out_ += dialect_ == Dialect::kCsv ? "\r\n" : "\n";
    first_ = true;
  }
  std::string Finish() { return std::move(out_); }

 private:
  Table& Raw(std::string_view s) {
    if (!first_) out_ += dialect_ == Dialect::kCsv ? ',' : '\t';
    first_ = false;
    if (dialect_ == Dialect::kTsv) {
      for (char c : s) out_ += c == '\t' || c == '\r' || c == '\n' ? ' ' : c;
    } else if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
      out_ += s;
    } else {
      out_ += '"';
      for (char c : s) {
        if (c == '"') out_ += '"';
        out_ += c;
      }
      out_ += '"';
    }
    return *this;
  }

  Dialect dialect_;
  bool first_ = true;
  std::string out_;
};

std::map<std::string, const Document*> DocumentsById(const Analysis& a) {
  std::map<std::string, const Document*> by_id;
  for (const Document& d : a.documents) by_id[d.id] = &d;
  return by_id;
}

// ---------------------------------------------------------------- csv

std::string ClaimsCsv(const Analysis& a) {
  Table t(Table::Dialect::kCsv,
          {"id", "doc", "story", "type", "value", "low", "high", "qualifier", "vague", "unit", "subject",
           "subject_side", "category", "source", "source_kind", "source_side", "modality", "unverified",
           "in_headline", "additive", "when", "where", "separate_event", "span_begin", "span_end", "text",
           "sentence_begin", "sentence_end", "sentence"});
  std::map<std::string_view, std::string_view> story_of;  // document id -> story id
  std::map<size_t, std::string_view> separate;          // claim index -> reason
  for (const Story& s : a.stories) {
    for (const std::string& d : s.docs) story_of[d] = s.id;
    for (const SeparateEvent& e : s.separate_events) separate[e.claim] = e.reason;
  }
  const auto by_id = DocumentsById(a);
  for (size_t i = 0; i < a.claims.size(); ++i) {
    const Claim& c = a.claims[i];
    const Document& d = *by_id.at(c.doc);
    const Quantity& q = c.quantity;
    auto story = story_of.find(c.doc);
    auto reason = separate.find(i);
    t.Text(c.id).Text(c.doc).Text(story == story_of.end() ? "" : story->second).Text(c.type);
    t.Number(q.value).Number(q.low).Number(q.high).Text(q.qualifier).Bool(q.vague).Text(q.unit);
    t.Text(c.subject).Text(c.subject_side).Text(c.category);
    t.Text(c.source.name).Text(c.source.kind).Text(c.source.side).Text(c.modality);
    t.Bool(c.unverified).Bool(c.in_headline).Bool(c.additive).Text(c.when).Text(c.where);
    t.Text(reason == separate.end() ? "" : reason->second);
    t.Count(c.span.begin).Count(c.span.end).Text(c.span.Of(d.text));
    t.Count(c.sentence.begin).Count(c.sentence.end).Text(c.sentence.Of(d.text));
    t.EndRow();
  }
  return t.Finish();
}

// --------------------------------------------------------- csv-values

std::string ValuesCsv(const Analysis& a) {
  Table t(Table::Dialect::kCsv,
          {"story", "type", "subject_side", "unit", "subject", "status", "conflict_kind", "value", "low", "high",
           "qualifier", "reported", "superseded", "reports", "independent", "original_sources", "modalities",
           "derived_from", "claims", "docs", "estimate_low", "estimate_best", "estimate_high",
           "estimate_high_open"});
  for (const Story& s : a.stories) {
    for (const Slot& slot : s.slots) {
      for (const Value& v : slot.values) {
        std::vector<std::string> reported, ids;
        for (double r : v.reported) reported.push_back(NumberText(r));
        for (size_t i : v.claims) ids.push_back(a.claims[i].id);
        const Quantity& q = v.quantity;
        t.Text(s.id).Text(slot.type).Text(slot.subject_side).Text(slot.unit).Text(slot.subject);
        t.Text(slot.status).Text(slot.conflict_kind);
        t.Number(q.vague ? std::nullopt : q.value).Number(q.low).Number(q.high).Text(q.qualifier);
        t.Text(Joined(reported, "; ")).Bool(v.superseded).Count(v.docs.size()).Count(v.independent);
        t.Text(Joined(v.original_sources, "; ")).Text(Joined(v.modalities, "; ")).Text(v.derived_from);
        t.Text(Joined(ids, " ")).Text(Joined(v.docs, "; "));
        const Estimate& e = slot.estimate;
        t.Number(e.low).Number(e.best).Number(e.high).Bool(e.high_open);
        t.EndRow();
      }
    }
  }
  return t.Finish();
}

// ---------------------------------------------------------------- gkg

// GDELT count types (GKG 2.1 codebook, V1COUNTS "Count Type") for claim
// types; empty for the types GDELT does not count (destroyed,
// killed_or_wounded, length): those are left out of the counts.
std::string_view GkgCountType(std::string_view type) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {"killed", "KILL"},       {"wounded", "WOUND"},   {"detained", "ARREST"},
      {"kidnapped", "KIDNAP"},  {"captured", "SEIZE"},  {"displaced", "AFFECT"},
      {"missing", "CRISISLEX_T08_MISSINGFOUNDTRAPPEDPEOPLE"}};
  for (const auto& [ours, gdelt] : kTypes) {
    if (ours == type) return gdelt;
  }
  return "";
}

// Text inside one count: GDELT's separators (# between fields, ; between
// counts) and control characters become spaces.
std::string CountField(std::string_view s) {
  std::string out = PrintableUtf8(s);
  for (char& c : out) {
    if (c == '#' || c == ';' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return out;
}

// A known place mentioned in a document: the mention's span and words, and its entity.
struct PlaceMention {
  Span span;
  std::string_view text;
  const Entity* entity;
};

// How precise a place is: city 3, subdivision 2, country 1; 0 for other
// kinds (a WordNet "pass" or "range"), which GDELT has no location type for.
int PlaceRank(const Place& p) { return p.kind == "city" ? 3 : p.kind == "subdivision" ? 2 : p.kind == "country" ? 1 : 0; }

// Per document id, the mentions of known places (rank > 0), by span start.
std::map<std::string_view, std::vector<PlaceMention>> PlaceMentions(const Analysis& a) {
  std::map<std::string_view, std::vector<PlaceMention>> out;
  for (const Entity& e : a.entities) {
    if (!e.place || PlaceRank(*e.place) == 0) continue;
    for (const Mention& m : e.mentions) out[m.doc].push_back({m.span, m.text, &e});
  }
  for (auto& [doc, mentions] : out) {
    std::sort(mentions.begin(), mentions.end(),
              [](const PlaceMention& x, const PlaceMention& y) { return x.span.begin < y.span.begin; });
  }
  return out;
}

// The place of a claim, when crosscheck knows it: of the known places
// mentioned in the claim's sentence whose words are in the claim's `where`
// phrase ("Balochistan’s Mastung area"), the most precise (a city over a
// subdivision over a country), the first in the phrase on a tie. Null when
// there is none.
const Entity* PlaceOf(const Claim& c, const std::vector<PlaceMention>& mentions) {
  if (c.where.empty()) return nullptr;
  const Entity* best = nullptr;
  int best_rank = 0;
  size_t best_at = 0;
  auto it = std::lower_bound(mentions.begin(), mentions.end(), c.sentence.begin,
                             [](const PlaceMention& m, size_t at) { return m.span.begin < at; });
  for (; it != mentions.end() && it->span.begin < c.sentence.end; ++it) {
    size_t at = it->text.empty() ? std::string::npos : c.where.find(it->text);
    if (it->span.end > c.sentence.end || at == std::string::npos) continue;
    int rank = PlaceRank(*it->entity->place);
    if (rank > best_rank || (rank == best_rank && at < best_at)) {
      best = it->entity;
      best_rank = rank;
      best_at = at;
    }
  }
  return best;
}

// LOCATIONTYPE#LOCATIONFULLNAME#LOCATIONCOUNTRYCODE#ADM1#LAT#LONG#FEATUREID
// of a count. GDELT's country and ADM1 codes are FIPS 10-4 and its feature
// ids GNS/GNIS numbers, none of which crosscheck knows (it knows ISO 3166),
// so those stay empty; latitude and longitude are known for cities only.
// Without a place: type 0 and the rest empty.
std::string LocationFields(const Entity* e) {
  if (!e) return "0######";
  const Place& p = *e->place;
  const bool us = p.country == "US";
  const int type = p.kind == "country" ? 1 : p.kind == "subdivision" ? (us ? 2 : 5) : (us ? 3 : 4);
  std::string country = CountryName(p.country);
  std::string name = p.kind == "country" || country.empty() ? (country.empty() ? e->canonical : country)
                                                            : e->canonical + ", " + country;
  return fmt::format("{}#{}###{}#{}#", type, CountField(name), NumberText(p.lat), NumberText(p.lon));
}

// Characters (Unicode code points: bytes that do not continue a UTF-8
// sequence) before each of `offsets`, which must be sorted: one pass over the text.
std::vector<size_t> CharacterOffsets(std::string_view text, const std::vector<size_t>& offsets) {
  std::vector<size_t> out;
  out.reserve(offsets.size());
  size_t chars = 0, at = 0;
  for (size_t offset : offsets) {
    for (; at < offset && at < text.size(); ++at) chars += (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
    out.push_back(chars);
  }
  return out;
}

// Document::published as GDELT's YYYYMMDDHHMMSS in UTC, when it is an ISO
// 8601 date ("2026-03-01", "2026-03-01T09:00:00Z", "…T14:30+05:00");
// empty otherwise.
std::string GkgDate(std::string_view s) {
  auto digits = [&](size_t at, size_t n, int& v) {
    if (at + n > s.size()) return false;
    v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    return true;
  };
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!digits(0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(5, 2, mo) || s[7] != '-' || !digits(8, 2, d)) {
    return "";
  }
  size_t at = 10;
  int offset_minutes = 0;
  if (at < s.size() && (s[at] == 'T' || s[at] == ' ')) {
    if (!digits(at + 1, 2, h) || at + 3 >= s.size() || s[at + 3] != ':' || !digits(at + 4, 2, mi)) return "";
    at += 6;
    if (at < s.size() && s[at] == ':') {
      if (!digits(at + 1, 2, sec)) return "";
      at += 3;
      if (at < s.size() && (s[at] == '.' || s[at] == ',')) {
        for (++at; at < s.size() && s[at] >= '0' && s[at] <= '9';) ++at;
      }
    }
    if (at < s.size() && s[at] == 'Z') {
      ++at;
    } else if (at < s.size() && (s[at] == '+' || s[at] == '-')) {
      int oh, om = 0;
      if (!digits(at + 1, 2, oh)) return "";
      size_t m = at + 3 < s.size() && s[at + 3] == ':' ? at + 4 : at + 3;
      if (m < s.size() && !digits(m, 2, om)) return "";
      offset_minutes = (s[at] == '-' ? -1 : 1) * (oh * 60 + om);
      at = m < s.size() ? m + 2 : m;
    }
  }
  if (at != s.size() || h > 23 || mi > 59 || sec > 60) return "";
  using namespace std::chrono;
  const year_month_day ymd{year{y} / month{static_cast<unsigned>(mo)} / day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return "";
  const sys_seconds t = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} - minutes{offset_minutes};
  const sys_days day_of = floor<days>(t);
  const year_month_day utc{day_of};
  const hh_mm_ss time{t - day_of};
  return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}", static_cast<int>(utc.year()), static_cast<unsigned>(utc.month()),
                     static_cast<unsigned>(utc.day()), time.hours().count(), time.minutes().count(),
                     time.seconds().count());
}

// The host of a URL without "www.", lower case: GDELT's source common name
// for web documents ("dawn.com"); empty when `url` has no "scheme://host".
std::string Host(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  rest = rest.substr(0, rest.find(':'));
  std::string host(rest);
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

std::string GkgRows(const Analysis& a) {
  Table t(Table::Dialect::kTsv, {"GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME",
                                 "V2DOCUMENTIDENTIFIER", "V1COUNTS", "V2.1COUNTS"});
  const auto places = PlaceMentions(a);
  const std::vector<PlaceMention> none;
  std::map<std::string_view, std::vector<size_t>> claims_of;  // document id -> claim indices, in claim order
  for (size_t i = 0; i < a.claims.size(); ++i) claims_of[a.claims[i].doc].push_back(i);
  for (size_t di = 0; di < a.documents.size(); ++di) {
    const Document& d = a.documents[di];
    auto own = claims_of.find(d.id);
    std::vector<size_t> ids = own == claims_of.end() ? std::vector<size_t>{} : own->second;
    std::stable_sort(ids.begin(), ids.end(),
                     [&](size_t x, size_t y) { return a.claims[x].span.begin < a.claims[y].span.begin; });
    std::vector<size_t> begins;
    for (size_t i : ids) begins.push_back(a.claims[i].span.begin);
    const std::vector<size_t> chars = CharacterOffsets(d.text, begins);
    auto mentions = places.find(d.id);
    const std::vector<PlaceMention>& doc_places = mentions == places.end() ? none : mentions->second;
    std::string v1, v21;
    for (size_t k = 0; k < ids.size(); ++k) {
      const Claim& c = a.claims[ids[k]];
      const std::string_view type = GkgCountType(c.type);
      const std::string number = NumberText(c.quantity.vague ? std::nullopt : c.quantity.value);
      if (type.empty() || number.empty()) continue;
      std::string entry = fmt::format("{}#{}#{}#{}", type, number, CountField(c.subject),
                                      LocationFields(PlaceOf(c, doc_places)));
      v1 += entry + ";";
      v21 += fmt::format("{}#{};", entry, chars[k]);
    }
    const std::string host = Host(d.url);
    t.Text(d.id).Text(GkgDate(d.published)).Count(d.url.empty() ? 2 : 1);
    t.Text(host.empty() ? a.cleaned[di].outlet : host).Text(d.url.empty() ? d.origin : d.url);
    t.Text(v1).Text(v21);
    t.EndRow();
  }
  return t.Finish();
}

// --------------------------------------------------------------- ucdp

// One row per story in the spirit of UCDP GED: deaths per side from the
// story's killed slots (README, "--format ucdp", has the rule).
std::string UcdpRows(const Analysis& a) {
  Table t(Table::Dialect::kCsv,
          {"story", "side_a", "side_b", "side_other", "deaths_a", "deaths_b", "deaths_other", "deaths_civilians",
           "deaths_unknown", "best", "low", "high", "high_open", "status_a", "status_b", "status_unknown",
           "conflict", "number_of_sources", "source_article"});
  for (const Story& s : a.stories) {
    std::vector<const Slot*> known;
    const Slot* unknown = nullptr;
    bool conflict = false;
    for (const Slot& slot : s.slots) {
      if (slot.type != "killed") continue;
      conflict = conflict || slot.status == "conflict";
      if (slot.subject_side.empty()) unknown = &slot;
      else known.push_back(&slot);
    }
    auto side = [&](size_t i) { return i < known.size() ? known[i] : nullptr; };
    auto best = [](const Slot* slot) { return slot ? std::optional<double>(slot->estimate.best) : std::nullopt; };
    std::vector<std::string> other_sides;
    std::optional<double> other_deaths;
    for (size_t i = 2; i < known.size(); ++i) {
      other_sides.push_back(known[i]->subject_side);
      other_deaths = other_deaths.value_or(0) + known[i]->estimate.best;
    }
    auto total = s.totals.find("killed");
    const Estimate* e = total == s.totals.end() ? nullptr : &total->second;
    t.Text(s.id).Text(side(0) ? side(0)->subject_side : "").Text(side(1) ? side(1)->subject_side : "");
    t.Text(Joined(other_sides, "; ")).Number(best(side(0))).Number(best(side(1))).Number(other_deaths);
    t.Number(std::nullopt).Number(best(unknown));
    t.Number(e ? std::optional<double>(e->best) : std::nullopt).Number(e ? std::optional<double>(e->low) : std::nullopt);
    t.Number(e ? e->high : std::nullopt);
    if (e) t.Bool(e->high_open);
    else t.Text("");
    t.Text(side(0) ? side(0)->status : "").Text(side(1) ? side(1)->status : "").Text(unknown ? unknown->status : "");
    t.Bool(conflict).Count(s.docs.size()).Text(Joined(s.docs, "; "));
    t.EndRow();
  }
  return t.Finish();
}

}  // namespace

std::string ToCsv(const Analysis& analysis) { return ClaimsCsv(analysis); }
std::string ToCsvValues(const Analysis& analysis) { return ValuesCsv(analysis); }
std::string ToGkg(const Analysis& analysis) { return GkgRows(analysis); }
std::string ToUcdp(const Analysis& analysis) { return UcdpRows(analysis); }

}  // namespace crosscheck
