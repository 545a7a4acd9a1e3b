#include "extract/counts.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <map>

#include "base/lexicon.h"
#include "base/resources.h"
#include "text/quantity.h"

namespace crosscheck {

namespace {

constexpr std::string_view kHeader = "crosscheck-counts 1";
constexpr double kMaxCount = 100000;  // larger figures are not counts of people in one incident
constexpr size_t kLeftWindow = 8, kRightWindow = 10;

const Lexicon& Victims() {
  static const Lexicon& lex = Lexicon::Get("victims.tsv");
  return lex;
}
const Lexicon& CountPersons() {
  static const Lexicon& lex = Lexicon::Get("count_persons.tsv");
  return lex;
}
const Lexicon& CountScope() {
  static const Lexicon& lex = Lexicon::Get("count_scope.tsv");
  return lex;
}
const Lexicon& CountCues() {
  static const Lexicon& lex = Lexicon::Get("count_cues.tsv");
  return lex;
}
const Lexicon& Triggers() {
  static const Lexicon& lex = Lexicon::Get("triggers.tsv");
  return lex;
}
const Lexicon& Stops() {
  static const Lexicon& lex = Lexicon::Get("np_stop.tsv");
  return lex;
}

// A singular noun for a person: "man", "boy", "victim", "hunter".
bool IsPersonNoun(const Token& t) {
  if (t.kind != TokenKind::kWord) return false;
  if (CountPersons().Contains(t.lower)) return true;
  const Lexicon::Row* r = Victims().Find(t.lower);
  return r && r->size() >= 2 && (*r)[0] == "person" && (*r)[1] == "sg";
}

bool IsOpener(const Token& t) {
  static constexpr std::string_view kOpeners[] = {"a", "an", "the", "another", "his", "her", "their"};
  return std::find(std::begin(kOpeners), std::end(kOpeners), t.lower) != std::end(kOpeners);
}

// The interval of exactly n people.
Quantity Exactly(double n) {
  Quantity q;
  q.value = n; q.low = n; q.high = n;
  return q;
}

// "-year-old" or " year old" from token k: "13-year-old", "19-year old".
bool YearOldAt(const std::vector<Token>& toks, size_t k, size_t end) {
  if (k < end && toks[k].lower == "-") ++k;
  if (k >= end || (toks[k].lower != "year" && toks[k].lower != "years")) return false;
  ++k;
  if (k < end && toks[k].lower == "-") ++k;
  return k < end && toks[k].lower == "old";
}

bool IsCapWord(const Token& t) { return t.kind == TokenKind::kWord && t.capitalized; }

uint64_t Fnv1a(std::string_view a, std::string_view b) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : a) { h ^= c; h *= 1099511628211ull; }
  h ^= 0x1f; h *= 1099511628211ull;  // separator
  for (unsigned char c : b) { h ^= c; h *= 1099511628211ull; }
  return h;
}

std::string_view SmallBucket(size_t n) {
  static constexpr std::string_view kNames[] = {"0", "1", "2", "3", "4-6", "7+"};
  return kNames[n <= 3 ? n : (n <= 6 ? 4 : 5)];
}

bool IsCounted(const Claim& c) {
  return (c.type == "killed" || c.type == "wounded" || c.type == "killed_or_wounded" || c.type == "detained") &&
         (c.category.empty() || c.category == "person");
}

// The token holding byte `at` (tokens are in text order).
size_t TokenAt(const std::vector<Token>& toks, size_t at) {
  auto it = std::upper_bound(toks.begin(), toks.end(), at, [](size_t x, const Token& t) { return x < t.span.begin; });
  return it == toks.begin() ? 0 : static_cast<size_t>(it - toks.begin()) - 1;
}

