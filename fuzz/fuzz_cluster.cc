// Fuzzes story clustering: entity extraction, features (stemming, dates) and
// Clusterer::Add on the input, its first half and the input again.
//
// Invariants: entity spans lie inside the text, in text order of their start,
// with non-empty keys; an event date is a real calendar day; Add returns an
// existing story; the same report twice lands in one story.
#include <cstddef>
#include <cstdint>

#include "cluster/cluster.h"
#include "cluster/features.h"
#include "fuzz_check.h"

namespace {

using crosscheck::fuzz::Inside;

void CheckFeatures(const crosscheck::Document& doc, const crosscheck::CleanDocument& clean,
                   const crosscheck::SegmentedText& seg) {
  static const auto extractor = crosscheck::NewHeuristicEntityExtractor();
  for (const crosscheck::EntityMention& m : extractor->Extract(doc.text, clean, seg)) {
    FUZZ_CHECK(Inside(m.span, doc.text.size()));
    FUZZ_CHECK(!m.span.empty());
    FUZZ_CHECK(!m.key.empty());
  }
  static crosscheck::Result<crosscheck::Stemmer> stemmer = crosscheck::Stemmer::Create();
  FUZZ_CHECK(stemmer.ok());
  crosscheck::DocumentFeatures f = crosscheck::ExtractFeatures(doc, clean, seg, *extractor, stemmer.value());
  if (f.event_date) {
    FUZZ_CHECK(f.event_date->month >= 1 && f.event_date->month <= 12);
    FUZZ_CHECK(f.event_date->day >= 1 && f.event_date->day <= 31);
  }
  for (const auto& [term, weight] : f.terms) FUZZ_CHECK(!term.empty() && weight > 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > crosscheck::fuzz::kMaxInput) return 0;
  crosscheck::Document whole = crosscheck::fuzz::DocumentFrom(data, size);
  crosscheck::Document half = crosscheck::fuzz::DocumentFrom(data, size / 2);
  auto clusterer = crosscheck::Clusterer::Create();
  FUZZ_CHECK(clusterer.ok());
  std::vector<crosscheck::StoryId> stories;
  for (const crosscheck::Document* doc : {&whole, &half, &whole}) {
    crosscheck::CleanDocument clean = crosscheck::Clean(*doc);
    crosscheck::SegmentedText seg = crosscheck::Segment(doc->text, clean);
    CheckFeatures(*doc, clean, seg);
    stories.push_back(clusterer.value().Add(*doc, clean, seg));
    FUZZ_CHECK(stories.back() < clusterer.value().story_count());
  }
  // A report with no words has nothing to compare and opens its own story.
  if (!clusterer.value().last_decision().opened) FUZZ_CHECK(stories[2] == stories[0]);
  return 0;
}
