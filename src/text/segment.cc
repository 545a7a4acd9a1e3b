#include "text/segment.h"

#include "base/utf8.h"
#include "text/segment_internal.h"
#include "text/word_lists.h"

#include <array>
#include <cstdint>
#include <memory>
#include <numeric>
#include <vector>

#include <unicode/brkiter.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

namespace crosscheck {

namespace {

using icu::BreakIterator;

// Points `bi` at text[span); boundaries come back as indexes that ByteOf
// turns into byte offsets relative to span.begin. Valid UTF-8 of up to
// kMaxUtf16Bytes is handed to ICU as a UTF-16 copy, which ICU reads where
// it lies: through a UTF-8 UText it converts the text a chunk at a time on
// every move, a third of the iterators' cost. Invalid UTF-8, and
// longer text (whose copy takes two bytes a byte, six with its offsets
// when not all ASCII: a 64 MiB paragraph is allowed), go through the UTF-8
// UText, where invalid bytes read as U+FFFD.
class IcuText {
 public:
  static constexpr size_t kMaxUtf16Bytes = size_t{1} << 16;

  IcuText() = default;
  IcuText(const IcuText&) = delete;  // ut_ is closed once
  IcuText& operator=(const IcuText&) = delete;

  void Set(BreakIterator& bi, std::string_view text, Span span) {
    const std::string_view s = span.Of(text);
    UErrorCode status = U_ZERO_ERROR;
    if (s.size() <= kMaxUtf16Bytes && ToUtf16(s)) {
      utext_openUChars(&ut_, units_.data(), static_cast<int64_t>(units_.size()), &status);
    } else {
      units_.clear();
      offsets_.clear();
      utext_openUTF8(&ut_, s.data(), static_cast<int64_t>(s.size()), &status);
    }
    bi.setText(&ut_, status);
  }
  // The byte offset, relative to the span, of boundary `k`.
  size_t ByteOf(int32_t k) const {
    return offsets_.empty() ? static_cast<size_t>(k) : offsets_[static_cast<size_t>(k)];
  }
  ~IcuText() { utext_close(&ut_); }

 private:
  // Fills units_, and offsets_ (the byte offset of every unit, and of the
  // end) unless every byte is ASCII; false when `s` is not valid UTF-8.
  bool ToUtf16(std::string_view s) {
    const size_t i = AsciiPrefixLength(s);
    units_.assign(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(i));
    offsets_.clear();
    if (i == s.size()) return true;
    offsets_.resize(i);
    std::iota(offsets_.begin(), offsets_.end(), uint32_t{0});
    units_.reserve(s.size());
    offsets_.reserve(s.size() + 1);
    const int32_t length = static_cast<int32_t>(s.size());
    for (int32_t at = static_cast<int32_t>(i); at < length;) {
      const uint32_t begin = static_cast<uint32_t>(at);
      UChar32 c;
      U8_NEXT(s.data(), at, length, c);
      if (c < 0) return false;
      if (U_IS_BMP(c)) {
        units_.push_back(static_cast<UChar>(c));
        offsets_.push_back(begin);
      } else {
        units_.push_back(U16_LEAD(c));
        units_.push_back(U16_TRAIL(c));
        offsets_.insert(offsets_.end(), 2, begin);
      }
    }
    offsets_.push_back(static_cast<uint32_t>(s.size()));
    return true;
  }

  UText ut_ = UTEXT_INITIALIZER;
  std::vector<UChar> units_;
  std::vector<uint32_t> offsets_;
};

// ICU iterators are costly to build and not thread-safe: one pair per
// thread, each with the text it reads.
struct Iterators {
  IcuText sentence_text, word_text;  // outlive the iterators that read them
  std::unique_ptr<BreakIterator> sentence;
  std::unique_ptr<BreakIterator> word;
  Iterators() {
    UErrorCode status = U_ZERO_ERROR;
    // "ss=standard" suppresses breaks after common abbreviations (Mr., Dr., Jan.).
    sentence.reset(BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status));
    if (U_FAILURE(status) || !sentence) {
      status = U_ZERO_ERROR;
      sentence.reset(BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), status));
    }
    status = U_ZERO_ERROR;
    word.reset(BreakIterator::createWordInstance(icu::Locale::getEnglish(), status));
  }
};

Iterators& ThreadIterators() {
  thread_local Iterators it;
  return it;
}

