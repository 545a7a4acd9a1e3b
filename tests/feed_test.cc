#include "ingest/feed.h"

#include <gtest/gtest.h>

#include "base/calendar.h"
#include "ingest/dates.h"
#include "test_util.h"

namespace crosscheck {
namespace {

using testing::ReadFile;
using testing::SourcePath;

TEST(Feed, Rss2ItemsWithContentEncodedCreatorAndDates) {
  std::string xml = ReadFile(SourcePath("tests/data/web/sample-rss.xml"));
  ASSERT_TRUE(LooksLikeFeed(xml));
  Result<Feed> f = ParseFeed("sample-rss.xml", xml);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f.value().kind, "rss");
  EXPECT_EQ(f.value().title, "Frontier Times");
  EXPECT_EQ(f.value().link, "https://frontier.example.com/");
  ASSERT_EQ(f.value().items.size(), 2u);
  const FeedItem& a = f.value().items[0];
  EXPECT_EQ(a.title, "Taliban claim 58 Pakistani soldiers killed");  // not media:title
  EXPECT_EQ(a.link, "https://frontier.example.com/2025/10/12/taliban-claim");
  EXPECT_EQ(a.id, "ft-1001");
  EXPECT_EQ(a.published, "2025-10-12T06:15:00Z");
  EXPECT_EQ(a.author, "Amina Khan");
  EXPECT_EQ(a.html, "<p>The Taliban said its forces killed 58 Pakistani soldiers.</p><p>Pakistan's army said 23 soldiers died.</p>");
  const FeedItem& b = f.value().items[1];
  EXPECT_EQ(b.author, "Omar Siddiqui");
  EXPECT_EQ(b.published, "2025-10-12T10:00:00Z");
  EXPECT_EQ(b.html, "<p>Both crossings were closed on <b>Sunday</b>.</p>");  // description, entities decoded
}

TEST(Feed, AtomEntriesAlternateLinkXhtmlAndTextContent) {
  std::string xml = ReadFile(SourcePath("tests/data/web/sample-atom.xml"));
  ASSERT_TRUE(LooksLikeFeed(xml));
  Result<Feed> f = ParseFeed("sample-atom.xml", xml);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f.value().kind, "atom");
  EXPECT_EQ(f.value().title, "Valley Dispatch");
  EXPECT_EQ(f.value().link, "https://valley.example.net/");
  ASSERT_EQ(f.value().items.size(), 2u);
  const FeedItem& a = f.value().items[0];
  EXPECT_EQ(a.link, "https://valley.example.net/posts/25-posts");
  EXPECT_EQ(a.id, "tag:valley.example.net,2025:1");
  EXPECT_EQ(a.published, "2025-10-12T09:45:00+05:00");  // <published> wins over <updated>
  EXPECT_EQ(a.author, "Lina Ahmadzai");
  EXPECT_EQ(a.html, "<div><p>Afghan forces captured <em>25</em> posts &amp; held them.</p></div>");
  const FeedItem& b = f.value().items[1];
  EXPECT_EQ(b.link, "");
  EXPECT_EQ(b.published, "2025-10-12T12:00:00Z");  // from <updated>
  EXPECT_EQ(b.html, "<p>First line &lt;not a tag&gt;.</p>\n<p>Second line.</p>\n");  // text escaped
}

TEST(Feed, EntityDeclarationsAreRefused) {
  std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"ha\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
      "<rss><channel><item><title>&b;</title></item></channel></rss>";
  Result<Feed> f = ParseFeed("laughs.xml", laughs);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("laughs.xml:1:"), std::string::npos);
  EXPECT_NE(f.status().message().find("declares XML entities"), std::string::npos);
  std::string external = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                         "<rss><channel><item><title>&x;</title></item></channel></rss>";
  EXPECT_FALSE(ParseFeed("xxe.xml", external).ok());
}

TEST(Feed, MalformedAndNonFeedXmlNameLineAndColumn) {
  Result<Feed> bad = ParseFeed("bad.xml", "<rss><channel>\n<item><title>x</item></channel></rss>");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.xml:2:"), std::string::npos) << bad.status().message();
  EXPECT_NE(bad.status().message().find("not well-formed"), std::string::npos);
  Result<Feed> other = ParseFeed("o.xml", "<html><body/></html>");
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("root element <html>"), std::string::npos);
}

