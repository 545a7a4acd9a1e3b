// SortedCounts: values (counts, mostly) under a few distinct keys, kept as
// one vector sorted by key, for the small tallies held many times over (a
// story's places, a name's spellings) where a std::map or a hash map would
// cost a node each to make, copy and free.
//
//   SortedCounts<std::string, size_t> names;
//   ++names[std::string_view("Kabul")];        // inserted in key order
//   for (const auto& [name, n] : names) ...    // in key order
//
// A key is found by binary search and inserted in place (linear in the
// size); one greater than every key so far is appended. Look-ups take any
// type that compares with the key (a std::string_view for std::string keys).
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace crosscheck {

template <typename K, typename V>
class SortedCounts {
 public:
  using Item = std::pair<K, V>;

  // The value of `key`, value-initialised when the key is new.
  template <typename Q>
  V& operator[](const Q& key) {
    if (items_.empty() || items_.back().first < key) return items_.emplace_back(K(key), V{}).second;
    auto it = LowerBound(key);
    if (it == items_.end() || it->first != key) it = items_.insert(it, Item(K(key), V{}));
    return it->second;
  }
  template <typename Q>
  size_t count(const Q& key) const {
    auto it = std::lower_bound(items_.begin(), items_.end(), key, Before<Q>);
    return it != items_.end() && it->first == key ? 1 : 0;
  }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  typename std::vector<Item>::const_iterator begin() const { return items_.begin(); }
  typename std::vector<Item>::const_iterator end() const { return items_.end(); }

 private:
  template <typename Q>
  static bool Before(const Item& x, const Q& key) {
    return x.first < key;
  }
  template <typename Q>
  typename std::vector<Item>::iterator LowerBound(const Q& key) {
    return std::lower_bound(items_.begin(), items_.end(), key, Before<Q>);
  }

  std::vector<Item> items_;
};

}  // namespace crosscheck
