// Terminal and Markdown reports. Both walk the same outline (stories, slots,
// values, separate events, quotes, entities, claims by document); only the markup differs.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>

#include "report/report.h"

namespace crosscheck {

namespace {

std::string Num(double v) {
  if (v == std::floor(v)) return fmt::format("{:.0f}", v);  // no cast: sums may pass 2^63
  return fmt::format("{:.2f}", v);
}

// Text from the input, safe to print: control characters (an ESC would start
// a terminal escape sequence) become a space (tab, CR, VT, FF) or U+FFFD.
std::string Shown(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool c1 = c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
              static_cast<unsigned char>(s[i + 1]) <= 0x9F;
    if (c == '\t' || c == '\r' || c == '\v' || c == '\f') {
      out += ' ';
    } else if (c < 0x20 || c == 0x7F || c1) {
      out += "\xEF\xBF\xBD";
      i += c1;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string Interval(const Quantity& q) {
  if (q.value && !q.vague) {
    std::string prefix = q.qualifier.empty() ? "" : q.qualifier + " ";
    return prefix + Num(*q.value) + (q.unit.empty() ? "" : " " + q.unit);
  }
  std::string hi = q.high ? Num(*q.high) : "";
  if (!q.qualifier.empty() && q.vague) return q.qualifier + " (" + Num(q.low) + "–" + hi + ")";
  return Num(q.low) + "–" + hi;
}

// "40–90+ (best 61)": a trailing + when the high is itself a lower bound.
std::string EstimateText(const Estimate& e) {
  std::string open = e.high_open ? "+" : "";
  std::string range = e.high && *e.high == e.low ? Num(e.low) + open
                                                 : Num(e.low) + "–" + (e.high ? Num(*e.high) + open : "");
  return range + " (best " + Num(e.best) + ")";
}

std::string Plural(size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// Markdown that would make markup, a link or HTML out of text from the
// input ("**", "[x](y)", "<img onerror=…>", "&lt;") is backslash-escaped:
// CommonMark shows an escaped ASCII punctuation character as itself. Text
// from the input never starts a line (and holds no line break after
// Shown()), so the characters that matter only there (#, -, +, 1.) stay.
std::string EscapeMarkdown(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (std::string_view("\\`*_[]<>&|~").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

struct Style {
  bool markdown = false;
  bool color = false;
  // Text from the input, safe to print in this style.
  std::string Text(std::string_view s) const { return markdown ? EscapeMarkdown(Shown(s)) : Shown(s); }
  std::string Bold(const std::string& s) const {
    if (markdown) return "**" + s + "**";
    return color ? "\x1b[1m" + s + "\x1b[0m" : s;
  }
  // The slot's status; a conflict of lower bounds alone says so.
  std::string Status(const std::string& s, const std::string& kind = "") const {
    if (kind == "lower-bounds") return Status(s) + " (all lower bounds)";
    std::string label = Upper(s);
    if (markdown) return s == "conflict" ? "**⚠ CONFLICT**" : label;
    if (s == "conflict") label = "⚠ CONFLICT";
    if (!color) return label;
    const char* c = s == "conflict" ? "\x1b[1;31m" : s == "agree" ? "\x1b[32m" : "\x1b[33m";
    return c + label + "\x1b[0m";
  }
};

std::string SlotTitle(const Slot& s, const Style& st) {
  std::string who = s.type == "length" ? s.unit : (s.subject_side.empty() ? "side unknown" : s.subject_side);
  return Upper(s.type) + " · " + st.Text(who) + (s.subject.empty() ? "" : " (" + st.Text(s.subject) + ")");
}

std::string ValueLine(const Value& v, const std::vector<Claim>& claims, const Style& st) {
  std::string text = Interval(v.quantity);
  if (v.reported.size() > 1) {
    std::vector<std::string> r;
    for (double x : v.reported) r.push_back(Num(x));
    text += " (reported as " + Join(r, ", ") + ")";
  }
  if (!v.derived_from.empty()) text += " = " + v.derived_from;
  if (v.superseded) text = "superseded: " + text;
  std::vector<std::string> ids;
  for (size_t i : v.claims) ids.push_back(claims[i].id);
  return fmt::format("{} · {} · {} independent · {}: {} [{}] ({})", text, Plural(v.docs.size(), "report"),
                     v.independent, Plural(v.original_sources.size(), "original source"),
                     st.Text(Join(v.original_sources, "; ")), Join(v.modalities, ", "), Join(ids, " "));
}

void RenderStory(const Story& story, const Analysis& a, const Style& st, std::string& out) {
  std::set<std::string> sources;
  for (const Slot& s : story.slots) {
    for (const Value& v : s.values) sources.insert(v.original_sources.begin(), v.original_sources.end());
  }
  std::string head = fmt::format("Story {} · {} · {}", story.id, Plural(story.docs.size(), "report"),
                                 Plural(sources.size(), "original source"));
  out += st.markdown ? "## " + head + "\n\n" : st.Bold(head) + "\n";
  for (const Slot& s : story.slots) {
    std::string line = fmt::format("{} — {} — estimate {}", st.Bold(SlotTitle(s, st)),
                                   st.Status(s.status, s.conflict_kind), EstimateText(s.estimate));
    out += st.markdown ? "- " + line + "\n" : "  " + line + "\n";
    for (const Value& v : s.values) out += (st.markdown ? "  - " : "      ") + ValueLine(v, a.claims, st) + "\n";
    for (const Revision& r : s.revisions) {
      std::vector<std::string> steps;
      for (const RevisionStep& step : r.history) {
        std::string when = step.published.empty() ? "" : ", " + st.Text(step.published);
        steps.push_back(Interval(step.quantity) + " (" + st.Text(step.doc) + when + ")");
      }
      out += fmt::format("{}figures of {} by report: {}\n", st.markdown ? "  - " : "      ", st.Text(r.source),
                         Join(steps, " → "));
    }
  }
  if (!story.totals.empty()) {
    std::vector<std::string> t;
    for (const auto& [type, e] : story.totals) t.push_back(type + " " + EstimateText(e));
    out += (st.markdown ? "\n**Totals:** " : "  Totals: ") + Join(t, " · ") + "\n";
  }
  for (const SeparateEvent& e : story.separate_events) {
    const Claim& c = a.claims[e.claim];
    out += fmt::format("{}Separate event: {} {} {} ({}{}) in {} — not counted in this story\n",
                       st.markdown ? "- " : "  ", c.id, c.type, Interval(c.quantity), st.Text(e.reason),
                       c.where.empty() ? "" : ", " + st.Text(c.where), st.Text(c.doc));
  }
  out += "\n";
}

void RenderClaims(const Analysis& a, const Style& st, std::string& out) {
  out += st.markdown ? "## Claims by report\n\n" : st.Bold("Claims by report") + "\n";
  size_t ci = 0;
  for (size_t d = 0; d < a.documents.size(); ++d) {
    const Document& doc = a.documents[d];
    const CleanDocument& clean = a.cleaned[d];
    std::string head = st.Text(doc.id) + (clean.outlet.empty() ? "" : " · " + st.Text(clean.outlet));
    if (clean.headline) head += " · “" + st.Text(clean.headline->Of(doc.text)) + "”";
    out += st.markdown ? "### " + head + "\n\n" : "  " + st.Bold(head) + "\n";
    if (!clean.removed.empty()) {
      std::vector<std::string> kinds;
      for (const Removal& r : clean.removed) kinds.push_back(r.kind);
      out += fmt::format("{}removed boilerplate: {}\n", st.markdown ? "- " : "    ", Join(kinds, ", "));
    }
    for (; ci < a.claims.size() && a.claims[ci].doc == doc.id; ++ci) {
      const Claim& c = a.claims[ci];
      std::string who = c.source.name.empty() ? "outlet's own voice" : c.source.name;
      out += fmt::format("{}{} {} {} {} [{}] ← {} ({}{}{}) “{}” [{},{})\n", st.markdown ? "- " : "    ", c.id,
                         c.type, Interval(c.quantity), st.Text(c.subject),
                         c.subject_side.empty() ? "?" : st.Text(c.subject_side), st.Text(who), c.modality,
                         c.unverified ? ", unverified" : "", c.in_headline ? ", headline" : "",
                         st.Text(c.span.Of(doc.text)), c.span.begin, c.span.end);
    }
    out += "\n";
  }
}

// One line per quotation group: the words, who said them, which reports
// carry them, and "single source" when only one does.
void RenderQuotes(const Analysis& a, const Style& st, std::string& out) {
  if (a.quote_groups.empty()) return;
  out += st.markdown ? "## Quotes\n\n" : st.Bold("Quotes") + "\n";
  for (const QuoteGroup& g : a.quote_groups) {
    const Quote* longest = &a.quotes[g.quotes.front()];
    std::string speaker;
    for (size_t i : g.quotes) {
      if (a.quotes[i].text.size() > longest->text.size()) longest = &a.quotes[i];
      if (speaker.empty()) speaker = a.quotes[i].speaker;
    }
    out += fmt::format("{}“{}” — {} · {}: {}{}\n", st.markdown ? "- " : "  ", st.Text(longest->text),
                       speaker.empty() ? "speaker unknown" : st.Text(speaker), Plural(g.docs.size(), "report"),
                       st.Text(Join(g.docs, ", ")), g.single_source ? " · single source" : "");
  }
  out += "\n";
}

// At most about `max` bytes of s, cut after a whole word (and a whole UTF-8
// character), with "…" when something was left out.
std::string Excerpt(std::string_view s, size_t max, const Style& st) {
  if (s.size() <= max) return st.Text(s);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  size_t space = s.rfind(' ', cut);
  if (space != std::string_view::npos && space > max / 2) cut = space;
  return st.Text(s.substr(0, cut)) + "…";
}

// One entry per link: who copies whom, the kind and similarity, the longest
// passage (an excerpt, with its spans in both reports) and every attribution
// drift.
void RenderLinks(const Analysis& a, const Style& st, std::string& out) {
  if (a.links.empty()) return;
  out += st.markdown ? "## Links (text reuse)\n\n" : st.Bold("Links (text reuse)") + "\n";
  const char* item = st.markdown ? "- " : "  ";
  const char* sub = st.markdown ? "  - " : "      ";
  for (const Link& l : a.links) {
    const Document& da = a.documents[l.a];
    const Document& db = a.documents[l.b];
    std::string pair = l.direction == "a->b"   ? st.Text(da.id) + " → " + st.Text(db.id) + " (copies " + st.Text(da.id) + ")"
                       : l.direction == "b->a" ? st.Text(db.id) + " → " + st.Text(da.id) + " (copies " + st.Text(db.id) + ")"
                                               : st.Text(da.id) + " ↔ " + st.Text(db.id) + " (direction unknown)";
    out += fmt::format("{}{} · {} · similarity {:.2f} · {}\n", item, st.Bold(pair), l.kind, l.similarity,
                       Plural(l.passages.size(), "passage"));
    const Passage* longest = nullptr;
    for (const Passage& p : l.passages) {
      if (!longest || p.a.end - p.a.begin > longest->a.end - longest->a.begin) longest = &p;
    }
    if (longest) {
      out += fmt::format("{}“{}” {} [{},{}) = {} [{},{})\n", sub, Excerpt(longest->a.Of(da.text), 120, st), st.Text(da.id),
                         longest->a.begin, longest->a.end, st.Text(db.id), longest->b.begin, longest->b.end);
    }
    // Drift reads along the link's direction: from the source to the copy.
    const bool reverse = l.direction == "b->a";
    for (const Drift& d : l.drift) {
      std::string from = Excerpt(reverse ? d.b.Of(db.text) : d.a.Of(da.text), 200, st);
      std::string to = Excerpt(reverse ? d.a.Of(da.text) : d.b.Of(db.text), 200, st);
      const std::string& from_source = reverse ? d.b_source : d.a_source;
      const std::string& to_source = reverse ? d.a_source : d.b_source;
      out += fmt::format("{}attribution {}: “{}” ({}) → “{}” ({})\n", sub, d.what, from,
                         from_source.empty() ? "no source" : st.Text(from_source), to,
                         to_source.empty() ? "no source" : st.Text(to_source));
    }
  }
  out += "\n";
}

// People, organisations and places, one line each, those named in most
// reports first: "Zabihullah Mujahid (also Mujahid) in 5 reports · Shehbaz
// Sharif in 3 · …". At most kMaxEntitiesPerLine each (the JSON has them all);
// MISC (demonyms, religions) is left to the JSON.
constexpr size_t kMaxEntitiesPerLine = 10;

void RenderEntities(const Analysis& a, const Style& st, std::string& out) {
  static constexpr std::pair<std::string_view, const char*> kLines[] = {
      {"PER", "People"}, {"ORG", "Organisations"}, {"LOC", "Places"}};
  std::string body;
  for (const auto& [type, label] : kLines) {
    std::vector<std::pair<size_t, const Entity*>> ranked;  // (reports, entity)
    for (const Entity& e : a.entities) {
      if (e.type != type) continue;
      std::set<std::string_view> docs;
      for (const Mention& m : e.mentions) docs.insert(m.doc);
      ranked.push_back({docs.size(), &e});
    }
    if (ranked.empty()) continue;
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    std::vector<std::string> items;
    for (size_t i = 0; i < ranked.size() && i < kMaxEntitiesPerLine; ++i) {
      const auto& [reports, e] = ranked[i];
      std::string item = st.Text(e->canonical);
      if (e->place && e->place->kind != "country") item += ", " + CountryName(e->place->country);
      if (!e->aliases.empty()) item += " (also " + st.Text(Join(e->aliases, ", ")) + ")";
      item += i == 0 ? " in " + Plural(reports, "report") : fmt::format(" in {}", reports);
      items.push_back(std::move(item));
    }
    if (ranked.size() > kMaxEntitiesPerLine) items.push_back(fmt::format("{} more", ranked.size() - kMaxEntitiesPerLine));
    body += fmt::format("{}{}: {}\n", st.markdown ? "- " : "  ", st.Bold(label), Join(items, " · "));
  }
  if (body.empty()) return;
  out += st.markdown ? "## Entities\n\n" : st.Bold("Entities") + "\n";
  out += body + "\n";
}

std::string Render(const Analysis& a, const Style& st) {
  std::string out;
  std::string title = fmt::format("crosscheck · {} · {} · {}", Plural(a.documents.size(), "report"),
                                  Plural(a.claims.size(), "claim"), Plural(a.stories.size(), "story"));
  if (a.stories.size() != 1) title.replace(title.rfind("storys"), 6, "stories");
  out += st.markdown ? "# " + title + "\n\n" : st.Bold(title) + "\n\n";
  for (const Story& s : a.stories) RenderStory(s, a, st, out);
  RenderQuotes(a, st, out);
  RenderEntities(a, st, out);
  RenderLinks(a, st, out);
  RenderClaims(a, st, out);
  return out;
}

}  // namespace

std::string ToText(const Analysis& a, bool color) { return Render(a, Style{false, color}); }
std::string ToMarkdown(const Analysis& a) { return Render(a, Style{true, false}); }

}  // namespace crosscheck
