// `dyad dict compile`: TABARI/PETRARCH text dictionaries → compact binary files under data/dict/.
// `dyad dict check`: reads text dictionaries and reports every malformed line.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "dyad/dictionaries.h"
#include "subcommand.h"

namespace dyad::cli {
namespace {

struct DictOptions {
  std::vector<std::string> actors, agents, verbs, discards;
  std::string plover, goldstein, iso_countries, iso_historic, legacy_countries, nationalities;
  std::string out_dir;
  bool strict = false;
};

void Report(const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) std::cerr << "dyad dict: skipped " << w << "\n";
}

// Adds every alpha_3 code of an iso-codes JSON file ({"3166-1": [{"alpha_3": ...}]}).
Status ReadIsoCodes(const std::string& path, std::map<std::string, std::string>* countries) {
  std::ifstream in(path);
  if (!in) return Status::Error(path + ": cannot open");
  nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return Status::Error(path + ": not a JSON object");
  for (const auto& [key, list] : json.items()) {
    if (!list.is_array()) continue;
    for (const auto& item : list) {
      if (item.contains("alpha_3") && item["alpha_3"].is_string()) {
        const std::string code = item["alpha_3"].get<std::string>();
        countries->emplace(code, code);
      }
    }
  }
  return Status::Ok();
}

// Reads "CAMEO ISO3" lines.
Status ReadLegacyCountries(const std::string& path, std::map<std::string, std::string>* countries) {
  std::ifstream in(path);
  if (!in) return Status::Error(path + ": cannot open");
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string cameo, iso;
    if (!(fields >> cameo >> iso) || cameo.size() != 3 || iso.size() != 3) {
      return Status::Error(path + ":" + std::to_string(number) + ": expected 'CAMEO ISO3'");
    }
    (*countries)[cameo] = iso;
  }
  return Status::Ok();
}

// Splits one CSV line with double-quoted fields.
std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) fields.emplace_back();
    else fields.back().push_back(c);
  }
  return fields;
}

// Adds single-word nationality adjectives/nouns ("Iraqi", "Iraqis") from a CSV with columns
// CCA2,Name,CCA3,Nationality, unless the word already names an actor.
Status AddNationalities(const std::string& path, std::vector<ActorEntry>* actors) {
  std::ifstream in(path);
  if (!in) return Status::Error(path + ": cannot open");
  std::set<std::string> known;
  for (const auto& entry : *actors) {
    if (entry.phrase.words.size() == 1) known.insert(entry.phrase.words[0]);
  }
  const std::string file = std::filesystem::path(path).filename().string();
  std::string line;
  uint32_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1) continue;  // header
    const auto fields = SplitCsv(line);
    if (fields.size() < 4) return Status::Error(path + ":" + std::to_string(number) + ": expected 4 columns");
    const std::string code = fields[2];
    std::istringstream words(fields[3]);
    std::string word;
    while (std::getline(words, word, ',')) {
      const size_t b = word.find_first_not_of(' ');
      const size_t e = word.find_last_not_of(' ');
      if (b == std::string::npos) continue;
      word = word.substr(b, e - b + 1);
      if (word.find(' ') != std::string::npos || word.find('(') != std::string::npos) continue;
      const std::string folded = FoldCase(word);
      if (!known.insert(folded).second) continue;
      ActorEntry entry;
      entry.phrase.words = {folded};
      entry.phrase.stem_last = false;
      entry.codes = {DatedCode{code, 0, 0}};
      entry.source = {file, number};
      entry.name = word;
      actors->push_back(std::move(entry));
    }
  }
  return Status::Ok();
}

