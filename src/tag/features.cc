#include "tag/features.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <string>
#include <unordered_map>

#include "base/recent_words.h"
#include "tag/image.h"

namespace crosscheck::tag_internal {

namespace {

// Template ids (persisted through the hashes: append only, never renumber;
// kChunkPos, kPrevPos and the kChunk* ids, read by NER before model
// version 2, are reserved, unused).
enum Tpl : uint64_t {
  kBias = 1, kWord, kLower, kLowerM1, kLowerP1, kLowerM2, kLowerP2, kShape, kShapeM1, kShapeP1,
  kShapeM1Shape, kShapeShapeP1, kPrefix, kSuffix, kLowerM1Lower, kLowerLowerP1, kGaz, kGazM1,
  kGazP1, kPhrase, kCaseShape, kCaseFirstCap, kCaseCommonCap, kFirstShape, kLength, kWordM1,
  kWordP1, kCaseLower, kPos, kPosM1, kPosP1, kPosM2, kPosP2, kPosM1Pos, kPosPosP1, kPosLower,
  kChunk, kChunkM1, kChunkP1, kChunkPos, kPrev, kPrev2, kPrevLower, kPrevShape, kPrevPos,
  kPhraseFirst, kSuffixM1, kSuffixP1, kLowerM1LowerP1, kLowerP1LowerP2,
};

// Hash() computed a byte at a time, for strings never materialised.
class Hasher {
 public:
  void Add(unsigned char c) {
    h_ = (h_ ^ c) * 0x100000001b3ull;
    ++n_;
  }
  void Add(std::string_view s) { for (unsigned char c : s) Add(c); }
  uint64_t Finish() const { return Mix(h_, n_); }

