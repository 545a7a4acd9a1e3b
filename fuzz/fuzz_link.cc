// Fuzzes the link stage: three documents made from the input — its first two
// thirds, its last two thirds (the two share the middle third, so passages
// and rewrites are found) and the whole — through LinkDocuments, and their
// sketches through LinkIndex.
//
// Invariants: links name documents a < b, in (a, b) order; kind and direction
// are known words; similarity in [0, 1]; every passage and drift span lies
// inside its own document's text, passages in order of a's text; the index
// proposes only earlier documents; an exact copy's estimated Jaccard is 1.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "clean/cleaner.h"
#include "fuzz_check.h"
#include "link/index.h"
#include "link/link.h"
#include "text/segment.h"

namespace {

using crosscheck::fuzz::Inside;

bool Known(std::string_view word, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words)
    if (word == w) return true;
  return false;
}

void CheckLink(const crosscheck::Link& link, const std::vector<crosscheck::Document>& docs) {
  FUZZ_CHECK(link.a < link.b && link.b < docs.size());
  FUZZ_CHECK(Known(link.kind, {"duplicate", "near-duplicate", "rewrite", "shared-passage"}));
  FUZZ_CHECK(Known(link.direction, {"a->b", "b->a", "unknown"}));
  FUZZ_CHECK(link.similarity >= 0 && link.similarity <= 1);
  const size_t size_a = docs[link.a].text.size(), size_b = docs[link.b].text.size();
  size_t previous = 0;
  for (const crosscheck::Passage& p : link.passages) {
    FUZZ_CHECK(Inside(p.a, size_a) && Inside(p.b, size_b));
    FUZZ_CHECK(p.similarity >= 0 && p.similarity <= 1);
    FUZZ_CHECK(p.a.begin >= previous);
    previous = p.a.begin;
  }
  for (const crosscheck::Drift& d : link.drift) {
    FUZZ_CHECK(Inside(d.a, size_a) && Inside(d.b, size_b));
    FUZZ_CHECK(Known(d.what, {"dropped", "added", "changed"}));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > crosscheck::fuzz::kMaxInput) return 0;
  std::vector<crosscheck::Document> docs = {
      crosscheck::fuzz::DocumentFrom(data, size - size / 3),
      crosscheck::fuzz::DocumentFrom(data + size / 3, size - size / 3),
      crosscheck::fuzz::DocumentFrom(data, size)};
  for (size_t i = 0; i < docs.size(); ++i) docs[i].id = std::to_string(i);

  std::vector<crosscheck::SegmentedText> segmented;
  for (const crosscheck::Document& doc : docs) segmented.push_back(crosscheck::Segment(doc.text, crosscheck::Clean(doc)));
  std::vector<crosscheck::Link> links = crosscheck::LinkDocuments(docs, segmented);
  for (size_t i = 0; i < links.size(); ++i) {
    CheckLink(links[i], docs);
    if (i > 0) FUZZ_CHECK(links[i - 1].a < links[i].a || (links[i - 1].a == links[i].a && links[i - 1].b < links[i].b));
  }

  crosscheck::LinkIndex index;
  std::vector<crosscheck::DocumentSketch> sketches;
  for (size_t i = 0; i < docs.size(); ++i) {
    sketches.push_back(crosscheck::SketchDocument(docs[i].text, segmented[i]));
    for (const crosscheck::Candidate& c : index.Add(sketches.back())) {
      FUZZ_CHECK(c.a < c.b && c.b == i);
      FUZZ_CHECK(c.jaccard >= 0 && c.jaccard <= 1);
    }
  }
  if (!sketches[2].minhash.empty()) FUZZ_CHECK(crosscheck::EstimateJaccard(sketches[2], sketches[2]) == 1);
  return 0;
}
