#include "server/pages.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "base/utf8.h"

namespace crosscheck {

namespace {

// ---- building blocks ------------------------------------------------------

// Long lists are cut for the reader (a story of a thousand reports); the
// rest is one click away in the JSON, and the page says how many are left out.
constexpr size_t kMaxValueReports = 12;  // report links under one value
constexpr size_t kMaxLinks = 60;         // links listed on a story or report page
constexpr size_t kMaxStoryReports = 100; // reports listed on a story page

std::string More(size_t left, std::string_view what) {
  return left == 0 ? std::string() : " <span class=\"muted\">and " + std::to_string(left) + " more " +
                                         std::string(what) + "</span>";
}

std::string Esc(std::string_view s) { return EscapeHtml(s); }

std::string Page(std::string_view title, std::string_view body) {
  std::string out;
  out.reserve(body.size() + 1024);
  out += "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>";
  out += Esc(title);
  out += " · crosscheck</title><link rel=\"stylesheet\" href=\"/assets/style.css\"></head><body>"
         "<header class=\"top\"><a class=\"brand\" href=\"/\">crosscheck</a>"
         "<nav><a href=\"/\">Stories</a><a href=\"/downloads\">Downloads</a></nav>"
         "<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">"
         "<input type=\"search\" name=\"q\" placeholder=\"Search reports\" aria-label=\"Search reports\">"
         "</form></header>\n<main>";
  out += body;
  out += "</main></body></html>\n";
  return out;
}

std::string DocHref(const Document& d) { return "/doc/" + PercentEncode(d.id); }
std::string StoryHref(const Story& s) { return "/story/" + PercentEncode(s.id); }

std::string A(std::string_view href, std::string_view text, std::string_view cls = {}) {
  std::string out = "<a href=\"" + Esc(href) + "\"";
  if (!cls.empty()) out += " class=\"" + std::string(cls) + "\"";
  return out + ">" + Esc(text) + "</a>";
}

std::string Plural(size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// "at least 40", "58", "several", "2,611 km".
std::string QuantityLabel(const Quantity& q) {
  std::string out;
  if (q.value && !q.vague) {
    out = FormatNumber(*q.value);
    if (!q.qualifier.empty()) out = q.qualifier + " " + out;
  } else {
    out = q.qualifier.empty() ? FormatNumber(q.low) : q.qualifier;
  }
  if (!q.unit.empty()) out += " " + q.unit;
  return out;
}

std::string DocName(const Snapshot& s, size_t d) {
  const Document& doc = s.doc(d);
  const std::string& outlet = s.analysis->cleaned[d].outlet;
  return outlet.empty() ? doc.id : outlet + " (" + doc.id + ")";
}

std::string DocNameById(const Snapshot& s, const std::string& id) {
  size_t d = s.FindDoc(id);
  return d == SIZE_MAX ? id : DocName(s, d);
}

// "2026-03-01 09:00" from ISO 8601 text; the text itself when it is shorter.
std::string ShortDate(std::string_view iso) {
  if (iso.size() < 16 || iso[10] != 'T') return std::string(iso.substr(0, 10));
  std::string out(iso.substr(0, 16));
  out[10] = ' ';
  return out;
}

std::string SlotTitle(const Slot& slot) {
  std::string type = slot.type;
  std::replace(type.begin(), type.end(), '_', ' ');
  if (!type.empty()) type[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(type[0])));
  std::string out = type;
  if (!slot.subject.empty()) out += " — " + slot.subject;
  if (!slot.subject_side.empty()) out += " (" + slot.subject_side + ")";
  if (!slot.unit.empty() && slot.type == "length") out += " (" + slot.unit + ")";
  return out;
}

std::string StatusBadge(const Slot& slot) {
  std::string label = slot.status;
  if (slot.status == "conflict") {
    label = slot.conflict_kind == "lower-bounds" ? "Conflict (all lower bounds)" : "Conflict";
  }
  return "<span class=\"badge " + Esc(slot.status) + "\">" + Esc(label) + "</span>";
}

// Conflicts first, then revised, then the rest in reconcile's order.
std::vector<size_t> SlotOrder(const Story& story) {
  auto rank = [](const Slot& s) { return s.status == "conflict" ? 0 : s.status == "revised" ? 1 : 2; };
  std::vector<size_t> order(story.slots.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return rank(story.slots[a]) < rank(story.slots[b]); });
  return order;
}

// ---- the story page's charts ---------------------------------------------

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Each figure of a slot by report: one column per report (by publication,
// else input order), a dot per value a report states at its height, and a
// line through each source's revisions. Vague values are not drawn.
std::string Timeline(const Snapshot& s, const Slot& slot) {
  const Analysis& a = *s.analysis;
  std::vector<size_t> docs;  // document indices with a precise figure in the slot
  double top = 0;
  for (const Value& v : slot.values) {
    if (!v.precise || !v.quantity.value) continue;
    top = std::max(top, *v.quantity.value);
    for (size_t c : v.claims) {
      size_t d = s.FindDoc(a.claims[c].doc);
      if (d != SIZE_MAX) docs.push_back(d);
    }
  }
  std::sort(docs.begin(), docs.end());
  docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
  size_t figures = 0;
  for (const Value& v : slot.values) figures += v.precise && v.quantity.value;
  // One figure and no history: the value's card says it all.
  if (docs.empty() || top <= 0 || (figures < 2 && slot.revisions.empty())) return {};
  std::stable_sort(docs.begin(), docs.end(), [&](size_t x, size_t y) {
    const std::string& px = a.documents[x].published;
    const std::string& py = a.documents[y].published;
    if (px.empty() != py.empty()) return !px.empty();
    return px < py;
  });
  const double width = 480, height = 140, left = 44, right = 16, up = 14, down = 26;
  std::unordered_map<size_t, size_t> column;  // document -> its column
  for (size_t k = 0; k < docs.size(); ++k) column.emplace(docs[k], k);
  auto x_of = [&](size_t d) {
    size_t k = column.at(d);
    return docs.size() == 1 ? left + (width - left - right) / 2
                            : left + (width - left - right) * static_cast<double>(k) / (docs.size() - 1);
  };
  auto y_of = [&](double v) { return height - down - (height - up - down) * v / top; };
  std::string out = "<svg class=\"timeline\" viewBox=\"0 0 " + Num(width) + " " + Num(height) +
                    "\" role=\"img\" aria-label=\"Figures by report, in publication order\">";
  out += "<line class=\"axis\" x1=\"" + Num(left) + "\" y1=\"" + Num(y_of(0)) + "\" x2=\"" + Num(width - right) +
         "\" y2=\"" + Num(y_of(0)) + "\"/>";
  out += "<text class=\"tick\" x=\"" + Num(left - 6) + "\" y=\"" + Num(y_of(0) + 4) + "\" text-anchor=\"end\">0</text>";
  for (const Revision& r : slot.revisions) {
    std::string points;
    for (const RevisionStep& step : r.history) {
      size_t d = s.FindDoc(step.doc);
      if (d == SIZE_MAX || !step.quantity.value) continue;
      if (!column.count(d)) continue;
      points += Num(x_of(d)) + "," + Num(y_of(*step.quantity.value)) + " ";
    }
    if (!points.empty()) out += "<polyline class=\"revision\" points=\"" + points + "\"/>";
  }
  size_t standing = 0;
  for (const Value& v : slot.values) {
    if (!v.precise || !v.quantity.value) continue;
    std::string cls = v.superseded ? "dot superseded" : "dot v" + std::to_string(std::min<size_t>(standing++, 3));
    double y = y_of(*v.quantity.value);
    out += "<text class=\"tick\" x=\"" + Num(left - 6) + "\" y=\"" + Num(y + 4) + "\" text-anchor=\"end\">" +
           Esc(FormatNumber(*v.quantity.value)) + "</text>";
    std::set<size_t> seen;
    for (size_t c : v.claims) {
      size_t d = s.FindDoc(a.claims[c].doc);
      if (d == SIZE_MAX || !seen.insert(d).second) continue;
      out += "<a href=\"" + Esc(ClaimHref(s, c)) + "\"><circle class=\"" + cls + "\" cx=\"" + Num(x_of(d)) +
             "\" cy=\"" + Num(y) + "\" r=\"5\"><title>" + Esc(QuantityLabel(v.quantity)) + " in " +
             Esc(DocName(s, d)) + (a.documents[d].published.empty() ? "" : ", " + Esc(a.documents[d].published)) +
             "</title></circle></a>";
    }
  }
  auto column_label = [&](size_t d, const char* anchor) {
    const std::string& p = a.documents[d].published;
    std::string label = p.empty() ? a.documents[d].id : ShortDate(p);
    if (label.size() > 24) label = label.substr(0, 24);
    return "<text class=\"tick\" x=\"" + Num(x_of(d)) + "\" y=\"" + Num(height - 8) + "\" text-anchor=\"" + anchor +
           "\">" + Esc(label) + "</text>";
  };
  out += column_label(docs.front(), docs.size() == 1 ? "middle" : "start");
  if (docs.size() > 1) out += column_label(docs.back(), "end");
  return out + "</svg>";
}

// Who copied whom among a story's reports: reports on a circle, an arrow
// from the source to the copy (a plain dashed line when the direction is
// unknown). At most `kMaxNodes` reports, those with links first.
std::string ReuseGraph(const Snapshot& s, const std::vector<size_t>& docs, const std::vector<size_t>& links) {
  constexpr size_t kMaxNodes = 24;
  const Analysis& a = *s.analysis;
  std::vector<size_t> nodes;
  for (size_t l : links) {
    for (size_t d : {a.links[l].a, a.links[l].b}) {
      if (std::find(nodes.begin(), nodes.end(), d) == nodes.end() && nodes.size() < kMaxNodes) nodes.push_back(d);
    }
  }
  for (size_t d : docs) {
    if (std::find(nodes.begin(), nodes.end(), d) == nodes.end() && nodes.size() < kMaxNodes) nodes.push_back(d);
  }
  std::sort(nodes.begin(), nodes.end());
  if (nodes.size() < 2) return {};
  const double size = 360, cx = 180, cy = 170, radius = 120;
  const double pi = std::acos(-1.0);
  auto pos = [&](size_t d, double& x, double& y) {
    size_t k = std::find(nodes.begin(), nodes.end(), d) - nodes.begin();
    double angle = -pi / 2 + 2 * pi * static_cast<double>(k) / static_cast<double>(nodes.size());
    x = cx + radius * std::cos(angle);
    y = cy + radius * std::sin(angle);
  };
  std::string out = "<svg class=\"graph\" viewBox=\"0 0 " + Num(size) + " " + Num(size - 20) +
                    "\" role=\"img\" aria-label=\"Who copied whom\"><defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" "
                    "refX=\"20\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
                    "<path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/></marker></defs>";
  for (size_t l : links) {
    const Link& link = a.links[l];
    if (std::find(nodes.begin(), nodes.end(), link.a) == nodes.end() ||
        std::find(nodes.begin(), nodes.end(), link.b) == nodes.end()) {
      continue;
    }
    size_t from = link.direction == "b->a" ? link.b : link.a;
    size_t to = from == link.a ? link.b : link.a;
    double x1, y1, x2, y2;
    pos(from, x1, y1);
    pos(to, x2, y2);
    bool known = link.direction != "unknown";
    out += "<line class=\"edge " + Esc(link.kind) + (known ? "" : " undirected") + "\" x1=\"" + Num(x1) + "\" y1=\"" +
           Num(y1) + "\" x2=\"" + Num(x2) + "\" y2=\"" + Num(y2) + "\"" + (known ? " marker-end=\"url(#arrow)\"" : "") +
           "><title>" + Esc(DocName(s, to)) + (known ? " copies " : " shares text with ") + Esc(DocName(s, from)) +
           " (" + Esc(link.kind) + ")</title></line>";
  }
  for (size_t d : nodes) {
    double x, y;
    pos(d, x, y);
    std::string label = a.cleaned[d].outlet.empty() ? a.documents[d].id : a.cleaned[d].outlet;
    if (label.size() > 18) {
      size_t cut = 17;
      while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
      label = label.substr(0, cut) + "…";
    }
    out += "<a href=\"" + Esc(DocHref(a.documents[d])) + "\"><circle class=\"node\" cx=\"" + Num(x) + "\" cy=\"" +
           Num(y) + "\" r=\"9\"><title>" + Esc(DocName(s, d)) + "</title></circle><text class=\"label\" x=\"" + Num(x) +
           "\" y=\"" + Num(y + (y < cy ? -14 : 24)) + "\" text-anchor=\"middle\">" + Esc(label) + "</text></a>";
  }
  return out + "</svg>";
}

// ---- the story page's sections -------------------------------------------

std::string ValueRow(const Snapshot& s, const Value& v, size_t rank) {
  const Analysis& a = *s.analysis;
  std::string cls = v.superseded ? "value superseded" : "value v" + std::to_string(std::min<size_t>(rank, 3));
  std::string out = "<li class=\"" + cls + "\">";
  std::string figure = QuantityLabel(v.quantity);
  if (!v.claims.empty()) {
    out += "<a class=\"figure\" href=\"" + Esc(ClaimHref(s, v.claims.front())) + "\">" + Esc(figure) + "</a>";
  } else {
    out += "<span class=\"figure\">" + Esc(figure) + "</span>";
  }
  out += "<span class=\"support\">" + Plural(v.docs.size(), "report", "reports") + " · " +
         std::to_string(v.independent) + " independent</span>";
  if (v.superseded) out += "<span class=\"badge superseded\">superseded</span>";
  out += "<div class=\"sources\">";
  if (!v.original_sources.empty()) {
    out += "<span class=\"label\">Source" + std::string(v.original_sources.size() > 1 ? "s" : "") + ":</span> ";
    for (size_t i = 0; i < v.original_sources.size(); ++i) {
      out += (i ? "; " : "") + Esc(v.original_sources[i]);
    }
  }
  if (!v.modalities.empty()) {
    out += " <span class=\"modality\">(";
    for (size_t i = 0; i < v.modalities.size(); ++i) out += (i ? ", " : "") + Esc(v.modalities[i]);
    out += ")</span>";
  }
  if (!v.derived_from.empty()) out += " <span class=\"derived\">= " + Esc(v.derived_from) + "</span>";
  out += "</div><div class=\"reports\"><span class=\"label\">In:</span> ";
  // One link per report, to that report's first claim of this value.
  std::set<std::string> seen;
  for (size_t c : v.claims) {
    const Claim& claim = a.claims[c];
    if (seen.size() == kMaxValueReports || !seen.insert(claim.doc).second) continue;
    out += (seen.size() == 1 ? "" : ", ") + A(ClaimHref(s, c), DocNameById(s, claim.doc), "report");
  }
  return out + More(v.docs.size() - std::min(v.docs.size(), seen.size()), "reports") + "</div></li>";
}

std::string EstimateLine(const Slot& slot) {
  const Estimate& e = slot.estimate;
  std::string range = FormatNumber(e.low);
  if (e.high && *e.high != e.low) range += "–" + FormatNumber(*e.high);
  if (e.high_open || !e.high) range += "+";
  return "<p class=\"estimate\"><span class=\"label\">Estimate:</span> " + Esc(range) + " (best " +
         Esc(FormatNumber(e.best)) + ") · " + Plural(slot.reports, "report", "reports") + " · " +
         Plural(slot.independent_sources, "independent source", "independent sources") + "</p>";
}

std::string RevisionList(const Snapshot& s, const Slot& slot) {
  if (slot.revisions.empty()) return {};
  std::string out = "<ul class=\"revisions\">";
  for (const Revision& r : slot.revisions) {
    out += "<li><span class=\"label\">" + Esc(r.source) + ":</span> ";
    for (size_t i = 0; i < r.history.size(); ++i) {
      const RevisionStep& step = r.history[i];
      std::string text = QuantityLabel(step.quantity);
      out += i ? " → " : "";
      if (!step.claims.empty()) out += A(ClaimHref(s, step.claims.front()), text);
      else out += Esc(text);
      out += " <span class=\"when\">(" + Esc(DocNameById(s, step.doc)) +
             (step.published.empty() ? "" : ", " + Esc(ShortDate(step.published))) + ")</span>";
    }
    out += "</li>";
  }
  return out + "</ul>";
}

std::string SlotCard(const Snapshot& s, const Slot& slot) {
  std::string out = "<section class=\"slot " + Esc(slot.status) + "\" data-type=\"" + Esc(slot.type) +
                    "\" data-side=\"" + Esc(slot.subject_side) + "\"><h3>" + Esc(SlotTitle(slot)) + " " +
                    StatusBadge(slot) + "</h3><ol class=\"values\">";
  size_t standing = 0;
  for (const Value& v : slot.values) out += ValueRow(s, v, v.superseded ? 0 : standing++);
  out += "</ol>" + EstimateLine(slot) + RevisionList(s, slot) + Timeline(s, slot);
  return out + "</section>";
}

std::string QuotationsSection(const Snapshot& s, size_t story) {
  const Analysis& a = *s.analysis;
  const std::vector<size_t>& groups = s.quote_groups_of_story[story];
  if (groups.empty()) return {};
  // Quotations carried by more reports first.
  std::vector<size_t> order = groups;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return a.quote_groups[x].docs.size() > a.quote_groups[y].docs.size();
  });
  std::string out = "<section class=\"quotes\"><h2>Quotations</h2><ul>";
  for (size_t g : order) {
    const QuoteGroup& group = a.quote_groups[g];
    if (group.quotes.empty()) continue;
    const Quote& q = a.quotes[group.quotes.front()];
    out += "<li><blockquote>“" + Esc(q.text) + "”</blockquote><div class=\"who\">";
    out += q.speaker.empty() ? "<span class=\"muted\">speaker unknown</span>" : "— " + Esc(q.speaker);
    out += " · " + Plural(group.docs.size(), "report", "reports");
    if (group.single_source) out += " <span class=\"badge single-source\">single source</span>";
    out += "</div><div class=\"reports\"><span class=\"label\">In:</span> ";
    for (size_t i = 0; i < group.quotes.size(); ++i) {
      const Quote& qi = a.quotes[group.quotes[i]];
      size_t d = s.FindDoc(qi.doc);
      if (d == SIZE_MAX) continue;
      out += (i ? ", " : "") + A(DocHref(a.documents[d]) + "#" + PercentEncode(qi.id), DocName(s, d), "report");
    }
    out += "</div></li>";
  }
  return out + "</ul></section>";
}

