#include "ingest/reader.h"

#include <gtest/gtest.h>

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
