#include "cluster/cluster.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <span>
#include <string>

#include "base/codec.h"
#include "base/sorted_counts.h"
#include "base/string_ids.h"
#include "cluster/features.h"
#include "cluster/postings.h"

namespace crosscheck {

namespace {

// Each kind of feature is its own vector space, with its own weight.
enum Space : uint8_t { kTerms, kEntities, kTimes, kSpaces };

// A report's features in one space, sorted by id: log-scaled counts
// (1 + ln tf) normalised to length 1. IDF is applied at comparison time,
// because it changes as reports arrive.
using SparseVec = std::vector<std::pair<uint32_t, float>>;

// Feature ids and document frequencies of one space.
class Vocabulary {
 public:
  uint32_t Intern(std::string_view key) {
    bool added = false;
    const uint32_t id = ids_.Intern(key, &added);
    if (added) {
      df_.push_back(0);
      log_df_.push_back(0);
    }
    return id;
  }
  void CountDocument(const SparseVec& v) {
    for (const auto& [id, w] : v) log_df_[id] = static_cast<float>(std::log1p(++df_[id]));
  }
  // ln(1 + df), kept so that an IDF costs one subtraction.
  float LogDf(uint32_t id) const { return log_df_[id]; }
  size_t size() const { return df_.size(); }

  // The keys in id order with their document frequencies (encoded as a
  // std::vector<std::pair<std::string, uint32_t>>), and back; Read fails
  // when a key repeats, and recomputes log_df exactly as CountDocument does.
  void Write(codec::Writer& w) const {
    uint64_t n = df_.size();
    codec::Io(w, n);
    for (uint32_t id = 0; id < df_.size(); ++id) {
      codec::PutString(w, ids_[id]);
      uint32_t df = df_[id];
      codec::Io(w, df);
    }
  }
  void Read(codec::Reader& r) {
    *this = Vocabulary();
    uint64_t n = 0;
    codec::Io(r, n);
    if (n > r.left()) return r.Fail();  // every key takes at least two bytes
    ids_.Reserve(n);
    df_.reserve(n);
    log_df_.reserve(n);
    for (uint64_t i = 0; i < n && r.ok; ++i) {
      std::string_view key;
      codec::GetString(r, key);
      if (!r.ok) return;
      uint32_t df = 0;
      codec::Io(r, df);
      bool added = false;
      ids_.Intern(key, &added);
      if (!added) return r.Fail();
      df_.push_back(df);
      log_df_.push_back(static_cast<float>(std::log1p(df)));
    }
  }

