#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

#include "dyad/gazetteer.h"

namespace dyad {
namespace {

std::string TinyDir() { return std::string(DYAD_TEST_DIR) + "/data/timegeo/"; }

std::string CompileTiny(const std::string& name) {
  GazetteerSources sources;
  sources.cities = TinyDir() + "cities.txt";
  sources.admin1 = TinyDir() + "admin1.txt";
  sources.country_info = TinyDir() + "countryInfo.tsv";
  sources.countries_csv = TinyDir() + "countries.csv";
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("dyad_gaz_" + name + "_" + std::to_string(::getpid()) + ".bin")).string();
  GazetteerStats stats;
  Status status = CompileGazetteer(sources, path, &stats);
  EXPECT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(stats.cities, 5u);
  EXPECT_EQ(stats.admin1, 5u);
  EXPECT_EQ(stats.countries, 2u);
  return path;
}

TEST(GeoGazetteer, KeyFolding) {
  EXPECT_EQ(GazetteerKey("Córdoba"), "cordoba");
  EXPECT_EQ(GazetteerKey("U.S."), "us");
  EXPECT_EQ(GazetteerKey("Port-au-Prince"), "port au prince");
  EXPECT_EQ(GazetteerKey("  São   Paulo "), "sao paulo");
  EXPECT_EQ(GazetteerKey("Côte d’Ivoire"), "cote d'ivoire");
}

TEST(GeoGazetteer, RoundTrip) {
  const std::string path = CompileTiny("roundtrip");
  auto g = Gazetteer::Load(path);
  ASSERT_TRUE(g.ok()) << g.status().message();
  const Gazetteer& gaz = *g.value();
  EXPECT_EQ(gaz.size(), 12u);  // 2 countries + 5 admin1 + 5 cities
  // Two Springfields, each with its admin1 code.
  auto hits = gaz.Lookup(GazetteerKey("Springfield"));
  ASSERT_EQ(hits.size(), 2u);
  std::set<std::string> admins;
  for (const NameHit& h : hits) admins.insert(std::string(gaz.At(h.place).admin1));
  EXPECT_EQ(admins, (std::set<std::string>{"IL", "MO"}));
  // Alternate Latin names are indexed, non-Latin ones and all-caps codes are not.
  EXPECT_EQ(gaz.Lookup("cordova").size(), 1u);
  EXPECT_EQ(gaz.Lookup("vashington").size(), 1u);
  EXPECT_TRUE(gaz.Lookup("spf").empty());
  EXPECT_TRUE(gaz.Lookup(GazetteerKey("ワシントン")).empty());
  // Diacritics fold: "Cordoba" finds Córdoba with its coordinates and population.
  auto cordoba = gaz.Lookup("cordoba");
  ASSERT_EQ(cordoba.size(), 1u);
  const Place p = gaz.At(cordoba[0].place);
  EXPECT_EQ(p.geonameid, 1000004);
  EXPECT_EQ(p.country, "ESP");
  EXPECT_EQ(p.feature, "PPLA2");
  EXPECT_NEAR(p.lat, 37.89155, 1e-4);
  EXPECT_EQ(p.population, 325708u);
  // Countries: canonical name, abbreviation (capitals only), demonyms flagged.
  auto us = gaz.Lookup("us");
  ASSERT_EQ(us.size(), 1u);
  EXPECT_NE(us[0].flags & kNameAbbrev, 0);
  EXPECT_EQ(gaz.At(us[0].place).kind, PlaceKind::kCountry);
  auto spanish = gaz.Lookup("spanish");
  ASSERT_EQ(spanish.size(), 1u);
  EXPECT_NE(spanish[0].flags & kNameDemonym, 0);
  // A country takes its capital's coordinates; an admin1 its seat's.
  const Place spain = gaz.At(static_cast<uint32_t>(gaz.CountryPlace("ESP")));
  EXPECT_EQ(spain.geonameid, 3000002);
  EXPECT_NEAR(spain.lat, 40.4165, 1e-3);
  const int64_t illinois = gaz.Admin1Place("US", "IL");
  ASSERT_GE(illinois, 0);
  EXPECT_NEAR(gaz.At(static_cast<uint32_t>(illinois)).lat, 39.80172, 1e-3);
  EXPECT_TRUE(gaz.HasPrefix("united"));
  EXPECT_FALSE(gaz.HasPrefix("springfield"));
  std::filesystem::remove(path);
}

TEST(GeoGazetteer, RejectsCorruptFiles) {
  const std::string path = CompileTiny("corrupt");
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_GT(bytes.size(), 100u);
  // A flipped payload byte fails the checksum.
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x5A;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << flipped;
  EXPECT_FALSE(Gazetteer::Load(path).ok());
  // A truncated file is rejected.
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() / 3);
  EXPECT_FALSE(Gazetteer::Load(path).ok());
  // A wrong magic is rejected.
  std::string wrong = bytes;
  wrong[0] = 'X';
  std::ofstream(path, std::ios::binary | std::ios::trunc) << wrong;
  EXPECT_FALSE(Gazetteer::Load(path).ok());
  EXPECT_FALSE(Gazetteer::Load(path + ".missing").ok());
  std::filesystem::remove(path);
}

TEST(GeoGazetteer, CompilerReportsMissingSources) {
  GazetteerSources sources;
  sources.cities = TinyDir() + "no-such-file.txt";
  sources.admin1 = TinyDir() + "admin1.txt";
  sources.country_info = TinyDir() + "countryInfo.tsv";
  sources.countries_csv = TinyDir() + "countries.csv";
  Status status = CompileGazetteer(sources, "/tmp/dyad_never_written.bin", nullptr);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("no-such-file"), std::string::npos);
}

TEST(GeoGazetteer, Distance) {
  // Baghdad to Damascus is about 760 km.
  EXPECT_NEAR(DistanceKm(33.3406, 44.4009, 33.5102, 36.2913), 752, 15);
  EXPECT_NEAR(DistanceKm(10, 10, 10, 10), 0, 1e-9);
}

}  // namespace
}  // namespace dyad
