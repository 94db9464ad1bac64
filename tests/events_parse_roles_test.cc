// Parse-based roles, modality and attribution of the events stage (full pipeline: the tagger and
// parser run before the coder).
#include <gtest/gtest.h>

#include <algorithm>

#include "dyad/pipeline.h"

namespace dyad {
namespace {

Document Code(const std::string& text) {
  static const auto pipeline = Pipeline::Create(FullStageNames(), [] {
    StageConfig config;
    config.data_dir = DefaultDataDir();
    return config;
  }());
  EXPECT_TRUE(pipeline.ok()) << pipeline.status().message();
  Document doc;
  doc.id = "t";
  doc.date = "2021-07-08";
  doc.text = text;
  EXPECT_TRUE(pipeline.value().Process(doc).ok());
  return doc;
}

std::string Source(const Event& e) { return e.actors.empty() ? "-" : e.actors[0].code; }
std::string Target(const Event& e) { return e.recipients.empty() ? "-" : e.recipients[0].code; }

TEST(ParseRoles, AppositionGivesTheSpokesmansOrganisation) {
  const Document doc = Code("Abu Ali al-Askary, a spokesman for Kataib Hezbollah, accused the United States of killing Iraqi fighters.");
  ASSERT_EQ(doc.events.size(), 1u);
  EXPECT_EQ(doc.events[0].plover, "ACCUSE");
  EXPECT_EQ(Source(doc.events[0]), "IRQUAFMED");
  EXPECT_EQ(Target(doc.events[0]), "USA");
}

TEST(ParseRoles, PassiveAgentIsTheSource) {
  const Document doc = Code("The US embassy was attacked by Kataib Hezbollah.");
  ASSERT_EQ(doc.events.size(), 1u);
  EXPECT_EQ(Source(doc.events[0]), "IRQUAF");
  EXPECT_EQ(Target(doc.events[0]), "USAGOV");
}

TEST(ParseRoles, FiringAWeaponIsAnArmedAttackWithoutSource) {
  const Document doc = Code("Three rockets were fired at the US embassy in Baghdad.");
  ASSERT_EQ(doc.events.size(), 1u);
  EXPECT_EQ(doc.events[0].cameo, "190");
  EXPECT_EQ(Source(doc.events[0]), "-");
  EXPECT_EQ(Target(doc.events[0]), "USAGOV");
}

TEST(ParseRoles, TaggedNounIsNoVerbEvent) {
  EXPECT_TRUE(Code("The support is overblown by US officials.").events.empty());
}

TEST(ParseRoles, DemandComplementIsNotCodedAndDemandIsTenX) {
  const Document doc = Code("China demanded that the United States cancel plans to sell weapons to Taiwan.");
  ASSERT_FALSE(doc.events.empty());
  for (const Event& e : doc.events) {
    EXPECT_EQ(e.cameo.substr(0, 2), "10") << e.evidence;
    EXPECT_EQ(Source(e), "CHN");
  }
}

TEST(ParseRoles, NegationStaysFlagged) {
  const Document doc = Code("Turkish troops did not attack the Iraqi army.");
  ASSERT_EQ(doc.events.size(), 1u);
  ASSERT_EQ(doc.events[0].aux.size(), 1u);
  EXPECT_EQ(doc.events[0].aux[0], "negation");
}

bool HasAux(const Event& e, const std::string& flag) { return std::find(e.aux.begin(), e.aux.end(), flag) != e.aux.end(); }

TEST(ParseModality, ConditionsAndConsequentsAreKeptAsHypothetical) {
  for (const char* text : {"If Iran attacks the US embassy, the United States will strike Iran.",
                           "The United States will strike Iran if Iran attacks the US embassy.",
                           "Israel could strike Hamas positions in Gaza."}) {
    const Document doc = Code(text);
    ASSERT_FALSE(doc.events.empty()) << text;
    for (const Event& e : doc.events) EXPECT_TRUE(HasAux(e, "hypothetical")) << text << " " << e.evidence;
  }
  const Document doc = Code("Israel struck Hamas positions in Gaza.");
  ASSERT_EQ(doc.events.size(), 1u);
  EXPECT_TRUE(doc.events[0].aux.empty());
}

TEST(ParseModality, RefusalsAndDenialsNegateTheirComplement) {
  const Document refused = Code("Iraq refused to expel US troops.");
  ASSERT_EQ(refused.events.size(), 2u);
  EXPECT_EQ(refused.events[0].cameo, "120");
  EXPECT_FALSE(HasAux(refused.events[0], "negation"));
  EXPECT_EQ(refused.events[1].cameo, "174");
  EXPECT_TRUE(HasAux(refused.events[1], "negation"));
  EXPECT_EQ(Target(refused.events[1]), "USAMIL");
  // The denial of responsibility (016) stands; the denied attack is flagged.
  const Document denied = Code("Syrian rebels denied attacking the Turkish embassy.");
  ASSERT_EQ(denied.events.size(), 2u);
  EXPECT_EQ(denied.events[0].cameo, "016");
  EXPECT_EQ(Source(denied.events[0]), "SYRREB");
  EXPECT_FALSE(HasAux(denied.events[0], "negation"));
  EXPECT_EQ(denied.events[1].cameo.substr(0, 2), "19");
  EXPECT_TRUE(HasAux(denied.events[1], "negation"));
}

TEST(Attribution, ReportingVerbAndAccordingTo) {
  EXPECT_EQ(Code("Iraqi officials said Kataib Hezbollah attacked the US embassy.").events.at(0).attribution,
            "Iraqi officials");
  EXPECT_EQ(Code("Kataib Hezbollah attacked the US embassy, Iraqi officials said.").events.at(0).attribution,
            "Iraqi officials");
  EXPECT_EQ(Code("According to Newsweek, Kataib Hezbollah attacked the US embassy.").events.at(0).attribution,
            "Newsweek");
  EXPECT_EQ(Code("Kataib Hezbollah attacked the US embassy.").events.at(0).attribution, "");
}

}  // namespace
}  // namespace dyad
