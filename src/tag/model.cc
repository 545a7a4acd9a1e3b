#include "tag/model.h"

#include <algorithm>
#include <array>
#include <bit>
#include <climits>
#include <cstdint>
#include <cstddef>
#include <cstring>

#include "tag/image.h"

namespace crosscheck::tag_internal {

namespace {

constexpr std::string_view kMagic = "XCTAGGER";

// Reads little-endian values off the front of a byte view; any overrun sets
// `ok` false and yields zeros, so one check at the end suffices.
class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  bool ok() const { return ok_; }
  template <typename T>
  T Get() {
    T v{};
    Copy(&v, sizeof(T));
    return v;
  }
  template <typename T>
  void GetArray(std::vector<T>& out, size_t n) {
    if (n > b_.size() / sizeof(T)) { ok_ = false; return; }
    out.resize(n);
    Copy(out.data(), n * sizeof(T));
  }
  std::string_view Bytes(size_t n) {
    if (n > b_.size()) { ok_ = false; return {}; }
    std::string_view v = b_.substr(0, n);
    b_.remove_prefix(n);
    return v;
  }

 private:
  void Copy(void* dst, size_t n) {
    if (n > b_.size()) { ok_ = false; return; }
    std::memcpy(dst, b_.data(), n);
    b_.remove_prefix(n);
  }
  std::string_view b_;
  bool ok_ = true;
};

// scores[k] += w[k] for k < n, eight at a time with vector instructions
// (GCC/Clang vector extensions; plain SSE2 suffices): the dense rows are
// the frequent features' and span up to all the classes of a task.
inline void AddRow(const int16_t* w, int32_t* scores, int n) {
  using V16 = int16_t __attribute__((vector_size(16)));
  using V32 = int32_t __attribute__((vector_size(32)));
  int k = 0;
  for (; k + 8 <= n; k += 8) {
    V16 a;
    V32 sum;
    std::memcpy(&a, w + k, sizeof a);
    std::memcpy(&sum, scores + k, sizeof sum);
    sum += __builtin_convertvector(a, V32);
    std::memcpy(scores + k, &sum, sizeof sum);
  }
  for (; k < n; ++k) scores[k] += w[k];
}

using image::Put;

// The class table as the model file and the image both write it: per task
// a u32 count, then each name as a u8 length and its bytes.
void PutClasses(std::string& out, const std::array<std::vector<std::string>, kTasks>& classes) {
  for (const std::vector<std::string>& names : classes) {
    Put<uint32_t>(out, static_cast<uint32_t>(names.size()));
    for (const std::string& c : names) {
      Put<uint8_t>(out, static_cast<uint8_t>(c.size()));
      out += c;
    }
  }
}

// The keys, counts and entries of the classes on one side of `first_ner`
// (part 0 below, part 1 from it on), in key order; a key can have both.
struct Part {
  std::vector<uint64_t> keys;
  std::vector<uint8_t> counts;
  std::vector<WeightEntry> entries;
};
Part SplitPart(std::span<const uint64_t> keys, std::span<const uint8_t> counts, std::span<const uint8_t> cls,
               std::span<const int16_t> w, int first_ner, int part) {
  const bool ner = part == 1;
  Part out;
  out.entries.resize(cls.size());  // room for all: `next` never passes the entry read
  out.keys.reserve(keys.size());
  out.counts.reserve(keys.size());
  WeightEntry* next = out.entries.data();
  for (size_t k = 0, e = 0; k < keys.size(); ++k) {
    const WeightEntry* first = next;
    for (const size_t end = e + counts[k]; e < end; ++e) {
      const uint8_t c = cls[e];
      *next = WeightEntry{c, w[e]};  // kept when of this part
      next += (c >= first_ner) == ner;
    }
    if (next == first) continue;
    out.keys.push_back(keys[k]);
    out.counts.push_back(static_cast<uint8_t>(next - first));
  }
  out.entries.resize(static_cast<size_t>(next - out.entries.data()));
  return out;
}

}  // namespace

static_assert(std::endian::native == std::endian::little, "model files are little-endian");

