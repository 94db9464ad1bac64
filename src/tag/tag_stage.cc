// The "tag" pipeline stage: POS tags and lemmas for every token, sentence by sentence.
#include <string_view>
#include <vector>

#include "dyad/stage.h"
#include "dyad/tagger.h"

namespace dyad {
namespace {

class TagStage : public Stage {
 public:
  explicit TagStage(std::shared_ptr<const Tagger> tagger) : tagger_(std::move(tagger)) {}
  std::string_view name() const override { return "tag"; }
  LayerSet needs() const override { return kLayerTokens | kLayerSentences; }
  LayerSet sets() const override { return kLayerTags; }

  Status Process(Document& doc) const override {
    std::vector<std::string_view> words;
    std::vector<WordTags> tags;
    for (const Sentence& sentence : doc.sentences) {
      if (sentence.first_token > sentence.end_token || sentence.end_token > doc.tokens.size()) {
        return Status::Error("sentence token range [" + std::to_string(sentence.first_token) + ", " +
                             std::to_string(sentence.end_token) + ") is outside the " +
                             std::to_string(doc.tokens.size()) + " tokens");
      }
      words.clear();
      for (uint32_t t = sentence.first_token; t < sentence.end_token; ++t) words.push_back(doc.tokens[t].text);
      tagger_->Tag(words, &tags);
      for (size_t i = 0; i < words.size(); ++i) {
        Token& token = doc.tokens[sentence.first_token + i];
        token.upos.assign(tags[i].upos);
        token.xpos.assign(tags[i].xpos);
        token.lemma = std::move(tags[i].lemma);
      }
    }
    return Status::Ok();
  }

 private:
  std::shared_ptr<const Tagger> tagger_;
};

StageRegistration kReg("tag", [](const StageConfig& config) -> Result<std::unique_ptr<Stage>> {
  auto tagger = Tagger::Load(config.data_dir + "/models/tagger.bin");
  if (!tagger.ok()) return tagger.status();
  return std::unique_ptr<Stage>(std::make_unique<TagStage>(tagger.value()));
});

}  // namespace
}  // namespace dyad
