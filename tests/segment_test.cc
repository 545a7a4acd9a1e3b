// Segmentation's fast paths against ICU (the slow, obviously-correct
// reference): the word tokenizer's ASCII path against ICU's word iterator
// (the same tokens, spans, kinds and lower case) and the one-sentence test
// against ICU's sentence iterator, on the seeds, the benchmark corpus,
// ../shared/data (when present) and random strings built from the bytes
// whose break rules differ; byte spans through ICU's UTF-16 and UTF-8
// paths; and the lower-case form a stored segmentation leaves out
// (TokenLower).
#include "text/segment.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "../bench/corpus.h"
#include "clean/cleaner.h"
#include "test_util.h"
#include "text/segment_internal.h"

namespace crosscheck {
namespace {

std::string Describe(std::string_view text, const Token& t) {
  return "[" + std::to_string(t.span.begin) + "," + std::to_string(t.span.end) + ") '" +
         std::string(t.span.Of(text)) + "' kind " + std::to_string(static_cast<int>(t.kind)) + " lower '" +
         t.lower + "' cap " + std::to_string(t.capitalized) + std::to_string(t.all_caps);
}

// Number of differing tokens (0 when equal); reports the first difference.
size_t CompareWithIcu(std::string_view text, Span span, const std::string& where) {
  std::vector<Token> fast = Tokenize(text, span);
  std::vector<Token> icu;
  text_internal::TokenizeWithIcu(text, span, icu);
  for (size_t i = 0; i < std::max(fast.size(), icu.size()); ++i) {
    std::string a = i < fast.size() ? Describe(text, fast[i]) : "(none)";
    std::string b = i < icu.size() ? Describe(text, icu[i]) : "(none)";
    if (a != b) {
      ADD_FAILURE() << where << ": token " << i << ": fast " << a << ", ICU " << b;
      return 1;
    }
  }
  return 0;
}

// Number of spans where ICU does not find one sentence and IsOneSentence
// says it would (0 when they agree); reports the first.
size_t CompareOneSentence(std::string_view text, Span span, const std::string& where) {
  if (!text_internal::IsOneSentence(span.Of(text))) return 0;
  std::vector<Span> icu;
  text_internal::SentencesWithIcu(text, span, icu);
  if (icu.size() == 1 && icu[0] == span) return 0;
  ADD_FAILURE() << where << ": '" << span.Of(text) << "' is " << icu.size() << " sentences for ICU";
  return 1;
}

// Whole text, every paragraph Clean finds and every sentence Segment finds
// (sentences start mid-line).
void CompareDocument(const std::string& text, const std::string& where) {
  if (CompareWithIcu(text, {0, text.size()}, where)) return;
  Document d = testing::Doc("d", text);
  CleanDocument clean = Clean(d);
  for (Span p : clean.paragraphs) {
    if (CompareOneSentence(text, p, where + " paragraph at " + std::to_string(p.begin))) return;
  }
  SegmentedText seg = Segment(text, clean);
  for (const Sentence& s : seg.sentences) {
    if (CompareWithIcu(text, s.span, where + " sentence at " + std::to_string(s.span.begin))) return;
  }
}

TEST(AsciiTokenizer, MatchesIcuOnTrickyStrings) {
  for (std::string s : {"a@b @x x@y.com @ @@a a@ @1 a12 12a a1b 1a2 7th a:b a.b a'b 1,000 1;2 1.2.3 a.b. U.S. 1'2 a,b a-b A.1 1.a",
                        "a1.2 1.5a ab12cd 1b.c don't Pakistan's 's a.'b a'.b 1..2 a..b 1, ,1 1,,2 $5.50",
                        "\t\r\nx\r\ny \x01z\x7f q  \"w\"  (e) [r] {t}", "a_b __ _ 1_ _a \xE2\x80\x99s",
                        "Pakistan\xE2\x80\x99s \xE2\x80\x9CWe \xE2\x80\x94 x \xCC\x81y  \xCC\x81 z \xE2\x80\x8F" "14",
                        "caf\xC3\xA9 na\xC3\xAFve \xF0\x9F\x87\xAB\xF0\x9F\x87\xB7 \xE2\x80\x8D \xEF\xBB\xBF", " ", ""}) {
    CompareWithIcu(s, {0, s.size()}, "'" + s + "'");
  }
}

// Random strings over letters, digits, every separator class, blanks and a
// few multi-byte characters (curly quotes, a combining mark, a bidi mark).
TEST(AsciiTokenizer, MatchesIcuOnRandomStrings) {
  const std::vector<std::string> alphabet = {
      "a", "Z", "x", "7", "0", ".", ",", ";", ":", "'", "\"", "-", "_", " ", " ", "  ", "\t", "\n", "\r",
      "$", "%", "(", "@", "#", "/", "&", "?", "!", "\x01", "\x7f", "\xE2\x80\x99", "\xE2\x80\x9C", "\xCC\x81", "\xE2\x80\x8F", "\xC3\xA9",
      "\xFF"};
  bench::Rng rng{42};
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    for (size_t k = 0, len = 1 + rng.Below(24); k < len; ++k) s += alphabet[rng.Below(alphabet.size())];
    if (CompareWithIcu(s, {0, s.size()}, "random '" + s + "'")) return;
  }
}

// IsOneSentence against ICU's sentence iterator on random strings of every
// sentence-break class ASCII has: terminators, closing and opening
// punctuation, blanks, line breaks, controls, letters of both cases.
TEST(OneSentence, MatchesIcuOnRandomStrings) {
  const std::vector<std::string> alphabet = {"a", "b", "Z", "Mr", "7", ".", ".", "!", "?", "\"", "'", ")", "]", "(",
                                             "{", "}", " ", " ", "\t", "\x0B", "\x0C", "\r", "\n", ",", ";", ":",
                                             "-", "\x01", "\x1F", "\x7F", std::string(1, '\0')};
  bench::Rng rng{7};
  size_t one = 0;
  for (int n = 0; n < 40000; ++n) {
    std::string s;
    for (size_t k = 0, len = 1 + rng.Below(12); k < len; ++k) s += alphabet[rng.Below(alphabet.size())];
    one += text_internal::IsOneSentence(s);
    if (CompareOneSentence(s, {0, s.size()}, "random")) return;
  }
  EXPECT_GT(one, 4000u);  // the test reaches the fast path often
  for (std::string s : {"Plain words", "Ends here.", "Asked why?!\")  ", "Mr. Smith", "U.S. troops",
                        "Two. Sentences", "Line\nbreak", "Caf\xC3\xA9.", "", "Mid (quote.) end"}) {
    EXPECT_EQ(text_internal::IsOneSentence(s), s == "Plain words" || s == "Ends here." || s == "Asked why?!\")  ")
        << s;
  }
}

TEST(AsciiTokenizer, MatchesIcuOnSeedsAndBenchCorpus) {
  for (const Document& d : bench::BaseArticles()) CompareDocument(d.text, d.id);
  for (const Document& d : bench::MakeCorpus(1000)) CompareDocument(d.text, d.id);
}

// Every text file of ../shared/data (CoNLL, ECB+, PolNeAR, Zyte HTML, ...).
TEST(AsciiTokenizer, MatchesIcuOnSharedData) {
  namespace fs = std::filesystem;
  fs::path dir = testing::SourcePath("../shared/data");
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no " << dir;
  size_t files = 0;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::string ext = e.path().extension().string();
    if (ext != ".txt" && ext != ".TXT" && ext != ".jsonl" && ext != ".json" && ext != ".tsv" && ext != ".csv" &&
        ext != ".html" && ext != ".xml" && ext != ".ann" && ext != ".md" && !e.path().stem().string().starts_with("eng.")) {
      continue;
    }
    CompareDocument(testing::ReadFile(e.path().string()), e.path().string());
    ++files;
  }
  EXPECT_GT(files, 100u);
}

