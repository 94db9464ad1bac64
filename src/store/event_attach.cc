// EventStore::ReplaceDocumentsAndAttach over SQL: a document's reports on other documents'
// events are detached before it is written again, then the updated events are rewritten.
#include "event_attach.h"

#include <nlohmann/json.hpp>

#include "dyad/resolve.h"

namespace dyad::store {
namespace {

// Where the JSON records live: schema 4 keeps them in event_records (event_id, record), earlier
// schemas in the record column of events.
constexpr bool kRecordsTable = kStoreSchemaVersion >= 4;
const char* const kUpdateRecord =
    kRecordsTable ? "UPDATE event_records SET record = ? WHERE event_id = ?" : "UPDATE events SET record = ? WHERE id = ?";
const char* const kRecordsOfReportedEvents =
    kRecordsTable ? "SELECT e.id, r.record FROM events e JOIN event_records r ON r.event_id = e.id WHERE e.doc_id <> ?"
                    " AND e.id IN (SELECT m.event_id FROM mentions m WHERE m.doc_id = ?)"
                  : "SELECT e.id, e.record FROM events e WHERE e.doc_id <> ? AND e.id IN"
                    " (SELECT m.event_id FROM mentions m WHERE m.doc_id = ?)";

// Replaces the record and every mention row of one event.
Status RewriteEvent(SqlConnection& db, const std::string& event_id, const std::string& record,
                    const std::vector<StoredMention>& mentions) {
  DYAD_RETURN_IF_ERROR(db.Run(kUpdateRecord, {record, event_id}));
  DYAD_RETURN_IF_ERROR(db.Run("DELETE FROM mentions WHERE event_id = ?", {event_id}));
  for (size_t seq = 0; seq < mentions.size(); ++seq) {
    const StoredMention& m = mentions[seq];
    DYAD_RETURN_IF_ERROR(db.Run(
        "INSERT INTO mentions (event_id, seq, doc_id, sentence, start_offset, end_offset, evidence)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        {event_id, static_cast<int64_t>(seq), m.doc_id, int64_t{m.sentence}, int64_t{m.start}, int64_t{m.end},
         m.evidence}));
  }
  return Status::Ok();
}

// Removes the reports of `doc_id` from events other documents own.
Status DetachDocument(SqlConnection& db, const std::string& doc_id) {
  std::vector<std::pair<std::string, std::string>> events;  // (id, record)
  DYAD_RETURN_IF_ERROR(db.Query(kRecordsOfReportedEvents, {doc_id, doc_id}, [&](const SqlRow& row) {
        events.emplace_back(ToText(row[0]), ToText(row[1]));
        return true;
      }));
  for (const auto& [id, text] : events) {
    nlohmann::json record = nlohmann::json::parse(text, nullptr, false);
    if (record.is_discarded()) return Status::Error("stored event record of '" + id + "' is not valid JSON");
    RemoveReportsOf(record, doc_id);
    DYAD_RETURN_IF_ERROR(
        db.Run(kUpdateRecord, {record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), id}));
    DYAD_RETURN_IF_ERROR(db.Run("DELETE FROM mentions WHERE event_id = ? AND doc_id = ?", {id, doc_id}));
  }
  return Status::Ok();
}

}  // namespace

Status ReplaceAndAttach(SqlConnection& db, const std::vector<StoredDocument>& docs,
                        const std::vector<EventReportUpdate>& updates,
                        const std::function<Status(const StoredDocument&)>& write_document) {
  for (const StoredDocument& doc : docs) {
    DYAD_RETURN_IF_ERROR(DetachDocument(db, doc.id).WithContext("detaching document '" + doc.id + "'"));
  }
  for (const StoredDocument& doc : docs) {
    DYAD_RETURN_IF_ERROR(write_document(doc).WithContext("storing document '" + doc.id + "'"));
  }
  for (const EventReportUpdate& update : updates) {
    DYAD_RETURN_IF_ERROR(RewriteEvent(db, update.event_id, update.record, update.mentions)
                             .WithContext("updating event '" + update.event_id + "'"));
  }
  return Status::Ok();
}

}  // namespace dyad::store
