#include "ingest/warc.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <sstream>

#include "gzip_member.h"
#include "test_util.h"

namespace crosscheck {
namespace {


std::string Record(std::string_view type, std::string_view uri, std::string_view block,
                   std::string_view content_type = "application/http; msgtype=response") {
  std::string r = "WARC/1.0\r\nWARC-Type: " + std::string(type) +
                  "\r\nWARC-Date: 2025-10-12T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n";
  if (!uri.empty()) r += "WARC-Target-URI: " + std::string(uri) + "\r\n";
  r += "Content-Type: " + std::string(content_type) + "\r\nContent-Length: " + std::to_string(block.size()) +
       "\r\n\r\n";
  r += block;
  r += "\r\n\r\n";
  return r;
}

std::string Http(std::string_view body, std::string_view extra = "", std::string_view status = "200 OK") {
  return "HTTP/1.1 " + std::string(status) + "\r\nContent-Type: text/html; charset=utf-8\r\n" + std::string(extra) +
         "\r\n" + std::string(body);
}

struct Read {
  std::vector<WarcResponse> responses;
  std::vector<Diagnostic> diagnostics;
};

Read ReadAll(const std::string& bytes, size_t limit = 1 << 20) {
  Read r;
  std::istringstream in(bytes);
  ReadWarc("t.warc", in, limit, [&](WarcResponse& w) { r.responses.push_back(std::move(w)); }, r.diagnostics);
  return r;
}

TEST(Warc, ReadsResponsesAcrossGzipMembersAndSkipsOtherRecords) {
  std::string info = Record("warcinfo", "", "software: test\r\n", "application/warc-fields");
  std::string req = Record("request", "https://a.example/x", "GET /x HTTP/1.1\r\n\r\n",
                           "application/http; msgtype=request");
  std::string page1 = Record("response", "https://a.example/news/one", Http("<p>Two soldiers were killed.</p>"));
  std::string page2 = Record("response", "https://b.example/two?id=7", Http("<p>Second.</p>"));
  std::string gz = testing::GzipMember(info) + testing::GzipMember(req) + testing::GzipMember(page1) + testing::GzipMember(page2);
  ASSERT_TRUE(LooksLikeWarc(gz));
  Read r = ReadAll(gz);
  EXPECT_TRUE(r.diagnostics.empty());
  ASSERT_EQ(r.responses.size(), 2u);
  EXPECT_EQ(r.responses[0].target_uri, "https://a.example/news/one");
  EXPECT_EQ(r.responses[0].date, "2025-10-12T08:00:00Z");
  EXPECT_EQ(r.responses[0].status, 200);
  EXPECT_EQ(r.responses[0].content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r.responses[0].body, "<p>Two soldiers were killed.</p>");
  // Offsets are where each record's gzip member starts.
  EXPECT_EQ(r.responses[0].offset, testing::GzipMember(info).size() + testing::GzipMember(req).size());
  EXPECT_EQ(r.responses[1].offset, testing::GzipMember(info).size() + testing::GzipMember(req).size() + testing::GzipMember(page1).size());
  EXPECT_EQ(r.responses[1].body, "<p>Second.</p>");
  // The same records uncompressed, and in one member: the same responses.
  Read plain = ReadAll(info + req + page1 + page2);
  ASSERT_EQ(plain.responses.size(), 2u);
  EXPECT_EQ(plain.responses[1].offset, info.size() + req.size() + page1.size());
  Read one = ReadAll(testing::GzipMember(info + req + page1 + page2));
  ASSERT_EQ(one.responses.size(), 2u);
  EXPECT_EQ(one.responses[1].body, "<p>Second.</p>");
}

TEST(Warc, ChunkedAndGzipEncodedBodiesAreDecoded) {
  std::string chunked = Http("5\r\nHello\r\n7; ext=1\r\n, world\r\n0\r\n\r\n", "Transfer-Encoding: chunked\r\n");
  std::string encoded = Http(testing::GzipMember("<p>inflated</p>"), "Content-Encoding: gzip\r\n");
  Read r = ReadAll(Record("response", "http://c/1", chunked) + Record("response", "http://c/2", encoded));
  ASSERT_EQ(r.responses.size(), 2u);
  EXPECT_EQ(r.responses[0].body, "Hello, world");
  EXPECT_EQ(r.responses[1].body, "<p>inflated</p>");
}

TEST(Warc, OversizedRecordIsSkippedWithItsOffsetAndTheNextIsRead) {
  std::string big = Record("response", "http://c/big", Http(std::string(5000, 'x')));
  std::string small = Record("response", "http://c/small", Http("<p>ok</p>"));
  Read r = ReadAll(testing::GzipMember(big) + testing::GzipMember(small), 1000);
  ASSERT_EQ(r.responses.size(), 1u);
  EXPECT_EQ(r.responses[0].target_uri, "http://c/small");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].file, "t.warc");
  EXPECT_EQ(r.diagnostics[0].byte, 0u);
  EXPECT_NE(r.diagnostics[0].message.find("record at byte 0 (http://c/big)"), std::string::npos);
  EXPECT_NE(r.diagnostics[0].message.find("exceeds the limit of 1000 bytes"), std::string::npos);
}

