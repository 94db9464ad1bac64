// The HTTP API (docs/api.md) over an EventStore, plus the workbench's static files.
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <iostream>
#include <mutex>
#include <sstream>

#include "dyad/formats.h"
#include "dyad/serve.h"
#include "serve/request_params.h"

namespace dyad {
namespace {

using nlohmann::json;

constexpr size_t kMaxEventsPage = 1000;
constexpr size_t kMaxOffset = 100000;
constexpr size_t kMaxDyadEdges = 1000;
constexpr size_t kMaxPlaces = 5000;

void SendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

void SendError(httplib::Response& res, int status, const std::string& message) {
  SendJson(res, status, json{{"error", message}});
}

// Sends a store result, or 500 with the store's message.
void SendResult(httplib::Response& res, const Result<json>& result) {
  if (!result.ok()) {
    SendError(res, 500, "store error: " + result.status().message());
    return;
  }
  SendJson(res, 200, result.value());
}

// Sends a lookup result: 404 naming `what` when absent.
void SendLookup(httplib::Response& res, const Result<std::optional<json>>& result, const std::string& what,
                const std::string& id) {
  if (!result.ok()) {
    SendError(res, 500, "store error: " + result.status().message());
  } else if (!result.value().has_value()) {
    SendError(res, 404, "no " + what + " with id '" + id + "'");
  } else {
    SendJson(res, 200, *result.value());
  }
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// The media type of a Content-Type header, lower case, without parameters.
std::string MediaType(const std::string& content_type) {
  std::string type = Lower(content_type.substr(0, content_type.find(';')));
  type.erase(std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }), type.end());
  return type;
}

// The message of an error httplib raised before any handler ran.
std::string ErrorMessage(int status, const std::string& path) {
  switch (status) {
    case 400: return "malformed request";
    case 404: return "not found: " + path;
    case 405: return "method not allowed";
    case 408: return "request timed out";
    case 413: return "request body too large";
    case 414: return "request URI too long";
    case 416: return "range not satisfiable";
    default: return "HTTP error " + std::to_string(status);
  }
}

}  // namespace

struct ApiServer::Impl {
  Impl(EventStore& s, const Pipeline& p, ServeOptions o) : store(s), pipeline(p), options(std::move(o)) {}

  EventStore& store;
  const Pipeline& pipeline;
  ServeOptions options;
  httplib::Server server;
  std::mutex log_mutex;

  // Validates the parameter names, then the filter; on failure sends 400 and returns nullopt.
  std::optional<EventFilter> Filter(const httplib::Request& req, httplib::Response& res,
                                    const std::vector<std::string>& extra) {
    Status names = serve::CheckParamNames(req.params, true, extra);
    if (!names.ok()) {
      SendError(res, 400, names.message());
      return std::nullopt;
    }
    auto filter = serve::ParseFilter(req.params);
    if (!filter.ok()) {
      SendError(res, 400, filter.status().message());
      return std::nullopt;
    }
    return filter.value();
  }

  // Sends 400 when the endpoint takes no parameters but got some.
  bool NoParams(const httplib::Request& req, httplib::Response& res) {
    Status names = serve::CheckParamNames(req.params, false, {});
    if (!names.ok()) SendError(res, 400, names.message());
    return names.ok();
  }

  void Health(const httplib::Request& req, httplib::Response& res) {
    if (!NoParams(req, res)) return;
    auto counts = store.Counts();
    if (!counts.ok()) {
      SendError(res, 503, "store unavailable: " + counts.status().message());
      return;
    }
    SendJson(res, 200, json{{"status", "ok"}, {"version", DYAD_VERSION},
                            {"documents", counts.value().value("documents", 0)},
                            {"events", counts.value().value("events", 0)}});
  }

  void Events(const httplib::Request& req, httplib::Response& res) {
    auto filter = Filter(req, res, {"limit", "offset", "sort"});
    if (!filter) return;
    EventQuery query;
    query.filter = std::move(*filter);
    auto limit = serve::ParseCount(req.params, "limit", 100, 1, kMaxEventsPage);
    auto offset = serve::ParseCount(req.params, "offset", 0, 0, kMaxOffset);
    auto sort = ParseEventSort(serve::ParamOr(req.params, "sort", "date"));
    for (const Status& s : {limit.status(), offset.status(), sort.status()}) {
      if (!s.ok()) return SendError(res, 400, s.message());
    }
    query.limit = limit.value();
    query.offset = offset.value();
    query.sort = sort.value();
    SendResult(res, store.QueryEvents(query));
  }

