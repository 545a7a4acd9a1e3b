// Who says what: people named in a document, and the attribution cues
// ("X said", "according to X", "X told reporters", headline "X Says") that
// make a sentence's content somebody's claim or give a quotation its speaker.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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

// People of one document; merged across documents with Merge(). Names and
// surnames are indexed by hash, so adding or looking up a person costs the
// same however many people are known: merging every report into the corpus
// costs what the reports hold, not reports x people.
class People {
 public:
  // Finds names introduced by a title ("spokesman Zabihullah Mujahid"), as
  // speakers ("Zabihullah Mujahid said") or with an appositive role.
  static People Find(std::string_view text, const SegmentedText& seg);

  // Fills unknown role/affiliation/side of this document's people from `other`
  // (the same name found elsewhere in the corpus). O(this document's people).
  void FillFrom(const People& other);
  // Adds `other`'s people and facts not yet known here. O(other's people).
  void Merge(const People& other);
  // The same for one person (its name, role, affiliation, side; not its
  // mentions): a corpus rebuilt from stored people (src/store).
  void Merge(const Person& other);

  // Makes ByName and BySurname also look in `corpus`, read-only, after this
  // document's own people: the same answers as a copy of this object with
  // `corpus` merged in (own people first, then the corpus's in its order),
  // without the copy. all() and LastBefore still see this document's people
  // only, as they would have seen in the copy (merged people have no
  // mentions). `corpus` must outlive every lookup and not change while it
  // is read; nullptr removes it. The fallback is not followed further.
  // With `asked`, every question put to `corpus` is appended to it ("n" +
  // name for ByName, "s" + surname for BySurname): what a document's results
  // depend on in the corpus (report/engine.h re-reads a document when a later
  // one changes the answer). `asked` must outlive the lookups.
  void LookUpAlsoIn(const People* corpus, std::vector<std::string>* asked = nullptr) {
    corpus_ = corpus;
    asked_ = asked;
  }

  // The person with this full name / the first with this surname: this
  // document's, else LookUpAlsoIn's corpus's. O(1) expected.
  const Person* ByName(std::string_view name) const;
  const Person* BySurname(std::string_view surname) const;
  // The person mentioned last before `offset`; with `role_hint` ("spokes")
  // the last whose role contains it, falling back to anyone. O(log mentions),
  // plus one step per person of this document when a hint is given.
  const Person* LastBefore(size_t offset, std::string_view role_hint = {}) const;
  // This document's (or the merged corpus's) people, in the order first found.
  const std::vector<Person>& all() const { return people_; }

  // Person records examined by Add, Merge, FillFrom, ByName and BySurname on
  // the calling thread since it started: a count that stays proportional to
  // what is added and looked up, whatever the corpus size. For tests.
  static uint64_t examined();

 private:
  // Heterogeneous lookup: a string_view finds a std::string key unconverted.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, size_t, Hash, std::equal_to<>>;

  Person& Add(const std::string& name);
  const Person* OwnByName(std::string_view name) const;
  const Person* OwnBySurname(std::string_view surname) const;

  std::vector<Person> people_;
  Index by_name_;     // name -> index into people_
  Index by_surname_;  // surname -> index of the first person with it
  // (offset, index into people_) of every mention, in text order: Find's
  // people only (Merge adds names without mentions), so indices stay valid.
  std::vector<std::pair<size_t, size_t>> by_offset_;
  const People* corpus_ = nullptr;  // LookUpAlsoIn's
  std::vector<std::string>* asked_ = nullptr;  // LookUpAlsoIn's
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
