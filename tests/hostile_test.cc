// Hostile input, end to end: the crosscheck binary on malformed, huge and
// strange inputs. Every case checks three things: the result (a claim's exact
// value, and the bytes of the original file its span points at) or a
// diagnostic naming file and line on stderr; that every other document of the
// same run is analysed; and the exit code the README documents (0 clean,
// 1 results written but some input skipped or repaired, 3 nothing analysed).
// The large cases also bound the process's peak memory (README, "Input
// formats and bad input").
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <thread>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/sanitizers.h"
#include "test_util.h"

extern char** environ;

namespace crosscheck {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr long kMiB = 1024;  // ru_maxrss is in KiB

// A memory bound in KiB of a normal build; ASan's shadow memory, redzones and
// quarantine need about three times as much.
long RssBound(long mib) { return kAddressSanitizer ? 3 * mib * kMiB + 256 * kMiB : mib * kMiB; }

struct CliRun {
  int exit_code = -1;
  std::string out, err;
  long max_rss_kib = 0;  // peak resident memory of the crosscheck process
  long parent_peak_kib = 0;  // this process's own peak when it started the run
};

// Expects the run's peak memory below `bound_kib`. posix_spawn starts the
// child in this process's memory (vfork), and Linux takes this process's peak
// as the child's floor when it execs, so a figure no higher than that floor
// only says the child stayed below it. When the floor itself is over the bound
// (the whole tests binary run in one process, after tests that hold much
// memory; ctest runs each test alone), the run cannot be judged: skipped, with
// the figures.
void ExpectPeakBelow(const CliRun& r, long bound_kib) {
  if (r.max_rss_kib >= bound_kib && r.max_rss_kib <= r.parent_peak_kib) {
    GTEST_SKIP() << "peak " << r.max_rss_kib << " KiB is this test process's own (" << r.parent_peak_kib
                 << " KiB), over the bound of " << bound_kib << " KiB; run the test alone (ctest) to measure it";
  }
  EXPECT_LT(r.max_rss_kib, bound_kib) << "peak KiB";
}

// Runs the crosscheck binary with `args`; stdout and stderr go to files in
// `dir`, stdin is /dev/null or `stdin_fd`. wait4() gives this one child's
// peak memory.
CliRun Crosscheck(const std::vector<std::string>& args, const fs::path& dir, int stdin_fd = -1) {
  const fs::path out = dir / "stdout", err = dir / "stderr";
  std::vector<std::string> argv_s = {CROSSCHECK_BIN};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  if (stdin_fd >= 0) {
    posix_spawn_file_actions_adddup2(&files, stdin_fd, 0);
  } else {
    posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
  }
  posix_spawn_file_actions_addopen(&files, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&files, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CliRun r;
  rusage self{};
  ::getrusage(RUSAGE_SELF, &self);
  r.parent_peak_kib = self.ru_maxrss;
  pid_t pid;
  int spawned = posix_spawn(&pid, argv[0], &files, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  if (spawned != 0) {
    ADD_FAILURE() << "cannot run " << argv[0];
    return r;
  }
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.max_rss_kib = usage.ru_maxrss;
  r.out = testing::ReadFile(out.string());
  r.err = testing::ReadFile(err.string());
  return r;
}

void Write(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

// Writes report sentences to `fd` for ever, until its reader goes away
// (EPIPE; SIGPIPE is ignored while it lives), then closes it. The bytes
// written are counted.
class EndlessWriter {
 public:
  explicit EndlessWriter(int fd) : fd_(fd) {
    ::signal(SIGPIPE, SIG_IGN);
    thread_ = std::thread([this] {
      const std::string sentence = "Police said 7 soldiers were killed in the attack on the market. ";
      std::string chunk;
      while (chunk.size() < (64u << 10)) chunk += sentence;
      for (;;) {
        ssize_t n = ::write(fd_, chunk.data(), chunk.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        written_ += static_cast<size_t>(n);
      }
      ::close(fd_);
    });
  }
  ~EndlessWriter() {
    thread_.join();
    ::signal(SIGPIPE, SIG_DFL);
  }
  size_t written() const { return written_; }

 private:
  int fd_;
  std::atomic<size_t> written_{0};
  std::thread thread_;
};

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::vector<std::string> DocIds(const json& j) {
  std::vector<std::string> ids;
  for (const json& d : j["documents"]) ids.push_back(d["id"]);
  return ids;
}

std::vector<json> ClaimsOfDoc(const json& j, const std::string& doc) {
  std::vector<json> out;
  for (const json& c : j["claims"]) {
    if (c["doc"] == doc) out.push_back(c);
  }
  return out;
}

// The bytes of `file` that a JSON span [begin, end) points at.
std::string SpanBytes(const std::string& file, const json& span) {
  size_t begin = span[0], end = span[1];
  return file.substr(begin, end - begin);
}

class Hostile : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("crosscheck_hostile_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "in");
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes an input file and returns its path as a string.
  std::string Input(const std::string& name, const std::string& bytes) {
    fs::path p = dir_ / "in" / name;
    Write(p, bytes);
    return p.string();
  }
  // Analyses `paths` (default: the whole input directory) as compact JSON.
  CliRun AnalyzeJson(std::vector<std::string> paths = {}) {
    if (paths.empty()) paths = {(dir_ / "in").string()};
    std::vector<std::string> args = {"analyze", "--format", "json", "--compact"};
    args.insert(args.end(), paths.begin(), paths.end());
    return Crosscheck(args, dir_);
  }

  fs::path dir_;
};

// Overlong forms, a 5-byte lead, lone continuation bytes, a surrogate and a
// sequence cut off at the end of the file: each document is kept with one
// warning naming file, line and byte; the claim's span still indexes the file.
TEST_F(Hostile, InvalidUtf8IsKeptWithAWarningAndSpansIndexTheFile) {
  struct Case {
    std::string name, bytes, warning, claim;
  };
  const std::vector<Case> cases = {
      {"a_overlong_c0af.txt", "Officials said \xC0\xAF 11 soldiers were killed.\n", ":1: warning: invalid UTF-8 at byte 15",
       "11 soldiers were killed"},
      {"b_overlong_e080af.txt", "First paragraph here.\n\nOfficials said \xE0\x80\xAF 12 soldiers were killed.\n",
       ":3: warning: invalid UTF-8 at byte 38", "12 soldiers were killed"},
      {"c_five_byte_f8.txt", "Officials said \xF8\x88\x80\x80\x80 13 soldiers were killed.\n",
       ":1: warning: invalid UTF-8 at byte 15", "13 soldiers were killed"},
      {"d_lone_continuation.txt", "Officials said \x80\xBF 14 soldiers were killed.\n",
       ":1: warning: invalid UTF-8 at byte 15", "14 soldiers were killed"},
      {"e_surrogate_eda080.txt", "Officials said \xED\xA0\x80 15 soldiers were killed.\n",
       ":1: warning: invalid UTF-8 at byte 15", "15 soldiers were killed"},
      {"f_truncated_at_eof.txt", "Officials said 16 soldiers were killed. \xE2\x80",
       ":1: warning: invalid UTF-8 at byte 40", "16 soldiers were killed"},
  };
  std::vector<std::string> files;
  for (const Case& c : cases) files.push_back(Input(c.name, c.bytes));
  std::string feed = Input("g_feed.jsonl",
                           "{\"id\":\"g1\",\"text\":\"Police said 17 soldiers were killed.\"}\n"
                           "{\"id\":\"g2\",\"text\":\"Police said \xC0\xAF 18 soldiers were killed.\"}\n");
  CliRun r = AnalyzeJson();
  EXPECT_EQ(r.exit_code, 1) << r.err;  // results written, input repaired
  json j = json::parse(r.out);
  EXPECT_EQ(DocIds(j), (std::vector<std::string>{"a_overlong_c0af", "b_overlong_e080af", "c_five_byte_f8",
                                                 "d_lone_continuation", "e_surrogate_eda080",
                                                 "f_truncated_at_eof", "g1", "g2"}));
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(Has(r.err, c.name + c.warning)) << r.err;
    auto claims = ClaimsOfDoc(j, fs::path(c.name).stem().string());
    ASSERT_EQ(claims.size(), 1u);
    EXPECT_EQ(claims[0]["type"], "killed");
    EXPECT_EQ(claims[0]["value"], 11 + static_cast<int>(i));
    EXPECT_EQ(SpanBytes(c.bytes, claims[0]["span"]), c.claim);
  }
  // JSON must be UTF-8: the bad bytes of line 2 are replaced, the record kept.
  EXPECT_TRUE(Has(r.err, "g_feed.jsonl:2: warning: invalid UTF-8 at byte 89")) << r.err;
  auto g2 = ClaimsOfDoc(j, "g2");
  ASSERT_EQ(g2.size(), 1u);
  EXPECT_EQ(g2[0]["value"], 18);
  EXPECT_EQ(g2[0]["text"], "18 soldiers were killed");
  EXPECT_EQ(ClaimsOfDoc(j, "g1").at(0)["value"], 17);
}

// A NUL byte means binary data: that document alone is skipped, with an error
// naming its line; in JSON Lines the record's line.
TEST_F(Hostile, NulByteSkipsItsDocumentOnly) {
  Input("a_nul.txt", std::string("Police said 3 soldiers were killed.\nSecond\0line.\n", 49));
  Input("b_nul_cr_only.txt", std::string("One.\rTwo.\rThree\0.\r", 18));
  Input("c_good.txt", "Police said 4 soldiers were killed.\n");
  Input("d_feed.jsonl", std::string("{\"id\":\"d1\",\"text\":\"Police said 5 soldiers were killed.\"}\n"
                                    "{\"id\":\"d2\",\"text\":\"Police said\\u0000 6 soldiers were killed.\"}\n"
                                    "{\"id\":\"d3\",\"text\":\"Police ") +
                            '\0' + "said 7 soldiers were killed.\"}\n"
                            "{\"id\":\"d4\",\"text\":\"Police said 8 soldiers were killed.\"}\n");
  CliRun r = AnalyzeJson();
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "a_nul.txt:2: error: binary data (NUL byte) at byte 42")) << r.err;
  EXPECT_TRUE(Has(r.err, "b_nul_cr_only.txt:3: error: binary data (NUL byte) at byte 15")) << r.err;
  EXPECT_TRUE(Has(r.err, "d_feed.jsonl:2: error: binary data (NUL byte, \\u0000) at byte 11 of \"text\""))
      << r.err;
  EXPECT_TRUE(Has(r.err, "d_feed.jsonl:3: error: malformed JSON")) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(DocIds(j), (std::vector<std::string>{"c_good", "d1", "d4"}));
  EXPECT_EQ(ClaimsOfDoc(j, "c_good").at(0)["value"], 4);
  EXPECT_EQ(ClaimsOfDoc(j, "d1").at(0)["value"], 5);
  EXPECT_EQ(ClaimsOfDoc(j, "d4").at(0)["value"], 8);
}

// Real sentences, `bytes` long, no line break.
std::string Sentences(size_t bytes) {
  const std::string sentence = "Police said two people were killed in the attack on the market. ";
  std::string s;
  s.reserve(bytes + sentence.size());
  while (s.size() < bytes) s += sentence;
  s.resize(bytes);
  return s;
}

// 100 MB is over the 64 MiB document limit. A text file that large is
// skipped without being read; a JSON Lines line that large is read in chunks
// and discarded (never held whole, never parsed), and the records around it
// are analysed.
TEST_F(Hostile, HundredMegabyteDocumentIsSkippedWithBoundedMemory) {
  const size_t kBig = size_t{100} << 20;
  {
    std::ofstream big(dir_ / "in" / "a_big.txt", std::ios::binary);
    std::string chunk = Sentences(1 << 20);
    for (size_t i = 0; i < kBig / chunk.size(); ++i) big << chunk;
  }
  std::string good = Input("b_good.txt", "Police said 4 soldiers were killed.\n");
  CliRun text = AnalyzeJson();
  EXPECT_EQ(text.exit_code, 1) << text.err;
  EXPECT_TRUE(Has(text.err, "a_big.txt:1: error: document of 104857600 bytes exceeds the limit of 67108864 bytes "
                            "(--max-document-bytes); skipped, not read"))
      << text.err;
  json j = json::parse(text.out);
  EXPECT_EQ(DocIds(j), std::vector<std::string>{"b_good"});
  EXPECT_EQ(ClaimsOfDoc(j, "b_good").at(0)["value"], 4);
  ExpectPeakBelow(text, RssBound(64));
  fs::remove(dir_ / "in" / "a_big.txt");

  {
    std::ofstream feed(dir_ / "in" / "c_feed.jsonl", std::ios::binary);
    feed << "{\"id\":\"c1\",\"text\":\"Police said 5 soldiers were killed.\"}\n";
    feed << "{\"id\":\"c2\",\"text\":\"" << Sentences(kBig) << "\"}\n";
    feed << "{\"id\":\"c3\",\"text\":\"Police said 6 soldiers were killed.\"}\n";
  }
  CliRun jsonl = AnalyzeJson();
  EXPECT_EQ(jsonl.exit_code, 1) << jsonl.err;
  EXPECT_TRUE(Has(jsonl.err, "c_feed.jsonl:2: error: line of 104857621 bytes exceeds the limit of 67108864 bytes"))
      << jsonl.err;
  j = json::parse(jsonl.out);
  EXPECT_EQ(DocIds(j), (std::vector<std::string>{"b_good", "c1", "c3"}));
  EXPECT_EQ(ClaimsOfDoc(j, "c3").at(0)["value"], 6);
  ExpectPeakBelow(jsonl, RssBound(256));
  std::printf("peak memory: 100 MB text file %ld MiB, 100 MB JSON Lines record %ld MiB\n",
              text.max_rss_kib / kMiB, jsonl.max_rss_kib / kMiB);
}

// The page bytes a claim of an HTML document came from: the `page.map` piece
// whose text holds the claim's span (the piece covers a whole text node).
std::string PageBytesOfClaim(const std::string& page, const json& doc, const json& claim) {
  const size_t begin = claim["span"][0], end = claim["span"][1];
  for (const json& piece : doc["page"]["map"]) {
    if (piece[0] <= begin && end <= piece[1]) {
      const size_t page_begin = piece[2], page_end = piece[3];
      return page.substr(page_begin, page_end - page_begin);
    }
  }
  return "";
}

// Broken and hostile markup (issue 12): unclosed and misnested tags, 100,000
// nested <div>s, a page declared UTF-8 holding windows-1252 bytes, one
// declared ISO-8859-1 holding UTF-8, and a page whose scripts, <noscript> and
// <template> hold a fake article. Each page gives exactly its one real claim,
// whose text piece maps back to the page's own bytes; no figure of a fake
// article becomes a claim; each charset guess is a warning naming the file.
TEST_F(Hostile, BrokenMarkupWrongCharsetsAndScriptedFakeArticles) {
  struct Page {
    std::string name, bytes;
    int value;
    std::string text;        // Document text the claim's sentence is in
    std::string page_bytes;  // what the claim's map piece holds of the page
    std::string source;      // the claim's source
  };
  std::string deep = "<html><body>";
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  deep += "<p>Police said 22 soldiers were killed in the attack on the market on Monday.</p>";
  for (int i = 0; i < 100000; ++i) deep += "</div>";
  deep += "</body></html>";
  const std::vector<Page> pages = {
      {"a_unclosed.html",
       "<html><body><div class=\"content\"><p>Police said 21 soldiers were killed in the attack on the market on "
       "Monday.<p>The second <b>paragraph <i>is misnested</b> here</i>, and it still reads as a sentence, "
       "officials said.<div><p>The town council met in an unclosed div on Tuesday evening",
       21,
       "Police said 21 soldiers were killed in the attack on the market on Monday.\n\nThe second paragraph is "
       "misnested here, and it still reads as a sentence, officials said.\n\nThe town council met in an "
       "unclosed div on Tuesday evening",
       "Police said 21 soldiers were killed in the attack on the market on Monday.", "Police"},
      {"b_deep.html", deep, 22, "Police said 22 soldiers were killed in the attack on the market on Monday.",
       "Police said 22 soldiers were killed in the attack on the market on Monday.", "Police"},
      {"c_declared_utf8.html",
       "<html><head><meta charset=\"utf-8\"></head><body><article><p>Z\xFCrich police said 23 soldiers were "
       "killed in the attack on the market on Monday.</p></article></body></html>",
       23,
       "Z\xEF\xBF\xBDrich police said 23 soldiers were killed in the attack on the market on Monday.",
       "Z\xFCrich police said 23 soldiers were killed in the attack on the market on Monday.",
       "police"},  // U+FFFD is not a letter of the name
      {"d_declared_latin1.html",
       "<html><head><meta charset=\"iso-8859-1\"></head><body><article><p>Z\xC3\xBCrich police said 24 soldiers "
       "were killed in the attack on the market on Monday.</p></article></body></html>",
       24, "Z\xC3\xBCrich police said 24 soldiers were killed in the attack on the market on Monday.",
       "Z\xC3\xBCrich police said 24 soldiers were killed in the attack on the market on Monday.",
       "Z\xC3\xBCrich police"},
      {"e_script_fake.html",
       "<html><head><title>Attack on the market</title><script>var story = {\"body\": \"<p>Officials said 990 "
       "soldiers were killed.</p>\"};</script></head><body><article><script>document.write(\"<article><p>"
       "Officials said 900 soldiers were killed in the attack on the market.</p></article>\");</script>"
       "<script type=\"text/template\"><p>Officials said 800 soldiers were killed in a template article.</p>"
       "</script><noscript><p>Please enable JavaScript: officials said 700 soldiers were killed.</p></noscript>"
       "<template><p>Officials said 600 soldiers were killed in a fake story.</p></template>"
       "<p>Police said 25 soldiers were killed in the attack on the market on Monday.</p></article></body></html>",
       25, "Attack on the market\n\nPolice said 25 soldiers were killed in the attack on the market on Monday.",
       "Police said 25 soldiers were killed in the attack on the market on Monday.", "Police"},
  };
  for (const Page& p : pages) Input(p.name, p.bytes);
  CliRun r = AnalyzeJson();
  EXPECT_EQ(r.exit_code, 1) << r.err;  // results written, two pages' charsets guessed
  const std::string in = (dir_ / "in").string();
  EXPECT_EQ(r.err, "crosscheck: " + in + "/c_declared_utf8.html: warning: invalid UTF-8 in a page declared UTF-8 " +
                       "(by the page's <meta>); invalid bytes are read as U+FFFD\n" +
                       "crosscheck: " + in + "/d_declared_latin1.html: warning: page declared iso-8859-1 (by the " +
                       "page's <meta>) is valid UTF-8 with non-ASCII text; read as UTF-8\n");
  json j = json::parse(r.out);
  EXPECT_EQ(DocIds(j), (std::vector<std::string>{"a_unclosed", "b_deep", "c_declared_utf8", "d_declared_latin1",
                                                 "e_script_fake"}));
  ASSERT_EQ(j["claims"].size(), pages.size()) << r.out;
  for (size_t i = 0; i < pages.size(); ++i) {
    const Page& p = pages[i];
    SCOPED_TRACE(p.name);
    const json& doc = j["documents"][i];
    const json& claim = j["claims"][i];
    EXPECT_EQ(doc["page"]["bytes"], p.bytes.size());
    EXPECT_EQ(doc["page"]["charset"], "UTF-8");
    EXPECT_EQ(claim["doc"], doc["id"]);
    EXPECT_EQ(claim["type"], "killed");
    EXPECT_EQ(claim["value"], p.value);
    EXPECT_EQ(claim["text"], std::to_string(p.value) + " soldiers were killed");
    EXPECT_EQ(claim["source"], p.source);
    EXPECT_EQ(doc["bytes"], p.text.size());
    EXPECT_EQ(claim["span"][0], p.text.find(std::to_string(p.value) + " soldiers"));
    EXPECT_EQ(PageBytesOfClaim(p.bytes, doc, claim), p.page_bytes);
  }
  EXPECT_EQ(j["documents"][4]["headline"], "Attack on the market");
}

// A 50 MiB page (issue 12) as bloated pages are: a 4 MiB stylesheet, an 18 MiB
// script of serialised state made of one fake article repeated, a menu of
// 100,000 links, 8 MiB of inline SVG, an 8 MiB data: URI image and a 6 MiB
// comment of old markup, around a two-paragraph article. It is under the
// 64 MiB limit, so it is parsed: the real claim alone comes out, and the peak
// memory stays bounded: script, style, comment and SVG bodies are cut before
// gumbo builds its tree (209 MiB measured; 130 with a 20,000-link menu).
TEST_F(Hostile, FiftyMegabytePageGivesItsArticleInBoundedMemory) {
  const size_t kMiBytes = size_t{1} << 20;
  auto repeat = [](const std::string& s, size_t bytes) {
    std::string out;
    out.reserve(bytes + s.size());
    while (out.size() + s.size() <= bytes) out += s;
    return out;
  };
  std::string nav = "<nav><ul>";
  for (int i = 0; i < 100000; ++i) {
    nav += "<li><a href=\"/story/" + std::to_string(i) + "\">Related story number " + std::to_string(i) + "</a></li>";
  }
  nav += "</ul></nav>\n";
  const std::string article =
      "<article><h1>Attack on the market</h1><p>Police said 27 soldiers were killed in the attack on the market on "
      "Monday.</p><p>The army said the town was calm again by the evening, officials said.</p></article>\n";
  const std::string head =
      "<!DOCTYPE html><html><head><title>Attack on the market</title><style>" +
      repeat(".c{color:red}", 4 * kMiBytes) + "</style>\n";
  const std::string tail =
      "</head><body>" + nav + "<svg viewBox=\"0 0 10 10\">" + repeat("<path d=\"M0 0L10 10Z\"/>", 8 * kMiBytes) +
      "</svg>\n<img alt=\"\" src=\"data:image/png;base64," + std::string(8 * kMiBytes, 'A') + "\">\n<!-- " +
      repeat("old markup <p>Officials said 800 soldiers were killed.</p> ", 6 * kMiBytes) + "-->\n" + article +
      "</body></html>";
  std::string page = head + "<script>window.__STATE__ = [";
  const std::string fake =
      "\"<article><h1>Fake</h1><p>Officials said 900 soldiers were killed in the attack.</p></article>\",";
  page += repeat(fake, 50 * kMiBytes - page.size() - tail.size() - 12);
  page += "0];</script>";
  page.resize(50 * kMiBytes - tail.size(), ' ');
  page += tail;
  ASSERT_EQ(page.size(), 50 * kMiBytes);
  Input("page50.html", page);
  page.clear();
  page.shrink_to_fit();

  CliRun r = AnalyzeJson();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  json j = json::parse(r.out);
  ASSERT_EQ(j["documents"].size(), 1u);
  const json& doc = j["documents"][0];
  EXPECT_EQ(doc["headline"], "Attack on the market");
  EXPECT_EQ(doc["page"]["bytes"], 50 * kMiBytes);
  EXPECT_EQ(doc["bytes"], 167u);  // "Attack on the market", a blank line, the two paragraphs
  ASSERT_EQ(j["claims"].size(), 1u) << r.out;
  EXPECT_EQ(j["claims"][0]["value"], 27);
  EXPECT_EQ(j["claims"][0]["text"], "27 soldiers were killed");
  // The paragraph's piece points at the article near the page's end.
  EXPECT_EQ(doc["page"]["map"][1][2], 50 * kMiBytes - tail.size() + tail.find("Police said 27"));
  ExpectPeakBelow(r, RssBound(320));
  std::printf("peak memory: 50 MiB page %ld MiB\n", r.max_rss_kib / kMiB);
}

// Inputs that never end (issue 18): each is cut at --max-document-bytes and
// skipped with an error naming it and the limit, memory stays bounded, and
// the good report beside it is analysed. /dev/zero with the default limit:
// 64 MiB + 1 bytes are read, then it is skipped.
TEST_F(Hostile, DevZeroIsCutAtTheLimitAndTheGoodReportAnalysed) {
  const std::string good = (dir_ / "in" / "good.txt").string();
  fs::copy_file(testing::SourcePath("examples/border-clash/002_408996be704aa27f.txt"), good);
  CliRun r = AnalyzeJson({good, "/dev/zero"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err,
            "crosscheck: /dev/zero:1: error: document exceeds the limit of 67108864 bytes "
            "(--max-document-bytes); reading stopped there, skipped\n");
  json j = json::parse(r.out);
  EXPECT_EQ(DocIds(j), std::vector<std::string>{"good"});
  bool found_23 = false;
  for (const json& c : ClaimsOfDoc(j, "good")) found_23 |= c["value"] == 23;
  EXPECT_TRUE(found_23) << r.out;
  ExpectPeakBelow(r, RssBound(256));
  std::printf("peak memory: /dev/zero beside a report %ld MiB\n", r.max_rss_kib / kMiB);
}

// stdin a pipe whose writer never stops: read up to 1 MiB + 1 byte, skipped;
// the writer then gets EPIPE.
TEST_F(Hostile, EndlessStdinIsCutAtTheLimit) {
  std::string good = Input("good.txt", "Police said 4 soldiers were killed.\n");
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  CliRun r;
  {
    EndlessWriter writer(fds[1]);
    r = Crosscheck({"analyze", "--format", "json", "--compact", "--max-document-bytes", "1M", good, "-"}, dir_,
                   fds[0]);
    ::close(fds[0]);  // the writer's EPIPE
  }
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err,
            "crosscheck: -:1: error: document exceeds the limit of 1048576 bytes "
            "(--max-document-bytes); reading stopped there, skipped\n");
  json j = json::parse(r.out);
  EXPECT_EQ(DocIds(j), std::vector<std::string>{"good"});
  EXPECT_EQ(ClaimsOfDoc(j, "good").at(0)["value"], 4);
  ExpectPeakBelow(r, RssBound(64));
}

// A FIFO whose writer never closes it, read as a path among others.
TEST_F(Hostile, EndlessFifoIsCutAtTheLimit) {
  std::string good = Input("a_good.txt", "Police said 4 soldiers were killed.\n");
  const fs::path fifo = dir_ / "feed.txt";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);  // so the writer can open it
  ASSERT_GE(reader, 0);
  int writer_fd = ::open(fifo.c_str(), O_WRONLY | O_CLOEXEC);
  ASSERT_GE(writer_fd, 0);
  CliRun r;
  {
    // `reader` is never read; it keeps the FIFO open until crosscheck has
    // opened it, and its close ends the writer (EPIPE) afterwards.
    EndlessWriter writer(writer_fd);
    r = Crosscheck({"analyze", "--format", "json", "--compact", "--max-document-bytes", "1048576", good,
                    fifo.string()},
                   dir_);
    ::close(reader);
  }
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err, "crosscheck: " + fifo.string() +
                       ":1: error: document exceeds the limit of 1048576 bytes (--max-document-bytes); "
                       "reading stopped there, skipped\n");
  json j = json::parse(r.out);
  EXPECT_EQ(DocIds(j), std::vector<std::string>{"a_good"});
  ExpectPeakBelow(r, RssBound(64));
}

