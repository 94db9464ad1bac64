// The event store: coded documents and events in SQLite or PostgreSQL, and the queries the
// CLI (`dyad query`, `dyad export`, `dyad stats`) and the HTTP API run over them.
//
// Offsets: Document and Event hold byte offsets; everything the store keeps and returns is in
// Unicode code points, like the JSON event records of `dyad code`.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/formats.h"
#include "dyad/status.h"

namespace dyad {

/// The schema version this build writes; older stores are upgraded on open, newer refused.
inline constexpr int kStoreSchemaVersion = 4;

/// How many matches an event query counts at most by default (the `total` of a page).
inline constexpr size_t kEventTotalCap = 10000;

/// A geographic box; when min_lon > max_lon the box crosses the antimeridian.
struct BoundingBox {
  double min_lon = 0;  ///< western edge, degrees
  double min_lat = 0;  ///< southern edge, degrees
  double max_lon = 0;  ///< eastern edge, degrees
  double max_lat = 0;  ///< northern edge, degrees
};

/// Which events a query selects. Empty strings mean "no restriction".
struct EventFilter {
  std::string actor;       ///< source actor code prefix, e.g. "IRQ" or "USAGOV"
  std::string recipient;   ///< target actor code prefix
  std::string country;     ///< ISO3 of an actor, a recipient or the event's place
  std::string event;       ///< PLOVER event type, e.g. "ASSAULT"
  std::string cameo;       ///< CAMEO code prefix, e.g. "19"
  std::string from;        ///< first event date, YYYY-MM-DD (inclusive)
  std::string to;          ///< last event date, YYYY-MM-DD (inclusive)
  std::optional<BoundingBox> bbox;  ///< events whose place lies inside the box
  std::string text;        ///< words that must all occur in the event's sentence (case-insensitive)
  std::string segment = "article";  ///< article, comment or all
  bool include_negated = false;     ///< also select events flagged as negated
  std::string doc;         ///< only events of this document id
};

/// Names of the filter fields, as used by `dyad query` flags and HTTP query parameters.
const std::vector<std::string>& EventFilterFieldNames();

/// Sets one filter field by name from its text form ("actor", "bbox", "include_negated", ...),
/// validating the value; returns an error naming the field for a bad value or unknown name.
Status SetEventFilterField(EventFilter& filter, std::string_view name, std::string_view value);

/// Sort orders of an event query.
enum class EventSort { kDate, kDateDesc, kGoldstein, kGoldsteinDesc };

/// Parses "date", "-date", "goldstein" or "-goldstein".
Result<EventSort> ParseEventSort(std::string_view text);

/// One page of an event query.
struct EventQuery {
  EventFilter filter;              ///< which events
  size_t limit = 100;              ///< page size
  size_t offset = 0;               ///< events skipped before the page
  EventSort sort = EventSort::kDate;  ///< order (ties broken by event id)
  size_t count_limit = kEventTotalCap;  ///< count at most this many matches for `total`
};

/// Time buckets of a timeline.
enum class TimelineInterval { kDay, kWeek, kMonth };
/// Series of a timeline: one per PLOVER type, one per quad class, or a single one.
enum class TimelineGroup { kEvent, kQuadClass, kNone };

/// Parses "day", "week" or "month".
Result<TimelineInterval> ParseTimelineInterval(std::string_view text);
/// Parses "event", "quad_class" or "none".
Result<TimelineGroup> ParseTimelineGroup(std::string_view text);

/// One coded sentence as stored (code-point offsets).
struct StoredSentence {
  uint32_t index = 0;   ///< sentence index in the document
  uint32_t start = 0;   ///< code-point offset of the first character
  uint32_t end = 0;     ///< code-point offset one past the last character
  std::string segment;  ///< "article" or "comment"
  std::string text;     ///< the sentence text
};

/// An actor or recipient of a stored event.
struct StoredActor {
  std::string role;     ///< "source" or "target"
  std::string code;     ///< full actor code
  std::string country;  ///< country code, may be empty
  std::string sector;   ///< sector code(s), may be empty
  std::string text;     ///< the span text
  uint32_t start = 0;   ///< code-point span start
  uint32_t end = 0;     ///< code-point span end, exclusive
};

/// A resolved place of a document; event_index is the event it locates, or -1.
struct StoredPlace {
  int64_t event_index = -1;  ///< index into StoredDocument::events, -1 for a place of no event
  int64_t geonameid = 0;     ///< GeoNames id, 0 when unknown
  std::string name;          ///< canonical name
  std::string country;       ///< ISO3
  std::string admin1;        ///< first-level division code
  double lat = 0;            ///< latitude
  double lon = 0;            ///< longitude
  std::string precision;     ///< city, admin1, country, region
  std::string text;          ///< the place as written
  uint32_t start = 0;        ///< code-point span start
  uint32_t end = 0;          ///< code-point span end, exclusive
};

/// One report of a stored event. Offsets are code points in `doc_id`'s text, or byte offsets
/// when `byte_offsets` is set (a mention in another document, converted when stored).
struct StoredMention {
  std::string doc_id;        ///< document that states the event
  uint32_t sentence = 0;     ///< sentence index in that document
  uint32_t start = 0;        ///< span of the event words
  uint32_t end = 0;          ///< span end, exclusive
  std::string evidence;      ///< pattern or rule that fired
  bool byte_offsets = false; ///< offsets are still bytes (document other than the event's)
};

/// One stored event: the filter columns, its participants and mentions, and the full record.
struct StoredEvent {
  std::string id;            ///< event id "<doc_id>:<n>"
  std::string date;          ///< YYYY-MM-DD, empty when unknown
  std::string event;         ///< PLOVER type, may be empty
  std::string cameo;         ///< CAMEO code
  std::string mode;          ///< PLOVER mode, may be empty
  int quad_class = 0;        ///< 1..4
  double goldstein = 0;      ///< Goldstein value
  std::string segment;       ///< article or comment
  bool negated = false;      ///< carries aux "negation"
  uint32_t sentence = 0;     ///< sentence index
  uint32_t start = 0;        ///< code-point span of the event words
  uint32_t end = 0;          ///< span end, exclusive
  std::optional<std::pair<uint32_t, uint32_t>> date_span;  ///< code-point span of the date expression
  std::vector<StoredActor> actors;      ///< sources then targets
  std::vector<StoredMention> mentions;  ///< at least one (the event itself)
  std::string record;        ///< the JSON record, exactly as `dyad code` writes it
};

/// Everything the store keeps of one coded document, ready to write.
struct StoredDocument {
  std::string id;                        ///< document id
  std::string date;                      ///< publication date, may be empty
  std::string title;                     ///< title, may be empty
  std::string url;                       ///< URL, may be empty
  std::string source;                    ///< source / outlet, may be empty
  std::string text;                      ///< full text
  std::vector<StoredSentence> sentences; ///< sentences in order
  std::vector<StoredEvent> events;       ///< all events (comments and negated included)
  std::vector<StoredPlace> places;       ///< event places and other resolved toponyms
};

/// Converts a coded document into the rows the store writes (code-point offsets).
/// Thread-safe; callers may prepare documents in parallel and write them in one batch.
StoredDocument PrepareDocument(const Document& doc);

/// New record and mention rows for one stored event that other documents also report
/// (incremental cross-document resolution, see ReplaceDocumentsAndAttach).
struct EventReportUpdate {
  std::string event_id;                 ///< the stored event
  std::string record;                   ///< its new JSON record
  std::vector<StoredMention> mentions;  ///< all its mentions, code-point offsets
};

/// How to open a store.
struct StoreOptions {
  bool read_only = false;   ///< open for reading only (the schema must be current)
  bool create = true;       ///< create the store when missing (else a missing store is an error)
  size_t max_readers = 8;   ///< read connections kept open for concurrent readers
};

/// An event store. All methods are safe to call from several threads at once: reads use a
/// small pool of connections, writes are serialised on one connection.
class EventStore {
 public:
  virtual ~EventStore() = default;

