// data/knowledge/*.tsv compiled into the binary with the assembler's .incbin
// (base/incbin.h), as src/tag/embedded.cc does for the tagger model: the
// place table is 1.4 MB. CMake passes the directory and rebuilds this file
// when a table changes (OBJECT_DEPENDS). The index of the tables
// (key_table.h) that tools/knowledge_image.cc makes of them at build time is
// embedded the same way.
#include <string_view>

#include "base/incbin.h"
#include "entity/tables.h"

CROSSCHECK_INCBIN(crosscheck_places_tsv, CROSSCHECK_KNOWLEDGE_DIR "/places.tsv")
CROSSCHECK_INCBIN(crosscheck_countries_tsv, CROSSCHECK_KNOWLEDGE_DIR "/countries.tsv")
CROSSCHECK_INCBIN(crosscheck_demonyms_tsv, CROSSCHECK_KNOWLEDGE_DIR "/demonyms.tsv")
CROSSCHECK_INCBIN(crosscheck_organizations_tsv, CROSSCHECK_KNOWLEDGE_DIR "/organizations.tsv")
#ifdef CROSSCHECK_KNOWLEDGE_IMAGE
CROSSCHECK_INCBIN(crosscheck_knowledge_image, CROSSCHECK_KNOWLEDGE_IMAGE)
#endif

namespace crosscheck::entity_internal {

namespace {
std::string_view View(const char* begin, const char* end) {
  return std::string_view(begin, static_cast<size_t>(end - begin));
}
}  // namespace

std::string_view PlacesTable() { return View(crosscheck_places_tsv_begin, crosscheck_places_tsv_end); }
std::string_view CountriesTable() { return View(crosscheck_countries_tsv_begin, crosscheck_countries_tsv_end); }
std::string_view DemonymsTable() { return View(crosscheck_demonyms_tsv_begin, crosscheck_demonyms_tsv_end); }
std::string_view OrganizationsTable() {
  return View(crosscheck_organizations_tsv_begin, crosscheck_organizations_tsv_end);
}

#ifdef CROSSCHECK_KNOWLEDGE_IMAGE
std::string_view EmbeddedKnowledgeImage() {
  return View(crosscheck_knowledge_image_begin, crosscheck_knowledge_image_end);
}
#else
std::string_view EmbeddedKnowledgeImage() { return {}; }
#endif

}  // namespace crosscheck::entity_internal