 private:
  uint64_t h_ = 0xcbf29ce484222325ull;
  size_t n_ = 0;
};

uint64_t F(uint64_t tpl, uint64_t a) { return Mix(tpl, a); }
uint64_t F(uint64_t tpl, uint64_t a, uint64_t b) { return Mix(Mix(tpl, a), b); }

char ShapeOf(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return 'X';
  if (c >= 'a' && c <= 'z') return 'x';
  if (c >= '0' && c <= '9') return 'd';
  if (c >= 0x80) return 'u';  // any non-ASCII letter or sign
  return static_cast<char>(c);
}

// Lower case, ’ as ', and (when `digits`) every digit as 0.
void Normalise(std::string_view w, bool digits, std::string& out) {
  out.clear();
  for (size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    else if (digits && c >= '0' && c <= '9') c = '0';
    else if (w.substr(i, 3) == "\xE2\x80\x99") { c = '\''; i += 2; }
    out.push_back(c);
  }
}

// Candidate lemmas of an inflected lower-case word for the kCommon lookup:
// "posts" -> "post", "seized" -> "seize", "clashes" -> "clash", "killed" -> "kill".
uint16_t CommonFlags(const std::string& lower, const Gazetteer& gaz) {
  uint16_t f = gaz.Find(Hash(lower)) & kCommon;
  if (f) return f;
  auto ends = [&](std::string_view s) { return lower.size() > s.size() + 2 && lower.ends_with(s); };
  auto try_stem = [&](size_t cut, std::string_view add) {
    Hasher h;
    h.Add(std::string_view(lower).substr(0, lower.size() - cut));
    h.Add(add);
    return static_cast<uint16_t>(gaz.Find(h.Finish()) & kCommon);
  };
  if (ends("ies") && (f = try_stem(3, "y"))) return f;
  if (ends("ied") && (f = try_stem(3, "y"))) return f;
  if (ends("es") && (f = try_stem(2, ""))) return f;
  if (ends("s") && (f = try_stem(1, ""))) return f;
  if (ends("ed") && ((f = try_stem(2, "")) || (f = try_stem(1, "")))) return f;
  if (ends("ing") && ((f = try_stem(3, "")) || (f = try_stem(3, "e")))) return f;
  return 0;
}

// How many prefix and suffix hashes a word has whose lower case (digits as
// 0) is `size` bytes long: those of its first and last 1 to 4 bytes, never
// the whole word.
uint8_t AffixCount(size_t size) { return static_cast<uint8_t>(std::min<size_t>(4, size > 0 ? size - 1 : 0)); }

// Fills `info`; leaves the word's lower case (digits kept) in `lower`.
void DescribeWord(std::string_view w, const Gazetteer& gaz, std::string& scratch, std::string& lower,
                  WordInfo& info) {
  info = WordInfo{};
  info.word = Hash(w);
  Normalise(w, /*digits=*/true, scratch);
  info.lower = Hash(scratch);
  Hasher shape;  // X/x/d/u and punctuation, runs collapsed: "Kabul" -> "Xx"
  char last = 0;
  for (unsigned char c : w) {
    if (c >= 0x80 && c < 0xC0) continue;  // UTF-8 continuation byte
    char s = ShapeOf(c);
    if (s != last) shape.Add(static_cast<unsigned char>(s));
    last = s;
  }
  info.shape = shape.Finish();
  info.length = static_cast<uint8_t>(std::min<size_t>(w.size(), 15));
  size_t letters = 0, upper = 0;
  for (unsigned char c : w) {
    if (c >= 'A' && c <= 'Z') { ++letters; ++upper; }
    else if (c >= 'a' && c <= 'z') { ++letters; info.has_lower = true; }
  }
  info.init_cap = !w.empty() && w[0] >= 'A' && w[0] <= 'Z';
  info.all_caps = letters >= 1 && upper == letters && (letters >= 2 || w.size() == 1);
  info.affixes = AffixCount(scratch.size());
  Normalise(w, /*digits=*/false, lower);
  info.gaz = static_cast<uint16_t>((gaz.Find(Hash(lower)) & ~kCommon) | CommonFlags(lower, gaz));
}

// The affix hashes of a word whose lower case (digits as 0) is `lower`.
WordAffixes AffixesOfLower(std::string_view lower) {
  WordAffixes out;
  for (size_t k = 1; k <= AffixCount(lower.size()); ++k) {
    out.prefix[k - 1] = Mix(k, Hash(lower.substr(0, k)));
    out.suffix[k - 1] = Mix(k, Hash(lower.substr(lower.size() - k)));
  }
  return out;
}

SentenceCase CasingOf(std::span<const WordInfo> words) {
  size_t alpha = 0, caps = 0, upper = 0;
  for (const WordInfo& w : words) {
    if (!w.init_cap && !w.has_lower) continue;  // no letters, or a non-ASCII word
    ++alpha;
    caps += w.init_cap;
    upper += w.all_caps && w.length >= 2;
  }
  if (alpha < 3) return SentenceCase::kNormal;
  if (upper * 10 >= alpha * 7) return SentenceCase::kUpper;
  if (caps * 10 >= alpha * 7) return SentenceCase::kTitle;
  return SentenceCase::kNormal;
}

// Marks each word covered by the longest gazetteer phrase (2+ words) starting
// at or before it, left to right. Only words flagged kPhraseStart start one.
// The phrases every such word begins are hashed, and their slots fetched,
// before any is looked up, so that the gazetteer's cache misses overlap
// (looked up one after another they were a third of Describe's time).
void MatchPhrases(std::span<const std::string_view> lower, const Gazetteer& gaz, std::vector<WordInfo>& info) {
  // Word i's phrase of n words is keys[first[i] + n - 2].
  thread_local std::vector<uint64_t> keys;
  thread_local std::vector<uint32_t> first;
  keys.clear();
  first.resize(info.size());
  for (size_t i = 0; i < info.size(); ++i) {
    if (!(info[i].gaz & kPhraseStart)) continue;
    first[i] = static_cast<uint32_t>(keys.size());
    Hasher h;
    h.Add(lower[i]);
    for (size_t n = 2; n <= gaz.max_words() && i + n <= info.size(); ++n) {
      h.Add(' ');
      h.Add(lower[i + n - 1]);
      keys.push_back(h.Finish());
      gaz.Prefetch(keys.back());
    }
  }
  for (size_t i = 0; i < info.size();) {
    size_t best = 0;
    uint16_t best_flags = 0;
    if (info[i].gaz & kPhraseStart) {
      for (size_t n = 2; n <= gaz.max_words() && i + n <= info.size(); ++n) {
        if (uint16_t f = gaz.Find(keys[first[i] + n - 2]) & ~(kCommon | kPhraseStart)) { best = n; best_flags = f; }
      }
    }
    if (best == 0) { ++i; continue; }
    for (size_t k = 0; k < best; ++k) {
      info[i + k].gaz_phrase = best_flags;
      info[i + k].phrase_pos = k == 0 ? 1 : 2;
    }
    i += best;
  }
}

// One feature per flag set, lowest bit first; most words have none.
void PushFlags(uint64_t tpl, uint16_t flags, uint64_t extra, std::vector<uint64_t>& out) {
  for (unsigned f = flags & ((1u << kGazFlagCount) - 1); f != 0; f &= f - 1) {
    out.push_back(F(tpl, static_cast<uint64_t>(std::countr_zero(f)), extra));
  }
}

}  // namespace

uint64_t Hash(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  return Mix(h, s.size());
}

WordAffixes AffixesOf(std::string_view word) {
  std::string lower;
  Normalise(word, /*digits=*/true, lower);
  return AffixesOfLower(lower);
}

uint64_t Mix(uint64_t a, uint64_t b) {
  uint64_t h = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h | 1;  // 0 marks an empty slot in the tables
}

void Gazetteer::Add(std::string_view phrase, uint16_t flags) {
  std::string lower;
  Normalise(phrase, /*digits=*/false, lower);
  size_t words = 1 + static_cast<size_t>(std::count(lower.begin(), lower.end(), ' '));
  if (words > kMaxPhraseWords) return;
  AddHashed(Hash(lower), flags);
  if (words > 1) AddHashed(Hash(std::string_view(lower).substr(0, lower.find(' '))), kPhraseStart);
  max_words_ = std::max(max_words_, words);
}

Gazetteer::Gazetteer(const Gazetteer& other) { *this = other; }

Gazetteer& Gazetteer::operator=(const Gazetteer& other) {
  if (this == &other) return *this;
  const bool owned = other.key_view_.data() == other.keys_.data();
  keys_ = other.keys_;
  flags_ = other.flags_;
  key_view_ = owned ? std::span<const uint64_t>(keys_) : other.key_view_;
  flag_view_ = owned ? std::span<const uint16_t>(flags_) : other.flag_view_;
  used_ = other.used_;
  max_words_ = other.max_words_;
  generation_ = other.generation_;
  return *this;
}

void Gazetteer::Touch() {
  static std::atomic<uint64_t> next{1};
  generation_ = next.fetch_add(1, std::memory_order_relaxed);
}

void Gazetteer::Own() {
  if (key_view_.data() == keys_.data()) return;
  keys_.assign(key_view_.begin(), key_view_.end());
  flags_.assign(flag_view_.begin(), flag_view_.end());
  key_view_ = keys_;
  flag_view_ = flags_;
}

void Gazetteer::AddHashed(uint64_t key, uint16_t flags) {
  Touch();
  Own();
  if ((used_ + 1) * 2 > keys_.size()) Grow(std::max<size_t>(1024, keys_.size() * 2));
  size_t mask = keys_.size() - 1;
  for (size_t i = key & mask;; i = (i + 1) & mask) {
    if (keys_[i] == key) { flags_[i] |= flags; return; }
    if (keys_[i] == 0) { keys_[i] = key; flags_[i] = flags; ++used_; return; }
  }
}

uint16_t Gazetteer::Find(uint64_t key) const {
  if (key_view_.empty()) return 0;
  size_t mask = key_view_.size() - 1;
  for (size_t i = key & mask;; i = (i + 1) & mask) {
    if (key_view_[i] == key) return flag_view_[i];
    if (key_view_[i] == 0) return 0;
  }
}

std::vector<std::pair<uint64_t, uint16_t>> Gazetteer::Entries() const {
  std::vector<std::pair<uint64_t, uint16_t>> out;
  for (size_t i = 0; i < key_view_.size(); ++i) {
    if (key_view_[i]) out.emplace_back(key_view_[i], flag_view_[i]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void Gazetteer::Reserve(size_t n) {
  Own();
  size_t size = std::max<size_t>(1024, keys_.size());
  while ((used_ + n + 1) * 2 > size) size *= 2;
  if (size > keys_.size()) Grow(size);
}

void Gazetteer::Grow(size_t size) {
  std::vector<uint64_t> keys;
  std::vector<uint16_t> flags;
  keys.swap(keys_);
  flags.swap(flags_);
  keys_.assign(size, 0);
  flags_.assign(keys_.size(), 0);
  key_view_ = keys_;
  flag_view_ = flags_;
  used_ = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i]) AddHashed(keys[i], flags[i]);
  }
}

void Gazetteer::AppendImage(std::string& out) const {
  image::Put<uint64_t>(out, max_words_);
  image::Put<uint64_t>(out, used_);
  image::PutArray(out, key_view_);
  image::PutArray(out, flag_view_);
}

bool Gazetteer::ViewImage(std::string_view& in, bool verify) {
  uint64_t max_words = 0, used = 0;
  std::span<const uint64_t> keys;
  std::span<const uint16_t> flags;
  if (!image::Get(in, max_words) || !image::Get(in, used) || !image::GetArray(in, keys) ||
      !image::GetArray(in, flags)) {
    return false;
  }
  // Find probes until an empty slot: a power-of-two table, never full.
  if (keys.size() != flags.size() || (keys.size() & (keys.size() - 1)) != 0 || used >= keys.size() + !keys.size() ||
      max_words > 16) {  // as ParseModel
    return false;
  }
  if (verify && !keys.empty() && std::find(keys.begin(), keys.end(), uint64_t{0}) == keys.end()) return false;
  keys_.clear();
  flags_.clear();
  key_view_ = keys;
  flag_view_ = flags;
  used_ = static_cast<size_t>(used);
  max_words_ = static_cast<size_t>(max_words);
  Touch();
  return true;
}

namespace {

// DescribeWord's results for the words seen last, in the order first seen,
// each with the word and its lower case inline; found through an
// open-addressing index whose slots hold a tag of the word's hash and the
// entry's number, so a lookup reads one slot of a 1 MB table and one entry
// (a node-based map read three lines: bucket, node, then the word). The
// words asked last (up to 16 bytes) are found first by their bytes alone
// (Recent), without hashing them: most tokens are frequent words.
class WordCache {
 public:
  struct Entry {
    WordInfo info;
    uint8_t size = 0, lower_size = 0;
    char text[kWordCacheMaxBytes];
    char lower[kWordCacheMaxBytes];
    std::string_view Text() const { return {text, size}; }
    std::string_view Lower() const { return {lower, lower_size}; }
  };

