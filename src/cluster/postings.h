// StoryPostings (internal to src/cluster/): the story clusterer's index from
// a feature key to the stories holding it, oldest first.
//
// Most keys name one story only (a name or term of one report: 93% of the
// 746,000 keys at 100,000 reports of the growth corpus), so a key's slot
// holds one story itself and only longer lists get a vector: 16 bytes a slot
// (at most three quarters full: about 22 bytes a key at 746,000 keys), 4 an
// entry of a longer list and its vector, where a hash map of vectors took
// about 90 bytes a key and 8 an entry.
//
// Thread safety: Find and SortedKeys may run side by side; Append, Set and
// Reserve need the table to themselves. A moved-from table may only be
// destroyed or assigned to.
//
//   StoryPostings p;
//   p.Append(key, story, /*trim_at=*/512, /*keep=*/256);
//   for (uint32_t s : p.Find(key)) ...
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace crosscheck::cluster_internal {

class StoryPostings {
 public:
  StoryPostings() { Rehash(kMinSlots); }

  // The stories of `key`, oldest first; empty when it has none. Valid until
  // the next Append, Set or Reserve.
  std::span<const uint32_t> Find(uint64_t key) const;
  // Appends `story` to key's list unless it is already the last; a list
  // that reaches `trim_at` entries keeps its newest `keep`.
  // REQUIRES: 1 <= keep < trim_at.
  void Append(uint64_t key, uint32_t story, size_t trim_at, size_t keep);
  // Makes `stories` key's list. REQUIRES: key has none; stories not empty.
  void Set(uint64_t key, std::span<const uint32_t> stories);
  // Room for `keys` keys without a rehash.
  void Reserve(size_t keys);

  size_t size() const { return used_; }
  // The keys that have stories, in increasing order.
  std::vector<uint64_t> SortedKeys() const;

 private:
  static constexpr size_t kMinSlots = 1024;
  static constexpr uint32_t kFree = UINT32_MAX;     // Slot::list of an unused slot
  static constexpr uint32_t kOne = UINT32_MAX - 1;  // Slot::list of a key with one story, in Slot::one
  struct Slot {
    uint64_t key = 0;
    uint32_t one = 0;
    uint32_t list = kFree;  // kFree, kOne or an index into lists_
  };

  size_t Home(uint64_t key) const { return (key * 0x9e3779b97f4a7c15ull) >> shift_; }
  // The slot of `key`, or the free slot where it would go.
  size_t SlotOf(uint64_t key) const;
  void Rehash(size_t capacity);  // REQUIRES: capacity a power of two

  std::vector<Slot> slots_;
  std::vector<std::vector<uint32_t>> lists_;
  size_t used_ = 0;
  int shift_ = 64;
};

}  // namespace crosscheck::cluster_internal
