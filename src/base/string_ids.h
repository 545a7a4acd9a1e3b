// StringIds: strings numbered 0, 1, 2, ... in the order they are first
// interned, for vocabularies and keys that a hash map of std::string would
// hold with an allocation each.
//
//   StringIds ids;
//   bool added = false;
//   uint32_t id = ids.Intern("kabul", &added);   // 0, added
//   ids.Intern("kabul", &added);                 // 0, not added
//   ids.Find("herat");                           // StringIds::kNone
//   ids[0];                                      // "kabul"
//
// The strings lie back to back in one buffer under an open-addressing table
// of ids (linear probing, at most half full; each slot keeps the high half
// of the key's XXH3 hash, so a probe compares bytes only on a likely
// match). Restoring 100,000 strings is a few allocations, not 100,000.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crosscheck {

class StringIds {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // The id of `key`, numbered next when it is new; `added`, when given,
  // says whether it was.
  uint32_t Intern(std::string_view key, bool* added = nullptr);
  // The id of `key`, or kNone.
  uint32_t Find(std::string_view key) const;
  // The string of `id`. REQUIRES: id < size().
  std::string_view operator[](uint32_t id) const {
    return std::string_view(bytes_).substr(ends_[id] - lengths_[id], lengths_[id]);
  }
  size_t size() const { return ends_.size(); }
  // Room for `n` strings without growing the table again.
  void Reserve(size_t n);

 private:
  struct Slot {
    uint32_t tag = 0;
    uint32_t id = kNone;
  };
  // The slot holding `key`, else the empty slot where it would go.
  size_t SlotOf(std::string_view key, uint64_t hash) const;

  std::string bytes_;                      // every string, back to back
  std::vector<uint32_t> ends_, lengths_;   // per id: where its string ends in bytes_, and its length
  std::vector<Slot> slots_;
};

}  // namespace crosscheck
