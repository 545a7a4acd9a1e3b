// Internal to src/tag: the features the tagger reads, shared by training and
// tagging so both see exactly the same hashes. Not part of the stage's API.
//
// Every feature is a 64-bit hash of (template id, parts). The hashes are
// persisted in the model file: never change Hash/Mix or renumber a template;
// add a new template id and bump kModelVersion instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace crosscheck::tag_internal {

// FNV-1a over the bytes, finished with a 64-bit avalanche. Never zero.
uint64_t Hash(std::string_view s);
uint64_t Mix(uint64_t a, uint64_t b);

// Fetches every cache line of the `n` bytes at `p` into the cache (a hint:
// nothing is read), for the tables' lookups of a sentence, whose lines are
// fetched before any is read so that their misses overlap.
inline void PrefetchBytes(const void* p, size_t n) {
  const auto first = reinterpret_cast<uintptr_t>(p) & ~uintptr_t{63};
  for (uintptr_t at = first; at < reinterpret_cast<uintptr_t>(p) + n; at += 64) {
    __builtin_prefetch(reinterpret_cast<const void*>(at));
  }
}

// Gazetteer flags of a word or phrase (lower case). A word can carry several.
enum GazFlag : uint16_t {
  kCountry = 1 << 0,      // iso-codes 3166-1 / 3166-3 country names
  kSubdivision = 1 << 1,  // iso-codes 3166-2 provinces, states, cities
  kCommon = 1 << 2,       // WordNet lemma written in lower case: an ordinary word
  kWnLocation = 1 << 3,   // WordNet capitalised noun.location (Kabul, Helmand)
  kWnPerson = 1 << 4,     // WordNet capitalised noun.person
  kWnGroup = 1 << 5,      // WordNet capitalised noun.group (Taliban, Reuters)
  kWnProper = 1 << 6,     // any other capitalised WordNet word (Pakistani, Islam)
  kGazFlagCount = 7,      // flags above are features; those below are not
  kPhraseStart = 1 << 7,  // first word of some multi-word entry: worth trying phrases

};

// Word or space-joined phrase (matched in lower case) -> GazFlag bits.
// Its tables are its own, or (ViewImage) read in place from bytes that
// outlive it; adding to a viewed gazetteer copies them first.
class Gazetteer {
 public:
  Gazetteer() = default;
  Gazetteer(const Gazetteer& other);
  Gazetteer& operator=(const Gazetteer& other);
  Gazetteer(Gazetteer&&) noexcept = default;
  Gazetteer& operator=(Gazetteer&&) noexcept = default;

  // Phrases longer than kMaxPhraseWords are not added.
  static constexpr size_t kMaxPhraseWords = 6;
  void Add(std::string_view phrase, uint16_t flags);
  void AddHashed(uint64_t key, uint16_t flags);
  // Room for `n` more entries without growing (and rehashing) on the way.
  void Reserve(size_t n);
  uint16_t Find(uint64_t key) const;
  // Fetches, ahead of Find(key), the slot where its probe begins (a hint).
  void Prefetch(uint64_t key) const {
    if (!key_view_.empty()) __builtin_prefetch(&key_view_[key & (key_view_.size() - 1)]);
  }
  size_t max_words() const { return max_words_; }
  void set_max_words(size_t n) {
    max_words_ = n;
    Touch();
  }
  // Changes whenever the contents change, and differs between gazetteers
  // built separately: what Describe's per-thread word cache is keyed on.
  uint64_t generation() const { return generation_; }
  // Every (key, flags) pair, for serialisation.
  std::vector<std::pair<uint64_t, uint16_t>> Entries() const;
  // Its tables as bytes appended to a model image (image.h), and the
  // gazetteer those bytes hold, read in place from the front of `in`
  // (advanced past them). False when `in` does not start with such bytes
  // (sizes checked; with `verify` also that the table has an empty slot,
  // where Find stops).
  void AppendImage(std::string& out) const;
  bool ViewImage(std::string_view& in, bool verify);

 private:
  void Grow(size_t size);
  void Touch();
  void Own();  // copies viewed tables into keys_ and flags_
  // The tables read: keys_ and flags_, or an image's.
  std::span<const uint64_t> key_view_;
  std::span<const uint16_t> flag_view_;
  std::vector<uint64_t> keys_;
  std::vector<uint16_t> flags_;
  size_t used_ = 0;
  size_t max_words_ = 1;
  uint64_t generation_ = 0;
};

// What the tagger knows of one word before any tag is predicted, but for
// its affixes (WordAffixes).
struct WordInfo {
  uint64_t word = 0, lower = 0, shape = 0;  // exact, lower case (digits as 0), X/x/d shape
  uint16_t gaz = 0;          // GazFlag bits of the word alone (with inflections for kCommon)
  uint16_t gaz_phrase = 0;   // GazFlag bits of the longest multi-word phrase covering it
  uint8_t phrase_pos = 0;    // 0 none, 1 first word of that phrase, 2 inside
  uint8_t length = 0;        // byte length, capped at 15
  uint8_t affixes = 0;       // how many prefix/suffix hashes the word has (WordAffixes)
  bool init_cap = false, all_caps = false, has_lower = false;
};

