#include "store/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "ingest/reader.h"
#include "report/engine.h"
#include "store/records.h"
#include "store/sqlite.h"
#include "store/writer.h"
#include "text/token_codec.h"

namespace crosscheck {

using store_internal::Rows;
using store_internal::Statement;

namespace {

// ---- Schema -----------------------------------------------------------------

// Version 1. Every table is documented in README ("Store").
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE documents(
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  url TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  title TEXT NOT NULL,
  outlet TEXT NOT NULL,
  published TEXT NOT NULL,
  origin TEXT NOT NULL,
  extra TEXT NOT NULL,
  text TEXT NOT NULL,
  kept TEXT NOT NULL,
  added_at TEXT NOT NULL,
  story INTEGER);
CREATE INDEX documents_url ON documents(url) WHERE url <> '';
CREATE INDEX documents_hash ON documents(content_hash);
CREATE TABLE results(
  seq INTEGER PRIMARY KEY REFERENCES documents(seq),
  claims BLOB NOT NULL,
  quotes BLOB NOT NULL,
  mentions BLOB NOT NULL,
  people BLOB NOT NULL,
  asked BLOB NOT NULL);
CREATE TABLE links(
  a INTEGER NOT NULL, b INTEGER NOT NULL,
  kind TEXT NOT NULL, similarity REAL NOT NULL, direction TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY(a, b)) WITHOUT ROWID;
CREATE TABLE claims(
  seq INTEGER NOT NULL, ord INTEGER NOT NULL,
  type TEXT NOT NULL, low REAL NOT NULL, high REAL, qualifier TEXT NOT NULL,
  subject TEXT NOT NULL, side TEXT NOT NULL, source TEXT NOT NULL, modality TEXT NOT NULL,
  span_begin INTEGER NOT NULL, span_end INTEGER NOT NULL,
  sentence_begin INTEGER NOT NULL, sentence_end INTEGER NOT NULL, sentence TEXT NOT NULL,
  UNIQUE(seq, ord));
CREATE TABLE quotes(
  seq INTEGER NOT NULL, ord INTEGER NOT NULL,
  speaker TEXT NOT NULL, cue TEXT NOT NULL, text TEXT NOT NULL,
  span_begin INTEGER NOT NULL, span_end INTEGER NOT NULL,
  PRIMARY KEY(seq, ord)) WITHOUT ROWID;
CREATE TABLE people(
  seq INTEGER NOT NULL, ord INTEGER NOT NULL,
  name TEXT NOT NULL, role TEXT NOT NULL, affiliation TEXT NOT NULL, side TEXT NOT NULL,
  PRIMARY KEY(seq, ord)) WITHOUT ROWID;
CREATE TABLE stories(id TEXT PRIMARY KEY, reports INTEGER NOT NULL, first_seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE entities(
  id TEXT PRIMARY KEY, type TEXT NOT NULL, canonical TEXT NOT NULL,
  mentions INTEGER NOT NULL, aliases TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE figures(
  story TEXT NOT NULL, type TEXT NOT NULL, side TEXT NOT NULL, value TEXT NOT NULL,
  low REAL NOT NULL, high REAL, status TEXT NOT NULL, reports INTEGER NOT NULL,
  independent INTEGER NOT NULL, first_seq INTEGER NOT NULL, revised_by TEXT NOT NULL,
  revision_step INTEGER NOT NULL, superseded INTEGER NOT NULL);
CREATE INDEX figures_story ON figures(story);
CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='seq');
CREATE VIRTUAL TABLE claims_fts USING fts5(sentence, content='claims', content_rowid='rowid');
)sql";

// Version 2: the page a report was extracted from (its bytes, charset and
// map to the text), the metadata of pages (author, modified, language), and
// how many reports had taught the outlets' boilerplate when it was cleaned
// (report/engine.h, learned_from). Version-1 rows get empty pages and 0: no
// boilerplate was learned then.
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE documents ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN modified TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN source BLOB NOT NULL DEFAULT x'';
ALTER TABLE documents ADD COLUMN source_charset TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN source_map BLOB NOT NULL DEFAULT x'';
ALTER TABLE documents ADD COLUMN learned_from INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 3: what resuming the engine replays of each report (report/engine.h,
// ReplayState; encoded as in store/records.h): its cleaning, link sketch and
// story features, so that a later add neither cleans nor segments the stored
// reports again. Filled lazily: an add to an older store prepares the
// reports that have no row (as it did before) and writes their rows in its
// first transaction.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE replay(
  seq INTEGER PRIMARY KEY REFERENCES documents(seq),
  cleaned BLOB NOT NULL,
  sketch BLOB NOT NULL,
  features BLOB NOT NULL);
)sql";

// Version 4: the story clusterer's state after the last add
// (Clusterer::Save, one row), so that an add restores it instead of
// replaying every stored report through the clusterer. `reports`: how many
// reports it holds; an add replays the stored features of the reports after
// them (none, unless an add was killed before its last batch). Empty in a
// migrated store until its next add writes it.
constexpr const char* kSchemaV4 = R"sql(
CREATE TABLE clusterer(
  id INTEGER PRIMARY KEY CHECK(id = 0),
  reports INTEGER NOT NULL,
  state BLOB NOT NULL);
)sql";

// Version 5: what each story was last built from (a hash of
// StoryReconciler::InputsOf and the claims it lists, reconcile/reconcile.h),
// so that an add rebuilds and rewrites only the stories whose inputs
// changed. Empty in a migrated store: its next add rebuilds every story.
constexpr const char* kSchemaV5 = R"sql(
ALTER TABLE stories ADD COLUMN inputs BLOB NOT NULL DEFAULT x'';
)sql";

// Version 6: each report's segmentation (replay.tokens: EncodeTokens,
// text/token_codec.h), so that linking a new report to a stored one does not
// segment the stored one again. Empty in a migrated store's rows (and
// wherever it could not be encoded): those reports are segmented as before.
constexpr const char* kSchemaV6 = R"sql(
ALTER TABLE replay ADD COLUMN tokens BLOB NOT NULL DEFAULT x'';
)sql";

// Version 7: entity rows keyed by each entity's first mention (the report's
// seq, the mention's first byte, and `tie`, 0 unless entities share that
// mention's start), with `entities` a view that numbers them "e1", "e2", ...
// in that order, as the report does. An entity keeps its row while ids
// shift around it (a merge or a split early in the store renumbers every
// later entity), so an add writes only the rows of entities that changed.
// Empty in a migrated store until its next add that stores a report.
// Also: link sketches keep their hash values as raw words (store/records.h),
// and RecodeSketches re-encodes the rows of older versions.
constexpr const char* kSchemaV7 = R"sql(
DROP TABLE entities;
CREATE TABLE entity_rows(
  first_seq INTEGER NOT NULL, first_begin INTEGER NOT NULL, tie INTEGER NOT NULL,
  type TEXT NOT NULL, canonical TEXT NOT NULL, mentions INTEGER NOT NULL, aliases TEXT NOT NULL,
  PRIMARY KEY(first_seq, first_begin, tie)) WITHOUT ROWID;
CREATE VIEW entities(id, type, canonical, mentions, aliases) AS
  SELECT 'e' || row_number() OVER (ORDER BY first_seq, first_begin, tie), type, canonical, mentions, aliases
  FROM entity_rows;
)sql";

// Version 8: each report's entity tags (replay.tags: EntityTags, a byte a
// token), so that re-reading a stored report does not run the tagger again.
// Empty in a migrated store's rows until their report is re-read: it is
// tagged then, and the add writes its tags (Engine::retagged).
constexpr const char* kSchemaV8 = R"sql(
ALTER TABLE replay ADD COLUMN tags BLOB NOT NULL DEFAULT x'';
)sql";

// Migrations: step v takes a store of version v to v + 1, inside the
// transaction that also sets user_version. Version 0 is a file without a
// crosscheck schema: an empty database (a new file, or one made by `sqlite3`).
// A later schema adds its step here: the new tables or columns, and whatever
// re-encodes the results blobs (store/records.h) that changed.
struct Migration {
  int from;
  const char* sql;
  // Run after `sql`, in the same transaction: what SQL cannot re-encode.
  Status (*recode)(sqlite3* db) = nullptr;
};