std::string LinksList(const Snapshot& s, const std::vector<size_t>& links) {
  const Analysis& a = *s.analysis;
  std::string out = "<ul class=\"links\">";
  for (size_t i = 0; i < links.size() && i < kMaxLinks; ++i) {
    const size_t l = links[i];
    const Link& link = a.links[l];
    size_t from = link.direction == "b->a" ? link.b : link.a;
    size_t to = from == link.a ? link.b : link.a;
    std::string verb = link.direction == "unknown" ? " shares text with " : " copies ";
    char sim[16];
    std::snprintf(sim, sizeof sim, "%.2f", link.similarity);
    out += "<li>" + A(DocHref(a.documents[to]), DocName(s, to)) + verb +
           A(DocHref(a.documents[from]), DocName(s, from)) + " <span class=\"muted\">· " + Esc(link.kind) +
           " · similarity " + sim + "</span>";
    for (const Drift& d : link.drift) {
      out += "<div class=\"drift\">Attribution " + Esc(d.what) + ": “" + Esc(d.a.Of(a.documents[link.a].text)) +
             "” (" + Esc(d.a_source.empty() ? "no source" : d.a_source) + ") → “" +
             Esc(d.b.Of(a.documents[link.b].text)) + "” (" + Esc(d.b_source.empty() ? "no source" : d.b_source) +
             ")</div>";
    }
    out += "</li>";
  }
  return out + "</ul>" + More(links.size() - std::min(links.size(), kMaxLinks), "links");
}

