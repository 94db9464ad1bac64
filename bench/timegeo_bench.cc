// Micro-benchmarks of the "time" and "geo" stages on pre-tokenized news-style sentences and of
// loading the gazetteer. Counters report sentences per second.
#include <benchmark/benchmark.h>

#include "bench_util.h"

#include <filesystem>
#include <string>
#include <vector>

#include "dyad/gazetteer.h"
#include "dyad/pipeline.h"
#include "dyad/stage.h"
#include "dyad/text.h"

namespace dyad {
namespace {

// Sentences written for this benchmark in the style of news wires.
const char* const kSentences[] = {
    "BAGHDAD, July 8 (Reuters) - Three rockets were fired at the US embassy in Baghdad early on Thursday.",
    "In January 2020, after a US strike killed a general, Iraq's parliament voted to expel foreign troops.",
    "Kurdish-led forces said Wednesday they thwarted a drone attack on a base in eastern Syria.",
    "Police in Paris, Texas, arrested two men on March 15, officials said two days ago.",
    "Clashes erupted in Tripoli between rival groups in northern Lebanon last week.",
    "Washington said it would impose sanctions on Russian banks next Monday.",
    "Floods submerged parts of Hyderabad after the heaviest rain in Telangana in recent years.",
    "Students marched in London, Ontario, on 6 June 2021 after a truck attack.",
};

std::vector<Document> Documents() {
  std::vector<Document> docs = bench::TokenizedDocuments(kSentences);
  for (Document& doc : docs) {
    Event e;  // one event per sentence, anchored at its fifth token
    const Token& t = doc.tokens[std::min<size_t>(4, doc.tokens.size() - 1)];
    e.trigger_begin = t.begin;
    e.trigger_end = t.end;
    doc.events.push_back(e);
  }
  return docs;
}

using bench::ShippedConfig;

void RunStage(benchmark::State& state, const char* name) {
  auto stage = StageRegistry::Global().Create(name, ShippedConfig());
  if (!stage.ok()) {
    state.SkipWithError(stage.status().message().c_str());
    return;
  }
  std::vector<Document> docs = Documents();
  int64_t sentences = 0;
  for (auto _ : state) {
    for (auto& doc : docs) {
      benchmark::DoNotOptimize(stage.value()->Process(doc));
      sentences += static_cast<int64_t>(doc.sentences.size());
    }
  }
  state.counters["sentences/s"] = benchmark::Counter(static_cast<double>(sentences), benchmark::Counter::kIsRate);
}

void BM_TimeStage(benchmark::State& state) { RunStage(state, "time"); }
BENCHMARK(BM_TimeStage);

void BM_GeoStage(benchmark::State& state) { RunStage(state, "geo"); }
BENCHMARK(BM_GeoStage);

void BM_GazetteerLoad(benchmark::State& state) {
  const std::string path = (std::filesystem::path(DefaultDataDir()) / Gazetteer::kFileName).string();
  for (auto _ : state) {
    auto g = Gazetteer::Load(path);
    if (!g.ok()) {
      state.SkipWithError(g.status().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(g.value()->size());
  }
}
BENCHMARK(BM_GazetteerLoad)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dyad
