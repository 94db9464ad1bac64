// `dyad eval petr-unittest`: how many PETRARCH unit-test records dyad codes exactly.
#include <filesystem>
#include <iostream>
#include <memory>

#include "dyad/eval_events.h"
#include "subcommand.h"

namespace dyad::cli {
namespace {

struct EvalPetrArgs {
  std::string records;
  std::string dict_dir;
  bool json = false;
  bool verbose = false;
  StageConfig config;
  PredictionFilter filter;
};

int RunEvalPetr(EvalPetrArgs& args) {
  auto gold = ReadGoldFile(args.records);
  if (!gold.ok()) {
    std::cerr << "dyad eval petr-unittest: " << gold.status().message() << "\n";
    return 1;
  }
  if (gold->format != GoldFormat::kPetrXml) {
    std::cerr << "dyad eval petr-unittest: " << args.records
              << " is not a PETRARCH XML records file\n";
    return 1;
  }
  std::string dict_dir = args.dict_dir;
  if (dict_dir.empty()) dict_dir = std::filesystem::path(args.records).parent_path().string();
  if (dict_dir.empty()) dict_dir = ".";
  if (Status status = ConfigurePetrDictionaries(gold.value(), dict_dir, args.config); !status.ok()) {
    std::cerr << "dyad eval petr-unittest: " << status.message() << "\n";
    return 1;
  }
  auto pipeline = Pipeline::Create(DefaultStageNames(), args.config);
  if (!pipeline.ok()) {
    std::cerr << "dyad eval petr-unittest: " << pipeline.status().message() << "\n";
    return 1;
  }
  const UnitTestReport report = RunPetrUnitTests(gold.value(), pipeline.value(), args.filter);
  if (args.json) {
    std::cout << FormatUnitTestJson(report, args.verbose) << "\n";
  } else {
    std::cout << "records: " << args.records << " (dictionaries from " << dict_dir << ")\n"
              << FormatUnitTestReport(report, args.verbose);
  }
  return 0;
}

std::function<int()> Setup(CLI::App& app) {
  auto args = std::make_shared<EvalPetrArgs>();
  app.add_option("--records", args->records, "PETRARCH unit-test records XML file")->required();
  app.add_option("--dict-dir", args->dict_dir,
                 "Directory of the dictionaries named in the file's <Environment> "
                 "(default: the records file's directory)");
  app.add_flag("--json", args->json, "Print one JSON object instead of the table");
  app.add_flag("--verbose", args->verbose, "List every failing record, expected vs coded");
  AddDataDirOption(app, &args->config.data_dir);
  app.add_flag("--include-negated", args->filter.include_negated,
               "Count negated events (excluded by default)");
  return [args] { return RunEvalPetr(*args); };
}

const SubcommandRegistration kReg(
    "eval petr-unittest",
    "Run the PETRARCH unit-test records with their own dictionaries; report exact matches",
    Setup);

}  // namespace
}  // namespace dyad::cli
