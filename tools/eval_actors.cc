// `dyad eval actors`: source and target spans of coded events against BIO-tagged sentences.
#include <iostream>
#include <memory>

#include "dyad/eval_extra.h"
#include "subcommand.h"

namespace dyad::cli {
namespace {

struct EvalActorsArgs {
  std::string gold;
  std::string stages;
  StageConfig config;
  PredictionFilter filter;
};

int RunEvalActors(EvalActorsArgs& args) {
  auto gold = ReadBioFile(args.gold);
  if (!gold.ok()) {
    std::cerr << "dyad eval actors: " << gold.status().message() << "\n";
    return 1;
  }
  auto names = StageNamesFor(args.stages);
  if (!names.ok()) {
    std::cerr << "dyad eval actors: " << names.status().message() << "\n";
    return 1;
  }
  auto pipeline = Pipeline::Create(names.value(), args.config);
  if (!pipeline.ok()) {
    std::cerr << "dyad eval actors: " << pipeline.status().message() << "\n";
    return 1;
  }
  std::cout << "gold: " << args.gold << " (" << gold->size() << " sentences)\n"
            << FormatActorSpanScores(EvaluateActorSpans(gold.value(), pipeline.value(), args.filter));
  return 0;
}

std::function<int()> Setup(CLI::App& app) {
  auto args = std::make_shared<EvalActorsArgs>();
  app.add_option("--gold", args->gold, "BIO file: 'token tag' lines, tags B-S/I-S (source), B-T/I-T (target)")
      ->required();
  app.add_option("--stages", args->stages, "Pipeline: 'default', 'full' or a comma-separated list of stages");
  AddDataDirOption(app, &args->config.data_dir);
  app.add_flag("--include-negated", args->filter.include_negated, "Count spans of negated events");
  return [args] { return RunEvalActors(*args); };
}

const SubcommandRegistration kReg("eval actors",
                                  "Score event source/target spans against a BIO file (exact and overlap)", Setup);

}  // namespace
}  // namespace dyad::cli