// A JSON Lines line over the limit is read in chunks and discarded, never
// held whole; the lines after it are read.
TEST_F(Hostile, JsonLinesLineOverTheLimitIsSkippedAndTheNextLineRead) {
  const std::string big = "{\"id\":\"big\",\"text\":\"" + std::string(300000, 'a') + "\"}";
  const std::string first = "{\"id\":\"c1\",\"text\":\"Police said 5 soldiers were killed.\"}\n";
  Input("feed.jsonl", first + big + "\n" + "{\"id\":\"c3\",\"text\":\"Police said 6 soldiers were killed.\"}\n");
  CliRun r = Crosscheck({"analyze", "--format", "json", "--compact", "--max-document-bytes", "64K",
                         (dir_ / "in").string()},
                        dir_);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err, "crosscheck: " + (dir_ / "in" / "feed.jsonl").string() + ":2: error: line of " +
                       std::to_string(big.size()) +
                       " bytes exceeds the limit of 65536 bytes (--max-document-bytes); read in chunks and "
                       "discarded, line skipped\n");
  json j = json::parse(r.out);
  EXPECT_EQ(DocIds(j), (std::vector<std::string>{"c1", "c3"}));
  EXPECT_EQ(ClaimsOfDoc(j, "c3").at(0)["value"], 6);
}