void WeightTable::Build(std::span<const uint64_t> keys, std::span<const uint8_t> counts,
                        std::vector<WeightEntry> entries) {
  size_t size = 2;
  while (size * 3 < keys.size() * 4) size <<= 1;  // load factor at most 3/4
  std::vector<Slot>& slots_ = own_slots_;  // filled here, then read through the spans
  std::vector<WeightEntry>& entries_ = own_entries_;
  std::vector<int16_t>& dense_ = own_dense_;
  slots_.assign(size, Slot{});
  mask_ = size - 1;
  entries_.clear();
  entries_.reserve(entries.size());
  dense_.clear();
  dense_.reserve(entries.size());
  std::vector<int32_t> row;
  std::vector<uint32_t> refs(keys.size());
  uint32_t begin = 0;
  for (size_t k = 0; k < keys.size(); ++k) {
    const WeightEntry* e = entries.data() + begin;
    const uint32_t count = counts[k];
    begin += count;
    uint32_t ref = static_cast<uint32_t>(entries_.size()) << 8 | count;
    int lo = 255, hi = -1;
    for (uint32_t j = 0; j < count; ++j) {
      lo = std::min<int>(lo, e[j].cls);
      hi = std::max<int>(hi, e[j].cls);
    }
    bool dense = count >= kDenseMin && static_cast<uint32_t>(hi - lo + 1) <= kDenseSpan * count &&
                 dense_.size() + 2 + (hi - lo + 1) < (1u << 24);
    if (dense) {
      row.assign(hi - lo + 1, 0);
      for (uint32_t j = 0; j < count; ++j) row[e[j].cls - lo] += e[j].weight;
      for (int32_t v : row) dense &= v >= INT16_MIN && v <= INT16_MAX;
      if (dense) {
        ref = static_cast<uint32_t>(dense_.size()) << 8 | kDense;
        dense_.push_back(static_cast<int16_t>(lo));
        dense_.push_back(static_cast<int16_t>(row.size()));
        for (int32_t v : row) dense_.push_back(static_cast<int16_t>(v));
      }
    }
    if (!dense) entries_.insert(entries_.end(), e, e + count);
    refs[k] = ref;
  }
  // A loop of its own, so that the cache misses of the probes overlap.
  for (size_t k = 0; k < keys.size(); ++k) {
    size_t i = keys[k] & mask_;
    while (slots_[i].tag != 0) i = (i + 1) & mask_;
    slots_[i] = Slot{TagOf(keys[k]), refs[k]};
  }
  entries_.shrink_to_fit();
  dense_.shrink_to_fit();
  this->slots_ = own_slots_;
  this->entries_ = own_entries_;
  this->dense_ = own_dense_;
}

static_assert(sizeof(WeightEntry) == 4 && offsetof(WeightEntry, weight) == 2, "image layout");

void WeightTable::AppendImage(std::string& out) const {
  image::Put<uint64_t>(out, mask_);
  image::PutArray(out, slots_);
  // Entry by entry, so the padding byte of each is a zero, not whatever
  // the vector held: the image is the same on every build.
  std::vector<uint8_t> entries(entries_.size() * sizeof(WeightEntry));
  for (size_t i = 0; i < entries_.size(); ++i) {
    entries[4 * i] = entries_[i].cls;
    std::memcpy(&entries[4 * i + 2], &entries_[i].weight, 2);
  }
  image::Put<uint64_t>(out, entries_.size());
  image::PutArray(out, std::span<const uint8_t>(entries));
  image::PutArray(out, dense_);
}

bool WeightTable::Fits(std::span<const Slot> slots, std::span<const WeightEntry> entries,
                       std::span<const int16_t> dense, int classes) {
  // Where AddAll will read: each slot's run of entries or dense row, and the
  // classes they add to.
  size_t empty = 0;
  for (const Slot& slot : slots) {
    if (slot.tag == 0) { ++empty; continue; }
    const size_t at = slot.ref >> 8, count = slot.ref & 0xff;
    if (count == kDense) {
      if (at + 2 > dense.size() || dense[at] < 0 || dense[at + 1] < 0 ||
          at + 2 + static_cast<size_t>(dense[at + 1]) > dense.size() || dense[at] + dense[at + 1] > classes) {
        return false;
      }
    } else if (at + count > entries.size()) {
      return false;
    }
  }
  if (empty == 0) return false;  // Find stops at an empty slot
  for (const WeightEntry& e : entries) {
    if (e.cls >= classes) return false;
  }
  return true;
}