 private:
  StringIds ids_;  // a restored vocabulary of 100,000 terms: a few allocations
  std::vector<uint32_t> df_;
  std::vector<float> log_df_;
};

// A report's features in one space under the IDFs it is scored with: per
// feature its weight x IDF (as Cosine multiplies them) and its IDF, and the
// length of those weights. The same for every candidate story, so computed
// once per report.
struct Weighted {
  std::vector<double> x;
  std::vector<float> idf;
  double length = 0;
};

// One report, as the clusterer compares it; dropped once it has joined a story.
struct Report {
  std::array<SparseVec, kSpaces> vec;
  std::array<Weighted, kSpaces> weighted;  // filled once the IDFs count the report
  std::vector<uint32_t> places;  // entity ids
  std::vector<uint32_t> actors;  // entity ids of its most-named entities
  std::optional<long> day;       // event date as a day number
};

struct Story {
  // Centroid: sums of the length-normalised vectors of the story's reports,
  // sorted by feature id (a flat vector: RefreshNorms reads all of it).
  std::array<SparseVec, kSpaces> sum;
  // Lengths of the centroid under the IDFs of `norm_seen` reports; 0 = stale.
  std::array<float, kSpaces> norm{};
  size_t norm_seen = 0;
  // Entity ids of its reports' places, and its reports' actors with how
  // often: a few dozen each, so sorted vectors (a hash map cost a node each
  // to restore and free).
  SortedCounts<uint32_t, int> places;
  SortedCounts<uint32_t, float> actor_count;
  std::optional<long> first_day, last_day;
};

// Log-scaled counts of `counts`, interned, normalised to length 1 and sorted;
// only the `cap` heaviest are kept.
SparseVec Normalised(const FeatureCounts& counts, Vocabulary& vocab, size_t cap) {
  SparseVec v;
  v.reserve(counts.size());
  double norm = 0;
  for (const auto& [key, tf] : counts) {
    double w = 1.0 + std::log(tf);  // tf >= 1, or a headline-boosted count
    v.emplace_back(vocab.Intern(key), static_cast<float>(w));
    norm += w * w;
  }
  if (v.size() > cap) {
    std::nth_element(v.begin(), v.begin() + cap, v.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    v.resize(cap);
  }
  norm = std::sqrt(norm);
  for (auto& [id, w] : v) w = static_cast<float>(w / norm);
  std::sort(v.begin(), v.end());
  return v;
}

// Whether sorted `v` holds feature `id`.
bool Holds(const SparseVec& v, uint32_t id) {
  auto it = std::lower_bound(v.begin(), v.end(), std::make_pair(id, -1.0f));
  return it != v.end() && it->first == id;
}

// Whether a key of `map` is a feature of `v`. The smaller side is walked:
// a story's places and actors grow with the story, a report's are capped.
template <typename Map>
bool Meets(const Map& map, const SparseVec& v) {
  if (map.size() <= v.size()) {
    for (const auto& [id, n] : map) {
      if (Holds(v, id)) return true;
    }
    return false;
  }
  for (const auto& [id, w] : v) {
    if (map.count(id)) return true;
  }
  return false;
}

// Adds sorted `v` into sorted `sum`, feature by feature: merged from the
// back in place, so a join allocates only when the centroid outgrows its
// capacity.
void AddInto(SparseVec& sum, const SparseVec& v) {
  size_t added = 0;
  for (size_t i = 0, j = 0; j < v.size(); ++j) {
    while (i < sum.size() && sum[i].first < v[j].first) ++i;
    added += i == sum.size() || sum[i].first != v[j].first;
  }
  size_t i = sum.size(), j = v.size(), out = sum.size() + added;
  sum.resize(out);
  while (j > 0) {
    if (i > 0 && sum[i - 1].first > v[j - 1].first) {
      sum[--out] = sum[--i];
    } else if (i > 0 && sum[i - 1].first == v[j - 1].first) {
      sum[--out] = {sum[i - 1].first, sum[i - 1].second + v[j - 1].second};
      --i, --j;
    } else {
      sum[--out] = {v[j - 1].first, 0.0f + v[j - 1].second};
      --j;
    }
  }
}

// The `n` keys of highest score, best first (ties to the smaller id, so the
// choice never depends on hash-table order).
template <typename Id>
std::vector<Id> TopN(std::vector<std::pair<float, Id>> scored, size_t n) {
  n = std::min(n, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + n, scored.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
  std::vector<Id> out;
  for (size_t i = 0; i < n; ++i) out.push_back(scored[i].second);
  return out;
}

uint64_t PostingKey(Space space, uint32_t id) { return (uint64_t{space} << 32) | id; }

thread_local ClusterWork work_done;

}  // namespace

struct Clusterer::Impl {
  ClusterOptions options;
  std::unique_ptr<EntityExtractor> entities;
  Stemmer stemmer;
  std::array<Vocabulary, kSpaces> vocab;
  std::vector<Story> stories;
  std::vector<StoryId> assignments;
  ClusterDecision last;
  // Feature -> stories that hold it, oldest first (a story reappears when it
  // gains a report, so the tail holds the recently active stories); trimmed
  // to the newest entries, so memory follows the vocabulary, not the corpus.
  cluster_internal::StoryPostings postings;
  size_t seen = 0;  // reports counted in the document frequencies
  float log_n = 0;  // ln(1 + seen)
  // Candidates' scratch, per story: its score so far and the index of the
  // last key that counted it (kNoKey: none); reset after each report.
  static constexpr uint32_t kNoKey = UINT32_MAX;
  mutable std::vector<float> scratch_score;
  mutable std::vector<uint32_t> scratch_key;

  Impl(const ClusterOptions& o, std::unique_ptr<EntityExtractor> e, Stemmer s)
      : options(o), entities(std::move(e)), stemmer(std::move(s)) {}

  // Smoothed IDF, as in scikit-learn: ln((1 + N) / (1 + df)) + 1, so that a
  // feature of every report keeps a weight of 1.
  float Idf(Space s, uint32_t id) const { return log_n - vocab[s].LogDf(id) + 1.0f; }

  DocumentFeatures Features(const Document& doc, const CleanDocument& clean, const SegmentedText& seg);
  Report Prepare(const DocumentFeatures& f);
  std::vector<uint32_t> Actors(const DocumentFeatures& f);
  std::vector<uint64_t> IndexKeys(const Report& r) const;
  std::vector<StoryId> Candidates(const std::vector<uint64_t>& keys) const;
  void RefreshNorms(Story& story) const;
  void Weigh(Report& r) const;
  double Cosine(Space s, const SparseVec& v, const Weighted& weighted, const Story& story) const;
  double Similarity(const Report& r, Story& story) const;
  bool PlacesConflict(const Report& r, const Story& story) const;
  double DatePenalty(const Report& r, const Story& story) const;
  bool ActorsConflict(const Report& r, const Story& story) const;
  void Join(StoryId id, const Report& r, const std::vector<uint64_t>& keys);
  void Prune(SparseVec& sum, Space s) const;
};

DocumentFeatures Clusterer::Impl::Features(const Document& doc, const CleanDocument& clean,
                                           const SegmentedText& seg) {
  FeatureOptions fo;
  fo.headline_boost = options.headline_boost;
  return ExtractFeatures(doc, clean, seg, *entities, stemmer, fo);
}

Report Clusterer::Impl::Prepare(const DocumentFeatures& f) {
  Report r;
  r.vec[kTerms] = Normalised(f.terms, vocab[kTerms], options.max_report_features);
  r.vec[kEntities] = Normalised(f.entities, vocab[kEntities], options.max_report_features);
  r.vec[kTimes] = Normalised(f.times, vocab[kTimes], options.max_report_features);
  for (const auto& [place, n] : f.places) r.places.push_back(vocab[kEntities].Intern(place));
  if (f.event_date && f.event_date->complete()) r.day = DayNumber(*f.event_date);
  r.actors = Actors(f);
  return r;
}

// The `actors` entities the report names most (at least twice), the rarer
// first among equals: who the report is about.
std::vector<uint32_t> Clusterer::Impl::Actors(const DocumentFeatures& f) {
  std::vector<std::pair<float, uint32_t>> scored;
  for (const auto& [key, n] : f.entities) {
    if (n < 2) continue;
    uint32_t id = vocab[kEntities].Intern(key);
    scored.emplace_back(static_cast<float>(n) * Idf(kEntities, id), id);
  }
  return TopN(std::move(scored), options.actors);
}

// Entities, plus the `index_terms` terms of highest TF-IDF weight: the rare
// words a story is found by.
std::vector<uint64_t> Clusterer::Impl::IndexKeys(const Report& r) const {
  std::vector<uint64_t> keys;
  for (const auto& [id, w] : r.vec[kEntities]) keys.push_back(PostingKey(kEntities, id));
  std::vector<std::pair<float, uint32_t>> terms;
  for (const auto& [id, w] : r.vec[kTerms]) terms.emplace_back(w * Idf(kTerms, id), id);
  for (uint32_t id : TopN(std::move(terms), options.index_terms)) keys.push_back(PostingKey(kTerms, id));
  return keys;
}

// Stories sharing the most (IDF-weighted) index features with the report,
// reading only the newest `max_postings_read` stories of each posting list.
// Scores are tallied in per-story arrays (scratch_score, scratch_key), not
// hash tables: a report reads up to keys x max_postings_read entries.
std::vector<StoryId> Clusterer::Impl::Candidates(const std::vector<uint64_t>& keys) const {
  scratch_score.resize(stories.size(), 0.0f);
  scratch_key.resize(stories.size(), kNoKey);
  std::vector<StoryId> touched;
  for (uint32_t k = 0; k < keys.size(); ++k) {
    const std::span<const uint32_t> list = postings.Find(keys[k]);
    if (list.empty()) continue;
    float idf = Idf(static_cast<Space>(keys[k] >> 32), static_cast<uint32_t>(keys[k]));
    size_t from = list.size() > options.max_postings_read ? list.size() - options.max_postings_read : 0;
    work_done.postings_read += list.size() - from;
    for (size_t i = from; i < list.size(); ++i) {
      const StoryId story = list[i];
      if (scratch_key[story] == k) continue;  // a story counts once per feature
      if (scratch_key[story] == kNoKey) touched.push_back(story);
      scratch_key[story] = k;
      scratch_score[story] += idf;
    }
  }
  std::vector<std::pair<float, StoryId>> scored;
  scored.reserve(touched.size());
  for (StoryId story : touched) {
    scored.emplace_back(scratch_score[story], story);
    scratch_score[story] = 0.0f, scratch_key[story] = kNoKey;
  }
  return TopN(std::move(scored), options.max_candidates);
}

// Centroid lengths change with every IDF; recomputing them for each report
// would cost a pass over every candidate's vocabulary, so they are refreshed
// when the story has changed or the corpus grown by 1/64 since.
void Clusterer::Impl::RefreshNorms(Story& story) const {
  if (story.norm_seen != 0 && seen - story.norm_seen <= story.norm_seen / 64) return;
  for (int s = 0; s < kSpaces; ++s) {
    double norm = 0;
    work_done.centroid_features_read += story.sum[s].size();
    for (const auto& [id, w] : story.sum[s]) {
      double x = w * Idf(static_cast<Space>(s), id);
      norm += x * x;
    }
    story.norm[s] = static_cast<float>(std::sqrt(norm));
  }
  story.norm_seen = seen;
}

// The report's weights under the current IDFs (Weighted), summed in
// feature order as Cosine always did.
void Clusterer::Impl::Weigh(Report& r) const {
  for (int si = 0; si < kSpaces; ++si) {
    const Space s = static_cast<Space>(si);
    Weighted& out = r.weighted[s];
    out.x.clear(), out.idf.clear();
    double norm = 0;
    for (const auto& [id, w] : r.vec[s]) {
      const float idf = Idf(s, id);
      double x = w * idf;
      norm += x * x;
      out.x.push_back(x);
      out.idf.push_back(idf);
    }
    out.length = std::sqrt(norm);
  }
}

// Cosine merges a centroid at most this many times as long as the report's
// vector instead of searching it.
constexpr size_t kMergeRatio = 4;

// Cosine of the report and the story's centroid in one space, under the
// current IDFs (`weighted`: Weigh's for v). v is sorted like the centroid:
// each feature is looked for from where the last was found, galloping
// (steps of 1, 2, 4, ... then a binary search), so a feature near the last
// costs a few comparisons.
double Clusterer::Impl::Cosine(Space s, const SparseVec& v, const Weighted& weighted, const Story& story) const {
  const auto& sum = story.sum[s];
  if (v.empty() || sum.empty() || story.norm[s] == 0) return 0;
  double dot = 0;
  const size_t n = sum.size();
  if (n <= kMergeRatio * v.size()) {
    // A centroid not much longer than the report: one merge of the two,
    // without a branch on whether a feature is shared (a coin toss); a
    // feature the other lacks adds 0.0, which leaves the sum as it was.
    for (size_t k = 0, at = 0; k < v.size() && at < n;) {
      const uint32_t a = v[k].first, b = sum[at].first;
      const double term = weighted.x[k] * sum[at].second * weighted.idf[k];
      dot += a == b ? term : 0.0;
      k += a <= b;
      at += b <= a;
    }
  } else {
    size_t at = 0;
    for (size_t k = 0; k < v.size() && at < n; ++k) {
      const uint32_t id = v[k].first;
      if (sum[at].first < id) {
        size_t low = at, step = 1;  // sum[low] < id
        while (low + step < n && sum[low + step].first < id) low += step, step *= 2;
        size_t high = std::min(low + step, n);  // sum[high] >= id, or high == n
        while (high - low > 1) {
          const size_t mid = low + (high - low) / 2;
          if (sum[mid].first < id) low = mid;
          else high = mid;
        }
        at = high;
        if (at == n) break;
      }
      if (sum[at].first == id) dot += weighted.x[k] * sum[at].second * weighted.idf[k];
    }
  }
  return dot == 0 ? 0 : dot / (weighted.length * story.norm[s]);
}

// The story's places are all unknown to the report, and the report's places
// all unknown to the story: "in Springfield" against "in Riverton". A place
// that the other side names in passing is no conflict.
bool Clusterer::Impl::PlacesConflict(const Report& r, const Story& story) const {
  if (r.places.empty() || story.places.empty()) return false;
  for (uint32_t p : r.places) {
    if (Holds(story.sum[kEntities], p)) return false;
  }
  return !Meets(story.places, r.vec[kEntities]);
}

// Follow-ups come days or weeks after the event; another year is another event.
double Clusterer::Impl::DatePenalty(const Report& r, const Story& story) const {
  if (!r.day || !story.first_day) return 0;
  long gap = std::max({*story.first_day - *r.day, *r.day - *story.last_day, 0L});
  if (gap > options.far_date_gap_days) return options.far_date_penalty;
  return gap > options.max_date_gap_days ? options.date_penalty : 0.0;
}

// The report's actors are all unknown to the story, and the story's actors
// all unknown to the report: another person's death, another team's signing.
bool Clusterer::Impl::ActorsConflict(const Report& r, const Story& story) const {
  if (r.actors.empty() || story.actor_count.empty()) return false;
  for (uint32_t a : r.actors) {
    if (Holds(story.sum[kEntities], a)) return false;
  }
  // None of the story's actors among the report's entities: none of its top ones either.
  if (!Meets(story.actor_count, r.vec[kEntities])) return true;
  std::vector<std::pair<float, uint32_t>> scored;
  for (const auto& [id, n] : story.actor_count) scored.emplace_back(n * Idf(kEntities, id), id);
  for (uint32_t a : TopN(std::move(scored), options.actors)) {
    if (Holds(r.vec[kEntities], a)) return false;
  }
  return true;
}

double Clusterer::Impl::Similarity(const Report& r, Story& story) const {
  RefreshNorms(story);
  double sim = options.term_weight * Cosine(kTerms, r.vec[kTerms], r.weighted[kTerms], story) +
               options.entity_weight * Cosine(kEntities, r.vec[kEntities], r.weighted[kEntities], story) +
               options.time_weight * Cosine(kTimes, r.vec[kTimes], r.weighted[kTimes], story);
  if (PlacesConflict(r, story)) sim -= options.place_penalty;
  if (ActorsConflict(r, story)) sim -= options.actor_penalty;
  return sim - DatePenalty(r, story);
}

// Keeps the `max_story_features` features of highest TF-IDF weight once a
// story holds half as many again: a story's vocabulary stays bounded.
void Clusterer::Impl::Prune(SparseVec& sum, Space s) const {
  size_t cap = options.max_story_features;
  if (sum.size() <= cap + cap / 2) return;
  std::vector<std::pair<float, uint32_t>> scored;
  for (const auto& [id, w] : sum) scored.emplace_back(w * Idf(s, id), id);
  std::vector<uint32_t> keep = TopN(std::move(scored), cap);
  std::sort(keep.begin(), keep.end());
  SparseVec kept;
  kept.reserve(keep.size());
  size_t i = 0;
  for (uint32_t id : keep) {
    while (sum[i].first < id) ++i;
    kept.push_back(sum[i]);
  }
  sum = std::move(kept);
}

void Clusterer::Impl::Join(StoryId id, const Report& r, const std::vector<uint64_t>& keys) {
  Story& story = stories[id];
  for (int s = 0; s < kSpaces; ++s) {
    AddInto(story.sum[s], r.vec[s]);
    Prune(story.sum[s], static_cast<Space>(s));
  }
  story.norm_seen = 0;
  for (uint32_t p : r.places) story.places[p]++;
  for (uint32_t a : r.actors) story.actor_count[a]++;
  if (r.day) {
    story.first_day = story.first_day ? std::min(*story.first_day, *r.day) : *r.day;
    story.last_day = story.last_day ? std::max(*story.last_day, *r.day) : *r.day;
  }
  // Only the newest max_postings_read entries are ever read.
  assert(id <= UINT32_MAX);
  for (uint64_t key : keys) {
    postings.Append(key, static_cast<uint32_t>(id), 2 * options.max_postings_read, options.max_postings_read);
  }
  assignments.push_back(id);
}

Clusterer::Clusterer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Clusterer::Clusterer(Clusterer&&) noexcept = default;
Clusterer& Clusterer::operator=(Clusterer&&) noexcept = default;
Clusterer::~Clusterer() = default;

Result<Clusterer> Clusterer::Create(const ClusterOptions& options,
                                    std::unique_ptr<EntityExtractor> entities) {
  if (!(options.threshold >= 0 && options.threshold <= 1)) {
    return Status::Error("cluster threshold must be within [0, 1]");
  }
  if (options.max_candidates == 0 || options.max_postings_read == 0 || options.max_story_features == 0 ||
      options.max_report_features == 0) {
    return Status::Error("cluster limits (candidates, postings, features) must be positive");
  }
  Result<Stemmer> stemmer = Stemmer::Create();
  if (!stemmer.ok()) return stemmer.status();
  if (!entities) entities = NewHeuristicEntityExtractor();
  return Clusterer(std::make_unique<Impl>(options, std::move(entities), std::move(stemmer.value())));
}

StoryId Clusterer::Add(const Document& doc, const CleanDocument& clean, const SegmentedText& segmented) {
  return Add(Features(doc, clean, segmented));
}

DocumentFeatures Clusterer::Features(const Document& doc, const CleanDocument& clean, const SegmentedText& segmented) {
  return impl_->Features(doc, clean, segmented);
}

StoryId Clusterer::Add(const DocumentFeatures& features) {
  Impl& m = *impl_;
  Report r = m.Prepare(features);
  // The report counts in the IDFs it is compared with, as in a batch TF-IDF.
  for (int s = 0; s < kSpaces; ++s) m.vocab[s].CountDocument(r.vec[s]);
  m.log_n = static_cast<float>(std::log1p(++m.seen));
  std::vector<uint64_t> keys = m.IndexKeys(r);
  std::vector<StoryId> candidates = m.Candidates(keys);
  if (!candidates.empty()) m.Weigh(r);
  StoryId best = m.stories.size();
  double best_sim = 0;
  for (StoryId c : candidates) {
    double sim = m.Similarity(r, m.stories[c]);
    if (best == m.stories.size() || sim > best_sim || (sim == best_sim && c < best)) {
      best = c;
      best_sim = sim;
    }
  }
  m.last = {best, candidates.empty() || best_sim < m.options.threshold, candidates.size(),
            std::max(best_sim, 0.0)};
  if (m.last.opened) {
    best = m.last.story = m.stories.size();
    m.stories.emplace_back();
  }
  m.Join(best, r, keys);
  return best;
}

namespace {

// The options that change decisions, as numbers: a state is restored only
// into a clusterer with the same ones.
std::vector<double> OptionNumbers(const ClusterOptions& o) {
  return {o.threshold, o.term_weight, o.entity_weight, o.time_weight, o.place_penalty, o.actor_penalty,
          static_cast<double>(o.actors), o.date_penalty, static_cast<double>(o.max_date_gap_days),
          o.far_date_penalty, static_cast<double>(o.far_date_gap_days), o.headline_boost,
          static_cast<double>(o.index_terms), static_cast<double>(o.max_postings_read),
          static_cast<double>(o.max_candidates), static_cast<double>(o.max_story_features),
          static_cast<double>(o.max_report_features)};
}

constexpr std::string_view kStateTag = "crosscheck-clusterer/1";

// Ids strictly increasing and below `limit` (what lower_bound and AddInto
// rely on), weights finite (what sorting by weight relies on).
bool SortedBelow(const SparseVec& v, size_t limit) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i].first >= limit || (i > 0 && v[i - 1].first >= v[i].first) || !std::isfinite(v[i].second)) return false;
  }
  return true;
}

