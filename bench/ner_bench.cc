// Throughput of the shipped NER model (data/models/ner.bin) on the hand-written sentences
// of tests/data/ner, read as one document (recognition plus document consistency; the POS
// tags a tagged model reads are computed beforehand, as the "tag" stage would).
// Items per second = tokens per second.
#include <benchmark/benchmark.h>

#include "dyad/ner.h"
#include "dyad/tagger.h"

namespace {

void BM_NerRecognize(benchmark::State& state) {
  const std::string data_dir = DYAD_DEFAULT_DATA_DIR;
  auto model = dyad::NerModel::Load(data_dir + "/models/ner.bin");
  if (!model.ok()) {
    state.SkipWithError(model.status().message().c_str());
    return;
  }
  auto sentences = dyad::ReadIob(data_dir + "/../tests/data/ner/tiny_train.iob2");
  if (!sentences.ok()) {
    state.SkipWithError(sentences.status().message().c_str());
    return;
  }
  std::shared_ptr<const dyad::Tagger> tagger;
  if (model->uses_tags()) {
    auto loaded = dyad::Tagger::Load(data_dir + "/models/tagger.bin");
    if (!loaded.ok()) {
      state.SkipWithError(loaded.status().message().c_str());
      return;
    }
    tagger = std::move(loaded.value());
  }
  std::vector<std::vector<std::string_view>> inputs, tags;
  size_t tokens = 0;
  for (const auto& s : sentences.value()) {
    inputs.emplace_back(s.words.begin(), s.words.end());
    tags.emplace_back();
    if (tagger != nullptr) dyad::NerPosTags(*tagger, inputs.back(), &tags.back());
    tokens += s.words.size();
  }
  std::vector<std::vector<dyad::Entity>> entities(inputs.size());
  for (auto _ : state) {
    for (size_t k = 0; k < inputs.size(); ++k) entities[k] = model->Recognize(inputs[k], tags[k]);
    dyad::HarmonizeDocumentEntities(inputs, entities, /*propagate=*/true);
    benchmark::DoNotOptimize(entities);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * tokens));
}
BENCHMARK(BM_NerRecognize);

void BM_NerLoad(benchmark::State& state) {
  const std::string path = std::string(DYAD_DEFAULT_DATA_DIR) + "/models/ner.bin";
  for (auto _ : state) {
    auto model = dyad::NerModel::Load(path);
    if (!model.ok()) {
      state.SkipWithError(model.status().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(model);
  }
}
BENCHMARK(BM_NerLoad)->Unit(benchmark::kMillisecond);

}  // namespace
