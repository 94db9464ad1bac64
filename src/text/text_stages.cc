// Text stages: "normalize" (UTF-8 validation) and "tokenize" (tokens + sentences).
#include <cstdlib>
#include <string>

#include "dyad/stage.h"
#include "dyad/text.h"

namespace dyad {
namespace {

// Validates the document text. The text itself is never rewritten, so every output offset
// points into exactly the text the user supplied.
class NormalizeStage : public Stage {
 public:
  std::string_view name() const override { return "normalize"; }
  LayerSet needs() const override { return 0; }
  LayerSet sets() const override { return kLayerText; }
  Status Process(Document& doc) const override { return ValidateUtf8(doc.text); }
};

class TokenizeStage : public Stage {
 public:
  explicit TokenizeStage(TokenizerOptions options) : options_(options) {}
  std::string_view name() const override { return "tokenize"; }
  LayerSet needs() const override { return kLayerText; }
  LayerSet sets() const override { return kLayerTokens | kLayerSentences; }
  Status Process(Document& doc) const override {
    const size_t forced_splits = Tokenize(doc.text, options_, &doc.tokens, &doc.sentences);
    if (forced_splits > 0) {
      doc.warnings.push_back(std::to_string(forced_splits) + " overlong sentence(s) cut at " +
                             std::to_string(options_.max_sentence_tokens) +
                             " tokens; events spanning a cut may be missed");
    }
    return Status::Ok();
  }

 private:
  TokenizerOptions options_;
};

const StageRegistration kNormalize("normalize", [](const StageConfig&) -> Result<std::unique_ptr<Stage>> {
  return std::unique_ptr<Stage>(new NormalizeStage());
});

const StageRegistration kTokenize("tokenize", [](const StageConfig& config) -> Result<std::unique_ptr<Stage>> {
  TokenizerOptions options;
  if (auto it = config.options.find("max-sentence-tokens"); it != config.options.end()) {
    const long value = std::strtol(it->second.c_str(), nullptr, 10);
    if (value < 10) return Status::Error("max-sentence-tokens must be at least 10");
    options.max_sentence_tokens = static_cast<size_t>(value);
  }
  return std::unique_ptr<Stage>(new TokenizeStage(options));
});

}  // namespace
}  // namespace dyad
