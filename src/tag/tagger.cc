#include "tag/tagger.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include "tag/features.h"
#include "tag/model.h"

namespace crosscheck {

using tag_internal::kTasks;
using tag_internal::ModelData;

namespace {

// A label split into its IOB/BILOU prefix and entity or chunk type.
struct Label {
  char prefix = 'O';  // B, I, L, U or O
  int type = -1;      // index into Impl::types, -1 for O
};

// Per-thread buffers, so tagging allocates nothing once warm.
struct Scratch {
  tag_internal::SentenceInfo info;
  std::vector<uint64_t> feats;
  std::vector<size_t> ends;
  // Word i's score of global class c is base[i * stride + c], for the
  // classes being tagged: all of them (stride = all classes), or the NER
  // classes alone (stride = NER classes; base then starts with the other
  // classes' count of unused padding, so word 0's row stays inside it).
  std::vector<int32_t> base, row;
  size_t stride = 0;
  std::array<std::vector<uint8_t>, kTasks> tags;
  // Each word's TypeScores rows, and the rows of words not in the cache;
  // they cover the classes from rows_lo on, rows_width of them a row.
  std::vector<const int32_t*> word_rows;
  int rows_lo = 0;
  size_t rows_width = 0;
  std::vector<int32_t> direct;
  std::vector<uint64_t> keys;  // each word's TypeScores key
  std::span<const std::string_view> words;  // the sentence's, for AffixesOf
  // Rows of the same classes: the neighbour rows of the sentence's edges
  // (TypeScores), each shape pair's two and each word's place row
  // (PairScores), and the rows of pairs not in the cache.
  const int32_t* edge_rows = nullptr;
  std::vector<const int32_t*> pair_rows, place_rows;
  std::vector<int32_t> pair_direct;
};

// The first index of the largest of x[0, n), n > 0: the maximum found first
// (a loop the compiler turns into vector instructions), then its place; a
// scan that kept the best index so far compared every score with a score
// read back through it.
size_t ArgMax(const int32_t* x, size_t n) {
  int32_t m = x[0];
  for (size_t c = 1; c < n; ++c) m = std::max(m, x[c]);
  size_t c = 0;
  while (x[c] != m) ++c;
  return c;
}

// Row sums over n classes: rows never overlap what they are added into, and
// said so with restrict the compiler adds them with vector instructions
// without first checking, at every call, whether they overlap.
inline void SumOf3(int32_t* __restrict out, size_t n, const int32_t* __restrict a, const int32_t* __restrict b,
                   const int32_t* __restrict c) {
  for (size_t k = 0; k < n; ++k) out[k] = a[k] + b[k] + c[k];
}
inline void AddSumOf8(int32_t* __restrict out, size_t n, const int32_t* __restrict a, const int32_t* __restrict b,
                      const int32_t* __restrict c, const int32_t* __restrict d, const int32_t* __restrict e,
                      const int32_t* __restrict f, const int32_t* __restrict g, const int32_t* __restrict h) {
  for (size_t k = 0; k < n; ++k) out[k] += a[k] + b[k] + c[k] + d[k] + e[k] + f[k] + g[k] + h[k];
}

// Which tagger, gazetteer and byte budget a per-thread cache holds rows
// for: it is emptied when any of them changes.
struct CacheOwner {
  const void* owner = nullptr;  // the Tagger::Impl
  uint64_t generation = 0;      // its gazetteer's generation
  size_t budget = 0;
  // False when the cache already holds these; else true, and it now does.
  bool Claim(const void* o, uint64_t g, size_t b) {
    if (owner == o && generation == g && budget == b) return false;
    owner = o, generation = g, budget = b;
    return true;
  }
};

// Slots of an open-addressing index at most half full with `entries`: a
// power of two, so a probe wraps with a mask.
size_t SlotsFor(size_t entries) {
  size_t slots = 16;
  while (slots < 2 * entries) slots *= 2;
  return slots;
}

// The summed weights, per word type under a sentence casing, of its
// word-type features, of the context features it gives each neighbour
// (NeighbourFeatures), and of its entity history features after an O
// (WordHistoryFeatures), one row of the classes tagged each, per thread: a
// frequent word's ~30 lookups become five rows, and the entity
// decoder's two lookups a word, which wait on the tag before it, become one
// row added whenever that tag is O (most words). Integer sums, so the scores
// are the same as adding the features one by one.
struct TypeScores {
  // The first types seen are kept, up to kMaxRowBytes of rows (408 bytes a
  // type for the NER classes: about 51,000 types; 1.9 KB for all classes:
  // about 10,000); later ones are scored directly. The 8,192 types kept
  // before filled up on distinct articles: with this budget the 1,700 real
  // articles of docs/PERFORMANCE.md take 2.1% fewer instructions.
  static constexpr size_t kMaxRowBytes = size_t{20} << 20;
  // Rows per type: the word-type features', the neighbour features' for
  // each of kNeighbourOffsets, then the entity history features' after an O.
  static constexpr size_t kNeighbourRows = std::size(tag_internal::kNeighbourOffsets);
  static constexpr size_t kOutsideRow = 1 + kNeighbourRows;
  static constexpr size_t kRows = kOutsideRow + 1;
  CacheOwner held;
  // A type is its key, Mix(word hash, casing), and a 32-bit check of its
  // lower-case and shape hashes: a word's WordInfo, and so its rows, follow
  // from the word alone (and the gazetteer), so two words share rows only
  // when both their keys and their checks collide (the output is
  // byte-identical barring that). Key -> type, open addressing, at most half
  // full: a lookup reads one 16-byte slot and then the rows. (Slots that kept
  // half the key were checked against a copy of each type's WordInfo, a
  // cache miss for every word.)
  struct Slot {
    uint64_t key = 0;  // 0: empty (Mix never gives 0)
    uint32_t check = 0;
    uint32_t type = 0;
  };
  static uint32_t CheckOf(const tag_internal::WordInfo& x) { return static_cast<uint32_t>(x.lower ^ x.shape); }
  std::vector<Slot> index;
  size_t types = 0;
  // The type of (key, check), or -1 with `slot` where it would go.
  int64_t Find(uint64_t key, uint32_t check, size_t& slot) const {
    const size_t mask = index.size() - 1;
    for (slot = static_cast<size_t>(key) & mask;; slot = (slot + 1) & mask) {
      const Slot& x = index[slot];
      if (x.key == key && x.check == check) return x.type;
      if (x.key == 0) return -1;
    }
  }
  // Prefetches: the slot where `key`'s probe begins; once that is in cache,
  // the `row_ints` ints of rows of the type it names.
  void FetchSlot(uint64_t key) const { __builtin_prefetch(&index[static_cast<size_t>(key) & (index.size() - 1)]); }
  void FetchType(uint64_t key, size_t row_ints) const {
    const Slot& x = index[static_cast<size_t>(key) & (index.size() - 1)];
    if (x.key != key) return;
    tag_internal::PrefetchBytes(rows.data() + x.type * row_ints, row_ints * sizeof(int32_t));
  }
  size_t max_types = 0;        // kMaxRowBytes / the bytes of one type's rows
  std::vector<int32_t> rows;   // kRows per type; capacity for max_types, so rows never move
  std::vector<int32_t> edges;  // the neighbour rows of the sentence's edges, per offset
};

// The summed weights, per pair of adjacent word shapes, of the context
// features that read those two shapes alone (ShapePairFeatures: a row for
// the left word, a row for the right one), and per sentence casing and
// place of the one that reads the casing, the place and the capital
// (PlaceFeature), one row of the classes tagged each, per thread: a
// sentence's shapes come in a few hundred pairs, so three lookups a word
// become three rows added. Integer sums, as TypeScores'.
struct PairScores {
  // The first pairs seen are kept, up to kMaxRowBytes of rows (136 bytes a
  // pair for the NER classes: 7,710; 656 for all classes, which `tag`
  // alone reads: 1,598); later ones are scored directly. The 1,700 real
  // articles of docs/PERFORMANCE.md have 1,250 pairs, the growth corpus's
  // 10,000 3,074.
  static constexpr size_t kMaxRowBytes = size_t{1} << 20;
  CacheOwner held;
  struct Slot {
    uint64_t left = 0, right = 0;  // left 0: empty (a shape hash is never 0)
    uint64_t pair = 0;
  };
  std::vector<Slot> index;  // Mix(left, right) -> pair, open addressing, at most half full
  size_t pairs = 0, max_pairs = 0;
  std::vector<int32_t> rows;   // two per pair: its left word's, its right word's
  std::vector<int32_t> place;  // per casing, first word or not, capitalised or not: at PlaceRow
  // Where the place row of (casing, first, capitalised) begins, `width` classes a row.
  static size_t PlaceRow(size_t casing, bool first, bool capitalised, size_t width) {
    return ((casing * 2 + first) * 2 + capitalised) * width;
  }
};

// Per thread, for one Tagger::Impl: per task, the scores of its classes for
// the features of each pair of previous tags (TagHistoryFeatures), at
// [(p2 * (classes + 1) + p1) * classes], tag `classes` standing for none.
struct HistoryScores {
  CacheOwner held;
  std::array<std::vector<int32_t>, kTasks> rows;
  std::array<std::vector<uint8_t>, kTasks> filled;  // per pair: its row is computed
};

}  // namespace

struct Tagger::Impl {
  ModelData model;
  // Chunk and NER labels as prefix + type; IOB1 output strings per type.
  std::array<std::vector<Label>, kTasks> labels;
  std::vector<std::string> types;
  std::vector<std::string> inside, begin;  // "I-X", "B-X" per type
  std::string outside = "O";
  // The NER task's O among its classes (a tag of Decode), or kNoTag.
  uint8_t ner_outside = tag_internal::kNoTag;
  // The per-thread row caches' budgets (tag_internal::SetRowCacheBudgets).
  size_t type_row_bytes = TypeScores::kMaxRowBytes, pair_row_bytes = PairScores::kMaxRowBytes;

