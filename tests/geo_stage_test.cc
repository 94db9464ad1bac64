#include <gtest/gtest.h>

#include "dyad/pipeline.h"
#include "dyad/stage.h"

namespace dyad {
namespace {

StageConfig Config() {
  StageConfig config;
  config.data_dir = std::string(DYAD_TEST_DIR) + "/../data";
  return config;
}

Document Annotate(const std::string& text, const std::vector<std::string>& triggers = {}) {
  auto pipeline = Pipeline::Create({"normalize", "tokenize", "time", "geo"}, Config());
  EXPECT_TRUE(pipeline.ok()) << pipeline.status().message();
  Document doc;
  doc.text = text;
  doc.date = "2021-07-08";
  EXPECT_TRUE(pipeline.value().Process(doc).ok());
  if (triggers.empty()) return doc;
  for (const std::string& trigger : triggers) {
    const size_t pos = doc.text.find(trigger);
    EXPECT_NE(pos, std::string::npos) << trigger;
    Event e;
    e.trigger_begin = static_cast<uint32_t>(pos);
    e.trigger_end = static_cast<uint32_t>(pos + trigger.size());
    for (size_t s = 0; s < doc.sentences.size(); ++s) {
      if (doc.sentences[s].begin <= pos) e.sentence = static_cast<uint32_t>(s);
    }
    doc.events.push_back(e);
  }
  EXPECT_TRUE(pipeline.value().Process(doc).ok());
  return doc;
}

const Location* PlaceAt(const Document& doc, const std::string& text, size_t nth = 0) {
  for (const Location& l : doc.places) {
    if (l.text == text && nth-- == 0) return &l;
  }
  return nullptr;
}

TEST(GeoStage, DisambiguatesByQualifierAndFocus) {
  struct Case {
    const char* text;
    const char* toponym;
    int64_t geonameid;
  };
  const Case kCases[] = {
      {"A tornado struck Paris, Texas, damaging homes.", "Paris", 4717560},
      {"Police cleared a camp in Paris on Tuesday.", "Paris", 2988507},
      {"Students marched in London, Ontario, after the attack.", "London", 6058560},
      {"Thousands protested in London against the war.", "London", 2643743},
      {"Clashes erupted in Tripoli between rival groups in northern Lebanon.", "Tripoli", 266826},
      {"Rockets hit the airport in Tripoli as Libyan factions fought.", "Tripoli", 2210247},
      {"Police in Hyderabad arrested suspects after a blast in Sindh province.", "Hyderabad", 1176734},
      {"Voters in Atlanta, Georgia, waited in line.", "Georgia", 4197000},
      {"Protesters in Tbilisi demanded that Georgia resume talks with Brussels.", "Georgia", 614540},
      {"A car bomb exploded in Kirkuk, north of Baghdad.", "Kirkuk", 94787},
      {"Heavy fighting was reported in Kandahar province.", "Kandahar", 1138335},
      // A Syria story that mentions the US does not move Geneva to Illinois.
      {"Syrian government delegates met US envoys in Geneva.", "Geneva", 2660646},
      // Proximity to another place of the document: Petropolis near Rio, not St Petersburg.
      {"Landslides killed dozens in Petropolis near Rio de Janeiro.", "Petropolis", 3454031},
  };
  for (const Case& c : kCases) {
    Document doc = Annotate(c.text);
    const Location* l = PlaceAt(doc, c.toponym);
    ASSERT_NE(l, nullptr) << c.text;
    EXPECT_EQ(l->geonameid, c.geonameid) << c.text << " -> " << l->name << " " << l->country;
  }
}

TEST(GeoStage, WashingtonAsActorIsNotAPlace) {
  Document said = Annotate("Washington said it would impose new sanctions.");
  EXPECT_EQ(PlaceAt(said, "Washington"), nullptr);
  Document place = Annotate("Protesters gathered outside the White House in Washington on Saturday.");
  const Location* l = PlaceAt(place, "Washington");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->geonameid, 4140963);
  EXPECT_EQ(l->precision, "city");
  Document white_house = Annotate("The White House said the talks in Whitehall would go ahead.");
  EXPECT_TRUE(white_house.places.empty());
  Document ankara = Annotate("Ankara summoned the Swedish ambassador.");
  EXPECT_EQ(PlaceAt(ankara, "Ankara"), nullptr);
  Document passive = Annotate("Rebels in Kabul were backed by Washington.");
  EXPECT_NE(PlaceAt(passive, "Washington"), nullptr);
}

TEST(GeoStage, RegionPhrases) {
  Document doc = Annotate("Drones struck a base in eastern Syria and convoys in northern Iraq.");
  const Location* syria = PlaceAt(doc, "eastern Syria");
  ASSERT_NE(syria, nullptr);
  EXPECT_EQ(syria->geonameid, 163843);
  EXPECT_EQ(syria->country, "SYR");
  EXPECT_EQ(syria->precision, "region");
  const Location* iraq = PlaceAt(doc, "northern Iraq");
  ASSERT_NE(iraq, nullptr);
  EXPECT_EQ(iraq->country, "IRQ");
  EXPECT_EQ(iraq->precision, "region");
}

TEST(GeoStage, IgnoresNamesInsideLongerNamesAndCommonWords) {
  Document doc = Annotate("The Washington Post reported that Kataib Hezbollah leader Abu Ali spoke. Most people agreed.");
  EXPECT_TRUE(doc.places.empty()) << doc.places.size() << " " << (doc.places.empty() ? "" : doc.places[0].text);
}

TEST(GeoStage, EventLocationAttachment) {
  // The locative place of the event's own segment wins over an attributive "US".
  Document doc = Annotate("Rockets were fired at the US embassy in Baghdad on Sunday.", {"fired"});
  ASSERT_TRUE(doc.events[0].location);
  EXPECT_EQ(doc.events[0].location->geonameid, 98182);
  // "the embassy" refers back to the embassy placed in an earlier sentence.
  doc = Annotate("Militias denied attacking the US embassy in Baghdad. Early Thursday, three rockets were fired at the "
            "embassy, the fourth day that US facilities in Iraq were targeted.",
            {"fired"});
  ASSERT_TRUE(doc.events[0].location);
  EXPECT_EQ(doc.events[0].location->text, "Baghdad");
  // Region phrase in the same segment.
  doc = Annotate("Kurdish forces said Wednesday that they thwarted a drone attack at a base housing US troops in "
            "eastern Syria.",
            {"thwarted"});
  ASSERT_TRUE(doc.events[0].location);
  EXPECT_EQ(doc.events[0].location->text, "eastern Syria");
  EXPECT_EQ(doc.events[0].location->precision, "region");
  // A dateline places an event whose sentence names no place.
  doc = Annotate("MOSUL, July 8 (Reuters) - Gunmen attacked a checkpoint overnight, police said.", {"attacked"});
  ASSERT_TRUE(doc.events[0].location);
  EXPECT_EQ(doc.events[0].location->geonameid, 99072);
  // No place at all: no location.
  doc = Annotate("Gunmen attacked a checkpoint overnight.", {"attacked"});
  EXPECT_FALSE(doc.events[0].location);
}

TEST(GeoStage, UsesNerAndParseWhenPresent) {
  auto pipeline = Pipeline::Create({"normalize", "tokenize", "geo"}, Config());
  ASSERT_TRUE(pipeline.ok());
  // An NER PER span over a place name removes it.
  Document doc;
  doc.text = "Jackson Paris met reporters in Lyon.";
  ASSERT_TRUE(pipeline.value().Process(doc).ok());
  doc.entities.push_back({0, 2, "PER"});
  ASSERT_TRUE(pipeline.value().Process(doc).ok());
  for (const Location& l : doc.places) EXPECT_NE(l.text, "Paris");
  EXPECT_NE(PlaceAt(doc, "Lyon"), nullptr);
  // With a parse, the place governed by the event's verb wins over a nearer one in a relative
  // clause (without the parse the nearest locative place, Goma, would be taken).
  Document parsed;
  parsed.text = "Rebels who live in Goma attacked a town near Kigali";
  ASSERT_TRUE(pipeline.value().Process(parsed).ok());
  ASSERT_EQ(parsed.tokens.size(), 10u);
  const char* upos[] = {"NOUN", "PRON", "VERB", "ADP", "PROPN", "VERB", "DET", "NOUN", "ADP", "PROPN"};
  const int heads[] = {5, 2, 0, 4, 2, -1, 7, 5, 9, 5};
  const char* rels[] = {"nsubj", "nsubj", "acl:relcl", "case", "obl", "root", "det", "obj", "case", "obl"};
  for (size_t i = 0; i < 10; ++i) {
    parsed.tokens[i].upos = upos[i];
    parsed.tokens[i].head = heads[i];
    parsed.tokens[i].deprel = rels[i];
  }
  auto geo = StageRegistry::Global().Create("geo", Config());
  ASSERT_TRUE(geo.ok());
  Event e;
  e.trigger_begin = parsed.tokens[5].begin;
  e.trigger_end = parsed.tokens[5].end;
  parsed.events.push_back(e);
  ASSERT_TRUE(geo.value()->Process(parsed).ok());
  ASSERT_TRUE(parsed.events[0].location);
  EXPECT_EQ(parsed.events[0].location->text, "Kigali");
  // The same sentence without the parse takes the nearest locative place.
  for (Token& t : parsed.tokens) t.deprel.clear(), t.upos.clear(), t.head = -1;
  parsed.events[0].location.reset();
  ASSERT_TRUE(geo.value()->Process(parsed).ok());
  ASSERT_TRUE(parsed.events[0].location);
  EXPECT_EQ(parsed.events[0].location->text, "Goma");
}

}  // namespace
}  // namespace dyad
