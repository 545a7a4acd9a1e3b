// HTML pages (ingest/html.h): main text, headline, metadata, charsets, the map
// back to the page's bytes, and hostile markup.
#include "ingest/html.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "base/utf8.h"
#include "test_util.h"

namespace crosscheck {
namespace {

namespace fs = std::filesystem;

// A news page as outlets write them (fuzz/corpus/fuzz_html/news_page.html,
// also fuzz_html's seed): navigation, a header with the headline, the
// article, a "related" box, share buttons, comments, a footer, a script
// holding a fake article ("900 people died") and JSON-LD in a @graph.
const std::string kNewsPage = testing::ReadFile(testing::SourcePath("fuzz/corpus/fuzz_html/news_page.html"));

const std::string kBody =
    "Flood waters closed 12 schools in Riverton on Friday, officials said, after the river rose three metres "
    "overnight.\n\n"
    "The mayor, Jane Doe, said 240 homes had been evacuated and that emergency crews would work through the "
    "weekend & into Monday.\n\n"
    "\xE2\x80\x9CWe have never seen water this high,\xE2\x80\x9D said resident Mark Hill, 67, who has lived by "
    "the river for 40 years.\n\n"
    "Roads closed\n\n"
    "Police closed four roads into the town centre, and buses were diverted through the northern ring road "
    "until further notice.";

Document Read(std::string_view html, std::string url = "", std::string content_type = "") {
  WebPage page{html, std::move(url), std::move(content_type), ""};
  Result<Document> r = DocumentFromHtml("p", page, {});
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.status().message());
  return r.ok() ? r.value() : Document{};
}

// Every piece of the map: inside both buffers, increasing and disjoint.
void ExpectMapValid(const Document& d) {
  size_t text_end = 0, source_end = 0;
  for (const SourceRange& r : d.source_map) {
    EXPECT_LE(text_end, r.text.begin);
    EXPECT_LE(source_end, r.source.begin);
    EXPECT_LT(r.text.begin, r.text.end);
    EXPECT_LT(r.source.begin, r.source.end);
    EXPECT_LE(r.text.end, d.text.size());
    EXPECT_LE(r.source.end, d.source.size());
    text_end = r.text.end;
    source_end = r.source.end;
  }
}

TEST(Html, NewsPageGivesHeadlineThenArticleParagraphsOnly) {
  Document d = Read(kNewsPage, "https://example.com/news/2024/03/01/riverton-floods?utm=x");
  EXPECT_EQ(d.text, "Flood waters close 12 schools in Riverton\n\n" + kBody);
  EXPECT_EQ(d.title, "Flood waters close 12 schools in Riverton");
  EXPECT_EQ(d.text.find("900 people"), std::string::npos);  // the script's fake article
  EXPECT_EQ(d.text.find("Westfield"), std::string::npos);   // related stories
  EXPECT_EQ(d.text.find("Share on"), std::string::npos);
  EXPECT_EQ(d.text.find("Great reporting"), std::string::npos);
  EXPECT_EQ(d.text.find("color"), std::string::npos);
}

TEST(Html, MetadataFromJsonLdGraphOpenGraphAndLinks) {
  Document d = Read(kNewsPage, "https://example.com/news/2024/03/01/riverton-floods?utm=x");
  EXPECT_EQ(d.published, "2024-03-01T18:30:00Z");
  EXPECT_EQ(d.modified, "2024-03-02T09:15:00Z");
  EXPECT_EQ(d.author, "Ana Ruiz, Tom Lee");
  EXPECT_EQ(d.outlet, "The Daily Example");
  EXPECT_EQ(d.url, "https://example.com/news/2024/03/01/riverton-floods");
  EXPECT_EQ(d.language, "en-GB");
  EXPECT_EQ(d.source, kNewsPage);
  EXPECT_EQ(d.source_charset, "UTF-8");
}

TEST(Html, MapPointsEveryParagraphAtItsBytesInThePage) {
  Document d = Read(kNewsPage);
  ExpectMapValid(d);
  // Pieces without entities are the page's bytes; the headline is the <h1>.
  ASSERT_GE(d.source_map.size(), 6u);
  const SourceRange& head = d.source_map[0];
  EXPECT_EQ(head.text.Of(d.text), "Flood waters close 12 schools in Riverton");
  EXPECT_EQ(head.source.Of(d.source), "Flood waters close 12 schools in Riverton");
  EXPECT_EQ(d.source.compare(head.source.begin - 4, 4, "<h1>"), 0);
  size_t police = d.text.find("Police closed");
  bool found = false;
  for (const SourceRange& r : d.source_map) {
    if (r.text.begin == police) {
      found = true;
      EXPECT_EQ(r.source.Of(d.source), r.text.Of(d.text));
    }
  }
  EXPECT_TRUE(found);
  // The piece with an entity maps to the raw bytes, "&amp;" included.
  size_t amp = d.text.find(" & ");
  size_t holding = 0;
  for (const SourceRange& r : d.source_map) {
    if (!r.text.Contains(amp)) continue;
    ++holding;
    EXPECT_NE(r.source.Of(d.source).find("&amp;"), std::string_view::npos);
  }
  EXPECT_EQ(holding, 1u);
}

TEST(Html, Windows1252PageIsConvertedAndMapsToTheOriginalBytes) {
  std::string page =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
      "<title>Caf\xE9 reopens</title></head><body><article><p>The caf\xE9 on Main Street reopened on "
      "Monday after the fire, its owner said, with 14 staff and a new \x93kitchen\x94.</p></article></body></html>";
  WebPage web{page, "", "", ""};
  Result<HtmlDocument> r = ReadHtml("p", web, {});
  ASSERT_TRUE(r.ok());
  const Document& d = r.value().document;
  EXPECT_EQ(d.source_charset, "ibm-5348_P100-1997");  // ICU's name for windows-1252
  EXPECT_EQ(d.text,
            "Caf\xC3\xA9 reopens\n\nThe caf\xC3\xA9 on Main Street reopened on Monday after the fire, its owner "
            "said, with 14 staff and a new \xE2\x80\x9Ckitchen\xE2\x80\x9D.");
  EXPECT_TRUE(r.value().warnings.empty());
  ExpectMapValid(d);
  // The paragraph's piece covers the original single-byte text exactly.
  const SourceRange& p = d.source_map.back();
  EXPECT_EQ(p.source.Of(d.source).substr(0, 8), "The caf\xE9");
  EXPECT_EQ(d.source[p.source.end], '<');
}

TEST(Html, ContentTypeHeaderWinsOverMetaAndWrongDeclarationsAreCaught) {
  // Declared ISO-8859-1 by <meta>, but the bytes are UTF-8: read as UTF-8.
  std::string utf8 =
      "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Z\xC3\xBCrich police said 3 people were "
      "hurt in the crash on Tuesday night near the station.</p></body></html>";
  WebPage web{utf8, "", "", ""};
  Result<HtmlDocument> r = ReadHtml("p", web, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().document.text,
            "Z\xC3\xBCrich police said 3 people were hurt in the crash on Tuesday night near the station.");
  ASSERT_EQ(r.value().warnings.size(), 1u);
  EXPECT_NE(r.value().warnings[0].find("valid UTF-8"), std::string::npos);
  // The HTTP header names the charset; the page's <meta> says otherwise.
  std::string latin = "<html><head><meta charset=\"utf-8\"></head><body><p>Z\xFCrich police said 3 people were "
                      "hurt in the crash on Tuesday night near the station.</p></body></html>";
  Document d = Read(latin, "", "text/html; charset=ISO-8859-1");
  EXPECT_EQ(d.text, "Z\xC3\xBCrich police said 3 people were hurt in the crash on Tuesday night near the station.");
  // Undeclared and not UTF-8: windows-1252.
  std::string undeclared = "<p>Z\xFCrich police said 3 people were hurt in the crash on Tuesday night.</p>";
  EXPECT_EQ(Read(undeclared).text, "Z\xC3\xBCrich police said 3 people were hurt in the crash on Tuesday night.");
  // An unknown charset name: a warning, and the page is still read.
  std::string unknown = "<meta charset=\"x-no-such-charset\"><p>Police said 3 people were hurt on Tuesday.</p>";
  WebPage w2{unknown, "", "", ""};
  Result<HtmlDocument> r2 = ReadHtml("p", w2, {});
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2.value().document.text, "Police said 3 people were hurt on Tuesday.");
  ASSERT_EQ(r2.value().warnings.size(), 1u);
  EXPECT_NE(r2.value().warnings[0].find("x-no-such-charset"), std::string::npos);
}

