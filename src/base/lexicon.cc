#include "base/lexicon.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <memory>
#include <mutex>

#define XXH_INLINE_ALL
#include <xxhash.h>

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

// In-memory only (never persisted), so the function may change freely.
uint64_t HashOf(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }
// The slot index comes from the low bits, so the high bits tell keys apart.
uint32_t TagOf(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }

bool HasUpper(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
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

const Lexicon::Row* Lexicon::Find(std::string_view key) const {
  if (key.size() < min_key_ || key.size() > max_key_) return nullptr;
  // Callers mostly pass lower-case tokens: look those up without a copy.
  const Entry* e = HasUpper(key) ? Lookup(AsciiLower(key)) : Lookup(key);
  return e && e->value >= 0 ? &values_[e->value] : nullptr;
}

bool Lexicon::IsPrefix(std::string_view words) const {
  if (words.size() < min_prefix_ || words.size() > max_key_) return false;
  return Lookup(words) != nullptr;
}

const Lexicon::Entry* Lexicon::Lookup(std::string_view s) const {
  if (slots_.empty()) return nullptr;
  uint64_t h = HashOf(s);
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.entry == kEmpty) return nullptr;
    if (slot.tag == TagOf(h) && StringOf(entries_[slot.entry]) == s) return &entries_[slot.entry];
  }
}

Lexicon::Entry& Lexicon::Intern(std::string_view s) {
  // At most half full, so probe runs stay short and a miss ends quickly.
  if ((entries_.size() + 1) * 2 > slots_.size()) Rehash(std::max<size_t>(16, slots_.size() * 2));
  uint64_t h = HashOf(s);
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.entry == kEmpty) {
      slot = {TagOf(h), static_cast<uint32_t>(entries_.size())};
      entries_.push_back({static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(s.size()), -1});
      keys_.append(s);
      min_prefix_ = std::min(min_prefix_, s.size());
      return entries_.back();
    }
    if (slot.tag == TagOf(h) && StringOf(entries_[slot.entry]) == s) return entries_[slot.entry];
  }
}

void Lexicon::Rehash(size_t slots) {
  assert((slots & (slots - 1)) == 0);
  slots_.assign(slots, Slot{});
  for (uint32_t k = 0; k < entries_.size(); ++k) {
    uint64_t h = HashOf(StringOf(entries_[k]));
    size_t i = h & (slots - 1);
    while (slots_[i].entry != kEmpty) i = (i + 1) & (slots - 1);
    slots_[i] = {TagOf(h), k};
  }
}

}  // namespace crosscheck
