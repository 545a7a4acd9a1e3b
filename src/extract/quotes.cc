#include "extract/quotes.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <numeric>
#include <optional>
#include <set>
#include <unordered_map>

#include "base/lexicon.h"

namespace crosscheck {

namespace {

// "open", "close", "either" or empty: what a token does as a quote mark.
std::string MarkRole(const Token& t) {
  static const Lexicon& marks = Lexicon::Get("quotes.tsv");
  if (t.kind != TokenKind::kPunct) return {};
  const Lexicon::Row* r = marks.Find(t.lower);
  return r && !r->empty() ? (*r)[0] : std::string();
}

class DocQuotes {
 public:
  DocQuotes(const Document& doc, const SegmentedText& seg, const People& people)
      : doc_(doc), text_(doc.text), seg_(seg), toks_(seg.tokens), people_(people) {}

  std::vector<Quote> Run() {
    std::optional<size_t> open;  // token of the pending opening mark
    size_t paragraph = 0;
    size_t last_tok = 0;
    for (const Sentence& s : seg_.sentences) {
      if (s.paragraph != paragraph) {
        if (open) Emit(*open, last_tok + 1, /*closed=*/false);
        open.reset();
        paragraph = s.paragraph;
      }
      for (size_t k = s.first_token; k < s.end_token; ++k) {
        std::string role = MarkRole(toks_[k]);
        if (role.empty()) continue;
        if (!open && role != "close") open = k;
        else if (open && role != "open") { Emit(*open, k, /*closed=*/true); open.reset(); }
      }
      if (s.end_token > s.first_token) last_tok = s.end_token - 1;
    }
    if (open) Emit(*open, last_tok + 1, false);
    return std::move(quotes_);
  }

 private:
  const Sentence* SentenceOf(size_t tok) const {
    auto it = std::upper_bound(seg_.sentences.begin(), seg_.sentences.end(), tok,
                               [](size_t t, const Sentence& s) { return t < s.end_token; });
    return it == seg_.sentences.end() ? nullptr : &*it;
  }

  // The quotation between the mark at token `open` and token `close` (the
  // closing mark, or one past the paragraph's last token when left open).
  void Emit(size_t open, size_t close, bool closed) {
    if (close <= open + 1) return;
    size_t begin = toks_[open].span.end;
    size_t end = closed ? toks_[close].span.begin : toks_[close - 1].span.end;
    const Sentence* first = SentenceOf(open);
    const Sentence* last = SentenceOf(closed ? close : close - 1);
    if (!first || !last) return;
    Quote q;
    q.doc = doc_.id;
    q.partial = open != first->first_token;
    Trim(begin, end, q.partial);
    if (end <= begin) return;
    q.span = {begin, end};
    q.text = std::string(q.span.Of(text_));
    ResolveSpeaker(q, open, close, *first, *last);
    if (q.speaker.empty() && !q.partial && !quotes_.empty() && quotes_.back().doc == q.doc &&
        SentenceOf(last_open_)->paragraph == first->paragraph) {
      // A second quoted sentence continues the speaker of the first.
      const Quote& prev = quotes_.back();
      q.speaker = prev.speaker;
      q.speaker_span = prev.speaker_span;
      q.cue = prev.cue;
    }
    last_open_ = open;
    quotes_.push_back(std::move(q));
  }

  // Drops surrounding spaces and a trailing comma; a fragment's final period
  // belongs to the reporter's sentence ("… “successful operations.”").
  void Trim(size_t& begin, size_t& end, bool partial) const {
    auto space = [&](size_t i) { return std::isspace(static_cast<unsigned char>(text_[i])) != 0; };
    while (begin < end && space(begin)) ++begin;
    while (end > begin && (space(end - 1) || text_[end - 1] == ',' || (partial && text_[end - 1] == '.'))) --end;
  }

  void ResolveSpeaker(Quote& q, size_t open, size_t close, const Sentence& first, const Sentence& last) {
    std::vector<Attribution> after = FindAttributions(text_, seg_, last, people_);
    const Attribution* pick = nullptr;
    for (const Attribution& a : after) {  // "…,” Mujahid said" / "…,” said Ayesha Siddiqa"
      if (a.cue_token > close && a.cue_token <= close + 5) { pick = &a; break; }
    }
    std::vector<Attribution> before = &first == &last ? after : FindAttributions(text_, seg_, first, people_);
    if (!pick) {
      for (const Attribution& a : before) {  // "X said … “…”"
        if (a.cue_token < open) pick = &a;
      }
    }
    if (!pick && !after.empty() && after.front().cue_token > close) pick = &after.front();
    if (pick) {
      q.speaker = pick->source.name;
      q.speaker_span = pick->source.span;
      q.cue = toks_[pick->cue_token].lower == "according" ? "according to" : std::string(toks_[pick->cue_token].span.Of(text_));
      return;
    }
    // No cue: the person named last before the quote in its sentence.
    const Person* p = people_.LastBefore(toks_[open].span.begin);
    if (!p) return;
    for (size_t m : p->mentions) {
      if (m >= first.span.begin && m < toks_[open].span.begin) {
        q.speaker = p->name;
        q.speaker_span = {m, m + MentionLength(m)};
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
  std::vector<Quote> quotes_;
  size_t last_open_ = 0;
};

// Lower-case ASCII words of a quotation: the unit that small edits and
// partial reuse are measured in.
std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string w;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char u = static_cast<unsigned char>(s[i]);
    bool curly_apostrophe = s.compare(i, 3, "\xE2\x80\x99") == 0;  // nation’s = nation's
    if (curly_apostrophe) i += 2;
    if (!curly_apostrophe && (std::isalnum(u) || u >= 0x80)) {
      w += static_cast<char>(std::tolower(u));
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

// Word trigrams (the whole quotation when shorter), hashed.
std::vector<size_t> Shingles(const std::vector<std::string>& words) {
  std::set<size_t> out;
  std::hash<std::string> h;
  if (words.size() < 3) {
    std::string all;
    for (const std::string& w : words) all += w + ' ';
    if (!all.empty()) out.insert(h(all));
  }
  for (size_t i = 0; i + 3 <= words.size(); ++i) out.insert(h(words[i] + ' ' + words[i + 1] + ' ' + words[i + 2]));
  return {out.begin(), out.end()};
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
  std::vector<std::vector<size_t>> shingles(n);
  std::unordered_map<size_t, std::vector<size_t>> posting;
  for (size_t i = 0; i < n; ++i) {
    shingles[i] = Shingles(Words(quotes[i].text));
    for (size_t h : shingles[i]) posting[h].push_back(i);
  }
  std::vector<size_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  for (size_t i = 0; i < n; ++i) {
    std::unordered_map<size_t, size_t> shared;  // other quotation -> shared trigrams
    for (size_t h : shingles[i]) {
      const std::vector<size_t>& p = posting[h];
      if (p.size() > kMaxPosting) continue;
      for (size_t j : p) {
        if (j > i) ++shared[j];
      }
    }
    for (auto [j, count] : shared) {
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
  for (size_t i = 0; i < n; ++i) {
    auto [it, fresh] = group_of_root.emplace(Find(parent, i), groups.size());
    if (fresh) groups.push_back({"g" + std::to_string(groups.size() + 1), {}, {}, {}, false});
    QuoteGroup& g = groups[it->second];
    g.quotes.push_back(i);
    if (std::find(g.docs.begin(), g.docs.end(), quotes[i].doc) == g.docs.end()) g.docs.push_back(quotes[i].doc);
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
