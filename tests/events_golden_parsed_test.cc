// Golden-file regression tests for the parse-based coder: each tests/golden/events/parsed/<name>.txt
// is coded with the "full" pipeline (tagger and parser before the coder; roles from the
// dependency parse) and its events must equal <name>.expected exactly (format: see
// tests/golden_test.cc; negated events are included, flagged). The showcase article is not in
// the repository: its golden (tests/golden/events/showcase.parsed.expected) is checked when
// ../shared/seed/000_6070be0b087e21bb.txt exists beside the repository (or under
// $DYAD_SHARED_DIR), and skipped otherwise.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "dyad/pipeline.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string Codes(const std::vector<EventActor>& actors) {
  if (actors.empty()) return "-";
  std::string out;
  for (const auto& a : actors) out += (out.empty() ? "" : "+") + (a.code.empty() ? std::string("?") : a.code);
  return out;
}

std::vector<std::string> EventLines(const Document& doc) {
  std::vector<std::string> lines;
  for (const Event& e : doc.events) {
    std::string line = (e.plover.empty() ? "-" : e.plover) + " " + e.cameo + " " + Codes(e.actors) + " -> " +
                       Codes(e.recipients);
    std::vector<std::string> aux = e.aux;
    std::sort(aux.begin(), aux.end());
    for (const auto& a : aux) line += " " + a;
    lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::vector<std::string> ExpectedLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    line = line.substr(0, line.find('#'));
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

const Pipeline& FullPipeline() {
  static const auto pipeline = Pipeline::Create(FullStageNames(), [] {
    StageConfig config;
    config.data_dir = DefaultDataDir();
    return config;
  }());
  EXPECT_TRUE(pipeline.ok()) << pipeline.status().message();
  return pipeline.value();
}

void CheckGolden(const std::string& name, std::string text, const fs::path& expected_path) {
  Document doc;
  doc.id = name;
  if (text.rfind("date: ", 0) == 0) {
    doc.date = text.substr(6, 10);
    text = text.substr(text.find('\n') + 1);
  }
  doc.text = std::move(text);
  ASSERT_TRUE(FullPipeline().Process(doc).ok());
  const auto actual = EventLines(doc);
  if (std::getenv("DYAD_UPDATE_GOLDEN") != nullptr) {
    std::cout << "---- " << expected_path.filename().string() << " (actual)\n";
    for (const auto& l : actual) std::cout << l << "\n";
    return;
  }
  EXPECT_EQ(actual, ExpectedLines(ReadFile(expected_path)))
      << "golden file " << expected_path << " differs; rerun with DYAD_UPDATE_GOLDEN=1 to see the actual lines";
}

class ParsedGoldenEvents : public ::testing::TestWithParam<std::string> {};

TEST_P(ParsedGoldenEvents, MatchesExpectedEvents) {
  const fs::path dir = fs::path(DYAD_TEST_DIR) / "golden" / "events" / "parsed";
  CheckGolden(GetParam(), ReadFile(dir / (GetParam() + ".txt")), dir / (GetParam() + ".expected"));
}

std::vector<std::string> ParsedGoldenNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(fs::path(DYAD_TEST_DIR) / "golden" / "events" / "parsed")) {
    if (entry.path().extension() == ".txt") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Parsed, ParsedGoldenEvents, ::testing::ValuesIn(ParsedGoldenNames()));

TEST(ParsedGoldenShowcase, MatchesExpectedEventsWhenTheArticleIsPresent) {
  const char* shared = std::getenv("DYAD_SHARED_DIR");
  const fs::path shared_dir = shared != nullptr ? fs::path(shared) : fs::path(DYAD_TEST_DIR) / ".." / ".." / "shared";
  const fs::path article = shared_dir / "seed" / "000_6070be0b087e21bb.txt";
  if (!fs::exists(article)) GTEST_SKIP() << "showcase article not present: " << article;
  CheckGolden("showcase", "date: 2021-07-08\n" + ReadFile(article),
              fs::path(DYAD_TEST_DIR) / "golden" / "events" / "showcase.parsed.expected");
}

}  // namespace
}  // namespace dyad
