// `dyad eval case2021`: CASE 2021 task 2 snippet classes from coded events (report only).
#include <fstream>
#include <iostream>
#include <memory>

#include "dyad/eval_extra.h"
#include "subcommand.h"

namespace dyad::cli {
namespace {

struct EvalCaseArgs {
  std::string gold;
  std::string stages;
  std::string predictions;
  StageConfig config;
  PredictionFilter filter;
};

int RunEvalCase(EvalCaseArgs& args) {
  auto gold = ReadCase2021File(args.gold);
  if (!gold.ok()) {
    std::cerr << "dyad eval case2021: " << gold.status().message() << "\n";
    return 1;
  }
  auto names = StageNamesFor(args.stages);
  if (!names.ok()) {
    std::cerr << "dyad eval case2021: " << names.status().message() << "\n";
    return 1;
  }
  auto pipeline = Pipeline::Create(names.value(), args.config);
  if (!pipeline.ok()) {
    std::cerr << "dyad eval case2021: " << pipeline.status().message() << "\n";
    return 1;
  }
  std::ofstream predictions;
  if (!args.predictions.empty()) {
    predictions.open(args.predictions);
    if (!predictions) {
      std::cerr << "dyad eval case2021: cannot write '" << args.predictions << "'\n";
      return 1;
    }
  }
  ClassificationScores scores;
  for (const LabeledSnippet& snippet : gold.value()) {
    Document doc;
    doc.id = snippet.id;
    doc.text = snippet.text;
    std::string predicted = "OTHER";
    if (pipeline->Process(doc).ok()) predicted = ClassifySnippet(doc, args.filter);
    AddClassification(snippet.label, predicted, &scores);
    if (predictions.is_open()) predictions << snippet.id << '\t' << predicted << '\t' << snippet.label << '\n';
  }
  std::cout << "gold: " << args.gold << "\n" << FormatClassificationScores(scores);
  return 0;
}

std::function<int()> Setup(CLI::App& app) {
  auto args = std::make_shared<EvalCaseArgs>();
  app.add_option("--gold", args->gold, "CASE 2021 task 2 TSV (id, EventSnippet, SubType)")->required();
  app.add_option("--stages", args->stages, "Pipeline: 'default', 'full' or a comma-separated list of stages");
  app.add_option("--predictions", args->predictions, "Write 'id predicted gold' lines to this file");
  AddDataDirOption(app, &args->config.data_dir);
  return [args] { return RunEvalCase(*args); };
}

const SubcommandRegistration kReg("eval case2021",
                                  "Classify CASE 2021 task 2 snippets from coded events; micro/macro F1", Setup);

}  // namespace
}  // namespace dyad::cli
