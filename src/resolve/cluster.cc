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
  key.id = StringOr(record, "id");
  key.doc_id = StringOr(record, "doc_id");
  key.source = StringOr(record, "source");
  key.cameo_root = StringOr(record, "cameo").substr(0, 2);
  key.actor = FirstCode(record, "actor");
  key.recipient = FirstCode(record, "recipient");
  key.negated = HasFlag(record, "negation");
  key.generic = HasFlag(record, "generic");
  const std::string date = StringOr(record, "date");
  key.precision = StringOr(record, "date_precision");
  key.date_from_text = StringOr(record, "date_source") == "text";
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
  if (a.negated != b.negated || a.generic != b.generic) return false;
  if (a.day >= 0 && b.day >= 0 && std::llabs(a.day - b.day) > options.day_window) return false;
  if (RootGroup(a.cameo_root) != RootGroup(b.cameo_root)) return false;
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

namespace {

// Record ids "<doc_id>:<n>" in document order, then event order ("d:2" before "d:10").
bool IdBefore(const std::string& a, const std::string& b) {
  const size_t ca = a.rfind(':'), cb = b.rfind(':');
  const std::string_view da(a.data(), ca == std::string::npos ? a.size() : ca);
  const std::string_view db(b.data(), cb == std::string::npos ? b.size() : cb);
  if (da != db) return da < db;
  const std::string_view na = ca == std::string::npos ? "" : std::string_view(a).substr(ca + 1);
  const std::string_view nb = cb == std::string::npos ? "" : std::string_view(b).substr(cb + 1);
  if (na.size() != nb.size()) return na.size() < nb.size();
  return na < nb;
}

// What AddReport does to a record, done to its key: a finer place, a day date from the text.
void CompleteKey(EventKey& rep, const EventKey& joined) {
  const int rep_rank = rep.place_precision.empty() ? -1 : PlaceRank(rep.place_precision);
  const int joined_rank = joined.place_precision.empty() ? -1 : PlaceRank(joined.place_precision);
  if (joined_rank > rep_rank) {
    rep.geonameid = joined.geonameid;
    rep.place_country = joined.place_country;
    rep.place_precision = joined.place_precision;
  }
  if (!rep.date_from_text && joined.date_from_text && joined.precision == "day") {
    rep.day = joined.day;
    rep.precision = joined.precision;
    rep.month = joined.month;
    rep.date_from_text = true;
  }
}

int RecordPlaceRank(const nlohmann::json& record) {
  auto l = record.find("location");
  if (l == record.end() || !l->is_object()) return -1;
  const std::string precision = StringOr(*l, "precision");
  return precision.empty() ? -1 : PlaceRank(precision);
}

void Recount(nlohmann::json& event) {
  std::set<std::string> articles, sources;
  const nlohmann::json& mentions = event["mentions"];
  for (const auto& m : mentions) {
    articles.insert(StringOr(m, "doc_id"));
    if (const std::string source = StringOr(m, "source"); !source.empty()) sources.insert(source);
  }
  event["num_mentions"] = mentions.size();
  event["num_articles"] = articles.size();
  event["num_sources"] = sources.size();
}

// A resolved event of one record: the record with its mentions stamped with its source.
nlohmann::json StartEvent(const nlohmann::json& record) {
  nlohmann::json event = record;
  event["mentions"] = nlohmann::json::array();
  event["reports"] = nlohmann::json::array();
  AddReport(event, record);
  return event;
}

}  // namespace

void AddReport(nlohmann::json& event, const nlohmann::json& record) {
  const std::string doc_id = StringOr(record, "doc_id");
  const nlohmann::json source = record.contains("source") ? record["source"] : nlohmann::json(nullptr);
  if (!event.contains("mentions") || !event["mentions"].is_array()) event["mentions"] = nlohmann::json::array();
  if (!event.contains("reports") || !event["reports"].is_array()) event["reports"] = nlohmann::json::array();
  if (auto m = record.find("mentions"); m != record.end() && m->is_array()) {
    for (nlohmann::json mention : *m) {
      mention["doc_id"] = doc_id;  // a record's mentions are all in its own document
      mention["source"] = source;
      event["mentions"].push_back(std::move(mention));
    }
  }
  event["reports"].push_back(record.value("id", ""));
  // The most specific place and a day date stated in the text win over the first record's.
  if (RecordPlaceRank(record) > RecordPlaceRank(event)) {
    event["location"] = record["location"];
    event["location"]["doc_id"] = doc_id;  // its offsets are into that document
  }
  if (event.value("date_source", "") != "text" && record.value("date_source", "") == "text" &&
      record.value("date_precision", "") == "day") {
    for (const char* k : {"date", "date_text", "date_precision", "date_source"}) event[k] = record[k];
  }
  Recount(event);
}

