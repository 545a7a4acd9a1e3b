#include "cluster/postings.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <utility>

namespace crosscheck::cluster_internal {

std::span<const uint32_t> StoryPostings::Find(uint64_t key) const {
  const Slot& s = slots_[SlotOf(key)];
  if (s.list == kFree) return {};
  if (s.list == kOne) return {&s.one, 1};
  return lists_[s.list];
}

size_t StoryPostings::SlotOf(uint64_t key) const {
  const size_t mask = slots_.size() - 1;
  size_t i = Home(key);
  while (slots_[i].list != kFree && slots_[i].key != key) i = (i + 1) & mask;
  return i;
}

void StoryPostings::Append(uint64_t key, uint32_t story, size_t trim_at, size_t keep) {
  assert(keep >= 1 && keep < trim_at);
  if ((used_ + 1) * 4 > slots_.size() * 3) Rehash(slots_.size() * 2);
  Slot& s = slots_[SlotOf(key)];
  if (s.list == kFree) {
    s = Slot{key, story, kOne};
    ++used_;
    return;
  }
  if (s.list == kOne) {
    if (s.one == story) return;
    if (trim_at <= 2) {  // keep == 1: the newest alone
      s.one = story;
      return;
    }
    assert(lists_.size() < kOne);
    s.list = static_cast<uint32_t>(lists_.size());
    lists_.push_back({s.one, story});
    return;
  }
  std::vector<uint32_t>& list = lists_[s.list];
  if (list.back() == story) return;
  list.push_back(story);
  if (list.size() >= trim_at) list.erase(list.begin(), list.end() - static_cast<std::ptrdiff_t>(keep));
}

void StoryPostings::Set(uint64_t key, std::span<const uint32_t> stories) {
  assert(!stories.empty());
  if ((used_ + 1) * 4 > slots_.size() * 3) Rehash(slots_.size() * 2);
  Slot& s = slots_[SlotOf(key)];
  assert(s.list == kFree);
  s.key = key;
  ++used_;
  if (stories.size() == 1) {
    s.one = stories[0];
    s.list = kOne;
    return;
  }
  assert(lists_.size() < kOne);
  s.list = static_cast<uint32_t>(lists_.size());
  lists_.emplace_back(stories.begin(), stories.end());
}

void StoryPostings::Reserve(size_t keys) {
  size_t capacity = slots_.size();
  while (keys * 4 > capacity * 3) capacity *= 2;
  if (capacity > slots_.size()) Rehash(capacity);
}

std::vector<uint64_t> StoryPostings::SortedKeys() const {
  std::vector<uint64_t> keys;
  keys.reserve(used_);
  for (const Slot& s : slots_) {
    if (s.list != kFree) keys.push_back(s.key);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

void StoryPostings::Rehash(size_t capacity) {
  assert(std::has_single_bit(capacity));
  std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(capacity));
  shift_ = 64 - std::countr_zero(capacity);
  for (const Slot& s : old) {
    if (s.list != kFree) slots_[SlotOf(s.key)] = s;
  }
}

}  // namespace crosscheck::cluster_internal
