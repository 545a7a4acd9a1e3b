#include "cluster/features.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>

#include <libstemmer.h>

#include "base/calendar.h"
#include "base/lexicon.h"
#include "base/recent_words.h"
#include "base/string_ids.h"
#include "text/word_lists.h"

namespace crosscheck {

// ---- Dates -----------------------------------------------------------------

long DayNumber(const Date& d) {
  return static_cast<long>(DaysFromCivil(d.year, static_cast<unsigned>(d.month), static_cast<unsigned>(d.day)));
}

namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::optional<Date> ParseIsoDate(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  std::string_view y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
  if (!AllDigits(y) || !AllDigits(m) || !AllDigits(d)) return std::nullopt;
  Date out{ToInt(y), ToInt(m), ToInt(d)};
  if (out.month < 1 || out.month > 12 || out.day < 1 || out.day > 31) return std::nullopt;
  return out;
}

// ---- Stemmer ---------------------------------------------------------------

namespace {

std::string SnowballStem(sb_stemmer* stemmer, std::string_view word) {
  const sb_symbol* s = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                       static_cast<int>(word.size()));
  if (s == nullptr) return std::string(word);
  return std::string(reinterpret_cast<const char*>(s), sb_stemmer_length(stemmer));
}

}  // namespace

struct Stemmer::Impl {
  // Stems already computed: news repeats its words, and a lookup costs a
  // fraction of a Snowball run. Emptied by Forget when full, so memory stays
  // bounded. The words are numbered by a StringIds (one probe of a flat
  // table, the words back to back), their stems kept by number in a deque,
  // whose strings do not move as it grows (Stem hands out views of them).
  static constexpr size_t kMaxCached = size_t{1} << 16;
  sb_stemmer* stemmer = nullptr;
  StringIds words;
  std::deque<std::string> stems;  // per word id
  RecentWords<uint32_t> recent;    // word ids of the words asked last
  ~Impl() { sb_stemmer_delete(stemmer); }
};

Stemmer::Stemmer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Stemmer::Stemmer(Stemmer&&) noexcept = default;
Stemmer& Stemmer::operator=(Stemmer&&) noexcept = default;
Stemmer::~Stemmer() = default;

Result<Stemmer> Stemmer::Create() {
  auto impl = std::make_unique<Impl>();
  impl->stemmer = sb_stemmer_new("english", "UTF_8");
  if (impl->stemmer == nullptr) {
    return Status::Error("libstemmer has no English stemmer; reinstall libstemmer-dev");
  }
  return Stemmer(std::move(impl));
}

std::string_view Stemmer::Stem(std::string_view word) {
  Impl& x = *impl_;
  if (const uint32_t* id = x.recent.Find(word)) return x.stems[*id];
  bool added = false;
  const uint32_t id = x.words.Intern(word, &added);
  if (added) x.stems.push_back(SnowballStem(x.stemmer, word));
  x.recent.Put(word, id);
  return x.stems[id];
}

void Stemmer::Forget() {
  Impl& x = *impl_;
  if (x.words.size() < Impl::kMaxCached) return;
  x.words = StringIds();
  x.stems.clear();
  x.recent.Clear();
}

// ---- Features --------------------------------------------------------------