// One JSON Lines file of 100,000 one-sentence reports: every document is in
// the output, in order, each with its own claim.
TEST_F(Hostile, HundredThousandTinyDocumentsAreAllAnalysed) {
  const int kDocs = 100000;
  auto value = [](int i) { return i % 997 + 1; };
  {
    std::ofstream feed(dir_ / "in" / "feed.jsonl", std::ios::binary);
    for (int i = 0; i < kDocs; ++i) {
      feed << "{\"id\":\"d" << i << "\",\"text\":\"Police said " << value(i) << " soldiers were killed.\"}\n";
    }
  }
  CliRun r = AnalyzeJson();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  json j = json::parse(r.out);
  ASSERT_EQ(j["documents"].size(), static_cast<size_t>(kDocs));
  ASSERT_EQ(j["claims"].size(), static_cast<size_t>(kDocs));
  for (int i = 0; i < kDocs; ++i) {
    const json& d = j["documents"][i];
    const json& c = j["claims"][i];
    const std::string id = "d" + std::to_string(i);
    const std::string number = std::to_string(value(i));
    if (d["id"] != id || c["doc"] != id || c["type"] != "killed" || c["value"] != value(i) ||
        c["span"] != json::array({12, 12 + number.size() + 21})) {
      FAIL() << "document " << i << ": " << d.dump() << "\nclaim: " << c.dump();
    }
  }
  // --group auto: the figure is a term, so the clusterer may make several
  // stories of these near-identical sentences; each document is in exactly one.
  std::set<std::string> in_stories;
  size_t listed = 0;
  for (const json& s : j["stories"]) {
    for (const json& d : s["docs"]) in_stories.insert(d.get<std::string>()), ++listed;
  }
  EXPECT_EQ(listed, static_cast<size_t>(kDocs));
  EXPECT_EQ(in_stories.size(), static_cast<size_t>(kDocs));
  // 672: Document's page fields (author, modified, language, source,
  // source_charset, source_map; ingest/html.h) cost ~180 bytes a document,
  // held in more than one copy: 509 MiB before them, 545 with them; the
  // engine's per-document results (report/engine.h, kept so a later add can
  // re-read a report or a store resume) bring it to 610.
  ExpectPeakBelow(r, RssBound(672));
  std::printf("peak memory: 100,000 documents %ld MiB\n", r.max_rss_kib / kMiB);
}