bool WeightTable::ViewImage(std::string_view& in, int classes, bool verify) {
  uint64_t mask = 0, entries = 0;
  std::span<const Slot> slots;
  std::span<const uint8_t> entry_bytes;
  std::span<const int16_t> dense;
  if (!image::Get(in, mask) || !image::GetArray(in, slots) || !image::Get(in, entries) ||
      !image::GetArray(in, entry_bytes) || !image::GetArray(in, dense)) {
    return false;
  }
  if (slots.empty() || mask != slots.size() - 1 || (slots.size() & mask) != 0 ||
      entry_bytes.size() != entries * sizeof(WeightEntry)) {
    return false;
  }
  const auto* first = reinterpret_cast<const WeightEntry*>(entry_bytes.data());
  std::span<const WeightEntry> list(first, static_cast<size_t>(entries));
  if (verify && !Fits(slots, list, dense, classes)) return false;
  own_slots_.clear(), own_entries_.clear(), own_dense_.clear();
  slots_ = slots;
  mask_ = static_cast<size_t>(mask);
  entries_ = list;
  dense_ = dense;
  return true;
}

void LazyWeightTable::Set(std::vector<uint64_t> keys, std::vector<uint8_t> counts, std::vector<uint8_t> cls,
                          std::vector<int16_t> weights, int first_ner) {
  state_ = std::make_unique<State>();
  State& s = *state_;
  s.own_keys = std::move(keys);
  s.own_counts = std::move(counts);
  s.own_cls = std::move(cls);
  s.own_weights = std::move(weights);
  s.keys = s.own_keys, s.counts = s.own_counts, s.cls = s.own_cls, s.weights = s.own_weights;
  s.first_ner = first_ner;
}

const WeightTable& LazyWeightTable::Get() const {
  State& s = *state_;
  std::call_once(s.once, [&s] {
    Part p = SplitPart(s.keys, s.counts, s.cls, s.weights, s.first_ner, 0);
    s.table.Build(p.keys, p.counts, std::move(p.entries));
    s.keys = {}, s.counts = {}, s.cls = {}, s.weights = {};
    s.own_keys = {}, s.own_counts = {}, s.own_cls = {}, s.own_weights = {};
  });
  return s.table;
}

void LazyWeightTable::AppendImage(std::string& out) const {
  const State& s = *state_;
  image::PutArray(out, s.keys);
  image::PutArray(out, s.counts);
  image::PutArray(out, s.cls);
  image::PutArray(out, s.weights);
}

bool LazyWeightTable::ViewImage(std::string_view& in, int first_ner, int classes, bool verify) {
  state_ = std::make_unique<State>();
  State& s = *state_;
  if (!image::GetArray(in, s.keys) || !image::GetArray(in, s.counts) || !image::GetArray(in, s.cls) ||
      !image::GetArray(in, s.weights)) {
    return false;
  }
  // What ParseModel checks of the file's arrays, which SplitPart relies on.
  if (s.counts.size() != s.keys.size() || s.cls.size() != s.weights.size()) return false;
  if (verify) {
    uint64_t total = 0;
    for (uint8_t c : s.counts) total += c;
    if (total != s.cls.size()) return false;
    for (uint8_t c : s.cls) {
      if (c >= classes) return false;
    }
  }
  s.first_ner = first_ner;
  return true;
}

void WeightTable::Fetch(const uint64_t* keys, size_t n, const Slot** found) const {
  for (size_t i = 0; i < n; ++i) __builtin_prefetch(&slots_[keys[i] & mask_]);
  for (size_t i = 0; i < n; ++i) {
    found[i] = Find(keys[i]);
    if (!found[i]) continue;
    const uint32_t ref = found[i]->ref;
    if ((ref & 0xff) == kDense) __builtin_prefetch(&dense_[ref >> 8]);
    else __builtin_prefetch(&entries_[ref >> 8]);
  }
}

