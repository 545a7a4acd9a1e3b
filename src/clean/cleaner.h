// Clean: finds boilerplate (appeals, syndication and byline footers, comment
// notices, stray counters, blocks repeated within the document, and blocks
// that recur across many pages of one outlet, learned from the batch by
// OutletBoilerplate), the headline, and the paragraphs of body text. Nothing is rewritten: the result is a set of
// spans over the document's original bytes, so later stages keep exact offsets.
//
// Lines end at LF, CRLF or a lone CR. Patterns live in
// data/lexicon/boilerplate.tsv; repetition is detected.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/span.h"
#include "ingest/reader.h"

namespace crosscheck {

struct Removal {
  // appeal | syndication | byline | comments | counter | share | repeated
  // (within the document) | recurring (across pages of the outlet)
  std::string kind;
  Span span;           // the removed line, without its line break
  std::string reason;  // for "recurring": "recurs on 5 pages of www.example.com"; else empty
};

struct CleanDocument {
  std::optional<Span> headline;   // first line when it reads as a headline
  std::string outlet;             // metadata outlet, else one named in a footer
  std::vector<Removal> removed;   // in text order
  std::vector<Span> paragraphs;   // kept body lines (headline excluded), in order
};

// Thresholds of learned boilerplate: which lines count as the template of
// an outlet rather than its reporting.
struct OutletBoilerplateOptions {
  // A line recurs when at least this many pages of one outlet hold it
  // (each page counted once, and pages with the same title once: reposts
  // and copies of one article are not a template). Default 3: navigation,
  // newsletter boxes, donation appeals and footers are on every page, while
  // two updates of one story sharing a paragraph are not removed.
  size_t min_pages = 3;
  // ... and at least this share of the outlet's pages (0.2: a box on one
  // template in five is still the template, a paragraph quoted in three
  // articles of a 100-page crawl is not).
  double min_share = 0.2;
  // Lines longer than this (bytes) are body text and never learned: the
  // template's blocks are short, and an article paragraph an outlet reuses
  // word for word is reporting.
  size_t max_line = 600;
  // The most distinct (outlet, line) pairs counted, so that memory is
  // bounded on any corpus (16 bytes each, about 130 MB at the default);
  // lines first seen after that are not learned.
  size_t max_tracked = size_t{8} << 20;
};

// Lines that recur across pages of one outlet, counted over documents
// before they are cleaned: Add() counts one page, PagesWith() answers with
// the counts so far. The outlet is Document::outlet, else the host of
// Document::url; documents with neither are not counted (text files of
// unknown origin share no template).
class OutletBoilerplate {
 public:
  explicit OutletBoilerplate(const OutletBoilerplateOptions& options = {}) : options_(options) {}
  // Counts every document (in order) into a new table.
  static OutletBoilerplate Learn(const std::vector<Document>& docs, const OutletBoilerplateOptions& options = {});

  // Counts the lines of one more page.
  void Add(const Document& doc) { Add(doc, doc.text); }
  // The same with `text` as the page's text (a document held without it).
  void Add(const Document& doc, std::string_view text);

  // The outlet key of a document: its outlet, else its URL's host; empty when none.
  static std::string OutletOf(const Document& doc);
  // Pages of `outlet` holding `line` (trimmed) when the line is learned
  // boilerplate there (by the thresholds of the options); 0 otherwise.
  size_t PagesWith(std::string_view outlet, std::string_view line) const;
  size_t size() const;  // learned (outlet, line) pairs

 private:
  struct Outlet {
    uint32_t pages = 0;
    std::unordered_set<uint64_t> titles;  // hashes: a copy's title is counted once
  };
  struct Count {
    uint32_t pages = 0;
    uint32_t outlet = 0;
  };
  bool Learned(const Count& c) const;

  OutletBoilerplateOptions options_;
  std::vector<Outlet> outlets_;
  std::unordered_map<std::string, uint32_t> outlet_index_;
  std::unordered_map<uint64_t, Count> counts_;  // hash(outlet, line) -> pages holding it
};

struct CleanOptions {
  // Lines longer than this are body text: no boilerplate is that long, and it
  // keeps pattern matching linear on megabyte-long lines.
  size_t max_boilerplate_line = 4096;
  // Lines at least this long that occur twice are removed the second time.
  size_t min_repeated_line = 40;
  // Learned per-outlet boilerplate to remove (kind "recurring"); null: none.
  // Must outlive the call.
  const OutletBoilerplate* learned = nullptr;
};

// Thread-safe. Spans index doc.text and stay valid while doc lives.
CleanDocument Clean(const Document& doc, const CleanOptions& options = {});

}  // namespace crosscheck
