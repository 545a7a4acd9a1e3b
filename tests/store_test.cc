// Store (store/store.h) and `crosscheck add` / `report`: batches added in
// separate opens report what one analyze reports, byte for byte; each report
// is stored once; the schema version is checked and older stores migrated;
// search and figure history; a killed add loses no report and halves none.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

#include "../bench/real_corpus.h"
#include "entity/mentions.h"
#include "report/report.h"
#include "store/records.h"
#include "store/store.h"
#include "store/writer.h"
#include "test_util.h"
#include "text/token_codec.h"
#include "web_pages.h"

namespace crosscheck {
namespace {

namespace fs = std::filesystem;
using testing::Doc;
using testing::FullNameReport;
using testing::SourcePath;
using testing::SurnameOnlyReport;

// A fresh path in a per-test temporary directory.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("crosscheck_store_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  static std::unique_ptr<Store> Open(const std::string& path, Store::Mode mode = Store::Mode::kReadWrite) {
    Result<std::unique_ptr<Store>> s = Store::Open(path, mode);
    EXPECT_TRUE(s.ok()) << s.status().message();
    return s.ok() ? std::move(s.value()) : nullptr;
  }
  // Whether the store at `path`, opened read-only, reports `analyze_json`
  // (ToJson of one Analyze of the same reports) byte for byte.
  static ::testing::AssertionResult ReportsAnalyzeJson(const std::string& path, const std::string& analyze_json) {
    std::unique_ptr<Store> store = Open(path, Store::Mode::kReadOnly);
    if (!store) return ::testing::AssertionFailure() << path << " does not open";
    Result<Analysis> loaded = store->Load();
    if (!loaded.ok()) return ::testing::AssertionFailure() << loaded.status().message();
    return crosscheck::testing::SameText(ToJson(loaded.value()), analyze_json);
  }

  fs::path dir_;
};

std::vector<Document> Seeds() {
  IngestResult in = ReadInputs({SourcePath("examples/border-clash")}, {});
  EXPECT_EQ(in.documents.size(), 5u);
  return in.documents;
}

std::vector<Document> Slice(const std::vector<Document>& docs, size_t begin, size_t end) {
  return {docs.begin() + begin, docs.begin() + end};
}

// Runs SQL on a file directly (the tests' own connection).
void Sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

int64_t SqlInt(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_stmt* st = nullptr;
  int64_t v = -1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
      sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
    v = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

std::string SqlText(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_stmt* st = nullptr;
  std::string v;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
      sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
    v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

std::string Hex(std::string_view bytes) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : bytes) out += std::string{digits[c >> 4], digits[c & 15]};
  return out;
}
std::string Unhex(const std::string& hex) {
  std::string out;
  for (size_t k = 0; k + 1 < hex.size(); k += 2) out += static_cast<char>(std::stoi(hex.substr(k, 2), nullptr, 16));
  return out;
}

// Makes a store what schemas before 7 wrote, for tests that make an older
// store out of a new one: the `entities` table (emptied) instead of the
// entity rows and their view, sketches with every field a varint, and no
// entity tags (schema 8).
void AsBeforeSchema7(const std::string& db) {
  Sql(db, "ALTER TABLE replay DROP COLUMN tags; DROP VIEW entities; DROP TABLE entity_rows; CREATE TABLE entities(id TEXT PRIMARY KEY, type TEXT NOT NULL, "
          "canonical TEXT NOT NULL, mentions INTEGER NOT NULL, aliases TEXT NOT NULL) WITHOUT ROWID;");
  for (int64_t seq = 0; seq < SqlInt(db, "SELECT count(*) FROM replay"); ++seq) {
    const std::string where = " WHERE seq = " + std::to_string(seq);
    const std::string bytes = Unhex(SqlText(db, "SELECT hex(sketch) FROM replay" + where));
    Result<DocumentSketch> sketch = codec::Decode<DocumentSketch>(bytes, "sketch");
    ASSERT_TRUE(sketch.ok()) << seq;
    Sql(db, "UPDATE replay SET sketch = x'" + Hex(codec::Encode(SketchBeforeV7{sketch.value()})) + "'" + where);
  }
}

// The rows of `sql` in the store at `path`, one a line, columns joined by |.
std::string Rows(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return "cannot open\n";
  std::string out;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) out += "cannot read\n";
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      const unsigned char* v = sqlite3_column_text(st, c);
      out += (c ? "|" : "") + std::string(v ? reinterpret_cast<const char*>(v) : "NULL");
    }
    out += "\n";
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

constexpr const char* kEntitiesInIdOrder =
    "SELECT id, type, canonical, mentions, aliases FROM entities ORDER BY CAST(substr(id, 2) AS INTEGER)";

// The summary tables (stories, figures in story order, entities), one row a
// line, for comparing two stores.
std::string SummaryTables(const std::string& path) {
  std::string out;
  for (const char* sql :
       {"SELECT id, reports, first_seq, hex(inputs) FROM stories ORDER BY CAST(substr(id, 2) AS INTEGER)",
        "SELECT story, type, side, value, low, high, status, reports, independent, first_seq, revised_by, "
        "revision_step, superseded FROM figures ORDER BY CAST(substr(story, 2) AS INTEGER), rowid",
        kEntitiesInIdOrder}) {
    out += Rows(path, sql) + "--\n";
  }
  return out;
}

// The `entities` view's rows as `report` numbers the entities: id, type,
// canonical name, mention count, aliases.
std::string EntityRows(const Analysis& a) {
  std::string out;
  for (const Entity& e : a.entities) {
    std::string aliases;
    for (const std::string& al : e.aliases) aliases += (aliases.empty() ? "" : "|") + al;
    out += e.id + "|" + e.type + "|" + e.canonical + "|" + std::to_string(e.mentions.size()) + "|" + aliases + "\n";
  }
  return out;
}
std::string EntityRows(const std::string& path) { return Rows(path, kEntitiesInIdOrder); }

// Schema 5: an add builds and writes only the stories whose inputs changed
// (documents, claims with their entities, copy lineages). Differential: one
// store adds incrementally; the other has its stored inputs cleared before
// every add, so that it rebuilds every story, as every add did before. After
// each add the summary tables are the same. The last add is one report that
// re-reads an earlier one ("Mujahid" becomes "Zabihullah Mujahid"): the
// earlier report's story changes without a new report in it.
TEST_F(StoreTest, AnAddRebuildsOnlyTheStoriesItChangesAndWritesWhatARebuildWrites) {
  std::vector<Document> docs = bench::NewsCorpus(120);
  ASSERT_GE(docs.size(), 40u);
  const size_t third = docs.size() / 3;
  docs.insert(docs.begin() + third, SurnameOnlyReport());
  docs.push_back(FullNameReport());
  const size_t n = docs.size();
  const std::vector<size_t> cuts = {0, third + 1, 2 * third, n - 1, n};
  const std::string incremental = Path("incremental.db"), rebuilt = Path("rebuilt.db");
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    Result<AddResult> a = Open(incremental)->Add(Slice(docs, cuts[k], cuts[k + 1]), {});
    if (k > 0) Sql(rebuilt, "UPDATE stories SET inputs = x''");
    Result<AddResult> b = Open(rebuilt)->Add(Slice(docs, cuts[k], cuts[k + 1]), {});
    ASSERT_TRUE(a.ok() && b.ok());
    const int64_t stories = SqlInt(incremental, "SELECT count(*) FROM stories");
    EXPECT_EQ(b.value().stories_rebuilt, static_cast<size_t>(stories));
    if (k > 0) {
      EXPECT_LT(a.value().stories_rebuilt, static_cast<size_t>(stories)) << "add " << k;
    }
    if (k + 2 == cuts.size()) {
      EXPECT_EQ(a.value().reread, 1u);
      EXPECT_GE(a.value().stories_rebuilt, 2u);  // the new report's story and the re-read one's
    }
    EXPECT_GT(SqlInt(incremental, "SELECT count(*) FROM figures"), 0);
    EXPECT_EQ(SummaryTables(incremental), SummaryTables(rebuilt)) << "add " << k;
    // Schema 7: entity rows keyed by first mention, written where they
    // changed, numbered by the view as the report numbers them.
    Result<Analysis> now = Open(incremental, Store::Mode::kReadOnly)->Load();
    ASSERT_TRUE(now.ok()) << now.status().message();
    ASSERT_GT(now.value().entities.size(), 100u);
    EXPECT_EQ(EntityRows(incremental), EntityRows(now.value())) << "add " << k;
  }
  EXPECT_EQ(SqlText(incremental, "SELECT figures.value FROM figures JOIN stories ON stories.id = figures.story "
                                 "JOIN documents ON documents.seq = stories.first_seq WHERE documents.id = 'early'"),
            "12");
  EXPECT_TRUE(ReportsAnalyzeJson(incremental, ToJson(Analyze(docs))));
}

