// SqlConnection over SQLite: WAL mode, cached prepared statements, bound parameters.
#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <unordered_map>

#include "sql_connection.h"

namespace dyad::store {
namespace {

class SqliteConnection : public SqlConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Status Exec(const std::string& sql) override {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : sqlite3_errmsg(db_);
      sqlite3_free(error);
      return Status::Error("SQLite: " + message);
    }
    return Status::Ok();
  }

  Status Run(const std::string& sql, const std::vector<SqlValue>& params) override {
    return Query(sql, params, [](const SqlRow&) { return true; });
  }

  Status Query(const std::string& sql, const std::vector<SqlValue>& params,
               const std::function<bool(const SqlRow&)>& row) override {
    sqlite3_stmt* stmt = nullptr;
    auto cached = statements_.find(sql);
    if (cached != statements_.end()) {
      stmt = cached->second;
    } else {
      if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                             nullptr) != SQLITE_OK) {
        return Status::Error(std::string("SQLite: ") + sqlite3_errmsg(db_));
      }
      statements_.emplace(sql, stmt);
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    for (size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      const SqlValue& value = params[i];
      if (std::holds_alternative<int64_t>(value)) {
        sqlite3_bind_int64(stmt, index, std::get<int64_t>(value));
      } else if (std::holds_alternative<double>(value)) {
        sqlite3_bind_double(stmt, index, std::get<double>(value));
      } else if (std::holds_alternative<std::string>(value)) {
        const std::string& text = std::get<std::string>(value);
        sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
      } else {
        sqlite3_bind_null(stmt, index);
      }
    }
    const int columns = sqlite3_column_count(stmt);
    SqlRow values(columns);
    while (true) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        Status error = Status::Error(std::string("SQLite: ") + sqlite3_errmsg(db_));
        sqlite3_reset(stmt);
        return error;
      }
      for (int c = 0; c < columns; ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
          values[c].reset();
        } else {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          values[c].emplace(text, static_cast<size_t>(sqlite3_column_bytes(stmt, c)));
        }
      }
      if (!row(values)) break;
    }
    sqlite3_reset(stmt);
    return Status::Ok();
  }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace

Result<std::unique_ptr<SqlConnection>> OpenSqlite(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Status::Error("cannot open SQLite database " + path + ": " + message);
  }
  auto connection = std::make_unique<SqliteConnection>(db);
  sqlite3_busy_timeout(db, 10000);
  // WAL lets readers run while a writer commits; NORMAL sync is durable at checkpoints and
  // never corrupts the database.
  // Readers map the file (no read system call per page) and keep a 32 MB page cache; the
  // writer keeps 128 MB, which speeds up index builds of schema migrations on large stores.
  // Switching a new file to WAL needs a moment of exclusive access, for which SQLite does not
  // always call the busy handler: when several processes (e.g. workers) open the same new store
  // at once, retry for as long as the busy timeout instead of failing.
  auto exec_retrying = [&](const std::string& sql) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
      Status result = connection->Exec(sql);
      const int code = sqlite3_errcode(db) & 0xff;
      if (result.ok() || (code != SQLITE_BUSY && code != SQLITE_LOCKED) ||
          std::chrono::steady_clock::now() > deadline) {
        return result;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  };
  Status status = exec_retrying(read_only ? "PRAGMA query_only = ON; PRAGMA mmap_size = 2147418112;"
                                               " PRAGMA cache_size = -32768;"
                                             : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                                               " PRAGMA cache_size = -131072;");
  if (!status.ok()) return status.WithContext("cannot open SQLite database " + path);
  // Detect a file that is not a database now, with a clear message.
  status = exec_retrying("SELECT count(*) FROM sqlite_master;");
  if (!status.ok()) return status.WithContext("cannot open SQLite database " + path);
  return std::unique_ptr<SqlConnection>(std::move(connection));
}

Result<std::optional<SqlRow>> QueryOne(SqlConnection& db, const std::string& sql,
                                       const std::vector<SqlValue>& params) {
  std::optional<SqlRow> result;
  DYAD_RETURN_IF_ERROR(db.Query(sql, params, [&](const SqlRow& row) {
    result = row;
    return false;
  }));
  return result;
}

int64_t ToInt(const std::optional<std::string>& value) { return value ? std::strtoll(value->c_str(), nullptr, 10) : 0; }
double ToDouble(const std::optional<std::string>& value) { return value ? std::strtod(value->c_str(), nullptr) : 0.0; }
std::string ToText(const std::optional<std::string>& value) { return value ? *value : std::string(); }

}  // namespace dyad::store
