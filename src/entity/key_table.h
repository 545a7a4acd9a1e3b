// The index of the knowledge tables (internal to src/entity): the rows of
// places.tsv, demonyms.tsv and organizations.tsv by the NameKey of their
// first field. Built from the tables at run time, or viewed in place from
// the image tools/knowledge_image.cc writes when crosscheck is built and the
// binary embeds (entity/embedded.cc): building it took every process about
// 38 M instructions (NameKey of 33,800 names, the tables split into fields).
//
//   KnowledgeIndex built = BuildKnowledgeIndex(places, demonyms, organizations);
//   std::string image = KnowledgeImage(built, places, demonyms, organizations);
//   std::optional<KnowledgeIndex> viewed = ViewKnowledgeImage(image, places, demonyms, organizations);
//
// Thread-safe once built or viewed (only read).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace crosscheck::entity_internal {

// The fields of one TSV line (without its line break), split at tabs, into
// `fields` (cleared first).
void SplitTsvLine(std::string_view line, std::vector<std::string_view>& fields);

// Calls f(line, fields) for every data line of a TSV table: lines other than
// empty ones and '#' comments, without their line break, split at tabs.
void ForEachTsvRow(std::string_view tsv,
                   const std::function<void(std::string_view, const std::vector<std::string_view>&)>& f);

// The data rows of one TSV table by key: an open-addressing table (XXH3 of
// the key, linear probing, at most half full) of each key's first row, the
// rows of a key chained in file order. A row is a line of the table, without
// its line break. The arrays are owned (Build) or views of an image.
class KeyTable {
 public:
  // Every data row of `tsv` ('#' lines are comments) with at least
  // `min_fields` fields and a non-empty first field, by NameKey of the first
  // field. `tsv` must outlive the table.
  static KeyTable Build(std::string_view tsv, size_t min_fields);

  // The rows whose key is `key`, in file order.
  std::vector<std::string_view> RowsOf(std::string_view key) const;
  // The first of them, or nullopt.
  std::optional<std::string_view> FirstRow(std::string_view key) const;

  // Appends the table's arrays (not the TSV) to `out`, 4-byte aligned.
  void AppendImage(std::string& out) const;
  // Views the arrays AppendImage wrote at the front of `image` (which
  // advances past them) as the index of `tsv`: false, leaving the table
  // unchanged, when they do not fit (sizes, offsets into `image` or `tsv`,
  // chains that do not run forward, a table more than half full) or `image`
  // is not 4-byte aligned. Both must outlive the table.
  bool ViewImage(std::string_view& image, std::string_view tsv);

  KeyTable() = default;
  KeyTable(KeyTable&&) noexcept;
  KeyTable& operator=(KeyTable&&) noexcept;
  KeyTable(const KeyTable&) = delete;
  KeyTable& operator=(const KeyTable&) = delete;

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Row {
    uint32_t key_offset = 0, key_size = 0;    // in keys_
    uint32_t line_offset = 0, line_size = 0;  // in tsv_
    uint32_t next = kNone;                    // the next row of the same key
  };
  // The slot of `key`: the one that holds its first row, or the empty one
  // where it would go.
  size_t Find(std::string_view key) const;
  std::string_view KeyOf(const Row& r) const { return keys_.substr(r.key_offset, r.key_size); }
  void Point();  // the views at the owned arrays

  std::string_view tsv_;
  std::span<const uint32_t> slots_;  // first row of a key, or kNone
  std::span<const Row> rows_;
  std::string_view keys_;            // the keys back to back
  std::vector<uint32_t> own_slots_;  // Build's arrays (empty when viewing an image)
  std::vector<Row> own_rows_;
  std::string own_keys_;
};

struct KnowledgeIndex {
  KeyTable places;         // rows of 7 fields: name, kind, country, code, lat, lon, population
  KeyTable demonyms;       // rows of 2 fields: demonym, alpha-2
  KeyTable organizations;  // rows of 1 field
};

KnowledgeIndex BuildKnowledgeIndex(std::string_view places, std::string_view demonyms,
                                   std::string_view organizations);
// The image of `index`, built from these tables (their XXH3 hashes head it).
std::string KnowledgeImage(const KnowledgeIndex& index, std::string_view places, std::string_view demonyms,
                           std::string_view organizations);
// The index an image holds, when it was made from exactly these tables and
// every array fits; nullopt otherwise.
std::optional<KnowledgeIndex> ViewKnowledgeImage(std::string_view image, std::string_view places,
                                                 std::string_view demonyms, std::string_view organizations);

}  // namespace crosscheck::entity_internal
