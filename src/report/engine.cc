#include "report/engine.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <functional>
#include <limits>
#include <list>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "entity/attach.h"
#include "link/index.h"
#include "text/segment.h"
#include "text/token_codec.h"

namespace crosscheck {

namespace {

constexpr size_t kNone = std::numeric_limits<size_t>::max();

// The texts of documents resumed without them (Engine::Resume's `texts`):
// which are still to be asked for, and where from.
struct LazyTexts {
  Engine::TextSource source;
  std::vector<uint8_t> absent;  // per document; empty when none is

  bool Absent(size_t i) const { return i < absent.size() && absent[i]; }
  // Puts document i's text in `doc` (document i) when it is absent.
  void Fill(Document& doc, size_t i) {
    if (!Absent(i)) return;
    doc.text = source(i);
    absent[i] = 0;
  }
};

// Links over all documents (ARCHITECTURE.md says why not within stories),
// streamed: each document is sketched and aligned with its candidates as it
// arrives. Each copy is aligned once: an exact copy with the first document
// with the same words, a near-duplicate with its closest earlier copy; the
// first stands for all of them, so a story syndicated 200 times is 199
// alignments, not 199 x 32. The segmentation of an earlier document comes
// from `segmentation` (the engine re-segments one whose tokens it dropped).
class Linker {
 public:
  using Segmentation = std::function<const SegmentedText&(size_t)>;
  // `docs` must outlive the Linker (it may grow between calls).
  Linker(const std::vector<Document>& docs, const LinkOptions& options)
      : docs_(docs), options_(options), index_(options), pairs_(options) {}

  // SketchDocument of document i (segmented as `seg`), which Add aligns next:
  // what it finds is kept for that.
  DocumentSketch Sketch(size_t i, const SegmentedText& seg) {
    return pairs_.Sketch(i, {docs_[i].text, &seg, docs_[i].published});
  }

  // Document i, the next one (i == number of documents added so far), with
  // its SketchDocument.
  void Add(size_t i, const DocumentSketch& sketch, const Segmentation& segmentation) {
    std::vector<Candidate> candidates = index_.Add(sketch);
    Canonical(i, sketch);
    if (canonical_[i] != i) {
      Align(canonical_[i], i, segmentation);
      return;
    }
    // Candidates come best first. When the best turns out not to be a
    // near-duplicate after all, every candidate is aligned.
    size_t tried = kNone;
    if (!candidates.empty() && candidates[0].jaccard >= options_.near_duplicate_jaccard) {
      tried = canonical_[candidates[0].a];
      std::string kind = Align(tried, i, segmentation);
      if (kind == "near-duplicate" || kind == "duplicate") return;
    }
    std::vector<size_t> partners;
    for (const Candidate& c : candidates) {
      if (canonical_[c.a] != tried) partners.push_back(canonical_[c.a]);
    }
    std::sort(partners.begin(), partners.end());
    partners.erase(std::unique(partners.begin(), partners.end()), partners.end());
    for (size_t p : partners) Align(p, i, segmentation);
  }

  // Puts document i in the index without aligning it (a resumed engine:
  // its links are known).
  void Index(size_t i, const DocumentSketch& sketch) {
    index_.Insert(sketch);
    Canonical(i, sketch);
  }
  void Reserve(size_t documents, size_t seeds) { index_.Reserve(documents, seeds); }

  std::vector<Link>& links() { return links_; }

 private:
  void Canonical(size_t i, const DocumentSketch& sketch) {
    canonical_.push_back(i);
    if (sketch.content_hash != 0) canonical_[i] = first_copy_.emplace(sketch.content_hash, i).first->second;
  }
  // Aligns x with y (x < y); the link's kind, or "" when there is none.
  // The segmentations come first: asking for an earlier report's fills its
  // text when the engine was resumed without it.
  std::string Align(size_t x, size_t y, const Segmentation& segmentation) {
    const SegmentedText& sx = segmentation(x);
    const SegmentedText& sy = segmentation(y);
    LinkText tx{docs_[x].text, &sx, docs_[x].published};
    LinkText ty{docs_[y].text, &sy, docs_[y].published};
    std::optional<Link> l = pairs_.Align(x, tx, y, ty);
    if (!l) return "";
    links_.push_back(std::move(*l));
    return links_.back().kind;
  }

  const std::vector<Document>& docs_;
  const LinkOptions& options_;
  LinkIndex index_;
  PairLinker pairs_;  // each document prepared once, not once per pair
  std::unordered_map<uint64_t, size_t> first_copy_;  // content hash -> first document with it
  std::vector<size_t> canonical_;                    // per document: its first exact copy (itself if none)
  std::vector<Link> links_;
};

// The threads an engine uses: options.threads, or one per core when 0.
size_t ThreadsOf(const AnalyzeOptions& options) {
  return options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
}

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

// Segmentations of earlier documents, kept across Adds: a report that new
// ones link to is segmented once per engine, not once per Add (a store adds
// in batches of 500, and each batch links to thousands of stored reports).
// The most recently used first, within `budget` bytes; the others are
// dropped and segmented again when needed.
class SegmentationCache {
 public:
  explicit SegmentationCache(size_t budget) : budget_(budget) {}

