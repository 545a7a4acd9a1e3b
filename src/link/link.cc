#include "link/link.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <iterator>
#include <list>
#include <unordered_map>

#include "base/calendar.h"
#include "base/lexicon.h"
#include "clean/cleaner.h"
#include "extract/attribution.h"
#include "link/align.h"
#include "link/index.h"
#include "text/word_lists.h"

namespace crosscheck {

using link_internal::AlignDoc;
using link_internal::SentencePair;
using link_internal::WordPassage;

namespace {

const Lexicon& FunctionWords() {
  static const Lexicon& lex = Lexicon::Get("link_function_words.tsv");
  return lex;
}
const Lexicon& CueModifiers() {
  static const Lexicon& lex = Lexicon::Get("cue_modifiers.tsv");
  return lex;
}
const Lexicon& Pronouns() {
  static const Lexicon& lex = Lexicon::Get("pronouns.tsv");
  return lex;
}
const Lexicon& Determiners() {
  static const Lexicon& lex = Lexicon::Get("determiners.tsv");
  return lex;
}
const Lexicon& Roles() {
  static const Lexicon& lex = Lexicon::Get("roles.tsv");
  return lex;
}

// ---------------------------------------------------------------------------
// Publication time, for direction.

// Seconds since 1970 of an ISO 8601 date or date-time ("2025-10-12",
// "2025-10-12T08:30:00+05:00", "...Z"), or nothing.
std::optional<int64_t> ParseTime(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, n = 0;
  std::string str(s.substr(0, 64));
  if (std::sscanf(str.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || mo < 1 || mo > 12 || d < 1 || d > 31) {
    return std::nullopt;
  }
  int64_t t = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400;
  std::string_view rest = s.substr(static_cast<size_t>(n));
  if (rest.empty() || (rest[0] != 'T' && rest[0] != ' ')) return t;
  int m = 0;
  std::string tail(rest.substr(1, 64));
  if (std::sscanf(tail.c_str(), "%2d:%2d%n", &h, &mi, &m) != 2) return t;
  t += h * 3600 + mi * 60;
  rest = rest.substr(1 + static_cast<size_t>(m));
  if (!rest.empty() && rest[0] == ':') {
    std::string secs(rest.substr(1, 2));
    if (std::sscanf(secs.c_str(), "%2d", &sec) == 1) t += sec;
    rest = rest.substr(std::min<size_t>(3, rest.size()));
  }
  while (!rest.empty() && (rest[0] == '.' || (rest[0] >= '0' && rest[0] <= '9'))) rest.remove_prefix(1);
  int oh = 0, om = 0;
  std::string zone(rest.substr(0, 8));
  if (!rest.empty() && (rest[0] == '+' || rest[0] == '-') && std::sscanf(zone.c_str() + 1, "%2d:%2d", &oh, &om) >= 1) {
    t -= (rest[0] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
  }
  return t;
}

// ---------------------------------------------------------------------------
// How much of each document the reuse covers.

struct Reuse {
  uint32_t matched = 0;              // words in passages (including quotes)
  double rewrite_a = 0, rewrite_b = 0;  // aligned sentences' words x similarity
  size_t words_a = 0, words_b = 0;
};

double Share(double reused, size_t words) { return words ? std::min(1.0, reused / static_cast<double>(words)) : 0.0; }

Reuse Measure(const AlignDoc& a, const AlignDoc& b, const std::vector<WordPassage>& passages,
              const std::vector<SentencePair>& sentences) {
  Reuse r;
  r.words_a = a.words.size(), r.words_b = b.words.size();
  for (const WordPassage& p : passages) r.matched += p.matched;
  for (const SentencePair& s : sentences) {
    auto [a0, a1] = a.sentence_words[s.a];
    auto [b0, b1] = b.sentence_words[s.b];
    r.rewrite_a += s.similarity * (a1 - a0);
    r.rewrite_b += s.similarity * (b1 - b0);
  }
  return r;
}

// Of the shingle sets Prepare made.
double ExactJaccard(const AlignDoc& a, const AlignDoc& b) {
  const std::vector<uint64_t>& x = a.shingles;
  const std::vector<uint64_t>& y = b.shingles;
  if (x.empty() || y.empty()) return 0;
  size_t both = 0;
  for (size_t i = 0, j = 0; i < x.size() && j < y.size();) {  // branch-free: the order is random
    const uint64_t u = x[i], w = y[j];
    both += u == w;
    i += u <= w;
    j += w <= u;
  }
  return static_cast<double>(both) / static_cast<double>(x.size() + y.size() - both);
}

bool SameWords(const AlignDoc& a, const AlignDoc& b) { return !a.words.hash.empty() && a.words.hash == b.words.hash; }

// ---------------------------------------------------------------------------
// Kind, similarity, direction.

struct Verdict {
  std::string kind;
  double similarity = 0;
  double share_a = 0, share_b = 0;  // reused share of each document, for direction
};

// Enough sentences aligned in order, most of them reworded rather than
// copied: copied paragraphs among new ones are shared passages instead.
bool IsRewrite(const std::vector<SentencePair>& sentences, const LinkOptions& o) {
  size_t reworded = 0;
  for (const SentencePair& s : sentences) reworded += s.similarity < o.copied_sentence_similarity;
  return sentences.size() >= o.min_rewrite_sentences && 2 * reworded > sentences.size();
}

// The kind and similarity of a pair, or nothing. Sentences are aligned only
// when the pair is not a near-duplicate (they are left in `sentences`).
std::optional<Verdict> Judge(const AlignDoc& a, const AlignDoc& b, const std::vector<WordPassage>& passages,
                             std::vector<SentencePair>& sentences, const LinkOptions& o) {
  Reuse r = Measure(a, b, passages, {});
  const size_t smaller = std::min(r.words_a, r.words_b);
  Verdict v;
  v.share_a = Share(r.matched, r.words_a), v.share_b = Share(r.matched, r.words_b);
  double verbatim = Share(r.matched, smaller);
  // A trimmed copy (a paragraph cut for space) is a near-duplicate too: the
  // shorter is almost all in the longer, which it nearly matches in length.
  bool trimmed = verbatim >= o.near_duplicate_containment &&
                 3 * std::min(r.words_a, r.words_b) >= 2 * std::max(r.words_a, r.words_b);
  // The Jaccard is at most the ratio of the set sizes (reached when one is
  // in the other): below the cut, it need not be counted.
  const size_t na = a.shingles.size(), nb = b.shingles.size();
  const bool may_be_near = !a.shingles.empty() && !b.shingles.empty() &&
                           static_cast<double>(std::min(na, nb)) / static_cast<double>(std::max(na, nb)) >=
                               o.near_duplicate_jaccard;
  double jaccard = may_be_near || trimmed ? ExactJaccard(a, b) : 0.0;
  if (jaccard >= o.near_duplicate_jaccard || trimmed) {
    v.kind = "near-duplicate", v.similarity = std::max(jaccard, verbatim);
  } else if (sentences = link_internal::AlignSentences(a, b, o, o.min_rewrite_sentences);
             IsRewrite(sentences, o)) {
    r = Measure(a, b, passages, sentences);
    v.kind = "rewrite", v.similarity = Share(r.words_a <= r.words_b ? r.rewrite_a : r.rewrite_b, smaller);
    v.share_a = Share(r.rewrite_a, r.words_a), v.share_b = Share(r.rewrite_b, r.words_b);
  } else if (std::any_of(passages.begin(), passages.end(), [](const WordPassage& p) { return !p.quote; })) {
    v.kind = "shared-passage", v.similarity = verbatim;
  } else {
    return std::nullopt;
  }
  if (v.similarity < o.min_link_similarity) return std::nullopt;
  return v;
}

// "a->b" or "b->a" when both publication times parse and differ.
std::optional<std::string> ByTime(const AlignDoc& a, const AlignDoc& b) {
  const std::optional<int64_t>& ta = a.published;
  const std::optional<int64_t>& tb = b.published;
  if (!ta || !tb || *ta == *tb) return std::nullopt;
  return *ta < *tb ? "a->b" : "b->a";
}

std::string Direction(const Verdict& v, const AlignDoc& a, const AlignDoc& b, const LinkOptions& o) {
  if (std::optional<std::string> d = ByTime(a, b)) return *d;
  // The document more of which is reused: a verbatim copy trims or excerpts
  // its source, so that is the copy; a rewrite follows all of its source and
  // adds context, so the covered document is the source. Near-duplicates
  // differ by a cut paragraph or two, so a smaller difference decides.
  double ratio = v.kind == "near-duplicate" ? o.near_duplicate_direction_ratio : o.direction_ratio;
  bool a_covered = v.share_a > 0 && v.share_a >= v.share_b * ratio;
  bool b_covered = v.share_b > 0 && v.share_b >= v.share_a * ratio;
  if (!a_covered && !b_covered) return "unknown";
  bool a_is_source = v.kind == "rewrite" ? a_covered : b_covered;
  return a_is_source ? "a->b" : "b->a";
}

// ---------------------------------------------------------------------------
// Attribution drift.

using link_internal::Said;

bool IsPersonPronoun(const Token& t) {
  const Lexicon::Row* r = Pronouns().Find(t.lower);
  return r && !r->empty() && (*r)[0] == "person";
}

// The source named by tokens [start, end): "he" is the person last named
// before it, a bare role ("the spokesman") the last person with that role,
// anything else the phrase itself.
std::optional<Said> Resolve(std::string_view text, const SegmentedText& seg, size_t start, size_t end,
                            const People& people) {
  if (start >= end) return std::nullopt;
  const Token& first = seg.tokens[start];
  bool role_only = true;
  std::string role;
  for (size_t k = start; k < end; ++k) {
    const Token& t = seg.tokens[k];
    const Lexicon::Row* r = Roles().Find(t.lower);
    if (r && !r->empty() && (*r)[0] == "title") role = t.lower;  // a person's role, not "officials"
    else if (!Determiners().Contains(t.lower)) role_only = false;
  }
  if ((end - start == 1 && IsPersonPronoun(first)) || (role_only && !role.empty())) {
    const Person* p = people.LastBefore(first.span.begin, std::string_view(role).substr(0, 6));
    if (!p) return std::nullopt;
    return Said{p->name, p->side};
  }
  Said said;
  said.name = std::string(text.substr(first.span.begin, seg.tokens[end - 1].span.end - first.span.begin));
  said.side = SideOf(seg.tokens, start, end);
  return said;
}

// The noun phrase that opens a sentence: determiners, role words and
// capitalised words ("The spokesman", "Zabihullah Mujahid", "He").
std::optional<Said> OpeningSubject(std::string_view text, const SegmentedText& seg, const Sentence& s,
                                    const People& people) {
  size_t k = s.first_token;
  while (k < s.end_token && seg.tokens[k].kind == TokenKind::kPunct) ++k;
  size_t start = k;
  for (; k < s.end_token; ++k) {
    const Token& t = seg.tokens[k];
    bool fits = t.kind == TokenKind::kWord &&
                (t.capitalized || t.lower == "'s" || Determiners().Contains(t.lower) || Roles().Contains(t.lower));
    if (!fits || (k > start && IsPersonPronoun(seg.tokens[start]))) break;
  }
  return Resolve(text, seg, start, k, people);
}

// Who a cue in link_cues.tsv attributes its sentence to: the words before
// it back to a comma or the sentence start ("Earlier this week, Afghan
// authorities accused" -> "Afghan authorities"), or for a participle after
// a comma the sentence's subject.
std::optional<Said> CueSubject(std::string_view text, const SegmentedText& seg, const Sentence& s, size_t cue,
                               const People& people) {
  size_t end = cue;
  while (end > s.first_token && CueModifiers().Contains(seg.tokens[end - 1].lower)) --end;
  size_t start = end;
  while (start > s.first_token && seg.tokens[start - 1].kind != TokenKind::kPunct) --start;
  if (start < end) return Resolve(text, seg, start, end, people);
  const Lexicon::Row* form = FindInList(seg.tokens[cue], WordList::kLinkCues);
  bool participle = form && !form->empty() && (*form)[0] == "participle";
  if (participle && start > s.first_token) return OpeningSubject(text, seg, s, people);
  return std::nullopt;
}

// The people of a document, found the first time a sentence needs them
// and kept with the prepared document for its later pairs.
const People& PeopleOf(const AlignDoc& d) {
  if (!d.people) d.people = std::make_shared<const People>(People::Find(d.text, *d.seg));
  return *d.people;
}

// Whether a sentence has any attribution cue at all: most have none, and
// then neither people nor FindAttributions are needed.
bool HasCue(const SegmentedText& seg, const Sentence& s) {
  for (size_t k = s.first_token; k < s.end_token; ++k) {
    const Token& t = seg.tokens[k];
    if (InList(t, WordList::kSpeech) || InList(t, WordList::kLinkCues) || t.lower == "according") return true;
  }
  return false;
}

std::vector<Said> CuesOf(const AlignDoc& d, size_t sentence) {
  std::vector<Said> out;
  const std::string_view text = d.text;
  const SegmentedText& seg = *d.seg;
  const Sentence& s = seg.sentences[sentence];
  if (!HasCue(seg, s)) return out;
  const People& people = PeopleOf(d);
  for (const Attribution& at : FindAttributions(text, seg, s, people)) out.push_back({at.source.name, at.source.side});
  for (size_t k = s.first_token; k < s.end_token; ++k) {
    if (!InList(seg.tokens[k], WordList::kLinkCues)) continue;
    if (std::optional<Said> said = CueSubject(text, seg, s, k, people)) out.push_back(std::move(*said));
  }
  return out;
}

bool InsideQuote(const AlignDoc& d, size_t sentence) {
  auto [w0, w1] = d.sentence_words[sentence];
  for (auto [q0, q1] : d.quotes) {
    if (q0 <= w0 && w1 <= q1 && w0 < w1) return true;
  }
  return false;
}

// Who a sentence is attributed to. A sentence that is all quotation
// ("“Their leaders are living ...”") is attributed where its paragraph says:
// the sentence before it, else the one after.
std::vector<Said> FindSources(const AlignDoc& d, size_t sentence) {
  std::vector<Said> out = CuesOf(d, sentence);
  if (!out.empty() || !InsideQuote(d, sentence)) return out;
  const auto& sents = d.seg->sentences;
  for (size_t n : {sentence - 1, sentence + 1}) {
    if (n >= sents.size() || sents[n].paragraph != sents[sentence].paragraph) continue;
    out = CuesOf(d, n);
    if (!out.empty()) break;
  }
  return out;
}

// FindSources, computed once per sentence of a prepared document: a report
// linked to many others has the same sentences' sources read for each pair.
const std::vector<Said>& SourcesOf(const AlignDoc& d, size_t sentence) {
  if (d.sources_known.size() != d.seg->sentences.size()) {
    d.sources_known.assign(d.seg->sentences.size(), 0);
    d.sources.assign(d.seg->sentences.size(), {});
  }
  if (!d.sources_known[sentence]) {
    ++link_internal::ThreadWork().sentences_attributed;
    d.sources[sentence] = FindSources(d, sentence);
    d.sources_known[sentence] = 1;
  }
  return d.sources[sentence];
}

// Content words of a source name, lower-cased.
std::vector<std::string> NameWords(std::string_view name) {
  std::vector<std::string> out;
  std::string w;
  for (size_t i = 0; i <= name.size(); ++i) {
    char c = i < name.size() ? name[i] : ' ';
    if (c == ' ' || c == ',' || c == '\n') {
      if (!w.empty() && !FunctionWords().Contains(w)) out.push_back(w);
      w.clear();
    } else {
      w += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
  return out;
}

// One party: the same side, or a name word in common ("Mujahid" and
// "Zabihullah Mujahid"; "officials" and "Pakistani officials").
bool SameSource(const Said& x, const Said& y) {
  if (!x.side.empty() && x.side == y.side) return true;
  std::vector<std::string> wx = NameWords(x.name), wy = NameWords(y.name);
  return std::any_of(wx.begin(), wx.end(), [&](const std::string& w) { return std::find(wy.begin(), wy.end(), w) != wy.end(); });
}

std::string Names(const std::vector<Said>& s) {
  std::string out;
  for (const Said& x : s) {
    if (out.find(x.name) != std::string::npos) continue;
    out += (out.empty() ? "" : "; ") + x.name;
  }
  return out;
}

// "dropped" | "changed" | "" read from source to copy. A copy that adds an
// attribution is not drift: it names a source its source left implicit.
std::string Compare(const std::vector<Said>& source, const std::vector<Said>& copy) {
  if (source.empty()) return "";
  if (copy.empty()) return "dropped";
  for (const Said& x : source)
    for (const Said& y : copy)
      if (SameSource(x, y)) return "";
  return "changed";
}

// The sentence pairs the reuse rests on: where passages' seeds meet, and the
// aligned sentences of a rewrite.
std::vector<std::pair<uint32_t, uint32_t>> ReusedSentences(const AlignDoc& a, const AlignDoc& b,
                                                          const std::vector<WordPassage>& passages,
                                                          const std::vector<SentencePair>& sentences,
                                                          bool rewrite) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (const WordPassage& p : passages) {
    for (auto [i, j] : p.anchors) out.emplace_back(a.sentence[i], b.sentence[j]);
  }
  if (rewrite) {
    for (const SentencePair& s : sentences) out.emplace_back(s.a, s.b);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Each sentence of the source document against every copy sentence it was
// aligned with: the attribution is kept when any of them names the same
// party (a passage may start in one sentence and carry on in the next).
std::vector<Drift> FindDrift(const AlignDoc& a, const AlignDoc& b, std::vector<std::pair<uint32_t, uint32_t>> pairs,
                             bool b_is_source) {
  std::vector<Drift> out;
  if (pairs.empty()) return out;
  const AlignDoc& src = b_is_source ? b : a;
  const AlignDoc& copy = b_is_source ? a : b;
  if (b_is_source) {
    for (auto& p : pairs) std::swap(p.first, p.second);
    std::sort(pairs.begin(), pairs.end());
  }
  for (size_t i = 0; i < pairs.size();) {
    size_t j = i;
    std::vector<Said> copied;
    for (; j < pairs.size() && pairs[j].first == pairs[i].first; ++j) {
      for (const Said& s : SourcesOf(copy, pairs[j].second)) copied.push_back(s);
    }
    const std::vector<Said>& said = SourcesOf(src, pairs[i].first);
    std::string what = Compare(said, copied);
    if (!what.empty()) {
      Span in_src = src.seg->sentences[pairs[i].first].span;
      Span in_copy = {copy.seg->sentences[pairs[i].second].span.begin, copy.seg->sentences[pairs[j - 1].second].span.end};
      Drift d{in_src, in_copy, Names(said), Names(copied), what};
      if (b_is_source) std::swap(d.a, d.b), std::swap(d.a_source, d.b_source);
      out.push_back(std::move(d));
    }
    i = j;
  }
  std::sort(out.begin(), out.end(), [](const Drift& x, const Drift& y) { return x.a.begin < y.a.begin; });
  return out;
}

Span SpanOf(const AlignDoc& d, uint32_t w0, uint32_t w1) {
  const auto& toks = d.seg->tokens;
  return {toks[d.words.token[w0]].span.begin, toks[d.words.token[w1 - 1]].span.end};
}

// The same words: one passage over all of them, no drift possible. Built
// directly, since a text repeating itself would give seeding nothing to hold.
Link Duplicate(size_t ia, const AlignDoc& a, size_t ib, const AlignDoc& b) {
  const uint32_t n = static_cast<uint32_t>(a.words.size());
  Link link;
  link.a = ia, link.b = ib;
  link.kind = "duplicate";
  link.similarity = 1;
  link.direction = ByTime(a, b).value_or("unknown");
  link.passages.push_back({SpanOf(a, 0, n), SpanOf(b, 0, n), 1.0, false});
  return link;
}

std::optional<Link> LinkPrepared(size_t ia, const AlignDoc& a, size_t ib, const AlignDoc& b, const LinkOptions& o) {
  if (a.words.size() == 0 || b.words.size() == 0) return std::nullopt;
  if (SameWords(a, b)) return Duplicate(ia, a, ib, b);
  std::vector<WordPassage> passages = link_internal::FindPassages(a, b, o);
  std::vector<WordPassage> quotes = link_internal::SharedQuotes(a, b, passages, o);
  passages.insert(passages.end(), std::make_move_iterator(quotes.begin()), std::make_move_iterator(quotes.end()));
  std::sort(passages.begin(), passages.end(), [](const WordPassage& x, const WordPassage& y) { return x.a0 < y.a0; });
  std::vector<SentencePair> sentences;
  std::optional<Verdict> v = Judge(a, b, passages, sentences, o);
  if (!v) return std::nullopt;
  Link link;
  link.a = ia, link.b = ib;
  link.kind = v->kind;
  link.similarity = v->similarity;
  link.direction = Direction(*v, a, b, o);
  link.passages.reserve(passages.size());
  for (const WordPassage& p : passages) {
    double sim = 2.0 * p.matched / static_cast<double>((p.a1 - p.a0) + (p.b1 - p.b0));
    link.passages.push_back({SpanOf(a, p.a0, p.a1), SpanOf(b, p.b0, p.b1), sim, p.quote});
  }
  link.drift = FindDrift(a, b, ReusedSentences(a, b, passages, sentences, v->kind == "rewrite"),
                         link.direction == "b->a");
  return link;
}

}  // namespace

LinkWork& link_internal::ThreadWork() {
  thread_local LinkWork work;
  return work;
}

LinkWork LinkWorkDone() { return link_internal::ThreadWork(); }

std::optional<Link> LinkPair(size_t a, const LinkText& ta, size_t b, const LinkText& tb, const LinkOptions& options) {
  assert(a < b && ta.seg && tb.seg);
  link_internal::ThreadWork().pairs_aligned += 1;
  link_internal::ThreadWork().documents_prepared += 2;
  AlignDoc da = link_internal::Prepare(ta.text, *ta.seg, options), db = link_internal::Prepare(tb.text, *tb.seg, options);
  da.published = ParseTime(ta.published), db.published = ParseTime(tb.published);
  return LinkPrepared(a, da, b, db, options);
}

// The prepared documents, most recently used first; `where` finds a
// document's entry in `order`.
struct PairLinker::Impl {
  LinkOptions options;
  std::list<std::pair<size_t, AlignDoc>> order;
  std::unordered_map<size_t, std::list<std::pair<size_t, AlignDoc>>::iterator> where;
  size_t bytes = 0;
  // What the last Sketch found, for document `sketched` (SIZE_MAX: none).
  size_t sketched = SIZE_MAX;
  link_internal::Words words;
  std::vector<uint64_t> shingles;

  const AlignDoc& Get(size_t i, const LinkText& t) {
    if (auto it = where.find(i); it != where.end()) {
      order.splice(order.begin(), order, it->second);
      // The caller may hand the same document in another copy (an engine
      // re-segments a report whose tokens it dropped): what it prepared from
      // is equal, but only the copy in hand is alive.
      AlignDoc& d = order.front().second;
      d.text = t.text;
      d.seg = t.seg;
      return d;
    }
    ++link_internal::ThreadWork().documents_prepared;
    if (sketched == i) {
      sketched = SIZE_MAX;
      order.emplace_front(i, link_internal::Prepare(t.text, *t.seg, options, std::move(words), std::move(shingles)));
    } else {
      order.emplace_front(i, link_internal::Prepare(t.text, *t.seg, options));
    }
    order.front().second.published = ParseTime(t.published);
    where.emplace(i, order.begin());
    bytes += order.front().second.MemoryBytes();
    return order.front().second;
  }
  // Keeps the budget, sparing the `keep` most recent documents (the pair in hand).
  void Trim(size_t keep) {
    while (bytes > options.max_prepared_bytes && order.size() > keep) {
      bytes -= order.back().second.MemoryBytes();
      where.erase(order.back().first);
      order.pop_back();
    }
  }
};

PairLinker::PairLinker(const LinkOptions& options) : impl_(std::make_unique<Impl>()) { impl_->options = options; }
PairLinker::~PairLinker() = default;
PairLinker::PairLinker(PairLinker&&) noexcept = default;
PairLinker& PairLinker::operator=(PairLinker&&) noexcept = default;

std::optional<Link> PairLinker::Align(size_t a, const LinkText& ta, size_t b, const LinkText& tb) {
  assert(a < b && ta.seg && tb.seg);
  ++link_internal::ThreadWork().pairs_aligned;
  Impl& x = *impl_;
  const AlignDoc& db = x.Get(b, tb);
  const AlignDoc& da = x.Get(a, ta);  // list nodes stay put: db is still valid
  std::optional<Link> link = LinkPrepared(a, da, b, db, x.options);
  x.Trim(2);
  return link;
}

DocumentSketch PairLinker::Sketch(size_t i, const LinkText& t) {
  Impl& x = *impl_;
  x.words = link_internal::WordsOf(*t.seg);
  x.shingles = link_internal::ShingleSet(x.words, x.options.shingle_words);
  x.sketched = i;
  return link_internal::SketchWords(x.words, x.shingles, x.options);
}

size_t PairLinker::MemoryBytes() const { return impl_->bytes; }

std::vector<Link> LinkDocuments(const std::vector<Document>& docs, const std::vector<SegmentedText>& segmented,
                                const LinkOptions& options) {
  assert(docs.size() == segmented.size());
  LinkIndex index(options);
  PairLinker linker(options);
  std::vector<Link> out;
  for (size_t i = 0; i < docs.size(); ++i) {
    const LinkText b{docs[i].text, &segmented[i], docs[i].published};
    std::vector<Candidate> candidates = index.Add(linker.Sketch(i, b));
    for (const Candidate& c : candidates) {
      const LinkText a{docs[c.a].text, &segmented[c.a], docs[c.a].published};
      std::optional<Link> l = linker.Align(c.a, a, c.b, b);
      if (l) out.push_back(std::move(*l));
    }
  }
  std::sort(out.begin(), out.end(), [](const Link& x, const Link& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  return out;
}

std::vector<Link> LinkDocuments(const std::vector<Document>& docs, const LinkOptions& options) {
  std::vector<SegmentedText> segmented;
  segmented.reserve(docs.size());
  for (const Document& d : docs) segmented.push_back(Segment(d.text, Clean(d)));
  return LinkDocuments(docs, segmented, options);
}

}  // namespace crosscheck
