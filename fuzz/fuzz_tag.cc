// Fuzzes the tagger's parsers: CoNLL text through TagConll() with the
// shipped model, and the same bytes as a model file and (verified) as a
// model image.
//
// Invariants: the output has one line per input line (a missing final line
// break added); a line with a token is the input line, a space and an IOB1
// tag or O; blank lines stay blank; bytes that are not a model are refused;
// the input's words (split at spaces) get the same entity tags alone as with
// POS and chunks.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "tag/image.h"
#include "tag/tagger.h"

namespace {

size_t Lines(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    size_t nl = s.find('\n', i);
    ++n;
    i = nl == std::string_view::npos ? s.size() : nl + 1;
  }
  return n;
}

bool IsTag(std::string_view t) {
  if (t == "O") return true;
  return t.size() > 2 && (t[0] == 'I' || t[0] == 'B') && t[1] == '-' &&
         (t.substr(2) == "PER" || t.substr(2) == "ORG" || t.substr(2) == "LOC" || t.substr(2) == "MISC");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > crosscheck::fuzz::kMaxInput) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  FUZZ_CHECK(!crosscheck::Tagger::FromBytes(in, "fuzz").ok() || in.starts_with("XCTAGGER"));
  const crosscheck::tag_internal::image::AlignedBytes image(in);  // an image is read in place, 8-byte aligned
  FUZZ_CHECK(!crosscheck::Tagger::FromImage(image.view(), "fuzz", /*verify=*/true).ok() ||
             in.starts_with("XCTAGIMG"));
  auto tagger = crosscheck::Tagger::Default();
  FUZZ_CHECK(tagger.ok());
  std::string out = crosscheck::TagConll(*tagger.value(), in);
  FUZZ_CHECK(Lines(out) == Lines(in));
  for (size_t i = 0; i < out.size();) {
    size_t nl = out.find('\n', i);
    FUZZ_CHECK(nl != std::string::npos);  // every output line is terminated
    std::string_view line(out.data() + i, nl - i);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      size_t sp = line.rfind(' ');
      FUZZ_CHECK(sp != std::string_view::npos && IsTag(line.substr(sp + 1)));
    }
    i = nl + 1;
  }
  std::vector<std::string_view> words;
  for (size_t i = 0; i < in.size();) {
    size_t sp = in.find(' ', i);
    if (sp == std::string_view::npos) sp = in.size();
    if (sp > i) words.push_back(in.substr(i, sp - i));
    i = sp + 1;
  }
  auto all = tagger.value()->Tag(words);
  auto alone = tagger.value()->Tag(words, crosscheck::Tagger::Layers::kEntities);
  FUZZ_CHECK(all.size() == words.size() && alone.size() == words.size());
  for (size_t i = 0; i < words.size(); ++i) FUZZ_CHECK(all[i].ner == alone[i].ner);
  return 0;
}
