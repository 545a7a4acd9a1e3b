// The exports (csv, csv-values, gkg, ucdp) on the seeds, exactly, and on a
// report written to break them: commas, quotes, line breaks, HTML, formulas,
// escape sequences. The CSV is read back with a strict RFC 4180 reader.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "base/utf8.h"
#include "csv_parse.h"
#include "report/analysis.h"
#include "report/report.h"
#include "test_util.h"

namespace crosscheck {
namespace {

using nlohmann::json;
using testing::CsvRows;
using testing::ParseCsv;

// The lines of a text, without their line ends (CRLF or LF).
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    size_t stop = end > start && text[end - 1] == '\r' ? end - 1 : end;
    lines.push_back(text.substr(start, stop - start));
  }
  EXPECT_EQ(start, text.size()) << "the last line has no line end";
  return lines;
}

// Rows as maps from column name to field, the header being the first row.
std::vector<std::map<std::string, std::string>> Records(const CsvRows& rows) {
  std::vector<std::map<std::string, std::string>> out;
  for (size_t r = 1; r < rows.size(); ++r) {
    EXPECT_EQ(rows[r].size(), rows[0].size()) << "row " << r;
    std::map<std::string, std::string> m;
    for (size_t c = 0; c < rows[0].size() && c < rows[r].size(); ++c) m[rows[0][c]] = rows[r][c];
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::map<std::string, std::string>> ParsedRecords(const std::string& csv) {
  std::optional<CsvRows> rows = ParseCsv(csv);
  EXPECT_TRUE(rows.has_value()) << "not RFC 4180:\n" << csv;
  return rows ? Records(*rows) : std::vector<std::map<std::string, std::string>>{};
}

// A JSON number or null as the CSV writes it.
std::string Field(const json& j) {
  if (j.is_null()) return "";
  if (j.is_boolean()) return j.get<bool>() ? "true" : "false";
  if (j.is_number_integer()) return std::to_string(j.get<long long>());
  if (j.is_string()) return j.get<std::string>();
  return j.dump();
}

std::string JoinJson(const json& list, const std::string& sep) {
  std::string out;
  for (const json& j : list) out += (out.empty() ? "" : sep) + Field(j);
  return out;
}

class SeedExports : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    IngestResult in = ReadInputs({testing::SourcePath("examples/border-clash")}, {});
    ASSERT_EQ(in.documents.size(), 5u);
    analysis_ = new Analysis(Analyze(std::move(in.documents)));
  }
  static void TearDownTestSuite() { delete analysis_; }
  static Analysis* analysis_;
};
Analysis* SeedExports::analysis_ = nullptr;

// The acceptance point: the killed conflict is two rows, 58 and 23, with
// their statuses, reports and independent lineages as the JSON gives them.
TEST_F(SeedExports, CsvValuesHaveTheKilledConflictAsTwoRows) {
  auto rows = ParsedRecords(ToCsvValues(*analysis_));
  std::vector<std::map<std::string, std::string>> killed;
  for (const auto& r : rows) {
    if (r.at("type") == "killed" && r.at("subject_side") == "Pakistan") killed.push_back(r);
  }
  ASSERT_EQ(killed.size(), 2u);
  EXPECT_EQ(killed[0].at("value"), "58");
  EXPECT_EQ(killed[0].at("status"), "conflict");
  EXPECT_EQ(killed[0].at("conflict_kind"), "figures");
  EXPECT_EQ(killed[0].at("reports"), "5");
  EXPECT_EQ(killed[0].at("independent"), "1");
  EXPECT_EQ(killed[0].at("original_sources"), "Taliban / Zabihullah Mujahid");
  EXPECT_EQ(killed[0].at("modalities"), "claimed");
  EXPECT_EQ(killed[1].at("value"), "23");
  EXPECT_EQ(killed[1].at("status"), "conflict");
  EXPECT_EQ(killed[1].at("reports"), "1");
  EXPECT_EQ(killed[1].at("independent"), "1");
  EXPECT_EQ(killed[1].at("original_sources"), "Pakistani army");
  EXPECT_EQ(killed[1].at("modalities"), "confirmed");
  EXPECT_EQ(killed[1].at("claims"), "c20");
  EXPECT_EQ(killed[1].at("docs"), "002_408996be704aa27f");
  for (const auto& r : killed) {
    EXPECT_EQ(r.at("estimate_low"), "23");
    EXPECT_EQ(r.at("estimate_best"), "23");
    EXPECT_EQ(r.at("estimate_high"), "58");
    EXPECT_EQ(r.at("estimate_high_open"), "false");
  }
}

