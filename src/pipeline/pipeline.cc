#include "dyad/pipeline.h"

#include <algorithm>
#include <cstdlib>

namespace dyad {

std::string LayerNames(LayerSet layers) {
  static const char* const kNames[] = {"text",   "tokens", "sentences", "segments",
                                       "tags",   "syntax", "entities",  "actors",
                                       "events", "dates",  "places"};
  std::string out;
  for (size_t i = 0; i < std::size(kNames); ++i) {
    if (layers & (1u << i)) {
      if (!out.empty()) out += ", ";
      out += kNames[i];
    }
  }
  return out;
}

StageRegistry& StageRegistry::Global() {
  static StageRegistry registry;
  return registry;
}

void StageRegistry::Register(const std::string& name, StageFactory factory) {
  factories_[name] = std::move(factory);
}

Result<std::unique_ptr<Stage>> StageRegistry::Create(const std::string& name,
                                                     const StageConfig& config) const {
  auto it = factories_.find(name);
  if (it == factories_.end()) {
    std::string known;
    for (const auto& [n, f] : factories_) known += (known.empty() ? "" : ", ") + n;
    return Status::Error("unknown stage '" + name + "' (known: " + known + ")");
  }
  return it->second(config);
}

std::vector<std::string> StageRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [n, f] : factories_) names.push_back(n);
  return names;
}

std::vector<std::string> DefaultStageNames() {
  return {"normalize", "tokenize", "segment", "actors", "coref", "events", "time", "geo", "merge"};
}

std::vector<std::string> FullStageNames() {
  return {"normalize", "tokenize", "segment", "tag", "parse", "ner", "actors", "coref", "events", "time", "geo", "merge"};
}

Result<std::vector<std::string>> StageNamesFor(const std::string& spec) {
  if (spec.empty() || spec == "default") return DefaultStageNames();
  if (spec == "full") return FullStageNames();
  std::vector<std::string> names;
  size_t start = 0;
  while (start <= spec.size()) {
    const size_t comma = std::min(spec.find(',', start), spec.size());
    if (comma > start) names.push_back(spec.substr(start, comma - start));
    start = comma + 1;
  }
  if (names.empty()) return Status::Error("no stages in '" + spec + "'");
  return names;
}

Result<Pipeline> Pipeline::Create(const std::vector<std::string>& stage_names,
                                  const StageConfig& config) {
  Pipeline pipeline;
  LayerSet available = kLayerText;
  for (const auto& name : stage_names) {
    auto stage = StageRegistry::Global().Create(name, config);
    if (!stage.ok()) return stage.status().WithContext("stage '" + name + "'");
    const LayerSet missing = stage.value()->needs() & ~available;
    if (missing != 0) {
      return Status::Error("stage '" + name + "' needs " + LayerNames(missing) +
                           ", which no earlier stage sets");
    }
    available |= stage.value()->sets();
    pipeline.stages_.push_back(std::shared_ptr<const Stage>(std::move(stage).value()));
  }
  return pipeline;
}

Status Pipeline::Process(Document& doc) const {
  for (const auto& stage : stages_) {
    Status status = stage->Process(doc);
    if (!status.ok()) return status.WithContext(std::string(stage->name()));
  }
  return Status::Ok();
}

std::vector<std::string> Pipeline::StageNames() const {
  std::vector<std::string> names;
  for (const auto& stage : stages_) names.emplace_back(stage->name());
  return names;
}

std::string DefaultDataDir() {
  if (const char* env = std::getenv("DYAD_DATA"); env != nullptr && *env != '\0') return env;
  return DYAD_DEFAULT_DATA_DIR;
}

}  // namespace dyad
