// Whole files in and out, for the build-time tools (tag_image,
// knowledge_image): they read their inputs whole and write one image.
#pragma once

#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

namespace crosscheck::tools {

// The bytes of the file at `path`, or nullopt when it cannot be opened.
inline std::optional<std::string> ReadBytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// Writes `bytes` to the file at `path`; false when it cannot.
inline bool WriteBytes(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out.flush());
}

}  // namespace crosscheck::tools
