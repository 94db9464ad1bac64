// `dyad code`: news text in, event records out.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "dyad/coding.h"
#include "dyad/event_record.h"
#include "dyad/resolve.h"
#include "dyad/store.h"
#include "subcommand.h"

namespace dyad::cli {
namespace {

struct CodeOptions {
  std::vector<std::string> inputs;
  std::string output = "-";
  std::string date;
  std::string format = "jsonl";
  std::string input_format = "auto";
  std::string stages;
  std::string data_dir;
  std::vector<std::string> actors, agents, verbs, discards;
  bool replace_dictionaries = false;
  bool include_comments = false;
  bool include_negated = false;
  bool quiet = false;
  bool resolve = false;
  int resolve_days = 1;
  bool resolve_same_place = false;
  size_t threads = 0;
  std::string db;
  bool db_only = false;
  std::string id_prefix;
};

// Prefixes document ids (and so event ids) before passing documents on; lets the same input
// be coded several times into one store without ids colliding.
class IdPrefixWriter : public EventWriter {
 public:
  IdPrefixWriter(std::string prefix, std::unique_ptr<EventWriter> inner)
      : prefix_(std::move(prefix)), inner_(std::move(inner)) {}
  size_t Write(const Document& doc) override {
    Document renamed = doc;
    renamed.id = prefix_ + doc.id;
    for (Event& e : renamed.events) {
      for (EventMention& m : e.mentions) m.doc_id = prefix_ + m.doc_id;
    }
    return inner_->Write(renamed);
  }
  Status Finish() override { return inner_->Finish(); }
  Status Check() const override { return inner_->Check(); }

 private:
  std::string prefix_;
  std::unique_ptr<EventWriter> inner_;
};

// Keeps the selected event records of every document for cross-document resolution, and with
// `keep_documents` (for --resolve --db) the rows the store keeps of each document.
class RecordCollector : public EventWriter {
 public:
  RecordCollector(const WriteOptions& options, bool keep_documents)
      : options_(options), keep_documents_(keep_documents) {}
  size_t Write(const Document& doc) override {
    ResolvedDocument resolved;
    for (size_t i = 0; i < doc.events.size(); ++i) {
      const Event& e = doc.events[i];
      if (!options_.include_comments && EventSegment(doc, e) == Segment::kComment) continue;
      if (!options_.include_negated && HasAux(e, "negation")) continue;
      resolved.records.push_back(EventToJson(doc, i));
    }
    const size_t written = resolved.records.size();
    if (keep_documents_) {
      resolved.stored = PrepareDocument(doc);
      documents_.push_back(std::move(resolved));
    } else {
      for (auto& r : resolved.records) records_.push_back(std::move(r));
    }
    return written;
  }
  Status Finish() override { return Status::Ok(); }
  Status Check() const override { return Status::Ok(); }
  const std::vector<nlohmann::json>& records() const { return records_; }
  std::vector<ResolvedDocument> TakeDocuments() { return std::move(documents_); }
  size_t size() const {
    size_t n = records_.size();
    for (const auto& d : documents_) n += d.records.size();
    return n;
  }

