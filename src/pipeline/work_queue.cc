// NATS JetStream work queue: publishing documents and the pull worker that codes and stores them.
#include "dyad/work_queue.h"

#include <nats/nats.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include "dyad/ingest.h"
#include "dyad/store.h"

namespace dyad {
namespace {

std::string NatsError(const char* what, natsStatus s, jsErrCode jerr = static_cast<jsErrCode>(0)) {
  std::string message = std::string(what) + ": " + natsStatus_GetText(s);
  if (jerr != 0) message += " (JetStream error " + std::to_string(static_cast<int>(jerr)) + ")";
  const char* detail = nats_GetLastError(nullptr);
  if (detail != nullptr && *detail != '\0' && message.find(detail) == std::string::npos) {
    message += ": " + std::string(detail);
  }
  return message;
}

// Where connection losses are reported. The NATS library calls back from its own thread, possibly
// after the client that asked for the callbacks is gone, so this lives for the whole process.
struct ConnectionLog {
  std::atomic<std::ostream*> log{nullptr};
  std::atomic<bool> closing{false};
};
ConnectionLog g_connection_log;

void OnDisconnected(natsConnection*, void*) {
  std::ostream* log = g_connection_log.log;
  if (log != nullptr && !g_connection_log.closing) *log << "dyad worker: lost the NATS server; reconnecting\n" << std::flush;
}

void OnReconnected(natsConnection*, void*) {
  std::ostream* log = g_connection_log.log;
  if (log != nullptr && !g_connection_log.closing) *log << "dyad worker: reconnected to the NATS server\n" << std::flush;
}

// Owns a connection and its JetStream context; reconnects for ever after the first connect.
class NatsClient {
 public:
  ~NatsClient() {
    if (js_ != nullptr) jsCtx_Destroy(js_);
    if (connection_ != nullptr) {
      g_connection_log.closing = true;
      natsConnection_Close(connection_);
      natsConnection_Destroy(connection_);
    }
    if (options_ != nullptr) natsOptions_Destroy(options_);
  }

  // Connects to `url`; with `wait_for_server` the first connect is retried in the background.
  // Connection losses and recoveries are reported on `log` when given.
  Status Connect(const std::string& url, bool wait_for_server, std::ostream* log = nullptr) {
    natsStatus s = natsOptions_Create(&options_);
    if (s == NATS_OK && log != nullptr) {
      g_connection_log.log = log;
      s = natsOptions_SetDisconnectedCB(options_, &OnDisconnected, nullptr);
      if (s == NATS_OK) s = natsOptions_SetReconnectedCB(options_, &OnReconnected, nullptr);
    }
    if (s == NATS_OK) s = natsOptions_SetURL(options_, url.c_str());
    if (s == NATS_OK) s = natsOptions_SetMaxReconnect(options_, -1);
    if (s == NATS_OK) s = natsOptions_SetReconnectWait(options_, 250);
    if (s == NATS_OK) s = natsOptions_SetTimeout(options_, 5000);
    if (s == NATS_OK && wait_for_server) s = natsOptions_SetRetryOnFailedConnect(options_, true, nullptr, nullptr);
    if (s == NATS_OK) s = natsConnection_Connect(&connection_, options_);
    if (s == NATS_NOT_YET_CONNECTED) s = NATS_OK;  // retrying in the background
    if (s != NATS_OK) return Status::Error(NatsError(("cannot connect to " + url).c_str(), s));
    jsOptions_Init(&js_options_);
    js_options_.Wait = 10000;
    s = natsConnection_JetStream(&js_, connection_, &js_options_);
    if (s != NATS_OK) return Status::Error(NatsError("JetStream unavailable", s));
    return Status::Ok();
  }

  jsCtx* js() const { return js_; }

