// Parser micro-benchmarks: tokens/s of greedy parsing with the shipped model, model loading.
#include <benchmark/benchmark.h>

#include <memory>

#include "dyad/conllu.h"
#include "dyad/parser.h"
#include "dyad/pipeline.h"

namespace {

const std::string& ModelPath() {
  static const std::string path = dyad::DefaultDataDir() + "/" + dyad::kParserModelPath;
  return path;
}

const dyad::DependencyParser* SharedParser() {
  static std::unique_ptr<dyad::DependencyParser> parser = [] {
    auto loaded = dyad::DependencyParser::Load(ModelPath());
    return loaded.ok() ? std::make_unique<dyad::DependencyParser>(std::move(loaded).value()) : nullptr;
  }();
  return parser.get();
}

// Sentences of the hand-written test treebank (gold tags), as parser input.
const std::vector<dyad::ConlluSentence>& Sentences() {
  static const std::vector<dyad::ConlluSentence> sentences = [] {
    auto read = dyad::ReadConllu(std::string(DYAD_DEFAULT_DATA_DIR) + "/../tests/data/parser/tiny.conllu");
    return read.ok() ? read.value() : std::vector<dyad::ConlluSentence>();
  }();
  return sentences;
}

void BM_ParserSentences(benchmark::State& state) {
  const dyad::DependencyParser* parser = SharedParser();
  if (parser == nullptr || Sentences().empty()) {
    state.SkipWithError("parser model or test treebank missing");
    return;
  }
  std::vector<std::vector<dyad::ParserWord>> inputs;
  size_t tokens = 0;
  for (const auto& sentence : Sentences()) {
    inputs.push_back(dyad::ParserWordsOf(sentence));
    tokens += sentence.words.size();
  }
  dyad::ParserOutput output;
  for (auto _ : state) {
    for (const auto& words : inputs) {
      parser->Parse(words, output);
      benchmark::DoNotOptimize(output.heads.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * tokens));
}
BENCHMARK(BM_ParserSentences);

void BM_ParserLongSentence(benchmark::State& state) {
  const dyad::DependencyParser* parser = SharedParser();
  if (parser == nullptr || Sentences().empty()) {
    state.SkipWithError("parser model or test treebank missing");
    return;
  }
  std::vector<dyad::ParserWord> words;
  while (words.size() < static_cast<size_t>(state.range(0))) {
    for (const auto& sentence : Sentences()) {
      for (const auto& w : dyad::ParserWordsOf(sentence)) words.push_back(w);
    }
  }
  words.resize(static_cast<size_t>(state.range(0)));
  dyad::ParserOutput output;
  for (auto _ : state) {
    parser->Parse(words, output);
    benchmark::DoNotOptimize(output.heads.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * words.size()));
}
BENCHMARK(BM_ParserLongSentence)->Arg(300)->Arg(5000);

void BM_ParserLoadModel(benchmark::State& state) {
  for (auto _ : state) {
    auto loaded = dyad::DependencyParser::Load(ModelPath());
    if (!loaded.ok()) {
      state.SkipWithError(loaded.status().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(loaded.value());
  }
}
BENCHMARK(BM_ParserLoadModel)->Unit(benchmark::kMillisecond);

}  // namespace
