// Tests for the verb dictionary reader, verb inflections, the CAMEO → PLOVER and Goldstein
// tables, and the compiled event data file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "dyad/dictionaries.h"

namespace dyad {
namespace {

const std::string kDir = std::string(DYAD_TEST_DIR) + "/data/coder/";

const VerbBlock* FindBlock(const VerbDictionary& dict, const std::string& name) {
  for (const auto& block : dict.blocks) {
    if (block.name == name) return &block;
  }
  return nullptr;
}

bool HasForm(const VerbEntry& verb, const std::vector<std::string>& form) {
  return std::find(verb.forms.begin(), verb.forms.end(), form) != verb.forms.end();
}

TEST(VerbDictionary, ReadsSynsetsIncludingNestedOnes) {
  VerbDictionary dict;
  ASSERT_TRUE(ReadVerbDictionary(kDir + "test.verbs.txt", &dict).ok());
  ASSERT_EQ(dict.synsets.count("WEAPON"), 1u);
  const auto& weapons = dict.synsets.at("WEAPON");
  EXPECT_NE(std::find(weapons.begin(), weapons.end(), std::vector<std::string>{"mortar", "shell"}), weapons.end());
  // &BOMBS is defined after &WEAPON refers to it; its members are expanded in.
  EXPECT_NE(std::find(weapons.begin(), weapons.end(), std::vector<std::string>{"grenade"}), weapons.end());
}

TEST(VerbDictionary, ReadsBlocksVerbsAndForms) {
  VerbDictionary dict;
  ASSERT_TRUE(ReadVerbDictionary(kDir + "test.verbs.txt", &dict).ok());
  EXPECT_EQ(dict.blocks.size(), 13u);
  const VerbBlock* fire = FindBlock(dict, "FIRE");
  ASSERT_NE(fire, nullptr);
  EXPECT_EQ(fire->code, "190");
  ASSERT_EQ(fire->verbs.size(), 1u);
  EXPECT_TRUE(HasForm(fire->verbs[0], {"fired"}));
  EXPECT_TRUE(HasForm(fire->verbs[0], {"firing"}));
  const VerbBlock* attack = FindBlock(dict, "ATTACK");
  ASSERT_NE(attack, nullptr);
  EXPECT_TRUE(HasForm(attack->verbs[1], {"struck"}));
  EXPECT_FALSE(HasForm(attack->verbs[1], {"striked"}));  // irregular forms replace regular ones
  const VerbBlock* blow = FindBlock(dict, "BLOW");
  ASSERT_NE(blow, nullptr);
  EXPECT_EQ(blow->code, "");  // [---]
  const VerbEntry& blow_up = blow->verbs[0];
  EXPECT_TRUE(HasForm(blow_up, {"blew", "up"}));
  EXPECT_EQ(blow_up.verb_word[0], 0u);
  const VerbBlock* meet = FindBlock(dict, "MEET");
  ASSERT_NE(meet, nullptr);
  EXPECT_EQ(meet->code, "040");
  EXPECT_EQ(meet->reciprocal, "040");
}

TEST(VerbDictionary, ParsesPatternElements) {
  VerbDictionary dict;
  ASSERT_TRUE(ReadVerbDictionary(kDir + "test.verbs.txt", &dict).ok());
  const VerbBlock* fire = FindBlock(dict, "FIRE");
  ASSERT_NE(fire, nullptr);
  ASSERT_EQ(fire->patterns.size(), 4u);
  const VerbPattern& p = fire->patterns[0];
  EXPECT_EQ(p.code, "193");
  EXPECT_TRUE(p.before.empty());
  ASSERT_EQ(p.after.size(), 3u);
  EXPECT_EQ(p.after[0].kind, PatternElementKind::kSynset);
  EXPECT_EQ(p.after[0].text, "WEAPON");
  EXPECT_EQ(p.after[1].kind, PatternElementKind::kWord);
  EXPECT_EQ(p.after[1].text, "at");
  EXPECT_EQ(p.after[2].kind, PatternElementKind::kTarget);
  EXPECT_EQ(p.source.line, 13u);
  const VerbPattern& source = fire->patterns[2];
  EXPECT_EQ(source.after[0].kind, PatternElementKind::kSource);
  const VerbBlock* restore = FindBlock(dict, "RESTORE");
  ASSERT_NE(restore, nullptr);
  const VerbPattern& ties = restore->patterns[0];
  ASSERT_EQ(ties.after.size(), 2u);
  EXPECT_TRUE(ties.after[0].exact);  // DIPLOMATIC_
  EXPECT_FALSE(ties.after[1].joined);
  const VerbBlock* blow = FindBlock(dict, "BLOW");
  const VerbPattern& talks = blow->patterns[0];
  ASSERT_EQ(talks.after.size(), 2u);
  EXPECT_TRUE(talks.after[1].joined);  // {PEACE TALKS} is one phrase
  const VerbBlock* meet = FindBlock(dict, "MEET");
  EXPECT_EQ(meet->patterns[0].before[0].kind, PatternElementKind::kCompound);
  EXPECT_EQ(meet->patterns[0].reciprocal, "043");
}

TEST(VerbDictionary, MalformedPatternsNameFileAndLine) {
  VerbDictionary dict;
  Status status = ReadVerbDictionary(kDir + "bad.verbs.txt", &dict);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("bad.verbs.txt:3"), std::string::npos) << status.message();
  VerbDictionary lenient;
  std::vector<std::string> warnings;
  ASSERT_TRUE(ReadVerbDictionary(kDir + "bad.verbs.txt", &lenient, &warnings).ok());
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[1].find("bad.verbs.txt:4"), std::string::npos);
  EXPECT_NE(warnings[1].find("two '*'"), std::string::npos);
}