  void Timeline(const httplib::Request& req, httplib::Response& res) {
    auto filter = Filter(req, res, {"interval", "group"});
    if (!filter) return;
    auto interval = ParseTimelineInterval(serve::ParamOr(req.params, "interval", "day"));
    auto group = ParseTimelineGroup(serve::ParamOr(req.params, "group", "event"));
    for (const Status& s : {interval.status(), group.status()}) {
      if (!s.ok()) return SendError(res, 400, s.message());
    }
    SendResult(res, store.Timeline(*filter, interval.value(), group.value()));
  }

  void Dyads(const httplib::Request& req, httplib::Response& res) {
    auto filter = Filter(req, res, {"limit"});
    if (!filter) return;
    auto limit = serve::ParseCount(req.params, "limit", 200, 1, kMaxDyadEdges);
    if (!limit.ok()) return SendError(res, 400, limit.status().message());
    SendResult(res, store.Dyads(*filter, limit.value()));
  }

  void Places(const httplib::Request& req, httplib::Response& res) {
    auto filter = Filter(req, res, {"limit"});
    if (!filter) return;
    auto limit = serve::ParseCount(req.params, "limit", 500, 1, kMaxPlaces);
    if (!limit.ok()) return SendError(res, 400, limit.status().message());
    SendResult(res, store.Places(*filter, limit.value()));
  }

  void Event(const httplib::Request& req, httplib::Response& res) {
    if (!NoParams(req, res)) return;
    const std::string id = req.matches[1];
    SendLookup(res, store.GetEvent(id), "event", id);
  }

  void DocumentById(const httplib::Request& req, httplib::Response& res) {
    if (!NoParams(req, res)) return;
    const std::string id = req.matches[1];
    SendLookup(res, store.GetDocument(id), "document", id);
  }

