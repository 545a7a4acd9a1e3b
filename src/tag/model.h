// Internal to src/tag: the trained model in memory and its file format.
//
// File format (little-endian, version kModelVersion):
//   "XCTAGGER" | u32 version | u32 task count (3: pos, chunk, ner)
//   per task: u32 class count, then each class name as u8 length + bytes
//   gazetteer: u32 max phrase words | u32 n | n x u64 key | n x u16 flags
//   weights:   u32 n keys | n x u64 key (strictly increasing) | n x u8 entry count | u32 m |
//              m x u8 class (global: task offset + class) | m x i16 weight
// Keys are feature hashes (features.h); weights are the averaged perceptron
// weights quantised per task to int16. Unknown keys score nothing.
// Version 2: the NER task reads no POS or chunk tags, so entities can be
// tagged without the two other tasks (Tagger::Layers::kEntities).
#pragma once

#include <array>
#include <span>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "tag/features.h"

namespace crosscheck::tag_internal {

constexpr uint32_t kModelVersion = 2;
constexpr int kTasks = 3;  // 0 pos, 1 chunk (IOB2 inside), 2 ner (BILOU inside)

// One feature's weights: a run of (class, weight) entries.
struct WeightEntry {
  uint8_t cls;
  int16_t weight;
};

// Feature hash -> entries, open addressing. A slot is 8 bytes (32 bits of
// the hash above the index bits, 24-bit first entry, 8-bit entry count) so
// the table stays small enough for the caches; lookups of a batch of
// features are prefetched, which hides most of the memory latency.
// Features with many entries (the frequent ones: bias, tag history, common
// words) are kept in memory as a dense int16 row over the classes they span,
// zeros filled in, which is added with vector instructions and is smaller
// than its entries; the sums, and so the tags, are the same.
// Its tables are its own (Build) or read in place from a model image
// (ViewImage) whose bytes outlive it.
class WeightTable {
 public:
  WeightTable() = default;
  WeightTable(WeightTable&&) noexcept = default;
  WeightTable& operator=(WeightTable&&) noexcept = default;

  // REQUIRES: keys distinct; sum of counts < 2^24.
  void Build(std::span<const uint64_t> keys, std::span<const uint8_t> counts, std::vector<WeightEntry> entries);
  // Adds the weights of every feature in `keys` to scores[class]; unknown
  // keys add nothing.
  void AddAll(std::span<const uint64_t> keys, int32_t* scores) const;
  // AddAll for several rows at once: the keys [ends[r - 1], ends[r]) (from 0
  // for r = 0) add to scores + r * stride. REQUIRES: one end per row,
  // non-decreasing; when keys is not empty, ends.back() == keys.size().
  void AddRows(std::span<const uint64_t> keys, std::span<const size_t> ends, int32_t* scores, size_t stride) const;
  // Its tables as bytes appended to a model image (image.h), and the table
  // those bytes hold, read in place from the front of `in` (advanced past
  // them). False when `in` does not start with such bytes: sizes are always
  // checked, and with `verify` also every slot, entry and class against
  // `classes` (reading all of the tables: what ModelFromImage skips).
  void AppendImage(std::string& out) const;
  bool ViewImage(std::string_view& in, int classes, bool verify);

 private:
  struct Slot {
    uint32_t tag = 0;  // 0: empty
    uint32_t ref = 0;  // first entry << 8 | count, or dense row << 8 | kDense
  };
  // Count value marking a dense row: dense_[row] is the first class,
  // dense_[row + 1] the length n, then n weights.
  static constexpr uint32_t kDense = 0xff;
  // A feature with at least this many entries, spanning at most
  // kDenseSpan times as many classes, gets a dense row. (Counts are at most
  // the number of classes, < 255, so kDense is never a real count.)
  static constexpr uint32_t kDenseMin = 6, kDenseSpan = 3;
  static uint32_t TagOf(uint64_t key) { return static_cast<uint32_t>(key >> 32) | 1; }
  // Whether every slot's entries or dense row lie inside the tables, name
  // classes below `classes`, and some slot is empty (ViewImage's `verify`).
  static bool Fits(std::span<const Slot> slots, std::span<const WeightEntry> entries,
                   std::span<const int16_t> dense, int classes);
  // Lookups in batches of kBatch keys, across rows for AddRows (a row alone
  // has about ten keys): Fetch finds every key's slot, then prefetches its
  // entries or dense row, so that the cache misses of a batch overlap; Add
  // then adds one found slot's weights.
  static constexpr size_t kBatch = 64;
  void Fetch(const uint64_t* keys, size_t n, const Slot** found) const;
  void Add(const Slot& slot, int32_t* scores) const;
  const Slot* Find(uint64_t key) const {
    const uint32_t tag = TagOf(key);
    for (size_t i = key & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].tag == tag) return &slots_[i];
      if (slots_[i].tag == 0) return nullptr;
    }
  }
  // The tables read: the own_ vectors' or an image's.
  std::span<const Slot> slots_ = std::span<const Slot>(&kEmptySlot, 1);
  size_t mask_ = 0;
  std::span<const WeightEntry> entries_;
  std::span<const int16_t> dense_;
  std::vector<Slot> own_slots_;
  std::vector<WeightEntry> own_entries_;
  std::vector<int16_t> own_dense_;
  static const Slot kEmptySlot;  // what an empty table probes
};

