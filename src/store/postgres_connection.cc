// SqlConnection over libpq: `?` placeholders become $1..$n, statements are prepared once per
// connection, values are always sent as bound parameters.
#include <libpq-fe.h>

#include <cstdio>
#include <unordered_map>

#include "sql_connection.h"

namespace dyad::store {
namespace {

std::string Trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Rewrites `?` placeholders as $1, $2, ... (the store's SQL has no `?` inside literals).
std::string Numbered(const std::string& sql) {
  std::string out;
  int next = 1;
  for (char c : sql) {
    if (c == '?') {
      out += "$" + std::to_string(next++);
    } else {
      out += c;
    }
  }
  return out;
}

std::string Format(double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

class PostgresConnection : public SqlConnection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Status Exec(const std::string& sql) override {
    PGresult* result = PQexec(conn_, sql.c_str());
    Status status = Check(result);
    PQclear(result);
    return status;
  }

  Status Run(const std::string& sql, const std::vector<SqlValue>& params) override {
    return Query(sql, params, [](const SqlRow&) { return true; });
  }

  Status Query(const std::string& sql, const std::vector<SqlValue>& params,
               const std::function<bool(const SqlRow&)>& row) override {
    auto prepared = statements_.find(sql);
    if (prepared == statements_.end()) {
      const std::string name = "dyad_" + std::to_string(statements_.size() + 1);
      PGresult* result = PQprepare(conn_, name.c_str(), Numbered(sql).c_str(), 0, nullptr);
      Status status = Check(result);
      PQclear(result);
      if (!status.ok()) return status;
      prepared = statements_.emplace(sql, name).first;
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const SqlValue& value = params[i];
      if (std::holds_alternative<int64_t>(value)) {
        texts[i] = std::to_string(std::get<int64_t>(value));
      } else if (std::holds_alternative<double>(value)) {
        texts[i] = Format(std::get<double>(value));
      } else if (std::holds_alternative<std::string>(value)) {
        texts[i] = std::get<std::string>(value);
      } else {
        continue;  // NULL
      }
      values[i] = texts[i].c_str();
    }
    PGresult* result = PQexecPrepared(conn_, prepared->second.c_str(), static_cast<int>(values.size()),
                                      values.data(), nullptr, nullptr, 0);
    Status status = Check(result);
    if (status.ok() && PQresultStatus(result) == PGRES_TUPLES_OK) {
      const int rows = PQntuples(result), columns = PQnfields(result);
      SqlRow values_row(columns);
      for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < columns; ++c) {
          if (PQgetisnull(result, r, c)) {
            values_row[c].reset();
          } else {
            values_row[c].emplace(PQgetvalue(result, r, c), static_cast<size_t>(PQgetlength(result, r, c)));
          }
        }
        if (!row(values_row)) break;
      }
    }
    PQclear(result);
    return status;
  }

 private:
  Status Check(PGresult* result) {
    const ExecStatusType code = PQresultStatus(result);
    if (code == PGRES_COMMAND_OK || code == PGRES_TUPLES_OK || code == PGRES_EMPTY_QUERY) return Status::Ok();
    return Status::Error("PostgreSQL: " + Trimmed(result ? PQresultErrorMessage(result) : PQerrorMessage(conn_)));
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> statements_;
};

}  // namespace

Result<std::unique_ptr<SqlConnection>> OpenPostgres(const std::string& uri) {
  PGconn* conn = PQconnectdb(uri.c_str());
  if (conn == nullptr) return Status::Error("cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return Status::Error("cannot connect to PostgreSQL: " + message);
  }
  auto connection = std::make_unique<PostgresConnection>(conn);
  DYAD_RETURN_IF_ERROR(connection->Exec("SET client_min_messages = WARNING; SET client_encoding = 'UTF8';"));
  return std::unique_ptr<SqlConnection>(std::move(connection));
}

}  // namespace dyad::store
