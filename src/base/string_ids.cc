#include "base/string_ids.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace crosscheck {
namespace {

uint64_t Hash(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }
uint32_t Tag(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }

}  // namespace

size_t StringIds::SlotOf(std::string_view key, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.id == kNone || (s.tag == Tag(hash) && (*this)[s.id] == key)) return i;
  }
}

uint32_t StringIds::Find(std::string_view key) const {
  if (slots_.empty()) return kNone;
  return slots_[SlotOf(key, Hash(key))].id;
}

uint32_t StringIds::Intern(std::string_view key, bool* added) {
  if (slots_.empty()) Reserve(0);
  const uint64_t hash = Hash(key);
  Slot& slot = slots_[SlotOf(key, hash)];
  if (added) *added = slot.id == kNone;
  if (slot.id != kNone) return slot.id;
  const uint32_t id = static_cast<uint32_t>(ends_.size());
  bytes_ += key;
  ends_.push_back(static_cast<uint32_t>(bytes_.size()));
  lengths_.push_back(static_cast<uint32_t>(key.size()));
  slot = {Tag(hash), id};
  if (ends_.size() * 2 > slots_.size()) Reserve(ends_.size());
  return id;
}

void StringIds::Reserve(size_t n) {
  size_t size = 1024;
  while (size < 2 * n + 2) size *= 2;
  if (size <= slots_.size()) return;
  slots_.assign(size, Slot());
  const size_t mask = size - 1;
  for (uint32_t id = 0; id < ends_.size(); ++id) {
    const uint64_t hash = Hash((*this)[id]);
    size_t i = hash & mask;
    while (slots_[i].id != kNone) i = (i + 1) & mask;
    slots_[i] = {Tag(hash), id};
  }
}

}  // namespace crosscheck