  /// "sqlite" or "postgresql".
  virtual std::string backend() const = 0;

  /// Replaces every row of the document's id with `doc` in one transaction.
  Status ReplaceDocument(const Document& doc);
  /// Replaces many documents in one transaction: all are written or none is.
  virtual Status ReplaceDocuments(const std::vector<StoredDocument>& docs) = 0;

  /// Numbers of documents and events: {"documents": N, "events": M}.
  virtual Result<nlohmann::json> Counts() = 0;
  /// One page of events: {"total", "total_capped", "limit", "offset", "events": [record, ...]};
  /// `total` counts at most `count_limit` matches, and `total_capped` is true when more match.
  virtual Result<nlohmann::json> QueryEvents(const EventQuery& query) = 0;
  /// Calls `visit` with each record of the filter's events (and its document's URL) in
  /// `sort` order, streaming (for exports); stops early when `visit` returns false.
  virtual Status ForEachEvent(
      const EventFilter& filter, EventSort sort,
      const std::function<bool(const nlohmann::json& record, const std::string& url)>& visit) = 0;
  /// An event with its mentions: {"event": record, "mentions": [{"doc_id", "sentence":
  /// {"index","start","end","text"}, "event_span": {"start","end"}, "evidence"}]}; nullopt
  /// when no event has that id.
  virtual Result<std::optional<nlohmann::json>> GetEvent(const std::string& id) = 0;
  /// A document: {"id","date","title","url","source","text","sentences":[{"index","start",
  /// "end","segment"}],"spans":[{"start","end","kind","event_id"}]}; nullopt when unknown.
  virtual Result<std::optional<nlohmann::json>> GetDocument(const std::string& id) = 0;
  /// Event counts and Goldstein sums per time bucket: {"interval","group","series":[{"key",
  /// "points":[{"date","count","goldstein"}]}]}. Events without a date are left out.
  virtual Result<nlohmann::json> Timeline(const EventFilter& filter, TimelineInterval interval,
                                          TimelineGroup group) = 0;
  /// The `limit` most frequent (source code, target code) pairs: {"nodes":[{"code","country",
  /// "count"}],"edges":[{"source","target","count","goldstein"}]}; a node's count is the sum
  /// of the counts of the returned edges that touch it.
  virtual Result<nlohmann::json> Dyads(const EventFilter& filter, size_t limit) = 0;
  /// The `limit` places with most events: {"places":[{"geonameid","name","country","lat",
  /// "lon","count"}]}.
  virtual Result<nlohmann::json> Places(const EventFilter& filter, size_t limit) = 0;

