// The pipeline: an ordered list of stages, checked for missing inputs when built.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dyad/stage.h"

namespace dyad {

/// The default stage order used by `dyad code`: dictionary coding with dates and places,
/// without the statistical tagger, parser and NER (fastest).
std::vector<std::string> DefaultStageNames();

/// The default stages plus the statistical tagger, dependency parser and NER.
std::vector<std::string> FullStageNames();

/// Stage names for a `--stages` value: "default", "full", or a comma-separated list.
Result<std::vector<std::string>> StageNamesFor(const std::string& spec);

/// An ordered, validated list of stages.
class Pipeline {
 public:
  /// Creates the named stages in order; fails when a stage is unknown, cannot load its
  /// data, or needs a layer no earlier stage sets.
  static Result<Pipeline> Create(const std::vector<std::string>& stage_names,
                                 const StageConfig& config);
  /// Runs every stage on `doc`, stopping at the first error (prefixed with the stage name).
  Status Process(Document& doc) const;
  /// Names of the stages, in order.
  std::vector<std::string> StageNames() const;

 private:
  std::vector<std::shared_ptr<const Stage>> stages_;
};

/// The data directory: $DYAD_DATA if set, else the directory compiled into the binary.
std::string DefaultDataDir();

}  // namespace dyad
