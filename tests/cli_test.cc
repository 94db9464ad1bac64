// End-to-end tests of the `dyad` binary: exit codes, summaries and bad-input handling.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string TempFile(const std::string& name, const std::string& content) {
  // ctest runs tests as parallel processes: keep each process's files apart.
  const auto path = std::filesystem::temp_directory_path() / ("dyad_cli_" + std::to_string(getpid()) + "_" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

RunResult RunDyad(const std::string& args) {
  const std::string out = TempFile("stdout", ""), err = TempFile("stderr", "");
  const std::string command = std::string(DYAD_BINARY) + " " + args + " >" + out + " 2>" + err;
  const int status = std::system(command.c_str());
  return {WEXITSTATUS(status), Slurp(out), Slurp(err)};
}

// Tests run the tokenizer-only pipeline so they do not depend on shipped data files.
const char* kStages = " --stages normalize,tokenize,segment ";

TEST(Cli, VersionAndHelp) {
  auto version = RunDyad("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("dyad ", 0), 0u);
  auto help = RunDyad("code --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--format"), std::string::npos);
}

TEST(Cli, BadRecordsAreReportedByLineAndTheRestIsCoded) {
  const std::string input = TempFile("mixed.jsonl",
                                     "{\"id\": \"good1\", \"text\": \"Fine text.\"}\n"
                                     "{broken\n"
                                     "{\"id\": \"bad-utf8\", \"text\": \"\\u00e9\"}\n"
                                     "{\"id\": \"good2\", \"text\": \"More text.\"}\n"
                                     "{\"id\": \"no-text\"}\n");
  auto r = RunDyad(std::string("code") + kStages + input);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("mixed.jsonl:2: invalid JSON"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("mixed.jsonl:5: missing"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("5 documents read, 3 coded, 2 failed"), std::string::npos) << r.err;
}

TEST(Cli, InvalidUtf8AndBinaryInputNameTheRecord) {
  const std::string input = TempFile("binary.txt", std::string("abc\xff\xfe\x00zz", 8));
  auto r = RunDyad(std::string("code") + kStages + input);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("binary.txt"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("invalid UTF-8"), std::string::npos) << r.err;
}

TEST(Cli, EmptyInputAndMissingFiles) {
  auto empty = RunDyad(std::string("code") + kStages + TempFile("empty.txt", ""));
  EXPECT_EQ(empty.exit_code, 0);
  EXPECT_NE(empty.err.find("1 documents read, 1 coded, 0 failed"), std::string::npos) << empty.err;
  auto missing = RunDyad(std::string("code") + kStages + "/nonexistent/file.txt");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("/nonexistent/file.txt: cannot open"), std::string::npos);
  auto bad_date = RunDyad(std::string("code") + kStages + "--date 2021-13-45 " + TempFile("d.txt", "x"));
  EXPECT_EQ(bad_date.exit_code, 2);
  auto bad_stage = RunDyad("code --stages normalize,nonsense " + TempFile("d.txt", "x"));
  EXPECT_EQ(bad_stage.exit_code, 1);
  EXPECT_NE(bad_stage.err.find("unknown stage 'nonsense'"), std::string::npos);
}

TEST(Cli, OverlongSentencesAreCutWithAWarningNamingTheRecord) {
  std::string words;
  for (int i = 0; i < 600; ++i) words += "word ";
  const std::string input = TempFile("long.jsonl", "{\"id\": \"short\", \"text\": \"Fine text.\"}\n"
                                                   "{\"id\": \"long\", \"text\": \"" + words + "\"}\n");
  auto r = RunDyad(std::string("code") + kStages + input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("long.jsonl:2: 2 overlong sentence(s) cut at 250 tokens"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("long.jsonl:1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 documents read, 2 coded, 0 failed; 4 sentences, 0 events written; 1 warnings"),
            std::string::npos)
      << r.err;
}

}  // namespace
