#include "link/words.h"

#include <algorithm>

#include "text/word_lists.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace crosscheck::link_internal {
namespace {
constexpr uint64_t kWordSeed = 0x6c696e6b2d776431ull;  // "link-wd1"; never change
}  // namespace

Words WordsOf(const SegmentedText& seg) {
  Words w;
  w.token.reserve(seg.tokens.size());
  w.hash.reserve(seg.tokens.size());
  w.content.reserve(seg.tokens.size());
  for (size_t i = 0; i < seg.tokens.size(); ++i) {
    const Token& t = seg.tokens[i];
    if (t.kind == TokenKind::kPunct) continue;
    w.token.push_back(static_cast<uint32_t>(i));
    w.hash.push_back(XXH3_64bits_withSeed(t.lower.data(), t.lower.size(), kWordSeed));
    w.content.push_back(!InList(t, WordList::kLinkFunctionWords));
  }
  return w;
}

std::vector<uint64_t> ShingleSet(const Words& w, size_t n) {
  std::vector<uint64_t> s;
  if (n > 0 && n <= w.size()) s.reserve(w.size() + 1 - n);
  for (size_t i = 0; n > 0 && i + n <= w.size(); ++i) s.push_back(HashRun(&w.hash[i], n, kShingleSeed));
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
  return s;
}

uint64_t HashRun(const uint64_t* hashes, size_t n, uint64_t seed) {
  return XXH3_64bits_withSeed(hashes, n * sizeof(uint64_t), seed);
}

}  // namespace crosscheck::link_internal
