#include "entity/key_table.h"

#include <bit>
#include <cstring>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "entity/names.h"

namespace crosscheck::entity_internal {

void SplitTsvLine(std::string_view line, std::vector<std::string_view>& fields) {
  fields.clear();
  for (size_t start = 0;;) {
    const size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) return;
    start = tab + 1;
  }
}

void ForEachTsvRow(std::string_view tsv,
                   const std::function<void(std::string_view, const std::vector<std::string_view>&)>& f) {
  std::vector<std::string_view> fields;
  while (!tsv.empty()) {
    const size_t nl = tsv.find('\n');
    const std::string_view line = tsv.substr(0, nl);
    tsv.remove_prefix(nl == std::string_view::npos ? tsv.size() : nl + 1);
    if (line.empty() || line[0] == '#') continue;
    SplitTsvLine(line, fields);
    f(line, fields);
  }
}

KeyTable::KeyTable(KeyTable&& o) noexcept { *this = std::move(o); }

KeyTable& KeyTable::operator=(KeyTable&& o) noexcept {
  const bool owned = !o.own_slots_.empty();
  tsv_ = o.tsv_;
  own_slots_ = std::move(o.own_slots_);
  own_rows_ = std::move(o.own_rows_);
  own_keys_ = std::move(o.own_keys_);
  if (owned) {
    Point();
  } else {
    slots_ = o.slots_;
    rows_ = o.rows_;
    keys_ = o.keys_;
  }
  o.slots_ = {};
  o.rows_ = {};
  o.keys_ = {};
  return *this;
}

void KeyTable::Point() {
  slots_ = own_slots_;
  rows_ = own_rows_;
  keys_ = own_keys_;
}

size_t KeyTable::Find(std::string_view key) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = XXH3_64bits(key.data(), key.size()) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == kNone || KeyOf(rows_[slots_[i]]) == key) return i;
  }
}

KeyTable KeyTable::Build(std::string_view tsv, size_t min_fields) {
  KeyTable t;
  t.tsv_ = tsv;
  size_t lines = 1;
  for (const char* p = tsv.data(); (p = static_cast<const char*>(std::memchr(p, '\n', tsv.data() + tsv.size() - p)));
       ++p) {
    ++lines;
  }
  t.own_rows_.reserve(lines);
  t.own_slots_.assign(std::bit_ceil(lines * 2), kNone);
  t.Point();
  ForEachTsvRow(tsv, [&](std::string_view line, const std::vector<std::string_view>& f) {
    if (f.size() < min_fields || f[0].empty()) return;
    const std::string key = NameKey(f[0]);
    const uint32_t r = static_cast<uint32_t>(t.own_rows_.size());
    const size_t slot = t.Find(key);
    Row row{0, static_cast<uint32_t>(key.size()), static_cast<uint32_t>(line.data() - tsv.data()),
            static_cast<uint32_t>(line.size()), kNone};
    if (t.own_slots_[slot] == kNone) {
      row.key_offset = static_cast<uint32_t>(t.own_keys_.size());
      t.own_keys_ += key;
      t.own_slots_[slot] = r;
    } else {
      uint32_t last = t.own_slots_[slot];
      while (t.own_rows_[last].next != kNone) last = t.own_rows_[last].next;
      row.key_offset = t.own_rows_[last].key_offset;
      t.own_rows_[last].next = r;
    }
    t.own_rows_.push_back(row);
    t.Point();  // the vectors and the keys may have moved
  });
  return t;
}

std::vector<std::string_view> KeyTable::RowsOf(std::string_view key) const {
  std::vector<std::string_view> out;
  if (slots_.empty()) return out;
  for (uint32_t r = slots_[Find(key)]; r != kNone; r = rows_[r].next) {
    out.push_back(tsv_.substr(rows_[r].line_offset, rows_[r].line_size));
  }
  return out;
}

std::optional<std::string_view> KeyTable::FirstRow(std::string_view key) const {
  if (slots_.empty()) return std::nullopt;
  const uint32_t r = slots_[Find(key)];
  if (r == kNone) return std::nullopt;
  return tsv_.substr(rows_[r].line_offset, rows_[r].line_size);
}

