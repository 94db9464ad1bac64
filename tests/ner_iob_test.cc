#include <gtest/gtest.h>

#include <sstream>

#include "dyad/ner.h"

namespace dyad {
namespace {

const std::string kDataDir = std::string(DYAD_TEST_DIR) + "/data/ner";

Result<std::vector<NerSentence>> Parse(const std::string& text, const IobReadOptions& options = {}) {
  std::istringstream in(text);
  return ParseIob(in, "test.iob2", options);
}

TEST(NerIob, ReadsUnerColumnsCommentsAndSentenceBreaks) {
  auto sentences = Parse(
      "# sent_id = a\n"
      "1\tAl\tB-ORG\t-\tstephen\n"
      "2\t-\tI-ORG\t-\tstephen\n"
      "3\tZaman\tI-ORG\t-\tstephen\n"
      "4\t:\tO\n"
      "\n"
      "# sent_id = b\n"
      "1\tQaim\tB-LOC\t-\tstephen\n");
  ASSERT_TRUE(sentences.ok()) << sentences.status().message();
  ASSERT_EQ(sentences->size(), 2u);
  EXPECT_EQ(sentences.value()[0].words, (std::vector<std::string>{"Al", "-", "Zaman", ":"}));
  EXPECT_EQ(sentences.value()[0].tags, (std::vector<std::string>{"B-ORG", "I-ORG", "I-ORG", "O"}));
  EXPECT_EQ(sentences.value()[1].words, (std::vector<std::string>{"Qaim"}));
}

TEST(NerIob, RepairsIob1AndMapsTypeNames) {
  auto sentences = Parse(
      "-DOCSTART- O\n"
      "\n"
      "The I-ORG\n"
      "Mad I-ORG\n"
      "Capsule I-ORG\n"
      "met O\n"
      "Ann I-PER\n"
      "Smith I-PER\n"
      "Bob I-person\n"
      "Acme\tB-corporation\n");
  ASSERT_TRUE(sentences.ok()) << sentences.status().message();
  ASSERT_EQ(sentences->size(), 1u);
  EXPECT_EQ(sentences.value()[0].tags, (std::vector<std::string>{"B-ORG", "I-ORG", "I-ORG", "O", "B-PER", "I-PER",
                                                            "I-PER", "B-ORG"}));
}

TEST(NerIob, DropsRequestedTypes) {
  IobReadOptions options;
  options.drop_types = {"MISC"};
  auto sentences = Parse("German B-MISC\nbeer I-MISC\nin O\nBonn B-LOC\n", options);
  ASSERT_TRUE(sentences.ok());
  EXPECT_EQ(sentences.value()[0].tags, (std::vector<std::string>{"O", "O", "O", "B-LOC"}));
}

TEST(NerIob, MalformedLinesNameFileAndLine) {
  auto bad_tag = ReadIob(kDataDir + "/malformed.iob2");
  ASSERT_FALSE(bad_tag.ok());
  EXPECT_NE(bad_tag.status().message().find("malformed.iob2:6"), std::string::npos) << bad_tag.status().message();
  EXPECT_NE(bad_tag.status().message().find("X-LOC"), std::string::npos);

  auto columns = Parse("Kabul B-LOC\nthree fields here\n");
  ASSERT_FALSE(columns.ok());
  EXPECT_NE(columns.status().message().find("test.iob2:2"), std::string::npos) << columns.status().message();

  auto type = Parse("Kabul B-PLACE\n");
  ASSERT_FALSE(type.ok());
  EXPECT_NE(type.status().message().find("unknown entity type 'PLACE'"), std::string::npos);

  auto missing = ReadIob(kDataDir + "/no-such-file.iob2");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no-such-file.iob2"), std::string::npos);
}

TEST(NerIob, CanonicalTypes) {
  EXPECT_EQ(CanonicalEntityType("person"), "PER");
  EXPECT_EQ(CanonicalEntityType("group"), "ORG");
  EXPECT_EQ(CanonicalEntityType("GPE"), "LOC");
  EXPECT_EQ(CanonicalEntityType("creative-work"), "MISC");
  EXPECT_EQ(CanonicalEntityType("weather"), "");
}

std::string Spans(const std::vector<std::string>& tags) {
  std::string out;
  for (const Entity& e : DecodeBioSpans(tags)) {
    out += e.type + "[" + std::to_string(e.first_token) + "," + std::to_string(e.end_token) + ")";
  }
  return out;
}

TEST(NerIob, DecodesSpans) {
  EXPECT_EQ(Spans({"B-PER", "I-PER", "O", "B-LOC"}), "PER[0,2)LOC[3,4)");
  // An I- without a B- starts an entity; a type change inside starts a new one.
  EXPECT_EQ(Spans({"O", "I-LOC", "I-LOC"}), "LOC[1,3)");
  EXPECT_EQ(Spans({"B-PER", "I-ORG"}), "PER[0,1)ORG[1,2)");
  // Adjacent B- tags are separate entities.
  EXPECT_EQ(Spans({"B-LOC", "B-LOC", "I-LOC"}), "LOC[0,1)LOC[1,3)");
  EXPECT_EQ(Spans({"O", "O"}), "");
  EXPECT_EQ(Spans({}), "");
}

}  // namespace
}  // namespace dyad
