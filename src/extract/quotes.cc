#include "extract/quotes.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <numeric>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include "base/lexicon.h"
#include "text/word_lists.h"

namespace crosscheck {

namespace {

// A quote mark: one token, or two for '' (two apostrophes written for a double mark).
struct Mark {
  size_t first = 0;         // token index
  size_t last = 0;          // token index, inclusive
  std::string role;         // open | close | either (data/lexicon/quotes.tsv)
  bool single = false;      // ‘ ’ ' style: inside a double quotation it is nested
  bool apostrophe = false;  // also an apostrophe: opens at a word's start, closes at its end
};

// The quote mark that starts at token k (tokens before `end` only), if any.
std::optional<Mark> MarkAt(const std::vector<Token>& toks, size_t k, size_t end) {
  const Token& t = toks[k];
  if (t.kind != TokenKind::kPunct) return std::nullopt;
  Mark m;
  m.first = m.last = k;
  const Lexicon::Row* r = nullptr;
  if (t.lower == "'" && k + 1 < end && toks[k + 1].lower == "'" && toks[k + 1].span.begin == t.span.end) {
    r = LexiconOf(WordList::kQuoteMarks).Find("''");
    m.last = k + 1;
  } else {
    r = FindInList(t, WordList::kQuoteMarks);
  }
  if (!r || r->size() < 2) return std::nullopt;
  m.role = (*r)[0];
  m.single = (*r)[1] == "single";
  m.apostrophe = r->size() > 2 && (*r)[2] == "apostrophe";
  return m;
}

// A quotation between marks, before its speaker is known.
struct Pending {
  size_t open = 0;         // first token of the opening mark
  size_t close = 0;        // first token of the closing mark, or one past the paragraph's last token
  size_t after = 0;        // first token after the closing mark
  bool closed = false;
  bool continues = false;  // reopens the quotation left open at the previous paragraph's end
  size_t first_sentence = 0, last_sentence = 0;
};

// What the speaker rests on, for the passes that pass speakers on.
enum class Basis { kNone, kCue, kInherited };

struct Found {
  Quote quote;
  Pending at;
  Basis basis = Basis::kNone;
  std::string kind;  // person | organization, of the speaker
};

class DocQuotes {
 public:
  DocQuotes(const Document& doc, const SegmentedText& seg, const People& people)
      : doc_(doc), text_(doc.text), seg_(seg), toks_(seg.tokens), people_(people),
        cues_(seg.sentences.size()) {}

  std::vector<Quote> Run() {
    Pair();
    if (found_.empty()) return {};
    ReadSpeakers();
    for (Found& f : found_) Direct(f);
    ShareWithinQuotation();
    FromIntroducingSentence();
    ForwardInParagraph();
    FromPreviousParagraph();
    ForwardInParagraph();
    for (Found& f : found_) Fallback(f);
    std::vector<Quote> out;
    out.reserve(found_.size());
    for (Found& f : found_) out.push_back(std::move(f.quote));
    return out;
  }

 private:
  // ---- Pairing marks -------------------------------------------------------

  void Pair() {
    const auto& ss = seg_.sentences;
    for (size_t i = 0; i < ss.size();) {
      size_t j = i;
      while (j < ss.size() && ss[j].paragraph == ss[i].paragraph) ++j;
      PairParagraph(ss[i].first_token, ss[j - 1].end_token);
      i = j;
    }
  }

  // Marks of one paragraph, tokens [begin, end). A quotation left open at the
  // end is kept (news style reopens it in the next paragraph), unless an
  // apostrophe opened it.
  void PairParagraph(size_t begin, size_t end) {
    carried_ = left_open_;
    left_open_.reset();
    std::optional<Mark> open;
    size_t nested = 0;  // “…“hell”…” typed with one style: open marks inside, not yet closed
    for (size_t k = begin; k < end; ++k) {
      std::optional<Mark> m = MarkAt(toks_, k, end);
      if (!m) continue;
      k = m->last;
      FixDirection(*m);
      if (open && open->single != m->single) {
        if (!open->apostrophe || m->single) continue;  // nested: ‘…’ inside “…”
        open.reset();  // "'90s … “": the apostrophe opened no quotation
      }
      if (!open) {
        if (m->role != "close" && (!m->apostrophe || AtWordStart(*m))) open = m;
        nested = 0;
      } else if (m->role == "open") {
        nested += open->role == "open";  // only marks that tell open from close can nest
      } else if (nested > 0 && m->role == "close") {
        --nested;
      } else if (!m->apostrophe || AtWordEnd(*m)) {
        Emit(*open, m->first, m->last + 1, true, begin);
        open.reset();
      }
    }
    if (open && !open->apostrophe) {
      Emit(*open, end, end, false, begin);
      left_open_ = open->single;
    }
  }

