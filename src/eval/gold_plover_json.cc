// PLOVER gold-standard JSON: an array of coding records {id, date, source:[{code, sector}],
// target:[...], event, mode, text, ...}. Records sharing a text become one sentence; each
// record yields one event per (source, target) pair.
#include <nlohmann/json.hpp>

#include <unordered_map>

#include "eval/gold_parsers.h"

namespace dyad::eval_internal {
namespace {

using nlohmann::json;

std::string StringField(const json& record, const char* key) {
  auto it = record.find(key);
  return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Full actor code of a PLOVER actor: country code + sector ("***" = unknown sector, dropped).
Result<std::string> ActorCode(const json& actor) {
  if (!actor.is_object()) return Status::Error("actor entry is not an object");
  const std::string country = StringField(actor, "code");
  std::string sector = StringField(actor, "sector");
  if (sector == "***") sector.clear();
  return NormalizeActorCode(country + sector);
}

// The actor codes listed under `key`; a missing, null or string value means no actor.
Result<std::vector<std::string>> ActorList(const json& record, const char* key) {
  std::vector<std::string> codes;
  auto it = record.find(key);
  if (it == record.end() || it->is_null() || it->is_string()) return codes;
  if (!it->is_array()) return Status::Error(std::string("'") + key + "' is not a list of actors");
  for (const json& actor : *it) {
    auto code = ActorCode(actor);
    if (!code.ok()) return code.status().WithContext(key);
    codes.push_back(code.value());
  }
  return codes;
}

}  // namespace

Result<GoldSet> ParsePloverJson(std::string_view content, const std::string& name) {
  json records;
  try {
    records = json::parse(content.begin(), content.end());
  } catch (const json::parse_error& error) {
    return Status::Error(name + ": malformed JSON: " + error.what());
  }
  if (!records.is_array()) return Status::Error(name + ": expected a JSON array of PLOVER records");
  GoldSet gold;
  gold.format = GoldFormat::kPloverJson;
  gold.name = name;
  std::unordered_map<std::string, size_t> sentence_of_text;
  for (size_t index = 0; index < records.size(); ++index) {
    const json& record = records[index];
    const std::string where = name + ": record " + std::to_string(index + 1);
    if (!record.is_object()) return Status::Error(where + " is not an object");
    const std::string id = StringField(record, "id");
    const std::string context = id.empty() ? where : where + " (" + id + ")";
    const std::string event = StringField(record, "event");
    if (event.empty()) return Status::Error(context + ": no 'event' name");
    if (event == "DOCUMENT") continue;  // documentation record, not an event
    const std::string text = CollapseWhitespace(StringField(record, "text"));
    if (text.empty()) return Status::Error(context + ": no 'text'");
    auto date = NormalizeGoldDate(StringField(record, "date"));
    if (!date.ok()) return date.status().WithContext(context);
    auto sources = ActorList(record, "source");
    if (!sources.ok()) return sources.status().WithContext(context);
    auto targets = ActorList(record, "target");
    if (!targets.ok()) return targets.status().WithContext(context);

    auto [it, inserted] = sentence_of_text.emplace(text, gold.sentences.size());
    if (inserted) {
      GoldSentence sentence;
      sentence.id = id.empty() ? "record-" + std::to_string(index + 1) : id;
      sentence.text = text;
      sentence.date = date.value();
      sentence.line = index + 1;  // record number: JSON arrays have no useful line
      gold.sentences.push_back(std::move(sentence));
    }
    GoldSentence& sentence = gold.sentences[it->second];
    if (!id.empty()) sentence.record_ids.push_back(id);

    std::string mode = StringField(record, "mode");
    const std::string type = PloverCurrentName(event, &mode);
    std::vector<std::pair<std::string, std::string>> pairs;
    if (sources->size() >= 2 && targets->empty()) {
      // "X and Y agreed": each source acts on each other one.
      for (const auto& a : sources.value()) {
        for (const auto& b : sources.value()) {
          if (&a != &b) pairs.emplace_back(a, b);
        }
      }
    } else {
      const std::vector<std::string> none = {"---"};
      for (const auto& s : sources->empty() ? none : sources.value()) {
        for (const auto& t : targets->empty() ? none : targets.value()) pairs.emplace_back(s, t);
      }
    }
    for (const auto& [s, t] : pairs) sentence.events.push_back({type, mode, s, t});
  }
  if (gold.sentences.empty()) return Status::Error(name + ": no PLOVER event records");
  return gold;
}

}  // namespace dyad::eval_internal