bool IsBlankByte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Bytes of the invisible character at s[i], or 0: white space, C0 and C1
// controls, DEL, no-break and zero-width spaces, bidi marks, embeddings and
// isolates (U+200E/F, U+202A-E, U+2066-9), word joiner, BOM, variation selector.
size_t InvisibleAt(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
  unsigned char c = b(0);
  if (c <= 0x20 || c == 0x7F) return 1;
  if (c == 0xC2 && b(1) >= 0x80 && b(1) <= 0xA0) return 2;  // U+0080..U+00A0
  if (c == 0xE2 && b(1) == 0x80 && ((b(2) >= 0x80 && b(2) <= 0x8F) || (b(2) >= 0xA8 && b(2) <= 0xAF))) {
    return 3;  // U+2000..U+200F, U+2028..U+202F
  }
  if (c == 0xE2 && b(1) == 0x81 && (b(2) == 0x9F || b(2) == 0xA0 || (b(2) >= 0xA6 && b(2) <= 0xA9))) {
    return 3;  // U+205F, U+2060, U+2066..U+2069
  }
  if (c == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;  // ideographic space
  if (c == 0xEF && ((b(1) == 0xBB && b(2) == 0xBF) || (b(1) == 0xB8 && b(2) == 0x8F))) return 3;  // BOM, VS16
  return 0;
}

// A token of invisible characters only: not a token.
bool IsInvisible(std::string_view s) {
  for (size_t i = 0, n; i < s.size(); i += n) {
    if ((n = InvisibleAt(s, i)) == 0) return false;
  }
  return true;
}

// ICU attaches format characters (a right-to-left mark, a zero-width joiner)
// to the word before them: "14" + RLM would not read as a number. Trims them
// from both ends of a word or number token.
Span TrimInvisible(std::string_view text, Span s) {
  for (size_t n; s.begin < s.end && (n = InvisibleAt(text, s.begin)) > 0 && n <= s.size();) s.begin += n;
  bool trimmed = true;
  while (trimmed) {
    trimmed = false;
    for (size_t n = 3; n >= 1 && !trimmed; --n) {
      if (s.size() >= n && InvisibleAt(text, s.end - n) == n) {
        s.end -= n;
        trimmed = true;
      }
    }
  }
  return s;
}

// Writes `w` into `out` in lower case (ASCII letters lowered, ’ folded to ')
// and counts its ASCII letters and capitals, in one pass; the byte 0xE2
// starts every ’, so the three-byte check runs only there.
// The lower-case form's byte for w[i]: ASCII letters lowered, a ’ (three
// bytes, `i` moved to its last) folded to '. What TokenLower and
// IsTokenLower both apply.
[[gnu::always_inline]] inline char FoldedAt(std::string_view w, size_t& i) {
  const char c = w[i];
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
  if (c == '\xE2' && w.substr(i, 3) == "\xE2\x80\x99") {
    i += 2;
    return '\'';
  }
  return c;
}

// Writes `w` lower-cased (ASCII; ’ folded to ') to `o`, which has room for
// w.size() bytes; returns the bytes written.
[[gnu::always_inline]] inline size_t LowerInto(std::string_view w, char* o, size_t& letters, size_t& upper) {
  size_t n = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    const char c = w[i];
    if (c >= 'A' && c <= 'Z') {
      ++letters;
      ++upper;
    } else if (c >= 'a' && c <= 'z') {
      ++letters;
    }
    o[n++] = FoldedAt(w, i);
  }
  return n;
}

void Lower(std::string_view w, std::string& out, size_t& letters, size_t& upper) {
  out.resize(w.size());
  out.resize(LowerInto(w, out.data(), letters, upper));
}

// Fills t.lower and the case flags of a token of text `w` (not empty).
void FillLowerAndCase(std::string_view w, Token& t) {
  size_t letters = 0, upper = 0;
  char word[64];
  if (w.size() <= sizeof word) {
    t.lower = std::string_view(word, LowerInto(w, word, letters, upper));
  } else {
    std::string long_word;
    Lower(w, long_word, letters, upper);
    t.lower = long_word;
  }
  unsigned char first = static_cast<unsigned char>(w[0]);
  t.capitalized = first >= 'A' && first <= 'Z';
  t.all_caps = letters >= 2 && upper == letters;
  t.lists = WordListsOf(t.lower);
}

void PushToken(std::string_view text, Span s, TokenKind kind, std::vector<Token>& out) {
  std::string_view w = s.Of(text);
  // Split the possessive clitic ("Pakistan’s" -> "Pakistan" + "’s") so names
  // and demonyms are looked up bare.
  for (std::string_view clitic : {std::string_view("\xE2\x80\x99s"), std::string_view("'s")}) {
    if (kind == TokenKind::kWord && w.size() > clitic.size() + 1 && w.ends_with(clitic)) {
      PushToken(text, {s.begin, s.end - clitic.size()}, kind, out);
      Token& t = out.emplace_back();
      t.span = {s.end - clitic.size(), s.end};
      t.lower = "'s";
      t.lists = WordListsOf(t.lower);
      return;
    }
  }
  Token& t = out.emplace_back();
  t.span = s;
  t.kind = kind;
  FillLowerAndCase(w, t);
}

