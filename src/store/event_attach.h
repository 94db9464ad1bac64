// Incremental cross-document resolution in the SQL store (EventStore::ReplaceDocumentsAndAttach).
#pragma once

#include <functional>
#include <vector>

#include "dyad/store.h"
#include "sql_connection.h"

namespace dyad::store {

/// Inside an open write transaction on `db`: removes the mentions of `docs` from events of
/// other documents (fixing their records), writes each document with `write_document`, then
/// replaces the record and mention rows of each event in `updates`.
Status ReplaceAndAttach(SqlConnection& db, const std::vector<StoredDocument>& docs,
                        const std::vector<EventReportUpdate>& updates,
                        const std::function<Status(const StoredDocument&)>& write_document);

}  // namespace dyad::store
