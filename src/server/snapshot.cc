#include "server/snapshot.h"

#include <algorithm>
#include <cstdint>
#include <tuple>

namespace crosscheck {

namespace {

size_t Find(const std::unordered_map<std::string, size_t>& index, std::string_view id) {
  auto it = index.find(std::string(id));
  return it == index.end() ? SIZE_MAX : it->second;
}

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The first line of `text` from `at`, at most `max` bytes cut at a space.
std::string OpeningWords(std::string_view text, size_t max) {
  size_t nl = text.find_first_of("\r\n");
  std::string_view line = text.substr(0, nl);
  if (line.size() <= max) return std::string(line);
  size_t cut = line.rfind(' ', max);
  if (cut == std::string_view::npos || cut < max / 2) {
    cut = max;
    while (cut > 0 && IsContinuation(line[cut])) --cut;
  }
  return std::string(line.substr(0, cut)) + "…";
}

std::string Headline(const Analysis& a, size_t doc) {
  const Document& d = a.documents[doc];
  const CleanDocument& c = a.cleaned[doc];
  if (c.headline) return std::string(c.headline->Of(d.text));
  if (!d.title.empty()) return d.title;
  return OpeningWords(d.text, 100);
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

}  // namespace

size_t Snapshot::FindDoc(std::string_view id) const { return Find(doc_index, id); }
size_t Snapshot::FindStory(std::string_view id) const { return Find(story_index, id); }
size_t Snapshot::FindClaim(std::string_view id) const { return Find(claim_index, id); }
size_t Snapshot::FindEntity(std::string_view id) const { return Find(entity_index, id); }

std::shared_ptr<const Snapshot> BuildSnapshot(std::shared_ptr<const Analysis> analysis, int64_t version) {
  auto s = std::make_shared<Snapshot>();
  const Analysis& a = *analysis;
  s->analysis = std::move(analysis);
  s->version = version;
  const size_t n = a.documents.size();
  for (size_t i = 0; i < n; ++i) s->doc_index.emplace(a.documents[i].id, i);
  for (size_t i = 0; i < a.stories.size(); ++i) s->story_index.emplace(a.stories[i].id, i);
  for (size_t i = 0; i < a.entities.size(); ++i) s->entity_index.emplace(a.entities[i].id, i);
  for (size_t i = 0; i < a.quotes.size(); ++i) s->quote_index.emplace(a.quotes[i].id, i);

  s->story_of_doc.assign(n, SIZE_MAX);
  s->claims_of_doc.resize(n);
  s->quotes_of_doc.resize(n);
  s->mentions_of_doc.resize(n);
  s->links_of_doc.resize(n);
  for (size_t i = 0; i < a.claims.size(); ++i) {
    s->claim_index.emplace(a.claims[i].id, i);
    size_t d = s->FindDoc(a.claims[i].doc);
    if (d != SIZE_MAX) s->claims_of_doc[d].push_back(i);
  }
  for (size_t i = 0; i < a.quotes.size(); ++i) {
    size_t d = s->FindDoc(a.quotes[i].doc);
    if (d != SIZE_MAX) s->quotes_of_doc[d].push_back(i);
  }
  for (size_t e = 0; e < a.entities.size(); ++e) {
    const std::vector<Mention>& mentions = a.entities[e].mentions;
    for (size_t m = 0; m < mentions.size(); ++m) {
      size_t d = s->FindDoc(mentions[m].doc);
      if (d != SIZE_MAX) s->mentions_of_doc[d].emplace_back(e, m);
    }
  }
  for (size_t i = 0; i < a.links.size(); ++i) {
    if (a.links[i].a < n) s->links_of_doc[a.links[i].a].push_back(i);
    if (a.links[i].b < n && a.links[i].b != a.links[i].a) s->links_of_doc[a.links[i].b].push_back(i);
  }
  s->group_of_quote.assign(a.quotes.size(), SIZE_MAX);
  for (size_t g = 0; g < a.quote_groups.size(); ++g) {
    for (size_t q : a.quote_groups[g].quotes) {
      if (q < a.quotes.size()) s->group_of_quote[q] = g;
    }
  }

  s->summaries.resize(a.stories.size());
  s->quote_groups_of_story.resize(a.stories.size());
  for (size_t k = 0; k < a.stories.size(); ++k) {
    const Story& story = a.stories[k];
    StorySummary& sum = s->summaries[k];
    sum.story = k;
    sum.slots = story.slots.size();
    for (const Slot& slot : story.slots) sum.conflicts += slot.status == "conflict";
    std::vector<size_t> groups;
    for (const std::string& id : story.docs) {
      size_t d = s->FindDoc(id);
      if (d == SIZE_MAX) continue;
      ++sum.reports;
      s->story_of_doc[d] = k;
      if (sum.headline.empty()) sum.headline = Headline(a, d);
      sum.newest = std::max(sum.newest, a.documents[d].published);
      for (size_t q : s->quotes_of_doc[d]) {
        if (s->group_of_quote[q] != SIZE_MAX) groups.push_back(s->group_of_quote[q]);
      }
    }
    std::sort(groups.begin(), groups.end());
    groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    s->quote_groups_of_story[k] = std::move(groups);
  }

  const std::vector<StorySummary>& sums = s->summaries;
  auto order = [&](auto key) {
    std::vector<size_t> out(sums.size());
    for (size_t i = 0; i < out.size(); ++i) out[i] = i;
    std::stable_sort(out.begin(), out.end(), [&](size_t x, size_t y) { return key(sums[x]) > key(sums[y]); });
    return out;
  };
  s->by_conflicts = order([](const StorySummary& m) { return std::tie(m.conflicts, m.reports, m.newest); });
  s->by_reports = order([](const StorySummary& m) { return std::tie(m.reports, m.newest); });
  s->by_newest = order([](const StorySummary& m) { return std::tie(m.newest, m.reports); });
  return s;
}

std::string Excerpt(std::string_view text, size_t at, size_t width) {
  at = std::min(at, text.size());
  size_t begin = at > width / 3 ? at - width / 3 : 0;
  size_t end = std::min(text.size(), begin + width);
  if (begin > 0) {
    size_t space = text.find(' ', begin);
    begin = space != std::string_view::npos && space < at ? space + 1 : begin;
  }
  if (end < text.size()) {
    size_t space = text.rfind(' ', end);
    end = space != std::string_view::npos && space > at ? space : end;
  }
  while (begin < text.size() && IsContinuation(text[begin])) ++begin;
  while (end < text.size() && end > begin && IsContinuation(text[end])) --end;
  std::string out;
  if (begin > 0) out += "…";
  for (char c : text.substr(begin, end - begin)) out += c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
  if (end < text.size()) out += "…";
  return out;
}

StaticSource::StaticSource(Analysis analysis)
    : snapshot_(BuildSnapshot(std::make_shared<const Analysis>(std::move(analysis)), 1)) {}

Result<std::vector<FoundDocument>> StaticSource::Search(std::string_view query, size_t limit) {
  std::vector<std::string> words;
  std::string lower = LowerAscii(query);
  for (size_t i = 0; i < lower.size();) {
    size_t j = lower.find_first_of(" \t\r\n", i);
    if (j == std::string::npos) j = lower.size();
    if (j > i) words.push_back(lower.substr(i, j - i));
    i = j + 1;
  }
  if (words.empty()) return std::vector<FoundDocument>{};
  const Analysis& a = *snapshot_->analysis;
  std::vector<std::tuple<size_t, size_t, size_t>> hits;  // (occurrences, doc, first match)
  for (size_t d = 0; d < a.documents.size(); ++d) {
    std::string text = LowerAscii(a.documents[d].text);
    size_t total = 0, first = std::string::npos;
    for (const std::string& w : words) {
      size_t count = 0;
      for (size_t p = text.find(w); p != std::string::npos; p = text.find(w, p + w.size())) {
        ++count;
        if (&w == &words.front()) first = std::min(first, p);  // the excerpt is around the first word
      }
      if (count == 0) {
        total = 0;
        break;
      }
      total += count;
    }
    if (total > 0) hits.emplace_back(total, d, first);
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const auto& x, const auto& y) { return std::get<0>(x) > std::get<0>(y); });
  std::vector<FoundDocument> out;
  for (size_t i = 0; i < hits.size() && i < limit; ++i) {
    const Document& d = a.documents[std::get<1>(hits[i])];
    out.push_back({d.id, Excerpt(d.text, std::get<2>(hits[i]))});
  }
  return out;
}

}  // namespace crosscheck
