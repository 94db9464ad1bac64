// Pipeline stages: each reads some layers of a Document and sets others.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

/// A layer of annotation a stage may need or set.
enum Layer : uint32_t {
  kLayerText = 1u << 0,       ///< validated, normalised text
  kLayerTokens = 1u << 1,     ///< tokens
  kLayerSentences = 1u << 2,  ///< sentence boundaries
  kLayerSegments = 1u << 3,   ///< article/comment segments
  kLayerTags = 1u << 4,       ///< POS tags and lemmas
  kLayerSyntax = 1u << 5,     ///< dependency heads and relations
  kLayerEntities = 1u << 6,   ///< named entities
  kLayerActors = 1u << 7,     ///< actor mentions
  kLayerEvents = 1u << 8,     ///< events
  kLayerDates = 1u << 9,      ///< resolved event dates
  kLayerPlaces = 1u << 10,    ///< resolved event locations
};

/// A set of layers (bitwise OR of Layer values).
using LayerSet = uint32_t;

/// Names of the layers in `layers`, comma-separated (for messages).
std::string LayerNames(LayerSet layers);

/// Options every stage factory may consult.
struct StageConfig {
  std::string data_dir;                          ///< directory holding compiled data and models
  std::vector<std::string> actor_dictionaries;   ///< extra TABARI/PETRARCH actor files
  std::vector<std::string> agent_dictionaries;   ///< extra agent files
  std::vector<std::string> verb_dictionaries;    ///< replacement verb dictionary files
  std::vector<std::string> discard_dictionaries; ///< extra discard files
  bool replace_dictionaries = false;             ///< user dictionaries replace the shipped ones
  std::map<std::string, std::string> options;    ///< free-form stage options (name=value)
};

/// One step of the pipeline. Implementations are immutable after construction and
/// thread-safe: Process may run concurrently on different documents.
class Stage {
 public:
  virtual ~Stage() = default;
  /// Registered name of the stage, e.g. "tokenize".
  virtual std::string_view name() const = 0;
  /// Layers that must be present before Process runs.
  virtual LayerSet needs() const = 0;
  /// Layers this stage sets.
  virtual LayerSet sets() const = 0;
  /// Annotates `doc`; returns an error (naming the problem) instead of throwing.
  virtual Status Process(Document& doc) const = 0;
};

/// Builds a stage from configuration, or fails with a message (e.g. a missing model file).
using StageFactory = std::function<Result<std::unique_ptr<Stage>>(const StageConfig&)>;

/// Name → factory registry for stages; stages register themselves at static-init time.
class StageRegistry {
 public:
  /// The process-wide registry.
  static StageRegistry& Global();
  /// Registers `factory` under `name`; later registrations of the same name win.
  void Register(const std::string& name, StageFactory factory);
  /// Creates the stage called `name`.
  Result<std::unique_ptr<Stage>> Create(const std::string& name, const StageConfig& config) const;
  /// All registered names, sorted.
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, StageFactory> factories_;
};

/// Registers a stage factory when constructed; use as a file-scope static.
struct StageRegistration {
  /// Registers `factory` as `name` in the global registry.
  StageRegistration(const std::string& name, StageFactory factory) {
    StageRegistry::Global().Register(name, std::move(factory));
  }
};

}  // namespace dyad
