// Compiles GeoNames and country-name tables into the gazetteer binary.
//
// Places: every country of countryInfo.tsv, every admin1 division of admin1CodesASCII.txt and
// every city of cities15000.txt. Countries take the coordinates of their capital (else their
// largest city), admin1 divisions those of their seat (largest PPLA city, else largest city)
// and the summed population of their cities. Names: canonical and ASCII names, Latin-script
// alternate names (codes, names with digits and names under three letters dropped), country
// names and short forms from countries.csv, whose adjective forms become demonym entries.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "dyad/gazetteer.h"
#include "dyad/text.h"

namespace dyad {
namespace {

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return out;
}

// Splits one CSV line with double-quoted fields.
std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

std::string Trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

// Latin-script name worth indexing: valid UTF-8, all letters below U+0250, no digits.
bool IsLatinName(std::string_view name) {
  if (name.size() < 3 || !ValidateUtf8(name).ok()) return false;
  bool letter = false;
  for (size_t i = 0; i < name.size();) {
    size_t len = 1;
    const char32_t cp = DecodeUtf8(name, i, &len);
    if (cp >= 0x250 && cp != 0x2019) return false;
    if (cp >= '0' && cp <= '9') return false;
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || cp >= 0xC0) letter = true;
    i += len;
  }
  return letter;
}

bool IsAllCaps(std::string_view name) {
  bool upper = false;
  for (char c : name) {
    if (std::islower(static_cast<unsigned char>(c))) return false;
    if (std::isupper(static_cast<unsigned char>(c))) upper = true;
  }
  return upper;
}

// An adjectival/demonym form ("Iraqi", "Syrians", "Congolese", "British").
bool LooksLikeDemonym(std::string_view w) {
  if (w.find(' ') != std::string_view::npos) return false;
  static const char* const kSuffixes[] = {"an", "ans", "ese", "ish", "i", "is", "ic", "ch", "er", "ers",
                                          "ot", "ots", "ite", "ites", "ar", "ars", "ian", "ians", "s"};
  for (const char* s : kSuffixes) {
    if (w.size() > std::string_view(s).size() + 2 && w.ends_with(s)) return true;
  }
  return false;
}

class Builder {
 public:
  uint32_t Intern(const std::string& s) {
    auto it = strings_.find(s);
    if (it != strings_.end()) return it->second;
    const uint32_t offset = static_cast<uint32_t>(pool_.size());
    pool_ += s;
    pool_ += '\0';
    strings_.emplace(s, offset);
    return offset;
  }
  void AddName(const std::string& name, uint32_t place, uint8_t flags) {
    const std::string key = GazetteerKey(name);
    if (key.empty() || key.size() > 200) return;
    const uint64_t id = (static_cast<uint64_t>(place) << 8);
    auto& seen = seen_[key];
    for (auto& [p, f] : seen) {
      if (p == id) {
        f |= flags & kNamePrimary;
        return;
      }
    }
    seen.emplace_back(id, flags);
  }
  std::string pool_;
  std::unordered_map<std::string, uint32_t> strings_;
  std::map<std::string, std::vector<std::pair<uint64_t, uint8_t>>> seen_;  // key -> (place<<8, flags)
};

struct City {
  PlaceRecord record;
  std::string name, ascii, cc, admin1, feature;
  std::vector<std::string> alternates;
};

}  // namespace

