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
// A tally of many keys is better sorted once and given to Assign than made
// key by key.
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
  // Takes `items` as they are (sorted once, or a decoder's); false, leaving
  // the tally empty, unless their keys are strictly increasing.
  bool Assign(std::vector<Item> items) {
    for (size_t i = 1; i < items.size(); ++i) {
      if (!(items[i - 1].first < items[i].first)) {
        items_.clear();
        return false;
      }
    }
    items_ = std::move(items);
    return true;
  }

  template <typename Q>
  size_t count(const Q& key) const {
    auto it = std::lower_bound(items_.begin(), items_.end(), key, Before<Q>);
    return it != items_.end() && it->first == key ? 1 : 0;
  }
  // The value of `key`. REQUIRES: count(key) == 1.
  template <typename Q>
  const V& at(const Q& key) const {
    return std::lower_bound(items_.begin(), items_.end(), key, Before<Q>)->second;
  }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  typename std::vector<Item>::const_iterator begin() const { return items_.begin(); }
  typename std::vector<Item>::const_iterator end() const { return items_.end(); }
  friend bool operator==(const SortedCounts&, const SortedCounts&) = default;

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
