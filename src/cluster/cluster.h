// Cluster: groups news reports into stories, one report at a time.
//
//   Result<Clusterer> c = Clusterer::Create();
//   if (!c.ok()) return c.status();
//   for (const Document& doc : docs) {
//     CleanDocument clean = Clean(doc);
//     StoryId story = c.value().Add(doc, clean, Segment(doc.text, clean));
//   }
//
// A report joins the most similar existing story when the similarity reaches
// ClusterOptions::threshold, else it opens a new story. Similarity is a
// weighted sum of TF-IDF cosines between the report and the story's centroid
// over stemmed terms, entities and time expressions, less penalties when the
// two name different places only, different main actors only, or date the
// event weeks or a year apart: two shootings in two towns on one day are two
// stories; two earthquakes in different years are two. Candidates come from
// an inverted index over each report's entities and rarest terms, reading only
// the most recent stories of each posting list, so the cost of Add does not
// grow with the number of stories. Memory: one centroid per story (bounded by
// max_story_features), the posting lists, and the vocabulary.
//
// The result depends on the order of arrival (stories are never merged or
// split afterwards); ClusterDocuments is exactly Add in the given order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "clean/cleaner.h"
#include "cluster/entities.h"
#include "ingest/reader.h"
#include "text/segment.h"

namespace crosscheck {

struct DocumentFeatures;  // cluster/features.h

// Stories are numbered 0, 1, 2, ... in the order they were opened.
using StoryId = size_t;

// The threshold, the weights and the actor penalty were chosen by grid search
// on the odd-numbered ECB+ topics (tools/ecb_eval.py; the even topics held
// out); the limits do not change the ECB+ result between 8 and 64 candidates.
struct ClusterOptions {
  // Default 0.32: join the best story at or above this similarity, in [0, 1].
  double threshold = 0.32;
  // Weights of the three cosines with a story's centroid (need not sum to 1).
  double term_weight = 0.55;    // Default: stemmed words and figures
  double entity_weight = 0.45;  // Default: names, places, sides
  double time_weight = 0.20;    // Default: years, dates, weekdays
  // Subtracted when both name places and neither names any place of the other
  // ("in Springfield" vs "in Riverton"). Default 0.15.
  double place_penalty = 0.15;
  // Subtracted when none of the report's `actors` most-named entities is known
  // to the story and none of the story's is named by the report (another
  // person's death, another team's signing). Default 0.15, 2 actors.
  double actor_penalty = 0.15;
  size_t actors = 2;
  // Subtracted when the report's event date (publication date, else a date
  // line) lies more than max_date_gap_days outside the story's dates: follow-up
  // reports come days or weeks later. Default 0.2 beyond 30 days.
  double date_penalty = 0.2;
  int max_date_gap_days = 30;
  // Instead, beyond far_date_gap_days: another year is another event (two
  // earthquakes in one region). Default 1.0 beyond 365 days: a near veto.
  double far_date_penalty = 1.0;
  int far_date_gap_days = 365;
  // A headline word counts this many times. Default 2.
  double headline_boost = 2.0;
  // Limits that keep Add's cost flat as stories accumulate:
  size_t index_terms = 20;            // Default: rarest terms per report put in the index
  size_t max_postings_read = 256;     // Default: most recent stories read per indexed feature
  size_t max_candidates = 16;         // Default: stories scored in full per report
  size_t max_story_features = 2000;   // Default: centroid features kept per story and space
  size_t max_report_features = 256;   // Default: heaviest features kept per report and space
};

// Why the last report went where it did.
struct ClusterDecision {
  StoryId story = 0;      // the story it joined or opened
  bool opened = false;    // true when no candidate reached the threshold
  size_t candidates = 0;  // stories scored in full
  double best_similarity = 0;  // of the most similar candidate; 0 when there was none
};

// Work done by Clusterer::Add on the calling thread since it started, for
// tests that check the cost of a report does not grow with the corpus.
struct ClusterWork {
  uint64_t postings_read = 0;           // story postings read to find candidates
  uint64_t centroid_features_read = 0;  // centroid features read to refresh norms
};

class Clusterer {
 public:
  // `entities` finds names and places; null means NewHeuristicEntityExtractor().
  // Fails on options out of range or when libstemmer lacks English.
  static Result<Clusterer> Create(const ClusterOptions& options = {},
                                  std::unique_ptr<EntityExtractor> entities = nullptr);
  Clusterer(Clusterer&&) noexcept;
  Clusterer& operator=(Clusterer&&) noexcept;
  ~Clusterer();

  // Assigns one report to a story and returns its id. `clean` and `segmented`
  // are Clean() and Segment() of `doc`; nothing of the three is kept after the
  // call. Not thread-safe: call from one thread at a time.
  StoryId Add(const Document& doc, const CleanDocument& clean, const SegmentedText& segmented);

  // Add in two steps, for a store that replays the clusterer later without
  // cleaning or segmenting the report again: Features() is the report as Add
  // compares it (ExtractFeatures with this clusterer's entity extractor and
  // stemmer); Add(Features(doc, clean, segmented)) is exactly Add(doc, clean,
  // segmented). Features() of a report may be kept and passed to the Add of
  // another Clusterer with the same options. Not thread-safe.
  DocumentFeatures Features(const Document& doc, const CleanDocument& clean, const SegmentedText& segmented);
  StoryId Add(const DocumentFeatures& features);

  // The whole state (vocabulary and document frequencies, stories with
  // their centroids and cached norms, posting lists, assignments) as bytes,
  // for a store that resumes the clusterer in a later process without
  // replaying every report: after c.Restore(Save()), c clusters every later
  // report exactly as this clusterer would (nothing in it depends on a hash
  // table's order). A few KB per story; not thread-safe.
  std::string Save() const;
  // Replaces this clusterer's state with one Save() gave. Fails, leaving the
  // clusterer as it was, when the bytes are damaged, come from another
  // format or were saved with other ClusterOptions.
  [[nodiscard]] Status Restore(std::string_view bytes);

  // The work of every Add on this thread so far (all Clusterers).
  static ClusterWork work();

  size_t story_count() const;
  size_t document_count() const;
  // The story of every report added so far, in order of arrival.
  const std::vector<StoryId>& assignments() const;
  // REQUIRES: document_count() > 0.
  const ClusterDecision& last_decision() const;

 private:
  struct Impl;
  explicit Clusterer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Batch helper: cleans and segments every document and Adds them in order.
// Element i is the story of documents[i].
Result<std::vector<StoryId>> ClusterDocuments(const std::vector<Document>& documents,
                                              const ClusterOptions& options = {});

}  // namespace crosscheck
