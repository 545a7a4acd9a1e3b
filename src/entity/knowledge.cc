#include "entity/knowledge.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "entity/key_table.h"
#include "entity/names.h"
#include "entity/tables.h"

namespace crosscheck {

namespace {

using entity_internal::NameKey;

std::optional<double> Number(std::string_view s) {
  double v = 0;
  if (s.empty() || std::from_chars(s.data(), s.data() + s.size(), v).ec != std::errc()) return std::nullopt;
  return v;
}

// The fields of one row of a table.
std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> fields;
  entity_internal::SplitTsvLine(line, fields);
  return fields;
}

// Order of PlacesNamed: countries, subdivisions, cities (largest first), others.
int Rank(const Place& p) {
  if (p.kind == "country") return 0;
  if (p.kind == "subdivision") return 1;
  if (p.kind == "city") return 2;
  return 3;
}

// The place, demonym and organisation rows by NameKey (entity/key_table.h):
// viewed in the image compiled into the binary when it was made from these
// very tables, else built (a build without the image: about 38 M
// instructions, once per process, on the first look-up).
struct Tables {
  entity_internal::KnowledgeIndex index;
  std::unordered_map<std::string, std::string> countries;  // alpha-2 -> short name

  Tables() {
    using namespace entity_internal;
    std::optional<KnowledgeIndex> viewed =
        ViewKnowledgeImage(EmbeddedKnowledgeImage(), PlacesTable(), DemonymsTable(), OrganizationsTable());
    index = viewed ? std::move(*viewed) : BuildKnowledgeIndex(PlacesTable(), DemonymsTable(), OrganizationsTable());
    ForEachTsvRow(CountriesTable(), [&](std::string_view, const std::vector<std::string_view>& f) {
      if (f.size() >= 2) countries.emplace(std::string(f[0]), std::string(f[1]));
    });
  }
};

// Never destroyed: nothing in it needs to be, and exit need not walk it.
const Tables& Get() {
  static const Tables* tables = new Tables();
  return *tables;
}

// The look-ups by a name's key (NameKey): the functions below make the key
// once, KnowledgeOfKey is given it.
std::string DemonymOfKey(std::string_view key) {
  std::optional<std::string_view> row = Get().index.demonyms.FirstRow(key);
  return row ? std::string(Fields(*row)[1]) : std::string();
}

bool OrganizationKey(std::string_view key) { return Get().index.organizations.FirstRow(key).has_value(); }

std::vector<Place> PlacesOfKey(std::string_view key) {
  std::vector<Place> list;
  for (std::string_view row : Get().index.places.RowsOf(key)) {
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

}  // namespace

std::string CountryCodeOfDemonym(std::string_view word) { return DemonymOfKey(NameKey(word)); }

std::string CountryOfDemonym(std::string_view word) { return CountryName(CountryCodeOfDemonym(word)); }

std::string CountryName(std::string_view alpha2) {
  const Tables& t = Get();
  auto it = t.countries.find(std::string(alpha2));
  return it == t.countries.end() ? std::string() : it->second;
}

bool IsOrganizationName(std::string_view name) { return OrganizationKey(NameKey(name)); }

std::vector<Place> PlacesNamed(std::string_view name) { return PlacesOfKey(NameKey(name)); }

NameKnowledge KnowledgeOfKey(std::string_view key) {
  return {PlacesOfKey(key), DemonymOfKey(key), OrganizationKey(key)};
}

}  // namespace crosscheck
