// `dyad bench`: codes inputs on one thread and reports throughput and peak memory.
#include <sys/resource.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <sstream>

#include "dyad/coding.h"
#include "subcommand.h"

namespace dyad::cli {
namespace {

struct BenchOptions {
  std::vector<std::string> inputs;
  std::string stages;
  std::string data_dir;
  bool json = false;
};

// Discards output while counting events, so that writing is measured but not stored.
class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

int RunBench(const BenchOptions& o) {
  using Clock = std::chrono::steady_clock;
  StageConfig config;
  config.data_dir = o.data_dir;
  auto names = StageNamesFor(o.stages);
  if (!names.ok()) {
    std::cerr << "dyad bench: " << names.status().message() << "\n";
    return 2;
  }
  const auto load_start = Clock::now();
  auto pipeline = Pipeline::Create(names.value(), config);
  const double load_seconds = std::chrono::duration<double>(Clock::now() - load_start).count();
  if (!pipeline.ok()) {
    std::cerr << "dyad bench: " << pipeline.status().message() << "\n";
    return 1;
  }
  NullBuffer null_buffer;
  std::ostream sink(&null_buffer);
  auto writer = CreateWriter("jsonl", sink, WriteOptions());
  CodingSummary summary;
  std::ostringstream errors;
  const auto start = Clock::now();
  Status status = CodeInputs(o.inputs, "auto", ReadOptions(), pipeline.value(), *writer.value(), errors, &summary);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!status.ok()) {
    std::cerr << "dyad bench: " << status.message() << "\n";
    return 1;
  }
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  const double rss_mb = usage.ru_maxrss / 1024.0;
  std::string stage_list;
  for (const auto& n : pipeline.value().StageNames()) stage_list += (stage_list.empty() ? "" : ",") + n;
  if (o.json) {
    std::cout << "{\"stages\":\"" << stage_list << "\",\"documents\":" << summary.documents_coded
              << ",\"failed\":" << summary.documents_failed << ",\"sentences\":" << summary.sentences
              << ",\"tokens\":" << summary.tokens << ",\"events\":" << summary.events << ",\"seconds\":" << seconds
              << ",\"load_seconds\":" << load_seconds << ",\"sentences_per_second\":" << summary.sentences / seconds
              << ",\"tokens_per_second\":" << summary.tokens / seconds << ",\"peak_rss_mb\":" << rss_mb << "}\n";
  } else {
    std::cout << "stages:          " << stage_list << "\n"
              << "load time:       " << load_seconds * 1000 << " ms\n"
              << "documents:       " << summary.documents_coded << " coded, " << summary.documents_failed << " failed\n"
              << "sentences:       " << summary.sentences << "\n"
              << "tokens:          " << summary.tokens << "\n"
              << "events:          " << summary.events << "\n"
              << "time:            " << seconds << " s (one thread)\n"
              << "sentences/s:     " << static_cast<long>(summary.sentences / seconds) << "\n"
              << "tokens/s:        " << static_cast<long>(summary.tokens / seconds) << "\n"
              << "peak RSS:        " << rss_mb << " MB\n";
  }
  if (summary.documents_failed > 0) std::cerr << errors.str();
  return 0;
}

const SubcommandRegistration kBench("bench", "Code inputs on one thread and report sentences/s, tokens/s and peak RSS",
                                    [](CLI::App& app) {
                                      auto o = std::make_shared<BenchOptions>();
                                      app.add_option("inputs", o->inputs, "Input files (.txt, .jsonl)")->required();
                                      app.add_option("--stages", o->stages, "Pipeline: default, full, or comma-separated stages");
                                      app.add_flag("--json", o->json, "Print one JSON object");
                                      AddDataDirOption(app, &o->data_dir);
                                      return [o] { return RunBench(*o); };
                                    });

}  // namespace
}  // namespace dyad::cli