  // Document i's kept segmentation, or null.
  const SegmentedText* Find(size_t i) {
    auto it = where_.find(i);
    if (it == where_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);
    return &order_.front().second;
  }
  // Keeps `seg` as document i's (REQUIRES: none kept), dropping the least
  // recently used others beyond the budget. The reference stays valid until
  // the next Keep or Clear.
  const SegmentedText& Keep(size_t i, SegmentedText seg) {
    bytes_ += Bytes(seg);
    order_.emplace_front(i, std::move(seg));
    where_.emplace(i, order_.begin());
    while (bytes_ > budget_ && order_.size() > 1) {
      bytes_ -= Bytes(order_.back().second);
      where_.erase(order_.back().first);
      order_.pop_back();
    }
    return order_.front().second;
  }
  void Clear() {
    order_.clear();
    where_.clear();
    bytes_ = 0;
  }

 private:
  static size_t Bytes(const SegmentedText& s) {
    size_t bytes = s.tokens.capacity() * sizeof(Token) + s.sentences.capacity() * sizeof(Sentence);
    for (const Token& t : s.tokens) bytes += t.lower.heap_bytes();  // past ShortString::kInline
    return bytes;
  }
  size_t budget_;
  size_t bytes_ = 0;
  std::list<std::pair<size_t, SegmentedText>> order_;
  std::unordered_map<size_t, std::list<std::pair<size_t, SegmentedText>>::iterator> where_;
};

// Bytes of earlier reports' segmentations an engine keeps between Adds
// (about 45 KB per news report: some 5,000 reports).
constexpr size_t kKeptSegmentationBytes = size_t{256} << 20;
// Segmentations of re-read reports an Add takes from the kept ones or the
// token source at once (about 45 MB).
constexpr size_t kMaxTakenSegmentations = 1024;

// A person's facts as the corpus answers them; `found` false when it has none.
struct Answer {
  bool found = false;
  std::string name, role, affiliation, side;
  friend bool operator==(const Answer&, const Answer&) = default;
};

Answer AnswerOf(const Person* p) {
  if (!p) return {};
  return {true, p->name, p->role, p->affiliation, p->side};
}

// Merges one document's people into the corpus and adds to `changed` the
// questions ("n" + name, "s" + surname) the corpus now answers otherwise.
// Merge touches only the names the document has and the first person of
// their surnames, so asking those before and after sees every change.
void MergeNotingChanges(People& corpus, const People& doc, std::unordered_set<std::string>& changed) {
  std::vector<std::pair<std::string, Answer>> before;
  for (const Person& p : doc.all()) {
    before.emplace_back("n" + p.name, AnswerOf(corpus.ByName(p.name)));
    before.emplace_back("s" + p.surname, AnswerOf(corpus.BySurname(p.surname)));
  }
  corpus.Merge(doc);
  for (const auto& [key, answer] : before) {
    std::string_view what = std::string_view(key).substr(1);
    const Person* now = key[0] == 'n' ? corpus.ByName(what) : corpus.BySurname(what);
    if (!(AnswerOf(now) == answer)) changed.insert(key);
  }
}

// Claims, quotations and entity mentions of one document, with the corpus's
// people; `own` is People::Find of it. Thread-safe (corpus only read).
// `tags`, when given: the document's entity tags, kept or to be kept
// (EntityFinder::Find).
void Read(const Document& doc, const SegmentedText& seg, People own, const People& corpus,
          const EntityFinder* finder, const CountModel* counts, EntityTags* tags, DocumentResults& out) {
  out.asked.clear();
  for (const Person& p : own.all()) out.asked.push_back("n" + p.name);  // FillFrom's questions
  own.FillFrom(corpus);
  out.mentions = finder ? finder->Find(doc, seg, own, tags) : FoundMentions();
  // Surnames in headlines may name people of other reports: claims and
  // quotations look names up in the document's people, then the corpus's,
  // in place (a per-report copy of the corpus would cost reports x people).
  own.LookUpAlsoIn(&corpus, &out.asked);
  out.claims = ExtractClaims(doc, seg, own, counts);
  out.quotes = FindQuotes(doc, seg, own);
  std::sort(out.asked.begin(), out.asked.end());
  out.asked.erase(std::unique(out.asked.begin(), out.asked.end()), out.asked.end());
}

std::vector<Person> WithoutMentions(const People& people) {
  std::vector<Person> out = people.all();
  for (Person& p : out) p.mentions.clear();
  return out;
}

}  // namespace

struct Engine::Impl {
  AnalyzeOptions options;
  ReconcileOptions reconcile;  // group "all" when clustering could not start
  std::vector<std::string> warnings;
  std::optional<Clusterer> clusterer;
  std::optional<EntityFinder> finder;  // Find only (thread-safe); Snapshot resolves with its own
  std::vector<Document> docs;
  std::vector<CleanDocument> cleaned;
  // Boilerplate learned per outlet: the added documents are counted, then
  // `pending` more that Learn announced; per document, how many were counted
  // when it was cleaned.
  OutletBoilerplate boilerplate;
  size_t pending = 0;
  // The people of documents Learn announced, found and merged into `corpus`
  // ahead, in order, with the questions whose answers that merge changed
  // for the documents added before: the next Adds take them instead of
  // finding and merging them again, so that adding in batches reads each
  // report once, as one Add would, instead of reading a batch's reports
  // again when a later batch's people answer their questions otherwise.
  std::deque<People> previewed;
  std::unordered_set<std::string> previewed_touched;
  // And their cleaning and tokens (EncodeTokens, about 1.3 KB a report: the
  // tokens themselves would hold 40 bytes each for the whole input), which
  // the next Adds take instead of cleaning and segmenting them again when
  // the boilerplate counted for them is still what Learn cleaned them with.
  // The first reports' tokens are also kept as they are, within
  // kPreviewTokenBytes, so that their batch does not decode them (decoding
  // costs about 60% of segmenting): the batches take them first, so their
  // memory is free again long before the engine's own reaches its peak.
  // (They keep Segment's reserved room, as analyze's do; decoded tokens
  // have none.)
  static constexpr size_t kPreviewTokenBytes = size_t{64} << 20;
  size_t preview_token_bytes = kPreviewTokenBytes;  // engine_internal::SetPreviewTokenBudget
  struct Preview {
    CleanDocument cleaned;
    std::string tokens;
    std::optional<SegmentedText> segmented;
    size_t learned_from = 0;
  };
  std::deque<Preview> previews;
  std::vector<size_t> learned_from;
  LazyTexts texts;  // none absent unless resumed without them
  std::vector<DocumentResults> results;
  People corpus;
  std::unique_ptr<Linker> linker;
  std::vector<size_t> changed;
  size_t reread = 0;
  std::vector<size_t> retagged;  // see Engine::retagged
  bool keep_replays = false;
  size_t clusterer_restored = 0;  // Resume's; see Engine::clusterer_restored
  std::vector<std::pair<size_t, ReplayState>> replays;  // kept, not yet taken
  Engine::TokenSource tokens;  // earlier reports' stored segmentations; may be null
  // Per document, its entity tags when replays are kept (empty otherwise,
  // and for stored reports until a re-read asks `stored_tags`).
  std::vector<EntityTags> entity_tags;
  Engine::TagSource stored_tags;  // may be null
  SegmentationCache segmentations{kKeptSegmentationBytes};  // earlier documents' (Add's comparing thread)