// Quotes nested thousands deep, runs of quote marks, a quote never closed,
// and a JSON Lines field nested 100,000 arrays deep.
TEST_F(Hostile, NestedAndUnterminatedQuotesKeepTheClaims) {
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "He said \xE2\x80\x9Cshe said \xE2\x80\x98they said \xC2\xAB" + std::to_string(i) + " ";
  text += "Police said 4 soldiers were killed.\n";
  text += std::string(100000, '"') + "\n";
  for (int i = 0; i < 50000; ++i) text += "\xE2\x80\x9C";
  text += " The army said 6 soldiers were wounded.\n";
  text += "A spokesman said \"7 soldiers were killed in the attack, and then\n";
  const std::string quotes = Input("a_quotes.txt", text);
  Input("b_deep.jsonl", "{\"id\":\"b1\",\"text\":\"Police said 8 soldiers were killed.\",\"meta\":" +
                            std::string(100000, '[') + std::string(100000, ']') + "}\n");
  CliRun r = AnalyzeJson();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(DocIds(j), (std::vector<std::string>{"a_quotes", "b1"}));
  auto claims = ClaimsOfDoc(j, "a_quotes");
  ASSERT_EQ(claims.size(), 3u);
  EXPECT_EQ(claims[0]["value"], 4);
  EXPECT_EQ(SpanBytes(text, claims[0]["span"]), "4 soldiers were killed");
  EXPECT_EQ(claims[0]["source"], "Police");
  EXPECT_EQ(claims[1]["type"], "wounded");
  EXPECT_EQ(claims[1]["value"], 6);
  EXPECT_EQ(SpanBytes(text, claims[1]["span"]), "6 soldiers were wounded");
  EXPECT_EQ(claims[2]["value"], 7);
  EXPECT_EQ(SpanBytes(text, claims[2]["span"]), "7 soldiers were killed");
  EXPECT_EQ(ClaimsOfDoc(j, "b1").at(0)["value"], 8);
}

