// Document -> StoredDocument: the rows the store writes, with code-point offsets.
#include "dyad/event_record.h"
#include "dyad/store.h"

namespace dyad {
namespace {

void AddActors(const Document& doc, const std::vector<EventActor>& actors, const char* role,
               std::vector<StoredActor>& out) {
  for (const EventActor& a : actors) {
    out.push_back({role, a.code, a.country, a.sector, a.text, doc.CodepointOffset(a.begin),
                   doc.CodepointOffset(a.end)});
  }
}

StoredPlace ToPlace(const Document& doc, const Location& l, int64_t event_index) {
  return {event_index, l.geonameid, l.name, l.country, l.admin1, l.lat, l.lon, l.precision, l.text,
          doc.CodepointOffset(l.begin), doc.CodepointOffset(l.end)};
}

}  // namespace

StoredDocument PrepareDocument(const Document& doc) {
  StoredDocument out;
  out.id = doc.id;
  out.date = doc.date;
  out.title = doc.title;
  out.url = doc.url;
  out.source = doc.source;
  out.text = doc.text;
  out.sentences.reserve(doc.sentences.size());
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    const Sentence& s = doc.sentences[i];
    out.sentences.push_back({static_cast<uint32_t>(i), doc.CodepointOffset(s.begin), doc.CodepointOffset(s.end),
                             SegmentName(s.segment), doc.Slice(s.begin, s.end)});
  }
  out.events.reserve(doc.events.size());
  for (size_t i = 0; i < doc.events.size(); ++i) {
    const Event& e = doc.events[i];
    StoredEvent stored;
    stored.id = EventId(doc, i);
    stored.date = e.date.empty() ? doc.date : e.date;
    stored.event = e.plover;
    stored.cameo = e.cameo;
    stored.mode = e.mode;
    stored.quad_class = e.quad_class;
    stored.goldstein = e.goldstein;
    stored.segment = SegmentName(EventSegment(doc, e));
    stored.negated = HasAux(e, "negation");
    stored.sentence = e.sentence;
    stored.start = doc.CodepointOffset(e.trigger_begin);
    stored.end = doc.CodepointOffset(e.trigger_end);
    if (!e.date_text.empty()) {
      stored.date_span.emplace(doc.CodepointOffset(e.date_begin), doc.CodepointOffset(e.date_end));
    }
    AddActors(doc, e.actors, "source", stored.actors);
    AddActors(doc, e.recipients, "target", stored.actors);
    for (const EventMention& m : e.mentions) {
      const bool here = m.doc_id.empty() || m.doc_id == doc.id;
      stored.mentions.push_back({here ? doc.id : m.doc_id, m.sentence,
                                 here ? doc.CodepointOffset(m.trigger_begin) : m.trigger_begin,
                                 here ? doc.CodepointOffset(m.trigger_end) : m.trigger_end, m.evidence, !here});
    }
    if (stored.mentions.empty()) {
      stored.mentions.push_back({doc.id, e.sentence, stored.start, stored.end, e.evidence, false});
    }
    stored.record = EventToJson(doc, i).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (e.location) out.places.push_back(ToPlace(doc, *e.location, static_cast<int64_t>(i)));
    out.events.push_back(std::move(stored));
  }
  for (const Location& l : doc.places) out.places.push_back(ToPlace(doc, l, -1));
  return out;
}

Status EventStore::ReplaceDocument(const Document& doc) { return ReplaceDocuments({PrepareDocument(doc)}); }

}  // namespace dyad