  /// Incremental cross-document resolution, in one transaction: removes the mentions `docs`
  /// had on events of other documents (updating those records' mentions and counts, so a
  /// document coded again is not counted twice), writes `docs` as ReplaceDocuments does, then
  /// replaces the record and mention rows of each event in `updates`.
  virtual Status ReplaceDocumentsAndAttach(const std::vector<StoredDocument>& docs,
                                           const std::vector<EventReportUpdate>& updates) = 0;
};

/// Opens (creating or upgrading when writable) the store named by `url`: a file path or
/// "sqlite:PATH" for SQLite, "postgresql://..." or "postgres://..." for PostgreSQL (libpq
/// URI). Fails with a clear message for a bad URL, an unreachable server, or a schema newer
/// than kStoreSchemaVersion.
Result<std::unique_ptr<EventStore>> OpenEventStore(const std::string& url,
                                                   const StoreOptions& options = StoreOptions());

/// An EventWriter that writes every document to `store` (in transactions of `batch_size`
/// documents) and also passes it to `inner` (which may be null). Write returns what `inner`
/// returns, or without one the number of events stored; store errors are reported by
/// Check() and Finish().
std::unique_ptr<EventWriter> CreateStoreWriter(EventStore& store, std::unique_ptr<EventWriter> inner,
                                               size_t batch_size = 256);

/// The GDELT 2.0-style tab-separated header line (with newline) shared by `dyad code --format
/// csv`, `dyad query --format gdelt` and `dyad export --format gdelt`.
std::string GdeltHeader();
/// GDELT-style rows (one per actor/recipient pair, each ending in a newline) for a record;
/// `url` is the document's URL.
std::string GdeltRows(const nlohmann::json& record, const std::string& url);

}  // namespace dyad
