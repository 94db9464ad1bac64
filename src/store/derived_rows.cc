// The facet keys and aggregates derived from the events and actors tables (schema version 4).
#include "derived_rows.h"

#include <algorithm>

namespace dyad::store {
namespace {

// (event_id, facet) of the country facets: every actor's country and the place's country.
std::string CountryFacets(const std::string& condition) {
  return "SELECT e.id AS event_id, 'c:' || e.place_country AS facet FROM events e WHERE (" + condition +
         ") AND e.place_country IS NOT NULL"
         " UNION SELECT a.event_id, 'c:' || a.country FROM events e CROSS JOIN actors a WHERE (" + condition +
         ") AND a.event_id = e.id AND a.country IS NOT NULL";
}

// (event_id, facet) of every facet: countries, and the source ('s:') and target ('t:') code
// prefixes at every block boundary.
std::string AllFacets(const std::string& condition) {
  std::string lengths;
  for (size_t length = kFacetCodeBlock; length <= kFacetCodeMaxLength; length += kFacetCodeBlock) {
    lengths += (lengths.empty() ? "SELECT " : " UNION ALL SELECT ") + std::to_string(length) +
               (lengths.empty() ? " AS len" : "");
  }
  return CountryFacets(condition) +
         " UNION SELECT a.event_id, CASE WHEN a.role = 'source' THEN 's:' ELSE 't:' END || substr(a.code, 1, n.len)"
         " FROM events e CROSS JOIN actors a CROSS JOIN (" + lengths + ") n WHERE (" + condition +
         ") AND a.event_id = e.id AND n.len <= length(a.code)";
}

// (event_id, facet) of the aggregates: '' (all events) and the country facets.
std::string AggregateFacets(const std::string& condition) {
  return "SELECT e.id AS event_id, '' AS facet FROM events e WHERE (" + condition + ") UNION " +
         CountryFacets(condition);
}

}  // namespace

std::string FacetRowsSql(const std::string& condition) {
  return "SELECT x.facet, e.segment, e.negated, e.date, e.event, e.cameo, e.quad_class, e.goldstein, e.id FROM (" +
         AllFacets(condition) + ") x CROSS JOIN events e WHERE e.id = x.event_id";
}

std::vector<std::string> AggregateRowsSql(const std::string& condition, int sign) {
  const std::string s = sign < 0 ? "-" : "";
  // CROSS JOIN fixes the join order (SQLite; PostgreSQL plans it alike): from the selected
  // events outwards, also in a fresh store that has no planner statistics yet.
  const std::string keyed = " FROM (" + AggregateFacets(condition) + ") x CROSS JOIN events e";
  const std::string tenths = s + "sum(CAST(round(e.goldstein * 10) AS BIGINT))";
  std::vector<std::string> sql;
  // Upserts add the (possibly negative) counts to existing rows; rows that reach zero stay
  // and the readers skip them (HAVING sum(events) > 0).
  sql.push_back(
      "INSERT INTO event_counts (facet, segment, negated, date, event, quad_class, events, goldstein_tenths)"
      " SELECT x.facet, e.segment, e.negated, e.date, COALESCE(e.event, ''), e.quad_class, " + s + "count(*), " +
      tenths + keyed +
      " WHERE e.id = x.event_id GROUP BY x.facet, e.segment, e.negated, e.date, COALESCE(e.event, ''), e.quad_class"
      " ON CONFLICT (facet, segment, negated, date, event, quad_class) DO UPDATE SET"
      " events = event_counts.events + excluded.events,"
      " goldstein_tenths = event_counts.goldstein_tenths + excluded.goldstein_tenths");
  // Dyads are counted per PLOVER type and once more under the type '*' (all types), so the
  // unfiltered graph reads one row per pair.
  const std::string dyad_type = "CASE WHEN types.all_types = 1 THEN '*' ELSE COALESCE(e.event, '') END";
  sql.push_back(
      "INSERT INTO dyad_counts (facet, segment, negated, event, source, target, source_country, target_country,"
      " events, goldstein_tenths)"
      " SELECT x.facet, e.segment, e.negated, " + dyad_type + ", src.code, tgt.code,"
      " COALESCE(max(src.country), ''), COALESCE(max(tgt.country), ''), " + s + "count(*), " + tenths + keyed +
      " CROSS JOIN actors src CROSS JOIN actors tgt CROSS JOIN (SELECT 0 AS all_types UNION ALL SELECT 1) types"
      " WHERE e.id = x.event_id AND src.event_id = e.id AND src.role = 'source' AND tgt.event_id = e.id AND"
      " tgt.role = 'target' GROUP BY x.facet, e.segment, e.negated, " + dyad_type + ", src.code, tgt.code"
      " ON CONFLICT (facet, segment, negated, event, source, target) DO UPDATE SET"
      " events = dyad_counts.events + excluded.events,"
      " goldstein_tenths = dyad_counts.goldstein_tenths + excluded.goldstein_tenths,"
      " source_country = CASE WHEN excluded.source_country > dyad_counts.source_country"
      " THEN excluded.source_country ELSE dyad_counts.source_country END,"
      " target_country = CASE WHEN excluded.target_country > dyad_counts.target_country"
      " THEN excluded.target_country ELSE dyad_counts.target_country END");
  sql.push_back(
      "INSERT INTO place_counts (facet, segment, negated, event, geonameid, name, country, lat, lon, events)"
      " SELECT x.facet, e.segment, e.negated, COALESCE(e.event, ''), COALESCE(e.place_geonameid, 0), e.place_name,"
      " COALESCE(e.place_country, ''), e.lat, e.lon, " + s + "count(*)" + keyed +
      " WHERE e.id = x.event_id AND e.place_name IS NOT NULL AND e.lat IS NOT NULL AND e.lon IS NOT NULL"
      " GROUP BY x.facet, e.segment, e.negated, COALESCE(e.event, ''), COALESCE(e.place_geonameid, 0),"
      " e.place_name, COALESCE(e.place_country, ''), e.lat, e.lon"
      " ON CONFLICT (facet, segment, negated, event, geonameid, name, country, lat, lon) DO UPDATE SET"
      " events = place_counts.events + excluded.events");
  return sql;
}

size_t CountPlaceholders(const std::string& sql) {
  return static_cast<size_t>(std::count(sql.begin(), sql.end(), '?'));
}

}  // namespace dyad::store
