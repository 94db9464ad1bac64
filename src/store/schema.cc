// Schema versions:
//   1  documents, sentences, events (filter columns + JSON record), mentions, actors, places
//   2  full-text index over sentence text (SQLite FTS5 / PostgreSQL GIN on to_tsvector)
//   3  covering indexes for dyads and places
//   4  narrow events rows (records in event_records, sentence_id for text search), event_facets
//      (country / actor / recipient keys with the filter columns), composite indexes, and
//      aggregates maintained on write (event_counts, dyad_counts, place_counts)
#include "schema.h"

#include "derived_rows.h"

#include "dyad/store.h"

namespace dyad::store {
namespace {

// Codes and dates compare byte-wise ("C" collation in PostgreSQL) so prefix ranges work.
std::string Version1(Dialect dialect) {
  const bool pg = dialect == Dialect::kPostgres;
  const std::string code = pg ? "TEXT COLLATE \"C\"" : "TEXT";
  const std::string serial = pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY";
  return "CREATE TABLE documents (id " + code +
         " PRIMARY KEY, date TEXT, title TEXT, url TEXT, source TEXT, text TEXT NOT NULL);"
         "CREATE TABLE sentences (id " + serial + ", doc_id " + code +
         " NOT NULL, idx INTEGER NOT NULL, start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL,"
         " segment TEXT NOT NULL, text TEXT NOT NULL, UNIQUE (doc_id, idx));"
         "CREATE TABLE events (id " + code + " PRIMARY KEY, doc_id " + code +
         " NOT NULL, seq INTEGER NOT NULL, date " + code + " NOT NULL, event " + code + ", cameo " + code +
         " NOT NULL, mode TEXT, quad_class INTEGER NOT NULL, goldstein DOUBLE PRECISION NOT NULL,"
         " segment " + code + " NOT NULL, negated INTEGER NOT NULL, sentence INTEGER NOT NULL,"
         " start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL, date_start INTEGER, date_end INTEGER,"
         " place_geonameid BIGINT, place_name TEXT, place_country " + code +
         ", lat DOUBLE PRECISION, lon DOUBLE PRECISION, record TEXT NOT NULL);"
         "CREATE INDEX events_doc ON events (doc_id, seq);"
         "CREATE INDEX events_date ON events (segment, negated, date, id);"
         "CREATE INDEX events_goldstein ON events (segment, negated, goldstein, id);"
         "CREATE INDEX events_type ON events (event, date);"
         "CREATE INDEX events_cameo ON events (cameo);"
         "CREATE INDEX events_place_country ON events (place_country);"
         "CREATE INDEX events_lat ON events (lat);"
         "CREATE TABLE mentions (event_id " + code + " NOT NULL, seq INTEGER NOT NULL, doc_id " + code +
         " NOT NULL, sentence INTEGER NOT NULL, start_offset INTEGER, end_offset INTEGER, evidence TEXT NOT NULL,"
         " PRIMARY KEY (event_id, seq));"
         "CREATE INDEX mentions_doc ON mentions (doc_id);"
         "CREATE TABLE actors (event_id " + code + " NOT NULL, role " + code + " NOT NULL, code " + code +
         " NOT NULL, country " + code + ", sector TEXT, text TEXT NOT NULL, start_offset INTEGER NOT NULL,"
         " end_offset INTEGER NOT NULL);"
         "CREATE INDEX actors_event ON actors (event_id);"
         "CREATE INDEX actors_code ON actors (role, code, event_id);"
         "CREATE INDEX actors_country ON actors (country, event_id);"
         "CREATE TABLE places (doc_id " + code + " NOT NULL, event_id " + code +
         ", geonameid BIGINT, name TEXT, country " + code +
         ", admin1 TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION, place_precision TEXT, text TEXT NOT NULL,"
         " start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL);"
         "CREATE INDEX places_doc ON places (doc_id);"
         "CREATE TABLE schema_version (version INTEGER NOT NULL);"
         "INSERT INTO schema_version (version) VALUES (1);";
}

std::string Version2(Dialect dialect) {
  if (dialect == Dialect::kPostgres) {
    return "CREATE INDEX sentences_text ON sentences USING gin (to_tsvector('simple', text));"
           "UPDATE schema_version SET version = 2;";
  }
  return "CREATE VIRTUAL TABLE sentence_fts USING fts5(text, content='sentences', content_rowid='id');"
         "CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN"
         " INSERT INTO sentence_fts (rowid, text) VALUES (new.id, new.text); END;"
         "CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN"
         " INSERT INTO sentence_fts (sentence_fts, rowid, text) VALUES ('delete', old.id, old.text); END;"
         "INSERT INTO sentence_fts (sentence_fts) VALUES ('rebuild');"
         "UPDATE schema_version SET version = 2;";
}

// Covering indexes for the aggregates: actor pairs and places come from index entries alone.
std::string Version3() {
  return "CREATE INDEX actors_event_role ON actors (event_id, role, code, country);"
         "DROP INDEX actors_event;"
         "CREATE INDEX events_place ON events (segment, negated, place_name, place_geonameid, place_country, lat, lon);"
         "UPDATE schema_version SET version = 3;";
}

// Narrow rows and the tables and indexes of fast filtered reads. The events table is rebuilt
// without its record column so that filter scans read ~150-byte rows instead of ~1.5 KB ones.
std::string Version4(Dialect dialect) {
  const bool pg = dialect == Dialect::kPostgres;
  const std::string code = pg ? "TEXT COLLATE \"C\"" : "TEXT";
  const std::string clustered = pg ? ")" : ") WITHOUT ROWID";
  const std::string columns =
      "id, doc_id, seq, date, event, cameo, mode, quad_class, goldstein, segment, negated, sentence,"
      " start_offset, end_offset, date_start, date_end, place_geonameid, place_name, place_country, lat, lon";
  std::string sql =
      "CREATE TABLE event_records (event_id " + code + " PRIMARY KEY, record TEXT NOT NULL);"
      "INSERT INTO event_records (event_id, record) SELECT id, record FROM events;"
      "CREATE TABLE events_v4 (id " + code + " PRIMARY KEY, doc_id " + code +
      " NOT NULL, seq INTEGER NOT NULL, date " + code + " NOT NULL, event " + code + ", cameo " + code +
      " NOT NULL, mode TEXT, quad_class INTEGER NOT NULL, goldstein DOUBLE PRECISION NOT NULL,"
      " segment " + code + " NOT NULL, negated INTEGER NOT NULL, sentence INTEGER NOT NULL,"
      " start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL, date_start INTEGER, date_end INTEGER,"
      " place_geonameid BIGINT, place_name TEXT, place_country " + code +
      ", lat DOUBLE PRECISION, lon DOUBLE PRECISION, sentence_id BIGINT);"
      "INSERT INTO events_v4 (" + columns + ", sentence_id) SELECT " + columns +
      ", (SELECT s.id FROM sentences s WHERE s.doc_id = events.doc_id AND s.idx = events.sentence) FROM events"
      " ORDER BY doc_id, seq;"
      "DROP TABLE events;"
      "ALTER TABLE events_v4 RENAME TO events;"
      "CREATE INDEX events_doc ON events (doc_id, seq);"
      "CREATE INDEX events_date ON events (segment, negated, date, id);"
      "CREATE INDEX events_goldstein ON events (segment, negated, goldstein, id);"
      "CREATE INDEX events_type ON events (event, segment, negated, date, id);"
      "CREATE INDEX events_type_goldstein ON events (event, segment, negated, goldstein, id);"
      "CREATE INDEX events_cameo ON events (cameo, segment, negated, date, id);"
      "CREATE INDEX events_cameo_goldstein ON events (cameo, segment, negated, goldstein, id);"
      "CREATE INDEX events_sentence ON events (sentence_id);"
      "CREATE INDEX events_lat ON events (lat);"
      "CREATE INDEX events_place ON events (segment, negated, place_name, place_geonameid, place_country, lat, lon);"
      "CREATE TABLE event_facets (facet " + code + " NOT NULL, segment " + code +
      " NOT NULL, negated INTEGER NOT NULL, date " + code + " NOT NULL, event " + code + ", cameo " + code +
      " NOT NULL, quad_class INTEGER NOT NULL, goldstein DOUBLE PRECISION NOT NULL, event_id " + code +
      " NOT NULL, PRIMARY KEY (facet, segment, negated, date, event_id)" + clustered + ";"
      "CREATE TABLE event_counts (facet " + code + " NOT NULL, segment " + code +
      " NOT NULL, negated INTEGER NOT NULL, date " + code + " NOT NULL, event " + code +
      " NOT NULL, quad_class INTEGER NOT NULL, events BIGINT NOT NULL, goldstein_tenths BIGINT NOT NULL,"
      " PRIMARY KEY (facet, segment, negated, date, event, quad_class)" + clustered + ";"
      "CREATE TABLE dyad_counts (facet " + code + " NOT NULL, segment " + code +
      " NOT NULL, negated INTEGER NOT NULL, event " + code + " NOT NULL, source " + code +
      " NOT NULL, target " + code + " NOT NULL, source_country " + code + " NOT NULL, target_country " + code +
      " NOT NULL, events BIGINT NOT NULL, goldstein_tenths BIGINT NOT NULL,"
      " PRIMARY KEY (facet, segment, negated, event, source, target)" + clustered + ";"
      "CREATE TABLE place_counts (facet " + code + " NOT NULL, segment " + code +
      " NOT NULL, negated INTEGER NOT NULL, event " + code +
      " NOT NULL, geonameid BIGINT NOT NULL, name TEXT NOT NULL, country " + code +
      " NOT NULL, lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL, events BIGINT NOT NULL,"
      " PRIMARY KEY (facet, segment, negated, event, geonameid, name, country, lat, lon)" + clustered + ";";
  sql += "INSERT INTO event_facets (facet, segment, negated, date, event, cameo, quad_class, goldstein, event_id) " +
         FacetRowsSql("1 = 1") + ";";
  // Facet and event type together (country=IND&event=ASSAULT) read one range of this index.
  sql += "CREATE INDEX event_facets_type ON event_facets (facet, event, segment, negated, date, event_id);";
  for (const std::string& statement : AggregateRowsSql("1 = 1", +1)) sql += statement + ";";
  return sql + "UPDATE schema_version SET version = 4;";
}

// The step that upgrades a database from version `from` to `from + 1`.
std::string Migration(Dialect dialect, int from) {
  switch (from) {
    case 0: return Version1(dialect);
    case 1: return Version2(dialect);
    case 2: return Version3();
    default: return Version4(dialect);
  }
}

Result<bool> TableExists(SqlConnection& db, const std::string& table) {
  const std::string sql = db.dialect() == Dialect::kPostgres
                              ? "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
                                " AND table_name = ?"
                              : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?";
  auto row = QueryOne(db, sql, {table});
  if (!row.ok()) return row.status();
  return row.value() && ToInt((*row.value())[0]) > 0;
}

// The stored schema version; 0 for a database without dyad tables.
Result<int> StoredVersion(SqlConnection& db, const std::string& name) {
  auto has_version = TableExists(db, "schema_version");
  if (!has_version.ok()) return has_version.status();
  if (!has_version.value()) {
    for (const char* table : {"documents", "events", "sentences"}) {
      auto exists = TableExists(db, table);
      if (!exists.ok()) return exists.status();
      if (exists.value()) {
        return Status::Error(name + " has a '" + table +
                             "' table but no schema_version table: not a dyad event store");
      }
    }
    return 0;
  }
  auto row = QueryOne(db, "SELECT max(version) FROM schema_version", {});
  if (!row.ok()) return row.status();
  if (!row.value() || !(*row.value())[0]) return Status::Error(name + ": schema_version table is empty");
  return static_cast<int>(ToInt((*row.value())[0]));
}

Status RefuseNewer(int version, const std::string& name) {
  return Status::Error(name + " has store schema version " + std::to_string(version) +
                       ", newer than this dyad supports (" + std::to_string(kStoreSchemaVersion) +
                       "); use a newer dyad");
}

}  // namespace

Status PrepareSchema(SqlConnection& db, bool create, const std::string& name) {
  const bool pg = db.dialect() == Dialect::kPostgres;
  // The usual case, a current store, needs no lock: readers and writers elsewhere go on.
  auto current = StoredVersion(db, name);
  if (current.ok() && current.value() == kStoreSchemaVersion) return Status::Ok();
  // One migrator at a time: SQLite takes the write lock, PostgreSQL an advisory lock.
  DYAD_RETURN_IF_ERROR(db.Exec(pg ? "BEGIN; SELECT pg_advisory_xact_lock(7031952);" : "BEGIN IMMEDIATE;"));
  auto version = StoredVersion(db, name);
  Status status = version.status();
  if (status.ok() && version.value() > kStoreSchemaVersion) status = RefuseNewer(version.value(), name);
  if (status.ok() && version.value() == 0 && !create) {
    status = Status::Error(name + " holds no dyad event store (write one with `dyad code --db`)");
  }
  for (int v = status.ok() ? version.value() : kStoreSchemaVersion; v < kStoreSchemaVersion && status.ok(); ++v) {
    status = db.Exec(Migration(db.dialect(), v))
                 .WithContext(name + ": upgrading store schema from version " + std::to_string(v));
  }
  if (!status.ok()) {
    db.Exec("ROLLBACK;");
    return status;
  }
  DYAD_RETURN_IF_ERROR(db.Exec("COMMIT;"));
  // A migrated SQLite store gets planner statistics for its new tables and indexes at once.
  return pg || version.value() == 0 ? Status::Ok() : db.Exec("ANALYZE;");
}

Status CheckSchema(SqlConnection& db, const std::string& name) {
  auto version = StoredVersion(db, name);
  if (!version.ok()) return version.status();
  if (version.value() == 0) return Status::Error(name + " holds no dyad event store");
  if (version.value() > kStoreSchemaVersion) return RefuseNewer(version.value(), name);
  if (version.value() < kStoreSchemaVersion) {
    return Status::Error(name + " has store schema version " + std::to_string(version.value()) +
                         "; open it once for writing (e.g. `dyad stats --db URL`) to upgrade it to version " +
                         std::to_string(kStoreSchemaVersion));
  }
  return Status::Ok();
}

}  // namespace dyad::store
