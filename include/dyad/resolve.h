// Document-level and cross-document resolution: one real-world event, one record.
//
// Within a document (stages "coref" and "merge", always in the default pipelines):
//  - "coref" (after "actors", before "events") links anaphoric actor mentions ("he", "they",
//    "the group", "the spokesman", "the militia") to the actor first named, so events whose
//    participant is an anaphor get the antecedent's code; the surface text stays.
//  - "merge" (after "time" and "geo") merges the event mentions of one document that describe
//    the same event into one event with all its mentions, drops events from boilerplate, and
//    flags generic mentions ("the recent spate of attacks").
// Across documents (`dyad code --resolve`): ClusterRecords groups event records of many
// documents into real-world events; with `--db`, ResolveIntoStore attaches the records of new
// documents to the real-world events already in an event store.
#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"
#include "dyad/store.h"

namespace dyad {

/// True when `event` is a generic or summarising mention ("recent attacks", "a wave of
/// strikes", "the fourth day in a row") rather than a report of one event.
bool IsGenericMention(const Document& doc, const Event& event);

/// Merges the events of `doc` that describe the same event (same CAMEO root, 18 and 19 counting
/// as one; same negation and
/// modality, compatible actors, date and place, told with the same event word or with the same
/// code and participants nearby), keeping the most specific fields and every mention in
/// Event::mentions; removes events from boilerplate; marks generic mentions with the aux flag
/// "generic" and links a generic event to the one specific event it can summarise (else it
/// stands apart, flagged). Events keep the text order of their first mention.
void MergeDocumentEvents(Document& doc);

/// Options of cross-document clustering.
struct ClusterOptions {
  int day_window = 1;          ///< max days apart for two events both dated to the day
  bool require_same_place = false;  ///< also keep apart events when either has no place
};

/// What ClusterRecords compares: the fields of an event record that identify a real-world event.
struct EventKey {
  std::string id;            ///< record id "<doc_id>:<n>"
  std::string doc_id;        ///< document of the record
  std::string source;        ///< outlet of the document; empty when unknown
  std::string cameo_root;    ///< first two digits of the CAMEO code
  std::string actor;         ///< first source actor code, empty when none
  std::string recipient;     ///< first target actor code, empty when none
  bool negated = false;      ///< carries the aux flag "negation"
  bool generic = false;      ///< carries the aux flag "generic"
  int64_t day = -1;          ///< days since 1970-01-01 of the event date; -1 when unknown
  std::string precision;     ///< date precision: day, month, year, none
  bool date_from_text = false;  ///< the date is stated in the text (else the document's date)
  std::string month;         ///< YYYY-MM of the date, empty when unknown
  int64_t geonameid = 0;     ///< place id, 0 when none
  std::string place_country; ///< country of the place, empty when none
  std::string place_precision;  ///< city, admin1, country, region; empty when none
};

/// The key of one JSON event record (as written by EventToJson).
EventKey KeyOfRecord(const nlohmann::json& record);

/// True when two keys may describe the same real-world event.
bool SameRealWorldEvent(const EventKey& a, const EventKey& b, const ClusterOptions& options);

/// A real-world event known before clustering starts (a stored event): the key of its record
/// as completed so far, and the documents that already report it.
struct KnownEvent {
  EventKey key;                    ///< key of the event's record
  std::set<std::string> doc_ids;   ///< documents of its mentions
};

/// Groups records into real-world events. Returns, for each record, the index of its cluster:
/// `known[i]` is cluster i, new clusters follow, numbered in order of their first record. A
/// record joins the most similar compatible cluster (on ties, the one whose key has the
/// smallest id: document id, then event number) that has no
/// record from its document yet (the in-document merge already decided those). A cluster is
/// compared through the key of its record as completed so far (first record, with the finest
/// place and a day date stated in the text taken from later records), so clustering records
/// A then B against the clusters of A gives the clusters of A+B.
std::vector<size_t> ClusterKeys(const std::vector<EventKey>& keys, const ClusterOptions& options,
                                const std::vector<KnownEvent>& known = {});

/// Clusters event records of many documents and returns one record per real-world event: the
/// first record's fields (completed with the most specific place and date found in the
/// cluster), `mentions` holding every report (doc_id, source, sentence and event span
/// offsets), `num_mentions`, `num_articles` (distinct doc_id of the mentions) and
/// `num_sources` (distinct non-empty source of the mentions), and `reports` (the ids of the
/// merged records). Output order: by first record.
std::vector<nlohmann::json> ClusterRecords(const std::vector<nlohmann::json>& records, const ClusterOptions& options);

/// Adds the event record `record` (another report) to the resolved event `event`: its
/// mentions (stamped with its source), its id in `reports`, a finer place or a day date stated
/// in its text, and recounts num_mentions / num_articles / num_sources.
void AddReport(nlohmann::json& event, const nlohmann::json& record);

/// Adds every mention and report of the resolved event `other` to `event`, with its place or
/// day date stated in a text when finer, and recounts (a document coded again takes back the
/// other documents' reports of an event it owned).
void AdoptReports(nlohmann::json& event, const nlohmann::json& other);

/// Removes every mention and report of document `doc_id` from the resolved event `event` and
/// recounts; used when that document is coded again. A place or date the event took from that
/// document stays (the document is stored again with the same text).
void RemoveReportsOf(nlohmann::json& event, const std::string& doc_id);

/// One coded document for incremental resolution: the rows the store keeps and the event
/// records that take part in clustering (after comment / negation selection).
struct ResolvedDocument {
  StoredDocument stored;                 ///< PrepareDocument of the coded document
  std::vector<nlohmann::json> records;   ///< its selected event records, in order
};

/// Incremental cross-document resolution (`dyad code --resolve --db`): clusters the records of
/// `docs` (in order) against the stored events of the same CAMEO root group within the date
/// window (article segment unless `include_comments`, negated only with `include_negated`),
/// then in one transaction stores the documents and updates the stored events they report:
/// a record that joins a stored event adds its mentions and counts to it and gets no row of
/// its own; the others become events owned by their cluster's first document. Documents
/// already stored are replaced and their earlier reports removed from other events first, so
/// coding a document again never counts it twice; an event such a document owned keeps the
/// other documents' reports when one of its new records joins them again (else they are
/// dropped with the old row). Returns the events created or updated.
Result<std::vector<nlohmann::json>> ResolveIntoStore(EventStore& store, std::vector<ResolvedDocument> docs,
                                                     const ClusterOptions& options, bool include_comments,
                                                     bool include_negated);

}  // namespace dyad