// Every value row says what the JSON says of that value and its slot.
TEST_F(SeedExports, CsvValuesAgreeWithTheJson) {
  json j = json::parse(ToJson(*analysis_));
  auto rows = ParsedRecords(ToCsvValues(*analysis_));
  size_t k = 0;
  for (const json& story : j["stories"]) {
    for (const json& slot : story["slots"]) {
      for (const json& v : slot["values"]) {
        ASSERT_LT(k, rows.size());
        const auto& r = rows[k++];
        EXPECT_EQ(r.at("story"), story["id"]);
        EXPECT_EQ(r.at("type"), slot["type"]);
        EXPECT_EQ(r.at("subject_side"), Field(slot["subject_side"]));
        EXPECT_EQ(r.at("status"), slot["status"]);
        EXPECT_EQ(r.at("conflict_kind"), Field(slot["conflict_kind"]));
        for (const char* key : {"value", "low", "high", "qualifier", "reports", "independent", "superseded"}) {
          EXPECT_EQ(r.at(key), Field(v[key])) << key;
        }
        EXPECT_EQ(r.at("original_sources"), JoinJson(v["original_sources"], "; "));
        EXPECT_EQ(r.at("claims"), JoinJson(v["claims"], " "));
        EXPECT_EQ(r.at("docs"), JoinJson(v["docs"], "; "));
        EXPECT_EQ(r.at("estimate_best"), Field(slot["estimate"]["best"]));
        EXPECT_EQ(r.at("estimate_high"), Field(slot["estimate"]["high"]));
      }
    }
  }
  EXPECT_EQ(k, rows.size());
  EXPECT_EQ(k, 10u);
}

// One row per claim; its text and sentence are the bytes its spans index.
TEST_F(SeedExports, CsvHasEveryClaimWithItsBytes) {
  const std::string csv = ToCsv(*analysis_);
  EXPECT_EQ(Lines(csv).at(0),
            "id,doc,story,type,value,low,high,qualifier,vague,unit,subject,subject_side,category,source,source_kind,"
            "source_side,modality,unverified,in_headline,additive,when,where,separate_event,span_begin,span_end,"
            "text,sentence_begin,sentence_end,sentence");
  EXPECT_EQ(Lines(csv).at(1),
            "c1,000_7c613e6085f4abe8,s1,killed,58,58,58,,false,,Pakistani soldiers,Pakistan,person,Taliban "
            "government,organization,Afghanistan,claimed,true,false,false,,Afghanistan,,69,97,killed 58 Pakistani "
            "soldiers,0,256,\"The Taliban government in Afghanistan said on Sunday that its forces killed 58 "
            "Pakistani soldiers and injured 30 others in overnight border operations, carried out in response to "
            "what it called repeated violations of its territory and airspace by Pakistan.\"");
  auto rows = ParsedRecords(csv);
  ASSERT_EQ(rows.size(), analysis_->claims.size());
  std::map<std::string, const Document*> docs;
  for (const Document& d : analysis_->documents) docs[d.id] = &d;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Claim& c = analysis_->claims[i];
    const std::string& text = docs.at(c.doc)->text;
    EXPECT_EQ(rows[i].at("id"), c.id);
    EXPECT_EQ(rows[i].at("text"), c.span.Of(text));
    EXPECT_EQ(rows[i].at("sentence"), c.sentence.Of(text));
    EXPECT_EQ(rows[i].at("span_begin"), std::to_string(c.span.begin));
    EXPECT_EQ(rows[i].at("sentence_end"), std::to_string(c.sentence.end));
  }
  // The February claim is a separate event of the story, with its reason.
  EXPECT_EQ(rows.at(4).at("id"), "c5");
  EXPECT_EQ(rows.at(4).at("separate_event"), "another period: February");
  EXPECT_EQ(rows.at(4).at("value"), "30");
  EXPECT_EQ(rows.at(4).at("qualifier"), "around");
  EXPECT_EQ(rows.at(4).at("low"), "27");
  EXPECT_EQ(rows.at(4).at("high"), "33");
}

