#include "base/lexicon.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

namespace crosscheck {
namespace {

TEST(Lexicon, KeysMatchCaseInsensitively) {
  Lexicon lex = Lexicon::Parse("Taliban\tside\tAF\n");
  ASSERT_NE(lex.Find("taliban"), nullptr);
  EXPECT_EQ(*lex.Find("TALIBAN"), (Lexicon::Row{"side", "AF"}));
  EXPECT_TRUE(lex.Contains("TaLiBaN"));
  EXPECT_FALSE(lex.Contains("talibans"));
  EXPECT_FALSE(lex.Contains("taliba"));
}

TEST(Lexicon, FieldsByIndexAndNumbersByFirstAppearance) {
  Lexicon lex = Lexicon::Parse("Taliban\tside\tAF\nsaid\nislamic state\tside\ntaliban\tgroup\n");
  EXPECT_EQ(lex.Field("TALIBAN"), "group");  // the later duplicate's fields
  EXPECT_EQ(lex.Field("taliban", 1), "");    // which has one field
  EXPECT_EQ(lex.Field("said"), "");          // a key without fields
  EXPECT_EQ(lex.Field("kabul"), "");         // no such key
  EXPECT_EQ(lex.Number("taliban"), 0);
  EXPECT_EQ(lex.Number("SAID"), 1);
  EXPECT_EQ(lex.Number("Islamic State"), 2);
  EXPECT_EQ(lex.Number("islamic"), -1);     // a prefix only
  EXPECT_EQ(lex.Number("kabul"), -1);
}

TEST(Lexicon, LaterDuplicatesWinButRowsKeepBoth) {
  Lexicon lex = Lexicon::Parse("said\tverb\nSAID\tnoun\n");
  EXPECT_EQ(*lex.Find("said"), (Lexicon::Row{"noun"}));
  ASSERT_EQ(lex.rows().size(), 2u);
  EXPECT_EQ(lex.rows()[0], (Lexicon::Row{"said", "verb"}));
  EXPECT_EQ(lex.rows()[1], (Lexicon::Row{"SAID", "noun"}));
}

TEST(Lexicon, SkipsCommentsBlankLinesAndCarriageReturns) {
  Lexicon lex = Lexicon::Parse("# header\n\nfoo\tbar\r\nbaz\n");
  EXPECT_EQ(*lex.Find("foo"), (Lexicon::Row{"bar"}));
  EXPECT_EQ(*lex.Find("baz"), Lexicon::Row{});
  EXPECT_FALSE(lex.Contains("# header"));
  EXPECT_EQ(lex.rows().size(), 2u);
}

TEST(Lexicon, MultiWordKeysAndPrefixes) {
  Lexicon lex = Lexicon::Parse("more than\tqual\nup to two\tqual\n");
  EXPECT_EQ(lex.max_words(), 3u);
  EXPECT_TRUE(lex.Contains("More Than"));
  EXPECT_FALSE(lex.Contains("more"));  // a prefix is no key
  EXPECT_TRUE(lex.IsPrefix("more"));
  EXPECT_TRUE(lex.IsPrefix("more than"));
  EXPECT_TRUE(lex.IsPrefix("up to"));
  EXPECT_FALSE(lex.IsPrefix("up t"));
  EXPECT_FALSE(lex.IsPrefix("than"));
  EXPECT_FALSE(lex.IsPrefix("more than two"));
  EXPECT_FALSE(lex.IsPrefix("More"));  // IsPrefix takes lower-case words as they are
}

TEST(Lexicon, PrefixThatIsAlsoAKey) {
  Lexicon lex = Lexicon::Parse("more than\ta\nmore\tb\n");
  EXPECT_EQ(*lex.Find("more"), (Lexicon::Row{"b"}));
  EXPECT_TRUE(lex.IsPrefix("more"));
}

TEST(Lexicon, EmptyKeyAndEmptyLexicon) {
  Lexicon lex = Lexicon::Parse("\tblank\n");
  ASSERT_NE(lex.Find(""), nullptr);
  EXPECT_EQ(*lex.Find(""), (Lexicon::Row{"blank"}));
  EXPECT_TRUE(lex.IsPrefix(""));
  EXPECT_FALSE(lex.Contains("x"));

  Lexicon none = Lexicon::Parse("# nothing\n");
  EXPECT_FALSE(none.Contains(""));
  EXPECT_FALSE(none.IsPrefix(""));
  EXPECT_EQ(none.max_words(), 1u);
}

TEST(Lexicon, OnlyAsciiIsFolded) {
  Lexicon lex = Lexicon::Parse("\xC3\x87" "avu\xC5\x9F" "\tname\n");            // Çavuş
  EXPECT_TRUE(lex.Contains("\xC3\x87" "AVU\xC5\x9F"));                       // ÇAVUş
  EXPECT_FALSE(lex.Contains("\xC3\xA7" "avu\xC5\x9F"));                      // çavuş
  EXPECT_FALSE(lex.Contains("\xC3\x87" "avu\xC5\x9E"));                      // ÇavuŞ
}

TEST(Lexicon, LongUpperCaseKey) {
  std::string key(200, 'a');
  Lexicon lex = Lexicon::Parse(key + "\tx\n");
  std::string upper(200, 'A');
  EXPECT_TRUE(lex.Contains(upper));
  EXPECT_FALSE(lex.Contains(upper + "A"));
}

// Differential: many keys (table grows several times), every key found under
// every casing, near misses not found.
TEST(Lexicon, ManyKeysAgainstTheirRows) {
  std::string tsv;
  for (int i = 0; i < 5000; ++i) tsv += "Key" + std::to_string(i) + "\t" + std::to_string(i) + "\n";
  Lexicon lex = Lexicon::Parse(tsv);
  for (int i = 0; i < 5000; ++i) {
    const Lexicon::Row* r = lex.Find("KEY" + std::to_string(i));
    ASSERT_NE(r, nullptr) << i;
    EXPECT_EQ((*r)[0], std::to_string(i));
    EXPECT_FALSE(lex.Contains("key" + std::to_string(i) + "x"));
  }
}

// Find and IsPrefix against the obvious reference (a map of lower-cased keys):
// keys of every length from 0 to 40 (the folded-word comparison covers up to
// 16 bytes, longer keys compare byte by byte), capitals, non-ASCII bytes and
// the bytes next to 'A' and 'Z', probed as they are, re-cased and with one byte
// changed.
TEST(Lexicon, FindAndIsPrefixAgreeWithAMapOfLowerCasedKeys) {
  std::mt19937 rng(15);
  const std::string alphabet = std::string("aAzZ@[`{ bq") + "\xC3\x87\x80\xFF";
  auto random_string = [&](size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  std::string tsv;
  std::map<std::string, std::string> keys;  // lower-cased key -> its value
  std::vector<std::string> probes;
  for (int k = 0; k < 600; ++k) {
    std::string key = random_string(rng() % 41);
    if (key.find('\t') != std::string::npos || key.empty() || key[0] == '#' || key[0] == ' ') continue;
    std::string value = "v" + std::to_string(k);
    tsv += key + "\t" + value + "\n";
    keys[AsciiLower(key)] = value;
    probes.push_back(key);
    std::string recased = key;
    for (char& c : recased) {
      if (rng() % 2 && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      else if (rng() % 2 && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    probes.push_back(recased);
    std::string changed = key;
    changed[rng() % changed.size()] = alphabet[rng() % alphabet.size()];
    probes.push_back(changed);
    probes.push_back(key.substr(0, rng() % key.size()));
    probes.push_back(key + alphabet[rng() % alphabet.size()]);
    probes.push_back(AsciiLower(key.substr(0, key.find(' '))));
  }
  Lexicon lex = Lexicon::Parse(tsv);
  for (const std::string& probe : probes) {
    auto it = keys.find(AsciiLower(probe));
    const Lexicon::Row* row = lex.Find(probe);
    if (it == keys.end()) {
      EXPECT_EQ(row, nullptr) << probe;
    } else {
      ASSERT_NE(row, nullptr) << probe;
      EXPECT_EQ(*row, Lexicon::Row{it->second}) << probe;
    }
    // A prefix: a key itself or a key's words before a space, as they are.
    bool prefix = false;
    for (const auto& [key, value] : keys) {
      prefix |= key == probe || (key.size() > probe.size() && key.compare(0, probe.size(), probe) == 0 &&
                                 key[probe.size()] == ' ');
    }
    EXPECT_EQ(lex.IsPrefix(probe), prefix) << probe;
  }
}

}  // namespace
}  // namespace crosscheck