  // A mark typed the wrong way round ("It's unusual,“ said Larry Noble"):
  // spacing tells, attached to the word before and free after, it closes.
  void FixDirection(Mark& m) const {
    bool space_after = m.last + 1 >= toks_.size() || toks_[m.last + 1].span.begin > toks_[m.last].span.end;
    bool space_before = m.first == 0 || toks_[m.first - 1].span.end < toks_[m.first].span.begin;
    if (m.role == "open" && !space_before && space_after) m.role = "close";
    else if (m.role == "close" && space_before && !space_after && !m.apostrophe) m.role = "open";
  }

  bool AtWordStart(const Mark& m) const {
    bool space_before = m.first == 0 || toks_[m.first - 1].span.end < toks_[m.first].span.begin;
    // A word, not a number: "the '90s" opens nothing.
    bool word_after = m.last + 1 < toks_.size() && toks_[m.last + 1].span.begin == toks_[m.last].span.end &&
                      toks_[m.last + 1].kind == TokenKind::kWord &&
                      !std::isdigit(static_cast<unsigned char>(text_[toks_[m.last + 1].span.begin]));
    return space_before && word_after;
  }
  bool AtWordEnd(const Mark& m) const {
    return m.first > 0 && toks_[m.first - 1].span.end == toks_[m.first].span.begin;
  }

  size_t SentenceOf(size_t tok) const {
    auto it = std::upper_bound(seg_.sentences.begin(), seg_.sentences.end(), tok,
                               [](size_t t, const Sentence& s) { return t < s.end_token; });
    return static_cast<size_t>(it - seg_.sentences.begin());
  }

  // The quotation between the opening mark and token `close` (the closing
  // mark, or one past the paragraph's last token when left open).
  void Emit(const Mark& open, size_t close, size_t after, bool closed, size_t paragraph_begin) {
    size_t inside = open.last + 1;
    if (close <= inside) return;
    Pending p{open.first, close, after, closed, false, SentenceOf(open.first), SentenceOf(close - 1)};
    if (p.first_sentence >= seg_.sentences.size()) return;
    p.continues = carried_ && *carried_ == open.single && open.first == paragraph_begin && !found_.empty() &&
                  !found_.back().at.closed;
    size_t begin = toks_[open.last].span.end;
    size_t end = closed ? toks_[close].span.begin : toks_[close - 1].span.end;
    Found f;
    f.at = p;
    f.quote.doc = doc_.id;
    f.quote.partial = open.first != seg_.sentences[p.first_sentence].first_token;
    Trim(begin, end, f.quote.partial);
    if (end <= begin) return;
    f.quote.span = {begin, end};
    f.quote.text = std::string(f.quote.span.Of(text_));
    found_.push_back(std::move(f));
  }

  // Drops surrounding spaces and a trailing comma; a fragment's final period
  // belongs to the reporter's sentence ("… “successful operations.”").
  void Trim(size_t& begin, size_t& end, bool partial) const {
    auto space = [&](size_t i) { return std::isspace(static_cast<unsigned char>(text_[i])) != 0; };
    while (begin < end && space(begin)) ++begin;
    while (end > begin && (space(end - 1) || text_[end - 1] == ',' || (partial && text_[end - 1] == '.'))) --end;
  }

  // ---- Speakers from cues ----------------------------------------------------

  const std::vector<Attribution>& CuesOf(size_t sentence) {
    std::optional<std::vector<Attribution>>& c = cues_[sentence];
    if (!c) c = FindAttributions(text_, seg_, seg_.sentences[sentence], people_, {.quotations = true});
    return *c;
  }

