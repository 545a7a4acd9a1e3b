// Word lists: the lexicons that several stages ask about every token ("is it
// a stopword?", "a determiner?", "a side?"). Which of them a token's
// lower-case form is a key of is found once, when the token is made (Segment,
// DecodeTokens), with one look-up in a table merged from them all, and kept
// in Token::lists; a stage then tests a bit instead of hashing the word into
// each lexicon again.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/lexicon.h"
#include "text/segment.h"

namespace crosscheck {

// Each is the embedded lexicon data/lexicon/<name>.tsv, except
// kQuantityStarters, kSideStarts and kInstitutionStarts (see LexiconOf).
// At most 31.
enum class WordList : uint8_t {
  kStopwords,          // stopwords.tsv
  kNpStop,             // np_stop.tsv
  kDeterminers,        // determiners.tsv
  kPronouns,           // pronouns.tsv
  kCalendar,           // calendar.tsv
  kNameConnectors,     // name_connectors.tsv
  kLinkFunctionWords,  // link_function_words.tsv
  kSides,              // sides.tsv
  kTriggers,           // triggers.tsv
  kVictims,            // victims.tsv
  kRoles,              // roles.tsv
  kSpeech,             // speech.tsv
  kQuoteCues,          // quote_cues.tsv
  kCueModifiers,       // cue_modifiers.tsv
  kTimeMarkers,        // time_markers.tsv
  kQuoteMarks,         // quotes.tsv
  kLinkCues,           // link_cues.tsv
  kPlaceNouns,         // place_nouns.tsv
  kListCues,           // list_cues.tsv
  kOrgHeads,           // org_heads.tsv
  kRoleNouns,          // role_nouns.tsv
  kQuantityStarters,   // every word a quantity can start with (LexiconOf)
  kSideStarts,         // the first word of a key of sides.tsv (LexiconOf)
  kInstitutionStarts,  // the first word of a key of institutions.tsv (LexiconOf)
  kCount,
};

// The lexicon of `list`. kQuantityStarters: the first words of the qualifier
// and vague phrases (qualifiers.tsv, vague.tsv), the number words
// (numbers.tsv), "between", "half" ("half a dozen") and "a" ("a hundred").
// kSideStarts: the first word of every key of sides.tsv ("islamic" of
// "islamic state"), so that a token not in it begins no side: what
// Lexicon::IsPrefix of the sides would say of the token alone, for any
// token whose lower-case form has no capital and no space (all that
// Segment makes but a lone combining mark after a space).
// kInstitutionStarts: the first word of every key of institutions.tsv
// ("air" of "air force").
// Thread-safe; the reference lives for the whole program.
const Lexicon& LexiconOf(WordList list);

// Bit k set when LexiconOf(WordList k) has the key `lower`, and kListsKnown:
// the value of Token::lists for a token whose lower-case form is `lower`.
inline constexpr uint32_t kListsKnown = uint32_t{1} << 31;
// The bit of `list` in Token::lists (meaningful with kListsKnown).
constexpr uint32_t ListBit(WordList list) { return uint32_t{1} << static_cast<int>(list); }
uint32_t WordListsOf(std::string_view lower);

// Whether t.lower is a key of `list`'s lexicon: LexiconOf(list).Contains(t.lower),
// from the token's bits when it has them.
inline bool InList(const Token& t, WordList list) {
  if (t.lists & kListsKnown) return (t.lists & ListBit(list)) != 0;
  return LexiconOf(list).Contains(t.lower);
}

// LexiconOf(list).Find(t.lower), with no look-up when the token's bits say
// the word is not there (most words are in no list).
inline const Lexicon::Row* FindInList(const Token& t, WordList list) {
  if ((t.lists & kListsKnown) && !(t.lists & ListBit(list))) return nullptr;
  return LexiconOf(list).Find(t.lower);
}

// LexiconOf(list).Field(t.lower, i), with no look-up when the token's bits
// say the word is not there.
inline std::string_view FieldInList(const Token& t, WordList list, size_t i = 0) {
  if ((t.lists & kListsKnown) && !(t.lists & ListBit(list))) return {};
  return LexiconOf(list).Field(t.lower, i);
}

}  // namespace crosscheck
