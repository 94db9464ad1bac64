#include <gtest/gtest.h>

#include <sstream>

#include "dyad/event_record.h"
#include "dyad/formats.h"

namespace dyad {
namespace {

// "Iraqi militia attacked the US embassy." with an em-dash-free but accented prefix so that
// code-point and byte offsets differ.
Document SampleDocument() {
  Document doc;
  doc.id = "d1";
  doc.date = "2021-07-08";
  doc.text = "Café news. Militia attacked the embassy.";  // "é" is 2 bytes
  Sentence s0{0, 11, 0, 0, Segment::kArticle};
  Sentence s1{12, 41, 0, 0, Segment::kArticle};
  doc.sentences = {s0, s1};
  Event e;
  e.cameo = "190";
  e.plover = "ASSAULT";
  e.quad_class = 4;
  e.goldstein = -10;
  e.actors.push_back({"Militia", "IRQMIL", "IRQ", "MIL", 12, 19});
  e.recipients.push_back({"embassy", "USAGOV", "USA", "GOV", 33, 40});
  e.trigger_begin = 20;
  e.trigger_end = 28;
  e.sentence = 1;
  e.evidence = "test pattern";
  doc.events.push_back(e);
  return doc;
}

TEST(EventRecord, UsesCodePointOffsetsAndStableFields) {
  Document doc = SampleDocument();
  auto j = EventToJson(doc, 0);
  EXPECT_EQ(j["id"], "d1:1");
  EXPECT_EQ(j["doc_id"], "d1");
  EXPECT_EQ(j["date"], "2021-07-08");
  EXPECT_EQ(j["event"], "ASSAULT");
  EXPECT_EQ(j["cameo"], "190");
  EXPECT_EQ(j["quad_class"], 4);
  EXPECT_TRUE(j["mode"].is_null());
  EXPECT_TRUE(j["location"].is_null());
  EXPECT_EQ(j["event_text"], "attacked");
  EXPECT_EQ(j["actor"][0]["start"], 11);  // byte 12 is code point 11
  EXPECT_EQ(j["actor"][0]["end"], 18);
  EXPECT_EQ(j["recipient"][0]["code"], "USAGOV");
  EXPECT_EQ(j["sentence"]["index"], 1);
  EXPECT_EQ(j["segment"], "article");
  EXPECT_EQ(j["evidence"], "test pattern");
  for (const char* key : {"aux", "context", "goldstein", "location", "event_span"}) EXPECT_TRUE(j.contains(key)) << key;
}

TEST(Writers, CommentsAndNegatedEventsFollowOptions) {
  Document doc = SampleDocument();
  doc.sentences[1].segment = Segment::kComment;
  std::ostringstream out;
  auto writer = CreateWriter("jsonl", out, WriteOptions());
  ASSERT_TRUE(writer.ok());
  EXPECT_EQ(writer.value()->Write(doc), 0u);
  WriteOptions with_comments;
  with_comments.include_comments = true;
  writer = CreateWriter("jsonl", out, with_comments);
  EXPECT_EQ(writer.value()->Write(doc), 1u);
  EXPECT_NE(out.str().find("\"segment\":\"comment\""), std::string::npos);
  doc.sentences[1].segment = Segment::kArticle;
  doc.events[0].aux.push_back("negation");
  WriteOptions no_negated;
  no_negated.include_negated = false;
  writer = CreateWriter("jsonl", out, no_negated);
  EXPECT_EQ(writer.value()->Write(doc), 0u);
}

TEST(Writers, GdeltCsvHasHeaderAndOneRowPerActorPair) {
  Document doc = SampleDocument();
  doc.events[0].recipients.push_back({"US", "USA", "USA", "", 0, 0});
  std::ostringstream out;
  auto writer = CreateWriter("csv", out, WriteOptions());
  ASSERT_TRUE(writer.ok());
  EXPECT_EQ(writer.value()->Write(doc), 2u);
  std::istringstream lines(out.str());
  std::string header, row;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("GLOBALEVENTID\tSQLDATE\tMonthYear", 0), 0u);
  std::getline(lines, row);
  EXPECT_EQ(row.rfind("d1:1\t20210708\t202107\t2021\t", 0), 0u);
  EXPECT_NE(row.find("\tIRQMIL\tMilitia\tIRQ\tMIL\t"), std::string::npos);
}

// A stream buffer that refuses every write, like a closed pipe or a full disk.
class FailingBuffer : public std::streambuf {
 protected:
  int overflow(int) override { return traits_type::eof(); }
  std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
};

TEST(Writers, ReportFailedOutputStreams) {
  FailingBuffer buffer;
  std::ostream out(&buffer);
  for (const char* format : {"jsonl", "csv", "text"}) {
    auto writer = CreateWriter(format, out, WriteOptions());
    ASSERT_TRUE(writer.ok());
    writer.value()->Write(SampleDocument());
    EXPECT_FALSE(writer.value()->Check().ok()) << format;
    EXPECT_NE(writer.value()->Finish().message().find("cannot write output"), std::string::npos) << format;
    out.clear();
  }
}

}  // namespace
}  // namespace dyad
