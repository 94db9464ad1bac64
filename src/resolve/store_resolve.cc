// Incremental cross-document resolution into an event store (`dyad code --resolve --db`).
//
// A stored real-world event is the event row of the first document that reported it (its
// owner); its record carries every report: `mentions` (with doc_id and source), `reports`,
// `num_mentions`, `num_articles`, `num_sources`. A later document's record that joins it adds
// to that row and gets no row of its own.
#include <algorithm>
#include <map>
#include <set>

#include "dyad/resolve.h"

namespace dyad {
namespace {

std::string Text(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

uint32_t Offset(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_unsigned() ? it->get<uint32_t>() : 0;
}

// The mention rows of a resolved event record (code-point offsets, as in the record).
std::vector<StoredMention> MentionRows(const nlohmann::json& event) {
  std::vector<StoredMention> rows;
  for (const auto& m : event["mentions"]) {
    StoredMention row;
    row.doc_id = Text(m, "doc_id");
    if (auto s = m.find("sentence"); s != m.end() && s->is_object()) row.sentence = Offset(*s, "index");
    if (auto span = m.find("event_span"); span != m.end() && span->is_object()) {
      row.start = Offset(*span, "start");
      row.end = Offset(*span, "end");
    }
    row.evidence = Text(m, "evidence");
    rows.push_back(std::move(row));
  }
  return rows;
}

std::set<std::string> MentionDocs(const nlohmann::json& event) {
  std::set<std::string> docs;
  if (auto m = event.find("mentions"); m != event.end() && m->is_array()) {
    for (const auto& mention : *m) docs.insert(Text(mention, "doc_id"));
  }
  return docs;
}

// Stored events that records with these keys could join: the same CAMEO root group, dated
// within a year of the records (exact compatibility is SameRealWorldEvent's), not from
// comments unless asked.
Result<std::vector<nlohmann::json>> LoadCandidates(EventStore& store, const std::vector<EventKey>& keys,
                                                   const ClusterOptions& options,
                                                   bool include_comments, bool include_negated) {
  std::set<std::string> roots;
  int min_year = 9999, max_year = 0;
  bool undated = false;
  for (const EventKey& k : keys) {
    roots.insert(k.cameo_root == "18" ? "19" : k.cameo_root);
    const int year = k.month.size() >= 4 ? std::atoi(k.month.substr(0, 4).c_str()) : 0;
    if (year <= 0) undated = true;
    min_year = std::min(min_year, year);
    max_year = std::max(max_year, year);
  }
  std::vector<nlohmann::json> candidates;
  for (const std::string& root : roots) {
    for (const char* prefix : {"18", "19"}) {
      if (root != "19" && prefix == std::string("18")) continue;
      EventQuery query;
      query.filter.cameo = root == "19" ? prefix : root;
      query.filter.segment = "all";  // headline and quote events are stored with their segment
      query.filter.include_negated = include_negated;
      if (!undated) {
        // Whole years around the records: coarser stored dates ("2019", "2019-03") sort inside.
        const int margin = 1 + options.day_window / 365;
        query.filter.from = std::to_string(min_year - margin);
        query.filter.to = std::to_string(max_year + margin + 1);
      }
      query.limit = 1000;
      for (query.offset = 0;; query.offset += query.limit) {
        auto page = store.QueryEvents(query);
        if (!page.ok()) return page.status();
        const nlohmann::json& events = page.value()["events"];
        for (const auto& record : events) {
          if (!record.is_object()) continue;
          if (!include_comments && Text(record, "segment") == "comment") continue;
          candidates.push_back(record);
        }
        if (events.size() < query.limit) break;
      }
    }
  }
  return candidates;
}

}  // namespace

Result<std::vector<nlohmann::json>> ResolveIntoStore(EventStore& store, std::vector<ResolvedDocument> docs,
                                                     const ClusterOptions& options, bool include_comments,
                                                     bool include_negated) {
  std::set<std::string> batch;
  for (const ResolvedDocument& d : docs) batch.insert(d.stored.id);
  std::vector<const nlohmann::json*> records;
  std::vector<EventKey> keys;
  for (const ResolvedDocument& d : docs) {
    for (const nlohmann::json& r : d.records) {
      records.push_back(&r);
      keys.push_back(KeyOfRecord(r));
    }
  }
  auto loaded = LoadCandidates(store, keys, options, include_comments, include_negated);
  if (!loaded.ok()) return loaded.status();
  // Reports of documents coded again leave the stored events first (the store drops their rows
  // too), so they are never counted twice. An event owned by such a document keeps the other
  // documents' reports as an orphan, which the first new record that joins it owns again.
  std::vector<nlohmann::json> known_events;
  std::vector<bool> touched, orphan;
  std::vector<KnownEvent> known;
  for (nlohmann::json& event : loaded.value()) {
    if (!event.contains("reports")) {
      // An event stored by plain `--db`: a resolved event of its one record.
      nlohmann::json resolved = event;
      resolved["mentions"] = nlohmann::json::array();
      resolved["reports"] = nlohmann::json::array();
      AddReport(resolved, event);
      event = std::move(resolved);
    }
    const bool owned_by_batch = batch.count(Text(event, "doc_id")) > 0;
    bool changed = false;
    for (const std::string& id : MentionDocs(event)) {
      if (batch.count(id) == 0) continue;
      RemoveReportsOf(event, id);
      changed = true;
    }
    std::set<std::string> doc_ids = MentionDocs(event);
    if (owned_by_batch && doc_ids.empty()) continue;
    known.push_back({KeyOfRecord(event), std::move(doc_ids)});
    known_events.push_back(std::move(event));
    touched.push_back(changed && !owned_by_batch);
    orphan.push_back(owned_by_batch);
  }
  const std::vector<size_t> cluster_of = ClusterKeys(keys, options, known);

  std::vector<nlohmann::json> new_events;       // clusters opened by this batch, orphans owned again
  std::set<std::string> attached;               // ids of records that joined another record's event
  std::map<size_t, size_t> adopted;             // orphan -> its event in new_events
  std::map<size_t, size_t> opened;              // new cluster -> its event in new_events
  for (size_t i = 0; i < records.size(); ++i) {
    const size_t c = cluster_of[i];
    if (c < known.size() && orphan[c]) {
      if (auto it = adopted.find(c); it != adopted.end()) {
        AddReport(new_events[it->second], *records[i]);
        attached.insert(Text(*records[i], "id"));
      } else {
        nlohmann::json event = *records[i];
        event["mentions"] = nlohmann::json::array();
        event["reports"] = nlohmann::json::array();
        AddReport(event, *records[i]);
        AdoptReports(event, known_events[c]);
        adopted[c] = new_events.size();
        new_events.push_back(std::move(event));
      }
    } else if (c < known.size()) {
      AddReport(known_events[c], *records[i]);
      touched[c] = true;
      attached.insert(Text(*records[i], "id"));
    } else if (auto it = opened.find(c); it == opened.end()) {
      nlohmann::json event = *records[i];
      event["mentions"] = nlohmann::json::array();
      event["reports"] = nlohmann::json::array();
      AddReport(event, *records[i]);
      opened[c] = new_events.size();
      new_events.push_back(std::move(event));
    } else {
      AddReport(new_events[it->second], *records[i]);
      attached.insert(Text(*records[i], "id"));
    }
  }
  std::map<std::string, const nlohmann::json*> owned;  // event id -> its resolved record
  for (const nlohmann::json& e : new_events) owned[Text(e, "id")] = &e;
  std::vector<StoredDocument> stored;
  stored.reserve(docs.size());
  for (ResolvedDocument& d : docs) {
    std::vector<StoredEvent> events;
    std::vector<int64_t> new_index(d.stored.events.size(), -1);
    for (size_t i = 0; i < d.stored.events.size(); ++i) {
      StoredEvent& e = d.stored.events[i];
      if (attached.count(e.id) > 0) continue;
      if (auto it = owned.find(e.id); it != owned.end()) {
        e.record = it->second->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        e.mentions = MentionRows(*it->second);
      }
      new_index[i] = static_cast<int64_t>(events.size());
      events.push_back(std::move(e));
    }
    d.stored.events = std::move(events);
    // The place of an attached record stays a place of the document, of no event of its own.
    for (StoredPlace& p : d.stored.places) {
      if (p.event_index >= 0) p.event_index = new_index[static_cast<size_t>(p.event_index)];
    }
    stored.push_back(std::move(d.stored));
  }
  std::vector<EventReportUpdate> updates;
  std::vector<nlohmann::json> out;
  for (size_t k = 0; k < known_events.size(); ++k) {
    if (!touched[k]) continue;
    updates.push_back({Text(known_events[k], "id"),
                       known_events[k].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       MentionRows(known_events[k])});
    out.push_back(known_events[k]);
  }
  DYAD_RETURN_IF_ERROR(store.ReplaceDocumentsAndAttach(stored, updates));
  for (nlohmann::json& e : new_events) out.push_back(std::move(e));
  return out;
}

}  // namespace dyad
