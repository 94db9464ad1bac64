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