// ---- the document page's highlighted text --------------------------------

enum Kind { kClaim, kQuote, kEntity, kReuse, kRemoved, kTarget, kTargetClaim, kKinds };
const char* const kKindClass[kKinds] = {"hl-claim", "hl-quote", "hl-entity", "hl-reuse",
                                        "hl-removed", "target", "target-claim"};

struct Mark {
  Span span;
  Kind kind;
  size_t ref = 0;  // entity index for kEntity, claim index for kClaim
};

// The text with every mark as a <span> (an <a> inside an entity mention),
// and an empty anchor (id) at each claim's and quotation's start so that
// /doc/ID#c20 scrolls to it. Marks may overlap: the text is cut at every
// mark boundary and each piece carries the classes of the marks over it.
std::string HighlightedText(const Snapshot& s, size_t doc, const std::vector<Mark>& marks,
                            const std::vector<std::pair<size_t, std::string>>& anchors) {
  const Analysis& a = *s.analysis;
  const std::string& text = a.documents[doc].text;
  struct Event {
    size_t at;
    int delta;  // +1 open, -1 close
    size_t mark;
  };
  std::vector<Event> events;
  events.reserve(marks.size() * 2);
  for (size_t i = 0; i < marks.size(); ++i) {
    Span sp = marks[i].span;
    if (sp.begin >= sp.end || sp.end > text.size()) continue;
    events.push_back({sp.begin, +1, i});
    events.push_back({sp.end, -1, i});
  }
  std::sort(events.begin(), events.end(), [](const Event& x, const Event& y) {
    return x.at != y.at ? x.at < y.at : x.delta < y.delta;
  });
  std::vector<size_t> cuts = {0, text.size()};
  for (const Event& e : events) cuts.push_back(e.at);
  for (const auto& [at, id] : anchors) cuts.push_back(std::min(at, text.size()));
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  std::string out;
  out.reserve(text.size() * 2);
  int count[kKinds] = {};
  std::vector<size_t> open_entities, open_claims;
  size_t e = 0, anchor = 0;
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    const size_t at = cuts[k];
    for (; e < events.size() && events[e].at == at; ++e) {
      const Mark& m = marks[events[e].mark];
      count[m.kind] += events[e].delta;
      std::vector<size_t>* open = m.kind == kEntity ? &open_entities : m.kind == kClaim ? &open_claims : nullptr;
      if (!open) continue;
      if (events[e].delta > 0) open->push_back(m.ref);
      else if (auto it = std::find(open->begin(), open->end(), m.ref); it != open->end()) open->erase(it);
    }
    for (; anchor < anchors.size() && anchors[anchor].first <= at; ++anchor) {
      out += "<span class=\"anchor\" id=\"" + Esc(anchors[anchor].second) + "\"></span>";
    }
    std::string cls;
    for (int kind = 0; kind < kKinds; ++kind) {
      if (count[kind] > 0) cls += std::string(cls.empty() ? "" : " ") + kKindClass[kind];
    }
    std::string piece = Esc(std::string_view(text).substr(at, cuts[k + 1] - at));
    if (cls.empty()) {
      out += piece;
      continue;
    }
    std::string title;
    if (!open_claims.empty()) {
      const Claim& c = a.claims[open_claims.front()];
      title = c.type + " " + QuantityLabel(c.quantity) + (c.source.name.empty() ? "" : " · " + c.source.name);
    }
    if (!open_entities.empty()) {
      const Entity& ent = a.entities[open_entities.front()];
      out += "<a class=\"" + cls + "\" href=\"/entity/" + PercentEncode(ent.id) + "\"";
      if (title.empty()) title = ent.canonical + " (" + ent.type + ")";
      out += " title=\"" + Esc(title) + "\">" + piece + "</a>";
    } else {
      out += "<span class=\"" + cls + "\"" + (title.empty() ? "" : " title=\"" + Esc(title) + "\"") + ">" + piece +
             "</span>";
    }
  }
  for (; anchor < anchors.size(); ++anchor) {
    out += "<span class=\"anchor\" id=\"" + Esc(anchors[anchor].second) + "\"></span>";
  }
  return out;
}

