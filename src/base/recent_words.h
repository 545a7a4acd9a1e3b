// RecentWords: what a few thousand recently asked words map to, for a
// look-up that runs on every token (which word lists a word is in, a word's
// stem) where most tokens are frequent words: a hit reads one slot instead
// of hashing the word into a table of strings and comparing it there.
//
//   RecentWords<uint32_t> recent;              // empty
//   if (const uint32_t* v = recent.Find(w)) return *v;
//   uint32_t v = SlowLookUp(w);
//   recent.Put(w, v);                          // replaces the slot's word
//
// Direct-mapped by the word: a word of 1 to kMaxBytes bytes is its size and
// its first and last eight bytes, all of it, so a hit is exact. Longer and
// empty words are never kept (Find gives nullptr). Made empty by a constant
// initialiser, so a thread_local one is read without a guard; 24 bytes a
// slot for a 4-byte value.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

namespace crosscheck {

template <typename V, size_t kSlots = 2048>
class RecentWords {
  static_assert(kSlots >= 2 && (kSlots & (kSlots - 1)) == 0, "a power of two, at least 2 (a slot is a shift's top bits)");
  static_assert(std::is_trivially_copyable_v<V>, "Clear zero-fills the slots");

 public:
  static constexpr size_t kMaxBytes = 16;

  // The value kept for `word`, or nullptr.
  const V* Find(std::string_view word) const {
    if (word.empty() || word.size() > kMaxBytes) return nullptr;
    const Key k = KeyOf(word);
    const Slot& s = slots_[SlotOf(k)];
    return s.size == k.size && s.head == k.head && s.tail == k.tail ? &s.value : nullptr;
  }
  // Keeps `value` for `word` (nothing when it cannot be kept).
  void Put(std::string_view word, V value) {
    if (word.empty() || word.size() > kMaxBytes) return;
    const Key k = KeyOf(word);
    slots_[SlotOf(k)] = {k.head, k.tail, k.size, value};
  }
  // Forgets every word.
  void Clear() { std::memset(static_cast<void*>(slots_), 0, sizeof slots_); }

 private:
  struct Key {
    uint64_t head, tail;
    uint32_t size;
  };
  struct Slot {
    uint64_t head = 0, tail = 0;
    uint32_t size = 0;  // 0: empty (no empty word is kept)
    V value{};
  };
  static Key KeyOf(std::string_view w) {
    Key k{0, 0, static_cast<uint32_t>(w.size())};
    if (w.size() >= 8) {
      std::memcpy(&k.head, w.data(), 8);
      std::memcpy(&k.tail, w.data() + w.size() - 8, 8);
    } else {
      // Byte by byte: a copy of a varying size is a call.
      for (size_t i = 0; i < w.size(); ++i) k.head |= uint64_t{static_cast<unsigned char>(w[i])} << (8 * i);
    }
    return k;
  }
  // The words' bytes and size mixed first, then one multiplication, whose
  // top bits depend on every bit below them: the slot is those top bits.
  static size_t SlotOf(const Key& k) {
    const uint64_t h = (k.head ^ std::rotl(k.tail + k.size, 29)) * 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>(h >> (64 - kSlotBits));
  }
  static constexpr int kSlotBits = std::countr_zero(kSlots);
  Slot slots_[kSlots] = {};
};

}  // namespace crosscheck