// A rule claim's figure that none of the candidates within it states ("killed
// Fayez Jan and one additional insurgent": 2) is a candidate of its own.
// `out` is in text order and stays so.
void AddRuleFigures(const SegmentedText& seg, const std::vector<Claim>& claims, std::vector<CountCandidate>& out) {
  const std::vector<Token>& toks = seg.tokens;
  if (toks.empty()) return;
  std::vector<CountCandidate> added;
  for (const Claim& c : claims) {
    if (!IsCounted(c) || !c.quantity.value || c.quantity.vague || *c.quantity.value > kMaxCount) continue;
    const size_t a = TokenAt(toks, c.span.begin), b = TokenAt(toks, c.span.end - 1) + 1;
    auto it = std::lower_bound(out.begin(), out.end(), a,
                               [](const CountCandidate& x, size_t t) { return x.first_token < t; });
    bool stated = false;
    for (; it != out.end() && it->first_token < b && !stated; ++it) stated = it->value == *c.quantity.value;
    if (stated) continue;
    size_t si = 0;
    auto s = std::upper_bound(seg.sentences.begin(), seg.sentences.end(), a,
                              [](size_t x, const Sentence& st) { return x < st.first_token; });
    if (s != seg.sentences.begin()) si = static_cast<size_t>(s - seg.sentences.begin()) - 1;
    added.push_back({a, b, si, *c.quantity.value, "rule", c.quantity.qualifier, c.quantity});
  }
  if (added.empty()) return;
  // Claims are in text order sentence by sentence, not always within one.
  std::stable_sort(added.begin(), added.end(), [](const CountCandidate& x, const CountCandidate& y) {
    return x.first_token < y.first_token;
  });
  std::vector<CountCandidate> merged;
  merged.reserve(out.size() + added.size());
  std::merge(out.begin(), out.end(), added.begin(), added.end(), std::back_inserter(merged),
             [](const CountCandidate& x, const CountCandidate& y) { return x.first_token < y.first_token; });
  out = std::move(merged);
}

}  // namespace

std::string_view CountRoleName(CountRole role) {
  switch (role) {
    case CountRole::kKilled: return "killed";
    case CountRole::kWounded: return "wounded";
    case CountRole::kShot: return "killed_or_wounded";
    case CountRole::kDetained: return "detained";
    case CountRole::kOther: break;
  }
  return "other";
}

