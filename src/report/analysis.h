// The whole pipeline for one run: ingest output -> clean -> text -> extract
// and entities -> reconcile. Formatting the result is in report.h.
#pragma once

#include <functional>
#include <vector>

#include "clean/cleaner.h"
#include "entity/entity.h"
#include "extract/attribution.h"
#include "extract/claims.h"
#include "extract/quotes.h"
#include "ingest/reader.h"
#include "reconcile/reconcile.h"

namespace crosscheck {

struct Analysis {
  std::vector<Document> documents;
  std::vector<CleanDocument> cleaned;  // parallel to documents
  std::vector<Claim> claims;           // ids "c1", "c2", ... in document order
  std::vector<Story> stories;
  std::vector<Quote> quotes;             // ids "q1", "q2", ... in document order
  std::vector<QuoteGroup> quote_groups;  // the same quotation across reports
  People people;                       // everyone named, merged across documents
  std::vector<Entity> entities;        // resolved across documents; ids "e1", ... by first mention
};

struct AnalyzeOptions {
  ReconcileOptions reconcile;
  // Called after each document is read, with (done, total); may be empty.
  // The library never prints: the CLI draws its progress line from this.
  std::function<void(size_t, size_t)> progress;
};

// Runs every stage on `documents` (taken by value: the Analysis owns them).
Analysis Analyze(std::vector<Document> documents, const AnalyzeOptions& options = {});

}  // namespace crosscheck
