// Tagger training, accuracy on a tiny hand-written treebank, model files and the "tag" stage.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dyad/binary_format.h"
#include "dyad/conllu.h"
#include "dyad/stage.h"
#include "dyad/tagger.h"

namespace dyad {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("dyad_tagger_test_" + name)).string();
}

std::vector<ConlluSentence> TinyTreebank() {
  auto sentences = ReadConllu(std::string(DYAD_TEST_DIR) + "/data/tagger/tiny.conllu");
  EXPECT_TRUE(sentences.ok()) << sentences.status().message();
  return sentences.ok() ? sentences.value() : std::vector<ConlluSentence>{};
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Trains once on the tiny treebank and shares the model file between tests.
const std::string& TinyModel() {
  static const std::string path = [] {
    const std::string p = TempPath("tiny.bin");
    TaggerTrainingOptions options;
    options.seed = 7;
    auto report = TrainTagger(TinyTreebank(), {}, options, p);
    EXPECT_TRUE(report.ok()) << report.status().message();
    return p;
  }();
  return path;
}

TEST(Tagger, LearnsTinyTreebank) {
  auto tagger = Tagger::Load(TinyModel());
  ASSERT_TRUE(tagger.ok()) << tagger.status().message();
  const TagAccuracy accuracy = EvaluateTagger(*tagger.value(), TinyTreebank());
  EXPECT_GT(accuracy.words, 150u);
  EXPECT_GE(accuracy.upos, 98.0);
  EXPECT_GE(accuracy.xpos, 98.0);
  EXPECT_GE(accuracy.lemma, 98.0);
}

TEST(Tagger, TagsNewSentenceFromLearnedPatterns) {
  auto tagger = Tagger::Load(TinyModel());
  ASSERT_TRUE(tagger.ok()) << tagger.status().message();
  const std::vector<std::string_view> words = {"The", "soldiers", "attacked", "the", "embassy", "."};
  std::vector<WordTags> tags;
  tagger.value()->Tag(words, &tags);
  ASSERT_EQ(tags.size(), words.size());
  EXPECT_EQ(tags[0].upos, "DET");
  EXPECT_EQ(tags[1].xpos, "NNS");
  EXPECT_EQ(tags[1].lemma, "soldier");
  EXPECT_EQ(tags[2].upos, "VERB");
  EXPECT_EQ(tags[2].lemma, "attack");
  EXPECT_EQ(tags[4].upos, "NOUN");
  EXPECT_EQ(tags[5].upos, "PUNCT");
}

TEST(Tagger, TwoPassModelLearnsTinyTreebank) {
  const std::string path = TempPath("tiny_two_pass.bin");
  TaggerTrainingOptions options;
  options.passes = 2;
  auto report = TrainTagger(TinyTreebank(), {}, options, path);
  ASSERT_TRUE(report.ok()) << report.status().message();
  auto tagger = Tagger::Load(path);
  ASSERT_TRUE(tagger.ok()) << tagger.status().message();
  EXPECT_GE(EvaluateTagger(*tagger.value(), TinyTreebank()).upos, 98.0);
  options.passes = 3;
  EXPECT_FALSE(TrainTagger(TinyTreebank(), {}, options, path).ok());
  std::remove(path.c_str());
}

TEST(Tagger, SameSeedGivesIdenticalModel) {
  const std::string again = TempPath("tiny_again.bin");
  TaggerTrainingOptions options;
  options.seed = 7;
  ASSERT_TRUE(TrainTagger(TinyTreebank(), {}, options, again).ok());
  EXPECT_EQ(ReadBytes(again), ReadBytes(TinyModel()));
  std::remove(again.c_str());
}

TEST(Tagger, SaveLoadRoundTripKeepsPredictions) {
  auto loaded = Tagger::Load(TinyModel());
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  // The file's payload starts after the 32-byte header; rebuilding from it must agree.
  const std::string bytes = ReadBytes(TinyModel());
  auto in_memory = Tagger::FromPayload(bytes.substr(32));
  ASSERT_TRUE(in_memory.ok()) << in_memory.status().message();
  ASSERT_EQ(loaded.value()->num_classes(), in_memory.value()->num_classes());
  for (const auto& sentence : TinyTreebank()) {
    std::vector<std::string_view> words;
    for (const auto& w : sentence.words) words.push_back(w.form);
    std::vector<uint16_t> a, b;
    loaded.value()->TagClasses(words, &a);
    in_memory.value()->TagClasses(words, &b);
    EXPECT_EQ(a, b);
  }
}

TEST(Tagger, RejectsCorruptAndWrongVersionModels) {
  const std::string bytes = ReadBytes(TinyModel());
  ASSERT_GT(bytes.size(), 100u);

  const std::string corrupt = TempPath("corrupt.bin");
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x5A;
  std::ofstream(corrupt, std::ios::binary) << flipped;
  auto a = Tagger::Load(corrupt);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("checksum"), std::string::npos) << a.status().message();

  const std::string old_version = TempPath("old_version.bin");
  std::string versioned = bytes;
  const uint32_t other = kTaggerFormatVersion + 1;
  std::memcpy(&versioned[8], &other, sizeof(other));
  std::ofstream(old_version, std::ios::binary) << versioned;
  auto b = Tagger::Load(old_version);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("version"), std::string::npos) << b.status().message();

  const std::string truncated = TempPath("truncated.bin");
  std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() - 10);
  EXPECT_FALSE(Tagger::Load(truncated).ok());

  EXPECT_FALSE(Tagger::FromPayload(bytes.substr(32, 200)).ok());
  auto missing = Tagger::Load(TempPath("does_not_exist.bin"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("tagger model"), std::string::npos);
  for (const auto& p : {corrupt, old_version, truncated}) std::remove(p.c_str());
}