// Numbers past 2^64, past a double's range, and number words that overflow:
// no crash or undefined behaviour (the sanitizer build checks), the JSON
// stays valid, and the ordinary claim beside them is found.
TEST_F(Hostile, AbsurdNumbersNeitherCrashNorHideTheRealClaim) {
  std::string hundreds;
  for (int i = 0; i < 400; ++i) hundreds += "hundred ";
  const std::string text = "Police said 999999999999999999999 killed.\n"
                           "Officials said 1e400 soldiers were killed.\n"
                           "The army said one " + hundreds + "fighters were killed.\n"
                           "Police said 4 soldiers were wounded.\n";
  Input("a_numbers.txt", text);
  Input("b_feed.jsonl",
        "{\"id\":\"b1\",\"text\":\"Police said 5 soldiers were killed.\",\"casualties\":1e400}\n"
        "{\"id\":\"b2\",\"text\":\"Police said 6 soldiers were killed.\",\"casualties\":999999999999999999999}\n");
  CliRun r = AnalyzeJson();
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "b_feed.jsonl:1: error: unusable JSON value (number overflow parsing '1e400')")) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(DocIds(j), (std::vector<std::string>{"a_numbers", "b2"}));
  auto claims = ClaimsOfDoc(j, "a_numbers");
  ASSERT_EQ(claims.size(), 4u);
  // Kept as the nearest double.
  EXPECT_EQ(claims[0]["type"], "killed");
  EXPECT_EQ(claims[0]["value"].get<double>(), 1e21);
  EXPECT_EQ(SpanBytes(text, claims[0]["span"]), "999999999999999999999 killed");
  // "1e400" is not a number: a bare plural, at least two.
  EXPECT_TRUE(claims[1]["value"].is_null());
  EXPECT_EQ(claims[1]["low"], 2);
  EXPECT_TRUE(claims[1]["high"].is_null());
  EXPECT_EQ(SpanBytes(text, claims[1]["span"]), "soldiers were killed");
  // "one hundred hundred ..." overflows: not a number either (the last words
  // before the noun are read as part of the counted phrase).
  EXPECT_TRUE(claims[2]["value"].is_null());
  EXPECT_EQ(claims[2]["low"], 2);
  EXPECT_TRUE(Has(SpanBytes(text, claims[2]["span"]), "hundred fighters were killed"));
  EXPECT_EQ(claims[3]["type"], "wounded");
  EXPECT_EQ(claims[3]["value"], 4);
  EXPECT_EQ(ClaimsOfDoc(j, "b2").at(0)["value"], 6);

  CliRun md = Crosscheck({"analyze", "--format", "markdown", (dir_ / "in" / "a_numbers.txt").string()}, dir_);
  EXPECT_EQ(md.exit_code, 0) << md.err;
  EXPECT_TRUE(Has(md.out, "killed 1000000000000000000000 ")) << md.out;
}