std::string Legend() {
  return "<p class=\"legend\"><span class=\"hl-claim\">figure</span> <span class=\"hl-quote\">quotation</span> "
         "<span class=\"hl-entity\">name</span> <span class=\"hl-reuse\">reused passage</span> "
         "<span class=\"hl-removed\">removed boilerplate</span></p>";
}

std::string MetaLine(const Snapshot& s, size_t d) {
  const Document& doc = s.doc(d);
  const CleanDocument& c = s.analysis->cleaned[d];
  std::string out = "<p class=\"meta\">";
  if (!c.outlet.empty()) out += "<span>" + Esc(c.outlet) + "</span> · ";
  if (!doc.published.empty()) out += "<time>" + Esc(doc.published) + "</time> · ";
  out += "<span class=\"muted\">" + Esc(doc.id) + "</span>";
  if (!doc.url.empty()) {
    std::string href = SafeHref(doc.url);
    out += " · " + (href.empty() ? "<span class=\"url\">" + Esc(doc.url) + "</span>"
                                 : "<a class=\"url\" rel=\"noopener noreferrer nofollow\" href=\"" + Esc(href) +
                                       "\">" + Esc(doc.url) + "</a>");
  }
  return out + "</p>";
}

}  // namespace

// ---- public helpers -------------------------------------------------------

