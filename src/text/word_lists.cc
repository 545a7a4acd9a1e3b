#include "text/word_lists.h"

#include <array>
#include <cassert>
#include <string>
#include <vector>

#include "base/recent_words.h"

namespace crosscheck {

namespace {

constexpr size_t kLists = static_cast<size_t>(WordList::kCount);
static_assert(kLists <= 31, "Token::lists keeps one bit a list and kListsKnown");

constexpr std::array<const char*, kLists> kNames = {
    "stopwords.tsv", "np_stop.tsv",         "determiners.tsv", "pronouns.tsv",     "calendar.tsv",
    "name_connectors.tsv", "link_function_words.tsv", "sides.tsv", "triggers.tsv", "victims.tsv",
    "roles.tsv",     "speech.tsv",          "quote_cues.tsv",  "cue_modifiers.tsv", "time_markers.tsv",
    "quotes.tsv",    "link_cues.tsv",       "place_nouns.tsv", "list_cues.tsv",    "org_heads.tsv",
    "role_nouns.tsv",
    nullptr,  // kQuantityStarters
    nullptr,  // kSideStarts
    nullptr,  // kInstitutionStarts
};

// First words of the keys of `name`, as lines of a lexicon (an empty first
// word kept as an empty first field; a key's line never starts with '#').
std::string FirstWords(const char* name) {
  std::string tsv;
  for (const Lexicon::Row& row : Lexicon::Get(name).rows()) {
    tsv.append(std::string_view(row[0]).substr(0, row[0].find(' '))).append("\t\n");
  }
  return tsv;
}

const Lexicon& QuantityStarters() {
  static const Lexicon lex = [] {
    std::string tsv = "between\t\nhalf\t\na\t\n";
    for (const char* name : {"qualifiers.tsv", "vague.tsv", "numbers.tsv"}) tsv += FirstWords(name);
    return Lexicon::Parse(tsv);  // Parse lower-cases the keys
  }();
  return lex;
}

const Lexicon& SideStarts() {
  static const Lexicon lex = Lexicon::Parse(FirstWords("sides.tsv"));
  return lex;
}

const Lexicon& InstitutionStarts() {
  static const Lexicon lex = Lexicon::Parse(FirstWords("institutions.tsv"));
  return lex;
}

// Every one-word key of every list, and the lists each is in (by key number).
struct Merged {
  Lexicon words;
  std::vector<uint32_t> lists;
};

const Merged& MergedLists() {
  static const Merged merged = [] {
    Merged m;
    std::string tsv;
    for (size_t k = 0; k < kLists; ++k) {
      // Every key, phrases too (a token may hold a space: ICU joins a
      // combining mark to the space before it), and an empty key as an
      // empty first field; a key's line never starts with '#'.
      for (const Lexicon::Row& row : LexiconOf(static_cast<WordList>(k)).rows()) tsv.append(row[0]).append("\t\n");
    }
    m.words = Lexicon::Parse(tsv);
    // A merged key is in list k when one of k's keys is it (both matched
    // lower-cased): one look-up a row, not one a row and list.
    for (size_t k = 0; k < kLists; ++k) {
      for (const Lexicon::Row& row : LexiconOf(static_cast<WordList>(k)).rows()) {
        const int32_t number = m.words.Number(row[0]);  // every row's key was merged above
        assert(number >= 0);
        if (number < 0) continue;
        if (m.lists.size() <= static_cast<size_t>(number)) m.lists.resize(number + 1, 0);
        m.lists[number] |= ListBit(static_cast<WordList>(k));
      }
    }
    return m;
  }();
  return merged;
}

}  // namespace

const Lexicon& LexiconOf(WordList list) {
  static const std::array<const Lexicon*, kLists> lexicons = [] {
    std::array<const Lexicon*, kLists> all;
    for (size_t k = 0; k < kLists; ++k) {
      if (static_cast<WordList>(k) == WordList::kQuantityStarters) {
        all[k] = &QuantityStarters();
      } else if (static_cast<WordList>(k) == WordList::kSideStarts) {
        all[k] = &SideStarts();
      } else if (static_cast<WordList>(k) == WordList::kInstitutionStarts) {
        all[k] = &InstitutionStarts();
      } else {
        assert(kNames[k] != nullptr);
        all[k] = &Lexicon::Get(kNames[k]);
      }
    }
    return all;
  }();
  return *lexicons[static_cast<size_t>(list)];
}

uint32_t WordListsOf(std::string_view lower) {
  // A thread's recent words first: most tokens are frequent words.
  thread_local constinit RecentWords<uint32_t> recent;
  if (const uint32_t* bits = recent.Find(lower)) return *bits;
  const Merged& m = MergedLists();
  const int32_t number = m.words.Number(lower);
  const uint32_t bits = kListsKnown | (number >= 0 ? m.lists[number] : 0);
  recent.Put(lower, bits);
  return bits;
}

}  // namespace crosscheck