namespace {

void PutWord(std::string& out, uint32_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
void Pad(std::string& out) { out.resize((out.size() + 3) / 4 * 4, '\0'); }

bool TakeWord(std::string_view& in, uint32_t& v) {
  if (in.size() < sizeof v) return false;
  std::memcpy(&v, in.data(), sizeof v);
  in.remove_prefix(sizeof v);
  return true;
}

// `n` objects of T at the front of `in` (advanced past them, padded to 4).
template <typename T>
bool TakeArray(std::string_view& in, size_t n, std::span<const T>& out) {
  const size_t bytes = (n * sizeof(T) + 3) / 4 * 4;
  if (n > in.size() / sizeof(T) || bytes > in.size()) return false;
  out = {reinterpret_cast<const T*>(in.data()), n};
  in.remove_prefix(bytes);
  return true;
}

}  // namespace

void KeyTable::AppendImage(std::string& out) const {
  Pad(out);
  PutWord(out, static_cast<uint32_t>(slots_.size()));
  PutWord(out, static_cast<uint32_t>(rows_.size()));
  PutWord(out, static_cast<uint32_t>(keys_.size()));
  out.append(reinterpret_cast<const char*>(slots_.data()), slots_.size() * sizeof(uint32_t));
  out.append(reinterpret_cast<const char*>(rows_.data()), rows_.size() * sizeof(Row));
  out.append(keys_);
  Pad(out);
}

bool KeyTable::ViewImage(std::string_view& image, std::string_view tsv) {
  static_assert(sizeof(Row) == 5 * sizeof(uint32_t));
  if (reinterpret_cast<uintptr_t>(image.data()) % alignof(uint32_t) != 0) return false;
  std::string_view in = image;
  uint32_t slots = 0, rows = 0, keys = 0;
  if (!TakeWord(in, slots) || !TakeWord(in, rows) || !TakeWord(in, keys)) return false;
  if (slots == 0 || !std::has_single_bit(slots) || rows > slots / 2) return false;
  std::span<const uint32_t> slot_view;
  std::span<const Row> row_view;
  if (!TakeArray(in, slots, slot_view) || !TakeArray(in, rows, row_view) || keys > in.size()) return false;
  const std::string_view key_view = in.substr(0, keys);
  in.remove_prefix((keys + 3) / 4 * 4 <= in.size() ? (keys + 3) / 4 * 4 : in.size());
  size_t used = 0;  // Find ends at an empty slot: at most half of them are used
  for (uint32_t s : slot_view) {
    if (s != kNone && s >= rows) return false;
    used += s != kNone;
  }
  if (used > slots / 2) return false;
  for (uint32_t r = 0; r < rows; ++r) {
    const Row& row = row_view[r];
    if (row.key_offset > keys || row.key_size > keys - row.key_offset || row.line_offset > tsv.size() ||
        row.line_size > tsv.size() - row.line_offset || (row.next != kNone && (row.next <= r || row.next >= rows))) {
      return false;
    }
  }
  tsv_ = tsv;
  slots_ = slot_view;
  rows_ = row_view;
  keys_ = key_view;
  own_slots_.clear();
  own_rows_.clear();
  own_keys_.clear();
  image = in;
  return true;
}

namespace {

constexpr std::string_view kMagic = "crosscheck knowledge image 1\n";  // 29 bytes, padded to 32

uint64_t Hash(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

}  // namespace

KnowledgeIndex BuildKnowledgeIndex(std::string_view places, std::string_view demonyms,
                                   std::string_view organizations) {
  return {KeyTable::Build(places, 7), KeyTable::Build(demonyms, 2), KeyTable::Build(organizations, 1)};
}

std::string KnowledgeImage(const KnowledgeIndex& index, std::string_view places, std::string_view demonyms,
                           std::string_view organizations) {
  std::string out(kMagic);
  Pad(out);
  for (std::string_view t : {places, demonyms, organizations}) {
    const uint64_t h = Hash(t);
    out.append(reinterpret_cast<const char*>(&h), sizeof h);
  }
  index.places.AppendImage(out);
  index.demonyms.AppendImage(out);
  index.organizations.AppendImage(out);
  return out;
}

std::optional<KnowledgeIndex> ViewKnowledgeImage(std::string_view image, std::string_view places,
                                                 std::string_view demonyms, std::string_view organizations) {
  const size_t head = (kMagic.size() + 3) / 4 * 4;
  if (image.size() < head + 3 * sizeof(uint64_t) || image.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  image.remove_prefix(head);
  for (std::string_view t : {places, demonyms, organizations}) {
    uint64_t h = 0;
    std::memcpy(&h, image.data(), sizeof h);
    if (h != Hash(t)) return std::nullopt;
    image.remove_prefix(sizeof h);
  }
  KnowledgeIndex index;
  if (!index.places.ViewImage(image, places) || !index.demonyms.ViewImage(image, demonyms) ||
      !index.organizations.ViewImage(image, organizations) || !image.empty()) {
    return std::nullopt;
  }
  return index;
}

}  // namespace crosscheck::entity_internal
