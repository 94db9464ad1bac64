// `dyad train parser`: trains the dependency parser from CoNLL-U treebanks.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "dyad/conllu.h"
#include "dyad/parser.h"
#include "subcommand.h"

namespace {

struct TrainParserArgs {
  std::string train_path;
  std::string dev_path;
  std::string output_path;
  dyad::ParserTrainOptions options;
};

int RunTrainParser(TrainParserArgs& args) {
  auto train = dyad::ReadConllu(args.train_path);
  if (!train.ok()) {
    std::cerr << "dyad train parser: " << train.status().message() << "\n";
    return 1;
  }
  std::vector<dyad::ConlluSentence> dev;
  if (!args.dev_path.empty()) {
    auto read = dyad::ReadConllu(args.dev_path);
    if (!read.ok()) {
      std::cerr << "dyad train parser: " << read.status().message() << "\n";
      return 1;
    }
    dev = std::move(read).value();
  }
  args.options.log = [](const std::string& line) { std::cerr << line << std::endl; };
  const auto start = std::chrono::steady_clock::now();
  auto parser = dyad::DependencyParser::Train(train.value(), dev, args.options);
  if (!parser.ok()) {
    std::cerr << "dyad train parser: " << parser.status().message() << "\n";
    return 1;
  }
  dyad::Status saved = parser.value().Save(args.output_path);
  if (!saved.ok()) {
    std::cerr << "dyad train parser: " << saved.message() << "\n";
    return 1;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "wrote %s (training took %.1f s)\n", args.output_path.c_str(), seconds);
  return 0;
}

dyad::cli::SubcommandRegistration kReg(
    "train parser", "Train the dependency parser from CoNLL-U treebanks (gold tags)",
    [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<TrainParserArgs>();
      app.add_option("--train", args->train_path, "Training treebank (CoNLL-U)")->required();
      app.add_option("--dev", args->dev_path,
                     "Development treebank (CoNLL-U); the epoch with the best dev LAS is kept");
      app.add_option("-o,--output", args->output_path, "Model file to write")->required();
      app.add_option("--seed", args->options.seed, "Random seed (shuffling, exploration)")
          ->capture_default_str();
      app.add_option("--epochs", args->options.epochs, "Passes over the training data")
          ->capture_default_str()
          ->check(CLI::Range(1, 1000));
      app.add_option("--move-table-bits", args->options.move_table_bits,
                     "log2 of the transition-model hash rows")
          ->capture_default_str()
          ->check(CLI::Range(4, 28));
      app.add_option("--label-table-bits", args->options.label_table_bits,
                     "log2 of the relation-model hash rows (64 weights each)")
          ->capture_default_str()
          ->check(CLI::Range(4, 28));
      app.add_option("--explore-probability", args->options.explore_probability,
                     "Chance of following the model's own move while exploring")
          ->capture_default_str()
          ->check(CLI::Range(0.0, 1.0));
      app.add_option("--explore-from-epoch", args->options.explore_from_epoch,
                     "First epoch (0-based) that explores with the dynamic oracle")
          ->capture_default_str();
      return [args]() { return RunTrainParser(*args); };
    });

}  // namespace