inline constexpr WeightTable::Slot WeightTable::kEmptySlot{};

// The POS and chunk weights, built on first use: entity tagging alone
// (Tagger::Layers::kEntities, all that analyze runs) never reads them, and
// building them was most of the time a model took to load. Keeps the
// file's weight arrays until then. Get is thread-safe.
class LazyWeightTable {
 public:
  // The table of the entries of classes below `first_ner`.
  void Set(std::vector<uint64_t> keys, std::vector<uint8_t> counts, std::vector<uint8_t> cls,
           std::vector<int16_t> weights, int first_ner);
  const WeightTable& Get() const;
  // The file's weight arrays as bytes appended to a model image (image.h),
  // and the same read in place from the front of `in` (advanced past them),
  // the table still built on first use. REQUIRES for AppendImage: Get not
  // called yet. False when `in` does not start with such bytes.
  void AppendImage(std::string& out) const;
  bool ViewImage(std::string_view& in, int first_ner, int classes, bool verify);

 private:
  struct State {
    std::once_flag once;
    // The arrays read: the vectors' or an image's.
    std::span<const uint64_t> keys;
    std::span<const uint8_t> counts, cls;
    std::span<const int16_t> weights;
    std::vector<uint64_t> own_keys;
    std::vector<uint8_t> own_counts, own_cls;
    std::vector<int16_t> own_weights;
    int first_ner = 0;
    WeightTable table;
  };
  std::unique_ptr<State> state_ = std::make_unique<State>();
};

struct ModelData {
  std::array<std::vector<std::string>, kTasks> classes;  // labels per task
  std::array<int, kTasks + 1> offset{};                  // global class id of each task's first class
  Gazetteer gazetteer;
  // The file's weights split by class: POS and chunk classes, and NER
  // classes. Tagging entities alone then never touches (nor builds) the
  // larger first table, and its lookups add only the entries it needs.
  LazyWeightTable syntax;
  WeightTable ner;
};

// Parses a model file. The error names `origin` and says how to rebuild.
Result<ModelData> ParseModel(std::string_view bytes, std::string_view origin);

// A parsed model's tables as one byte image (format in image.h; this
// build's own layout, not a file format: `tag_image` writes it from
// data/models/tagger.model when crosscheck is built, and the binary embeds
// it), and the model such an image holds, its tables read in place: no
// parsing, hashing or copying at start-up, the same tables, so the same tags.
// `image` must start 8-byte aligned and outlive the model. REQUIRES for
// SerializeImage: `m` as ParseModel returned it. ModelFromImage checks the
// image's header and sizes; `verify` also reads every table entry through
// (what tag_image does with the image it writes), which takes about as long
// as parsing the model file: an image is the build's own output, not input.
std::string SerializeImage(const ModelData& m);
Result<ModelData> ModelFromImage(std::string_view image, std::string_view origin, bool verify = false);

// Serialises a trained model. `weights` maps each feature to its (global
// class, weight) entries, sorted by key.
std::string SerializeModel(const std::array<std::vector<std::string>, kTasks>& classes,
                           const Gazetteer& gazetteer,
                           const std::vector<std::pair<uint64_t, std::vector<WeightEntry>>>& weights);

}  // namespace crosscheck::tag_internal

namespace crosscheck::tag_internal {
// The bytes of data/models/tagger.model compiled into the binary
// (embedded.cc), and the image tag_image made of it (SerializeImage), or
// empty when the build found no model file.
std::string_view EmbeddedModel();
std::string_view EmbeddedImage();
}  // namespace crosscheck::tag_internal
