// Tests for the "actors" stage: longest match, plurals, possessives, adjectives, agents,
// date-bounded codes, and the shipped dictionaries.
#include <gtest/gtest.h>

#include <filesystem>

#include "dyad/coder.h"
#include "dyad/dictionaries.h"
#include "dyad/text.h"

namespace dyad {
namespace {

const std::string kDir = std::string(DYAD_TEST_DIR) + "/data/coder/";

Document MakeDoc(const std::string& text, const std::string& date = "") {
  Document doc;
  doc.text = text;
  doc.date = date;
  Tokenize(doc.text, TokenizerOptions{}, &doc.tokens, &doc.sentences);
  return doc;
}

// Compiles the test dictionaries into a temporary data directory once.
std::string TestDataDir() {
  static const std::string dir = [] {
    const auto root = std::filesystem::temp_directory_path() / "dyad_coder_actors_data";
    std::filesystem::create_directories(root / "dict");
    std::vector<ActorEntry> actors;
    std::vector<AgentEntry> agents;
    EXPECT_TRUE(ReadActorDictionary(kDir + "test.actors.txt", &actors).ok());
    EXPECT_TRUE(ReadAgentDictionary(kDir + "test.agents.txt", &agents).ok());
    EXPECT_TRUE(SaveActorData(BuildActorData(actors, agents, {{"USA", "USA"}, {"IRQ", "IRQ"}, {"ARG", "ARG"}}),
                              (root / kActorDataFile).string())
                    .ok());
    return root.string();
  }();
  return dir;
}

std::shared_ptr<const ActorMatcher> TestMatcher() {
  StageConfig config;
  config.data_dir = TestDataDir();
  auto matcher = ActorMatcher::Create(config);
  EXPECT_TRUE(matcher.ok()) << matcher.status().message();
  return matcher.value();
}

// "text=CODE" for each mention, in order.
std::vector<std::string> Mentions(const std::string& text, const std::string& date = "") {
  Document doc = MakeDoc(text, date);
  TestMatcher()->Annotate(doc);
  std::vector<std::string> out;
  for (const auto& m : doc.actors) {
    out.push_back(doc.Slice(doc.tokens[m.first_token].begin, doc.tokens[m.end_token - 1].end) + "=" + m.code);
  }
  return out;
}

TEST(ActorMatching, PrefersTheLongestMatch) {
  EXPECT_EQ(Mentions("The United States Congress met."), (std::vector<std::string>{"United States Congress=USALEG"}));
  EXPECT_EQ(Mentions("The United States agreed."), (std::vector<std::string>{"United States=USA"}));
}

TEST(ActorMatching, ALongerMatchStartingInsideWins) {
  EXPECT_EQ(Mentions("New Gondor City Council met."), (std::vector<std::string>{"Gondor City Council=GONLEG"}));
  EXPECT_EQ(Mentions("New Gondor met."), (std::vector<std::string>{"New Gondor=NGN"}));
}

TEST(ActorMatching, MatchesPluralsPossessivesAndAdjectives) {
  EXPECT_EQ(Mentions("Iraqis protested."), (std::vector<std::string>{"Iraqis=IRQ"}));
  EXPECT_EQ(Mentions("Iraq's parliament voted."), (std::vector<std::string>{"Iraq's parliament=IRQLEG"}));
  EXPECT_EQ(Mentions("Iraq’s parliament voted."), (std::vector<std::string>{"Iraq’s parliament=IRQLEG"}));
  EXPECT_EQ(Mentions("American diplomats left."), (std::vector<std::string>{"American=USA"}));
}

TEST(ActorMatching, CombinesAgentsWithCountries) {
  EXPECT_EQ(Mentions("An Iraqi militia attacked."), (std::vector<std::string>{"Iraqi militia=IRQUAF"}));
  EXPECT_EQ(Mentions("Iraqi Shia militias attacked."), (std::vector<std::string>{"Iraqi Shia militias=IRQUAF"}));
  EXPECT_EQ(Mentions("Rockets hit the US embassy in Baghdad."),
            (std::vector<std::string>{"US embassy=USAGOV", "Baghdad=IRQ"}));
  EXPECT_EQ(Mentions("The embassy in Baghdad was closed."), (std::vector<std::string>{"embassy in Baghdad=IRQGOV"}));
  EXPECT_EQ(Mentions("The troops of the United States left."),
            (std::vector<std::string>{"troops of the United States=USAMIL"}));
  EXPECT_EQ(Mentions("A human rights body of Iraq spoke."),
            (std::vector<std::string>{"human rights body of Iraq=NGOIRQ"}));
  EXPECT_EQ(Mentions("The police arrived."), (std::vector<std::string>{"police=COP"}));
}

TEST(ActorMatching, BareAgentTakesTheOwnerOfItsEarlierMention) {
  EXPECT_EQ(Mentions("The US embassy closed. Rockets hit the embassy."),
            (std::vector<std::string>{"US embassy=USAGOV", "embassy=USAGOV"}));
  EXPECT_EQ(Mentions("Rockets hit the embassy."), (std::vector<std::string>{"embassy=GOV"}));
}

TEST(ActorMatching, BareAgentsTakeTheSentencesSingleCountry) {
  EXPECT_EQ(Mentions("Iraq said the president left."), (std::vector<std::string>{"Iraq=IRQ", "president=IRQGOV"}));
  // Two countries before it: ambiguous, the agent stays country-less.
  EXPECT_EQ(Mentions("Iraq and the US said the president left."),
            (std::vector<std::string>{"Iraq=IRQ", "US=USA", "president=GOV"}));
  // A country after the agent does not count, nor does a dateline.
  EXPECT_EQ(Mentions("The president praised Iraq."), (std::vector<std::string>{"president=GOV", "Iraq=IRQ"}));
  EXPECT_EQ(Mentions("BAGHDAD: The president left."), (std::vector<std::string>{"BAGHDAD=IRQ", "president=GOV"}));
}

TEST(ActorMatching, AnAgentAppliesToEveryCountryOfItsConjunction) {
  EXPECT_EQ(Mentions("Lawmakers in Iraq and Argentina met."),
            (std::vector<std::string>{"Lawmakers in Iraq=IRQLEG", "Argentina=ARGLEG"}));
  EXPECT_EQ(Mentions("Lawmakers in Iraq, Argentina and Gondor met."),
            (std::vector<std::string>{"Lawmakers in Iraq=IRQLEG", "Argentina=ARGLEG", "Gondor=GONLEG"}));
  EXPECT_EQ(Mentions("Lawmakers in Iraq met Argentina."),
            (std::vector<std::string>{"Lawmakers in Iraq=IRQLEG", "Argentina=ARG"}));
}

TEST(ActorMatching, TitleAndNameAreOneMention) {
  EXPECT_EQ(Mentions("The Iraqi militia Gondor attacked.", ""), (std::vector<std::string>{"Iraqi militia Gondor=IRQUAF"}));
  EXPECT_EQ(Mentions("The Rohan embassy spokesman Theoden spoke.", "2005-01-01"),
            (std::vector<std::string>{"Rohan embassy=ROHGOV", "spokesman Theoden=ROHGOV"}));
}

TEST(ActorMatching, StemEntriesMatchByPrefix) {
  EXPECT_EQ(Mentions("Argentina and Argentine troops."),
            (std::vector<std::string>{"Argentina=ARG", "Argentine troops=ARGMIL"}));
}

TEST(ActorMatching, DateBoundedRolesFollowTheDocumentDate) {
  EXPECT_EQ(Mentions("Theoden spoke.", "2005-06-01"), (std::vector<std::string>{"Theoden=ROHGOV"}));
  EXPECT_EQ(Mentions("Theoden spoke.", "2015-06-01"), (std::vector<std::string>{"Theoden=ROHELI"}));
  EXPECT_EQ(Mentions("King Theoden spoke.", "2015-06-01"), (std::vector<std::string>{"Theoden=ROHELI"}));
  EXPECT_EQ(Mentions("Saruman spoke.", "1990-01-01"), (std::vector<std::string>{"Saruman=ISEGOV"}));
  EXPECT_EQ(Mentions("Saruman spoke.", "2003-01-01"), (std::vector<std::string>{"Saruman=ISEELI"}));
}

TEST(ActorMatching, NullCodesBlockShorterMatches) {
  EXPECT_TRUE(Mentions("Rivendell is quiet.").empty());
}

TEST(ActorMatching, FillsCountrySectorAndEvidence) {
  Document doc = MakeDoc("The US embassy said so.");
  TestMatcher()->Annotate(doc);
  ASSERT_EQ(doc.actors.size(), 1u);
  EXPECT_EQ(doc.actors[0].country, "USA");
  EXPECT_EQ(doc.actors[0].sector, "GOV");
  EXPECT_EQ(doc.actors[0].evidence, "test.actors.txt:3 us + test.agents.txt:5 embassy");
  Document un = MakeDoc("The UN said so.");
  TestMatcher()->Annotate(un);
  ASSERT_EQ(un.actors.size(), 1u);
  EXPECT_EQ(un.actors[0].code, "IGOUNO");
  EXPECT_EQ(un.actors[0].country, "");
}

TEST(ActorMatching, UserDictionariesCanReplaceTheShippedOnes) {
  StageConfig config;
  config.data_dir = TestDataDir();
  config.actor_dictionaries = {kDir + "bad.actors.txt"};
  EXPECT_FALSE(ActorMatcher::Create(config).ok());  // strict: malformed user file is an error
  config.actor_dictionaries = {kDir + "test.actors.txt"};
  config.replace_dictionaries = true;
  auto matcher = ActorMatcher::Create(config);
  ASSERT_TRUE(matcher.ok()) << matcher.status().message();
  Document doc = MakeDoc("Gondor and the militia met.");
  matcher.value()->Annotate(doc);
  ASSERT_EQ(doc.actors.size(), 1u);  // no agents: the user gave none
  EXPECT_EQ(doc.actors[0].code, "GON");
}

TEST(ActorMatching, ShippedDictionariesFindCommonActors) {
  StageConfig config;
  config.data_dir = std::string(DYAD_TEST_DIR) + "/../data";
  auto matcher = ActorMatcher::Create(config);
  ASSERT_TRUE(matcher.ok()) << matcher.status().message();
  Document doc = MakeDoc("The Iraqi militia fired at the US embassy in Baghdad while Iraq's parliament met.",
                         "2021-07-08");
  matcher.value()->Annotate(doc);
  std::vector<std::string> codes;
  for (const auto& m : doc.actors) codes.push_back(m.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"IRQUAF", "USAGOV", "IRQ", "IRQLEG"}));
  EXPECT_EQ(doc.actors[1].country, "USA");
}

}  // namespace
}  // namespace dyad
