// Scoring arithmetic, the evaluation loop (with a scripted stand-in coder), the PETRARCH
// unit-test runner and the command-line error path.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "dyad/eval_events.h"

namespace dyad {
namespace {

std::string DataPath(const std::string& name) {
  return std::string(DYAD_TEST_DIR) + "/data/evalharness/" + name;
}

ScoredEvent Petr(const std::string& code, const std::string& source, const std::string& target) {
  return ScoredGoldEvent({code, "", source, target}, GoldFormat::kPetrXml);
}

const LevelCounts& At(const LevelScores& scores, ScoreLevel level) {
  return scores[static_cast<size_t>(level)];
}

TEST(EvalEventsScoring, PerfectPredictionScoresOne) {
  const std::vector<ScoredEvent> gold = {Petr("042", "USAGOV", "CHN"), Petr("190", "---REB", "SYRMIL")};
  const LevelScores scores = ScoreSentence(gold, gold);
  for (size_t i = 0; i < kScoreLevels; ++i) {
    EXPECT_EQ(scores[i].tp, 2u);
    EXPECT_EQ(scores[i].fp, 0u);
    EXPECT_EQ(scores[i].fn, 0u);
    EXPECT_DOUBLE_EQ(scores[i].F1(), 1.0);
  }
}

TEST(EvalEventsScoring, EmptyPredictionAndEmptyGold) {
  const std::vector<ScoredEvent> gold = {Petr("042", "USAGOV", "CHN")};
  const LevelScores missed = ScoreSentence(gold, {});
  EXPECT_EQ(At(missed, ScoreLevel::kFull).fn, 1u);
  EXPECT_EQ(At(missed, ScoreLevel::kFull).tp, 0u);
  EXPECT_DOUBLE_EQ(At(missed, ScoreLevel::kFull).Precision(), 0.0);
  EXPECT_DOUBLE_EQ(At(missed, ScoreLevel::kFull).F1(), 0.0);
  const LevelScores spurious = ScoreSentence({}, gold);
  EXPECT_EQ(At(spurious, ScoreLevel::kType).fp, 1u);
  EXPECT_DOUBLE_EQ(At(spurious, ScoreLevel::kType).Recall(), 0.0);
  const LevelScores nothing = ScoreSentence({}, {});
  EXPECT_EQ(At(nothing, ScoreLevel::kType).tp + At(nothing, ScoreLevel::kType).fp, 0u);
}

TEST(EvalEventsScoring, PartialMatchesCountPerLevel) {
  const std::vector<ScoredEvent> gold = {Petr("042", "USAGOV", "CHN")};
  // Same root (04), same countries, different code and sector.
  const LevelScores scores = ScoreSentence(gold, {Petr("040", "USA", "CHNGOV")});
  EXPECT_EQ(At(scores, ScoreLevel::kType).tp, 1u);
  EXPECT_EQ(At(scores, ScoreLevel::kDyad).tp, 1u);
  EXPECT_EQ(At(scores, ScoreLevel::kFull).tp, 0u);
  EXPECT_EQ(At(scores, ScoreLevel::kFull).fp, 1u);
  EXPECT_EQ(At(scores, ScoreLevel::kFull).fn, 1u);
  // Reversed direction: type matches, dyad does not.
  const LevelScores reversed = ScoreSentence(gold, {Petr("042", "CHN", "USAGOV")});
  EXPECT_EQ(At(reversed, ScoreLevel::kType).tp, 1u);
  EXPECT_EQ(At(reversed, ScoreLevel::kDyad).tp, 0u);
}

TEST(EvalEventsScoring, DuplicatesMatchAtMostOnce) {
  const std::vector<ScoredEvent> gold = {Petr("190", "RUS", "UKR")};
  const std::vector<ScoredEvent> predicted = {Petr("190", "RUS", "UKR"), Petr("190", "RUS", "UKR")};
  const LevelScores scores = ScoreSentence(gold, predicted);
  EXPECT_EQ(At(scores, ScoreLevel::kFull).tp, 1u);
  EXPECT_EQ(At(scores, ScoreLevel::kFull).fp, 1u);
  EXPECT_DOUBLE_EQ(At(scores, ScoreLevel::kFull).Precision(), 0.5);
  EXPECT_DOUBLE_EQ(At(scores, ScoreLevel::kFull).Recall(), 1.0);
  EXPECT_NEAR(At(scores, ScoreLevel::kFull).F1(), 2.0 / 3.0, 1e-12);
  // Two identical gold events need two predictions.
  const LevelScores twice = ScoreSentence(predicted, {Petr("190", "RUS", "UKR")});
  EXPECT_EQ(At(twice, ScoreLevel::kFull).fn, 1u);
}

TEST(EvalEventsScoring, TypeIsCameoRootForPetrAndPloverTypeForPlover) {
  EXPECT_EQ(Petr("1124", "A", "B").type, "11");
  const ScoredEvent plover = ScoredGoldEvent({"REQUEST", "", "JPN", "SRB"}, GoldFormat::kPloverJson);
  EXPECT_EQ(plover.type, "REQUEST");
  EXPECT_EQ(ScoreKey(plover, ScoreLevel::kDyad), "REQUEST|JPN|SRB");
  EXPECT_EQ(ScoreKey(Petr("042", "USAGOV", "---LEG"), ScoreLevel::kDyad), "04|USA|---");
  EXPECT_EQ(ScoreKey(Petr("042", "USAGOV", "---LEG"), ScoreLevel::kFull), "042|USAGOV|---LEG");
}

TEST(EvalEventsScoring, JsonAndTableReportMicroAverages) {
  EventScores scores;
  scores.levels[0] = {3, 1, 2};
  scores.levels[1] = {2, 2, 3};
  scores.levels[2] = {0, 4, 5};
  scores.sentences = 4;
  const auto parsed = nlohmann::json::parse(FormatScoresJson(scores));
  EXPECT_DOUBLE_EQ(parsed["type"]["precision"].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(parsed["type"]["recall"].get<double>(), 0.6);
  EXPECT_DOUBLE_EQ(parsed["type"]["f1"].get<double>(), 0.6667);
  EXPECT_EQ(parsed["dyad"]["fn"].get<int>(), 3);
  EXPECT_DOUBLE_EQ(parsed["full"]["f1"].get<double>(), 0.0);
  const std::string table = FormatScoresTable(scores);
  EXPECT_NE(table.find("type      0.7500    0.6000    0.6667      3      1      2"), std::string::npos)
      << table;
  EXPECT_NE(table.find("sentences: 4"), std::string::npos);
}

// A stand-in coder for the tests: events scripted per document id.
std::map<std::string, std::vector<Event>>& ScriptedEvents() {
  static std::map<std::string, std::vector<Event>> events;
  return events;
}

class ScriptedCoder : public Stage {
 public:
  std::string_view name() const override { return "evalharness_scripted_coder"; }
  LayerSet needs() const override { return 0; }
  LayerSet sets() const override { return kLayerSentences | kLayerEvents; }
  Status Process(Document& doc) const override {
    if (doc.text.find("FAIL") != std::string::npos) return Status::Error("scripted failure");
    doc.sentences = {Sentence{}, Sentence{}};
    doc.sentences[1].segment = Segment::kComment;
    auto it = ScriptedEvents().find(doc.id);
    if (it != ScriptedEvents().end()) doc.events = it->second;
    return Status::Ok();
  }
};

const StageRegistration kScriptedReg("evalharness_scripted_coder", [](const StageConfig&) {
  return Result<std::unique_ptr<Stage>>(std::make_unique<ScriptedCoder>());
});

Event MakeEvent(const std::string& cameo, const std::string& plover,
                std::vector<std::pair<std::string, std::string>> sources,
                std::vector<std::pair<std::string, std::string>> targets) {
  Event event;
  event.cameo = cameo;
  event.plover = plover;
  for (const auto& [code, country] : sources) event.actors.push_back({"", code, country, ""});
  for (const auto& [code, country] : targets) event.recipients.push_back({"", code, country, ""});
  return event;
}

Pipeline ScriptedPipeline() {
  auto pipeline = Pipeline::Create({"evalharness_scripted_coder"}, StageConfig{});
  EXPECT_TRUE(pipeline.ok()) << pipeline.status().message();
  return std::move(pipeline).value();
}

TEST(EvalEventsScoring, EvaluatesGoldFileWithFiltersAndErrorsFile) {
  auto gold = ReadGoldFile(DataPath("petr2_style.xml"));
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  Event negated = MakeEvent("190", "ASSAULT", {{"MLIREB", "MLI"}}, {{"MLIMIL", "MLI"}});
  negated.aux = {"negation"};
  Event from_comment = MakeEvent("010", "", {{"NOR", "NOR"}}, {});
  from_comment.sentence = 1;
  ScriptedEvents() = {
      // NEWS_1: one exact match, one with the right root but a wrong target (---GOV).
      {"NEWS_1",
       {MakeEvent("042", "CONSULT", {{"NORGOV", "NOR"}}, {{"ISL", "ISL"}}),
        MakeEvent("036", "CONSULT", {{"ISL", "ISL"}}, {{"---GOV", ""}}), from_comment}},
      // NEWS_2 (no gold event): a spurious one.
      {"NEWS_2", {MakeEvent("173", "COERCE", {{"NOR", "NOR"}}, {})}},
      // CHECK_1: only a negated event, which does not count.
      {"CHECK_1", {negated}},
  };
  std::ostringstream errors;
  EvalEventsOptions options;
  options.errors = &errors;
  const EventScores scores = EvaluateEvents(gold.value(), ScriptedPipeline(), options);
  EXPECT_EQ(scores.sentences, 3u);
  EXPECT_EQ(scores.gold_events, 3u);
  EXPECT_EQ(scores.predicted_events, 3u);
  const LevelCounts& type = scores.levels[0];
  EXPECT_EQ(type.tp, 2u);
  EXPECT_EQ(type.fp, 1u);
  EXPECT_EQ(type.fn, 1u);
  const LevelCounts& dyad = scores.levels[1];  // ---GOV has the same (no) country as ---LEG
  EXPECT_EQ(dyad.tp, 2u);
  const LevelCounts& full = scores.levels[2];
  EXPECT_EQ(full.tp, 1u);
  EXPECT_EQ(full.fp, 2u);
  EXPECT_EQ(full.fn, 2u);

  std::istringstream lines(errors.str());
  std::vector<nlohmann::json> records;
  for (std::string line; std::getline(lines, line);) records.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0]["id"], "NEWS_1");
  EXPECT_EQ(records[0]["gold"].size(), 2u);
  EXPECT_EQ(records[0]["predicted"].size(), 2u);
  EXPECT_EQ(records[0]["coded"][2]["excluded"], "comment");
  EXPECT_EQ(records[0]["full"]["tp"], 1);
  EXPECT_EQ(records[2]["coded"][0]["excluded"], "negated");

