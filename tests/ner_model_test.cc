#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "dyad/ner.h"
#include "dyad/pipeline.h"
#include "dyad/stage.h"

namespace dyad {
namespace {

const std::string kDataDir = std::string(DYAD_TEST_DIR) + "/data/ner";

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("dyad_test_ner_" + name)).string();
}

std::vector<std::string_view> Words(const std::vector<std::string>& words) {
  return std::vector<std::string_view>(words.begin(), words.end());
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

NerModel TrainTiny(bool with_gazetteer) {
  auto train = ReadIob(kDataDir + "/tiny_train.iob2");
  EXPECT_TRUE(train.ok()) << train.status().message();
  NerGazetteer gazetteer;
  if (with_gazetteer) {
    EXPECT_TRUE(gazetteer.AddSource("names-ORG:" + kDataDir + "/tiny_orgs.txt").ok());
  }
  gazetteer.Build();
  NerTrainOptions options;
  options.epochs = 10;
  options.hash_bits = 16;
  NerTrainer trainer(train.value(), {}, std::move(gazetteer), options);
  auto model = trainer.Train(nullptr);
  EXPECT_TRUE(model.ok()) << model.status().message();
  return std::move(model.value());
}

TEST(NerModel, LearnsTinyTrainingData) {
  const NerModel model = TrainTiny(false);
  EXPECT_EQ(model.labels(), (std::vector<std::string>{"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"}));
  auto train = ReadIob(kDataDir + "/tiny_train.iob2");
  ASSERT_TRUE(train.ok());
  const NerScores scores = EvaluateNer(model, train.value());
  EXPECT_GE(scores.overall.F1(), 95.0);
  // Known names in a new sentence.
  const std::vector<std::string> tags = model.TagSentence(Words(Split("Yesterday Mary Jones went to Paris .")));
  EXPECT_EQ(tags, (std::vector<std::string>{"O", "B-PER", "I-PER", "O", "O", "B-LOC", "O"}));
}

TEST(NerModel, HandlesEmptyAndUnusualInput) {
  const NerModel model = TrainTiny(false);
  EXPECT_TRUE(model.Recognize({}).empty());
  const std::string long_word(500, 'x');
  const std::vector<std::string> words = {"Zürich", long_word, "", "\xff\xfe", "Paris"};
  const std::vector<std::string> tags = model.TagSentence(Words(words));
  ASSERT_EQ(tags.size(), words.size());
  for (const Entity& e : DecodeBioSpans(tags)) EXPECT_LE(e.end_token, words.size());
}

TEST(NerModel, GazetteerNamesBecomeOrganisations) {
  const std::vector<std::string> words = Split("Kataib Hezbollah spoke to reporters .");
  const NerModel with = TrainTiny(true);
  const std::vector<Entity> found = with.Recognize(Words(words));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].type, "ORG");
  EXPECT_EQ(found[0].first_token, 0u);
  EXPECT_EQ(found[0].end_token, 2u);
  // Without the gazetteer the unseen name looks like the person names of the training data.
  const NerModel without = TrainTiny(false);
  for (const Entity& e : without.Recognize(Words(words))) EXPECT_NE(e.type, "ORG");
}

TEST(NerModel, EnsembleAndAugmentationOptionsTrain) {
  auto train = ReadIob(kDataDir + "/tiny_train.iob2");
  ASSERT_TRUE(train.ok());
  NerGazetteer gazetteer;
  ASSERT_TRUE(gazetteer.AddSource("names-ORG:" + kDataDir + "/tiny_orgs.txt").ok());
  std::map<std::string, std::vector<std::vector<std::string>>> names = {{"ORG", gazetteer.PendingNames(kNerOrg)}};
  EXPECT_EQ(names["ORG"].size(), 14u);
  gazetteer.Build();
  EXPECT_TRUE(gazetteer.PendingNames(kNerOrg).empty());
  NerTrainOptions options;
  options.epochs = 10;
  options.hash_bits = 16;
  options.ensemble = 2;
  options.lowercase_percent = 50;
  options.replace_percent = 50;
  NerTrainer trainer(train.value(), train.value(), std::move(gazetteer), options);
  trainer.SetReplacementNames(names);
  auto model = trainer.Train(nullptr);
  ASSERT_TRUE(model.ok()) << model.status().message();
  EXPECT_GE(EvaluateNer(model.value(), train.value()).overall.F1(), 95.0);
  // Lower-cased copies teach lower-case names too.
  const std::vector<std::string> words = Split("john smith met mary jones in paris .");
  const std::vector<Entity> found = model->Recognize(Words(words));
  ASSERT_GE(found.size(), 2u);
  EXPECT_EQ(found[0].type, "PER");
  EXPECT_EQ(found[0].first_token, 0u);
  EXPECT_EQ(found[0].end_token, 2u);

  options.ensemble = 0;
  EXPECT_FALSE(NerTrainer(train.value(), {}, NerGazetteer(), options).Train(nullptr).ok());
  EXPECT_FALSE(NerTrainer({}, {}, NerGazetteer(), NerTrainOptions()).Train(nullptr).ok());
}