std::string EscapeHtml(std::string_view text) {
  std::string fixed;
  if (FirstInvalidUtf8(text)) {
    fixed = ReplaceInvalidUtf8(text);
    text = fixed;
  }
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) out += "\xEF\xBF\xBD";
        else out += ch;
    }
  }
  return out;
}

std::string PercentEncode(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string SafeHref(std::string_view url) {
  auto starts = [&](std::string_view prefix) {
    if (url.size() <= prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(url[i])) != prefix[i]) return false;
    }
    return true;
  };
  if (!starts("http://") && !starts("https://")) return {};
  for (char ch : url) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\') return {};
  }
  return std::string(url);
}

std::string FormatNumber(double value) {
  if (!std::isfinite(value)) return value > 0 ? "∞" : "?";
  if (std::fabs(value) < 1e15 && value == std::floor(value)) {
    std::string digits = std::to_string(static_cast<long long>(std::fabs(value)));
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return value < 0 ? "-" + out : out;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", value);
  return buf;
}

std::string ClaimHref(const Snapshot& s, size_t claim) {
  const Claim& c = s.analysis->claims[claim];
  std::string id = PercentEncode(c.id);
  return "/doc/" + PercentEncode(c.doc) + "?claim=" + id + "#" + id;
}

// ---- pages ----------------------------------------------------------------

std::string StoryListPage(const Snapshot& s, const ListOptions& options) {
  const Analysis& a = *s.analysis;
  const std::vector<size_t>& order = options.order == StoryOrder::kNewest    ? s.by_newest
                                     : options.order == StoryOrder::kReports ? s.by_reports
                                                                             : s.by_conflicts;
  const char* sort = options.order == StoryOrder::kNewest    ? "newest"
                     : options.order == StoryOrder::kReports ? "reports"
                                                             : "conflicts";
  std::string body = "<h1>Stories</h1><p class=\"meta\">" + Plural(a.stories.size(), "story", "stories") + " from " +
                     Plural(a.documents.size(), "report", "reports") + "</p><nav class=\"tabs\">";
  const std::pair<const char*, const char*> tabs[] = {
      {"conflicts", "Open conflicts first"}, {"newest", "Newest"}, {"reports", "Most reports"}};
  for (const auto& [key, label] : tabs) {
    body += std::string("<a href=\"/?sort=") + key + "\"" + (std::string_view(key) == sort ? " class=\"on\"" : "") +
            ">" + label + "</a>";
  }
  body += "</nav><table class=\"stories\"><thead><tr><th>Status</th><th>Story</th><th>Reports</th><th>Newest</th>"
          "<th>Disputed figures</th></tr></thead><tbody>";
  const size_t per_page = std::max<size_t>(options.per_page, 1);
  const size_t first = options.page * per_page;
  for (size_t i = first; i < order.size() && i < first + per_page; ++i) {
    const StorySummary& sum = s.summaries[order[i]];
    const Story& story = a.stories[sum.story];
    body += "<tr class=\"" + std::string(sum.conflicts ? "has-conflict" : "") + "\"><td>";
    body += sum.conflicts ? "<span class=\"badge conflict\">" + Plural(sum.conflicts, "conflict", "conflicts") + "</span>"
                          : "<span class=\"badge quiet\">" + Plural(sum.slots, "figure", "figures") + "</span>";
    body += "</td><td>" + A(StoryHref(story), sum.headline.empty() ? story.id : sum.headline, "story") + "</td><td>" +
            std::to_string(sum.reports) + "</td><td>" + Esc(ShortDate(sum.newest)) + "</td><td>";
    size_t shown = 0;
    for (const Slot& slot : story.slots) {
      if (slot.status != "conflict" || shown == 3) continue;
      body += std::string(shown++ ? "<br>" : "") + "<span class=\"dispute\">" + Esc(SlotTitle(slot)) + ": ";
      size_t standing = 0;
      for (const Value& v : slot.values) {
        if (v.superseded || standing == 4) continue;
        body += (standing++ ? " <span class=\"vs\">vs</span> " : "") + Esc(QuantityLabel(v.quantity));
      }
      body += "</span>";
    }
    body += "</td></tr>";
  }
  body += "</tbody></table>";
  const size_t pages = (order.size() + per_page - 1) / per_page;
  if (pages > 1) {
    body += "<nav class=\"pages\">";
    if (options.page > 0) {
      body += std::string("<a href=\"/?sort=") + sort + "&amp;page=" + std::to_string(options.page) + "\">← newer</a> ";
    }
    body += "page " + std::to_string(options.page + 1) + " of " + std::to_string(pages);
    if (options.page + 1 < pages) {
      body += std::string(" <a href=\"/?sort=") + sort + "&amp;page=" + std::to_string(options.page + 2) + "\">next →</a>";
    }
    body += "</nav>";
  }
  return Page("Stories", body);
}

std::string StoryPage(const Snapshot& s, size_t story_index) {
  const Analysis& a = *s.analysis;
  const Story& story = a.stories[story_index];
  const StorySummary& sum = s.summaries[story_index];
  std::string body = "<h1>" + Esc(sum.headline.empty() ? story.id : sum.headline) + "</h1><p class=\"meta\">" +
                     Plural(sum.reports, "report", "reports");
  if (!sum.newest.empty()) body += " · newest " + Esc(ShortDate(sum.newest));
  if (sum.conflicts) body += " · <span class=\"badge conflict\">" + Plural(sum.conflicts, "open conflict", "open conflicts") + "</span>";
  body += " · " + A("/api/story/" + PercentEncode(story.id), "JSON") + "</p>";

  body += "<section class=\"figures\"><h2>Figures</h2>";
  if (story.slots.empty()) body += "<p class=\"muted\">No figures in these reports.</p>";
  for (size_t i : SlotOrder(story)) body += SlotCard(s, story.slots[i]);
  if (!story.totals.empty()) {
    body += "<p class=\"totals\"><span class=\"label\">Totals:</span> ";
    bool first = true;
    for (const auto& [type, e] : story.totals) {
      std::string range = FormatNumber(e.low);
      if (e.high && *e.high != e.low) range += "–" + FormatNumber(*e.high);
      if (e.high_open || !e.high) range += "+";
      body += (first ? "" : " · ") + Esc(type) + " " + Esc(range) + " (best " + Esc(FormatNumber(e.best)) + ")";
      first = false;
    }
    body += "</p>";
  }
  if (!story.separate_events.empty()) {
    body += "<h3>Separate events</h3><ul class=\"separate\">";
    for (const SeparateEvent& e : story.separate_events) {
      const Claim& c = a.claims[e.claim];
      body += "<li>" + A(ClaimHref(s, e.claim), c.type + " " + QuantityLabel(c.quantity)) + " in " +
              Esc(DocNameById(s, c.doc)) + " <span class=\"muted\">— " + Esc(e.reason) + "</span></li>";
    }
    body += "</ul>";
  }
  body += "</section>";

  std::vector<size_t> docs;
  for (const std::string& id : story.docs) {
    size_t d = s.FindDoc(id);
    if (d != SIZE_MAX) docs.push_back(d);
  }
  std::vector<size_t> links;  // links with both reports in the story
  for (size_t d : docs) {
    for (size_t l : s.links_of_doc[d]) {
      const Link& link = a.links[l];
      if (link.a == d && s.story_of_doc[link.b] == story_index) links.push_back(l);
    }
  }
  std::sort(links.begin(), links.end());
  body += "<section class=\"reuse\"><h2>Who copied whom</h2>";
  if (links.empty()) {
    body += "<p class=\"muted\">No report reuses another's text.</p>";
  } else {
    body += "<div class=\"reuse-grid\">" + ReuseGraph(s, docs, links) + LinksList(s, links) + "</div>";
  }
  body += "</section>";
  body += QuotationsSection(s, story_index);

  body += "<section class=\"docs\"><h2>Reports</h2><ol>";
  for (size_t i = 0; i < docs.size() && i < kMaxStoryReports; ++i) {
    const size_t d = docs[i];
    const Document& doc = a.documents[d];
    std::string headline = a.cleaned[d].headline ? std::string(a.cleaned[d].headline->Of(doc.text)) : doc.title;
    body += "<li>" + A(DocHref(doc), DocName(s, d)) + (doc.published.empty() ? "" : " · " + Esc(ShortDate(doc.published))) +
            (headline.empty() ? "" : "<div class=\"muted\">" + Esc(headline) + "</div>") + "</li>";
  }
  body += "</ol>" + More(docs.size() - std::min(docs.size(), kMaxStoryReports), "reports") + "</section>";
  return Page(sum.headline.empty() ? story.id : sum.headline, body);
}

std::string DocumentPage(const Snapshot& s, size_t d, size_t target) {
  const Analysis& a = *s.analysis;
  const Document& doc = a.documents[d];
  const CleanDocument& cleaned = a.cleaned[d];
  std::vector<Mark> marks;
  std::vector<std::pair<size_t, std::string>> anchors;
  for (size_t c : s.claims_of_doc[d]) {
    marks.push_back({a.claims[c].span, kClaim, c});
    anchors.emplace_back(a.claims[c].sentence.begin, a.claims[c].id);
  }
  for (size_t q : s.quotes_of_doc[d]) {
    marks.push_back({a.quotes[q].span, kQuote, q});
    anchors.emplace_back(a.quotes[q].span.begin, a.quotes[q].id);
  }
  for (const auto& [e, m] : s.mentions_of_doc[d]) marks.push_back({a.entities[e].mentions[m].span, kEntity, e});
  for (size_t l : s.links_of_doc[d]) {
    for (const Passage& p : a.links[l].passages) marks.push_back({a.links[l].a == d ? p.a : p.b, kReuse, l});
  }
  for (const Removal& r : cleaned.removed) marks.push_back({r.span, kRemoved, 0});
  const bool has_target = target < a.claims.size() && a.claims[target].doc == doc.id;
  if (has_target) {
    marks.push_back({a.claims[target].sentence, kTarget, target});
    marks.push_back({a.claims[target].span, kTargetClaim, target});
  }
  std::stable_sort(anchors.begin(), anchors.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });

  std::string headline = cleaned.headline ? std::string(cleaned.headline->Of(doc.text)) : doc.title;
  std::string body = "<h1>" + Esc(headline.empty() ? doc.id : headline) + "</h1>" + MetaLine(s, d);
  size_t story = s.story_of_doc[d];
  if (story != SIZE_MAX) {
    body += "<p class=\"meta\">Story: " +
            A(StoryHref(a.stories[story]), s.summaries[story].headline.empty() ? a.stories[story].id
                                                                                   : s.summaries[story].headline) +
            " · " + A("/api/document/" + PercentEncode(doc.id), "JSON") + "</p>";
  }
  if (has_target) {
    const Claim& c = a.claims[target];
    body += "<p class=\"target-note\">Highlighted: the sentence stating " + Esc(c.type) + " " +
            Esc(QuantityLabel(c.quantity)) + (c.source.name.empty() ? "" : ", according to " + Esc(c.source.name)) +
            ".</p>";
  }
  body += "<div class=\"doc-grid\"><article class=\"text\">" + HighlightedText(s, d, marks, anchors) + "</article><aside>" +
          Legend();
  if (!s.claims_of_doc[d].empty()) {
    body += "<h2>Figures</h2><ul class=\"claims\">";
    for (size_t c : s.claims_of_doc[d]) {
      const Claim& claim = a.claims[c];
      body += "<li" + std::string(c == target ? " class=\"on\"" : "") + ">" +
              A(ClaimHref(s, c), QuantityLabel(claim.quantity)) + " " + Esc(claim.type) +
              (claim.subject.empty() ? "" : " · " + Esc(claim.subject)) +
              "<div class=\"muted\">" + Esc(claim.source.name.empty() ? "the outlet's own voice" : claim.source.name) +
              " · " + Esc(claim.modality) + "</div></li>";
    }
    body += "</ul>";
  }
  if (!s.quotes_of_doc[d].empty()) {
    body += "<h2>Quotations</h2><ul class=\"doc-quotes\">";
    for (size_t q : s.quotes_of_doc[d]) {
      const Quote& quote = a.quotes[q];
      size_t g = s.group_of_quote[q];
      size_t carried = g == SIZE_MAX ? 1 : a.quote_groups[g].docs.size();
      body += "<li><a href=\"#" + PercentEncode(quote.id) + "\">“" + Esc(quote.text) + "”</a><div class=\"muted\">" +
              Esc(quote.speaker.empty() ? "speaker unknown" : quote.speaker) + " · " +
              Plural(carried, "report", "reports") + "</div></li>";
    }
    body += "</ul>";
  }
  if (!s.mentions_of_doc[d].empty()) {
    std::vector<size_t> ents;
    for (const auto& [e, m] : s.mentions_of_doc[d]) ents.push_back(e);
    std::sort(ents.begin(), ents.end());
    ents.erase(std::unique(ents.begin(), ents.end()), ents.end());
    body += "<h2>Names</h2><p class=\"entities\">";
    for (size_t i = 0; i < ents.size(); ++i) {
      const Entity& ent = a.entities[ents[i]];
      body += (i ? ", " : "") + A("/entity/" + PercentEncode(ent.id), ent.canonical) + " <span class=\"muted\">" +
              Esc(ent.type) + "</span>";
    }
    body += "</p>";
  }
  if (!s.links_of_doc[d].empty()) body += "<h2>Reused text</h2>" + LinksList(s, s.links_of_doc[d]);
  if (!cleaned.removed.empty()) {
    body += "<h2>Removed boilerplate</h2><ul class=\"removed\">";
    for (const Removal& r : cleaned.removed) {
      body += "<li><span class=\"muted\">" + Esc(r.kind) + ":</span> " + Esc(r.span.Of(doc.text)) + "</li>";
    }
    body += "</ul>";
  }
  body += "</aside></div>";
  return Page(headline.empty() ? doc.id : headline, body);
}

