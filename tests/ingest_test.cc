#include "ingest/reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <sstream>

#include "ingest/capped.h"
#include "ingest/json_record.h"
#include "json_record_reference.h"

namespace crosscheck {
namespace {

IngestResult Read(std::string_view name, std::string_view bytes) {
  IngestResult out;
  ReadBuffer(name, bytes, {}, out);
  return out;
}

TEST(Ingest, JsonLinesKeepsGoodLinesAndNamesTheBadOne) {
  auto r = Read("feed.jsonl",
                "{\"id\":\"a\",\"text\":\"Two killed.\",\"outlet\":\"X\"}\n"
                "{\"id\":\"b\",\"text\":\"broken\n"
                "\n"
                "{\"text\":\"No id here.\"}\n"
                "[1,2]\n"
                "{\"id\":\"c\"}\n");
  ASSERT_EQ(r.documents.size(), 2u);
  EXPECT_EQ(r.documents[0].id, "a");
  EXPECT_EQ(r.documents[0].outlet, "X");
  EXPECT_EQ(r.documents[1].id, "feed:4");
  ASSERT_EQ(r.diagnostics.size(), 3u);
  EXPECT_EQ(r.diagnostics[0].line, 2u);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kError);
  EXPECT_NE(r.diagnostics[0].message.find("malformed JSON"), std::string::npos);
  EXPECT_EQ(r.diagnostics[1].line, 5u);
  EXPECT_EQ(r.diagnostics[2].line, 6u);
  EXPECT_NE(r.diagnostics[2].message.find("\"text\""), std::string::npos);
}

TEST(Ingest, InvalidUtf8IsKeptWithWarningAtByte) {
  auto r = Read("bad.txt", "Line one.\nTwo \xC3\x28 soldiers were killed.\n");
  ASSERT_EQ(r.documents.size(), 1u);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kWarning);
  EXPECT_EQ(r.diagnostics[0].line, 2u);
  EXPECT_EQ(r.diagnostics[0].byte, 14u);
}

TEST(Ingest, OverlongEncodingIsInvalid) {
  auto r = Read("bad.txt", "A \xC0\xAF slash.");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].byte, 2u);
}

TEST(Ingest, BinaryAndEmptyAreSkipped) {
  auto bin = Read("x.txt", std::string("PK\x03\x04\0\0binary", 12));
  EXPECT_TRUE(bin.documents.empty());
  ASSERT_EQ(bin.diagnostics.size(), 1u);
  EXPECT_NE(bin.diagnostics[0].message.find("binary"), std::string::npos);
  auto empty = Read("e.txt", " \n\n");
  EXPECT_TRUE(empty.documents.empty());
  EXPECT_NE(empty.diagnostics[0].message.find("empty"), std::string::npos);
}

TEST(Ingest, StdinIsSniffed) {
  auto jsonl = Read("-", "  {\"text\":\"Hello there.\"}\n");
  ASSERT_EQ(jsonl.documents.size(), 1u);
  EXPECT_EQ(jsonl.documents[0].id, "stdin:1");
  auto text = Read("-", "Plain report.");
  EXPECT_EQ(text.documents[0].id, "stdin");
}

TEST(Ingest, CrlfLinesAndFieldsForGrouping) {
  auto r = Read("f.jsonl", "{\"text\":\"A.\",\"event\":7}\r\n{\"text\":\"B.\",\"event\":\"x\"}\r\n");
  ASSERT_EQ(r.documents.size(), 2u);
  EXPECT_EQ(r.documents[0].fields.at("event"), "7");
  EXPECT_TRUE(r.diagnostics.empty());
}

}  // namespace
}  // namespace crosscheck

namespace crosscheck {
namespace {

// A stream that never ends ('x' for ever), counting the bytes it hands out.
class Endless : public std::streambuf {
 public:
  size_t given = 0;

 protected:
  int_type underflow() override {
    given += sizeof chunk_;
    std::fill(std::begin(chunk_), std::end(chunk_), 'x');
    setg(chunk_, chunk_, chunk_ + sizeof chunk_);
    return traits_type::to_int_type('x');
  }

