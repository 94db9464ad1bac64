// The "warc" input format: record framing, gzip members, HTTP payloads and damage recovery.
#include <gtest/gtest.h>

#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "dyad/formats.h"
#include "dyad/ingest.h"

namespace dyad {
namespace {

std::string DataPath(const std::string& name) { return std::string(DYAD_TEST_DIR) + "/data/ingest/" + name; }

std::string DataFile(const std::string& name) {
  std::ifstream in(DataPath(name), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

struct Read {
  std::vector<Document> docs;
  std::vector<std::string> errors;
  WarcCounts counts;
};

Read ReadWarc(const std::string& bytes, const std::string& name = "in.warc") {
  std::istringstream in(bytes);
  auto reader = CreateWarcReader(in, name, ReadOptions());
  Read out;
  Document doc;
  Status status;
  while (reader->Next(doc, status)) {
    if (status.ok()) out.docs.push_back(doc);
    else out.errors.push_back(status.message());
  }
  out.counts = reader->counts();
  return out;
}

std::string Record(const std::string& type, const std::string& id, const std::string& content,
                   long declared_length = -1) {
  return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Record-ID: <urn:uuid:" + id +
         ">\r\nWARC-Date: 2030-05-06T07:08:09Z\r\nWARC-Target-URI: https://news.example/" + id +
         "\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: " +
         std::to_string(declared_length < 0 ? static_cast<long>(content.size()) : declared_length) + "\r\n\r\n" +
         content + "\r\n\r\n";
}

std::string HtmlResponse(const std::string& sentence) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>" + sentence + "</p></body></html>";
}

std::string Gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

void ExpectSampleDocuments(const Read& read) {
  ASSERT_EQ(read.docs.size(), 2u);
  EXPECT_TRUE(read.errors.empty());
  const Document& courier = read.docs[0];
  EXPECT_EQ(courier.id, "urn:uuid:00000000-0000-4000-8000-000000000002");
  EXPECT_EQ(courier.url, "https://www.lakeside-courier.example/world/river-treaty");
  EXPECT_EQ(courier.source, "lakeside-courier.example");
  EXPECT_EQ(courier.date, "2031-03-14");  // from the page, not the crawl
  EXPECT_EQ(courier.title, "Ministers of France and Germany agree on river treaty");
  EXPECT_NE(courier.text.find("ratified by both parliaments."), std::string::npos);
  const Document& harbour = read.docs[1];  // chunked payload, no page date
  EXPECT_EQ(harbour.date, "2031-03-21");
  EXPECT_EQ(harbour.source, "harbour-news.example");
  EXPECT_EQ(harbour.text,
            "Negotiators from Norway met German officials in the port of Kiel on Friday to discuss fishing "
            "quotas.\n\nBoth sides said the meeting was constructive.");
  EXPECT_EQ(read.counts.records, 6u);
  EXPECT_EQ(read.counts.documents, 2u);
  EXPECT_EQ(read.counts.skipped_type, 3u);  // warcinfo, request, metadata
  EXPECT_EQ(read.counts.skipped_not_html, 1u);
  EXPECT_EQ(read.counts.errors, 0u);
}

TEST(WarcReader, ReadsHtmlResponsesAndCountsTheRest) { ExpectSampleDocuments(ReadWarc(DataFile("sample.warc"))); }

TEST(WarcReader, ReadsGzipMembersThroughOpenInput) {
  const std::string path = DataPath("sample.warc.gz");
  EXPECT_EQ(FormatForPath(path), "warc");
  auto stream = OpenInput(path);
  ASSERT_TRUE(stream.ok());
  std::ostringstream raw;
  raw << stream.value()->rdbuf();
  EXPECT_EQ(raw.str(), DataFile("sample.warc.gz"));  // handed over compressed
  ExpectSampleDocuments(ReadWarc(raw.str(), "sample.warc.gz"));
}

TEST(WarcReader, CorruptGzipMemberCostsOneRecord) {
  std::string members;
  std::vector<size_t> offsets;
  for (const std::string& id : {"a", "b", "c"}) {
    offsets.push_back(members.size());
    members += Gzip(Record("response", id, HtmlResponse("Story " + id + " says the talks went well.")));
  }
  std::string damaged = members;
  for (size_t i = offsets[1] + 12; i < offsets[1] + 40; ++i) damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
  const Read read = ReadWarc(damaged, "crawl.warc.gz");
  ASSERT_EQ(read.docs.size(), 2u);
  EXPECT_EQ(read.docs[0].id, "urn:uuid:a");
  EXPECT_EQ(read.docs[1].id, "urn:uuid:c");
  ASSERT_EQ(read.errors.size(), 1u);
  EXPECT_EQ(read.errors[0].rfind("crawl.warc.gz: WARC record at offset " + std::to_string(offsets[1]) + ": corrupt gzip", 0), 0u)
      << read.errors[0];
  // A member cut short at the end of the file is one error too.
  const Read truncated = ReadWarc(members.substr(0, members.size() - 10), "crawl.warc.gz");
  EXPECT_EQ(truncated.docs.size(), 2u);
  ASSERT_EQ(truncated.errors.size(), 1u);
  EXPECT_NE(truncated.errors[0].find("offset " + std::to_string(offsets[2]) + ": truncated gzip member"), std::string::npos);
}

TEST(WarcReader, WrongLengthsAndGarbageCostOneRecordEach) {
  const std::string a = Record("response", "a", HtmlResponse("The first report is complete."));
  const std::string b_content = HtmlResponse("The second report claims too much length.");
  const std::string b = Record("response", "b", b_content, static_cast<long>(b_content.size()) + 500);
  const std::string c = Record("response", "c", HtmlResponse("The third report follows the bad one."));
  const std::string junk = "this line is not a record\r\n";
  const std::string d = Record("response", "d", HtmlResponse("The fourth report comes after junk."));
  const std::string e_content = HtmlResponse("The last report is cut off by the end of the file.");
  const std::string e_full = Record("response", "e", e_content);
  const std::string e = e_full.substr(0, e_full.size() - 30);
  const Read read = ReadWarc(a + b + c + junk + d + e);
  std::vector<std::string> ids;
  for (const Document& doc : read.docs) ids.push_back(doc.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"urn:uuid:a", "urn:uuid:c", "urn:uuid:d"}));
  ASSERT_EQ(read.errors.size(), 3u);
  EXPECT_EQ(read.errors[0].rfind("in.warc: WARC record at offset " + std::to_string(a.size()) + ": ", 0), 0u)
      << read.errors[0];
  EXPECT_NE(read.errors[1].find("offset " + std::to_string(a.size() + b.size() + c.size()) + ": expected a 'WARC/1.x'"),
            std::string::npos)
      << read.errors[1];
  EXPECT_NE(read.errors[2].find("truncated record"), std::string::npos) << read.errors[2];
  EXPECT_EQ(read.counts.errors, 3u);
}

TEST(WarcReader, HttpPayloadsAreDecoded) {
  auto chunk = [](const std::string& data, const std::string& extension = "") {
    char size[16];
    std::snprintf(size, sizeof size, "%zx", data.size());
    return size + extension + "\r\n" + data + "\r\n";
  };
  const std::string chunked =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\nTransfer-Encoding: chunked\r\n\r\n" +
      chunk("<p>Police arres") + chunk("ted two men in the square", ";ext=1") + chunk(".</p>\n") + "0\r\n\r\n";
  const std::string gzip_body = Gzip("<p>Troops withdrew from the disputed village.</p>");
  const std::string encoded = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + gzip_body;
  const std::string bad_chunks = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
  const std::string redirect = "HTTP/1.1 301 Moved\r\nLocation: /x\r\nContent-Type: text/html\r\n\r\n<p>Moved.</p>";
  const std::string no_http = "<p>no status line</p>";
  const std::string rain = "<p>Rain fell on the city for three days.</p>";
  const std::string length_limited = "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: " +
                                     std::to_string(rain.size()) + "\r\n\r\n" + rain + "<p>TRAILING JUNK.</p>";
  const Read read = ReadWarc(Record("response", "chunked", chunked) + Record("response", "gzip", encoded) +
                             Record("response", "badchunks", bad_chunks) + Record("response", "redirect", redirect) +
                             Record("response", "nohttp", no_http) + Record("response", "limited", length_limited));
  ASSERT_EQ(read.docs.size(), 3u);
  EXPECT_EQ(read.docs[0].text, "Police arrested two men in the square.");
  EXPECT_EQ(read.docs[1].text, "Troops withdrew from the disputed village.");
  EXPECT_EQ(read.docs[2].text, "Rain fell on the city for three days.");
  EXPECT_EQ(read.docs[0].date, "2030-05-06");  // WARC-Date when the page has none
  ASSERT_EQ(read.errors.size(), 2u);
  EXPECT_NE(read.errors[0].find("invalid chunk size"), std::string::npos) << read.errors[0];
  EXPECT_NE(read.errors[1].find("no HTTP response header"), std::string::npos) << read.errors[1];
  EXPECT_EQ(read.counts.skipped_status, 1u);
  EXPECT_EQ(read.counts.documents, 5u);
}

TEST(WarcReader, DyadCodeCodesGzipWarc) {
  const std::string out = ::testing::TempDir() + "dyad_warc_" + std::to_string(getpid()) + ".jsonl";
  const std::string command = std::string(DYAD_BINARY) + " code " + DataPath("sample.warc.gz") + " -o " + out +
                              " 2>" + out + ".err";
  const int status = std::system(command.c_str());
  std::ifstream err_in(out + ".err");
  const std::string err((std::istreambuf_iterator<char>(err_in)), {});
  EXPECT_EQ(WEXITSTATUS(status), 0) << err;
  EXPECT_NE(err.find("2 documents read, 2 coded, 0 failed"), std::string::npos) << err;
  std::ifstream in(out);
  const std::string events((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(events.find("urn:uuid:00000000-0000-4000-8000-000000000002"), std::string::npos) << events;
  EXPECT_NE(events.find("DEU"), std::string::npos) << events;
  std::remove(out.c_str());
  std::remove((out + ".err").c_str());
}

}  // namespace
}  // namespace dyad
