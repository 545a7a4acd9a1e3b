// Word lists (text/word_lists.h): the bits a token carries say exactly what
// the lexicons say of its lower-case form, for tokens as Segment makes them
// and as a stored segmentation decodes them; a token made without them falls
// back to the lexicon.
#include "text/word_lists.h"

#include <gtest/gtest.h>

#include <string>

#include "../bench/corpus.h"
#include "clean/cleaner.h"
#include "text/segment.h"
#include "text/token_codec.h"

namespace crosscheck {
namespace {

constexpr size_t kLists = static_cast<size_t>(WordList::kCount);

bool Has(uint32_t bits, WordList list) { return (bits & ListBit(list)) != 0; }

// Every token's bits against a look-up in every list's lexicon.
void ExpectBitsMatchLexicons(const SegmentedText& seg, const std::string& where, size_t& in_some_list) {
  for (const Token& t : seg.tokens) {
    ASSERT_TRUE(t.lists & kListsKnown) << where << " '" << std::string_view(t.lower) << "'";
    in_some_list += (t.lists & ~kListsKnown) != 0;
    for (size_t k = 0; k < kLists; ++k) {
      const WordList list = static_cast<WordList>(k);
      const Lexicon& lex = LexiconOf(list);
      ASSERT_EQ(InList(t, list), lex.Contains(t.lower)) << where << " '" << std::string_view(t.lower) << "' list " << k;
      ASSERT_EQ(FindInList(t, list), lex.Find(t.lower)) << where << " '" << std::string_view(t.lower) << "' list " << k;
    }
    // The promise the side look-up relies on: a word not marked begins no side.
    if (!InList(t, WordList::kSideStarts)) {
      ASSERT_FALSE(LexiconOf(WordList::kSides).IsPrefix(t.lower)) << where << " '" << std::string_view(t.lower) << "'";
    }
  }
}

TEST(WordLists, TokensOfTheSeedsAndTheBenchCorpusCarryWhatTheLexiconsSay) {
  size_t tokens = 0, in_some_list = 0;
  std::vector<Document> docs = bench::BaseArticles();
  for (const Document& d : bench::MakeCorpus(200)) docs.push_back(d);
  for (const Document& d : docs) {
    const CleanDocument clean = Clean(d);
    const SegmentedText seg = Segment(d.text, clean);
    tokens += seg.tokens.size();
    ExpectBitsMatchLexicons(seg, d.id, in_some_list);
    // A stored segmentation decodes with the same bits.
    Result<SegmentedText> decoded = DecodeTokens(EncodeTokens(seg, d.text), d.text);
    ASSERT_TRUE(decoded.ok()) << d.id;
    ASSERT_EQ(decoded.value().tokens.size(), seg.tokens.size());
    for (size_t i = 0; i < seg.tokens.size(); ++i) {
      ASSERT_EQ(decoded.value().tokens[i].lists, seg.tokens[i].lists) << d.id << " token " << i;
    }
  }
  EXPECT_GT(tokens, 10000u);
  // Stopwords, determiners and the like are a good share of running text.
  EXPECT_GT(in_some_list * 4, tokens);
  EXPECT_LT(in_some_list, tokens);
}

TEST(WordLists, AWordHasABitForEachListItIsIn) {
  const uint32_t the = WordListsOf("the");
  EXPECT_TRUE(the & kListsKnown);
  EXPECT_TRUE(Has(the, WordList::kStopwords));
  EXPECT_TRUE(Has(the, WordList::kDeterminers));
  EXPECT_FALSE(Has(the, WordList::kTriggers));
  EXPECT_TRUE(Has(WordListsOf("killed"), WordList::kTriggers));
  EXPECT_TRUE(Has(WordListsOf("said"), WordList::kSpeech));
  // The first word of "between 10 and 20", "half a dozen", "at least".
  EXPECT_TRUE(Has(WordListsOf("between"), WordList::kQuantityStarters));
  EXPECT_TRUE(Has(WordListsOf("half"), WordList::kQuantityStarters));
  EXPECT_TRUE(Has(WordListsOf("twenty"), WordList::kQuantityStarters));
  // "islamic emirate" is a side; "islamic" alone begins one.
  EXPECT_TRUE(Has(WordListsOf("islamic"), WordList::kSideStarts));
  EXPECT_FALSE(Has(WordListsOf("islamic"), WordList::kSides));
  EXPECT_FALSE(Has(WordListsOf("emirate"), WordList::kSideStarts));
  // The lists the entity rules read: "spokesman" stands for a person, a
  // "college" heads an organisation's name, "including" opens a list of
  // places, and "air force" is an institution that "air" begins.
  EXPECT_TRUE(Has(WordListsOf("spokesman"), WordList::kRoleNouns));
  EXPECT_TRUE(Has(WordListsOf("college"), WordList::kOrgHeads));
  EXPECT_TRUE(Has(WordListsOf("including"), WordList::kListCues));
  EXPECT_TRUE(Has(WordListsOf("provinces"), WordList::kPlaceNouns));
  EXPECT_TRUE(Has(WordListsOf("air"), WordList::kInstitutionStarts));
  EXPECT_FALSE(Has(WordListsOf("force"), WordList::kInstitutionStarts));
  // Matched as Lexicon::Find matches: ASCII case folded.
  EXPECT_EQ(WordListsOf("THE"), the);
  EXPECT_EQ(WordListsOf("xyzzy"), kListsKnown);
  EXPECT_EQ(WordListsOf(""), kListsKnown);
}

// Every key of every list (phrases too: a token may hold a space), as it is
// and as a token would hold it (lower case), has exactly the bits of the
// lists that contain it.
TEST(WordLists, EveryKeyOfEveryListHasTheBitsOfTheListsThatHaveIt) {
  size_t keys = 0;
  for (size_t k = 0; k < kLists; ++k) {
    for (const Lexicon::Row& row : LexiconOf(static_cast<WordList>(k)).rows()) {
      for (const std::string& key : {row[0], AsciiLower(row[0])}) {
        uint32_t expected = kListsKnown;
        for (size_t j = 0; j < kLists; ++j) {
          if (LexiconOf(static_cast<WordList>(j)).Contains(key)) expected |= uint32_t{1} << j;
        }
        ASSERT_EQ(WordListsOf(key), expected) << "'" << key << "' of list " << k;
        ++keys;
      }
    }
  }
  EXPECT_GT(keys, 1000u);
  // The first word of every side begins one.
  for (const Lexicon::Row& row : LexiconOf(WordList::kSides).rows()) {
    const std::string first = AsciiLower(row[0].substr(0, row[0].find(' ')));
    EXPECT_TRUE(Has(WordListsOf(first), WordList::kSideStarts)) << first;
    EXPECT_TRUE(LexiconOf(WordList::kSides).IsPrefix(first)) << first;
  }
}

TEST(WordLists, ATokenWithoutBitsAsksTheLexicon) {
  Token t;  // made by hand: no bits
  t.lower = "the";
  ASSERT_EQ(t.lists, 0u);
  EXPECT_TRUE(InList(t, WordList::kStopwords));
  EXPECT_FALSE(InList(t, WordList::kTriggers));
  t.lower = "killed";
  ASSERT_NE(FindInList(t, WordList::kTriggers), nullptr);
  EXPECT_EQ(FieldInList(t, WordList::kTriggers), (*LexiconOf(WordList::kTriggers).Find("killed"))[0]);
}

}  // namespace
}  // namespace crosscheck