TEST(NerModel, TrainingIsDeterministic) {
  const std::string a = TempPath("det_a.bin"), b = TempPath("det_b.bin");
  ASSERT_TRUE(TrainTiny(true).Save(a).ok());
  ASSERT_TRUE(TrainTiny(true).Save(b).ok());
  std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
  const std::string da((std::istreambuf_iterator<char>(fa)), {}), db((std::istreambuf_iterator<char>(fb)), {});
  EXPECT_EQ(da, db);
  std::filesystem::remove(a);
  std::filesystem::remove(b);
}

TEST(NerModel, RoundTripsThroughFile) {
  const NerModel model = TrainTiny(true);
  const std::string path = TempPath("roundtrip.bin");
  ASSERT_TRUE(model.Save(path).ok());
  auto loaded = NerModel::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->labels(), model.labels());
  EXPECT_EQ(loaded->gazetteer().size(), model.gazetteer().size());
  for (const char* text : {"Kataib Hezbollah attacked Mosul .", "Anna Green met the Red Army in Rome ."}) {
    const std::vector<std::string> words = Split(text);
    EXPECT_EQ(loaded->TagSentence(Words(words)), model.TagSentence(Words(words))) << text;
  }
  std::filesystem::remove(path);
}

TEST(NerModel, RejectsCorruptFiles) {
  const std::string path = TempPath("corrupt.bin");
  ASSERT_TRUE(TrainTiny(false).Save(path).ok());
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto write = [&](const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
  };
  std::string flipped = bytes;
  flipped[flipped.size() / 2] ^= 0x5a;
  write(flipped);
  auto corrupt = NerModel::Load(path);
  ASSERT_FALSE(corrupt.ok());
  EXPECT_NE(corrupt.status().message().find("checksum"), std::string::npos) << corrupt.status().message();

  write(bytes.substr(0, bytes.size() - 100));
  EXPECT_FALSE(NerModel::Load(path).ok());

  std::string wrong_magic = bytes;
  wrong_magic[0] = 'X';
  write(wrong_magic);
  auto magic = NerModel::Load(path);
  ASSERT_FALSE(magic.ok());
  EXPECT_NE(magic.status().message().find("magic"), std::string::npos);

  EXPECT_FALSE(NerModel::Load(TempPath("missing.bin")).ok());
  std::filesystem::remove(path);
}

TEST(NerModel, StageSetsDocumentEntities) {
  const std::string path = TempPath("stage.bin");
  ASSERT_TRUE(TrainTiny(true).Save(path).ok());
  StageConfig config;
  config.options["ner_model"] = path;
  auto stage = StageRegistry::Global().Create("ner", config);
  ASSERT_TRUE(stage.ok()) << stage.status().message();
  EXPECT_EQ(stage.value()->sets(), kLayerEntities);

  Document doc;
  doc.text = "Rain fell . John Smith met Mary Jones in Paris .";
  uint32_t offset = 0;
  for (const std::string& word : Split(doc.text)) {
    Token token;
    token.text = word;
    token.begin = static_cast<uint32_t>(doc.text.find(word, offset));
    token.end = token.begin + static_cast<uint32_t>(word.size());
    offset = token.end;
    doc.tokens.push_back(token);
  }
  doc.sentences.push_back({0, 11, 0, 3});
  doc.sentences.push_back({12, static_cast<uint32_t>(doc.text.size()), 3, static_cast<uint32_t>(doc.tokens.size())});
  ASSERT_TRUE(stage.value()->Process(doc).ok());
  ASSERT_EQ(doc.entities.size(), 3u);
  EXPECT_EQ(doc.entities[0].type, "PER");
  EXPECT_EQ(doc.entities[0].first_token, 3u);
  EXPECT_EQ(doc.entities[0].end_token, 5u);
  EXPECT_EQ(doc.entities[2].type, "LOC");
  EXPECT_EQ(doc.entities[2].first_token, 9u);

  StageConfig missing;
  missing.data_dir = TempPath("no-data-dir");
  auto failed = StageRegistry::Global().Create("ner", missing);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("ner.bin"), std::string::npos);
  std::filesystem::remove(path);
}

TEST(NerModel, RunsAfterTheTokenizerInAPipeline) {
  const std::string path = TempPath("pipeline.bin");
  ASSERT_TRUE(TrainTiny(true).Save(path).ok());
  StageConfig config;
  config.options["ner_model"] = path;
  auto pipeline = Pipeline::Create({"normalize", "tokenize", "ner"}, config);
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
  Document doc;
  doc.text = "Rain fell all night. John Smith met Mary Jones in Paris.";
  ASSERT_TRUE(pipeline->Process(doc).ok());
  std::vector<std::string> found;
  for (const Entity& e : doc.entities) {
    const uint32_t begin = doc.tokens[e.first_token].begin, end = doc.tokens[e.end_token - 1].end;
    found.push_back(e.type + ":" + doc.Slice(begin, end));
  }
  EXPECT_EQ(found, (std::vector<std::string>{"PER:John Smith", "PER:Mary Jones", "LOC:Paris"}));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace dyad
