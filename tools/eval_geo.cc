// `dyad eval geo`: toponym resolution against a gold file of GeoNames ids, and event
// locations against the PLOVER gold-standard records' eventLoc fields.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "dyad/gazetteer.h"
#include "dyad/pipeline.h"
#include "subcommand.h"

namespace dyad::cli {
namespace {

constexpr double kNearKm = 161.0;

struct EvalGeoOptions {
  std::string gold;
  std::string plover;
  std::string stages;
  std::string data_dir;
  bool json = false;
  bool verbose = false;
};

std::vector<std::string> StageList(const std::string& stages) {
  std::vector<std::string> names;
  std::stringstream in(stages.empty() ? "normalize,tokenize,geo" : stages);
  for (std::string s; std::getline(in, s, ',');) {
    if (!s.empty()) names.push_back(s);
  }
  return names;
}

// Gold file: one JSON object per line {text, source, toponyms: [{start, end, geonameid, lat, lon}]};
// geonameid 0 marks a name that is not a place (metonymy). Offsets are bytes.
int EvalGold(const EvalGeoOptions& o, const Pipeline& pipeline, nlohmann::json* report) {
  std::ifstream in(o.gold);
  if (!in) {
    std::cerr << "dyad eval geo: cannot read " << o.gold << "\n";
    return 1;
  }
  size_t toponyms = 0, places = 0, found = 0, right_id = 0, near = 0, metonyms = 0, metonyms_right = 0;
  size_t line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (line.empty()) continue;
    nlohmann::json record;
    try {
      record = nlohmann::json::parse(line);
    } catch (const std::exception& e) {
      std::cerr << "dyad eval geo: " << o.gold << ":" << line_number << ": " << e.what() << "\n";
      return 1;
    }
    Document doc;
    doc.id = o.gold + ":" + std::to_string(line_number);
    doc.text = record.value("text", "");
    if (Status s = pipeline.Process(doc); !s.ok()) {
      std::cerr << "dyad eval geo: " << doc.id << ": " << s.message() << "\n";
      return 1;
    }
    for (const auto& t : record["toponyms"]) {
      ++toponyms;
      const uint32_t begin = t["start"], end = t["end"];
      const int64_t id = t["geonameid"];
      const Location* system = nullptr;
      for (const Location& l : doc.places) {
        if (l.begin < end && begin < l.end) system = &l;
      }
      if (id == 0) {
        ++metonyms;
        metonyms_right += system == nullptr;
        right_id += system == nullptr;
        near += system == nullptr;
        if (o.verbose && system) std::cerr << "METONYMY\t" << doc.text << "\t" << system->text << "\n";
        continue;
      }
      ++places;
      if (!system) {
        if (o.verbose) std::cerr << "MISSED\t" << t["text"] << "\t" << doc.text << "\n";
        continue;
      }
      ++found;
      const bool same = system->geonameid == id;
      const double km = DistanceKm(system->lat, system->lon, t["lat"], t["lon"]);
      right_id += same;
      near += same || km <= kNearKm;
      if (o.verbose && !same) {
        std::cerr << "WRONG\t" << t["text"] << "\tgold " << id << " " << t.value("name", "") << "\tsystem "
                  << system->geonameid << " " << system->name << " " << system->country << " (" << std::lround(km)
                  << " km)\t" << doc.text << "\n";
      }
    }
  }
  auto ratio = [](size_t a, size_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b); };
  (*report)["gold"] = {{"file", o.gold},
                       {"toponyms", toponyms},
                       {"places", places},
                       {"metonymic", metonyms},
                       {"places_found", found},
                       {"accuracy_geonameid", ratio(right_id, toponyms)},
                       {"accuracy_within_161km", ratio(near, toponyms)},
                       {"metonymy_accuracy", ratio(metonyms_right, metonyms)},
                       {"recall", ratio(found, places)}};
  return 0;
}

