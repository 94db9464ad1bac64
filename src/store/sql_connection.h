// A thin database connection used by the event store: bound parameters only, cached
// prepared statements, and rows as text. Implemented over SQLite and libpq.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "dyad/status.h"

namespace dyad::store {

/// A bound parameter value: NULL, integer, real or text.
using SqlValue = std::variant<std::nullptr_t, int64_t, double, std::string>;

/// One result row; a column is nullopt when NULL. Numbers come back in their text form.
using SqlRow = std::vector<std::optional<std::string>>;

/// The SQL dialect a connection speaks.
enum class Dialect { kSqlite, kPostgres };

/// A connection. Statements use `?` placeholders; values are always bound, never spliced.
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  /// The dialect of this connection.
  virtual Dialect dialect() const = 0;
  /// Runs one or more statements without parameters (schema definitions, BEGIN/COMMIT).
  virtual Status Exec(const std::string& sql) = 0;
  /// Runs a statement with bound parameters, discarding rows.
  virtual Status Run(const std::string& sql, const std::vector<SqlValue>& params) = 0;
  /// Runs a query and calls `row` for each result row; stops when it returns false.
  virtual Status Query(const std::string& sql, const std::vector<SqlValue>& params,
                       const std::function<bool(const SqlRow&)>& row) = 0;
};

/// Opens a SQLite database file (created when writable and missing).
Result<std::unique_ptr<SqlConnection>> OpenSqlite(const std::string& path, bool read_only);
/// Opens a PostgreSQL connection from a libpq connection URI.
Result<std::unique_ptr<SqlConnection>> OpenPostgres(const std::string& uri);

/// Runs a query expected to return at most one row.
Result<std::optional<SqlRow>> QueryOne(SqlConnection& db, const std::string& sql,
                                       const std::vector<SqlValue>& params);

/// Integer value of a column (0 for NULL).
int64_t ToInt(const std::optional<std::string>& value);
/// Real value of a column (0 for NULL).
double ToDouble(const std::optional<std::string>& value);
/// Text value of a column ("" for NULL).
std::string ToText(const std::optional<std::string>& value);

}  // namespace dyad::store
