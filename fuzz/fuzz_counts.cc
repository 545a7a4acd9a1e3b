// Fuzzes the counts model's parser of outside input (--counts-model FILE) and
// its candidates and features on any text.
//
// Input whose first byte is even is a model file: CountModel::Parse either
// refuses it or reads weights that Serialize writes back and Parse reads to
// the same bytes. Otherwise the rest is a document: its count candidates are
// in text order, each spans one sentence's tokens, with a finite figure of at
// least zero; there is one feature row per candidate, and ApplyCountModel
// with the compiled-in model keeps every claim inside the text.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "clean/cleaner.h"
#include "extract/attribution.h"
#include "extract/claims.h"
#include "extract/counts.h"
#include "fuzz_check.h"
#include "text/segment.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > crosscheck::fuzz::kMaxInput) return 0;
  if (data[0] % 2 == 0) {
    std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    crosscheck::Result<crosscheck::CountModel> m = crosscheck::CountModel::Parse(bytes, "fuzz");
    if (!m.ok()) {
      FUZZ_CHECK(!m.status().message().empty());
      return 0;
    }
    const std::string once = m.value().Serialize();
    crosscheck::Result<crosscheck::CountModel> again = crosscheck::CountModel::Parse(once, "fuzz");
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again.value().Serialize() == once);
    return 0;
  }
  crosscheck::Document doc = crosscheck::fuzz::DocumentFrom(data + 1, size - 1);
  crosscheck::SegmentedText seg = crosscheck::Segment(doc.text, crosscheck::Clean(doc));
  crosscheck::People people = crosscheck::People::Find(doc.text, seg);
  std::vector<crosscheck::Claim> rules = crosscheck::ExtractClaims(doc, seg, people);
  std::vector<crosscheck::CountCandidate> candidates = crosscheck::FindCountCandidates(doc.text, seg, rules);
  size_t last = 0;
  for (const crosscheck::CountCandidate& c : candidates) {
    FUZZ_CHECK(c.first_token < c.end_token && c.end_token <= seg.tokens.size());
    FUZZ_CHECK(c.first_token >= last);
    last = c.first_token;
    FUZZ_CHECK(c.sentence < seg.sentences.size());
    const crosscheck::Sentence& s = seg.sentences[c.sentence];
    FUZZ_CHECK(s.first_token <= c.first_token && c.end_token <= s.end_token);
    FUZZ_CHECK(std::isfinite(c.value) && c.value >= 0);
  }
  FUZZ_CHECK(crosscheck::CountFeatures(seg, candidates, rules).size() == candidates.size());
  crosscheck::Result<const crosscheck::CountModel*> model = crosscheck::CountModel::Default();
  FUZZ_CHECK(model.ok());
  for (const crosscheck::Claim& c : crosscheck::ExtractClaims(doc, seg, people, model.value())) {
    FUZZ_CHECK(crosscheck::fuzz::Inside(c.span, doc.text.size()));
    FUZZ_CHECK(crosscheck::fuzz::Inside(c.sentence, doc.text.size()));
    if (c.quantity.value) FUZZ_CHECK(!std::isnan(*c.quantity.value));
  }
  return 0;
}
