// Entities for story clustering: who and where a report is about.
//
// The extractor here is a heuristic behind a small interface (tuned on ECB+
// before the tagger existed, and cheaper than tagging); the entity stage
// (entity/entity.h, with tag/tagger.h) could replace it without touching the
// clusterer: implement EntityExtractor and pass it to Clusterer::Create
// (cluster/cluster.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"
#include "clean/cleaner.h"
#include "text/segment.h"

namespace crosscheck {

enum class EntityKind : uint8_t {
  kName,   // a name of unknown type (person, organisation, place, ...)
  kPlace,  // a name used as the place of something ("in Springfield", a dateline)
  kSide,   // a party of a conflict from data/lexicon/sides.tsv ("Afghan" -> Afghanistan)
};

struct EntityMention {
  Span span;        // the mention's bytes in the document text
  std::string key;  // what mentions are matched by: lower-cased words joined by one
                    // space ("betty ford center"); for kSide the side's name, lower-cased
  EntityKind kind = EntityKind::kName;
};

// Finds the entities of one document. Implementations must be safe to call
// from several threads at once on different documents (Extract is const).
class EntityExtractor {
 public:
  virtual ~EntityExtractor() = default;
  // Mentions in text order. `clean` and `segmented` come from Clean() and
  // Segment() of the same document; spans index `text`.
  virtual std::vector<EntityMention> Extract(std::string_view text, const CleanDocument& clean,
                                             const SegmentedText& segmented) const = 0;
};

// The default extractor, with no model:
//  - names: runs of capitalised words, split at stopwords and month/weekday
//    names (data/lexicon/stopwords.tsv, calendar.tsv) and joined across a
//    connector or an unspaced hyphen when a capitalised word follows ("Gulf of
//    Aden", "Champs-Elysees"; data/lexicon/name_connectors.tsv). A run that
//    opens a sentence counts only when it has two or more words ("Lindsay
//    Lohan checked in", not "Police said"), and loses its first word when the
//    document also writes that word in lower case ("Even Amy Winehouse").
//    Title Case and ALL CAPS lines are skipped: every word there is capitalised.
//  - places: names after a place cue (data/lexicon/place_cues.tsv: "in", "near",
//    optionally followed by "the"), names after a place and a comma ("in
//    Springfield, Illinois"), and an ALL CAPS dateline opening the body
//    ("KABUL —", "LOS ANGELES (AP)").
//  - sides: words and phrases of data/lexicon/sides.tsv, in any case.
std::unique_ptr<EntityExtractor> NewHeuristicEntityExtractor();

}  // namespace crosscheck