// One boundary of ICU's word iterator: the piece and its rule status turned
// into a token (or nothing, for blanks and invisible characters).
void PushIcuPiece(std::string_view text, Span s, int32_t status, std::vector<Token>& out) {
  TokenKind kind = TokenKind::kPunct;
  if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT) kind = TokenKind::kNumber;
  else if (status >= UBRK_WORD_LETTER) kind = TokenKind::kWord;
  if (IsInvisible(s.Of(text))) return;
  if (kind != TokenKind::kPunct) s = TrimInvisible(text, s);
  if (!s.empty()) PushToken(text, s, kind, out);
}

// Calls fn(piece, its rule status) for each piece `bi` cuts text[span)
// into, read through `t`.
template <typename Fn>
void ForEachPiece(BreakIterator& bi, IcuText& t, std::string_view text, Span span, Fn&& fn) {
  t.Set(bi, text, span);
  int32_t start = bi.first();
  for (int32_t end = bi.next(); end != BreakIterator::DONE; start = end, end = bi.next()) {
    fn(Span{span.begin + t.ByteOf(start), span.begin + t.ByteOf(end)}, bi.getRuleStatus());
  }
}

}  // namespace

namespace text_internal {

void TokenizeWithIcu(std::string_view text, Span span, std::vector<Token>& out) {
  if (span.empty()) return;
  Iterators& its = ThreadIterators();
  ForEachPiece(*its.word, its.word_text, text, span,
               [&](Span piece, int32_t status) { PushIcuPiece(text, piece, status, out); });
}

void SentencesWithIcu(std::string_view text, Span span, std::vector<Span>& out) {
  Iterators& its = ThreadIterators();
  ForEachPiece(*its.sentence, its.sentence_text, text, span, [&](Span piece, int32_t) { out.push_back(piece); });
}

bool IsOneSentence(std::string_view s) {
  auto terminator = [](char c) { return c == '.' || c == '!' || c == '?'; };
  size_t i = 0;
  auto skip = [&](auto in) {
    while (i < s.size() && in(s[i])) ++i;
  };
  skip([&](char c) { return static_cast<unsigned char>(c) < 0x80 && !terminator(c) && c != '\r' && c != '\n'; });
  skip(terminator);
  skip([](char c) { return c == '"' || c == '\'' || c == ')' || c == ']'; });
  skip([](char c) { return c == ' ' || c == '\t'; });
  return !s.empty() && i == s.size();
}

}  // namespace text_internal

namespace {

// Word-break classes of ASCII bytes (UAX #29 as ICU 72 applies it for "en").
enum Ascii : uint8_t {
  kOther,      // a token of its own: punctuation, ':' (not MidLetter in ICU's root rules)
  kBlank,      // space, controls, DEL: never part of a token, and invisible
  kLetter,     // A-Z a-z, and @ (ICU's rules make it a letter, for e-mail addresses and handles)
  kDigit,      // 0-9
  kMidNumLet,  // . '   between two letters or two digits
  kMidNum,     // , ;   between two digits
  kIcu,        // _ (ExtendNumLet) and every byte >= 0x80: left to ICU
};

constexpr std::array<Ascii, 256> MakeAsciiTable() {
  std::array<Ascii, 256> t{};
  for (int c = 0; c < 256; ++c) {
    Ascii k = kOther;
    if (c <= 0x20 || c == 0x7F) k = kBlank;
    else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '@') k = kLetter;
    else if (c >= '0' && c <= '9') k = kDigit;
    else if (c == '.' || c == '\'') k = kMidNumLet;
    else if (c == ',' || c == ';') k = kMidNum;
    else if (c == '_' || c >= 0x80) k = kIcu;
    t[c] = k;
  }
  return t;
}
constexpr std::array<Ascii, 256> kAscii = MakeAsciiTable();

Ascii ClassAt(std::string_view text, size_t i) { return kAscii[static_cast<unsigned char>(text[i])]; }

