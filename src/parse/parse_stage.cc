// The "parse" pipeline stage: dependency heads and UD relations for every sentence.
#include <memory>

#include "dyad/parser.h"
#include "dyad/stage.h"

namespace dyad {
namespace {

class ParseStage : public Stage {
 public:
  explicit ParseStage(std::shared_ptr<const DependencyParser> parser) : parser_(std::move(parser)) {}
  std::string_view name() const override { return "parse"; }
  LayerSet needs() const override { return kLayerTokens | kLayerSentences | kLayerTags; }
  LayerSet sets() const override { return kLayerSyntax; }

  Status Process(Document& doc) const override {
    std::vector<ParserWord> words;
    ParserOutput output;
    for (const Sentence& sentence : doc.sentences) {
      if (sentence.end_token > doc.tokens.size() || sentence.first_token > sentence.end_token) {
        return Status::Error("sentence token range out of bounds");
      }
      words.clear();
      for (uint32_t t = sentence.first_token; t < sentence.end_token; ++t) {
        const Token& token = doc.tokens[t];
        words.push_back({token.text, token.upos, token.xpos});
      }
      parser_->Parse(words, output);
      for (size_t i = 0; i < words.size(); ++i) {
        Token& token = doc.tokens[sentence.first_token + i];
        token.head = output.heads[i] < 0 ? -1 : static_cast<int32_t>(sentence.first_token) + output.heads[i];
        token.deprel = std::move(output.labels[i]);
      }
    }
    return Status::Ok();
  }

 private:
  std::shared_ptr<const DependencyParser> parser_;
};

StageRegistration kReg("parse", [](const StageConfig& config) -> Result<std::unique_ptr<Stage>> {
  // Option "parse.model" overrides the model path (used by `dyad eval parse --model`).
  const auto custom = config.options.find("parse.model");
  const std::string path =
      custom != config.options.end() ? custom->second : config.data_dir + "/" + kParserModelPath;
  auto parser = DependencyParser::Load(path);
  if (!parser.ok()) return parser.status();
  return std::unique_ptr<Stage>(
      new ParseStage(std::make_shared<const DependencyParser>(std::move(parser).value())));
});

}  // namespace
}  // namespace dyad