TEST(VerbDictionary, RegularInflections) {
  auto has = [](const std::vector<std::string>& forms, const std::string& f) {
    return std::find(forms.begin(), forms.end(), f) != forms.end();
  };
  const auto fire = RegularVerbForms("fire");
  EXPECT_TRUE(has(fire, "fires") && has(fire, "fired") && has(fire, "firing"));
  const auto deny = RegularVerbForms("deny");
  EXPECT_TRUE(has(deny, "denies") && has(deny, "denied") && has(deny, "denying"));
  const auto ban = RegularVerbForms("ban");
  EXPECT_TRUE(has(ban, "banned") && has(ban, "banning") && has(ban, "bans"));
  const auto push = RegularVerbForms("push");
  EXPECT_TRUE(has(push, "pushes") && has(push, "pushed"));
}

TEST(CameoTables, ReadsPloverAndGoldstein) {
  std::map<std::string, CameoInfo> cameo;
  ASSERT_TRUE(ReadPloverTable(kDir + "test.plover.txt", &cameo).ok());
  ASSERT_TRUE(ReadGoldsteinTable(kDir + "test.goldstein.txt", &cameo).ok());
  EXPECT_EQ(cameo.at("193").plover, "ASSAULT");
  EXPECT_EQ(cameo.at("193").mode, "firearms");
  EXPECT_EQ(cameo.at("193").context, (std::vector<std::string>{"military", "legal"}));
  EXPECT_EQ(cameo.at("193").quad_class, 4);
  EXPECT_DOUBLE_EQ(cameo.at("193").goldstein, -10.0);
  EXPECT_EQ(cameo.at("043").mode, "visit");
  EXPECT_EQ(cameo.at("010").plover, "");  // not in the PLOVER table: no event type
  EXPECT_EQ(cameo.count("19"), 0u);       // root rows are headings
}

TEST(CameoTables, QuadClassFromRoot) {
  EXPECT_EQ(QuadClassOfCameo("010"), 1);
  EXPECT_EQ(QuadClassOfCameo("057"), 1);
  EXPECT_EQ(QuadClassOfCameo("0874"), 2);
  EXPECT_EQ(QuadClassOfCameo("112"), 3);
  EXPECT_EQ(QuadClassOfCameo("138"), 3);
  EXPECT_EQ(QuadClassOfCameo("145"), 4);
  EXPECT_EQ(QuadClassOfCameo("204"), 4);
  EXPECT_EQ(QuadClassOfCameo("---"), 0);
}

TEST(CameoTables, BadGoldsteinValueIsAnError) {
  const std::string path = (std::filesystem::temp_directory_path() / "dyad_coder_bad_goldstein.txt").string();
  std::ofstream(path) << "190\t-10.0\n191\tlots\n";
  std::map<std::string, CameoInfo> cameo;
  Status status = ReadGoldsteinTable(path, &cameo);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(":2"), std::string::npos);
}

TEST(CompiledEvents, RoundTripsThroughBinaryFile) {
  VerbDictionary dict;
  std::vector<DiscardEntry> discards;
  std::map<std::string, CameoInfo> cameo;
  ASSERT_TRUE(ReadVerbDictionary(kDir + "test.verbs.txt", &dict).ok());
  ASSERT_TRUE(ReadDiscardDictionary(kDir + "test.discards.txt", &discards).ok());
  ASSERT_TRUE(ReadPloverTable(kDir + "test.plover.txt", &cameo).ok());
  const std::string path = (std::filesystem::temp_directory_path() / "dyad_coder_roundtrip.events.bin").string();
  ASSERT_TRUE(SaveEventData(BuildEventData(dict, discards, cameo), path).ok());
  auto loaded = LoadEventData(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const VerbDictionary& back = loaded.value()->verbs;
  ASSERT_EQ(back.blocks.size(), dict.blocks.size());
  for (size_t b = 0; b < dict.blocks.size(); ++b) {
    EXPECT_EQ(back.blocks[b].name, dict.blocks[b].name);
    EXPECT_EQ(back.blocks[b].code, dict.blocks[b].code);
    ASSERT_EQ(back.blocks[b].verbs.size(), dict.blocks[b].verbs.size());
    for (size_t v = 0; v < dict.blocks[b].verbs.size(); ++v) {
      EXPECT_EQ(back.blocks[b].verbs[v].forms, dict.blocks[b].verbs[v].forms);
    }
    ASSERT_EQ(back.blocks[b].patterns.size(), dict.blocks[b].patterns.size());
    for (size_t p = 0; p < dict.blocks[b].patterns.size(); ++p) {
      EXPECT_EQ(back.blocks[b].patterns[p].text, dict.blocks[b].patterns[p].text);
      EXPECT_EQ(back.blocks[b].patterns[p].after.size(), dict.blocks[b].patterns[p].after.size());
    }
  }
  EXPECT_EQ(back.synsets, dict.synsets);
  EXPECT_EQ(loaded.value()->discards.size(), 2u);
  EXPECT_EQ(loaded.value()->cameo.at("174").mode, "deport");
}

TEST(CompiledEvents, TruncatedFileIsAnError) {
  const std::string path = (std::filesystem::temp_directory_path() / "dyad_coder_truncated.events.bin").string();
  BinaryWriter writer;
  writer.Put<uint32_t>(7);
  ASSERT_TRUE(writer.Save(path, "DYADEVNT", 1).ok());
  auto loaded = LoadEventData(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("malformed"), std::string::npos);
}

}  // namespace
}  // namespace dyad