// Arabic and Hebrew paragraphs around English sentences, with right-to-left
// marks and embeddings inside them: the English claims are found with spans
// on their bytes; nothing is read from the Arabic-Indic digits.
TEST_F(Hostile, RightToLeftTextAroundEnglishSentences) {
  const std::string text =
      "\xD9\x85\xD9\x82\xD8\xAA\xD9\x84 \xD9\xA1\xD9\xA4 \xD8\xAC\xD9\x86\xD8\xAF\xD9\x8A\xD8\xA7 "
      "\xD9\x81\xD9\x8A \xD9\x87\xD8\xAC\xD9\x88\xD9\x85.\n"                      // Arabic: 14 soldiers killed
      "Police said \xE2\x80\x8F" "14\xE2\x80\x8F soldiers were killed in the attack on the border post.\n"
      "\xD7\xA0\xD7\x94\xD7\xA8\xD7\x92\xD7\x95 3 \xD7\x97\xD7\x99\xD7\x99\xD7\x9C\xD7\x99\xD7\x9D. "  // Hebrew
      "The army said 6 soldiers were wounded. \xD9\x82\xD8\xA7\xD9\x84 \xD8\xA7\xD9\x84\xD8\xAC\xD9\x8A\xD8\xB4\n"
      "\xE2\x80\xAB\xD9\x82\xD8\xA7\xD9\x84 Police said 2 soldiers\xE2\x80\xAC were killed.\xE2\x80\xAC\n";
  Input("a_rtl.txt", text);
  Input("b_good.txt", "Police said 9 soldiers were killed.\n");
  CliRun r = AnalyzeJson();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  json j = json::parse(r.out);
  EXPECT_EQ(DocIds(j), (std::vector<std::string>{"a_rtl", "b_good"}));
  auto claims = ClaimsOfDoc(j, "a_rtl");
  ASSERT_EQ(claims.size(), 3u);
  EXPECT_EQ(claims[0]["type"], "killed");
  EXPECT_EQ(claims[0]["value"], 14);
  EXPECT_EQ(SpanBytes(text, claims[0]["span"]), "14\xE2\x80\x8F soldiers were killed");
  EXPECT_EQ(claims[0]["source"], "Police");
  EXPECT_EQ(claims[1]["type"], "wounded");
  EXPECT_EQ(claims[1]["value"], 6);
  EXPECT_EQ(SpanBytes(text, claims[1]["span"]), "6 soldiers were wounded");
  EXPECT_EQ(claims[2]["value"], 2);
  EXPECT_EQ(SpanBytes(text, claims[2]["span"]), "2 soldiers\xE2\x80\xAC were killed");
  EXPECT_EQ(ClaimsOfDoc(j, "b_good").at(0)["value"], 9);
}