std::vector<CountCandidate> FindCountCandidates(std::string_view text, const SegmentedText& seg,
                                                const std::vector<Claim>& claims) {
  std::vector<CountCandidate> out;
  const std::vector<Token>& toks = seg.tokens;
  for (size_t si = 0; si < seg.sentences.size(); ++si) {
    const Sentence& s = seg.sentences[si];
    for (const QuantityMention& q : FindQuantities(text, toks, s.first_token, s.end_token)) {
      const Quantity& qty = q.quantity;
      if (q.year_like || !qty.unit_kind.empty() || !qty.value || *qty.value > kMaxCount ||
          *qty.value != std::floor(*qty.value)) continue;
      out.push_back({q.first_token, q.end_token, si, *qty.value, "number", qty.qualifier, qty});
      // "Jordan Ames, 19, was killed": a named person with an age is one person.
      const size_t a = q.first_token;
      if (a >= s.first_token + 2 && toks[a - 1].lower == "," && IsCapWord(toks[a - 2]) && *qty.value >= 1 &&
          *qty.value <= 110 && (q.end_token == s.end_token || toks[q.end_token].lower == "," ||
                                 toks[q.end_token].lower == ")")) {
        size_t start = a - 2;
        while (start > s.first_token && start + 3 > a - 2 && IsCapWord(toks[start - 1])) --start;
        out.push_back({start, q.end_token, si, 1, "named", "", Exactly(1)});
      }
    }
    for (size_t k = s.first_token; k < s.end_token; ++k) {
      const Token& t = toks[k];
      if (t.lower == "both" && k + 1 < s.end_token && toks[k + 1].kind == TokenKind::kWord) {
        out.push_back({k, k + 1, si, 2, "collective", "", Exactly(2)});
        continue;
      }
      if ((t.lower == "he" || t.lower == "she") && k + 1 < s.end_token && toks[k + 1].kind == TokenKind::kWord) {
        out.push_back({k, k + 1, si, 1, "pronoun", "", Exactly(1)});
        continue;
      }
      // "a 6-year-old boy", "the unidentified victim", "his son"; without an
      // article where headlines drop it ("Orangeburg man shot") or before an
      // age ("13-year-old boy injured"); "a 16-year-old was flown".
      const bool bare = (k == s.first_token && s.headline) ||
                        (k > s.first_token && (toks[k - 1].lower == ":" || toks[k - 1].lower == "-") && s.headline) ||
                        (t.kind == TokenKind::kNumber && (k == s.first_token || !IsOpener(toks[k - 1])) &&
                         YearOldAt(toks, k + 1, s.end_token));
      if (!IsOpener(t) && !bare) continue;
      size_t old_end = 0;  // one past "old" of "N-year-old", the head when no noun follows
      for (size_t j = IsOpener(t) ? k + 1 : k; j < s.end_token && j < k + 8; ++j) {
        const Token& w = toks[j];
        if (IsPersonNoun(w)) {
          if (j + 1 < s.end_token && toks[j + 1].lower == "'s") { old_end = 0; break; }  // "the victim's mother"
          out.push_back({k, j + 1, si, 1, "implicit", "", Exactly(1)});
          old_end = 0;
          break;
        }
        if (w.lower == "old" && j >= 2 && toks[j - 1].lower != "the" &&
            (toks[j - 1].lower == "year" || toks[j - 2].lower == "year")) old_end = j + 1;
        // A verb ("detained") or a new article ends the phrase.
        const bool modifier = w.kind == TokenKind::kNumber || w.lower == "-" ||
                              (w.kind == TokenKind::kWord && !Stops().Contains(w.lower) && !IsOpener(w) &&
                               !Triggers().Contains(w.lower));
        if (!modifier) break;
      }
      if (old_end != 0) out.push_back({k, old_end, si, 1, "implicit", "", Exactly(1)});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const CountCandidate& x, const CountCandidate& y) {
    return x.first_token != y.first_token ? x.first_token < y.first_token : x.end_token < y.end_token;
  });
  AddRuleFigures(seg, claims, out);
  return out;
}