// PLOVER gold records with an eventLoc: the event is anchored at its first event word; its
// location must name the gold place (folded names contain one another) in the right country.
int EvalPlover(const EvalGeoOptions& o, const Pipeline& pipeline, const Gazetteer& gazetteer,
               nlohmann::json* report) {
  std::ifstream in(o.plover);
  nlohmann::json records;
  try {
    records = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    std::cerr << "dyad eval geo: " << o.plover << ": " << e.what() << "\n";
    return 1;
  }
  size_t with_location = 0, located = 0, name_right = 0, country_right = 0;
  for (const auto& r : records) {
    if (!r.contains("eventLoc") || !r.contains("text")) continue;
    ++with_location;
    const std::string gold_name = r["eventLoc"].value("name", "");
    const std::string gold_key = GazetteerKey(gold_name);
    // Gold country: the given code, else the most populous place the name can mean.
    std::string gold_country;
    if (r["eventLoc"].contains("country code")) {
      const int64_t c = gazetteer.CountryPlace(r["eventLoc"]["country code"].get<std::string>());
      if (c >= 0) gold_country = std::string(gazetteer.At(static_cast<uint32_t>(c)).country);
    }
    if (gold_country.empty()) {
      uint32_t best_population = 0;
      std::string words = gold_key;
      for (size_t cut = 0; gold_country.empty() && cut != std::string::npos;) {
        for (const NameHit& h : gazetteer.Lookup(words)) {
          const Place p = gazetteer.At(h.place);
          if ((h.flags & kNameDemonym) == 0 && (gold_country.empty() || p.kind == PlaceKind::kCountry ||
                                                p.population > best_population)) {
            if (p.kind == PlaceKind::kCountry) best_population = UINT32_MAX;
            else best_population = std::max(best_population, p.population);
            gold_country = std::string(p.country);
          }
        }
        cut = words.find(' ');
        if (cut != std::string::npos) words = words.substr(cut + 1);  // "province of herat" -> "herat"
      }
    }
    Document doc;
    doc.id = r.value("id", "");
    doc.text = r["text"].get<std::string>();
    doc.date = r.value("date", "");
    if (Status s = pipeline.Process(doc); !s.ok()) {
      std::cerr << "dyad eval geo: " << doc.id << ": " << s.message() << "\n";
      return 1;
    }
    // With the coder in the pipeline use its events; otherwise anchor one at the event words.
    if (doc.events.empty()) {
      std::string first_word = r.value("eventText", "");
      first_word = first_word.substr(0, first_word.find(' '));
      size_t pos = first_word.empty() ? std::string::npos : doc.text.find(first_word);
      if (pos == std::string::npos) pos = 0;
      Event e;
      e.trigger_begin = static_cast<uint32_t>(pos);
      e.trigger_end = static_cast<uint32_t>(pos + first_word.size());
      for (size_t s = 0; s < doc.sentences.size(); ++s) {
        if (doc.sentences[s].begin <= pos) e.sentence = static_cast<uint32_t>(s);
      }
      doc.events.push_back(e);
      if (Status s = pipeline.Process(doc); !s.ok()) {
        std::cerr << "dyad eval geo: " << doc.id << ": " << s.message() << "\n";
        return 1;
      }
    }
    const Location* loc = nullptr;
    for (const Event& e : doc.events) {
      if (e.location) {
        loc = &*e.location;
        break;
      }
    }
    if (!loc) {
      if (o.verbose) std::cerr << "PLOVER-NONE\t" << gold_name << "\t" << doc.text << "\n";
      continue;
    }
    ++located;
    const std::string text_key = GazetteerKey(loc->text), name_key = GazetteerKey(loc->name);
    auto contains = [](const std::string& a, const std::string& b) {
      return !a.empty() && !b.empty() && (a.find(b) != std::string::npos || b.find(a) != std::string::npos);
    };
    const bool name_ok = contains(gold_key, text_key) || contains(gold_key, name_key);
    name_right += name_ok;
    country_right += !gold_country.empty() && loc->country == gold_country;
    if (o.verbose && !name_ok) {
      std::cerr << "PLOVER-WRONG\t" << gold_name << "\tsystem " << loc->text << " " << loc->name << " "
                << loc->country << "\t" << doc.text << "\n";
    }
  }
  auto ratio = [](size_t a, size_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b); };
  (*report)["plover"] = {{"file", o.plover},
                         {"records_with_location", with_location},
                         {"located", located},
                         {"name_accuracy", ratio(name_right, with_location)},
                         {"country_accuracy", ratio(country_right, with_location)}};
  return 0;
}

int RunEvalGeo(const EvalGeoOptions& o) {
  if (o.gold.empty() && o.plover.empty()) {
    std::cerr << "dyad eval geo: give --gold FILE and/or --plover FILE\n";
    return 2;
  }
  StageConfig config;
  config.data_dir = o.data_dir;
  auto pipeline = Pipeline::Create(StageList(o.stages), config);
  if (!pipeline.ok()) {
    std::cerr << "dyad eval geo: " << pipeline.status().message() << "\n";
    return 1;
  }
  nlohmann::json report = nlohmann::json::object();
  if (!o.gold.empty()) {
    if (int rc = EvalGold(o, pipeline.value(), &report); rc != 0) return rc;
  }
  if (!o.plover.empty()) {
    auto gazetteer = Gazetteer::Load((std::filesystem::path(o.data_dir) / Gazetteer::kFileName).string());
    if (!gazetteer.ok()) {
      std::cerr << "dyad eval geo: " << gazetteer.status().message() << "\n";
      return 1;
    }
    if (int rc = EvalPlover(o, pipeline.value(), *gazetteer.value(), &report); rc != 0) return rc;
  }
  if (o.json) {
    std::cout << report.dump() << "\n";
    return 0;
  }
  if (report.contains("gold")) {
    const auto& g = report["gold"];
    std::cout << "gold toponyms:           " << g["toponyms"] << " (" << g["metonymic"] << " not places)\n"
              << "places found:            " << g["places_found"] << " of " << g["places"] << "\n"
              << "right GeoNames id:       " << g["accuracy_geonameid"] << "\n"
              << "within 161 km:           " << g["accuracy_within_161km"] << "\n";
    if (g["metonymic"].get<size_t>() > 0) std::cout << "metonymy right:          " << g["metonymy_accuracy"] << "\n";
  }
  if (report.contains("plover")) {
    const auto& p = report["plover"];
    std::cout << "PLOVER records with loc: " << p["records_with_location"] << " (located " << p["located"] << ")\n"
              << "PLOVER location name:    " << p["name_accuracy"] << "\n"
              << "PLOVER location country: " << p["country_accuracy"] << "\n";
  }
  return 0;
}

const SubcommandRegistration kEvalGeo(
    "eval geo", "Score toponym resolution (GeoNames id, within 161 km) and PLOVER event locations",
    [](CLI::App& app) {
      auto o = std::make_shared<EvalGeoOptions>();
      app.add_option("--gold", o->gold, "Gold toponym file (JSON lines, see tests/golden/geo/)");
      app.add_option("--plover", o->plover, "PLOVER_GSR_CAMEO.txt: score the eventLoc of its records");
      app.add_option("--stages", o->stages, "Pipeline stages (default normalize,tokenize,geo)");
      app.add_flag("--json", o->json, "Print one JSON object");
      app.add_flag("--verbose", o->verbose, "List every error on stderr");
      AddDataDirOption(app, &o->data_dir);
      return [o] { return RunEvalGeo(*o); };
    });

}  // namespace
}  // namespace dyad::cli
