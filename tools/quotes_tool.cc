// quotes_tool: the quotations of each document and who said them, one JSON
// object a line: {doc, span, text, speaker, speaker_span, cue, partial}.
// Spans are [start, end) byte offsets into the document's original text.
// Used by tools/polnear_eval.py.
//
//   quotes_tool PATH...   (.txt reports, .jsonl files, directories, "-")
//
// Each document is read on its own (Clean -> Segment -> People::Find ->
// FindQuotes): unlike `crosscheck analyze`, people are not shared across
// documents, because evaluation corpora are unrelated articles. Diagnostics
// and timing go to stderr. Exit: 0, 1 when some input was skipped or
// repaired, 2 usage, 3 nothing read.
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clean/cleaner.h"
#include "extract/attribution.h"
#include "extract/quotes.h"
#include "ingest/reader.h"
#include "text/segment.h"

namespace {

using namespace crosscheck;

nlohmann::json SpanJson(Span s) { return nlohmann::json::array({s.begin, s.end}); }

nlohmann::json QuoteJson(const Quote& q) {
  nlohmann::json j;
  j["doc"] = q.doc;
  j["span"] = SpanJson(q.span);
  j["text"] = q.text;
  j["speaker"] = q.speaker.empty() ? nlohmann::json() : nlohmann::json(q.speaker);
  j["speaker_span"] = q.speaker_span.empty() ? nlohmann::json() : SpanJson(q.speaker_span);
  j["cue"] = q.cue.empty() ? nlohmann::json() : nlohmann::json(q.cue);
  j["partial"] = q.partial;
  return j;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help") {
    std::cerr << "usage: quotes_tool PATH...   (.txt, .jsonl, directories, - for stdin)\n";
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  IngestResult in = ReadInputs(std::vector<std::string>(argv + 1, argv + argc), {});
  for (const Diagnostic& d : in.diagnostics) {
    std::cerr << d.file << ":" << d.line << ": " << (d.severity == Severity::kError ? "error" : "warning")
              << ": " << d.message << "\n";
  }
  size_t quotes = 0;
  for (const Document& doc : in.documents) {
    SegmentedText seg = Segment(doc.text, Clean(doc));
    People people = People::Find(doc.text, seg);
    for (const Quote& q : FindQuotes(doc, seg, people)) {
      // Invalid UTF-8 was already reported; replace rather than throw here.
      std::cout << QuoteJson(q).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      ++quotes;
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << "quotes_tool: " << in.documents.size() << " documents, " << quotes << " quotes in " << seconds
            << " s\n";
  if (in.documents.empty()) return 3;
  return in.diagnostics.empty() ? 0 : 1;
}