  // Empties the cache unless it holds `gaz`'s words and has room for `words` more.
  void Prepare(const Gazetteer& gaz, size_t words) {
    if (slots_.empty()) {
      slots_.assign(kSlots, 0);
      entries_.reserve(kWordCacheSize);  // never moves: views into entries stay valid
    }
    if (generation_ == gaz.generation() && entries_.size() + words <= kWordCacheSize) return;
    std::fill(slots_.begin(), slots_.end(), uint64_t{0});
    entries_.clear();
    recent_.Clear();
    generation_ = gaz.generation();
  }

  // The entry of `w` when it was asked for lately, else nullptr (then Get).
  const Entry* Recent(std::string_view w) const {
    const uint32_t* e = recent_.Find(w);
    return e ? &entries_[*e] : nullptr;
  }

  // Fetch, ahead of Get, the slot where the word of hash `h` begins its
  // probe; then, once that slot is in cache, the entry it names when the
  // tags agree (112 bytes: two or three cache lines). Describe fetches a
  // sentence's words this way so that their misses overlap (the slots are
  // 1 MB, the entries 7 MB).
  void FetchSlot(uint64_t h) const { __builtin_prefetch(&slots_[static_cast<size_t>(h) & (kSlots - 1)]); }
  void FetchEntry(uint64_t h) const {
    const uint64_t slot = slots_[static_cast<size_t>(h) & (kSlots - 1)];
    if (slot == 0 || (slot & kTagMask) != (h & kTagMask)) return;
    PrefetchBytes(&entries_[(slot & ~kTagMask) - 1], sizeof(Entry));
  }

