// `dyad dict gazetteer`: compiles GeoNames + country tables into data/geo/gazetteer.bin, or
// looks names up in a compiled gazetteer.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

#include "dyad/gazetteer.h"
#include "subcommand.h"

namespace dyad::cli {
namespace {

struct GazetteerOptions {
  std::string geonames_dir;
  std::string countries_dir;
  std::string output;
  std::string data_dir;
  std::vector<std::string> lookups;
};

int RunGazetteer(const GazetteerOptions& o) {
  const std::string path =
      o.output.empty() ? (std::filesystem::path(o.data_dir) / Gazetteer::kFileName).string() : o.output;
  if (!o.geonames_dir.empty()) {
    if (o.countries_dir.empty()) {
      std::cerr << "dyad dict gazetteer: --geonames needs --countries as well\n";
      return 2;
    }
    GazetteerSources sources;
    sources.cities = o.geonames_dir + "/cities15000.txt";
    sources.admin1 = o.geonames_dir + "/admin1CodesASCII.txt";
    sources.country_info = o.geonames_dir + "/countryInfo.tsv";
    sources.countries_csv = o.countries_dir + "/countries.csv";
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    GazetteerStats stats;
    Status status = CompileGazetteer(sources, path, &stats);
    if (!status.ok()) {
      std::cerr << "dyad dict gazetteer: " << status.message() << "\n";
      return 1;
    }
    std::cout << "wrote " << path << ": " << stats.countries << " countries, " << stats.admin1 << " admin1, "
              << stats.cities << " cities, " << stats.names << " names, " << stats.bytes << " bytes\n";
  }
  const auto start = std::chrono::steady_clock::now();
  auto gazetteer = Gazetteer::Load(path);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!gazetteer.ok()) {
    std::cerr << "dyad dict gazetteer: " << gazetteer.status().message() << "\n";
    return 1;
  }
  std::cout << path << ": " << gazetteer.value()->size() << " places, " << gazetteer.value()->name_count()
            << " names, loaded in " << ms << " ms\n";
  for (const auto& name : o.lookups) {
    for (const NameHit& hit : gazetteer.value()->Lookup(GazetteerKey(name))) {
      const Place p = gazetteer.value()->At(hit.place);
      std::cout << name << "\t" << p.geonameid << "\t" << p.name << "\t" << p.country << "\t" << p.admin1 << "\t"
                << p.feature << "\t" << p.population << "\t" << p.lat << "," << p.lon
                << ((hit.flags & kNameDemonym) ? "\tdemonym" : "") << "\n";
    }
  }
  return 0;
}

const SubcommandRegistration kGazetteer(
    "dict gazetteer", "Compile the GeoNames gazetteer (with --geonames/--countries) or look names up",
    [](CLI::App& app) {
      auto o = std::make_shared<GazetteerOptions>();
      app.add_option("--geonames", o->geonames_dir, "Directory with cities15000.txt, admin1CodesASCII.txt, countryInfo.tsv");
      app.add_option("--countries", o->countries_dir, "Directory with countries.csv");
      app.add_option("--output", o->output, "Output file (default: DATA_DIR/geo/gazetteer.bin)");
      app.add_option("--lookup", o->lookups, "Names to look up in the compiled gazetteer");
      AddDataDirOption(app, &o->data_dir);
      return [o] { return RunGazetteer(*o); };
    });

}  // namespace
}  // namespace dyad::cli
