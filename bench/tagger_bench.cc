// Tagger throughput on one core. Words come from the CoNLL-U file named by
// $DYAD_TAGGER_BENCH_CONLLU (e.g. the EWT dev set), else from the unit-test treebank.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "dyad/conllu.h"
#include "dyad/pipeline.h"
#include "dyad/tagger.h"

namespace {

struct BenchData {
  std::shared_ptr<const dyad::Tagger> tagger;
  std::vector<std::vector<std::string_view>> sentences;
  std::vector<dyad::ConlluSentence> storage;
  size_t words = 0;
  std::string error;
};

const BenchData& Data() {
  static const BenchData data = [] {
    BenchData d;
    auto tagger = dyad::Tagger::Load(dyad::DefaultDataDir() + "/models/tagger.bin");
    if (!tagger.ok()) {
      d.error = tagger.status().message();
      return d;
    }
    d.tagger = tagger.value();
    const char* env = std::getenv("DYAD_TAGGER_BENCH_CONLLU");
    const std::string path = env != nullptr ? env : std::string(DYAD_DEFAULT_DATA_DIR) + "/../tests/data/tagger/tiny.conllu";
    auto sentences = dyad::ReadConllu(path);
    if (!sentences.ok()) {
      d.error = sentences.status().message();
      return d;
    }
    d.storage = std::move(sentences).value();
    for (const auto& s : d.storage) {
      std::vector<std::string_view> words;
      for (const auto& w : s.words) words.push_back(w.form);
      d.words += words.size();
      d.sentences.push_back(std::move(words));
    }
    return d;
  }();
  return data;
}

void BM_TagOnly(benchmark::State& state) {
  const BenchData& d = Data();
  if (!d.error.empty()) {
    state.SkipWithError(d.error.c_str());
    return;
  }
  std::vector<uint16_t> classes;
  for (auto _ : state) {
    for (const auto& s : d.sentences) {
      d.tagger->TagClasses(s, &classes);
      benchmark::DoNotOptimize(classes.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * d.words));
}
BENCHMARK(BM_TagOnly)->Unit(benchmark::kMillisecond);

void BM_TagAndLemmatize(benchmark::State& state) {
  const BenchData& d = Data();
  if (!d.error.empty()) {
    state.SkipWithError(d.error.c_str());
    return;
  }
  std::vector<dyad::WordTags> tags;
  for (auto _ : state) {
    for (const auto& s : d.sentences) {
      d.tagger->Tag(s, &tags);
      benchmark::DoNotOptimize(tags.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * d.words));
}
BENCHMARK(BM_TagAndLemmatize)->Unit(benchmark::kMillisecond);

void BM_LoadModel(benchmark::State& state) {
  for (auto _ : state) {
    auto tagger = dyad::Tagger::Load(dyad::DefaultDataDir() + "/models/tagger.bin");
    if (!tagger.ok()) {
      state.SkipWithError(tagger.status().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(tagger.value().get());
  }
}
BENCHMARK(BM_LoadModel)->Unit(benchmark::kMillisecond);

}  // namespace