  // With the filters off, the negated and comment events count.
  options.errors = nullptr;
  options.filter.include_negated = true;
  options.filter.include_comments = true;
  const EventScores all = EvaluateEvents(gold.value(), ScriptedPipeline(), options);
  EXPECT_EQ(all.predicted_events, 5u);
  EXPECT_EQ(all.levels[2].tp, 2u);
}

TEST(EvalEventsScoring, CameoGoldCanBeTypedThroughAMapping) {
  auto gold = ReadGoldFile(DataPath("petr2_style.xml"));
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  ScriptedEvents() = {
      // 043 and 042 share a mapped type; 036 maps to nothing and is dropped with its gold twin.
      {"NEWS_1", {MakeEvent("043", "", {{"NOR", "NOR"}}, {{"ISL", "ISL"}})}},
      {"CHECK_1", {MakeEvent("190", "", {{"MLIREB", "MLI"}}, {{"MLIMIL", "MLI"}})}},
  };
  EvalEventsOptions options;
  options.cameo_type = [](const std::string& code) -> std::string {
    if (code.rfind("04", 0) == 0) return "CONSULT";
    if (code.rfind("19", 0) == 0) return "ASSAULT";
    return "";
  };
  const EventScores scores = EvaluateEvents(gold.value(), ScriptedPipeline(), options);
  EXPECT_EQ(scores.unmapped_gold_events, 1u);
  EXPECT_EQ(scores.gold_events, 2u);
  EXPECT_EQ(scores.levels[0].tp, 2u);
  EXPECT_EQ(scores.levels[0].fn, 0u);
  EXPECT_EQ(scores.levels[1].tp, 2u);  // NORGOV vs NOR: same country; CHECK_1 matches too
  EXPECT_EQ(scores.levels[2].tp, 1u);  // only CHECK_1 matches exactly
  EXPECT_NE(FormatScoresJson(scores).find("\"unmapped_gold_events\":1"), std::string::npos);
}

TEST(EvalEventsScoring, PloverGoldUsesPloverTypesAndExpandsPredictedPairs) {
  auto gold = ReadGoldFile(DataPath("plover_style.json"));
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  ScriptedEvents() = {
      // Both directions of the agreement from one event with two sources and two targets.
      {"MINI-AGREE-0001",
       {MakeEvent("057", "AGREE", {{"CHLGOV", "CHL"}}, {{"PERGOV", "PER"}}),
        MakeEvent("057", "AGREE", {{"PERGOV", "PER"}}, {{"CHLGOV", "CHL"}})}},
      // CAMEO-only event (no PLOVER type) is not a PLOVER prediction.
      {"MINI-DEMAND-0001", {MakeEvent("010", "", {{"JPN", "JPN"}}, {})}},
      {"MINI-INVESTIGATE-0001",
       {MakeEvent("090", "ACCUSE", {{"KENCOP", "KEN"}}, {{"KENCRM", "KEN"}, {"UGABUS", "UGA"}})}},
  };
  const EventScores scores = EvaluateEvents(gold.value(), ScriptedPipeline(), {});
  EXPECT_EQ(scores.gold_events, 8u);
  EXPECT_EQ(scores.predicted_events, 4u);
  EXPECT_EQ(scores.levels[2].tp, 4u);
  EXPECT_EQ(scores.levels[2].fp, 0u);
  EXPECT_EQ(scores.levels[2].fn, 4u);
}

TEST(EvalEventsScoring, PipelineFailureCountsAsNoPrediction) {
  auto gold = ParseGold(R"([{"id": "F-1", "event": "AGREE", "text": "FAIL here",
                             "source": [{"code": "USA"}]}])",
                        "inline.json");
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  std::ostringstream log;
  EvalEventsOptions options;
  options.log = &log;
  const EventScores scores = EvaluateEvents(gold.value(), ScriptedPipeline(), options);
  EXPECT_EQ(scores.pipeline_errors, 1u);
  EXPECT_EQ(scores.levels[0].fn, 1u);
  EXPECT_NE(log.str().find("scripted failure"), std::string::npos);
}