TEST(Html, Utf16PageWithByteOrderMark) {
  std::string ascii = "<html><body><p>Police said 3 people were hurt on Tuesday.</p></body></html>";
  std::string page = "\xFF\xFE";
  for (char c : ascii) {
    page.push_back(c);
    page.push_back('\0');
  }
  Document d = Read(page);
  EXPECT_EQ(d.text, "Police said 3 people were hurt on Tuesday.");
  ExpectMapValid(d);
  ASSERT_EQ(d.source_map.size(), 1u);
  EXPECT_EQ(d.source_map[0].source.begin, 2 + 2 * ascii.find("Police"));
  EXPECT_EQ(d.source_map[0].source.end, 2 + 2 * ascii.find("</p>"));
}

TEST(Html, ScriptsStylesTemplatesAndHiddenTextNeverBecomeText) {
  std::string page =
      "<html><body><article>"
      "<script type=\"text/template\"><p>Officials said 900 people died in a fake article that is long.</p></script>"
      "<noscript><p>Please enable JavaScript to read this article, officials said today.</p></noscript>"
      "<template><p>A template paragraph that says 800 people died in a fake story.</p></template>"
      "<svg><text>Seven hundred died in the svg text of a fake story, officials said.</text></svg>"
      "<p hidden>A hidden paragraph says 600 people died, according to nobody at all.</p>"
      "<p style=\"display: none\">An invisible paragraph says 500 people died, officials said.</p>"
      "<p>The storm injured 4 people in the harbour district, the fire service said on Sunday.</p>"
      "<style>p::after { content: '300 died' }</style>"
      "</article></body></html>";
  EXPECT_EQ(Read(page).text, "The storm injured 4 people in the harbour district, the fire service said on Sunday.");
}