  // The entry of `w` (at most kWordCacheMaxBytes bytes; `h` is Hash(w)),
  // described on first sight; nullptr when it is new and the cache is full (a
  // sentence of more than kWordCacheSize words: the entries never move, so
  // views of them stay valid until the next Prepare).
  const Entry* Get(std::string_view w, uint64_t h, const Gazetteer& gaz, std::string& scratch, std::string& lower) {
    const uint64_t tag = h & kTagMask;
    size_t i = static_cast<size_t>(h) & (kSlots - 1);
    for (;; i = (i + 1) & (kSlots - 1)) {
      const uint64_t slot = slots_[i];
      if (slot == 0) break;
      if ((slot & kTagMask) != tag) continue;
      const Entry& e = entries_[(slot & ~kTagMask) - 1];
      if (e.Text() == w) {
        recent_.Put(w, static_cast<uint32_t>((slot & ~kTagMask) - 1));
        return &e;
      }
    }
    if (entries_.size() == kWordCacheSize) return nullptr;
    Entry& e = entries_.emplace_back();
    slots_[i] = tag | entries_.size();
    DescribeWord(w, gaz, scratch, lower, e.info);
    e.size = static_cast<uint8_t>(w.size());
    std::copy(w.begin(), w.end(), e.text);
    e.lower_size = static_cast<uint8_t>(lower.size());  // Normalise never lengthens a word
    std::copy(lower.begin(), lower.end(), e.lower);
    recent_.Put(w, static_cast<uint32_t>(entries_.size() - 1));
    return &e;
  }

