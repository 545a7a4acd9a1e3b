// Store: the reports a desk has added, and everything crosscheck read from
// them, in one SQLite file (WAL journal, FTS5 search), so that reports can
// be added over hours and days and the analysis reported at any time.
//
//   Result<std::unique_ptr<Store>> s = Store::Open("desk.db", Store::Mode::kReadWrite);
//   if (!s.ok()) return s.status();
//   Result<AddResult> added = s.value()->Add(std::move(documents), options);
//   Result<Analysis> a = s.value()->Load();   // what `analyze` gives for all of them
//
// Adding reports in batches and then loading gives exactly the Analysis of
// one Analyze() of all of them in the order they were added (the JSON report
// is byte-identical): the engine (report/engine.h) keeps per-document
// results and re-reads an earlier report only when a later one changed what
// it depends on (a person's name or role), and the store keeps what the
// engine needs to continue in a later process (ARCHITECTURE.md, "Store").
//
// Schema: versioned with PRAGMA user_version (kSchemaVersion). Open refuses a
// file written by a newer crosscheck with a message saying so, and migrates
// an older one in a transaction. Tables are listed in README ("Store").
//
// Thread safety: a Store is one SQLite connection; use it from one thread at
// a time. Several processes may open one file: readers (kReadOnly) see the
// last committed state and never block the writer (WAL), a Load one commit
// throughout (one read transaction); a second writer waits up to 5 s for
// the first one's transaction, then fails.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"
#include "base/status.h"
#include "ingest/reader.h"
#include "report/analysis.h"

namespace crosscheck {

class Store;
namespace store_internal {
// For tests: `pause` runs inside each Load of `store`, after the reports are
// read and before their results, and inside each Search, after the reports'
// hits and before the claims' (null: none), so that a test can commit from
// another connection in the middle of either.
void SetReadPause(Store& store, std::function<void()> pause);
}  // namespace store_internal

// What one Add did.
struct AddResult {
  size_t added = 0;    // reports analysed and committed
  size_t skipped = 0;  // already stored (same URL, or same content hash of the text)
  // Ids of the skipped reports with the stored report they repeat:
  // "input-id = stored-id".
  std::vector<std::string> skipped_ids;
  // New reports whose id a stored report or an earlier one of this add has,
  // stored under UniqueId's (ingest/reader.h) as one input would number
  // them: "input-id -> stored-id". Adding in batches so gives the ids, and
  // the report, of one analyze of all the inputs.
  std::vector<std::string> renamed;
  // Earlier reports read again because a new one changed a person they
  // depend on (report/engine.h); 0 when nothing had to be re-read.
  size_t reread = 0;
  size_t stored = 0;  // reports in the store after the add
  // Stories built and written again: those whose documents, claims
  // (entities attached) or copy lineages changed; the others' rows are kept.
  size_t stories_rebuilt = 0;
};

// One full-text match. `field` is "text" (the report's text), "title" or
// "claim" (a claim's sentence). `span`: for "text", the first matched word
// in the report's original text; for "title", the same in the title; for
// "claim", the claim's sentence in the original text.
struct SearchHit {
  std::string doc;        // Document::id of the stored report
  size_t seq = 0;         // 0-based position in the order reports were added
  std::string field;      // text | title | claim
  std::string claim;      // claim id ("c12") for claim hits, else empty
  Span span;              // see above
  std::string snippet;    // a few words around the match, matches in [brackets]
  double rank = 0;        // FTS5 bm25: smaller is better
};

// When a stated figure first appeared and how a party revised it: one row
// per (story, slot, value) and per revision step, as of the last Add.
struct FigureEvent {
  std::string story;          // "s1"
  std::string type;           // killed, wounded, ...
  std::string side;           // subject side, empty when unknown
  std::string value;          // the figure as reported ("58", "at least 40")
  std::string status;         // the slot's status (conflict, revised, agree, ...)
  std::string first_doc;      // report in which this value first appeared (added order)
  size_t first_seq = 0;       // its position in the store
  std::string first_added;    // when that report was added (UTC, ISO 8601)
  std::string first_published;  // its Document::published, or empty
  // For a revision step: the party whose figure this is and the step's
  // position (0 = first figure); empty / 0 for a value row.
  std::string revised_by;
  size_t revision_step = 0;
  bool superseded = false;    // a later figure of the same party replaced it
};

class Store {
 public:
  enum class Mode {
    kReadWrite,  // creates the file or migrates an older schema
    kReadOnly,   // never writes (crosscheck serve): fails on a missing file or an older schema
  };
  // The schema written by this build. 1: the first; 2: pages and learned
  // boilerplate; 3: each report's replay state (report/engine.h), so that
  // an add resumes without cleaning or segmenting the stored reports; 4:
  // the story clusterer's saved state, so that it is not replayed; 5: what
  // each story was built from, so that an add rebuilds only the stories it
  // changes; 6: each report's tokens, so that linking a new report to a
  // stored one does not segment the stored one again; 7: entity rows keyed
  // by their first mention, raw sketch words; 8: each report's entity tags,
  // so that re-reading a stored report does not run the tagger again.
  static constexpr int kSchemaVersion = 8;

  // Opens (kReadWrite: creates) the store at `path`. Fails with a message
  // naming the file when it is not a crosscheck store, was written by a newer
  // crosscheck (schema version > kSchemaVersion), or cannot be opened.
  static Result<std::unique_ptr<Store>> Open(const std::string& path, Mode mode);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Analyses `documents` as the next reports of the stored corpus and commits
  // them; reports already stored (same URL, or same content hash of the
  // text), or repeated within `documents`, are skipped and counted. Commits
  // in batches of at most `commit_every` reports, each batch one transaction
  // with everything read from it, written on a second thread (and
  // connection, at a lower priority) while the next batches are read: a
  // crash loses at most the batches not yet committed (the one being read,
  // up to Writer::kQueued waiting and the one being written) and never
  // leaves half a report. A new store has 16 KB pages. `progress(done, total)` as in
  // AnalyzeOptions. REQUIRES: kReadWrite.
  Result<AddResult> Add(std::vector<Document> documents, const AnalyzeOptions& options,
                        size_t commit_every = 500);

  // What Analyze gives for every stored report in the order they were added.
  // The settings that change results (reconcile.group, rules or the counts
  // model) are those of the first Add, kept in the store; a later Add with
  // other settings is refused.
  Result<Analysis> Load() const;

  // Full-text search (FTS5 query syntax: words, "phrases", AND/OR/NOT,
  // prefix*) over stored reports' text, titles and claims' sentences; best
  // first, at most `limit` hits. A malformed query is an error, not a crash.
  Result<std::vector<SearchHit>> Search(std::string_view query, size_t limit) const;

  // Each figure's history (FigureEvent), for `story` ("s3") or all stories
  // when empty, in story, slot and first-appearance order.
  Result<std::vector<FigureEvent>> History(std::string_view story = {}) const;

  // Changes whenever any connection commits to the file (PRAGMA
  // data_version plus this connection's own commits): readers poll it to
  // refresh a cached Load().
  Result<int64_t> DataVersion() const;

  // Reports stored.
  Result<size_t> Count() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  friend void store_internal::SetReadPause(Store& store, std::function<void()> pause);
  std::unique_ptr<Impl> impl_;
};

}  // namespace crosscheck