  // Reads every sentence's subject and cues in text order, resolving each
  // pronoun to the last fitting person or group before it, so that "he said"
  // finds "Scarborough", whom People (full names only) never listed.
  void ReadSpeakers() {
    subjects_.resize(seg_.sentences.size());
    subject_speaks_.resize(seg_.sentences.size());
    size_t quote = 0;  // the first quotation not yet passed
    for (size_t s = 0; s < seg_.sentences.size(); ++s) {
      size_t begin = seg_.sentences[s].span.begin;
      while (quote < found_.size() && found_[quote].quote.span.end <= begin) ++quote;
      // Words inside a quotation are the speaker's, not the reporter's: its
      // subjects ("Hillary has nobody like that") are nobody's antecedent.
      bool quoted = quote < found_.size() && found_[quote].quote.span.Contains(begin);
      std::optional<Source>& subject = subjects_[s];
      subject = SentenceSubject(text_, seg_, seg_.sentences[s], people_);
      if (subject) {
        bool pronoun = subject->name.empty();
        if (pronoun) subject->name = ResolvePronoun(*subject);
        if (!quoted) Remember(*subject);
        // A subject speaks for a fragment only when it is somebody who speaks.
        subject_speaks_[s] = pronoun || speakers_.count(subject->name) || people_.ByName(subject->name);
      }
      CuesOf(s);
      for (Attribution& a : *cues_[s]) {
        if (a.source.name.empty()) a.source.name = ResolvePronoun(a.source);
        Remember(a.source);
        if (!a.loose) speakers_.insert(a.source.name);
      }
    }
  }

  // `src` lives in subjects_ or cues_, which keep their elements in place.
  void Remember(const Source& src) {
    if (!src.name.empty()) salient_.push_back({src.span.end, src.name, src.kind == "person"});
  }

  // The last subject or speaker before the pronoun of the same kind (person
  // for he/she, organization for it/they), among the last few; else, for a
  // person, the last known person mentioned.
  std::string ResolvePronoun(const Source& pronoun) const {
    constexpr size_t kMaxLookBack = 32;  // bounds the work on "they said" with no group in sight
    size_t seen = 0;
    for (auto it = salient_.rbegin(); it != salient_.rend() && seen < kMaxLookBack; ++it, ++seen) {
      if (it->end <= pronoun.span.begin && it->person == (pronoun.kind == "person")) return std::string(it->name);
    }
    if (pronoun.kind != "person") return {};
    const Person* p = people_.LastBefore(pronoun.span.begin);
    return p ? p->name : std::string();
  }

  size_t PhraseBegin(const Attribution& a) const {
    return std::min(a.source.span.begin, toks_[a.cue_token].span.begin);
  }
  size_t PhraseEnd(const Attribution& a) const { return std::max(a.source.span.end, toks_[a.cue_token].span.end); }

  void Direct(Found& f) {
    const Attribution* a = AdjacentAfter(f.at);
    if (a) closing_cues_.insert(a);
    if (!a) a = Before(f.at);
    if (!a) a = LaterInSentence(f.at);
    if (a) Take(f, *a);
  }

  // Attributions are in cue order: the first whose cue is at or after token k.
  static std::vector<Attribution>::const_iterator FirstCueFrom(const std::vector<Attribution>& cues, size_t k) {
    return std::lower_bound(cues.begin(), cues.end(), k,
                            [](const Attribution& a, size_t t) { return a.cue_token < t; });
  }

  // "…,” Mujahid said", "…,” said an Iowa Democrat", "…?” Sanders said." (the
  // next sentence), "…” ― Esther Tapia": a cue whose phrase starts within a
  // few words of the closing mark, with no punctuation between but a comma or
  // dash.
  const Attribution* AdjacentAfter(const Pending& p) {
    constexpr size_t kMaxLeadWords = 4;  // "Trump senior adviser [Paul Manafort] conceded"
    constexpr size_t kMaxPhrase = 24;    // "Sanders, who … , said": cue this far past the lead at most
    if (!p.closed) return nullptr;
    size_t s = p.last_sentence;
    size_t from = p.after;  // the phrase may start here ("― Esther Tapia")
    size_t k = from;        // ... or after a comma or dash
    while (k < seg_.sentences[s].end_token && toks_[k].kind == TokenKind::kPunct && k < from + 2) ++k;
    if (k >= seg_.sentences[s].end_token) {
      if (!NextSentence(s)) return nullptr;
      from = k = seg_.sentences[++s].first_token;
    }
    size_t limit = k;
    while (limit < toks_.size() && limit < k + kMaxLeadWords && IsLead(limit, k)) ++limit;
    size_t lo = toks_[std::min(from, toks_.size() - 1)].span.begin;
    size_t hi = limit < toks_.size() ? toks_[limit].span.begin : text_.size();
    // "William M. ¶ Daley … said": the segmenter may split at an initial.
    size_t last = s;
    if (limit > seg_.sentences[s].end_token - 1 && NextInParagraph(s)) last = s + 1;
    for (size_t i = s; i <= last; ++i) {
      const std::vector<Attribution>& cues = CuesOf(i);
      for (auto it = FirstCueFrom(cues, from); it != cues.end() && it->cue_token < limit + kMaxPhrase; ++it) {
        const Attribution& a = *it;
        size_t at = PhraseBegin(a);
        if (at < lo || at > hi) continue;
        // "…” ¶ Eva-Maria Schultheis posted: “…”": that cue introduces the next quotation.
        if (i != p.last_sentence && IntroducesQuote(i, a)) return nullptr;
        return &a;
      }
    }
    return nullptr;
  }