TEST_F(SeedExports, UcdpRowHasDeathsPerSideAndTheConflict) {
  EXPECT_EQ(ToUcdp(*analysis_),
            "story,side_a,side_b,side_other,deaths_a,deaths_b,deaths_other,deaths_civilians,deaths_unknown,best,"
            "low,high,high_open,status_a,status_b,status_unknown,conflict,number_of_sources,source_article\r\n"
            "s1,Pakistan,Afghanistan,,23,9,,,,32,32,67,false,conflict,agree,,true,5,000_7c613e6085f4abe8; "
            "001_a3d4f95df7bb4a18; 002_408996be704aa27f; 003_cb04ce9564500d14; 004_77f8c327c2dd57e0\r\n");
}

TEST_F(SeedExports, GkgCountsPerDocumentWithPlacesAndOffsets) {
  std::vector<std::string> lines = Lines(ToGkg(*analysis_));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0],
            "GKGRECORDID\tV2.1DATE\tV2SOURCECOLLECTIONIDENTIFIER\tV2SOURCECOMMONNAME\tV2DOCUMENTIDENTIFIER\t"
            "V1COUNTS\tV2.1COUNTS");
  const std::string origin = analysis_->documents[0].origin;
  EXPECT_EQ(lines[1],
            "000_7c613e6085f4abe8\t\t2\t\t" + origin +
                "\tKILL#58#Pakistani soldiers#1#Afghanistan#####;WOUND#30#others#1#Afghanistan#####;"
                "SEIZE#25#Pakistani army posts#4#Kabul, Afghanistan###34.52813#69.17233#;"
                "KILL#30#ISKP members#4#Mastung, Pakistan###29.79966#66.84553#;"
                "\tKILL#58#Pakistani soldiers#1#Afghanistan######69;WOUND#30#others#1#Afghanistan######102;"
                "SEIZE#25#Pakistani army posts#4#Kabul, Afghanistan###34.52813#69.17233##349;"
                "KILL#30#ISKP members#4#Mastung, Pakistan###29.79966#66.84553##1811;");
  // 004 has "Dawat Media Center" as its outlet and counts with no place.
  EXPECT_EQ(lines[5].substr(0, lines[5].find("\tSEIZE")),
            "004_77f8c327c2dd57e0\t\t2\tDawat Media Center\t" + analysis_->documents[4].origin);
}

// A report written to break the exports, built by hand so that every field
// holds something hostile: a document id that is a formula, a subject with
// quotes, a comma and GDELT's separators, a source starting with @, a claim
// span across a line break, a sentence with HTML and an escape sequence,
// and a headline with an <img onerror>.
class HostileExports : public ::testing::Test {
 protected:
  void SetUp() override {
    Document d;
    d.id = "=cmd|' /C calc'!A0";
    d.text = "Clash <img src=x onerror=alert(1)> *now*\n"
             "Police \xE2\x80\x94 officials said \"5, or more\" soldiers\nwere killed <b>x</b> \x1b[31m today.\n";
    d.url = "https://www.Example.com:443/a?b=1";
    d.published = "2026-03-01T14:30:00+05:00";
    d.origin = "feed.jsonl:1";
    const size_t line2 = d.text.find("Police");
    CleanDocument clean;
    clean.headline = Span{0, line2 - 1};
    clean.outlet = "-Outlet";
    Claim c;
    c.id = "c1";
    c.doc = d.id;
    c.type = "killed";
    c.quantity.value = 5;
    c.quantity.low = 5;
    c.quantity.high = 5;
    c.subject = "\"5, or more\" soldiers;#1";
    c.subject_side = "-Side";
    c.category = "person";
    c.source.name = "@Officials, \"the\"";
    c.source.kind = "organization";
    c.modality = "claimed";
    c.sentence = Span{line2, d.text.size() - 1};
    c.span = Span{d.text.find("\"5,"), d.text.find(" <b>")};
    Value v;
    v.quantity = c.quantity;
    v.reported = {5};
    v.claims = {0};
    v.docs = {d.id};
    v.original_sources = {c.source.name};
    v.modalities = {"claimed"};
    v.precise = true;
    v.independent = 1;
    Slot slot;
    slot.type = "killed";
    slot.subject_side = c.subject_side;
    slot.subject = c.subject;
    slot.status = "single-source";
    slot.values = {v};
    slot.estimate = Estimate{5, 5, 5, false};
    slot.independent_sources = 1;
    slot.reports = 1;
    Story s;
    s.id = "s1";
    s.docs = {d.id};
    s.slots = {slot};
    s.totals["killed"] = slot.estimate;
    a_.documents = {d};
    a_.cleaned = {clean};
    a_.claims = {c};
    a_.stories = {s};
    a_.lineage = {0};
  }
  Analysis a_;
};