TEST(Warc, NonSuccessStatusesAreSkippedQuietly) {
  Read r = ReadAll(Record("response", "http://c/r", Http("", "Location: /x\r\n", "301 Moved")) +
                   Record("response", "http://c/ok", Http("fine")));
  ASSERT_EQ(r.responses.size(), 1u);
  EXPECT_EQ(r.responses[0].target_uri, "http://c/ok");
  EXPECT_TRUE(r.diagnostics.empty());
}

TEST(Warc, GarbageBetweenRecordsIsReportedOnceAndReadingResumes) {
  std::string first = Record("response", "http://c/1", Http("one"));
  Read r = ReadAll(first + "junk line\nmore junk\n" + Record("response", "http://c/2", Http("two")));
  ASSERT_EQ(r.responses.size(), 2u);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].byte, first.size());
  EXPECT_NE(r.diagnostics[0].message.find("not a WARC record header"), std::string::npos);
}

TEST(Warc, TruncatedRecordAndCorruptGzipEndTheFileWithAnError) {
  std::string rec = Record("response", "http://c/1", Http("one two three"));
  Read cut = ReadAll(rec.substr(0, rec.size() - 12));
  EXPECT_TRUE(cut.responses.empty());
  ASSERT_EQ(cut.diagnostics.size(), 1u);
  EXPECT_NE(cut.diagnostics[0].message.find("truncated"), std::string::npos);
  std::string gz = testing::GzipMember(Record("response", "http://c/0", Http("zero"))) + testing::GzipMember(rec);
  gz[gz.size() - 30] ^= 0x55;
  Read bad = ReadAll(gz);
  ASSERT_EQ(bad.responses.size(), 1u);  // the first member is whole
  ASSERT_FALSE(bad.diagnostics.empty());
  EXPECT_NE(bad.diagnostics.back().message.find("gzip"), std::string::npos);
}

TEST(Warc, DetectedByContent) {
  EXPECT_TRUE(LooksLikeWarc("WARC/1.1\r\nWARC-Type: warcinfo\r\n"));
  EXPECT_TRUE(LooksLikeWarc("\r\nWARC/1.0\r\n"));
  EXPECT_FALSE(LooksLikeWarc("<html>WARC/1.0"));
  EXPECT_FALSE(LooksLikeWarc(testing::GzipMember("plain text, not an archive")));
  EXPECT_TRUE(LooksLikeWarc(testing::GzipMember(Record("warcinfo", "", "x", "application/warc-fields")).substr(0, 40)));
}

// tests/data/web/sample.warc.gz: written by Python's gzip module (one member
// per record), so the reader is checked against another writer than zlib's.
TEST(Warc, CommittedSampleFromAnotherWriter) {
  Read r = ReadAll(testing::ReadFile(testing::SourcePath("tests/data/web/sample.warc.gz")));
  EXPECT_TRUE(r.diagnostics.empty());
  ASSERT_EQ(r.responses.size(), 2u);
  EXPECT_EQ(r.responses[0].target_uri, "https://news.example.org/2025/10/12/border-clash");
  EXPECT_EQ(r.responses[0].date, "2025-10-12T09:30:00Z");
  EXPECT_NE(r.responses[0].body.find("killed 58 Pakistani soldiers"), std::string::npos);
  EXPECT_EQ(r.responses[1].target_uri, "https://news.example.org/2025/10/12/chunked");
  EXPECT_NE(r.responses[1].body.find("captured 25 posts"), std::string::npos);
  EXPECT_EQ(r.responses[1].body.find("\r\n0\r\n"), std::string::npos);  // de-chunked
}

}  // namespace
}  // namespace crosscheck
