// data/models/tagger.model compiled into the binary with the assembler's
// .incbin: the bytes go straight into .rodata, so embedding megabytes costs
// nothing at build time (cmake/embed.cmake's hex arrays take minutes and
// gigabytes of compiler memory at this size) and the binary finds its model
// from any directory. CMake passes the path and rebuilds this file when the
// model changes (OBJECT_DEPENDS).
#include "tag/model.h"

#ifdef CROSSCHECK_TAGGER_MODEL
__asm__(
    ".pushsection .rodata\n"
    ".balign 16\n"
    ".hidden crosscheck_tagger_model_begin\n"
    ".hidden crosscheck_tagger_model_end\n"
    ".global crosscheck_tagger_model_begin\n"
    ".global crosscheck_tagger_model_end\n"
    "crosscheck_tagger_model_begin:\n"
    ".incbin \"" CROSSCHECK_TAGGER_MODEL "\"\n"
    "crosscheck_tagger_model_end:\n"
    ".popsection\n");
extern "C" const char crosscheck_tagger_model_begin[];
extern "C" const char crosscheck_tagger_model_end[];
#endif

namespace crosscheck::tag_internal {

std::string_view EmbeddedModel() {
#ifdef CROSSCHECK_TAGGER_MODEL
  return std::string_view(crosscheck_tagger_model_begin,
                          static_cast<size_t>(crosscheck_tagger_model_end - crosscheck_tagger_model_begin));
#else
  return {};
#endif
}

}  // namespace crosscheck::tag_internal
