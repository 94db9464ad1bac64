// Actor-span (BIO) and CASE 2021 classification scoring.
#include <gtest/gtest.h>

#include "dyad/eval_extra.h"

namespace dyad {
namespace {

TEST(BioReader, SplitsSentencesAndReadsSpans) {
  auto parsed = ParseBio("Iraqi B-S\ntroops I-S\nattacked O\nthe B-T\nbase I-T\n. O\n\nNo O\nevent O\n", "test");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed.value().size(), 2u);
  EXPECT_EQ(parsed.value()[1].line, 8u);
  const auto spans = GoldRoleSpans(parsed.value()[0]);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0], (RoleSpan{0, 2, 'S'}));
  EXPECT_EQ(spans[1], (RoleSpan{3, 5, 'T'}));
  EXPECT_TRUE(GoldRoleSpans(parsed.value()[1]).empty());
}

TEST(BioReader, RejectsBadTags) {
  EXPECT_FALSE(ParseBio("word X-S\n", "test").ok());
  EXPECT_FALSE(ParseBio("lonely\n", "test").ok());
}

TEST(RoleSpanScoring, ExactAndOverlap) {
  ActorSpanScores totals;
  const std::vector<RoleSpan> gold = {{0, 2, 'S'}, {3, 5, 'T'}};
  const std::vector<RoleSpan> predicted = {{1, 2, 'S'}, {3, 5, 'T'}, {6, 7, 'T'}};
  ScoreRoleSpans(gold, predicted, &totals);
  EXPECT_EQ(totals.source.exact.tp, 0u);
  EXPECT_EQ(totals.source.exact.fp, 1u);
  EXPECT_EQ(totals.source.exact.fn, 1u);
  EXPECT_EQ(totals.source.overlap.tp, 1u);
  EXPECT_EQ(totals.target.exact.tp, 1u);
  EXPECT_EQ(totals.target.exact.fp, 1u);
  EXPECT_EQ(totals.target.overlap.fn, 0u);
}

Event EventWith(const std::string& cameo, const std::string& sector = "") {
  Event e;
  e.cameo = cameo;
  EventActor a;
  a.sector = sector;
  e.actors.push_back(a);
  return e;
}

TEST(Case2021Mapping, MapsCameoCodesToClasses) {
  EXPECT_EQ(Case2021Class(EventWith("195")), "AIR_STRIKE");
  EXPECT_EQ(Case2021Class(EventWith("1831")), "SUIC_BOMB");
  EXPECT_EQ(Case2021Class(EventWith("183")), "REM_EXPLOS");
  EXPECT_EQ(Case2021Class(EventWith("173")), "ARREST");
  EXPECT_EQ(Case2021Class(EventWith("145")), "VIOL_DEMONSTR");
  EXPECT_EQ(Case2021Class(EventWith("141")), "PEACE_PROTEST");
  EXPECT_EQ(Case2021Class(EventWith("192", "MIL")), "GOV_REGAINS_TERIT");
  EXPECT_EQ(Case2021Class(EventWith("192", "REB")), "NON_STATE_ACTOR_OVERTAKES_TER");
  EXPECT_EQ(Case2021Class(EventWith("010")), "");
}

TEST(Case2021Mapping, FirstMappedEventInTextOrderWinsElseOther) {
  Document doc;
  doc.text = "x";
  EXPECT_EQ(ClassifySnippet(doc, PredictionFilter()), "OTHER");
  Event later = EventWith("173");
  later.trigger_begin = 10;
  Event earlier = EventWith("195");
  earlier.trigger_begin = 2;
  Event unmapped = EventWith("010");
  doc.events = {later, unmapped, earlier};
  EXPECT_EQ(ClassifySnippet(doc, PredictionFilter()), "AIR_STRIKE");
}

TEST(ClassificationScores, MicroIsAccuracyMacroAveragesGoldClasses) {
  ClassificationScores scores;
  AddClassification("A", "A", &scores);
  AddClassification("A", "B", &scores);
  AddClassification("B", "B", &scores);
  AddClassification("C", "B", &scores);
  EXPECT_DOUBLE_EQ(scores.MicroF1(), 0.5);
  // A: P 1, R .5 → .667; B: P 1/3, R 1 → .5; C: 0.
  EXPECT_NEAR(scores.MacroF1(), (2.0 / 3 + 0.5 + 0.0) / 3, 1e-9);
}

}  // namespace
}  // namespace dyad