TEST_F(HostileExports, CsvQuotesGuardsAndKeepsTheBytes) {
  const std::string csv = ToCsv(a_);
  std::vector<std::string> rows = Lines(csv);
  ASSERT_EQ(rows.size(), 4u);  // the header, and the claim's row with a line break in two fields
  EXPECT_EQ(rows[1] + "\n" + rows[2] + "\n" + rows[3],
            "c1,'=cmd|' /C calc'!A0,s1,killed,5,5,5,,false,,\"\"\"5, or more\"\" soldiers;#1\",'-Side,person,"
            "\"'@Officials, \"\"the\"\"\",organization,,claimed,false,false,false,,,,67,100,\"\"\"5, or more\"\" "
            "soldiers\nwere killed\",41,122,\"Police \xE2\x80\x94 officials said \"\"5, or more\"\" soldiers\nwere "
            "killed <b>x</b> \xEF\xBF\xBD[31m today.\"");
  EXPECT_EQ(csv.find('\x1b'), std::string::npos);
  auto records = ParsedRecords(csv);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].at("text"), a_.claims[0].span.Of(a_.documents[0].text));
  EXPECT_EQ(records[0].at("source"), "'" + a_.claims[0].source.name);
  EXPECT_EQ(records[0].at("doc"), "'" + a_.documents[0].id);
}

TEST_F(HostileExports, CsvValuesAndUcdpQuoteAndGuard) {
  EXPECT_EQ(Lines(ToCsvValues(a_)).at(1),
            "s1,killed,'-Side,,\"\"\"5, or more\"\" soldiers;#1\",single-source,,5,5,5,,5,false,1,1,"
            "\"'@Officials, \"\"the\"\"\",claimed,,c1,'=cmd|' /C calc'!A0,5,5,5,false");
  EXPECT_EQ(Lines(ToUcdp(a_)).at(1), "s1,'-Side,,,5,,,,,5,5,5,false,single-source,,,false,1,'=cmd|' /C calc'!A0");
}

TEST_F(HostileExports, GkgKeepsItsSeparatorsAndConvertsTheDate) {
  std::vector<std::string> lines = Lines(ToGkg(a_));
  ASSERT_EQ(lines.size(), 2u);
  // The em dash is three bytes and one character: the claim starts at byte 67, character 65.
  EXPECT_EQ(lines[1],
            "'=cmd|' /C calc'!A0\t20260301093000\t1\texample.com\thttps://www.Example.com:443/a?b=1\t"
            "KILL#5#\"5, or more\" soldiers  1#0######;\tKILL#5#\"5, or more\" soldiers  1#0#######65;");
}