TEST(Html, UnclosedAndMisnestedTagsStillGiveTheParagraphs) {
  std::string page =
      "<html><body><div class=\"content\"><p>The first paragraph has no closing tag, and the parser "
      "must close it, officials said on Monday.<p>The second <b>one <i>is misnested</b> here</i>, and "
      "still reads as a sentence, the report said.<div><p>Third, in an unclosed div, with 12 people hurt";
  EXPECT_EQ(Read(page).text,
            "The first paragraph has no closing tag, and the parser must close it, officials said on Monday.\n\n"
            "The second one is misnested here, and still reads as a sentence, the report said.\n\n"
            "Third, in an unclosed div, with 12 people hurt");
}

TEST(Html, HundredThousandDeepNestingNeitherRecursesNorLosesTheText) {
  std::string page = "<html><body>";
  for (int i = 0; i < 100000; ++i) page += "<div>";
  page += "<p>Deep inside, the report said 7 people were injured in the blast on Monday.</p>";
  for (int i = 0; i < 100000; ++i) page += "</div>";
  page += "</body></html>";
  Document d = Read(page);
  EXPECT_EQ(d.text, "Deep inside, the report said 7 people were injured in the blast on Monday.");
  // Unclosed, and inline formatting elements (the parser's own stacks).
  std::string inline_page = "<p>Police said 2 people were hurt in the crash near the station on Friday.";
  for (int i = 0; i < 100000; ++i) inline_page += "<span>";
  inline_page += "x";
  EXPECT_NE(Read(inline_page).text.find("Police said 2 people"), std::string::npos);
}

TEST(Html, PageOverTheLimitIsRefusedAndNoTextIsAnError) {
  std::string big(9 << 20, ' ');
  big.replace(0, 5, "<html");
  IngestOptions options;
  options.max_document_bytes = 8 << 20;
  WebPage web{big, "", "", ""};
  Result<Document> r = DocumentFromHtml("p", web, options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("exceeds the limit of 8388608 bytes"), std::string::npos);
  WebPage empty{"<html><body><script>var a = 'only a script';</script></body></html>", "", "", ""};
  Result<Document> e = DocumentFromHtml("p", empty, {});
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("no text found"), std::string::npos);
}