  int TypeId(std::string_view t) {
    for (size_t i = 0; i < types.size(); ++i) if (types[i] == t) return static_cast<int>(i);
    types.emplace_back(t);
    inside.push_back("I-" + std::string(t));
    begin.push_back("B-" + std::string(t));
    return static_cast<int>(types.size() - 1);
  }

  void Index() {
    for (int t = 1; t < kTasks; ++t) {
      for (const std::string& c : model.classes[t]) {
        labels[t].push_back(c.size() > 2 && c[1] == '-' ? Label{c[0], TypeId(std::string_view(c).substr(2))}
                                                         : Label{});
        if (t == 2 && c == "O") ner_outside = static_cast<uint8_t>(labels[t].size() - 1);
      }
    }
  }

  // The weights a task's classes live in.
  const tag_internal::WeightTable& TableOf(int task) const { return task == 2 ? model.ner : model.syntax.Get(); }

  // Greedy left-to-right decoding of one task over the scores in sc.base.
  void Decode(int task, size_t n, Scratch& sc) const {
    const int classes = model.offset[kTasks];
    const int lo = model.offset[task], hi = model.offset[task + 1];
    const size_t stride = sc.stride;
    std::vector<uint8_t>& out = sc.tags[task];
    out.assign(n, 0);
    // Only the task's classes [lo, hi) are read back, so only they are
    // refreshed from base for each word; what AddAll adds to other classes
    // of the row is never read.
    // The scores of the features of the two previous tags alone, per tag
    // pair, per thread, filled on first use (integer rows: the same sums).
    thread_local HistoryScores hs;
    if (hs.held.Claim(this, model.gazetteer.generation(), 0)) {
      for (int t = 0; t < kTasks; ++t) hs.rows[t].clear(), hs.filled[t].clear();
    }
    const size_t width = static_cast<size_t>(hi - lo), states = width + 1;  // a tag, or none (the sentence start)
    std::vector<int32_t>& pair_rows = hs.rows[task];
    std::vector<uint8_t>& filled = hs.filled[task];
    if (filled.empty()) {
      filled.assign(states * states, 0);
      pair_rows.assign(states * states * width, 0);
    }
    sc.row.resize(static_cast<size_t>(classes));
    for (size_t i = 0; i < n; ++i) {
      const uint8_t p1 = i >= 1 ? out[i - 1] : tag_internal::kNoTag;
      const uint8_t p2 = i >= 2 ? out[i - 2] : tag_internal::kNoTag;
      const size_t pair = (p2 == tag_internal::kNoTag ? width : p2) * states + (p1 == tag_internal::kNoTag ? width : p1);
      int32_t* h = pair_rows.data() + pair * width;
      if (!filled[pair]) {
        sc.feats.clear();
        tag_internal::TagHistoryFeatures(task, p2, p1, sc.feats);
        sc.row.assign(static_cast<size_t>(classes), 0);
        TableOf(task).AddAll(sc.feats, sc.row.data());
        std::copy(sc.row.begin() + lo, sc.row.begin() + hi, h);
        filled[pair] = 1;
      }
      const int32_t* b = sc.base.data() + i * stride + lo;
      if (task == 2 && ner_outside != tag_internal::kNoTag && p1 == ner_outside) {
        // The word type's history row after an O (FindTypeRows); a model
        // without an O has none (and kNoTag marks the sentence's start).
        const int32_t* o = sc.word_rows[i] + TypeScores::kOutsideRow * sc.rows_width + (lo - sc.rows_lo);
        SumOf3(sc.row.data() + lo, width, b, h, o);
      } else {
        for (size_t c = 0; c < width; ++c) sc.row[lo + c] = b[c] + h[c];
        sc.feats.clear();
        tag_internal::WordHistoryFeatures(sc.info, task, p1, i, sc.feats);
        TableOf(task).AddAll(sc.feats, sc.row.data());
      }
      out[i] = static_cast<uint8_t>(ArgMax(sc.row.data() + lo, width));
    }
  }