namespace {

static constexpr std::string_view kCueKinds[] = {"none", "death", "injury", "both"};

// Death (1) and injury (2) cue bits of tokens [from, to).
unsigned CuesIn(const std::vector<Token>& toks, size_t from, size_t to) {
  unsigned kinds = 0;
  for (size_t k = from; k < to; ++k) {
    const Lexicon::Row* r = CountCues().Find(toks[k].lower);
    if (r && !r->empty()) kinds |= (*r)[0] == "death" ? 1u : 2u;
  }
  return kinds;
}

// How often a figure is stated in the article, and in its headline.
struct Figure {
  size_t mentions = 0, headlines = 0;
};

struct DocumentCues {
  unsigned doc = 0, headline = 0;
  std::map<std::pair<std::string, double>, Figure> figures;  // by (kind, value)
  std::vector<const Claim*> claims;  // the rules' claims, by span.begin
  // Per sentence, read once for all its candidates: its death and injury
  // cues, and the features of its years and scope words.
  std::vector<unsigned> sentence;
  std::vector<std::vector<uint64_t>> scope;
};

// Claims span at most one sentence (SegmentOptions::max_sentence_bytes).
constexpr size_t kMaxClaimBytes = 4096;

std::vector<uint64_t> FeaturesOf(const SegmentedText& seg, const std::vector<CountCandidate>& candidates, size_t i,
                                 const DocumentCues& cues) {
  const CountCandidate& c = candidates[i];
  const std::vector<Token>& toks = seg.tokens;
  const Sentence& s = seg.sentences[c.sentence];
  std::vector<uint64_t> f;
  f.reserve(64);
  auto add = [&f](std::string_view name, std::string_view value) { f.push_back(Fnv1a(name, value)); };
  auto word = [&](size_t k) -> std::string_view {
    if (k < s.first_token || k >= s.end_token) return k < s.first_token ? "<s>" : "</s>";
    if (toks[k].kind == TokenKind::kNumber) return "#";
    return toks[k].lower.size() > 24 ? std::string_view("<long>") : std::string_view(toks[k].lower);
  };
  const size_t a = c.first_token, b = c.end_token;
  add("bias", "");
  add("k", c.kind);
  if (!c.qualifier.empty()) add("q", c.qualifier);
  const std::string_view l1 = word(a - 1), l2 = word(a - 2), r1 = word(b), r2 = word(b + 1);
  add("L1", l1);
  add("L2", l2);
  add("L3", word(a - 3));
  add("R1", r1);
  add("R2", r2);
  add("R3", word(b + 2));
  add("R4", word(b + 3));
  add("L1R1", std::string(l1) + "|" + std::string(r1));
  add("R1R2", std::string(r1) + "|" + std::string(r2));
  add("L2L1", std::string(l2) + "|" + std::string(l1));
  add("kR1", c.kind + "|" + std::string(r1));
  for (size_t k = a > s.first_token + kLeftWindow ? a - kLeftWindow : s.first_token; k < a; ++k) add("lw", word(k));
  for (size_t k = b; k < s.end_token && k < b + kRightWindow; ++k) add("rw", word(k));
  if (c.kind != "number") {
    add("h", word(b - 1));
    for (size_t k = a + 1; k + 1 < b; ++k) add("m", word(k));
  }
  // Where the sentence stands, and words that place it in another incident.
  if (s.headline) add("s", "headline");
  add("p", SmallBucket(s.paragraph));
  add("late", c.sentence * 3 >= seg.sentences.size() * 2 ? "1" : "0");
  const std::vector<uint64_t>& scope = cues.scope[c.sentence];
  f.insert(f.end(), scope.begin(), scope.end());
  // The same figure elsewhere in the article.
  const Figure& figure = cues.figures.at({c.kind, c.value});
  add("same", SmallBucket(figure.mentions - 1));
  if (figure.headlines > (s.headline ? 1u : 0u) && !s.headline) add("same", "headline");
  // What the rules made of these words: claims span at most a sentence, so
  // only those starting less than a sentence before it can overlap.
  const Span span{toks[a].span.begin, toks[b - 1].span.end};
  bool ruled = false;
  auto from = std::lower_bound(cues.claims.begin(), cues.claims.end(), span.begin,
                               [](const Claim* cl, size_t x) { return cl->span.begin + kMaxClaimBytes < x; });
  for (auto it = from; it != cues.claims.end() && (*it)->span.begin < span.end; ++it) {
    const Claim& cl = **it;
    if (span.begin >= cl.span.end) continue;
    ruled = true;
    add("rule", cl.type);
    add("rulek", cl.type + "|" + c.kind);
    if (!cl.when.empty()) add("rule", "when");
    if (cl.additive) add("rule", "additive");
  }
  if (!ruled) add("rule", "none");
  // Whether the article, its headline and this sentence say people died or were hurt.
  const unsigned sentence = cues.sentence[c.sentence];
  add("doc", kCueKinds[cues.doc]);
  add("head", kCueKinds[cues.headline]);
  add("sent", kCueKinds[sentence]);
  add("kdoc", c.kind + "|" + std::string(kCueKinds[cues.doc]) + "|" + std::string(kCueKinds[sentence]));
  return f;
}

}  // namespace

