#include "entity/knowledge.h"

#include <algorithm>
#include <charconv>
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

struct Tables {
  // By NameKey: the rows (views of the compiled-in table, in file order) of
  // the places so called. A row is parsed into a Place only when asked for:
  // 32,000 rows are indexed, a few dozen looked up per run.
  std::unordered_map<std::string, std::vector<std::string_view>> places;
  std::unordered_map<std::string, std::string> demonyms;       // NameKey -> alpha-2
  std::unordered_map<std::string, std::string> countries;      // alpha-2 -> short name
  std::unordered_set<std::string> organizations;               // by NameKey

  Tables() {
    const std::string_view place_rows = entity_internal::PlacesTable();
    places.reserve(static_cast<size_t>(std::count(place_rows.begin(), place_rows.end(), '\n')));
    ForEachRow(place_rows, [&](const std::vector<std::string_view>& f) {
      if (f.size() < 7) return;
      // The row again as one view: from its name to the end of its last field.
      const std::string_view row(f[0].data(), static_cast<size_t>(f.back().data() + f.back().size() - f[0].data()));
      places[NameKey(f[0])].push_back(row);
    });
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
  const Tables& t = Get();
  auto it = t.places.find(NameKey(name));
  if (it == t.places.end()) return {};
  std::vector<Place> list;
  for (std::string_view row : it->second) {
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
