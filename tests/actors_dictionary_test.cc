// Tests for the TABARI/PETRARCH actor, agent and discard readers and the compiled lexicon.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "dyad/dictionaries.h"

namespace dyad {
namespace {

const std::string kDir = std::string(DYAD_TEST_DIR) + "/data/coder/";

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("dyad_coder_" + name)).string();
}

const ActorEntry* FindActor(const std::vector<ActorEntry>& entries, const std::vector<std::string>& words) {
  for (const auto& e : entries) {
    if (e.phrase.words == words) return &e;
  }
  return nullptr;
}

TEST(ActorDictionary, ReadsNamesSynonymsAndCodes) {
  std::vector<ActorEntry> actors;
  ASSERT_TRUE(ReadActorDictionary(kDir + "test.actors.txt", &actors).ok());
  const ActorEntry* us = FindActor(actors, {"us"});
  ASSERT_NE(us, nullptr);
  ASSERT_EQ(us->codes.size(), 1u);
  EXPECT_EQ(us->codes[0].code, "USA");
  EXPECT_FALSE(us->phrase.stem_last);  // "US_" is exact
  EXPECT_EQ(us->source.file, "test.actors.txt");
  EXPECT_EQ(us->source.line, 3u);
  const ActorEntry* congress = FindActor(actors, {"united", "states", "congress"});
  ASSERT_NE(congress, nullptr);
  EXPECT_EQ(congress->codes[0].code, "USALEG");
  const ActorEntry* argentina = FindActor(actors, {"argentin"});
  ASSERT_NE(argentina, nullptr);
  EXPECT_TRUE(argentina->phrase.stem_last);
}

TEST(ActorDictionary, ReadsDateBoundedCodesOnFollowingLines) {
  std::vector<ActorEntry> actors;
  ASSERT_TRUE(ReadActorDictionary(kDir + "test.actors.txt", &actors).ok());
  const ActorEntry* theoden = FindActor(actors, {"theoden"});
  ASSERT_NE(theoden, nullptr);
  ASSERT_EQ(theoden->codes.size(), 2u);
  EXPECT_EQ(theoden->codes[0].code, "ROHGOV");
  EXPECT_EQ(theoden->codes[0].from, 20000101);
  EXPECT_EQ(theoden->codes[0].to, 20101231);
  EXPECT_EQ(theoden->codes[1].code, "ROHELI");
  EXPECT_EQ(theoden->codes[1].from, 0);
  const ActorEntry* saruman = FindActor(actors, {"saruman"});
  ASSERT_NE(saruman, nullptr);
  ASSERT_EQ(saruman->codes.size(), 2u);
  EXPECT_EQ(saruman->codes[0].to, 19991231);
  EXPECT_EQ(saruman->codes[1].from, 20000101);
}

TEST(ActorDictionary, ParsesSixDigitDates) {
  const std::string path = TempPath("six.actors.txt");
  std::ofstream(path) << "OLD_LEADER_ [XYZGOV 950601-050101]\n+FUTURE_ [XYZ >250101]\n";
  std::vector<ActorEntry> actors;
  ASSERT_TRUE(ReadActorDictionary(path, &actors).ok());
  ASSERT_EQ(actors.size(), 2u);
  EXPECT_EQ(actors[0].codes[0].from, 19950601);
  EXPECT_EQ(actors[0].codes[0].to, 20050101);
  EXPECT_EQ(actors[0].codes[1].from, 20250101);
}

TEST(ActorDictionary, MalformedLineNamesFileAndLine) {
  std::vector<ActorEntry> actors;
  Status status = ReadActorDictionary(kDir + "bad.actors.txt", &actors);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("bad.actors.txt:3"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("unclosed"), std::string::npos) << status.message();
}

TEST(ActorDictionary, MalformedLinesCanBeSkippedWithWarnings) {
  std::vector<ActorEntry> actors;
  std::vector<std::string> warnings;
  ASSERT_TRUE(ReadActorDictionary(kDir + "bad.actors.txt", &actors, &warnings).ok());
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("bad.actors.txt:3"), std::string::npos);
  EXPECT_NE(warnings[1].find("bad.actors.txt:4"), std::string::npos);
  EXPECT_NE(FindActor(actors, {"minas", "tirith"}), nullptr);
}

TEST(ActorDictionary, MissingFileIsAnError) {
  std::vector<ActorEntry> actors;
  EXPECT_FALSE(ReadActorDictionary(kDir + "no-such-file.txt", &actors).ok());
}

TEST(AgentDictionary, ExpandsSubstitutionsAndPlurals) {
  std::vector<AgentEntry> agents;
  ASSERT_TRUE(ReadAgentDictionary(kDir + "test.agents.txt", &agents).ok());
  auto has = [&](const std::vector<std::string>& words, const std::string& code) {
    for (const auto& a : agents) {
      if (a.phrase.words == words && a.code == code) return true;
    }
    return false;
  };
  EXPECT_TRUE(has({"militia"}, "~UAF"));
  EXPECT_TRUE(has({"militias"}, "~UAF"));       // regular plural
  EXPECT_TRUE(has({"spokesperson"}, "~MED"));   // !PERSON! substitution
  EXPECT_TRUE(has({"spokesmen"}, "~MED"));
  EXPECT_TRUE(has({"geese"}, "~GGS"));          // explicit plural
  EXPECT_FALSE(has({"gooses"}, "~GGS"));
  EXPECT_TRUE(has({"police"}, "~COP"));
  EXPECT_FALSE(has({"polices"}, "~COP"));       // {} = no plural
  EXPECT_TRUE(has({"human", "rights", "body"}, "NGO~"));
}