// Version 7's sketches: each replay row's sketch read as versions 3 to 6
// wrote it and written as records.h writes it now, a thousand rows at a
// time. A row that does not read is emptied: the next add prepares its
// report again, as it does any damaged replay row.
Status RecodeSketches(sqlite3* db) {
  auto error = [db] { return Status::Error(std::string("re-encoding link sketches: ") + sqlite3_errmsg(db)); };
  Statement read(db, "SELECT seq, sketch FROM replay WHERE seq >= ? ORDER BY seq LIMIT 1000");
  Statement write(db, "UPDATE replay SET sketch = ? WHERE seq = ?");
  if (!read.ok() || !write.ok()) return error();
  int64_t next = 0;
  for (;;) {
    std::vector<std::pair<int64_t, std::string>> rows;
    read.Bind(1, next);
    while (read.Step() == SQLITE_ROW) {
      Result<SketchBeforeV7> old = codec::Decode<SketchBeforeV7>(read.View(1), "sketch");
      rows.emplace_back(read.Int(0), old.ok() ? codec::Encode(old.value().sketch) : std::string());
    }
    read.Reset();
    if (rows.empty()) return {};
    for (const auto& [seq, sketch] : rows) {
      if (!write.BindBlob(1, sketch).Bind(2, seq).Run()) return error();
    }
    next = rows.back().first + 1;
  }
}
constexpr Migration kMigrations[] = {
    {0, kSchemaV1},
    {1, kSchemaV2},
    {2, kSchemaV3},
    {3, kSchemaV4},
    {4, kSchemaV5},
    {5, kSchemaV6},
    {6, kSchemaV7, RecodeSketches},
    {7, kSchemaV8},
};

std::string Now() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string HashOf(std::string_view text) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(XXH3_64bits(text.data(), text.size())));
  return buf;
}

// The extracted text: the headline and the kept paragraphs, one per line.
std::string KeptText(const Document& doc, const CleanDocument& clean) {
  std::string out;
  if (clean.headline) out += clean.headline->Of(doc.text);
  for (const Span& s : clean.paragraphs) {
    if (!out.empty()) out += '\n';
    out += s.Of(doc.text);
  }
  return out;
}

std::string ExtraJson(const Document& doc) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : doc.fields) j[k] = v;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ValueText(const Quantity& q) {
  std::string number;
  if (q.value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", *q.value);
    number = buf;
  }
  if (q.qualifier.empty()) return number;
  return number.empty() ? q.qualifier : q.qualifier + " " + number;
}

}  // namespace

namespace {

// One column of the stored reports' rows, read from the file again when
// asked (the entity mentions an entity finder resolves, the texts an engine
// resumed without them reads), given only as it was when first read and
// checked (its XXH3-64 hash): in one scan while asked in order, as both ask
// while they resume or resolve; from the asked row otherwise (a scan does
// not step over more than kSkip rows). The scan, and with it its read of
// the file, ends past the last row, at EndScan, or with the cursor; after
// EndScan each ask reads its row alone (an add asks for a few texts while
// its batches commit). Bytes that are not the ones checked (a read error, a
// row gone or changed since) are given as none, and status() says so: the
// caller fails instead of keeping what it made without them.
class StoredColumn {
 public:
  // `scan`: "SELECT seq, <column> FROM <table> WHERE seq >= ? ORDER BY seq";
  // `what`, the column in messages: "the entity mentions".
  StoredColumn(sqlite3* db, std::string path, const char* scan, std::string what, size_t reports)
      : db_(db), path_(std::move(path)), sql_(scan), what_(std::move(what)), hashes_(reports) {}
  // The bytes of report `seq`'s column as they were checked.
  void Checked(int64_t seq, std::string_view bytes) { hashes_[seq] = XXH3_64bits(bytes.data(), bytes.size()); }
  std::optional<std::string> operator()(int64_t seq) {
    if (!row_ || seq < seq_ || seq > seq_ + kSkip) Start(seq);
    while (row_ && seq_ < seq) Next();
    const std::string_view bytes = row_ && seq_ == seq ? scan_->View(1) : std::string_view();
    std::optional<std::string> out;
    if (seq >= 0 && static_cast<size_t>(seq) < hashes_.size() && XXH3_64bits(bytes.data(), bytes.size()) == hashes_[seq]) {
      out.emplace(bytes);
    } else if (status_.ok()) {
      status_ = Status::Error(path_ + ": " + what_ + " of report " + std::to_string(seq) +
                              " could not be read again unchanged" + (error_.empty() ? "" : " (" + error_ + ")"));
    }
    if (!scanning_) Stop();
    return out;
  }
  void EndScan() {
    scanning_ = false;
    Stop();
  }
  const Status& status() const { return status_; }

 private:
  static constexpr int64_t kSkip = 64;
  void Stop() {
    if (scan_) scan_->Reset();
    row_ = false;
  }
  void Start(int64_t seq) {
    if (!scan_) scan_.emplace(db_, sql_);
    scan_->Reset();
    if (scan_->ok()) scan_->Bind(1, seq);
    Next();
  }
  void Next() {
    const int rc = scan_->ok() ? scan_->Step() : SQLITE_ERROR;
    row_ = rc == SQLITE_ROW;
    if (row_) {
      seq_ = scan_->Int(0);
      return;
    }
    if (rc != SQLITE_DONE && error_.empty()) error_ = sqlite3_errmsg(db_);
    scan_->Reset();
  }
  sqlite3* db_;
  std::string path_;
  const char* sql_;
  std::string what_;
  std::vector<uint64_t> hashes_;  // by report
  std::optional<Statement> scan_;
  bool scanning_ = true;  // until EndScan
  bool row_ = false;      // the scan is on a row: seq_'s
  int64_t seq_ = -1;
  std::string error_;  // SQLite's, of a scan that ended early
  Status status_;
};

}  // namespace

struct Store::Impl {
  std::string path;
  sqlite3* db = nullptr;
  bool read_only = false;
  int64_t commits = 0;  // this connection's own

  // Statements an add runs for every report or link, prepared once per
  // connection (keyed by the SQL literal's address).
  std::unordered_map<const char*, std::unique_ptr<Statement>> prepared;

  ~Impl() {
    prepared.clear();  // finalized before the connection closes
    sqlite3_close_v2(db);
  }
  // The prepared statement of `sql` (a string literal), reset and unbound;
  // check ok().
  Statement& Prepared(const char* sql) {
    std::unique_ptr<Statement>& s = prepared[sql];
    if (!s) s = std::make_unique<Statement>(db, sql);
    return *s;
  }

  Status Error(std::string_view what) const {
    return Status::Error(path + ": " + std::string(what) + ": " + sqlite3_errmsg(db));
  }
  Status Exec(const char* sql) const { return store_internal::Exec(db, sql, path); }
  Result<int64_t> Scalar(const char* sql) const {
    Statement s(db, sql);
    if (!s.ok() || s.Step() != SQLITE_ROW) return Error(sql);
    return s.Int(0);
  }
  Result<std::string> Meta(const std::string& key) const {
    Statement s(db, "SELECT value FROM meta WHERE key = ?");
    if (!s.ok()) return Error("reading settings");
    s.Bind(1, key);
    return s.Step() == SQLITE_ROW ? s.Text(0) : std::string();
  }
  Status Commit() {
    Status s = Exec("COMMIT");
    if (s.ok()) ++commits;
    return s;
  }
  // A read transaction while it lives: its statements read the file as one
  // commit left it (WAL), though another process commits meanwhile, where
  // statements each in their own would mix commits (a report's results
  // without its row, another report's mentions). Statements read in it must
  // be finished (reset or finalised) before it ends: SQLite's COMMIT with one
  // still stepping succeeds but keeps the old snapshot until that one ends.
  // End() gives COMMIT's outcome; the destructor ends it when End was not
  // called, ignoring the outcome (a read loses nothing).
  class Snapshot {
   public:
    explicit Snapshot(const Impl& m) : m_(m), status_(m.Exec("BEGIN")) {}
    ~Snapshot() { static_cast<void>(End()); }
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;
    const Status& status() const { return status_; }
    Status End() {
      if (!status_.ok() || ended_) return status_;
      ended_ = true;
      return m_.Exec("COMMIT");
    }

   private:
    const Impl& m_;
    Status status_;
    bool ended_ = false;
  };
  // For tests (store_internal::SetReadPause): run by Load after it read the
  // stored reports and before their results, by Search between its two
  // statements.
  std::function<void()> read_pause;

