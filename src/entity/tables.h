// The data/knowledge/*.tsv files as compiled in (embedded.cc; internal to
// src/entity/). The views live for the whole program.
#pragma once

#include <string_view>

namespace crosscheck::entity_internal {

std::string_view PlacesTable();     // data/knowledge/places.tsv
std::string_view CountriesTable();  // data/knowledge/countries.tsv
std::string_view DemonymsTable();   // data/knowledge/demonyms.tsv
std::string_view OrganizationsTable();  // data/knowledge/organizations.tsv
// The index of the tables (key_table.h, KnowledgeImage) that
// tools/knowledge_image.cc made of them when crosscheck was built; empty in
// a build without it (the knowledge_image tool itself).
std::string_view EmbeddedKnowledgeImage();

}  // namespace crosscheck::entity_internal
