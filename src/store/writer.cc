#include "store/writer.h"

#include <sqlite3.h>
#include <sys/resource.h>

#include <utility>

#include "store/sqlite.h"

namespace crosscheck::store_internal {

// ---- Rows ---------------------------------------------------------------------

Rows& Rows::Sql(const char* sql, const char* what) {
  ops_.push_back({sql, what, static_cast<uint32_t>(values_.size()), 0, false});
  return *this;
}

Rows& Rows::Check(const char* sql, const char* message) {
  ops_.push_back({sql, message, static_cast<uint32_t>(values_.size()), 0, true});
  return *this;
}

Rows& Rows::Push(Value v) {
  values_.push_back(v);
  ++ops_.back().count;
  return *this;
}

Rows& Rows::Bytes(Kind kind, std::string_view v) {
  const int64_t at = static_cast<int64_t>(bytes_.size());
  bytes_.append(v);
  return Push({kind, at, 0, v.size()});
}

Rows& Rows::Int(int64_t v) { return Push({Kind::kInt, v, 0, 0}); }
Rows& Rows::Real(double v) { return Push({Kind::kReal, 0, v, 0}); }
Rows& Rows::Null() { return Push({Kind::kNull, 0, 0, 0}); }
Rows& Rows::Text(std::string_view v) { return Bytes(Kind::kText, v); }
Rows& Rows::Blob(std::string_view v) { return Bytes(Kind::kBlob, v); }

Rows& Rows::Blob(std::string&& v) {
  const size_t size = v.size();
  owned_.push_back(std::move(v));
  return Push({Kind::kOwnedBlob, static_cast<int64_t>(owned_.size() - 1), 0, size});
}

Rows& Rows::Blob(std::function<std::string()> make) {
  made_.push_back(std::move(make));
  return Push({Kind::kMadeBlob, static_cast<int64_t>(made_.size() - 1), 0, 0});
}

// ---- Writer -------------------------------------------------------------------

Result<std::unique_ptr<Writer>> Writer::Open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    std::string message = path + ": cannot open the store for writing: " +
                          (db ? sqlite3_errmsg(db) : std::string("out of memory"));
    sqlite3_close_v2(db);
    return Status::Error(message);
  }
  sqlite3_busy_timeout(db, kBusyMillis);
  std::unique_ptr<Writer> w(new Writer(path, db));
  if (Status s = w->Exec(kWriteSettings, "setting up the connection"); !s.ok()) return s;
  // A 64 MB page cache (SQLite's default is 2 MB): a batch's B-tree and
  // FTS5 pages stay in memory instead of being read back from the file.
  if (Status s = w->Exec("PRAGMA cache_size = -65536", "setting up the connection"); !s.ok()) return s;
  // Statement journals in memory: a statement that may fail halfway keeps
  // the pages it changes until it ends, and with 16 KB pages one row's
  // pages pass SQLite's 64 KB threshold for spilling them to a temporary
  // file, which took half of an add's writes (31,500 of 63,800 for 10,000
  // reports). Such a journal lives one statement and holds the earlier
  // contents of the pages it changes (at most the largest statement's;
  // temporary tables and sorts are in memory too).
  if (Status s = w->Exec("PRAGMA temp_store = MEMORY", "setting up the connection"); !s.ok()) return s;
  w->thread_ = std::thread(&Writer::Loop, w.get());
  return w;
}

Writer::Writer(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}

Writer::~Writer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    queue_.clear();
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (in_transaction_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  prepared_.clear();  // finalized before the connection closes
  sqlite3_close_v2(db_);
}

Status Writer::Push(Rows rows, bool commit) {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return !error_.ok() || queue_.size() < kQueued; });
  if (!error_.ok()) return error_;
  queue_.push_back({std::move(rows), commit});
  changed_.notify_all();
  return {};
}

Status Writer::Finish() {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return !error_.ok() || (queue_.empty() && !busy_); });
  return error_;
}

void Writer::Loop() {
#ifdef __linux__
  // On Linux a nice value is per thread, and PRIO_PROCESS 0 is the calling
  // thread: this one alone, from the value it inherited from Open's caller.
  // A failure leaves it there: slower, never wrong.
  setpriority(PRIO_PROCESS, 0, getpriority(PRIO_PROCESS, 0) + kNice);
#endif
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    changed_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    changed_.notify_all();  // a Push waiting for room
    lock.unlock();
    Status s;
    if (!in_transaction_) {
      s = Exec("BEGIN IMMEDIATE", "beginning a transaction");
      in_transaction_ = s.ok();
    }
    if (s.ok()) s = Run(job.rows);
    if (s.ok() && job.commit) {
      s = Exec("COMMIT", "committing");
      if (s.ok()) in_transaction_ = false;
    }
    if (!s.ok() && in_transaction_) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      in_transaction_ = false;
    }
    job = Job();  // the batch's values freed outside the lock
    lock.lock();
    busy_ = false;
    if (!s.ok() && error_.ok()) {
      error_ = std::move(s);
      queue_.clear();
    }
    changed_.notify_all();
  }
}

Status Writer::Run(const Rows& rows) {
  // The statement's kMadeBlob values, alive until it has run; reserved so
  // that none moves under a bound view.
  std::vector<std::string> made;
  for (const Rows::Op& op : rows.ops_) {
    made.clear();
    made.reserve(op.count);
    Statement& st = Prepared(op.sql);
    if (!st.ok()) return Status::Error(path_ + ": " + op.what + ": " + sqlite3_errmsg(db_));
    for (uint32_t k = 0; k < op.count; ++k) {
      const Rows::Value& v = rows.values_[op.first + k];
      const int at = static_cast<int>(k + 1);
      switch (v.kind) {
        case Rows::Kind::kNull: st.BindNull(at); break;
        case Rows::Kind::kInt: st.Bind(at, v.i); break;
        case Rows::Kind::kReal: st.Bind(at, v.d); break;
        case Rows::Kind::kText:
          st.BindTextInPlace(at, std::string_view(rows.bytes_).substr(static_cast<size_t>(v.i), v.size));
          break;
        case Rows::Kind::kBlob:
          st.BindBlobInPlace(at, std::string_view(rows.bytes_).substr(static_cast<size_t>(v.i), v.size));
          break;
        case Rows::Kind::kOwnedBlob: st.BindBlobInPlace(at, rows.owned_[static_cast<size_t>(v.i)]); break;
        case Rows::Kind::kMadeBlob:
          made.push_back(rows.made_[static_cast<size_t>(v.i)]());
          st.BindBlobInPlace(at, made.back());
          break;
      }
    }
    if (op.check) {
      const int rc = st.Step();
      const bool holds = rc == SQLITE_ROW && st.Int(0) != 0;
      st.Reset();
      if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        return Status::Error(path_ + ": checking the store: " + sqlite3_errmsg(db_));
      }
      if (!holds) return Status::Error(path_ + ": " + op.what);
      continue;
    }
    if (!st.Run()) return Status::Error(path_ + ": " + op.what + ": " + sqlite3_errmsg(db_));
  }
  return {};
}

Status Writer::Exec(const char* sql, const char* what) {
  return store_internal::Exec(db_, sql, path_ + ": " + what);
}

Statement& Writer::Prepared(const char* sql) {
  std::unique_ptr<Statement>& s = prepared_[sql];
  if (!s) s = std::make_unique<Statement>(db_, sql);
  return *s;
}

}  // namespace crosscheck::store_internal
