// The heap on transparent huge pages. glibc's malloc asks the kernel for them
// (madvise) only when the tunable glibc.malloc.hugetlb=1 is in the
// environment as the process starts, so the command line sets it and runs
// itself again, once, before it reads anything. On real news this cuts CPU
// time by a sixth to a quarter: fewer TLB misses over the models, lexicons
// and per-report results, and far fewer page faults (docs/PERFORMANCE-HISTORY.md).
#pragma once

namespace crosscheck::cli {

// Runs /proc/self/exe again with `argv` and glibc.malloc.hugetlb=1 added to
// GLIBC_TUNABLES. Returns (and changes nothing else) when there is nothing to
// gain or it cannot: GLIBC_TUNABLES already names glibc.malloc.hugetlb (so a
// user's glibc.malloc.hugetlb=0 turns this off, and the second run does not
// run a third), glibc older than 2.35, the kernel's transparent huge pages
// set to never, a build with AddressSanitizer (its own allocator), a process
// under valgrind, or an exec that fails.
void RerunWithHugePages(char** argv);

// Has glibc's malloc grow the heap (and each thread's arena) kHeapStepBytes
// beyond what an allocation needs instead of 128 KB, and serve blocks below
// kHeapMmapBytes from the heap instead of mapping (and zeroing) fresh pages
// for each: the heap grows in far fewer steps (fewer system calls and page
// faults, fewer pages zeroed again after a trim, whole huge pages) and large
// buffers are reused. Setting one of these turns off glibc's own raising of
// the mmap threshold, hence both. On real news this cuts `add`'s wall time by
// about a fifth on two cores and `analyze`'s CPU by up to a tenth
// (docs/PERFORMANCE.md). Pages never touched are never resident: peak RSS
// grows by a few MB. Call first in main(); does nothing without glibc or
// under AddressSanitizer.
inline constexpr int kHeapStepBytes = 64 << 20;
inline constexpr int kHeapMmapBytes = 32 << 20;
void GrowHeapInLargeSteps();

}  // namespace crosscheck::cli
