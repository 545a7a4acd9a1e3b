#include "report/analysis.h"

#include <optional>

#include "entity/attach.h"
#include "text/segment.h"

namespace crosscheck {

Analysis Analyze(std::vector<Document> documents, const AnalyzeOptions& options) {
  Analysis a;
  a.documents = std::move(documents);
  const size_t n = a.documents.size();
  std::vector<SegmentedText> segmented(n);
  std::vector<People> people(n);
  a.cleaned.reserve(n);
  // Pass 1: clean, segment and find the people of every document, so that a
  // person described in one report ("Pakistan's Prime Minister Shehbaz
  // Sharif") is known in another that only names him.
  for (size_t i = 0; i < n; ++i) {
    a.cleaned.push_back(Clean(a.documents[i]));
    segmented[i] = Segment(a.documents[i].text, a.cleaned[i]);
    people[i] = People::Find(a.documents[i].text, segmented[i]);
    a.people.Merge(people[i]);
  }
  // Pass 2: claims, quotations and entity mentions. Entities are found here,
  // not in pass 1, because role nouns ("the spokesman") need the document's
  // people filled from the corpus. The compiled-in model only fails to load
  // in a build without one; then there are no entities.
  Result<const Tagger*> tagger = Tagger::Default();
  std::optional<EntityFinder> entities;
  if (tagger.ok()) entities.emplace(*tagger.value());
  for (size_t i = 0; i < n; ++i) {
    people[i].FillFrom(a.people);
    if (entities) entities->Add(a.documents[i], segmented[i], people[i]);
    People visible = people[i];
    visible.Merge(a.people);  // surnames in headlines may name people of other reports
    for (Claim& c : ExtractClaims(a.documents[i], segmented[i], visible)) {
      c.id = "c" + std::to_string(a.claims.size() + 1);
      a.claims.push_back(std::move(c));
    }
    for (Quote& q : FindQuotes(a.documents[i], segmented[i], visible)) {
      q.id = "q" + std::to_string(a.quotes.size() + 1);
      a.quotes.push_back(std::move(q));
    }
    segmented[i] = {};  // tokens are no longer needed: keep memory flat
    if (options.progress) options.progress(i + 1, n);
  }
  if (entities) {
    a.entities = entities->Resolve();
    AttachEntities(EntityIndex(a.entities), a.claims, a.quotes);
    entities.reset();  // the per-document mentions: not needed by reconcile
  }
  a.quote_groups = GroupQuotes(a.quotes, a.documents);
  a.stories = Reconcile(a.documents, a.claims, options.reconcile);
  return a;
}

}  // namespace crosscheck