// A word's prefix and suffix hashes: of the first and last 1 to 4 bytes of
// its lower case (digits as 0), WordInfo::affixes of them set. Only the
// word-type features and the neighbour features read them, which the tagger
// scores once per word type, so its sentences are described without them
// (from a word cache whose entries are then two or three cache lines
// instead of three or four).
struct WordAffixes {
  uint64_t prefix[4] = {}, suffix[4] = {};
};
WordAffixes AffixesOf(std::string_view word);

enum class SentenceCase : uint8_t {
  kNormal = 0,
  kTitle = 1,  // most words capitalised: a headline; capitals say little
  kUpper = 2,  // most words in capitals
};

struct SentenceInfo {
  std::vector<WordInfo> words;
  // One per word; Describe fills them only when asked (training), and the
  // tagger those of the words whose type features it scores (AffixesOf).
  std::vector<WordAffixes> affixes;
  SentenceCase casing = SentenceCase::kNormal;
};

// Fills `out` for a sentence (out.affixes only with `affixes`, else with
// zeros; one per word either way). What depends on a word alone is cached per
// thread and per gazetteer generation (at most kWordCacheSize words of at
// most kWordCacheMaxBytes bytes: about 8 MB, 7.3 of entries and 1 of
// slots), so frequent words are described once. Thread-safe.
constexpr size_t kWordCacheSize = 1 << 16;
constexpr size_t kWordCacheMaxBytes = 32;
void Describe(std::span<const std::string_view> words, const Gazetteer& gaz, SentenceInfo& out, bool affixes = true);

// Stage 0: features of the words alone (all three tasks; all NER reads
// besides its own previous tags). `parts` selects
// the word-type features (those of word i and the sentence casing only, the
// same wherever the word stands: the tagger caches their scores per word
// type), the context features (neighbours, position, phrases), or both in the
// order training has always used.
// kEntityFeatures adds context features that only the NER task reads.
// kNoNeighbourFeatures leaves out the context features NeighbourFeatures
// gives (the tagger caches their scores per word type too),
// kNoPairAndPlaceFeatures those ShapePairFeatures and PlaceFeature give
// (cached per shape pair and per casing and place).
enum WordParts : int {
  kTypeFeatures = 1, kContextFeatures = 2, kAllWordFeatures = 3, kEntityFeatures = 4, kNoNeighbourFeatures = 8,
  kNoPairAndPlaceFeatures = 16
};
void WordFeatures(const SentenceInfo& s, size_t i, std::vector<uint64_t>& out, int parts = kAllWordFeatures);
// What a word's neighbour is beyond the sentence's edge, in the features
// that read a neighbour (as its word, lower case or shape hash).
inline constexpr uint64_t kBoundaryL = 0x9d1c5be0a4f0e1b3ull;  // the word before the sentence
inline constexpr uint64_t kBoundaryR = 0x51a7e2c4d8930f6bull;  // the word after it
// The context features that read the shapes of two adjacent words alone
// (`left` and `right`, either a kBoundary): one of the left word, one of the
// right one. A sentence has few distinct shape pairs, so the tagger caches
// their scores.
struct ShapePair {
  uint64_t of_left, of_right;
};
ShapePair ShapePairFeatures(uint64_t left, uint64_t right);
// The context feature that reads the sentence's casing, whether the word is
// its first, and whether it is capitalised alone: twelve possible.
uint64_t PlaceFeature(SentenceCase casing, bool first, bool init_cap);
// The context features of word i that read one neighbour alone, the word at
// i + offset (offset -2, -1, 1 or 2): `x` is that word and `a` its affixes,
// both nullptr beyond the sentence's edge. The same for every word i with
// that neighbour, so a word's are fixed by the word (as the word-type
// features are).
constexpr int kNeighbourOffsets[] = {-2, -1, 1, 2};
void NeighbourFeatures(const WordInfo* x, const WordAffixes* a, int offset, std::vector<uint64_t>& out);
// Stage 1: features of the part-of-speech tags (chunk task).
void PosFeatures(const SentenceInfo& s, std::span<const uint8_t> pos, size_t i, std::vector<uint64_t>& out);
// Features of the task's own tags already predicted left of i (task 0..2).
void HistoryFeatures(const SentenceInfo& s, int task, std::span<const uint8_t> tags, size_t i,
                     std::vector<uint64_t>& out);
// HistoryFeatures in two parts: those of the two previous tags alone (p1 and
// p2, kNoTag before the sentence), then those that also read word i.
constexpr uint8_t kNoTag = 254;
void TagHistoryFeatures(int task, uint8_t p2, uint8_t p1, std::vector<uint64_t>& out);
void WordHistoryFeatures(const SentenceInfo& s, int task, uint8_t p1, size_t i, std::vector<uint64_t>& out);

}  // namespace crosscheck::tag_internal
