#include "entity/names.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <vector>

namespace crosscheck::entity_internal {

namespace {

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Removes combining marks after canonical decomposition; other characters
// (ł, ø, non-Latin scripts) are kept as written.
std::string IcuStripDiacritics(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return std::string(s);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString decomposed = nfd->normalize(in, status);
  if (U_FAILURE(status)) return std::string(s);
  icu::UnicodeString out;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    if (u_charType(c) != U_NON_SPACING_MARK) out.append(c);
    i += U16_LENGTH(c);
  }
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

// IcuStripDiacritics of each character from U+00C0 to U+024F (Latin-1
// Supplement letters, Latin Extended-A and -B), made once with ICU.
constexpr char32_t kLatinFirst = 0xC0, kLatinEnd = 0x250;
const std::array<std::string, kLatinEnd - kLatinFirst>& LatinStripped() {
  static const auto* table = [] {
    auto* t = new std::array<std::string, kLatinEnd - kLatinFirst>;
    for (char32_t c = kLatinFirst; c < kLatinEnd; ++c) {
      const char utf8[2] = {static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F))};
      (*t)[c - kLatinFirst] = IcuStripDiacritics(std::string_view(utf8, 2));
    }
    return t;
  }();
  return *table;
}

// IcuStripDiacritics(s) without ICU when s is ASCII and well-formed UTF-8
// characters from U+00C0 to U+024F, letter by letter (a fifth of the 32,000
// place names, all indexed at start-up). The same text: canonical
// decomposition maps each character on its own and only reorders the
// combining marks it yields, and those, all nonspacing, are removed.
std::string StripDiacritics(std::string_view s) {
  const auto& table = LatinStripped();
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
      continue;
    }
    const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    const char32_t code = (static_cast<char32_t>(c & 0x1F) << 6) | (next & 0x3F);
    if (c < 0xC2 || c > 0xDF || (next & 0xC0) != 0x80 || code < kLatinFirst || code >= kLatinEnd) {
      return IcuStripDiacritics(s);
    }
    out += table[code - kLatinFirst];
    ++i;
  }
  return out;
}

// Typographic punctuation that names are written with either way.
std::string FoldPunctuation(std::string_view s) {
  static constexpr std::string_view kApostrophes[] = {"\xE2\x80\x98", "\xE2\x80\x99", "\xCA\xBC"};
  static constexpr std::string_view kDashes[] = {"\xE2\x80\x90", "\xE2\x80\x91", "\xE2\x80\x92",
                                                 "\xE2\x80\x93", "\xE2\x80\x94"};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    if (lead != 0xE2 && lead != 0xCA) {  // the first byte of every sign above
      out += s[i++];
      continue;
    }
    bool folded = false;
    for (std::string_view a : kApostrophes) {
      if (s.substr(i, a.size()) == a) { out += '\''; i += a.size(); folded = true; break; }
    }
    for (std::string_view d : kDashes) {
      if (!folded && s.substr(i, d.size()) == d) { out += '-'; i += d.size(); folded = true; break; }
    }
    if (!folded) out += s[i++];
  }
  return out;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::string NameKey(std::string_view name) {
  // ICU only for what folding left outside ASCII: names in the news are
  // mostly ASCII but for a typographic apostrophe or dash, and ASCII has no
  // diacritics to strip. Keys are made for every mention.
  std::string folded;
  if (!IsAscii(name)) {
    folded = FoldPunctuation(name);
    if (!IsAscii(folded)) folded = StripDiacritics(folded);
    name = folded;
  }
  std::string out(name.size(), '\0');
  size_t n = 0;  // bytes of out written
  for (char c : name) {
    const bool space = IsBlank(c);
    if (space) {
      if (n > 0 && out[n - 1] != ' ') out[n++] = ' ';
    } else {
      out[n++] = Lower(c);
    }
  }
  while (n > 0 && out[n - 1] == ' ') --n;
  out.resize(n);
  if (out.starts_with("the ")) out.erase(0, 4);
  return out;
}

std::string Skeleton(std::string_view key) {
  std::string out;
  bool word_start = true;
  char prev = 0;  // the previous letter as written: only letters doubled in the name collapse
  for (char c : key) {
    if (!IsAsciiAlnum(c)) { word_start = true; prev = 0; out += ' '; continue; }
    c = Lower(c);
    if (c == 'q') c = 'k';
    bool keep = (word_start || !IsVowel(c)) && c != prev;
    word_start = false;
    prev = c;
    if (keep) out += c;
  }
  // Word breaks are kept apart above so that letters never collapse across
  // words; the skeleton itself ignores them ("tehreek-i" = "tehrik i").
  std::erase(out, ' ');
  return out;
}

size_t BoundedEditDistance(std::string_view a, std::string_view b, size_t limit) {
  size_t la = a.size(), lb = b.size();
  if ((la > lb ? la - lb : lb - la) > limit) return limit + 1;
  const size_t kInf = limit + 1;
  std::vector<size_t> prev(lb + 1, kInf), cur(lb + 1, kInf);
  for (size_t j = 0; j <= std::min(lb, limit); ++j) prev[j] = j;
  for (size_t i = 1; i <= la; ++i) {
    size_t lo = i > limit ? i - limit : 1, hi = std::min(lb, i + limit);
    std::fill(cur.begin(), cur.end(), kInf);
    if (i <= limit) cur[0] = i;
    size_t best = cur[0];
    for (size_t j = lo; j <= hi; ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({sub, prev[j] + 1, cur[j - 1] + 1, kInf});
      best = std::min(best, cur[j]);
    }
    if (best > limit) return kInf;
    std::swap(prev, cur);
  }
  return std::min(prev[lb], kInf);
}

bool LooksLikeAcronym(std::string_view w) {
  if (w.size() < 2 || w.size() > 10) return false;
  size_t capitals = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    if (c >= 'A' && c <= 'Z') ++capitals;
    else if (c == 's' && i + 1 == w.size() && i > 0) continue;
    else if (c == '-' && i > 0 && i + 1 < w.size()) continue;
    else if (!(c >= '0' && c <= '9')) return false;
  }
  return capitals >= 2;
}

size_t LongFormStart(std::string_view acronym, std::string_view candidate) {
  std::string shrt;
  for (char c : acronym) {
    if (IsAsciiAlnum(c)) shrt += Lower(c);
  }
  if (shrt.empty() || candidate.empty()) return std::string_view::npos;
  long s = static_cast<long>(shrt.size()) - 1;
  long l = static_cast<long>(candidate.size()) - 1;
  for (; s >= 0; --s) {
    char c = shrt[static_cast<size_t>(s)];
    while (l >= 0) {
      bool same = Lower(candidate[static_cast<size_t>(l)]) == c;
      bool opens_word = l == 0 || !IsAsciiAlnum(candidate[static_cast<size_t>(l) - 1]);
      if (same && (s > 0 || opens_word)) break;
      --l;
    }
    if (l < 0) return std::string_view::npos;
    if (s > 0) --l;
  }
  return static_cast<size_t>(l);
}

}  // namespace crosscheck::entity_internal
