// Distributed coding through a NATS JetStream work queue: `dyad submit` publishes documents,
// any number of `dyad worker` processes code them and write their events to one event store.
#pragma once

#include <atomic>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/formats.h"
#include "dyad/pipeline.h"
#include "dyad/status.h"

namespace dyad {

class EventStore;

/// Where the queue lives. Stream NAME holds subject NAME.docs (work-queue retention, file
/// storage); failed documents go to subject NAME.dead in stream NAME_DEAD.
struct QueueOptions {
  std::string url = "nats://127.0.0.1:4222";  ///< NATS server URL(s), comma-separated
  std::string stream = "DYAD";                ///< JetStream stream name
};

/// The work subject of a stream ("NAME.docs").
std::string WorkSubject(const std::string& stream);
/// The dead-letter subject of a stream ("NAME.dead").
std::string DeadLetterSubject(const std::string& stream);

/// A document as a queue message: JSON with id, date, title, url, source, byline, text.
std::string DocumentToMessage(const Document& doc);
/// The document of a queue message; an error for anything but such a JSON object.
Result<Document> DocumentFromMessage(std::string_view message);

/// Counts of a submit run.
struct SubmitSummary {
  size_t read = 0;        ///< records read (good and bad)
  size_t published = 0;   ///< documents newly queued
  size_t duplicates = 0;  ///< documents the stream already had (same id within its window)
  size_t failed = 0;      ///< records that could not be read or published (each reported)
};

/// Reads `inputs` like `dyad code` and publishes each document to the work queue, creating the
/// streams when missing; the message id (Nats-Msg-Id) is the document id, so re-submitting
/// the same input does not queue a document twice. Bad records are reported on `errors`.
Status SubmitDocuments(const QueueOptions& queue, const std::vector<std::string>& inputs,
                       const std::string& input_format, const ReadOptions& read_options,
                       std::ostream& errors, SubmitSummary* summary);

/// How a worker runs.
struct WorkerOptions {
  size_t threads = 1;              ///< coding threads
  size_t batch = 64;               ///< documents fetched, coded and stored per transaction
  int max_deliver = 5;             ///< deliveries before a failing document goes to the dead letters
  double ack_wait_seconds = 60;    ///< redelivery delay for documents of a worker that died
  double exit_when_idle_seconds = 0;  ///< exit after this long with nothing queued (0: never)
  std::string durable = "dyad-workers";  ///< durable consumer name shared by the workers
};

/// Counts of a worker run.
struct WorkerSummary {
  size_t batches = 0;       ///< batches stored
  size_t stored = 0;        ///< documents stored (and acknowledged)
  size_t events = 0;        ///< events stored
  size_t retried = 0;       ///< failures handed back for another delivery
  size_t dead_lettered = 0; ///< documents sent to the dead-letter subject
};

/// Pulls documents until `stop` is set or the queue stays idle for exit_when_idle_seconds:
/// each batch is coded with `pipeline`, written to `store` in one transaction (replacing any
/// earlier rows of the same document ids), and only then acknowledged. Broker restarts are
/// ridden out by reconnecting. Returns an error only when the queue cannot be set up.
Status RunWorker(const QueueOptions& queue, const WorkerOptions& options, const Pipeline& pipeline,
                 EventStore& store, std::ostream& log, WorkerSummary* summary,
                 const std::atomic<bool>* stop = nullptr);

}  // namespace dyad
