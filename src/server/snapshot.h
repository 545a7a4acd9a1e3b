// Snapshot: one Analysis as the server reads it, with the look-ups its pages
// need (ids to indices, each document's claims, quotations, mentions and
// links, each story's summary), built once per version so that a request
// costs what its page shows, never what the corpus holds.
//
// SnapshotSource: where snapshots come from. The server asks Current() on
// every request and reads the snapshot it gets for the whole request; a
// source swaps in a new snapshot when its data changes, and a request still
// holding the old one keeps it alive (shared_ptr). Writers never block
// readers: a source builds the next snapshot aside and swaps a pointer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/status.h"
#include "report/analysis.h"

namespace crosscheck {

// What the story list shows of a story, and sorts by.
struct StorySummary {
  size_t story = 0;          // index into Analysis::stories
  std::string headline;      // first report's headline, title or opening words
  std::string newest;        // latest Document::published among its reports; empty when none has one
  size_t reports = 0;        // documents in the story
  size_t conflicts = 0;      // slots whose status is "conflict"
  size_t slots = 0;
};

struct Snapshot {
  std::shared_ptr<const Analysis> analysis;  // never null
  int64_t version = 0;                        // the source's data version it was built from

  std::unordered_map<std::string, size_t> doc_index;     // Document::id -> index
  std::unordered_map<std::string, size_t> story_index;   // Story::id -> index
  std::unordered_map<std::string, size_t> claim_index;   // Claim::id -> index
  std::unordered_map<std::string, size_t> entity_index;  // Entity::id -> index
  std::unordered_map<std::string, size_t> quote_index;   // Quote::id -> index

  // Per document (parallel to analysis->documents).
  std::vector<size_t> story_of_doc;                        // index of its story; SIZE_MAX when none
  std::vector<std::vector<size_t>> claims_of_doc;          // indices into claims, text order
  std::vector<std::vector<size_t>> quotes_of_doc;          // indices into quotes
  std::vector<std::vector<std::pair<size_t, size_t>>> mentions_of_doc;  // (entity, mention)
  std::vector<std::vector<size_t>> links_of_doc;           // indices into links (as a or b)
  std::vector<size_t> group_of_quote;                      // parallel to quotes; SIZE_MAX when none

  // Per story (parallel to analysis->stories).
  std::vector<StorySummary> summaries;
  std::vector<std::vector<size_t>> quote_groups_of_story;  // groups carried by any of its reports

  // Story indices in the three orders of the story list.
  std::vector<size_t> by_conflicts;  // open conflicts first, then most reports, then newest
  std::vector<size_t> by_reports;    // most reports first, then newest
  std::vector<size_t> by_newest;     // newest first (undated last), then most reports

  const Document& doc(size_t i) const { return analysis->documents[i]; }
  // Index of the document, story, claim or entity with that id, or SIZE_MAX.
  size_t FindDoc(std::string_view id) const;
  size_t FindStory(std::string_view id) const;
  size_t FindClaim(std::string_view id) const;
  size_t FindEntity(std::string_view id) const;
};

// Builds the look-ups over `analysis`. Linear in its size (hash tables and
// sorts of the stories). REQUIRES: analysis non-null.
std::shared_ptr<const Snapshot> BuildSnapshot(std::shared_ptr<const Analysis> analysis, int64_t version);

// One document that matches a search, best first.
struct FoundDocument {
  std::string doc;      // Document::id
  std::string snippet;  // plain text around the match (never markup)
};

class SnapshotSource {
 public:
  virtual ~SnapshotSource() = default;
  // The newest snapshot. Thread-safe, never null, and never waits for a
  // writer: a change becomes visible once its snapshot is built.
  virtual std::shared_ptr<const Snapshot> Current() = 0;
  // Documents matching `query`, at most `limit`. Thread-safe.
  virtual Result<std::vector<FoundDocument>> Search(std::string_view query, size_t limit) = 0;
};

// A fixed Analysis (tests, and `serve` over files read at start). Search is
// a case-insensitive scan of every document's text for the query's words
// (all of them), ranked by how often they occur: linear in the corpus, which
// the store's FTS5 index avoids.
class StaticSource : public SnapshotSource {
 public:
  explicit StaticSource(Analysis analysis);
  std::shared_ptr<const Snapshot> Current() override { return snapshot_; }
  Result<std::vector<FoundDocument>> Search(std::string_view query, size_t limit) override;

 private:
  std::shared_ptr<const Snapshot> snapshot_;
};

// Plain-text excerpt of `text` around byte `at`: about `width` bytes, cut at
// spaces and at UTF-8 character boundaries, "…" where it was cut.
std::string Excerpt(std::string_view text, size_t at, size_t width = 160);

}  // namespace crosscheck
