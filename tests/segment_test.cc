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
