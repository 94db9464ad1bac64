// `dyad worker`: code documents from a NATS JetStream work queue into an event store.
#include <csignal>
#include <iostream>
#include <memory>
#include <thread>

#include "dyad/coding.h"
#include "dyad/store.h"
#include "dyad/work_queue.h"
#include "subcommand.h"

namespace dyad::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void RequestStop(int) { g_stop = true; }

struct WorkerCliOptions {
  QueueOptions queue;
  WorkerOptions worker;
  std::string db;
  std::string stages;
  std::string data_dir;
};

int RunWorkerCommand(const WorkerCliOptions& o) {
  auto stage_names = StageNamesFor(o.stages);
  if (!stage_names.ok()) {
    std::cerr << "dyad worker: " << stage_names.status().message() << "\n";
    return 2;
  }
  StageConfig config;
  config.data_dir = o.data_dir;
  auto pipeline = Pipeline::Create(stage_names.value(), config);
  if (!pipeline.ok()) {
    std::cerr << "dyad worker: " << pipeline.status().message() << "\n";
    return 1;
  }
  auto store = OpenEventStore(o.db);
  if (!store.ok()) {
    std::cerr << "dyad worker: " << store.status().message() << "\n";
    return 1;
  }
  WorkerOptions options = o.worker;
  if (options.threads == 0) options.threads = std::max(1u, std::thread::hardware_concurrency());
  std::signal(SIGINT, RequestStop);
  std::signal(SIGTERM, RequestStop);
  WorkerSummary summary;
  const Status status = RunWorker(o.queue, options, pipeline.value(), *store.value(), std::cerr, &summary, &g_stop);
  std::cerr << "dyad worker: " << summary.stored << " documents stored (" << summary.events << " events) in "
            << summary.batches << " batches, " << summary.retried << " retries, " << summary.dead_lettered
            << " dead-lettered\n";
  if (!status.ok()) {
    std::cerr << "dyad worker: " << status.message() << "\n";
    return 1;
  }
  return 0;
}

const SubcommandRegistration kWorker(
    "worker", "Code documents from a NATS JetStream work queue into an event store", [](CLI::App& app) {
      auto o = std::make_shared<WorkerCliOptions>();
      app.add_option("--nats", o->queue.url, "NATS server URL (default nats://127.0.0.1:4222)");
      app.add_option("--stream", o->queue.stream, "JetStream stream name (default DYAD)");
      app.add_option("--db", o->db, "Event store: FILE, sqlite:FILE or postgresql://USER@HOST/DB")->required();
      app.add_option("-j,--threads", o->worker.threads, "Coding threads (default 1; 0 = all cores)");
      app.add_option("--batch", o->worker.batch, "Documents per fetch and per store transaction (default 64)")
          ->check(CLI::Range(1, 100000));
      app.add_option("--max-deliver", o->worker.max_deliver,
                     "Deliveries of a failing document before it goes to STREAM.dead (default 5)")
          ->check(CLI::Range(1, 1000));
      app.add_option("--ack-wait", o->worker.ack_wait_seconds,
                     "Seconds before documents held by a dead worker are redelivered (default 60)")
          ->check(CLI::Range(1.0, 86400.0));
      app.add_option("--exit-when-idle", o->worker.exit_when_idle_seconds,
                     "Exit once the queue has been empty this many seconds (default: run until SIGTERM)");
      app.add_option("--durable", o->worker.durable, "Durable consumer name shared by the workers (default dyad-workers)");
      app.add_option("--stages", o->stages, "Pipeline, as for dyad code (default: 'default')");
      AddDataDirOption(app, &o->data_dir);
      app.footer(
          "Each batch is coded, written to the store in one transaction (a document's rows are replaced, "
          "never duplicated) and only then acknowledged. Exit status: 0 stopped or idle; 1 setup error; 2 bad usage.");
      return [o] { return RunWorkerCommand(*o); };
    });

}  // namespace
}  // namespace dyad::cli
