// Whether this build runs under AddressSanitizer (GCC's __SANITIZE_ADDRESS__,
// Clang's __has_feature): ASan brings its own allocator and about three times
// the memory, which memory bounds and allocator settings must know.
#pragma once

namespace crosscheck {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

}  // namespace crosscheck
