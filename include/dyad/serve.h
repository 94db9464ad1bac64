// `dyad serve`: the read-only HTTP JSON API over an event store (docs/api.md) and the web
// workbench's static files.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "dyad/pipeline.h"
#include "dyad/status.h"
#include "dyad/store.h"

namespace dyad {

/// How `dyad serve` listens and what it accepts.
struct ServeOptions {
  std::string bind = "127.0.0.1";  ///< address to listen on (loopback by default)
  int port = 8080;                 ///< TCP port; 0 picks a free one
  size_t threads = 8;              ///< worker threads, i.e. requests handled at once
  std::string static_dir;          ///< directory served at `/` (the built workbench); empty: none
  size_t max_body_bytes = 1u << 20;                       ///< larger request bodies get 413
  std::chrono::seconds read_timeout{10};                  ///< slowest allowed request upload
  std::chrono::seconds write_timeout{10};                 ///< slowest allowed response download
  std::chrono::seconds keep_alive_timeout{5};             ///< idle keep-alive connections close
  bool access_log = false;         ///< one line per request on stderr
};

/// The HTTP server. Every endpoint only reads `store`; POST /api/code runs `pipeline` on the
/// posted text and stores nothing. `store` and `pipeline` must outlive the server.
class ApiServer {
 public:
  ApiServer(EventStore& store, const Pipeline& pipeline, ServeOptions options);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  /// Binds the listening socket; returns the bound port (useful with port 0).
  Result<int> Bind();
  /// Serves requests until Stop() is called (call Bind() first).
  Status Run();
  /// Stops Run() from any thread; in-flight requests finish first.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dyad
