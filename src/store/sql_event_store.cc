// EventStore over SqlConnection (SQLite or PostgreSQL): one write connection, a pool of
// read connections, and the queries of `dyad query` and the HTTP API.
#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <unordered_map>

#include "dyad/store.h"
#include "derived_rows.h"
#include "event_attach.h"
#include "filter_sql.h"
#include "schema.h"
#include "sql_connection.h"

namespace dyad {
namespace {

using store::Dialect;
using store::SqlConnection;
using store::SqlRow;
using store::SqlValue;
using store::ToDouble;
using store::ToInt;
using store::ToText;

using Opener = std::function<Result<std::unique_ptr<SqlConnection>>()>;

SqlValue TextOrNull(const std::string& text) { return text.empty() ? SqlValue(nullptr) : SqlValue(text); }
nlohmann::json JsonOrNull(const std::optional<std::string>& text) {
  return text && !text->empty() ? nlohmann::json(*text) : nlohmann::json(nullptr);
}
double Round1(double value) { return std::round(value * 10.0) / 10.0; }

Result<nlohmann::json> ParseRecord(const std::optional<std::string>& text) {
  nlohmann::json record = nlohmann::json::parse(ToText(text), nullptr, false);
  if (record.is_discarded()) return Status::Error("stored event record is not valid JSON");
  return record;
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(y), m, d);
  return buffer;
}

// The first day of the bucket holding `date` (weeks start on Monday, as ISO weeks do).
std::string Bucket(const std::string& date, TimelineInterval interval) {
  if (date.size() < 10 || interval == TimelineInterval::kDay) return date;
  if (interval == TimelineInterval::kMonth) return date.substr(0, 8) + "01";
  const int64_t days = DaysFromCivil(std::atoi(date.substr(0, 4).c_str()), std::atoi(date.substr(5, 2).c_str()),
                                     std::atoi(date.substr(8, 2).c_str()));
  const int64_t weekday = ((days % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday; Monday = 0
  return CivilFromDays(days - weekday);
}

// A small pool of connections for concurrent readers.
class ConnectionPool {
 public:
  ConnectionPool(Opener open, size_t max_idle) : open_(std::move(open)), max_idle_(max_idle) {}

  // A borrowed connection, returned to the pool when destroyed.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<SqlConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (connection_) pool_->Return(std::move(connection_));
    }
    SqlConnection& operator*() { return *connection_; }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<SqlConnection> connection_;
  };

  Result<Lease> Acquire() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        return Lease(this, std::move(connection));
      }
    }
    auto connection = open_();
    if (!connection.ok()) return connection.status();
    return Lease(this, std::move(connection).value());
  }

 private:
  void Return(std::unique_ptr<SqlConnection> connection) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (idle_.size() < max_idle_) idle_.push_back(std::move(connection));
  }

  Opener open_;
  size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<SqlConnection>> idle_;
};

class SqlEventStore : public EventStore {
 public:
  SqlEventStore(std::string backend, std::unique_ptr<SqlConnection> writer, Opener reader, size_t max_readers,
                Dialect dialect)
      : backend_(std::move(backend)),
        writer_(std::move(writer)),
        readers_(std::move(reader), max_readers),
        dialect_(dialect) {}

  // Refreshes SQLite's planner statistics after writes. A full ANALYZE (seconds on a million
  // events): the sampled form (analysis_limit) misjudged the two-valued segment column as
  // selective and led the planner to the (segment, negated) indexes. PostgreSQL's autovacuum
  // does the same on its own.
  ~SqlEventStore() override {
    if (wrote_ && dialect_ == Dialect::kSqlite) writer_->Exec("ANALYZE;");
  }

  std::string backend() const override { return backend_; }

  Status ReplaceDocuments(const std::vector<StoredDocument>& docs) override {
    if (!writer_) return Status::Error("the event store was opened read-only");
    std::lock_guard<std::mutex> lock(write_mutex_);
    SqlConnection& db = *writer_;
    DYAD_RETURN_IF_ERROR(db.Exec(dialect_ == Dialect::kSqlite ? "BEGIN IMMEDIATE;" : "BEGIN;"));
    Status status;
    for (const StoredDocument& doc : docs) {
      status = WriteDocument(db, doc).WithContext("storing document '" + doc.id + "'");
      if (!status.ok()) break;
    }
    if (!status.ok()) {
      db.Exec("ROLLBACK;");
      return status;
    }
    wrote_ = true;
    return db.Exec("COMMIT;");
  }

  Status ReplaceDocumentsAndAttach(const std::vector<StoredDocument>& docs,
                                   const std::vector<EventReportUpdate>& updates) override {
    if (!writer_) return Status::Error("the event store was opened read-only");
    std::lock_guard<std::mutex> lock(write_mutex_);
    SqlConnection& db = *writer_;
    DYAD_RETURN_IF_ERROR(db.Exec(dialect_ == Dialect::kSqlite ? "BEGIN IMMEDIATE;" : "BEGIN;"));
    const Status status =
        store::ReplaceAndAttach(db, docs, updates, [&](const StoredDocument& doc) { return WriteDocument(db, doc); });
    if (!status.ok()) {
      db.Exec("ROLLBACK;");
      return status;
    }
    wrote_ = true;
    return db.Exec("COMMIT;");
  }

