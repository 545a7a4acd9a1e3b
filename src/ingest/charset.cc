#include "ingest/charset.h"

#include <algorithm>
#include <memory>

#include <unicode/ucnv.h>

#include "base/lexicon.h"
#include "base/utf8.h"

namespace crosscheck {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// The charset value after "charset" in `s` (a Content-Type or a <meta> tag's
// text): `charset` [ws] `=` [ws] ["'] token.
std::string CharsetAfter(std::string_view lower) {
  for (size_t at = lower.find("charset"); at != std::string_view::npos; at = lower.find("charset", at + 1)) {
    size_t i = at + 7;
    while (i < lower.size() && IsSpace(lower[i])) ++i;
    if (i >= lower.size() || lower[i] != '=') continue;
    ++i;
    while (i < lower.size() && IsSpace(lower[i])) ++i;
    if (i < lower.size() && (lower[i] == '"' || lower[i] == '\'')) ++i;
    size_t end = i;
    while (end < lower.size() && !IsSpace(lower[end]) && lower[end] != '"' && lower[end] != '\'' &&
           lower[end] != ';' && lower[end] != '>' && lower[end] != '/' && end - i < 40) {
      ++end;
    }
    if (end > i) return std::string(lower.substr(i, end - i));
  }
  return {};
}

// <meta charset=...> or <meta http-equiv=... content="...; charset=..."> in
// the first 4 KiB.
std::string MetaCharset(std::string_view bytes) {
  std::string head = AsciiLower(bytes.substr(0, 4096));
  for (size_t at = head.find("<meta"); at != std::string::npos; at = head.find("<meta", at + 5)) {
    size_t end = head.find('>', at);
    std::string cs = CharsetAfter(std::string_view(head).substr(at, end == std::string::npos ? end : end - at));
    if (!cs.empty()) return cs;
  }
  return {};
}

bool IsUtf8Name(std::string_view cs) { return cs == "utf-8" || cs == "utf8" || cs == "unicode-1-1-utf-8"; }

bool HasNonAscii(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Converts `in` (at page offset `base`) with ICU into out.owned/to_source.
// Returns false when ICU does not know the charset.
bool Convert(std::string_view in, size_t base, const std::string& charset, DecodedPage& out) {
  UErrorCode status = U_ZERO_ERROR;
  // HTML's "latin1"/"iso-8859-1"/"ascii" labels mean windows-1252.
  std::string name = charset;
  if (name == "iso-8859-1" || name == "latin1" || name == "us-ascii" || name == "ascii" || name == "l1") {
    name = "windows-1252";
  }
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(name.c_str(), &status));
  if (U_FAILURE(status)) return false;
  const char* src = in.data();
  const char* src_end = in.data() + in.size();
  std::vector<UChar> chunk(8192);
  std::vector<int32_t> offsets(8192);
  out.owned.clear();
  out.to_source.clear();
  out.owned.reserve(in.size() + in.size() / 4);
  out.to_source.reserve(in.size() + in.size() / 4 + 1);
  size_t consumed = 0;  // input bytes before this chunk's call
  UChar32 pending_high = 0;
  size_t pending_src = 0;
  auto emit = [&](UChar32 cp, size_t src_off) {
    char buf[4];
    size_t n = 0;
    if (cp < 0x80) {
      buf[n++] = static_cast<char>(cp);
    } else if (cp < 0x800) {
      buf[n++] = static_cast<char>(0xC0 | (cp >> 6));
      buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      buf[n++] = static_cast<char>(0xE0 | (cp >> 12));
      buf[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      buf[n++] = static_cast<char>(0xF0 | (cp >> 18));
      buf[n++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      buf[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    }
    out.owned.append(buf, n);
    out.to_source.insert(out.to_source.end(), n, static_cast<uint32_t>(base + src_off));
  };
  while (true) {
    UChar* target = chunk.data();
    const char* before = src;
    status = U_ZERO_ERROR;
    ucnv_toUnicode(conv.get(), &target, chunk.data() + chunk.size(), &src, src_end, offsets.data(),
                   /*flush=*/true, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return false;
    for (UChar* p = chunk.data(); p < target; ++p) {
      // Offsets are relative to this call's source start; -1 when unknown
      // (the converter's state from an earlier call).
      int32_t rel = offsets[p - chunk.data()];
      size_t src_off = rel < 0 ? consumed : consumed + static_cast<size_t>(rel);
      UChar u = *p;
      if (U16_IS_LEAD(u)) {
        if (pending_high) emit(0xFFFD, pending_src);
        pending_high = u;
        pending_src = src_off;
        continue;
      }
      if (U16_IS_TRAIL(u)) {
        if (pending_high) {
          emit(U16_GET_SUPPLEMENTARY(pending_high, u), pending_src);
          pending_high = 0;
        } else {
          emit(0xFFFD, src_off);
        }
        continue;
      }
      if (pending_high) {
        emit(0xFFFD, pending_src);
        pending_high = 0;
      }
      emit(u, src_off);
    }
    consumed += static_cast<size_t>(src - before);
    if (status != U_BUFFER_OVERFLOW_ERROR) break;
  }
  if (pending_high) emit(0xFFFD, pending_src);
  out.to_source.push_back(static_cast<uint32_t>(base + in.size()));
  out.converted = true;
  out.charset = ucnv_getName(conv.get(), &status);
  return true;
}

}  // namespace

std::string CharsetOfContentType(std::string_view content_type) {
  return CharsetAfter(AsciiLower(content_type));
}

DecodedPage DecodePage(std::string_view bytes, std::string_view content_type) {
  DecodedPage out;
  out.charset = "UTF-8";
  std::string declared;
  std::string from;  // where `declared` came from, for warnings
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    out.skip = 3;
    out.view = bytes.substr(3);
    return out;
  }
  if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
    const bool le = bytes[0] == '\xFF';
    if (Convert(bytes.substr(2), 2, le ? "UTF-16LE" : "UTF-16BE", out)) return out;
  }
  declared = CharsetOfContentType(content_type);
  from = "the Content-Type";
  if (declared.empty()) {
    declared = MetaCharset(bytes);
    from = "the page's <meta>";
  }
  out.view = bytes;
  const bool valid_utf8 = !FirstInvalidUtf8(bytes).has_value();
  if (declared.empty() || IsUtf8Name(declared)) {
    if (valid_utf8) return out;
    if (!declared.empty()) {
      out.warnings.push_back("invalid UTF-8 in a page declared UTF-8 (by " + from +
                             "); invalid bytes are read as U+FFFD");
      return out;
    }
    declared = "windows-1252";  // undeclared and not UTF-8: the web's default
  } else if (valid_utf8 && HasNonAscii(bytes) && declared.rfind("utf-16", 0) != 0) {
    out.warnings.push_back("page declared " + declared + " (by " + from +
                           ") is valid UTF-8 with non-ASCII text; read as UTF-8");
    return out;
  } else if (declared.rfind("utf-16", 0) == 0) {
    // A page that reached us as ASCII-compatible bytes cannot be UTF-16
    // without a BOM (browsers read such a declaration as UTF-8).
    declared = valid_utf8 ? "utf-8" : "windows-1252";
    if (valid_utf8) return out;
  }
  if (!Convert(bytes, 0, declared, out)) {
    out.warnings.push_back("unknown charset \"" + declared + "\" (by " + from + "); read as " +
                           (valid_utf8 ? "UTF-8" : "windows-1252"));
    if (valid_utf8 || !Convert(bytes, 0, "windows-1252", out)) {
      out.owned.clear();
      out.to_source.clear();
      out.converted = false;
      out.charset = "UTF-8";
    }
  }
  return out;
}

}  // namespace crosscheck
