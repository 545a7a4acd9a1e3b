#include "clean/cleaner.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_set>

#include <re2/re2.h>
#include <re2/set.h>

#include "base/lexicon.h"
#include "ingest/web.h"

namespace crosscheck {

namespace {

struct Pattern {
  std::string kind;
  bool captures_outlet = false;
  std::string regex;
  // Compiled on first use: the set below answers for every line, so a
  // pattern's own RE2 is needed only for a line the set says it matches (or
  // when the set could not be built), and most never are (each costs a few
  // milliseconds of start-up).
  const RE2& re() const {
    std::call_once(once_, [&] { re_ = std::make_unique<RE2>(regex); });
    return *re_;
  }

 private:
  mutable std::once_flag once_;
  mutable std::unique_ptr<RE2> re_;
};

struct Patterns {
  std::vector<std::unique_ptr<Pattern>> list;  // the valid ones, in file order
  // All patterns at once: one pass over a line finds every pattern that
  // may match it (a row's fourth column matches every line its pattern
  // does, and more), instead of one pass per pattern; the first of them is
  // then tried alone. Null if it failed to build.
  std::unique_ptr<RE2::Set> set;
};

const Patterns& AllPatterns() {
  static const Patterns kPatterns = [] {
    Patterns out;
    // A pattern RE2 cannot parse is left out (Set::Add parses as RE2 does,
    // without compiling); the set's indices are then the list's. The set
    // holds a row's looser fourth column when it has one: compiling the
    // counted repetitions of Unicode classes ("\p{Lu}\S*" six times,
    // "[^.]{0,80}") took most of the set's 4 ms, paid by every process.
    out.set = std::make_unique<RE2::Set>(RE2::DefaultOptions, RE2::UNANCHORED);
    RE2::Set parses(RE2::DefaultOptions, RE2::UNANCHORED);
    for (const auto& row : Lexicon::Get("boilerplate.tsv").rows()) {
      if (row.size() < 3 || parses.Add(row[2], nullptr) < 0) continue;
      if (out.set->Add(row.size() >= 4 && !row[3].empty() ? row[3] : row[2], nullptr) < 0) continue;
      auto p = std::make_unique<Pattern>();
      p->kind = row[0];
      p->captures_outlet = row[1] == "1";
      p->regex = row[2];
      out.list.push_back(std::move(p));
    }
    if (!out.set->Compile()) out.set.reset();
    return out;
  }();
  return kPatterns;
}

struct Line {
  Span span;      // trimmed of surrounding white space
  std::string kind;  // boilerplate kind, empty for body text
  std::string reason;  // for learned boilerplate
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Trims ASCII blanks and the UTF-8 no-break space (C2 A0) from both ends.
Span Trim(std::string_view text, Span s) {
  while (s.begin < s.end) {
    if (IsSpace(text[s.begin])) ++s.begin;
    else if (s.end - s.begin >= 2 && text.substr(s.begin, 2) == "\xC2\xA0") s.begin += 2;
    else break;
  }
  while (s.end > s.begin) {
    if (IsSpace(text[s.end - 1])) --s.end;
    else if (s.end - s.begin >= 2 && text.substr(s.end - 2, 2) == "\xC2\xA0") s.end -= 2;
    else break;
  }
  return s;
}

// Lines end at LF, CRLF or a lone CR (old Mac files). Line breaks are found
// with memchr rather than find_first_of (a set look-up a byte): the next
// '\n' once for all the lines before it (a text of lone CRs has none, and
// looking for it again at every line would be quadratic), the next '\r'
// only up to that '\n'.
std::vector<Line> SplitLines(std::string_view text) {
  constexpr size_t npos = std::string_view::npos;
  std::vector<Line> lines;
  size_t pos = 0, lf = text.find('\n');
  while (pos <= text.size()) {
    if (lf != npos && lf < pos) lf = text.find('\n', pos);
    const size_t nl = std::min(lf, text.substr(0, lf).find('\r', pos));
    size_t end = nl == npos ? text.size() : nl;
    lines.push_back({Trim(text, {pos, end}), {}});
    if (nl == npos) break;
    pos = text.compare(nl, 2, "\r\n") == 0 ? nl + 2 : nl + 1;
  }
  return lines;
}

// True when pattern `p` matches `line`; fills `outlet` from its capture.
bool Matches(const Pattern& p, std::string_view line, std::string& outlet) {
  if (!p.captures_outlet) return RE2::PartialMatch(line, p.re());
  std::string captured;
  if (!RE2::PartialMatch(line, p.re(), &captured)) return false;
  if (outlet.empty()) outlet = captured;
  return true;
}

// The kind of boilerplate `line` is (the first pattern in file order that
// matches), or empty; fills `outlet` from a capture.
std::string Classify(std::string_view line, std::string& outlet) {
  const Patterns& all = AllPatterns();
  if (all.set) {
    thread_local std::vector<int> hits;
    hits.clear();
    RE2::Set::ErrorInfo error;
    // Most lines match nothing: asked without `hits` first, RE2 allocates
    // nothing for them (with `hits`, three allocations a call).
    if (!all.set->Match(line, nullptr, &error) && error.kind == RE2::Set::kNoError) return {};
    if (all.set->Match(line, &hits, &error)) {
      const Pattern& p = *all.list[*std::min_element(hits.begin(), hits.end())];
      if (Matches(p, line, outlet)) return p.kind;
    } else if (error.kind == RE2::Set::kNoError) {
      return {};
    }
    // Out of DFA memory, or the set and its pattern disagree: one by one.
  }
  for (const auto& p : all.list) {
    if (Matches(*p, line, outlet)) return p->kind;
  }
  return {};
}

// A first line reads as a headline when it is short, does not end like a
// sentence, and is in Title Case or stands alone above a blank line.
bool LooksLikeHeadline(std::string_view text, const std::vector<Line>& lines, size_t i) {
  std::string_view s = lines[i].span.Of(text);
  if (s.size() < 12 || s.size() > 250) return false;
  char last = s.back();
  if (last == '.' || last == ':' || last == ';' || last == ',') return false;
  size_t words = 0, capitalized = 0, letters_words = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t sp = s.find(' ', pos);
    std::string_view w = s.substr(pos, sp == std::string_view::npos ? sp : sp - pos);
    pos = sp == std::string_view::npos ? s.size() : sp + 1;
    if (w.empty()) continue;
    ++words;
    unsigned char c = static_cast<unsigned char>(w[0]);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) ++letters_words;
    if (c >= 'A' && c <= 'Z') ++capitalized;
  }
  if (words < 3 || letters_words < 3) return false;
  bool title_case = capitalized * 10 >= letters_words * 6;
  bool blank_after = i + 1 < lines.size() && lines[i + 1].span.empty();
  return title_case || blank_after;
}

void MarkBoilerplate(std::string_view text, std::vector<Line>& lines, const CleanOptions& options,
                     std::string& outlet) {
  for (Line& l : lines) {
    if (l.span.empty() || l.span.size() > options.max_boilerplate_line) continue;
    l.kind = Classify(l.span.Of(text), outlet);
  }
  // A line sandwiched between two appeal lines (no blank line between) is part
  // of the appeal: payment details come in many shapes.
  for (size_t i = 1; i + 1 < lines.size(); ++i) {
    if (lines[i].kind.empty() && !lines[i].span.empty() && lines[i - 1].kind == "appeal" &&
        lines[i + 1].kind == "appeal" && lines[i].span.size() < 300) {
      lines[i].kind = "appeal";
    }
  }
  std::unordered_set<std::string_view> seen;
  for (Line& l : lines) {
    if (l.span.size() < options.min_repeated_line) continue;
    if (!seen.insert(l.span.Of(text)).second && l.kind.empty()) l.kind = "repeated";
  }
}

uint64_t LineKey(std::string_view outlet, std::string_view line) {
  // Outlet and line hashed apart and mixed, so "ab"+"c" and "a"+"bc" differ.
  const uint64_t h = std::hash<std::string_view>{}(outlet);
  return h * 0x9E3779B97F4A7C15ull ^ std::hash<std::string_view>{}(line);
}


}  // namespace