// Tokens of text[b, e), which holds no kIcu byte: exactly the tokens ICU's
// word iterator gives there (tests/segment_test.cc compares the two). A run
// of letters and digits continues over one . or ' between two letters or two
// digits, and over one , or ; between two digits; its kind is that of its
// last character (ICU: "a12" is a number, "12a" a word).
void TokenizeAscii(std::string_view text, size_t b, size_t e, std::vector<Token>& out) {
  for (size_t i = b; i < e;) {
    const Ascii c = ClassAt(text, i);
    if (c == kBlank) { ++i; continue; }
    if (c != kLetter && c != kDigit) {
      PushToken(text, {i, i + 1}, TokenKind::kPunct, out);
      ++i;
      continue;
    }
    size_t j = i + 1;
    Ascii last = c;
    while (j < e) {
      const Ascii n = ClassAt(text, j);
      if (n == kLetter || n == kDigit) { last = n; ++j; continue; }
      if (j + 1 < e && ClassAt(text, j + 1) == last &&
          (n == kMidNumLet || (n == kMidNum && last == kDigit))) {
        j += 2;
        continue;
      }
      break;
    }
    PushToken(text, {i, j}, last == kDigit ? TokenKind::kNumber : TokenKind::kWord, out);
    i = j;
  }
}

// Words of text[span). ICU always breaks before a space, and after a run of
// spaces followed by an ASCII byte, so the span is cut there into pieces and
// each piece is segmented on its own. Pieces without kIcu bytes take the
// table-driven path above; the others go to ICU, together with the spaces
// before them (ICU joins a combining mark to the space it follows).
// Boundaries and kinds are ICU's either way.
void TokenizeInto(std::string_view text, Span span, std::vector<Token>& out) {
  for (size_t i = span.begin; i < span.end;) {
    size_t e = i;
    while (e < span.end && text[e] == ' ') ++e;
    if (e == span.end) break;
    if (static_cast<unsigned char>(text[e]) < 0x80) i = e;
    bool icu = i != e;
    for (; e < span.end && text[e] != ' '; ++e) icu |= ClassAt(text, e) == kIcu;
    if (icu) text_internal::TokenizeWithIcu(text, {i, e}, out);
    else TokenizeAscii(text, i, e, out);
    i = e;
  }
}

// Cuts an over-long sentence at the last blank before the limit.
std::vector<Span> CapLength(std::string_view text, Span s, size_t max_bytes) {
  std::vector<Span> out;
  while (s.size() > max_bytes) {
    size_t cut = s.begin + max_bytes;
    size_t blank = text.rfind(' ', cut);
    if (blank == std::string_view::npos || blank <= s.begin) blank = cut;
    // Never cut inside a UTF-8 sequence.
    while (blank > s.begin && (static_cast<unsigned char>(text[blank]) & 0xC0) == 0x80) --blank;
    if (blank <= s.begin) blank = cut;
    out.push_back({s.begin, blank});
    s.begin = blank;
  }
  out.push_back(s);
  return out;
}

void SegmentRegion(std::string_view text, Span region, size_t paragraph, bool headline,
                   const SegmentOptions& options, SegmentedText& out) {
  std::vector<Span> sentences;
  if (headline || text_internal::IsOneSentence(region.Of(text))) {
    sentences.push_back(region);
  } else {
    text_internal::SentencesWithIcu(text, region, sentences);
  }
  for (Span whole : sentences) {
    for (Span s : CapLength(text, whole, options.max_sentence_bytes)) {
      while (s.end > s.begin && IsBlankByte(text[s.end - 1])) --s.end;
      if (s.empty()) continue;
      Sentence sent;
      sent.span = s;
      sent.paragraph = paragraph;
      sent.headline = headline;
      sent.first_token = out.tokens.size();
      TokenizeInto(text, s, out.tokens);
      sent.end_token = out.tokens.size();
      if (sent.end_token > sent.first_token) out.sentences.push_back(sent);
    }
  }
}

}  // namespace

SegmentedText Segment(std::string_view text, const CleanDocument& clean,
                      const SegmentOptions& options) {
  SegmentedText out;
  size_t bytes = clean.headline ? clean.headline->size() : 0;
  for (Span p : clean.paragraphs) bytes += p.size();
  out.tokens.reserve(TokenRoom(bytes));
  if (clean.headline) SegmentRegion(text, *clean.headline, 0, true, options, out);
  size_t paragraph = 1;
  for (Span p : clean.paragraphs) SegmentRegion(text, p, paragraph++, false, options, out);
  return out;
}

std::string TokenLower(std::string_view word) {
  std::string out;
  size_t letters = 0, upper = 0;
  Lower(word, out, letters, upper);
  return out;
}

bool IsTokenLower(std::string_view word, std::string_view lower) {
  // TokenLower a byte at a time, compared as it goes.
  size_t n = 0;
  for (size_t i = 0; i < word.size(); ++i, ++n) {
    if (n >= lower.size() || lower[n] != FoldedAt(word, i)) return false;
  }
  return n == lower.size();
}

std::vector<Token> Tokenize(std::string_view text, Span span) {
  std::vector<Token> out;
  TokenizeInto(text, span, out);
  return out;
}

}  // namespace crosscheck
