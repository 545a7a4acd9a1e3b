// Engine: the pipeline as a long-lived object that takes reports as they
// come. Analyze() is one Engine, one Add of every document, and Finish().
//
//   Engine engine(options);
//   engine.Add(first_reports);
//   engine.Add(later_reports);            // may re-read some earlier reports
//   Analysis a = engine.Snapshot();       // == Analyze(first + later)
//
// What a later report teaches may change what was read from an earlier one:
//   - people: a report's claims, quotations and entity mentions use the
//     corpus's people (a full name, a role, a side named only elsewhere).
//     Each document records the questions it put to the corpus
//     (DocumentResults::asked: names and surnames looked up, hits and
//     misses); Add merges the new reports' people first, collects the names
//     and surnames whose answer changed, and re-reads exactly the earlier
//     documents that asked about one of them (reread()). The rest keep their
//     results: the corpus gives them the answers it gave before.
//   - stories and links are incremental by design (Clusterer::Add, LinkIndex:
//     a report is compared with the earlier ones when it arrives, never
//     moved later), so adding in batches gives what one batch gives; a link
//     to an earlier report needs its tokens: the engine keeps the most
//     recently linked reports' segmentations between Adds (256 MB) and
//     segments the others again.
//   - entities, quotation groups, lineages and reconcile (stories' slots,
//     values, revisions) are corpus-wide finishing steps, run by Snapshot()
//     over the per-document results: cheap beside reading the reports.
// So Snapshot() after any sequence of Adds equals Analyze() of all the
// documents in the same order (tests/engine_test.cc compares the JSON).
//
// Persistence (src/store): documents(), results(i), links(), story_of()
// and each report's ReplayState are what the store keeps; Resume() rebuilds
// an engine from them without reading any report again: the clusterer is
// restored from its saved state (ClustererState) and replayed from the
// stored features for the reports that state lacks, the link index
// replayed from the stored sketches, and a
// report is cleaned and segmented again only when it has no ReplayState (a
// store written before they were kept), or a new report links to it and
// its tokens are neither kept by the engine nor given by a TokenSource.
//
// Not thread-safe: one call at a time. Add uses options.threads internally.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "cluster/features.h"
#include "link/index.h"
#include "report/analysis.h"

namespace crosscheck {

class Engine;
namespace engine_internal {
// For tests: about how many bytes of tokens (estimated before reading:
// TokenRoom of a report's whole text times sizeof(Token), text/segment.h)
// each Learn keeps as they are for the Adds that bring its reports, the
// first reports first; the Adds decode the others' tokens, which Learn keeps
// encoded. The results are the same under any budget. Takes effect at the
// next Learn; not thread-safe with the engine.
void SetPreviewTokenBudget(Engine& engine, size_t bytes);
// For tests: how many reports Learn announced still have their tokens kept
// as they are (not yet taken by an Add).
size_t PreviewsWithTokens(const Engine& engine);
}  // namespace engine_internal

// What the engine read from one document, before ids are given.
struct DocumentResults {
  std::vector<Claim> claims;  // ids empty: numbered by Snapshot in document order
  std::vector<Quote> quotes;  // ids empty
  FoundMentions mentions;
  // The document's people as People::Find found them (no mentions), merged
  // into the corpus in document order.
  std::vector<Person> people;
  // Questions put to the corpus's people: "n" + full name, "s" + surname;
  // sorted, distinct.
  std::vector<std::string> asked;
};

// What Resume needs of one report so that it neither cleans nor segments
// it again: how it was cleaned, its link sketch (link/index.h) and its
// story features (Clusterer::Features; empty when stories are not
// clustered). A few KB per report; the store encodes it (store/records.h;
// the tokens come encoded) and keeps the features only where its saved
// clusterer state lacks them.
struct ReplayState {
  CleanDocument cleaned;
  DocumentSketch sketch;
  DocumentFeatures features;
  // Its segmentation, encoded (EncodeTokens, text/token_codec.h), for
  // linking later reports to it (Engine::TokenSource). Add and Resume fill
  // it for the reports they segment; a ReplaySource need not (Resume does
  // not read it).
  std::string tokens;
  // Its entity tags (EntityTags, entity/entity.h), for reading it again
  // without the tagger (Engine::TagSource). Add fills it; Resume does not
  // read it.
  EntityTags tags;
  // False when a ReplaySource asked for the features had none (a store
  // leaves them out where its saved clusterer state holds them): Resume
  // segments the report again and makes them.
  bool has_features = true;
};

class Engine {
 public:
  // Story clustering that cannot start (no English stemmer) leaves a warning
  // in the snapshots and puts every report in one story, as Analyze does.
  explicit Engine(const AnalyzeOptions& options = {});
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;

