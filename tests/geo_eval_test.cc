// Runs `dyad eval geo` and `dyad eval dates` end to end on the repository's own gold files.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>
#include <unistd.h>

namespace {

std::string RunJson(const std::string& args, int* exit_code) {
  const auto out = std::filesystem::temp_directory_path() / ("dyad_timegeo_" + std::to_string(getpid()) + ".json");
  const std::string command = std::string(DYAD_BINARY) + " " + args + " >" + out.string() + " 2>/dev/null";
  const int status = std::system(command.c_str());
  *exit_code = WEXITSTATUS(status);
  std::ifstream in(out);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  std::filesystem::remove(out);
  return text;
}

TEST(GeoEval, GoldToponymsMeetTheTargets) {
  int rc = -1;
  const std::string data = std::string(DYAD_TEST_DIR) + "/../data";
  const std::string out = RunJson("eval geo --json --data-dir " + data + " --gold " + DYAD_TEST_DIR +
                                      "/golden/geo/toponyms.jsonl",
                                  &rc);
  ASSERT_EQ(rc, 0) << out;
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["gold"]["toponyms"], 204);
  EXPECT_GE(j["gold"]["accuracy_geonameid"].get<double>(), 0.90);
  EXPECT_GE(j["gold"]["accuracy_within_161km"].get<double>(), 0.95);
}

TEST(GeoEval, BadUsage) {
  int rc = -1;
  RunJson("eval geo", &rc);
  EXPECT_EQ(rc, 2);
  RunJson("eval geo --gold /nonexistent/gold.jsonl", &rc);
  EXPECT_EQ(rc, 1);
}

TEST(DateEvalCli, ScoresATimeMLDirectory) {
  int rc = -1;
  const std::string out = RunJson(std::string("eval dates --json --gold ") + DYAD_TEST_DIR + "/data/timegeo", &rc);
  ASSERT_EQ(rc, 0) << out;
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["documents"], 1);
  EXPECT_EQ(j["gold"], 2);
  EXPECT_DOUBLE_EQ(j["value_accuracy_found"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(j["exact"]["recall"].get<double>(), 1.0);
  RunJson("eval dates --gold /nonexistent", &rc);
  EXPECT_EQ(rc, 1);
}

}  // namespace
