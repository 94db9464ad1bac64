// The "html" input format: main-text extraction and page metadata.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "dyad/formats.h"
#include "dyad/ingest.h"

namespace dyad {
namespace {

std::string DataFile(const std::string& name) {
  std::ifstream in(std::string(DYAD_TEST_DIR) + "/data/ingest/" + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(HtmlExtraction, KeepsArticleParagraphsAndDropsFurniture) {
  auto page = ExtractHtml(DataFile("article.html"));
  ASSERT_TRUE(page.ok()) << page.status().message();
  const std::string& text = page->text;
  EXPECT_EQ(text,
            "Ministers agree on river treaty\n\n"
            "The foreign ministers of France and Germany signed a treaty on Tuesday to share the waters of the "
            "Blue River.\n\n"
            "The agreement ends a dispute that began in 2029, when Germany built a dam upstream. Officials said "
            "talks would continue next month.\n\n"
            "Protests in the capital\n\n"
            "Hundreds of farmers marched in Paris, the capital, to demand water rights for their villages.\n\n"
            "The treaty must still be ratified by both parliaments.");
  for (const char* furniture : {"Skip to content", "Sport", "cookies", "Share on", "Advertisement", "quote box",
                                "Related stories", "Dam opens", "newsletter", "Copyright", "Most read",
                                "Privacy", "tracking", "font-family", "By Jane"}) {
    EXPECT_FALSE(Contains(text, furniture)) << furniture;
  }
}

TEST(HtmlExtraction, ReadsMetadataInPriorityOrder) {
  auto page = ExtractHtml(DataFile("article.html"));
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->title, "Ministers of France and Germany agree on river treaty");  // og:title first
  EXPECT_EQ(page->date, "2031-03-14");  // article:published_time before JSON-LD
  EXPECT_EQ(page->source, "The Lakeside Courier");
  EXPECT_EQ(page->byline, "Jane Q. Writer");
  // A relative canonical link is resolved against the page URL.
  page = ExtractHtml(DataFile("article.html"), "https://www.lakeside-courier.example/print/123");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->url, "https://www.lakeside-courier.example/world/river-treaty-2031");
}

TEST(HtmlExtraction, FallsBackToTitleJsonLdAndHost) {
  const std::string html =
      "<html><head><title>Bridge vote - Valley Post</title>"
      "<script type=\"application/ld+json\">{\"@graph\": [{\"@type\": \"WebSite\"}, "
      "{\"@type\": \"NewsArticle\", \"datePublished\": \"2030-11-02T18:00:00Z\", "
      "\"author\": {\"@type\": \"Person\", \"name\": \"A. Reporter\"}}]}</script></head>"
      "<body><p>The town council voted on Monday to repair the old bridge.</p></body></html>";
  auto page = ExtractHtml(html, "https://www.valleypost.example/local/bridge");
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_EQ(page->title, "Bridge vote - Valley Post");
  EXPECT_EQ(page->date, "2030-11-02");
  EXPECT_EQ(page->byline, "A. Reporter");
  EXPECT_EQ(page->source, "valleypost.example");
  EXPECT_EQ(page->url, "https://www.valleypost.example/local/bridge");
  EXPECT_EQ(page->text, "The town council voted on Monday to repair the old bridge.");
  // With the site name known, the title loses its " - Site" suffix; itemprop dates are read too.
  auto named = ExtractHtml(
      "<html><head><title>Bridge vote - Valley Post</title><meta property=\"og:site_name\" content=\"Valley Post\">"
      "</head><body><time itemprop=\"datePublished\" datetime=\"2030-11-03\">3 Nov</time>"
      "<p>The town council voted on Monday to repair the old bridge.</p></body></html>");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->title, "Bridge vote");
  EXPECT_EQ(named->date, "2030-11-03");
}

TEST(HtmlExtraction, DropsLinkListsAndHiddenBlocks) {
  const std::string html =
      "<body><div><p>Rebels attacked a convoy near the border on Sunday, officials said.</p>"
      "<ul><li><a href=\"/1\">First other story headline here</a></li><li><a href=\"/2\">Second other "
      "story headline here</a></li></ul>"
      "<p style=\"display: none\">Hidden text that readers never see.</p>"
      "<div aria-hidden=\"true\">Also hidden from readers entirely.</div>"
      "<div role=\"navigation\">Home, World, Business and more sections.</div>"
      "<p>Read more: <a href=\"/x\">the full timeline of the conflict in the region</a></p>"
      "<p>The army sent reinforcements.</p></div></body>";
  auto page = ExtractHtml(html);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->text, "Rebels attacked a convoy near the border on Sunday, officials said.\n\nThe army sent reinforcements.");
}

