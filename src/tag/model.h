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
class WeightTable {
 public:
  // REQUIRES: keys distinct; sum of counts < 2^24.
  void Build(const std::vector<uint64_t>& keys, const std::vector<uint8_t>& counts,
             std::vector<WeightEntry> entries);
  // Adds the weights of every feature in `keys` to scores[class]; unknown
  // keys add nothing.
  void AddAll(std::span<const uint64_t> keys, int32_t* scores) const;

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
  const Slot* Find(uint64_t key) const {
    const uint32_t tag = TagOf(key);
    for (size_t i = key & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].tag == tag) return &slots_[i];
      if (slots_[i].tag == 0) return nullptr;
    }
  }
  std::vector<Slot> slots_ = std::vector<Slot>(1);
  size_t mask_ = 0;
  std::vector<WeightEntry> entries_;
  std::vector<int16_t> dense_;
};

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

 private:
  struct State {
    std::once_flag once;
    std::vector<uint64_t> keys;
    std::vector<uint8_t> counts, cls;
    std::vector<int16_t> weights;
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

// Serialises a trained model. `weights` maps each feature to its (global
// class, weight) entries, sorted by key.
std::string SerializeModel(const std::array<std::vector<std::string>, kTasks>& classes,
                           const Gazetteer& gazetteer,
                           const std::vector<std::pair<uint64_t, std::vector<WeightEntry>>>& weights);

}  // namespace crosscheck::tag_internal

namespace crosscheck::tag_internal {
// The bytes of data/models/tagger.model compiled into the binary
// (embedded.cc), or empty when the build found no model file.
std::string_view EmbeddedModel();
}  // namespace crosscheck::tag_internal
