// Scoring coded events against gold sentences: per-sentence multiset matching at the type,
// dyad and full levels, micro-averaged over the gold set.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "dyad/eval_events.h"

namespace dyad {
namespace {

using json = nlohmann::ordered_json;

constexpr ScoreLevel kLevels[kScoreLevels] = {ScoreLevel::kType, ScoreLevel::kDyad,
                                              ScoreLevel::kFull};

std::string TypeOfCode(std::string_view code, GoldFormat format) {
  if (format == GoldFormat::kPloverJson) return std::string(code);
  return std::string(code.substr(0, std::min<size_t>(2, code.size())));  // CAMEO root
}

double Rounded(double value) { return std::round(value * 10000.0) / 10000.0; }

json CountsJson(const LevelCounts& counts) {
  return {{"precision", Rounded(counts.Precision())},
          {"recall", Rounded(counts.Recall())},
          {"f1", Rounded(counts.F1())},
          {"tp", counts.tp},
          {"fp", counts.fp},
          {"fn", counts.fn}};
}

json ScoredJson(const ScoredEvent& event) {
  return {{"type", event.type}, {"code", event.code}, {"source", event.source},
          {"target", event.target}};
}

json ActorsJson(const std::vector<EventActor>& actors) {
  json out = json::array();
  for (const auto& actor : actors) {
    out.push_back({{"code", actor.code}, {"country", actor.country}, {"text", actor.text}});
  }
  return out;
}

// Why a predicted event does not count, or "" when it does.
std::string ExclusionReason(const Document& doc, const Event& event, const PredictionFilter& filter) {
  if (!filter.include_negated &&
      std::find(event.aux.begin(), event.aux.end(), "negation") != event.aux.end()) {
    return "negated";
  }
  if (!filter.include_comments && event.sentence < doc.sentences.size() &&
      doc.sentences[event.sentence].segment == Segment::kComment) {
    return "comment";
  }
  return "";
}

json ErrorRecord(const GoldSentence& sentence, const std::vector<ScoredEvent>& gold,
                 const std::vector<ScoredEvent>& predicted, const Document& doc,
                 const PredictionFilter& filter, const LevelScores& scores,
                 const std::string& pipeline_error) {
  json record = {{"id", sentence.id}, {"records", sentence.record_ids}, {"text", sentence.text},
                 {"date", sentence.date}};
  record["gold"] = json::array();
  for (const auto& event : gold) record["gold"].push_back(ScoredJson(event));
  record["predicted"] = json::array();
  for (const auto& event : predicted) record["predicted"].push_back(ScoredJson(event));
  json coded = json::array();
  for (const Event& event : doc.events) {
    json entry = {{"cameo", event.cameo},
                  {"plover", event.plover},
                  {"source", ActorsJson(event.actors)},
                  {"target", ActorsJson(event.recipients)},
                  {"trigger", event.trigger_end > event.trigger_begin &&
                                      event.trigger_end <= doc.text.size()
                                  ? doc.Slice(event.trigger_begin, event.trigger_end)
                                  : std::string()},
                  {"evidence", event.evidence}};
    if (!event.aux.empty()) entry["aux"] = event.aux;
    if (const std::string reason = ExclusionReason(doc, event, filter); !reason.empty()) {
      entry["excluded"] = reason;
    }
    coded.push_back(std::move(entry));
  }
  record["coded"] = std::move(coded);
  for (ScoreLevel level : kLevels) {
    const LevelCounts& c = scores[static_cast<size_t>(level)];
    record[ScoreLevelName(level)] = {{"tp", c.tp}, {"fp", c.fp}, {"fn", c.fn}};
  }
  if (!pipeline_error.empty()) record["pipeline_error"] = pipeline_error;
  return record;
}

// Sets each event's type to `cameo_type(code)`, dropping events it maps to "".
void RetypeOrDrop(std::vector<ScoredEvent>& events,
                  const std::function<std::string(const std::string&)>& cameo_type) {
  std::vector<ScoredEvent> kept;
  for (ScoredEvent& event : events) {
    event.type = cameo_type(event.code);
    if (!event.type.empty()) kept.push_back(std::move(event));
  }
  events = std::move(kept);
}

}  // namespace

const char* ScoreLevelName(ScoreLevel level) {
  switch (level) {
    case ScoreLevel::kType: return "type";
    case ScoreLevel::kDyad: return "dyad";
    case ScoreLevel::kFull: return "full";
  }
  return "?";
}

std::string ScoreKey(const ScoredEvent& event, ScoreLevel level) {
  switch (level) {
    case ScoreLevel::kType: return event.type;
    case ScoreLevel::kDyad:
      return event.type + "|" + ActorCountry(event.source) + "|" + ActorCountry(event.target);
    case ScoreLevel::kFull: return event.code + "|" + event.source + "|" + event.target;
  }
  return "";
}

ScoredEvent ScoredGoldEvent(const GoldEvent& event, GoldFormat format) {
  return {TypeOfCode(event.code, format), event.code, event.source, event.target};
}

bool CountsAsPrediction(const Document& doc, const Event& event, const PredictionFilter& filter) {
  return ExclusionReason(doc, event, filter).empty();
}

std::vector<ScoredEvent> ScoredPredictions(const Document& doc, GoldFormat format,
                                           const PredictionFilter& filter) {
  std::vector<ScoredEvent> out;
  for (const Event& event : doc.events) {
    if (!CountsAsPrediction(doc, event, filter)) continue;
    const std::string& code = format == GoldFormat::kPloverJson ? event.plover : event.cameo;
    if (code.empty()) continue;  // no code in the gold's vocabulary
    auto actor_code = [format](const EventActor& actor) {
      const std::string code = PredictedActorCode(actor);
      return format == GoldFormat::kPloverJson ? PloverActorCode(code) : code;
    };
    std::vector<std::string> sources, targets;
    for (const auto& actor : event.actors) sources.push_back(actor_code(actor));
    for (const auto& actor : event.recipients) targets.push_back(actor_code(actor));
    if (sources.empty()) sources.push_back("---");
    if (targets.empty()) targets.push_back("---");
    for (const auto& source : sources) {
      for (const auto& target : targets) {
        out.push_back({TypeOfCode(code, format), code, source, target});
      }
    }
  }
  return out;
}

double LevelCounts::Precision() const {
  return tp + fp == 0 ? 0.0 : static_cast<double>(tp) / static_cast<double>(tp + fp);
}

double LevelCounts::Recall() const {
  return tp + fn == 0 ? 0.0 : static_cast<double>(tp) / static_cast<double>(tp + fn);
}

double LevelCounts::F1() const {
  const double p = Precision(), r = Recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

LevelCounts& LevelCounts::operator+=(const LevelCounts& other) {
  tp += other.tp;
  fp += other.fp;
  fn += other.fn;
  return *this;
}

LevelScores ScoreSentence(const std::vector<ScoredEvent>& gold,
                          const std::vector<ScoredEvent>& predicted) {
  LevelScores scores;
  for (ScoreLevel level : kLevels) {
    std::map<std::string, size_t> unmatched_gold;
    for (const auto& event : gold) ++unmatched_gold[ScoreKey(event, level)];
    LevelCounts& counts = scores[static_cast<size_t>(level)];
    for (const auto& event : predicted) {
      auto it = unmatched_gold.find(ScoreKey(event, level));
      if (it != unmatched_gold.end() && it->second > 0) {
        --it->second;
        ++counts.tp;
      } else {
        ++counts.fp;
      }
    }
    counts.fn = gold.size() - counts.tp;
  }
  return scores;
}

std::string FormatScoresTable(const EventScores& scores) {
  std::string out;
  char line[160];
  std::snprintf(line, sizeof line, "%-6s %9s %9s %9s %6s %6s %6s\n", "level", "precision",
                "recall", "f1", "tp", "fp", "fn");
  out += line;
  for (ScoreLevel level : kLevels) {
    const LevelCounts& c = scores.levels[static_cast<size_t>(level)];
    std::snprintf(line, sizeof line, "%-6s %9.4f %9.4f %9.4f %6zu %6zu %6zu\n",
                  ScoreLevelName(level), c.Precision(), c.Recall(), c.F1(), c.tp, c.fp, c.fn);
    out += line;
  }
  std::snprintf(line, sizeof line,
                "sentences: %zu, gold events: %zu, predicted events: %zu, pipeline errors: %zu\n",
                scores.sentences, scores.gold_events, scores.predicted_events,
                scores.pipeline_errors);
  out += line;
  if (scores.unmapped_gold_events > 0) {
    std::snprintf(line, sizeof line, "gold events without a mapped type (left out): %zu\n",
                  scores.unmapped_gold_events);
    out += line;
  }
  return out;
}

std::string FormatScoresJson(const EventScores& scores) {
  json out;
  for (ScoreLevel level : kLevels) {
    out[ScoreLevelName(level)] = CountsJson(scores.levels[static_cast<size_t>(level)]);
  }
  out["sentences"] = scores.sentences;
  out["gold_events"] = scores.gold_events;
  out["predicted_events"] = scores.predicted_events;
  out["pipeline_errors"] = scores.pipeline_errors;
  if (scores.unmapped_gold_events > 0) out["unmapped_gold_events"] = scores.unmapped_gold_events;
  return out.dump();
}

EventScores EvaluateEvents(const GoldSet& gold, const Pipeline& pipeline,
                           const EvalEventsOptions& options) {
  EventScores totals;
  for (const GoldSentence& sentence : gold.sentences) {
    Document doc;
    doc.id = sentence.id;
    doc.text = sentence.text;
    doc.date = sentence.date;
    doc.origin = gold.name + ":" + std::to_string(sentence.line);
    std::string pipeline_error;
    if (Status status = pipeline.Process(doc); !status.ok()) {
      pipeline_error = status.message();
      ++totals.pipeline_errors;
      if (options.log != nullptr) *options.log << doc.origin << ": " << pipeline_error << "\n";
      doc.events.clear();
    }
    std::vector<ScoredEvent> gold_events;
    for (const GoldEvent& event : sentence.events) {
      gold_events.push_back(ScoredGoldEvent(event, gold.format));
    }
    std::vector<ScoredEvent> predicted = ScoredPredictions(doc, gold.format, options.filter);
    if (options.cameo_type && gold.format == GoldFormat::kPetrXml) {
      const size_t before = gold_events.size();
      RetypeOrDrop(gold_events, options.cameo_type);
      totals.unmapped_gold_events += before - gold_events.size();
      RetypeOrDrop(predicted, options.cameo_type);
    }
    const LevelScores scores = ScoreSentence(gold_events, predicted);
    for (size_t i = 0; i < kScoreLevels; ++i) totals.levels[i] += scores[i];
    ++totals.sentences;
    totals.gold_events += gold_events.size();
    totals.predicted_events += predicted.size();
    if (options.errors != nullptr) {
      *options.errors << ErrorRecord(sentence, gold_events, predicted, doc, options.filter, scores,
                                     pipeline_error)
                             .dump()
                      << "\n";
    }
  }
  return totals;
}

}  // namespace dyad