// An add in batches into a store: the first batch re-reads a stored report
// (a later one names the person it called by surname) and commits its new
// results; the last batch's entities read the other stored reports'
// mentions from the file, as they were checked.
TEST_F(StoreTest, ABatchedAddReReadsAStoredReportAndReadsTheOthersMentionsFromTheFile) {
  std::vector<Document> docs = bench::NewsCorpus(30);
  docs.insert(docs.begin() + 10, SurnameOnlyReport());
  docs.push_back(FullNameReport());
  docs.push_back(Doc("later", "Police in Quetta said two men were wounded on Wednesday.\n"));
  const size_t n = docs.size();
  const std::string path = Path("batched.db");
  ASSERT_TRUE(Open(path)->Add(Slice(docs, 0, n - 2), {}).ok());
  Result<AddResult> r = Open(path)->Add(Slice(docs, n - 2, n), {}, /*commit_every=*/1);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r.value().added, 2u);
  EXPECT_EQ(r.value().reread, 1u);
  EXPECT_TRUE(ReportsAnalyzeJson(path, ToJson(Analyze(docs))));
}

// A Load is one read transaction: an add that another connection commits
// in the middle of it (a new report, and the new results of a stored one
// it re-reads) is not seen until the next Load, which sees all of it.
TEST_F(StoreTest, ALoadReadsOneCommitThoughAnAddCommitsInTheMiddleOfIt) {
  std::vector<Document> docs = bench::NewsCorpus(30);
  docs.insert(docs.begin() + 10, SurnameOnlyReport());
  docs.push_back(FullNameReport());
  const size_t n = docs.size();
  const std::string path = Path("served.db");
  ASSERT_TRUE(Open(path)->Add(Slice(docs, 0, n - 1), {}).ok());
  std::unique_ptr<Store> reader = Open(path, Store::Mode::kReadOnly);
  ASSERT_TRUE(reader);
  size_t reread = 0;
  bool added = false;
  store_internal::SetReadPause(*reader, [&] {
    if (std::exchange(added, true)) return;
    Result<AddResult> r = Open(path)->Add(Slice(docs, n - 1, n), {});
    ASSERT_TRUE(r.ok()) << r.status().message();
    reread = r.value().reread;
  });
  Result<Analysis> during = reader->Load();
  ASSERT_TRUE(during.ok()) << during.status().message();
  EXPECT_EQ(reread, 1u);
  EXPECT_EQ(during.value().documents.size(), n - 1);
  EXPECT_TRUE(crosscheck::testing::SameText(ToJson(during.value()), ToJson(Analyze(Slice(docs, 0, n - 1)))));
  Result<Analysis> after = reader->Load();
  ASSERT_TRUE(after.ok()) << after.status().message();
  EXPECT_TRUE(crosscheck::testing::SameText(ToJson(after.value()), ToJson(Analyze(docs))));
}

TEST_F(StoreTest, SeedsInTwoAddsReportTheAnalyzeJson) {
  const std::vector<Document> docs = Seeds();
  {
    auto store = Open(Path("desk.db"));
    Result<AddResult> r = store->Add(Slice(docs, 0, 2), {});
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r.value().added, 2u);
    EXPECT_EQ(r.value().stored, 2u);
  }
  {
    auto store = Open(Path("desk.db"));  // a later process: the engine is resumed from the file
    Result<AddResult> r = store->Add(Slice(docs, 2, 5), {});
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r.value().added, 3u);
    EXPECT_EQ(r.value().stored, 5u);
  }
  EXPECT_TRUE(ReportsAnalyzeJson(Path("desk.db"), ToJson(Analyze(docs))));
  EXPECT_EQ(SqlInt(Path("desk.db"), "PRAGMA user_version"), Store::kSchemaVersion);
  EXPECT_EQ(SqlInt(Path("desk.db"), "SELECT count(*) FROM claims"), 39);
  EXPECT_EQ(SqlInt(Path("desk.db"), "PRAGMA page_size"), 16384);  // a new store's pages
}

// Progress of an add: in batches, the first half while the input's people
// are found ("reading"), the second batch by batch ("analysing"); in one
// batch, that batch's own two halves. Never backwards, ending at the whole.
TEST_F(StoreTest, ProgressOfAnAddOnlyGrows) {
  const std::vector<Document> docs = Seeds();
  for (const size_t commit_every : {size_t{2}, size_t{500}}) {
    SCOPED_TRACE("batches of " + std::to_string(commit_every));
    const std::string path = Path("desk" + std::to_string(commit_every) + ".db");
    std::vector<std::pair<size_t, size_t>> calls;
    AnalyzeOptions options;
    options.progress = [&](size_t done, size_t total) { calls.emplace_back(done, total); };
    Result<AddResult> r = Open(path)->Add(docs, options, commit_every);
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_FALSE(calls.empty());
    size_t last = 0;
    bool halfway = false;
    for (const auto& [done, total] : calls) {
      EXPECT_EQ(total, 2 * docs.size());
      EXPECT_GE(done, last);
      EXPECT_LE(done, total);
      halfway |= done == docs.size();
      last = done;
    }
    EXPECT_TRUE(halfway);  // the reading half ends with every report's people found
    EXPECT_EQ(calls.back(), std::make_pair(2 * docs.size(), 2 * docs.size()));
    EXPECT_TRUE(ReportsAnalyzeJson(path, ToJson(Analyze(docs))));
  }
}