// Day numbers far enough from overflow that DatePenalty's differences are
// safe: some 270,000 years either side of 1970.
bool SaneDay(int64_t day) { return day > -100'000'000 && day < 100'000'000; }

}  // namespace

std::string Clusterer::Save() const {
  const Impl& m = *impl_;
  codec::Writer w;
  std::string tag(kStateTag);
  codec::Io(w, tag);
  std::vector<double> options = OptionNumbers(m.options);
  codec::Io(w, options);
  for (int s = 0; s < kSpaces; ++s) m.vocab[s].Write(w);
  uint64_t stories = m.stories.size();
  codec::Io(w, stories);
  for (const Story& st : m.stories) {
    for (int s = 0; s < kSpaces; ++s) {
      codec::Io(w, const_cast<SparseVec&>(st.sum[s]));
      float norm = st.norm[s];
      codec::Io(w, norm);
    }
    uint64_t norm_seen = st.norm_seen;
    codec::Io(w, norm_seen);
    std::vector<std::pair<uint32_t, uint32_t>> places;
    for (const auto& [id, n] : st.places) places.emplace_back(id, static_cast<uint32_t>(n));
    std::vector<std::pair<uint32_t, float>> actors(st.actor_count.begin(), st.actor_count.end());
    codec::Io(w, places);
    codec::Io(w, actors);
    std::optional<int64_t> first = st.first_day, last = st.last_day;
    codec::Io(w, first);
    codec::Io(w, last);
  }
  std::vector<uint64_t> assignments(m.assignments.begin(), m.assignments.end());
  codec::Io(w, assignments);
  // As a sorted std::vector<std::pair<uint64_t, std::vector<uint64_t>>>,
  // without copying the lists.
  const std::vector<uint64_t> sorted = m.postings.SortedKeys();
  uint64_t keys = sorted.size();
  codec::Io(w, keys);
  for (uint64_t key : sorted) {
    codec::Io(w, key);
    const std::span<const uint32_t> list = m.postings.Find(key);
    uint64_t n = list.size();
    codec::Io(w, n);
    for (uint64_t story : list) codec::Io(w, story);
  }
  uint64_t seen = m.seen, last_story = m.last.story, last_candidates = m.last.candidates;
  bool last_opened = m.last.opened;
  double last_best = m.last.best_similarity;
  codec::Io(w, seen);
  codec::Io(w, last_story);
  codec::Io(w, last_opened);
  codec::Io(w, last_candidates);
  codec::Io(w, last_best);
  return std::move(w.out);
}

