// Rows derived from the events and actors tables: the facet keys of each event and the
// aggregates (event_counts, dyad_counts, place_counts) that answer broad reads without
// visiting the events. Kept in step by ReplaceDocuments and built by the version-4 migration.
#pragma once

#include <string>
#include <vector>

namespace dyad::store {

/// Actor and recipient codes are keyed at these prefix lengths (CAMEO codes are 3-letter
/// blocks); a code filter of another length is answered from the actors table instead.
inline constexpr size_t kFacetCodeBlock = 3;
inline constexpr size_t kFacetCodeMaxLength = 30;

/// The rows of event_facets (facet, segment, negated, date, event, cameo, quad_class,
/// goldstein, event_id) of the events that `condition` selects: an SQL condition over events
/// aliased `e`, e.g. "e.doc_id = ?", whose placeholders must be bound once per occurrence
/// (see CountPlaceholders).
std::string FacetRowsSql(const std::string& condition);

/// The upserts that add (`sign` +1) or remove (`sign` -1) the aggregate contributions of the
/// events that `condition` selects. Removal must run while the events and actors rows exist.
std::vector<std::string> AggregateRowsSql(const std::string& condition, int sign);

/// The number of `?` placeholders in `sql`.
size_t CountPlaceholders(const std::string& sql);

}  // namespace dyad::store
