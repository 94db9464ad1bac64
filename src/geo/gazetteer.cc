// Gazetteer loading and lookup over the memory-mapped binary file.
#include "dyad/gazetteer.h"

#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace dyad {

std::string GazetteerKey(std::string_view name) {
  std::string folded;
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(name.data()),
                                          static_cast<utf8proc_ssize_t>(name.size()), &mapped,
                                          static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                                                                         UTF8PROC_STRIPMARK));
  if (n >= 0 && mapped != nullptr) {
    folded.assign(reinterpret_cast<const char*>(mapped), static_cast<size_t>(n));
  } else {
    folded.assign(name);  // invalid UTF-8: fold ASCII only
    for (char& c : folded) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::free(mapped);
  std::string key;
  key.reserve(folded.size());
  for (size_t i = 0; i < folded.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(folded[i]);
    if (c == '.') continue;
    if (c == 0xE2 && i + 2 < folded.size() && static_cast<unsigned char>(folded[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(folded[i + 2]) == 0x98 || static_cast<unsigned char>(folded[i + 2]) == 0x99)) {
      key += '\'';  // curly apostrophes
      i += 2;
      continue;
    }
    if (c == '-' || c == '_' || c == ' ' || c == '\t') {
      if (!key.empty() && key.back() != ' ') key += ' ';
      continue;
    }
    key += static_cast<char>(c);
  }
  while (!key.empty() && key.back() == ' ') key.pop_back();
  return key;
}

Result<std::shared_ptr<const Gazetteer>> Gazetteer::Load(const std::string& path) {
  auto file = MappedBinaryFile::Open(path, kMagic, kVersion, "gazetteer");
  if (!file.ok()) return file.status();
  std::shared_ptr<Gazetteer> g(new Gazetteer());
  g->file_ = file.value();
  BinaryReader reader(g->file_->payload());
  g->pool_ = reader.GetStringView();
  g->places_ = reader.GetVector<PlaceRecord>();
  g->countries_ = reader.GetVector<CountryRecord>();
  g->names_ = reader.GetVector<NameEntry>();
  if (!reader.ok() || !reader.AtEnd()) return Status::Error(path + ": gazetteer payload is truncated or malformed");
  const size_t pool = g->pool_.size();
  for (const PlaceRecord& p : g->places_) {
    if (p.name >= pool || p.admin1 >= pool || p.feature >= pool || p.country >= g->countries_.size()) {
      return Status::Error(path + ": gazetteer place record out of range");
    }
  }
  for (const CountryRecord& c : g->countries_) {
    if (c.place >= g->places_.size()) return Status::Error(path + ": gazetteer country record out of range");
  }
  for (const NameEntry& e : g->names_) {
    if (static_cast<size_t>(e.key) + e.key_length > pool || e.place >= g->places_.size()) {
      return Status::Error(path + ": gazetteer name entry out of range");
    }
  }
  return std::shared_ptr<const Gazetteer>(std::move(g));
}

std::string_view Gazetteer::Str(uint32_t offset) const {
  if (offset >= pool_.size()) return {};
  const size_t end = pool_.find('\0', offset);
  return pool_.substr(offset, (end == std::string_view::npos ? pool_.size() : end) - offset);
}

std::vector<NameHit> Gazetteer::Lookup(std::string_view key) const {
  auto key_of = [this](const NameEntry& e) { return pool_.substr(e.key, e.key_length); };
  auto lo = std::lower_bound(names_.begin(), names_.end(), key,
                             [&](const NameEntry& e, std::string_view k) { return key_of(e) < k; });
  std::vector<NameHit> hits;
  for (auto it = lo; it != names_.end() && key_of(*it) == key; ++it) hits.push_back({it->place, it->flags});
  return hits;
}

bool Gazetteer::HasPrefix(std::string_view key_prefix) const {
  const std::string prefix = std::string(key_prefix) + " ";
  auto lo = std::lower_bound(names_.begin(), names_.end(), std::string_view(prefix),
                             [this](const NameEntry& e, std::string_view k) {
                               return pool_.substr(e.key, e.key_length) < k;
                             });
  return lo != names_.end() && pool_.substr(lo->key, lo->key_length).starts_with(prefix);
}

Place Gazetteer::At(uint32_t index) const {
  const PlaceRecord& r = places_.at(index);
  const CountryRecord& c = countries_[r.country];
  Place p;
  p.index = index;
  p.geonameid = r.geonameid;
  p.name = Str(r.name);
  p.country = std::string_view(c.iso3, 3);
  p.country2 = std::string_view(c.iso2, 2);
  p.admin1 = Str(r.admin1);
  p.feature = Str(r.feature);
  p.kind = r.kind;
  p.lat = r.lat;
  p.lon = r.lon;
  p.population = r.population;
  return p;
}

int64_t Gazetteer::CountryPlace(std::string_view code) const {
  for (const CountryRecord& c : countries_) {
    if ((code.size() == 3 && code == std::string_view(c.iso3, 3)) ||
        (code.size() == 2 && code == std::string_view(c.iso2, 2))) {
      return c.place;
    }
  }
  return -1;
}

int64_t Gazetteer::Admin1Place(std::string_view country2, std::string_view admin1) const {
  for (uint32_t i = 0; i < places_.size(); ++i) {
    const PlaceRecord& r = places_[i];
    if (r.kind == PlaceKind::kAdmin1 && Str(r.admin1) == admin1 &&
        std::string_view(countries_[r.country].iso2, 2) == country2) {
      return i;
    }
  }
  return -1;
}

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = M_PI / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 6371.0 * 2 * std::atan2(std::sqrt(a), std::sqrt(1 - a));
}

}  // namespace dyad