Status CompileGazetteer(const GazetteerSources& sources, const std::string& out_path, GazetteerStats* stats) {
  Builder b;
  b.Intern("");  // offset 0 is the empty string
  // Countries.
  struct Country {
    std::string iso2, iso3, name, capital;
    int64_t geonameid = 0;
    uint32_t population = 0;
  };
  std::vector<Country> countries;
  std::map<std::string, size_t> country_by_iso2;
  {
    std::ifstream in(sources.country_info);
    if (!in) return Status::Error("cannot read " + sources.country_info);
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      auto f = SplitTabs(line);
      if (f.size() < 17 || f[0].size() != 2 || f[1].size() != 3) continue;
      Country c{f[0], f[1], f[4], f[5], std::atoll(f[16].c_str()),
                static_cast<uint32_t>(std::min<long long>(std::atoll(f[7].c_str()), UINT32_MAX))};
      country_by_iso2[c.iso2] = countries.size();
      countries.push_back(std::move(c));
    }
  }
  if (countries.empty()) return Status::Error(sources.country_info + ": no countries read");
  // Cities.
  std::vector<City> cities;
  {
    std::ifstream in(sources.cities);
    if (!in) return Status::Error("cannot read " + sources.cities);
    for (std::string line; std::getline(in, line);) {
      auto f = SplitTabs(line);
      if (f.size() < 15) continue;
      auto cit = country_by_iso2.find(f[8]);
      if (cit == country_by_iso2.end()) continue;
      City c;
      c.record.geonameid = std::atoll(f[0].c_str());
      c.record.lat = std::strtof(f[4].c_str(), nullptr);
      c.record.lon = std::strtof(f[5].c_str(), nullptr);
      c.record.population = static_cast<uint32_t>(std::min<long long>(std::atoll(f[14].c_str()), UINT32_MAX));
      c.record.country = static_cast<uint16_t>(cit->second);
      c.record.kind = PlaceKind::kCity;
      c.name = f[1];
      c.ascii = f[2];
      c.cc = f[8];
      c.admin1 = f[10];
      c.feature = f[7];
      std::stringstream alts(f[3]);
      for (std::string a; std::getline(alts, a, ',');) {
        if (IsLatinName(a) && !IsAllCaps(a)) c.alternates.push_back(a);
      }
      cities.push_back(std::move(c));
    }
  }
  if (cities.empty()) return Status::Error(sources.cities + ": no cities read");
  // Admin1 divisions.
  struct Admin1 {
    std::string cc, code, name, ascii;
    int64_t geonameid = 0;
  };
  std::vector<Admin1> admins;
  {
    std::ifstream in(sources.admin1);
    if (!in) return Status::Error("cannot read " + sources.admin1);
    for (std::string line; std::getline(in, line);) {
      auto f = SplitTabs(line);
      if (f.size() < 4) continue;
      const size_t dot = f[0].find('.');
      if (dot == std::string::npos || !country_by_iso2.count(f[0].substr(0, dot))) continue;
      admins.push_back({f[0].substr(0, dot), f[0].substr(dot + 1), f[1], f[2], std::atoll(f[3].c_str())});
    }
  }
  // Place records: countries, then admin1, then cities.
  std::vector<PlaceRecord> places;
  std::vector<CountryRecord> country_records;
  for (size_t i = 0; i < countries.size(); ++i) {
    const Country& c = countries[i];
    PlaceRecord r;
    r.geonameid = c.geonameid;
    r.population = c.population;
    r.name = b.Intern(c.name);
    r.admin1 = 0;
    r.feature = b.Intern("PCLI");
    r.country = static_cast<uint16_t>(i);
    r.kind = PlaceKind::kCountry;
    // Coordinates of the capital, else of the largest city.
    const City* best = nullptr;
    for (const City& city : cities) {
      if (city.record.country != i) continue;
      const bool capital = city.feature == "PPLC" || city.name == c.capital || city.ascii == c.capital;
      const bool best_capital = best && (best->feature == "PPLC" || best->name == c.capital || best->ascii == c.capital);
      if (!best || (capital && !best_capital) ||
          (capital == best_capital && city.record.population > best->record.population)) {
        best = &city;
      }
    }
    if (best) {
      r.lat = best->record.lat;
      r.lon = best->record.lon;
    }
    CountryRecord cr;
    std::copy_n(c.iso2.data(), 2, cr.iso2);
    std::copy_n(c.iso3.data(), 3, cr.iso3);
    cr.place = static_cast<uint32_t>(places.size());
    country_records.push_back(cr);
    places.push_back(r);
    b.AddName(c.name, cr.place, kNamePrimary);
    // "Bosnia and Herzegovina" is also "Bosnia", "Trinidad and Tobago" "Trinidad".
    if (const size_t and_at = c.name.find(" and "); and_at != std::string::npos && c.name[and_at - 1] != 's') {
      b.AddName(c.name.substr(0, and_at), cr.place, 0);
    }
  }
  std::map<std::pair<std::string, std::string>, uint32_t> admin_index;
  for (const Admin1& a : admins) {
    PlaceRecord r;
    r.geonameid = a.geonameid;
    r.name = b.Intern(a.name);
    r.admin1 = b.Intern(a.code);
    r.feature = b.Intern("ADM1");
    r.country = static_cast<uint16_t>(country_by_iso2[a.cc]);
    r.kind = PlaceKind::kAdmin1;
    const City* seat = nullptr;
    uint64_t population = 0;
    for (const City& city : cities) {
      if (city.cc != a.cc || city.admin1 != a.code) continue;
      population += city.record.population;
      const bool is_seat = city.feature == "PPLA" || city.feature == "PPLC";
      const bool best_seat = seat && (seat->feature == "PPLA" || seat->feature == "PPLC");
      if (!seat || (is_seat && !best_seat) || (is_seat == best_seat && city.record.population > seat->record.population)) {
        seat = &city;
      }
    }
    if (seat) {
      r.lat = seat->record.lat;
      r.lon = seat->record.lon;
    }
    r.population = static_cast<uint32_t>(std::min<uint64_t>(population, UINT32_MAX));
    const uint32_t index = static_cast<uint32_t>(places.size());
    admin_index[{a.cc, a.code}] = index;
    places.push_back(r);
    b.AddName(a.name, index, kNamePrimary);
    b.AddName(a.ascii, index, kNamePrimary);
    // "Northern Darfur" is also written "North Darfur", "Nord Kivu" "North Kivu".
    for (const auto& [from, to] : std::initializer_list<std::pair<std::string_view, std::string_view>>{
             {"Northern ", "North "}, {"Southern ", "South "}, {"Eastern ", "East "}, {"Western ", "West "},
             {"Nord ", "North "}, {"Sud ", "South "}, {"Nord-", "North "}, {"Sud-", "South "}}) {
      if (a.ascii.starts_with(from)) b.AddName(std::string(to) + a.ascii.substr(from.size()), index, 0);
    }
    // "Nineveh Governorate" -> "Nineveh", "State of Mexico" -> "Mexico" is left alone (ambiguous).
    for (const char* suffix : {" Governorate", " Province", " Region", " Oblast", " District", " Prefecture",
                               " County", " Department", " State"}) {
      if (a.ascii.size() > std::string_view(suffix).size() + 2 && a.ascii.ends_with(suffix)) {
        b.AddName(a.ascii.substr(0, a.ascii.size() - std::string_view(suffix).size()), index, 0);
      }
    }
  }
  for (const City& c : cities) {
    PlaceRecord r = c.record;
    r.name = b.Intern(c.name);
    r.admin1 = b.Intern(c.admin1);
    r.feature = b.Intern(c.feature);
    const uint32_t index = static_cast<uint32_t>(places.size());
    places.push_back(r);
    b.AddName(c.name, index, kNamePrimary);
    b.AddName(c.ascii, index, kNamePrimary);
    for (const auto& a : c.alternates) b.AddName(a, index, 0);
  }
  // Country names, short forms and demonyms from countries.csv.
  std::set<std::string> country_keys;
  for (const Country& c : countries) country_keys.insert(GazetteerKey(c.name));
  {
    std::ifstream in(sources.countries_csv);
    if (!in) return Status::Error("cannot read " + sources.countries_csv);
    std::string header;
    std::getline(in, header);
    for (std::string line; std::getline(in, line);) {
      auto f = SplitCsv(line);
      if (f.size() < 4) continue;
      auto cit = country_by_iso2.find(f[0]);
      if (cit == country_by_iso2.end() || countries[cit->second].iso3 != f[2]) continue;
      const uint32_t place = country_records[cit->second].place;
      std::string name = f[1];
      if (const size_t bracket = name.find(" ["); bracket != std::string::npos) {
        b.AddName(name.substr(bracket + 2, name.size() - bracket - 3), place, 0);  // "Myanmar [Burma]"
        name = name.substr(0, bracket);
      }
      b.AddName(name, place, kNamePrimary);
      std::stringstream forms(f[3]);
      for (std::string form; std::getline(forms, form, ',');) {
        form = Trim(form);
        if (form.empty()) continue;
        const std::string key = GazetteerKey(form);
        if (country_keys.count(key) && key != GazetteerKey(countries[cit->second].name)) continue;  // a territory
        if (IsAllCaps(form)) {
          b.AddName(form, place, kNameAbbrev);
        } else if (LooksLikeDemonym(form)) {
          b.AddName(form, place, kNameDemonym);
        } else {
          b.AddName(form, place, 0);
        }
      }
    }
  }
  // Short forms that the tables lack.
  if (auto it = country_by_iso2.find("US"); it != country_by_iso2.end()) {
    const uint32_t place = country_records[it->second].place;
    for (const char* form : {"USA", "U.S.A."}) b.AddName(form, place, kNameAbbrev);
    for (const char* form : {"America", "United States of America"}) b.AddName(form, place, 0);
  }
  // Name index, sorted by key.
  std::vector<NameEntry> names;
  for (const auto& [key, entries] : b.seen_) {
    const uint32_t key_offset = b.Intern(key);
    for (const auto& [id, flags] : entries) {
      NameEntry e;
      e.key = key_offset;
      e.key_length = static_cast<uint16_t>(key.size());
      e.flags = flags;
      e.place = static_cast<uint32_t>(id >> 8);
      names.push_back(e);
    }
  }
  BinaryWriter writer;
  writer.PutString(b.pool_);
  writer.PutVector(places);
  writer.PutVector(country_records);
  writer.PutVector(names);
  DYAD_RETURN_IF_ERROR(writer.Save(out_path, Gazetteer::kMagic, Gazetteer::kVersion));
  if (stats) {
    stats->cities = cities.size();
    stats->admin1 = admins.size();
    stats->countries = countries.size();
    stats->names = names.size();
    stats->bytes = writer.payload().size();
  }
  return Status::Ok();
}

}  // namespace dyad
