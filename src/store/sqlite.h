// Internal to store/: SQLite, thinly. A prepared statement whose binds
// chain, and what every writing connection of the store is set up with.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace crosscheck::store_internal {

// Per connection, after the journal mode (WAL, kept in the file) is set.
constexpr const char* kWriteSettings = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON";
// Milliseconds a connection waits for another's lock.
constexpr int kBusyMillis = 5000;

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  bool ok() const { return stmt_ != nullptr; }
  Statement& Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); return *this; }
  Statement& Bind(int i, double v) { sqlite3_bind_double(stmt_, i, v); return *this; }
  Statement& Bind(int i, std::string_view v) {
    // An empty view may have no data pointer, which SQLite would bind as NULL.
    sqlite3_bind_text(stmt_, i, v.empty() ? "" : v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& BindBlob(int i, std::string_view v) {
    sqlite3_bind_blob(stmt_, i, v.empty() ? "" : v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // BindBlob without SQLite's copy, for large values. REQUIRES: `v`'s bytes
  // stay as they are until the next Run or Reset.
  Statement& BindBlobInPlace(int i, std::string_view v) {
    sqlite3_bind_blob(stmt_, i, v.empty() ? "" : v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  // Bind without SQLite's copy. REQUIRES: `v`'s bytes stay as they are
  // until the next Run or Reset.
  Statement& BindTextInPlace(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.empty() ? "" : v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  Statement& BindNull(int i) { sqlite3_bind_null(stmt_, i); return *this; }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(stmt_); }
  // Runs to completion; false on an error.
  bool Run() {
    int rc = Step();
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return rc == SQLITE_DONE || rc == SQLITE_ROW;
  }
  void Reset() {
    if (!stmt_) return;  // sqlite3_clear_bindings does not check
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool Null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string Text(int col) const { return std::string(View(col)); }
  // The column's bytes, valid until the next Step, Reset or Run.
  std::string_view View(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    return p ? std::string_view(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : std::string_view();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Runs `sql` (any number of statements) on `db`; an error reads
// "CONTEXT: SQLite's message".
inline Status Exec(sqlite3* db, const char* sql, const std::string& context) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) == SQLITE_OK) return {};
  std::string message = context + ": " + (err ? err : "SQLite error");
  sqlite3_free(err);
  return Status::Error(message);
}

}  // namespace crosscheck::store_internal
