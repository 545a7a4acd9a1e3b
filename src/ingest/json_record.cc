#include "ingest/json_record.h"

#include <cstdint>

namespace crosscheck::ingest_internal {

namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view s) : p_(s.data()), end_(s.data() + s.size()) {}

  bool AtEnd() const { return p_ == end_; }
  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }
  bool Take(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  bool TakeWord(std::string_view w) {
    if (static_cast<size_t>(end_ - p_) < w.size() || std::string_view(p_, w.size()) != w) return false;
    p_ += w.size();
    return true;
  }
  char Peek() const { return p_ == end_ ? '\0' : *p_; }

  // A JSON string (after its opening quote) into out.
  bool String(std::string& out) {
    while (true) {
      const char* run = p_;
      while (p_ < end_ && *p_ != '"' && *p_ != '\\' && static_cast<unsigned char>(*p_) >= 0x20) ++p_;
      out.append(run, p_);
      if (p_ == end_ || static_cast<unsigned char>(*p_) < 0x20) return false;
      if (*p_++ == '"') return true;
      if (p_ == end_) return false;
      switch (*p_++) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate first
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low;
            if (!TakeWord("\\u") || !Hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          AppendUtf8(cp, out);
          break;
        }
        default: return false;
      }
    }
  }

  // An integer of at most 18 digits (so it fits in a long long), in decimal
  // as std::to_string writes it; false for anything else (fractions,
  // exponents, leading zeros, longer numbers).
  bool Integer(std::string& out) {
    const bool negative = Take('-');
    const char* digits = p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    const size_t n = static_cast<size_t>(p_ - digits);
    if (n == 0 || n > 18 || (n > 1 && *digits == '0')) return false;
    if (p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    long long v = 0;
    for (const char* d = digits; d < p_; ++d) v = v * 10 + (*d - '0');
    out = std::to_string(negative ? -v : v);
    return true;
  }

  // Skips a value that is read as no field (an object or an array), checking
  // it as nlohmann would. Only what cannot fail there is accepted: numbers
  // without an exponent and of at most 30 characters (no overflow), nesting
  // at most kMaxDepth deep.
  bool SkipValue(int depth = 0) {
    static constexpr int kMaxDepth = 32;
    if (depth > kMaxDepth) return false;
    const char c = Peek();
    if (c == '"') {
      ++p_;
      scratch_.clear();
      return String(scratch_);
    }
    if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      ++p_;
      SkipSpace();
      if (Take(close)) return true;
      while (true) {
        if (c == '{') {
          scratch_.clear();
          if (!Take('"') || !String(scratch_)) return false;
          SkipSpace();
          if (!Take(':')) return false;
          SkipSpace();
        }
        if (!SkipValue(depth + 1)) return false;
        SkipSpace();
        if (Take(close)) return true;
        if (!Take(',')) return false;
        SkipSpace();
      }
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      const char* start = p_;
      Take('-');
      const char* digits = p_;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
      if (p_ == digits || (p_ - digits > 1 && *digits == '0')) return false;
      if (Take('.')) {
        const char* fraction = p_;
        while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
        if (p_ == fraction) return false;
      }
      if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) return false;
      return p_ - start <= 30;
    }
    return TakeWord("true") || TakeWord("false") || TakeWord("null");
  }

 private:
  bool Hex4(uint32_t& v) {
    if (end_ - p_ < 4) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = *p_++;
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
      else return false;
    }
    return true;
  }
  static void AppendUtf8(uint32_t cp, std::string& out) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  const char* p_;
  const char* end_;
  std::string scratch_;  // strings skipped by SkipValue
};

}  // namespace

std::optional<JsonRecord> ParseSimpleRecord(std::string_view line) {
  Scanner s(line);
  JsonRecord r;
  bool has_text = false;
  s.SkipSpace();
  if (!s.Take('{')) return std::nullopt;
  s.SkipSpace();
  if (!s.Take('}')) {
    std::string key, value;
    while (true) {
      key.clear();
      value.clear();
      if (!s.Take('"') || !s.String(key)) return std::nullopt;
      s.SkipSpace();
      if (!s.Take(':')) return std::nullopt;
      s.SkipSpace();
      const char c = s.Peek();
      bool is_string = false;
      if (c == '"') {
        s.Take('"');
        if (!s.String(value)) return std::nullopt;
        is_string = true;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        if (!s.Integer(value)) return std::nullopt;
      } else if (s.TakeWord("true")) {
        value = "true";
      } else if (s.TakeWord("false")) {
        value = "false";
      } else if (c == '{' || c == '[') {
        if (!s.SkipValue()) return std::nullopt;  // read as no field, as null
      } else if (!s.TakeWord("null")) {
        return std::nullopt;
      }
      if (key == "text") {
        if (has_text || !is_string) return std::nullopt;
        has_text = true;
        r.text = std::move(value);
        value = std::string();
      } else if (r.fields.count(key)) {
        return std::nullopt;  // a duplicate key: nlohmann decides
      } else {
        // An empty value is left out, but its key is still seen: a later
        // duplicate of it must go to nlohmann too.
        r.fields.emplace(key, value);
      }
      s.SkipSpace();
      if (s.Take('}')) break;
      if (!s.Take(',')) return std::nullopt;
      s.SkipSpace();
    }
  }
  s.SkipSpace();
  if (!s.AtEnd() || !has_text) return std::nullopt;
  std::erase_if(r.fields, [](const auto& kv) { return kv.second.empty(); });
  return r;
}

}  // namespace crosscheck::ingest_internal