// C0 and C1 control characters (terminal escape sequences, BEL, VT, DEL)
// between the words: ignored like spaces, and never printed by the text report.
TEST_F(Hostile, ControlCharactersAreIgnoredAndNeverPrinted) {
  const std::string text =
      "Police said \x1b[2J\x07 8 soldiers\x0b were\x7f killed.\x01\x02\n"
      "The army said \x1b]0;title\x07 5 soldiers\x1b were killed \x1b[31min the east.\n"
      "Officials said 3 \xC2\x9B" "1m soldiers were wounded.\x0c\n";
  Input("a_control.txt", text);
  Input("b_good.txt", "Police said 9 soldiers were killed.\n");
  CliRun r = AnalyzeJson();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(DocIds(j), (std::vector<std::string>{"a_control", "b_good"}));
  auto claims = ClaimsOfDoc(j, "a_control");
  ASSERT_EQ(claims.size(), 3u);
  EXPECT_EQ(claims[0]["value"], 8);
  EXPECT_EQ(SpanBytes(text, claims[0]["span"]), "8 soldiers\x0b were\x7f killed");
  EXPECT_EQ(claims[1]["value"], 5);
  EXPECT_EQ(SpanBytes(text, claims[1]["span"]), "5 soldiers\x1b were killed");
  EXPECT_EQ(claims[2]["type"], "wounded");
  EXPECT_EQ(claims[2]["value"], 3);

  CliRun t = Crosscheck({"analyze", "--color", "never", (dir_ / "in").string()}, dir_);
  EXPECT_EQ(t.exit_code, 0) << t.err;
  EXPECT_TRUE(Has(t.out, "5 soldiers\xEF\xBF\xBD were killed")) << t.out;
  for (size_t i = 0; i < t.out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(t.out[i]);
    bool c1 = c == 0xC2 && i + 1 < t.out.size() && (static_cast<unsigned char>(t.out[i + 1]) & 0xE0) == 0x80;
    ASSERT_FALSE((c < 0x20 && c != '\n') || c == 0x7F || c1) << "control byte at " << i << ": " << t.out;
  }
}