std::string EntityPage(const Snapshot& s, size_t entity) {
  const Analysis& a = *s.analysis;
  const Entity& e = a.entities[entity];
  std::string body = "<h1>" + Esc(e.canonical) + "</h1><p class=\"meta\">" + Esc(e.type);
  if (e.place) {
    body += " · " + Esc(e.place->kind) + (e.place->country.empty() ? "" : " in " + Esc(e.place->country));
  }
  if (!e.aliases.empty()) {
    body += " · also: ";
    for (size_t i = 0; i < e.aliases.size(); ++i) body += (i ? ", " : "") + Esc(e.aliases[i]);
  }
  body += " · " + A("/api/entity/" + PercentEncode(e.id), "JSON") + "</p><h2>Mentions</h2><ul class=\"mentions\">";
  std::string last_doc;
  for (const Mention& m : e.mentions) {
    size_t d = s.FindDoc(m.doc);
    if (d == SIZE_MAX) continue;
    const std::string& text = a.documents[d].text;
    body += "<li>" + A(DocHref(a.documents[d]), DocName(s, d)) + ": " + Esc(Excerpt(text, m.span.begin, 140)) + "</li>";
  }
  body += "</ul>";
  return Page(e.canonical, body);
}

std::string SearchPage(const Snapshot& s, std::string_view query, const std::vector<FoundDocument>& hits,
                       std::string_view error) {
  std::string body = "<h1>Search</h1><form class=\"search-big\" action=\"/search\" method=\"get\"><input type=\"search\" "
                     "name=\"q\" value=\"" + Esc(query) + "\" aria-label=\"Search reports\"><button>Search</button></form>";
  if (!error.empty()) {
    body += "<p class=\"error\">" + Esc(error) + "</p>";
  } else if (!query.empty()) {
    body += "<p class=\"meta\">" + Plural(hits.size(), "report", "reports") + " for “" + Esc(query) + "”</p><ol class=\"hits\">";
    for (const FoundDocument& hit : hits) {
      size_t d = s.FindDoc(hit.doc);
      if (d == SIZE_MAX) continue;
      size_t story = s.story_of_doc[d];
      body += "<li>" + A(DocHref(s.doc(d)), DocName(s, d));
      if (story != SIZE_MAX) {
        body += " <span class=\"muted\">in</span> " +
                A(StoryHref(s.analysis->stories[story]), s.summaries[story].headline, "story");
      }
      body += "<div class=\"snippet\">" + Esc(hit.snippet) + "</div></li>";
    }
    body += "</ol>";
  }
  return Page(query.empty() ? "Search" : "Search: " + std::string(query), body);
}

