#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "dyad/binary_format.h"
#include "dyad/conllu.h"
#include "dyad/parser.h"
#include "dyad/stage.h"

namespace dyad {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("dyad_parser_test_" + name)).string();
}

std::vector<ConlluSentence> TinyTreebank() {
  auto read = ReadConllu(std::string(DYAD_TEST_DIR) + "/data/parser/tiny.conllu");
  EXPECT_TRUE(read.ok()) << read.status().message();
  return read.ok() ? read.value() : std::vector<ConlluSentence>();
}

ParserTrainOptions SmallOptions() {
  ParserTrainOptions options;
  options.epochs = 12;
  options.move_table_bits = 16;
  options.label_table_bits = 10;
  return options;
}

// Checks the tree constraints: heads in range, exactly one root (labelled "root"), no cycles.
void ExpectTree(const ParserOutput& out, size_t n) {
  ASSERT_EQ(out.heads.size(), n);
  ASSERT_EQ(out.labels.size(), n);
  size_t roots = 0;
  for (size_t i = 0; i < n; ++i) {
    const int h = out.heads[i];
    ASSERT_GE(h, -1);
    ASSERT_LT(h, static_cast<int>(n));
    ASSERT_NE(h, static_cast<int>(i)) << "self loop at " << i;
    EXPECT_FALSE(out.labels[i].empty());
    EXPECT_EQ(h == -1, out.labels[i] == "root") << "word " << i << " label " << out.labels[i];
    if (h == -1) ++roots;
  }
  EXPECT_EQ(roots, n == 0 ? 0u : 1u);
  for (size_t i = 0; i < n; ++i) {
    int node = static_cast<int>(i);
    size_t steps = 0;
    while (node != -1 && steps <= n) {
      node = out.heads[node];
      ++steps;
    }
    ASSERT_EQ(node, -1) << "word " << i << " is on a cycle";
  }
}

class ParserTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    treebank_ = new std::vector<ConlluSentence>(TinyTreebank());
    auto trained = DependencyParser::Train(*treebank_, {}, SmallOptions());
    ASSERT_TRUE(trained.ok()) << trained.status().message();
    parser_ = new DependencyParser(std::move(trained).value());
  }
  static void TearDownTestSuite() {
    delete parser_;
    delete treebank_;
  }
  static std::vector<ConlluSentence>* treebank_;
  static DependencyParser* parser_;
};
std::vector<ConlluSentence>* ParserTest::treebank_ = nullptr;
DependencyParser* ParserTest::parser_ = nullptr;

TEST_F(ParserTest, LearnsTheTinyTreebank) {
  ASSERT_GE(treebank_->size(), 20u);
  const AttachmentScore score = parser_->Evaluate(*treebank_);
  EXPECT_GT(score.words, 150u);
  EXPECT_GE(score.Uas(), 97.0);
  EXPECT_GE(score.Las(), 95.0);
}

TEST_F(ParserTest, ParsesASimpleSentenceCorrectly) {
  // Same construction as the training data, different words.
  std::vector<ParserWord> words = {{"The", "DET", "DT"},     {"rebels", "NOUN", "NNS"},
                                   {"attacked", "VERB", "VBD"}, {"the", "DET", "DT"},
                                   {"embassy", "NOUN", "NN"},   {".", "PUNCT", "."}};
  ParserOutput out;
  parser_->Parse(words, out);
  ExpectTree(out, words.size());
  EXPECT_EQ(out.heads, (std::vector<int>{1, 2, -1, 4, 2, 2}));
  EXPECT_EQ(out.labels[1], "nsubj");
  EXPECT_EQ(out.labels[4], "obj");
}

TEST_F(ParserTest, EveryOutputIsATree) {
  static const std::vector<std::pair<const char*, const char*>> kTags = {
      {"NOUN", "NN"}, {"VERB", "VBD"}, {"DET", "DT"}, {"ADP", "IN"}, {"PUNCT", "."},
      {"PROPN", "NNP"}, {"ADJ", "JJ"}, {"X", "FW"}, {"SYM", ""}, {"", ""}};
  static const std::vector<std::string> kForms = {"the", "war", "Kabul", ".", "of", "x", "", "???"};
  std::mt19937 random(7);
  ParserOutput out;
  for (int trial = 0; trial < 300; ++trial) {
    const size_t n = random() % 40;
    std::vector<ParserWord> words;
    for (size_t i = 0; i < n; ++i) {
      const auto& tag = kTags[random() % kTags.size()];
      words.push_back({kForms[random() % kForms.size()], tag.first, tag.second});
    }
    parser_->Parse(words, out);
    ExpectTree(out, n);
  }
}

TEST_F(ParserTest, LongSentencesAreParsedInLinearTime) {
  std::vector<ParserWord> words;
  for (int i = 0; i < 20000; ++i) {
    if (i % 7 == 6) words.push_back({",", "PUNCT", ","});
    else if (i % 3 == 0) words.push_back({"the", "DET", "DT"});
    else words.push_back({"attack", "NOUN", "NN"});
  }
  ParserOutput out;
  const auto start = std::chrono::steady_clock::now();
  parser_->Parse(words, out);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ExpectTree(out, words.size());
  EXPECT_LT(seconds, 2.0);
}

TEST_F(ParserTest, ModelRoundTripsThroughAFile) {
  const std::string path = TempPath("roundtrip.bin");
  ASSERT_TRUE(parser_->Save(path).ok());
  auto loaded = DependencyParser::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ParserOutput a, b;
  for (const auto& sentence : *treebank_) {
    const auto words = ParserWordsOf(sentence);
    parser_->Parse(words, a);
    loaded.value().Parse(words, b);
    EXPECT_EQ(a.heads, b.heads);
    EXPECT_EQ(a.labels, b.labels);
  }
  std::remove(path.c_str());
}