// Schema 3 keeps each report's replay state, so a later add neither cleans
// nor segments the stored reports. A store of schema 2 has none: the add
// prepares those reports again, writes their rows, and gives the same JSON.
// A damaged row is prepared again too, never used.
TEST_F(StoreTest, ReplayStatesAreKeptAndAStoreWithoutThemIsFilledLazily) {
  const std::vector<Document> docs = Seeds();
  const std::string db = Path("desk.db");
  {
    auto store = Open(db);
    ASSERT_TRUE(store->Add(Slice(docs, 0, 3), {}).ok());
  }
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM replay"), 3);
  // The add saved the clusterer's state, which holds the reports' features:
  // their rows keep none.
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM replay WHERE length(sketch) > 500 AND length(features) = 0"), 3);
  EXPECT_EQ(SqlInt(db, "SELECT reports FROM clusterer"), 3);
  // As schema 2 left it: no replay rows (and one damaged for the next add).
  AsBeforeSchema7(db);
  Sql(db, "DROP TABLE replay; DROP TABLE clusterer; ALTER TABLE stories DROP COLUMN inputs; PRAGMA user_version = 2;");
  {
    auto store = Open(db);  // migrates 2 -> 3 -> 4: empty replay and clusterer tables
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(SqlInt(db, "PRAGMA user_version"), Store::kSchemaVersion);
    EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM replay"), 0);
    Result<AddResult> r = store->Add(Slice(docs, 3, 4), {});
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM replay"), 4);  // the three stored ones filled, and the new one
  Sql(db, "UPDATE replay SET sketch = x'07', cleaned = x'01ff' WHERE seq = 1");
  {
    auto store = Open(db);
    Result<AddResult> r = store->Add(Slice(docs, 4, 5), {});
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM replay"), 5);
  EXPECT_EQ(SqlInt(db, "SELECT length(sketch) > 500 FROM replay WHERE seq = 1"), 1);  // rewritten
  EXPECT_TRUE(ReportsAnalyzeJson(db, ToJson(Analyze(docs))));
}

// Schema 4 keeps the story clusterer's state, so a later add restores it
// instead of replaying every stored report through the clusterer. A store
// of schema 3 has none (the add replays the stored features, made again
// from the text for rows stored without them, and writes it);
// a damaged one, or one that lacks the last reports (an add killed before
// its last batch), is replayed over: the same JSON every time.
TEST_F(StoreTest, ClustererStateIsKeptAndAStoreWithoutItReplays) {
  const std::vector<Document> docs = Seeds();
  const std::string db = Path("desk.db");
  ASSERT_TRUE(Open(db)->Add(Slice(docs, 0, 2), {}).ok());
  EXPECT_EQ(SqlInt(db, "SELECT reports FROM clusterer"), 2);
  EXPECT_GT(SqlInt(db, "SELECT length(state) FROM clusterer"), 1000);
  const std::string after_two = SqlText(db, "SELECT hex(state) FROM clusterer");
  // As schema 3 left it: no clusterer table.
  AsBeforeSchema7(db);
  Sql(db, "DROP TABLE clusterer; ALTER TABLE stories DROP COLUMN inputs; ALTER TABLE replay DROP COLUMN tokens; "
          "PRAGMA user_version = 3;");
  {
    auto store = Open(db);  // migrates 3 -> 4
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(SqlInt(db, "PRAGMA user_version"), Store::kSchemaVersion);
    EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM clusterer"), 0);
    Result<AddResult> r = store->Add(Slice(docs, 2, 3), {});
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
  EXPECT_EQ(SqlInt(db, "SELECT reports FROM clusterer"), 3);
  // A state that lacks the last report: it is restored and the rest
  // replayed; two reports lacking are too few to write it again.
  Sql(db, "UPDATE clusterer SET reports = 2, state = x'" + after_two + "'");
  ASSERT_TRUE(Open(db)->Add(Slice(docs, 3, 4), {}).ok());
  EXPECT_EQ(SqlInt(db, "SELECT reports FROM clusterer"), 2);
  EXPECT_EQ(SqlText(db, "SELECT hex(state) FROM clusterer"), after_two);
  // A damaged state: every report is replayed.
  Sql(db, "UPDATE clusterer SET state = x'0102'");
  ASSERT_TRUE(Open(db)->Add(Slice(docs, 4, 5), {}).ok());
  EXPECT_EQ(SqlInt(db, "SELECT reports FROM clusterer"), 5);
  EXPECT_GT(SqlInt(db, "SELECT length(state) FROM clusterer"), 1000);
  EXPECT_TRUE(ReportsAnalyzeJson(db, ToJson(Analyze(docs))));
}

// A report's replay row keeps its story features only when the add does
// not save the clusterer's state (which then lacks them). Rows without
// them past the saved state, as an add killed before its last transaction
// leaves them, give the next add their features from their text again
// (the rows stay as they are): the same JSON.
TEST_F(StoreTest, FeaturesAreKeptOnlyWhereTheSavedClustererStateLacksThem) {
  const std::vector<Document> docs = Seeds();
  const std::string db = Path("desk.db");
  ASSERT_TRUE(Open(db)->Add(Slice(docs, 0, 3), {}).ok());
  EXPECT_EQ(SqlInt(db, "SELECT reports FROM clusterer"), 3);
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM replay WHERE length(features) = 0"), 3);
  ASSERT_TRUE(Open(db)->Add(Slice(docs, 3, 4), {}).ok());  // one lacking: the state stays
  EXPECT_EQ(SqlInt(db, "SELECT reports FROM clusterer"), 3);
  EXPECT_GT(SqlInt(db, "SELECT length(features) FROM replay WHERE seq = 3"), 500);
  // A first add killed before its last transaction saves no state.
  Sql(db, "DELETE FROM clusterer");
  ASSERT_TRUE(Open(db)->Add(Slice(docs, 4, 5), {}).ok());
  EXPECT_EQ(SqlInt(db, "SELECT reports FROM clusterer"), 5);
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM replay"), 5);
  EXPECT_TRUE(ReportsAnalyzeJson(db, ToJson(Analyze(docs))));
}

// An add rewrites the clusterer state only when the reports it lacks reach
// max(32, sqrt(reports)); until then each add restores the older state and
// replays the rest, with the same JSON as analyze.
TEST_F(StoreTest, ClustererStateIsRewrittenWhenThirtyTwoReportsLack) {
  std::vector<Document> docs = Seeds();
  for (int i = 0; i < 32; ++i) {
    const std::string n = std::to_string(i + 2);
    docs.push_back(Doc("fire-" + n, "Officials in Ashford said " + n + " people were hurt in a warehouse fire on Monday.\n" +
                                        "The fire brigade said " + n + " engines were sent.\n"));
  }
  const std::string db = Path("lag.db");
  ASSERT_TRUE(Open(db)->Add(Slice(docs, 0, 5), {}).ok());
  EXPECT_EQ(SqlInt(db, "SELECT reports FROM clusterer"), 5);
  ASSERT_TRUE(Open(db)->Add(Slice(docs, 5, 36), {}).ok());  // 31 lacking
  EXPECT_EQ(SqlInt(db, "SELECT reports FROM clusterer"), 5);
  EXPECT_TRUE(ReportsAnalyzeJson(db, ToJson(Analyze(Slice(docs, 0, 36)))));
  ASSERT_TRUE(Open(db)->Add(Slice(docs, 36, 37), {}).ok());  // 32 lacking
  EXPECT_EQ(SqlInt(db, "SELECT reports FROM clusterer"), 37);
  EXPECT_TRUE(ReportsAnalyzeJson(db, ToJson(Analyze(docs))));
}

// Every field of a segmentation, one token or sentence a line.
std::string Dump(const SegmentedText& seg) {
  std::string out;
  for (const Token& t : seg.tokens) {
    out += std::to_string(t.span.begin) + "-" + std::to_string(t.span.end) + " " +
           std::to_string(static_cast<int>(t.kind)) + (t.capitalized ? "C" : "") + (t.all_caps ? "A" : "") + " " +
           t.lower + "\n";
  }
  for (const Sentence& s : seg.sentences) {
    out += "S " + std::to_string(s.span.begin) + "-" + std::to_string(s.span.end) + " " +
           std::to_string(s.first_token) + "-" + std::to_string(s.end_token) + " p" + std::to_string(s.paragraph) +
           (s.headline ? " h" : "") + "\n";
  }
  return out;
}

// Schema 6 keeps each report's tokens, so that linking a new report to a
// stored one does not segment the stored one again: they read back as
// Segment gives them (curly apostrophes, clitics, headlines), a row without
// them (a migrated store) or with damaged ones is segmented again, and the
// report is the same either way.
TEST_F(StoreTest, TokensAreKeptAndReadBackAsSegmentGivesThem) {
  const std::vector<Document> docs = Seeds();
  const std::string db = Path("desk.db");
  ASSERT_TRUE(Open(db)->Add(Slice(docs, 0, 3), {}).ok());
  for (size_t i = 0; i < 3; ++i) {
    const std::string where = " FROM replay WHERE seq = " + std::to_string(i);
    const std::string bytes = SqlText(db, "SELECT hex(tokens)" + where);
    ASSERT_FALSE(bytes.empty()) << i;
    const std::string blob = Unhex(bytes);
    const SegmentedText want = Segment(docs[i].text, Clean(docs[i]));
    ASSERT_GT(want.tokens.size(), 100u);
    Result<SegmentedText> got = DecodeTokens(blob, docs[i].text);
    ASSERT_TRUE(got.ok()) << got.status().message();
    EXPECT_EQ(Dump(got.value()), Dump(want)) << docs[i].id;
    // Cut short or read against a shorter text: refused, not misread.
    EXPECT_FALSE(DecodeTokens(std::string_view(blob).substr(0, blob.size() - 1), docs[i].text).ok());
    EXPECT_FALSE(DecodeTokens(blob, std::string_view(docs[i].text).substr(0, docs[i].text.size() / 2)).ok());
  }
  // Added in batches of one, the tokens come from Engine::Learn (encoded
  // ahead, decoded by each batch): the same bytes.
  const std::string batches = Path("batches.db");
  ASSERT_TRUE(Open(batches)->Add(Slice(docs, 0, 3), {}, /*commit_every=*/1).ok());
  for (size_t i = 0; i < 3; ++i) {
    const std::string tokens = "SELECT hex(tokens) FROM replay WHERE seq = " + std::to_string(i);
    EXPECT_EQ(SqlText(batches, tokens), SqlText(db, tokens)) << i;
  }
  // As schema 5 left it: no tokens; and one damaged row.
  AsBeforeSchema7(db);
  Sql(db, "ALTER TABLE replay DROP COLUMN tokens; PRAGMA user_version = 5;");
  ASSERT_TRUE(Open(db)->Add(Slice(docs, 3, 4), {}).ok());
  EXPECT_EQ(SqlInt(db, "PRAGMA user_version"), Store::kSchemaVersion);
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM replay WHERE length(tokens) = 0"), 3);
  EXPECT_GT(SqlInt(db, "SELECT length(tokens) FROM replay WHERE seq = 3"), 300);
  Sql(db, "UPDATE replay SET tokens = x'01ff' WHERE seq = 3");
  ASSERT_TRUE(Open(db)->Add(Slice(docs, 4, 5), {}).ok());
  EXPECT_TRUE(ReportsAnalyzeJson(db, ToJson(Analyze(docs))));
}

// Schema 7 keeps a sketch's hash values as raw words. A store of schema 6
// (every field a varint) is re-encoded when it is migrated: the sketches
// read back as they were, one that does not read is emptied and prepared
// again by the next add, and the report is the same.
TEST_F(StoreTest, SketchesOfSchemaSixAreReencoded) {
  const std::vector<Document> docs = Seeds();
  const std::string db = Path("desk.db");
  ASSERT_TRUE(Open(db)->Add(Slice(docs, 0, 3), {}).ok());
  std::vector<std::string> now;  // schema 7 bytes
  for (int seq = 0; seq < 3; ++seq) {
    now.push_back(Unhex(SqlText(db, "SELECT hex(sketch) FROM replay WHERE seq = " + std::to_string(seq))));
    Result<DocumentSketch> sketch = codec::Decode<DocumentSketch>(now.back(), "sketch");
    ASSERT_TRUE(sketch.ok()) << seq;
    ASSERT_EQ(sketch.value().minhash.size(), 128u);
    ASSERT_GT(sketch.value().seeds.size(), 20u);
  }
  AsBeforeSchema7(db);
  for (int seq = 0; seq < 3; ++seq) {  // ten-byte varints of 64-bit hashes
    EXPECT_LT(static_cast<int64_t>(now[seq].size()),
              SqlInt(db, "SELECT length(sketch) FROM replay WHERE seq = " + std::to_string(seq)));
  }
  Sql(db, "UPDATE replay SET sketch = x'07' WHERE seq = 2; PRAGMA user_version = 6;");
  {
    auto store = Open(db);  // migrates 6 -> 7
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(SqlText(db, "SELECT hex(sketch) FROM replay WHERE seq = 0"), Hex(now[0]));
    EXPECT_EQ(SqlText(db, "SELECT hex(sketch) FROM replay WHERE seq = 1"), Hex(now[1]));
    EXPECT_EQ(SqlInt(db, "SELECT length(sketch) FROM replay WHERE seq = 2"), 0);
    ASSERT_TRUE(store->Add(Slice(docs, 3, 5), {}).ok());
  }
  EXPECT_EQ(SqlText(db, "SELECT hex(sketch) FROM replay WHERE seq = 2"), Hex(now[2]));  // prepared again
  EXPECT_TRUE(ReportsAnalyzeJson(db, ToJson(Analyze(docs))));
}

// A store of schema 4 has no story inputs: it is migrated, and its next
// add rebuilds every story once and writes what a new store would.
TEST_F(StoreTest, SchemaFourIsMigratedAndItsStoriesRebuiltOnce) {
  const std::vector<Document> docs = Seeds();
  const std::string db = Path("desk.db"), fresh = Path("fresh.db");
  ASSERT_TRUE(Open(db)->Add(Slice(docs, 0, 2), {}).ok());
  AsBeforeSchema7(db);
  Sql(db, "ALTER TABLE stories DROP COLUMN inputs; ALTER TABLE replay DROP COLUMN tokens; PRAGMA user_version = 4;");
  Result<AddResult> r = Open(db)->Add(Slice(docs, 2, 4), {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(SqlInt(db, "PRAGMA user_version"), Store::kSchemaVersion);
  EXPECT_EQ(r.value().stories_rebuilt, static_cast<size_t>(SqlInt(db, "SELECT count(*) FROM stories")));
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM stories WHERE length(inputs) = 16"), SqlInt(db, "SELECT count(*) FROM stories"));
  ASSERT_TRUE(Open(fresh)->Add(Slice(docs, 0, 2), {}).ok());
  ASSERT_TRUE(Open(fresh)->Add(Slice(docs, 2, 4), {}).ok());
  EXPECT_EQ(SummaryTables(db), SummaryTables(fresh));
  // The same reports again: nothing is added, nothing rebuilt.
  r = Open(db)->Add(Slice(docs, 0, 4), {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().added, 0u);
  EXPECT_EQ(r.value().stories_rebuilt, 0u);
}

// Entity rows are keyed by the report of their first mention, found by its
// id: two reports given one id (files of one name in two folders) are
// stored under two, and the view numbers the rows as the report does.
TEST_F(StoreTest, EntityRowsNumberAsTheReportWhenReportIdsRepeat) {
  std::vector<Document> docs = {
      Doc("dispatch", "Taliban spokesman Zabihullah Mujahid said 12 soldiers were killed in Kandahar.\n"),
      Doc("other", "The Pakistani army said militants attacked a checkpoint in Bajaur on Monday.\n"),
      Doc("dispatch", "Officials in Kabul said Mujahid was lying. NATO said 3 soldiers died in Helmand.\n"),
      Doc("late", "The Pakistani army and NATO met in Kabul; Ahmad Mujahid, a farmer, said the road was closed.\n")};
  const std::string db = Path("desk.db");
  Result<AddResult> first = Open(db)->Add(Slice(docs, 0, 3), {});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.value().renamed, std::vector<std::string>{"dispatch -> dispatch#2"});
  ASSERT_TRUE(Open(db)->Add(Slice(docs, 3, 4), {}).ok());
  EXPECT_EQ(SqlText(db, "SELECT group_concat(id, ' ') FROM (SELECT id FROM documents ORDER BY seq)"),
            "dispatch other dispatch#2 late");
  Result<Analysis> loaded = Open(db, Store::Mode::kReadOnly)->Load();
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_GE(loaded.value().entities.size(), 8u);
  EXPECT_EQ(EntityRows(db), EntityRows(loaded.value()));
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM entity_rows"), static_cast<int64_t>(loaded.value().entities.size()));
}

// A new report whose id is stored takes the id one input of all the adds'
// reports would give it (ReadInputs: "#2", "#3"), so that the report is
// analyze's of that input. Two reports of one id had read as one in their
// story: the seeds' figures that two reports agree on were single-source.
TEST_F(StoreTest, ARepeatedIdIsNumberedAsOneInputWouldNumberIt) {
  std::vector<Document> docs = Seeds();
  docs.resize(3);
  for (Document& d : docs) d.id = "dispatch";
  const std::string db = Path("desk.db");
  std::vector<std::string> renamed;
  for (size_t k = 0; k < docs.size(); ++k) {
    Result<AddResult> r = Open(db)->Add(Slice(docs, k, k + 1), {});
    ASSERT_TRUE(r.ok()) << r.status().message();
    renamed.insert(renamed.end(), r.value().renamed.begin(), r.value().renamed.end());
  }
  EXPECT_EQ(renamed, (std::vector<std::string>{"dispatch -> dispatch#2", "dispatch -> dispatch#3"}));
  std::vector<Document> numbered = docs;
  std::unordered_set<std::string> taken;
  for (Document& d : numbered) d.id = UniqueId(d.id, taken);
  EXPECT_EQ(numbered[2].id, "dispatch#3");
  const Analysis whole = Analyze(numbered);
  EXPECT_TRUE(ReportsAnalyzeJson(db, ToJson(whole)));
  size_t agreed = 0;
  for (const Story& s : whole.stories) {
    for (const Slot& slot : s.slots) agreed += slot.status == "agree";
  }
  EXPECT_GT(agreed, 0u);
}

TEST_F(StoreTest, AReportIsStoredOnceByUrlOrContent) {
  auto store = Open(Path("desk.db"));
  Document a = Doc("a", "Officials said 12 people were killed in the flood on Monday.\n");
  a.url = "https://example.org/flood";
  Document b = Doc("b", "Officials said 14 people were killed in the flood on Tuesday.\n");
  ASSERT_TRUE(store->Add({a, b}, {}).ok());
  Document same_url = Doc("a2", "An updated text at the same address.\n");
  same_url.url = a.url;
  Document same_text = Doc("b2", b.text);
  Document repeated = Doc("c", "A new report about the dam.\n");
  Result<AddResult> r = store->Add({same_url, same_text, repeated, repeated}, {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r.value().added, 1u);
  EXPECT_EQ(r.value().skipped, 3u);
  EXPECT_EQ(r.value().skipped_ids, (std::vector<std::string>{"a2 = a", "b2 = b", "c = c"}));
  EXPECT_EQ(store->Count().value(), 3u);
}

TEST_F(StoreTest, LaterReportRereadsAnEarlierOneAcrossOpens) {
  const std::vector<Document> docs = {
      SurnameOnlyReport(),
      FullNameReport(),
  };
  ASSERT_TRUE(Open(Path("desk.db"))->Add(Slice(docs, 0, 1), {}).ok());
  Result<AddResult> r = Open(Path("desk.db"))->Add(Slice(docs, 1, 2), {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r.value().reread, 1u);
  Result<Analysis> a = Open(Path("desk.db"))->Load();
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a.value().claims.size(), 1u);
  EXPECT_EQ(a.value().claims[0].source.name, "Zabihullah Mujahid");
  EXPECT_TRUE(crosscheck::testing::SameText(ToJson(a.value()), ToJson(Analyze(docs))));
}

// Schema 8 keeps each report's entity tags (a byte a token), so that
// re-reading a stored report, when a later one teaches a name it uses, does
// not run the tagger again: the re-read takes the stored tags (every token
// "O" leaves the report without its tagger's entities), and a row without
// them (a store migrated from schema 7) or with tags that do not fit its
// tokens is tagged again, so the report is analyze's, and its new tags kept.
TEST_F(StoreTest, EntityTagsAreKeptAndAReReadTakesThem) {
  const std::vector<Document> docs = {
      Doc("early", "Mujahid said 12 soldiers were killed in Kandahar on Tuesday, the Interior Ministry said.\n"),
      FullNameReport(),
  };
  const std::string json = ToJson(Analyze(docs));
  const std::string kept = Path("first.db");
  ASSERT_TRUE(Open(kept)->Add(Slice(docs, 0, 1), {}).ok());
  const SegmentedText seg = Segment(docs[0].text, Clean(docs[0]));
  const std::string tags_hex = SqlText(kept, "SELECT hex(tags) FROM replay WHERE seq = 0");
  const std::string tags = Unhex(tags_hex);
  ASSERT_EQ(tags.size(), seg.tokens.size());
  std::string kandahar;
  for (size_t i = 0; i < seg.tokens.size(); ++i) {
    if (seg.tokens[i].span.Of(docs[0].text) == "Kandahar") kandahar = entity_internal::kNerTags[static_cast<uint8_t>(tags[i])];
  }
  EXPECT_EQ(kandahar, "I-LOC");
  const auto has_kandahar = [](const Analysis& a) {
    return std::any_of(a.entities.begin(), a.entities.end(),
                       [](const Entity& e) { return e.canonical == "Kandahar"; });
  };
  struct Case {
    const char* name;
    const char* sql;  // made of the store after the first add
    bool analyze;     // whether the report is then analyze's
  };
  for (const Case& c : {Case{"kept", "", true},
                        Case{"every token O", "UPDATE replay SET tags = zeroblob(length(tags))", false},
                        Case{"schema 7", "ALTER TABLE replay DROP COLUMN tags; PRAGMA user_version = 7;", true},
                        Case{"a tag short", "UPDATE replay SET tags = substr(tags, 2)", true},
                        Case{"an unknown tag", "UPDATE replay SET tags = x'09' || substr(tags, 2)", true}}) {
    SCOPED_TRACE(c.name);
    const std::string db = Path(std::string(c.name) + ".db");
    fs::copy_file(kept, db);
    if (*c.sql) Sql(db, c.sql);
    Result<AddResult> r = Open(db)->Add(Slice(docs, 1, 2), {});
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r.value().reread, 1u);
    EXPECT_EQ(SqlInt(db, "PRAGMA user_version"), Store::kSchemaVersion);
    Result<Analysis> a = Open(db, Store::Mode::kReadOnly)->Load();
    ASSERT_TRUE(a.ok()) << a.status().message();
    EXPECT_EQ(has_kandahar(a.value()), c.analyze);
    EXPECT_EQ(ToJson(a.value()) == json, c.analyze);
    // Tags made again are kept for the next re-read; tags taken stay.
    EXPECT_EQ(SqlText(db, "SELECT hex(tags) FROM replay WHERE seq = 0"),
              c.analyze ? tags_hex : std::string(2 * tags.size(), '0'));
  }
}

// A re-read report's claims leave the search index and come back as read
// again, whether the re-read comes in a later batch of one add or in a
// later add; FTS5's own check finds the index equal to the rows.
TEST_F(StoreTest, ReReadClaimsAreSearchedAsReadAgain) {
  const std::vector<Document> docs = {
      SurnameOnlyReport(),
      FullNameReport(),
      Doc("later", "Mujahid said 3 more soldiers were wounded in the attack.\n"),
  };
  for (const bool one_add : {true, false}) {
    SCOPED_TRACE(one_add ? "batches of one in one add" : "one add per report");
    const std::string path = Path(one_add ? "one.db" : "three.db");
    if (one_add) {
      Result<AddResult> r = Open(path)->Add(docs, {}, /*commit_every=*/1);
      ASSERT_TRUE(r.ok()) << r.status().message();
      // Every report's people were known before the first batch was read
      // (Engine::Learn): "early" is read once, as one batch would read it.
      EXPECT_EQ(r.value().reread, 0u);
    } else {
      std::vector<size_t> reread;
      for (size_t i = 0; i < docs.size(); ++i) {
        Result<AddResult> r = Open(path)->Add(Slice(docs, i, i + 1), {});
        ASSERT_TRUE(r.ok()) << r.status().message();
        reread.push_back(r.value().reread);
      }
      EXPECT_EQ(reread, (std::vector<size_t>{0, 1, 0}));  // "early", when "late" names Mujahid
    }
    Sql(path, "INSERT INTO documents_fts(documents_fts, rank) VALUES('integrity-check', 1);"
              "INSERT INTO claims_fts(claims_fts, rank) VALUES('integrity-check', 1);");
    EXPECT_EQ(SqlInt(path, "SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'soldiers'"), 2);
    Result<std::vector<SearchHit>> hits = Open(path)->Search("killed", 10);
    ASSERT_TRUE(hits.ok()) << hits.status().message();
    std::vector<std::string> found;
    for (const SearchHit& h : hits.value()) found.push_back(h.field + ":" + h.doc + ":" + h.claim);
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, (std::vector<std::string>{"claim:early:c1", "text:early:"}));
  }
}

TEST_F(StoreTest, OtherSettingsThanTheFirstAddAreRefused) {
  ASSERT_TRUE(Open(Path("desk.db"))->Add({Doc("a", "A report.\n")}, {}).ok());
  AnalyzeOptions none;
  none.reconcile.group = "none";
  Result<AddResult> r = Open(Path("desk.db"))->Add({Doc("b", "Another report.\n")}, none);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("--group auto"), std::string::npos) << r.status().message();
}

TEST_F(StoreTest, NewerSchemaIsRefusedWithAClearMessage) {
  const std::string path = Path("newer.db");
  Sql(path, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); PRAGMA user_version = 9;");
  for (Store::Mode mode : {Store::Mode::kReadWrite, Store::Mode::kReadOnly}) {
    Result<std::unique_ptr<Store>> s = Store::Open(path, mode);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().message(), path + ": written by a newer crosscheck (store schema version 9; this build "
                                           "reads versions up to 8): upgrade crosscheck to read it");
  }
  EXPECT_EQ(SqlInt(path, "PRAGMA user_version"), 9);  // untouched
}

TEST_F(StoreTest, OlderSchemaIsMigratedAndOtherDatabasesRefused) {
  // Version 0: an SQLite file without a crosscheck schema (made by `sqlite3`).
  const std::string old = Path("v0.db");
  Sql(old, "PRAGMA user_version = 0; VACUUM;");
  Result<std::unique_ptr<Store>> ro = Store::Open(old, Store::Mode::kReadOnly);
  ASSERT_FALSE(ro.ok());  // reading never writes, so never migrates
  EXPECT_NE(ro.status().message().find("crosscheck add creates it"), std::string::npos) << ro.status().message();
  auto store = Open(old);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(SqlInt(old, "PRAGMA user_version"), 8);  // every step: 0 -> 1 -> ... -> 8
  EXPECT_EQ(SqlInt(old, "SELECT count(*) FROM sqlite_schema WHERE name IN ('documents', 'results', 'figures', 'replay', "
                        "'clusterer', 'entity_rows')"), 6);
  EXPECT_EQ(SqlText(old, "SELECT type FROM sqlite_schema WHERE name = 'entities'"), "view");
  EXPECT_EQ(SqlText(old, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(SqlInt(old, "PRAGMA page_size"), 4096);  // the file's own, kept
  // Somebody else's database is left alone.
  const std::string other = Path("other.db");
  Sql(other, "CREATE TABLE recipes(name TEXT);");
  Result<std::unique_ptr<Store>> s = Store::Open(other, Store::Mode::kReadWrite);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("not a crosscheck store"), std::string::npos);
  // Not a database at all.
  std::ofstream(Path("text.db")) << "just some text, long enough to be read as a header............\n";
  EXPECT_FALSE(Store::Open(Path("text.db"), Store::Mode::kReadWrite).ok());
}

TEST_F(StoreTest, SearchFindsTextTitlesAndClaims) {
  const std::vector<Document> docs = Seeds();
  auto store = Open(Path("desk.db"));
  ASSERT_TRUE(store->Add(docs, {}).ok());
  Result<std::vector<SearchHit>> hits = store->Search("Mujahid", 100);
  ASSERT_TRUE(hits.ok()) << hits.status().message();
  size_t text_hits = 0, claim_hits = 0;
  const Analysis a = Analyze(docs);
  for (const SearchHit& h : hits.value()) {
    ASSERT_LT(h.seq, docs.size());
    EXPECT_EQ(h.doc, docs[h.seq].id);
    EXPECT_NE(h.snippet.find("[Mujahid]"), std::string::npos) << h.snippet;
    if (h.field == "text") {
      ++text_hits;
      EXPECT_EQ(h.span.Of(docs[h.seq].text), "Mujahid");
    } else if (h.field == "claim") {
      ++claim_hits;
      const Claim* c = nullptr;
      for (const Claim& x : a.claims) if (x.id == h.claim) c = &x;
      ASSERT_NE(c, nullptr) << h.claim;
      EXPECT_EQ(c->doc, h.doc);
      EXPECT_EQ(c->sentence, h.span);
      EXPECT_NE(h.span.Of(docs[h.seq].text).find("Mujahid"), std::string::npos);
    }
  }
  EXPECT_EQ(text_hits, 5u);  // every seed names him
  EXPECT_GT(claim_hits, 0u);
  EXPECT_TRUE(store->Search("Mujahid", 3).value().size() == 3u);
  EXPECT_TRUE(store->Search("xylophone", 10).value().empty());
  Result<std::vector<SearchHit>> bad = store->Search("\"unbalanced", 10);
  EXPECT_FALSE(bad.ok());
}

// The reports' hits and the claims' come from one commit: an add that
// commits between the two statements is in neither.
TEST_F(StoreTest, ASearchReadsOneCommitThoughAnAddCommitsInTheMiddleOfIt) {
  const std::vector<Document> docs = Seeds();
  const std::string path = Path("desk.db");
  ASSERT_TRUE(Open(path)->Add(Slice(docs, 0, 4), {}).ok());
  std::unique_ptr<Store> reader = Open(path, Store::Mode::kReadOnly);
  ASSERT_TRUE(reader);
  auto listed = [](const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    for (const SearchHit& h : hits) {
      out.push_back(std::to_string(h.seq) + " " + h.field + " " + h.claim + " " + std::to_string(h.span.begin));
    }
    return out;
  };
  Result<std::vector<SearchHit>> before = reader->Search("Taliban", 100);
  ASSERT_TRUE(before.ok()) << before.status().message();
  bool added = false;
  store_internal::SetReadPause(*reader, [&] {
    if (std::exchange(added, true)) return;
    ASSERT_TRUE(Open(path)->Add(Slice(docs, 4, 5), {}).ok());
  });
  auto fields = [](const std::vector<SearchHit>& hits, size_t seq) {
    std::vector<std::string> out;
    for (const SearchHit& h : hits) {
      if (h.seq == seq) out.push_back(h.field);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  Result<std::vector<SearchHit>> during = reader->Search("Taliban", 100);
  ASSERT_TRUE(during.ok()) << during.status().message();
  ASSERT_TRUE(added);
  EXPECT_EQ(fields(during.value(), 4), std::vector<std::string>{});
  EXPECT_EQ(listed(during.value()), listed(before.value()));  // the four reports' hits, all of them
  for (size_t seq = 0; seq < 4; ++seq) EXPECT_FALSE(fields(during.value(), seq).empty()) << seq;
  Result<std::vector<SearchHit>> after = reader->Search("Taliban", 100);
  ASSERT_TRUE(after.ok()) << after.status().message();
  // The fifth seed's text, and its six claims whose sentences name the Taliban.
  std::vector<std::string> fifth(6, "claim");
  fifth.push_back("text");
  EXPECT_EQ(fields(after.value(), 4), fifth);
}

TEST_F(StoreTest, HistorySaysWhereEachFigureFirstAppeared) {
  const std::vector<Document> docs = Seeds();
  auto store = Open(Path("desk.db"));
  ASSERT_TRUE(store->Add(docs, {}).ok());
  Result<std::vector<FigureEvent>> h = store->History("s1");
  ASSERT_TRUE(h.ok()) << h.status().message();
  std::vector<std::string> killed;
  for (const FigureEvent& e : h.value()) {
    if (e.type == "killed" && e.side == "Pakistan" && e.revised_by.empty()) {
      killed.push_back(e.value + " first in " + e.first_doc + " (" + std::to_string(e.first_seq) + ") " + e.status);
      EXPECT_FALSE(e.first_added.empty());
    }
  }
  EXPECT_EQ(killed, (std::vector<std::string>{"58 first in " + docs[0].id + " (0) conflict",
                                              "23 first in " + docs[2].id + " (2) conflict"}));
  EXPECT_TRUE(store->History("s99").value().empty());
}

Document Report(std::string id, std::string published, std::string text) {
  Document d = Doc(std::move(id), std::move(text));
  d.published = std::move(published);
  return d;
}

// A toll that grows across reports added one by one (the ministry's 40, 55,
// 61; tests/reconcile_test.cc's market bombing): a revision, and the history
// says which report stated each figure and which were superseded.
TEST_F(StoreTest, HistoryKeepsRevisions) {
  const std::vector<Document> docs = {
      Report("a-ministry-1", "2026-03-01T09:00:00Z",
             "Market bombing in Dalvora\n\nAt least 40 people were killed when a bomb exploded in the central "
             "market of Dalvora on Sunday morning, the health ministry said.\n"),
      Report("b-ministry-2", "2026-03-01T15:00:00Z",
             "Dalvora market toll rises\n\nAt least 55 people have been killed in the bombing of the Dalvora "
             "market, the health ministry said in an updated toll on Sunday.\n"),
      Report("c-ministry-3", "2026-03-02T08:00:00Z",
             "Dalvora market bombing\n\nThe health ministry said on Monday that 61 people were killed in the "
             "bombing of the Dalvora market.\n"),
  };
  for (const Document& d : docs) ASSERT_TRUE(Open(Path("desk.db"))->Add({d}, {}).ok());
  Result<std::vector<FigureEvent>> history = Open(Path("desk.db"))->History();
  ASSERT_TRUE(history.ok()) << history.status().message();
  std::vector<std::string> steps;
  for (const FigureEvent& e : history.value()) {
    if (!e.revised_by.empty()) {
      steps.push_back(e.revised_by + " " + std::to_string(e.revision_step) + ": " + e.value + " in " + e.first_doc +
                      " " + e.first_published + (e.superseded ? " superseded" : ""));
    }
  }
  EXPECT_EQ(steps, (std::vector<std::string>{
                       "ministry 0: at least 40 in a-ministry-1 2026-03-01T09:00:00Z superseded",
                       "ministry 1: at least 55 in b-ministry-2 2026-03-01T15:00:00Z superseded",
                       "ministry 2: 61 in c-ministry-3 2026-03-02T08:00:00Z"}));
}

TEST_F(StoreTest, DataVersionChangesWhenAnotherConnectionCommits) {
  auto writer = Open(Path("desk.db"));
  ASSERT_TRUE(writer->Add({Doc("a", "A report.\n")}, {}).ok());
  auto reader = Open(Path("desk.db"), Store::Mode::kReadOnly);
  const int64_t v0 = reader->DataVersion().value();
  EXPECT_EQ(reader->DataVersion().value(), v0);
  const int64_t w0 = writer->DataVersion().value();
  ASSERT_TRUE(writer->Add({Doc("b", "Another report.\n")}, {}).ok());
  EXPECT_NE(reader->DataVersion().value(), v0);
  EXPECT_NE(writer->DataVersion().value(), w0);
  EXPECT_EQ(reader->Count().value(), 2u);
  EXPECT_FALSE(reader->Add({Doc("c", "A third.\n")}, {}).ok());  // read-only
}

std::string Bin() { return CROSSCHECK_BIN; }

int RunCommand(const std::string& cmd) {
  int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(StoreTest, CliNamesTenSkippedReportsThenCountsTheRest) {
  const std::string input = Path("twelve.jsonl");
  {
    std::ofstream out(input);
    for (int i = 0; i < 12; ++i) {
      out << "{\"id\": \"r" << i << "\", \"text\": \"Report " << i << ": officials said " << i + 2
          << " people were hurt.\"}\n";
    }
  }
  const std::string db = Path("twelve.db");
  EXPECT_EQ(RunCommand(Bin() + " add -q --db " + db + " " + input), 0);
  EXPECT_EQ(RunCommand(Bin() + " add --db " + db + " " + input + " 2>" + Path("again.txt")), 0);
  const std::string err = testing::ReadFile(Path("again.txt"));
  std::string expected;
  for (int i = 0; i < 10; ++i) expected += "crosscheck: already stored: r" + std::to_string(i) + " = r" + std::to_string(i) + "\n";
  expected += "crosscheck: already stored: 2 more\n";
  expected += "crosscheck: " + db + ": 0 of 12 reports added, 12 already stored, 0 earlier reports re-read; 12 in the store\n";
  EXPECT_EQ(err, expected);
}

TEST_F(StoreTest, CliAddTwiceThenReportEqualsAnalyze) {
  const std::string seeds = SourcePath("examples/border-clash");
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(seeds)) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  const std::string db = Path("desk.db");
  EXPECT_EQ(RunCommand(Bin() + " add -q --db " + db + " " + files[0] + " " + files[1]), 0);
  EXPECT_EQ(RunCommand(Bin() + " add -q --db " + db + " " + files[2] + " " + files[3] + " " + files[4]), 0);
  EXPECT_EQ(RunCommand(Bin() + " add -q --db " + db + " " + files[1] + " 2>" + Path("again.txt")), 0);
  EXPECT_NE(testing::ReadFile(Path("again.txt")).find("already stored"), std::string::npos);
  std::string all;
  for (const std::string& f : files) all += " " + f;
  EXPECT_EQ(RunCommand(Bin() + " report --db " + db + " --format json -o " + Path("report.json")), 0);
  EXPECT_EQ(RunCommand(Bin() + " analyze --format json -o " + Path("analyze.json") + all), 0);
  EXPECT_EQ(testing::ReadFile(Path("report.json")), testing::ReadFile(Path("analyze.json")));
  EXPECT_EQ(RunCommand(Bin() + " report --db " + db + " --story s1 --format markdown -o " + Path("s1.md")), 0);
  EXPECT_NE(testing::ReadFile(Path("s1.md")).find("58"), std::string::npos);
  EXPECT_EQ(RunCommand(Bin() + " report --db " + db + " --story s9 2>/dev/null"), 2);
  EXPECT_EQ(RunCommand(Bin() + " report --db " + Path("missing.db") + " 2>/dev/null"), 3);
  EXPECT_EQ(RunCommand(Bin() + " add --db " + db + " 2>/dev/null"), 2);  // no paths
}

// The seeds as pages of one site (tests/web_pages.h): a store keeps what the
// HTML reader found (author, page bytes, charset, the map to the page) and
// each page's learned boilerplate, so `report` prints what `analyze` of the
// pages prints, also when the add commits in batches smaller than the
// outlet's template needs (3 pages) to be learned.
TEST_F(StoreTest, PagesAddedInBatchesReportTheAnalyzeJson) {
  fs::create_directories(Path("pages"));
  for (testing::SeedPage p : testing::SeedPages()) {
    // A line of the site's template inside the article, which only the
    // corpus shows to be one.
    p.html.insert(p.html.find("<p>"), "<p>Follow Frontier Wire on WhatsApp for alerts as news breaks.</p>\n");
    std::ofstream(Path("pages/" + p.stem + ".html")) << p.html;
  }
  const std::string db = Path("desk.db"), pages = Path("pages");
  EXPECT_EQ(RunCommand(Bin() + " add -q --commit-every 2 --db " + db + " " + pages), 0);
  EXPECT_EQ(RunCommand(Bin() + " report --db " + db + " --format json -o " + Path("report.json")), 0);
  EXPECT_EQ(RunCommand(Bin() + " analyze --format json -o " + Path("analyze.json") + " " + pages), 0);
  const std::string report = testing::ReadFile(Path("report.json"));
  EXPECT_TRUE(testing::SameText(report, testing::ReadFile(Path("analyze.json"))));
  EXPECT_NE(report.find("recurs on 5 pages of Frontier Wire"), std::string::npos);
  EXPECT_NE(report.find("\"charset\": \"UTF-8\""), std::string::npos);
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM documents WHERE learned_from = 5 AND length(source) > 1000"), 5);
  // A later add resumes the engine with each page cleaned as it was.
  fs::create_directories(Path("more"));
  std::ofstream(Path("more/late.txt")) << "Police said 4 people were injured in Quetta on Monday.\n";
  EXPECT_EQ(RunCommand(Bin() + " add -q --db " + db + " " + Path("more")), 0);
  EXPECT_EQ(RunCommand(Bin() + " report --db " + db + " --format json -o " + Path("report2.json")), 0);
  EXPECT_EQ(RunCommand(Bin() + " analyze --format json -o " + Path("analyze2.json") + " " + pages + " " +
                       Path("more")),
            0);
  EXPECT_TRUE(testing::SameText(testing::ReadFile(Path("report2.json")), testing::ReadFile(Path("analyze2.json"))));
}

// ECB+ (982 real articles, ../shared/data) in ten adds, each a new open.
TEST_F(StoreTest, EcbPlusInTenAddsReportsTheAnalyzeJson) {
  const std::string path = SourcePath("../shared/data/ecbplus/documents.jsonl");
  if (!fs::exists(path)) GTEST_SKIP() << "no " << path << " (../shared/data absent)";
  IngestResult in = ReadInputs({path}, {});
  ASSERT_EQ(in.documents.size(), 982u);
  AnalyzeOptions options;
  options.threads = 2;
  const size_t n = in.documents.size();
  for (size_t b = 0; b < 10; ++b) {
    auto store = Open(Path("ecb.db"));
    Result<AddResult> r = store->Add(Slice(in.documents, n * b / 10, n * (b + 1) / 10), options);
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
  EXPECT_TRUE(ReportsAnalyzeJson(Path("ecb.db"), ToJson(Analyze(std::move(in.documents), options))));
}

// kill -9 of `crosscheck add` in the middle of 2,000 real reports, then the
// same add again: every report stored exactly once, none half-written, and
// the report is what analyze gives.
TEST_F(StoreTest, KilledAddLosesNothingAndHalvesNothing) {
  std::string why;
  if (bench::RealArticles(&why).empty()) GTEST_SKIP() << why;
  const std::vector<Document> docs = bench::MakeRealCorpus(2000);
  ASSERT_EQ(docs.size(), 2000u);
  const std::string input = Path("reports.jsonl");
  {
    std::ofstream out(input, std::ios::binary);
    for (const Document& d : docs) out << nlohmann::json{{"id", d.id}, {"text", d.text}}.dump() << "\n";
  }
  const std::string db = Path("desk.db");
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl(CROSSCHECK_BIN, CROSSCHECK_BIN, "add", "-q", "-j", "2", "--commit-every", "100", "--db", db.c_str(),
          input.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it once a few batches are in, while others are under way.
  int64_t stored = 0;
  for (int waited = 0; waited < 6000 && stored < 300; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stored = SqlInt(db, "SELECT count(*) FROM documents");
  }
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "add finished before it was killed";
  const int64_t before = SqlInt(db, "SELECT count(*) FROM documents");
  EXPECT_GE(before, 300);
  EXPECT_LT(before, 2000);
  EXPECT_EQ(before % 100, 0) << "a batch was half-committed";
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM results"), before);
  // Each committed batch's reports are in the search index, with it.
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM documents_fts_docsize"), before);
  // Again: the stored reports are skipped, the rest added.
  EXPECT_EQ(RunCommand(Bin() + " add -q -j 2 --db " + db + " " + input + " 2>/dev/null"), 0);
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM documents"), 2000);
  EXPECT_EQ(SqlInt(db, "SELECT count(DISTINCT content_hash) FROM documents"), 2000);
  EXPECT_EQ(SqlInt(db, "SELECT count(DISTINCT id) FROM documents"), 2000);
  EXPECT_EQ(SqlInt(db, "SELECT max(seq) - min(seq) + 1 FROM documents"), 2000);
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM results JOIN documents USING (seq)"), 2000);
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM links WHERE b NOT IN (SELECT seq FROM documents)"), 0);
  // The search indexes hold every report and claim once, as stored.
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM documents_fts_docsize"), 2000);
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM claims_fts_docsize"), SqlInt(db, "SELECT count(*) FROM claims"));
  Sql(db, "INSERT INTO documents_fts(documents_fts, rank) VALUES('integrity-check', 1);"
          "INSERT INTO claims_fts(claims_fts, rank) VALUES('integrity-check', 1);");
  // And nothing half-written: the store reports what one analyze gives.
  AnalyzeOptions options;
  options.threads = 2;
  IngestResult in = ReadInputs({input}, {});
  EXPECT_TRUE(ReportsAnalyzeJson(db, ToJson(Analyze(std::move(in.documents), options))));
}

// The writer behind `add`: rows run in order on its own connection, each
// value as recorded (text, blob with a NUL, a moved blob, a blob made on
// the writer's thread, real, null); a
// transaction spans pushes until one commits, and a failure rolls back the
// whole transaction, keeps what was committed before, and refuses later pushes.
TEST_F(StoreTest, WriterRollsBackTheFailedTransactionAndKeepsTheCommittedOnes) {
  using store_internal::Rows;
  using store_internal::Writer;
  const std::string db = Path("desk.db");
  ASSERT_NE(Open(db), nullptr);
  Result<std::unique_ptr<Writer>> opened = Writer::Open(db);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  Writer& w = *opened.value();
  Rows first;
  first.Sql("CREATE TABLE t(k TEXT PRIMARY KEY, i, r, n, b, o, m, s)", "making a table");
  first.Sql("INSERT INTO t(k, i, r, n, b, o, m, s) VALUES(?, ?, ?, ?, ?, ?, ?, ?)", "storing a row");
  first.Text("x").Int(-7).Real(2.5).Null().Blob(std::string_view("a\0b", 3)).Blob(std::string(100000, 'z'));
  first.Blob([] { return std::string(70000, 'm'); }).Blob([] { return std::string("short"); });
  ASSERT_TRUE(w.Push(std::move(first), /*commit=*/true).ok());
  Rows second, third;
  second.Sql("INSERT INTO t(k) VALUES(?)", "storing a row").Text("y");
  third.Sql("INSERT INTO t(k) VALUES(?)", "storing a row").Text("x");  // the key again
  EXPECT_TRUE(w.Push(std::move(second), /*commit=*/false).ok());
  (void)w.Push(std::move(third), /*commit=*/true);  // may already see the failure
  Status finished = w.Finish();
  ASSERT_FALSE(finished.ok());
  EXPECT_EQ(finished.message(), db + ": storing a row: UNIQUE constraint failed: t.k");
  Rows fourth;
  fourth.Sql("INSERT INTO t(k) VALUES(?)", "storing a row").Text("z");
  EXPECT_FALSE(w.Push(std::move(fourth), /*commit=*/true).ok());
  opened.value().reset();
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM t"), 1);  // "y" went with "x"'s transaction; "z" never ran
  EXPECT_EQ(SqlInt(db, "SELECT i FROM t WHERE k = 'x'"), -7);
  EXPECT_EQ(SqlInt(db, "SELECT r * 2 FROM t WHERE k = 'x' AND typeof(r) = 'real'"), 5);
  EXPECT_EQ(SqlInt(db, "SELECT n IS NULL FROM t WHERE k = 'x'"), 1);
  EXPECT_EQ(SqlInt(db, "SELECT length(b) FROM t WHERE k = 'x' AND b = x'610062'"), 3);
  EXPECT_EQ(SqlInt(db, "SELECT length(o) FROM t WHERE k = 'x' AND typeof(o) = 'blob'"), 100000);
  EXPECT_EQ(SqlInt(db, "SELECT length(m) FROM t WHERE k = 'x' AND m = cast(printf('%.*c', 70000, 'm') AS BLOB)"), 70000);
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM t WHERE k = 'x' AND s = cast('short' AS BLOB)"), 1);
  // Destroyed with a transaction open (an add that failed): nothing of it stays.
  opened = Writer::Open(db);
  ASSERT_TRUE(opened.ok());
  Rows open;
  open.Sql("INSERT INTO t(k) VALUES(?)", "storing a row").Text("w");
  ASSERT_TRUE(opened.value()->Push(std::move(open), /*commit=*/false).ok());
  opened.value().reset();
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM t"), 1);
  // A check that holds lets its rows run; one that fails stops them with
  // its message, and its transaction is rolled back.
  opened = Writer::Open(db);
  ASSERT_TRUE(opened.ok());
  Rows holds, fails;
  holds.Check("SELECT count(*) = ? FROM t", "t has changed").Int(1);
  holds.Sql("INSERT INTO t(k) VALUES(?)", "storing a row").Text("v");
  ASSERT_TRUE(opened.value()->Push(std::move(holds), /*commit=*/true).ok());
  fails.Sql("INSERT INTO t(k) VALUES(?)", "storing a row").Text("u");
  fails.Check("SELECT count(*) = ? FROM t", "t has changed").Int(2);
  (void)opened.value()->Push(std::move(fails), /*commit=*/true);
  finished = opened.value()->Finish();
  ASSERT_FALSE(finished.ok());
  EXPECT_EQ(finished.message(), db + ": t has changed");
  opened.value().reset();
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM t"), 2);
  EXPECT_EQ(SqlInt(db, "SELECT count(*) FROM t WHERE k = 'u'"), 0);
}

// A stored report's text that is not what the add read when it resumed
// (here changed by another connection before the add aligns a new report
// with it) stops the add with a clear message, nothing of it stored; with
// the text as it was, the same add goes through.
TEST_F(StoreTest, AStoredTextChangedUnderAnAddStopsItWithAClearMessage) {
  const std::vector<Document> docs = Seeds();
  const std::string path = Path("texts.db");
  ASSERT_TRUE(Open(path)->Add(Slice(docs, 0, 3), {}).ok());
  bool changed = false;
  AnalyzeOptions options;
  options.progress = [&](size_t, size_t) {
    if (changed) return;  // the first call: resumed, nothing aligned yet
    changed = true;
    Sql(path, "UPDATE documents SET text = text || ' ' WHERE seq = 1");
  };
  Result<AddResult> stopped = Open(path)->Add(Slice(docs, 3, 5), options);
  ASSERT_TRUE(changed);
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.status().message(), path + ": the text of report 1 could not be read again unchanged");
  EXPECT_EQ(SqlInt(path, "SELECT count(*) FROM documents"), 3);
  EXPECT_EQ(SqlInt(path, "SELECT count(*) FROM results"), 3);
  Sql(path, "UPDATE documents SET text = substr(text, 1, length(text) - 1) WHERE seq = 1");
  Result<AddResult> added = Open(path)->Add(Slice(docs, 3, 5), {});
  ASSERT_TRUE(added.ok()) << added.status().message();
  EXPECT_EQ(added.value().added, 2u);
  EXPECT_TRUE(ReportsAnalyzeJson(path, ToJson(Analyze(docs))));
}

// The same in an add of two batches, the text changed after the first was
// handed to the writer: that batch (an article that links to nothing
// stored) stays committed, the second (a seed aligned with the stored ones)
// stops the add; added again, the article is skipped and the seed stored.
TEST_F(StoreTest, AStoredTextChangedUnderALaterBatchKeepsTheBatchesCommittedBefore) {
  const std::vector<Document> seeds = Seeds();
  IngestResult sample = ReadInputs({SourcePath("bench/data/zyte-articles.jsonl")}, {});
  ASSERT_FALSE(sample.documents.empty());
  const std::vector<Document> input = {sample.documents[0], seeds[3]};
  const std::string path = Path("texts.db");
  ASSERT_TRUE(Open(path)->Add(Slice(seeds, 0, 3), {}).ok());
  bool changed = false;
  AnalyzeOptions options;
  options.progress = [&](size_t done, size_t total) {
    // Half the progress is learning the input; the first batch's end,
    // handed to the writer, is 3/4.
    if (changed || 4 * done < 3 * total) return;
    changed = true;
    Sql(path, "UPDATE documents SET text = text || ' ' WHERE seq < 3");
  };
  Result<AddResult> stopped = Open(path)->Add(input, options, /*commit_every=*/1);
  ASSERT_TRUE(changed);
  ASSERT_FALSE(stopped.ok());
  EXPECT_TRUE(stopped.status().message().starts_with(path + ": the text of report ")) << stopped.status().message();
  EXPECT_TRUE(stopped.status().message().ends_with(" could not be read again unchanged")) << stopped.status().message();
  EXPECT_EQ(SqlInt(path, "SELECT count(*) FROM documents"), 4);
  EXPECT_EQ(SqlText(path, "SELECT id FROM documents WHERE seq = 3"), input[0].id);
  EXPECT_EQ(SqlInt(path, "SELECT count(*) FROM results"), 4);
  Sql(path, "UPDATE documents SET text = substr(text, 1, length(text) - 1) WHERE seq < 3");
  Result<AddResult> added = Open(path)->Add(input, {}, /*commit_every=*/1);
  ASSERT_TRUE(added.ok()) << added.status().message();
  EXPECT_EQ(added.value().skipped, 1u);
  EXPECT_EQ(added.value().added, 1u);
  EXPECT_EQ(SqlText(path, "SELECT id FROM documents WHERE seq = 4"), seeds[3].id);
}

// Two adds into one store at once: the first commits one report a batch;
// after its first batch is committed, and before its second is handed to
// the writer, a second add commits four reports. The first then finds the
// reports' numbers taken and stops with a message saying so (not at a
// UNIQUE constraint), keeping its first batch; every report is stored once,
// and adding its input again stores the rest.
TEST_F(StoreTest, AnAddThatAnotherAddOvertookStopsWithAClearMessage) {
  std::vector<Document> docs = bench::NewsCorpus(12);
  ASSERT_GE(docs.size(), 12u);
  const std::string path = Path("two.db");
  ASSERT_TRUE(Open(path)->Add(Slice(docs, 0, 4), {}).ok());
  std::unique_ptr<Store> first = Open(path), second = Open(path);
  bool ran = false;
  Result<AddResult> inner = Status::Error("not run");
  AnalyzeOptions options;
  options.progress = [&](size_t done, size_t total) {
    // Progress runs to total / 2 while the input is learned, then a
    // quarter of the rest a batch; it first reaches 3/4 as the second
    // batch is read, before it is handed to the writer.
    if (ran || 4 * done < 3 * total) return;
    ran = true;
    for (int waited = 0; waited < 6000 && SqlInt(path, "SELECT count(*) FROM documents") < 5; ++waited) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(SqlInt(path, "SELECT count(*) FROM documents"), 5) << "the first batch was not committed in 60 s";
    inner = second->Add(Slice(docs, 8, 12), {});
  };
  Result<AddResult> outer = first->Add(Slice(docs, 4, 8), options, /*commit_every=*/1);
  ASSERT_TRUE(inner.ok()) << inner.status().message();
  EXPECT_EQ(inner.value().added, 4u);
  ASSERT_FALSE(outer.ok());
  EXPECT_EQ(outer.status().message(),
            path + ": another add committed reports to the store since this one read it; this add stopped (its "
                   "batches committed before are kept): add the same input again, and what is stored is skipped");
  EXPECT_EQ(SqlInt(path, "SELECT count(*) FROM documents"), 9);
  EXPECT_EQ(SqlInt(path, "SELECT count(DISTINCT id) FROM documents"), 9);
  EXPECT_EQ(SqlInt(path, "SELECT count(*) FROM results"), 9);
  EXPECT_EQ(SqlText(path, "SELECT id FROM documents WHERE seq = 4"), docs[4].id);
  EXPECT_EQ(SqlText(path, "SELECT id FROM documents WHERE seq = 5"), docs[8].id);
  // The stopped input added again: its first report is skipped, the rest stored.
  Result<AddResult> rest = Open(path)->Add(Slice(docs, 4, 8), {});
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_EQ(rest.value().skipped, 1u);
  EXPECT_EQ(rest.value().added, 3u);
  EXPECT_EQ(SqlInt(path, "SELECT count(*) FROM documents"), 12);
}

}  // namespace
}  // namespace crosscheck
