#include "base/lexicon.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>

#include "base/resources.h"

namespace crosscheck {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

namespace {

std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    fields.emplace_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return fields;
}

// In-memory only (never persisted), so the hash may change freely.
constexpr uint64_t kOnes = 0x0101010101010101ULL;

uint64_t Load64(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}
uint64_t Load32(const char* p) {
  uint32_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// 0x20 in every byte of `w` that is an ASCII capital, 0 elsewhere: `w | UpperBits(w)`
// is `w` lower-cased (ASCII; other bytes, UTF-8 included, are kept).
uint64_t UpperBits(uint64_t w) {
  uint64_t low7 = w & (0x7f * kOnes);
  uint64_t at_least_a = low7 + (0x80 - 'A') * kOnes;      // high bit set where >= 'A'
  uint64_t above_z = low7 + (0x80 - 'Z' - 1) * kOnes;     // high bit set where > 'Z'
  return (at_least_a & ~above_z & ~w & (0x80 * kOnes)) >> 2;
}

// The slot index comes from the high bits, so the low bits tell keys apart.
uint32_t TagOf(uint64_t hash) { return static_cast<uint32_t>(hash); }

// True when `s` lower-cased (ASCII) is `lower`; both of the same size.
bool EqualFolded(std::string_view s, std::string_view lower) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w = Load64(s.data() + i);
    if ((w | UpperBits(w)) != Load64(lower.data() + i)) return false;
  }
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

}  // namespace

Lexicon Lexicon::Parse(std::string_view tsv) {
  Lexicon lex;
  size_t pos = 0;
  while (pos < tsv.size()) {
    size_t nl = tsv.find('\n', pos);
    std::string_view line = tsv.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? tsv.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    Row row = SplitTabs(line);
    size_t words = 1;
    for (char c : row[0]) words += c == ' ';
    if (words > lex.max_words_) lex.max_words_ = words;
    lex.rows_.push_back(row);
    std::string key = AsciiLower(row[0]);
    for (size_t sp = key.find(' '); sp != std::string::npos; sp = key.find(' ', sp + 1)) {
      lex.Intern(std::string_view(key).substr(0, sp));
    }
    Entry& e = lex.Intern(key);
    row.erase(row.begin());
    if (e.value < 0) {
      e.value = static_cast<int32_t>(lex.values_.size());
      lex.values_.push_back(std::move(row));
    } else {
      lex.values_[e.value] = std::move(row);  // later duplicates win
    }
    lex.min_key_ = std::min(lex.min_key_, key.size());
    lex.max_key_ = std::max(lex.max_key_, key.size());
  }
  return lex;
}

const Lexicon& Lexicon::Get(std::string_view name) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Lexicon>, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(name);
  if (it == cache.end()) {
    auto lex = std::make_unique<Lexicon>(Parse(FindResource(name)));
    it = cache.emplace(std::string(name), std::move(lex)).first;
  }
  return *it->second;
}

// Inlined into Find and IsPrefix: a call each would cost a third of a lookup.
[[gnu::always_inline]] inline Lexicon::Folded Lexicon::Fold(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  Folded f;
  uint64_t upper;
  if (n >= 8) {
    uint64_t chunks = 0, chunks_upper = 0;
    if (n > 16) {
      // Eight-byte chunks before the last sixteen bytes feed the hash only;
      // equality of long strings is decided byte by byte (EqualFolded).
      for (size_t i = 0; i + 16 < n; i += 8) {
        uint64_t w = Load64(p + i), u = UpperBits(w);
        chunks_upper |= u;
        chunks = (chunks ^ (w | u)) * 0x9e3779b97f4a7c15ULL;
      }
      p += n - 16;
    }
    f.head = Load64(p);
    f.tail = Load64(s.data() + n - 8);
    uint64_t tail_upper = UpperBits(f.tail);
    upper = UpperBits(f.head);
    f.head = (f.head | upper) ^ chunks;
    f.tail |= tail_upper;
    upper |= tail_upper | chunks_upper;
  } else {
    if (n >= 4) {
      f.head = Load32(p) | Load32(p + n - 4) << 32;
    } else if (n > 0) {
      f.head = uint64_t{static_cast<uint8_t>(p[0])} | uint64_t{static_cast<uint8_t>(p[n / 2])} << 8 |
               uint64_t{static_cast<uint8_t>(p[n - 1])} << 16;
    }
    upper = UpperBits(f.head);
    f.head |= upper;
  }
  f.upper = upper != 0;
  // The slot is taken from the high bits of a product, which depend on every bit.
  f.hash = (f.head * 0xc2b2ae3d27d4eb4fULL ^ (f.tail + n)) * 0x9e3779b97f4a7c15ULL;
  return f;
}

[[gnu::always_inline]] inline const Lexicon::Entry* Lexicon::Lookup(std::string_view s, const Folded& f) const {
  assert(!slots_.empty());  // Find and IsPrefix return first on an empty table (see the bounds)
  size_t mask = slots_.size() - 1;
  uint32_t tag = TagOf(f.hash);
  for (size_t i = f.hash >> shift_;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.entry == kEmpty) return nullptr;
    if (slot.tag != tag) continue;
    const Entry& e = entries_[slot.entry];
    if (e.size == s.size() && e.head == f.head && e.tail == f.tail &&
        (s.size() <= 16 || EqualFolded(s, StringOf(e)))) {
      return &e;
    }
  }
}

const Lexicon::Row* Lexicon::Find(std::string_view key) const {
  if (key.size() < min_key_ || key.size() > max_key_) return nullptr;
  const Entry* e = Lookup(key, Fold(key));
  return e && e->value >= 0 ? &values_[e->value] : nullptr;
}

int32_t Lexicon::Number(std::string_view key) const {
  if (key.size() < min_key_ || key.size() > max_key_) return -1;
  const Entry* e = Lookup(key, Fold(key));
  return e ? e->value : -1;
}

bool Lexicon::IsPrefix(std::string_view words) const {
  if (words.size() < min_prefix_ || words.size() > max_key_) return false;
  // Every key is lower-case, so words with a capital are none of them.
  Folded f = Fold(words);
  return !f.upper && Lookup(words, f) != nullptr;
}

Lexicon::Entry& Lexicon::Intern(std::string_view s) {
  // At most half full, so probe runs stay short and a miss ends quickly.
  if ((entries_.size() + 1) * 2 > slots_.size()) Rehash(std::max<size_t>(16, slots_.size() * 2));
  Folded f = Fold(s);
  size_t mask = slots_.size() - 1;
  for (size_t i = f.hash >> shift_;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.entry == kEmpty) {
      slot = {TagOf(f.hash), static_cast<uint32_t>(entries_.size())};
      entries_.push_back({f.head, f.tail, static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(s.size()), -1});
      keys_.append(s);
      min_prefix_ = std::min(min_prefix_, s.size());
      return entries_.back();
    }
    if (slot.tag == TagOf(f.hash) && StringOf(entries_[slot.entry]) == s) return entries_[slot.entry];
  }
}

void Lexicon::Rehash(size_t slots) {
  assert((slots & (slots - 1)) == 0);
  slots_.assign(slots, Slot{});
  shift_ = 64 - std::countr_zero(slots);
  for (uint32_t k = 0; k < entries_.size(); ++k) {
    uint64_t h = Fold(StringOf(entries_[k])).hash;
    size_t i = h >> shift_;
    while (slots_[i].entry != kEmpty) i = (i + 1) & (slots - 1);
    slots_[i] = {TagOf(h), k};
  }
}

}  // namespace crosscheck