  // The sentence after s that may carry a quotation's cue: the next in its
  // paragraph, or a next paragraph that opens with a dash ("- Hillary Clinton.").
  bool NextSentence(size_t s) const {
    if (NextInParagraph(s)) return true;
    if (s + 1 >= seg_.sentences.size()) return false;
    const Token& first = toks_[seg_.sentences[s + 1].first_token];
    return first.kind == TokenKind::kPunct && !MarkAt(toks_, seg_.sentences[s + 1].first_token, toks_.size());
  }

  bool NextInParagraph(size_t s) const {
    return s + 1 < seg_.sentences.size() && seg_.sentences[s + 1].paragraph == seg_.sentences[s].paragraph;
  }

  // A word, or the period of an abbreviation ("Mr.", "M."), after token k.
  bool IsLead(size_t i, size_t k) const {
    if (toks_[i].kind != TokenKind::kPunct) return true;
    return toks_[i].lower == "." && i > k && toks_[i - 1].capitalized && toks_[i - 1].lower.size() <= 4;
  }

  // True when a quote mark or a colon follows the cue's phrase in its sentence.
  bool IntroducesQuote(size_t sentence, const Attribution& a) const {
    const Sentence& s = seg_.sentences[sentence];
    for (size_t k = a.cue_token + 1; k < s.end_token; ++k) {
      if (toks_[k].span.begin < PhraseEnd(a)) continue;
      if (toks_[k].lower == ":" || MarkAt(toks_, k, s.end_token)) return true;
    }
    return false;
  }

  // "X said … “…”", "He told reporters: “…”", "Trump called it “a disaster”":
  // the last cue before the opening mark in its sentence.
  const Attribution* Before(const Pending& p) {
    constexpr size_t kMaxTries = 4;  // cues whose phrase runs past the mark ("said Trump “…")
    const std::vector<Attribution>& cues = CuesOf(p.first_sentence);
    auto it = FirstCueFrom(cues, p.open);
    for (size_t tries = 0; it != cues.begin() && tries < kMaxTries; ++tries) {
      --it;
      if (PhraseEnd(*it) <= toks_[p.open].span.begin) return &*it;
    }
    return nullptr;
  }

  // "“…” — that, Trump said, is the point": a plain cue later in the sentence.
  const Attribution* LaterInSentence(const Pending& p) {
    if (!p.closed) return nullptr;
    const std::vector<Attribution>& cues = CuesOf(p.last_sentence);
    auto it = FirstCueFrom(cues, p.after);
    return it != cues.end() && !it->loose ? &*it : nullptr;
  }

  void Take(Found& f, const Attribution& a) {
    const Token& cue = toks_[a.cue_token];
    f.quote.speaker = a.source.name;
    f.quote.speaker_span = a.source.span;
    f.quote.cue = cue.lower == "according" ? "according to" : std::string(cue.span.Of(text_));
    f.kind = a.source.kind;
    f.basis = f.quote.speaker.empty() ? Basis::kNone : Basis::kCue;
  }

  // ---- Speakers passed on ------------------------------------------------------

  void Inherit(Found& to, const Found& from) {
    to.quote.speaker = from.quote.speaker;
    to.quote.speaker_span = from.quote.speaker_span;
    to.quote.cue = from.quote.cue;
    to.kind = from.kind;
    to.basis = Basis::kInherited;
  }

