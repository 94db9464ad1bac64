// PETRARCH unit-test compatibility: code each record with the suite's own dictionaries and
// compare the set of (source, target, code) triples with the expected codings.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>

#include "dyad/eval_events.h"
#include "eval/gold_parsers.h"

namespace dyad {
namespace {

using json = nlohmann::ordered_json;

// Records expecting this error test PETRARCH's parse-tree input checks, which do not apply
// to a coder that parses the text itself.
constexpr std::string_view kParseTreeError = "bad_input_parse";

std::vector<std::string> SplitList(const std::string& list) {
  std::vector<std::string> items;
  std::istringstream in(list);
  for (std::string item; std::getline(in, item, ',');) {
    item = eval_internal::CollapseWhitespace(item);
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

std::string Triple(const std::string& source, const std::string& target, const std::string& code) {
  return source + " " + target + " " + code;
}

std::vector<std::string> SortedUnique(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

std::string Joined(const std::vector<std::string>& items) {
  if (items.empty()) return "(none)";
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : "; ") + item;
  return out;
}

json TallyJson(const UnitTestTally& tally) {
  return {{"records", tally.records}, {"passed", tally.passed}, {"skipped", tally.skipped}};
}

}  // namespace

Status ConfigurePetrDictionaries(const GoldSet& gold, const std::string& dict_dir,
                                 StageConfig& config) {
  const std::pair<const char*, std::vector<std::string>*> fields[] = {
      {"Actorfile", &config.actor_dictionaries},
      {"Agentfile", &config.agent_dictionaries},
      {"Verbfile", &config.verb_dictionaries},
      {"Discardfile", &config.discard_dictionaries},
  };
  size_t found = 0;
  for (const auto& [key, paths] : fields) {
    auto it = gold.environment.find(key);
    if (it == gold.environment.end()) continue;
    for (const std::string& file : SplitList(it->second)) {
      const std::filesystem::path path = std::filesystem::path(dict_dir) / file;
      if (!std::filesystem::is_regular_file(path)) {
        return Status::Error(gold.name + ": <" + key + "> file '" + path.string() + "' not found");
      }
      paths->push_back(path.string());
      ++found;
    }
  }
  if (found == 0) {
    return Status::Error(gold.name + ": no dictionaries listed in <Environment> "
                         "(Actorfile, Agentfile, Verbfile, Discardfile)");
  }
  config.replace_dictionaries = true;
  return Status::Ok();
}

UnitTestReport RunPetrUnitTests(const GoldSet& gold, const Pipeline& pipeline,
                                const PredictionFilter& filter) {
  UnitTestReport report;
  for (const GoldSentence& sentence : gold.sentences) {
    UnitTestOutcome outcome;
    outcome.id = sentence.id;
    outcome.category = sentence.category;
    outcome.text = sentence.text;
    for (const GoldEvent& event : sentence.events) {
      outcome.expected.push_back(Triple(event.source, event.target, event.code));
    }
    outcome.expected = SortedUnique(std::move(outcome.expected));
    UnitTestTally& tally = report.categories[sentence.category];
    if (sentence.expected_error == kParseTreeError) {
      outcome.skipped = true;
      outcome.skip_reason = "expects a parse-tree input error (not applicable to text input)";
      ++tally.skipped;
      ++report.total.skipped;
      report.outcomes.push_back(std::move(outcome));
      continue;
    }
    Document doc;
    doc.id = sentence.id;
    doc.text = sentence.text;
    doc.date = sentence.date;
    doc.origin = gold.name + ":" + std::to_string(sentence.line);
    if (Status status = pipeline.Process(doc); !status.ok()) {
      outcome.pipeline_error = status.message();
      doc.events.clear();
    }
    for (const Event& event : doc.events) {
      if (!CountsAsPrediction(doc, event, filter) || event.cameo.empty()) continue;
      std::vector<std::string> sources, targets;
      for (const auto& actor : event.actors) sources.push_back(PredictedActorCode(actor));
      for (const auto& actor : event.recipients) targets.push_back(PredictedActorCode(actor));
      if (sources.empty()) sources.push_back("---");
      if (targets.empty()) targets.push_back("---");
      for (const auto& source : sources) {
        for (const auto& target : targets) {
          outcome.coded.push_back(Triple(source, target, event.cameo));
        }
      }
    }
    outcome.coded = SortedUnique(std::move(outcome.coded));
    outcome.passed = outcome.pipeline_error.empty() && outcome.coded == outcome.expected;
    ++tally.records;
    ++report.total.records;
    if (outcome.passed) {
      ++tally.passed;
      ++report.total.passed;
    }
    report.outcomes.push_back(std::move(outcome));
  }
  return report;
}

std::string FormatUnitTestReport(const UnitTestReport& report, bool verbose) {
  std::string out;
  char line[256];
  auto row = [&](const std::string& name, const UnitTestTally& tally) {
    const double share = tally.records == 0 ? 0.0 : 100.0 * tally.passed / tally.records;
    std::snprintf(line, sizeof line, "%-12s %6zu / %-6zu %6.1f%%  skipped %zu\n", name.c_str(),
                  tally.passed, tally.records, share, tally.skipped);
    out += line;
  };
  std::snprintf(line, sizeof line, "%-12s %15s %7s\n", "category", "passed/records", "share");
  out += line;
  for (const auto& [category, tally] : report.categories) {
    row(category.empty() ? "(none)" : category, tally);
  }
  row("TOTAL", report.total);
  if (verbose) {
    out += "\nFailures:\n";
    for (const auto& outcome : report.outcomes) {
      if (outcome.passed || outcome.skipped) continue;
      out += "- " + outcome.id + " [" + outcome.category + "] " + outcome.text + "\n";
      out += "    expected: " + Joined(outcome.expected) + "\n";
      out += "    coded:    " + Joined(outcome.coded) + "\n";
      if (!outcome.pipeline_error.empty()) out += "    error:    " + outcome.pipeline_error + "\n";
    }
  }
  return out;
}

std::string FormatUnitTestJson(const UnitTestReport& report, bool verbose) {
  json out;
  out["total"] = TallyJson(report.total);
  out["categories"] = json::object();
  for (const auto& [category, tally] : report.categories) out["categories"][category] = TallyJson(tally);
  if (verbose) {
    out["failures"] = json::array();
    for (const auto& outcome : report.outcomes) {
      if (outcome.passed || outcome.skipped) continue;
      json failure = {{"id", outcome.id},         {"category", outcome.category},
                      {"text", outcome.text},     {"expected", outcome.expected},
                      {"coded", outcome.coded}};
      if (!outcome.pipeline_error.empty()) failure["error"] = outcome.pipeline_error;
      out["failures"].push_back(std::move(failure));
    }
  }
  return out.dump();
}

}  // namespace dyad