std::vector<std::vector<uint64_t>> CountFeatures(const SegmentedText& seg,
                                                 const std::vector<CountCandidate>& candidates,
                                                 const std::vector<Claim>& claims) {
  DocumentCues cues;
  cues.doc = CuesIn(seg.tokens, 0, seg.tokens.size());
  for (const Sentence& h : seg.sentences) {
    if (h.headline) cues.headline |= CuesIn(seg.tokens, h.first_token, h.end_token);
  }
  for (const CountCandidate& c : candidates) {
    Figure& f = cues.figures[{c.kind, c.value}];
    ++f.mentions;
    f.headlines += seg.sentences[c.sentence].headline;
  }
  const std::vector<Token>& toks = seg.tokens;
  for (const Sentence& st : seg.sentences) {
    cues.sentence.push_back(CuesIn(toks, st.first_token, st.end_token));
    std::vector<uint64_t>& scope = cues.scope.emplace_back();
    for (size_t k = st.first_token; k < st.end_token; ++k) {
      if (toks[k].kind == TokenKind::kNumber && toks[k].lower.size() == 4 &&
          (toks[k].lower.starts_with("19") || toks[k].lower.starts_with("20"))) scope.push_back(Fnv1a("s", "year"));
      else if (CountScope().Contains(toks[k].lower)) scope.push_back(Fnv1a("sw", toks[k].lower));
    }
  }
  for (const Claim& c : claims) cues.claims.push_back(&c);
  std::stable_sort(cues.claims.begin(), cues.claims.end(),
                   [](const Claim* x, const Claim* y) { return x->span.begin < y->span.begin; });
  std::vector<std::vector<uint64_t>> out;
  out.reserve(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) out.push_back(FeaturesOf(seg, candidates, i, cues));
  return out;
}

Result<CountModel> CountModel::Parse(std::string_view bytes, std::string_view origin) {
  CountModel m;
  size_t pos = bytes.find('\n');
  if (bytes.substr(0, pos) != kHeader) {
    return Status::Error(std::string(origin) + ": not a counts model (expected the header \"" +
                         std::string(kHeader) + "\"); rebuild it with `make train-claims`");
  }
  size_t line = 1;
  while (pos != std::string_view::npos && pos + 1 < bytes.size()) {
    const size_t start = pos + 1;
    pos = bytes.find('\n', start);
    std::string_view l = bytes.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start);
    ++line;
    if (l.empty()) continue;
    auto bad = [&] { return Status::Error(std::string(origin) + ":" + std::to_string(line) + ": malformed weight row"); };
    uint64_t h = 0;
    const char* p = l.data();
    const char* end = l.data() + l.size();
    auto r = std::from_chars(p, end, h, 16);
    if (r.ec != std::errc()) return bad();
    p = r.ptr;
    std::array<float, kCountRoles> w{};
    for (float& x : w) {
      if (p == end || *p != ' ') return bad();
      ++p;
      auto rr = std::from_chars(p, end, x);
      if (rr.ec != std::errc() || !std::isfinite(x)) return bad();
      p = rr.ptr;
    }
    if (p != end) return bad();
    m.rows_.emplace_back(h, w);
  }
  std::sort(m.rows_.begin(), m.rows_.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  for (size_t i = 1; i < m.rows_.size(); ++i) {
    if (m.rows_[i].first == m.rows_[i - 1].first) {
      return Status::Error(std::string(origin) + ": feature " + std::to_string(m.rows_[i].first) + " twice");
    }
  }
  return m;
}

Result<const CountModel*> CountModel::Default() {
  static const Result<CountModel> model = []() -> Result<CountModel> {
    std::string_view bytes = FindResource("counts.model");
    if (bytes.empty()) return Status::Error("this crosscheck was built without data/models/counts.model");
    return Parse(bytes, "embedded data/models/counts.model");
  }();
  if (!model.ok()) return model.status();
  return &model.value();
}

std::array<float, kCountRoles> CountModel::Scores(const std::vector<uint64_t>& features) const {
  std::array<float, kCountRoles> s{};
  for (uint64_t h : features) {
    auto it = std::lower_bound(rows_.begin(), rows_.end(), h, [](const auto& row, uint64_t x) { return row.first < x; });
    if (it == rows_.end() || it->first != h) continue;
    for (size_t r = 0; r < kCountRoles; ++r) s[r] += it->second[r];
  }
  return s;
}

CountRole CountModel::Role(const std::vector<uint64_t>& features) const {
  std::array<float, kCountRoles> s = Scores(features);
  size_t best = static_cast<size_t>(CountRole::kOther);  // ties go to "other"
  for (size_t r = 0; r < kCountRoles; ++r) {
    if (s[r] > s[best]) best = r;
  }
  return static_cast<CountRole>(best);
}

