// The store's schema: creation, version check, and step-by-step migration.
#pragma once

#include <string>

#include "sql_connection.h"

namespace dyad::store {

/// Brings the database behind `db` to kStoreSchemaVersion: creates the schema in an empty
/// database (when `create`), upgrades an older version, and refuses a newer one or a
/// database with foreign tables of the same names. `name` is used in messages.
Status PrepareSchema(SqlConnection& db, bool create, const std::string& name);

/// Checks, without changing anything, that the schema is exactly kStoreSchemaVersion.
Status CheckSchema(SqlConnection& db, const std::string& name);

}  // namespace dyad::store