  // Adds the next reports, in order, and re-reads the earlier ones whose
  // people changed. `progress` (else options.progress) is called with
  // (done, total) for this call's work, on the calling thread.
  // REQUIRES: ids distinct from each other and the earlier reports'
  // (reconcile and entities find a claim's report by its id; ReadInputs and
  // Store::Add number repeats: ingest/reader.h, UniqueId).
  void Add(std::vector<Document> documents, const std::function<void(size_t, size_t)>& progress = nullptr);

  // The Analysis of every document added so far (copies the results).
  Analysis Snapshot() const;
  // The same, moving the results out: the engine is empty afterwards.
  Analysis Finish() &&;
  // Finish without what only a report prints: the stories (slots, values,
  // revisions), entities, documents, claims and links, but no people,
  // quotations or quotation groups (a store's summary tables need no more);
  // each entity's mentions are only its first and those in the documents
  // of claims attached by their mentions (EntityFinder::Resolve(wanted),
  // AttachReadsMentions), its mention_count all of them.
  // `rebuild(stories, k)`, when given, says whether story k is built
  // (StoryReconciler::Build, reconcile/reconcile.h); a story it declines
  // holds only its id and documents. It is called for k = 0, 1, ... in
  // order, with the claims entities were attached to. Null: every story.
  // An engine resumed without the texts (Resume's `texts`) asks for those
  // of the stories it builds; the analysis holds the texts it has.
  using StoryFilter = std::function<bool(const StoryReconciler&, size_t)>;
  Analysis FinishStories(const StoryFilter& rebuild = nullptr) &&;

  size_t size() const;
  // Document i; its text is empty when it was resumed without it (Resume's
  // `texts`) and no step has asked for it since.
  const Document& document(size_t i) const;
  const DocumentResults& results(size_t i) const;
  // Every link found so far, in the order found (Snapshot sorts them).
  const std::vector<Link>& links() const;
  // The story of each document (0, 1, ...: the clusterer's order); empty
  // unless reconcile.group is "auto" and the clusterer started.
  const std::vector<size_t>& story_of() const;
  // Documents whose results the last Add wrote: the new ones and the re-read
  // earlier ones, ascending.
  const std::vector<size_t>& changed() const;
  // Earlier documents the last Add re-read.
  size_t reread() const;
  // Earlier documents the last Add re-read and had to tag again (their
  // entity tags neither kept nor given by the TagSource, or not fitting
  // their tokens), ascending; entity_tags(i) gives the new tags, for a store
  // to keep. Empty unless replays are kept (KeepReplays).
  const std::vector<size_t>& retagged() const;
  // Document i's entity tags as this engine has them (empty when it has
  // none: replays not kept, or a stored report not re-read).
  const EntityTags& entity_tags(size_t i) const;
  // What cleaning kept and removed of document i.
  const CleanDocument& cleaned(size_t i) const;

  // Boilerplate learned per outlet (clean/cleaner.h, OutletBoilerplate):
  // Add counts its documents' lines before it cleans any of them, so one
  // Add of a crawl learns from the whole crawl. Learn(upcoming) counts
  // documents that the next Adds will bring (the same ones, in order), so
  // that adding them in several batches cleans them as one Add would; it
  // also finds their people (cleaning and segmenting each here, on
  // options.threads, and keeping the cleaning and the tokens, encoded, for
  // those Adds, and the first reports' tokens, up to about 64 MB, as they
  // are too) and merges them into the corpus's, so that those Adds read
  // each of them once, as one Add would, instead of reading a batch's
  // reports again when a later batch's people change what they asked. An
  // earlier report is not cleaned again when later pages teach its outlet's
  // template. learned_from(i): how many documents (from the first) were
  // counted when document i was cleaned; Resume and Assemble take these.
  // Adds that bring more than was announced, or a second Learn, count more
  // pages: the announced reports are then cleaned and segmented again, but
  // keep the people Learn found and merged (found before the extra pages
  // were counted). `progress`, when given, is called with (done,
  // upcoming.size()) as their people are found, on the calling thread.
  void Learn(const std::vector<Document>& upcoming, const std::function<void(size_t, size_t)>& progress = nullptr);
  size_t learned_from(size_t i) const;

  // Replay states for a store. Off by default (Analyze keeps none). When on,
  // Add keeps the ReplayState of each new report, and Resume that of each
  // stored report it had to prepare again, until TakeReplays() hands them
  // over (ascending by document).
  void KeepReplays(bool on);
  std::vector<std::pair<size_t, ReplayState>> TakeReplays();

