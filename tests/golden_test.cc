// Golden-file regression tests: each tests/golden/events/<name>.txt is coded with the default
// pipeline and its events must equal tests/golden/events/<name>.expected exactly.
//
// Expected-file format, one event per line:
//   <PLOVER type or -> <CAMEO code> <source codes, '+'-joined, or -> -> <target codes or -> [aux...] [comment]
// e.g. "ASSAULT 190 IRQUAF -> USAGOV negation". Text after '#' is a comment: reviewers note
// known errors there ("# known error: ...") and correct events dyad still misses as whole
// comment lines ("# missing: ..."). The first line of the .txt may be "date: YYYY-MM-DD".
// Set DYAD_UPDATE_GOLDEN=1 to print the actual lines for review instead of failing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dyad/event_record.h"
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

std::string EventLine(const Event& e) {
  std::string line = (e.plover.empty() ? "-" : e.plover) + " " + e.cameo + " " + Codes(e.actors) + " -> " +
                     Codes(e.recipients);
  std::vector<std::string> aux = e.aux;
  std::sort(aux.begin(), aux.end());
  for (const auto& a : aux) line += " " + a;
  return line;
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

class GoldenEvents : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenEvents, MatchesExpectedEvents) {
  const fs::path dir = fs::path(DYAD_TEST_DIR) / "golden" / "events";
  const fs::path text_path = dir / (GetParam() + ".txt");
  static const auto pipeline = Pipeline::Create(DefaultStageNames(), [] {
    StageConfig config;
    config.data_dir = DefaultDataDir();
    return config;
  }());
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
  Document doc;
  doc.id = GetParam();
  doc.text = ReadFile(text_path);
  if (doc.text.rfind("date: ", 0) == 0) {
    doc.date = doc.text.substr(6, 10);
    doc.text = doc.text.substr(doc.text.find('\n') + 1);
  }
  ASSERT_TRUE(pipeline.value().Process(doc).ok());
  std::vector<std::string> actual;
  for (const Event& e : doc.events) {
    if (EventSegment(doc, e) == Segment::kArticle) actual.push_back(EventLine(e));
  }
  std::sort(actual.begin(), actual.end());
  const auto expected = ExpectedLines(ReadFile(dir / (GetParam() + ".expected")));
  if (std::getenv("DYAD_UPDATE_GOLDEN") != nullptr) {
    std::string all;
    for (const auto& l : actual) all += l + "\n";
    std::cout << "---- " << GetParam() << ".expected (actual)\n" << all;
    return;
  }
  EXPECT_EQ(actual, expected) << "golden file " << GetParam()
                              << ".expected differs; rerun with DYAD_UPDATE_GOLDEN=1 to see the actual lines";
}

std::vector<std::string> GoldenNames() {
  std::vector<std::string> names;
  const fs::path dir = fs::path(DYAD_TEST_DIR) / "golden" / "events";
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".txt") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenEvents, ::testing::ValuesIn(GoldenNames()),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace dyad
