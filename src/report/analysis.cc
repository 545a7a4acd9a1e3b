#include "report/analysis.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <numeric>
#include <optional>
#include <thread>
#include <unordered_map>

#include "entity/attach.h"
#include "link/index.h"
#include "text/segment.h"

namespace crosscheck {

std::vector<size_t> Lineages(size_t documents, const std::vector<Link>& links) {
  std::vector<size_t> parent(documents);
  std::iota(parent.begin(), parent.end(), size_t{0});
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const Link& l : links) {
    size_t x = find(l.a), y = find(l.b);
    if (x != y) parent[std::max(x, y)] = std::min(x, y);  // the root stays the smallest index
  }
  for (size_t i = 0; i < documents; ++i) parent[i] = find(i);
  return parent;
}

namespace {

// Links over all documents (ARCHITECTURE.md says why not within stories),
// streamed: each document is sketched and aligned with its candidates as it
// arrives, while the earlier documents' segmentations are in memory. Each
// copy is aligned once: an exact copy with the first document with the same
// words, a near-duplicate with its closest earlier copy; the first stands for
// all of them, so a story syndicated 200 times is 199 alignments, not 199 x 32.
class Linker {
 public:
  // The vectors must outlive the Linker; segmented[i] must be set before Add(i).
  Linker(const std::vector<Document>& docs, const std::vector<SegmentedText>& segmented, const LinkOptions& options)
      : docs_(docs), segmented_(segmented), options_(options), index_(options), canonical_(docs.size()) {}

  // Document i, the next one (i == number of documents added so far).
  void Add(size_t i) {
    DocumentSketch sketch = SketchDocument(docs_[i].text, segmented_[i], options_);
    std::vector<Candidate> candidates = index_.Add(sketch);
    canonical_[i] = i;
    if (sketch.content_hash != 0) canonical_[i] = first_copy_.emplace(sketch.content_hash, i).first->second;
    if (canonical_[i] != i) {
      Align(canonical_[i], i);
      return;
    }
    // Candidates come best first. When the best turns out not to be a
    // near-duplicate after all, every candidate is aligned.
    size_t tried = docs_.size();  // none
    if (!candidates.empty() && candidates[0].jaccard >= options_.near_duplicate_jaccard) {
      tried = canonical_[candidates[0].a];
      std::string kind = Align(tried, i);
      if (kind == "near-duplicate" || kind == "duplicate") return;
    }
    std::vector<size_t> partners;
    for (const Candidate& c : candidates) {
      if (canonical_[c.a] != tried) partners.push_back(canonical_[c.a]);
    }
    std::sort(partners.begin(), partners.end());
    partners.erase(std::unique(partners.begin(), partners.end()), partners.end());
    for (size_t p : partners) Align(p, i);
  }

