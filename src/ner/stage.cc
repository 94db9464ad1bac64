// The "ner" pipeline stage: tags each sentence's tokens with PER/ORG/LOC/MISC entities.
#include <algorithm>
#include <memory>

#include "dyad/ner.h"
#include "dyad/stage.h"

namespace dyad {
namespace {

class NerStage : public Stage {
 public:
  explicit NerStage(NerModel model) : model_(std::move(model)) {}
  std::string_view name() const override { return "ner"; }
  LayerSet needs() const override {
    return kLayerTokens | kLayerSentences | (model_.uses_tags() ? kLayerTags : LayerSet{0});
  }
  LayerSet sets() const override { return kLayerEntities; }

  Status Process(Document& doc) const override {
    doc.entities.clear();
    std::vector<std::vector<std::string_view>> words(doc.sentences.size());
    std::vector<std::vector<Entity>> entities(doc.sentences.size());
    std::vector<std::string_view> pos;
    for (size_t s = 0; s < doc.sentences.size(); ++s) {
      const Sentence& sentence = doc.sentences[s];
      if (sentence.end_token > doc.tokens.size() || sentence.first_token > sentence.end_token) {
        return Status::Error("sentence token range [" + std::to_string(sentence.first_token) + ", " +
                             std::to_string(sentence.end_token) + ") outside the document's " +
                             std::to_string(doc.tokens.size()) + " tokens");
      }
      pos.clear();
      for (uint32_t t = sentence.first_token; t < sentence.end_token; ++t) {
        words[s].push_back(doc.tokens[t].text);
        if (model_.uses_tags()) pos.push_back(doc.tokens[t].xpos);
      }
      entities[s] = model_.Recognize(words[s], pos);
    }
    // One type per entity string in the document; other occurrences of it are mentions too.
    HarmonizeDocumentEntities(words, entities, /*propagate=*/true);
    for (size_t s = 0; s < doc.sentences.size(); ++s) {
      std::sort(entities[s].begin(), entities[s].end(),
                [](const Entity& a, const Entity& b) { return a.first_token < b.first_token; });
      for (Entity& entity : entities[s]) {
        entity.first_token += doc.sentences[s].first_token;
        entity.end_token += doc.sentences[s].first_token;
        doc.entities.push_back(std::move(entity));
      }
    }
    return Status::Ok();
  }

 private:
  NerModel model_;
};

// Model path: option "ner_model" if given, else <data_dir>/models/ner.bin.
Result<std::unique_ptr<Stage>> CreateNerStage(const StageConfig& config) {
  auto it = config.options.find("ner_model");
  const std::string path = it != config.options.end() ? it->second : config.data_dir + "/models/ner.bin";
  auto model = NerModel::Load(path);
  if (!model.ok()) return model.status();
  return std::unique_ptr<Stage>(new NerStage(std::move(model.value())));
}

const StageRegistration kReg("ner", CreateNerStage);

}  // namespace
}  // namespace dyad
