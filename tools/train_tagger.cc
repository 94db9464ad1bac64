// `dyad train tagger`: trains the POS tagger + lemmatizer from CoNLL-U treebank files.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "dyad/conllu.h"
#include "dyad/tagger.h"
#include "subcommand.h"

namespace {

struct TrainTaggerArgs {
  std::string train;
  std::string dev;
  std::string output;
  uint64_t seed = 1;
  int epochs = 20;
  int passes = 1;
};

int RunTrainTagger(const TrainTaggerArgs& args) {
  const auto start = std::chrono::steady_clock::now();
  auto train = dyad::ReadConllu(args.train);
  if (!train.ok()) {
    std::cerr << "dyad train tagger: " << train.status().message() << "\n";
    return 1;
  }
  std::vector<dyad::ConlluSentence> dev;
  if (!args.dev.empty()) {
    auto read = dyad::ReadConllu(args.dev);
    if (!read.ok()) {
      std::cerr << "dyad train tagger: " << read.status().message() << "\n";
      return 1;
    }
    dev = std::move(read).value();
  }
  dyad::TaggerTrainingOptions options;
  options.seed = args.seed;
  options.epochs = args.epochs;
  options.passes = args.passes;
  options.log = &std::cerr;
  auto report = dyad::TrainTagger(train.value(), dev, options, args.output);
  if (!report.ok()) {
    std::cerr << "dyad train tagger: " << report.status().message() << "\n";
    return 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr,
               "wrote %s: epoch %d, %s upos %.2f%% xpos %.2f%% lemma %.2f%%, %zu features, %zu weights, "
               "%.1f s\n",
               args.output.c_str(), report->best_epoch, dev.empty() ? "train" : "dev", report->dev.upos,
               report->dev.xpos, report->dev.lemma, report->features, report->weights, seconds);
  return 0;
}

dyad::cli::SubcommandRegistration kReg(
    "train tagger", "Train the POS tagger and lemmatizer from CoNLL-U files",
    [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<TrainTaggerArgs>();
      app.add_option("--train", args->train, "Training treebank (CoNLL-U)")->required()->check(CLI::ExistingFile);
      app.add_option("--dev", args->dev,
                     "Development treebank (CoNLL-U) used to pick the best epoch; without it the "
                     "training data is used")
          ->check(CLI::ExistingFile);
      app.add_option("-o,--output", args->output, "Model file to write")->required();
      app.add_option("--seed", args->seed, "Shuffling seed; the same seed gives a byte-identical model")
          ->capture_default_str();
      app.add_option("--epochs", args->epochs, "Maximum number of training epochs")
          ->capture_default_str()
          ->check(CLI::PositiveNumber);
      app.add_option("--passes", args->passes,
                     "Tagging passes: 1 (left to right) or 2 (a second pass also sees the first "
                     "pass's tags of the following words; slower, trained on jackknifed tags)")
          ->capture_default_str()
          ->check(CLI::Range(1, 2));
      return [args] { return RunTrainTagger(*args); };
    });

}  // namespace
