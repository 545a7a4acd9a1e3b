// End-to-end: the crosscheck binary on a folder of good and bad inputs.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace crosscheck {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

CliRun Crosscheck(const std::string& args) {
  fs::path err_file = fs::temp_directory_path() / ("cc_err_" + std::to_string(::getpid()));
  std::string cmd = std::string(CROSSCHECK_BIN) + " " + args + " 2>" + err_file.string();
  CliRun r;
  FILE* p = ::popen(cmd.c_str(), "r");
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = testing::ReadFile(err_file.string());
  fs::remove(err_file);
  return r;
}

void Write(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("crosscheck_bad_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    fs::copy_file(testing::SourcePath("examples/border-clash/002_408996be704aa27f.txt"), dir_ / "a_good.txt");
    Write(dir_ / "b_invalid_utf8.txt", "Officials said \xFF\xFE two people were killed.\n");
    Write(dir_ / "c_binary.txt", std::string("\x7f" "ELF\0\0\0\x01", 8));
    Write(dir_ / "d_empty.txt", "");
    // 50 MB on one line: real sentences repeated, no line break.
    std::string line;
    const std::string sentence = "Police said two people were killed in the attack on the market. ";
    line.reserve(50u << 20);
    while (line.size() < (50u << 20)) line += sentence, ++huge_sentences_;
    Write(dir_ / "e_huge_line.txt", line);
    Write(dir_ / "f_feed.jsonl", "{\"id\":\"ok\",\"text\":\"Police said three people were wounded.\"}\n{\"id\":\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  size_t huge_sentences_ = 0;
};

TEST_F(BadInput, EachProblemNamedAndTheRestAnalysed) {
  CliRun r = Crosscheck("analyze --format json " + dir_.string());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("b_invalid_utf8.txt:1: warning: invalid UTF-8 at byte 15"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("c_binary.txt:1: error: binary data"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("d_empty.txt: error: empty document"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("f_feed.jsonl:2: error: malformed JSON"), std::string::npos) << r.err;
  // The huge line's claims (one a sentence: 0.7 GB of JSON) are counted and
  // dropped as they are parsed: a DOM of the whole report took 3.5 GB here.
  size_t huge_claims = 0;
  auto j = nlohmann::json::parse(r.out, [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& v) {
    const bool huge = event == nlohmann::json::parse_event_t::object_end && depth == 2 && v.contains("doc") &&
                      v["doc"] == "e_huge_line";
    huge_claims += huge;
    return !huge;
  });
  EXPECT_EQ(huge_claims, huge_sentences_);  // "two people were killed", 819,200 times
  std::vector<std::string> ids;
  for (auto& d : j["documents"]) ids.push_back(d["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"a_good", "b_invalid_utf8", "e_huge_line", "ok"}));
  bool found_23 = false;
  for (auto& c : j["claims"]) found_23 |= c["doc"] == "a_good" && c["value"] == 23;
  EXPECT_TRUE(found_23);
}

TEST(Cli, ExitCodesAndHelp) {
  EXPECT_EQ(Crosscheck("analyze --help").exit_code, 0);
  EXPECT_EQ(Crosscheck("--help").exit_code, 0);
  EXPECT_EQ(Crosscheck("analyze --format xml x").exit_code, 2);
  EXPECT_EQ(Crosscheck("analyze --group bogus " + testing::SourcePath("examples")).exit_code, 2);
  CliRun missing = Crosscheck("analyze /nonexistent/path");
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("/nonexistent/path: error: no such file or directory"), std::string::npos);
  CliRun ok = Crosscheck("analyze --format markdown " + testing::SourcePath("examples/border-clash"));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("**⚠ CONFLICT**"), std::string::npos);
  EXPECT_TRUE(ok.err.empty());
}

// --group auto (the default) clusters by content: the five seed reports are
// one story and two reports of an unrelated flood another; `all` still makes one.
TEST(Cli, GroupAutoSeparatesStories) {
  fs::path dir = fs::temp_directory_path() / ("crosscheck_auto_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::copy(testing::SourcePath("examples/border-clash"), dir / "seeds");
  Write(dir / "z_flood.jsonl",
        "{\"id\":\"flood-1\",\"text\":\"Floods in Porto Alegre kill 12\\n\\nHeavy rain flooded the Brazilian city "
        "of Porto Alegre on Sunday, killing 12 people, the Rio Grande do Sul civil defence agency said. Rescue "
        "boats evacuated thousands of residents from the Guaiba river banks.\"}\n"
        "{\"id\":\"flood-2\",\"text\":\"Porto Alegre flood toll rises\\n\\nThe death toll from floods in Porto "
        "Alegre rose to 14 on Monday, Rio Grande do Sul's civil defence agency said, as the Guaiba river kept "
        "rising and rescue boats searched flooded streets.\"}\n");
  CliRun r = Crosscheck("analyze --format json " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["stories"].size(), 2u) << j["stories"].dump();
  EXPECT_EQ(j["stories"][0]["docs"].size(), 5u);
  EXPECT_EQ(j["stories"][1]["docs"], (std::vector<std::string>{"flood-1", "flood-2"}));
  CliRun all = Crosscheck("analyze --format json --group all " + dir.string());
  EXPECT_EQ(nlohmann::json::parse(all.out)["stories"].size(), 1u);
  fs::remove_all(dir);
}

TEST(Cli, TextReportShowsTheLinks) {
  CliRun r = Crosscheck("analyze --color never " + testing::SourcePath("examples/border-clash"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Links (text reuse)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  001_a3d4f95df7bb4a18 → 002_408996be704aa27f (copies 001_a3d4f95df7bb4a18) · shared-passage · "
                       "similarity 0.19"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("      attribution dropped: “Earlier this week, Afghan authorities accused Pakistan of "
                       "conducting airstrikes on Kabul and a market in eastern Afghanistan.” (Afghan authorities) → "
                       "“Earlier in the week, Pakistan bombed both the capital Kabul and a market in eastern "
                       "Afghanistan.” (no source)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("000_7c613e6085f4abe8 ↔ 001_a3d4f95df7bb4a18 (direction unknown) · shared-passage"),
            std::string::npos);
}

// A JSON Lines id holding an escape sequence, repeated: the duplicate-id
// warning quotes it with the ESC replaced, never raw on the terminal.
TEST(Cli, DiagnosticsNeverPrintAnEscapeSequence) {
  fs::path dir = fs::temp_directory_path() / ("crosscheck_esc_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string record = "{\"id\":\"a\\u001b[2Jb\",\"text\":\"Police said 3 soldiers were killed.\"}\n";
  Write(dir / "feed.jsonl", record + record);
  CliRun r = Crosscheck("analyze --format csv " + (dir / "feed.jsonl").string());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("duplicate document id \"a\xEF\xBF\xBD[2Jb\" renamed to \"a\xEF\xBF\xBD[2Jb#2\""),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_NE(r.out.find("\r\nc2,a\xEF\xBF\xBD[2Jb#2,"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

// `crosscheck text`: what is read from each input, in both formats.
TEST(TextCommand, JsonLinesPerDocumentWithMetadataInTheDocumentedOrder) {
  CliRun r = Crosscheck("text --format jsonl " + testing::SourcePath("tests/data/web/sample-rss.xml"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "{\"id\":\"frontier.example.com/2025/10/12/taliban-claim\",\"url\":\"https://frontier.example.com/2025/10/"
            "12/taliban-claim\",\"title\":\"Taliban claim 58 Pakistani soldiers killed\",\"published\":\"2025-10-12T06:"
            "15:00Z\",\"outlet\":\"Frontier Times\",\"author\":\"Amina Khan\",\"language\":null,\"text\":\"The "
            "Taliban said its forces killed 58 Pakistani soldiers.\\nPakistan's army said 23 soldiers died.\\n\"}\n"
            "{\"id\":\"frontier.example.com/2025/10/12/crossings\",\"url\":\"https://frontier.example.com/2025/10/12/"
            "crossings\",\"title\":\"Border crossings closed\",\"published\":\"2025-10-12T10:00:00Z\",\"outlet\":"
            "\"Frontier Times\",\"author\":\"Omar Siddiqui\",\"language\":null,\"text\":\"Both crossings were closed "
            "on Sunday.\\n\"}\n");
}

TEST(TextCommand, TextFormatIdIsTheStemAndBadInputsGiveTheExitCodes) {
  const std::string seed = testing::SourcePath("examples/border-clash/003_cb04ce9564500d14.txt");
  CliRun ok = Crosscheck("text " + seed);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out.rfind("# 003_cb04ce9564500d14\ntitle: Mujahid Says 25 Pakistani Border Posts Seized, 58 Soldiers "
                         "Killed in Overnight Clashes\noutlet: Khaama Press\n\nMujahid Says",
                         0),
            0u)
      << ok.out;
  EXPECT_EQ(ok.out.find("appeared first on Khaama Press"), std::string::npos);  // cleaned away
  CliRun partial = Crosscheck("text " + seed + " /nonexistent/x.warc");
  EXPECT_EQ(partial.exit_code, 1);
  EXPECT_NE(partial.err.find("/nonexistent/x.warc: error: no such file or directory"), std::string::npos);
  EXPECT_EQ(Crosscheck("text /nonexistent/x.warc").exit_code, 3);
  EXPECT_EQ(Crosscheck("text --format xml " + seed).exit_code, 2);
  EXPECT_EQ(Crosscheck("text --since yesterday " + seed).exit_code, 2);
  CliRun help = Crosscheck("text --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--since"), std::string::npos);
  EXPECT_NE(help.out.find("--connections"), std::string::npos);
}

}  // namespace
}  // namespace crosscheck
