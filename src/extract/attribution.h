// Who says what: people named in a document, and the attribution cues
// ("X said", "according to X", "X told reporters", headline "X Says") that
// make a sentence's content somebody's claim.
#pragma once

#include <map>
#include <string>
#include <string_view>
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
  std::vector<size_t> mentions;  // byte offsets of mentions in this document
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
  // the last whose role contains it, falling back to anyone.
  const Person* LastBefore(size_t offset, std::string_view role_hint = {}) const;
  const std::vector<Person>& all() const { return people_; }

 private:
  Person& Add(const std::string& name);
  std::vector<Person> people_;
};

struct Source {
  std::string name;         // canonical: "Zabihullah Mujahid", "Taliban government"
  std::string kind;         // person | organization
  std::string side;         // the party the source speaks for, or empty
  std::string affiliation;  // organisation a person speaks for, or empty
  Span span;                // the words the attribution rests on ("he", "the spokesperson")
};

struct Attribution {
  size_t cue_token = 0;     // the cue verb ("said") or "according"
  bool leading = true;      // false when the cue follows the content it covers
  std::string modality;     // claimed | confirmed | denied
  Source source;
};

// Attribution cues of one sentence, in token order. `people` resolves
// pronouns, role nouns and surnames.
std::vector<Attribution> FindAttributions(std::string_view text, const SegmentedText& seg,
                                          const Sentence& sentence, const People& people);

// The side named by tokens[begin, end) (first match, longest phrase), or empty.
std::string SideOf(const std::vector<Token>& tokens, size_t begin, size_t end, size_t* at = nullptr);

}  // namespace crosscheck
