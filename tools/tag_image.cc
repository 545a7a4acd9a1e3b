// tag_image MODEL IMAGE: writes the in-memory image of a tagger model
// (src/tag/model.h, SerializeImage), which the build embeds so that
// crosscheck reads its model in place instead of parsing it at start-up.
// Run by CMake whenever data/models/tagger.model or the tagger changes; it
// reads the image back with every entry verified and checks that a model
// read from it tags a sample as the parsed file does before writing it.
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "file_bytes.h"
#include "tag/image.h"
#include "tag/model.h"
#include "tag/tagger.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: tag_image MODEL IMAGE\n");
    return 2;
  }
  const std::optional<std::string> file = crosscheck::tools::ReadBytes(argv[1]);
  if (!file) {
    std::fprintf(stderr, "tag_image: cannot open %s\n", argv[1]);
    return 1;
  }
  const std::string& bytes = *file;
  auto model = crosscheck::tag_internal::ParseModel(bytes, argv[1]);
  if (!model.ok()) {
    std::fprintf(stderr, "tag_image: %s\n", model.status().message().c_str());
    return 1;
  }
  const std::string image = crosscheck::tag_internal::SerializeImage(model.value());
  const crosscheck::tag_internal::image::AlignedBytes aligned(image);
  auto from_image = crosscheck::Tagger::FromImage(aligned.view(), argv[2], /*verify=*/true);
  auto from_file = crosscheck::Tagger::FromBytes(bytes, argv[1]);
  if (!from_image.ok() || !from_file.ok()) {
    std::fprintf(stderr, "tag_image: %s\n",
                 (from_image.ok() ? from_file.status() : from_image.status()).message().c_str());
    return 1;
  }
  const std::vector<std::string_view> words = {"KABUL", ",", "Afghanistan", "(", "Jan", ".", "25", ")", "-",
                                               "Taliban", "spokesman", "Zabihullah", "Mujahid", "said", "58",
                                               "Pakistani", "soldiers", "were", "killed", "in", "Kunar", "."};
  const auto a = from_image.value().Tag(words), b = from_file.value().Tag(words);
  for (size_t i = 0; i < words.size(); ++i) {
    if (a[i].pos != b[i].pos || a[i].chunk != b[i].chunk || a[i].ner != b[i].ner) {
      std::fprintf(stderr, "tag_image: the image tags word %zu unlike the model file\n", i);
      return 1;
    }
  }
  if (!crosscheck::tools::WriteBytes(argv[2], image)) {
    std::fprintf(stderr, "tag_image: cannot write %s\n", argv[2]);
    return 1;
  }
  return 0;
}
