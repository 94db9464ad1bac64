// `dyad stats`: how many documents and events an event store holds, and optionally how fast
// it answers the queries of the HTTP API.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>

#include "dyad/store.h"
#include "subcommand.h"

namespace dyad::cli {
namespace {

struct StatsOptions {
  std::string db;
  size_t latency_runs = 0;
};

// Median wall time in milliseconds of `runs` calls of `query`; an error stops the measurement.
Result<double> MedianMs(size_t runs, const std::function<Status()>& query) {
  std::vector<double> times;
  for (size_t i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    DYAD_RETURN_IF_ERROR(query());
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return std::round(times[times.size() / 2] * 100.0) / 100.0;
}

template <typename T>
Status StatusOf(const Result<T>& result) {
  return result.status();
}

// Latency of the store calls behind the HTTP API, on a fixed set of filters.
Result<nlohmann::json> Latencies(EventStore& store, size_t runs) {
  auto filter = [](std::vector<std::pair<std::string, std::string>> fields) {
    EventFilter f;
    for (const auto& [name, value] : fields) SetEventFilterField(f, name, value);
    return f;
  };
  auto page = [&](EventFilter f, EventSort sort = EventSort::kDate, size_t limit = 100) {
    EventQuery q;
    q.filter = std::move(f);
    q.sort = sort;
    q.limit = limit;
    return [&store, q] { return StatusOf(store.QueryEvents(q)); };
  };
  auto first = store.QueryEvents(EventQuery());
  if (!first.ok()) return first.status();
  const auto& events = first.value()["events"];
  const std::string event_id = events.empty() ? "" : events[0]["id"].get<std::string>();
  const std::string doc_id = events.empty() ? "" : events[0]["doc_id"].get<std::string>();
  const std::vector<std::pair<std::string, std::function<Status()>>> queries = {
      {"events", page(EventFilter())},
      {"events?sort=-date", page(EventFilter(), EventSort::kDateDesc)},
      {"events?actor=IND", page(filter({{"actor", "IND"}}))},
      {"events?event=ASSAULT&country=IND", page(filter({{"event", "ASSAULT"}, {"country", "IND"}}))},
      {"events?actor=IND&from=2015-01-01&to=2018-12-31&sort=-date",
       page(filter({{"actor", "IND"}, {"from", "2015-01-01"}, {"to", "2018-12-31"}}), EventSort::kDateDesc)},
      {"events?text=police&country=IND", page(filter({{"text", "police"}, {"country", "IND"}}))},
      {"events?cameo=19&sort=-goldstein&limit=50",
       page(filter({{"cameo", "19"}}), EventSort::kGoldsteinDesc, 50)},
      {"events?country=IRQ", page(filter({{"country", "IRQ"}}))},
      {"events?event=ASSAULT&sort=-goldstein", page(filter({{"event", "ASSAULT"}}), EventSort::kGoldsteinDesc)},
      {"events?cameo=19&from=2020-01-01", page(filter({{"cameo", "19"}, {"from", "2020-01-01"}}))},
      {"events?bbox=68,6,98,36", page(filter({{"bbox", "68,6,98,36"}}))},
      {"events?text=police+killed", page(filter({{"text", "police killed"}}))},
      {"events?offset=10000", [&store] {
         EventQuery q;
         q.offset = 10000;
         return StatusOf(store.QueryEvents(q));
       }},
      {"events/{id}", [&store, event_id] { return StatusOf(store.GetEvent(event_id)); }},
      {"documents/{id}", [&store, doc_id] { return StatusOf(store.GetDocument(doc_id)); }},
      {"timeline?interval=day&group=event",
       [&store] { return StatusOf(store.Timeline(EventFilter(), TimelineInterval::kDay, TimelineGroup::kEvent)); }},
      {"timeline?interval=month&group=quad_class&actor=IND", [&store, filter] {
         return StatusOf(store.Timeline(filter({{"actor", "IND"}}), TimelineInterval::kMonth, TimelineGroup::kQuadClass));
       }},
      {"timeline?country=IND&interval=month", [&store, filter] {
         return StatusOf(store.Timeline(filter({{"country", "IND"}}), TimelineInterval::kMonth, TimelineGroup::kEvent));
       }},
      {"timeline?event=PROTEST&group=quad_class&interval=week", [&store, filter] {
         return StatusOf(
             store.Timeline(filter({{"event", "PROTEST"}}), TimelineInterval::kWeek, TimelineGroup::kQuadClass));
       }},
      {"timeline?interval=month", [&store] {
         return StatusOf(store.Timeline(EventFilter(), TimelineInterval::kMonth, TimelineGroup::kEvent));
       }},
      {"dyads?limit=200", [&store] { return StatusOf(store.Dyads(EventFilter(), 200)); }},
      {"dyads?country=IND&limit=150",
       [&store, filter] { return StatusOf(store.Dyads(filter({{"country", "IND"}}), 150)); }},
      {"places?limit=100", [&store] { return StatusOf(store.Places(EventFilter(), 100)); }},
      {"places?event=ASSAULT&limit=2000",
       [&store, filter] { return StatusOf(store.Places(filter({{"event", "ASSAULT"}}), 2000)); }},
      {"health (counts)", [&store] { return StatusOf(store.Counts()); }}};
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, query] : queries) {
    auto ms = MedianMs(runs, query);
    if (!ms.ok()) return ms.status().WithContext(name);
    out[name] = ms.value();
  }
  return out;
}

int RunStats(const StatsOptions& o) {
  StoreOptions options;
  options.create = false;
  auto store = OpenEventStore(o.db, options);
  if (!store.ok()) {
    std::cerr << "dyad stats: " << store.status().message() << "\n";
    return 1;
  }
  auto counts = store.value()->Counts();
  if (!counts.ok()) {
    std::cerr << "dyad stats: " << counts.status().message() << "\n";
    return 1;
  }
  nlohmann::json out = counts.value();
  if (o.latency_runs > 0) {
    auto latencies = Latencies(*store.value(), o.latency_runs);
    if (!latencies.ok()) {
      std::cerr << "dyad stats: " << latencies.status().message() << "\n";
      return 1;
    }
    out["median_latency_ms"] = latencies.value();
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << out.dump() << "\n";
  }
  return std::cout ? 0 : 1;
}

const SubcommandRegistration kStats(
    "stats", "Print the numbers of documents and events in an event store as JSON", [](CLI::App& app) {
      auto o = std::make_shared<StatsOptions>();
      app.add_option("--db", o->db, "Event store: FILE, sqlite:FILE or postgresql://USER@HOST/DB")->required();
      app.add_option("--latency", o->latency_runs,
                     "Also time the store queries behind the HTTP API, N runs each, and print the medians in ms");
      app.footer("Output: {\"documents\": N, \"events\": M}. Exit status 1 when the store cannot be opened.");
      return [o] { return RunStats(*o); };
    });

}  // namespace
}  // namespace dyad::cli