  // The links found, ordered by (a, b).
  std::vector<Link> Finish() {
    std::sort(links_.begin(), links_.end(),
              [](const Link& x, const Link& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
    return std::move(links_);
  }

 private:
  LinkText Text(size_t i) const { return {docs_[i].text, &segmented_[i], docs_[i].published}; }
  // Aligns x with y (x < y); the link's kind, or "" when there is none.
  std::string Align(size_t x, size_t y) {
    std::optional<Link> l = LinkPair(x, Text(x), y, Text(y), options_);
    if (!l) return "";
    links_.push_back(std::move(*l));
    return links_.back().kind;
  }

  const std::vector<Document>& docs_;
  const std::vector<SegmentedText>& segmented_;
  const LinkOptions& options_;
  LinkIndex index_;
  std::unordered_map<uint64_t, size_t> first_copy_;  // content hash -> first document with it
  std::vector<size_t> canonical_;                    // per document: its first exact copy (itself if none)
  std::vector<Link> links_;
};

// What pass 2 finds in one document, before ids are given in document order.
struct Findings {
  std::vector<Claim> claims;
  std::vector<Quote> quotes;
  FoundMentions mentions;
};

// Runs work(i) for every i in [0, n) on `threads` threads (at least one),
// the caller's among them, each taking the next document. `done(k)` is
// called on the caller's thread only, with k documents finished, ending
// with k = n. Thread-local caches (the tagger's) live as long as the call.
void ForEachDocument(size_t n, size_t threads, const std::function<void(size_t)>& work,
                     const std::function<void(size_t)>& done) {
  threads = std::max<size_t>(1, std::min(threads, n));
  std::atomic<size_t> next{0}, finished{0};
  auto run = [&](bool caller) {
    for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) {
      work(i);
      const size_t k = finished.fetch_add(1) + 1;
      if (caller && k < n) done(k);
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(run, false);
  run(true);
  for (std::thread& t : pool) t.join();
  if (n > 0) done(n);
}

}  // namespace

Analysis Analyze(std::vector<Document> documents, const AnalyzeOptions& options) {
  Analysis a;
  a.documents = std::move(documents);
  const size_t n = a.documents.size();
  std::vector<SegmentedText> segmented(n);
  std::vector<People> people(n);
  a.cleaned.reserve(n);
  ReconcileOptions reconcile = options.reconcile;
  std::optional<Clusterer> clusterer;
  if (reconcile.group == "auto") {
    Result<Clusterer> c = Clusterer::Create(options.cluster);
    if (c.ok()) {
      clusterer.emplace(std::move(c.value()));
    } else {
      a.warnings.push_back("story clustering unavailable (" + c.status().message() +
                           "); every report is put in one story");
      reconcile.group = "all";
    }
  }
  Linker linker(a.documents, segmented, options.link);
  // Pass 1: clean, segment and find the people of every document, so that a
  // person described in one report ("Pakistan's Prime Minister Shehbaz
  // Sharif") is known in another that only names him.
  // A small counting pass first: which lines recur across pages of one
  // outlet (navigation, newsletter boxes, footers) needs the whole batch.
  const OutletBoilerplate learned = OutletBoilerplate::Learn(a.documents, options.boilerplate);
  CleanOptions clean_options;
  clean_options.learned = &learned;
  for (size_t i = 0; i < n; ++i) {
    a.cleaned.push_back(Clean(a.documents[i], clean_options));
    segmented[i] = Segment(a.documents[i].text, a.cleaned[i]);
    people[i] = People::Find(a.documents[i].text, segmented[i]);
    a.people.Merge(people[i]);
    if (options.progress) options.progress(i + 1, 2 * n);
  }
  // Pass 2: two jobs that only read pass 1's results. The cross-document
  // stages (stories, links) are incremental, so they take the documents in
  // order on one thread; extraction (claims, quotations, entity mentions)
  // takes one document per task. With more than one thread they run at the
  // same time, the cross-document stages on a thread of their own; results
  // are numbered in document order afterwards, so the analysis is the same
  // whatever the number of threads. Progress counts both jobs, half each.
  const size_t threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  std::atomic<size_t> compared{0}, extracted{0};
  auto report = [&] {
    const size_t half = (compared.load() + extracted.load()) / 2;
    if (options.progress && half < n) options.progress(n + half, 2 * n);
  };
  auto compare = [&](bool on_caller) {
    for (size_t i = 0; i < n; ++i) {
      if (clusterer) clusterer->Add(a.documents[i], a.cleaned[i], segmented[i]);
      linker.Add(i);
      compared.fetch_add(1);
      if (on_caller) report();
    }
  };
  std::thread comparing;
  if (threads > 1 && n > 1) comparing = std::thread(compare, false);
  else compare(true);
  // Entities are found in this pass, not in pass 1, because role nouns ("the
  // spokesman") need the document's people filled from the corpus. The
  // compiled-in model only fails to load in a build without one; then there
  // are no entities.
  Result<const Tagger*> tagger = Tagger::Default();
  std::optional<EntityFinder> entities;
  if (tagger.ok()) entities.emplace(*tagger.value());
  std::vector<Findings> found(n);
  ForEachDocument(n, comparing.joinable() ? threads - 1 : threads, [&](size_t i) {
    people[i].FillFrom(a.people);  // a.people is only read in this pass
    if (entities) found[i].mentions = entities->Find(a.documents[i], segmented[i], people[i]);
    // Surnames in headlines may name people of other reports: claims and
    // quotations look names up in the document's people, then the corpus's,
    // in place (a per-report copy of the corpus would cost reports x people).
    people[i].LookUpAlsoIn(&a.people);
    found[i].claims = ExtractClaims(a.documents[i], segmented[i], people[i], options.counts_model);
    found[i].quotes = FindQuotes(a.documents[i], segmented[i], people[i]);
    people[i] = {};  // not read again
  }, [&](size_t done) {
    extracted.store(done);
    report();
  });
  if (comparing.joinable()) comparing.join();
  if (options.progress && n > 0) options.progress(2 * n, 2 * n);
  segmented = {};  // the links needed every earlier document's tokens until now
  if (clusterer) reconcile.story_of = clusterer->assignments();
  a.links = linker.Finish();
  a.lineage = Lineages(n, a.links);
  reconcile.lineage = a.lineage;
  for (size_t i = 0; i < n; ++i) {
    for (Claim& c : found[i].claims) {
      c.id = "c" + std::to_string(a.claims.size() + 1);
      a.claims.push_back(std::move(c));
    }
    for (Quote& q : found[i].quotes) {
      q.id = "q" + std::to_string(a.quotes.size() + 1);
      a.quotes.push_back(std::move(q));
    }
    if (entities) entities->Add(std::move(found[i].mentions));
    found[i] = {};
  }
  if (entities) {
    a.entities = entities->Resolve();
    AttachEntities(EntityIndex(a.entities), a.claims, a.quotes);
    entities.reset();  // the per-document mentions: not needed by reconcile
  }
  a.quote_groups = GroupQuotes(a.quotes, a.documents);
  a.stories = Reconcile(a.documents, a.claims, reconcile);
  return a;
}

}  // namespace crosscheck