  Result<nlohmann::json> Counts() override {
    return Read([&](SqlConnection& db) -> Result<nlohmann::json> {
      auto documents = store::QueryOne(db, "SELECT count(*) FROM documents", {});
      if (!documents.ok()) return documents.status();
      // The all-events facet of the daily counts holds every event once: no scan of events.
      auto events = store::QueryOne(db, "SELECT COALESCE(sum(events), 0) FROM event_counts WHERE facet = ''", {});
      if (!events.ok()) return events.status();
      return nlohmann::json{{"documents", ToInt((*documents.value())[0])}, {"events", ToInt((*events.value())[0])}};
    });
  }

  Result<nlohmann::json> QueryEvents(const EventQuery& query) override {
    return Read([&](SqlConnection& db) -> Result<nlohmann::json> {
      auto selected = Select(db, query.filter, false);
      if (!selected.ok()) return selected.status();
      const store::EventSelection& sel = selected.value();
      // The total stops counting after count_limit matches: a broad filter costs no more than that.
      std::vector<SqlValue> params = sel.params;
      params.emplace_back(static_cast<int64_t>(query.count_limit) + 1);
      auto total = store::QueryOne(
          db, "SELECT count(*) FROM (SELECT 1 FROM " + sel.from + " WHERE " + sel.where + " LIMIT ?) matches", params);
      if (!total.ok()) return total.status();
      const int64_t counted = ToInt((*total.value())[0]);
      const bool capped = counted > static_cast<int64_t>(query.count_limit);
      nlohmann::json events = nlohmann::json::array();
      Status parse_status;
      // Sort and cut the page on narrow rows, then fetch the records of that page only.
      const bool by_date = query.sort == EventSort::kDate || query.sort == EventSort::kDateDesc;
      const bool descending = query.sort == EventSort::kDateDesc || query.sort == EventSort::kGoldsteinDesc;
      const std::string direction = descending ? " DESC" : "";
      const std::string columns = "SELECT " + sel.id + " AS id, " + (by_date ? sel.date : sel.goldstein) +
                                  " AS sort_key FROM " + sel.from + " WHERE " + sel.where;
      const std::string order = " ORDER BY " + store::OrderBy(query.sort, sel);
      auto codes = CameoCodes(db, query.filter, sel);
      if (!codes.ok()) return codes.status();
      std::string page;
      params.clear();
      if (!codes.value().empty()) {
        // A CAMEO prefix: each code's events come in sort order from (cameo, segment, negated,
        // date|goldstein, id); the page is merged from the first offset + limit of each
        // instead of sorting every event of the prefix.
        for (const std::string& code : codes.value()) {
          page += std::string(page.empty() ? "" : " UNION ALL ") + "SELECT * FROM (" + columns + " AND e.cameo = ?" +
                  order + " LIMIT ?) c" + std::to_string(params.size());
          params.insert(params.end(), sel.params.begin(), sel.params.end());
          params.emplace_back(code);
          params.emplace_back(static_cast<int64_t>(query.offset + query.limit));
        }
        page = "SELECT id, sort_key FROM (" + page + ") merged ORDER BY sort_key" + direction + ", id" + direction;
      } else {
        page = columns + order;
        params = sel.params;
      }
      params.emplace_back(static_cast<int64_t>(query.limit));
      params.emplace_back(static_cast<int64_t>(query.offset));
      DYAD_RETURN_IF_ERROR(db.Query(
          "SELECT r.record FROM (" + page +
              " LIMIT ? OFFSET ?) page CROSS JOIN event_records r WHERE r.event_id = page.id ORDER BY page.sort_key" +
              direction + ", page.id" + direction,
          params, [&](const SqlRow& row) {
            auto record = ParseRecord(row[0]);
            if (!record.ok()) parse_status = record.status();
            events.push_back(record.ok() ? std::move(record).value() : nullptr);
            return true;
          }));
      DYAD_RETURN_IF_ERROR(parse_status);
      return nlohmann::json{{"total", capped ? static_cast<int64_t>(query.count_limit) : counted},
                            {"total_capped", capped},
                            {"limit", query.limit},
                            {"offset", query.offset},
                            {"events", std::move(events)}};
    });
  }