void AdoptReports(nlohmann::json& event, const nlohmann::json& other) {
  for (const char* list : {"mentions", "reports"}) {
    if (!event.contains(list) || !event[list].is_array()) event[list] = nlohmann::json::array();
    if (auto it = other.find(list); it != other.end() && it->is_array()) {
      for (const auto& item : *it) event[list].push_back(item);
    }
  }
  if (RecordPlaceRank(other) > RecordPlaceRank(event)) event["location"] = other["location"];
  if (event.value("date_source", "") != "text" && other.value("date_source", "") == "text" &&
      other.value("date_precision", "") == "day") {
    for (const char* k : {"date", "date_text", "date_precision", "date_source"}) event[k] = other[k];
  }
  Recount(event);
}

void RemoveReportsOf(nlohmann::json& event, const std::string& doc_id) {
  const auto of_doc = [&doc_id](const nlohmann::json& m) { return StringOr(m, "doc_id") == doc_id; };
  if (auto m = event.find("mentions"); m != event.end() && m->is_array()) {
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& mention : *m) {
      if (!of_doc(mention)) kept.push_back(mention);
    }
    *m = std::move(kept);
  }
  if (auto r = event.find("reports"); r != event.end() && r->is_array()) {
    nlohmann::json kept = nlohmann::json::array();
    const std::string prefix = doc_id + ":";
    for (const auto& id : *r) {
      const std::string text = id.is_string() ? id.get<std::string>() : "";
      const bool ours = text.starts_with(prefix) && text.size() > prefix.size() &&
                        text.find_first_not_of("0123456789", prefix.size()) == std::string::npos;
      if (!ours) kept.push_back(id);
    }
    *r = std::move(kept);
  }
  if (event.contains("mentions")) Recount(event);
}

std::vector<size_t> ClusterKeys(const std::vector<EventKey>& keys, const ClusterOptions& options,
                                const std::vector<KnownEvent>& known) {
  std::vector<size_t> cluster_of(keys.size());
  std::vector<EventKey> key_of_cluster;                  // completed key per cluster
  std::vector<std::set<std::string>> docs_of_cluster;    // documents already in each cluster
  std::map<std::string, std::vector<size_t>> by_root;    // CAMEO root -> clusters
  for (const KnownEvent& k : known) {
    by_root[RootGroup(k.key.cameo_root)].push_back(key_of_cluster.size());
    key_of_cluster.push_back(k.key);
    docs_of_cluster.push_back(k.doc_ids);
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    const EventKey& key = keys[i];
    std::vector<size_t>& candidates = by_root[RootGroup(key.cameo_root)];
    size_t best = key_of_cluster.size();
    int best_score = -1;
    for (size_t c : candidates) {
      const EventKey& rep = key_of_cluster[c];
      if (!SameRealWorldEvent(rep, key, options) || docs_of_cluster[c].count(key.doc_id) > 0) continue;
      // Ties go to the cluster of the smallest first record id, not to the older cluster, so
      // that clustering against stored events (loaded in any order) chooses as one run would.
      const int score = Similarity(rep, key);
      if (score > best_score || (score == best_score && IdBefore(rep.id, key_of_cluster[best].id))) {
        best = c;
        best_score = score;
      }
    }
    if (best == key_of_cluster.size()) {
      key_of_cluster.push_back(key);
      docs_of_cluster.emplace_back();
      candidates.push_back(best);
    } else {
      CompleteKey(key_of_cluster[best], key);
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
  std::vector<nlohmann::json> out;
  for (size_t i = 0; i < records.size(); ++i) {
    if (cluster_of[i] == out.size()) {
      out.push_back(StartEvent(records[i]));
    } else {
      AddReport(out[cluster_of[i]], records[i]);
    }
  }
  return out;
}

}  // namespace dyad
