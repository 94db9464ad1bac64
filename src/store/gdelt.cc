// GDELT 2.0-style tab-separated rows from event records: used by `dyad code --format csv`
// and by `dyad query` / `dyad export` over a store, so both give the same bytes.
#include <sstream>

#include "dyad/store.h"

namespace dyad {
namespace {

std::string Text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : std::string();
}

std::string Clean(std::string s) {
  for (char& c : s) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

std::string Sector(const std::string& sector, size_t part) {
  return sector.size() >= (part + 1) * 3 ? sector.substr(part * 3, 3) : "";
}

}  // namespace

std::string GdeltHeader() {
  return "GLOBALEVENTID\tSQLDATE\tMonthYear\tYear\tFractionDate\tActor1Code\tActor1Name\tActor1CountryCode\t"
         "Actor1Type1Code\tActor1Type2Code\tActor2Code\tActor2Name\tActor2CountryCode\tActor2Type1Code\t"
         "Actor2Type2Code\tIsRootEvent\tEventCode\tEventBaseCode\tEventRootCode\tQuadClass\tGoldsteinScale\t"
         "NumMentions\tNumSources\tNumArticles\tActionGeo_Type\tActionGeo_FullName\tActionGeo_CountryCode\t"
         "ActionGeo_ADM1Code\tActionGeo_Lat\tActionGeo_Long\tActionGeo_FeatureID\tSOURCEURL\n";
}

std::string GdeltRows(const nlohmann::json& record, const std::string& url) {
  const std::string date = Text(record.value("date", nlohmann::json()));
  std::string sqldate, month_year, year, fraction;
  if (date.size() == 10) {
    sqldate = date.substr(0, 4) + date.substr(5, 2) + date.substr(8, 2);
    month_year = sqldate.substr(0, 6);
    year = sqldate.substr(0, 4);
    const int m = std::stoi(date.substr(5, 2)), d = std::stoi(date.substr(8, 2));
    std::ostringstream f;
    f.precision(4);
    f << std::fixed << std::stoi(year) + ((m - 1) * 30 + d) / 365.0;
    fraction = f.str();
  }
  const std::string cameo = Text(record.value("cameo", nlohmann::json()));
  const std::string base = cameo.substr(0, std::min<size_t>(3, cameo.size()));
  const std::string root = cameo.substr(0, std::min<size_t>(2, cameo.size()));
  const nlohmann::json& sentence = record.contains("sentence") ? record["sentence"] : nlohmann::json();
  const bool root_event = !sentence.is_object() || sentence.value("index", 0) == 0;
  const nlohmann::json& l = record.contains("location") ? record["location"] : nlohmann::json();
  const bool located = l.is_object();
  const std::string precision = located ? Text(l["precision"]) : "";
  const char* geo_type = !located ? "" : precision == "country" ? "1" : precision == "admin1" ? "5" : "4";
  const nlohmann::json none = nlohmann::json::array({nlohmann::json::object()});
  auto participants = [&](const char* key) {
    const nlohmann::json& list = record.contains(key) ? record[key] : none;
    return list.is_array() && !list.empty() ? list : none;
  };
  std::ostringstream out;
  for (const auto& a : participants("actor")) {
    for (const auto& r : participants("recipient")) {
      const std::string a_sector = Text(a.value("sector", nlohmann::json()));
      const std::string r_sector = Text(r.value("sector", nlohmann::json()));
      out << Clean(Text(record.value("id", nlohmann::json()))) << '\t' << sqldate << '\t' << month_year << '\t'
          << year << '\t' << fraction << '\t' << Text(a.value("code", nlohmann::json())) << '\t'
          << Clean(Text(a.value("text", nlohmann::json()))) << '\t' << Text(a.value("country", nlohmann::json()))
          << '\t' << Sector(a_sector, 0) << '\t' << Sector(a_sector, 1) << '\t'
          << Text(r.value("code", nlohmann::json())) << '\t' << Clean(Text(r.value("text", nlohmann::json())))
          << '\t' << Text(r.value("country", nlohmann::json())) << '\t' << Sector(r_sector, 0) << '\t'
          << Sector(r_sector, 1) << '\t' << (root_event ? 1 : 0) << '\t' << cameo << '\t' << base << '\t' << root
          << '\t' << record.value("quad_class", 0) << '\t' << record.value("goldstein", 0.0) << '\t' << 1 << '\t'
          << 1 << '\t' << 1 << '\t' << geo_type << '\t' << (located ? Clean(Text(l["name"])) : "") << '\t'
          << (located ? Text(l["country"]) : "") << '\t' << (located ? Text(l["admin1"]) : "") << '\t';
      if (located) {
        out << l.value("lat", 0.0) << '\t' << l.value("lon", 0.0) << '\t' << l.value("geonameid", int64_t{0});
      } else {
        out << "\t\t";
      }
      out << '\t' << Clean(url) << '\n';
    }
  }
  return out.str();
}

}  // namespace dyad