  explicit Impl(const AnalyzeOptions& o) : options(o), reconcile(o.reconcile), boilerplate(o.boilerplate) {
    if (reconcile.group == "auto") {
      Result<Clusterer> c = Clusterer::Create(options.cluster);
      if (c.ok()) {
        clusterer.emplace(std::move(c.value()));
      } else {
        warnings.push_back("story clustering unavailable (" + c.status().message() +
                           "); every report is put in one story");
        reconcile.group = "all";
      }
    }
    // The compiled-in model only fails to load in a build without one; then
    // there are no entities.
    Result<const Tagger*> tagger = Tagger::Default();
    if (tagger.ok()) finder.emplace(*tagger.value());
    linker = std::make_unique<Linker>(docs, options.link);
  }

  void Add(std::vector<Document> documents, const std::function<void(size_t, size_t)>& progress);

  // Document i's text, asked for the first time it is needed.
  const std::string& TextOf(size_t i) {
    texts.Fill(docs[i], i);
    return docs[i].text;
  }
};

namespace {

// Counts docs[counted, limit) into `boilerplate` (limit capped at the
// number of documents): the table a document with learned_from == limit was
// cleaned with, when the documents are counted in order. A document whose
// text is absent is counted with the text asked for, which is not kept.
void CountPages(const std::vector<Document>& docs, size_t limit, OutletBoilerplate& boilerplate, size_t& counted,
                const LazyTexts& texts = {}) {
  for (limit = std::min(limit, docs.size()); counted < limit; ++counted) {
    if (texts.Absent(counted)) boilerplate.Add(docs[counted], texts.source(counted));
    else boilerplate.Add(docs[counted]);
  }
}

}  // namespace

void Engine::Impl::Add(std::vector<Document> documents, const std::function<void(size_t, size_t)>& progress) {
  const size_t first = docs.size(), n = documents.size();
  docs.reserve(first + n);
  for (Document& d : documents) docs.push_back(std::move(d));
  // Lines recurring on an outlet's pages are counted over this Add's
  // documents (or all that Learn announced) before any of them is cleaned.
  const size_t precounted = std::min(n, pending);
  pending -= precounted;
  for (size_t k = precounted; k < n; ++k) boilerplate.Add(docs[first + k]);
  learned_from.resize(first + n, docs.size() + pending);
  CleanOptions clean_options;
  clean_options.learned = &boilerplate;
  cleaned.reserve(first + n);
  results.resize(first + n);
  entity_tags.resize(first + n);
  std::vector<SegmentedText> segmented(n);
  std::vector<People> people(n);
  std::unordered_set<std::string> touched = std::move(previewed_touched);
  previewed_touched.clear();
  // Pass 1: clean, segment and find the people of every new document, so
  // that a person described in one report ("Pakistan's Prime Minister
  // Shehbaz Sharif") is known in another that only names him (those Learn
  // previewed are known already). Each document is read on its own, one per
  // task; the people are merged into the corpus afterwards, in document
  // order, so the corpus is the same whatever the number of threads.
  // A store keeps each new document's tokens encoded: Learn's as they are,
  // the others encoded as they are read.
  std::vector<std::string> encoded(keep_replays ? n : 0);
  std::vector<std::optional<Preview>> preview(n);
  std::vector<CleanDocument> clean(n);
  const size_t with_people = std::min(n, previewed.size());
  for (size_t k = 0; k < n && !previews.empty(); ++k) {
    preview[k] = std::move(previews.front());
    previews.pop_front();
    if (preview[k]->learned_from != learned_from[first + k]) preview[k].reset();  // more was counted since
  }
  ForEachDocument(n, ThreadsOf(options), [&](size_t k) {
    const size_t i = first + k;
    if (preview[k]) {
      bool ok = true;
      if (preview[k]->segmented) {
        segmented[k] = std::move(*preview[k]->segmented);
      } else {
        Result<SegmentedText> decoded = DecodeTokens(preview[k]->tokens, docs[i].text);
        ok = decoded.ok();
        if (ok) segmented[k] = std::move(decoded.value());
      }
      if (ok) {
        clean[k] = std::move(preview[k]->cleaned);
        if (keep_replays) encoded[k] = std::move(preview[k]->tokens);
      } else {
        preview[k].reset();
      }
    }
    if (!preview[k]) {
      clean[k] = Clean(docs[i], clean_options);
      segmented[k] = Segment(docs[i].text, clean[k]);
    }
    if (k >= with_people) people[k] = People::Find(docs[i].text, segmented[k]);
  }, [&](size_t done) {
    if (progress) progress(done, 2 * n);
  });
  for (size_t k = 0; k < n; ++k) {
    const size_t i = first + k;
    cleaned.push_back(std::move(clean[k]));
    if (k < with_people) {
      people[k] = std::move(previewed.front());
      previewed.pop_front();
    } else if (first > 0) {
      MergeNotingChanges(corpus, people[k], touched);
    } else {
      corpus.Merge(people[k]);
    }
    results[i].people = WithoutMentions(people[k]);
  }
  preview.clear();  // what is left of them: their tokens when no replays are kept
  // Earlier documents whose questions to the corpus now have other answers.
  std::vector<size_t> again;
  for (size_t j = 0; j < first && !touched.empty(); ++j) {
    for (const std::string& key : results[j].asked) {
      if (touched.count(key)) {
        again.push_back(j);
        break;
      }
    }
  }
  reread = again.size();
  changed = again;
  for (size_t k = 0; k < n; ++k) changed.push_back(first + k);
  // Pass 2: two jobs that only read pass 1's results. The cross-document
  // stages (stories, links) are incremental, so they take the documents in
  // order on one thread; reading (claims, quotations, entity mentions) takes
  // one document per task. With more than one thread they run at the same
  // time, the cross-document stages on a thread of their own; results are
  // kept per document and numbered in document order by Snapshot, so the
  // analysis is the same whatever the number of threads. Progress counts
  // both jobs, half each.
  const size_t total = 2 * n + again.size() / 2;
  const size_t threads = ThreadsOf(options);
  std::atomic<size_t> compared{0}, extracted{0};
  auto report = [&] {
    const size_t half = (compared.load() + extracted.load()) / 2;
    if (progress && n + half < total) progress(n + half, total);
  };
  // Earlier documents' tokens, from the cache or segmented again when a new
  // one links to them (only the comparing thread uses the cache).
  Linker::Segmentation segmentation = [&](size_t i) -> const SegmentedText& {
    if (i >= first) return segmented[i - first];
    TextOf(i);
    if (const SegmentedText* kept = segmentations.Find(i)) return *kept;
    std::optional<SegmentedText> stored = tokens ? tokens(i, docs[i].text) : std::nullopt;
    return segmentations.Keep(i, stored ? std::move(*stored) : Segment(docs[i].text, cleaned[i]));
  };
  // The re-read documents' tokens as kept or stored (exactly what Segment
  // gives, for a fraction of its cost), taken before the comparing thread
  // starts: afterwards only it may use the cache and the token source. At
  // most kMaxTakenSegmentations (about 45 KB each); the others are
  // segmented again.
  for (size_t j : again) TextOf(j);  // read on the reading threads
  std::vector<std::optional<SegmentedText>> again_tokens(std::min(again.size(), kMaxTakenSegmentations));
  for (size_t t = 0; t < again_tokens.size(); ++t) {
    const size_t j = again[t];
    if (const SegmentedText* kept = segmentations.Find(j)) again_tokens[t] = *kept;
    else if (tokens) again_tokens[t] = tokens(j, docs[j].text);
  }
  // Their entity tags, kept by this engine or the store: a re-read asks the
  // tagger nothing (its tags do not depend on the people that changed).
  // `given` keeps what each re-read starts with: it ends with other tags
  // only when it was tagged again (Engine::retagged).
  std::vector<EntityTags> given(keep_replays ? again.size() : 0);
  for (size_t t = 0; t < given.size(); ++t) {
    EntityTags& tags = entity_tags[again[t]];
    if (tags.empty() && stored_tags) tags = stored_tags(again[t]);
    given[t] = tags;
  }
  // What a store keeps to replay the clusterer and the link index.
  std::vector<ReplayState> fresh(keep_replays ? n : 0);
  auto compare = [&](bool on_caller) {
    for (size_t k = 0; k < n; ++k) {
      const size_t i = first + k;
      DocumentSketch sketch = linker->Sketch(i, segmented[k]);
      if (clusterer) {
        DocumentFeatures features = clusterer->Features(docs[i], cleaned[i], segmented[k]);
        clusterer->Add(features);
        if (keep_replays) fresh[k].features = std::move(features);
      }
      linker->Add(i, sketch, segmentation);
      if (keep_replays) fresh[k].sketch = std::move(sketch);
      compared.fetch_add(1);
      if (on_caller) report();
    }
  };
  std::thread comparing;
  if (threads > 1 && n > 1) comparing = std::thread(compare, false);
  else compare(true);
  const EntityFinder* find = finder ? &*finder : nullptr;
  ForEachDocument(n + again.size(), comparing.joinable() ? threads - 1 : threads, [&](size_t t) {
    if (t < n) {
      const size_t i = first + t;
      Read(docs[i], segmented[t], std::move(people[t]), corpus, find, options.counts_model,
           keep_replays ? &entity_tags[i] : nullptr, results[i]);
      people[t] = {};
      if (keep_replays && encoded[t].empty()) encoded[t] = EncodeTokens(segmented[t], docs[i].text);
      return;
    }
    const size_t j = again[t - n];
    const bool taken = t - n < again_tokens.size() && again_tokens[t - n];
    SegmentedText seg = taken ? std::move(*again_tokens[t - n]) : Segment(docs[j].text, cleaned[j]);
    Read(docs[j], seg, People::Find(docs[j].text, seg), corpus, find, options.counts_model,
         keep_replays ? &entity_tags[j] : nullptr, results[j]);
  }, [&](size_t done) {
    extracted.store(done);
    report();
  });
  if (comparing.joinable()) comparing.join();
  retagged.clear();
  for (size_t t = 0; t < given.size(); ++t) {
    const EntityTags& tags = entity_tags[again[t]];
    if (!tags.empty() && tags != given[t]) retagged.push_back(again[t]);
  }
  // This Add's documents are the next one's earlier documents.
  for (size_t k = 0; k < fresh.size(); ++k) {
    fresh[k].cleaned = cleaned[first + k];
    fresh[k].tokens = std::move(encoded[k]);
    fresh[k].tags = entity_tags[first + k];
    replays.emplace_back(first + k, std::move(fresh[k]));
  }
  for (size_t k = 0; k < n; ++k) segmentations.Keep(first + k, std::move(segmented[k]));
  if (progress && n > 0) progress(total, total);
}

Engine::Engine(const AnalyzeOptions& options) : impl_(std::make_unique<Impl>(options)) {}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

void Engine::Add(std::vector<Document> documents, const std::function<void(size_t, size_t)>& progress) {
  impl_->Add(std::move(documents), progress ? progress : impl_->options.progress);
}

size_t Engine::size() const { return impl_->docs.size(); }
const Document& Engine::document(size_t i) const { return impl_->docs[i]; }
const DocumentResults& Engine::results(size_t i) const { return impl_->results[i]; }
const std::vector<Link>& Engine::links() const { return impl_->linker->links(); }
const std::vector<size_t>& Engine::story_of() const {
  static const std::vector<size_t> kNoStories;
  return impl_->clusterer ? impl_->clusterer->assignments() : kNoStories;
}
const std::vector<size_t>& Engine::changed() const { return impl_->changed; }
const CleanDocument& Engine::cleaned(size_t i) const { return impl_->cleaned[i]; }
size_t Engine::learned_from(size_t i) const { return impl_->learned_from[i]; }

void Engine::Learn(const std::vector<Document>& upcoming, const std::function<void(size_t, size_t)>& progress) {
  Impl& m = *impl_;
  // An earlier Learn's reports will be cleaned and segmented again once
  // these are counted (their learned_from no longer holds): their tokens go now.
  if (!upcoming.empty()) {
    for (Impl::Preview& p : m.previews) p.segmented.reset();
  }
  for (const Document& d : upcoming) m.boilerplate.Add(d);
  m.pending += upcoming.size();
  // Their people, with the boilerplate they will be cleaned with (all
  // counted now), merged in order as Add's pass 1 would merge them.
  CleanOptions clean_options;
  clean_options.learned = &m.boilerplate;
  std::vector<CleanDocument> cleaned(upcoming.size());
  std::vector<std::string> tokens(upcoming.size());
  std::vector<std::optional<SegmentedText>> segmented(upcoming.size());
  std::vector<People> found(upcoming.size());
  // The first reports whose tokens stay as they are: by an estimate made
  // before any is read (TokenRoom), so that which ones does not depend on
  // the threads.
  size_t keep = 0;
  for (size_t bytes = 0; keep < upcoming.size(); ++keep) {
    bytes += TokenRoom(upcoming[keep].text.size()) * sizeof(Token);
    if (bytes > m.preview_token_bytes) break;
  }
  ForEachDocument(upcoming.size(), ThreadsOf(m.options), [&](size_t k) {
    cleaned[k] = Clean(upcoming[k], clean_options);
    SegmentedText seg = Segment(upcoming[k].text, cleaned[k]);
    found[k] = People::Find(upcoming[k].text, seg);
    tokens[k] = EncodeTokens(seg, upcoming[k].text);
    if (k < keep) segmented[k] = std::move(seg);
  }, [&](size_t done) {
    if (progress) progress(done, upcoming.size());
  });
  const bool earlier = !m.docs.empty();
  for (People& p : found) {
    if (earlier) MergeNotingChanges(m.corpus, p, m.previewed_touched);
    else m.corpus.Merge(p);
    m.previewed.push_back(std::move(p));
  }
  for (size_t k = 0; k < upcoming.size(); ++k) {
    m.previews.push_back({std::move(cleaned[k]), std::move(tokens[k]), std::move(segmented[k]), m.docs.size() + m.pending});
  }
}

void engine_internal::SetPreviewTokenBudget(Engine& engine, size_t bytes) { engine.impl_->preview_token_bytes = bytes; }

size_t engine_internal::PreviewsWithTokens(const Engine& engine) {
  size_t n = 0;
  for (const Engine::Impl::Preview& p : engine.impl_->previews) n += p.segmented.has_value();
  return n;
}

size_t Engine::reread() const { return impl_->reread; }
const std::vector<size_t>& Engine::retagged() const { return impl_->retagged; }
const EntityTags& Engine::entity_tags(size_t i) const { return impl_->entity_tags[i]; }

std::string Engine::ClustererState() const { return impl_->clusterer ? impl_->clusterer->Save() : std::string(); }
size_t Engine::clusterer_restored() const { return impl_->clusterer_restored; }

void Engine::ReadTokensFrom(TokenSource source) { impl_->tokens = std::move(source); }
void Engine::ReadTagsFrom(TagSource source) { impl_->stored_tags = std::move(source); }

void Engine::KeepReplays(bool on) {
  impl_->keep_replays = on;
  if (!on) impl_->replays.clear();
}

std::vector<std::pair<size_t, ReplayState>> Engine::TakeReplays() {
  std::vector<std::pair<size_t, ReplayState>> out = std::move(impl_->replays);
  impl_->replays.clear();
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  return out;
}

namespace {

// Links in order of (a, b). They are found in order of b (stored ones too),
// so most are out of place: the pairs are sorted, and each Link (136 bytes
// with its strings and vectors) is moved once instead of at every swap. No
// two links share a pair (Linker aligns a pair once).
std::vector<Link> SortedByPair(std::vector<Link> links) {
  auto before = [](const Link& x, const Link& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; };
  if (std::is_sorted(links.begin(), links.end(), before)) return links;
  struct Key {
    size_t a, b, at;
  };
  std::vector<Key> keys(links.size());
  for (size_t i = 0; i < links.size(); ++i) keys[i] = {links[i].a, links[i].b, i};
  std::sort(keys.begin(), keys.end(), [](const Key& x, const Key& y) {
    return x.a != y.a ? x.a < y.a : x.b != y.b ? x.b < y.b : x.at < y.at;
  });
  std::vector<Link> out;
  out.reserve(links.size());
  for (const Key& k : keys) out.push_back(std::move(links[k.at]));
  return out;
}

// The reports whose mentions AttachEntities looks `claims` up among: those
// with the id of a report with a claim it looks up by span
// (AttachReadsMentions). By id, as EntityIndex keys mentions: reports may
// share one.
std::vector<bool> ReportsAttachReads(const std::vector<Document>& documents, const std::vector<Claim>& claims) {
  std::unordered_set<std::string_view> ids;
  for (const Claim& c : claims) {
    if (AttachReadsMentions(c)) ids.insert(c.doc);
  }
  std::vector<bool> out(documents.size());
  for (size_t i = 0; i < documents.size(); ++i) out[i] = ids.count(documents[i].id) > 0;
  return out;
}

// The finishing steps over per-document results; without `quotations`, no
// people, quotations or quotation groups (Engine::FinishStories). Documents
// whose texts are absent get them: all of them for a whole analysis, else
// those of the stories built (reconcile reads their clauses).
Analysis Finishing(ReconcileOptions reconcile, std::vector<Document> documents, std::vector<CleanDocument> cleaned,
                   std::vector<DocumentResults> results, std::vector<Link> links, std::vector<size_t> story_of,
                   std::vector<std::string> warnings, bool quotations = true,
                   const Engine::StoryFilter* rebuild = nullptr, LazyTexts texts = {}) {
  Analysis a;
  a.documents = std::move(documents);
  const size_t n = a.documents.size();
  if (quotations) {
    for (size_t i = 0; i < n; ++i) texts.Fill(a.documents[i], i);
  }
  a.cleaned = std::move(cleaned);
  a.warnings = std::move(warnings);
  if (reconcile.group == "auto") reconcile.story_of = std::move(story_of);
  a.links = SortedByPair(std::move(links));
  a.lineage = Lineages(n, a.links);
  reconcile.lineage = a.lineage;
  Result<const Tagger*> tagger = Tagger::Default();
  std::optional<EntityFinder> entities;
  if (tagger.ok()) entities.emplace(*tagger.value());
  size_t claims = 0;
  for (const DocumentResults& r : results) claims += r.claims.size();
  a.claims.reserve(claims);  // no moves as it grows
  for (size_t i = 0; i < n; ++i) {
    DocumentResults& r = results[i];
    for (Claim& c : r.claims) {
      c.id = "c" + std::to_string(a.claims.size() + 1);
      a.claims.push_back(std::move(c));
    }
    if (quotations) {
      for (const Person& p : r.people) a.people.Merge(p);
      for (Quote& q : r.quotes) {
        q.id = "q" + std::to_string(a.quotes.size() + 1);
        a.quotes.push_back(std::move(q));
      }
    }
    if (entities) entities->Add(std::move(r.mentions));
    r = {};
  }
  if (entities) {
    a.entities = quotations ? std::move(*entities).Resolve()
                            : std::move(*entities).Resolve(ReportsAttachReads(a.documents, a.claims));
    AttachEntities(EntityIndex(a.entities), a.claims, a.quotes);
  }
  if (quotations) a.quote_groups = GroupQuotes(a.quotes, a.documents);
  StoryReconciler stories(a.documents, a.claims, reconcile);
  a.stories.reserve(stories.size());
  for (size_t k = 0; k < stories.size(); ++k) {
    if (!rebuild || !*rebuild || (*rebuild)(stories, k)) {
      if (!texts.absent.empty()) {
        for (size_t i : stories.InputsOf(k).doc_index) texts.Fill(a.documents[i], i);
      }
      a.stories.push_back(stories.Build(k));
      continue;
    }
    StoryReconciler::Inputs in = stories.InputsOf(k);
    a.stories.emplace_back().id = in.id;
    a.stories.back().docs = in.docs;
  }
  return a;
}

}  // namespace

Analysis Engine::Snapshot() const {
  const Impl& m = *impl_;
  return Finishing(m.reconcile, m.docs, m.cleaned, m.results, m.linker->links(), story_of(), m.warnings,
                   /*quotations=*/true, nullptr, m.texts);
}

Analysis Engine::Finish() && { return std::move(*this).FinishWith(true, nullptr); }

Analysis Engine::FinishStories(const StoryFilter& rebuild) && { return std::move(*this).FinishWith(false, &rebuild); }

Analysis Engine::FinishWith(bool quotations, const StoryFilter* rebuild) && {
  // What the finishing steps read moves out, and the rest of the engine (the
  // link index, the clusterer, the corpus's people, kept segmentations: on a
  // large store as much memory as the finishing steps' own) goes before they
  // run.
  std::unique_ptr<Impl> old = std::exchange(impl_, nullptr);
  Impl& m = *old;
  std::vector<size_t> stories = m.clusterer ? m.clusterer->assignments() : std::vector<size_t>();
  ReconcileOptions reconcile = std::move(m.reconcile);
  std::vector<Document> docs = std::move(m.docs);
  std::vector<CleanDocument> cleaned = std::move(m.cleaned);
  std::vector<DocumentResults> results = std::move(m.results);
  std::vector<Link> links = std::move(m.linker->links());
  std::vector<std::string> warnings = std::move(m.warnings);
  LazyTexts texts = std::move(m.texts);
  const AnalyzeOptions options = m.options;
  old.reset();
  Analysis a = Finishing(std::move(reconcile), std::move(docs), std::move(cleaned), std::move(results),
                         std::move(links), std::move(stories), std::move(warnings), quotations, rebuild,
                         std::move(texts));
  impl_ = std::make_unique<Impl>(options);
  return a;
}

Analysis Assemble(const AnalyzeOptions& options, std::vector<Document> documents,
                  std::vector<DocumentResults> results, std::vector<Link> links,
                  std::vector<size_t> story_of, std::vector<size_t> learned_from, std::vector<std::string> warnings) {
  ReconcileOptions reconcile = options.reconcile;
  if (reconcile.group == "auto" && story_of.size() != documents.size()) {
    warnings.push_back("story clustering unavailable; every report is put in one story");
    reconcile.group = "all";
  }
  if (learned_from.size() != documents.size()) learned_from.assign(documents.size(), 0);
  std::vector<CleanDocument> cleaned(documents.size());
  OutletBoilerplate boilerplate(options.boilerplate);
  CleanOptions clean_options;
  clean_options.learned = &boilerplate;
  size_t counted = 0;
  for (size_t i = 0; i < documents.size(); ++i) {
    CountPages(documents, learned_from[i], boilerplate, counted);
    cleaned[i] = Clean(documents[i], clean_options);
  }
  return Finishing(reconcile, std::move(documents), std::move(cleaned), std::move(results), std::move(links),
                   std::move(story_of), std::move(warnings));
}

Result<Engine> Engine::Resume(const AnalyzeOptions& options, std::vector<Document> documents,
                              std::vector<DocumentResults> results, std::vector<Link> links,
                              const std::vector<size_t>& story_of, std::vector<size_t> learned_from,
                              const ReplaySource& replay, std::string_view clusterer_state, size_t upcoming,
                              TextSource texts) {
  const size_t n = documents.size();
  if (results.size() != n) return Status::Error("stored results do not match the stored reports");
  if (learned_from.size() != n) learned_from.assign(n, 0);
  for (const Link& l : links) {
    if (l.a >= l.b || l.b >= n) return Status::Error("a stored link names a report that is not stored");
  }
  Engine e(options);
  Impl& m = *e.impl_;
  // Reports [0, restored) are in the saved clusterer state.
  size_t restored = 0;
  if (m.clusterer && !clusterer_state.empty() && m.clusterer->Restore(clusterer_state).ok()) {
    const std::vector<size_t>& saved = m.clusterer->assignments();
    restored = saved.size();
    if (restored > n || story_of.size() < restored || !std::equal(saved.begin(), saved.end(), story_of.begin())) {
      restored = 0;
      Result<Clusterer> fresh = Clusterer::Create(options.cluster);  // it was created once already
      if (!fresh.ok()) return fresh.status();
      m.clusterer.emplace(std::move(fresh.value()));
    }
  }
  m.clusterer_restored = restored;
  m.docs = std::move(documents);
  if (texts) {
    m.texts.source = std::move(texts);
    m.texts.absent.assign(n, 1);
  }
  m.results = std::move(results);
  m.cleaned.resize(n);
  m.entity_tags.resize(n);
  m.keep_replays = replay != nullptr;
  CleanOptions clean_options;
  clean_options.learned = &m.boilerplate;
  size_t counted = 0;  // documents counted into m.boilerplate
  const size_t threads = ThreadsOf(options);
  // In chunks, in order: each report's stored state (or, without one, its
  // cleaning with the boilerplate it was cleaned with when it was added, its
  // segmentation and sketch on the other threads, its features), then the
  // clusterer and the link index replayed. Every report counts for the
  // boilerplate of the ones to come.
  constexpr size_t kChunk = 256;
  for (size_t start = 0; start < n; start += kChunk) {
    const size_t end = std::min(n, start + kChunk);
    std::vector<ReplayState> state(end - start);
    // Reports prepared again (`missing`), and those whose stored state
    // lacks only the features the clusterer needs: both segmented again.
    std::vector<size_t> missing, featureless;
    for (size_t i = start; i < end; ++i) {
      CountPages(m.docs, learned_from[i], m.boilerplate, counted, m.texts);
      const bool features = m.clusterer && i >= restored;
      std::optional<ReplayState> stored = replay ? replay(i, features) : std::nullopt;
      if (stored) {
        state[i - start] = std::move(*stored);
        m.cleaned[i] = std::move(state[i - start].cleaned);
        if (features && !state[i - start].has_features) featureless.push_back(i);
      } else {
        m.TextOf(i);
        m.cleaned[i] = Clean(m.docs[i], clean_options);
        missing.push_back(i);
      }
    }
    std::vector<size_t> segment = missing;
    segment.insert(segment.end(), featureless.begin(), featureless.end());
    for (size_t i : featureless) m.TextOf(i);  // segmented on the other threads
    std::vector<SegmentedText> seg(segment.size());
    ForEachDocument(segment.size(), threads, [&](size_t k) {
      const size_t i = segment[k];
      seg[k] = Segment(m.docs[i].text, m.cleaned[i]);
      if (k >= missing.size()) return;  // its features only
      state[i - start].sketch = SketchDocument(m.docs[i].text, seg[k], m.options.link);
      if (m.keep_replays) state[i - start].tokens = EncodeTokens(seg[k], m.docs[i].text);
    }, [](size_t) {});
    for (size_t k = 0; k < segment.size() && m.clusterer; ++k) {
      const size_t i = segment[k];
      state[i - start].features = m.clusterer->Features(m.docs[i], m.cleaned[i], seg[k]);
    }
    if (start == 0) {  // the index sized for every report to come, their fingerprints guessed from the first chunk's
      size_t seeds = 0;
      for (const ReplayState& s : state) seeds += s.sketch.seeds.size();
      seeds += seeds / 8;  // a sample: an eighth more (6% more at 100,000 reports of the growth corpus)
      m.linker->Reserve(n + upcoming, seeds * (n + upcoming) / state.size());
    }
    for (size_t i = start; i < end; ++i) {
      if (m.clusterer && i >= restored) m.clusterer->Add(state[i - start].features);
      m.linker->Index(i, state[i - start].sketch);
      for (const Person& p : m.results[i].people) m.corpus.Merge(p);
    }
    for (size_t k = 0; k < missing.size() && m.keep_replays; ++k) {
      const size_t i = missing[k];
      state[i - start].cleaned = m.cleaned[i];
      m.replays.emplace_back(i, std::move(state[i - start]));
    }
  }
  CountPages(m.docs, n, m.boilerplate, counted, m.texts);
  m.learned_from = std::move(learned_from);
  if (m.clusterer && m.clusterer->assignments() != story_of) {
    return Status::Error("the stored stories differ from a replay of the clusterer (stored by another version?)");
  }
  m.linker->links() = std::move(links);
  return e;
}

}  // namespace crosscheck
