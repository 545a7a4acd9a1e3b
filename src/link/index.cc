#include "link/index.h"

#include <algorithm>
#include <cassert>
#include <limits>

#include "link/align.h"
#include "link/words.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace crosscheck {

using link_internal::HashRun;
using link_internal::Words;
using link_internal::WordsOf;

namespace {

constexpr uint64_t kDensifySeed = 0x6c696e6b2d646e31ull;  // "link-dn1"; never change
constexpr uint64_t kBandSeed = 0x6c696e6b2d626e31ull;     // "link-bn1"; never change
// Band keys are computed (and their slots prefetched) this many at a time,
// before they are pushed: the default 32 bands in one go.
constexpr size_t kMaxBands = 64;
constexpr uint32_t kEmptyBin = std::numeric_limits<uint32_t>::max();

// One-permutation hashing: each shingle falls in one bin (top bits of its
// hash) and the bin keeps the least low half. One hash per shingle instead
// of one per bin keeps sketching cost at O(words).
std::vector<uint32_t> OnePermutation(const std::vector<uint64_t>& shingles, size_t bins) {
  std::vector<uint32_t> sig(bins, kEmptyBin);
  for (uint64_t h : shingles) {
    size_t bin = static_cast<size_t>(((h >> 32) * bins) >> 32);
    sig[bin] = std::min(sig[bin], static_cast<uint32_t>(h));
  }
  return sig;
}

// Optimal densification (Shrivastava 2017): an empty bin copies the bin a
// per-bin hash sequence reaches first, so two documents fill their empty
// bins alike and the equal-bin rate stays an unbiased Jaccard estimate.
void Densify(std::vector<uint32_t>& sig) {
  const size_t k = sig.size();
  std::vector<uint32_t> filled = sig;
  for (size_t i = 0; i < k; ++i) {
    if (sig[i] != kEmptyBin) continue;
    for (uint64_t attempt = 1;; ++attempt) {
      uint64_t key[2] = {i, attempt};
      size_t j = static_cast<size_t>(XXH3_64bits_withSeed(key, sizeof key, kDensifySeed) % k);
      if (sig[j] != kEmptyBin) { filled[i] = sig[j]; break; }
    }
  }
  sig = std::move(filled);
}

// Winnowing (Schleimer et al. 2003): the least hash of every window of
// `window` consecutive n-grams, the rightmost on ties. Two documents sharing
// window + n - 1 words select the same fingerprint there.
// n-grams without content (kNoSeed) are never selected.
constexpr uint64_t kNoSeed = std::numeric_limits<uint64_t>::max();

std::vector<uint64_t> Winnow(const std::vector<uint64_t>& grams, size_t window) {
  std::vector<uint64_t> out;
  if (grams.empty()) return out;
  window = std::max<size_t>(1, std::min(window, grams.size()));
  size_t last = std::numeric_limits<size_t>::max();
  for (size_t start = 0; start + window <= grams.size(); ++start) {
    size_t best = start;
    for (size_t k = start; k < start + window; ++k) {
      if (grams[k] <= grams[best]) best = k;
    }
    if (best != last && grams[best] != kNoSeed) out.push_back(grams[best]), last = best;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Seed n-gram hashes; an n-gram of function words ("one of the most", "is
// that it's") is syntax every document shares, not evidence of copying.
std::vector<uint64_t> SeedGrams(const Words& w, const LinkOptions& o) {
  std::vector<uint64_t> grams;
  const size_t n = o.seed_words;
  if (n == 0 || w.size() < n) return grams;
  grams.reserve(w.size() - n + 1);
  size_t content = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    content += w.content[i];
    if (i >= n) content -= w.content[i - n];
    if (i + 1 < n) continue;
    size_t start = i + 1 - n;
    grams.push_back(content >= o.min_seed_content_words ? HashRun(&w.hash[start], n, link_internal::kSeedSeed) : kNoSeed);
  }
  return grams;
}

}  // namespace

std::vector<uint64_t> Shingles(const SegmentedText& seg, const LinkOptions& options) {
  return link_internal::ShingleSet(WordsOf(seg), options.shingle_words);
}

DocumentSketch SketchDocument(std::string_view, const SegmentedText& seg, const LinkOptions& options) {
  Words w = WordsOf(seg);
  return link_internal::SketchWords(w, link_internal::ShingleSet(w, options.shingle_words), options);
}

DocumentSketch link_internal::SketchWords(const Words& w, const std::vector<uint64_t>& sh,
                                          const LinkOptions& options) {
  DocumentSketch d;
  d.words = static_cast<uint32_t>(w.size());
  if (!w.hash.empty()) d.content_hash = HashRun(w.hash.data(), w.hash.size(), link_internal::kContentSeed) | 1;
  if (!sh.empty()) {
    d.minhash = OnePermutation(sh, options.minhash_bins);
    Densify(d.minhash);
    d.shingles = static_cast<uint32_t>(sh.size());
  }
  d.seeds = Winnow(SeedGrams(w, options), options.seed_window);
  return d;
}

namespace {

double EqualBins(const uint32_t* x, const uint32_t* y, size_t k) {
  size_t equal = 0;
  for (size_t i = 0; i < k; ++i) equal += x[i] == y[i];
  return k ? static_cast<double>(equal) / static_cast<double>(k) : 0.0;
}

// |X ∩ Y| / |X| from J = |X ∩ Y| / |X ∪ Y|: |X ∩ Y| = J (|X| + |Y|) / (1 + J).
double ContainmentFrom(double j, double nx, double ny) {
  if (nx <= 0) return 0;
  return std::min(1.0, j * (nx + ny) / ((1 + j) * nx));
}

}  // namespace

double EstimateJaccard(const DocumentSketch& x, const DocumentSketch& y) {
  if (x.minhash.empty() || x.minhash.size() != y.minhash.size()) return 0;
  return EqualBins(x.minhash.data(), y.minhash.data(), x.minhash.size());
}

double EstimateContainment(const DocumentSketch& x, const DocumentSketch& y) {
  return ContainmentFrom(EstimateJaccard(x, y), x.shingles, y.shingles);
}

// ---------------------------------------------------------------------------
// LinkIndex

namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// Open addressing from a 64-bit key to the head of a posting chain and a
// saturating count, 12 bytes a slot: 56 bits of the key (enough that two of a
// billion keys are never confused), the count and the head. A slot's fields
// are stored together: a probe of a table larger than the caches is one miss.
// Keys are hashes; a key's probe starts at its low 32 bits scaled to the
// capacity (multiply and shift), so the capacity need not be a power of two
// and a table sized by Reserve holds its keys at three quarters full, not at
// anything from three eighths to three quarters (at 100,000 reports the band
// table was 100 MB for 3.2 million keys; it is 51 MB). At three quarters a
// miss probes about eight slots, two cache lines: on the 1,700 real articles
// 0.1% more instructions than at the powers of two's average load.
class PostingTable {
 public:
  // A full table grows to twice its capacity below this many slots (12 MB),
  // by half above (fewer rehashes while small, less room left over when large).
  static constexpr size_t kDoubleBelow = size_t{1} << 20;

  PostingTable() { Rehash(1 << 10); }

  // The chain head of `key` (kNone when absent) and its count.
  std::pair<uint32_t, uint32_t> Find(uint64_t key) const {
    for (size_t i = Start(key);; i = Next(i)) {
      const Slot& s = slots_[i];
      if (s.head == kNone) return {kNone, 0};
      if (Same(s, key)) return {s.head, s.tag & 0xff};
    }
  }
  // Makes `posting` the head of key's chain; returns the previous head.
  uint32_t Push(uint64_t key, uint32_t posting) {
    if (!Fits(size_ + 1, slots_.size())) {
      const size_t n = slots_.size();
      Rehash(n < kDoubleBelow ? 2 * n : n + n / 2);
    }
    size_t i = Start(key);
    while (slots_[i].head != kNone && !Same(slots_[i], key)) i = Next(i);
    Slot& s = slots_[i];
    uint32_t previous = s.head;
    if (previous == kNone) {
      ++size_;
      s.home = Home(key);
      s.tag = Check(key) << 8;
    }
    s.head = posting;
    if ((s.tag & 0xff) != 0xff) ++s.tag;
    return previous;
  }
  // Starts loading the slot where `key`'s probe begins: a table larger than
  // the caches costs a miss a key, and a document's keys are known at once.
  void Prefetch(uint64_t key) const { __builtin_prefetch(&slots_[Start(key)]); }
  size_t MemoryBytes() const { return slots_.capacity() * sizeof(Slot); }
  // Room for `keys` keys without a rehash.
  void Reserve(size_t keys) {
    if (!Fits(keys, slots_.size())) Rehash(keys + keys / 3 + 1);
  }

 private:
  struct Slot {
    uint32_t home = 0, tag = 0, head = kNone;
  };
  static uint32_t Home(uint64_t key) { return static_cast<uint32_t>(key); }
  static uint32_t Check(uint64_t key) { return static_cast<uint32_t>(key >> 40); }
  static bool Same(const Slot& s, uint64_t key) { return s.home == Home(key) && (s.tag >> 8) == Check(key); }
  static bool Fits(size_t keys, size_t capacity) { return keys * 4 <= capacity * 3; }
  static size_t StartIn(uint32_t home, size_t capacity) { return (uint64_t{home} * capacity) >> 32; }
  static size_t NextIn(size_t i, size_t capacity) { return i + 1 == capacity ? 0 : i + 1; }
  size_t Start(uint64_t key) const { return StartIn(Home(key), slots_.size()); }
  size_t Next(size_t i) const { return NextIn(i, slots_.size()); }

  void Rehash(size_t capacity) {
    std::vector<Slot> slots(capacity);
    for (const Slot& s : slots_) {
      if (s.head == kNone) continue;
      size_t j = StartIn(s.home, capacity);
      while (slots[j].head != kNone) j = NextIn(j, capacity);
      slots[j] = s;
    }
    slots_ = std::move(slots);
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

// What one earlier document has in common with the one being added.
struct Hit {
  uint32_t doc;
  uint8_t kind;  // kContent, kBand or kSeed
};
constexpr uint8_t kContent = 0, kBand = 1, kSeed = 2;

}  // namespace

struct LinkIndex::Impl {
  LinkOptions options;
  size_t rows = 0;                   // bins per LSH band
  size_t n = 0;                      // documents added
  std::vector<uint32_t> signatures;  // n x bins; kEmptyBin rows for documents without shingles
  std::vector<uint32_t> shingles;    // per document
  // A table's head is a posting, except a seed fingerprint's of one
  // document, which is that document (AddSeeds).
  PostingTable contents, bands, seeds;
  std::vector<uint32_t> content_next;        // posting = document
  std::vector<uint32_t> band_next;           // posting = document x bands + band
  struct SeedPosting {
    uint32_t doc, next;  // together: a step along a chain is one memory access
  };
  std::vector<SeedPosting> seed_postings;  // fingerprints of two or more documents only
  // Rank's scratch: per earlier document its tally's index, kNone when it
  // has none (reset after each Add through the tallies themselves).
  std::vector<uint32_t> tally_of;

  const uint32_t* Signature(size_t doc) const { return &signatures[doc * options.minhash_bins]; }
  bool HasSignature(size_t doc) const { return shingles[doc] > 0; }

  // Each adds document n's postings and, unless `hits` is null (Insert),
  // the earlier documents its postings meet.
  void AddContent(uint64_t hash, std::vector<Hit>* hits);
  void AddBands(const std::vector<uint32_t>& sig, std::vector<Hit>* hits);
  void AddSeeds(const std::vector<uint64_t>& fingerprints, std::vector<Hit>* hits);
  std::vector<Candidate> Rank(const std::vector<Hit>& hits, const DocumentSketch& s);
};

// Documents with the same content hash; the most recent ones only, so a
// story syndicated a thousand times costs a bounded amount per copy.
void LinkIndex::Impl::AddContent(uint64_t hash, std::vector<Hit>* hits) {
  const uint32_t doc = static_cast<uint32_t>(n);
  content_next.push_back(kNone);
  if (hash == 0) return;
  size_t read = 0;
  for (uint32_t p = hits ? contents.Find(hash).first : kNone; p != kNone && read < options.max_seed_documents;
       p = content_next[p], ++read) {
    hits->push_back({p, kContent});
  }
  content_next[doc] = contents.Push(hash, doc);
}

void LinkIndex::Impl::AddBands(const std::vector<uint32_t>& sig, std::vector<Hit>* hits) {
  const size_t nb = options.lsh_bands;
  band_next.resize(band_next.size() + nb, kNone);
  if (sig.empty()) return;
  uint64_t keys[kMaxBands];
  for (size_t b = 0; b < nb; ++b) {
    if (b % kMaxBands == 0) {  // the next bands' keys, their slots prefetched
      for (size_t k = b; k < std::min(nb, b + kMaxBands); ++k) {
        keys[k - b] = XXH3_64bits_withSeed(&sig[k * rows], rows * sizeof(uint32_t), kBandSeed + k);
        bands.Prefetch(keys[k - b]);
      }
    }
    const uint64_t key = keys[b % kMaxBands];
    size_t read = 0;
    for (uint32_t p = hits ? bands.Find(key).first : kNone; p != kNone && read < options.max_seed_documents;
         p = band_next[p], ++read) {
      hits->push_back({static_cast<uint32_t>(p / nb), kBand});
    }
    uint32_t posting = static_cast<uint32_t>(n * nb + b);
    band_next[posting] = bands.Push(key, posting);
  }
}

// A fingerprint already stored for max_seed_documents documents is a stock
// phrase: it neither proposes candidates nor grows its list any further.
// A fingerprint of one document (99% of them at 100,000 reports) keeps that
// document as its chain's head itself; a second document gives both a
// posting (the first's appended before the new one, so the chain stays
// newest first).
void LinkIndex::Impl::AddSeeds(const std::vector<uint64_t>& fingerprints, std::vector<Hit>* hits) {
  const uint32_t doc = static_cast<uint32_t>(n);
  for (uint64_t f : fingerprints) seeds.Prefetch(f);
  for (uint64_t f : fingerprints) {
    auto [head, count] = seeds.Find(f);
    if (count >= options.max_seed_documents) continue;
    if (count == 0) {
      seeds.Push(f, doc);
      continue;
    }
    if (hits && count == 1) hits->push_back({head, kSeed});
    for (uint32_t p = hits && count > 1 ? head : kNone; p != kNone; p = seed_postings[p].next) {
      hits->push_back({seed_postings[p].doc, kSeed});
    }
    // Grown by half, not doubled.
    if (seed_postings.size() + 2 > seed_postings.capacity()) {
      seed_postings.reserve(seed_postings.size() + seed_postings.size() / 2 + 64);
    }
    if (count == 1) {  // the first document's posting
      seed_postings.push_back({head, kNone});
      head = static_cast<uint32_t>(seed_postings.size() - 1);
    }
    const uint32_t posting = static_cast<uint32_t>(seed_postings.size());
    seed_postings.push_back({doc, head});
    seeds.Push(f, posting);
  }
}

// Hits tallied per document in one pass over a dense index (a document
// can be hit by every band and seed: sorting all hits cost more than the
// rest of ranking), then the documents in order.
std::vector<Candidate> LinkIndex::Impl::Rank(const std::vector<Hit>& hits, const DocumentSketch& s) {
  struct Tally {
    uint32_t doc, band_hits = 0, seeds = 0;
    bool duplicate = false;
  };
  std::vector<Tally> tallies;
  tally_of.resize(n, kNone);
  for (Hit h : hits) {
    if (tally_of[h.doc] == kNone) {
      tally_of[h.doc] = static_cast<uint32_t>(tallies.size());
      tallies.push_back(Tally{h.doc});
    }
    Tally& t = tallies[tally_of[h.doc]];
    t.duplicate |= h.kind == kContent;
    t.band_hits += h.kind == kBand;
    t.seeds += h.kind == kSeed;
  }
  std::sort(tallies.begin(), tallies.end(), [](const Tally& x, const Tally& y) { return x.doc < y.doc; });
  std::vector<Candidate> out;
  for (const Tally& t : tallies) {
    tally_of[t.doc] = kNone;
    // Kept only for a copy, enough seeds or a band: a single chance seed
    // (most hits) is dropped before its signature is read.
    if (!t.duplicate && t.seeds < options.min_shared_seeds && t.band_hits == 0) continue;
    Candidate c;
    c.a = t.doc;
    c.b = n;
    c.duplicate = t.duplicate;
    c.shared_seeds = t.seeds;
    if (!s.minhash.empty() && HasSignature(c.a)) {
      c.jaccard = EqualBins(Signature(c.a), s.minhash.data(), options.minhash_bins);
      c.containment_a = ContainmentFrom(c.jaccard, shingles[c.a], s.shingles);
      c.containment_b = ContainmentFrom(c.jaccard, s.shingles, shingles[c.a]);
    }
    bool keep = c.duplicate || c.shared_seeds >= options.min_shared_seeds ||
                (t.band_hits > 0 && c.jaccard >= options.min_candidate_jaccard);
    if (keep) out.push_back(c);
  }
  auto strength = [](const Candidate& c) {
    return std::max({c.jaccard, c.containment_a, c.containment_b}) + (c.duplicate ? 2.0 : 0.0);
  };
  std::stable_sort(out.begin(), out.end(), [&](const Candidate& x, const Candidate& y) {
    double sx = strength(x), sy = strength(y);
    if (sx != sy) return sx > sy;
    return x.shared_seeds > y.shared_seeds;
  });
  if (out.size() > options.max_candidates) out.resize(options.max_candidates);
  return out;
}

LinkIndex::LinkIndex(const LinkOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  assert(options.lsh_bands > 0 && options.minhash_bins % options.lsh_bands == 0);
  assert(options.max_seed_documents < 255);  // counts saturate at 255
  impl_->rows = options.minhash_bins / options.lsh_bands;
}
LinkIndex::~LinkIndex() = default;
LinkIndex::LinkIndex(LinkIndex&&) noexcept = default;
LinkIndex& LinkIndex::operator=(LinkIndex&&) noexcept = default;

std::vector<Candidate> LinkIndex::Add(const DocumentSketch& sketch) { return Put(sketch, true); }

void LinkIndex::Insert(const DocumentSketch& sketch) { Put(sketch, false); }

std::vector<Candidate> LinkIndex::Put(const DocumentSketch& sketch, bool rank) {
  Impl& x = *impl_;
  assert(sketch.minhash.empty() || sketch.minhash.size() == x.options.minhash_bins);
  std::vector<Hit> hits;
  x.AddContent(sketch.content_hash, rank ? &hits : nullptr);
  x.AddBands(sketch.minhash, rank ? &hits : nullptr);
  x.AddSeeds(sketch.seeds, rank ? &hits : nullptr);
  link_internal::ThreadWork().index_entries_read += hits.size();
  // Rank's scratch is sized by each call, so skipping it leaves nothing behind.
  std::vector<Candidate> out = rank ? x.Rank(hits, sketch) : std::vector<Candidate>{};
  if (sketch.minhash.empty()) {
    x.signatures.resize(x.signatures.size() + x.options.minhash_bins, kEmptyBin);
  } else {
    x.signatures.insert(x.signatures.end(), sketch.minhash.begin(), sketch.minhash.end());
  }
  x.shingles.push_back(sketch.shingles);
  ++x.n;
  return out;
}

void LinkIndex::Reserve(size_t documents, size_t seeds) {
  Impl& x = *impl_;
  x.signatures.reserve(documents * x.options.minhash_bins);
  x.shingles.reserve(documents);
  x.content_next.reserve(documents);
  x.band_next.reserve(documents * x.options.lsh_bands);
  x.contents.Reserve(documents);
  x.bands.Reserve(documents * x.options.lsh_bands);
  x.seeds.Reserve(seeds);
}

size_t LinkIndex::size() const { return impl_->n; }

size_t LinkIndex::MemoryBytes() const {
  const Impl& x = *impl_;
  size_t vectors = x.signatures.capacity() + x.shingles.capacity() + x.content_next.capacity() +
                   x.band_next.capacity() + 2 * x.seed_postings.capacity() + x.tally_of.capacity();
  return vectors * sizeof(uint32_t) + x.contents.MemoryBytes() + x.bands.MemoryBytes() + x.seeds.MemoryBytes();
}

}  // namespace crosscheck