TEST_F(ParserTest, RejectsCorruptOrForeignModels) {
  const std::string path = TempPath("corrupt.bin");
  ASSERT_TRUE(parser_->Save(path).ok());
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_GT(bytes.size(), 1000u);
  auto write = [&](const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
  };
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x5a;
  write(flipped);
  EXPECT_FALSE(DependencyParser::Load(path).ok());
  write(bytes.substr(0, bytes.size() - 100));
  EXPECT_FALSE(DependencyParser::Load(path).ok());
  // A well-formed dyad file of another kind.
  BinaryWriter other;
  other.PutString("not a parser");
  ASSERT_TRUE(other.Save(path, "DYADTAGR", 1).ok());
  EXPECT_FALSE(DependencyParser::Load(path).ok());
  // Right magic and checksum, inconsistent content: rejected with a message, no crash.
  BinaryWriter inconsistent;
  inconsistent.PutStrings({"root", "nsubj"});
  inconsistent.Put<int32_t>(0);
  inconsistent.Put<int32_t>(8);
  inconsistent.Put<int32_t>(8);
  ASSERT_TRUE(inconsistent.Save(path, "DYADPARS", 1).ok());
  auto loaded = DependencyParser::Load(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("corrupt"), std::string::npos);
  EXPECT_FALSE(DependencyParser::Load(TempPath("does_not_exist.bin")).ok());
  std::remove(path.c_str());
}

TEST_F(ParserTest, StageSetsDocumentLevelHeads) {
  const std::string path = TempPath("stage.bin");
  ASSERT_TRUE(parser_->Save(path).ok());
  StageConfig config;
  config.options["parse.model"] = path;
  auto stage = StageRegistry::Global().Create("parse", config);
  ASSERT_TRUE(stage.ok()) << stage.status().message();
  Document doc;
  const std::vector<std::vector<std::array<const char*, 3>>> sentences = {
      {{"Police", "NOUN", "NNS"}, {"arrested", "VERB", "VBD"}, {"protesters", "NOUN", "NNS"}, {".", "PUNCT", "."}},
      {{"The", "DET", "DT"}, {"army", "NOUN", "NN"}, {"denied", "VERB", "VBD"}, {"the", "DET", "DT"},
       {"report", "NOUN", "NN"}, {".", "PUNCT", "."}}};
  for (const auto& sentence : sentences) {
    Sentence s;
    s.first_token = static_cast<uint32_t>(doc.tokens.size());
    for (const auto& w : sentence) {
      Token token;
      token.text = w[0];
      token.upos = w[1];
      token.xpos = w[2];
      doc.tokens.push_back(token);
    }
    s.end_token = static_cast<uint32_t>(doc.tokens.size());
    doc.sentences.push_back(s);
  }
  ASSERT_TRUE(stage.value()->Process(doc).ok());
  for (const Sentence& s : doc.sentences) {
    int roots = 0;
    for (uint32_t t = s.first_token; t < s.end_token; ++t) {
      const int h = doc.tokens[t].head;
      if (h == -1) {
        ++roots;
        EXPECT_EQ(doc.tokens[t].deprel, "root");
      } else {
        EXPECT_GE(h, static_cast<int>(s.first_token));
        EXPECT_LT(h, static_cast<int>(s.end_token));
      }
    }
    EXPECT_EQ(roots, 1);
  }
  EXPECT_EQ(doc.tokens[5].head, 6);  // "army" <- "denied" in the second sentence
  EXPECT_EQ(doc.tokens[5].deprel, "nsubj");
  std::remove(path.c_str());
}

TEST(ParserProjectivize, LiftsCrossingArcs) {
  // "A hearing is scheduled on the issue today": hearing <- issue crosses is/scheduled.
  std::vector<int> heads = {1, 3, 3, -1, 6, 6, 1, 3};
  const size_t lifted = Projectivize(heads);
  EXPECT_EQ(lifted, 1u);
  EXPECT_EQ(heads[6], 3);  // lifted from "hearing" to its head "scheduled"
  std::vector<int> projective = {1, -1, 1};
  EXPECT_EQ(Projectivize(projective), 0u);
  EXPECT_EQ(projective, (std::vector<int>{1, -1, 1}));
}

TEST(ParserTraining, RejectsUnusableData) {
  EXPECT_FALSE(DependencyParser::Train({}, {}, SmallOptions()).ok());
  ParserTrainOptions bad = SmallOptions();
  bad.move_table_bits = 40;
  EXPECT_FALSE(DependencyParser::Train(TinyTreebank(), {}, bad).ok());
}

TEST(ParserTraining, IsDeterministic) {
  const auto treebank = TinyTreebank();
  ParserTrainOptions options = SmallOptions();
  options.epochs = 4;
  auto a = DependencyParser::Train(treebank, {}, options);
  auto b = DependencyParser::Train(treebank, {}, options);
  ASSERT_TRUE(a.ok() && b.ok());
  const std::string path_a = TempPath("det_a.bin"), path_b = TempPath("det_b.bin");
  ASSERT_TRUE(a.value().Save(path_a).ok());
  ASSERT_TRUE(b.value().Save(path_b).ok());
  std::ifstream in_a(path_a, std::ios::binary), in_b(path_b, std::ios::binary);
  const std::string bytes_a((std::istreambuf_iterator<char>(in_a)), {});
  const std::string bytes_b((std::istreambuf_iterator<char>(in_b)), {});
  EXPECT_EQ(bytes_a, bytes_b);
  std::remove(path_a.c_str());
  std::remove(path_b.c_str());
}

}  // namespace
}  // namespace dyad