namespace {

const Lexicon& Connectors() {
  static const Lexicon& lex = Lexicon::Get("name_connectors.tsv");
  return lex;
}

bool HasLetter(std::string_view s) {
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

std::optional<int> Year(const Token& t) {
  if (t.kind != TokenKind::kNumber || t.lower.size() != 4 || !AllDigits(t.lower)) return std::nullopt;
  int y = ToInt(t.lower);
  if (y < 1900 || y > 2099) return std::nullopt;
  return y;
}

// "3", "03", "3rd", "24th".
std::optional<int> DayOfMonth(const Token& t) {
  std::string_view w = t.lower;
  if (w.empty() || w[0] < '0' || w[0] > '9') return std::nullopt;  // most tokens: no suffix can help
  for (std::string_view suffix : {"st", "nd", "rd", "th"}) {
    if (w.size() > 2 && w.substr(w.size() - 2) == suffix) { w.remove_suffix(2); break; }
  }
  if (w.size() > 2 || !AllDigits(w)) return std::nullopt;
  int d = ToInt(w);
  if (d < 1 || d > 31) return std::nullopt;
  return d;
}

// Month or weekday number of a capitalised calendar word ("may" the verb is
// lower-case), with `kind` "month" or "weekday".
int CalendarNumber(const Token& t, std::string_view kind) {
  if (!t.capitalized && !t.all_caps) return 0;
  const Lexicon::Row* row = FindInList(t, WordList::kCalendar);
  if (row == nullptr || row->size() < 2 || (*row)[0] != kind) return 0;
  return std::atoi((*row)[1].c_str());
}

std::string TwoDigits(int v) { return std::string(1, char('0' + v / 10)) + char('0' + v % 10); }

// A document's features as found, one item per occurrence, tallied once
// at the end (Tally) instead of key by key. An item's key is a view: of the
// stemmer's stems, of an entity's key, or of a key made here, kept in
// `made` (a deque: its strings stay put as it grows).
struct Found {
  using Item = std::pair<std::string_view, double>;
  std::vector<Item> terms, entities, places, times;
  std::deque<std::string> made;
  std::optional<Date> event_date;

  void Make(std::vector<Item>& items, std::string key, double w) { items.emplace_back(made.emplace_back(std::move(key)), w); }
};

// The first eight bytes of `s` as a big-endian number, zeros after its end:
// ordered as the strings' first eight bytes are.
uint64_t Prefix(std::string_view s) {
  unsigned char bytes[8] = {};
  std::memcpy(bytes, s.data(), std::min<size_t>(s.size(), 8));
  uint64_t p;
  std::memcpy(&p, bytes, 8);
  return std::endian::native == std::endian::little ? __builtin_bswap64(p) : p;
}

// The tally of `items`: the values of equal keys summed in the order found
// (what adding them one by one to a std::map gives), in key order. Sorted
// as (prefix, index) pairs, most told apart by their prefix alone: a sort
// of the items themselves moved strings and compared bytes, and a std::map
// made a node a key. A string is made for each distinct key only.
FeatureCounts Tally(const std::vector<Found::Item>& items) {
  struct Key {
    uint64_t prefix;
    uint32_t index;
  };
  std::vector<Key> keys(items.size());
  for (size_t i = 0; i < items.size(); ++i) keys[i] = {Prefix(items[i].first), static_cast<uint32_t>(i)};
  std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    const int c = items[a.index].first.compare(items[b.index].first);
    return c != 0 ? c < 0 : a.index < b.index;
  });
  std::vector<FeatureCounts::Item> sorted;
  sorted.reserve(items.size());
  for (size_t k = 0; k < keys.size(); ++k) {
    const Found::Item& item = items[keys[k].index];
    const bool same = k > 0 && keys[k].prefix == keys[k - 1].prefix && sorted.back().first == item.first;
    if (!same) sorted.emplace_back(std::string(item.first), 0.0);
    sorted.back().second += item.second;
  }
  FeatureCounts out;
  out.Assign(std::move(sorted));
  return out;
}

// Reads the tokens of one sentence for dates: "May 3, 2013", "3 May 2013",
// "May 2013", "Thursday", "2013".
class DateReader {
 public:
  DateReader(const SegmentedText& seg, const Sentence& s) : seg_(seg), end_(s.end_token) {}

  // A date starting at token i; `next` is set past it.
  std::optional<Date> At(size_t i, size_t& next) const {
    next = i + 1;
    if (int m = CalendarNumber(seg_.tokens[i], "month")) return MonthFirst(m, i + 1, next);
    std::optional<int> d = DayOfMonth(seg_.tokens[i]);
    if (!d || i + 1 >= end_) return std::nullopt;
    int m = CalendarNumber(seg_.tokens[i + 1], "month");
    if (!m) return std::nullopt;
    size_t j = SkipPunct(i + 2, ".");
    Date out{0, m, *d};
    next = j;
    if (j < end_) {
      if (std::optional<int> y = Year(seg_.tokens[j])) { out.year = *y; next = j + 1; }
    }
    return out;
  }

 private:
  std::optional<Date> MonthFirst(int m, size_t j, size_t& next) const {
    j = SkipPunct(j, ".");
    Date out{0, m, 0};
    if (j < end_) {
      if (std::optional<int> d = DayOfMonth(seg_.tokens[j])) { out.day = *d; j = SkipPunct(j + 1, ","); }
    }
    if (j < end_) {
      if (std::optional<int> y = Year(seg_.tokens[j])) { out.year = *y; ++j; }
    }
    next = j;
    if (out.day == 0 && out.year == 0) return std::nullopt;  // a bare month says little
    return out;
  }

  size_t SkipPunct(size_t j, std::string_view p) const {
    return j < end_ && seg_.tokens[j].lower == p ? j + 1 : j;
  }

  const SegmentedText& seg_;
  size_t end_;
};

void AddDate(const Date& d, Found& f) {
  if (d.year && d.month) f.Make(f.times, "ym:" + std::to_string(d.year) + "-" + TwoDigits(d.month), 1);
  if (d.month && d.day) f.Make(f.times, "md:" + TwoDigits(d.month) + "-" + TwoDigits(d.day), 1);
  if (d.complete()) {
    f.Make(f.times, "ymd:" + std::to_string(d.year) + "-" + TwoDigits(d.month) + "-" + TwoDigits(d.day), 1);
  }
}

