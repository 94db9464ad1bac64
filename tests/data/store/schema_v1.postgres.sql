-- A version-1 dyad event store (before the full-text index of version 2), kept to test the
-- upgrade on open. One document, one sentence, one event.
CREATE TABLE documents (id TEXT COLLATE "C" PRIMARY KEY, date TEXT, title TEXT, url TEXT, source TEXT, text TEXT NOT NULL);
CREATE TABLE sentences (id BIGSERIAL PRIMARY KEY, doc_id TEXT COLLATE "C" NOT NULL, idx INTEGER NOT NULL, start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL, segment TEXT NOT NULL, text TEXT NOT NULL, UNIQUE (doc_id, idx));
CREATE TABLE events (id TEXT COLLATE "C" PRIMARY KEY, doc_id TEXT COLLATE "C" NOT NULL, seq INTEGER NOT NULL, date TEXT COLLATE "C" NOT NULL, event TEXT COLLATE "C", cameo TEXT COLLATE "C" NOT NULL, mode TEXT, quad_class INTEGER NOT NULL, goldstein DOUBLE PRECISION NOT NULL, segment TEXT COLLATE "C" NOT NULL, negated INTEGER NOT NULL, sentence INTEGER NOT NULL, start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL, date_start INTEGER, date_end INTEGER, place_geonameid BIGINT, place_name TEXT, place_country TEXT COLLATE "C", lat DOUBLE PRECISION, lon DOUBLE PRECISION, record TEXT NOT NULL);
CREATE INDEX events_doc ON events (doc_id, seq);
CREATE INDEX events_date ON events (segment, negated, date, id);
CREATE INDEX events_goldstein ON events (segment, negated, goldstein, id);
CREATE INDEX events_type ON events (event, date);
CREATE INDEX events_cameo ON events (cameo);
CREATE INDEX events_place_country ON events (place_country);
CREATE INDEX events_lat ON events (lat);
CREATE TABLE mentions (event_id TEXT COLLATE "C" NOT NULL, seq INTEGER NOT NULL, doc_id TEXT COLLATE "C" NOT NULL, sentence INTEGER NOT NULL, start_offset INTEGER, end_offset INTEGER, evidence TEXT NOT NULL, PRIMARY KEY (event_id, seq));
CREATE INDEX mentions_doc ON mentions (doc_id);
CREATE TABLE actors (event_id TEXT COLLATE "C" NOT NULL, role TEXT COLLATE "C" NOT NULL, code TEXT COLLATE "C" NOT NULL, country TEXT COLLATE "C", sector TEXT, text TEXT NOT NULL, start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL);
CREATE INDEX actors_event ON actors (event_id);
CREATE INDEX actors_code ON actors (role, code, event_id);
CREATE INDEX actors_country ON actors (country, event_id);
CREATE TABLE places (doc_id TEXT COLLATE "C" NOT NULL, event_id TEXT COLLATE "C", geonameid BIGINT, name TEXT, country TEXT COLLATE "C", admin1 TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION, place_precision TEXT, text TEXT NOT NULL, start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL);
CREATE INDEX places_doc ON places (doc_id);
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version (version) VALUES (1);
INSERT INTO documents (id, date, title, url, source, text) VALUES ('old', '2020-05-01', NULL, NULL, NULL, 'The parties agreed a ceasefire.');
INSERT INTO sentences (doc_id, idx, start_offset, end_offset, segment, text) VALUES ('old', 0, 0, 31, 'article', 'The parties agreed a ceasefire.');
INSERT INTO events (id, doc_id, seq, date, event, cameo, mode, quad_class, goldstein, segment, negated, sentence, start_offset, end_offset, record) VALUES ('old:1', 'old', 0, '2020-05-01', 'AGREE', '057', NULL, 1, 8.0, 'article', 0, 0, 12, 18, '{"id":"old:1","doc_id":"old","event":"AGREE","cameo":"057"}');
INSERT INTO mentions (event_id, seq, doc_id, sentence, start_offset, end_offset, evidence) VALUES ('old:1', 0, 'old', 0, 12, 18, 'agreed');
