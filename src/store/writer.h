// Internal to store/: an add's writes, recorded on the engine's thread and
// run on a writer thread with its own connection, so that SQLite stores one
// batch while the engine reads the next.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "base/status.h"

struct sqlite3;

namespace crosscheck::store_internal {

class Statement;

// Statements and their values, in order, to be run later: a value is copied
// (or moved) in, so nothing of the caller's is referred to afterwards.
//
//   Rows r;
//   r.Sql("INSERT INTO links(a, b) VALUES(?, ?)", "storing a link").Int(3).Int(7);
class Rows {
 public:
  // Starts the next statement. `sql` is a string literal (statements are
  // prepared once per connection, keyed by its address); `what` names the
  // work in an error message ("storing a link"). Values bind in order, ?1 up.
  Rows& Sql(const char* sql, const char* what);
  // Starts a statement that checks the file: it runs like Sql's, and its
  // first column of its first row must be true (non-zero), else the rows
  // fail with `message` (a string literal) after the store's path.
  Rows& Check(const char* sql, const char* message);
  Rows& Int(int64_t v);
  Rows& Real(double v);
  Rows& Null();
  Rows& Text(std::string_view v);
  Rows& Blob(std::string_view v);
  Rows& Blob(std::string&& v);  // kept as it is, not copied (large states)
  // A blob `make` returns when the statement runs, on the writer's thread:
  // encoding moves off the caller's. `make` must not read what the caller
  // may change meanwhile (capture owned copies).
  Rows& Blob(std::function<std::string()> make);


 private:
  friend class Writer;
  enum class Kind : uint8_t { kNull, kInt, kReal, kText, kBlob, kOwnedBlob, kMadeBlob };
  struct Value {
    Kind kind;
    // kInt; kText/kBlob: offset into bytes_; kOwnedBlob: index into owned_;
    // kMadeBlob: index into made_.
    int64_t i;
    double d;
    size_t size;
  };
  struct Op {
    const char* sql;
    const char* what;
    uint32_t first, count;  // values_[first, first + count)
    bool check;             // Check's: `what` is the message
  };
  Rows& Push(Value v);
  Rows& Bytes(Kind kind, std::string_view v);

  std::vector<Op> ops_;
  std::vector<Value> values_;
  std::string bytes_;
  std::vector<std::string> owned_;
  std::vector<std::function<std::string()>> made_;
};

// Runs Rows on its own connection to the store, one transaction after
// another, on a thread of its own: Push returns while the rows are written.
// After an error the rows pushed later are dropped; the transaction under
// way is rolled back. Destroying a Writer without Finish rolls back the
// transaction left open (an add that failed) and drops what is queued.
class Writer {
 public:
  // Opens a connection to the store at `path` (which exists, in WAL mode).
  static Result<std::unique_ptr<Writer>> Open(const std::string& path);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues `rows` after those pushed before. A transaction begins with the
  // first rows after a commit (BEGIN IMMEDIATE) and ends with rows pushed
  // with `commit`. Waits while kQueued pushes wait their turn beside the one
  // being written. The first error so far, if any (then nothing is queued).
  Status Push(Rows rows, bool commit);

  // Pushes that may wait beside the one being written. The writer thread
  // runs at a lower priority (kNice) than the engine's: it takes the cores'
  // idle time first (the engine's serial stretches, its finishing steps),
  // and a queue of a few batches (a few MB each) lets it fall behind while
  // both cores are busy and catch up later; the engine waits only when the
  // queue is full. Writing is then mostly hidden: an add of 10,000 reports
  // on 2 cores took about 1.45x analyze's wall time with one push queued
  // at normal priority, about 1.25x with four at kNice (PERFORMANCE.md).
  static constexpr size_t kQueued = 4;
  // Added to the writer thread's nice value (on Linux, where a nice value is
  // per thread; elsewhere the writer keeps its priority). Not idle priority (SCHED_IDLE,
  // or nice 19): an unprivileged thread cannot raise its priority again, so
  // when the engine waits for a full queue on a machine busy with other
  // work, the writer still gets about a tenth of a core against each busy
  // thread instead of almost nothing.
  static constexpr int kNice = 10;

  // Waits until everything pushed is written; the first error, if any.
  Status Finish();

 private:
  struct Job {
    Rows rows;
    bool commit = false;
  };
  explicit Writer(std::string path, sqlite3* db);
  void Loop();
  Status Run(const Rows& rows);
  Status Exec(const char* sql, const char* what);
  Statement& Prepared(const char* sql);

  const std::string path_;
  sqlite3* db_;
  std::unordered_map<const char*, std::unique_ptr<Statement>> prepared_;
  bool in_transaction_ = false;  // the writer thread's

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Job> queue_;  // guarded by mu_
  bool busy_ = false;      // a job is being written; guarded by mu_
  bool stop_ = false;      // guarded by mu_
  Status error_;           // the first error; guarded by mu_
  std::thread thread_;
};

}  // namespace crosscheck::store_internal
