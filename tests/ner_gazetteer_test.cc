#include <gtest/gtest.h>

#include "dyad/ner.h"

namespace dyad {
namespace {

const std::string kDataDir = std::string(DYAD_TEST_DIR) + "/data/ner";

std::vector<uint64_t> Hashes(const std::vector<std::string>& words) {
  std::vector<uint64_t> out;
  for (const std::string& w : words) out.push_back(NerTokenHash(w));
  return out;
}

TEST(NerGazetteer, MatchesLongestNamesCaseInsensitively) {
  NerGazetteer g;
  g.AddName("Popular_Mobilization_Forces", kNerOrg);
  g.AddName("Popular Front", kNerOrg);
  g.AddName("Basra", kNerLoc);
  g.AddName("Ban Ki-moon", kNerPer);
  g.Build();
  EXPECT_EQ(g.size(), 4u);
  EXPECT_EQ(g.PhraseTypes("popular mobilization forces"), kNerOrg);
  EXPECT_EQ(g.PhraseTypes("Ban Ki - moon"), kNerPer);
  EXPECT_EQ(g.PhraseTypes("Popular Mobilization"), 0);  // a prefix only
  EXPECT_EQ(g.PhraseTypes("Mosul"), 0);

  std::vector<uint8_t> codes;
  g.MatchPhrases(Hashes({"the", "Popular", "Mobilization", "Forces", "left", "BASRA"}), &codes);
  const uint8_t org = kNerOrg * 8, loc = kNerLoc * 8;
  EXPECT_EQ(codes, (std::vector<uint8_t>{0, uint8_t(org + 1), uint8_t(org + 2), uint8_t(org + 3), 0, uint8_t(loc + 4)}));
  // A longer name that does not complete falls back to the shorter one.
  g.MatchPhrases(Hashes({"Popular", "Mobilization", "left"}), &codes);
  EXPECT_EQ(codes, (std::vector<uint8_t>{0, 0, 0}));
  g.MatchPhrases(Hashes({"Popular", "Front", "fighters"}), &codes);
  EXPECT_EQ(codes, (std::vector<uint8_t>{uint8_t(org + 1), uint8_t(org + 3), 0}));
}

TEST(NerGazetteer, WordLexicon) {
  NerGazetteer g;
  for (const char* name : {"Alpha Forces", "Beta Forces", "Gamma Forces", "Delta Front"}) g.AddName(name, kNerOrg);
  g.AddName("John Smith", kNerPer);
  g.AddName("Kabul", kNerLoc);
  g.Build();
  EXPECT_TRUE(g.WordBits(NerTokenHash("forces")) & NerGazetteer::kOrgLast);
  EXPECT_TRUE(g.WordBits(NerTokenHash("Forces")) & NerGazetteer::kOrgWord);
  EXPECT_FALSE(g.WordBits(NerTokenHash("Front")) & NerGazetteer::kOrgLast);
  EXPECT_TRUE(g.WordBits(NerTokenHash("John")) & NerGazetteer::kPersonFirst);
  EXPECT_TRUE(g.WordBits(NerTokenHash("Smith")) & NerGazetteer::kPersonLast);
  EXPECT_TRUE(g.WordBits(NerTokenHash("kabul")) & NerGazetteer::kLocWord);
  EXPECT_EQ(g.WordBits(NerTokenHash("bread")), 0);
}

TEST(NerGazetteer, ReadsPhoenixActorFiles) {
  NerGazetteer g;
  ASSERT_TRUE(g.AddSource("phoenix:" + kDataDir + "/phoenix_sample.txt").ok());
  ASSERT_TRUE(g.AddSource("phoenix-orgs:" + kDataDir + "/phoenix_orgs_sample.txt").ok());
  g.Build();
  EXPECT_EQ(g.PhraseTypes("Northland National Army"), kNerOrg);
  EXPECT_EQ(g.PhraseTypes("John Q. Example"), kNerPer);
  EXPECT_EQ(g.PhraseTypes("Example"), kNerPer);  // "PRESIDENT_EXAMPLE_" without the title
  EXPECT_EQ(g.PhraseTypes("United Example Nations"), kNerOrg);
  EXPECT_EQ(g.PhraseTypes("Northland"), 0);  // single-word country names come from GeoNames
  EXPECT_EQ(g.PhraseTypes("Northlandian"), 0);
  EXPECT_EQ(g.PhraseTypes("N.L."), kNerLoc);
  EXPECT_EQ(g.PhraseTypes("Republic of Northland"), kNerLoc);
  EXPECT_EQ(g.PhraseTypes("Sample Liberation Tigers"), kNerOrg);
  EXPECT_EQ(g.PhraseTypes("Sample Tigers"), kNerOrg);
  EXPECT_EQ(g.PhraseTypes("SLT Fighters"), kNerOrg);
}

TEST(NerGazetteer, RejectsUnknownSources) {
  NerGazetteer g;
  EXPECT_FALSE(g.AddSource("no-colon").ok());
  EXPECT_FALSE(g.AddSource("wordnet:/tmp/x").ok());
  Status missing = g.AddSource("names-ORG:" + kDataDir + "/missing.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("missing.txt"), std::string::npos);
}

TEST(NerGazetteer, RoundTripsThroughBinaryWriter) {
  NerGazetteer g;
  g.AddName("Syrian Democratic Forces", kNerOrg);
  g.Build();
  BinaryWriter writer;
  g.Write(&writer);
  BinaryReader reader(writer.payload());
  auto copy = NerGazetteer::Read(&reader);
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(copy->PhraseTypes("syrian democratic forces"), kNerOrg);
  EXPECT_EQ(copy->size(), 1u);
  BinaryReader truncated(std::string_view(writer.payload()).substr(0, 12));
  EXPECT_FALSE(NerGazetteer::Read(&truncated).ok());
}

}  // namespace
}  // namespace dyad
