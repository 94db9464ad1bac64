// Translating an EventFilter into SQL with bound parameters.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dyad/store.h"
#include "sql_connection.h"

namespace dyad::store {

/// The FROM and WHERE of a query selecting a filter's events, and the expressions of the
/// columns readers use. A filter on a country, actor or recipient code is driven from the
/// narrow event_facets table (alias `f`, ordered by facet, segment, negated, date); other
/// filters from events (alias `e`). `e` is joined whenever a condition or the caller needs it.
struct EventSelection {
  std::string from;                ///< e.g. "events e" or "event_facets f CROSS JOIN events e"
  std::string where;               ///< never empty ("1 = 1" when nothing is filtered)
  std::vector<SqlValue> params;    ///< the parameters of `from` and `where`, in order
  std::string id;                  ///< event id expression
  std::string date;                ///< event date expression
  std::string goldstein;           ///< Goldstein value expression
  std::string event;               ///< PLOVER type expression
  std::string quad_class;          ///< quad class expression
};

/// The selection of `filter`'s events; with `need_event_row` the events row is always joined
/// as `e` (for columns such as the place). `common_text` says the text filter matches many
/// sentences (see CommonTextSql): the full-text hits then only test the rows of a facet or of
/// the sort index instead of driving the query, so pages need not sort every hit.
EventSelection SelectEvents(const EventFilter& filter, Dialect dialect, bool need_event_row, bool common_text);

/// Sentences a text filter must match (at least) to count as common.
inline constexpr int64_t kCommonTextHits = 5000;

/// A query counting the sentences that match `text`, at most kCommonTextHits (one parameter,
/// the text); empty when the text has no words.
std::string CommonTextSql(const std::string& text, Dialect dialect, std::vector<SqlValue>& params);

/// The ORDER BY expression list for `sort` over `selection` (ties broken by event id).
std::string OrderBy(EventSort sort, const EventSelection& selection);

/// The facet of the pre-aggregated tables that answers `filter` ("" for all events, "c:ISO3"
/// for a country), or nullopt when the filter has a condition the aggregates do not keep.
/// Only segment, include_negated, event and country (and from/to when `with_dates`) qualify.
std::optional<std::string> AggregateFacet(const EventFilter& filter, bool with_dates);

}  // namespace dyad::store
