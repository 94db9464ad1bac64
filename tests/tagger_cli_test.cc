// `dyad train tagger` and `dyad eval tag` end to end on the tiny hand-written treebank.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace {

struct Output {
  int exit_code = -1;
  std::string out;
};

Output RunDyad(const std::string& args) {
  Output result;
  const std::string command = std::string(DYAD_BINARY) + " " + args + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

TEST(TaggerCli, TrainsAndEvaluatesWithJsonKeys) {
  const std::string tiny = std::string(DYAD_TEST_DIR) + "/data/tagger/tiny.conllu";
  const std::string model =
      (std::filesystem::temp_directory_path() / ("dyad_tagger_cli_" + std::to_string(getpid()) + ".bin")).string();
  ASSERT_EQ(RunDyad("train tagger --train " + tiny + " --dev " + tiny + " --epochs 5 -o " + model).exit_code, 0);

  const Output gold = RunDyad("eval tag --gold " + tiny + " --model " + model + " --json");
  ASSERT_EQ(gold.exit_code, 0);
  const auto g = nlohmann::json::parse(gold.out);
  EXPECT_GE(g.at("upos").get<double>(), 98.0);
  EXPECT_LE(g.at("upos").get<double>(), 100.0);
  EXPECT_GE(g.at("xpos").get<double>(), 98.0);
  EXPECT_GE(g.at("lemma").get<double>(), 98.0);

  const Output raw = RunDyad("eval tag --gold " + tiny + " --model " + model + " --raw --json");
  ASSERT_EQ(raw.exit_code, 0);
  const auto r = nlohmann::json::parse(raw.out);
  EXPECT_EQ(r.at("mode"), "raw");
  EXPECT_GE(r.at("tokens").get<double>(), 95.0);  // plain sentences: dyad tokenizes them like the gold
  EXPECT_GE(r.at("upos").get<double>(), 90.0);

  EXPECT_NE(RunDyad("eval tag --gold " + tiny + " --model " + tiny).exit_code, 0);  // not a model file
  std::filesystem::remove(model);
}

}  // namespace