 private:
  char chunk_[4096];
};

// Issue 18: an endless input returns, having read limit + 1 bytes (the
// streambuf hands out whole 4 KiB chunks, so it gave at most one more).
TEST(CappedRead, EndlessStreamStopsAtTheLimitPlusOne) {
  Endless buf;
  std::istream in(&buf);
  CappedBytes r = ReadCapped(in, 100000);
  EXPECT_TRUE(r.over_limit);
  EXPECT_TRUE(r.bytes.empty());
  EXPECT_GE(buf.given, size_t{100001});
  EXPECT_LT(buf.given, size_t{100001 + 4096});
}

TEST(CappedRead, ExactlyTheLimitIsKeptOneMoreIsNot) {
  IngestOptions options;
  options.max_document_bytes = 16;
  IngestResult out;
  ReadBuffer("a.txt", "Police said 4 k.", options, out);  // 16 bytes
  ASSERT_EQ(out.documents.size(), 1u);
  EXPECT_TRUE(out.diagnostics.empty());
  ReadBuffer("b.txt", "Police said 4 ki.", options, out);  // 17 bytes
  EXPECT_EQ(out.documents.size(), 1u);
  ASSERT_EQ(out.diagnostics.size(), 1u);
  EXPECT_EQ(out.diagnostics[0].file, "b.txt");
  EXPECT_EQ(out.diagnostics[0].line, 1u);
  EXPECT_EQ(out.diagnostics[0].severity, Severity::kError);
  EXPECT_EQ(out.diagnostics[0].message,
            "document exceeds the limit of 16 bytes (--max-document-bytes); reading stopped there, skipped");
  // stdin: leading blanks count, and an endless run of them is cut too.
  ReadBuffer("-", std::string(17, ' '), options, out);
  ASSERT_EQ(out.diagnostics.size(), 2u);
  EXPECT_EQ(out.diagnostics[1].file, "-");
}

// A line over the limit is counted to its end, reported at its line and first
// byte, and never held: the next line is read as usual, with its own number.
TEST(CappedLineReader, LongLineIsCountedAndDiscarded) {
  const std::string text = "ab\n" + std::string(200000, 'x') + "\r\n  \n" + "cd";
  std::istringstream in(text);
  CappedLineReader lines(in, 1000);
  CappedLine l;
  ASSERT_TRUE(lines.Next(l));
  EXPECT_EQ(l.bytes, "ab");
  EXPECT_EQ(l.number, 1u);
  ASSERT_TRUE(lines.Next(l));
  EXPECT_TRUE(l.over_limit);
  EXPECT_FALSE(l.blank);
  EXPECT_EQ(l.bytes, "");
  EXPECT_LE(l.bytes.capacity(), 1000u);
  EXPECT_EQ(l.size, 200001u);  // '\r' included
  EXPECT_EQ(l.number, 2u);
  EXPECT_EQ(l.offset, 3u);
  ASSERT_TRUE(lines.Next(l));
  EXPECT_TRUE(l.blank);
  EXPECT_EQ(l.number, 3u);
  ASSERT_TRUE(lines.Next(l));
  EXPECT_EQ(l.bytes, "cd");
  EXPECT_EQ(l.number, 4u);
  EXPECT_EQ(l.offset, 200008u);
  EXPECT_FALSE(lines.Next(l));
}

TEST(Ingest, JsonLinesLineOverTheLimitIsSkippedAndTheNextLineRead) {
  IngestOptions options;
  options.max_document_bytes = 60;
  IngestResult out;
  const std::string good1 = "{\"id\":\"a\",\"text\":\"Police said 4 were killed.\"}";
  const std::string big = "{\"id\":\"b\",\"text\":\"" + std::string(100, 'x') + "\"}";
  ReadBuffer("f.jsonl", good1 + "\n" + big + "\n{\"id\":\"c\",\"text\":\"Police said 5 were killed.\"}\n",
             options, out);
  ASSERT_EQ(out.documents.size(), 2u);
  EXPECT_EQ(out.documents[0].id, "a");
  EXPECT_EQ(out.documents[1].id, "c");
  EXPECT_EQ(out.documents[1].origin, "f.jsonl:3");
  ASSERT_EQ(out.diagnostics.size(), 1u);
  const Diagnostic& d = out.diagnostics[0];
  EXPECT_EQ(d.line, 2u);
  EXPECT_EQ(d.byte, good1.size() + 1);
  EXPECT_EQ(d.message, "line of " + std::to_string(big.size()) + " bytes exceeds the limit of 60 bytes (--max-document-bytes); "
                       "read in chunks and discarded, line skipped");
}


// The reader's fast path for flat records against nlohmann::json: every line
// it accepts gives the same text and fields; the lines it turns down go to
// nlohmann (and its error wording) as before.
TEST(JsonRecord, FastPathAgreesWithNlohmann) {
  using ingest_internal::ParseSimpleRecord;
  using test_reference::RecordViaNlohmann;
  auto r = ParseSimpleRecord(R"( {"id": "a-1", "text":"Two \"killed\"\n\u00e9\ud83d\ude00 \/", "n": -42, "z": 0,)"
                             R"( "ok":true, "no": false, "gone": null, "empty": ""} )");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->text, "Two \"killed\"\n\xC3\xA9\xF0\x9F\x98\x80 /");
  EXPECT_EQ(r->fields, (std::map<std::string, std::string>{
                           {"id", "a-1"}, {"n", "-42"}, {"z", "0"}, {"ok", "true"}, {"no", "false"}}));
  EXPECT_EQ(RecordViaNlohmann(R"({"id": "a-1", "text":"x", "n": -42})")->fields,
            ParseSimpleRecord(R"({"id": "a-1", "text":"x", "n": -42})")->fields);
  // Turned down: numbers other than int64 integers (top level), integers past 64 bits, duplicate keys, no or a
  // non-string text, a lone surrogate, a raw control byte, trailing bytes, bad syntax.
  auto nested = ParseSimpleRecord(R"({"gold": {"n": [1, -2.5, "x\u00e9", {"a": null}, [], {}], "n": true}, "text": "y", "k": []})");
  ASSERT_TRUE(nested.has_value());
  EXPECT_EQ(nested->text, "y");
  EXPECT_TRUE(nested->fields.empty());
  // Nested numbers simdjson and nlohmann both read (exponents, 19 digits) are skipped; a top-level 19-digit
  // integer that fits in an int64 is a field, in decimal.
  auto numbers = ParseSimpleRecord(R"({"text":"x","a":{"b":1e3,"c":[1234567890123456789]},"n":1234567890123456789})");
  ASSERT_TRUE(numbers.has_value());
  EXPECT_EQ(numbers->fields, (std::map<std::string, std::string>{{"n", "1234567890123456789"}}));
  EXPECT_EQ(numbers->fields, RecordViaNlohmann(R"({"text":"x","a":{"b":1e3,"c":[1234567890123456789]},"n":1234567890123456789})")->fields);
  for (std::string_view line : {R"({"text":"x","a":1.5})", R"({"text":"x","a":[1.]})",
                                R"({"text":"x","a":[01]})", R"({"text":"x","a":[1,]})", R"({"text":"x","a":{"b"}})",
                                R"({"text":"x","a":[1111111111111111111111111111111]})", R"({"text":"x","a":[-]})",
                                R"({"text":"x","a":1e3})", R"({"text":"x","a":0123})", R"({"text":"x","a":12345678901234567890})",
                                R"({"text":"x","a":"1","a":"2"})", R"({"text":"x","a":"","a":"2"})", R"({"text":"x","text":"y"})",
                                R"({"id":"x"})", R"({"text":5})", R"({"text":"\udc00"})", R"({"text":"\ud800x"})",
                                "{\"text\":\"a\tb\"}", R"({"text":"x"} x)", R"({"text":"x",})", R"({"text" "x"})",
                                R"([{"text":"x"}])", R"({"text":"x\q"})", R"({"text":"x)", ""}) {
    EXPECT_FALSE(ParseSimpleRecord(line).has_value()) << line;
  }
  // Random lines built from JSON pieces: whatever the fast path accepts,
  // nlohmann reads the same.
  const std::vector<std::string> pieces = {"{", "}", "[", "]", "{\"a\":", "[1,", "-2.5", "\"text\"", "\"id\"", "\"t\"", ":", ",", " ", "\"a b\"", "\"\"",
                                           "\"\\u00e9\"", "\"\\ud83d\\ude00\"", "\"\\n\\\"\"", "12", "-0", "0", "-7",
                                           "1.5", "true", "false", "null", "[", "]", "\"\xC3\xA9\"", "\t", "\r"};
  std::mt19937 rng(15);
  size_t accepted = 0;
  for (int k = 0; k < 20000; ++k) {
    std::string line = "{\"text\":\"x\"";
    if (rng() % 4 == 0) line.clear();
    for (int n = rng() % 12; n > 0; --n) line += pieces[rng() % pieces.size()];
    if (rng() % 2) line += "}";
    auto fast = ParseSimpleRecord(line);
    if (!fast) continue;
    ++accepted;
    auto reference = RecordViaNlohmann(line);
    ASSERT_TRUE(reference.has_value()) << line;
    EXPECT_EQ(fast->text, reference->text) << line;
    EXPECT_EQ(fast->fields, reference->fields) << line;
  }
  EXPECT_GT(accepted, 500u);
}

}  // namespace
}  // namespace crosscheck