TEST(Feed, DeepNestingIsIgnoredAndItemsAreCapped) {
  std::string deep = "<rss><channel><item><title>t</title><description>";
  for (int i = 0; i < 100000; ++i) deep += "<x>";
  for (int i = 0; i < 100000; ++i) deep += "</x>";
  deep += "</description></item></channel></rss>";
  Result<Feed> f = ParseFeed("deep.xml", deep);
  ASSERT_TRUE(f.ok()) << f.status().message();
  ASSERT_EQ(f.value().items.size(), 1u);
  EXPECT_EQ(f.value().items[0].title, "t");
  std::string many = "<rss><channel>";
  for (int i = 0; i < 5; ++i) many += "<item><title>i" + std::to_string(i) + "</title></item>";
  many += "</channel></rss>";
  FeedLimits limits;
  limits.max_items = 3;
  Result<Feed> capped = ParseFeed("many.xml", many, limits);
  ASSERT_TRUE(capped.ok());
  EXPECT_EQ(capped.value().items.size(), 3u);
  ASSERT_EQ(capped.value().warnings.size(), 1u);
  EXPECT_EQ(capped.value().warnings[0], "2 items after the 3th dropped");
}

TEST(Feed, SniffsFeedsNotOtherXml) {
  EXPECT_TRUE(LooksLikeFeed("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c --><rss version=\"2.0\">"));
  EXPECT_TRUE(LooksLikeFeed("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_TRUE(LooksLikeFeed("<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">"));
  EXPECT_FALSE(LooksLikeFeed("<!DOCTYPE html><html>"));
  EXPECT_FALSE(LooksLikeFeed("<feedback>"));
  EXPECT_FALSE(LooksLikeFeed("rss"));
}

TEST(Dates, Rfc822AndIso) {
  EXPECT_EQ(FeedDateToIso("Sun, 12 Oct 2025 08:00:00 GMT"), "2025-10-12T08:00:00Z");
  EXPECT_EQ(FeedDateToIso("12 Oct 2025 08:00 EST"), "2025-10-12T13:00:00Z");
  EXPECT_EQ(FeedDateToIso("Wed, 31 Dec 2025 23:30:00 -0100"), "2026-01-01T00:30:00Z");
  EXPECT_EQ(FeedDateToIso("2025-10-12T08:00:00+02:00"), "2025-10-12T08:00:00+02:00");
  EXPECT_EQ(FeedDateToIso("yesterday"), "yesterday");
  EXPECT_EQ(ParseIsoTime("1970-01-02T00:00:01Z"), 86401);
  EXPECT_EQ(ParseIsoTime("2025-10-12T10:00:00+02:00"), ParseRfc822Time("Sun, 12 Oct 2025 08:00:00 GMT"));
  EXPECT_EQ(FormatIsoUtc(951782400), "2000-02-29T00:00:00Z");
  EXPECT_FALSE(ParseIsoTime("2025-13-01"));
}

TEST(Calendar, DaysFromCivilAndBack) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(DaysFromCivil(2000, 2, 29), 11016);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(1600, 1, 1), -135140);
  EXPECT_EQ(CivilFromDays(11016), (CivilDate{2000, 2, 29}));
  EXPECT_EQ(CivilFromDays(-1), (CivilDate{1969, 12, 31}));
  EXPECT_EQ(CivilFromDays(-135140), (CivilDate{1600, 1, 1}));
  // Every day of 1899..2101 (the leap rules of 1900, 2000 and 2100) round-trips
  // and follows the day before it.
  int64_t prev = DaysFromCivil(1898, 12, 31);
  for (int64_t y = 1899; y <= 2101; ++y) {
    for (unsigned m = 1; m <= 12; ++m) {
      for (unsigned d = 1; d <= 31; ++d) {
        const int64_t days = DaysFromCivil(y, m, d);
        if (CivilFromDays(days) != CivilDate{y, m, d}) break;  // past the month's end
        EXPECT_EQ(days, prev + 1) << y << "-" << m << "-" << d;
        prev = days;
      }
    }
  }
  EXPECT_EQ(prev, DaysFromCivil(2101, 12, 31));
}

}  // namespace
}  // namespace crosscheck