  // The scores of `feats` for the classes from `lo` on, into out. REQUIRES:
  // `tables` add to classes from `lo` on only (with lo > 0, the NER table
  // alone), so only those are cleared first.
  void Score(int lo, std::span<const tag_internal::WeightTable* const> tables, std::span<const uint64_t> feats,
             Scratch& sc, int32_t* out) const {
    sc.row.resize(static_cast<size_t>(model.offset[kTasks]));
    std::fill(sc.row.begin() + lo, sc.row.end(), 0);
    for (const tag_internal::WeightTable* t : tables) t->AddAll(feats, sc.row.data());
    std::copy(sc.row.begin() + lo, sc.row.end(), out);
  }

  // Word i's TypeScores::kRows rows into out, `width` classes each from `lo`.
  void ScoreRows(size_t i, int lo, size_t width, std::span<const tag_internal::WeightTable* const> tables,
                 Scratch& sc, int32_t* out) const {
    sc.info.affixes[i] = tag_internal::AffixesOf(sc.words[i]);  // Describe left them out
    sc.feats.clear();
    tag_internal::WordFeatures(sc.info, i, sc.feats, tag_internal::kTypeFeatures);
    Score(lo, tables, sc.feats, sc, out);
    for (int offset : tag_internal::kNeighbourOffsets) {
      out += width;
      sc.feats.clear();
      tag_internal::NeighbourFeatures(&sc.info.words[i], &sc.info.affixes[i], offset, sc.feats);
      Score(lo, tables, sc.feats, sc, out);
    }
    out += width;
    sc.feats.clear();
    if (ner_outside != tag_internal::kNoTag) tag_internal::WordHistoryFeatures(sc.info, 2, ner_outside, i, sc.feats);
    Score(lo, tables, sc.feats, sc, out);
  }