  Status Migrate(int from);
  // The stored reports, and in `sizes` the size of each one's text;
  // `learned_from`, when given, gets each one's Engine::learned_from.
  // Without `pages`, the pages' bytes and maps are left out (the engine does
  // not read them). With `texts`, the texts are too, checked into it, to be
  // read again from there.
  Result<std::vector<Document>> Documents(std::vector<size_t>& sizes, std::vector<size_t>* learned_from = nullptr,
                                          bool pages = true, StoredColumn* texts = nullptr) const;
  // Every report's results (`sizes`: its text's, for checking their spans);
  // their entity mentions are checked and left in the file, read again
  // through `*mentions` when the entities are resolved (check its status()
  // afterwards). Without `quotes`, the results hold no quotations (an add
  // finishes with Engine::FinishStories, which reads none).
  Result<std::vector<DocumentResults>> Results(const std::vector<size_t>& sizes,
                                               std::shared_ptr<StoredColumn>* mentions, bool quotes = true) const;
  // Without `whole`, each link holds a, b, kind, similarity and direction
  // only, not its passages (an add reads a and b: lineages).
  Result<std::vector<Link>> Links(const std::vector<size_t>& sizes, bool whole = true) const;
  Result<std::vector<size_t>> Stories(size_t n) const;
  // The stored clusterer state (empty when there is none) as a view into
  // `s`, valid while `s` is not stepped or reset (no copy: 10.5 MB at
  // 10,000 reports, 124 MB at 100,000).
  Result<std::string_view> ClustererState(Statement& s) const;
  // Finishes `engine` and records in `rows` what the summary tables change
  // (reading the stored ones here); the stories rebuilt.
  Result<size_t> WriteSummary(Engine&& engine, Rows& rows) const;
  Status WriteEntities(const std::vector<Entity>& entities, const std::unordered_map<std::string, size_t>& seq_of,
                       Rows& rows) const;
};

Status Store::Impl::Migrate(int from) {
  if (Status s = Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  for (const Migration& m : kMigrations) {
    if (m.from < from) continue;
    Status s = Exec(m.sql);
    if (s.ok() && m.recode) s = m.recode(db);
    if (!s.ok()) {
      Exec("ROLLBACK").ok();
      return Status::Error(s.message() + " (migrating the store from schema version " + std::to_string(m.from) + ")");
    }
  }
  const std::string set = "PRAGMA user_version = " + std::to_string(kSchemaVersion);
  if (Status s = Exec(set.c_str()); !s.ok()) {
    Exec("ROLLBACK").ok();
    return s;
  }
  return Commit();
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, Mode mode) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->read_only = mode == Mode::kReadOnly;
  const int flags = impl->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &impl->db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    return Status::Error(path + ": cannot open the store: " +
                         (impl->db ? sqlite3_errmsg(impl->db) : std::string("out of memory")));
  }
  sqlite3_busy_timeout(impl->db, store_internal::kBusyMillis);
  Result<int64_t> version = impl->Scalar("PRAGMA user_version");
  if (!version.ok()) {
    return Status::Error(path + ": not a crosscheck store (not an SQLite database: " +
                         sqlite3_errmsg(impl->db) + ")");
  }
  const int64_t v = version.value();
  if (v > kSchemaVersion) {
    return Status::Error(path + ": written by a newer crosscheck (store schema version " + std::to_string(v) +
                         "; this build reads versions up to " + std::to_string(kSchemaVersion) +
                         "): upgrade crosscheck to read it");
  }
  if (v < kSchemaVersion) {
    Result<int64_t> tables = impl->Scalar("SELECT count(*) FROM sqlite_schema");
    if (!tables.ok()) return tables.status();
    if (v == 0 && tables.value() > 0) {
      return Status::Error(path + ": not a crosscheck store (an SQLite database with other tables and no "
                                  "crosscheck schema version)");
    }
    if (impl->read_only) {
      return Status::Error(path + (v == 0 ? std::string(": no crosscheck store here yet (crosscheck add creates it)")
                                          : ": store schema version " + std::to_string(v) +
                                                " needs migrating: run crosscheck add on it once"));
    }
    // A new store's pages (an older store keeps its own): set before the
    // first table. 16 KB pages instead of SQLite's 4 KB take a quarter of
    // the frames, system calls and B-tree pages for the same rows (a report
    // stores about 14 KB); the writer's CPU for an add of 10,000 reports
    // went from about 1.9 to 1.5 s.
    if (v == 0) {
      if (Status s = impl->Exec("PRAGMA page_size = 16384"); !s.ok()) return s;
    }
    if (Status s = impl->Exec("PRAGMA journal_mode = WAL"); !s.ok()) return s;
    if (Status s = impl->Migrate(static_cast<int>(v)); !s.ok()) return s;
  }
  if (!impl->read_only) {
    if (Status s = impl->Exec("PRAGMA journal_mode = WAL"); !s.ok()) return s;
    if (Status s = impl->Exec(store_internal::kWriteSettings); !s.ok()) return s;
  }
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Result<int64_t> Store::DataVersion() const {
  Result<int64_t> v = impl_->Scalar("PRAGMA data_version");
  if (!v.ok()) return v;
  return v.value() + impl_->commits;
}

Result<size_t> Store::Count() const {
  Result<int64_t> n = impl_->Scalar("SELECT count(*) FROM documents");
  if (!n.ok()) return n.status();
  return static_cast<size_t>(n.value());
}

// ---- Reading ------------------------------------------------------------------

Result<std::vector<Document>> Store::Impl::Documents(std::vector<size_t>& sizes, std::vector<size_t>* learned_from,
                                                     bool pages, StoredColumn* texts) const {
  Statement s(db, pages ? "SELECT seq, id, url, title, outlet, published, origin, extra, text, author, modified, "
                          "language, source, source_charset, source_map, learned_from FROM documents ORDER BY seq"
                        : "SELECT seq, id, url, title, outlet, published, origin, extra, text, author, modified, "
                          "language, x'', '', x'', learned_from FROM documents ORDER BY seq");
  if (!s.ok()) return Error("reading reports");
  std::vector<Document> out;
  Result<int64_t> count = Scalar("SELECT count(*) FROM documents");
  if (count.ok()) out.reserve(static_cast<size_t>(count.value()));  // no moves as it grows
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    if (s.Int(0) != static_cast<int64_t>(out.size())) return Status::Error(path + ": reports are not numbered 0, 1, ...");
    Document d;
    d.id = s.Text(1);
    d.url = s.Text(2);
    d.title = s.Text(3);
    d.outlet = s.Text(4);
    d.published = s.Text(5);
    d.origin = s.Text(6);
    const std::string_view extra_json = s.View(7);
    nlohmann::json extra = nlohmann::json::parse(extra_json.begin(), extra_json.end(), nullptr, false);
    if (!extra.is_object()) return Status::Error(path + ": report " + d.id + ": corrupt extra fields");
    for (const auto& [k, v] : extra.items()) {
      if (v.is_string()) d.fields[k] = v.get<std::string>();
    }
    if (texts) texts->Checked(s.Int(0), s.View(8));
    else d.text = s.Text(8);
    sizes.push_back(s.View(8).size());
    d.author = s.Text(9);
    d.modified = s.Text(10);
    d.language = s.Text(11);
    d.source = s.Text(12);
    d.source_charset = s.Text(13);
    Result<std::vector<std::pair<Span, Span>>> map =
        pages ? codec::Decode<std::vector<std::pair<Span, Span>>>(s.View(14), "map to the page")
              : std::vector<std::pair<Span, Span>>();
    if (!map.ok()) return Status::Error(path + ": report " + d.id + ": " + map.status().message());
    for (const auto& [text, source] : map.value()) {
      if (text.end > sizes.back() || source.end > d.source.size() || text.begin > text.end ||
          source.begin > source.end) {
        return Status::Error(path + ": report " + d.id + ": its map to the page points outside it");
      }
      d.source_map.push_back({text, source});
    }
    if (learned_from) learned_from->push_back(static_cast<size_t>(std::max<int64_t>(0, s.Int(15))));
    out.push_back(std::move(d));
  }
  if (rc != SQLITE_DONE) return Error("reading reports");
  return out;
}