TEST(Tagger, TagStageSetsTagsAndLemmas) {
  const std::filesystem::path data_dir = TempPath("data");
  std::filesystem::create_directories(data_dir / "models");
  std::filesystem::copy_file(TinyModel(), data_dir / "models" / "tagger.bin",
                             std::filesystem::copy_options::overwrite_existing);
  StageConfig config;
  config.data_dir = data_dir.string();
  auto stage = StageRegistry::Global().Create("tag", config);
  ASSERT_TRUE(stage.ok()) << stage.status().message();
  EXPECT_EQ(stage.value()->sets(), kLayerTags);

  Document doc;
  doc.text = "Rebels seized the airport. Police arrested two protesters.";
  const std::vector<std::pair<uint32_t, uint32_t>> spans = {{0, 6},   {7, 13},  {14, 17}, {18, 25}, {25, 26},
                                                            {27, 33}, {34, 42}, {43, 46}, {47, 57}, {57, 58}};
  for (const auto& [b, e] : spans) {
    Token t;
    t.text = doc.text.substr(b, e - b);
    t.begin = b;
    t.end = e;
    doc.tokens.push_back(t);
  }
  doc.sentences.push_back(Sentence{0, 26, 0, 5});
  doc.sentences.push_back(Sentence{27, 58, 5, 10});
  ASSERT_TRUE(stage.value()->Process(doc).ok());
  EXPECT_EQ(doc.tokens[1].upos, "VERB");
  EXPECT_EQ(doc.tokens[1].xpos, "VBD");
  EXPECT_EQ(doc.tokens[1].lemma, "seize");
  EXPECT_EQ(doc.tokens[8].lemma, "protester");
  EXPECT_EQ(doc.tokens[9].upos, "PUNCT");

  doc.sentences.push_back(Sentence{0, 58, 8, 20});
  EXPECT_FALSE(stage.value()->Process(doc).ok());

  StageConfig empty;
  empty.data_dir = TempPath("no_such_dir");
  auto missing = StageRegistry::Global().Create("tag", empty);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("tagger.bin"), std::string::npos);
  std::filesystem::remove_all(data_dir);
}

}  // namespace
}  // namespace dyad
