#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "dyad/conllu.h"
#include "dyad/parser.h"

namespace dyad {
namespace {

// Runs a shell command and returns its standard output.
std::string RunCommand(const std::string& command, int* exit_code) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
  *exit_code = pclose(pipe);
  return output;
}

class ParserCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / "dyad_parser_cli_test";
    std::filesystem::create_directories(dir_);
    treebank_ = std::string(DYAD_TEST_DIR) + "/data/parser/tiny.conllu";
    model_ = (dir_ / "parser.bin").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
  std::string treebank_;
  std::string model_;
};

TEST_F(ParserCliTest, TrainsThenEvaluatesWithGoldTags) {
  int code = -1;
  RunCommand(std::string(DYAD_BINARY) + " train parser --train " + treebank_ + " --dev " + treebank_ + " -o " + model_ +
          " --epochs 10 --move-table-bits 16 --label-table-bits 10 2>/dev/null",
      &code);
  ASSERT_EQ(code, 0);
  ASSERT_TRUE(std::filesystem::exists(model_));
  const std::string out = RunCommand(std::string(DYAD_BINARY) + " eval parse --gold " + treebank_ + " --model " + model_ +
                                  " --gold-tags --json 2>/dev/null",
                              &code);
  ASSERT_EQ(code, 0) << out;
  const auto json = nlohmann::json::parse(out);
  EXPECT_GE(json.at("uas").get<double>(), 95.0);
  EXPECT_GE(json.at("las").get<double>(), 90.0);
  EXPECT_LE(json.at("las").get<double>(), json.at("uas").get<double>());
  EXPECT_EQ(json.at("tags"), "gold");
  EXPECT_GT(json.at("words").get<int>(), 150);
}

TEST_F(ParserCliTest, RawModeAlignsTokenizedWords) {
  int code = -1;
  RunCommand(std::string(DYAD_BINARY) + " train parser --train " + treebank_ + " -o " + model_ +
                 " --epochs 10 --move-table-bits 16 --label-table-bits 10 2>/dev/null",
             &code);
  ASSERT_EQ(code, 0);
  // Uses the shipped tagger; the tiny treebank's `# text` lines tokenize like its words.
  const std::string out = RunCommand(std::string(DYAD_BINARY) + " eval parse --gold " + treebank_ +
                                         " --model " + model_ + " --raw --json 2>/dev/null",
                                     &code);
  ASSERT_EQ(code, 0) << out;
  const auto json = nlohmann::json::parse(out);
  EXPECT_EQ(json.at("mode"), "raw");
  EXPECT_EQ(json.at("words"), json.at("gold_words"));
  EXPECT_GE(json.at("uas").get<double>(), 80.0);
}

TEST_F(ParserCliTest, ReportsBadInputs) {
  int code = 0;
  RunCommand(std::string(DYAD_BINARY) + " eval parse --gold " + (dir_ / "missing.conllu").string() +
          " --gold-tags 2>/dev/null",
      &code);
  EXPECT_NE(code, 0);
  RunCommand(std::string(DYAD_BINARY) + " eval parse --gold " + treebank_ + " --model " + (dir_ / "none.bin").string() +
          " --gold-tags 2>/dev/null",
      &code);
  EXPECT_NE(code, 0);
}

}  // namespace
}  // namespace dyad
