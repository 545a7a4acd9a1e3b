// How the store encodes per-document results (internal to src/store): the
// fields of Claim, Quote, Link and Person for base/codec.h. The encoding is
// part of the store's schema: a field added here needs a schema version and
// a migration (store.cc) that reads the old encoding.
#pragma once

#include "base/codec.h"
#include "extract/attribution.h"
#include "extract/claims.h"
#include "extract/quotes.h"
#include "link/link.h"
#include "text/quantity.h"

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

}  // namespace crosscheck