  // A quotation over several paragraphs ("…  ¶ “…,” he said.") has one
  // speaker: parts without a cue take the nearest part's, earlier first.
  void ShareWithinQuotation() {
    // Forward: the last part with a cue; then backward: the next one.
    const Found* from = nullptr;
    for (size_t i = 0; i < found_.size(); ++i) {
      if (!found_[i].at.continues) from = nullptr;
      if (found_[i].basis == Basis::kCue) from = &found_[i];
      else if (found_[i].basis == Basis::kNone && from) Inherit(found_[i], *from);
    }
    from = nullptr;
    for (size_t i = found_.size(); i-- > 0;) {
      if (found_[i].basis == Basis::kCue) from = &found_[i];
      else if (found_[i].basis == Basis::kNone && from) Inherit(found_[i], *from);
      if (!found_[i].at.continues) from = nullptr;
    }
  }

  size_t ParagraphOf(const Found& f) const { return seg_.sentences[f.at.first_sentence].paragraph; }
  bool OpensParagraph(const Found& f) const {
    size_t s = f.at.first_sentence;
    return f.at.open == seg_.sentences[s].first_token &&
           (s == 0 || seg_.sentences[s - 1].paragraph != seg_.sentences[s].paragraph);
  }

  // "Dianne Bystrom agreed. “…”", "He said: ¶ “…”": a sentence that ends
  // with its cue (or a colon) introduces the quotation that opens the next.
  void FromIntroducingSentence() {
    constexpr size_t kMaxTailTokens = 5;  // "He told reporters on Monday:"
    for (Found& f : found_) {
      size_t s = f.at.first_sentence;
      if (f.basis != Basis::kNone || f.at.open != seg_.sentences[s].first_token || s == 0) continue;
      const Sentence& prev = seg_.sentences[s - 1];
      if (prev.paragraph + 1 < seg_.sentences[s].paragraph) continue;
      const std::vector<Attribution>& cues = CuesOf(s - 1);
      // "“…” ― Christina Luis ¶ “…”": a cue that closed a quotation introduces no other.
      if (cues.empty() || closing_cues_.count(&cues.back())) continue;
      const Attribution& a = cues.back();
      size_t tail = a.cue_token + 1;
      while (tail < prev.end_token && PhraseEnd(a) > toks_[tail].span.begin) ++tail;  // "said Trump."
      bool colon = toks_[prev.end_token - 1].lower == ":";
      bool ends = true;
      for (size_t k = tail; k < prev.end_token; ++k) ends &= toks_[k].kind == TokenKind::kPunct;
      if (ends || (colon && prev.end_token - tail <= kMaxTailTokens)) Take(f, a);
    }
  }

  // A second quotation in a paragraph continues the speaker of the first.
  void ForwardInParagraph() {
    for (size_t i = 1; i < found_.size(); ++i) {
      Found& f = found_[i];
      const Found& prev = found_[i - 1];
      if (f.basis != Basis::kNone || f.quote.partial || prev.basis == Basis::kNone) continue;
      if (ParagraphOf(prev) == ParagraphOf(f)) Inherit(f, prev);
    }
  }

  // A paragraph of nothing but quotation, after a paragraph that quoted
  // someone, goes on quoting them (“…,” Ramos said. ¶ “So I think …”).
  void FromPreviousParagraph() {
    for (size_t i = 1; i < found_.size(); ++i) {
      Found& f = found_[i];
      const Found& prev = found_[i - 1];
      if (f.basis != Basis::kNone || !OpensParagraph(f) || prev.basis == Basis::kNone) continue;
      if (ParagraphOf(prev) + 1 == ParagraphOf(f) && OnlyQuoted(i)) Inherit(f, prev);
    }
  }

  // True when the paragraph of found_[i] has no words outside quotations.
  bool OnlyQuoted(size_t i) const {
    size_t paragraph = ParagraphOf(found_[i]);
    size_t s = found_[i].at.first_sentence;
    size_t k = found_[i].at.open;
    size_t j = i;
    while (s < seg_.sentences.size() && seg_.sentences[s].paragraph == paragraph) {
      const Sentence& sent = seg_.sentences[s];
      for (k = std::max(k, sent.first_token); k < sent.end_token; ++k) {
        while (j < found_.size() && found_[j].at.after <= k && ParagraphOf(found_[j]) == paragraph) ++j;
        bool inside = j < found_.size() && ParagraphOf(found_[j]) == paragraph && k >= found_[j].at.open;
        if (!inside && toks_[k].kind != TokenKind::kPunct) return false;
      }
      ++s;
    }
    return true;
  }