  // Where the segmentation of an earlier report comes from when a new one
  // is aligned with it and the engine has not kept it: `source(i, text)`
  // gives ReplayState::tokens as a store kept them, or nullopt (then the
  // report is segmented again). It must give exactly what Segment gives, and
  // is called on Add's calling thread or the thread that links, one call
  // at a time; an earlier report re-read by Add takes its tokens from it
  // too. Null: segment.
  using TokenSource = std::function<std::optional<SegmentedText>(size_t, std::string_view)>;
  void ReadTokensFrom(TokenSource source);

  // Where the entity tags of an earlier report come from when Add re-reads
  // it and the engine has not kept them: `source(i)` gives ReplayState::tags
  // as a store kept them, or an empty vector (then the report is tagged
  // again). Called on Add's calling thread. Used only while replays are
  // kept (KeepReplays): then an Add keeps its reports' tags for later Adds.
  using TagSource = std::function<EntityTags(size_t)>;
  void ReadTagsFrom(TagSource source);

  // The story clusterer's whole state (Clusterer::Save) after the reports
  // added so far; empty when stories are not clustered. Resume restores it
  // instead of replaying those reports through the clusterer.
  std::string ClustererState() const;
  // How many reports the clusterer state given to Resume held when it was
  // restored (0: none given, or one that did not restore or match); the
  // reports after them were replayed through the clusterer. 0 for an engine
  // that did not resume.
  size_t clusterer_restored() const;

  // An engine holding `documents` with their stored results and links, as
  // an engine that had read them would be (clusterer and link index
  // replayed). Fails when the results do not fit the documents. A caller
  // that finishes with FinishStories only may leave out what it does not
  // read: the results' quotations, and the links' passages and drift (of a
  // stored link it reads a and b: lineages); Snapshot and Finish need them.
  // `story_of` is the stored assignment, checked against the replay.
  // `replay(i, features)`, called once for each i = 0, 1, ... in order,
  // gives the stored ReplayState of document i, or nullopt when there is
  // none (then the report is cleaned, segmented and sketched again, and the
  // engine keeps replays: TakeReplays() gives those it made). Null: none
  // stored. `features` false: the clusterer state covers document i, its
  // story features are not needed and may be left empty; true and a state
  // with has_features false: the report is segmented again for them.
  // `clusterer_state`: ClustererState() of an engine that held the first m
  // of `documents` (m <= their number); the clusterer is restored from it
  // and only documents m, m + 1, ... are replayed through it. A state that
  // does not restore (damaged, other options) or does not match `story_of`
  // is ignored: every report is replayed. It is read before `replay` is
  // first called, so the caller may free it then.
  // `upcoming`: how many reports the caller will add next; the link index
  // is sized for them too (else the first one added doubles its arrays:
  // 0.25 GB more at 100,000 stored reports).
  // `texts`, when given, says that `documents` come without their texts
  // (each empty; a store's are 1.6 KB a report, 156 MB at 100,000): texts(i)
  // gives document i's. The engine asks as it needs one and keeps what it
  // got: every document in order as Resume counts the outlets' pages (those
  // it does not keep); a report Resume prepares again (no replay, or one
  // without the features it needs), one a new report is aligned with or
  // that is read again, and the documents of the stories FinishStories
  // rebuilds; Snapshot and Finish ask for all. Called on the calling thread
  // or the thread that links, one call at a time (as a TokenSource).
  using ReplaySource = std::function<std::optional<ReplayState>(size_t, bool features)>;
  using TextSource = std::function<std::string(size_t)>;
  static Result<Engine> Resume(const AnalyzeOptions& options, std::vector<Document> documents,
                               std::vector<DocumentResults> results, std::vector<Link> links,
                               const std::vector<size_t>& story_of, std::vector<size_t> learned_from,
                               const ReplaySource& replay = nullptr, std::string_view clusterer_state = {},
                               size_t upcoming = 0, TextSource texts = nullptr);

 private:
  friend void engine_internal::SetPreviewTokenBudget(Engine&, size_t);
  friend size_t engine_internal::PreviewsWithTokens(const Engine&);
  Analysis FinishWith(bool quotations, const StoryFilter* rebuild) &&;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The corpus-wide finishing steps alone, over stored per-document results:
// what Snapshot() gives for an engine holding them, without the clusterer or
// the link index (a report reads, never adds). `story_of` as story_of()
// (empty unless group "auto"); `learned_from` as learned_from(i) (empty or
// zeros: no boilerplate was learned); `warnings` are passed through.
Analysis Assemble(const AnalyzeOptions& options, std::vector<Document> documents,
                  std::vector<DocumentResults> results, std::vector<Link> links,
                  std::vector<size_t> story_of, std::vector<size_t> learned_from,
                  std::vector<std::string> warnings = {});

}  // namespace crosscheck