  // Finds every word's TypeScores rows (its word-type and neighbour
  // features' scores) for the classes from `lo` on, in the per-thread cache
  // of those classes (filled on first sight of a word type): sc.word_rows,
  // and sc.edge_rows for the sentence's edges. AddWordRows adds them.
  void FindTypeRows(size_t n, int lo, std::span<const tag_internal::WeightTable* const> tables, Scratch& sc) const {
    constexpr size_t kRows = TypeScores::kRows;
    thread_local std::array<TypeScores, 2> caches;  // all classes; NER classes only
    TypeScores& ts = caches[lo > 0];
    const size_t classes = static_cast<size_t>(model.offset[kTasks]), width = classes - lo;
    if (ts.held.Claim(this, model.gazetteer.generation(), type_row_bytes)) {
      ts.max_types = type_row_bytes / (kRows * width * sizeof(int32_t));
      ts.index.assign(SlotsFor(ts.max_types), TypeScores::Slot{});
      ts.types = 0;
      ts.rows.clear();
      ts.rows.reserve(ts.max_types * kRows * width);
      ts.edges.assign(TypeScores::kNeighbourRows * width, 0);
      for (size_t k = 0; k < TypeScores::kNeighbourRows; ++k) {
        sc.feats.clear();
        tag_internal::NeighbourFeatures(nullptr, nullptr, tag_internal::kNeighbourOffsets[k], sc.feats);
        Score(lo, tables, sc.feats, sc, ts.edges.data() + k * width);
      }
    }
    const auto casing = static_cast<uint8_t>(sc.info.casing);
    sc.rows_lo = lo;
    sc.rows_width = width;
    sc.word_rows.resize(n);
    // Rows of words scored directly: grown only, since growing a vector
    // zero-fills its new part, which a sentence longer than the last paid
    // for every word (and the rows are written before they are read).
    if (sc.direct.size() < n * kRows * width) sc.direct.resize(n * kRows * width);
    // The words' index slots, then the rows of the types they name, are
    // fetched before any is read, so that their cache misses overlap.
    sc.keys.resize(n);
    for (size_t i = 0; i < n; ++i) {
      sc.keys[i] = tag_internal::Mix(sc.info.words[i].word, casing);
      ts.FetchSlot(sc.keys[i]);
    }
    for (size_t i = 0; i < n; ++i) ts.FetchType(sc.keys[i], kRows * width);
    for (size_t i = 0; i < n; ++i) {
      const uint64_t key = sc.keys[i];
      const uint32_t check = TypeScores::CheckOf(sc.info.words[i]);
      size_t slot = 0;
      const int64_t type = ts.Find(key, check, slot);
      if (type >= 0) {
        sc.word_rows[i] = ts.rows.data() + static_cast<size_t>(type) * kRows * width;
      } else if (ts.types < ts.max_types) {
        ts.index[slot] = {key, check, static_cast<uint32_t>(ts.types++)};
        ts.rows.resize(ts.rows.size() + kRows * width);
        sc.word_rows[i] = ts.rows.data() + ts.rows.size() - kRows * width;
        ScoreRows(i, lo, width, tables, sc, ts.rows.data() + ts.rows.size() - kRows * width);
      } else {  // the cache is full: scored directly
        sc.word_rows[i] = sc.direct.data() + i * kRows * width;
        ScoreRows(i, lo, width, tables, sc, sc.direct.data() + i * kRows * width);
      }
    }
    sc.edge_rows = ts.edges.data();
  }

