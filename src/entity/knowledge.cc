#include "entity/knowledge.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "entity/names.h"
#include "entity/tables.h"

namespace crosscheck {

namespace {

using entity_internal::NameKey;

// Calls f(fields) for every data line of a TSV table ('#' lines are comments).
template <typename F>
void ForEachRow(std::string_view tsv, F f) {
  std::vector<std::string_view> fields;
  while (!tsv.empty()) {
    size_t nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv.remove_prefix(nl == std::string_view::npos ? tsv.size() : nl + 1);
    if (line.empty() || line[0] == '#') continue;
    fields.clear();
    for (size_t start = 0;;) {
      size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    f(fields);
  }
}

std::optional<double> Number(std::string_view s) {
  double v = 0;
  if (s.empty() || std::from_chars(s.data(), s.data() + s.size(), v).ec != std::errc()) return std::nullopt;
  return v;
}

// The fields of one row of the place table: name, kind, country, code, lat, lon, population.
std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> fields;
  for (size_t start = 0;;) {
    size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

// Order of PlacesNamed: countries, subdivisions, cities (largest first), others.
int Rank(const Place& p) {
  if (p.kind == "country") return 0;
  if (p.kind == "subdivision") return 1;
  if (p.kind == "city") return 2;
  return 3;
}

// The rows of the place table by NameKey of their name, without a node or a
// string per row (an unordered_map of vectors took three times as long to
// build: 32,000 rows are indexed each run, a few dozen looked up). Keys lie
// back to back in one string; rows of equal key are chained in file order;
// an open-addressing table (linear probing, at most half full) holds the
// first row of each key.
class PlaceIndex {
 public:
  explicit PlaceIndex(std::string_view tsv) {
    // Lines counted with memchr: std::count's byte loop over the 1.9 MB took as long as the index.
    size_t lines = 1;
    for (const char* p = tsv.data(); (p = static_cast<const char*>(std::memchr(p, '\n', tsv.data() + tsv.size() - p)));
         ++p) {
      ++lines;
    }
    rows_.reserve(lines);
    slots_.assign(std::bit_ceil(lines * 2), kNone);
    ForEachRow(tsv, [&](const std::vector<std::string_view>& f) {
      if (f.size() < 7) return;
      // The row again as one view: from its name to the end of its last field.
      const std::string_view text(f[0].data(), static_cast<size_t>(f.back().data() + f.back().size() - f[0].data()));
      Add(NameKey(f[0]), text);
    });
  }

  // The rows (views of the compiled-in table, in file order) whose name has
  // the NameKey `key`.
  std::vector<std::string_view> RowsOf(std::string_view key) const {
    std::vector<std::string_view> out;
    for (uint32_t r = slots_[Find(key)]; r != kNone; r = rows_[r].next) out.push_back(rows_[r].text);
    return out;
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Row {
    std::string_view text;
    uint32_t key_offset = 0, key_size = 0;
    uint32_t next = kNone;  // the next row of the same key
    uint32_t last = kNone;  // on the first row of a key: the key's last row
  };

  std::string_view KeyOf(const Row& r) const { return std::string_view(keys_).substr(r.key_offset, r.key_size); }

  // The slot of `key`: the one that holds its first row, or the empty one where it would go.
  size_t Find(std::string_view key) const {
    const size_t mask = slots_.size() - 1;
    for (size_t i = std::hash<std::string_view>()(key) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == kNone || KeyOf(rows_[slots_[i]]) == key) return i;
    }
  }

  void Add(const std::string& key, std::string_view text) {
    const uint32_t r = static_cast<uint32_t>(rows_.size());
    uint32_t& slot = slots_[Find(key)];
    if (slot == kNone) {
      rows_.push_back({text, static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(key.size())});
      keys_ += key;
      slot = rows_.back().last = r;
    } else {
      const uint32_t first = slot;
      rows_.push_back({text, rows_[first].key_offset, rows_[first].key_size});
      rows_[rows_[first].last].next = r;
      rows_[first].last = r;
    }
  }

  std::vector<Row> rows_;
  std::string keys_;
  std::vector<uint32_t> slots_;  // first row of a key, or kNone
};

struct Tables {
  PlaceIndex places{entity_internal::PlacesTable()};
  std::unordered_map<std::string, std::string> demonyms;       // NameKey -> alpha-2
  std::unordered_map<std::string, std::string> countries;      // alpha-2 -> short name
  std::unordered_set<std::string> organizations;               // by NameKey

  Tables() {
    ForEachRow(entity_internal::DemonymsTable(), [&](const std::vector<std::string_view>& f) {
      if (f.size() >= 2) demonyms.emplace(NameKey(f[0]), std::string(f[1]));
    });
    ForEachRow(entity_internal::CountriesTable(), [&](const std::vector<std::string_view>& f) {
      if (f.size() >= 2) countries.emplace(std::string(f[0]), std::string(f[1]));
    });
    ForEachRow(entity_internal::OrganizationsTable(), [&](const std::vector<std::string_view>& f) {
      if (!f.empty() && !f[0].empty()) organizations.insert(NameKey(f[0]));
    });
  }
};

// Never destroyed: freeing the 40,000 keys at exit cost as much as a
// dozen documents' analysis.
const Tables& Get() {
  static const Tables* tables = new Tables();
  return *tables;
}

}  // namespace

std::string CountryCodeOfDemonym(std::string_view word) {
  const Tables& t = Get();
  auto it = t.demonyms.find(NameKey(word));
  return it == t.demonyms.end() ? std::string() : it->second;
}

std::string CountryOfDemonym(std::string_view word) { return CountryName(CountryCodeOfDemonym(word)); }

std::string CountryName(std::string_view alpha2) {
  const Tables& t = Get();
  auto it = t.countries.find(std::string(alpha2));
  return it == t.countries.end() ? std::string() : it->second;
}

bool IsOrganizationName(std::string_view name) { return Get().organizations.count(NameKey(name)) > 0; }

std::vector<Place> PlacesNamed(std::string_view name) {
  std::vector<Place> list;
  for (std::string_view row : Get().places.RowsOf(NameKey(name))) {
    const std::vector<std::string_view> f = Fields(row);
    Place p{std::string(f[1]), std::string(f[2]), std::string(f[3]), Number(f[4]), Number(f[5]), 0};
    p.population = static_cast<uint64_t>(Number(f[6]).value_or(0));
    list.push_back(std::move(p));
  }
  std::stable_sort(list.begin(), list.end(), [](const Place& a, const Place& b) {
    return Rank(a) != Rank(b) ? Rank(a) < Rank(b) : a.population > b.population;
  });
  return list;
}

}  // namespace crosscheck