  Status ForEachEvent(const EventFilter& filter, EventSort sort,
                      const std::function<bool(const nlohmann::json&, const std::string&)>& visit) override {
    auto lease = readers_.Acquire();
    if (!lease.ok()) return lease.status();
    SqlConnection& db = *lease.value();
    // Keyset pages: memory stays flat and each page is an index range, however large the store.
    const bool by_date = sort == EventSort::kDate || sort == EventSort::kDateDesc;
    const bool descending = sort == EventSort::kDateDesc || sort == EventSort::kGoldsteinDesc;
    const std::string direction = descending ? " DESC" : "";
    const int64_t kPage = 1000;
    std::optional<std::pair<std::string, std::string>> last;  // (sort key, id) of the last row
    auto selected = Select(db, filter, false);
    if (!selected.ok()) return selected.status();
    while (true) {
      store::EventSelection sel = selected.value();
      const std::string key = by_date ? sel.date : sel.goldstein;
      if (last) {
        sel.where += " AND (" + key + (descending ? " < ? OR (" : " > ? OR (") + key + " = ? AND " + sel.id +
                     (descending ? " < ?))" : " > ?))");
        const SqlValue value = by_date ? SqlValue(last->first) : SqlValue(std::strtod(last->first.c_str(), nullptr));
        sel.params.push_back(value);
        sel.params.push_back(value);
        sel.params.emplace_back(last->second);
      }
      sel.params.emplace_back(kPage);
      int64_t rows = 0;
      bool stop = false;
      Status status;
      DYAD_RETURN_IF_ERROR(db.Query(
          "SELECT r.record, d.url, page.sort_key, page.id FROM (SELECT " + sel.id + " AS id, " + key +
              " AS sort_key FROM " + sel.from + " WHERE " + sel.where + " ORDER BY " + store::OrderBy(sort, sel) +
              " LIMIT ?) page JOIN event_records r ON r.event_id = page.id JOIN events ev ON ev.id = page.id"
              " JOIN documents d ON d.id = ev.doc_id ORDER BY page.sort_key" + direction + ", page.id" + direction,
          sel.params, [&](const SqlRow& row) {
            ++rows;
            last.emplace(ToText(row[2]), ToText(row[3]));
            auto record = ParseRecord(row[0]);
            if (!record.ok()) {
              status = record.status();
              return false;
            }
            stop = !visit(record.value(), ToText(row[1]));
            return !stop;
          }));
      DYAD_RETURN_IF_ERROR(status);
      if (stop || rows < kPage) return Status::Ok();
    }
  }

  Result<std::optional<nlohmann::json>> GetEvent(const std::string& id) override {
    return Read([&](SqlConnection& db) -> Result<std::optional<nlohmann::json>> {
      auto row = store::QueryOne(db, "SELECT record FROM event_records WHERE event_id = ?", {id});
      if (!row.ok()) return row.status();
      if (!row.value()) return std::optional<nlohmann::json>();
      auto record = ParseRecord((*row.value())[0]);
      if (!record.ok()) return record.status();
      nlohmann::json mentions = nlohmann::json::array();
      DYAD_RETURN_IF_ERROR(db.Query(
          "SELECT m.doc_id, m.sentence, s.start_offset, s.end_offset, s.text, m.start_offset, m.end_offset,"
          " m.evidence FROM mentions m LEFT JOIN sentences s ON s.doc_id = m.doc_id AND s.idx = m.sentence"
          " WHERE m.event_id = ? ORDER BY m.seq",
          {id}, [&](const SqlRow& r) {
            nlohmann::json sentence = {{"index", ToInt(r[1])},
                                       {"start", r[2] ? nlohmann::json(ToInt(r[2])) : nlohmann::json(nullptr)},
                                       {"end", r[3] ? nlohmann::json(ToInt(r[3])) : nlohmann::json(nullptr)},
                                       {"text", JsonOrNull(r[4])}};
            nlohmann::json span = nullptr;
            if (r[5] && r[6]) span = {{"start", ToInt(r[5])}, {"end", ToInt(r[6])}};
            mentions.push_back({{"doc_id", ToText(r[0])},
                                {"sentence", std::move(sentence)},
                                {"event_span", std::move(span)},
                                {"evidence", ToText(r[7])}});
            return true;
          }));
      return std::optional<nlohmann::json>(
          nlohmann::json{{"event", std::move(record).value()}, {"mentions", std::move(mentions)}});
    });
  }

  Result<std::optional<nlohmann::json>> GetDocument(const std::string& id) override {
    return Read([&](SqlConnection& db) -> Result<std::optional<nlohmann::json>> {
      auto row = store::QueryOne(db, "SELECT id, date, title, url, source, text FROM documents WHERE id = ?", {id});
      if (!row.ok()) return row.status();
      if (!row.value()) return std::optional<nlohmann::json>();
      const SqlRow& d = *row.value();
      nlohmann::json doc = {{"id", ToText(d[0])},     {"date", JsonOrNull(d[1])},  {"title", JsonOrNull(d[2])},
                            {"url", JsonOrNull(d[3])}, {"source", JsonOrNull(d[4])}, {"text", ToText(d[5])}};
      nlohmann::json sentences = nlohmann::json::array();
      DYAD_RETURN_IF_ERROR(db.Query(
          "SELECT idx, start_offset, end_offset, segment FROM sentences WHERE doc_id = ? ORDER BY idx", {id},
          [&](const SqlRow& r) {
            sentences.push_back(
                {{"index", ToInt(r[0])}, {"start", ToInt(r[1])}, {"end", ToInt(r[2])}, {"segment", ToText(r[3])}});
            return true;
          }));
      struct Span {
        int64_t start, end;
        std::string kind;
        std::optional<std::string> event_id;
        bool operator<(const Span& o) const {
          return std::tie(start, end, kind, event_id) < std::tie(o.start, o.end, o.kind, o.event_id);
        }
      };
      std::vector<Span> spans;
      auto collect = [&](const std::string& sql) {
        return db.Query(sql, {id}, [&](const SqlRow& r) {
          spans.push_back({ToInt(r[0]), ToInt(r[1]), ToText(r[2]), r[3]});
          return true;
        });
      };
      DYAD_RETURN_IF_ERROR(collect(
          "SELECT start_offset, end_offset, 'event', id FROM events WHERE doc_id = ?"));
      DYAD_RETURN_IF_ERROR(collect(
          "SELECT date_start, date_end, 'date', id FROM events WHERE doc_id = ? AND date_start IS NOT NULL"));
      DYAD_RETURN_IF_ERROR(collect(
          "SELECT a.start_offset, a.end_offset, CASE WHEN a.role = 'source' THEN 'actor' ELSE 'recipient' END,"
          " a.event_id FROM actors a JOIN events e ON e.id = a.event_id WHERE e.doc_id = ?"));
      DYAD_RETURN_IF_ERROR(collect(
          "SELECT start_offset, end_offset, 'place', event_id FROM places WHERE doc_id = ?"));
      std::sort(spans.begin(), spans.end());
      nlohmann::json span_list = nlohmann::json::array();
      for (size_t i = 0; i < spans.size(); ++i) {
        const Span& s = spans[i];
        // A toponym of no event is left out where an event's place covers the same span.
        const bool covered = s.kind == "place" && !s.event_id &&
                             std::any_of(spans.begin(), spans.end(), [&](const Span& o) {
                               return o.kind == "place" && o.event_id && o.start == s.start && o.end == s.end;
                             });
        if (covered) continue;
        span_list.push_back({{"start", s.start},
                             {"end", s.end},
                             {"kind", s.kind},
                             {"event_id", s.event_id ? nlohmann::json(*s.event_id) : nlohmann::json(nullptr)}});
      }
      doc["sentences"] = std::move(sentences);
      doc["spans"] = std::move(span_list);
      return std::optional<nlohmann::json>(std::move(doc));
    });
  }