  // Finds the PairScores rows of the sentence's shape pairs and of every
  // word's place for the classes from `lo` on, in the per-thread cache of
  // those classes (filled on first sight of a pair): sc.pair_rows and
  // sc.place_rows. AddWordRows adds them.
  void FindPairRows(size_t n, int lo, std::span<const tag_internal::WeightTable* const> tables, Scratch& sc) const {
    thread_local std::array<PairScores, 2> caches;  // all classes; NER classes only
    PairScores& ps = caches[lo > 0];
    const size_t classes = static_cast<size_t>(model.offset[kTasks]), width = classes - lo;
    if (ps.held.Claim(this, model.gazetteer.generation(), pair_row_bytes)) {
      ps.max_pairs = pair_row_bytes / (2 * width * sizeof(int32_t));
      ps.index.assign(SlotsFor(ps.max_pairs), PairScores::Slot{});
      ps.pairs = 0;
      ps.rows.clear();
      ps.rows.reserve(ps.max_pairs * 2 * width);
      ps.place.assign(3 * 2 * 2 * width, 0);
      for (int casing = 0; casing < 3; ++casing) {
        for (int first = 0; first < 2; ++first) {
          for (int cap = 0; cap < 2; ++cap) {
            const uint64_t f = tag_internal::PlaceFeature(static_cast<tag_internal::SentenceCase>(casing), first, cap);
            Score(lo, tables, {&f, 1}, sc, ps.place.data() + PairScores::PlaceRow(casing, first, cap, width));
          }
        }
      }
    }
    if (n == 0) return;
    const std::vector<tag_internal::WordInfo>& w = sc.info.words;
    // Pair j is (word j - 1, word j), the sentence's edges standing for the
    // words beyond them: word i takes the right row of pair i and the left
    // row of pair i + 1.
    sc.pair_rows.resize(n + 1);
    if (sc.pair_direct.size() < (n + 1) * 2 * width) sc.pair_direct.resize((n + 1) * 2 * width);
    for (size_t j = 0; j <= n; ++j) {
      const uint64_t left = j == 0 ? tag_internal::kBoundaryL : w[j - 1].shape;
      const uint64_t right = j == n ? tag_internal::kBoundaryR : w[j].shape;
      sc.pair_rows[j] = PairRows(ps, left, right, lo, width, tables, sc, sc.pair_direct.data() + j * 2 * width);
    }
    const size_t casing = static_cast<size_t>(sc.info.casing);
    sc.place_rows.resize(n);
    for (size_t i = 0; i < n; ++i) {
      sc.place_rows[i] = ps.place.data() + PairScores::PlaceRow(casing, i == 0, w[i].init_cap, width);
    }
  }

