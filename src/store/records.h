// How the store encodes per-document results (internal to src/store): the
// fields of Claim, Quote, Link and Person for base/codec.h. The encoding is
// part of the store's schema: a field added here needs a schema version and
// a migration (store.cc) that reads the old encoding.
#pragma once

#include <vector>

#include <cmath>

#include "base/codec.h"
#include "clean/cleaner.h"
#include "cluster/features.h"
#include "extract/attribution.h"
#include "extract/claims.h"
#include "extract/quotes.h"
#include "link/index.h"
#include "link/link.h"
#include "text/quantity.h"
#include "text/segment.h"

namespace crosscheck {

template <typename Ar>
void Io(Ar& ar, Quantity& q) {
  using codec::Io;
  Io(ar, q.value);
  Io(ar, q.low);
  Io(ar, q.high);
  Io(ar, q.qualifier);
  Io(ar, q.vague);
  Io(ar, q.rounded);
  Io(ar, q.unit);
  Io(ar, q.unit_kind);
}

template <typename Ar>
void Io(Ar& ar, Source& s) {
  using codec::Io;
  Io(ar, s.name);
  Io(ar, s.kind);
  Io(ar, s.side);
  Io(ar, s.affiliation);
  Io(ar, s.span);
}

template <typename Ar>
void Io(Ar& ar, Claim& c) {
  using codec::Io;
  Io(ar, c.doc);
  Io(ar, c.type);
  Io(ar, c.quantity);
  Io(ar, c.subject);
  Io(ar, c.subject_side);
  Io(ar, c.category);
  Io(ar, c.source);
  Io(ar, c.modality);
  Io(ar, c.unverified);
  Io(ar, c.in_headline);
  Io(ar, c.additive);
  Io(ar, c.one_person);
  Io(ar, c.individual);
  Io(ar, c.sentence);
  Io(ar, c.span);
  Io(ar, c.when);
  Io(ar, c.where);
}

template <typename Ar>
void Io(Ar& ar, Quote& q) {
  using codec::Io;
  Io(ar, q.doc);
  Io(ar, q.span);
  Io(ar, q.text);
  Io(ar, q.speaker);
  Io(ar, q.speaker_span);
  Io(ar, q.cue);
  Io(ar, q.partial);
}

template <typename Ar>
void Io(Ar& ar, Person& p) {
  using codec::Io;
  Io(ar, p.name);
  Io(ar, p.surname);
  Io(ar, p.role);
  Io(ar, p.affiliation);
  Io(ar, p.side);
}

template <typename Ar>
void Io(Ar& ar, Passage& p) {
  using codec::Io;
  Io(ar, p.a);
  Io(ar, p.b);
  Io(ar, p.similarity);
  Io(ar, p.quote);
}

template <typename Ar>
void Io(Ar& ar, Drift& d) {
  using codec::Io;
  Io(ar, d.a);
  Io(ar, d.b);
  Io(ar, d.a_source);
  Io(ar, d.b_source);
  Io(ar, d.what);
}

template <typename Ar>
void Io(Ar& ar, Link& l) {
  using codec::Io;
  Io(ar, l.a);
  Io(ar, l.b);
  Io(ar, l.kind);
  Io(ar, l.similarity);
  Io(ar, l.direction);
  Io(ar, l.passages);
  Io(ar, l.drift);
}

// Schema 3: what Engine::Resume replays (report/engine.h, ReplayState).

template <typename Ar>
void Io(Ar& ar, Removal& r) {
  using codec::Io;
  Io(ar, r.kind);
  Io(ar, r.span);
  Io(ar, r.reason);
}

template <typename Ar>
void Io(Ar& ar, CleanDocument& c) {
  using codec::Io;
  Io(ar, c.headline);
  Io(ar, c.outlet);
  Io(ar, c.removed);
  Io(ar, c.paragraphs);
}

template <typename Ar>
void Io(Ar& ar, DocumentSketch& s) {
  using codec::Io;
  using codec::IoRaw;
  IoRaw(ar, s.content_hash);
  Io(ar, s.words);
  Io(ar, s.shingles);
  IoRaw(ar, s.minhash);
  IoRaw(ar, s.seeds);
}

// A sketch as schemas 3 to 6 stored it, every field a varint (migrating a
// store to schema 7 re-encodes them).
struct SketchBeforeV7 {
  DocumentSketch sketch;
};
template <typename Ar>
void Io(Ar& ar, SketchBeforeV7& old) {
  using codec::Io;
  DocumentSketch& s = old.sketch;
  Io(ar, s.content_hash);
  Io(ar, s.words);
  Io(ar, s.shingles);
  Io(ar, s.minhash);
  Io(ar, s.seeds);
}

template <typename Ar>
void Io(Ar& ar, Date& d) {
  using codec::Io;
  int64_t y = d.year, m = d.month, day = d.day;
  Io(ar, y);
  Io(ar, m);
  Io(ar, day);
  if constexpr (Ar::kReading) d = {static_cast<int>(y), static_cast<int>(m), static_cast<int>(day)};
}

template <typename Ar>
void Io(Ar& ar, DocumentFeatures& f) {
  using codec::Io;
  Io(ar, f.terms);
  Io(ar, f.entities);
  Io(ar, f.places);
  Io(ar, f.times);
  Io(ar, f.event_date);
}

// Whether a decoded replay state fits its document (a text of `size`
// bytes) and the options it is replayed with: a damaged store's state is
// not used (the report is prepared again), never indexed past.
inline bool Fits(const CleanDocument& c, const DocumentSketch& s, const DocumentFeatures& f, size_t size,
                 size_t minhash_bins) {
  auto in = [size](Span x) { return SpanFits(x, size); };
  if (c.headline && !in(*c.headline)) return false;
  for (const Removal& r : c.removed) {
    if (!in(r.span)) return false;
  }
  for (const Span& p : c.paragraphs) {
    if (!in(p)) return false;
  }
  if (!s.minhash.empty() && s.minhash.size() != minhash_bins) return false;
  // Counts are positive: their logarithms weigh features.
  for (const auto* counts : {&f.terms, &f.entities, &f.places, &f.times}) {
    for (const auto& [key, n] : *counts) {
      if (!(n > 0 && std::isfinite(n))) return false;
    }
  }
  return true;
}

// Whether every span of decoded results lies in a text of `size` bytes: a
// damaged or hostile store must fail to load, not index past a text.
inline bool SpansFit(const std::vector<Claim>& claims, const std::vector<Quote>& quotes, size_t size) {
  auto in = [size](Span s) { return SpanFits(s, size); };
  for (const Claim& c : claims) {
    if (!in(c.span) || !in(c.sentence) || !in(c.source.span)) return false;
  }
  for (const Quote& q : quotes) {
    if (!in(q.span) || !in(q.speaker_span)) return false;
  }
  return true;
}

inline bool SpansFit(const Link& l, size_t a_size, size_t b_size) {
  for (const Passage& p : l.passages) {
    if (!SpanFits(p.a, a_size) || !SpanFits(p.b, b_size)) return false;
  }
  for (const Drift& d : l.drift) {
    if (!SpanFits(d.a, a_size) || !SpanFits(d.b, b_size)) return false;
  }
  return true;
}

}  // namespace crosscheck
