// A main() for the fuzz targets when they are not built with libFuzzer:
// runs LLVMFuzzerTestOneInput once on every file named on the command line,
// walking directories recursively (in name order). Used by the
// fuzz_replay_* tests to keep the seed corpus and past crashes passing.
//
// Exit status: 0 when every input ran, 1 when an argument cannot be read or
// no input was found. A failing input aborts the process (the target traps),
// after "replaying <file>" has named it on stderr.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace fs = std::filesystem;

namespace {

bool ReadFile(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  std::vector<fs::path> files;
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
      return 0;
    }
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(arg, ec); !ec && it != fs::end(it); it.increment(ec)) {
        if (it->is_regular_file(ec)) found.push_back(it->path());
      }
      if (ec) {
        std::fprintf(stderr, "%s: cannot read directory: %s\n", arg.c_str(), ec.message().c_str());
        status = 1;
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(arg, ec)) {
      files.push_back(arg);
    } else {
      std::fprintf(stderr, "%s: no such file or directory\n", arg.c_str());
      status = 1;
    }
  }
  size_t ran = 0;
  std::string data;
  for (const fs::path& f : files) {
    if (!ReadFile(f, data)) {
      std::fprintf(stderr, "%s: cannot read file\n", f.string().c_str());
      status = 1;
      continue;
    }
    // Named before running so that a crash can be traced to its input.
    std::fprintf(stderr, "replaying %s (%zu bytes)\n", f.string().c_str(), data.size());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(data.data()), data.size());
    ++ran;
  }
  std::fprintf(stderr, "%s: %zu input(s) replayed\n", argv[0], ran);
  if (ran == 0) {
    std::fprintf(stderr, "no inputs found\n");
    return 1;
  }
  return status;
}