  // Adds to every word's scores, for the classes from `lo` on, the rows
  // FindTypeRows and FindPairRows found: its type's, its neighbours',
  // its two shape pairs' and its place's, in one pass.
  void AddWordRows(size_t n, int lo, Scratch& sc) const {
    const size_t width = sc.rows_width;
    static_assert(TypeScores::kNeighbourRows == 4, "the sum below adds four neighbour rows");
    for (size_t i = 0; i < n; ++i) {
      const int32_t* r[TypeScores::kNeighbourRows];
      for (size_t k = 0; k < TypeScores::kNeighbourRows; ++k) {
        const long j = static_cast<long>(i) + tag_internal::kNeighbourOffsets[k];
        r[k] = j < 0 || j >= static_cast<long>(n) ? sc.edge_rows + k * width : sc.word_rows[j] + (k + 1) * width;
      }
      int32_t* base = sc.base.data() + i * sc.stride + lo;
      AddSumOf8(base, width, sc.word_rows[i], r[0], r[1], r[2], r[3], sc.pair_rows[i] + width, sc.pair_rows[i + 1],
                sc.place_rows[i]);
    }
  }

  // The two rows of the pair (left, right): cached, or scored now into
  // `direct` (two rows' room) when the cache is full.
  const int32_t* PairRows(PairScores& ps, uint64_t left, uint64_t right, int lo, size_t width,
                          std::span<const tag_internal::WeightTable* const> tables, Scratch& sc,
                          int32_t* direct) const {
    const size_t mask = ps.index.size() - 1;
    size_t slot = static_cast<size_t>(tag_internal::Mix(left, right)) & mask;
    for (; ps.index[slot].left != 0; slot = (slot + 1) & mask) {
      const PairScores::Slot& x = ps.index[slot];
      if (x.left == left && x.right == right) return ps.rows.data() + x.pair * 2 * width;
    }
    int32_t* out = direct;
    if (ps.pairs < ps.max_pairs) {
      ps.index[slot] = {left, right, ps.pairs++};
      ps.rows.resize(ps.rows.size() + 2 * width);
      out = ps.rows.data() + ps.rows.size() - 2 * width;
    }
    const tag_internal::ShapePair p = tag_internal::ShapePairFeatures(left, right);
    Score(lo, tables, {&p.of_left, 1}, sc, out);
    Score(lo, tables, {&p.of_right, 1}, sc, out + width);
    return out;
  }