  // No cue: the person named last before a fragment in its sentence
  // ("Shehbaz Sharif condemned … a “firm and fitting response.”").
  void Fallback(Found& f) {
    if (f.basis != Basis::kNone) return;
    const Sentence& first = seg_.sentences[f.at.first_sentence];
    size_t open = toks_[f.at.open].span.begin;
    // "He ended the auction description with “Si Vis Pacem Para Bellum”": the subject.
    const std::optional<Source>& subject = subjects_[f.at.first_sentence];
    if (f.quote.partial && subject_speaks_[f.at.first_sentence] && subject && !subject->name.empty() && subject->span.end <= open) {
      f.quote.speaker = subject->name;
      f.quote.speaker_span = subject->span;
      f.kind = subject->kind;
      f.basis = Basis::kInherited;
      return;
    }
    const Person* p = people_.LastBefore(open);
    if (!p) return;
    for (size_t m : p->mentions) {
      if (m >= first.span.begin && m < open) {
        f.quote.speaker = p->name;
        f.quote.speaker_span = {m, m + MentionLength(m)};
        f.basis = Basis::kInherited;
        return;
      }
    }
  }

  // Length of the capitalised words starting at byte m (the mention's text).
  size_t MentionLength(size_t m) const {
    size_t e = m;
    while (e < text_.size()) {
      size_t w = e;
      while (w < text_.size() && std::isalpha(static_cast<unsigned char>(text_[w]))) ++w;
      if (w == e || !std::isupper(static_cast<unsigned char>(text_[e]))) break;
      e = w;
      if (e + 1 < text_.size() && text_[e] == ' ' && std::isupper(static_cast<unsigned char>(text_[e + 1]))) ++e;
      else break;
    }
    return e - m;
  }

