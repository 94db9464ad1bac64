// NER additions: BILOU labels, POS-tag features, jackknife folds, document consistency,
// document ids in IOB files, and loading version-1 models.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "dyad/binary_format.h"
#include "dyad/conllu.h"
#include "dyad/ner.h"
#include "dyad/stage.h"
#include "dyad/tagger.h"

namespace dyad {
namespace {

const std::string kDataDir = std::string(DYAD_TEST_DIR) + "/data/ner";

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("dyad_test_nerdoc_" + name)).string();
}

std::vector<std::string_view> Views(const std::vector<std::string>& words) {
  return std::vector<std::string_view>(words.begin(), words.end());
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

NerModel TrainTiny(const NerTrainOptions& options, std::shared_ptr<const Tagger> tagger = nullptr) {
  auto train = ReadIob(kDataDir + "/tiny_train.iob2");
  EXPECT_TRUE(train.ok()) << train.status().message();
  NerGazetteer gazetteer;
  gazetteer.Build();
  NerTrainer trainer(train.value(), train.value(), std::move(gazetteer), options);
  if (tagger != nullptr) {
    trainer.SetTagger(tagger);
    trainer.SetFoldTaggers({tagger, tagger});
  }
  auto model = trainer.Train(nullptr);
  EXPECT_TRUE(model.ok()) << model.status().message();
  return std::move(model.value());
}

NerTrainOptions SmallOptions() {
  NerTrainOptions options;
  options.epochs = 10;
  options.hash_bits = 16;
  return options;
}

TEST(NerDocument, BilouLabelsDecodeToBio) {
  NerTrainOptions options = SmallOptions();
  options.bilou = true;
  const NerModel model = TrainTiny(options);
  EXPECT_EQ(model.labels(), (std::vector<std::string>{"O", "B-PER", "I-PER", "L-PER", "U-PER", "B-ORG", "I-ORG",
                                                      "L-ORG", "U-ORG", "B-LOC", "I-LOC", "L-LOC", "U-LOC"}));
  const std::vector<std::string> words = Split("Yesterday Mary Jones went to Paris .");
  EXPECT_EQ(model.TagSentence(Views(words)), (std::vector<std::string>{"O", "B-PER", "I-PER", "O", "O", "B-LOC", "O"}));
  auto train = ReadIob(kDataDir + "/tiny_train.iob2");
  ASSERT_TRUE(train.ok());
  EXPECT_GE(EvaluateNer(model, train.value()).overall.F1(), 95.0);
}

TEST(NerDocument, PosTagFeaturesAreRecordedAndNeeded) {
  auto treebank = ReadConllu(std::string(DYAD_TEST_DIR) + "/data/tagger/tiny.conllu");
  ASSERT_TRUE(treebank.ok()) << treebank.status().message();
  const std::string tagger_path = TempPath("tagger.bin");
  ASSERT_TRUE(TrainTagger(treebank.value(), {}, TaggerTrainingOptions(), tagger_path).ok());
  auto tagger = Tagger::Load(tagger_path);
  ASSERT_TRUE(tagger.ok()) << tagger.status().message();

  const NerModel plain = TrainTiny(SmallOptions());
  EXPECT_FALSE(plain.uses_tags());
  const NerModel tagged = TrainTiny(SmallOptions(), tagger.value());
  EXPECT_TRUE(tagged.uses_tags());
  auto train = ReadIob(kDataDir + "/tiny_train.iob2");
  ASSERT_TRUE(train.ok());
  EXPECT_GE(EvaluateNer(tagged, train.value(), tagger.value().get()).overall.F1(), 95.0);
  // Tags change the scores: the same words with and without tags need not agree, but
  // identical tags give identical output.
  const std::vector<std::string> words = Split("John Smith met Mary Jones in Paris .");
  std::vector<std::string_view> pos;
  NerPosTags(*tagger.value(), Views(words), &pos);
  ASSERT_EQ(pos.size(), words.size());
  EXPECT_EQ(tagged.TagSentence(Views(words), pos), tagged.TagSentence(Views(words), pos));

  const std::string model_path = TempPath("tagged.bin");
  ASSERT_TRUE(tagged.Save(model_path).ok());
  auto loaded = NerModel::Load(model_path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_TRUE(loaded->uses_tags());
  EXPECT_EQ(loaded->TagSentence(Views(words), pos), tagged.TagSentence(Views(words), pos));

  StageConfig config;
  config.options["ner_model"] = model_path;
  auto stage = StageRegistry::Global().Create("ner", config);
  ASSERT_TRUE(stage.ok()) << stage.status().message();
  EXPECT_NE(stage.value()->needs() & kLayerTags, 0u);
  const std::string plain_path = TempPath("plain.bin");
  ASSERT_TRUE(plain.Save(plain_path).ok());
  config.options["ner_model"] = plain_path;
  auto plain_stage = StageRegistry::Global().Create("ner", config);
  ASSERT_TRUE(plain_stage.ok());
  EXPECT_EQ(plain_stage.value()->needs() & kLayerTags, 0u);
  for (const std::string& p : {tagger_path, model_path, plain_path}) std::filesystem::remove(p);
}

TEST(NerDocument, FoldTaggersNeedATagger) {
  auto train = ReadIob(kDataDir + "/tiny_train.iob2");
  ASSERT_TRUE(train.ok());
  NerTrainer trainer(train.value(), {}, NerGazetteer(), SmallOptions());
  trainer.SetFoldTaggers({nullptr});
  EXPECT_FALSE(trainer.Train(nullptr).ok());
}

TEST(NerDocument, TaggerFoldIsWordsPlusBytesModFolds) {
  const std::vector<std::string> words = {"The", "rebels", "."};  // 3 words + 10 bytes
  EXPECT_EQ(NerTaggerFold(words, 5), 3u);
  EXPECT_EQ(NerTaggerFold(words, 2), 1u);
  EXPECT_EQ(NerTaggerFold(words, 0), 0u);
}

TEST(NerDocument, HarmonizesTypesAndPropagatesNames) {
  const std::vector<std::vector<std::string>> text = {
      Split("Kataib Hezbollah fired rockets ."), Split("Kataib Hezbollah denied it ."),
      Split("Officials blamed Kataib Hezbollah ."), Split("Smith and smith and Kataib ."), Split("Smith spoke .")};
  std::vector<std::vector<std::string_view>> words;
  for (const auto& s : text) words.push_back(Views(s));
  auto make = [](uint32_t first, uint32_t end, const char* type) { return Entity{first, end, type}; };
  std::vector<std::vector<Entity>> entities = {
      {make(0, 2, "ORG")}, {make(0, 2, "PER")}, {}, {make(0, 1, "PER")}, {}};
  std::vector<std::vector<Entity>> retyped = entities;
  HarmonizeDocumentEntities(words, retyped, /*propagate=*/false);
  // A 1:1 tie keeps each mention's own type; nothing is added.
  EXPECT_EQ(retyped[1][0].type, "PER");
  EXPECT_TRUE(retyped[2].empty());

  entities[2].push_back(make(2, 4, "ORG"));  // now ORG wins 2:1
  HarmonizeDocumentEntities(words, entities, /*propagate=*/true);
  EXPECT_EQ(entities[1][0].type, "ORG");
  // "Smith" (capitalised) propagates to the capitalised occurrence only; the partial
  // "Kataib" is not a mention of "Kataib Hezbollah".
  ASSERT_EQ(entities[3].size(), 1u);
  ASSERT_EQ(entities[4].size(), 1u);
  EXPECT_EQ(entities[4][0].type, "PER");
  EXPECT_EQ(entities[4][0].first_token, 0u);
  EXPECT_EQ(entities[4][0].end_token, 1u);
}

TEST(NerDocument, SurnamesOfPeopleArePeople) {
  const std::vector<std::vector<std::string>> text = {Split("John Smith arrived ."), Split("Later Smith left ."),
                                                      Split("The Smith Foundation paid .")};
  std::vector<std::vector<std::string_view>> words;
  for (const auto& s : text) words.push_back(Views(s));
  std::vector<std::vector<Entity>> entities = {{Entity{0, 2, "PER"}}, {}, {Entity{1, 3, "ORG"}}};
  HarmonizeDocumentEntities(words, entities, /*propagate=*/true);
  ASSERT_EQ(entities[1].size(), 1u);
  EXPECT_EQ(entities[1][0].type, "PER");
  EXPECT_EQ(entities[1][0].first_token, 1u);
  ASSERT_EQ(entities[2].size(), 1u);  // inside another entity: unchanged
  EXPECT_EQ(entities[2][0].type, "ORG");
}

TEST(NerDocument, IobSentencesCarryDocumentIndices) {
  std::istringstream in(
      "# newdoc id = a\n# sent_id = a-1\n1\tHi\tO\n\n# sent_id = a-2\n1\tBob\tB-PER\n\n"
      "# newdoc id = b\n1\tYo\tO\n\n-DOCSTART- O\n\nParis B-LOC\n");
  auto sentences = ParseIob(in, "doc.iob2");
  ASSERT_TRUE(sentences.ok()) << sentences.status().message();
  ASSERT_EQ(sentences->size(), 4u);
  EXPECT_EQ(sentences.value()[0].document, 0u);
  EXPECT_EQ(sentences.value()[1].document, 0u);
  EXPECT_EQ(sentences.value()[2].document, 1u);
  EXPECT_EQ(sentences.value()[3].document, 2u);
}

TEST(NerDocument, LoadsVersionOneModels) {
  BinaryWriter writer;
  writer.PutStrings({"O", "B-PER", "I-PER"});
  writer.Put<uint32_t>(8);
  writer.Put<float>(1.0f);
  writer.PutVector(std::vector<int16_t>(256 * 3, 0));
  writer.PutVector(std::vector<float>(4 * 3, 0.0f));
  NerGazetteer gazetteer;
  gazetteer.Build();
  gazetteer.Write(&writer);
  const std::string path = TempPath("v1.bin");
  ASSERT_TRUE(writer.Save(path, "DYADNER", 1).ok());
  auto model = NerModel::Load(path);
  ASSERT_TRUE(model.ok()) << model.status().message();
  EXPECT_FALSE(model->uses_tags());
  const std::vector<std::string> words = Split("Hello world");
  EXPECT_EQ(model->TagSentence(Views(words)), (std::vector<std::string>{"O", "O"}));
  ASSERT_TRUE(writer.Save(path, "DYADNER", 7).ok());
  EXPECT_FALSE(NerModel::Load(path).ok());
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace dyad
