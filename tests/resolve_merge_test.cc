// Tests for in-document event merging (stage "merge") over hand-made events, and end to end.
#include <gtest/gtest.h>

#include "dyad/event_record.h"
#include "dyad/pipeline.h"
#include "dyad/resolve.h"

namespace dyad {
namespace {

Document Tokenised(const std::string& text) {
  auto pipeline = Pipeline::Create({"normalize", "tokenize", "segment"}, StageConfig());
  EXPECT_TRUE(pipeline.ok());
  Document doc;
  doc.id = "m";
  doc.date = "2021-07-08";
  doc.text = text;
  EXPECT_TRUE(pipeline.value().Process(doc).ok());
  return doc;
}

uint32_t SentenceAt(const Document& doc, uint32_t byte) {
  for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
    if (byte >= doc.sentences[s].begin && byte < doc.sentences[s].end) return s;
  }
  return 0;
}

EventActor Actor(const std::string& code) {
  EventActor a;
  a.code = code;
  a.text = code;
  return a;
}

// An event with the given trigger word (its `nth` occurrence), CAMEO code and actors.
Event MakeEvent(const Document& doc, const std::string& trigger, const std::string& cameo, const std::string& from,
                const std::string& to, int nth = 0) {
  size_t pos = doc.text.find(trigger);
  while (nth-- > 0) pos = doc.text.find(trigger, pos + 1);
  EXPECT_NE(pos, std::string::npos) << trigger;
  Event e;
  e.cameo = cameo;
  const int root = std::stoi(cameo.substr(0, 2));
  e.quad_class = root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
  e.trigger_begin = static_cast<uint32_t>(pos);
  e.trigger_end = static_cast<uint32_t>(pos + trigger.size());
  e.sentence = SentenceAt(doc, e.trigger_begin);
  e.date = doc.date;
  e.date_precision = "day";
  if (!from.empty()) e.actors.push_back(Actor(from));
  if (!to.empty()) e.recipients.push_back(Actor(to));
  e.evidence = trigger;
  return e;
}

TEST(Merge, RepeatedReportsOfOneAttackMerge) {
  Document doc = Tokenised(
      "Militants attacked the embassy with rockets on Thursday. "
      "The rocket attack caused no casualties. "
      "Separately, the army shelled a village.");
  doc.events.push_back(MakeEvent(doc, "attacked", "190", "IRQREB", "USAGOV"));
  doc.events.push_back(MakeEvent(doc, "attack ", "190", "", "USAGOV"));
  doc.events.push_back(MakeEvent(doc, "shelled", "195", "IRQMIL", "IRQCVL"));
  MergeDocumentEvents(doc);
  ASSERT_EQ(doc.events.size(), 2u);
  EXPECT_EQ(doc.events[0].mentions.size(), 2u);
  EXPECT_EQ(doc.events[0].actors.at(0).code, "IRQREB");  // the better-supported source is kept
  EXPECT_EQ(doc.events[1].mentions.size(), 1u);
  const nlohmann::json record = EventToJson(doc, 0);
  EXPECT_EQ(record["num_mentions"], 2);
  EXPECT_EQ(record["mentions"][1]["event_text"], "attack ");
  EXPECT_EQ(record["mentions"][1]["sentence"]["index"], 1);
  EXPECT_EQ(record["mentions"][1]["doc_id"], "m");
}

TEST(Merge, DifferentWordsNeedTheSameCodeAndParticipantsInTheNextSentence) {
  Document doc = Tokenised(
      "Insurgents bombed a mosque in Kabul. "
      "The attack killed dozens of worshippers. "
      "Officials met. "
      "Later the insurgents targeted a market.");
  doc.events.push_back(MakeEvent(doc, "bombed", "190", "AFGINS", "AFGCVL"));
  doc.events.push_back(MakeEvent(doc, "killed", "190", "AFGINS", "AFGCVL"));
  doc.events.push_back(MakeEvent(doc, "targeted", "190", "AFGINS", "AFGCVL"));
  MergeDocumentEvents(doc);
  ASSERT_EQ(doc.events.size(), 2u);
  EXPECT_EQ(doc.events[0].mentions.size(), 2u);  // bombed + killed, adjacent sentences
  EXPECT_EQ(doc.events[1].mentions.size(), 1u);  // two sentences further: another incident
}

// Error class 1: two clauses of one sentence with the same code and participants.
TEST(Merge, TwoClausesOfOneSentenceStayApart) {
  Document doc = Tokenised("The army shelled the town and attacked the villages nearby.");
  doc.events.push_back(MakeEvent(doc, "shelled", "190", "SYRMIL", "SYRCVL"));
  doc.events.push_back(MakeEvent(doc, "attacked", "190", "SYRMIL", "SYRCVL"));
  MergeDocumentEvents(doc);
  EXPECT_EQ(doc.events.size(), 2u);
}

TEST(Merge, ANounPhraseRestatesAClauseOfItsSentence) {
  Document doc = Tokenised("Jets carried out an airstrike that killed twelve civilians.");
  doc.events.push_back(MakeEvent(doc, "airstrike", "195", "SYRMIL", "SYRCVL"));
  doc.events.push_back(MakeEvent(doc, "killed", "195", "SYRMIL", "SYRCVL"));
  MergeDocumentEvents(doc);
  ASSERT_EQ(doc.events.size(), 1u);
  EXPECT_EQ(doc.events[0].mentions.size(), 2u);
}

// Error class 2: the same word for different incidents, one side unknown, sentences apart.
TEST(Merge, SameWordFurtherApartNeedsPlaceDateOrFullDyad) {
  const std::string text =
      "Militants seized the town of Rawa. Officials met. Officials met again. "
      "Weapons were seized from the town.";
  Document doc = Tokenised(text);
  doc.events.push_back(MakeEvent(doc, "seized", "190", "IRQINS", "IRQ"));
  doc.events.push_back(MakeEvent(doc, "seized", "190", "", "IRQ", 1));
  MergeDocumentEvents(doc);
  EXPECT_EQ(doc.events.size(), 2u);  // only the target agrees

  Document dyad = Tokenised(text);
  dyad.events.push_back(MakeEvent(dyad, "seized", "190", "IRQINS", "IRQ"));
  dyad.events.push_back(MakeEvent(dyad, "seized", "190", "IRQINS", "IRQ", 1));
  MergeDocumentEvents(dyad);
  EXPECT_EQ(dyad.events.size(), 1u);  // the full dyad agrees

  Document dated = Tokenised(text);
  Event first = MakeEvent(dated, "seized", "190", "IRQINS", "IRQ");
  Event second = MakeEvent(dated, "seized", "190", "", "IRQ", 1);
  for (Event* e : {&first, &second}) {
    e->date_text = "on Monday";
    e->date = "2021-07-05";
  }
  dated.events = {first, second};
  MergeDocumentEvents(dated);
  EXPECT_EQ(dated.events.size(), 1u);  // a day stated in both agrees
}

// Error class 3: different words a few sentences apart with identical participants.
TEST(Merge, DifferentWordsTwoSentencesApartStayApart) {
  Document doc = Tokenised("Rebels shelled the airport. Officials met. Rebels attacked the airport.");
  doc.events.push_back(MakeEvent(doc, "shelled", "190", "SYRREB", "SYRMIL"));
  doc.events.push_back(MakeEvent(doc, "attacked", "190", "SYRREB", "SYRMIL"));
  MergeDocumentEvents(doc);
  EXPECT_EQ(doc.events.size(), 2u);
}

// Error class 4: a later mention compatible with the last mention only does not chain on.
TEST(Merge, AMergedEventComparesAgainstAllItsMentions) {
  Document doc = Tokenised(
      "Rebels attacked the army base. The attack on the base failed. Another attack on the base followed.");
  doc.events.push_back(MakeEvent(doc, "attacked", "190", "SYRREB", "SYRMIL"));
  doc.events.push_back(MakeEvent(doc, "attack", "190", "", "SYRMIL", 1));
  doc.events.push_back(MakeEvent(doc, "attack", "190", "", "SYRMIL", 2));
  MergeDocumentEvents(doc);
  ASSERT_EQ(doc.events.size(), 2u);
  EXPECT_EQ(doc.events[0].mentions.size(), 2u);
  EXPECT_EQ(doc.events[1].mentions.size(), 1u);
}

TEST(Merge, ConflictingActorsDatesOrNegationStayApart) {
  Document doc = Tokenised(
      "Rebels attacked Homs on Monday. Rebels attacked Hama on Tuesday. "
      "Government forces attacked Homs. Rebels did not attack Aleppo.");
  Event monday = MakeEvent(doc, "attacked", "190", "SYRREB", "SYR", 0);
  monday.date = "2021-07-05";
  monday.date_text = "Monday";
  Event tuesday = MakeEvent(doc, "attacked", "190", "SYRREB", "SYR", 1);
  tuesday.date = "2021-07-06";
  tuesday.date_text = "Tuesday";
  Event government = MakeEvent(doc, "attacked", "190", "SYRGOV", "SYR", 2);
  Event negated = MakeEvent(doc, "attack", "190", "SYRREB", "SYR", 3);
  negated.aux.push_back("negation");
  doc.events = {monday, tuesday, government, negated};
  MergeDocumentEvents(doc);
  EXPECT_EQ(doc.events.size(), 4u);
}

TEST(Merge, MoreSpecificFieldsWin) {
  Document doc = Tokenised("Jets bombed the town. The bombing of Idlib killed 12 people.");
  Event first = MakeEvent(doc, "bombed", "190", "RUS", "");
  Event second = MakeEvent(doc, "bombing", "195", "RUSMIL", "SYR");
  Location idlib;
  idlib.text = "Idlib";
  idlib.name = "Idlib";
  idlib.geonameid = 169389;
  idlib.country = "SYR";
  idlib.precision = "city";
  second.location = idlib;
  doc.events = {first, second};
  MergeDocumentEvents(doc);
  ASSERT_EQ(doc.events.size(), 1u);
  EXPECT_EQ(doc.events[0].cameo, "195");
  EXPECT_EQ(doc.events[0].actors.at(0).code, "RUSMIL");
  ASSERT_EQ(doc.events[0].recipients.size(), 1u);
  ASSERT_TRUE(doc.events[0].location.has_value());
  EXPECT_EQ(doc.events[0].location->name, "Idlib");
  EXPECT_EQ(doc.events[0].trigger_begin, doc.text.find("bombed"));  // the first mention leads
}

TEST(Merge, GenericMentionsLinkToTheOnlySpecificEvent) {
  Document doc = Tokenised(
      "Militias fired rockets at the base on Thursday. "
      "The recent spate of attacks on the base worries officials. "
      "It was the fourth day in a row that militias attacked the base.");
  doc.events.push_back(MakeEvent(doc, "fired", "190", "IRQMIL", "USAMIL"));
  doc.events.push_back(MakeEvent(doc, "attacks", "190", "", "USAMIL"));
  doc.events.push_back(MakeEvent(doc, "attacked", "190", "IRQMIL", "USAMIL"));
  MergeDocumentEvents(doc);
  ASSERT_EQ(doc.events.size(), 1u);
  EXPECT_TRUE(doc.events[0].aux.empty());
  ASSERT_EQ(doc.events[0].mentions.size(), 3u);
  EXPECT_FALSE(doc.events[0].mentions[0].generic);
  EXPECT_TRUE(doc.events[0].mentions[1].generic);
  EXPECT_TRUE(doc.events[0].mentions[2].generic);
  EXPECT_EQ(doc.events[0].trigger_begin, doc.text.find("fired"));
  EXPECT_EQ(EventToJson(doc, 0)["mentions"][1]["generic"], true);
}

TEST(Merge, GenericMentionsLinkOnlyNearbyOrWithTheSameWordAndOnlyForConflict) {
  Document doc = Tokenised(
      "After the campaign, Turkey sought to train the rebels. "
      "Turkey helped the rebels. "
      "Militias fired rockets at the base. Officials met. Officials met again. Officials met once more. "
      "Repeated shelling of the base worries officials.");
  doc.events.push_back(MakeEvent(doc, "sought", "030", "TUR", "TURREB"));   // generic ("campaign")
  doc.events.push_back(MakeEvent(doc, "helped", "030", "TUR", "TURREB"));
  doc.events.push_back(MakeEvent(doc, "fired", "190", "IRQMIL", "USAMIL"));
  doc.events.push_back(MakeEvent(doc, "shelling", "190", "", "USAMIL"));  // generic, 4 sentences on
  MergeDocumentEvents(doc);
  ASSERT_EQ(doc.events.size(), 4u);
  EXPECT_EQ(doc.events[0].aux, std::vector<std::string>{"generic"});
  EXPECT_EQ(doc.events[3].aux, std::vector<std::string>{"generic"});
}

TEST(Merge, GenericMentionsOverSeveralEventsStandApart) {
  Document doc = Tokenised(
      "Militias attacked the base on Monday. Militias shelled the base on Tuesday. "
      "The recent spate of attacks on the base worries officials.");
  Event monday = MakeEvent(doc, "attacked", "190", "IRQMIL", "USAMIL");
  monday.date = "2021-07-05";
  monday.date_text = "Monday";
  Event tuesday = MakeEvent(doc, "shelled", "195", "IRQMIL", "USAMIL");
  tuesday.date = "2021-07-06";
  tuesday.date_text = "Tuesday";
  doc.events = {monday, tuesday, MakeEvent(doc, "attacks", "190", "", "USAMIL")};
  MergeDocumentEvents(doc);
  ASSERT_EQ(doc.events.size(), 3u);
  EXPECT_EQ(doc.events[2].aux, std::vector<std::string>{"generic"});
}

TEST(Merge, BoilerplateEventsAreDroppedAndHeadlineGivesWayToTheBody) {
  Document doc = Tokenised(
      "Rebels attack army convoy near Homs\n"
      "Rebels attacked an army convoy near Homs on Monday, the army said.\n"
      "Officials said the convoy carried food.\n"
      "Share this article: rebels attack convoy\n");
  ASSERT_EQ(doc.sentences.front().segment, Segment::kHeadline);
  ASSERT_EQ(doc.sentences.back().segment, Segment::kBoilerplate);
  doc.events.push_back(MakeEvent(doc, "attack", "190", "SYRREB", "SYRMIL", 0));
  doc.events.push_back(MakeEvent(doc, "attacked", "190", "SYRREB", "SYRMIL"));
  doc.events.push_back(MakeEvent(doc, "attack", "190", "SYRREB", "SYRMIL", 2));
  ASSERT_EQ(doc.events.back().sentence, 3u);
  MergeDocumentEvents(doc);
  ASSERT_EQ(doc.events.size(), 1u);
  EXPECT_EQ(doc.events[0].mentions.size(), 2u);
  EXPECT_EQ(doc.events[0].sentence, 1u);
  EXPECT_EQ(doc.events[0].mentions[0].sentence, 1u);
  EXPECT_EQ(doc.events[0].mentions[1].sentence, 0u);
  EXPECT_EQ(EventToJson(doc, 0)["segment"], "article");
  EXPECT_EQ(EventToJson(doc, 0)["mentions"][1]["segment"], "headline");
}

TEST(Merge, EveryRecordHasMentions) {
  auto pipeline = Pipeline::Create(DefaultStageNames(), StageConfig());
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
  Document doc;
  doc.id = "d";
  doc.date = "2021-07-08";
  doc.text = "Iraqi militias attacked the US embassy in Baghdad. The militias attacked the embassy again.";
  ASSERT_TRUE(pipeline.value().Process(doc).ok());
  ASSERT_FALSE(doc.events.empty());
  size_t mentions = 0;
  for (size_t i = 0; i < doc.events.size(); ++i) {
    const nlohmann::json r = EventToJson(doc, i);
    ASSERT_TRUE(r.contains("mentions"));
    EXPECT_EQ(r["num_mentions"], r["mentions"].size());
    mentions += r["mentions"].size();
  }
  EXPECT_GE(mentions, doc.events.size());
}

}  // namespace
}  // namespace dyad
