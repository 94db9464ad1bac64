#include "dyad/event_record.h"

#include <algorithm>
#include <cmath>

namespace dyad {
namespace {

nlohmann::json ActorsToJson(const Document& doc, const std::vector<EventActor>& actors) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& a : actors) {
    nlohmann::json antecedent = nullptr;
    if (!a.antecedent.empty()) {
      antecedent = {{"text", a.antecedent},
                    {"start", doc.CodepointOffset(a.antecedent_begin)},
                    {"end", doc.CodepointOffset(a.antecedent_end)}};
    }
    list.push_back({{"text", a.text},
                    {"code", a.code},
                    {"country", a.country.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.country)},
                    {"sector", a.sector.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.sector)},
                    {"start", doc.CodepointOffset(a.begin)},
                    {"end", doc.CodepointOffset(a.end)},
                    {"antecedent", antecedent}});
  }
  return list;
}

// Every report of the event in this document; an event no stage merged is its own mention.
nlohmann::json MentionsToJson(const Document& doc, const Event& e) {
  std::vector<EventMention> mentions = e.mentions;
  if (mentions.empty()) mentions.push_back({doc.id, e.sentence, e.trigger_begin, e.trigger_end, e.evidence});
  nlohmann::json list = nlohmann::json::array();
  for (const EventMention& m : mentions) {
    nlohmann::json sentence = nullptr;
    const char* segment = "article";
    if (m.sentence < doc.sentences.size()) {
      const Sentence& s = doc.sentences[m.sentence];
      sentence = {{"index", m.sentence}, {"start", doc.CodepointOffset(s.begin)}, {"end", doc.CodepointOffset(s.end)}};
      segment = SegmentName(s.segment);
    }
    list.push_back({{"doc_id", m.doc_id.empty() ? doc.id : m.doc_id},
                    {"sentence", sentence},
                    {"event_text", doc.Slice(m.trigger_begin, m.trigger_end)},
                    {"event_span", {{"start", doc.CodepointOffset(m.trigger_begin)}, {"end", doc.CodepointOffset(m.trigger_end)}}},
                    {"segment", segment},
                    {"generic", m.generic},
                    {"evidence", m.evidence}});
  }
  return list;
}

nlohmann::json OrNull(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

}  // namespace

std::string EventId(const Document& doc, size_t index) { return doc.id + ":" + std::to_string(index + 1); }

Segment EventSegment(const Document& doc, const Event& event) {
  return event.sentence < doc.sentences.size() ? doc.sentences[event.sentence].segment : Segment::kArticle;
}

bool HasAux(const Event& event, std::string_view flag) {
  return std::find(event.aux.begin(), event.aux.end(), flag) != event.aux.end();
}

nlohmann::json EventToJson(const Document& doc, size_t index) {
  const Event& e = doc.events[index];
  nlohmann::json location = nullptr;
  if (e.location) {
    const Location& l = *e.location;
    location = {{"text", l.text},       {"name", l.name},
                {"geonameid", l.geonameid}, {"country", OrNull(l.country)},
                {"admin1", OrNull(l.admin1)}, {"lat", l.lat},
                {"lon", l.lon},         {"precision", l.precision},
                {"start", doc.CodepointOffset(l.begin)}, {"end", doc.CodepointOffset(l.end)}};
  }
  nlohmann::json sentence = nullptr;
  if (e.sentence < doc.sentences.size()) {
    const Sentence& s = doc.sentences[e.sentence];
    sentence = {{"index", e.sentence}, {"start", doc.CodepointOffset(s.begin)}, {"end", doc.CodepointOffset(s.end)}};
  }
  const nlohmann::json mentions = MentionsToJson(doc, e);
  // Goldstein values have one decimal; round away binary noise.
  const double goldstein = std::round(e.goldstein * 10.0) / 10.0;
  return {{"id", EventId(doc, index)},
          {"doc_id", doc.id},
          {"source", OrNull(doc.source)},
          {"date", OrNull(e.date.empty() ? doc.date : e.date)},
          {"date_text", OrNull(e.date_text)},
          {"date_precision", e.date_precision.empty() ? nlohmann::json(doc.date.empty() ? "none" : "day")
                                                      : nlohmann::json(e.date_precision)},
          {"date_source", e.date_text.empty() ? "document" : "text"},
          {"event", OrNull(e.plover)},
          {"cameo", e.cameo},
          {"quad_class", e.quad_class},
          {"goldstein", goldstein},
          {"mode", OrNull(e.mode)},
          {"aux", e.aux},
          {"context", e.context},
          {"actor", ActorsToJson(doc, e.actors)},
          {"recipient", ActorsToJson(doc, e.recipients)},
          {"location", location},
          {"event_text", doc.Slice(e.trigger_begin, e.trigger_end)},
          {"event_span", {{"start", doc.CodepointOffset(e.trigger_begin)}, {"end", doc.CodepointOffset(e.trigger_end)}}},
          {"sentence", sentence},
          {"segment", SegmentName(EventSegment(doc, e))},
          {"evidence", e.evidence},
          {"attribution", OrNull(e.attribution)},
          {"mentions", mentions},
          {"num_mentions", mentions.size()}};
}

}  // namespace dyad
