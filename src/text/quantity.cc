#include "text/quantity.h"

#include <charconv>
#include <cmath>
#include <system_error>

#include "base/lexicon.h"
#include "text/word_lists.h"

namespace crosscheck {

namespace {

const Lexicon& Numbers() {
  static const Lexicon& lex = Lexicon::Get("numbers.tsv");
  return lex;
}
const Lexicon& Vague() {
  static const Lexicon& lex = Lexicon::Get("vague.tsv");
  return lex;
}
const Lexicon& Qualifiers() {
  static const Lexicon& lex = Lexicon::Get("qualifiers.tsv");
  return lex;
}
const Lexicon& Units() {
  static const Lexicon& lex = Lexicon::Get("units.tsv");
  return lex;
}

// A token neither a numeral nor a word a quantity can start with starts no
// quantity (ParseAt below), which one bit tells: most tokens of a sentence,
// each of which ParseAt would otherwise try three lexicons on.
bool MayStartQuantity(const Token& t) { return t.kind == TokenKind::kNumber || InList(t, WordList::kQuantityStarters); }

// A cursor over tokens[pos, end).
struct Cursor {
  const std::vector<Token>* tokens;
  size_t pos;
  size_t end;
  bool done() const { return pos >= end; }
  const Token& tok(size_t k = 0) const { return (*tokens)[pos + k]; }
  bool has(size_t k) const { return pos + k < end; }
  bool Is(std::string_view lower, size_t k = 0) const { return has(k) && tok(k).lower == lower; }
};

// Longest phrase of `lex` starting at c.pos; returns its length in tokens.
size_t MatchPhrase(const Lexicon& lex, const Cursor& c, const Lexicon::Row** row) {
  // Most tokens start no phrase: one lookup, no key built.
  if (!c.has(0) || c.tok(0).kind == TokenKind::kPunct || !lex.IsPrefix(c.tok(0).lower)) return 0;
  std::string key;
  size_t best = 0;
  for (size_t k = 0; k < lex.max_words() && c.has(k); ++k) {
    if (c.tok(k).kind == TokenKind::kPunct) break;
    if (k) key += ' ';
    key += c.tok(k).lower;
    if (!lex.IsPrefix(key)) break;  // most tokens: one lookup, no longer keys
    if (const Lexicon::Row* r = lex.Find(key)) { best = k + 1; *row = r; }
  }
  return best;
}

// The number word's role ("digit", "teen", "tens", "scale", "dozen"), or
// empty; a view into the lexicon, which lives as long as the program.
std::string_view Role(const Token& t) { return Numbers().Field(t.lower, 1); }
double WordValue(const Token& t) { return std::stod((*Numbers().Find(t.lower))[0]); }

// Number words: "nine", "twenty-three", "twenty three", "one hundred and five",
// "a dozen", "two dozen", "half a dozen", "a hundred". Advances c.pos.
std::optional<double> ParseWords(Cursor& c) {
  size_t start = c.pos;
  double total = 0, current = 0;
  bool any = false;
  if (c.Is("half") && c.Is("a", 1) && c.Is("dozen", 2)) { c.pos += 3; return 6; }
  if (c.Is("a") && c.has(1) && (Role(c.tok(1)) == "scale" || Role(c.tok(1)) == "dozen")) {
    current = 1; any = true; ++c.pos;
  }
  while (!c.done()) {
    std::string_view role = Role(c.tok());
    if (role == "digit" || role == "teen") {
      // After "hundred" anything goes; after "twenty" only a digit ("twenty three");
      // "five six" is two numbers.
      double rest = std::fmod(current, 100);
      if (any && rest != 0 && !(role == "digit" && rest >= 20 && std::fmod(rest, 10) == 0)) break;
      current += WordValue(c.tok()); any = true; ++c.pos;
    } else if (role == "tens") {
      if (any && std::fmod(current, 100) != 0) break;
      current += WordValue(c.tok()); any = true; ++c.pos;
      if (c.Is("-") && c.has(1) && Role(c.tok(1)) == "digit") { current += WordValue(c.tok(1)); c.pos += 2; }
    } else if ((role == "scale" || role == "dozen") && any) {
      double v = WordValue(c.tok());
      if (v >= 1000) { total += current * v; current = 0; } else { current *= v; }
      ++c.pos;
      if (c.Is("and") && c.has(1) && !Role(c.tok(1)).empty() && Role(c.tok(1)) != "scale") ++c.pos;
    } else {
      break;
    }
  }
  if (!any) { c.pos = start; return std::nullopt; }
  return total + current;
}

// Digits, optionally scaled ("1.5 million"). Advances c.pos.
std::optional<double> ParseDigits(Cursor& c, std::string_view text, bool* year_like) {
  if (c.done() || c.tok().kind != TokenKind::kNumber) return std::nullopt;
  std::string_view s = c.tok().span.Of(text);
  auto v = ParseNumeral(s);
  if (!v) return std::nullopt;
  *year_like = s.size() == 4 && *v >= 1800 && *v <= 2100;
  ++c.pos;
  if (!c.done() && Role(c.tok()) == "scale" && WordValue(c.tok()) >= 100) {
    *v *= WordValue(c.tok());
    *year_like = false;
    ++c.pos;
  }
  return v;
}

std::optional<double> ParseNumber(Cursor& c, std::string_view text, bool* year_like) {
  *year_like = false;
  std::optional<double> v = ParseDigits(c, text, year_like);
  if (!v) v = ParseWords(c);
  // "hundred hundred hundred ..." overflows to infinity: not a count.
  if (v && !std::isfinite(*v)) return std::nullopt;
  return v;
}

bool IsRounded(double v) {
  return v >= 100 && std::fmod(v, 100) == 0;
}

void ApplyQualifier(const std::string& kind, Quantity& q) {
  double n = *q.value;
  if (kind == "min") { q.low = n; q.high.reset(); }
  else if (kind == "above") { q.low = std::floor(n) + 1; q.high.reset(); }
  else if (kind == "max") { q.low = 0; q.high = n; }
  else if (kind == "below") { q.low = 0; q.high = std::max(0.0, std::ceil(n) - 1); }
  else if (kind == "approx") { q.low = std::floor(n * 0.9); q.high = std::ceil(n * 1.1); }
  else if (kind == "near") { q.low = std::floor(n * 0.9); q.high = std::max(q.low, std::ceil(n) - 1); }
}

// Unit after the number: "-kilometre", " km", "%", "percent", "per cent".
void ParseUnit(Cursor& c, Quantity& q) {
  size_t skip = c.Is("-") ? 1 : 0;
  if (!c.has(skip)) return;
  if (c.Is("per", skip) && c.Is("cent", skip + 1)) { q.unit = "%"; q.unit_kind = "percent"; c.pos += skip + 2; return; }
  if (const Lexicon::Row* r = Units().Find(c.tok(skip).lower); r && r->size() >= 2) {
    q.unit = (*r)[0];
    q.unit_kind = (*r)[1];
    c.pos += skip + 1;
  }
}

bool CurrencySymbol(const Token& t) {
  return t.lower == "$" || t.lower == "\xE2\x82\xAC" || t.lower == "\xC2\xA3" || t.lower == "us$" ||
         t.lower == "rs" || t.lower == "usd";
}

// One quantity starting at c.pos, or nullopt (c.pos unchanged).
std::optional<QuantityMention> ParseAt(Cursor c, std::string_view text) {
  QuantityMention m;
  m.first_token = c.pos;
  Quantity& q = m.quantity;
  std::string qualifier_kind;
  const Lexicon::Row* row = nullptr;
  size_t qn = MatchPhrase(Qualifiers(), c, &row);
  bool between = c.Is("between");
  Cursor number = c;
  number.pos += between ? 1 : qn;
  bool year_like = false;
  std::optional<double> v = ParseNumber(number, text, &year_like);
  if (v && (qn || between)) {
    if (qn) {
      qualifier_kind = (*row)[0];
      for (size_t k = 0; k < qn; ++k) q.qualifier += (k ? " " : "") + c.tok(k).lower;
    }
    c = number;
  } else {
    // Without a qualifier or "between" the number was read at c.pos already.
    if (qn || between) {
      number = c;
      v = ParseNumber(number, text, &year_like);
    }
    if (v) {
      c = number;
    } else {
      size_t vn = MatchPhrase(Vague(), c, &row);
      if (!vn) return std::nullopt;
      for (size_t k = 0; k < vn; ++k) q.qualifier += (k ? " " : "") + c.tok(k).lower;
      q.vague = true;
      q.low = std::stod((*row)[0]);
      if (row->size() >= 2 && (*row)[1] != "-") q.high = std::stod((*row)[1]);
      c.pos += vn;
    }
  }
  if (v) {
    q.value = *v;
    q.low = *v;
    q.high = *v;
    q.rounded = IsRounded(*v);
    // Ranges: "20 to 30", "20-30", "two or three", "between 20 and 30".
    Cursor r = c;
    bool joiner = r.Is("to") || r.Is("-") || r.Is("\xE2\x80\x93") || r.Is("or") || (between && r.Is("and"));
    if (joiner) {
      ++r.pos;
      bool y2 = false;
      if (auto v2 = ParseNumber(r, text, &y2); v2 && *v2 > *v) {
        q.high = *v2;
        q.qualifier = between ? "between" : "range";
        q.value.reset();
        c = r;
        year_like = false;
      }
    }
    if (q.value && !qualifier_kind.empty()) ApplyQualifier(qualifier_kind, q);
    ParseUnit(c, q);
    if (m.first_token > 0 && CurrencySymbol((*c.tokens)[m.first_token - 1])) {
      q.unit = "money";
      q.unit_kind = "money";
    }
  }
  m.year_like = year_like && q.unit.empty() && q.qualifier.empty();
  m.end_token = c.pos;
  m.span = {(*c.tokens)[m.first_token].span.begin, (*c.tokens)[m.end_token - 1].span.end};
  return m;
}

}  // namespace

std::optional<double> ParseNumeral(std::string_view s) {
  if (s.empty() || s.size() > 40) return std::nullopt;
  // Validates the grouping, then converts the digits without separators with
  // from_chars: correctly rounded, so "999999999999999999999" is exactly 1e21
  // and "1.1" is the double nearest 1.1 (digit-by-digit sums drift).
  char digits[40];
  size_t n = 0;
  size_t digits_since_comma = 0;
  bool seen_comma = false, seen_point = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    if (ch >= '0' && ch <= '9') {
      if (!seen_point) ++digits_since_comma;
      digits[n++] = ch;
    } else if (ch == ',' && !seen_point) {
      if ((seen_comma && digits_since_comma != 3) || digits_since_comma == 0 || digits_since_comma > 3) return std::nullopt;
      seen_comma = true;
      digits_since_comma = 0;
    } else if (ch == '.' && !seen_point) {
      seen_point = true;
      digits[n++] = ch;
    } else {
      return std::nullopt;
    }
  }
  if (seen_comma && digits_since_comma != 3) return std::nullopt;
  if (s.back() == '.' || s.back() == ',') return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(digits, digits + n, value);
  if (ec != std::errc() || end != digits + n) return std::nullopt;
  return value;
}

