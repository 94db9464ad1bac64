// Event filters: parsing and validating their text form, and their SQL translation.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <tuple>

#include "dyad/formats.h"
#include "derived_rows.h"
#include "filter_sql.h"

namespace dyad {
namespace {

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Actor, country, CAMEO and PLOVER codes: letters, digits and '_' only.
Result<std::string> Code(std::string_view name, std::string_view value, size_t max_length) {
  if (value.size() > max_length) {
    return Status::Error(std::string(name) + ": longer than " + std::to_string(max_length) + " characters");
  }
  for (char c : value) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return Status::Error(std::string(name) + ": expected letters and digits, got '" + std::string(value) + "'");
    }
  }
  return Upper(value);
}

Result<BoundingBox> ParseBox(std::string_view value) {
  double numbers[4];
  size_t start = 0;
  for (int i = 0; i < 4; ++i) {
    const size_t comma = i < 3 ? value.find(',', start) : value.size();
    if (comma == std::string_view::npos) break;
    const std::string_view part = value.substr(start, comma - start);
    auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), numbers[i]);
    if (error != std::errc() || end != part.data() + part.size() || part.empty() || !std::isfinite(numbers[i])) {
      break;
    }
    if (i == 3) {
      BoundingBox box{numbers[0], numbers[1], numbers[2], numbers[3]};
      if (box.min_lon < -180 || box.max_lon > 180 || box.min_lon > 180 || box.max_lon < -180 || box.min_lat < -90 ||
          box.max_lat > 90 || box.min_lat > box.max_lat) {
        return Status::Error("bbox: coordinates out of range (lon -180..180, lat -90..90, minlat <= maxlat)");
      }
      return box;
    }
    start = comma + 1;
  }
  return Status::Error("bbox: expected minlon,minlat,maxlon,maxlat, got '" + std::string(value) + "'");
}

// The smallest string greater than every string starting with `prefix` (ASCII prefixes).
std::string PrefixEnd(const std::string& prefix) {
  std::string end = prefix;
  end.back() = static_cast<char>(end.back() + 1);
  return end;
}

// FTS5 query: every word quoted (a phrase of one word), all required.
std::string FtsQuery(const std::string& text) {
  std::string query, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!query.empty()) query += ' ';
    query += '"' + word + '"';
    word.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return query;
}

}  // namespace

const std::vector<std::string>& EventFilterFieldNames() {
  static const std::vector<std::string> kNames = {"actor", "recipient", "country", "event", "cameo",
                                                  "from",  "to",        "bbox",    "text",  "segment",
                                                  "include_negated",   "doc"};
  return kNames;
}

Status SetEventFilterField(EventFilter& filter, std::string_view name, std::string_view value) {
  auto code = [&](std::string& field, size_t max_length) -> Status {
    auto parsed = Code(name, value, max_length);
    if (!parsed.ok()) return parsed.status();
    field = parsed.value();
    return Status::Ok();
  };
  if (name == "actor") return code(filter.actor, 64);
  if (name == "recipient") return code(filter.recipient, 64);
  if (name == "event") return code(filter.event, 64);
  if (name == "cameo") return code(filter.cameo, 8);
  if (name == "country") {
    DYAD_RETURN_IF_ERROR(code(filter.country, 3));
    if (!filter.country.empty() && filter.country.size() != 3) {
      return Status::Error("country: expected an ISO 3166 alpha-3 code, got '" + std::string(value) + "'");
    }
    return Status::Ok();
  }
  if (name == "from" || name == "to") {
    if (!value.empty() && !IsValidIsoDate(value)) {
      return Status::Error(std::string(name) + ": expected YYYY-MM-DD, got '" + std::string(value) + "'");
    }
    (name == "from" ? filter.from : filter.to) = std::string(value);
    return Status::Ok();
  }
  if (name == "bbox") {
    if (value.empty()) {
      filter.bbox.reset();
      return Status::Ok();
    }
    auto box = ParseBox(value);
    if (!box.ok()) return box.status();
    filter.bbox = box.value();
    return Status::Ok();
  }
  if (name == "text") {
    if (value.size() > 1000) return Status::Error("text: longer than 1000 characters");
    filter.text = std::string(value);
    return Status::Ok();
  }
  if (name == "segment") {
    if (value != "article" && value != "comment" && value != "all") {
      return Status::Error("segment: expected article, comment or all, got '" + std::string(value) + "'");
    }
    filter.segment = std::string(value);
    return Status::Ok();
  }
  if (name == "include_negated") {
    if (value != "0" && value != "1" && value != "true" && value != "false") {
      return Status::Error("include_negated: expected 0 or 1, got '" + std::string(value) + "'");
    }
    filter.include_negated = value == "1" || value == "true";
    return Status::Ok();
  }
  if (name == "doc") {
    filter.doc = std::string(value);
    return Status::Ok();
  }
  return Status::Error("unknown filter '" + std::string(name) + "'");
}

