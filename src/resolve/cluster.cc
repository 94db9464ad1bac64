// Cross-document clustering of event records into real-world events.
#include <algorithm>
#include <map>
#include <set>

#include "dyad/resolve.h"

namespace dyad {
namespace {

std::string StringOr(const nlohmann::json& record, const char* key) {
  auto it = record.find(key);
  return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string FirstCode(const nlohmann::json& record, const char* key) {
  auto it = record.find(key);
  if (it == record.end() || !it->is_array() || it->empty()) return "";
  return StringOr((*it)[0], "code");
}

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int64_t DayNumber(const std::string& date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return -1;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (date[i] < '0' || date[i] > '9') return -1;
  }
  return DaysFromCivil(std::stoi(date.substr(0, 4)), static_cast<unsigned>(std::stoi(date.substr(5, 2))),
                       static_cast<unsigned>(std::stoi(date.substr(8, 2))));
}

bool HasFlag(const nlohmann::json& record, const char* flag) {
  auto it = record.find("aux");
  if (it == record.end() || !it->is_array()) return false;
  return std::any_of(it->begin(), it->end(), [flag](const nlohmann::json& a) { return a.is_string() && a == flag; });
}

// Assault (18) and fight (19) are one event type for clustering (see the merge stage).
std::string RootGroup(const std::string& root) { return root == "18" ? "19" : root; }

bool CodesCompatible(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return a.empty() && b.empty();
  return a.starts_with(b) || b.starts_with(a);
}

int PlaceRank(const std::string& precision) {
  if (precision == "city") return 4;
  if (precision == "admin1") return 3;
  if (precision == "country") return 2;
  if (precision == "region") return 1;
  return 0;
}

// How well two compatible keys agree; the best-scoring cluster wins.
int Similarity(const EventKey& a, const EventKey& b) {
  int score = 0;
  score += a.actor == b.actor ? 2 : 0;
  score += a.recipient == b.recipient ? 2 : 0;
  score += a.day >= 0 && a.day == b.day ? 1 : 0;
  score += a.geonameid != 0 && a.geonameid == b.geonameid ? 1 : 0;
  return score;
}

}  // namespace

EventKey KeyOfRecord(const nlohmann::json& record) {
  EventKey key;
  key.doc_id = StringOr(record, "doc_id");
  key.source = StringOr(record, "source");
  key.cameo_root = StringOr(record, "cameo").substr(0, 2);
  key.actor = FirstCode(record, "actor");
  key.recipient = FirstCode(record, "recipient");
  key.negated = HasFlag(record, "negation");
  key.generic = HasFlag(record, "generic");
  const std::string date = StringOr(record, "date");
  key.precision = StringOr(record, "date_precision");
  if (date.size() >= 7) key.month = date.substr(0, 7);
  if (key.precision == "day") key.day = DayNumber(date);
  auto location = record.find("location");
  if (location != record.end() && location->is_object()) {
    auto id = location->find("geonameid");
    if (id != location->end() && id->is_number_integer()) key.geonameid = id->get<int64_t>();
    key.place_country = StringOr(*location, "country");
    key.place_precision = StringOr(*location, "precision");
  }
  return key;
}

bool SameRealWorldEvent(const EventKey& a, const EventKey& b, const ClusterOptions& options) {
  if (RootGroup(a.cameo_root) != RootGroup(b.cameo_root) || a.negated != b.negated || a.generic != b.generic) return false;
  if (!CodesCompatible(a.actor, b.actor) || !CodesCompatible(a.recipient, b.recipient)) return false;
  // Dates: within the window at day precision, else the same month (or year).
  if (a.day >= 0 && b.day >= 0) {
    if (std::llabs(a.day - b.day) > options.day_window) return false;
  } else if (a.precision == "year" || b.precision == "year") {
    if (a.month.substr(0, 4) != b.month.substr(0, 4)) return false;
  } else if (!a.month.empty() && !b.month.empty() && a.month != b.month) {
    return false;
  }
  // Places: the same place, or a country/region containing the other.
  const bool a_placed = !a.place_precision.empty(), b_placed = !b.place_precision.empty();
  if (a_placed != b_placed) return !options.require_same_place;
  if (!a_placed) return !options.require_same_place;
  if (a.geonameid != 0 && a.geonameid == b.geonameid) return true;
  const EventKey& coarse = PlaceRank(a.place_precision) <= PlaceRank(b.place_precision) ? a : b;
  const EventKey& fine = &coarse == &a ? b : a;
  return (coarse.place_precision == "country" || coarse.place_precision == "region") && !coarse.place_country.empty() &&
         coarse.place_country == fine.place_country;
}

std::vector<size_t> ClusterKeys(const std::vector<EventKey>& keys, const ClusterOptions& options) {
  std::vector<size_t> cluster_of(keys.size());
  std::vector<size_t> first_of_cluster;                  // representative record per cluster
  std::vector<std::set<std::string>> docs_of_cluster;    // documents already in each cluster
  std::map<std::string, std::vector<size_t>> by_root;    // CAMEO root -> clusters
  for (size_t i = 0; i < keys.size(); ++i) {
    const EventKey& key = keys[i];
    std::vector<size_t>& candidates = by_root[RootGroup(key.cameo_root)];
    size_t best = first_of_cluster.size();
    int best_score = -1;
    for (size_t c : candidates) {
      if (docs_of_cluster[c].count(key.doc_id) > 0) continue;
      const EventKey& rep = keys[first_of_cluster[c]];
      if (!SameRealWorldEvent(rep, key, options)) continue;
      const int score = Similarity(rep, key);
      if (score > best_score) {
        best = c;
        best_score = score;
      }
    }
    if (best == first_of_cluster.size()) {
      first_of_cluster.push_back(i);
      docs_of_cluster.emplace_back();
      candidates.push_back(best);
    }
    docs_of_cluster[best].insert(key.doc_id);
    cluster_of[i] = best;
  }
  return cluster_of;
}

std::vector<nlohmann::json> ClusterRecords(const std::vector<nlohmann::json>& records, const ClusterOptions& options) {
  std::vector<EventKey> keys;
  keys.reserve(records.size());
  for (const auto& r : records) keys.push_back(KeyOfRecord(r));
  const std::vector<size_t> cluster_of = ClusterKeys(keys, options);
  size_t clusters = 0;
  for (size_t c : cluster_of) clusters = std::max(clusters, c + 1);
  std::vector<std::vector<size_t>> members(clusters);
  for (size_t i = 0; i < records.size(); ++i) members[cluster_of[i]].push_back(i);
  std::vector<nlohmann::json> out;
  out.reserve(clusters);
  for (const auto& list : members) {
    nlohmann::json event = records[list.front()];
    nlohmann::json mentions = nlohmann::json::array();
    nlohmann::json reports = nlohmann::json::array();
    std::set<std::string> articles, sources;
    for (size_t i : list) {
      const nlohmann::json& r = records[i];
      reports.push_back(r.value("id", ""));
      articles.insert(keys[i].doc_id);
      if (!keys[i].source.empty()) sources.insert(keys[i].source);
      if (auto m = r.find("mentions"); m != r.end() && m->is_array()) {
        for (const auto& x : *m) mentions.push_back(x);
      }
      // The most specific place and a date stated in the text win over the first record's.
      const auto place_rank = [](const nlohmann::json& rec) {
        auto l = rec.find("location");
        return l != rec.end() && l->is_object() ? PlaceRank(l->value("precision", "")) : -1;
      };
      if (place_rank(r) > place_rank(event)) {
        event["location"] = r["location"];
        event["location"]["doc_id"] = keys[i].doc_id;  // its offsets are into that document
      }
      if (event.value("date_source", "") == "document" && r.value("date_source", "") == "text" &&
          r.value("date_precision", "") == "day") {
        for (const char* k : {"date", "date_text", "date_precision", "date_source"}) event[k] = r[k];
      }
    }
    event["mentions"] = mentions;
    event["num_mentions"] = mentions.size();
    event["num_articles"] = articles.size();
    event["num_sources"] = sources.size();
    event["reports"] = reports;
    out.push_back(std::move(event));
  }
  return out;
}

}  // namespace dyad
