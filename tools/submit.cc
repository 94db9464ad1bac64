// `dyad submit`: queue documents on a NATS JetStream work queue for `dyad worker`s.
#include <iostream>
#include <memory>

#include "dyad/work_queue.h"
#include "subcommand.h"

namespace dyad::cli {
namespace {

struct SubmitOptions {
  QueueOptions queue;
  std::vector<std::string> inputs;
  std::string input_format = "auto";
  std::string date;
};

int RunSubmit(const SubmitOptions& o) {
  if (!o.date.empty() && !IsValidIsoDate(o.date)) {
    std::cerr << "dyad submit: --date must be YYYY-MM-DD, got '" << o.date << "'\n";
    return 2;
  }
  ReadOptions read_options;
  read_options.default_date = o.date;
  SubmitSummary summary;
  const Status status = SubmitDocuments(o.queue, o.inputs, o.input_format, read_options, std::cerr, &summary);
  std::cerr << "dyad submit: " << summary.read << " documents read, " << summary.published << " queued, "
            << summary.duplicates << " already queued, " << summary.failed << " failed\n";
  if (!status.ok()) {
    std::cerr << "dyad submit: " << status.message() << "\n";
    return 1;
  }
  return summary.failed > 0 ? 3 : 0;
}

const SubcommandRegistration kSubmit(
    "submit", "Queue documents on a NATS JetStream work queue for dyad worker processes", [](CLI::App& app) {
      auto o = std::make_shared<SubmitOptions>();
      app.add_option("inputs", o->inputs, "Input files (.txt, .jsonl, .html, .warc[.gz], - for stdin)")->required();
      app.add_option("--nats", o->queue.url, "NATS server URL (default nats://127.0.0.1:4222)");
      app.add_option("--stream", o->queue.stream, "JetStream stream name (default DYAD); subjects NAME.docs and NAME.dead");
      app.add_option("--input-format", o->input_format, "Input format: auto (by extension), txt, jsonl, html, warc")
          ->check(CLI::IsMember({"auto", "txt", "jsonl", "html", "warc"}));
      app.add_option("--date", o->date, "Publication date YYYY-MM-DD for documents without one");
      app.footer(
          "Each document is one message with Nats-Msg-Id = its id, so submitting the same input again "
          "within the stream's duplicate window queues nothing twice. Exit status: 0 ok; 1 queue or input "
          "error; 2 bad usage; 3 some records failed.");
      return [o] { return RunSubmit(*o); };
    });

}  // namespace
}  // namespace dyad::cli