 private:
  WriteOptions options_;
  bool keep_documents_;
  std::vector<nlohmann::json> records_;
  std::vector<ResolvedDocument> documents_;
};

int RunCode(const CodeOptions& o) {
  if (!o.date.empty() && !IsValidIsoDate(o.date)) {
    std::cerr << "dyad code: --date must be YYYY-MM-DD, got '" << o.date << "'\n";
    return 2;
  }
  StageConfig config;
  config.data_dir = o.data_dir;
  config.actor_dictionaries = o.actors;
  config.agent_dictionaries = o.agents;
  config.verb_dictionaries = o.verbs;
  config.discard_dictionaries = o.discards;
  config.replace_dictionaries = o.replace_dictionaries;
  auto stage_names = StageNamesFor(o.stages);
  if (!stage_names.ok()) {
    std::cerr << "dyad code: " << stage_names.status().message() << "\n";
    return 2;
  }
  auto pipeline = Pipeline::Create(stage_names.value(), config);
  if (!pipeline.ok()) {
    std::cerr << "dyad code: " << pipeline.status().message() << "\n";
    return 1;
  }
  std::ofstream file;
  std::ostream* out = OpenOutput(o.output, &file, "code");
  if (out == nullptr) return 1;
  WriteOptions write_options;
  write_options.include_comments = o.include_comments;
  write_options.include_negated = o.include_negated;
  if (o.resolve && o.format != "jsonl") {
    std::cerr << "dyad code: --resolve writes jsonl only\n";
    return 2;
  }
  std::unique_ptr<EventWriter> writer;
  RecordCollector* collector = nullptr;  // owned by `writer` when --resolve is given
  if (o.resolve) {
    auto owned = std::make_unique<RecordCollector>(write_options, !o.db.empty());
    collector = owned.get();
    writer = std::move(owned);
  } else if (!o.db_only) {
    auto created = CreateWriter(o.format, *out, write_options);
    if (!created.ok()) {
      std::cerr << "dyad code: " << created.status().message() << "\n";
      return 2;
    }
    writer = std::move(created).value();
  }
  std::unique_ptr<EventStore> store;
  if (!o.db.empty()) {
    auto opened = OpenEventStore(o.db);
    if (!opened.ok()) {
      std::cerr << "dyad code: " << opened.status().message() << "\n";
      return 1;
    }
    store = std::move(opened).value();
    // With --resolve the collected documents are stored after clustering (ResolveIntoStore).
    if (!o.resolve) writer = CreateStoreWriter(*store, std::move(writer));
  }
  if (!o.id_prefix.empty()) writer = std::make_unique<IdPrefixWriter>(o.id_prefix, std::move(writer));
  ReadOptions read_options;
  read_options.default_date = o.date;
  CodingSummary summary;
  const std::vector<std::string> inputs = o.inputs.empty() ? std::vector<std::string>{"-"} : o.inputs;
  CodingOptions coding_options;
  coding_options.threads = o.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : o.threads;
  Status status = CodeInputs(inputs, o.input_format, read_options, pipeline.value(), *writer, std::cerr,
                             &summary, coding_options);
  if (status.ok() && o.resolve) {
    ClusterOptions cluster_options;
    cluster_options.day_window = o.resolve_days;
    cluster_options.require_same_place = o.resolve_same_place;
    const size_t record_count = collector->size();
    std::vector<nlohmann::json> events;
    if (store) {
      // Incremental: attach to the stored events; writes the events created or updated.
      auto resolved = ResolveIntoStore(*store, collector->TakeDocuments(), cluster_options, o.include_comments,
                                       o.include_negated);
      if (resolved.ok()) {
        events = std::move(resolved).value();
      } else {
        status = resolved.status();
      }
    } else {
      events = ClusterRecords(collector->records(), cluster_options);
    }
    if (!o.db_only) {
      for (const auto& event : events) *out << event.dump() << '\n';
      out->flush();
      if (!*out) status = Status::Error("cannot write output (closed pipe or disk full?)");
    }
    if (!o.quiet && status.ok()) {
      std::cerr << "dyad code: " << record_count << " event records resolved into " << events.size()
                << (store ? " new or updated stored events\n" : " events\n");
    }
  }
  if (!o.quiet || !status.ok() || summary.documents_failed > 0) {
    std::cerr << "dyad code: " << summary.documents_read << " documents read, " << summary.documents_coded
              << " coded, " << summary.documents_failed << " failed; " << summary.sentences << " sentences, "
              << summary.events << " events written";
    if (summary.warnings > 0) std::cerr << "; " << summary.warnings << " warnings";
    std::cerr << "\n";
  }
  if (!status.ok()) {
    std::cerr << "dyad code: " << status.message() << "\n";
    return 1;
  }
  return summary.documents_failed > 0 ? 3 : 0;
}

const SubcommandRegistration kCode(
    "code", "Code events from news text (.txt, .jsonl, or - for stdin) into event records",
    [](CLI::App& app) {
      auto o = std::make_shared<CodeOptions>();
      app.add_option("inputs", o->inputs, "Input files: .txt (one document), .jsonl (one per line), .html, .warc(.gz), - for stdin");
      app.add_option("-o,--output", o->output, "Output file (default: stdout)");
      app.add_option("--date", o->date, "Publication date YYYY-MM-DD for documents without one");
      app.add_option("--format", o->format, "Output format: jsonl (event records), csv (GDELT 2.0-style, tab-separated), text (readable)")
          ->check(CLI::IsMember({"jsonl", "csv", "text"}));
      app.add_option("--input-format", o->input_format, "Input format: auto (by extension), txt, jsonl, html, warc")
          ->check(CLI::IsMember({"auto", "txt", "jsonl", "html", "warc"}));
      app.add_option("--stages", o->stages, "Pipeline: 'default' (dictionary coding, dates, places), 'full' (adds the statistical tagger, parser and NER), or a comma-separated list of stages");
      app.add_option("--actors", o->actors, "Extra TABARI/PETRARCH actor dictionary (repeatable)")
          ->allow_extra_args(false);
      app.add_option("--agents", o->agents, "Extra agent dictionary (repeatable)")
          ->allow_extra_args(false);
      app.add_option("--verbs", o->verbs, "Verb pattern dictionary (repeatable)")
          ->allow_extra_args(false);
      app.add_option("--discards", o->discards, "Extra discard dictionary (repeatable)")
          ->allow_extra_args(false);
      app.add_flag("--replace-dictionaries", o->replace_dictionaries, "Use only the given dictionaries, not the shipped ones");
      app.add_flag("--include-comments", o->include_comments, "Also write events coded from reader comments (flagged)");
      app.add_flag("--include-negated", o->include_negated,
                   "Also write events flagged as negated (aux 'negation'); left out of the records by default");
      app.add_flag("--resolve", o->resolve, "Cluster the event records of all documents into real-world events (jsonl; adds num_articles, num_sources, reports); with --db, attach them to the events already stored and write the events created or updated");
      app.add_option("--resolve-days", o->resolve_days, "With --resolve: max days between two day-precision dates of one event (default 1)")
          ->check(CLI::Range(0, 365));
      app.add_flag("--resolve-same-place", o->resolve_same_place, "With --resolve: keep apart events when either has no place");
      app.add_option("-j,--threads", o->threads, "Worker threads (default: all cores); output is identical for any value");
      app.add_flag("-q,--quiet", o->quiet, "No summary line unless something failed");
      app.add_option("--db", o->db, "Also store every coded document and all its events (comments and negated included) in this event store: FILE, sqlite:FILE or postgresql://USER@HOST/DB; a document id coded again replaces its rows");
      app.add_flag("--db-only", o->db_only, "With --db: write records only to the store, not to the output")->needs("--db");
      app.add_option("--id-prefix", o->id_prefix, "Prefix every document id (and so every event id) with this text");
      AddDataDirOption(app, &o->data_dir);
      app.footer(
          "Exit status: 0 all records coded; 1 fatal error; 2 bad usage; 3 some records failed (each "
          "reported on stderr with input and line, the rest coded).");
      return [o] { return RunCode(*o); };
    });

}  // namespace
}  // namespace dyad::cli