inline void WeightTable::Add(const Slot& slot, int32_t* scores) const {
  const uint32_t ref = slot.ref;
  if ((ref & 0xff) == kDense) {
    const int16_t* d = &dense_[ref >> 8];
    AddRow(d + 2, scores + d[0], d[1]);
    return;
  }
  const WeightEntry* e = &entries_[ref >> 8];
  for (uint32_t k = 0, c = ref & 0xff; k < c; ++k) scores[e[k].cls] += e[k].weight;
}

void WeightTable::AddAll(std::span<const uint64_t> keys, int32_t* scores) const {
  const Slot* found[kBatch];
  for (size_t b = 0; b < keys.size(); b += kBatch) {
    const size_t n = std::min(kBatch, keys.size() - b);
    Fetch(keys.data() + b, n, found);
    for (size_t i = 0; i < n; ++i) {
      if (found[i]) Add(*found[i], scores);
    }
  }
}

void WeightTable::AddRows(std::span<const uint64_t> keys, std::span<const size_t> ends, int32_t* scores,
                          size_t stride) const {
  const Slot* found[kBatch];
  size_t row = 0;  // the row of the key under way
  for (size_t b = 0; b < keys.size(); b += kBatch) {
    const size_t n = std::min(kBatch, keys.size() - b);
    Fetch(keys.data() + b, n, found);
    for (size_t i = 0; i < n; ++i) {
      while (ends[row] <= b + i) ++row;
      if (found[i]) Add(*found[i], scores + row * stride);
    }
  }
}

Result<ModelData> ParseModel(std::string_view bytes, std::string_view origin) {
  auto fail = [&](std::string why) {
    return Status::Error(std::string(origin) + ": not a usable tagger model (" + why +
                         "); rebuild it with `make train`");
  };
  Reader r(bytes);
  if (r.Bytes(kMagic.size()) != kMagic) return fail("no XCTAGGER header");
  if (uint32_t v = r.Get<uint32_t>(); v != kModelVersion) {
    return fail("format version " + std::to_string(v) + ", this build reads " + std::to_string(kModelVersion));
  }
  if (r.Get<uint32_t>() != kTasks) return fail("expected 3 tasks");
  ModelData m;
  for (int t = 0; t < kTasks; ++t) {
    uint32_t n = r.Get<uint32_t>();
    if (!r.ok() || n == 0 || m.offset[t] + n > 255) return fail("bad class table");
    for (uint32_t c = 0; c < n; ++c) m.classes[t].emplace_back(r.Bytes(r.Get<uint8_t>()));
    m.offset[t + 1] = m.offset[t] + static_cast<int>(n);
  }
  m.gazetteer.set_max_words(r.Get<uint32_t>());
  std::vector<uint64_t> keys;
  std::vector<uint16_t> flags;
  uint32_t n = r.Get<uint32_t>();
  r.GetArray(keys, n);
  r.GetArray(flags, n);
  if (!r.ok() || m.gazetteer.max_words() > 16) return fail("truncated gazetteer");
  m.gazetteer.Reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) m.gazetteer.AddHashed(keys[i], flags[i]);
  std::vector<uint8_t> counts, cls;
  std::vector<int16_t> w;
  n = r.Get<uint32_t>();
  r.GetArray(keys, n);
  r.GetArray(counts, n);
  uint32_t entries = r.Get<uint32_t>();
  r.GetArray(cls, entries);
  r.GetArray(w, entries);
  if (!r.ok()) return fail("truncated weights");
  uint64_t total = 0;
  for (uint8_t c : counts) total += c;
  if (total != entries) return fail("entry counts do not add up");
  if (entries >= (1u << 24)) return fail("more than 2^24 weights");
  for (size_t i = 1; i < keys.size(); ++i) {
    if (keys[i - 1] >= keys[i]) return fail("feature keys not strictly increasing");
  }
  for (uint8_t c : cls) {
    if (c >= m.offset[kTasks]) return fail("class out of range");
  }
  Part ner = SplitPart(keys, counts, cls, w, m.offset[2], 1);
  m.ner.Build(ner.keys, ner.counts, std::move(ner.entries));
  m.syntax.Set(std::move(keys), std::move(counts), std::move(cls), std::move(w), m.offset[2]);
  return m;
}