// The same report with LF, CRLF and CR-only line endings: the same headline,
// footer, outlet and claim; spans point at the claim's bytes in each file.
TEST_F(Hostile, CrlfAndCrOnlyLineEndingsReadLikeLf) {
  auto report = [](const std::string& eol) {
    return "Clash At The Border Post Today" + eol + eol + "Police said 9 soldiers were killed in the attack." + eol +
           "The post Clash appeared first on Daily Planet." + eol;
  };
  const std::string lf = report("\n"), crlf = report("\r\n"), cr = report("\r");
  Input("a_lf.txt", lf);
  Input("b_crlf.txt", crlf);
  Input("c_cr.txt", cr);
  Input("d_feed.jsonl", "{\"id\":\"d1\",\"text\":\"Police said 4 soldiers were killed.\"}\r\n"
                        "{\"id\":\"d2\",\"text\":\"Police said 5 soldiers were killed.\"}\r\n");
  CliRun r = AnalyzeJson();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  json j = json::parse(r.out);
  EXPECT_EQ(DocIds(j), (std::vector<std::string>{"a_lf", "b_crlf", "c_cr", "d1", "d2"}));
  const std::map<std::string, const std::string*> bytes = {{"a_lf", &lf}, {"b_crlf", &crlf}, {"c_cr", &cr}};
  for (size_t i = 0; i < 3; ++i) {
    const json& d = j["documents"][i];
    SCOPED_TRACE(d["id"].get<std::string>());
    const std::string& file = *bytes.at(d["id"]);
    EXPECT_EQ(d["headline"], "Clash At The Border Post Today");
    EXPECT_EQ(d["outlet"], "Daily Planet");
    ASSERT_EQ(d["removed"].size(), 1u);
    EXPECT_EQ(d["removed"][0]["kind"], "syndication");
    EXPECT_EQ(SpanBytes(file, d["removed"][0]["span"]), "The post Clash appeared first on Daily Planet.");
    auto claims = ClaimsOfDoc(j, d["id"]);
    ASSERT_EQ(claims.size(), 1u);
    EXPECT_EQ(claims[0]["type"], "killed");
    EXPECT_EQ(claims[0]["value"], 9);
    EXPECT_EQ(claims[0]["source"], "Police");
    EXPECT_EQ(SpanBytes(file, claims[0]["span"]), "9 soldiers were killed");
    EXPECT_EQ(SpanBytes(file, claims[0]["sentence_span"]), "Police said 9 soldiers were killed in the attack.");
  }
  EXPECT_EQ(ClaimsOfDoc(j, "b_crlf").at(0)["span"], json::array({46, 68}));
  EXPECT_EQ(ClaimsOfDoc(j, "d2").at(0)["value"], 5);
}

}  // namespace
}  // namespace crosscheck