 private:
  static constexpr size_t kSlots = 2 * kWordCacheSize;  // at most half full
  static constexpr uint64_t kTagMask = ~uint64_t{0} << 32;
  uint64_t generation_ = 0;
  std::vector<uint64_t> slots_;  // 0: empty; else the hash's high half | 1 + entry
  std::vector<Entry> entries_;
  RecentWords<uint32_t> recent_;  // entry numbers
};

}  // namespace

void Describe(std::span<const std::string_view> words, const Gazetteer& gaz, SentenceInfo& out, bool affixes) {
  thread_local std::string scratch, lower;
  // Lower cases of the words not cached, and views of every word's.
  thread_local std::vector<std::string> long_lower;
  thread_local std::vector<std::string_view> lowers;
  thread_local WordCache cache;
  cache.Prepare(gaz, words.size());
  out.words.resize(words.size());
  if (long_lower.size() < words.size()) long_lower.resize(words.size());  // before any view is taken
  lowers.resize(words.size());
  thread_local std::vector<uint64_t> hashes;
  thread_local std::vector<const WordCache::Entry*> recent;  // Recent's, per word
  hashes.resize(words.size());
  recent.resize(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    recent[i] = cache.Recent(words[i]);
    if (recent[i] != nullptr) continue;
    hashes[i] = Hash(words[i]);
    cache.FetchSlot(hashes[i]);
  }
  for (size_t i = 0; i < words.size(); ++i) {
    if (recent[i] == nullptr) cache.FetchEntry(hashes[i]);
  }
  for (size_t i = 0; i < words.size(); ++i) {
    // A long word (rare; bounds the cache's memory) or a new word in a full
    // cache is described here.
    const WordCache::Entry* e = recent[i] != nullptr                     ? recent[i]
                                : words[i].size() > kWordCacheMaxBytes ? nullptr
                                                                       : cache.Get(words[i], hashes[i], gaz, scratch, lower);
    if (e == nullptr) {
      DescribeWord(words[i], gaz, scratch, long_lower[i], out.words[i]);
      lowers[i] = long_lower[i];
      continue;
    }
    out.words[i] = e->info;
    lowers[i] = e->Lower();
  }
  MatchPhrases(lowers, gaz, out.words);
  out.casing = CasingOf(out.words);
  out.affixes.assign(words.size(), WordAffixes{});
  if (affixes) {
    for (size_t i = 0; i < words.size(); ++i) out.affixes[i] = AffixesOf(words[i]);
  }
}

void WordFeatures(const SentenceInfo& s, size_t i, std::vector<uint64_t>& out, int parts) {
  const std::vector<WordInfo>& w = s.words;
  const WordInfo& x = w[i];
  auto lower = [&](long k) {
    long j = static_cast<long>(i) + k;
    return j < 0 ? kBoundaryL : j >= static_cast<long>(w.size()) ? kBoundaryR : w[j].lower;
  };
  auto shape = [&](long k) {
    long j = static_cast<long>(i) + k;
    return j < 0 ? kBoundaryL : j >= static_cast<long>(w.size()) ? kBoundaryR : w[j].shape;
  };
  auto word = [&](long k) {
    long j = static_cast<long>(i) + k;
    return j < 0 ? kBoundaryL : j >= static_cast<long>(w.size()) ? kBoundaryR : w[j].word;
  };
  const uint64_t casing = static_cast<uint64_t>(s.casing);
  // T: a word-type feature (x and casing only), C: a context feature, N: a
  // context feature of one neighbour alone (NeighbourFeatures), P: one of
  // a shape pair or of the place (ShapePairFeatures, PlaceFeature).
  const bool T = parts & kTypeFeatures, C = parts & kContextFeatures;
  const bool N = C && !(parts & kNoNeighbourFeatures), P = C && !(parts & kNoPairAndPlaceFeatures);
  if (T) out.push_back(F(kBias, 0));
  if (T) out.push_back(F(kWord, x.word));
  if (T) out.push_back(F(kLower, x.lower));
  if (N) out.push_back(F(kLowerM1, lower(-1)));
  if (N) out.push_back(F(kLowerP1, lower(1)));
  if (N) out.push_back(F(kLowerM2, lower(-2)));
  if (N) out.push_back(F(kLowerP2, lower(2)));
  if (N) out.push_back(F(kWordM1, word(-1)));
  if (N) out.push_back(F(kWordP1, word(1)));
  if (T) out.push_back(F(kShape, x.shape));
  if (N) out.push_back(F(kShapeM1, shape(-1)));
  if (N) out.push_back(F(kShapeP1, shape(1)));
  if (P) out.push_back(ShapePairFeatures(shape(-1), x.shape).of_right);
  if (P) out.push_back(ShapePairFeatures(x.shape, shape(1)).of_left);
  if (C) out.push_back(F(kLowerM1Lower, lower(-1), x.lower));
  if (C) out.push_back(F(kLowerLowerP1, x.lower, lower(1)));
  if (T) {
    const WordAffixes& a = s.affixes[i];
    for (int k = 0; k < x.affixes; ++k) {
      out.push_back(F(kPrefix, a.prefix[k]));
      out.push_back(F(kSuffix, a.suffix[k]));
    }
  }
  if (N && i > 0 && w[i - 1].affixes >= 3) out.push_back(F(kSuffixM1, s.affixes[i - 1].suffix[2]));
  if (N && i + 1 < w.size() && w[i + 1].affixes >= 3) out.push_back(F(kSuffixP1, s.affixes[i + 1].suffix[2]));
  if (T) out.push_back(F(kLength, x.length));
  if (T) PushFlags(kGaz, x.gaz, casing, out);
  if (N && i > 0) PushFlags(kGazM1, w[i - 1].gaz, 0, out);
  if (N && i + 1 < w.size()) PushFlags(kGazP1, w[i + 1].gaz, 0, out);
  if (C) PushFlags(kPhrase, x.gaz_phrase, x.phrase_pos, out);
  if (C && x.phrase_pos) out.push_back(F(kPhraseFirst, x.phrase_pos));
  // Sentence casing: in a headline a capital says little about names, so the
  // model weighs capitals separately per casing.
  if (T) out.push_back(F(kCaseShape, casing, x.shape));
  if (P) out.push_back(PlaceFeature(s.casing, i == 0, x.init_cap));
  if (T) out.push_back(F(kCaseCommonCap, casing, (x.gaz & kCommon ? 4 : 0) + x.init_cap * 2 + x.all_caps));
  if (T) out.push_back(F(kCaseLower, casing, x.lower));
  if (C && i == 0) out.push_back(F(kFirstShape, x.shape));
  // For entities only: the words around and after ("the Taliban said",
  // "Taliban ’s forces"); with NER reading no POS tags, worth 0.4 F1 on
  // eng.testa.
  if (parts & kEntityFeatures) {
    out.push_back(F(kLowerM1LowerP1, lower(-1), lower(1)));
    out.push_back(F(kLowerP1LowerP2, lower(1), lower(2)));
  }
}

ShapePair ShapePairFeatures(uint64_t left, uint64_t right) {
  return {F(kShapeShapeP1, left, right), F(kShapeM1Shape, left, right)};
}

uint64_t PlaceFeature(SentenceCase casing, bool first, bool init_cap) {
  return F(kCaseFirstCap, static_cast<uint64_t>(casing), uint64_t{first} * 2 + init_cap);
}

void NeighbourFeatures(const WordInfo* x, const WordAffixes* a, int offset, std::vector<uint64_t>& out) {
  const uint64_t edge = offset < 0 ? kBoundaryL : kBoundaryR;
  const uint64_t lower = x ? x->lower : edge, word = x ? x->word : edge, shape = x ? x->shape : edge;
  if (offset == -2) out.push_back(F(kLowerM2, lower));
  if (offset == 2) out.push_back(F(kLowerP2, lower));
  if (offset == -1) {
    out.push_back(F(kLowerM1, lower));
    out.push_back(F(kWordM1, word));
    out.push_back(F(kShapeM1, shape));
    if (x && x->affixes >= 3) out.push_back(F(kSuffixM1, a->suffix[2]));
    if (x) PushFlags(kGazM1, x->gaz, 0, out);
  }
  if (offset == 1) {
    out.push_back(F(kLowerP1, lower));
    out.push_back(F(kWordP1, word));
    out.push_back(F(kShapeP1, shape));
    if (x && x->affixes >= 3) out.push_back(F(kSuffixP1, a->suffix[2]));
    if (x) PushFlags(kGazP1, x->gaz, 0, out);
  }
}

void PosFeatures(const SentenceInfo& s, std::span<const uint8_t> pos, size_t i, std::vector<uint64_t>& out) {
  auto p = [&](long k) -> uint64_t {
    long j = static_cast<long>(i) + k;
    return j < 0 ? 254 : j >= static_cast<long>(pos.size()) ? 255 : pos[j];
  };
  out.push_back(F(kPos, p(0)));
  out.push_back(F(kPosM1, p(-1)));
  out.push_back(F(kPosP1, p(1)));
  out.push_back(F(kPosM2, p(-2)));
  out.push_back(F(kPosP2, p(2)));
  out.push_back(F(kPosM1Pos, p(-1), p(0)));
  out.push_back(F(kPosPosP1, p(0), p(1)));
  out.push_back(F(kPosLower, p(0), s.words[i].lower));
}

void HistoryFeatures(const SentenceInfo& s, int task, std::span<const uint8_t> tags, size_t i,
                     std::vector<uint64_t>& out) {
  const uint8_t p1 = i >= 1 ? tags[i - 1] : kNoTag;
  const uint8_t p2 = i >= 2 ? tags[i - 2] : kNoTag;
  TagHistoryFeatures(task, p2, p1, out);
  WordHistoryFeatures(s, task, p1, i, out);
}

void TagHistoryFeatures(int task, uint8_t p2, uint8_t p1, std::vector<uint64_t>& out) {
  const uint64_t t = static_cast<uint64_t>(task) << 16;
  out.push_back(F(kPrev, t | p1));
  out.push_back(F(kPrev2, t | uint64_t{p2} << 8 | p1));
}

void WordHistoryFeatures(const SentenceInfo& s, int task, uint8_t p1, size_t i, std::vector<uint64_t>& out) {
  const uint64_t t = static_cast<uint64_t>(task) << 16;
  out.push_back(F(kPrevLower, t | p1, s.words[i].lower));
  out.push_back(F(kPrevShape, t | p1, s.words[i].shape));
}

}  // namespace crosscheck::tag_internal