  // Adds features of one stage to every word's scores, all words' lookups
  // in one batch so their memory accesses overlap.
  template <typename Fn>
  void AddStage(size_t n, std::span<const tag_internal::WeightTable* const> tables, Scratch& sc,
                Fn features) const {
    sc.feats.clear();
    sc.ends.clear();
    for (size_t i = 0; i < n; ++i) {
      features(i, sc.feats);
      sc.ends.push_back(sc.feats.size());
    }
    for (const tag_internal::WeightTable* t : tables) t->AddRows(sc.feats, sc.ends, sc.base.data(), sc.stride);
  }

  // IOB1 strings for the chunk or NER tags of one sentence.
  void ToIob1(int task, const std::vector<uint8_t>& tags, std::vector<WordTags>& out) const {
    int open = -1, prev_type = -1;
    for (size_t i = 0; i < tags.size(); ++i) {
      Label l = labels[task][tags[i]];
      std::string_view s = outside;
      if (l.type >= 0) {
        bool starts = l.prefix == 'B' || l.prefix == 'U' || open != l.type;
        s = starts && prev_type == l.type ? begin[l.type] : inside[l.type];
        open = l.prefix == 'L' || l.prefix == 'U' ? -1 : l.type;
      } else {
        open = -1;
      }
      prev_type = l.type;
      (task == 1 ? out[i].chunk : out[i].ner) = s;
    }
  }
};

Tagger::Tagger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Tagger::Tagger(Tagger&&) noexcept = default;
Tagger& Tagger::operator=(Tagger&&) noexcept = default;
Tagger::~Tagger() = default;

Result<Tagger> Tagger::FromModel(Result<ModelData> m) {
  if (!m.ok()) return m.status();
  auto impl = std::make_unique<Impl>();
  impl->model = std::move(m.value());
  impl->Index();
  return Tagger(std::move(impl));
}

Result<Tagger> Tagger::FromBytes(std::string_view bytes, std::string_view origin) {
  return FromModel(tag_internal::ParseModel(bytes, origin));
}

Result<Tagger> Tagger::Load(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::Error("cannot open tagger model " + path + "; check the path or run `make train`");
  std::ostringstream bytes;
  bytes << f.rdbuf();
  return FromBytes(bytes.str(), path);
}

Result<Tagger> Tagger::FromImage(std::string_view image, std::string_view origin, bool verify) {
  return FromModel(tag_internal::ModelFromImage(image, origin, verify));
}

std::vector<WordTags> Tagger::Tag(std::span<const std::string_view> words, Layers layers) const {
  if (words.size() > kMaxSentenceWords) {
    std::vector<WordTags> out;
    for (size_t b = 0; b < words.size(); b += kMaxSentenceWords) {
      std::vector<WordTags> part = Tag(words.subspan(b, std::min(kMaxSentenceWords, words.size() - b)), layers);
      out.insert(out.end(), part.begin(), part.end());
    }
    return out;
  }
  thread_local Scratch sc;
  const Impl& im = *impl_;
  const size_t n = words.size();
  const bool all = layers == Layers::kAll;
  const tag_internal::WeightTable* both[] = {all ? &im.model.syntax.Get() : nullptr, &im.model.ner};
  std::span<const tag_internal::WeightTable* const> word_tables = all ? std::span(both) : std::span(both).last(1);
  tag_internal::Describe(words, im.model.gazetteer, sc.info, /*affixes=*/false);
  sc.words = words;
  const size_t first = all ? 0 : static_cast<size_t>(im.model.offset[2]);
  sc.stride = static_cast<size_t>(im.model.offset[kTasks]) - first;
  sc.base.assign(first + n * sc.stride, 0);
  im.FindTypeRows(n, static_cast<int>(first), word_tables, sc);
  im.FindPairRows(n, static_cast<int>(first), word_tables, sc);
  im.AddWordRows(n, static_cast<int>(first), sc);
  im.AddStage(n, word_tables, sc, [&](size_t i, std::vector<uint64_t>& f) {
    tag_internal::WordFeatures(sc.info, i, f,
                               tag_internal::kContextFeatures | tag_internal::kEntityFeatures |
                                   tag_internal::kNoNeighbourFeatures | tag_internal::kNoPairAndPlaceFeatures);
  });
  std::vector<WordTags> out(n);
  if (all) {
    im.Decode(0, n, sc);
    im.AddStage(n, std::span(both).first(1), sc, [&](size_t i, std::vector<uint64_t>& f) {
      tag_internal::PosFeatures(sc.info, sc.tags[0], i, f);
    });
    im.Decode(1, n, sc);
    for (size_t i = 0; i < n; ++i) out[i].pos = im.model.classes[0][sc.tags[0][i]];
    im.ToIob1(1, sc.tags[1], out);
  }
  im.Decode(2, n, sc);
  im.ToIob1(2, sc.tags[2], out);
  return out;
}

void tag_internal::SetRowCacheBudgets(Tagger& tagger, size_t type_row_bytes, size_t pair_row_bytes) {
  tagger.impl_->type_row_bytes = type_row_bytes;
  tagger.impl_->pair_row_bytes = pair_row_bytes;
}

std::vector<EntityRange> Entities(std::span<const WordTags> tags) {
  std::vector<EntityRange> out;
  for (size_t i = 0; i < tags.size(); ++i) {
    std::string_view t = tags[i].ner;
    if (t.size() < 3) continue;
    std::string_view type = t.substr(2);
    bool continues = !out.empty() && out.back().end == i && out.back().type == type && t[0] == 'I';
    if (continues) ++out.back().end;
    else out.push_back(EntityRange{i, i + 1, type});
  }
  return out;
}

std::vector<TaggedToken> TagText(const Tagger& tagger, std::string_view text, const SegmentedText& seg) {
  std::vector<TaggedToken> out;
  out.reserve(seg.tokens.size());
  std::vector<std::string_view> words;
  for (const Sentence& s : seg.sentences) {
    words.clear();
    for (size_t t = s.first_token; t < s.end_token; ++t) words.push_back(seg.tokens[t].span.Of(text));
    std::vector<WordTags> tags = tagger.Tag(words);
    for (size_t k = 0; k < tags.size(); ++k) out.push_back({seg.tokens[s.first_token + k].span, tags[k]});
  }
  return out;
}

namespace {

// Tags the buffered lines of one sentence and appends them to out.
void FlushConll(const Tagger& tagger, std::vector<std::string_view>& lines, std::string& out) {
  std::vector<std::string_view> words;
  for (std::string_view l : lines) words.push_back(l.substr(0, l.find_first_of(" \t")));
  std::vector<WordTags> tags = tagger.Tag(words, Tagger::Layers::kEntities);
  for (size_t i = 0; i < lines.size(); ++i) {
    out.append(lines[i]).append(" ").append(tags[i].ner).append("\n");
  }
  lines.clear();
}

}  // namespace

std::string TagConll(const Tagger& tagger, std::string_view conll) {
  std::string out;
  std::vector<std::string_view> lines;
  while (!conll.empty()) {
    size_t nl = conll.find('\n');
    std::string_view line = conll.substr(0, nl);
    conll.remove_prefix(nl == std::string_view::npos ? conll.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
      FlushConll(tagger, lines, out);
      out += "\n";
    } else if (line.substr(first).starts_with("-DOCSTART-")) {
      FlushConll(tagger, lines, out);
      out.append(line).append(" O\n");
    } else {
      lines.push_back(line.substr(first));
    }
  }
  FlushConll(tagger, lines, out);
  return out;
}

}  // namespace crosscheck