// A date line ("May 03, 2013", "posted Apr 24th, 2013 at 12:28 PM": a few
// words besides the date) or a dateline's date in parentheses ("KABUL,
// Afghanistan (Jan. 25, 2013) -"); not a date inside a sentence ("Page was
// born on April 22, 1923, in Nashville").
bool DatesReport(const SegmentedText& seg, const Sentence& s, size_t begin, size_t end) {
  constexpr size_t kMaxOtherWords = 4, kDatelineTokens = 8;
  size_t other = 0;
  for (size_t i = s.first_token; i < s.end_token; ++i) {
    other += (i < begin || i >= end) && seg.tokens[i].kind == TokenKind::kWord;
  }
  if (other <= kMaxOtherWords) return true;
  return begin > s.first_token && begin - s.first_token < kDatelineTokens && seg.tokens[begin - 1].lower == "(";
}

void TimesOf(const SegmentedText& seg, const Sentence& s, bool dates_event, Found& f) {
  DateReader reader(seg, s);
  for (size_t i = s.first_token; i < s.end_token; ++i) {
    const Token& t = seg.tokens[i];
    // A year, a day of the month or a date starting here begins with a
    // digit or a calendar word: most tokens are neither (one bit and a byte).
    if ((t.lower.empty() || t.lower[0] < '0' || t.lower[0] > '9') && !InList(t, WordList::kCalendar)) continue;
    if (std::optional<int> y = Year(t)) f.Make(f.times, "y:" + std::to_string(*y), 1);
    if (CalendarNumber(t, "weekday")) f.Make(f.times, "wd:" + t.lower, 1);
    size_t next = i;
    std::optional<Date> d = reader.At(i, next);
    if (!d) continue;
    AddDate(*d, f);
    if (dates_event && !f.event_date && d->complete() && DatesReport(seg, s, i, next)) f.event_date = *d;
  }
}

void TermsOf(const SegmentedText& seg, const Sentence& s, double weight, Stemmer& stemmer, Found& f) {
  for (size_t i = s.first_token; i < s.end_token; ++i) {
    const Token& t = seg.tokens[i];
    if (t.kind == TokenKind::kNumber) {
      // Figures tell similar events apart ("killed 58"); years are times.
      if (!Year(t) && t.lower.size() >= 2) f.Make(f.terms, "#" + t.lower, weight);
      continue;
    }
    if (t.kind != TokenKind::kWord || t.lower.size() < 2 || !HasLetter(t.lower)) continue;
    if (InList(t, WordList::kStopwords)) continue;
    f.terms.emplace_back(stemmer.Stem(t.lower), weight);
  }
}

// The words of a name of several words count on their own too, so that
// "Lohan" matches "Lindsay Lohan" and "Harry Winston" matches "Harry Winston Inc".
void AddNameWords(std::string_view key, std::vector<Found::Item>& entities) {
  if (key.find_first_of(" -") == std::string_view::npos) return;
  size_t start = 0;
  while (start < key.size()) {
    size_t end = key.find_first_of(" -", start);
    if (end == std::string_view::npos) end = key.size();
    std::string_view w = key.substr(start, end - start);
    if (!w.empty() && !Connectors().Contains(w)) entities.emplace_back(w, 1);
    start = end + 1;
  }
}

}  // namespace

DocumentFeatures ExtractFeatures(const Document& doc, const CleanDocument& clean,
                                 const SegmentedText& segmented, const EntityExtractor& entities,
                                 Stemmer& stemmer, const FeatureOptions& options) {
  stemmer.Forget();
  Found f;
  f.terms.reserve(segmented.tokens.size());
  f.event_date = ParseIsoDate(doc.published);
  for (size_t k = 0; k < segmented.sentences.size(); ++k) {
    const Sentence& s = segmented.sentences[k];
    TermsOf(segmented, s, s.headline ? options.headline_boost : 1.0, stemmer, f);
    TimesOf(segmented, s, k < options.dateline_sentences, f);
  }
  const std::vector<EntityMention> mentions = entities.Extract(doc.text, clean, segmented);
  for (const EntityMention& m : mentions) {
    f.entities.emplace_back(m.key, 1);
    AddNameWords(m.key, f.entities);
    if (m.kind == EntityKind::kPlace) f.places.emplace_back(m.key, 1);
  }
  DocumentFeatures out;
  out.terms = Tally(f.terms);
  out.entities = Tally(f.entities);
  out.places = Tally(f.places);
  out.times = Tally(f.times);
  out.event_date = f.event_date;
  return out;
}

}  // namespace crosscheck