void CountModel::Set(uint64_t feature, const std::array<float, kCountRoles>& weights) {
  auto it = std::lower_bound(rows_.begin(), rows_.end(), feature,
                             [](const auto& row, uint64_t x) { return row.first < x; });
  const bool zero = std::all_of(weights.begin(), weights.end(), [](float w) { return w == 0; });
  if (it != rows_.end() && it->first == feature) {
    if (zero) rows_.erase(it);
    else it->second = weights;
  } else if (!zero) {
    rows_.emplace(it, feature, weights);
  }
}

std::string CountModel::Serialize() const {
  std::string out(kHeader);
  out += '\n';
  char buf[160];
  for (const auto& [h, w] : rows_) {
    int n = std::snprintf(buf, sizeof buf, "%llx %.5g %.5g %.5g %.5g %.5g\n", static_cast<unsigned long long>(h),
                          w[0], w[1], w[2], w[3], w[4]);
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

CountTotals DecodeTotals(const std::vector<CountCandidate>& candidates, const std::vector<CountRole>& roles) {
  CountTotals t;
  double shot = 0;
  std::optional<size_t> shot_at;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const double v = candidates[i].value;
    switch (roles[i]) {
      case CountRole::kKilled: t.killed = std::max(t.killed, v); break;
      case CountRole::kWounded: t.wounded = std::max(t.wounded, v); break;
      case CountRole::kShot:
        if (v > shot) { shot = v; shot_at = i; }
        break;
      case CountRole::kDetained: t.detained = std::max(t.detained, v); break;
      case CountRole::kOther: break;
    }
  }
  if (shot > t.killed + t.wounded) {
    t.wounded = shot - t.killed;
    t.wounded_from_shot = shot_at;
  }
  return t;
}

}  // namespace crosscheck

