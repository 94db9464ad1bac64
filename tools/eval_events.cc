// `dyad eval events`: precision/recall/F1 of coded events against a gold-standard file.
#include <fstream>
#include <iostream>
#include <memory>

#include "dyad/coder.h"
#include "dyad/eval_events.h"
#include "subcommand.h"

namespace dyad::cli {
namespace {

struct EvalEventsArgs {
  std::string gold;
  std::string errors;
  std::string stages;
  bool json = false;
  bool plover_types = false;
  StageConfig config;
  PredictionFilter filter;
};

int RunEvalEvents(EvalEventsArgs& args) {
  auto gold = ReadGoldFile(args.gold);
  if (!gold.ok()) {
    std::cerr << "dyad eval events: " << gold.status().message() << "\n";
    return 1;
  }
  auto stage_names = StageNamesFor(args.stages);
  if (!stage_names.ok()) {
    std::cerr << "dyad eval events: " << stage_names.status().message() << "\n";
    return 1;
  }
  auto pipeline = Pipeline::Create(stage_names.value(), args.config);
  if (!pipeline.ok()) {
    std::cerr << "dyad eval events: " << pipeline.status().message() << "\n";
    return 1;
  }
  std::ofstream errors;
  EvalEventsOptions options;
  options.filter = args.filter;
  options.log = &std::cerr;
  if (args.plover_types) {
    auto coder = EventCoder::Create(args.config);
    if (!coder.ok()) {
      std::cerr << "dyad eval events: " << coder.status().message() << "\n";
      return 1;
    }
    options.cameo_type = [coder = coder.value()](const std::string& cameo) {
      return coder->Describe(cameo).plover;
    };
  }
  if (!args.errors.empty()) {
    errors.open(args.errors);
    if (!errors) {
      std::cerr << "dyad eval events: cannot write '" << args.errors << "'\n";
      return 1;
    }
    options.errors = &errors;
  }
  const EventScores scores = EvaluateEvents(gold.value(), pipeline.value(), options);
  if (args.json) {
    std::cout << FormatScoresJson(scores) << "\n";
  } else {
    std::cout << "gold: " << args.gold << " (" << GoldFormatName(gold->format) << ", "
              << gold->sentences.size() << " sentences";
    if (gold->skipped_records > 0) std::cout << ", " << gold->skipped_records << " records skipped";
    std::cout << ")\n" << FormatScoresTable(scores);
  }
  if (errors.is_open() && !errors.flush()) {
    std::cerr << "dyad eval events: failed writing '" << args.errors << "'\n";
    return 1;
  }
  return 0;
}

std::function<int()> Setup(CLI::App& app) {
  auto args = std::make_shared<EvalEventsArgs>();
  app.add_option("--gold", args->gold,
                 "Gold file: PETRARCH validation XML or PLOVER GSR JSON (detected from content)")
      ->required();
  app.add_flag("--json", args->json, "Print one JSON object instead of the table");
  app.add_flag("--plover-types", args->plover_types,
               "CAMEO gold: compare PLOVER types (the coder's CAMEO -> PLOVER table, applied to "
               "gold and predicted codes) instead of CAMEO roots");
  app.add_option("--errors", args->errors,
                 "Write per-sentence gold vs predicted events to this JSONL file");
  app.add_option("--stages", args->stages,
                 "Pipeline: 'default', 'full' or a comma-separated list of stages (default: default)");
  AddDataDirOption(app, &args->config.data_dir);
  app.add_option("--actors", args->config.actor_dictionaries, "Extra actor dictionary file(s)");
  app.add_option("--agents", args->config.agent_dictionaries, "Extra agent dictionary file(s)");
  app.add_option("--verbs", args->config.verb_dictionaries, "Verb dictionary file(s)");
  app.add_option("--discards", args->config.discard_dictionaries, "Extra discard file(s)");
  app.add_flag("--replace-dictionaries", args->config.replace_dictionaries,
               "User dictionaries replace the shipped ones instead of extending them");
  app.add_flag("--include-negated", args->filter.include_negated,
               "Count negated events as predictions (excluded by default)");
  app.add_flag("--include-comments", args->filter.include_comments,
               "Count events from reader-comment segments (excluded by default)");
  return [args] { return RunEvalEvents(*args); };
}

const SubcommandRegistration kReg(
    "eval events", "Score event coding against a gold file (type, dyad and full-code levels)",
    Setup);

}  // namespace
}  // namespace dyad::cli