TEST(Html, HeadlineFromTitleWithoutTheSiteNameWhenThereIsNoH1) {
  std::string page =
      "<html><head><title>Bridge reopens after repairs - Valley Herald</title>"
      "<meta property=\"og:site_name\" content=\"Valley Herald\"></head><body><div class=\"entry-content\">"
      "<p>The Old Mill bridge reopened on Thursday after eight months of repairs costing $4.2 million, the "
      "county said.</p></div></body></html>";
  Document d = Read(page);
  EXPECT_EQ(d.title, "Bridge reopens after repairs");
  EXPECT_EQ(d.outlet, "Valley Herald");
  EXPECT_EQ(d.text,
            "Bridge reopens after repairs\n\nThe Old Mill bridge reopened on Thursday after eight months of "
            "repairs costing $4.2 million, the county said.");
  ExpectMapValid(d);
}

TEST(Html, LooksLikeHtml) {
  EXPECT_TRUE(LooksLikeHtml("<!DOCTYPE html><html>"));
  EXPECT_TRUE(LooksLikeHtml("\xEF\xBB\xBF  \n<!-- saved page --><HTML lang=en>"));
  EXPECT_TRUE(LooksLikeHtml("<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"));
  EXPECT_TRUE(LooksLikeHtml("<p>One paragraph</p>"));
  EXPECT_TRUE(LooksLikeHtml("<head><title>x</title>"));
  EXPECT_FALSE(LooksLikeHtml("Police said <b> is a tag."));
  EXPECT_FALSE(LooksLikeHtml("<person>"));
  EXPECT_FALSE(LooksLikeHtml("{\"text\": \"<html>\"}"));
  EXPECT_FALSE(LooksLikeHtml(""));
}

TEST(Html, ReadInputsTakesHtmlFilesByNameAndByContent) {
  fs::path dir = fs::temp_directory_path() / ("crosscheck_html_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  { std::ofstream(dir / "a.html") << kNewsPage; }
  { std::ofstream(dir / "b.txt") << kNewsPage; }  // HTML content under a .txt name
  { std::ofstream(dir / "c.txt") << "A plain report: 3 people were hurt.\n"; }
  IngestResult r = ReadInputs({dir.string()}, {});
  fs::remove_all(dir);
  ASSERT_EQ(r.documents.size(), 3u);
  EXPECT_EQ(r.documents[0].id, "a");
  EXPECT_EQ(r.documents[0].text, "Flood waters close 12 schools in Riverton\n\n" + kBody);
  EXPECT_EQ(r.documents[0].origin, (dir / "a.html").string());
  EXPECT_EQ(r.documents[1].id, "b");
  EXPECT_EQ(r.documents[1].text, r.documents[0].text);
  EXPECT_EQ(r.documents[2].text, "A plain report: 3 people were hurt.\n");
  EXPECT_TRUE(r.documents[2].source.empty());
  EXPECT_TRUE(r.diagnostics.empty());
}

// Zyte benchmark pages (../shared/data, MIT): every page reads without error,
// with valid UTF-8 text and a valid map.
TEST(Html, ZytePagesGiveValidTextAndMaps) {
  fs::path dir = testing::SourcePath("../shared/data/zyte-article-extraction/html");
  if (!fs::is_directory(dir)) GTEST_SKIP() << dir << " is absent (../shared/data is not part of a clone)";
  size_t pages = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string bytes = testing::ReadFile(e.path().string());
    WebPage web{bytes, "", "", ""};
    Result<Document> r = DocumentFromHtml(e.path().stem().string(), web, {});
    ASSERT_TRUE(r.ok()) << e.path();
    EXPECT_FALSE(FirstInvalidUtf8(r.value().text).has_value()) << e.path();
    ExpectMapValid(r.value());
    ++pages;
  }
  EXPECT_EQ(pages, 181u);
}

}  // namespace
}  // namespace crosscheck