 private:
  natsOptions* options_ = nullptr;
  natsConnection* connection_ = nullptr;
  jsOptions js_options_{};
  jsCtx* js_ = nullptr;
};

// Creates stream `name` over `subject` unless it exists.
Status EnsureStream(jsCtx* js, const std::string& name, const std::string& subject, jsRetentionPolicy retention) {
  jsStreamInfo* info = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&info, js, name.c_str(), nullptr, &jerr);
  if (s == NATS_OK) {
    jsStreamInfo_Destroy(info);
    return Status::Ok();
  }
  if (s != NATS_NOT_FOUND) return Status::Error(NatsError(("cannot look up stream " + name).c_str(), s, jerr));
  jsStreamConfig config;
  jsStreamConfig_Init(&config);
  config.Name = name.c_str();
  const char* subjects[] = {subject.c_str()};
  config.Subjects = subjects;
  config.SubjectsLen = 1;
  config.Retention = retention;
  config.Storage = js_FileStorage;
  s = js_AddStream(&info, js, &config, nullptr, &jerr);
  if (s == NATS_OK) {
    jsStreamInfo_Destroy(info);
    return Status::Ok();
  }
  if (jerr == JSStreamNameExistErr) return Status::Ok();  // another process was first
  return Status::Error(NatsError(("cannot create stream " + name).c_str(), s, jerr));
}

Status EnsureStreams(jsCtx* js, const std::string& stream) {
  DYAD_RETURN_IF_ERROR(EnsureStream(js, stream, WorkSubject(stream), js_WorkQueuePolicy));
  return EnsureStream(js, stream + "_DEAD", DeadLetterSubject(stream), js_LimitsPolicy);
}

// Publishes with retries while the server is away (up to about `patience`).
natsStatus PublishWithRetry(jsCtx* js, natsMsg* msg, jsPubAck** ack, jsErrCode* jerr,
                            std::chrono::seconds patience = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (true) {
    *ack = nullptr;
    const natsStatus s = js_PublishMsg(ack, js, msg, nullptr, jerr);
    if (s == NATS_OK || std::chrono::steady_clock::now() > deadline) return s;
    if (*jerr != 0 && *jerr != JSNotEnabledErr) return s;  // the server refused it
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string WorkSubject(const std::string& stream) { return stream + ".docs"; }
std::string DeadLetterSubject(const std::string& stream) { return stream + ".dead"; }

std::string DocumentToMessage(const Document& doc) {
  nlohmann::json j = {{"id", doc.id}, {"date", doc.date}, {"title", doc.title}, {"url", doc.url},
                      {"source", doc.source}, {"byline", doc.byline}, {"text", doc.text}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<Document> DocumentFromMessage(std::string_view message) {
  auto j = nlohmann::json::parse(message, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::Error("message is not a JSON object");
  auto field = [&j](const char* key) -> std::string {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto text = j.find("text");
  if (text == j.end() || !text->is_string()) return Status::Error("message has no string \"text\"");
  Document doc;
  doc.id = field("id");
  if (doc.id.empty()) return Status::Error("message has no document id");
  doc.text = text->get<std::string>();
  doc.date = field("date");
  doc.title = field("title");
  doc.url = field("url");
  doc.source = field("source");
  doc.byline = field("byline");
  doc.origin = "queue:" + doc.id;
  if (!doc.date.empty() && !IsValidIsoDate(doc.date)) return Status::Error("bad date '" + doc.date + "'");
  return doc;
}

Status SubmitDocuments(const QueueOptions& queue, const std::vector<std::string>& inputs,
                       const std::string& input_format, const ReadOptions& read_options,
                       std::ostream& errors, SubmitSummary* summary) {
  NatsClient client;
  DYAD_RETURN_IF_ERROR(client.Connect(queue.url, /*wait_for_server=*/false));
  DYAD_RETURN_IF_ERROR(EnsureStreams(client.js(), queue.stream));
  const std::string subject = WorkSubject(queue.stream);
  for (const std::string& input : inputs) {
    auto opened = OpenDocuments(input, input_format, read_options);
    if (!opened.ok()) return opened.status();
    DocumentReader& reader = *opened.value().reader;
    std::istream* stream = opened.value().stream;
    Document doc;
    Status status;
    while (reader.Next(doc, status)) {
      ++summary->read;
      if (!status.ok()) {
        ++summary->failed;
        errors << "dyad: error: " << status.message() << "\n";
        continue;
      }
      const std::string body = DocumentToMessage(doc);
      natsMsg* msg = nullptr;
      natsStatus s = natsMsg_Create(&msg, subject.c_str(), nullptr, body.data(), static_cast<int>(body.size()));
      if (s == NATS_OK) s = natsMsgHeader_Set(msg, "Nats-Msg-Id", doc.id.c_str());
      jsPubAck* ack = nullptr;
      jsErrCode jerr = static_cast<jsErrCode>(0);
      if (s == NATS_OK) s = PublishWithRetry(client.js(), msg, &ack, &jerr);
      if (s == NATS_OK) {
        ++(ack->Duplicate ? summary->duplicates : summary->published);
      } else {
        ++summary->failed;
        errors << "dyad: error: " << doc.origin << ": " << NatsError("cannot publish", s, jerr) << "\n";
      }
      if (ack != nullptr) jsPubAck_Destroy(ack);
      natsMsg_Destroy(msg);
    }
    if (auto* warc = dynamic_cast<WarcReader*>(&reader)) {
      const WarcCounts& c = warc->counts();
      errors << "dyad submit: " << BaseName(input) << ": " << c.records << " WARC records, " << c.documents
             << " HTML responses, " << c.skipped_type << " other record types, " << c.skipped_not_html
             << " not HTML, " << c.skipped_status << " not 2xx, " << c.errors << " damaged\n";
    }
    if (stream->bad()) return Status::Error(input + ": read error");
  }
  return Status::Ok();
}

namespace {

// One fetched message and what became of its document.
struct Job {
  natsMsg* msg = nullptr;
  uint64_t delivered = 1;
  Document doc;
  Status status;
  StoredDocument stored;
};

void CodeJobs(std::vector<Job>& jobs, const Pipeline& pipeline, size_t threads) {
  std::atomic<size_t> next{0};
  auto work = [&]() {
    for (size_t i = next++; i < jobs.size(); i = next++) {
      Job& job = jobs[i];
      if (job.status.ok()) job.status = pipeline.Process(job.doc);
      if (job.status.ok()) job.stored = PrepareDocument(job.doc);
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < std::min(threads, jobs.size()); ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
}

class Worker {
 public:
  Worker(const QueueOptions& queue, const WorkerOptions& options, const Pipeline& pipeline, EventStore& store,
         std::ostream& log, WorkerSummary* summary)
      : queue_(queue), options_(options), pipeline_(pipeline), store_(store), log_(log), summary_(summary) {}

  ~Worker() {
    if (subscription_ != nullptr) natsSubscription_Destroy(subscription_);
  }

  Status Run(const std::atomic<bool>* stop) {
    DYAD_RETURN_IF_ERROR(client_.Connect(queue_.url, /*wait_for_server=*/true, &log_));
    DYAD_RETURN_IF_ERROR(Subscribe(stop));
    auto last_work = std::chrono::steady_clock::now();
    bool reported_outage = false;
    while (stop == nullptr || !*stop) {
      natsMsgList list{};
      jsErrCode jerr = static_cast<jsErrCode>(0);
      const natsStatus s =
          natsSubscription_Fetch(&list, subscription_, static_cast<int>(options_.batch), 1000, &jerr);
      if (s == NATS_OK && list.Count > 0) {
        reported_outage = false;
        ProcessBatch(list);
        natsMsgList_Destroy(&list);
        last_work = std::chrono::steady_clock::now();
        continue;
      }
      natsMsgList_Destroy(&list);
      if (s == NATS_OK || s == NATS_TIMEOUT) {
        reported_outage = false;
        const double idle = std::chrono::duration<double>(std::chrono::steady_clock::now() - last_work).count();
        if (options_.exit_when_idle_seconds > 0 && idle >= options_.exit_when_idle_seconds && QueueDrained()) break;
        continue;
      }
      if (!reported_outage) {
        log_ << "dyad worker: " << NatsError("waiting for the NATS server", s, jerr) << "\n";
        reported_outage = true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      last_work = std::chrono::steady_clock::now();  // an outage is not idleness
    }
    return Status::Ok();
  }

 private:
  Status Subscribe(const std::atomic<bool>* stop) {
    // The server may still be starting: retry for a while.
    Status last;
    for (int attempt = 0; attempt < 120 && (stop == nullptr || !*stop); ++attempt) {
      last = EnsureStreams(client_.js(), queue_.stream);
      if (last.ok()) {
        jsSubOptions sub_options;
        jsSubOptions_Init(&sub_options);
        sub_options.Stream = queue_.stream.c_str();
        sub_options.Config.AckPolicy = js_AckExplicit;
        sub_options.Config.AckWait = static_cast<int64_t>(options_.ack_wait_seconds * 1e9);
        sub_options.Config.MaxAckPending = static_cast<int64_t>(std::max<size_t>(1000, options_.batch * 4));
        jsErrCode jerr = static_cast<jsErrCode>(0);
        const natsStatus s = js_PullSubscribe(&subscription_, client_.js(), WorkSubject(queue_.stream).c_str(),
                                              options_.durable.c_str(), nullptr, &sub_options, &jerr);
        if (s == NATS_OK) return Status::Ok();
        last = Status::Error(NatsError("cannot subscribe", s, jerr));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    return last;
  }

  // True when the consumer has nothing left to deliver and nothing awaiting acknowledgement.
  bool QueueDrained() {
    jsConsumerInfo* info = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    if (js_GetConsumerInfo(&info, client_.js(), queue_.stream.c_str(), options_.durable.c_str(), nullptr, &jerr) !=
        NATS_OK) {
      return false;
    }
    const bool drained = info->NumPending == 0 && info->NumAckPending == 0;
    jsConsumerInfo_Destroy(info);
    return drained;
  }

  void ProcessBatch(natsMsgList& list) {
    std::vector<Job> jobs(static_cast<size_t>(list.Count));
    for (int i = 0; i < list.Count; ++i) {
      Job& job = jobs[static_cast<size_t>(i)];
      job.msg = list.Msgs[i];
      jsMsgMetaData* meta = nullptr;
      if (natsMsg_GetMetaData(&meta, job.msg) == NATS_OK) {
        job.delivered = meta->NumDelivered;
        jsMsgMetaData_Destroy(meta);
      }
      auto doc = DocumentFromMessage(std::string_view(natsMsg_GetData(job.msg),
                                                      static_cast<size_t>(natsMsg_GetDataLength(job.msg))));
      if (doc.ok()) job.doc = std::move(doc).value();
      else job.status = doc.status();
    }
    CodeJobs(jobs, pipeline_, options_.threads);
    StoreJobs(jobs);
    for (Job& job : jobs) Settle(job);
    ++summary_->batches;
  }

  // Writes the coded documents in one transaction; when that fails, one by one, so that a
  // document the store refuses does not hold back the rest.
  void StoreJobs(std::vector<Job>& jobs) {
    std::vector<StoredDocument> batch;
    for (const Job& job : jobs) {
      if (job.status.ok()) batch.push_back(job.stored);
    }
    if (batch.empty() || store_.ReplaceDocuments(batch).ok()) return;
    for (Job& job : jobs) {
      if (!job.status.ok()) continue;
      const Status stored = store_.ReplaceDocuments({job.stored});
      if (!stored.ok()) job.status = stored.WithContext("store");
    }
  }

  // Acknowledges a stored document; hands a failed one back, or to the dead letters after
  // max_deliver deliveries.
  void Settle(Job& job) {
    jsErrCode jerr = static_cast<jsErrCode>(0);
    if (job.status.ok()) {
      // A lost acknowledgement only means a redelivery, which replaces the same rows.
      natsMsg_AckSync(job.msg, nullptr, &jerr);
      ++summary_->stored;
      summary_->events += job.stored.events.size();
      return;
    }
    const char* header_id = nullptr;
    if (natsMsgHeader_Get(job.msg, "Nats-Msg-Id", &header_id) != NATS_OK) header_id = nullptr;
    const std::string doc_id = !job.doc.id.empty() ? job.doc.id : header_id != nullptr ? header_id : "?";
    if (job.delivered < static_cast<uint64_t>(std::max(1, options_.max_deliver))) {
      log_ << "dyad worker: document " << doc_id << " failed (delivery " << job.delivered << " of "
           << options_.max_deliver << "): " << job.status.message() << "\n";
      natsMsg_NakWithDelay(job.msg, 500, nullptr);
      ++summary_->retried;
      return;
    }
    const std::string subject = DeadLetterSubject(queue_.stream);
    natsMsg* dead = nullptr;
    natsStatus s = natsMsg_Create(&dead, subject.c_str(), nullptr, natsMsg_GetData(job.msg), natsMsg_GetDataLength(job.msg));
    const std::string deliveries = std::to_string(job.delivered);
    if (s == NATS_OK) s = natsMsgHeader_Set(dead, "Dyad-Error", job.status.message().substr(0, 4000).c_str());
    if (s == NATS_OK) s = natsMsgHeader_Set(dead, "Dyad-Document-Id", doc_id.c_str());
    if (s == NATS_OK) s = natsMsgHeader_Set(dead, "Dyad-Deliveries", deliveries.c_str());
    if (s == NATS_OK) s = natsMsgHeader_Set(dead, "Nats-Msg-Id", (doc_id + "/dead").c_str());
    jsPubAck* ack = nullptr;
    if (s == NATS_OK) s = PublishWithRetry(client_.js(), dead, &ack, &jerr, std::chrono::seconds(5));
    if (ack != nullptr) jsPubAck_Destroy(ack);
    natsMsg_Destroy(dead);
    if (s != NATS_OK) {  // try again on a later delivery
      natsMsg_NakWithDelay(job.msg, 500, nullptr);
      ++summary_->retried;
      return;
    }
    log_ << "dyad worker: document " << doc_id << " sent to " << subject << " after " << job.delivered
         << " deliveries: " << job.status.message() << "\n";
    natsMsg_AckSync(job.msg, nullptr, &jerr);
    ++summary_->dead_lettered;
  }

  const QueueOptions& queue_;
  const WorkerOptions& options_;
  const Pipeline& pipeline_;
  EventStore& store_;
  std::ostream& log_;
  WorkerSummary* summary_;
  NatsClient client_;
  natsSubscription* subscription_ = nullptr;
};

}  // namespace

Status RunWorker(const QueueOptions& queue, const WorkerOptions& options, const Pipeline& pipeline,
                 EventStore& store, std::ostream& log, WorkerSummary* summary, const std::atomic<bool>* stop) {
  Worker worker(queue, options, pipeline, store, log, summary);
  return worker.Run(stop);
}

}  // namespace dyad
