// `dyad export`: every event of an event store as PLOVER-typed JSONL records or GDELT rows.
#include <fstream>
#include <iostream>
#include <memory>

#include "dyad/store.h"
#include "subcommand.h"

namespace dyad::cli {
namespace {

struct ExportOptions {
  std::string db;
  std::string format = "plover";
  std::string output = "-";
  bool include_comments = false;
  bool include_negated = false;
};

int RunExport(const ExportOptions& o) {
  StoreOptions store_options;
  store_options.create = false;
  auto store = OpenEventStore(o.db, store_options);
  if (!store.ok()) {
    std::cerr << "dyad export: " << store.status().message() << "\n";
    return 1;
  }
  std::ofstream file;
  std::ostream* out = OpenOutput(o.output, &file, "export");
  if (out == nullptr) return 1;
  // The same selection as `dyad code` writes by default: article events, negated ones left out.
  EventFilter filter;
  filter.segment = o.include_comments ? "all" : "article";
  filter.include_negated = o.include_negated;
  const bool gdelt = o.format == "gdelt";
  if (gdelt) *out << GdeltHeader();
  Status status = store.value()->ForEachEvent(filter, EventSort::kDate, [&](const nlohmann::json& record,
                                                                            const std::string& url) {
    if (gdelt) {
      *out << GdeltRows(record, url);
    } else {
      *out << record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
    return static_cast<bool>(*out);
  });
  out->flush();
  if (!status.ok()) {
    std::cerr << "dyad export: " << status.message() << "\n";
    return 1;
  }
  if (!*out) {
    std::cerr << "dyad export: cannot write output (closed pipe or disk full?)\n";
    return 1;
  }
  return 0;
}

const SubcommandRegistration kExport(
    "export", "Write every event of an event store as PLOVER JSONL records or GDELT-style rows", [](CLI::App& app) {
      auto o = std::make_shared<ExportOptions>();
      app.add_option("--db", o->db, "Event store: FILE, sqlite:FILE or postgresql://USER@HOST/DB")->required();
      app.add_option("--format", o->format, "plover (event records with PLOVER type/mode/context, one JSON object per line; default) or gdelt (GDELT 2.0-style, tab-separated)")
          ->check(CLI::IsMember({"plover", "gdelt"}));
      app.add_option("-o,--output", o->output, "Output file (default: stdout)");
      app.add_flag("--include-comments", o->include_comments, "Also export events coded from reader comments");
      app.add_flag("--include-negated", o->include_negated, "Also export events flagged as negated (aux 'negation')");
      app.footer("Events come in date order (then id). Exit status: 0 ok; 1 store or output error.");
      return [o] { return RunExport(*o); };
    });

}  // namespace
}  // namespace dyad::cli
