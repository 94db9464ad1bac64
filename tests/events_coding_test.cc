// Tests for the "events" stage: verb forms, patterns with prepositions and synsets, compound
// actors, passive voice, negation, discards, CAMEO → PLOVER, and the shipped dictionaries.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "dyad/coder.h"
#include "dyad/dictionaries.h"
#include "dyad/pipeline.h"
#include "dyad/text.h"

namespace dyad {
namespace {

const std::string kDir = std::string(DYAD_TEST_DIR) + "/data/coder/";

// Compiles the test dictionaries into a temporary data directory once.
std::string TestDataDir() {
  static const std::string dir = [] {
    const auto root = std::filesystem::temp_directory_path() / "dyad_coder_events_data";
    std::filesystem::create_directories(root / "dict");
    std::vector<ActorEntry> actors;
    std::vector<AgentEntry> agents;
    VerbDictionary verbs;
    std::vector<DiscardEntry> discards;
    std::map<std::string, CameoInfo> cameo;
    EXPECT_TRUE(ReadActorDictionary(kDir + "test.actors.txt", &actors).ok());
    EXPECT_TRUE(ReadAgentDictionary(kDir + "test.agents.txt", &agents).ok());
    EXPECT_TRUE(ReadVerbDictionary(kDir + "test.verbs.txt", &verbs).ok());
    EXPECT_TRUE(ReadDiscardDictionary(kDir + "test.discards.txt", &discards).ok());
    EXPECT_TRUE(ReadPloverTable(kDir + "test.plover.txt", &cameo).ok());
    EXPECT_TRUE(ReadGoldsteinTable(kDir + "test.goldstein.txt", &cameo).ok());
    EXPECT_TRUE(SaveActorData(BuildActorData(actors, agents, {{"USA", "USA"}, {"IRQ", "IRQ"}}),
                              (root / kActorDataFile).string())
                    .ok());
    EXPECT_TRUE(SaveEventData(BuildEventData(verbs, discards, cameo), (root / kEventDataFile).string()).ok());
    return root.string();
  }();
  return dir;
}

Document Code(const std::string& text, const std::string& data_dir = TestDataDir()) {
  StageConfig config;
  config.data_dir = data_dir;
  auto actors = ActorMatcher::Create(config);
  auto events = EventCoder::Create(config);
  EXPECT_TRUE(actors.ok()) << actors.status().message();
  EXPECT_TRUE(events.ok()) << events.status().message();
  Document doc;
  doc.text = text;
  doc.date = "2021-07-08";
  Tokenize(doc.text, TokenizerOptions{}, &doc.tokens, &doc.sentences);
  actors.value()->Annotate(doc);
  events.value()->Annotate(doc);
  return doc;
}

// "SOURCE CAMEO TARGET" per event ("-" for a missing actor).
std::vector<std::string> Summaries(const Document& doc) {
  std::vector<std::string> out;
  for (const auto& e : doc.events) {
    out.push_back((e.actors.empty() ? "-" : e.actors[0].code) + " " + e.cameo + " " +
                  (e.recipients.empty() ? "-" : e.recipients[0].code));
  }
  return out;
}

TEST(EventCoding, VerbDefaultCode) {
  EXPECT_EQ(Summaries(Code("Gondor attacked Arnor.")), (std::vector<std::string>{"GON 190 ARN"}));
  EXPECT_EQ(Summaries(Code("Gondor struck Arnor.")), (std::vector<std::string>{"GON 190 ARN"}));
}

TEST(EventCoding, DefaultCodedVerbsNeedATarget) {
  EXPECT_TRUE(Code("Gondor attacked on Tuesday.").events.empty());
  // A pattern may code a one-sided event: "- VOTED * [174]" needs no target.
  EXPECT_EQ(Summaries(Code("Gondor voted to expel them.")), (std::vector<std::string>{"GON 174 -"}));
}

TEST(EventCoding, PatternWithPrepositionAndTarget) {
  const Document doc = Code("Gondor fired at Arnor yesterday.");
  ASSERT_EQ(Summaries(doc), (std::vector<std::string>{"GON 190 ARN"}));
  EXPECT_EQ(doc.events[0].evidence, "test.verbs.txt:14 FIRE - * (AT +)");
  EXPECT_EQ(doc.Slice(doc.events[0].trigger_begin, doc.events[0].trigger_end), "fired");
  EXPECT_EQ(doc.events[0].sentence, 0u);
}

TEST(EventCoding, PatternWithSynonymSet) {
  const Document doc = Code("Gondor fired mortar shells at Arnor.");
  ASSERT_EQ(Summaries(doc), (std::vector<std::string>{"GON 193 ARN"}));
  EXPECT_EQ(doc.events[0].evidence, "test.verbs.txt:13 FIRE - * &WEAPON (AT +)");
  // A nested synset member (&BOMBS inside &WEAPON) matches too.
  EXPECT_EQ(Summaries(Code("Gondor fired grenades at Arnor.")), (std::vector<std::string>{"GON 193 ARN"}));
}

TEST(EventCoding, SourceMarkerInPattern) {
  EXPECT_EQ(Summaries(Code("Rohan fired Gondor employees.")), (std::vector<std::string>{"GON 1621 ROH"}));
}

TEST(EventCoding, CompoundActorsGiveOneEventPerPair) {
  EXPECT_EQ(Summaries(Code("Gondor and Rohan attacked Arnor.")),
            (std::vector<std::string>{"GON 190 ARN", "ROH 190 ARN"}));
  EXPECT_EQ(Summaries(Code("Gondor attacked Arnor and Rohan.")),
            (std::vector<std::string>{"GON 190 ARN", "GON 190 ROH"}));
}

TEST(EventCoding, CommaListsAreCompounds) {
  EXPECT_EQ(Summaries(Code("Gondor, Rohan and Arnor attacked the UN.")),
            (std::vector<std::string>{"GON 190 IGOUNO", "ROH 190 IGOUNO", "ARN 190 IGOUNO"}));
  // A comma without a closing "and" is not a list.
  EXPECT_EQ(Summaries(Code("After talks with Gondor, Rohan attacked Arnor.")), (std::vector<std::string>{"ROH 190 ARN"}));
}

TEST(EventCoding, MultiCodeActorsGiveOneEventPerCode) {
  EXPECT_EQ(Summaries(Code("The Fellowship attacked Arnor.")), (std::vector<std::string>{"GON 190 ARN", "ROH 190 ARN"}));
}

TEST(EventCoding, CompoundMarkerAndReciprocalCodes) {
  // "- % * [043:043]": the members of the compound meet each other, both directions.
  EXPECT_EQ(Summaries(Code("Gondor and Arnor met in Rohan.")),
            (std::vector<std::string>{"GON 043 ARN", "ARN 043 GON"}));
  // Block default [040:040] also codes the reverse direction.
  EXPECT_EQ(Summaries(Code("Gondor met Arnor.")), (std::vector<std::string>{"GON 040 ARN", "ARN 040 GON"}));
}

TEST(EventCoding, PassiveVoiceKeepsRoles) {
  // No source: the target is the object of "at", not the rockets' owner.
  // "- &WEAPON * (AT +)" also shows a synset before the verb.
  EXPECT_EQ(Summaries(Code("Rockets were fired at the US embassy.")), (std::vector<std::string>{"- 194 USAGOV"}));
  // The subject of a passive verb is its target; the agent follows "by".
  EXPECT_EQ(Summaries(Code("Arnor was attacked by Gondor.")), (std::vector<std::string>{"GON 190 ARN"}));
}

TEST(EventCoding, MultiWordVerbWithPhrasePattern) {
  EXPECT_EQ(Summaries(Code("Gondor blew up peace talks with Arnor.")), (std::vector<std::string>{"GON 172 ARN"}));
  // [---] block with no matching pattern: no event.
  EXPECT_TRUE(Code("Gondor blew up a bridge near Arnor.").events.empty());
}

TEST(EventCoding, PatternBeforeTheVerb) {
  EXPECT_EQ(Summaries(Code("Gondor voted to expel Arnor.")), (std::vector<std::string>{"GON 174 ARN"}));
}

TEST(EventCoding, NounUsesAreNotVerbs) {
  // "the attack" is no verb; the noun with its target is a nominal event without a source.
  EXPECT_EQ(Summaries(Code("Gondor condemned the attack on Arnor.")), (std::vector<std::string>{"- 190 ARN"}));
  EXPECT_TRUE(Code("Gondor reported a spate of attacks in Arnor.").events.empty());
}

TEST(EventCoding, APlaceIsTheTargetOnlyWhenNoParticipantFollows) {
  EXPECT_EQ(Summaries(Code("Gondor attacked positions in Arnor.")), (std::vector<std::string>{"GON 190 ARN"}));
  EXPECT_EQ(Summaries(Code("Gondor attacked Rohan in Arnor.")), (std::vector<std::string>{"GON 190 ROH"}));
  EXPECT_EQ(Summaries(Code("Gondor and Rohan attacked positions in Arnor.")),
            (std::vector<std::string>{"GON 190 ARN", "ROH 190 ARN"}));
}

TEST(EventCoding, IngFormsAfterAdjectivesAreNouns) {
  EXPECT_TRUE(Code("Gondor reported fierce fighting with Arnor.").events.empty());
  EXPECT_EQ(Summaries(Code("Gondor was fighting Arnor.")), (std::vector<std::string>{"GON 190 ARN"}));
  EXPECT_EQ(Summaries(Code("Gondor kept fighting Arnor.")), (std::vector<std::string>{"GON 190 ARN"}));
}

TEST(EventCoding, NominalEventsTakeTheActorBeforeTheNoun) {
  EXPECT_EQ(Summaries(Code("Gondor airstrikes on Arnor continued.")), (std::vector<std::string>{"GON 195 ARN"}));
  EXPECT_EQ(Summaries(Code("Gondor's recent airstrikes against Arnor continued.")), (std::vector<std::string>{"GON 195 ARN"}));
  // The target may sit a few words after the preposition ("at a base housing US troops").
  EXPECT_EQ(Summaries(Code("There was an attack at a base housing Arnor soldiers.")),
            (std::vector<std::string>{"- 190 ARN"}));
  EXPECT_EQ(Summaries(Code("Rohan condemned the assassination of the Gondor envoy.")),
            (std::vector<std::string>{"- 186 GON"}));
  // A noun restating a coded violent event is not a second event.
  EXPECT_EQ(Summaries(Code("Gondor attacked Rohan in an attack on Arnor.")), (std::vector<std::string>{"GON 190 ROH"}));
}

TEST(EventCoding, ReportedSpeechCodesOnlyTheReportedEvent) {
  EXPECT_EQ(Summaries(Code("Gondor said Arnor attacked Rohan.")), (std::vector<std::string>{"ARN 190 ROH"}));
  // With nothing else coded the statement stays.
  EXPECT_EQ(Summaries(Code("Gondor said nothing to Arnor.")), (std::vector<std::string>{"GON 010 ARN"}));
}

TEST(EventCoding, AStatementThatSomeoneMustActIsADemand) {
  EXPECT_EQ(Summaries(Code("Gondor said that Arnor must attack Rohan.")), (std::vector<std::string>{"GON 100 ARN"}));
  EXPECT_EQ(Summaries(Code("Gondor said that Arnor will attack Rohan.")), (std::vector<std::string>{"ARN 190 ROH"}));
}

TEST(EventCoding, AgreeIsAnIntentAndCompoundSubjectsActOnEachOther) {
  // "agree" → 030 (PLOVER AGREE), the infinitive after it is not coded again, and "X and Y"
  // with no object gives both directions.
  const Document doc = Code("Gondor and Arnor agreed to meet.");
  EXPECT_EQ(Summaries(doc), (std::vector<std::string>{"GON 030 ARN", "ARN 030 GON"}));
  EXPECT_EQ(doc.events[0].plover, "AGREE");
}

TEST(EventCoding, PurposeInfinitivesBelongToTheEarlierEvent) {
  EXPECT_EQ(Summaries(Code("Gondor met Arnor to attack Rohan.")), (std::vector<std::string>{"GON 040 ARN", "ARN 040 GON"}));
  // The same for a gerund after of/for/in/by ("accused X of attacking").
  EXPECT_EQ(Summaries(Code("Gondor rejected Arnor for attacking Rohan.")), (std::vector<std::string>{"GON 120 ARN"}));
  // After a comma a new verb phrase starts.
  EXPECT_EQ(Summaries(Code("Gondor met Arnor, then Rohan decided to attack Arnor.")),
            (std::vector<std::string>{"GON 040 ARN", "ARN 040 GON", "ROH 190 ARN"}));
}

TEST(EventCoding, HedgesLeaveTheCodingToTheComplement) {
  EXPECT_EQ(Summaries(Code("Gondor is expected to attack Arnor.")), (std::vector<std::string>{"GON 190 ARN"}));
  EXPECT_EQ(Summaries(Code("Gondor expected to attack Arnor.")), (std::vector<std::string>{"GON 030 ARN"}));
}

TEST(EventCoding, FutureCooperationIsAPloverAgreement) {
  const Document future = Code("Gondor will restore diplomatic ties with Arnor.");
  ASSERT_EQ(Summaries(future), (std::vector<std::string>{"GON 064 ARN"}));  // CAMEO keeps the act
  EXPECT_EQ(future.events[0].plover, "AGREE");
  EXPECT_NE(std::find(future.events[0].aux.begin(), future.events[0].aux.end(), "future"), future.events[0].aux.end());
  const Document past = Code("Gondor restored diplomatic ties with Arnor.");
  ASSERT_EQ(Summaries(past), (std::vector<std::string>{"GON 064 ARN"}));
  EXPECT_EQ(past.events[0].plover, "COOPERATE");
}

// The sorted aux flags of each event, space-joined ("" when none).
std::vector<std::string> AuxOf(const Document& doc) {
  std::vector<std::string> out;
  for (const auto& e : doc.events) {
    std::vector<std::string> aux = e.aux;
    std::sort(aux.begin(), aux.end());
    std::string joined;
    for (const auto& a : aux) joined += (joined.empty() ? "" : " ") + a;
    out.push_back(joined);
  }
  return out;
}

TEST(EventCoding, ConditionsGiveWayToTheirConsequentsWhichAreHypothetical) {
  // The act a condition conditions is kept, flagged; the condition is background to it.
  const Document unless = Code("Gondor will attack Rohan unless Arnor attacks Rohan.");
  EXPECT_EQ(Summaries(unless), (std::vector<std::string>{"GON 190 ROH"}));
  EXPECT_EQ(AuxOf(unless), (std::vector<std::string>{"future hypothetical"}));
  const Document if_first = Code("If Arnor attacks Rohan, Gondor will attack Arnor.");
  EXPECT_EQ(Summaries(if_first), (std::vector<std::string>{"GON 190 ARN"}));
  EXPECT_EQ(AuxOf(if_first), (std::vector<std::string>{"future hypothetical"}));
  // A condition with no coded consequent stays, flagged.
  const Document alone = Code("If Arnor attacks Rohan, nobody will be surprised.");
  EXPECT_EQ(Summaries(alone), (std::vector<std::string>{"ARN 190 ROH"}));
  EXPECT_EQ(AuxOf(alone), (std::vector<std::string>{"hypothetical"}));
  const Document in_case = Code("Gondor prepared the army in case Arnor attacks Rohan.");
  EXPECT_EQ(AuxOf(in_case), (std::vector<std::string>{"hypothetical"}));
  // A condition in another clause does not reach across the comma.
  const Document other_clause = Code("Gondor attacked Rohan, but nobody knows if it rained.");
  EXPECT_EQ(AuxOf(other_clause), (std::vector<std::string>{""}));
}

TEST(EventCoding, RelativeClausesGiveWayToTheMainEvent) {
  EXPECT_EQ(Summaries(Code("Gondor attacked Rohan, which attacked Arnor.")), (std::vector<std::string>{"GON 190 ROH"}));
  // Alone, the relative clause's event stays.
  EXPECT_EQ(Summaries(Code("The army of Rohan, which attacked Arnor, was tired.")).size(), 1u);
}

TEST(EventCoding, PossibilityModalsAreHypotheticalWillIsFuture) {
  EXPECT_EQ(AuxOf(Code("Gondor could attack Rohan.")), (std::vector<std::string>{"hypothetical"}));
  EXPECT_EQ(AuxOf(Code("Gondor might not attack Rohan.")), (std::vector<std::string>{"hypothetical negation"}));
  EXPECT_EQ(AuxOf(Code("Gondor may attack Rohan.")), (std::vector<std::string>{"hypothetical"}));
  EXPECT_EQ(AuxOf(Code("Gondor would have attacked Rohan.")), (std::vector<std::string>{"hypothetical"}));
  EXPECT_EQ(AuxOf(Code("Gondor will attack Rohan.")), (std::vector<std::string>{"future"}));
  EXPECT_EQ(AuxOf(Code("Gondor attacked Rohan.")), (std::vector<std::string>{""}));
}

TEST(EventCoding, RejectAndRefuseAreRejections) {
  const Document doc = Code("Gondor rejected Arnor.");
  EXPECT_EQ(Summaries(doc), (std::vector<std::string>{"GON 120 ARN"}));
  EXPECT_EQ(doc.events[0].plover, "REJECT");
}

TEST(EventCoding, TheComplementOfARefusalOrDenialIsNegated) {
  const Document refused = Code("Gondor refused to attack Arnor.");
  EXPECT_EQ(Summaries(refused), (std::vector<std::string>{"GON 120 ARN", "GON 190 ARN"}));
  EXPECT_EQ(AuxOf(refused), (std::vector<std::string>{"", "negation"}));
  // "fail" and "deny" are no verbs of the test dictionary: the complement is still negated.
  const Document failed = Code("Gondor failed to attack Arnor.");
  EXPECT_EQ(Summaries(failed), (std::vector<std::string>{"GON 190 ARN"}));
  EXPECT_EQ(AuxOf(failed), (std::vector<std::string>{"negation"}));
  EXPECT_EQ(AuxOf(Code("Gondor denied attacking Arnor.")), (std::vector<std::string>{"negation"}));
  EXPECT_EQ(AuxOf(Code("Gondor denied that it attacked Arnor.")), (std::vector<std::string>{"negation"}));
  // A denial in an earlier clause does not reach past "and".
  EXPECT_EQ(AuxOf(Code("Gondor denied the report and attacked Arnor.")), (std::vector<std::string>{""}));
}

TEST(EventCoding, CompoundMembersMayCarryModifiers) {
  EXPECT_EQ(Summaries(Code("Gondor and the evil awful Arnor attacked Rohan.")),
            (std::vector<std::string>{"GON 190 ROH", "ARN 190 ROH"}));
  // A verb between them ends the compound.
  EXPECT_EQ(Summaries(Code("Gondor attacked Rohan and then struck Arnor.")),
            (std::vector<std::string>{"GON 190 ROH", "ROH 190 ARN"}));
}

TEST(EventCoding, AReciprocalCodeOverACompoundIsNotRepeated) {
  EXPECT_EQ(Summaries(Code("Gondor and Arnor talked.")), (std::vector<std::string>{"GON 040 ARN", "ARN 040 GON"}));
}

TEST(EventCoding, ThreatsKeepTheirCodeDecisionsDeferToTheComplement) {
  EXPECT_EQ(Summaries(Code("Gondor threatened to attack Arnor.")), (std::vector<std::string>{"GON 130 ARN"}));
  EXPECT_EQ(Summaries(Code("Gondor decided to attack Arnor.")), (std::vector<std::string>{"GON 190 ARN"}));
}

TEST(EventCoding, ObjectsAreNotLookedForInTheNextClause) {
  EXPECT_EQ(Summaries(Code("Gondor and Arnor agreed but Rohan attacked Arnor.")),
            (std::vector<std::string>{"GON 030 ARN", "ARN 030 GON", "ROH 190 ARN"}));
}

TEST(EventCoding, BareAgentsUsedAsModifiersAreNotParticipants) {
  // "militia positions": the agent is an adjective, so the attack has no target.
  EXPECT_TRUE(Code("Gondor attacked militia positions near Arnor.").events.empty());
  EXPECT_EQ(Summaries(Code("Gondor attacked the militia.")), (std::vector<std::string>{"GON 190 UAF"}));
}

TEST(EventCoding, NegationIsMarked) {
  const Document doc = Code("Gondor did not attack Arnor.");
  ASSERT_EQ(doc.events.size(), 1u);
  EXPECT_EQ(doc.events[0].aux, (std::vector<std::string>{"negation"}));
}

TEST(EventCoding, DiscardsSkipSentencesAndStories) {
  EXPECT_TRUE(Code("Gondor attacked Arnor in the football match.").events.empty());
  EXPECT_EQ(Code("Gondor attacked Arnor. The football match ended.").events.size(), 1u);
  EXPECT_TRUE(Code("Gondor attacked Arnor. Try the crossword puzzle.").events.empty());
}

TEST(EventCoding, MapsCameoToPloverQuadAndGoldstein) {
  const Document doc = Code("Gondor fired mortar shells at Arnor.");
  ASSERT_EQ(doc.events.size(), 1u);
  const Event& e = doc.events[0];
  EXPECT_EQ(e.plover, "ASSAULT");
  EXPECT_EQ(e.mode, "firearms");
  EXPECT_EQ(e.context, (std::vector<std::string>{"military", "legal"}));
  EXPECT_EQ(e.quad_class, 4);
  EXPECT_DOUBLE_EQ(e.goldstein, -10.0);
  EXPECT_EQ(e.date, "2021-07-08");
  ASSERT_EQ(e.actors.size(), 1u);
  EXPECT_EQ(e.actors[0].text, "Gondor");
  EXPECT_EQ(e.actors[0].begin, 0u);
  EXPECT_EQ(e.actors[0].end, 6u);
  // 010 (statement) has no PLOVER type in the 2021 table: the event is kept with an empty type.
  const Document said = Code("Gondor said Arnor was fine.");
  ASSERT_FALSE(said.events.empty());
  EXPECT_EQ(said.events[0].cameo, "010");
  EXPECT_EQ(said.events[0].plover, "");
  EXPECT_EQ(said.events[0].quad_class, 1);
}

TEST(EventCoding, DescribeFallsBackToTheParentCode) {
  StageConfig config;
  config.data_dir = TestDataDir();
  auto coder = EventCoder::Create(config);
  ASSERT_TRUE(coder.ok());
  const CameoInfo info = coder.value()->Describe("1931");
  EXPECT_EQ(info.plover, "ASSAULT");
  EXPECT_DOUBLE_EQ(info.goldstein, -10.0);
  EXPECT_EQ(info.quad_class, 4);
}

TEST(EventCoding, UserVerbDictionaryReplacesTheShippedOne) {
  StageConfig config;
  config.data_dir = TestDataDir();
  config.verb_dictionaries = {kDir + "bad.verbs.txt"};
  EXPECT_FALSE(EventCoder::Create(config).ok());
  config.verb_dictionaries = {kDir + "test.verbs.txt"};
  config.replace_dictionaries = true;
  EXPECT_TRUE(EventCoder::Create(config).ok());
}

TEST(EventCoding, ShippedDictionariesCodeCommonSentences) {
  const std::string shipped = std::string(DYAD_TEST_DIR) + "/../data";
  EXPECT_EQ(Summaries(Code("Iraq's parliament voted to expel US troops.", shipped)),
            (std::vector<std::string>{"IRQLEG 174 USAMIL"}));
  const Document doc = Code("Three rockets were fired at the US embassy in Baghdad.", shipped);
  ASSERT_FALSE(doc.events.empty());
  EXPECT_EQ(doc.events[0].plover, "ASSAULT");
  EXPECT_TRUE(doc.events[0].actors.empty());
  ASSERT_EQ(doc.events[0].recipients.size(), 1u);
  EXPECT_EQ(doc.events[0].recipients[0].code, "USAGOV");
}

TEST(EventCoding, OddDocumentsDoNotCrash) {
  StageConfig config;
  config.data_dir = TestDataDir();
  auto actors = ActorMatcher::Create(config);
  auto events = EventCoder::Create(config);
  ASSERT_TRUE(actors.ok() && events.ok());
  Document doc;
  doc.text = "Gondor attacked";
  const auto token = [](const std::string& text, uint32_t begin, uint32_t end) {
    Token t;
    t.text = text;
    t.begin = begin;
    t.end = end;
    return t;
  };
  const auto sentence = [](uint32_t first, uint32_t end) {
    Sentence s;
    s.first_token = first;
    s.end_token = end;
    return s;
  };
  doc.tokens = {token("Gondor", 0, 6), token("", 6, 6), token("attacked", 7, 15), token("'s", 15, 15)};
  // A sentence running past the last token, an empty one, and one out of range.
  doc.sentences = {sentence(0, 9), sentence(4, 4), sentence(7, 3)};
  actors.value()->Annotate(doc);
  events.value()->Annotate(doc);
  EXPECT_EQ(doc.actors.size(), 1u);
  Document empty;
  actors.value()->Annotate(empty);
  events.value()->Annotate(empty);
  EXPECT_TRUE(empty.events.empty());
}

TEST(EventCoding, StagesRunInAPipeline) {
  StageConfig config;
  config.data_dir = TestDataDir();
  auto pipeline = Pipeline::Create({"normalize", "tokenize", "segment", "actors", "events"}, config);
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
  Document doc;
  doc.text = "Gondor attacked Arnor.";
  ASSERT_TRUE(pipeline.value().Process(doc).ok());
  EXPECT_EQ(Summaries(doc), (std::vector<std::string>{"GON 190 ARN"}));
}

}  // namespace
}  // namespace dyad
