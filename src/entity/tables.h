// The data/knowledge/*.tsv files as compiled in (embedded.cc; internal to
// src/entity/). The views live for the whole program.
#pragma once

#include <string_view>

namespace crosscheck::entity_internal {

std::string_view PlacesTable();     // data/knowledge/places.tsv
std::string_view CountriesTable();  // data/knowledge/countries.tsv
std::string_view DemonymsTable();   // data/knowledge/demonyms.tsv
std::string_view OrganizationsTable();  // data/knowledge/organizations.tsv

}  // namespace crosscheck::entity_internal
