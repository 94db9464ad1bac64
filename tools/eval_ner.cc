// `dyad eval ner`: exact span+type precision/recall/F1 of the NER model on IOB2 data.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "dyad/ner.h"
#include "dyad/tagger.h"
#include "subcommand.h"

namespace {

struct EvalNerOptions {
  std::string gold;
  std::string model;
  std::string tagger;
  std::string data_dir;
  std::string predictions;
  bool json = false;
  std::string document_mode = "propagate";
};

double Round2(double x) { return std::round(x * 100.0) / 100.0; }

nlohmann::json CountsJson(const dyad::NerCounts& c) {
  return {{"precision", Round2(c.Precision())},
          {"recall", Round2(c.Recall())},
          {"f1", Round2(c.F1())},
          {"gold", c.true_positives + c.false_negatives},
          {"predicted", c.true_positives + c.false_positives},
          {"correct", c.true_positives}};
}

int RunEvalNer(const EvalNerOptions& o) {
  const std::string model_path = o.model.empty() ? o.data_dir + "/models/ner.bin" : o.model;
  auto model = dyad::NerModel::Load(model_path);
  if (!model.ok()) {
    std::cerr << "dyad eval ner: " << model.status().message() << "\n";
    return 1;
  }
  std::shared_ptr<const dyad::Tagger> tagger;
  if (model->uses_tags()) {
    const std::string tagger_path = o.tagger.empty() ? o.data_dir + "/models/tagger.bin" : o.tagger;
    auto loaded = dyad::Tagger::Load(tagger_path);
    if (!loaded.ok()) {
      std::cerr << "dyad eval ner: " << loaded.status().message() << "\n";
      return 1;
    }
    tagger = std::move(loaded.value());
  }
  auto gold = dyad::ReadIob(o.gold);
  if (!gold.ok()) {
    std::cerr << "dyad eval ner: " << gold.status().message() << "\n";
    return 1;
  }
  const auto started = std::chrono::steady_clock::now();
  const dyad::NerScores scores = dyad::EvaluateNer(model.value(), gold.value(), tagger.get(),
                                                     o.document_mode == "propagate" ? dyad::NerDocumentMode::kPropagate
                                                     : o.document_mode == "retype"  ? dyad::NerDocumentMode::kRetype
                                                                                    : dyad::NerDocumentMode::kOff);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!o.predictions.empty()) {
    std::ofstream out(o.predictions);
    std::vector<std::string_view> words, pos;
    for (const dyad::NerSentence& sentence : gold.value()) {
      words.assign(sentence.words.begin(), sentence.words.end());
      if (tagger != nullptr) dyad::NerPosTags(*tagger, words, &pos);
      const std::vector<std::string> tags = model->TagSentence(words, pos);
      for (size_t i = 0; i < words.size(); ++i) out << words[i] << '\t' << sentence.tags[i] << '\t' << tags[i] << '\n';
      out << '\n';
    }
    if (!out) {
      std::cerr << "dyad eval ner: " << o.predictions << ": write failed\n";
      return 1;
    }
  }
  if (o.json) {
    nlohmann::json out = CountsJson(scores.overall);
    out["per_type"] = nlohmann::json::object();
    for (const auto& [type, counts] : scores.per_type) out["per_type"][type] = CountsJson(counts);
    out["sentences"] = gold->size();
    out["tokens"] = scores.tokens;
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  auto line = [](const std::string& name, const dyad::NerCounts& c) {
    std::printf("%-8s P %6.2f  R %6.2f  F1 %6.2f  (gold %llu, predicted %llu, correct %llu)\n", name.c_str(),
                c.Precision(), c.Recall(), c.F1(),
                static_cast<unsigned long long>(c.true_positives + c.false_negatives),
                static_cast<unsigned long long>(c.true_positives + c.false_positives),
                static_cast<unsigned long long>(c.true_positives));
  };
  line("overall", scores.overall);
  for (const auto& [type, counts] : scores.per_type) line(type, counts);
  std::printf("%zu sentences, %llu tokens, %.0f tokens/s\n", gold->size(),
              static_cast<unsigned long long>(scores.tokens), seconds > 0 ? scores.tokens / seconds : 0.0);
  return 0;
}

const dyad::cli::SubcommandRegistration kReg(
    "eval ner", "Score the named-entity recogniser on IOB2 data (exact span and type)", [](CLI::App& app) {
      auto o = std::make_shared<EvalNerOptions>();
      app.add_option("--gold", o->gold, "Gold IOB2 file")->required();
      app.add_option("--model", o->model, "Model file (default: DATA_DIR/models/ner.bin)");
      app.add_option("--tagger", o->tagger,
                     "POS tagger model for models with POS-tag features (default: DATA_DIR/models/tagger.bin)");
      app.add_option("--predictions", o->predictions, "Also write WORD GOLD PREDICTED lines to this file");
      app.add_option("--document-consistency", o->document_mode,
                     "Per-document entity consistency: off, retype (majority type per entity string) or "
                     "propagate (also tag other occurrences)")
          ->check(CLI::IsMember({"off", "retype", "propagate"}))
          ->capture_default_str();
      app.add_flag("--json", o->json, "Print JSON: precision, recall, f1 (percent) and per_type");
      dyad::cli::AddDataDirOption(app, &o->data_dir);
      return [o] { return RunEvalNer(*o); };
    });

}  // namespace