TEST_F(HostileExports, MarkdownEscapesHtmlAndTextHasNoEscapeSequence) {
  const std::string md = ToMarkdown(a_);
  for (size_t at = md.find_first_of("<*&"); at != std::string::npos; at = md.find_first_of("<*&", at + 1)) {
    if (md.compare(at, 2, "**") == 0) {  // our bold
      ++at;
      continue;
    }
    EXPECT_EQ(md[at - 1], '\\') << "unescaped " << md[at] << " at " << at << ":\n" << md;
  }
  EXPECT_NE(md.find("Clash \\<img src=x onerror=alert(1)\\> \\*now\\*"), std::string::npos) << md;
  EXPECT_NE(md.find("\u2190 @Officials, \"the\" (claimed)"), std::string::npos) << md;
  EXPECT_EQ(md.find('\x1b'), std::string::npos);
  const std::string text = ToText(a_, /*color=*/false);
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_NE(text.find("Clash <img src=x onerror=alert(1)> *now*"), std::string::npos) << text;
}

TEST(PrintableUtf8, ReplacesWhatATerminalActsOnAndInvalidBytes) {
  EXPECT_EQ(PrintableUtf8("a\x1b[31mb\x07" "c\x7f\xC2\x9B" "1m\t\r\n\xFF\xE2\x80\x94"),
            "a\uFFFD[31mb\uFFFDc\uFFFD\uFFFD" "1m\t\r\n\uFFFD\u2014");
  EXPECT_EQ(PrintableUtf8("plain \xC2\xA0text"), "plain \u00A0text");
}

// What a CSV text field should hold for bytes from the input, written out
// the slow way: invalid UTF-8 and control characters but TAB, CR and LF
// become U+FFFD; a leading =, +, -, @, TAB or CR gets a '.
std::string ExpectedField(std::string_view bytes) {
  std::string valid = ReplaceInvalidUtf8(bytes), out;
  for (size_t i = 0; i < valid.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(valid[i]);
    if (c == 0xC2 && i + 1 < valid.size() && (static_cast<unsigned char>(valid[i + 1]) & 0xE0) == 0x80) {
      out += "\uFFFD";
      ++i;
    } else if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F) {
      out += "\uFFFD";
    } else {
      out += valid[i];
    }
  }
  if (!out.empty() && std::string_view("=+-@\t\r").find(out[0]) != std::string_view::npos) out.insert(0, "'");
  return out;
}

// Every seed of fuzz_claims (hostile reports: invalid UTF-8, nested quotes,
// control characters, CR line ends, absurd numbers), split into two
// documents at 0xFF as the fuzz target does, through Analyze and the claims
// CSV: strict RFC 4180, one row per claim, each text and sentence what the
// slow reference above makes of its bytes, and no ESC anywhere.
TEST(ExportsRoundTrip, FuzzSeedsReadBackThroughTheCsvReader) {
  namespace fs = std::filesystem;
  size_t files = 0, claims = 0;
  for (const auto& entry : fs::directory_iterator(testing::SourcePath("fuzz/corpus/fuzz_claims"))) {
    const std::string input = testing::ReadFile(entry.path().string());
    const size_t ff = input.find('\xFF');
    std::vector<Document> docs = {testing::Doc("a", input.substr(0, ff))};
    if (ff != std::string::npos) docs.push_back(testing::Doc("b", input.substr(ff + 1)));
    Analysis a = Analyze(std::move(docs));
    const std::string csv = ToCsv(a);
    EXPECT_EQ(csv.find('\x1b'), std::string::npos) << entry.path();
    auto rows = ParsedRecords(csv);
    ASSERT_EQ(rows.size(), a.claims.size()) << entry.path();
    for (size_t i = 0; i < rows.size(); ++i) {
      const Claim& c = a.claims[i];
      const std::string& text = a.documents[c.doc == "a" ? 0 : 1].text;
      EXPECT_EQ(rows[i].at("text"), ExpectedField(c.span.Of(text))) << entry.path() << " " << c.id;
      EXPECT_EQ(rows[i].at("sentence"), ExpectedField(c.sentence.Of(text))) << entry.path() << " " << c.id;
      EXPECT_EQ(rows[i].at("subject"), ExpectedField(c.subject)) << entry.path() << " " << c.id;
    }
    ++files;
    claims += rows.size();
  }
  EXPECT_GE(files, 10u);
  EXPECT_GT(claims, 20u);
}

}  // namespace
}  // namespace crosscheck