TEST(EvalEventsPetrUnitTest, ConfiguresDictionariesFromEnvironment) {
  auto gold = ReadGoldFile(DataPath("unittest_style.xml"));
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  StageConfig config;
  ASSERT_TRUE(ConfigurePetrDictionaries(gold.value(), DataPath("dicts"), config).ok());
  EXPECT_TRUE(config.replace_dictionaries);
  ASSERT_EQ(config.actor_dictionaries.size(), 2u);
  EXPECT_EQ(std::filesystem::path(config.actor_dictionaries[1]).filename(), "mini.more-actors.txt");
  EXPECT_EQ(config.verb_dictionaries.size(), 1u);
  EXPECT_EQ(config.agent_dictionaries.size(), 1u);
  EXPECT_EQ(config.discard_dictionaries.size(), 1u);

  StageConfig elsewhere;
  const Status missing = ConfigurePetrDictionaries(gold.value(), DataPath(""), elsewhere);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("not found"), std::string::npos);
}

TEST(EvalEventsPetrUnitTest, ComparesTripleSetsAndSkipsParseTreeErrors) {
  auto gold = ReadGoldFile(DataPath("unittest_style.xml"));
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  ScriptedEvents() = {
      // Exact match; the duplicate does not change the set.
      {"BASIC-01",
       {MakeEvent("043", "", {{"ZEN", "ZEN"}}, {{"QUA", "QUA"}}),
        MakeEvent("043", "", {{"ZEN", "ZEN"}}, {{"QUA", "QUA"}})}},
      // Only one of the two expected triples.
      {"BASIC-02", {MakeEvent("111", "", {{"QUAGOV", "QUA"}}, {{"ZEN", "ZEN"}})}},
      // BASIC-03 expects nothing and gets nothing: pass. ERROR-02 codes an event: fail.
      {"ERROR-02", {MakeEvent("043", "", {{"ZEN", "ZEN"}}, {{"QUA", "QUA"}})}},
  };
  const UnitTestReport report = RunPetrUnitTests(gold.value(), ScriptedPipeline(), {});
  EXPECT_EQ(report.total.records, 4u);
  EXPECT_EQ(report.total.passed, 2u);
  EXPECT_EQ(report.total.skipped, 1u);
  EXPECT_EQ(report.categories.at("BASIC").passed, 2u);
  EXPECT_EQ(report.categories.at("ERROR").records, 1u);
  EXPECT_EQ(report.categories.at("ERROR").skipped, 1u);
  EXPECT_EQ(report.outcomes[0].coded, (std::vector<std::string>{"ZEN QUA 043"}));

  const std::string verbose = FormatUnitTestReport(report, true);
  EXPECT_NE(verbose.find("- BASIC-02 [BASIC]"), std::string::npos) << verbose;
  EXPECT_NE(verbose.find("expected: \"BORDER GUARDS\" ZEN 111; QUAGOV ZEN 111"), std::string::npos)
      << verbose;
  EXPECT_EQ(verbose.find("- BASIC-01 "), std::string::npos);
  const auto parsed = nlohmann::json::parse(FormatUnitTestJson(report, true));
  EXPECT_EQ(parsed["total"]["passed"], 2);
  EXPECT_EQ(parsed["failures"].size(), 2u);
  EXPECT_EQ(parsed["categories"]["BASIC"]["records"], 3);
}

TEST(EvalEventsCli, MalformedGoldFileFailsWithMessage) {
  const std::string err = (std::filesystem::temp_directory_path() / "dyad_evalharness_err.txt").string();
  const std::string command = std::string(DYAD_BINARY) + " eval events --gold " +
                              DataPath("malformed_coding.xml") + " 2>" + err + " >/dev/null";
  const int status = std::system(command.c_str());
  EXPECT_NE(status, 0);
  std::ifstream in(err);
  std::stringstream message;
  message << in.rdbuf();
  EXPECT_NE(message.str().find("(record BAD_1): <EventCoding> needs eventcode"), std::string::npos)
      << message.str();
  std::filesystem::remove(err);
}

}  // namespace
}  // namespace dyad
