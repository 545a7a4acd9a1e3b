// What the clusterer compares one report by (internal to cluster/; declared
// here so tests can check each feature on its own).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/sorted_counts.h"
#include "base/status.h"
#include "cluster/entities.h"
#include "ingest/reader.h"
#include "text/segment.h"

namespace crosscheck {

// A calendar day; fields are 0 when unknown.
struct Date {
  int year = 0, month = 0, day = 0;
  bool complete() const { return year > 0 && month > 0 && day > 0; }
  friend bool operator==(const Date&, const Date&) = default;
};

// Days since 1970-01-01 of a complete date (proleptic Gregorian; DaysFromCivil
// of base/calendar.h). REQUIRES: d.complete(), month <= 12, day <= 31 (as
// every date the readers here make).
long DayNumber(const Date& d);

// "2013-05-03", "2013-05-03T10:00:00Z", ...: the leading ISO date, if any.
std::optional<Date> ParseIsoDate(std::string_view s);

// Feature keys with their (weighted) counts, in key order.
using FeatureCounts = SortedCounts<std::string, double>;

struct DocumentFeatures {
  // Stemmed words (stopwords out) and numbers other than years, with their
  // weighted counts: a headline word counts `headline_boost` times.
  FeatureCounts terms;
  // Entity keys (EntityMention::key) with their counts; places also go here.
  FeatureCounts entities;
  FeatureCounts places;  // keys of kPlace mentions
  // Time expressions as keys: "y:2013", "ym:2013-05", "md:05-03",
  // "ymd:2013-05-03", "wd:thursday".
  FeatureCounts times;
  // When the reported event happened, as far as the document says: its
  // publication date, else the first complete date of a date line ("May 03,
  // 2013", "posted Apr 24th, 2013 at 12:28 PM": a date with at most four other
  // words) or of a dateline in parentheses ("KABUL, Afghanistan (Jan. 25,
  // 2013) -") among the first `dateline_sentences` sentences, headline included.
  // A date inside a sentence ("was born on April 22, 1923") is not one.
  std::optional<Date> event_date;
};

struct FeatureOptions {
  double headline_boost = 2.0;   // Default: a headline word counts twice
  size_t dateline_sentences = 3; // Default: date lines in the first 3 sentences date the event
};

// Snowball English stemmer (libstemmer). Not thread-safe: one per thread.
class Stemmer {
 public:
  // Fails when libstemmer has no English algorithm (a broken installation).
  static Result<Stemmer> Create();
  Stemmer(Stemmer&&) noexcept;
  Stemmer& operator=(Stemmer&&) noexcept;
  ~Stemmer();
  // The stem of a lower-case UTF-8 word; the word itself if stemming fails.
  // Remembers the stems of the words seen since Forget emptied it; the
  // bytes returned stay valid until then.
  std::string_view Stem(std::string_view word);
  // Empties the remembered stems once they are 65,536 words, so memory stays
  // bounded: 65,536 words and one report's (ExtractFeatures calls it as it
  // begins a report).
  void Forget();

 private:
  struct Impl;
  explicit Stemmer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Features of one document. `clean` and `segmented` are Clean() and
// Segment() of `doc`.
DocumentFeatures ExtractFeatures(const Document& doc, const CleanDocument& clean,
                                 const SegmentedText& segmented, const EntityExtractor& entities,
                                 Stemmer& stemmer, const FeatureOptions& options = {});

}  // namespace crosscheck
