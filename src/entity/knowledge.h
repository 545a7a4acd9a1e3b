// Knowledge: places and demonyms from Debian's data, compiled into the binary.
//
//   CountryOfDemonym("Pakistani")   -> "Pakistan"
//   CountryName("AF")               -> "Afghanistan"
//   PlacesNamed("Kabul")            -> {city, AF, AF-KAB, 34.528, 69.172}, {subdivision, AF, AF-KAB}
//   IsOrganizationName("Taliban")   -> true
//
// Sources (tools/gen_knowledge.py writes data/knowledge/*.tsv from them; the
// tables are committed, so neither the build nor the binary needs the
// packages): iso-codes for countries and subdivisions (ISO 3166-1, 3166-2),
// WordNet 3.0 (wordnet-base) for country synonyms ("America"), demonyms from
// adjective pertainyms, places that are part of a country ("Khyber Pass") and
// the names of organisations and movements (noun.group),
// and Debian's libgeonames0 for the 24,000 cities of 15,000 people or more,
// with coordinates (GeoNames, CC BY 4.0).
//
// The tables' index by name (entity/key_table.h) is made when crosscheck is
// built and read in place from the binary (a build without it indexes them
// on first use, about 10 ms); a place's row is parsed only when PlacesNamed
// returns it. Every function is thread-safe and never fails: an unknown name
// gives an empty result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crosscheck {

struct Place {
  std::string kind;     // "country", "subdivision", "city", or a WordNet kind ("pass", "range")
  std::string country;  // ISO 3166-1 alpha-2: "PK"
  std::string code;     // ISO 3166-2 of a subdivision, or of a city's subdivision when known; empty otherwise
  std::optional<double> lat, lon;  // cities only (GeoNames)
  uint64_t population = 0;         // cities only
};

// The country (short name, as CountryName gives it) a demonym refers to:
// "Pakistani", "Pakistanis" -> "Pakistan"; "Afghan" -> "Afghanistan". Case
// is ignored; empty when the word is no demonym.
std::string CountryOfDemonym(std::string_view word);

// The same as an ISO 3166-1 alpha-2 code ("PK"), or empty.
std::string CountryCodeOfDemonym(std::string_view word);

// Short name of a country: iso-codes' common name, else WordNet's first
// synonym, else the ISO name ("RU" -> "Russia", "PK" -> "Pakistan"); empty
// for an unknown code.
std::string CountryName(std::string_view alpha2);

// True when WordNet names an organisation or movement so ("Taliban",
// "Hamas", "NATO"; case, diacritics and dashes ignored).
bool IsOrganizationName(std::string_view name);

// Every place called `name` (case, diacritics and typographic dashes
// ignored; synonyms of countries included: "America", "UK"), countries
// first, then subdivisions, then cities by population, then WordNet places.
std::vector<Place> PlacesNamed(std::string_view name);

// PlacesNamed, CountryCodeOfDemonym and IsOrganizationName of one name at
// once, given as its key (NameKey, entity/names.h): what entity resolution
// asks of every key. The key is looked up as it is, not made a key again
// (NameKey drops a leading "the ", so "The The Band", key "the band", would
// be looked up as "band").
struct NameKnowledge {
  std::vector<Place> places;  // PlacesNamed
  std::string demonym;        // CountryCodeOfDemonym
  bool organization = false;  // IsOrganizationName
};
NameKnowledge KnowledgeOfKey(std::string_view key);

}  // namespace crosscheck
