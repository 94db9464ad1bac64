// Tests for the "coref" stage: anaphors linked to the actor first named, over hand-made actor
// mentions (so they do not depend on the shipped dictionaries), and end to end.
#include <gtest/gtest.h>

#include "dyad/event_record.h"
#include "dyad/pipeline.h"

namespace dyad {
namespace {

// Tokenises `text` and adds an actor mention for each (phrase, code, country, sector).
struct MentionSpec {
  std::string phrase, code, country, sector;
};

Document Prepare(const std::string& text, const std::vector<MentionSpec>& specs) {
  auto pipeline = Pipeline::Create({"normalize", "tokenize", "segment"}, StageConfig());
  EXPECT_TRUE(pipeline.ok());
  Document doc;
  doc.id = "t";
  doc.text = text;
  EXPECT_TRUE(pipeline.value().Process(doc).ok());
  for (const MentionSpec& spec : specs) {
    // Every occurrence of the phrase (by whole tokens).
    for (uint32_t t = 0; t < doc.tokens.size(); ++t) {
      std::string joined;
      for (uint32_t e = t; e < doc.tokens.size(); ++e) {
        joined += (e == t ? "" : " ") + doc.tokens[e].text;
        if (joined == spec.phrase) {
          ActorMention m;
          m.first_token = t;
          m.end_token = e + 1;
          m.code = spec.code;
          m.country = spec.country;
          m.sector = spec.sector;
          doc.actors.push_back(m);
          break;
        }
        if (joined.size() >= spec.phrase.size()) break;
      }
    }
  }
  std::sort(doc.actors.begin(), doc.actors.end(),
            [](const ActorMention& a, const ActorMention& b) { return a.first_token < b.first_token; });
  return doc;
}

void RunCoref(Document& doc) {
  auto stage = StageRegistry::Global().Create("coref", StageConfig());
  ASSERT_TRUE(stage.ok()) << stage.status().message();
  ASSERT_TRUE(stage.value()->Process(doc).ok());
}

std::string TextOf(const Document& doc, const ActorMention& m) {
  return doc.Slice(doc.tokens[m.first_token].begin, doc.tokens[m.end_token - 1].end);
}

// The mention whose text is `surface` (the n-th such), or nullptr.
const ActorMention* Find(const Document& doc, const std::string& surface, int nth = 0) {
  for (const auto& m : doc.actors) {
    if (TextOf(doc, m) == surface && nth-- == 0) return &m;
  }
  return nullptr;
}

TEST(Coref, GroupResolvesToTheNamedMilitia) {
  Document doc = Prepare(
      "The militia Kataib Hezbollah was founded in 2007. Its leader denied the group had any role in the attacks. "
      "Officials in Baghdad were not convinced.",
      {{"Kataib Hezbollah", "IRQMILKTH", "IRQ", "MILKTH"}, {"Baghdad", "IRQ", "IRQ", ""}});
  RunCoref(doc);
  const ActorMention* group = Find(doc, "the group");
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(group->code, "IRQMILKTH");
  ASSERT_GE(group->antecedent, 0);
  EXPECT_EQ(TextOf(doc, doc.actors[static_cast<size_t>(group->antecedent)]), "Kataib Hezbollah");
}

TEST(Coref, RestatementRightAfterItsAntecedentStaysUnresolved) {
  Document doc = Prepare("The leader of Kataib Hezbollah denied the group had any role.",
                         {{"Kataib Hezbollah", "IRQMILKTH", "IRQ", "MILKTH"}});
  RunCoref(doc);
  EXPECT_EQ(Find(doc, "the group"), nullptr);
}

TEST(Coref, DescriptionThatIntroducesANameIsNotAnAnaphor) {
  Document doc = Prepare("Rebels from the Free Army fought. Later the group Jaysh al-Fath arrived.",
                         {{"Free Army", "SYRREB", "SYR", "REB"}, {"Jaysh al-Fath", "SYRREBJAF", "SYR", "REBJAF"}});
  RunCoref(doc);
  EXPECT_EQ(Find(doc, "the group"), nullptr);
}

TEST(Coref, PronounsFollowPersonsAndGroups) {
  Document doc = Prepare(
      "The Syrian Democratic Forces said Wednesday that they thwarted a drone attack. "
      "Army spokesman Ali Hamid said he expected more attacks. Hamid also met the governor.",
      {{"Syrian Democratic Forces", "SYRREB", "SYR", "REB"}, {"Army spokesman Ali Hamid", "SYRMIL", "SYR", "MIL"}});
  RunCoref(doc);
  const ActorMention* they = Find(doc, "they");
  ASSERT_NE(they, nullptr);
  EXPECT_EQ(they->code, "SYRREB");
  const ActorMention* he = Find(doc, "he");
  ASSERT_NE(he, nullptr);
  EXPECT_EQ(he->code, "SYRMIL");
  EXPECT_EQ(TextOf(doc, doc.actors[static_cast<size_t>(he->antecedent)]), "Army spokesman Ali Hamid");
  const ActorMention* surname = Find(doc, "Hamid", 0);
  ASSERT_NE(surname, nullptr);
  EXPECT_EQ(surname->code, "SYRMIL");
  // Mentions stay in token order.
  for (size_t i = 1; i < doc.actors.size(); ++i) EXPECT_LE(doc.actors[i - 1].first_token, doc.actors[i].first_token);
}

TEST(Coref, NoAntecedentNoMention) {
  Document doc = Prepare("He said they would come. The group left.", {});
  RunCoref(doc);
  EXPECT_TRUE(doc.actors.empty());
}

TEST(Coref, PronounsInsideQuotationsStayUnresolved) {
  Document doc = Prepare("The Free Army fought. \"They will pay,\" a commander said.", {{"Free Army", "SYRREB", "SYR", "REB"}});
  RunCoref(doc);
  EXPECT_EQ(Find(doc, "They"), nullptr);
}

TEST(Coref, SameHeadNounDescription) {
  Document doc = Prepare(
      "The Iraqi foreign ministry summoned the envoy. Later the ministry said talks would go on.",
      {{"Iraqi foreign ministry", "IRQGOV", "IRQ", "GOV"}, {"ministry", "GOV", "", "GOV"}});
  // The second "ministry" is a bare agent match; the first is part of the longer mention.
  doc.actors.erase(std::remove_if(doc.actors.begin(), doc.actors.end(),
                                  [&](const ActorMention& m) { return m.code == "GOV" && m.first_token < 5; }),
                   doc.actors.end());
  RunCoref(doc);
  const ActorMention* ministry = Find(doc, "ministry");
  ASSERT_NE(ministry, nullptr);
  EXPECT_EQ(ministry->code, "IRQGOV");
  EXPECT_GE(ministry->antecedent, 0);
}

TEST(Coref, EndToEndEventGetsTheAntecedent) {
  auto pipeline = Pipeline::Create(DefaultStageNames(), StageConfig());
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
  Document doc;
  doc.id = "e2e";
  doc.date = "2021-07-08";
  doc.text =
      "Kataib Hezbollah is an Iraqi militia. "
      "On Monday the group attacked the US embassy in Baghdad.";
  ASSERT_TRUE(pipeline.value().Process(doc).ok());
  bool found = false;
  for (size_t i = 0; i < doc.events.size(); ++i) {
    const Event& e = doc.events[i];
    if (e.actors.empty() || e.actors[0].text != "the group") continue;
    found = true;
    EXPECT_EQ(e.actors[0].antecedent, "Kataib Hezbollah");
    const nlohmann::json record = EventToJson(doc, i);
    EXPECT_EQ(record["actor"][0]["antecedent"]["text"], "Kataib Hezbollah");
    EXPECT_EQ(record["actor"][0]["antecedent"]["start"], 0);
  }
  EXPECT_TRUE(found) << "no event with 'the group' as actor";
}

}  // namespace
}  // namespace dyad