Result<std::vector<DocumentResults>> Store::Impl::Results(const std::vector<size_t>& sizes,
                                                         std::shared_ptr<StoredColumn>* mentions,
                                                         bool quotes) const {
  const size_t n = sizes.size();
  auto mentions_of = std::make_shared<StoredColumn>(
      db, path, "SELECT seq, mentions FROM results WHERE seq >= ? ORDER BY seq", "the entity mentions", n);
  *mentions = mentions_of;
  Statement s(db, quotes ? "SELECT seq, claims, quotes, mentions, people, asked FROM results ORDER BY seq"
                         : "SELECT seq, claims, x'00', mentions, people, asked FROM results ORDER BY seq");
  if (!s.ok()) return Error("reading results");
  std::vector<DocumentResults> out(n);
  std::vector<bool> seen(n);
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    const int64_t seq = s.Int(0);
    if (seq < 0 || static_cast<size_t>(seq) >= n) return Status::Error(path + ": results of a report that is not stored");
    DocumentResults& r = out[seq];
    const std::string what = "results of report " + std::to_string(seq) + " in " + path;
    auto claims = codec::Decode<std::vector<Claim>>(s.View(1), what);
    auto quotes = codec::Decode<std::vector<Quote>>(s.View(2), what);
    auto mentions = FoundMentions::DecodeLater(s.View(3), [mentions_of, seq] { return (*mentions_of)(seq).value_or(std::string()); });
    mentions_of->Checked(seq, s.View(3));
    auto people = codec::Decode<std::vector<Person>>(s.View(4), what);
    auto asked = codec::Decode<std::vector<std::string>>(s.View(5), what);
    if (!claims.ok()) return claims.status();
    if (!quotes.ok()) return quotes.status();
    if (!mentions.ok()) return Status::Error(mentions.status().message() + " (" + what + ")");
    if (!people.ok()) return people.status();
    if (!asked.ok()) return asked.status();
    if (!SpansFit(claims.value(), quotes.value(), sizes[seq])) {
      return Status::Error(what + ": a span lies outside the report's text (damaged store)");
    }
    r.claims = std::move(claims.value());
    r.quotes = std::move(quotes.value());
    r.mentions = std::move(mentions.value());
    r.people = std::move(people.value());
    r.asked = std::move(asked.value());
    seen[seq] = true;
  }
  if (rc != SQLITE_DONE) return Error("reading results");
  for (size_t i = 0; i < n; ++i) {
    if (!seen[i]) return Status::Error(path + ": report " + std::to_string(i) + " has no results (damaged store)");
  }
  return out;
}

Result<std::vector<Link>> Store::Impl::Links(const std::vector<size_t>& sizes, bool whole) const {
  Statement s(db, whole ? "SELECT data FROM links ORDER BY a, b"
                        : "SELECT a, b, kind, similarity, direction FROM links ORDER BY a, b");
  if (!s.ok()) return Error("reading links");
  std::vector<Link> out;
  Result<int64_t> count = Scalar("SELECT count(*) FROM links");
  if (count.ok()) out.reserve(static_cast<size_t>(count.value()));  // no moves as it grows
  int rc;
  while (!whole && (rc = s.Step()) == SQLITE_ROW) {
    Link l;
    l.a = static_cast<size_t>(s.Int(0));
    l.b = static_cast<size_t>(s.Int(1));
    if (s.Int(0) < 0 || l.a >= l.b || l.b >= sizes.size()) {
      return Status::Error(path + ": a link names a report that is not stored (damaged store)");
    }
    l.kind = s.Text(2);
    l.similarity = s.Real(3);
    l.direction = s.Text(4);
    out.push_back(std::move(l));
  }
  while (whole && (rc = s.Step()) == SQLITE_ROW) {
    auto l = codec::Decode<Link>(s.View(0), "link in " + path);
    if (!l.ok()) return l.status();
    const Link& k = l.value();
    if (k.a >= k.b || k.b >= sizes.size() || !SpansFit(k, sizes[k.a], sizes[k.b])) {
      return Status::Error(path + ": a link names a report that is not stored or a span outside it (damaged store)");
    }
    out.push_back(std::move(l.value()));
  }
  if (rc != SQLITE_DONE) return Error("reading links");
  return out;
}

Result<std::vector<size_t>> Store::Impl::Stories(size_t n) const {
  Statement s(db, "SELECT story FROM documents ORDER BY seq");
  if (!s.ok()) return Error("reading stories");
  std::vector<size_t> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    if (s.Null(0)) return std::vector<size_t>{};
    out.push_back(static_cast<size_t>(s.Int(0)));
  }
  if (rc != SQLITE_DONE) return Error("reading stories");
  return out;
}

// What the adds were made with; a Load or an Add analyses the same way.
AnalyzeOptions SettingsOf(AnalyzeOptions options, const std::string& group) {
  options.reconcile.group = group;
  return options;
}

Result<Analysis> Store::Load() const {
  // Declared before the cursor, so that the cursor's scan ends first.
  Impl::Snapshot snapshot(*impl_);
  if (!snapshot.status().ok()) return snapshot.status();
  Result<std::string> group = impl_->Meta("group");
  if (!group.ok()) return group.status();
  std::vector<size_t> learned_from, sizes;
  Result<std::vector<Document>> docs = impl_->Documents(sizes, &learned_from);
  if (!docs.ok()) return docs.status();
  if (impl_->read_pause) impl_->read_pause();
  const size_t n = docs.value().size();
  std::shared_ptr<StoredColumn> mentions;
  Result<std::vector<DocumentResults>> results = impl_->Results(sizes, &mentions);
  if (!results.ok()) return results.status();
  Result<std::vector<Link>> links = impl_->Links(sizes);
  if (!links.ok()) return links.status();
  Result<std::vector<size_t>> stories = impl_->Stories(n);
  if (!stories.ok()) return stories.status();
  AnalyzeOptions options = SettingsOf({}, group.value().empty() ? "auto" : group.value());
  Analysis a = Assemble(options, std::move(docs.value()), std::move(results.value()), std::move(links.value()),
                        std::move(stories.value()), std::move(learned_from));
  if (!mentions->status().ok()) return mentions->status();
  mentions.reset();
  if (Status s = snapshot.End(); !s.ok()) return s;
  return a;
}

void store_internal::SetReadPause(Store& store, std::function<void()> pause) {
  store.impl_->read_pause = std::move(pause);
}

// ---- Writing ------------------------------------------------------------------