  // POST /api/code: a JSON object {"text", "date"?, "id"?, "title"?, "url"?, "source"?} or
  // text/plain (date and id then from the query string); codes it and returns the records.
  void Code(const httplib::Request& req, httplib::Response& res) {
    Status names = serve::CheckParamNames(req.params, false, {"date", "id"});
    if (!names.ok()) return SendError(res, 400, names.message());
    if (req.body.size() > options.max_body_bytes) {
      return SendError(res, 413, "request body is larger than " + std::to_string(options.max_body_bytes) + " bytes");
    }
    json input = json::object();
    const std::string type = MediaType(req.get_header_value("Content-Type"));
    if (type == "application/json") {
      input = json::parse(req.body, nullptr, false);
      if (input.is_discarded() || !input.is_object()) {
        return SendError(res, 400, "body must be a JSON object with a \"text\" string");
      }
      for (const auto& [key, value] : input.items()) {
        static const std::vector<std::string> kKeys = {"text", "date", "id", "title", "url", "source"};
        if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
          return SendError(res, 400, "unknown field '" + key + "' (allowed: text, date, id, title, url, source)");
        }
        if (!value.is_string()) return SendError(res, 400, "field '" + key + "' must be a string");
      }
      if (!input.contains("text")) return SendError(res, 400, "body must be a JSON object with a \"text\" string");
    } else if (type == "text/plain") {
      input["text"] = req.body;
    } else {
      return SendError(res, 415, "Content-Type must be application/json or text/plain");
    }
    for (const char* key : {"date", "id"}) {
      if (!input.contains(key) && req.has_param(key)) input[key] = req.get_param_value(key);
    }
    if (!input.contains("id")) input["id"] = "posted";
    if (input.contains("date") && !IsValidIsoDate(input["date"].get<std::string>())) {
      return SendError(res, 400, "date must be YYYY-MM-DD, got '" + input["date"].get<std::string>() + "'");
    }
    // The JSONL reader validates and normalises the text exactly as `dyad code` does.
    std::istringstream line(input.dump(-1, ' ', false, json::error_handler_t::strict));
    ReadOptions read_options;
    read_options.max_document_bytes = options.max_body_bytes;
    auto reader = CreateReader("jsonl", line, "request", read_options);
    if (!reader.ok()) return SendError(res, 500, reader.status().message());
    Document doc;
    Status read_status;
    if (!reader.value()->Next(doc, read_status)) return SendError(res, 400, "no document in the request");
    if (!read_status.ok()) return SendError(res, 400, read_status.message());
    Status coded = pipeline.Process(doc);
    if (!coded.ok()) return SendError(res, 422, "could not code the text: " + coded.message());
    std::ostringstream out;
    auto writer = CreateWriter("jsonl", out, WriteOptions());
    if (!writer.ok()) return SendError(res, 500, writer.status().message());
    writer.value()->Write(doc);
    Status finished = writer.value()->Finish();
    if (!finished.ok()) return SendError(res, 500, finished.message());
    json events = json::array();
    std::istringstream records(out.str());
    for (std::string record; std::getline(records, record);) {
      if (!record.empty()) events.push_back(json::parse(record));
    }
    SendJson(res, 200, json{{"events", std::move(events)}});
  }

  void Routes() {
    using Handler = void (Impl::*)(const httplib::Request&, httplib::Response&);
    auto bind = [this](Handler h) {
      return [this, h](const httplib::Request& req, httplib::Response& res) { (this->*h)(req, res); };
    };
    server.Get("/api/health", bind(&Impl::Health));
    server.Get("/api/events", bind(&Impl::Events));
    server.Get(R"(/api/events/(.+))", bind(&Impl::Event));
    server.Get("/api/timeline", bind(&Impl::Timeline));
    server.Get("/api/dyads", bind(&Impl::Dyads));
    server.Get("/api/places", bind(&Impl::Places));
    server.Get(R"(/api/documents/(.+))", bind(&Impl::DocumentById));
    server.Post("/api/code", bind(&Impl::Code));
    server.Get("/api/code", [](const httplib::Request&, httplib::Response& res) {
      SendError(res, 405, "POST the text to code to /api/code");
    });
    server.Get(R"(/api(/.*)?)", [](const httplib::Request& req, httplib::Response& res) {
      SendError(res, 404, "unknown endpoint '" + req.path + "'");
    });
    auto read_only = [](const httplib::Request& req, httplib::Response& res) {
      SendError(res, 405, "method " + req.method + " not allowed: the API is read-only (only POST /api/code)");
    };
    server.Post(R"(/api(/.*)?)", read_only);
    server.Put(R"(/.*)", read_only);
    server.Patch(R"(/.*)", read_only);
    server.Delete(R"(/.*)", read_only);
  }

  void Configure() {
    const size_t threads = std::max<size_t>(1, options.threads);
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_payload_max_length(options.max_body_bytes);
    server.set_read_timeout(options.read_timeout);
    server.set_write_timeout(options.write_timeout);
    server.set_keep_alive_timeout(options.keep_alive_timeout.count());
    // Without TCP_NODELAY a response written in two segments (headers, then body) waits for
    // the client's delayed ACK: about 40 ms on every keep-alive request.
    server.set_tcp_nodelay(true);
    server.set_default_headers({
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "no-referrer"},
        {"X-Frame-Options", "DENY"},
        {"Content-Security-Policy",
         "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
         "frame-ancestors 'none'; base-uri 'none'"},
    });
    // Every error carries a JSON body, including those httplib produces itself (413, 414, 404).
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      SendError(res, res.status, ErrorMessage(res.status, req.path));
    });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      std::string message = "internal error";
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        message += std::string(": ") + e.what();
      } catch (...) {
      }
      SendError(res, 500, message);
    });
    if (options.access_log) {
      server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
        std::lock_guard<std::mutex> lock(log_mutex);
        std::cerr << req.remote_addr << " " << req.method << " " << req.target << " " << res.status << " "
                  << res.body.size() << "\n";
      });
    }
    Routes();
  }
};

ApiServer::ApiServer(EventStore& store, const Pipeline& pipeline, ServeOptions options)
    : impl_(std::make_unique<Impl>(store, pipeline, std::move(options))) {
  impl_->Configure();
}

ApiServer::~ApiServer() { Stop(); }

Result<int> ApiServer::Bind() {
  const ServeOptions& o = impl_->options;
  if (!o.static_dir.empty() && !impl_->server.set_mount_point("/", o.static_dir)) {
    return Status::Error("cannot serve the workbench: '" + o.static_dir + "' is not a directory");
  }
  int port = o.port;
  if (o.port == 0) {
    port = impl_->server.bind_to_any_port(o.bind);
    if (port < 0) return Status::Error("cannot listen on " + o.bind + " (any port)");
  } else if (!impl_->server.bind_to_port(o.bind, o.port)) {
    return Status::Error("cannot listen on " + o.bind + ":" + std::to_string(o.port) +
                         " (address in use or not available)");
  }
  return port;
}

Status ApiServer::Run() {
  if (!impl_->server.listen_after_bind()) return Status::Error("the server stopped with an error");
  return Status::Ok();
}

void ApiServer::Stop() {
  if (impl_->server.is_running()) impl_->server.stop();
}

}  // namespace dyad
