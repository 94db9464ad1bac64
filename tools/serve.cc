// `dyad serve`: the read-only HTTP API over an event store, and the web workbench.
#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "dyad/serve.h"
#include "subcommand.h"

namespace dyad::cli {
namespace {

struct ServeCliOptions {
  std::string db;
  std::string bind = "127.0.0.1";
  int port = 8080;
  size_t threads = 8;
  std::string web_dir;
  std::string data_dir;
  bool no_web = false;
  bool access_log = false;
};

// The built workbench: --web-dir, else $DYAD_WEB, else web/dist of the source tree.
std::string WebDir(const ServeCliOptions& o) {
  if (!o.web_dir.empty()) return o.web_dir;
  if (const char* env = std::getenv("DYAD_WEB"); env && *env) return env;
  return DYAD_DEFAULT_WEB_DIR;
}

int RunServe(const ServeCliOptions& o) {
  StoreOptions store_options;
  store_options.read_only = true;
  store_options.max_readers = std::max<size_t>(1, o.threads);
  auto store = OpenEventStore(o.db, store_options);
  if (!store.ok()) {
    std::cerr << "dyad serve: " << store.status().message() << "\n";
    return 1;
  }
  StageConfig config;
  config.data_dir = o.data_dir;
  auto pipeline = Pipeline::Create(DefaultStageNames(), config);
  if (!pipeline.ok()) {
    std::cerr << "dyad serve: " << pipeline.status().message() << "\n";
    return 1;
  }
  ServeOptions options;
  options.bind = o.bind;
  options.port = o.port;
  options.threads = o.threads;
  options.access_log = o.access_log;
  if (!o.no_web) {
    const std::string web = WebDir(o);
    if (std::filesystem::is_regular_file(std::filesystem::path(web) / "index.html")) {
      options.static_dir = web;
    } else if (!o.web_dir.empty()) {
      std::cerr << "dyad serve: --web-dir " << web << " has no index.html\n";
      return 2;
    } else {
      std::cerr << "dyad serve: the workbench is not built (" << web
                << "/index.html missing; run `make build`); serving the API only\n";
    }
  }
  ApiServer server(*store.value(), pipeline.value(), options);
  // SIGINT/SIGTERM stop the server cleanly: block them here (worker threads inherit the mask)
  // and wait for them on a dedicated thread.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  auto port = server.Bind();
  if (!port.ok()) {
    std::cerr << "dyad serve: " << port.status().message() << "\n";
    return 1;
  }
  std::thread watcher([&server, signals] {
    int received = 0;
    sigwait(&signals, &received);
    server.Stop();
  });
  std::cerr << "dyad serve: " << store.value()->backend() << " store " << o.db << "; listening on http://"
            << (o.bind.find(':') != std::string::npos ? "[" + o.bind + "]" : o.bind) << ":" << port.value()
            << "/ with " << options.threads << " threads" << (options.static_dir.empty() ? " (API only)" : "")
            << "\n";
  Status status = server.Run();
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  if (!status.ok()) {
    std::cerr << "dyad serve: " << status.message() << "\n";
    return 1;
  }
  return 0;
}

const SubcommandRegistration kServe(
    "serve", "Serve the read-only HTTP API over an event store and the web workbench",
    [](CLI::App& app) {
      auto o = std::make_shared<ServeCliOptions>();
      app.add_option("--db", o->db, "Event store: SQLite file (or sqlite:PATH) or postgresql://... URL")->required();
      app.add_option("--port", o->port, "TCP port (0 picks a free one)")->check(CLI::Range(0, 65535));
      app.add_option("--bind", o->bind, "Address to listen on (default 127.0.0.1: this machine only)");
      app.add_option("-j,--threads", o->threads, "Worker threads: requests served at once")->check(CLI::Range(1, 256));
      app.add_option("--web-dir", o->web_dir, "Built workbench to serve at / (default: $DYAD_WEB or the source tree's web/dist)");
      app.add_flag("--no-web", o->no_web, "Serve the API only");
      app.add_flag("--access-log", o->access_log, "Log one line per request on stderr");
      AddDataDirOption(app, &o->data_dir);
      app.footer("Endpoints: see docs/api.md. Stop with Ctrl-C (SIGINT) or SIGTERM.");
      return [o] { return RunServe(*o); };
    });

}  // namespace
}  // namespace dyad::cli
