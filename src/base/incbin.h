// CROSSCHECK_INCBIN(sym, path): the file at `path` (a string literal, read
// when this translation unit is assembled) compiled into .rodata with the
// assembler's .incbin, 16-byte aligned, between sym_begin and sym_end:
// megabytes cost nothing at build time (cmake/embed.cmake's hex arrays take
// minutes and gigabytes of compiler memory at this size) and the bytes are
// mapped from the binary as they are touched. The file that uses it names
// the path in OBJECT_DEPENDS so that a change rebuilds it.
//
//   CROSSCHECK_INCBIN(crosscheck_places_tsv, CROSSCHECK_KNOWLEDGE_DIR "/places.tsv")
//   std::string_view places(crosscheck_places_tsv_begin, crosscheck_places_tsv_end - crosscheck_places_tsv_begin);
#pragma once

#define CROSSCHECK_INCBIN(sym, path)   \
  __asm__(".pushsection .rodata\n"     \
          ".balign 16\n"               \
          ".hidden " #sym "_begin\n"   \
          ".hidden " #sym "_end\n"     \
          ".global " #sym "_begin\n"   \
          ".global " #sym "_end\n"     \
          #sym "_begin:\n"             \
          ".incbin \"" path "\"\n"     \
          #sym "_end:\n"               \
          ".popsection\n");            \
  extern "C" const char sym##_begin[]; \
  extern "C" const char sym##_end[];
