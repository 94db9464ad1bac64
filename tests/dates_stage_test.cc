#include <gtest/gtest.h>

#include <algorithm>

#include "dyad/date_eval.h"
#include "dyad/pipeline.h"
#include "dyad/stage.h"

namespace dyad {
namespace {

// Tokenizes `text`, adds one hand-built event per trigger word and runs the "time" stage.
Document Date(const std::string& text, const std::string& date, const std::vector<std::string>& triggers) {
  auto pipeline = Pipeline::Create({"normalize", "tokenize"}, StageConfig());
  EXPECT_TRUE(pipeline.ok());
  Document doc;
  doc.text = text;
  doc.date = date;
  EXPECT_TRUE(pipeline.value().Process(doc).ok());
  for (const std::string& trigger : triggers) {
    const size_t pos = doc.text.find(trigger);
    EXPECT_NE(pos, std::string::npos) << trigger;
    Event e;
    e.trigger_begin = static_cast<uint32_t>(pos);
    e.trigger_end = static_cast<uint32_t>(pos + trigger.size());
    for (size_t s = 0; s < doc.sentences.size(); ++s) {
      if (doc.sentences[s].begin <= pos) e.sentence = static_cast<uint32_t>(s);
    }
    doc.events.push_back(e);
  }
  auto time = StageRegistry::Global().Create("time", StageConfig());
  EXPECT_TRUE(time.ok());
  EXPECT_TRUE(time.value()->Process(doc).ok());
  return doc;
}

bool Historical(const Event& e) { return std::count(e.aux.begin(), e.aux.end(), "historical") == 1; }

TEST(DatesStage, EventsTakeTheirOwnExpression) {
  Document doc = Date(
      "Early Thursday, three rockets were fired at the embassy. "
      "In January 2020, after the US assassinated a general, parliament voted to expel US troops. "
      "The Kurdish-led forces said Wednesday that they thwarted a drone attack.",
      "2021-07-08", {"fired", "voted", "assassinated", "thwarted"});
  ASSERT_EQ(doc.events.size(), 4u);
  EXPECT_EQ(doc.events[0].date, "2021-07-08");
  EXPECT_EQ(doc.events[0].date_text, "Early Thursday");
  EXPECT_EQ(doc.events[0].date_precision, "day");
  EXPECT_FALSE(Historical(doc.events[0]));
  EXPECT_EQ(doc.events[1].date, "2020-01-01");
  EXPECT_EQ(doc.events[1].date_text, "January 2020");
  EXPECT_EQ(doc.events[1].date_precision, "month");
  EXPECT_TRUE(Historical(doc.events[1]));
  // The subordinate clause's event inherits the fronted main-clause date.
  EXPECT_EQ(doc.events[2].date_text, "January 2020");
  EXPECT_EQ(doc.events[3].date, "2021-07-07");
  EXPECT_EQ(doc.events[3].date_text, "Wednesday");
  EXPECT_EQ(doc.Slice(doc.events[3].date_begin, doc.events[3].date_end), "Wednesday");
  EXPECT_EQ(doc.times.size(), 3u);
}

TEST(DatesStage, SubordinateClauseExpressionBelongsToItsClause) {
  Document doc = Date("Parliament voted to expel the troops after the US killed the general on Friday.",
                      "2021-07-08", {"voted", "killed"});
  EXPECT_EQ(doc.events[0].date_text, "");  // "on Friday" is the killing's date, not the vote's
  EXPECT_EQ(doc.events[0].date, "2021-07-08");
  EXPECT_EQ(doc.events[0].date_precision, "day");
  EXPECT_EQ(doc.events[1].date, "2021-07-02");
}

TEST(DatesStage, LaterCoordinatedDateDoesNotReachBack) {
  Document doc = Date("The US blamed the militia for attacks, and both administrations targeted the group in recent "
                      "years.",
                      "2021-07-08", {"blamed", "targeted"});
  EXPECT_EQ(doc.events[0].date_text, "");
  EXPECT_EQ(doc.events[1].date_text, "recent years");
  EXPECT_EQ(doc.events[1].date_precision, "none");
  EXPECT_EQ(doc.events[1].date, "2021-07-08");
}

TEST(DatesStage, NoExpressionMeansDocumentDate) {
  Document doc = Date("Gunmen attacked a checkpoint.", "2021-07-08", {"attacked"});
  EXPECT_EQ(doc.events[0].date, "2021-07-08");
  EXPECT_TRUE(doc.events[0].date_text.empty());
  EXPECT_EQ(doc.events[0].date_precision, "day");
  Document undated = Date("Gunmen attacked a checkpoint yesterday.", "", {"attacked"});
  EXPECT_TRUE(undated.events[0].date.empty());
  EXPECT_EQ(undated.events[0].date_precision, "none");
  EXPECT_TRUE(undated.times.empty());  // relative expressions need a document date
  Document absolute = Date("Gunmen attacked a checkpoint on March 3, 2019.", "", {"attacked"});
  EXPECT_EQ(absolute.events[0].date, "2019-03-03");
}

TEST(DatesStage, HistoricalFlagIsAddedOnce) {
  Document doc = Date("The militia formed in 2014 to fight ISIS.", "2021-07-08", {"fight"});
  ASSERT_TRUE(Historical(doc.events[0]));
  auto time = StageRegistry::Global().Create("time", StageConfig());
  ASSERT_TRUE(time.ok());
  ASSERT_TRUE(time.value()->Process(doc).ok());
  EXPECT_EQ(doc.events[0].date, "2014-01-01");
  EXPECT_EQ(doc.events[0].date_precision, "year");
  EXPECT_TRUE(Historical(doc.events[0]));
  // A week earlier is not historical.
  Document recent = Date("Rebels attacked the town last Thursday.", "2021-07-08", {"attacked"});
  EXPECT_EQ(recent.events[0].date, "2021-07-01");
  EXPECT_FALSE(Historical(recent.events[0]));
}

TEST(DatesStage, UsesTheParseWhenPresent) {
  // "Friday" attaches to "met" in the parse although "signed" is nearer in the text.
  Document doc = Date("Officials signed the deal that envoys met Friday", "2021-07-08", {"signed"});
  ASSERT_EQ(doc.tokens.size(), 8u);
  const char* upos[] = {"NOUN", "VERB", "DET", "NOUN", "PRON", "NOUN", "VERB", "PROPN"};
  const int heads[] = {1, -1, 3, 1, 6, 6, 3, 6};
  const char* rels[] = {"nsubj", "root", "det", "obj", "obj", "nsubj", "acl:relcl", "obl:tmod"};
  for (size_t i = 0; i < 8; ++i) {
    doc.tokens[i].upos = upos[i];
    doc.tokens[i].head = heads[i];
    doc.tokens[i].deprel = rels[i];
  }
  Event met;
  met.trigger_begin = doc.tokens[6].begin;
  met.trigger_end = doc.tokens[6].end;
  doc.events.push_back(met);
  auto time = StageRegistry::Global().Create("time", StageConfig());
  ASSERT_TRUE(time.ok());
  ASSERT_TRUE(time.value()->Process(doc).ok());
  EXPECT_EQ(doc.events[1].date_text, "Friday");
  EXPECT_EQ(doc.events[1].date, "2021-07-02");
}

TEST(DateEval, ScoringArithmetic) {
  DateEvalCounts counts;
  // Gold: [0,5) 2021-07-08, [10,20) 2020-01, [30,34) PAST_REF.
  const std::vector<TimexSpan> gold = {{0, 5, "2021-07-08"}, {10, 20, "2020-01"}, {30, 34, "PAST_REF"}};
  // System: exact + right value, overlapping + wrong value, one spurious span.
  const std::vector<TimexSpan> system = {{0, 5, "2021-07-08"}, {12, 20, "2020-02"}, {40, 44, "2019"}};
  counts.Add(gold, system);
  EXPECT_EQ(counts.gold, 3u);
  EXPECT_EQ(counts.system, 3u);
  EXPECT_EQ(counts.exact_gold, 1u);
  EXPECT_EQ(counts.overlap_gold, 2u);
  EXPECT_EQ(counts.value_correct, 1u);
  EXPECT_DOUBLE_EQ(counts.ExactPrecision(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(counts.ExactRecall(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(counts.OverlapPrecision(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(counts.OverlapRecall(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(counts.OverlapF1(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(counts.ValueAccuracyFound(), 0.5);
  EXPECT_DOUBLE_EQ(counts.ValueAccuracyEndToEnd(), 1.0 / 3);
  DateEvalCounts empty;
  EXPECT_DOUBLE_EQ(empty.ExactF1(), 0.0);
  EXPECT_DOUBLE_EQ(empty.ValueAccuracyFound(), 0.0);
}

TEST(DateEval, ReadsTimeML) {
  auto doc = ReadTimeML(std::string(DYAD_TEST_DIR) + "/data/timegeo/sample.tml");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc.value().creation_date, "2021-07-08");
  ASSERT_EQ(doc.value().dates.size(), 2u);
  const auto& text = doc.value().text;
  EXPECT_EQ(text.substr(doc.value().dates[0].begin, doc.value().dates[0].end - doc.value().dates[0].begin),
            "Early Thursday");
  EXPECT_EQ(doc.value().dates[1].value, "2020-01");
  EXPECT_NE(text.find("fired at"), std::string::npos);  // whitespace between tags is kept
  EXPECT_FALSE(ReadTimeML(std::string(DYAD_TEST_DIR) + "/data/timegeo/README.md").ok());
}

}  // namespace
}  // namespace dyad
