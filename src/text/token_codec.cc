#include "text/token_codec.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "base/codec.h"
#include "text/word_lists.h"

namespace crosscheck {

namespace {

constexpr uint8_t kFormat = 1;  // the first byte; another is refused
// A token's flags byte: its kind in the low two bits, then these.
constexpr uint8_t kCapitalized = 4, kAllCaps = 8, kOwnLower = 16;

// A span as (begin - previous begin, zigzagged) and its size.
template <typename Ar>
void IoSpan(Ar& ar, Span& s, size_t& previous) {
  int64_t delta = static_cast<int64_t>(s.begin) - static_cast<int64_t>(previous);
  uint64_t size = s.end - s.begin;
  codec::Io(ar, delta);
  codec::Io(ar, size);
  if constexpr (Ar::kReading) {
    s.begin = previous + static_cast<size_t>(delta);
    s.end = s.begin + size;
  }
  previous = s.begin;
}

}  // namespace

std::string EncodeTokens(const SegmentedText& seg, std::string_view text) {
  codec::Writer w;
  w.out.push_back(static_cast<char>(kFormat));
  uint64_t n = seg.tokens.size();
  codec::Io(w, n);
  size_t previous = 0;
  for (const Token& t : seg.tokens) {
    if (!SpanFits(t.span, text.size())) return {};
    Span span = t.span;
    IoSpan(w, span, previous);
    const bool own = !IsTokenLower(t.span.Of(text), t.lower);
    uint8_t flags = static_cast<uint8_t>(static_cast<uint8_t>(t.kind) | (t.capitalized ? kCapitalized : 0) |
                                         (t.all_caps ? kAllCaps : 0) | (own ? kOwnLower : 0));
    codec::Io(w, flags);
    if (own) {
      std::string lower(t.lower);
      codec::Io(w, lower);
    }
  }
  n = seg.sentences.size();
  codec::Io(w, n);
  previous = 0;
  for (const Sentence& s : seg.sentences) {
    if (!SpanFits(s.span, text.size()) || s.first_token > s.end_token) return {};
    Span span = s.span;
    IoSpan(w, span, previous);
    uint64_t first = s.first_token, count = s.end_token - s.first_token, paragraph = s.paragraph;
    bool headline = s.headline;
    codec::Io(w, first);
    codec::Io(w, count);
    codec::Io(w, paragraph);
    codec::Io(w, headline);
  }
  return std::move(w.out);
}

Result<SegmentedText> DecodeTokens(std::string_view bytes, std::string_view text) {
  const Status bad = Status::Error("stored tokens do not fit their report");
  if (bytes.empty() || static_cast<uint8_t>(bytes[0]) != kFormat) return bad;
  codec::Reader r{bytes.substr(1)};
  SegmentedText seg;
  uint64_t n = 0;
  codec::Io(r, n);
  if (n > r.left()) return bad;  // a token takes at least three bytes
  seg.tokens.resize(n);
  size_t previous = 0;
  for (Token& t : seg.tokens) {
    IoSpan(r, t.span, previous);
    uint8_t flags = 0;
    codec::Io(r, flags);
    if (!r.ok || !SpanFits(t.span, text.size()) || (flags & 3) > static_cast<uint8_t>(TokenKind::kPunct) ||
        flags >= 2 * kOwnLower) {
      return bad;
    }
    t.kind = static_cast<TokenKind>(flags & 3);
    t.capitalized = flags & kCapitalized;
    t.all_caps = flags & kAllCaps;
    if (flags & kOwnLower) {
      std::string lower;
      codec::Io(r, lower);
      t.lower = lower;
    } else {
      t.lower = TokenLower(t.span.Of(text));
    }
    t.lists = WordListsOf(t.lower);
  }
  codec::Io(r, n);
  if (!r.ok || n > r.left()) return bad;
  seg.sentences.resize(n);
  previous = 0;
  for (Sentence& s : seg.sentences) {
    IoSpan(r, s.span, previous);
    uint64_t first = 0, count = 0, paragraph = 0;
    codec::Io(r, first);
    codec::Io(r, count);
    codec::Io(r, paragraph);
    codec::Io(r, s.headline);
    if (!r.ok || !SpanFits(s.span, text.size()) || first > seg.tokens.size() || count > seg.tokens.size() - first) {
      return bad;
    }
    s.first_token = first;
    s.end_token = first + count;
    s.paragraph = paragraph;
  }
  if (!r.ok || r.left() != 0) return bad;
  return seg;
}

}  // namespace crosscheck
