// The whole pipeline for one run: ingest output -> clean -> text -> cluster,
// link, extract and entities -> reconcile. Formatting the result is in report.h.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "cluster/cluster.h"
#include "entity/entity.h"
#include "extract/attribution.h"
#include "extract/claims.h"
#include "extract/counts.h"
#include "extract/quotes.h"
#include "ingest/reader.h"
#include "link/link.h"
#include "reconcile/reconcile.h"

namespace crosscheck {

struct Analysis {
  std::vector<Document> documents;
  std::vector<CleanDocument> cleaned;  // parallel to documents
  std::vector<Claim> claims;           // ids "c1", "c2", ... in document order
  std::vector<Story> stories;
  std::vector<Quote> quotes;             // ids "q1", "q2", ... in document order
  std::vector<QuoteGroup> quote_groups;  // the same quotation across reports
  // Text reuse between any two documents (not only within a story), ordered
  // by (a, b); a and b index `documents`. An exact copy is linked to the
  // first document with the same words only, a near-duplicate to its closest
  // earlier copy only (that one carries the rest).
  std::vector<Link> links;
  // Per document: the smallest index of the documents it is joined to by
  // links (union-find over `links`): documents that copy each other, directly
  // or through others, share one lineage. Reconcile counts these.
  std::vector<size_t> lineage;
  People people;                       // everyone named, merged across documents
  std::vector<Entity> entities;        // resolved across documents; ids "e1", ... by first mention
  // Problems that did not stop the analysis ("story clustering unavailable:
  // ..."), for the caller to show; empty when all went well.
  std::vector<std::string> warnings;
};

struct AnalyzeOptions {
  // reconcile.group: "auto" (default) = stories from the Clusterer, run on
  // each document as it is read; "all", "none", "field:NAME" as documented in
  // reconcile.h. reconcile.story_of and reconcile.lineage are filled by Analyze.
  ReconcileOptions reconcile;
  ClusterOptions cluster;  // for group "auto"
  // Boilerplate learned per outlet over the documents before any is cleaned
  // (clean/cleaner.h, OutletBoilerplate): lines recurring on many pages of
  // one site are removed as "recurring".
  OutletBoilerplateOptions boilerplate;
  LinkOptions link;
  // Called with (done, total) as the work advances, on the calling thread
  // only: total is twice the number of documents (pass 1: cleaning,
  // segmentation, people; pass 2: stories and links, and claims, quotations
  // and entities, each half of it); may be empty. The library never prints:
  // the CLI draws its progress line from this.
  std::function<void(size_t, size_t)> progress;
  // Threads for pass 2; 0 = one per core. With more than one, stories and
  // links (incremental, in document order) run on one thread while claims,
  // quotations and entity mentions (the tagger: about half of the time) run
  // on the others. The Analysis is the same for any value. Default 1; the
  // CLI's --threads defaults to 0.
  size_t threads = 1;
  // Casualty counts: read by the rules alone (null, the default) or by this
  // model (extract/counts.h: CountModel::Default() is the compiled-in one).
  // Must outlive the call. The CLI's --counts model and --counts-model.
  const CountModel* counts_model = nullptr;
};

// Runs every stage on `documents` (taken by value: the Analysis owns them).
// Each document is cleaned and segmented once; clustering, linking, people,
// claims and quotations all read those results.
Analysis Analyze(std::vector<Document> documents, const AnalyzeOptions& options = {});

// Lineage per document from links: union-find over the pairs, each document
// labelled with the smallest index in its group. Element i is i when document
// i copies nothing and nothing copies it.
std::vector<size_t> Lineages(size_t documents, const std::vector<Link>& links);

}  // namespace crosscheck