int RunCompile(const DictOptions& o) {
  std::vector<std::string> warnings;
  std::vector<std::string>* w = o.strict ? nullptr : &warnings;
  auto fail = [](const Status& s) {
    std::cerr << "dyad dict compile: " << s.message() << "\n";
    return 1;
  };
  std::vector<ActorEntry> actors;
  std::vector<AgentEntry> agents;
  for (const auto& path : o.actors) {
    if (Status s = ReadActorDictionary(path, &actors, w); !s.ok()) return fail(s);
  }
  if (!o.nationalities.empty()) {
    if (Status s = AddNationalities(o.nationalities, &actors); !s.ok()) return fail(s);
  }
  for (const auto& path : o.agents) {
    if (Status s = ReadAgentDictionary(path, &agents, w); !s.ok()) return fail(s);
  }
  std::map<std::string, std::string> countries;
  for (const auto& path : {o.iso_countries, o.iso_historic}) {
    if (path.empty()) continue;
    if (Status s = ReadIsoCodes(path, &countries); !s.ok()) return fail(s);
  }
  if (!o.legacy_countries.empty()) {
    if (Status s = ReadLegacyCountries(o.legacy_countries, &countries); !s.ok()) return fail(s);
  }
  VerbDictionary verbs;
  for (const auto& path : o.verbs) {
    if (Status s = ReadVerbDictionary(path, &verbs, w); !s.ok()) return fail(s);
  }
  std::vector<DiscardEntry> discards;
  for (const auto& path : o.discards) {
    if (Status s = ReadDiscardDictionary(path, &discards, w); !s.ok()) return fail(s);
  }
  std::map<std::string, CameoInfo> cameo;
  if (!o.plover.empty()) {
    if (Status s = ReadPloverTable(o.plover, &cameo); !s.ok()) return fail(s);
  }
  if (!o.goldstein.empty()) {
    if (Status s = ReadGoldsteinTable(o.goldstein, &cameo); !s.ok()) return fail(s);
  }
  Report(warnings);
  std::filesystem::create_directories(o.out_dir);
  const std::string actor_path = (std::filesystem::path(o.out_dir) / "actors.bin").string();
  const std::string event_path = (std::filesystem::path(o.out_dir) / "events.bin").string();
  const size_t actor_count = actors.size(), agent_count = agents.size();
  if (Status s = SaveActorData(BuildActorData(actors, agents, countries), actor_path); !s.ok()) return fail(s);
  size_t verb_count = 0, pattern_count = 0;
  for (const auto& block : verbs.blocks) {
    verb_count += block.verbs.size();
    pattern_count += block.patterns.size();
  }
  const size_t block_count = verbs.blocks.size(), synset_count = verbs.synsets.size();
  if (Status s = SaveEventData(BuildEventData(std::move(verbs), discards, std::move(cameo)), event_path); !s.ok()) {
    return fail(s);
  }
  std::cerr << "dyad dict compile: " << actor_count << " actor names, " << agent_count << " agent forms, "
            << countries.size() << " country codes -> " << actor_path << "; " << block_count << " verb blocks, "
            << verb_count << " verbs, " << pattern_count << " patterns, " << synset_count << " synsets, "
            << discards.size() << " discards -> " << event_path << "; " << warnings.size()
            << " malformed lines skipped\n";
  return 0;
}

int RunCheck(const DictOptions& o) {
  std::vector<std::string> warnings;
  std::vector<ActorEntry> actors;
  std::vector<AgentEntry> agents;
  VerbDictionary verbs;
  std::vector<DiscardEntry> discards;
  Status status;
  for (const auto& path : o.actors) {
    if (status = ReadActorDictionary(path, &actors, &warnings); !status.ok()) break;
  }
  for (const auto& path : o.agents) {
    if (!status.ok() || !(status = ReadAgentDictionary(path, &agents, &warnings)).ok()) break;
  }
  for (const auto& path : o.verbs) {
    if (!status.ok() || !(status = ReadVerbDictionary(path, &verbs, &warnings)).ok()) break;
  }
  for (const auto& path : o.discards) {
    if (!status.ok() || !(status = ReadDiscardDictionary(path, &discards, &warnings)).ok()) break;
  }
  for (const auto& warning : warnings) std::cout << warning << "\n";
  if (!status.ok()) {
    std::cerr << "dyad dict check: " << status.message() << "\n";
    return 1;
  }
  std::cerr << "dyad dict check: " << actors.size() << " actor names, " << agents.size() << " agent forms, "
            << verbs.blocks.size() << " verb blocks, " << discards.size() << " discards, " << warnings.size()
            << " malformed lines\n";
  return warnings.empty() ? 0 : 3;
}

void AddInputOptions(CLI::App& app, DictOptions* o) {
  app.add_option("--actors", o->actors, "TABARI/PETRARCH actor dictionary (repeatable)")->allow_extra_args(false);
  app.add_option("--agents", o->agents, "Agent dictionary (repeatable)")->allow_extra_args(false);
  app.add_option("--verbs", o->verbs, "Verb pattern dictionary (repeatable)")->allow_extra_args(false);
  app.add_option("--discards", o->discards, "Discard dictionary (repeatable)")->allow_extra_args(false);
}

const SubcommandRegistration kCompile(
    "dict compile", "Compile TABARI/PETRARCH dictionaries into data/dict/actors.bin and events.bin",
    [](CLI::App& app) {
      auto o = std::make_shared<DictOptions>();
      AddInputOptions(app, o.get());
      app.add_option("--plover", o->plover, "CAMEO → PLOVER table (code: TYPE, mode, context)");
      app.add_option("--goldstein", o->goldstein, "Goldstein table (CODE VALUE per line)");
      app.add_option("--iso-countries", o->iso_countries, "iso-codes JSON with ISO 3166-1 alpha_3 codes");
      app.add_option("--iso-historic", o->iso_historic, "iso-codes JSON with ISO 3166-3 (former countries)");
      app.add_option("--legacy-countries", o->legacy_countries, "CAMEO → ISO3 table for codes that differ");
      app.add_option("--nationalities", o->nationalities, "CSV (CCA2,Name,CCA3,Nationality) of adjectival forms");
      app.add_option("-o,--out-dir", o->out_dir, "Output directory (writes actors.bin, events.bin)")->required();
      app.add_flag("--strict", o->strict, "Fail on the first malformed line instead of skipping it");
      return [o] { return RunCompile(*o); };
    });

const SubcommandRegistration kCheck(
    "dict check", "Read TABARI/PETRARCH dictionaries and list malformed lines (exit 3 if any)",
    [](CLI::App& app) {
      auto o = std::make_shared<DictOptions>();
      AddInputOptions(app, o.get());
      return [o] { return RunCheck(*o); };
    });

}  // namespace
}  // namespace dyad::cli