  Result<nlohmann::json> Timeline(const EventFilter& filter, TimelineInterval interval,
                                  TimelineGroup group) override {
    return Read([&](SqlConnection& db) -> Result<nlohmann::json> {
      // Daily counts from the aggregates when they keep every condition of the filter, else
      // from the selected events.
      std::string sql;
      std::vector<SqlValue> params;
      const auto facet = store::AggregateFacet(filter, true);
      if (facet) {
        const std::string key = group == TimelineGroup::kEvent       ? "event"
                                : group == TimelineGroup::kQuadClass ? "quad_class"
                                                                     : "''";
        const std::string group_by = group == TimelineGroup::kNone ? "date" : "date, " + key;
        sql = "SELECT date, " + key + ", sum(events), sum(goldstein_tenths) / 10.0 FROM event_counts WHERE " +
              AggregateWhere(filter, *facet, params) + " AND date <> ''";
        if (!filter.from.empty()) {
          sql += " AND date >= ?";
          params.emplace_back(filter.from);
        }
        if (!filter.to.empty()) {
          sql += " AND date <= ?";
          params.emplace_back(filter.to);
        }
        sql += " GROUP BY " + group_by + " HAVING sum(events) > 0";
      } else {
        auto selected = Select(db, filter, false);
        if (!selected.ok()) return selected.status();
        const store::EventSelection& sel = selected.value();
        params = sel.params;
        // PostgreSQL refuses a constant in GROUP BY: without groups, group by date alone.
        const std::string key = group == TimelineGroup::kEvent       ? "COALESCE(" + sel.event + ", '')"
                                : group == TimelineGroup::kQuadClass ? sel.quad_class
                                                                     : "''";
        const std::string group_by = group == TimelineGroup::kNone ? sel.date : sel.date + ", " + key;
        sql = "SELECT " + sel.date + ", " + key + ", count(*), sum(" + sel.goldstein + ") FROM " + sel.from +
              " WHERE " + sel.where + " AND " + sel.date + " <> '' GROUP BY " + group_by;
      }
      // key -> bucket date -> (count, Goldstein sum)
      std::map<std::string, std::map<std::string, std::pair<int64_t, double>>> series;
      DYAD_RETURN_IF_ERROR(db.Query(sql, params, [&](const SqlRow& r) {
        std::string name = group == TimelineGroup::kNone ? "all" : ToText(r[1]);
        if (name.empty()) name = "none";
        auto& point = series[name][Bucket(ToText(r[0]), interval)];
        point.first += ToInt(r[2]);
        point.second += ToDouble(r[3]);
        return true;
      }));
      std::vector<std::pair<int64_t, nlohmann::json>> ordered;
      for (const auto& [name, points] : series) {
        nlohmann::json list = nlohmann::json::array();
        int64_t total = 0;
        for (const auto& [date, value] : points) {
          list.push_back({{"date", date}, {"count", value.first}, {"goldstein", Round1(value.second)}});
          total += value.first;
        }
        ordered.emplace_back(total, nlohmann::json{{"key", name}, {"points", std::move(list)}});
      }
      // Largest series first; std::map order breaks ties by key.
      std::stable_sort(ordered.begin(), ordered.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      nlohmann::json out_series = nlohmann::json::array();
      for (auto& entry : ordered) out_series.push_back(std::move(entry.second));
      const char* interval_name = interval == TimelineInterval::kDay    ? "day"
                                  : interval == TimelineInterval::kWeek ? "week"
                                                                        : "month";
      const char* group_name = group == TimelineGroup::kEvent       ? "event"
                               : group == TimelineGroup::kQuadClass ? "quad_class"
                                                                    : "none";
      return nlohmann::json{{"interval", interval_name}, {"group", group_name}, {"series", std::move(out_series)}};
    });
  }

  Result<nlohmann::json> Dyads(const EventFilter& filter, size_t limit) override {
    return Read([&](SqlConnection& db) -> Result<nlohmann::json> {
      std::string sql;
      std::vector<SqlValue> params;
      if (const auto facet = store::AggregateFacet(filter, false)) {
        const std::string where = AggregateWhere(filter, *facet, params, true);
        // One segment and negation flag: a pair has one row, no grouping needed.
        sql = filter.segment != "all" && !filter.include_negated
                  ? "SELECT source, target, NULLIF(source_country, ''), NULLIF(target_country, ''), events,"
                    " goldstein_tenths / 10.0 FROM dyad_counts WHERE " + where +
                        " AND events > 0 ORDER BY events DESC, source, target LIMIT ?"
                  : "SELECT source, target, NULLIF(max(source_country), ''), NULLIF(max(target_country), ''),"
                    " sum(events), sum(goldstein_tenths) / 10.0 FROM dyad_counts WHERE " + where +
                        " GROUP BY source, target HAVING sum(events) > 0 ORDER BY sum(events) DESC, source, target"
                        " LIMIT ?";
      } else {
        auto selected = Select(db, filter, false);
        if (!selected.ok()) return selected.status();
        const store::EventSelection& sel = selected.value();
        params = sel.params;
        sql = "SELECT s.code, t.code, max(s.country), max(t.country), count(*), sum(" + sel.goldstein + ") FROM " +
              sel.from + " JOIN actors s ON s.event_id = " + sel.id + " AND s.role = 'source' JOIN actors t ON" +
              " t.event_id = " + sel.id + " AND t.role = 'target' WHERE " + sel.where +
              " GROUP BY s.code, t.code ORDER BY count(*) DESC, s.code, t.code LIMIT ?";
      }
      params.emplace_back(static_cast<int64_t>(limit));
      nlohmann::json edges = nlohmann::json::array();
      std::map<std::string, std::pair<std::optional<std::string>, int64_t>> nodes;  // code -> (country, count)
      auto add_node = [&](const std::string& code, const std::optional<std::string>& country, int64_t count) {
        auto& node = nodes[code];
        if (!node.first && country) node.first = country;
        node.second += count;
      };
      DYAD_RETURN_IF_ERROR(db.Query(sql, params, [&](const SqlRow& r) {
        const int64_t count = ToInt(r[4]);
        edges.push_back({{"source", ToText(r[0])},
                         {"target", ToText(r[1])},
                         {"count", count},
                         {"goldstein", Round1(ToDouble(r[5]))}});
        add_node(ToText(r[0]), r[2], count);
        if (r[1] != r[0]) add_node(ToText(r[1]), r[3], count);
        return true;
      }));
      std::vector<std::pair<std::string, std::pair<std::optional<std::string>, int64_t>>> sorted(nodes.begin(),
                                                                                                  nodes.end());
      std::stable_sort(sorted.begin(), sorted.end(),
                       [](const auto& a, const auto& b) { return a.second.second > b.second.second; });
      nlohmann::json node_list = nlohmann::json::array();
      for (const auto& [code, node] : sorted) {
        node_list.push_back({{"code", code}, {"country", JsonOrNull(node.first)}, {"count", node.second}});
      }
      return nlohmann::json{{"nodes", std::move(node_list)}, {"edges", std::move(edges)}};
    });
  }

  Result<nlohmann::json> Places(const EventFilter& filter, size_t limit) override {
    return Read([&](SqlConnection& db) -> Result<nlohmann::json> {
      std::string sql;
      std::vector<SqlValue> params;
      if (const auto facet = store::AggregateFacet(filter, false)) {
        sql = "SELECT geonameid, name, NULLIF(country, ''), lat, lon, sum(events) FROM place_counts WHERE " +
              AggregateWhere(filter, *facet, params) +
              " GROUP BY geonameid, name, country, lat, lon HAVING sum(events) > 0"
              " ORDER BY sum(events) DESC, name, geonameid LIMIT ?";
      } else {
        auto selected = Select(db, filter, true);
        if (!selected.ok()) return selected.status();
        const store::EventSelection& sel = selected.value();
        params = sel.params;
        sql = "SELECT e.place_geonameid, e.place_name, e.place_country, e.lat, e.lon, count(*) FROM " + sel.from +
              " WHERE " + sel.where +
              " AND e.place_name IS NOT NULL GROUP BY e.place_geonameid, e.place_name, e.place_country, e.lat,"
              " e.lon ORDER BY count(*) DESC, e.place_name, e.place_geonameid LIMIT ?";
      }
      params.emplace_back(static_cast<int64_t>(limit));
      nlohmann::json places = nlohmann::json::array();
      DYAD_RETURN_IF_ERROR(db.Query(sql, params, [&](const SqlRow& r) {
        places.push_back({{"geonameid", ToInt(r[0])},
                          {"name", ToText(r[1])},
                          {"country", JsonOrNull(r[2])},
                          {"lat", ToDouble(r[3])},
                          {"lon", ToDouble(r[4])},
                          {"count", ToInt(r[5])}});
        return true;
      }));
      return nlohmann::json{{"places", std::move(places)}};
    });
  }

 private:
  // The CAMEO codes under the filter's prefix when a page of an events-driven selection is
  // better merged per code (at most 64 codes, found by index seeks); empty otherwise.
  Result<std::vector<std::string>> CameoCodes(SqlConnection& db, const EventFilter& filter,
                                              const store::EventSelection& sel) {
    std::vector<std::string> codes;
    if (filter.cameo.empty() || sel.id != "e.id" || !filter.text.empty() || !filter.doc.empty()) return codes;
    std::string end = filter.cameo;
    end.back() = static_cast<char>(end.back() + 1);
    DYAD_RETURN_IF_ERROR(db.Query(
        "WITH RECURSIVE codes (code) AS (SELECT min(cameo) FROM events WHERE cameo >= ? AND cameo < ?"
        " UNION ALL SELECT (SELECT min(cameo) FROM events WHERE cameo > codes.code AND cameo < ?) FROM codes"
        " WHERE codes.code IS NOT NULL) SELECT code FROM codes WHERE code IS NOT NULL LIMIT 65",
        {filter.cameo, end, end}, [&](const SqlRow& row) {
          codes.push_back(ToText(row[0]));
          return true;
        }));
    if (codes.size() > 64) codes.clear();
    return codes;
  }

  // The selection of `filter`'s events; a text filter first counts its hits (at most
  // kCommonTextHits) to choose how the query is driven.
  Result<store::EventSelection> Select(SqlConnection& db, const EventFilter& filter, bool need_event_row) {
    bool common_text = false;
    std::vector<SqlValue> params;
    const std::string sql = filter.text.empty() ? "" : store::CommonTextSql(filter.text, dialect_, params);
    if (!sql.empty()) {
      auto hits = store::QueryOne(db, sql, params);
      if (!hits.ok()) return hits.status();
      common_text = hits.value() && ToInt((*hits.value())[0]) >= store::kCommonTextHits;
    }
    return store::SelectEvents(filter, dialect_, need_event_row, common_text);
  }

  // The WHERE of an aggregate table for `facet` and the filter's segment, negation and type.
  // `all_types` names the aggregate's '*' rows (dyad_counts) for a filter without a type.
  static std::string AggregateWhere(const EventFilter& filter, const std::string& facet,
                                    std::vector<SqlValue>& params, bool all_types = false) {
    std::string where = "facet = ?";
    params.emplace_back(facet);
    if (filter.segment != "all") {
      where += " AND segment = ?";
      params.emplace_back(filter.segment);
    }
    if (!filter.include_negated) where += " AND negated = 0";
    if (!filter.event.empty() || all_types) {
      where += " AND event = ?";
      params.emplace_back(filter.event.empty() ? std::string("*") : filter.event);
    }
    return where;
  }

  template <typename F>
  auto Read(F&& body) -> decltype(body(std::declval<SqlConnection&>())) {
    auto lease = readers_.Acquire();
    if (!lease.ok()) return lease.status();
    return body(*lease.value());
  }

  // Inserts rows of `columns` values each (`values` holds them row after row), many rows per
  // statement: far fewer round trips, above all to a PostgreSQL server.
  static Status InsertRows(SqlConnection& db, const std::string& insert, size_t columns,
                           std::vector<SqlValue>& values) {
    constexpr size_t kRowsPerStatement = 64;
    std::string row = "(";
    for (size_t c = 0; c < columns; ++c) row += c ? ", ?" : "?";
    row += ")";
    const size_t rows = values.size() / columns;
    for (size_t first = 0; first < rows; first += kRowsPerStatement) {
      const size_t count = std::min(kRowsPerStatement, rows - first);
      std::string sql = insert + " VALUES ";
      for (size_t r = 0; r < count; ++r) sql += (r ? ", " : "") + row;
      std::vector<SqlValue> chunk(std::make_move_iterator(values.begin() + first * columns),
                                  std::make_move_iterator(values.begin() + (first + count) * columns));
      DYAD_RETURN_IF_ERROR(db.Run(sql, chunk));
    }
    values.clear();
    return Status::Ok();
  }

  Status WriteDocument(SqlConnection& db, const StoredDocument& doc) {
    const SqlValue id = doc.id;
    // The old version's facets and aggregate contributions go first, while its rows exist.
    DYAD_RETURN_IF_ERROR(RunDerivedRows(db, doc.id, -1));
    DYAD_RETURN_IF_ERROR(
        db.Run("DELETE FROM event_records WHERE event_id IN (SELECT id FROM events WHERE doc_id = ?)", {id}));
    DYAD_RETURN_IF_ERROR(db.Run("DELETE FROM mentions WHERE event_id IN (SELECT id FROM events WHERE doc_id = ?)", {id}));
    DYAD_RETURN_IF_ERROR(db.Run("DELETE FROM actors WHERE event_id IN (SELECT id FROM events WHERE doc_id = ?)", {id}));
    DYAD_RETURN_IF_ERROR(db.Run("DELETE FROM places WHERE doc_id = ?", {id}));
    DYAD_RETURN_IF_ERROR(db.Run("DELETE FROM events WHERE doc_id = ?", {id}));
    DYAD_RETURN_IF_ERROR(db.Run("DELETE FROM sentences WHERE doc_id = ?", {id}));
    DYAD_RETURN_IF_ERROR(db.Run("DELETE FROM documents WHERE id = ?", {id}));
    DYAD_RETURN_IF_ERROR(db.Run("INSERT INTO documents (id, date, title, url, source, text) VALUES (?, ?, ?, ?, ?, ?)",
                                {id, TextOrNull(doc.date), TextOrNull(doc.title), TextOrNull(doc.url),
                                 TextOrNull(doc.source), doc.text}));
    std::vector<SqlValue> values;
    for (const StoredSentence& s : doc.sentences) {
      values.insert(values.end(), {id, int64_t{s.index}, int64_t{s.start}, int64_t{s.end}, s.segment, s.text});
    }
    DYAD_RETURN_IF_ERROR(
        InsertRows(db, "INSERT INTO sentences (doc_id, idx, start_offset, end_offset, segment, text)", 6, values));
    std::unordered_map<int64_t, const StoredPlace*> event_places;
    for (const StoredPlace& p : doc.places) {
      if (p.event_index >= 0) event_places.emplace(p.event_index, &p);
    }
    std::vector<SqlValue> actors, mentions, records;
    for (size_t i = 0; i < doc.events.size(); ++i) {
      const StoredEvent& e = doc.events[i];
      auto place = event_places.find(static_cast<int64_t>(i));
      const StoredPlace* p = place == event_places.end() ? nullptr : place->second;
      values.insert(values.end(),
                    {e.id, id, static_cast<int64_t>(i), e.date, TextOrNull(e.event), e.cameo, TextOrNull(e.mode),
                     int64_t{e.quad_class}, Round1(e.goldstein), e.segment, int64_t{e.negated ? 1 : 0},
                     int64_t{e.sentence}, int64_t{e.start}, int64_t{e.end},
                     e.date_span ? SqlValue(int64_t{e.date_span->first}) : SqlValue(nullptr),
                     e.date_span ? SqlValue(int64_t{e.date_span->second}) : SqlValue(nullptr),
                     p ? SqlValue(p->geonameid) : SqlValue(nullptr), p ? SqlValue(p->name) : SqlValue(nullptr),
                     p ? TextOrNull(p->country) : SqlValue(nullptr), p ? SqlValue(p->lat) : SqlValue(nullptr),
                     p ? SqlValue(p->lon) : SqlValue(nullptr)});
      records.insert(records.end(), {e.id, e.record});
      for (const StoredActor& a : e.actors) {
        actors.insert(actors.end(), {e.id, a.role, a.code, TextOrNull(a.country), TextOrNull(a.sector), a.text,
                                     int64_t{a.start}, int64_t{a.end}});
      }
      for (size_t m = 0; m < e.mentions.size(); ++m) {
        const StoredMention& mention = e.mentions[m];
        SqlValue start = int64_t{mention.start}, end = int64_t{mention.end};
        if (mention.byte_offsets) {
          auto converted = MentionOffsets(db, doc, mention);
          if (!converted.ok()) return converted.status();
          start = converted.value() ? SqlValue(int64_t{converted.value()->first}) : SqlValue(nullptr);
          end = converted.value() ? SqlValue(int64_t{converted.value()->second}) : SqlValue(nullptr);
        }
        mentions.insert(mentions.end(), {e.id, static_cast<int64_t>(m), mention.doc_id, int64_t{mention.sentence},
                                         start, end, mention.evidence});
      }
    }
    DYAD_RETURN_IF_ERROR(InsertRows(
        db,
        "INSERT INTO events (id, doc_id, seq, date, event, cameo, mode, quad_class, goldstein, segment, negated,"
        " sentence, start_offset, end_offset, date_start, date_end, place_geonameid, place_name, place_country,"
        " lat, lon)",
        21, values));
    DYAD_RETURN_IF_ERROR(InsertRows(db, "INSERT INTO event_records (event_id, record)", 2, records));
    DYAD_RETURN_IF_ERROR(db.Run("UPDATE events SET sentence_id = (SELECT s.id FROM sentences s WHERE s.doc_id ="
                                " events.doc_id AND s.idx = events.sentence) WHERE doc_id = ?",
                                {id}));
    DYAD_RETURN_IF_ERROR(InsertRows(
        db, "INSERT INTO actors (event_id, role, code, country, sector, text, start_offset, end_offset)", 8, actors));
    DYAD_RETURN_IF_ERROR(InsertRows(
        db, "INSERT INTO mentions (event_id, seq, doc_id, sentence, start_offset, end_offset, evidence)", 7,
        mentions));
    for (const StoredPlace& p : doc.places) {
      values.insert(values.end(),
                    {id, p.event_index >= 0 ? SqlValue(doc.events[p.event_index].id) : SqlValue(nullptr),
                     p.geonameid, TextOrNull(p.name), TextOrNull(p.country), TextOrNull(p.admin1), p.lat, p.lon,
                     TextOrNull(p.precision), p.text, int64_t{p.start}, int64_t{p.end}});
    }
    DYAD_RETURN_IF_ERROR(InsertRows(db,
                                    "INSERT INTO places (doc_id, event_id, geonameid, name, country, admin1, lat,"
                                    " lon, place_precision, text, start_offset, end_offset)",
                                    12, values));
    return RunDerivedRows(db, doc.id, +1);
  }

  // Adds (+1) or removes (-1) the facets and aggregate contributions of a document's events.
  static Status RunDerivedRows(SqlConnection& db, const std::string& doc_id, int sign) {
    auto bind = [&](const std::string& sql) {
      return std::vector<SqlValue>(store::CountPlaceholders(sql), SqlValue(doc_id));
    };
    const std::string facets = store::FacetRowsSql("e.doc_id = ?");
    if (sign > 0) {
      DYAD_RETURN_IF_ERROR(db.Run(
          "INSERT INTO event_facets (facet, segment, negated, date, event, cameo, quad_class, goldstein, event_id) " +
              facets,
          bind(facets)));
    } else {
      // Each old facet row is deleted by its whole primary key: a delete by event id alone
      // would scan every row of the facet (a large country has hundreds of thousands).
      std::vector<std::vector<SqlValue>> keys;
      DYAD_RETURN_IF_ERROR(db.Query(facets, bind(facets), [&](const SqlRow& r) {
        keys.push_back({ToText(r[0]), ToText(r[1]), ToInt(r[2]), ToText(r[3]), ToText(r[8])});
        return true;
      }));
      for (const auto& key : keys) {
        DYAD_RETURN_IF_ERROR(db.Run("DELETE FROM event_facets WHERE facet = ? AND segment = ? AND negated = ? AND"
                                    " date = ? AND event_id = ?",
                                    key));
      }
    }
    for (const std::string& sql : store::AggregateRowsSql("e.doc_id = ?", sign)) {
      DYAD_RETURN_IF_ERROR(db.Run(sql, bind(sql)));
    }
    return Status::Ok();
  }

  // Code-point offsets of a mention in another stored document; nullopt when that document
  // is not in the store (or the offsets do not fit its text).
  static Result<std::optional<std::pair<uint32_t, uint32_t>>> MentionOffsets(SqlConnection& db,
                                                                             const StoredDocument& doc,
                                                                             const StoredMention& mention) {
    auto row = store::QueryOne(db, "SELECT text FROM documents WHERE id = ?", {mention.doc_id});
    if (!row.ok()) return row.status();
    if (!row.value() || mention.doc_id == doc.id) return std::optional<std::pair<uint32_t, uint32_t>>();
    const std::string text = ToText((*row.value())[0]);
    if (mention.end > text.size() || mention.start > mention.end) {
      return std::optional<std::pair<uint32_t, uint32_t>>();
    }
    auto codepoints = [&](uint32_t byte) {
      uint32_t count = 0;
      for (uint32_t i = 0; i < byte; ++i) count += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
      return count;
    };
    return std::optional<std::pair<uint32_t, uint32_t>>(std::make_pair(codepoints(mention.start),
                                                                       codepoints(mention.end)));
  }

  std::string backend_;
  std::unique_ptr<SqlConnection> writer_;
  std::mutex write_mutex_;
  bool wrote_ = false;  // guarded by write_mutex_
  ConnectionPool readers_;
  Dialect dialect_;
};

}  // namespace