namespace crosscheck {

namespace {

Span SpanOf(const SegmentedText& seg, const CountCandidate& c) {
  return {seg.tokens[c.first_token].span.begin, seg.tokens[c.end_token - 1].span.end};
}

bool Overlaps(Span x, Span y) { return x.begin < y.end && y.begin < x.end; }

// A claim the rules missed: the candidate's words, its sentence's attribution.
Claim NewClaim(const Document& doc, const SegmentedText& seg, const People& people, const CountCandidate& c,
               CountRole role) {
  const Sentence& s = seg.sentences[c.sentence];
  Claim out;
  out.doc = doc.id;
  out.type = std::string(CountRoleName(role));
  out.quantity = c.quantity;
  out.category = "person";
  out.in_headline = s.headline;
  out.sentence = s.span;
  out.span = SpanOf(seg, c);
  if (c.kind != "number") out.subject = std::string(out.span.Of(doc.text));
  out.one_person = c.kind == "implicit" || c.kind == "named" || c.kind == "pronoun";
  out.modality = "reported";
  const Attribution* attr = nullptr;
  std::vector<Attribution> attributions = FindAttributions(doc.text, seg, s, people);
  for (const Attribution& at : attributions) {
    if (at.cue_token < c.first_token) attr = &at;
  }
  if (!attr) {
    for (const Attribution& at : attributions) {
      if (at.cue_token >= c.end_token) { attr = &at; break; }
    }
  }
  if (attr) { out.source = attr->source; out.modality = attr->modality; }
  return out;
}

}  // namespace

namespace {

// A claim SplitFatally made: the wounded part ("shot, not fatally") or the
// killed part, whose words end in "fatally".
bool SplitByFatally(std::string_view text, const Claim& c) {
  if (c.quantity.qualifier == "shot, not fatally") return true;
  constexpr std::string_view kFatally = "fatally";
  return c.type == "killed" && c.span.end <= text.size() && c.span.end >= c.span.begin + kFatally.size() &&
         text.substr(c.span.end - kFatally.size(), kFatally.size()) == kFatally;
}

}  // namespace

std::vector<Claim> ApplyCountModel(const Document& doc, const SegmentedText& seg, const People& people,
                                   std::vector<Claim> claims, const CountModel& model) {
  const std::vector<CountCandidate> candidates = FindCountCandidates(doc.text, seg, claims);
  if (candidates.empty()) return claims;
  std::vector<CountRole> roles;
  roles.reserve(candidates.size());
  for (const std::vector<uint64_t>& f : CountFeatures(seg, candidates, claims)) roles.push_back(model.Role(f));
  std::vector<Span> spans;  // of the candidates, sorted by begin like them
  spans.reserve(candidates.size());
  for (const CountCandidate& c : candidates) spans.push_back(SpanOf(seg, c));
  // Candidates overlapping `span`: they start less than a sentence before it.
  auto overlapping = [&](Span span, auto&& visit) {
    auto it = std::lower_bound(spans.begin(), spans.end(), span.begin,
                               [](Span x, size_t at) { return x.begin + kMaxClaimBytes < at; });
    for (; it != spans.end() && it->begin < span.end; ++it) {
      if (Overlaps(*it, span)) visit(static_cast<size_t>(it - spans.begin()));
    }
  };
  std::vector<bool> used(candidates.size(), false);
  std::vector<Claim> out;
  out.reserve(claims.size() + candidates.size());
  // Detentions stay the rules' (see counts.h): the role only keeps a
  // detention from being read as a casualty.
  for (CountRole& r : roles) {
    if (r == CountRole::kDetained) r = CountRole::kOther;
  }
  for (Claim& c : claims) {
    if (!IsCounted(c) || c.type == "detained") { out.push_back(std::move(c)); continue; }
    // The role and figure the model gives the claim's words: the rules' own
    // figure (a "rule" candidate spans the whole claim) before the first
    // candidate inside it that has a role. None has one: not a count of people.
    bool seen = false;
    std::optional<CountRole> role;
    Quantity figure;
    overlapping(c.span, [&](size_t i) {
      seen = true;
      used[i] = true;
      const bool whole = candidates[i].kind == "rule";
      if ((!role || whole) && roles[i] != CountRole::kOther) { role = roles[i]; figure = candidates[i].quantity; }
    });
    // Where the rules are exact the model has no say: "four people were
    // shot, one fatally" is 1 killed and 3 wounded (claims.cc, SplitFatally).
    if (SplitByFatally(doc.text, c)) { out.push_back(std::move(c)); continue; }
    // No candidate lies in a vague claim ("several insurgents were killed"):
    // the model has no figure to read there, so the rules' reading stands
    // (ISAF counts "several" as 3). A claim whose candidates the model all
    // calls other (an age, a time) is dropped.
    if (!seen) { out.push_back(std::move(c)); continue; }
    if (!role) continue;
    c.type = std::string(CountRoleName(*role));
    if (!c.quantity.value || *c.quantity.value != *figure.value) c.one_person = false;
    c.quantity = figure;
    out.push_back(std::move(c));
  }
  // Candidates the rules missed; overlapping ones ("a 6-year-old boy" and its
  // 6) give one claim, as do those inside a claim kept above.
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (used[i] || roles[i] == CountRole::kOther) continue;
    overlapping(spans[i], [&](size_t j) { used[j] = true; });
    out.push_back(NewClaim(doc, seg, people, candidates[i], roles[i]));
  }
  const CountTotals totals = DecodeTotals(candidates, roles);
  if (totals.wounded_from_shot) {
    Claim w = NewClaim(doc, seg, people, candidates[*totals.wounded_from_shot], CountRole::kWounded);
    w.quantity = Exactly(totals.wounded);
    w.quantity.qualifier = "shot, not killed";
    out.push_back(std::move(w));
  }
  std::stable_sort(out.begin(), out.end(), [](const Claim& x, const Claim& y) { return x.span.begin < y.span.begin; });
  return out;
}

}  // namespace crosscheck