std::string OutletBoilerplate::OutletOf(const Document& doc) {
  return doc.outlet.empty() ? UrlHost(doc.url) : doc.outlet;
}

OutletBoilerplate OutletBoilerplate::Learn(const std::vector<Document>& docs,
                                           const OutletBoilerplateOptions& options) {
  OutletBoilerplate out(options);
  for (const Document& doc : docs) out.Add(doc);
  return out;
}

void OutletBoilerplate::Add(const Document& doc, std::string_view text) {
  std::string name = OutletOf(doc);
  if (name.empty()) return;
  auto [it, added] = outlet_index_.try_emplace(std::move(name), static_cast<uint32_t>(outlets_.size()));
  if (added) outlets_.emplace_back();
  Outlet& outlet = outlets_[it->second];
  if (!doc.title.empty() && !outlet.titles.insert(std::hash<std::string_view>{}(doc.title)).second) return;
  ++outlet.pages;
  std::unordered_set<uint64_t> on_page;
  for (const Line& l : SplitLines(text)) {
    if (l.span.empty() || l.span.size() > options_.max_line) continue;
    const uint64_t k = LineKey(it->first, l.span.Of(text));
    if (!on_page.insert(k).second) continue;
    if (auto c = counts_.find(k); c != counts_.end()) ++c->second.pages;
    else if (counts_.size() < options_.max_tracked) counts_.emplace(k, Count{1, it->second});
  }
}

bool OutletBoilerplate::Learned(const Count& c) const {
  return c.pages >= options_.min_pages && c.pages >= options_.min_share * outlets_[c.outlet].pages;
}

size_t OutletBoilerplate::PagesWith(std::string_view outlet, std::string_view line) const {
  if (counts_.empty() || outlet.empty()) return 0;
  auto it = counts_.find(LineKey(outlet, line));
  return it == counts_.end() || !Learned(it->second) ? 0 : it->second.pages;
}

size_t OutletBoilerplate::size() const {
  size_t n = 0;
  for (const auto& [k, c] : counts_) n += Learned(c);
  return n;
}

CleanDocument Clean(const Document& doc, const CleanOptions& options) {
  std::string_view text = doc.text;
  CleanDocument out;
  out.outlet = doc.outlet;
  std::vector<Line> lines = SplitLines(text);
  std::string footer_outlet;
  MarkBoilerplate(text, lines, options, footer_outlet);
  if (out.outlet.empty()) out.outlet = footer_outlet;
  if (options.learned) {
    const std::string outlet = OutletBoilerplate::OutletOf(doc);
    for (Line& l : lines) {
      if (!l.kind.empty() || l.span.empty()) continue;
      if (size_t pages = options.learned->PagesWith(outlet, l.span.Of(text))) {
        l.kind = "recurring";
        l.reason = "recurs on " + std::to_string(pages) + " pages of " + outlet;
      }
    }
  }

  bool first = true;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    if (l.span.empty()) continue;
    if (!l.kind.empty()) {
      out.removed.push_back({l.kind, l.span, l.reason});
      continue;
    }
    if (first && LooksLikeHeadline(text, lines, i)) {
      out.headline = l.span;
    } else {
      out.paragraphs.push_back(l.span);
    }
    first = false;
  }
  return out;
}

}  // namespace crosscheck