// A stored segmentation keeps a token's lower-case form only where it is not
// TokenLower of its text (text/token_codec.h); IsTokenLower decides that.
TEST(TokenLower, IsTokenLowerAgreesWithComparingTokenLower) {
  const std::vector<std::string> words = {"Kabul", "KABUL", "kabul", "Pakistan\xE2\x80\x99", "it\xE2\x80\x99s",
                                          "\xE2\x80\x99", "\xE2\x80", "Z\xC3\xBCrich", "58", "U.S.", "", "a-B"};
  for (const std::string& w : words) {
    const std::string lower = TokenLower(w);
    EXPECT_TRUE(IsTokenLower(w, lower)) << w;
    for (const std::string& other : {lower + "s", lower.empty() ? std::string("x") : lower.substr(1),
                                     std::string(w), std::string("'s"), lower + "\xE2\x80\x99"}) {
      EXPECT_EQ(IsTokenLower(w, other), other == lower) << w << " / " << other;
    }
  }
}

// ICU reads valid UTF-8 as UTF-16 and invalid or long UTF-8 as UTF-8
// (IcuText in segment.cc); either way sentences and tokens come back as
// byte spans of the text: two-, three- and four-byte characters before a
// boundary, a suppressed abbreviation, a byte that is not UTF-8, and a
// paragraph of 64 KiB.
TEST(Segment, SentencesAndTokensAreByteSpansWhateverTheCharacters) {
  struct Case {
    std::string text;
    std::vector<Span> sentences;
  };
  const std::vector<Case> cases = {
      {"Caf\xC3\xA9 opened. \xF0\x9F\x87\xAB\xF0\x9F\x87\xB7 Fans \xE2\x80\x9C" "cheered\xE2\x80\x9D! Mr. Smith left.",
       {{0, 13}, {14, 42}, {43, 58}}},
      {"Bad \xFF byte. Next one.", {{0, 11}, {12, 21}}},
      {"Plain text here. And more.", {{0, 16}, {17, 26}}},
  };
  for (const Case& c : cases) {
    SegmentedText seg = Segment(c.text, Clean(testing::Doc("d", c.text)));
    std::vector<Span> got;
    for (const Sentence& s : seg.sentences) got.push_back(s.span);
    EXPECT_EQ(got, c.sentences) << c.text;
    for (const Token& t : seg.tokens) {
      std::string_view piece = t.span.Of(c.text);
      // Every token starts and ends on a character boundary.
      EXPECT_NE(static_cast<unsigned char>(piece.front()) & 0xC0, 0x80) << c.text;
      EXPECT_TRUE(t.span.end == c.text.size() || (static_cast<unsigned char>(c.text[t.span.end]) & 0xC0) != 0x80)
          << c.text;
    }
  }
  // A paragraph longer than ICU is given as UTF-16 (64 KiB) reads as UTF-8.
  std::string long_text;
  while (long_text.size() <= (size_t{1} << 16)) long_text += "Caf\xC3\xA9 opened. ";
  SegmentedText long_seg = Segment(long_text, Clean(testing::Doc("d", long_text)));
  ASSERT_EQ(long_seg.sentences.size(), long_text.size() / 14);
  for (size_t k = 0; k < long_seg.sentences.size(); ++k) {
    EXPECT_EQ(long_seg.sentences[k].span, (Span{14 * k, 14 * k + 13})) << k;
  }
  const std::string& text = cases[0].text;
  SegmentedText seg = Segment(text, Clean(testing::Doc("d", text)));
  std::vector<std::string> words;
  for (const Token& t : seg.tokens) {
    if (t.kind == TokenKind::kWord) words.emplace_back(t.span.Of(text));
  }
  EXPECT_EQ(words, (std::vector<std::string>{"Caf\xC3\xA9", "opened", "Fans", "cheered", "Mr", "Smith", "left"}));
}

}  // namespace
}  // namespace crosscheck