TEST(AgentDictionary, MalformedLinesAreReported) {
  std::vector<AgentEntry> agents;
  Status status = ReadAgentDictionary(kDir + "bad.agents.txt", &agents);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("bad.agents.txt:2"), std::string::npos) << status.message();
  std::vector<std::string> warnings;
  agents.clear();
  ASSERT_TRUE(ReadAgentDictionary(kDir + "bad.agents.txt", &agents, &warnings).ok());
  EXPECT_EQ(warnings.size(), 2u);
}

TEST(DiscardDictionary, ReadsSentenceAndStoryDiscards) {
  std::vector<DiscardEntry> discards;
  ASSERT_TRUE(ReadDiscardDictionary(kDir + "test.discards.txt", &discards).ok());
  ASSERT_EQ(discards.size(), 2u);
  EXPECT_EQ(discards[0].phrase.words, (std::vector<std::string>{"football", "match"}));
  EXPECT_FALSE(discards[0].story);
  EXPECT_TRUE(discards[1].story);
}

TEST(Vocabulary, AddsAndFindsWords) {
  Vocabulary vocabulary;
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(vocabulary.Add("w" + std::to_string(i)), static_cast<uint32_t>(i));
  EXPECT_EQ(vocabulary.Add("w17"), 17u);
  EXPECT_EQ(vocabulary.Find("w999"), 999);
  EXPECT_EQ(vocabulary.Find("nope"), -1);
  EXPECT_EQ(vocabulary.Word(42), "w42");
}

TEST(CompiledActors, RoundTripsThroughBinaryFile) {
  std::vector<ActorEntry> actors;
  std::vector<AgentEntry> agents;
  ASSERT_TRUE(ReadActorDictionary(kDir + "test.actors.txt", &actors).ok());
  ASSERT_TRUE(ReadAgentDictionary(kDir + "test.agents.txt", &agents).ok());
  const std::string path = TempPath("roundtrip.actors.bin");
  ASSERT_TRUE(SaveActorData(BuildActorData(actors, agents, {{"USA", "USA"}}), path).ok());
  auto loaded = LoadActorData(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const PhraseLexicon& lex = loaded.value()->actors;
  EXPECT_EQ(lex.size(), actors.size());
  const int32_t united = lex.vocabulary().Find("united");
  const int32_t states = lex.vocabulary().Find("states");
  ASSERT_GE(united, 0);
  ASSERT_GE(states, 0);
  auto [begin, end] = lex.PairCandidates(static_cast<uint32_t>(united), static_cast<uint32_t>(states));
  ASSERT_EQ(end - begin, 2);  // united states congress, united states
  // Longest first.
  EXPECT_EQ(lex.phrase(*begin).word_count, 3);
  EXPECT_EQ(lex.Evidence(lex.phrase(*begin)), "test.actors.txt:7 united_states_congress");
  const int32_t argentin = lex.vocabulary().Find("argentin");
  ASSERT_GE(argentin, 0);
  EXPECT_TRUE(lex.IsStemKey(static_cast<uint32_t>(argentin)));
  auto [single_begin, single_end] = lex.SingleCandidates(static_cast<uint32_t>(argentin));
  ASSERT_EQ(single_end - single_begin, 1);
  EXPECT_EQ(loaded.value()->countries.at("USA"), "USA");
  EXPECT_EQ(loaded.value()->agents.size(), agents.size());
}

TEST(CompiledActors, CorruptFileIsAnErrorNotACrash) {
  const std::string path = TempPath("corrupt.actors.bin");
  std::ofstream(path, std::ios::binary) << "DYADACTR garbage";
  EXPECT_FALSE(LoadActorData(path).ok());
  EXPECT_FALSE(LoadActorData(TempPath("missing.actors.bin")).ok());
}

TEST(ShippedDictionaries, LoadQuickly) {
  const std::string dir = std::string(DYAD_TEST_DIR) + "/../data/dict/";
  auto actors = LoadActorData(dir + "actors.bin");
  ASSERT_TRUE(actors.ok()) << actors.status().message();
  EXPECT_GT(actors.value()->actors.size(), 30000u);
  EXPECT_GT(actors.value()->agents.size(), 4000u);
  EXPECT_EQ(actors.value()->countries.at("IRQ"), "IRQ");
  auto events = LoadEventData(dir + "events.bin");
  ASSERT_TRUE(events.ok()) << events.status().message();
  EXPECT_GT(events.value()->verbs.blocks.size(), 300u);
  EXPECT_EQ(events.value()->cameo.at("190").plover, "ASSAULT");
  EXPECT_DOUBLE_EQ(events.value()->cameo.at("190").goldstein, -10.0);
}

}  // namespace
}  // namespace dyad