Result<std::unique_ptr<EventStore>> OpenEventStore(const std::string& url, const StoreOptions& options) {
  if (url.empty()) return Status::Error("empty store URL (use a file path, sqlite:PATH or postgresql://...)");
  const bool postgres = url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
  std::string path = url;
  if (!postgres) {
    if (url.rfind("sqlite:", 0) == 0) {
      path = url.substr(7);
      if (path.rfind("//", 0) == 0) path = path.substr(2);
    } else if (const size_t scheme = url.find("://"); scheme != std::string::npos &&
                                                       url.find('/') > scheme) {
      return Status::Error("unsupported store URL '" + url +
                           "' (use a file path, sqlite:PATH, or postgresql://USER@HOST/DB)");
    }
    if (path.empty()) return Status::Error("store URL '" + url + "' names no file");
  }
  const std::string name = postgres ? "PostgreSQL store" : "SQLite store " + path;
  Opener open_reader;
  if (postgres) {
    open_reader = [url] { return store::OpenPostgres(url); };
  } else {
    open_reader = [path] { return store::OpenSqlite(path, true); };
  }
  std::unique_ptr<SqlConnection> writer;
  if (options.read_only) {
    auto reader = open_reader();
    if (!reader.ok()) return reader.status();
    DYAD_RETURN_IF_ERROR(store::CheckSchema(*reader.value(), name));
  } else {
    if (!postgres && !options.create) {
      std::FILE* file = std::fopen(path.c_str(), "rb");
      if (file == nullptr) return Status::Error("no SQLite store at " + path);
      std::fclose(file);
    }
    auto opened = postgres ? store::OpenPostgres(url) : store::OpenSqlite(path, false);
    if (!opened.ok()) return opened.status();
    writer = std::move(opened).value();
    DYAD_RETURN_IF_ERROR(store::PrepareSchema(*writer, options.create, name));
  }
  return std::unique_ptr<EventStore>(new SqlEventStore(postgres ? "postgresql" : "sqlite", std::move(writer),
                                                       std::move(open_reader), std::max<size_t>(1, options.max_readers),
                                                       postgres ? Dialect::kPostgres : Dialect::kSqlite));
}

}  // namespace dyad
