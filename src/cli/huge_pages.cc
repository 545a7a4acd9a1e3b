#include "cli/huge_pages.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#if defined(__GLIBC__)
#include <gnu/libc-version.h>
#include <malloc.h>
#endif

#include "base/sanitizers.h"

namespace crosscheck::cli {

namespace {

#if defined(__linux__) && defined(__GLIBC__)
// glibc.malloc.hugetlb came with glibc 2.35.
bool GlibcHasHugePageTunable() {
  int major = 0, minor = 0;
  return std::sscanf(gnu_get_libc_version(), "%d.%d", &major, &minor) == 2 && (major > 2 || (major == 2 && minor >= 35));
}

// The kernel's setting reads "always [madvise] never": the chosen one in brackets.
bool KernelOffersHugePages() {
  std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  std::getline(f, line);
  return line.find("[madvise]") != std::string::npos || line.find("[always]") != std::string::npos;
}
#endif

}  // namespace

void RerunWithHugePages(char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
  if (kAddressSanitizer) return;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  std::string value = tunables ? tunables : "";
  if (value.find("glibc.malloc.hugetlb") != std::string::npos) return;
  const char* preload = std::getenv("LD_PRELOAD");
  if (preload && std::string(preload).find("vgpreload") != std::string::npos) return;  // valgrind
  if (!GlibcHasHugePageTunable() || !KernelOffersHugePages()) return;
  char self[4096];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return;
  self[n] = '\0';
  value += value.empty() ? "glibc.malloc.hugetlb=1" : ":glibc.malloc.hugetlb=1";
  if (::setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  ::execv(self, argv);
  // The exec failed: go on here, on small pages.
#else
  (void)argv;
#endif
}

void GrowHeapInLargeSteps() {
#if defined(__GLIBC__)
  if (kAddressSanitizer) return;
  ::mallopt(M_TOP_PAD, kHeapStepBytes);
  ::mallopt(M_MMAP_THRESHOLD, kHeapMmapBytes);
#endif
}

}  // namespace crosscheck::cli