std::string DownloadsPage(const Snapshot& s) {
  std::string body =
      "<h1>Downloads</h1><p>Everything the desk shows, as files for other tools. Each is built from the "
      "reports as they are now (" + Plural(s.analysis->documents.size(), "report", "reports") + ").</p><ul class=\"downloads\">"
      "<li><a href=\"/api/export.json\">crosscheck.json</a> — the whole analysis in the JSON report format "
      "(schema crosscheck/2, as <code>crosscheck analyze --format json</code>)</li>"
      "<li><a href=\"/api/export.csv\">claims.csv</a> — one row per claim (<code>--format csv</code>)</li>"
      "<li><a href=\"/api/export-values.csv\">values.csv</a> — one row per figure of every story "
      "(<code>--format csv-values</code>)</li>"
      "<li><a href=\"/api/export.gkg\">counts.gkg.tsv</a> — GDELT GKG 2.1-style counts per report "
      "(<code>--format gkg</code>)</li>"
      "<li><a href=\"/api/export-ucdp.csv\">ucdp.csv</a> — UCDP GED-style deaths per story "
      "(<code>--format ucdp</code>)</li>"
      "<li><a href=\"/api/stories\">stories.json</a> — the story list with each story's disputed figures</li>"
      "</ul><p class=\"muted\">One story as JSON: its page's “JSON” link (<code>/api/story/ID</code>).</p>";
  return Page("Downloads", body);
}

std::string MessagePage(std::string_view title, std::string_view message) {
  return Page(title, "<h1>" + Esc(title) + "</h1><p>" + Esc(message) + "</p><p><a href=\"/\">All stories</a></p>");
}

}  // namespace crosscheck
