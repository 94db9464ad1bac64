// `dyad query`: events from an event store, filtered, as JSONL records, CSV or GDELT rows.
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "dyad/store.h"
#include "subcommand.h"

namespace dyad::cli {
namespace {

struct QueryOptions {
  std::string db;
  std::map<std::string, std::string> filters;  // filter field -> value as given
  bool include_negated = false;
  size_t limit = 0;
  size_t offset = 0;
  std::string sort = "date";
  std::string format = "jsonl";
  std::string output = "-";
};

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string Text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

// Codes (or countries) of the record's actors or recipients, separated by ';'.
std::string Joined(const nlohmann::json& list, const char* key) {
  std::string out;
  if (!list.is_array()) return out;
  for (const auto& a : list) {
    if (!out.empty()) out += ';';
    out += Text(a.value(key, nlohmann::json()));
  }
  return out;
}

const char* kCsvHeader =
    "id,doc_id,date,event,mode,cameo,quad_class,goldstein,actor,actor_country,recipient,recipient_country,"
    "place,place_country,lat,lon,segment,aux,event_text\n";

std::string CsvRow(const nlohmann::json& r) {
  const nlohmann::json l = r.value("location", nlohmann::json());
  auto loc = [&](const char* key) { return l.is_object() ? Text(l.value(key, nlohmann::json())) : std::string(); };
  std::string aux;
  for (const auto& flag : r.value("aux", nlohmann::json::array())) aux += (aux.empty() ? "" : ";") + Text(flag);
  const std::vector<std::string> fields = {
      Text(r["id"]), Text(r["doc_id"]), Text(r["date"]), Text(r["event"]), Text(r["mode"]), Text(r["cameo"]),
      Text(r["quad_class"]), Text(r["goldstein"]), Joined(r["actor"], "code"), Joined(r["actor"], "country"),
      Joined(r["recipient"], "code"), Joined(r["recipient"], "country"), loc("name"), loc("country"), loc("lat"),
      loc("lon"), Text(r["segment"]), aux, Text(r["event_text"])};
  std::string row;
  for (size_t i = 0; i < fields.size(); ++i) row += (i ? "," : "") + CsvField(fields[i]);
  return row + "\n";
}

int RunQuery(const QueryOptions& o) {
  EventFilter filter;
  for (const auto& [name, value] : o.filters) {
    Status status = SetEventFilterField(filter, name, value);
    if (!status.ok()) {
      std::cerr << "dyad query: --" << status.message() << "\n";
      return 2;
    }
  }
  filter.include_negated = o.include_negated;
  auto sort = ParseEventSort(o.sort);
  if (!sort.ok()) {
    std::cerr << "dyad query: --" << sort.status().message() << "\n";
    return 2;
  }
  StoreOptions store_options;
  store_options.create = false;
  auto store = OpenEventStore(o.db, store_options);
  if (!store.ok()) {
    std::cerr << "dyad query: " << store.status().message() << "\n";
    return 1;
  }
  std::ofstream file;
  std::ostream* out = OpenOutput(o.output, &file, "query");
  if (out == nullptr) return 1;
  if (o.format == "csv") *out << kCsvHeader;
  if (o.format == "gdelt") *out << GdeltHeader();
  size_t seen = 0, written = 0;
  Status status = store.value()->ForEachEvent(filter, sort.value(), [&](const nlohmann::json& record,
                                                                        const std::string& url) {
    if (seen++ < o.offset) return true;
    if (o.format == "jsonl") {
      *out << record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else if (o.format == "csv") {
      *out << CsvRow(record);
    } else {
      *out << GdeltRows(record, url);
    }
    ++written;
    return static_cast<bool>(*out) && (o.limit == 0 || written < o.limit);
  });
  out->flush();
  if (!status.ok()) {
    std::cerr << "dyad query: " << status.message() << "\n";
    return 1;
  }
  if (!*out) {
    std::cerr << "dyad query: cannot write output (closed pipe or disk full?)\n";
    return 1;
  }
  return 0;
}

const SubcommandRegistration kQuery(
    "query", "Select events from an event store (filters as in the HTTP API)", [](CLI::App& app) {
      auto o = std::make_shared<QueryOptions>();
      app.add_option("--db", o->db, "Event store: FILE, sqlite:FILE or postgresql://USER@HOST/DB")->required();
      const std::vector<std::pair<std::string, std::string>> filters = {
          {"actor", "Source actor code prefix (e.g. IRQ, USAGOV)"},
          {"recipient", "Target actor code prefix"},
          {"country", "ISO3 country of an actor, a recipient or the place"},
          {"event", "PLOVER event type (e.g. ASSAULT)"},
          {"cameo", "CAMEO code prefix (e.g. 19)"},
          {"from", "First date YYYY-MM-DD (inclusive)"},
          {"to", "Last date YYYY-MM-DD (inclusive)"},
          {"bbox", "Place inside minlon,minlat,maxlon,maxlat"},
          {"text", "Words that must all occur in the event's sentence"},
          {"segment", "article (default), comment or all"},
          {"doc", "Only events of this document id"}};
      for (const auto& [name, help] : filters) {
        app.add_option_function<std::string>(
            "--" + name, [o, name = name](const std::string& value) { o->filters[name] = value; }, help);
      }
      app.add_flag("--include-negated", o->include_negated, "Also select events flagged as negated");
      app.add_option("--limit", o->limit, "At most N events (default: all)");
      app.add_option("--offset", o->offset, "Skip the first N events");
      app.add_option("--sort", o->sort, "date (default), -date, goldstein or -goldstein");
      app.add_option("--format", o->format, "jsonl (event records, default), csv (one row per event), gdelt (GDELT 2.0-style, tab-separated)")
          ->check(CLI::IsMember({"jsonl", "csv", "gdelt"}));
      app.add_option("-o,--output", o->output, "Output file (default: stdout)");
      app.footer("Exit status: 0 ok; 1 store or output error; 2 bad usage (invalid filter value).");
      return [o] { return RunQuery(*o); };
    });

}  // namespace
}  // namespace dyad::cli
