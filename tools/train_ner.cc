// `dyad train ner`: trains the named-entity recogniser from IOB2 files.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>

#include "dyad/ner.h"
#include "dyad/tagger.h"
#include "subcommand.h"

namespace {

struct TrainNerOptions {
  std::vector<std::string> train;
  std::string dev;
  std::string output;
  std::vector<std::string> gazetteers;
  std::vector<std::string> drop_types;
  std::string tagger;
  std::vector<std::string> fold_taggers;
  dyad::NerTrainOptions trainer;
};

int RunTrainNer(const TrainNerOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  dyad::IobReadOptions read_options;
  read_options.drop_types = o.drop_types;
  std::vector<dyad::NerSentence> train;
  for (const std::string& path : o.train) {
    auto sentences = dyad::ReadIob(path, read_options);
    if (!sentences.ok()) {
      std::cerr << "dyad train ner: " << sentences.status().message() << "\n";
      return 1;
    }
    std::cerr << path << ": " << sentences->size() << " sentences\n";
    train.insert(train.end(), sentences->begin(), sentences->end());
  }
  std::vector<dyad::NerSentence> dev;
  if (!o.dev.empty()) {
    auto sentences = dyad::ReadIob(o.dev, read_options);
    if (!sentences.ok()) {
      std::cerr << "dyad train ner: " << sentences.status().message() << "\n";
      return 1;
    }
    dev = std::move(sentences.value());
  }
  dyad::NerGazetteer gazetteer;
  for (const std::string& spec : o.gazetteers) {
    dyad::Status status = gazetteer.AddSource(spec);
    if (!status.ok()) {
      std::cerr << "dyad train ner: " << status.message() << "\n";
      return 1;
    }
  }
  std::map<std::string, std::vector<std::vector<std::string>>> replacement_names;
  if (o.trainer.replace_percent > 0) {
    replacement_names["PER"] = gazetteer.PendingNames(dyad::kNerPer);
    replacement_names["ORG"] = gazetteer.PendingNames(dyad::kNerOrg);
    replacement_names["LOC"] = gazetteer.PendingNames(dyad::kNerLoc);
  }
  gazetteer.Build();
  std::cerr << "gazetteer: " << gazetteer.size() << " names\n";
  dyad::NerTrainer trainer(std::move(train), std::move(dev), std::move(gazetteer), o.trainer);
  trainer.SetReplacementNames(std::move(replacement_names));
  if (!o.tagger.empty()) {
    auto tagger = dyad::Tagger::Load(o.tagger);
    if (!tagger.ok()) {
      std::cerr << "dyad train ner: " << tagger.status().message() << "\n";
      return 1;
    }
    trainer.SetTagger(std::move(tagger.value()));
  } else if (!o.fold_taggers.empty()) {
    std::cerr << "dyad train ner: --fold-tagger needs --tagger (it tags the dev data)\n";
    return 1;
  }
  std::vector<std::shared_ptr<const dyad::Tagger>> fold_taggers;
  for (const std::string& path : o.fold_taggers) {
    auto tagger = dyad::Tagger::Load(path);
    if (!tagger.ok()) {
      std::cerr << "dyad train ner: " << tagger.status().message() << "\n";
      return 1;
    }
    fold_taggers.push_back(std::move(tagger.value()));
  }
  trainer.SetFoldTaggers(std::move(fold_taggers));
  auto model = trainer.Train(&std::cerr);
  if (!model.ok()) {
    std::cerr << "dyad train ner: " << model.status().message() << "\n";
    return 1;
  }
  dyad::Status saved = model->Save(o.output);
  if (!saved.ok()) {
    std::cerr << "dyad train ner: " << saved.message() << "\n";
    return 1;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cerr << "wrote " << o.output << " (" << std::filesystem::file_size(o.output) << " bytes) in " << seconds
            << " s\n";
  return 0;
}

const dyad::cli::SubcommandRegistration kReg(
    "train ner", "Train the named-entity recogniser from IOB2 files", [](CLI::App& app) {
      auto o = std::make_shared<TrainNerOptions>();
      app.add_option("--train", o->train, "IOB/IOB2 training file (repeatable)")->required();
      app.add_option("--dev", o->dev, "IOB2 development file: the best epoch on it is kept");
      app.add_option("-o,--output", o->output, "Model file to write")->required();
      app.add_option("--seed", o->trainer.seed, "Shuffling seed")->capture_default_str();
      app.add_option("--epochs", o->trainer.epochs, "Training passes")->capture_default_str();
      app.add_option("--hash-bits", o->trainer.hash_bits, "log2 of the weight-table rows")->capture_default_str();
      app.add_option("--ensemble", o->trainer.ensemble,
                     "Number of perceptrons (different shuffles) whose weights are averaged")
          ->capture_default_str();
      app.add_option("--lowercase-percent", o->trainer.lowercase_percent,
                     "Add lower-cased copies of this percentage of the training sentences")
          ->capture_default_str();
      app.add_option("--replace-percent", o->trainer.replace_percent,
                     "Add copies of this percentage of the training sentences with their PER/ORG/LOC "
                     "names replaced by random gazetteer names of the same type")
          ->capture_default_str();
      app.add_option("--gazetteer", o->gazetteers,
                     "Name source FORMAT:PATH (repeatable); FORMAT is phoenix, phoenix-orgs, geonames-cities, "
                     "geonames-countries, geonames-admin1, names-PER, names-ORG, names-LOC or names-MISC");
      app.add_option("--tagger", o->tagger,
                     "POS tagger model: train with POS-tag features (the stage then needs the tag stage)");
      app.add_option("--fold-tagger", o->fold_taggers,
                     "Jackknife tagger k of K (repeatable, in fold order): trained without the treebank "
                     "sentences whose (words + bytes) mod K is k; tags the training data");
      app.add_flag("--bilou", o->trainer.bilou, "Predict BILOU labels instead of BIO");
      app.add_option("--drop-type", o->drop_types, "Entity type to read as O (repeatable), e.g. MISC");
      return [o] { return RunTrainNer(*o); };
    });

}  // namespace
