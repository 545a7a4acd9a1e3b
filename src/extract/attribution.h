// Who says what: people named in a document, and the attribution cues
// ("X said", "according to X", "X told reporters", headline "X Says") that
// make a sentence's content somebody's claim or give a quotation its speaker.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/span.h"
#include "text/segment.h"

namespace crosscheck {

// A person named in the reports, with what the text says about them.
struct Person {
  std::string name;         // full name as first written: "Zabihullah Mujahid"
  std::string surname;      // last word: "Mujahid"
  std::string role;         // "spokesman", "prime minister", ... or empty
  std::string affiliation;  // "Taliban", "Pakistan" ... or empty
  std::string side;         // side of the affiliation (data/lexicon/sides.tsv) or empty
  std::vector<size_t> mentions;  // byte offsets of mentions in this document, in text order
};

// People of one document; merged across documents with Merge().
class People {
 public:
  // Finds names introduced by a title ("spokesman Zabihullah Mujahid"), as
  // speakers ("Zabihullah Mujahid said") or with an appositive role.
  static People Find(std::string_view text, const SegmentedText& seg);

  // Fills unknown role/affiliation/side of this document's people from `other`
  // (the same name found elsewhere in the corpus).
  void FillFrom(const People& other);
  // Adds `other`'s people and facts not yet known here.
  void Merge(const People& other);

  const Person* ByName(std::string_view name) const;
  const Person* BySurname(std::string_view surname) const;
  // The person mentioned last before `offset`; with `role_hint` ("spokes")
  // the last whose role contains it, falling back to anyone. O(log mentions),
  // plus one step per person when a hint is given.
  const Person* LastBefore(size_t offset, std::string_view role_hint = {}) const;
  const std::vector<Person>& all() const { return people_; }

 private:
  Person& Add(const std::string& name);
  std::vector<Person> people_;
  // (offset, index into people_) of every mention, in text order: Find's
  // people only (Merge adds names without mentions), so indices stay valid.
  std::vector<std::pair<size_t, size_t>> by_offset_;
};

struct Source {
  std::string name;         // canonical: "Zabihullah Mujahid", "Taliban government"
  std::string kind;         // person | organization
  std::string side;         // the party the source speaks for, or empty
  std::string affiliation;  // organisation a person speaks for, or empty
  Span span;                // the words the attribution rests on ("he", "the spokesperson")
};

struct Attribution {
  size_t cue_token = 0;     // the cue verb ("said"), "according", or ':' ("Trump: “…”")
  bool leading = true;      // false when the cue follows the content it covers
  std::string modality;     // claimed | confirmed | denied
  Source source;
  // Found only with AttributionOptions::quotations: safe next to quote marks,
  // too loose for a claim's source. With that option a pronoun speaker has an
  // empty source.name (source.span and source.kind name it).
  bool loose = false;
};

struct AttributionOptions {
  // Also read the looser cues that introduce quotations (each marked loose):
  // verbs of data/lexicon/quote_cues.tsv ("…,” Scarborough continued", "he
  // wrote"), a dash before a name ("“…” ― Esther Tapia"), "Name:" before a
  // quote mark, speakers named by a common noun ("the gambling tycoon told
  // Reuters", "said an Iowa Democrat"), "X, who …, said", participles
  // ("…, saying"), and pronouns, left unresolved (empty name) for the caller.
  // Default: off, as claims and link want.
  bool quotations = false;
};

// Attribution cues of one sentence, in token order. `people` resolves
// pronouns, role nouns and surnames. Cost: linear in the sentence's tokens
// (speaker phrases are bounded in length).
std::vector<Attribution> FindAttributions(std::string_view text, const SegmentedText& seg,
                                          const Sentence& sentence, const People& people,
                                          const AttributionOptions& options = {});

// The name, pronoun or noun phrase that opens the sentence, when a lower-case
// word (its verb) follows: "Mujahid denied …", "He accused …", "A footnote in
// the report makes …". A pronoun comes back unresolved: empty name, its span
// and kind (person | organization) set.
std::optional<Source> SentenceSubject(std::string_view text, const SegmentedText& seg, const Sentence& sentence,
                                      const People& people);

// The side named by tokens[begin, end) (first match, longest phrase), or empty.
std::string SideOf(const std::vector<Token>& tokens, size_t begin, size_t end, size_t* at = nullptr);

}  // namespace crosscheck
