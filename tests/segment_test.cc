#include <gtest/gtest.h>

#include "dyad/pipeline.h"

namespace dyad {
namespace {

std::vector<Segment> Segments(const std::string& text) {
  auto pipeline = Pipeline::Create({"normalize", "tokenize", "segment"}, StageConfig());
  EXPECT_TRUE(pipeline.ok()) << pipeline.status().message();
  Document doc;
  doc.text = text;
  EXPECT_TRUE(pipeline.value().Process(doc).ok());
  std::vector<Segment> out;
  for (const auto& s : doc.sentences) out.push_back(s.segment);
  return out;
}

TEST(SegmentStage, MarksTrailingReaderComments) {
  const std::string text =
      "Rebels attacked a convoy near the capital on Monday.\n"
      "The army said it repelled the assault.\n"
      "\"I saw the trucks burning,\" a witness told reporters.\n"
      "Officials said talks would resume next week.\n"
      "I never trust these reports, my friends.\n"
      "Not sure why anyone is surprised.\n";
  auto segments = Segments(text);
  ASSERT_EQ(segments.size(), 6u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(segments[i], Segment::kArticle) << i;
  EXPECT_EQ(segments[4], Segment::kComment);
  EXPECT_EQ(segments[5], Segment::kComment);
}

TEST(SegmentStage, QuotedFirstPersonStaysInTheArticle) {
  const std::string text =
      "Rebels attacked a convoy.\nThe army responded.\nTalks were held.\n"
      "\"I will not resign,\" the minister said.\n";
  for (Segment s : Segments(text)) EXPECT_EQ(s, Segment::kArticle);
}

TEST(SegmentStage, HeadlineBylineDatelineAndBoilerplate) {
  const std::string text =
      "Rebels seize border crossing in the north\n"
      "By Jane Doe and John Roe\n"
      "KABUL, March 3 (Reuters)\n"
      "Rebels seized a border crossing on Sunday, officials said.\n"
      "Share this article on Facebook\n"
      "The army said it would retake the crossing.\n"
      "Troops were sent to the area overnight.\n"
      "(Reporting by Jane Doe; Editing by John Roe)\n";
  auto segments = Segments(text);
  ASSERT_EQ(segments.size(), 8u);
  EXPECT_EQ(segments[0], Segment::kHeadline);
  EXPECT_EQ(segments[1], Segment::kByline);
  EXPECT_EQ(segments[2], Segment::kDateline);
  EXPECT_EQ(segments[3], Segment::kArticle);
  EXPECT_EQ(segments[4], Segment::kBoilerplate);
  EXPECT_EQ(segments[5], Segment::kArticle);
  EXPECT_EQ(segments[6], Segment::kArticle);
  EXPECT_EQ(segments[7], Segment::kBoilerplate);
  EXPECT_STREQ(SegmentName(Segment::kHeadline), "headline");
  EXPECT_STREQ(SegmentName(Segment::kBoilerplate), "boilerplate");
}

TEST(SegmentStage, QuotationSentences) {
  const std::string text =
      "\"We will not leave. Never,\" the commander said. "
      "\"The occupation must end.\" "
      "He spoke in Basra.";
  auto segments = Segments(text);
  ASSERT_EQ(segments.size(), 4u);
  EXPECT_EQ(segments[0], Segment::kQuote);    // opens a quotation that goes on
  EXPECT_EQ(segments[1], Segment::kArticle);  // the quotation closes before the attribution
  EXPECT_EQ(segments[2], Segment::kQuote);
  EXPECT_EQ(segments[3], Segment::kArticle);
}

TEST(SegmentStage, CommentsWithPastedHeadlineAndReplies) {
  const std::string text =
      "Rockets hit the embassy on Thursday.\n"
      "The militia denied any role.\n"
      "Officials said the attacks would be investigated.\n"
      "The embassy was not damaged, the ministry said.\n"
      "When I read this I laughed.\n"
      "Embassy in Baghdad still largest in the world\n"
      "@reader2 you are right, they will attack again.\n";
  auto segments = Segments(text);
  ASSERT_EQ(segments.size(), 7u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(segments[i], Segment::kArticle) << i;
  for (int i = 4; i < 7; ++i) EXPECT_EQ(segments[i], Segment::kComment) << i;
}

TEST(SegmentStage, ProseFirstLineIsNotAHeadline) {
  const std::string text = "Rebels attacked a convoy.\nThe army responded.\n";
  for (Segment s : Segments(text)) EXPECT_EQ(s, Segment::kArticle);
}

TEST(Pipeline, RejectsUnknownStagesAndMissingLayers) {
  auto unknown = Pipeline::Create({"normalize", "no-such-stage"}, StageConfig());
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown stage 'no-such-stage'"), std::string::npos);
  auto missing = Pipeline::Create({"normalize", "segment"}, StageConfig());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("needs tokens, sentences"), std::string::npos);
}

}  // namespace
}  // namespace dyad