namespace {

// An add's rows (store_internal::Writer runs them): the report's row, with
// the story the clusterer put it in (a report keeps its story; none
// without story clustering);
// IndexForSearch puts it in the search index.
void WriteDocument(size_t seq, const Engine& engine, const std::string& hash, const std::string& added,
                   Rows& rows) {
  const Document& doc = engine.document(seq);
  rows.Sql("INSERT INTO documents(seq, id, url, content_hash, title, outlet, published, origin, extra, text, kept, "
           "added_at, author, modified, language, source, source_charset, source_map, learned_from, story) "
           "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           "storing a report");
  rows.Int(static_cast<int64_t>(seq)).Text(doc.id).Text(doc.url).Text(hash).Text(doc.title);
  rows.Text(doc.outlet).Text(doc.published).Text(doc.origin).Text(ExtraJson(doc)).Text(doc.text);
  rows.Text(KeptText(doc, engine.cleaned(seq))).Text(added);
  std::vector<std::pair<Span, Span>> map;
  for (const SourceRange& r : doc.source_map) map.emplace_back(r.text, r.source);
  rows.Text(doc.author).Text(doc.modified).Text(doc.language).Blob(doc.source);
  rows.Text(doc.source_charset).Blob(codec::Encode(map)).Int(static_cast<int64_t>(engine.learned_from(seq)));
  const std::vector<size_t>& story = engine.story_of();  // empty without story clustering
  if (seq < story.size()) rows.Int(static_cast<int64_t>(story[seq]));
  else rows.Null();
}

// A JSON array of the numbers, for `IN (SELECT value FROM json_each(?))`.
std::string JsonList(const std::vector<size_t>& seqs) {
  std::string out = "[";
  for (size_t i : seqs) out += (out.size() > 1 ? "," : "") + std::to_string(i);
  return out + "]";
}

// Re-read reports' claims leave the search index, before WriteResults
// replaces their rows (an external-content index deletes a row by its
// indexed values): one statement for all of them, since FTS5 wrote the
// terms pending after each statement out as a segment of its own.
void UnindexClaims(const std::vector<size_t>& reread, Rows& rows) {
  if (reread.empty()) return;
  rows.Sql("INSERT INTO claims_fts(claims_fts, rowid, sentence) SELECT 'delete', rowid, sentence FROM claims "
           "WHERE seq IN (SELECT value FROM json_each(?))",
           "replacing claims")
      .Text(JsonList(reread));
}

// `text`: the report's text, which the claims' sentences are cut from. A
// re-read report (`replace`) replaces its rows, its claims having left the
// search index (UnindexClaims); the new ones enter it in IndexForSearch.
void WriteResults(size_t seq, const DocumentResults& r, std::string_view text, bool replace, Rows& rows) {
  const int64_t q = static_cast<int64_t>(seq);
  if (replace) {
    rows.Sql("DELETE FROM claims WHERE seq = ?", "replacing results").Int(q);
    rows.Sql("DELETE FROM quotes WHERE seq = ?", "replacing results").Int(q);
    rows.Sql("DELETE FROM people WHERE seq = ?", "replacing results").Int(q);
  }
  rows.Sql("INSERT OR REPLACE INTO results(seq, claims, quotes, mentions, people, asked) VALUES(?, ?, ?, ?, ?, ?)",
           "storing results");
  rows.Int(q).Blob(codec::Encode(r.claims)).Blob(codec::Encode(r.quotes));
  rows.Blob(r.mentions.Encode()).Blob(codec::Encode(r.people)).Blob(codec::Encode(r.asked));
  for (size_t k = 0; k < r.claims.size(); ++k) {
    const Claim& cl = r.claims[k];
    const std::string_view sentence = cl.sentence.end <= text.size() ? cl.sentence.Of(text) : std::string_view();
    rows.Sql("INSERT INTO claims(seq, ord, type, low, high, qualifier, subject, side, source, modality, span_begin, "
             "span_end, sentence_begin, sentence_end, sentence) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             "storing claims");
    rows.Int(q).Int(static_cast<int64_t>(k)).Text(cl.type).Real(cl.quantity.low);
    if (cl.quantity.high) rows.Real(*cl.quantity.high);
    else rows.Null();
    rows.Text(cl.quantity.qualifier).Text(cl.subject).Text(cl.subject_side).Text(cl.source.name);
    rows.Text(cl.modality).Int(static_cast<int64_t>(cl.span.begin)).Int(static_cast<int64_t>(cl.span.end));
    rows.Int(static_cast<int64_t>(cl.sentence.begin)).Int(static_cast<int64_t>(cl.sentence.end)).Text(sentence);
  }
  for (size_t k = 0; k < r.quotes.size(); ++k) {
    const Quote& qu = r.quotes[k];
    rows.Sql("INSERT INTO quotes(seq, ord, speaker, cue, text, span_begin, span_end) VALUES(?, ?, ?, ?, ?, ?, ?)",
             "storing quotations");
    rows.Int(q).Int(static_cast<int64_t>(k)).Text(qu.speaker).Text(qu.cue).Text(qu.text);
    rows.Int(static_cast<int64_t>(qu.span.begin)).Int(static_cast<int64_t>(qu.span.end));
  }
  for (size_t k = 0; k < r.people.size(); ++k) {
    const Person& p = r.people[k];
    rows.Sql("INSERT INTO people(seq, ord, name, role, affiliation, side) VALUES(?, ?, ?, ?, ?, ?)", "storing people");
    rows.Int(q).Int(static_cast<int64_t>(k)).Text(p.name).Text(p.role).Text(p.affiliation).Text(p.side);
  }
}

// Indexes for search what a batch wrote: reports [first, end) and the
// claims of the reports in `changed`, one statement for each table after
// all their rows. FTS5 writes its pending terms out as a new segment when
// any statement that may need rolling back begins (a statement journal:
// most inserts here), so indexing row by row between the other inserts
// wrote a small segment for every report and claim, and merged them again.
void IndexForSearch(size_t first, size_t end, const std::vector<size_t>& changed, Rows& rows) {
  rows.Sql("INSERT INTO documents_fts(rowid, title, text) SELECT seq, title, text FROM documents "
           "WHERE seq >= ? AND seq < ?",
           "indexing reports")
      .Int(static_cast<int64_t>(first))
      .Int(static_cast<int64_t>(end));
  rows.Sql("INSERT INTO claims_fts(rowid, sentence) SELECT rowid, sentence FROM claims "
           "WHERE seq IN (SELECT value FROM json_each(?))",
           "indexing claims")
      .Text(JsonList(changed));
}

// EntityTags as the blob replay.tags keeps (its bytes, as they are).
std::string_view TagBytes(const EntityTags& tags) {
  return std::string_view(reinterpret_cast<const char*>(tags.data()), tags.size());
}

// The state is the row's own (Engine::TakeReplays), so it is encoded on
// the writer's thread (its tokens come encoded). Without
// `features` (an add whose last transaction saves the clusterer's state,
// which then holds them) the row's features are empty: where an add needs
// them after all (its rows past the state that an add killed before its
// last transaction left, or every row when the state does not restore),
// Resume segments the report again and makes them.
void WriteReplay(size_t seq, ReplayState&& r, bool features, Rows& rows) {
  std::string tokens = std::move(r.tokens);
  auto state = std::make_shared<const ReplayState>(std::move(r));
  rows.Sql("INSERT OR REPLACE INTO replay(seq, cleaned, sketch, features, tokens, tags) VALUES(?, ?, ?, ?, ?, ?)",
           "storing a report's replay state");
  rows.Int(static_cast<int64_t>(seq));
  rows.Blob([state] { return codec::Encode(state->cleaned); });
  rows.Blob([state] { return codec::Encode(state->sketch); });
  if (features) rows.Blob([state] { return codec::Encode(state->features); });
  else rows.Blob(std::string_view());
  rows.Blob(std::move(tokens));
  rows.Blob(TagBytes(state->tags));
}

// A re-read report's entity tags, made again because its row had none
// (migrated from schema 7) or had tags that did not fit: kept for the
// next re-read.
void WriteTags(size_t seq, const EntityTags& tags, Rows& rows) {
  rows.Sql("UPDATE replay SET tags = ? WHERE seq = ?", "storing a report's entity tags");
  rows.Blob(TagBytes(tags)).Int(static_cast<int64_t>(seq));
}

// The stored replay states, read in document order by Engine::Resume: a row
// that is missing, damaged or does not fit its report gives nullopt (the
// engine prepares that report again and the add rewrites the row); one
// asked for features it was stored without gives has_features false.
class ReplayCursor {
 public:
  // `sizes`: the text size of each stored report.
  // `release`, when given, is finalised at the first call: the statement
  // holding the clusterer's state, which Engine::Resume has read by then
  // (124 MB at 100,000 reports).
  ReplayCursor(sqlite3* db, std::vector<size_t> sizes, const LinkOptions& link,
               std::optional<Statement>* release = nullptr)
      : s_(db, "SELECT seq, cleaned, sketch, features FROM replay ORDER BY seq"),
        sizes_(std::move(sizes)),
        link_(link),
        release_(release) {
    Next();
  }
  std::optional<ReplayState> operator()(size_t i, bool with_features) {
    if (release_) std::exchange(release_, nullptr)->reset();
    while (row_ && seq_ < static_cast<int64_t>(i)) Next();
    if (!row_ || seq_ != static_cast<int64_t>(i) || i >= sizes_.size()) return std::nullopt;
    auto cleaned = codec::Decode<CleanDocument>(s_.View(1), "cleaning");
    auto sketch = codec::Decode<DocumentSketch>(s_.View(2), "sketch");
    // No features (WriteReplay): the engine makes them.
    const bool has_features = with_features && !s_.View(3).empty();
    auto features = has_features ? codec::Decode<DocumentFeatures>(s_.View(3), "features")
                                 : Result<DocumentFeatures>(DocumentFeatures());
    Next();
    if (!cleaned.ok() || !sketch.ok() || !features.ok() ||
        !Fits(cleaned.value(), sketch.value(), features.value(), sizes_[i], link_.minhash_bins)) {
      return std::nullopt;
    }
    ReplayState state{std::move(cleaned.value()), std::move(sketch.value()), std::move(features.value()), {}, {}};
    state.has_features = has_features || !with_features;
    return state;
  }

 private:
  void Next() {
    row_ = s_.ok() && s_.Step() == SQLITE_ROW;
    if (row_) seq_ = s_.Int(0);
  }
  Statement s_;
  std::vector<size_t> sizes_;
  const LinkOptions& link_;
  std::optional<Statement>* release_;
  bool row_ = false;
  int64_t seq_ = -1;
};

void WriteLink(const Link& l, Rows& rows) {
  rows.Sql("INSERT OR REPLACE INTO links(a, b, kind, similarity, direction, data) VALUES(?, ?, ?, ?, ?, ?)",
           "storing a link");
  rows.Int(static_cast<int64_t>(l.a)).Int(static_cast<int64_t>(l.b)).Text(l.kind).Real(l.similarity);
  rows.Text(l.direction).Blob(codec::Encode(l));
}

// Whether an add rewrites the clusterer state: when it restored none, or
// when the reports the stored state lacks (each later add replays their
// features through the clusterer, about 0.25 M instructions a report) reach
// max(32, sqrt(reports)). Rewriting costs about 26,000 instructions a stored
// report, so for adds of b reports a lag of L costs an add about
// 26,000 * reports * b / L + 0.25 M * L / 2, least near L = sqrt(0.2 *
// reports * b): one report into 10,000 skips 0.16 G of the 2.57 G it took.
bool ClustererStateDue(size_t restored, size_t reports) {
  if (restored == 0 || restored > reports) return true;
  const size_t lacking = reports - restored;
  return lacking >= 32 && lacking * lacking >= reports;
}

// Rewrites the story clusterer's whole state (about 1 KB a stored report),
// in the add's last transaction when it is due (ClustererStateDue).
void WriteClusterer(const Engine& engine, Rows& rows) {
  rows.Sql("INSERT OR REPLACE INTO clusterer(id, reports, state) VALUES(0, ?, ?)", "storing the story clusterer");
  rows.Int(static_cast<int64_t>(engine.size())).Blob(engine.ClustererState());
}

}  // namespace

Result<std::string_view> Store::Impl::ClustererState(Statement& s) const {
  if (!s.ok()) return Error("reading the story clusterer");
  return s.Step() == SQLITE_ROW ? s.View(0) : std::string_view();
}

namespace {

// What story k is built from (StoryReconciler::InputsOf and the claims it
// lists, ids aside), hashed: equal hashes, equal stories (reconcile.h).
std::string StoryInputs(const StoryReconciler& stories, size_t k) {
  const StoryReconciler::Inputs in = stories.InputsOf(k);
  codec::Writer w;
  auto number = [&](size_t v) {
    uint64_t x = v;
    codec::Io(w, x);
  };
  auto text = [&](const std::string& v) {
    number(v.size());
    w.out += v;
  };
  text(in.id);
  number(in.docs.size());
  for (size_t j = 0; j < in.docs.size(); ++j) {
    text(in.docs[j]);
    number(in.doc_index[j]);
    number(in.lineage[j] == StoryReconciler::kNoLineage ? 0 : in.lineage[j] + 1);
  }
  number(in.claims.size());
  for (size_t i : in.claims) Io(w, const_cast<Claim&>(stories.claims()[i]));  // Io does not modify when writing
  const XXH128_hash_t h = XXH3_128bits(w.out.data(), w.out.size());
  std::string out(16, '\0');
  std::memcpy(out.data(), &h.low64, 8);
  std::memcpy(out.data() + 8, &h.high64, 8);
  return out;
}

}  // namespace

// The entity rows (schema 7): each entity's row is keyed by its first
// mention, so an entity whose id shifted keeps its row; rows that differ
// from the stored ones are written, rows of entities that are gone deleted.
// Keys follow the entities' order (the view numbers rows in key order): an
// entity whose first mention does not come after the previous one's (two
// reports with one id, which only a store written before adds numbered
// repeated ids holds) takes the next key after it.
Status Store::Impl::WriteEntities(const std::vector<Entity>& entities,
                                  const std::unordered_map<std::string, size_t>& seq_of, Rows& rows) const {
  using Key = std::array<int64_t, 3>;  // first_seq, first_begin, tie
  std::vector<Key> keys(entities.size());
  for (size_t k = 0; k < entities.size(); ++k) {
    const Mention& first = entities[k].mentions.front();
    auto it = seq_of.find(std::string(first.doc));
    Key key = {it == seq_of.end() ? 0 : static_cast<int64_t>(it->second), static_cast<int64_t>(first.span.begin), 0};
    if (k > 0 && key[0] == keys[k - 1][0] && key[1] == keys[k - 1][1]) key[2] = keys[k - 1][2] + 1;
    if (k > 0 && key <= keys[k - 1]) key = {keys[k - 1][0], keys[k - 1][1], keys[k - 1][2] + 1};
    keys[k] = key;
  }
  auto joined = [](const Entity& e) {
    std::string aliases;
    for (const std::string& al : e.aliases) aliases += (aliases.empty() ? "" : "|") + al;
    return aliases;
  };
  // Stored rows and entities, both in key order, side by side.
  std::vector<bool> same(entities.size(), false);
  std::vector<Key> gone;
  {
    Statement s(db, "SELECT first_seq, first_begin, tie, type, canonical, mentions, aliases FROM entity_rows "
                    "ORDER BY first_seq, first_begin, tie");
    if (!s.ok()) return Error("reading entities");
    size_t k = 0;
    while (s.Step() == SQLITE_ROW) {
      const Key row = {s.Int(0), s.Int(1), s.Int(2)};
      while (k < entities.size() && keys[k] < row) ++k;
      if (k == entities.size() || keys[k] != row) {
        gone.push_back(row);
        continue;
      }
      const Entity& e = entities[k];
      same[k] = e.type == s.View(3) && e.canonical == s.View(4) &&
                s.Int(5) == static_cast<int64_t>(e.mention_count) && joined(e) == s.View(6);
      ++k;
    }
  }
  for (const Key& key : gone) {
    rows.Sql("DELETE FROM entity_rows WHERE first_seq = ? AND first_begin = ? AND tie = ?", "storing entities");
    rows.Int(key[0]).Int(key[1]).Int(key[2]);
  }
  for (size_t k = 0; k < entities.size(); ++k) {
    if (same[k]) continue;
    const Entity& e = entities[k];
    rows.Sql("INSERT OR REPLACE INTO entity_rows(first_seq, first_begin, tie, type, canonical, mentions, aliases) "
             "VALUES(?, ?, ?, ?, ?, ?, ?)",
             "storing entities");
    rows.Int(keys[k][0]).Int(keys[k][1]).Int(keys[k][2]).Text(e.type).Text(e.canonical);
    rows.Int(static_cast<int64_t>(e.mention_count)).Text(joined(e));
  }
  return {};
}

// The corpus-wide results of the last add: stories, entities, and each
// figure's history (FigureEvent). A story is built and its rows rewritten
// only when what it is built from changed (StoryInputs against the stored
// `inputs`): the rows of the others are what building them again would
// write. Entities are resolved over the whole corpus and written where they
// differ from the stored rows.
Result<size_t> Store::Impl::WriteSummary(Engine&& engine, Rows& rows) const {
  std::unordered_map<std::string, std::string> stored;  // story id -> inputs
  {
    Statement s(db, "SELECT id, inputs FROM stories");
    if (!s.ok()) return Error("reading stories");
    while (s.Step() == SQLITE_ROW) stored.emplace(s.Text(0), s.Text(1));
  }
  std::vector<std::string> inputs;  // per story: what it was built from; empty when it was not built
  Analysis a = std::move(engine).FinishStories([&](const StoryReconciler& stories, size_t k) {
    std::string now = StoryInputs(stories, k);
    auto it = stored.find(stories.InputsOf(k).id);
    inputs.push_back(it != stored.end() && it->second == now ? std::string() : std::move(now));
    return !inputs.back().empty();
  });
  std::unordered_map<std::string, size_t> seq_of;
  for (size_t i = 0; i < a.documents.size(); ++i) seq_of.emplace(a.documents[i].id, i);
  auto first_seq = [&](const std::vector<std::string>& docs) {
    size_t best = a.documents.size();
    for (const std::string& d : docs) {
      auto it = seq_of.find(d);
      if (it != seq_of.end()) best = std::min(best, it->second);
    }
    return static_cast<int64_t>(best);
  };
  // Stories past the last (none unless the grouping changed) go.
  const int64_t past = static_cast<int64_t>(a.stories.size());
  rows.Sql("DELETE FROM stories WHERE CAST(substr(id, 2) AS INTEGER) > ?", "storing stories").Int(past);
  rows.Sql("DELETE FROM figures WHERE CAST(substr(story, 2) AS INTEGER) > ?", "storing figures").Int(past);
  size_t built = 0;
  for (size_t k = 0; k < a.stories.size(); ++k) {
    if (inputs[k].empty()) continue;
    const Story& story = a.stories[k];
    rows.Sql("INSERT OR REPLACE INTO stories(id, reports, first_seq, inputs) VALUES(?, ?, ?, ?)", "storing stories");
    rows.Text(story.id).Int(static_cast<int64_t>(story.docs.size())).Int(first_seq(story.docs)).Blob(inputs[k]);
    rows.Sql("DELETE FROM figures WHERE story = ?", "storing stories").Text(story.id);
    ++built;
    for (const Slot& slot : story.slots) {
      auto row = [&](const Quantity& q, int64_t reports, int64_t independent, int64_t first, const std::string& by,
                     int64_t step, bool superseded) {
        rows.Sql("INSERT INTO figures(story, type, side, value, low, high, status, reports, independent, first_seq, "
                 "revised_by, revision_step, superseded) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 "storing figures");
        rows.Text(story.id).Text(slot.type).Text(slot.subject_side).Text(ValueText(q)).Real(q.low);
        if (q.high) rows.Real(*q.high);
        else rows.Null();
        rows.Text(slot.status).Int(reports).Int(independent).Int(first).Text(by);
        rows.Int(step).Int(int64_t{superseded});
      };
      for (const Value& v : slot.values) {
        row(v.quantity, static_cast<int64_t>(v.docs.size()), static_cast<int64_t>(v.independent), first_seq(v.docs),
            "", 0, v.superseded);
      }
      for (const Revision& r : slot.revisions) {
        for (size_t k = 0; k < r.history.size(); ++k) {
          row(r.history[k].quantity, 1, 1, first_seq({r.history[k].doc}), r.source, static_cast<int64_t>(k),
              k + 1 < r.history.size());
        }
      }
    }
  }
  if (Status s = WriteEntities(a.entities, seq_of, rows); !s.ok()) return s;
  return built;
}

Result<AddResult> Store::Add(std::vector<Document> documents, const AnalyzeOptions& options, size_t commit_every) {
  Impl& m = *impl_;
  if (m.read_only) return Status::Error(m.path + ": opened read-only; cannot add");
  commit_every = std::max<size_t>(1, commit_every);
  // The settings, the look-ups and the resumed engine read one commit of
  // the file, though another process commits meanwhile; and statements
  // outside a transaction each took and released the store's read lock
  // (four fcntl calls a report). It ends before this add writes.
  Impl::Snapshot snapshot(m);
  if (!snapshot.status().ok()) return snapshot.status();
  // Settings that change the results are the first add's.
  const std::string counts = options.counts_model ? "model" : "rules";
  Result<std::string> group = m.Meta("group");
  Result<std::string> stored_counts = m.Meta("counts");
  if (!group.ok()) return group.status();
  if (!stored_counts.ok()) return stored_counts.status();
  if (!group.value().empty() && (group.value() != options.reconcile.group || stored_counts.value() != counts)) {
    return Status::Error(m.path + ": the store was analysed with --group " + group.value() + " and --counts " +
                         stored_counts.value() + "; add with the same settings (or use another store)");
  }
  AddResult out;
  // Reports already stored, or repeated in this input, are skipped.
  std::vector<Document> fresh;
  std::vector<std::string> hashes;
  {
    Statement by_url(m.db, "SELECT id FROM documents WHERE url = ? AND url <> '' LIMIT 1");
    Statement by_hash(m.db, "SELECT id FROM documents WHERE content_hash = ? LIMIT 1");
    if (!by_url.ok() || !by_hash.ok()) return m.Error("looking up stored reports");
    std::unordered_map<std::string, std::string> urls, seen_hashes;  // this input's: -> id
    for (Document& d : documents) {
      std::string hash = HashOf(d.text);
      std::string stored;
      if (!d.url.empty()) {
        by_url.Bind(1, d.url);
        if (by_url.Step() == SQLITE_ROW) stored = by_url.Text(0);
        by_url.Reset();
        if (stored.empty() && urls.count(d.url)) stored = urls[d.url];
      }
      if (stored.empty()) {
        by_hash.Bind(1, hash);
        if (by_hash.Step() == SQLITE_ROW) stored = by_hash.Text(0);
        by_hash.Reset();
        if (stored.empty() && seen_hashes.count(hash)) stored = seen_hashes[hash];
      }
      if (!stored.empty()) {
        ++out.skipped;
        out.skipped_ids.push_back(d.id + " = " + stored);
        continue;
      }
      if (!d.url.empty()) urls.emplace(d.url, d.id);
      seen_hashes.emplace(hash, d.id);
      hashes.push_back(std::move(hash));
      fresh.push_back(std::move(d));
    }
  }
  Result<size_t> stored = Count();
  if (!stored.ok()) return stored.status();
  out.stored = stored.value();
  if (fresh.empty()) return out;
  // The engine, resumed from what is stored.
  AnalyzeOptions engine_options = options;
  auto progress = options.progress;
  engine_options.progress = nullptr;
  std::optional<Engine> engine;
  std::shared_ptr<StoredColumn> mentions;  // the stored reports', read when entities are resolved
  std::unordered_set<std::string> ids;  // taken: the stored reports', then this add's
  // The stored reports' texts, read again as the engine asks for them.
  std::optional<StoredColumn> texts;
  auto texts_failed = [&texts] { return texts && !texts->status().ok(); };
  if (stored.value() == 0) {
    engine.emplace(engine_options);
    engine->KeepReplays(true);
  } else {
    std::vector<size_t> learned_from, sizes;
    texts.emplace(m.db, m.path, "SELECT seq, text FROM documents WHERE seq >= ? ORDER BY seq", "the text",
                  stored.value());
    Result<std::vector<Document>> docs = m.Documents(sizes, &learned_from, /*pages=*/false, &*texts);
    if (!docs.ok()) return docs.status();
    for (const Document& d : docs.value()) ids.insert(d.id);
    const size_t n = docs.value().size();
    Result<std::vector<DocumentResults>> results = m.Results(sizes, &mentions, /*quotes=*/false);
    if (!results.ok()) return results.status();
    Result<std::vector<Link>> links = m.Links(sizes, /*whole=*/false);
    if (!links.ok()) return links.status();
    Result<std::vector<size_t>> stories = m.Stories(n);
    if (!stories.ok()) return stories.status();
    // Read in place: the statement lives until the engine has restored the
    // clusterer from it, and the cursor finalises it at the first replay.
    std::optional<Statement> state(std::in_place, m.db, "SELECT state FROM clusterer WHERE id = 0");
    Result<std::string_view> clusterer = m.ClustererState(*state);
    if (!clusterer.ok()) return clusterer.status();
    // A text that cannot be read again as it was is given as blanks of its
    // size, so that the spans read with it still fit, and the add stops.
    auto text_of = [&texts, sizes](size_t i) {
      std::optional<std::string> text = (*texts)(static_cast<int64_t>(i));
      return text ? std::move(*text) : std::string(i < sizes.size() ? sizes[i] : 0, ' ');
    };
    ReplayCursor cursor(m.db, std::move(sizes), engine_options.link, &state);
    Result<Engine> resumed = Engine::Resume(engine_options, std::move(docs.value()), std::move(results.value()),
                                            std::move(links.value()), stories.value(), std::move(learned_from),
                                            std::ref(cursor), clusterer.value(), fresh.size(), std::move(text_of));
    texts->EndScan();
    if (texts_failed()) return texts->status();
    if (!resumed.ok()) return Status::Error(m.path + ": " + resumed.status().message());
    engine.emplace(std::move(resumed.value()));
  }
  if (Status s = snapshot.End(); !s.ok()) return s;
  for (Document& d : fresh) {
    std::string id = UniqueId(d.id, ids);
    if (id == d.id) continue;
    out.renamed.push_back(d.id + " -> " + id);
    d.id = std::move(id);
  }
  ids = {};
  // Stored reports that new ones are aligned with come with their tokens.
  Statement& tokens_of = m.Prepared("SELECT tokens FROM replay WHERE seq = ?");
  engine->ReadTokensFrom([&tokens_of](size_t i, std::string_view text) -> std::optional<SegmentedText> {
    if (!tokens_of.ok()) return std::nullopt;
    tokens_of.Bind(1, static_cast<int64_t>(i));
    std::optional<SegmentedText> out;
    if (tokens_of.Step() == SQLITE_ROW) {
      Result<SegmentedText> seg = DecodeTokens(tokens_of.View(0), text);
      if (seg.ok()) out = std::move(seg.value());
    }
    tokens_of.Reset();
    return out;
  });
  // Stored reports that are re-read come with their entity tags (checked
  // against their tokens by the entity stage; a row without them: tagged).
  Statement& tags_of = m.Prepared("SELECT tags FROM replay WHERE seq = ?");
  engine->ReadTagsFrom([&tags_of](size_t i) -> EntityTags {
    EntityTags tags;
    if (!tags_of.ok()) return tags;
    tags_of.Bind(1, static_cast<int64_t>(i));
    if (tags_of.Step() == SQLITE_ROW) {
      const std::string_view bytes = tags_of.View(0);
      tags.assign(bytes.begin(), bytes.end());
    }
    tags_of.Reset();
    return tags;
  });
  // An input of several batches teaches the outlets' boilerplate, and its
  // people are known, before the first batch is read, as one analyze of it
  // would: the first half of the progress ("reading"); the batches are the
  // second. One batch is one Add, which does both itself (and reports both
  // halves).
  const size_t total = fresh.size();
  const bool batches = total > commit_every;
  if (batches) {
    std::function<void(size_t, size_t)> learn_progress;
    if (progress) learn_progress = [&](size_t done, size_t) { progress(done, 2 * total); };
    engine->Learn(fresh, learn_progress);
  }
  // In batches, each one transaction with everything read from it. The
  // rows of a batch are recorded here and written by the writer's thread
  // (its own connection) while the engine reads the next batch; the last
  // batch's rows are written while the engine finishes.
  Result<std::unique_ptr<store_internal::Writer>> writer = store_internal::Writer::Open(m.path);
  if (!writer.ok()) return writer.status();
  // Stops the add for `why` once the writer has finished what it was given
  // (batches pushed to commit are kept, the last one's transaction rolled
  // back): the writer's own error first.
  auto stop = [&writer](const Status& why) -> Status {
    if (Status s = writer.value()->Finish(); !s.ok()) return s;
    return why;
  };
  const std::string added_at = Now();
  // Whether the last transaction saves the clusterer's state: decided
  // now, since the batches before it store their features only when not.
  const bool saves_clusterer = ClustererStateDue(engine->clusterer_restored(), engine->size() + total);
  for (size_t start = 0; start < total; start += commit_every) {
    const size_t end = std::min(total, start + commit_every);
    const size_t first = engine->size();
    std::vector<Document> batch(std::make_move_iterator(fresh.begin() + start), std::make_move_iterator(fresh.begin() + end));
    std::function<void(size_t, size_t)> batch_progress;
    if (progress) {
      batch_progress = [&](size_t done, size_t of) {
        of = std::max<size_t>(of, 1);
        progress(batches ? total + start + done * (end - start) / of : done * 2 * total / of, 2 * total);
      };
    }
    engine->Add(std::move(batch), batch_progress);
    if (texts_failed()) return stop(texts->status());
    out.reread += engine->reread();
    Rows rows;
    // Reports are numbered in the order stored: another add that committed
    // since this one read the store, or since its last batch, has taken the
    // numbers of this batch. Stopped here with a clear message, not at the
    // first row that collides (the batches committed before are kept).
    rows.Check("SELECT coalesce(max(seq), -1) = ? FROM documents",
               "another add committed reports to the store since this one read it; this add stopped "
               "(its batches committed before are kept): add the same input again, and what is stored "
               "is skipped")
        .Int(static_cast<int64_t>(first) - 1);
    if (out.stored == 0 && start == 0) {
      constexpr const char* kSetting = "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)";
      rows.Sql(kSetting, "writing settings").Text("group").Text(options.reconcile.group);
      rows.Sql(kSetting, "writing settings").Text("counts").Text(counts);
    }
    for (size_t i = first; i < engine->size(); ++i) WriteDocument(i, *engine, hashes[start + i - first], added_at, rows);
    std::vector<size_t> reread;
    for (size_t i : engine->changed()) {
      if (i < first) reread.push_back(i);
    }
    UnindexClaims(reread, rows);
    for (size_t i : engine->changed()) {
      WriteResults(i, engine->results(i), engine->document(i).text, /*replace=*/i < first, rows);
    }
    IndexForSearch(first, engine->size(), engine->changed(), rows);
    for (const Link& l : engine->links()) {
      if (l.b >= first) WriteLink(l, rows);
    }
    for (auto& [i, state] : engine->TakeReplays()) {
      WriteReplay(i, std::move(state), !saves_clusterer, rows);
    }
    for (size_t j : engine->retagged()) WriteTags(j, engine->entity_tags(j), rows);
    if (end < total) {
      if (Status s = writer.value()->Push(std::move(rows), /*commit=*/true); !s.ok()) return s;
      out.added += end - start;
      if (progress) progress(total + end, 2 * total);
      continue;
    }
    // The last batch: the engine is not needed afterwards, so its results
    // move into the summary instead of being copied.
    if (saves_clusterer) WriteClusterer(*engine, rows);
    if (Status s = writer.value()->Push(std::move(rows), /*commit=*/false); !s.ok()) return s;
    Rows summary;
    Result<size_t> rebuilt = m.WriteSummary(std::move(*engine), summary);
    if (!rebuilt.ok()) return rebuilt.status();
    if (mentions) mentions->EndScan();  // read: no read of the file held while the writer commits
    if (texts_failed()) return stop(texts->status());
    // Entities made without a stored report's mentions are not written: the
    // last batch's transaction is rolled back with the writer. The writer's
    // error comes first: an add that another one overtook (which may have
    // re-read, so changed, those mentions) says so.
    if (mentions && !mentions->status().ok()) return stop(mentions->status());
    out.stories_rebuilt = rebuilt.value();
    if (Status s = writer.value()->Push(std::move(summary), /*commit=*/true); !s.ok()) return s;
    out.added += end - start;
  }
  if (Status s = writer.value()->Finish(); !s.ok()) return s;
  if (progress) progress(2 * total, 2 * total);
  out.stored += out.added;
  return out;
}

// ---- Search and history ---------------------------------------------------------

Result<std::vector<SearchHit>> Store::Search(std::string_view query, size_t limit) const {
  Impl& m = *impl_;
  std::vector<SearchHit> hits;
  const int64_t lim = static_cast<int64_t>(std::min<size_t>(limit, 1000000));
  // The reports' hits and the claims' from one commit, though an add
  // commits between the two statements.
  Impl::Snapshot snapshot(m);
  if (!snapshot.status().ok()) return snapshot.status();
  {
    Statement s(m.db,
                "SELECT d.seq, d.id, snippet(documents_fts, -1, '[', ']', '...', 12), bm25(documents_fts), "
                "highlight(documents_fts, 1, char(1), char(2)), highlight(documents_fts, 0, char(1), char(2)) "
                "FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid "
                "WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts) LIMIT ?");
    if (!s.ok()) return m.Error("search");
    s.Bind(1, query).Bind(2, lim);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      SearchHit h;
      h.seq = static_cast<size_t>(s.Int(0));
      h.doc = s.Text(1);
      h.snippet = s.Text(2);
      h.rank = s.Real(3);
      // The first match's bytes: the marked text less the markers before it.
      std::string marked = s.Text(4);
      h.field = "text";
      size_t at = marked.find('\x01');
      if (at == std::string::npos) {
        marked = s.Text(5);
        h.field = "title";
        at = marked.find('\x01');
      }
      if (at != std::string::npos) {
        size_t close = marked.find('\x02', at);
        h.span = {at, close == std::string::npos ? at : close - 1};
      }
      hits.push_back(std::move(h));
    }
    if (rc != SQLITE_DONE) return Status::Error("search \"" + std::string(query) + "\": " + sqlite3_errmsg(m.db));
  }
  if (m.read_pause) m.read_pause();
  {
    Statement s(m.db,
                "SELECT c.seq, d.id, c.ord, c.sentence_begin, c.sentence_end, "
                "snippet(claims_fts, 0, '[', ']', '...', 12), bm25(claims_fts), "
                "(SELECT count(*) FROM claims e WHERE e.seq < c.seq) "
                "FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid JOIN documents d ON d.seq = c.seq "
                "WHERE claims_fts MATCH ? ORDER BY bm25(claims_fts) LIMIT ?");
    if (!s.ok()) return m.Error("search");
    s.Bind(1, query).Bind(2, lim);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      SearchHit h;
      h.seq = static_cast<size_t>(s.Int(0));
      h.doc = s.Text(1);
      h.field = "claim";
      h.claim = "c" + std::to_string(s.Int(7) + s.Int(2) + 1);
      h.span = {static_cast<size_t>(s.Int(3)), static_cast<size_t>(s.Int(4))};
      h.snippet = s.Text(5);
      h.rank = s.Real(6);
      hits.push_back(std::move(h));
    }
    if (rc != SQLITE_DONE) return Status::Error("search \"" + std::string(query) + "\": " + sqlite3_errmsg(m.db));
  }
  if (Status s = snapshot.End(); !s.ok()) return s;
  std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) { return a.rank < b.rank; });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

Result<std::vector<FigureEvent>> Store::History(std::string_view story) const {
  Impl& m = *impl_;
  Statement s(m.db,
              "SELECT f.story, f.type, f.side, f.value, f.status, d.id, f.first_seq, d.added_at, d.published, "
              "f.revised_by, f.revision_step, f.superseded FROM figures f LEFT JOIN documents d ON d.seq = f.first_seq "
              "WHERE ?1 = '' OR f.story = ?1 ORDER BY CAST(substr(f.story, 2) AS INTEGER), f.rowid");
  if (!s.ok()) return m.Error("reading figures");
  s.Bind(1, story);
  std::vector<FigureEvent> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    FigureEvent e;
    e.story = s.Text(0);
    e.type = s.Text(1);
    e.side = s.Text(2);
    e.value = s.Text(3);
    e.status = s.Text(4);
    e.first_doc = s.Text(5);
    e.first_seq = static_cast<size_t>(s.Int(6));
    e.first_added = s.Text(7);
    e.first_published = s.Text(8);
    e.revised_by = s.Text(9);
    e.revision_step = static_cast<size_t>(s.Int(10));
    e.superseded = s.Int(11) != 0;
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return m.Error("reading figures");
  return out;
}

}  // namespace crosscheck
