#include <gtest/gtest.h>

#include "dyad/text.h"

namespace dyad {
namespace {

std::vector<std::string> Words(const std::string& text) {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  Tokenize(text, TokenizerOptions(), &tokens, &sentences);
  std::vector<std::string> out;
  for (const auto& t : tokens) out.push_back(t.text);
  return out;
}

std::vector<std::string> SentenceTexts(const std::string& text) {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  Tokenize(text, TokenizerOptions(), &tokens, &sentences);
  std::vector<std::string> out;
  for (const auto& s : sentences) out.push_back(text.substr(s.begin, s.end - s.begin));
  return out;
}

using V = std::vector<std::string>;

TEST(Tokenizer, SplitsPunctuationAndKeepsAbbreviations) {
  EXPECT_EQ(Words("Gen. Qassem Soleimani met U.S. officials."),
            (V{"Gen.", "Qassem", "Soleimani", "met", "U.S.", "officials", "."}));
  EXPECT_EQ(Words("(PMF), a group"), (V{"(", "PMF", ")", ",", "a", "group"}));
}

TEST(Tokenizer, SplitsContractionsAndPossessives) {
  EXPECT_EQ(Words("Hezbollah\u2019s leader didn't say; they can't."),
            (V{"Hezbollah", "'s", "leader", "did", "n't", "say", ";", "they", "ca", "n't", "."}));
  EXPECT_EQ(Words("I'm sure we'll go"), (V{"I", "'m", "sure", "we", "'ll", "go"}));
}

TEST(Tokenizer, KeepsNumbersUrlsAndHyphenatedWords) {
  EXPECT_EQ(Words("$750 million, 3.5% of 1,000 al-Askary"),
            (V{"$", "750", "million", ",", "3.5", "%", "of", "1,000", "al-Askary"}));
  EXPECT_EQ(Words("see https://example.org/a.html."), (V{"see", "https://example.org/a.html", "."}));
}

TEST(Tokenizer, NormalisesTypographicQuotesButKeepsOffsets) {
  const std::string text = "\u201cNo,\u201d he said.";
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  Tokenize(text, TokenizerOptions(), &tokens, &sentences);
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_EQ(tokens[0].text, "\"");
  EXPECT_EQ(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin), "\u201c");
  EXPECT_EQ(tokens[2].text, ",");
  EXPECT_EQ(tokens[3].text, "\"");
  EXPECT_EQ(text.substr(tokens[3].begin, tokens[3].end - tokens[3].begin), "\u201d");
}

TEST(Tokenizer, SplitsDashesAndEllipses) {
  EXPECT_EQ(Words("attacks\u2014again...and"), (V{"attacks", "\u2014", "again", "...", "and"}));
}

TEST(SentenceSplitter, HandlesAbbreviationsInitialsAndQuotes) {
  EXPECT_EQ(SentenceTexts("Gen. Smith left. He said \"no.\" Then Jan. 5 came."),
            (V{"Gen. Smith left.", "He said \"no.\"", "Then Jan. 5 came."}));
  EXPECT_EQ(SentenceTexts("J. R. Smith arrived in the U.S. The talks began."),
            (V{"J. R. Smith arrived in the U.S.", "The talks began."}));
  EXPECT_EQ(SentenceTexts("It cost 3.5 million. Really?"), (V{"It cost 3.5 million.", "Really?"}));
}

TEST(SentenceSplitter, LineBreaksEndHeadlinesButNotWrappedLines) {
  EXPECT_EQ(SentenceTexts("Rockets hit embassy\nThree rockets were fired at\nthe embassy."),
            (V{"Rockets hit embassy", "Three rockets were fired at\nthe embassy."}));
}

TEST(SentenceSplitter, CapsVeryLongSentences) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "word ";
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  TokenizerOptions options;
  options.max_sentence_tokens = 100;
  Tokenize(text, options, &tokens, &sentences);
  ASSERT_EQ(sentences.size(), 10u);
  for (const auto& s : sentences) EXPECT_LE(s.end_token - s.first_token, 100u);
}

TEST(Utf8, RejectsMalformedInputWithOffset) {
  EXPECT_TRUE(ValidateUtf8("caf\u00e9 \u2014 ok").ok());
  auto bad = ValidateUtf8(std::string("ab\xC3(", 4));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("byte offset 3"), std::string::npos);
  EXPECT_FALSE(ValidateUtf8(std::string("\xED\xA0\x80", 3)).ok());  // surrogate
  EXPECT_FALSE(ValidateUtf8(std::string("\xC0\xAF", 2)).ok());      // overlong
  EXPECT_FALSE(ValidateUtf8(std::string("a\0b", 3)).ok());           // NUL
}

}  // namespace
}  // namespace dyad