std::string SerializeModel(const std::array<std::vector<std::string>, kTasks>& classes,
                           const Gazetteer& gazetteer,
                           const std::vector<std::pair<uint64_t, std::vector<WeightEntry>>>& weights) {
  std::string out(kMagic);
  Put<uint32_t>(out, kModelVersion);
  Put<uint32_t>(out, kTasks);
  PutClasses(out, classes);
  Put<uint32_t>(out, static_cast<uint32_t>(gazetteer.max_words()));
  auto gaz = gazetteer.Entries();
  Put<uint32_t>(out, static_cast<uint32_t>(gaz.size()));
  for (const auto& [k, f] : gaz) Put<uint64_t>(out, k);
  for (const auto& [k, f] : gaz) Put<uint16_t>(out, f);
  Put<uint32_t>(out, static_cast<uint32_t>(weights.size()));
  uint32_t entries = 0;
  for (const auto& [k, e] : weights) Put<uint64_t>(out, k);
  for (const auto& [k, e] : weights) {
    Put<uint8_t>(out, static_cast<uint8_t>(e.size()));
    entries += static_cast<uint32_t>(e.size());
  }
  Put<uint32_t>(out, entries);
  for (const auto& [k, e] : weights) for (const WeightEntry& x : e) Put<uint8_t>(out, x.cls);
  for (const auto& [k, e] : weights) for (const WeightEntry& x : e) Put<int16_t>(out, x.weight);
  return out;
}

constexpr std::string_view kImageMagic = "XCTAGIMG";
constexpr uint32_t kImageVersion = 1;

std::string SerializeImage(const ModelData& m) {
  std::string out(kImageMagic);
  image::Put<uint32_t>(out, kImageVersion);
  image::Put<uint32_t>(out, kModelVersion);
  PutClasses(out, m.classes);
  m.gazetteer.AppendImage(out);
  m.ner.AppendImage(out);
  m.syntax.AppendImage(out);
  return out;
}

Result<ModelData> ModelFromImage(std::string_view bytes, std::string_view origin, bool verify) {
  auto fail = [&](std::string why) {
    return Status::Error(std::string(origin) + ": not a usable tagger image (" + why +
                         "); rebuild crosscheck, which makes it from data/models/tagger.model");
  };
  if (reinterpret_cast<uintptr_t>(bytes.data()) % 8 != 0) return fail("not 8-byte aligned");
  std::string_view in = bytes;
  uint32_t version = 0, model_version = 0;
  if (!in.starts_with(kImageMagic)) return fail("no XCTAGIMG header");
  in.remove_prefix(kImageMagic.size());
  if (!image::Get(in, version) || version != kImageVersion || !image::Get(in, model_version) ||
      model_version != kModelVersion) {
    return fail("made by another build");
  }
  ModelData m;
  for (int t = 0; t < kTasks; ++t) {
    uint32_t n = 0;
    if (!image::Get(in, n) || n == 0 || m.offset[t] + n > 255) return fail("bad class table");
    for (uint32_t c = 0; c < n; ++c) {
      uint8_t len = 0;
      if (!image::Get(in, len) || len > in.size()) return fail("bad class table");
      m.classes[t].emplace_back(in.substr(0, len));
      in.remove_prefix(len);
    }
    m.offset[t + 1] = m.offset[t] + static_cast<int>(n);
  }
  if (!m.gazetteer.ViewImage(in, verify)) return fail("bad gazetteer");
  if (!m.ner.ViewImage(in, m.offset[kTasks], verify)) return fail("bad entity weights");
  if (!m.syntax.ViewImage(in, m.offset[2], m.offset[kTasks], verify)) return fail("bad POS and chunk weights");
  if (!in.empty()) return fail("trailing bytes");
  return m;
}

}  // namespace crosscheck::tag_internal
