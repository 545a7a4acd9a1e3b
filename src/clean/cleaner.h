// Clean: finds boilerplate (appeals, syndication and byline footers, comment
// notices, stray counters, blocks repeated within the document), the headline,
// and the paragraphs of body text. Nothing is rewritten: the result is a set of
// spans over the document's original bytes, so later stages keep exact offsets.
//
// Lines end at LF, CRLF or a lone CR. Patterns live in
// data/lexicon/boilerplate.tsv; repetition is detected.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/span.h"
#include "ingest/reader.h"

namespace crosscheck {

struct Removal {
  std::string kind;  // appeal | syndication | byline | comments | counter | share | repeated
  Span span;         // the removed line, without its line break
};

struct CleanDocument {
  std::optional<Span> headline;   // first line when it reads as a headline
  std::string outlet;             // metadata outlet, else one named in a footer
  std::vector<Removal> removed;   // in text order
  std::vector<Span> paragraphs;   // kept body lines (headline excluded), in order
};

struct CleanOptions {
  // Lines longer than this are body text: no boilerplate is that long, and it
  // keeps pattern matching linear on megabyte-long lines.
  size_t max_boilerplate_line = 4096;
  // Lines at least this long that occur twice are removed the second time.
  size_t min_repeated_line = 40;
};

// Thread-safe. Spans index doc.text and stay valid while doc lives.
CleanDocument Clean(const Document& doc, const CleanOptions& options = {});

}  // namespace crosscheck