TEST(HtmlExtraction, MalformedHtmlIsReadAndEmptyPagesAreErrors) {
  auto page = ExtractHtml(DataFile("malformed.html"));
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_TRUE(Contains(page->text, "The council met on Monday and agreed to build a new bridge over the canal."));
  EXPECT_TRUE(Contains(page->text, "Officials said the cost would be shared."));
  EXPECT_FALSE(Contains(page->text, "unterminated"));

  auto empty = ExtractHtml(DataFile("empty.html"));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message(), "no main text found in the HTML page");
  for (const std::string& junk : {std::string(), std::string("<<<>>>"), std::string("\0\xff\xfe<p", 5),
                                  std::string(5000, '<') + "div", std::string("<!--")}) {
    EXPECT_FALSE(ExtractHtml(junk).ok());
  }
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<div>";
  auto refused = ExtractHtml(deep + "<p>Deep text here.</p>");
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(Contains(refused.status().message(), "nested deeper"));
}

TEST(HtmlExtraction, ConvertsWindows1252Pages) {
  const std::string html = "<html><head><meta charset=\"windows-1252\"></head><body><p>The caf\xe9 "
                           "owner said \x93no\x94 to the new tax.</p></body></html>";
  auto page = ExtractHtml(html);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->text, "The caf\xc3\xa9 owner said \xe2\x80\x9cno\xe2\x80\x9d to the new tax.");
}

TEST(WebDates, NormalisesCommonForms) {
  EXPECT_EQ(NormalizeWebDate("2021-07-08T23:30:00-05:00"), "2021-07-08");
  EXPECT_EQ(NormalizeWebDate(" 2021/07/08 "), "2021-07-08");
  EXPECT_EQ(NormalizeWebDate("20210708"), "2021-07-08");
  EXPECT_EQ(NormalizeWebDate("Thu, 08 Jul 2021 10:00:00 GMT"), "2021-07-08");
  EXPECT_EQ(NormalizeWebDate("July 8, 2021"), "2021-07-08");
  EXPECT_EQ(NormalizeWebDate("8th July 2021"), "2021-07-08");
  EXPECT_EQ(NormalizeWebDate("2021-02-30"), "");
  EXPECT_EQ(NormalizeWebDate("yesterday"), "");
  EXPECT_EQ(NormalizeWebDate(""), "");
  EXPECT_EQ(UrlHost("https://user@www.Example.org:8080/a?b"), "www.example.org");
  EXPECT_EQ(UrlHost("not a url"), "");
}

TEST(HtmlReader, ReadsOnePagePerInputWithPerRecordErrors) {
  std::istringstream good(DataFile("article.html"));
  ReadOptions options;
  options.default_date = "2000-01-01";
  auto reader = CreateReader("html", good, "pages/article.html", options);
  ASSERT_TRUE(reader.ok());
  Document doc;
  Status status;
  ASSERT_TRUE(reader.value()->Next(doc, status));
  EXPECT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(doc.id, "article.html");
  EXPECT_EQ(doc.date, "2031-03-14");
  EXPECT_EQ(doc.byline, "Jane Q. Writer");
  EXPECT_FALSE(reader.value()->Next(doc, status));

  std::istringstream empty(DataFile("empty.html"));
  reader = CreateReader("html", empty, "pages/empty.html", options);
  ASSERT_TRUE(reader.value()->Next(doc, status));
  EXPECT_EQ(status.message(), "pages/empty.html: no main text found in the HTML page");
  EXPECT_EQ(FormatForPath("x/page.htm"), "html");
  EXPECT_EQ(FormatForPath("x/page.html.zst"), "html");
}

TEST(HtmlReader, DyadCodeCodesHtmlFiles) {
  const std::string out = ::testing::TempDir() + "dyad_html_" + std::to_string(getpid()) + ".jsonl";
  const std::string command = std::string(DYAD_BINARY) + " code -q " + DYAD_TEST_DIR +
                              "/data/ingest/article.html " + DYAD_TEST_DIR + "/data/ingest/empty.html -o " + out +
                              " 2>" + out + ".err";
  const int status = std::system(command.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 3);  // the empty page is reported, the article is coded
  std::ifstream err_in(out + ".err");
  const std::string err((std::istreambuf_iterator<char>(err_in)), {});
  EXPECT_TRUE(Contains(err, "empty.html: no main text found")) << err;
  std::ifstream in(out);
  const std::string events((std::istreambuf_iterator<char>(in)), {});
  EXPECT_TRUE(Contains(events, "\"article.html\"")) << events;
  EXPECT_TRUE(Contains(events, "FRA")) << events;
  EXPECT_TRUE(Contains(events, "2031-03-1")) << events;
  std::remove(out.c_str());
  std::remove((out + ".err").c_str());
}

}  // namespace
}  // namespace dyad
