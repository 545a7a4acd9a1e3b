// Internal to src/tag: how a parsed model's tables are written as one byte
// image and read back in place (model.h, SerializeImage / ModelFromImage).
// Little-endian, as the model file. A scalar is its bytes; an array is its
// element count (u64), zero padding to the next multiple of 8 bytes from the
// image's start, then its elements. The image starts 8-byte aligned, so
// every array can be read where it lies, without a copy.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace crosscheck::tag_internal::image {

template <typename T>
void Put(std::string& out, T v) {
  static_assert(std::is_trivially_copyable_v<T>);
  out.append(reinterpret_cast<const char*>(&v), sizeof(T));
}

template <typename T>
void PutArray(std::string& out, std::span<const T> a) {
  static_assert(std::is_trivially_copyable_v<T> && alignof(T) <= 8);
  Put<uint64_t>(out, a.size());
  out.append((8 - out.size() % 8) % 8, '\0');
  out.append(reinterpret_cast<const char*>(a.data()), a.size_bytes());
}

template <typename T>
bool Get(std::string_view& in, T& v) {
  if (in.size() < sizeof(T)) return false;
  std::memcpy(&v, in.data(), sizeof(T));
  in.remove_prefix(sizeof(T));
  return true;
}

// The array at the front of `in`, in place. REQUIRES: the image `in` is part
// of starts 8-byte aligned.
template <typename T>
bool GetArray(std::string_view& in, std::span<const T>& out) {
  uint64_t n = 0;
  if (!Get(in, n)) return false;
  const size_t pad = (8 - reinterpret_cast<uintptr_t>(in.data()) % 8) % 8;
  if (pad > in.size() || n > (in.size() - pad) / sizeof(T)) return false;
  in.remove_prefix(pad);
  out = std::span<const T>(reinterpret_cast<const T*>(in.data()), static_cast<size_t>(n));
  in.remove_prefix(static_cast<size_t>(n) * sizeof(T));
  return true;
}

// An 8-byte aligned copy of some bytes, as an image lies in the binary's
// .rodata: what tag_image, the tests and the fuzzer read an image from.
class AlignedBytes {
 public:
  explicit AlignedBytes(std::string_view bytes) : words_(bytes.size() / 8 + 1), size_(bytes.size()) {
    std::memcpy(words_.data(), bytes.data(), bytes.size());
  }
  char* data() { return reinterpret_cast<char*>(words_.data()); }
  std::string_view view() const { return {reinterpret_cast<const char*>(words_.data()), size_}; }

 private:
  std::vector<uint64_t> words_;
  size_t size_;
};

}  // namespace crosscheck::tag_internal::image
