// Name comparison for entity resolution (internal to src/entity/): the key a
// name is matched by, a transliteration skeleton, a bounded edit distance and
// acronym-to-long-form matching. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace crosscheck::entity_internal {

// The key names are compared by: lower case, diacritics removed
// ("Nangarhār" -> "nangarhar"), typographic apostrophes and dashes folded to
// ' and - ("Afghanistan–Pakistan" -> "afghanistan-pakistan"), runs of spaces
// made one, a leading "the " dropped. Invalid UTF-8 is kept byte for byte.
std::string NameKey(std::string_view name);

// A spelling-insensitive skeleton of a key for transliterated names: letters
// and digits only, vowels after a word's first letter dropped, letters
// doubled as written made one ("mm", not the "s s" of "sasa"), q -> k.
// "tehreek-i-taliban pakistan" and "tehrik-i-taliban pakistan" both give
// "thrkitlbnpkstn"; "muhammad" and "mohammed" both give "mhmd".
std::string Skeleton(std::string_view key);

// Levenshtein distance between a and b when it is at most `limit`, else
// limit + 1. Time O(|a| * (2 * limit + 1)).
size_t BoundedEditDistance(std::string_view a, std::string_view b, size_t limit);

// True for a word written as an acronym: 2 to 10 letters or digits (a glued
// hyphen allowed: "ISIS-K"), at least two capitals, no lower-case letter
// except a plural s at the end.
bool LooksLikeAcronym(std::string_view word);

// The blanks a name may hold (space, tab, line breaks): NameKey makes a run of
// them one space.
inline bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Schwartz & Hearst (2003): the byte offset in `candidate` where the long form
// of `acronym` starts, or npos when the letters of the acronym cannot be
// found, in order, in `candidate` with its first letter opening a word.
// "ISKP" in "members of the Islamic State Khorasan Province" -> offset of
// "Islamic". Non-alphanumeric characters of the acronym are ignored.
size_t LongFormStart(std::string_view acronym, std::string_view candidate);

}  // namespace crosscheck::entity_internal