Status Clusterer::Restore(std::string_view bytes) {
  const Status corrupt = Status::Error("the stored story clusterer does not fit this build's (" +
                                       std::to_string(bytes.size()) + " bytes)");
  auto m = std::make_unique<Impl>(impl_->options, std::move(impl_->entities), std::move(impl_->stemmer));
  // On failure *this gets its extractor and stemmer back, its state untouched.
  auto give_back = [&] {
    impl_->entities = std::move(m->entities);
    impl_->stemmer = std::move(m->stemmer);
  };
  codec::Reader r{bytes};
  std::string tag;
  std::vector<double> options;
  codec::Io(r, tag);
  codec::Io(r, options);
  if (!r.ok || tag != kStateTag || options != OptionNumbers(m->options)) {
    give_back();
    return corrupt;
  }
  for (int s = 0; s < kSpaces && r.ok; ++s) m->vocab[s].Read(r);
  uint64_t stories = 0;
  codec::Io(r, stories);
  if (stories > r.left()) r.Fail();
  m->stories.resize(r.ok ? stories : 0);
  for (Story& st : m->stories) {
    if (!r.ok) break;
    for (int s = 0; s < kSpaces; ++s) {
      codec::Io(r, st.sum[s]);
      codec::Io(r, st.norm[s]);
      if (!SortedBelow(st.sum[s], m->vocab[s].size()) || !std::isfinite(st.norm[s])) r.Fail();
    }
    uint64_t norm_seen = 0;
    codec::Io(r, norm_seen);
    st.norm_seen = norm_seen;
    std::vector<std::pair<uint32_t, uint32_t>> places;
    std::vector<std::pair<uint32_t, float>> actors;
    codec::Io(r, places);
    codec::Io(r, actors);
    const size_t entities = m->vocab[kEntities].size();
    for (const auto& [id, n] : places) {
      if (id >= entities) r.Fail();
      st.places[id] = static_cast<int>(n);
    }
    for (const auto& [id, n] : actors) {
      if (id >= entities || !std::isfinite(n)) r.Fail();
      st.actor_count[id] = n;
    }
    std::optional<int64_t> first, last;
    codec::Io(r, first);
    codec::Io(r, last);
    if (first.has_value() != last.has_value() || (first && (!SaneDay(*first) || !SaneDay(*last)))) r.Fail();
    if (first) st.first_day = *first, st.last_day = *last;
  }
  std::vector<uint64_t> assignments;
  codec::Io(r, assignments);
  for (uint64_t a : assignments) {
    if (a >= m->stories.size()) r.Fail();
  }
  m->assignments.assign(assignments.begin(), assignments.end());
  static_assert(std::is_same_v<StoryId, uint64_t>, "postings are read as the uint64_t lists Save wrote");
  uint64_t keys = 0;
  codec::Io(r, keys);
  if (keys > r.left() / 3) r.Fail();  // a key takes at least 3 bytes: itself, a count, a story
  m->postings.Reserve(r.ok ? keys : 0);
  std::vector<StoryId> list;
  std::vector<uint32_t> ids;
  for (uint64_t k = 0, previous = 0; k < keys && r.ok; ++k) {
    uint64_t key = 0;
    codec::Io(r, key);
    codec::Io(r, list);
    const uint64_t space = key >> 32;
    if (space >= kSpaces || (key & 0xffffffffu) >= m->vocab[space].size()) r.Fail();
    // Save writes each key once, in increasing order, with a list.
    if ((k > 0 && key <= previous) || list.empty()) r.Fail();
    previous = key;
    ids.clear();
    for (StoryId story : list) {
      if (story >= m->stories.size() || story > UINT32_MAX) r.Fail();
      ids.push_back(static_cast<uint32_t>(story));
    }
    if (r.ok) m->postings.Set(key, ids);
  }
  uint64_t seen = 0, last_story = 0, last_candidates = 0;
  codec::Io(r, seen);
  codec::Io(r, last_story);
  codec::Io(r, m->last.opened);
  codec::Io(r, last_candidates);
  codec::Io(r, m->last.best_similarity);
  if (!r.ok || r.pos != bytes.size() || seen != m->assignments.size() ||
      (seen > 0 && last_story >= m->stories.size())) {
    give_back();
    return corrupt;
  }
  m->seen = seen;
  m->log_n = static_cast<float>(std::log1p(seen));
  m->last.story = last_story;
  m->last.candidates = last_candidates;
  impl_ = std::move(m);
  return {};
}

ClusterWork Clusterer::work() { return work_done; }

size_t Clusterer::story_count() const { return impl_->stories.size(); }
size_t Clusterer::document_count() const { return impl_->assignments.size(); }
const std::vector<StoryId>& Clusterer::assignments() const { return impl_->assignments; }
const ClusterDecision& Clusterer::last_decision() const { return impl_->last; }

Result<std::vector<StoryId>> ClusterDocuments(const std::vector<Document>& documents,
                                              const ClusterOptions& options) {
  Result<Clusterer> clusterer = Clusterer::Create(options);
  if (!clusterer.ok()) return clusterer.status();
  for (const Document& doc : documents) {
    CleanDocument clean = Clean(doc);
    clusterer.value().Add(doc, clean, Segment(doc.text, clean));
  }
  return clusterer.value().assignments();
}

}  // namespace crosscheck