  const Document& doc_;
  std::string_view text_;
  const SegmentedText& seg_;
  const std::vector<Token>& toks_;
  const People& people_;
  std::vector<std::optional<std::vector<Attribution>>> cues_;  // per sentence, read when first needed
  std::vector<std::optional<Source>> subjects_;  // per sentence, pronouns resolved
  std::vector<bool> subject_speaks_;             // ... and somebody who speaks
  // Subjects and speakers in text order, for pronouns; names view subjects_ and cues_.
  struct Salient {
    size_t end = 0;
    std::string_view name;
    bool person = false;
  };
  std::vector<Salient> salient_;
  std::set<std::string> speakers_;  // names given by plain cues so far
  std::set<const Attribution*> closing_cues_;  // cues right after a quotation, which they close
  std::vector<Found> found_;
  std::optional<bool> left_open_;  // style (single?) of a quotation left open at this paragraph's end
  std::optional<bool> carried_;    // ... and at the previous paragraph's end
};

// splitmix64's finaliser: every bit of `x` moves every bit of the result.
uint64_t Scramble(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

uint64_t Combine(uint64_t seed, uint64_t v) { return Scramble(seed ^ (v + 0x9e3779b97f4a7c15ull + (seed << 6))); }

// The lower-case ASCII words of a quotation, as hashes: the unit that small
// edits and partial reuse are measured in. A word is a run of letters and
// digits (ASCII or any byte of a UTF-8 sequence); ’ ends one as ' does
// ("nation’s" is "nation", "s" as "nation's" is).
std::vector<uint64_t> WordHashes(std::string_view s) {
  std::vector<uint64_t> out;
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a over the word's lower-case bytes
  size_t length = 0;
  auto end_word = [&] {
    if (length > 0) out.push_back(Scramble(h ^ length));
    h = 0xcbf29ce484222325ull;
    length = 0;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char u = static_cast<unsigned char>(s[i]);
    if (s.compare(i, 3, "\xE2\x80\x99") == 0) {
      i += 2;
      end_word();
    } else if (std::isalnum(u) || u >= 0x80) {
      h = (h ^ static_cast<unsigned char>(std::tolower(u))) * 0x100000001b3ull;
      ++length;
    } else {
      end_word();
    }
  }
  end_word();
  return out;
}

// Word trigrams (the whole quotation when shorter), hashed, sorted, distinct.
std::vector<uint64_t> Shingles(const std::vector<uint64_t>& words) {
  std::vector<uint64_t> out;
  if (!words.empty() && words.size() < 3) {
    uint64_t all = 0x5851f42d4c957f2dull;  // apart from every trigram's seed
    for (uint64_t w : words) all = Combine(all, w);
    out.push_back(all);
  }
  for (size_t i = 0; i + 3 <= words.size(); ++i) out.push_back(Combine(Combine(Combine(3, words[i]), words[i + 1]), words[i + 2]));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

size_t Find(std::vector<size_t>& parent, size_t x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

}  // namespace

std::vector<Quote> FindQuotes(const Document& doc, const SegmentedText& seg, const People& people) {
  return DocQuotes(doc, seg, people).Run();
}

std::vector<QuoteGroup> GroupQuotes(const std::vector<Quote>& quotes, const std::vector<Document>& docs) {
  // A trigram shared by more quotations than this is a stock phrase, not reuse.
  constexpr size_t kMaxPosting = 1000;
  // Share of the shorter quotation's trigrams found in the longer one.
  constexpr double kMinContainment = 0.8;
  const size_t n = quotes.size();
  std::vector<std::vector<uint64_t>> shingles(n);
  // (trigram, quotation) for every trigram of every quotation, sorted: a
  // trigram's postings are a run, its quotations in ascending order.
  std::vector<std::pair<uint64_t, size_t>> posting;
  for (size_t i = 0; i < n; ++i) {
    shingles[i] = Shingles(WordHashes(quotes[i].text));
    for (uint64_t h : shingles[i]) posting.emplace_back(h, i);
  }
  std::sort(posting.begin(), posting.end());
  std::vector<size_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  // Trigrams each later quotation shares with quotation i, counted in a dense
  // array (reset through `touched`), not a map per quotation. Only which
  // pairs are joined matters, not the order they are joined in.
  std::vector<size_t> shared(n, 0);
  std::vector<size_t> touched;
  for (size_t i = 0; i < n; ++i) {
    touched.clear();
    for (uint64_t h : shingles[i]) {
      const auto first = std::lower_bound(posting.begin(), posting.end(), std::pair<uint64_t, size_t>(h, 0));
      const auto last = std::upper_bound(first, posting.end(), std::pair<uint64_t, size_t>(h, SIZE_MAX));
      if (static_cast<size_t>(last - first) > kMaxPosting) continue;
      // Only the quotations after i.
      for (auto j = std::upper_bound(first, last, std::pair<uint64_t, size_t>(h, i)); j != last; ++j) {
        if (shared[j->second]++ == 0) touched.push_back(j->second);
      }
    }
    for (size_t j : touched) {
      size_t count = std::exchange(shared[j], 0);
      size_t shorter = std::min(shingles[i].size(), shingles[j].size());
      bool same_speaker = quotes[i].speaker.empty() || quotes[j].speaker.empty() || quotes[i].speaker == quotes[j].speaker;
      if (same_speaker && count >= kMinContainment * shorter) parent[Find(parent, j)] = Find(parent, i);
    }
  }
  std::unordered_map<std::string, const Document*> doc_by_id;
  std::unordered_map<std::string, size_t> doc_order;
  for (size_t i = 0; i < docs.size(); ++i) {
    doc_by_id[docs[i].id] = &docs[i];
    doc_order[docs[i].id] = i;
  }
  std::unordered_map<size_t, size_t> group_of_root;
  std::vector<QuoteGroup> groups;
  // (group, document) pairs seen: a quotation carried by every report would
  // make a scan of g.docs quadratic.
  std::set<std::pair<size_t, std::string_view>> in_group;
  for (size_t i = 0; i < n; ++i) {
    auto [it, fresh] = group_of_root.emplace(Find(parent, i), groups.size());
    if (fresh) groups.push_back({"g" + std::to_string(groups.size() + 1), {}, {}, {}, false});
    QuoteGroup& g = groups[it->second];
    g.quotes.push_back(i);
    if (in_group.emplace(it->second, quotes[i].doc).second) g.docs.push_back(quotes[i].doc);
  }
  for (QuoteGroup& g : groups) {
    std::sort(g.docs.begin(), g.docs.end(), [&](const std::string& a, const std::string& b) {
      return doc_order[a] < doc_order[b];
    });
    g.single_source = g.docs.size() == 1;
    std::string best;
    for (const std::string& d : g.docs) {
      auto it = doc_by_id.find(d);
      const std::string& when = it == doc_by_id.end() ? std::string() : it->second->published;
      if (!when.empty() && (best.empty() || when < best)) { best = when; g.earliest = d; }
    }
  }
  return groups;
}

}  // namespace crosscheck
