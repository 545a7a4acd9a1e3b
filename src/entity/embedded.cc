// data/knowledge/*.tsv compiled into the binary with the assembler's .incbin,
// as src/tag/embedded.cc does for the tagger model: the place table is 1.4 MB,
// which cmake/embed.cmake's hex arrays would make slow to build for every
// stage that links crosscheck_base. CMake passes the directory and rebuilds
// this file when a table changes (OBJECT_DEPENDS). The index of the tables
// (key_table.h) that tools/knowledge_image.cc makes of them at build time is
// embedded the same way.
#include <string_view>

#include "entity/tables.h"

#define CROSSCHECK_INCBIN(sym, file)              \
  __asm__(".pushsection .rodata\n"                \
          ".balign 16\n"                          \
          ".hidden " #sym "_begin\n"              \
          ".hidden " #sym "_end\n"                \
          ".global " #sym "_begin\n"              \
          ".global " #sym "_end\n"                \
          #sym "_begin:\n"                        \
          ".incbin \"" CROSSCHECK_KNOWLEDGE_DIR "/" file "\"\n" \
          #sym "_end:\n"                          \
          ".popsection\n");                       \
  extern "C" const char sym##_begin[];            \
  extern "C" const char sym##_end[];

CROSSCHECK_INCBIN(crosscheck_places_tsv, "places.tsv")
CROSSCHECK_INCBIN(crosscheck_countries_tsv, "countries.tsv")
CROSSCHECK_INCBIN(crosscheck_demonyms_tsv, "demonyms.tsv")
CROSSCHECK_INCBIN(crosscheck_organizations_tsv, "organizations.tsv")

#ifdef CROSSCHECK_KNOWLEDGE_IMAGE
__asm__(".pushsection .rodata\n"
        ".balign 16\n"
        ".hidden crosscheck_knowledge_image_begin\n"
        ".hidden crosscheck_knowledge_image_end\n"
        ".global crosscheck_knowledge_image_begin\n"
        ".global crosscheck_knowledge_image_end\n"
        "crosscheck_knowledge_image_begin:\n"
        ".incbin \"" CROSSCHECK_KNOWLEDGE_IMAGE "\"\n"
        "crosscheck_knowledge_image_end:\n"
        ".popsection\n");
extern "C" const char crosscheck_knowledge_image_begin[];
extern "C" const char crosscheck_knowledge_image_end[];
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
