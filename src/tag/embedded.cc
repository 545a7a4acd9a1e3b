// data/models/tagger.model, and the image tools/tag_image.cc made of it when
// crosscheck was built (model.h, SerializeImage), compiled into the binary
// with the assembler's .incbin (base/incbin.h), so the binary finds its
// model from any directory. Tagger::Default() reads the
// image in place: its pages are mapped from the binary as they are touched.
// CMake passes both paths and rebuilds this file when either changes
// (OBJECT_DEPENDS). Default() lives here, apart from the rest of the tagger,
// so that tag_image links the tagger without the image it is making.
#include "base/incbin.h"
#include "tag/model.h"
#include "tag/tagger.h"

#ifdef CROSSCHECK_TAGGER_MODEL
CROSSCHECK_INCBIN(crosscheck_tagger_model, CROSSCHECK_TAGGER_MODEL)
CROSSCHECK_INCBIN(crosscheck_tagger_image, CROSSCHECK_TAGGER_IMAGE)
#endif

namespace crosscheck {

namespace tag_internal {

#ifdef CROSSCHECK_TAGGER_MODEL
std::string_view EmbeddedModel() {
  return {crosscheck_tagger_model_begin,
          static_cast<size_t>(crosscheck_tagger_model_end - crosscheck_tagger_model_begin)};
}
std::string_view EmbeddedImage() {
  return {crosscheck_tagger_image_begin,
          static_cast<size_t>(crosscheck_tagger_image_end - crosscheck_tagger_image_begin)};
}
#else
std::string_view EmbeddedModel() { return {}; }
std::string_view EmbeddedImage() { return {}; }
#endif

}  // namespace tag_internal

Result<const Tagger*> Tagger::Default() {
  static const Result<Tagger> tagger = []() -> Result<Tagger> {
    std::string_view image = tag_internal::EmbeddedImage();
    if (image.empty()) {
      return Status::Error("this crosscheck was built without data/models/tagger.model; "
                           "run `make train`, then rebuild");
    }
    return FromImage(image, "embedded image of data/models/tagger.model");
  }();
  if (!tagger.ok()) return tagger.status();
  return &tagger.value();
}

}  // namespace crosscheck
