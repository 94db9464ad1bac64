// The embedded gazetteer: GeoNames cities (population >= 15000), first-level administrative
// divisions and countries, with names, alternate names, country demonyms, codes,
// coordinates, population, feature codes and the admin hierarchy, compiled into one
// memory-mapped binary file (data/geo/gazetteer.bin).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/binary_format.h"
#include "dyad/status.h"

namespace dyad {

/// What kind of place a gazetteer entry is.
enum class PlaceKind : uint8_t { kCity = 0, kAdmin1 = 1, kCountry = 2 };

/// One place record as stored in the binary file.
struct PlaceRecord {
  int64_t geonameid = 0;     ///< GeoNames id
  float lat = 0, lon = 0;    ///< coordinates (admin1/country: seat or capital city)
  uint32_t population = 0;   ///< population (admin1: sum of its cities)
  uint32_t name = 0;         ///< string pool offset of the canonical name
  uint32_t admin1 = 0;       ///< string pool offset of the admin1 code ("TX"), empty for countries
  uint32_t feature = 0;      ///< string pool offset of the GeoNames feature code (PPLC, ADM1, PCLI...)
  uint16_t country = 0;      ///< index into the country table
  PlaceKind kind = PlaceKind::kCity;  ///< city, admin1 or country
  uint8_t reserved = 0;      ///< zero
};

/// One country of the country table.
struct CountryRecord {
  char iso2[2] = {0, 0};     ///< ISO 3166 alpha-2
  char iso3[3] = {0, 0, 0};  ///< ISO 3166 alpha-3
  uint8_t reserved[3] = {0, 0, 0};  ///< zero
  uint32_t place = 0;        ///< index of the country's own place record
};

/// One name → place entry of the sorted name index.
struct NameEntry {
  uint32_t key = 0;        ///< string pool offset of the folded key
  uint16_t key_length = 0; ///< key length in bytes
  uint8_t flags = 0;       ///< NameFlag bits
  uint8_t reserved = 0;    ///< zero
  uint32_t place = 0;      ///< place index
};

/// Bits of NameEntry::flags.
enum NameFlag : uint8_t {
  kNamePrimary = 1,   ///< the place's canonical or ASCII name
  kNameDemonym = 2,   ///< an adjective/demonym ("Iraqi"): evidence for the country, not a toponym
  kNameAbbrev = 4,    ///< an abbreviation that must be written in capitals ("US", "UK")
};

/// A place as seen by callers.
struct Place {
  uint32_t index = 0;        ///< place index
  int64_t geonameid = 0;     ///< GeoNames id
  std::string_view name;     ///< canonical name
  std::string_view country;  ///< ISO3 country code
  std::string_view country2; ///< ISO2 country code
  std::string_view admin1;   ///< admin1 code ("TX"), empty for countries
  std::string_view feature;  ///< GeoNames feature code
  PlaceKind kind = PlaceKind::kCity;  ///< city, admin1 or country
  double lat = 0, lon = 0;   ///< coordinates
  uint32_t population = 0;   ///< population
};

/// A name-index hit.
struct NameHit {
  uint32_t place = 0;  ///< place index
  uint8_t flags = 0;   ///< NameFlag bits
};

/// Folds a name to its lookup key: case-folded, diacritics stripped, periods removed,
/// hyphens and runs of spaces turned into single spaces, curly apostrophes made straight.
std::string GazetteerKey(std::string_view name);

/// The loaded gazetteer (immutable, thread-safe).
class Gazetteer {
 public:
  /// Magic and version of the binary format.
  static constexpr std::string_view kMagic = "DYADGAZ1";
  static constexpr uint32_t kVersion = 1;
  /// File name under the data directory.
  static constexpr std::string_view kFileName = "geo/gazetteer.bin";

  /// Maps and validates a compiled gazetteer file.
  static Result<std::shared_ptr<const Gazetteer>> Load(const std::string& path);

  /// Places whose name folds to `key` (a GazetteerKey), in index order.
  std::vector<NameHit> Lookup(std::string_view key) const;
  /// True when some indexed name starts with `key_prefix` followed by a space (for
  /// multi-word lookups).
  bool HasPrefix(std::string_view key_prefix) const;
  /// The place at `index`.
  Place At(uint32_t index) const;
  /// The country place of ISO3 (or ISO2) `code`, or -1.
  int64_t CountryPlace(std::string_view code) const;
  /// The admin1 place for country ISO2 + admin1 code, or -1.
  int64_t Admin1Place(std::string_view country2, std::string_view admin1) const;
  /// Number of places.
  size_t size() const { return places_.size(); }
  /// Number of name-index entries.
  size_t name_count() const { return names_.size(); }

 private:
  Gazetteer() = default;
  std::string_view Str(uint32_t offset) const;
  std::shared_ptr<MappedBinaryFile> file_;
  std::string_view pool_;
  std::vector<PlaceRecord> places_;
  std::vector<CountryRecord> countries_;
  std::vector<NameEntry> names_;
};

/// Inputs of the gazetteer compiler.
struct GazetteerSources {
  std::string cities;        ///< GeoNames cities15000.txt
  std::string admin1;        ///< GeoNames admin1CodesASCII.txt
  std::string country_info;  ///< GeoNames countryInfo.tsv
  std::string countries_csv; ///< countries.csv (CCA2,Name,CCA3,Nationality)
};

/// Counts reported by the compiler.
struct GazetteerStats {
  size_t cities = 0, admin1 = 0, countries = 0, names = 0;  ///< records and name entries
  size_t bytes = 0;  ///< payload size
};

/// Compiles the sources into a gazetteer binary at `out_path`.
Status CompileGazetteer(const GazetteerSources& sources, const std::string& out_path, GazetteerStats* stats);

/// Great-circle distance in kilometres.
double DistanceKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace dyad
