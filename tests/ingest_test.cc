#include <gtest/gtest.h>

#include <sstream>

#include "dyad/formats.h"

namespace dyad {
namespace {

std::vector<std::pair<Document, Status>> ReadAll(const std::string& format, const std::string& data,
                                                  ReadOptions options = ReadOptions()) {
  std::istringstream in(data);
  auto reader = CreateReader(format, in, "input.jsonl", options);
  EXPECT_TRUE(reader.ok());
  std::vector<std::pair<Document, Status>> out;
  Document doc;
  Status status;
  while (reader.value()->Next(doc, status)) out.emplace_back(doc, status);
  return out;
}

TEST(JsonlReader, ReadsFieldsAndReportsBadRecordsByLine) {
  const std::string data =
      "{\"id\": \"a\", \"text\": \"One.\", \"date\": \"2021-07-08\", \"source\": \"S\", \"url\": \"u\"}\n"
      "\n"
      "{not json}\n"
      "{\"id\": \"c\"}\n"
      "{\"id\": 7, \"text\": \"Two.\", \"date\": \"20120102\"}\n"
      "[1, 2]\n"
      "{\"id\": \"d\", \"text\": \"x\", \"date\": \"yesterday\"}\n";
  auto records = ReadAll("jsonl", data);
  ASSERT_EQ(records.size(), 6u);
  EXPECT_TRUE(records[0].second.ok());
  EXPECT_EQ(records[0].first.id, "a");
  EXPECT_EQ(records[0].first.date, "2021-07-08");
  EXPECT_EQ(records[0].first.source, "S");
  EXPECT_EQ(records[1].second.message(), "input.jsonl:3: invalid JSON");
  EXPECT_NE(records[2].second.message().find("input.jsonl:4: missing"), std::string::npos);
  EXPECT_TRUE(records[3].second.ok());
  EXPECT_EQ(records[3].first.id, "7");
  EXPECT_EQ(records[3].first.date, "2012-01-02");
  EXPECT_NE(records[4].second.message().find("not a JSON object"), std::string::npos);
  EXPECT_NE(records[5].second.message().find("unrecognised date"), std::string::npos);
}

TEST(JsonlReader, RejectsDeepNestingAndOversizedRecords) {
  std::string deep = "{\"text\": \"x\", \"a\": " + std::string(1000, '[') + std::string(1000, ']') + "}\n";
  auto records = ReadAll("jsonl", deep);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_NE(records[0].second.message().find("nested"), std::string::npos);
  ReadOptions small;
  small.max_document_bytes = 10;
  records = ReadAll("jsonl", "{\"text\": \"" + std::string(50, 'a') + "\"}\n", small);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_NE(records[0].second.message().find("over the limit"), std::string::npos);
}

TEST(TextReader, ReadsWholeStreamAsOneDocument) {
  ReadOptions options;
  options.default_date = "2021-07-08";
  auto records = ReadAll("txt", "Line one.\nLine two.\n", options);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].first.text, "Line one.\nLine two.\n");
  EXPECT_EQ(records[0].first.date, "2021-07-08");
  EXPECT_EQ(records[0].first.id, "input.jsonl");
}

TEST(Formats, UnknownNamesAreErrors) {
  std::istringstream in;
  EXPECT_FALSE(CreateReader("xml", in, "x", ReadOptions()).ok());
  std::ostringstream out;
  EXPECT_FALSE(CreateWriter("parquet", out, WriteOptions()).ok());
  EXPECT_EQ(FormatForPath("a/b.jsonl"), "jsonl");
  EXPECT_EQ(FormatForPath("a/b.txt"), "txt");
}

}  // namespace
}  // namespace dyad

#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>

namespace dyad {
namespace {

TEST(OpenInput, ReadsGzipAndZstdTransparently) {
  const std::string content = "{\"id\": \"z\", \"text\": \"Compressed news.\"}\n";
  const auto dir = std::filesystem::temp_directory_path();
  const std::string gz = (dir / "dyad_test_input.jsonl.gz").string();
  gzFile g = gzopen(gz.c_str(), "wb");
  ASSERT_NE(g, nullptr);
  gzwrite(g, content.data(), static_cast<unsigned>(content.size()));
  gzclose(g);
  const std::string zst = (dir / "dyad_test_input.jsonl.zst").string();
  std::string compressed(ZSTD_compressBound(content.size()), '\0');
  compressed.resize(ZSTD_compress(compressed.data(), compressed.size(), content.data(), content.size(), 3));
  std::ofstream(zst, std::ios::binary) << compressed;
  for (const std::string& path : {gz, zst}) {
    EXPECT_EQ(FormatForPath(path), "jsonl");
    auto stream = OpenInput(path);
    ASSERT_TRUE(stream.ok()) << stream.status().message();
    std::string line;
    std::getline(*stream.value(), line);
    EXPECT_EQ(line + "\n", content) << path;
  }
  EXPECT_FALSE(OpenInput((dir / "no_such_file.gz").string()).ok());
}

}  // namespace
}  // namespace dyad

#include "dyad/conllu.h"

namespace dyad {
namespace {

TEST(Conllu, ReadsWordsAndWritesEntitiesInMisc) {
  std::istringstream in(
      "# sent_id = s1\n# text = Troops left.\n"
      "1-2\tTroops\t_\t_\t_\t_\t_\t_\t_\t_\n"
      "1\tTroops\ttroop\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n"
      "2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n"
      "3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n");
  auto sentences = ReadConllu(in, "t.conllu");
  ASSERT_TRUE(sentences.ok());
  ASSERT_EQ(sentences.value().size(), 1u);
  EXPECT_EQ(sentences.value()[0].words.size(), 3u);
  EXPECT_EQ(sentences.value()[0].words[0].head, 2);
  EXPECT_EQ(sentences.value()[0].text, "Troops left.");
  std::istringstream bad("1\tonly\tthree\n");
  auto error = ReadConllu(bad, "bad.conllu");
  ASSERT_FALSE(error.ok());
  EXPECT_NE(error.status().message().find("bad.conllu:1"), std::string::npos);

  Document doc;
  doc.id = "d";
  doc.text = "Kabul fell.";
  doc.tokens = {Token{"Kabul", 0, 5}, Token{"fell", 6, 10}, Token{".", 10, 11}};
  doc.tokens[1].space_after = false;
  doc.sentences = {Sentence{0, 11, 0, 3}};
  doc.entities = {Entity{0, 1, "LOC"}};
  std::ostringstream out;
  WriteConllu(doc, out);
  EXPECT_NE(out.str().find("1\tKabul\t_\t_\t_\t_\t_\t_\t_\tEntity=B-LOC\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("2\tfell\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace dyad
