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
// documents into real-world events.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "dyad/document.h"

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
  std::string doc_id;        ///< document of the record
  std::string source;        ///< outlet of the document; empty when unknown
  std::string cameo_root;    ///< first two digits of the CAMEO code
  std::string actor;         ///< first source actor code, empty when none
  std::string recipient;     ///< first target actor code, empty when none
  bool negated = false;      ///< carries the aux flag "negation"
  bool generic = false;      ///< carries the aux flag "generic"
  int64_t day = -1;          ///< days since 1970-01-01 of the event date; -1 when unknown
  std::string precision;     ///< date precision: day, month, year, none
  std::string month;         ///< YYYY-MM of the date, empty when unknown
  int64_t geonameid = 0;     ///< place id, 0 when none
  std::string place_country; ///< country of the place, empty when none
  std::string place_precision;  ///< city, admin1, country, region; empty when none
};

/// The key of one JSON event record (as written by EventToJson).
EventKey KeyOfRecord(const nlohmann::json& record);

/// True when two keys may describe the same real-world event.
bool SameRealWorldEvent(const EventKey& a, const EventKey& b, const ClusterOptions& options);

/// Groups records into real-world events. Returns, for each record, the index of its cluster;
/// clusters are numbered in order of their first record. A record joins the most similar
/// compatible cluster that has no record from its document yet (the in-document merge already
/// decided those); the result depends only on the order of `keys`.
std::vector<size_t> ClusterKeys(const std::vector<EventKey>& keys, const ClusterOptions& options);

/// Clusters event records of many documents and returns one record per real-world event: the
/// first record's fields (completed with the most specific place and date found in the
/// cluster), `mentions` holding every report (doc_id, sentence and event span offsets),
/// `num_mentions`, `num_articles` (distinct doc_id) and `num_sources` (distinct non-empty
/// `source`), and `reports` (the ids of the merged records). Output order: by first record.
std::vector<nlohmann::json> ClusterRecords(const std::vector<nlohmann::json>& records, const ClusterOptions& options);

}  // namespace dyad
