// Translating an EventFilter into a WHERE clause with bound parameters.
#pragma once

#include <string>
#include <vector>

#include "dyad/store.h"
#include "sql_connection.h"

namespace dyad::store {

/// The WHERE condition (over events aliased `e`) selecting `filter`'s events; appends its
/// parameters to `params`. Never empty ("1 = 1" when nothing is filtered).
std::string WhereClause(const EventFilter& filter, Dialect dialect, std::vector<SqlValue>& params);

/// The ORDER BY expression list for `sort` (ties broken by event id).
std::string OrderBy(EventSort sort);

}  // namespace dyad::store
