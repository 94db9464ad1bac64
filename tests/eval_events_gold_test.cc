// Gold-file parsing for `dyad eval events`: both layouts, dates, code normalisation, errors.
#include <gtest/gtest.h>

#include "dyad/eval_events.h"

namespace dyad {
namespace {

std::string DataPath(const std::string& name) {
  return std::string(DYAD_TEST_DIR) + "/data/evalharness/" + name;
}

TEST(EvalEventsGold, DetectsFormatFromContent) {
  EXPECT_EQ(DetectGoldFormat("  \n<Validation>").value(), GoldFormat::kPetrXml);
  EXPECT_EQ(DetectGoldFormat("\xEF\xBB\xBF[{}]").value(), GoldFormat::kPloverJson);
  auto unknown = DetectGoldFormat("id,text\n1,hello\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unrecognised gold format"), std::string::npos);
  EXPECT_FALSE(DetectGoldFormat("").ok());
}

TEST(EvalEventsGold, ReadsPetr2LayoutWithSelfClosedRecords) {
  auto gold = ReadGoldFile(DataPath("petr2_style.xml"));
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  EXPECT_EQ(gold->format, GoldFormat::kPetrXml);
  EXPECT_EQ(gold->environment.at("Verbfile"), "mini.verbs.txt");
  // NEWS_3 is evaluate="false"; DRAFT_1's category is not in <Include>.
  EXPECT_EQ(gold->skipped_records, 2u);
  ASSERT_EQ(gold->sentences.size(), 3u);

  const GoldSentence& first = gold->sentences[0];
  EXPECT_EQ(first.id, "NEWS_1");
  EXPECT_EQ(first.category, "NEWS");
  EXPECT_EQ(first.date, "2019-03-05");
  EXPECT_EQ(first.text,
            "The Norwegian foreign minister travelled to Reykjavik on Tuesday and Iceland offered "
            "to meet lawmakers.");
  ASSERT_EQ(first.events.size(), 2u);
  EXPECT_EQ(first.events[0].code, "042");
  EXPECT_EQ(first.events[0].source, "NORGOV");
  EXPECT_EQ(first.events[0].target, "ISL");
  EXPECT_EQ(first.events[1].target, "---LEG");

  const GoldSentence& second = gold->sentences[1];
  EXPECT_EQ(second.id, "NEWS_2");
  EXPECT_EQ(second.date, "2019-03-06");  // six-digit date 190306
  EXPECT_TRUE(second.events.empty());
  EXPECT_EQ(second.text, "Snow fell across the fjords overnight.");

  // Empty <Text>: rebuilt from the CoNLL-U parse, honouring SpaceAfter=No.
  const GoldSentence& third = gold->sentences[2];
  EXPECT_EQ(third.text, "Rebels attacked soldiers.");
  ASSERT_EQ(third.events.size(), 1u);
  EXPECT_EQ(third.events[0].source, "MLIREB");
}

TEST(EvalEventsGold, ReadsUnitTestLayout) {
  auto gold = ReadGoldFile(DataPath("unittest_style.xml"));
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  EXPECT_EQ(gold->skipped_records, 1u);  // LATER is not in <Include>
  ASSERT_EQ(gold->sentences.size(), 5u);  // the commented-out record is ignored
  EXPECT_EQ(gold->sentences[0].id, "BASIC-01");
  EXPECT_EQ(gold->sentences[0].text, "Zenobia hosted a delegation from Quaristan.");
  const GoldSentence& second = gold->sentences[1];
  EXPECT_EQ(second.id, "BASIC-02");  // attributes written `id ="..."`
  EXPECT_EQ(second.date, "1999-01-02");
  ASSERT_EQ(second.events.size(), 2u);
  EXPECT_EQ(second.events[1].source, "\"BORDER GUARDS\"");
  EXPECT_TRUE(gold->sentences[2].events.empty());
  EXPECT_EQ(gold->sentences[3].expected_error, "bad_input_parse");
  EXPECT_EQ(gold->sentences[4].expected_error, "storydiscard");
}

TEST(EvalEventsGold, ReadsPloverJsonMergingTextsAndExpandingPairs) {
  auto gold = ReadGoldFile(DataPath("plover_style.json"));
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  EXPECT_EQ(gold->format, GoldFormat::kPloverJson);
  // 6 event records (the DOCUMENT record is skipped); two share a text.
  ASSERT_EQ(gold->sentences.size(), 5u);

  const GoldSentence& agree = gold->sentences[0];
  EXPECT_EQ(agree.date, "2001-02-03");
  ASSERT_EQ(agree.events.size(), 2u);  // two sources, no target: both directions
  EXPECT_EQ(agree.events[0].source, "CHLGOV");
  EXPECT_EQ(agree.events[0].target, "PERGOV");
  EXPECT_EQ(agree.events[1].source, "PERGOV");
  EXPECT_EQ(agree.events[1].target, "CHLGOV");

  const GoldSentence& demand = gold->sentences[1];
  EXPECT_EQ(demand.record_ids, (std::vector<std::string>{"MINI-DEMAND-0001", "MINI-FIGHT-0001"}));
  ASSERT_EQ(demand.events.size(), 2u);
  EXPECT_EQ(demand.events[0].code, "REQUEST");  // DEMAND
  EXPECT_EQ(demand.events[1].code, "ASSAULT");  // FIGHT
  EXPECT_EQ(demand.events[0].source, "JPN");    // JAP
  EXPECT_EQ(demand.events[0].target, "SRB");    // YUG, sector "***" dropped

  const GoldSentence& investigate = gold->sentences[2];
  ASSERT_EQ(investigate.events.size(), 2u);  // one source x two targets
  EXPECT_EQ(investigate.events[0].code, "ACCUSE");
  EXPECT_EQ(investigate.events[0].mode, "investigate");
  EXPECT_EQ(investigate.events[0].target, "KENCRM");
  EXPECT_EQ(investigate.events[1].target, "UGABUS");

  const GoldSentence& protest = gold->sentences[3];
  ASSERT_EQ(protest.events.size(), 1u);  // target "" = no target
  EXPECT_EQ(protest.events[0].source, "FRAAGR");
  EXPECT_EQ(protest.events[0].target, "---");
  EXPECT_EQ(protest.events[0].mode, "demo-org");

  const GoldSentence& disapprove = gold->sentences[4];
  EXPECT_EQ(disapprove.text, "Ghana condemned Togo's decision.");
  EXPECT_EQ(disapprove.events[0].code, "ACCUSE");
}

TEST(EvalEventsGold, NormalizesDates) {
  EXPECT_EQ(NormalizeGoldDate("121108").value(), "2012-11-08");
  EXPECT_EQ(NormalizeGoldDate("991231").value(), "1999-12-31");
  EXPECT_EQ(NormalizeGoldDate("20080804").value(), "2008-08-04");
  EXPECT_EQ(NormalizeGoldDate(" 2000-01-01 ").value(), "2000-01-01");
  EXPECT_EQ(NormalizeGoldDate("").value(), "");
  EXPECT_FALSE(NormalizeGoldDate("2008-8-4").ok());
  EXPECT_FALSE(NormalizeGoldDate("20081304").ok());
  EXPECT_FALSE(NormalizeGoldDate("yesterday").ok());
}

TEST(EvalEventsGold, MapsLegacyCountryCodes) {
  EXPECT_EQ(LegacyCountryToIso3("JAP"), "JPN");
  EXPECT_EQ(LegacyCountryToIso3("SCG"), "SRB");
  EXPECT_EQ(LegacyCountryToIso3("YUG"), "SRB");
  EXPECT_EQ(LegacyCountryToIso3("ZAR"), "COD");
  EXPECT_EQ(LegacyCountryToIso3("FRA"), "FRA");
  EXPECT_EQ(NormalizeActorCode("japgov"), "JPNGOV");
  EXPECT_EQ(NormalizeActorCode("YUGMIL"), "SRBMIL");
  EXPECT_EQ(NormalizeActorCode("---LEG"), "---LEG");
  EXPECT_EQ(NormalizeActorCode(""), "---");
  EXPECT_EQ(ActorCountry("SRBMIL"), "SRB");
  EXPECT_EQ(ActorCountry("---LEG"), "---");
  EXPECT_EQ(ActorCountry("---"), "---");
}

TEST(EvalEventsGold, MapsPloverDraftNames) {
  std::string mode;
  EXPECT_EQ(PloverCurrentName("DEMAND", &mode), "REQUEST");
  EXPECT_EQ(PloverCurrentName("DISAPPROVE", &mode), "ACCUSE");
  EXPECT_EQ(PloverCurrentName("FIGHT", &mode), "ASSAULT");
  EXPECT_TRUE(mode.empty());
  EXPECT_EQ(PloverCurrentName("INVESTIGATE", &mode), "ACCUSE");
  EXPECT_EQ(mode, "investigate");
  EXPECT_EQ(PloverCurrentName("agree", nullptr), "AGREE");
}

TEST(EvalEventsGold, PredictedActorCodesUseResolvedCountry) {
  EventActor actor;
  actor.code = "---MIL";
  EXPECT_EQ(PredictedActorCode(actor), "---MIL");
  actor.code = "GOVMIL";  // role codes without a resolved country
  EXPECT_EQ(PredictedActorCode(actor), "---GOVMIL");
  EXPECT_EQ(ActorCountry(PredictedActorCode(actor)), "---");
  actor.code = "ARN";  // a country the coder's table does not know: the code as written
  EXPECT_EQ(PredictedActorCode(actor), "ARN");
  actor.code = "ROMGOV";
  actor.country = "ROU";
  EXPECT_EQ(PredictedActorCode(actor), "ROUGOV");
  actor.code = "";
  EXPECT_EQ(PredictedActorCode(actor), "ROU");
  EXPECT_EQ(PredictedActorCode(EventActor{}), "---");
}

TEST(EvalEventsGold, PloverActorCodesDropOrganisationSegments) {
  EXPECT_EQ(PloverActorCode("IGOUNOMIL"), "IGOMIL");
  EXPECT_EQ(PloverActorCode("IGOUNO"), "IGO");
  EXPECT_EQ(PloverActorCode("NGOHRIAMN"), "NGOHRI");
  EXPECT_EQ(PloverActorCode("USAGOVMIL"), "USAGOVMIL");
  EXPECT_EQ(PloverActorCode("---"), "---");
}

TEST(EvalEventsGold, MalformedFilesGiveClearErrors) {
  auto missing_code = ReadGoldFile(DataPath("malformed_coding.xml"));
  ASSERT_FALSE(missing_code.ok());
  EXPECT_NE(missing_code.status().message().find("malformed_coding.xml:3 (record BAD_1)"),
            std::string::npos)
      << missing_code.status().message();
  EXPECT_NE(missing_code.status().message().find("eventcode"), std::string::npos);

  auto bad_tag = ReadGoldFile(DataPath("malformed_tag.xml"));
  ASSERT_FALSE(bad_tag.ok());
  EXPECT_NE(bad_tag.status().message().find("malformed_tag.xml:8"), std::string::npos)
      << bad_tag.status().message();
  EXPECT_NE(bad_tag.status().message().find("malformed XML"), std::string::npos);

  auto bad_json = ReadGoldFile(DataPath("malformed.json"));
  ASSERT_FALSE(bad_json.ok());
  EXPECT_NE(bad_json.status().message().find("malformed JSON"), std::string::npos)
      << bad_json.status().message();

  auto no_text = ParseGold(R"([{"id": "X-1", "event": "AGREE"}])", "inline.json");
  ASSERT_FALSE(no_text.ok());
  EXPECT_EQ(no_text.status().message(), "inline.json: record 1 (X-1): no 'text'");

  auto bad_actors = ParseGold(R"([{"id": "X-2", "event": "AGREE", "text": "t", "source": 5}])", "a.json");
  ASSERT_FALSE(bad_actors.ok());
  EXPECT_NE(bad_actors.status().message().find("'source' is not a list"), std::string::npos);

  EXPECT_FALSE(ParseGold("{\"id\": 1}", "object.json").ok());
  EXPECT_FALSE(ParseGold("<Validation></Validation>", "empty.xml").ok());
  auto missing_file = ReadGoldFile(DataPath("does_not_exist.xml"));
  ASSERT_FALSE(missing_file.ok());
  EXPECT_NE(missing_file.status().message().find("cannot open gold file"), std::string::npos);
}

}  // namespace
}  // namespace dyad