Result<EventSort> ParseEventSort(std::string_view text) {
  if (text == "date") return EventSort::kDate;
  if (text == "-date") return EventSort::kDateDesc;
  if (text == "goldstein") return EventSort::kGoldstein;
  if (text == "-goldstein") return EventSort::kGoldsteinDesc;
  return Status::Error("sort: expected date, -date, goldstein or -goldstein, got '" + std::string(text) + "'");
}

Result<TimelineInterval> ParseTimelineInterval(std::string_view text) {
  if (text == "day") return TimelineInterval::kDay;
  if (text == "week") return TimelineInterval::kWeek;
  if (text == "month") return TimelineInterval::kMonth;
  return Status::Error("interval: expected day, week or month, got '" + std::string(text) + "'");
}

Result<TimelineGroup> ParseTimelineGroup(std::string_view text) {
  if (text == "event") return TimelineGroup::kEvent;
  if (text == "quad_class") return TimelineGroup::kQuadClass;
  if (text == "none") return TimelineGroup::kNone;
  return Status::Error("group: expected event, quad_class or none, got '" + std::string(text) + "'");
}

namespace store {

namespace {

// The facet key of an actor / recipient code prefix, when event_facets holds it.
std::optional<std::string> CodeFacet(const char* kind, const std::string& value) {
  if (value.empty() || value.size() % kFacetCodeBlock != 0 || value.size() > kFacetCodeMaxLength) {
    return std::nullopt;
  }
  return std::string(kind) + value;
}

}  // namespace

std::string CommonTextSql(const std::string& text, Dialect dialect, std::vector<SqlValue>& params) {
  const std::string limit = " LIMIT " + std::to_string(kCommonTextHits) + ") hits";
  if (dialect == Dialect::kPostgres) {
    params.emplace_back(text);
    return "SELECT count(*) FROM (SELECT 1 FROM sentences s WHERE to_tsvector('simple', s.text) @@"
           " plainto_tsquery('simple', ?)" + limit;
  }
  const std::string query = FtsQuery(text);
  if (query.empty()) return "";
  params.emplace_back(query);
  return "SELECT count(*) FROM (SELECT 1 FROM sentence_fts WHERE sentence_fts MATCH ?" + limit;
}

EventSelection SelectEvents(const EventFilter& filter, Dialect dialect, bool need_event_row, bool common_text) {
  std::optional<std::string> actor = CodeFacet("s:", filter.actor);
  std::optional<std::string> recipient = CodeFacet("t:", filter.recipient);
  std::optional<std::string> country;
  if (!filter.country.empty()) country = "c:" + filter.country;
  std::vector<std::string> facets;
  for (const auto* facet : {&actor, &recipient, &country}) {
    if (*facet) facets.push_back(**facet);
  }
  // A document and a rare text are narrower than any facet: drive those from events.
  const bool by_facet = !facets.empty() && (filter.text.empty() || common_text) && filter.doc.empty();
  const bool needs_row = need_event_row || filter.bbox || !filter.text.empty() || !filter.doc.empty() ||
                         (!filter.actor.empty() && !actor) || (!filter.recipient.empty() && !recipient);
  EventSelection sel;
  std::string x;  // alias of the driving table, whose filter columns every condition uses
  if (by_facet) {
    x = "f";
    sel.from = needs_row ? "event_facets f CROSS JOIN events e" : "event_facets f";
    sel.where = "f.facet = ?";
    sel.params.emplace_back(facets.front());
    if (needs_row) sel.where += " AND e.id = f.event_id";
    facets.erase(facets.begin());
    sel.id = "f.event_id";
  } else {
    x = "e";
    sel.from = "events e";
    sel.where = "1 = 1";
    sel.id = "e.id";
  }
  sel.date = x + ".date";
  sel.goldstein = x + ".goldstein";
  sel.event = x + ".event";
  sel.quad_class = x + ".quad_class";
  std::string& where = sel.where;
  auto& params = sel.params;
  if (filter.segment != "all") {
    where += " AND " + x + ".segment = ?";
    params.emplace_back(filter.segment);
  }
  if (!filter.include_negated) where += " AND " + x + ".negated = 0";
  if (!filter.event.empty()) {
    where += " AND " + x + ".event = ?";
    params.emplace_back(filter.event);
  }
  if (!filter.cameo.empty()) {
    where += " AND " + x + ".cameo >= ? AND " + x + ".cameo < ?";
    params.emplace_back(filter.cameo);
    params.emplace_back(PrefixEnd(filter.cameo));
  }
  if (!filter.from.empty()) {
    where += " AND " + x + ".date >= ?";
    params.emplace_back(filter.from);
  }
  if (!filter.to.empty()) {
    where += " AND " + x + ".date <> '' AND " + x + ".date <= ?";
    params.emplace_back(filter.to);
  }
  // Further facets: a probe of event_facets' primary key.
  for (const std::string& facet : facets) {
    where += " AND EXISTS (SELECT 1 FROM event_facets g WHERE g.facet = ? AND g.segment = " + x +
             ".segment AND g.negated = " + x + ".negated AND g.date = " + x + ".date AND g.event_id = " + sel.id +
             ")";
    params.emplace_back(facet);
  }
  for (const auto& [role, value, facet] :
       {std::tuple<const char*, const std::string&, const std::optional<std::string>&>{"source", filter.actor, actor},
        std::tuple<const char*, const std::string&, const std::optional<std::string>&>{"target", filter.recipient,
                                                                                        recipient}}) {
    if (value.empty() || facet) continue;
    where += " AND e.id IN (SELECT a.event_id FROM actors a WHERE a.role = '" + std::string(role) +
             "' AND a.code >= ? AND a.code < ?)";
    params.emplace_back(value);
    params.emplace_back(PrefixEnd(value));
  }
  if (filter.bbox) {
    const BoundingBox& b = *filter.bbox;
    where += " AND e.lat >= ? AND e.lat <= ?";
    params.emplace_back(b.min_lat);
    params.emplace_back(b.max_lat);
    where += b.min_lon <= b.max_lon ? " AND e.lon >= ? AND e.lon <= ?" : " AND (e.lon >= ? OR e.lon <= ?)";
    params.emplace_back(b.min_lon);
    params.emplace_back(b.max_lon);
  }
  if (!filter.text.empty()) {
    // A unary + keeps the planner off the sentence index (both dialects): a common text is
    // tested on the rows of the sort index instead.
    const std::string sentence = common_text ? " AND +e.sentence_id IN" : " AND e.sentence_id IN";
    if (dialect == Dialect::kPostgres) {
      where += sentence + " (SELECT s.id FROM sentences s"
               " WHERE to_tsvector('simple', s.text) @@ plainto_tsquery('simple', ?))";
      params.emplace_back(filter.text);
    } else {
      const std::string query = FtsQuery(filter.text);
      if (!query.empty()) {
        where += sentence + " (SELECT rowid FROM sentence_fts WHERE sentence_fts MATCH ?)";
        params.emplace_back(query);
      }
    }
  }
  if (!filter.doc.empty()) {
    where += " AND e.doc_id = ?";
    params.emplace_back(filter.doc);
  }
  return sel;
}

std::string OrderBy(EventSort sort, const EventSelection& sel) {
  switch (sort) {
    case EventSort::kDate: return sel.date + ", " + sel.id;
    case EventSort::kDateDesc: return sel.date + " DESC, " + sel.id + " DESC";
    case EventSort::kGoldstein: return sel.goldstein + ", " + sel.id;
    case EventSort::kGoldsteinDesc: return sel.goldstein + " DESC, " + sel.id + " DESC";
  }
  return sel.id;
}

std::optional<std::string> AggregateFacet(const EventFilter& filter, bool with_dates) {
  if (!filter.actor.empty() || !filter.recipient.empty() || !filter.cameo.empty() || filter.bbox ||
      !filter.text.empty() || !filter.doc.empty()) {
    return std::nullopt;
  }
  if (!with_dates && (!filter.from.empty() || !filter.to.empty())) return std::nullopt;
  return filter.country.empty() ? std::string() : "c:" + filter.country;
}

}  // namespace store
}  // namespace dyad
