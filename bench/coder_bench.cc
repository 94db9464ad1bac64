// Micro-benchmarks of the v1 dictionary coder with the shipped dictionaries: the "actors" and
// "events" stages on pre-tokenized news-style sentences, and the whole default pipeline.
// Counters report sentences per second.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench_util.h"
#include "dyad/coder.h"
#include "dyad/pipeline.h"
#include "dyad/text.h"

namespace dyad {
namespace {

// Sentences written for this benchmark in the style of international news wires.
const char* const kSentences[] = {
    "Iraqi security forces clashed with militants near Mosul on Tuesday, killing at least twelve fighters.",
    "The United Nations Security Council condemned the rocket attack on the airport in Kabul.",
    "Russian President Vladimir Putin met his Turkish counterpart in Moscow to discuss the war in Syria.",
    "Police arrested dozens of protesters who marched through the capital demanding the government resign.",
    "The European Union agreed to provide 50 million euros in humanitarian aid to refugees in Lebanon.",
    "Israeli warplanes struck targets in the Gaza Strip after militants fired rockets at southern Israel.",
    "China accused the United States of interfering in its internal affairs over Hong Kong.",
    "Three rockets were fired at the US embassy in Baghdad early on Thursday, officials said.",
    "The foreign ministers of India and Pakistan will meet next week in Geneva for talks on Kashmir.",
    "Iran denied any involvement in the drone attack on oil facilities in Saudi Arabia.",
    "Kenyan troops killed five al-Shabaab fighters in an ambush near the Somali border, the army said.",
    "The parliament voted unanimously to expel foreign troops from the country.",
    "Opposition leaders called for a general strike to protest against rising fuel prices.",
    "France and Germany urged Iran to return to full compliance with the nuclear agreement.",
    "Gunmen kidnapped a local official and two aid workers in northern Nigeria on Sunday.",
    "The president pardoned forty political prisoners ahead of the national holiday.",
    "Syrian government forces recaptured the town after weeks of heavy fighting with rebels.",
    "Japan and South Korea signed an agreement to share military intelligence on North Korea.",
    "Thousands of people demonstrated in Caracas against the government of Nicolas Maduro.",
    "The minister said the government would not negotiate with the kidnappers.",
};

std::vector<Document> TokenizedDocuments() { return bench::TokenizedDocuments(kSentences); }

using bench::ShippedConfig;

void BM_Actors(benchmark::State& state) {
  auto matcher = ActorMatcher::Create(ShippedConfig());
  if (!matcher.ok()) {
    state.SkipWithError(matcher.status().message().c_str());
    return;
  }
  std::vector<Document> docs = TokenizedDocuments();
  int64_t sentences = 0;
  for (auto _ : state) {
    for (auto& doc : docs) {
      matcher.value()->Annotate(doc);
      sentences += static_cast<int64_t>(doc.sentences.size());
    }
  }
  state.counters["sentences/s"] = benchmark::Counter(static_cast<double>(sentences), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Actors);

void BM_Events(benchmark::State& state) {
  auto matcher = ActorMatcher::Create(ShippedConfig());
  auto coder = EventCoder::Create(ShippedConfig());
  if (!matcher.ok() || !coder.ok()) {
    state.SkipWithError("cannot load data/dict (run scripts/data/dictionaries.sh)");
    return;
  }
  std::vector<Document> docs = TokenizedDocuments();
  for (auto& doc : docs) matcher.value()->Annotate(doc);
  int64_t sentences = 0, events = 0;
  for (auto _ : state) {
    for (auto& doc : docs) {
      coder.value()->Annotate(doc);
      sentences += static_cast<int64_t>(doc.sentences.size());
      events += static_cast<int64_t>(doc.events.size());
    }
  }
  state.counters["sentences/s"] = benchmark::Counter(static_cast<double>(sentences), benchmark::Counter::kIsRate);
  state.counters["events/sentence"] =
      static_cast<double>(events) / static_cast<double>(sentences > 0 ? sentences : 1);
}
BENCHMARK(BM_Events);

void BM_DefaultPipeline(benchmark::State& state) {
  auto pipeline = Pipeline::Create(DefaultStageNames(), ShippedConfig());
  if (!pipeline.ok()) {
    state.SkipWithError(pipeline.status().message().c_str());
    return;
  }
  int64_t sentences = 0;
  for (auto _ : state) {
    for (const char* text : kSentences) {
      Document doc;
      doc.text = text;
      doc.date = "2021-07-08";
      if (!pipeline.value().Process(doc).ok()) {
        state.SkipWithError("pipeline failed");
        return;
      }
      sentences += static_cast<int64_t>(doc.sentences.size());
    }
  }
  state.counters["sentences/s"] = benchmark::Counter(static_cast<double>(sentences), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DefaultPipeline);

void BM_LoadDictionaries(benchmark::State& state) {
  for (auto _ : state) {
    auto matcher = ActorMatcher::Create(ShippedConfig());
    auto coder = EventCoder::Create(ShippedConfig());
    benchmark::DoNotOptimize(matcher.ok() && coder.ok());
  }
}
BENCHMARK(BM_LoadDictionaries)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dyad