bool Quantity::CompatibleWith(const Quantity& o) const {
  auto lo_ok = [](double lo, std::optional<double> hi) { return !hi || lo <= *hi; };
  return lo_ok(CompareLow(), o.CompareHigh()) && lo_ok(o.CompareLow(), CompareHigh());
}

double Quantity::CompareLow() const {
  if (!rounded || !value) return low;
  // The largest power of ten (at least 100) the value is a multiple of.
  double place = 100;
  while (std::fmod(*value, place * 10) == 0) place *= 10;
  return *value - place / 2;
}

std::optional<double> Quantity::CompareHigh() const {
  if (!rounded || !value) return high;
  return *value + (*value - CompareLow());
}

Quantity Plus(const Quantity& a, const Quantity& b) {
  Quantity s;
  s.low = a.low + b.low;
  if (a.high && b.high) s.high = *a.high + *b.high;
  if (a.value && b.value) s.value = *a.value + *b.value;
  s.vague = a.vague || b.vague;
  if (!a.qualifier.empty() || !b.qualifier.empty()) s.qualifier = "sum";
  s.unit = a.unit;
  s.unit_kind = a.unit_kind;
  return s;
}

std::vector<QuantityMention> FindQuantities(std::string_view text, const std::vector<Token>& tokens,
                                            size_t begin, size_t end) {
  std::vector<QuantityMention> out;
  size_t i = begin;
  while (i < end) {
    if (!MayStartQuantity(tokens[i])) {
      ++i;
      continue;
    }
    if (auto m = ParseAt(Cursor{&tokens, i, end}, text)) {
      i = m->end_token;
      out.push_back(std::move(*m));
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace crosscheck
