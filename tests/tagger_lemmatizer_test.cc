// Lemmatizer: lexicon lookups and inflection rules for words the treebank never showed.
#include <gtest/gtest.h>

#include <filesystem>

#include "dyad/conllu.h"
#include "dyad/tagger.h"
#include "tag/lemmatizer.h"

namespace dyad {
namespace {

using tag_internal::ApplyLemmaRule;
using tag_internal::DeriveLemmaRule;
using tag_internal::GuessLemma;

bool NothingKnown(std::string_view) { return false; }

TEST(TaggerLemmatizer, DerivesAndAppliesEditRules) {
  std::string lemma;
  const auto was = DeriveLemmaRule("was", "be");
  ASSERT_TRUE(ApplyLemmaRule(was, "was", &lemma));
  EXPECT_EQ(lemma, "be");
  const auto walked = DeriveLemmaRule("Walked", "walk");
  EXPECT_TRUE(walked.lowercase);
  ASSERT_TRUE(ApplyLemmaRule(walked, "Talked", &lemma));
  EXPECT_EQ(lemma, "talk");
  EXPECT_FALSE(ApplyLemmaRule(DeriveLemmaRule("children", "child"), "ox", &lemma));
}

TEST(TaggerLemmatizer, RegularInflectionsOfUnseenWords) {
  EXPECT_EQ(GuessLemma("recieves", "VERB", "VBZ", NothingKnown), "recieve");
  EXPECT_EQ(GuessLemma("targeted", "VERB", "VBD", NothingKnown), "target");
  EXPECT_EQ(GuessLemma("militias", "NOUN", "NNS", NothingKnown), "militia");
  EXPECT_EQ(GuessLemma("recieved", "VERB", "VBN", NothingKnown), "recieve");
  EXPECT_EQ(GuessLemma("hoped", "VERB", "VBD", NothingKnown), "hope");
  EXPECT_EQ(GuessLemma("stopped", "VERB", "VBD", NothingKnown), "stop");
  EXPECT_EQ(GuessLemma("carried", "VERB", "VBD", NothingKnown), "carry");
  EXPECT_EQ(GuessLemma("agreed", "VERB", "VBD", NothingKnown), "agree");
  EXPECT_EQ(GuessLemma("mobilizing", "VERB", "VBG", NothingKnown), "mobilize");
  EXPECT_EQ(GuessLemma("shelling", "VERB", "VBG", NothingKnown), "shell");
  EXPECT_EQ(GuessLemma("Bombing", "VERB", "VBG", NothingKnown), "bomb");
  EXPECT_EQ(GuessLemma("casualties", "NOUN", "NNS", NothingKnown), "casualty");
  EXPECT_EQ(GuessLemma("churches", "NOUN", "NNS", NothingKnown), "church");
  EXPECT_EQ(GuessLemma("policemen", "NOUN", "NNS", NothingKnown), "policeman");
  EXPECT_EQ(GuessLemma("bigger", "ADJ", "JJR", NothingKnown), "big");
  EXPECT_EQ(GuessLemma("larger", "ADJ", "JJR", NothingKnown), "large");
  EXPECT_EQ(GuessLemma("happiest", "ADJ", "JJS", NothingKnown), "happy");
  EXPECT_EQ(GuessLemma("Taliban", "PROPN", "NNP", NothingKnown), "Taliban");
  EXPECT_EQ(GuessLemma("Houthis", "PROPN", "NNPS", NothingKnown), "Houthi");
  EXPECT_EQ(GuessLemma("Quickly", "ADV", "RB", NothingKnown), "quickly");
  EXPECT_EQ(GuessLemma("NATO", "NOUN", "NN", NothingKnown), "NATO");
}

TEST(TaggerLemmatizer, PrefersCandidatesKnownAsLemmas) {
  auto known = [](std::string_view w) { return w == "house" || w == "use" || w == "focus"; };
  EXPECT_EQ(GuessLemma("houses", "NOUN", "NNS", known), "house");
  EXPECT_EQ(GuessLemma("focuses", "VERB", "VBZ", known), "focus");
  EXPECT_EQ(GuessLemma("focuses", "VERB", "VBZ", NothingKnown), "focuse");
}

TEST(TaggerLemmatizer, ModelUsesLexiconThenRules) {
  auto sentences = ReadConllu(std::string(DYAD_TEST_DIR) + "/data/tagger/tiny.conllu");
  ASSERT_TRUE(sentences.ok()) << sentences.status().message();
  const std::string path = (std::filesystem::temp_directory_path() / "dyad_tagger_lemma_test.bin").string();
  TaggerTrainingOptions options;
  options.epochs = 3;
  ASSERT_TRUE(TrainTagger(sentences.value(), {}, options, path).ok());
  auto tagger = Tagger::Load(path);
  ASSERT_TRUE(tagger.ok()) << tagger.status().message();
  const Tagger& t = *tagger.value();
  EXPECT_EQ(t.Lemmatize("met", "VERB", "VBD"), "meet");    // irregular, from the lexicon
  EXPECT_EQ(t.Lemmatize("were", "AUX", "VBD"), "be");      // irregular, from the lexicon
  EXPECT_EQ(t.Lemmatize("The", "DET", "DT"), "the");       // lexicon, lowercased form
  EXPECT_EQ(t.Lemmatize("recieves", "VERB", "VBZ"), "recieve");
  EXPECT_EQ(t.Lemmatize("targeted", "VERB", "VBD"), "target");
  EXPECT_EQ(t.Lemmatize("militias", "NOUN", "NNS"), "militia");
  EXPECT_EQ(t.Lemmatize("planned", "VERB", "VBD"), "plan");  // "plan" is a known lemma
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace dyad
