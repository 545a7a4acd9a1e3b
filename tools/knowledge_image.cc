// knowledge_image DIR IMAGE: writes the index of DIR/places.tsv,
// demonyms.tsv and organizations.tsv by name (src/entity/key_table.h,
// KnowledgeImage), which the build embeds beside the tables so that
// crosscheck reads it in place instead of indexing them in every process.
// Run by CMake whenever a table or the index changes; it reads the image
// back with every array checked and compares every key's rows, and a few
// names that are no key, with the index built in memory before writing it.
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "entity/key_table.h"
#include "file_bytes.h"
#include "entity/names.h"

namespace {

using namespace crosscheck::entity_internal;

// Whether `a` and `b` give the same rows for every key of `tsv`, and none
// for names that are no key.
bool SameRows(const KeyTable& a, const KeyTable& b, std::string_view tsv) {
  std::vector<std::string> keys = {"", "no such place", "zzzz"};
  ForEachTsvRow(tsv, [&](std::string_view, const std::vector<std::string_view>& f) {
    if (!f[0].empty()) keys.push_back(NameKey(f[0]));
  });
  for (const std::string& k : keys) {
    if (a.RowsOf(k) != b.RowsOf(k)) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: knowledge_image DIR IMAGE\n");
    return 2;
  }
  const std::string dir = argv[1];
  std::string places, demonyms, organizations;
  for (auto [name, out] : {std::pair{"places.tsv", &places}, {"demonyms.tsv", &demonyms},
                           {"organizations.tsv", &organizations}}) {
    std::optional<std::string> bytes = crosscheck::tools::ReadBytes(dir + "/" + name);
    if (!bytes) {
      std::fprintf(stderr, "knowledge_image: cannot read %s/%s\n", dir.c_str(), name);
      return 1;
    }
    *out = std::move(*bytes);
  }
  const KnowledgeIndex built = BuildKnowledgeIndex(places, demonyms, organizations);
  const std::string image = KnowledgeImage(built, places, demonyms, organizations);  // heap: 16-byte aligned
  std::optional<KnowledgeIndex> viewed = ViewKnowledgeImage(image, places, demonyms, organizations);
  if (!viewed || !SameRows(built.places, viewed->places, places) ||
      !SameRows(built.demonyms, viewed->demonyms, demonyms) ||
      !SameRows(built.organizations, viewed->organizations, organizations)) {
    std::fprintf(stderr, "knowledge_image: the image does not read back as the index it was made of\n");
    return 1;
  }
  if (!crosscheck::tools::WriteBytes(argv[2], image)) {
    std::fprintf(stderr, "knowledge_image: cannot write %s\n", argv[2]);
    return 1;
  }
  return 0;
}
