// Tests for cross-document clustering of event records (`dyad code --resolve`).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dyad/resolve.h"

namespace dyad {
namespace {

nlohmann::json Record(const std::string& id, const std::string& doc, const std::string& source,
                      const std::string& cameo, const std::string& actor, const std::string& recipient,
                      const std::string& date, int64_t geonameid = 0, const std::string& country = "",
                      const std::string& precision = "") {
  nlohmann::json r = {{"id", id},       {"doc_id", doc},          {"source", source},
                      {"cameo", cameo}, {"date", date},           {"date_precision", "day"},
                      {"aux", nlohmann::json::array()},           {"actor", nlohmann::json::array()},
                      {"recipient", nlohmann::json::array()},     {"location", nullptr},
                      {"date_source", "text"}};
  if (!actor.empty()) r["actor"].push_back({{"code", actor}});
  if (!recipient.empty()) r["recipient"].push_back({{"code", recipient}});
  if (!precision.empty()) r["location"] = {{"geonameid", geonameid}, {"country", country}, {"precision", precision}};
  r["mentions"] = nlohmann::json::array({{{"doc_id", doc}, {"event_span", {{"start", 0}, {"end", 5}}}}});
  r["num_mentions"] = 1;
  return r;
}

TEST(Cluster, SameDyadTypeDayAndPlaceFormOneEvent) {
  const std::vector<nlohmann::json> records = {
      Record("a:1", "a", "Reuters", "190", "IRQMIL", "USA", "2021-07-08", 98182, "IRQ", "city"),
      Record("b:1", "b", "AP", "193", "IRQMIL", "USA", "2021-07-09", 98182, "IRQ", "city"),
      Record("c:1", "c", "AP", "190", "IRQMIL", "USA", "2021-07-08", 0, "IRQ", "country"),
      Record("d:1", "d", "AFP", "190", "IRQMIL", "USA", "2021-07-12", 98182, "IRQ", "city"),   // too late
      Record("e:1", "e", "AFP", "190", "SYRREB", "USA", "2021-07-08", 98182, "IRQ", "city"),   // other actor
      Record("f:1", "f", "AFP", "190", "IRQMIL", "USA", "2021-07-08", 170654, "SYR", "city"),  // other place
      Record("g:1", "g", "AFP", "042", "IRQMIL", "USA", "2021-07-08", 98182, "IRQ", "city"),   // other type
  };
  const auto events = ClusterRecords(records, ClusterOptions());
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0]["num_articles"], 3);
  EXPECT_EQ(events[0]["num_sources"], 2);
  EXPECT_EQ(events[0]["num_mentions"], 3);
  EXPECT_EQ(events[0]["reports"], nlohmann::json({"a:1", "b:1", "c:1"}));
  for (size_t i = 1; i < events.size(); ++i) EXPECT_EQ(events[i]["num_articles"], 1) << i;
}

TEST(Cluster, DayWindowIsConfigurable) {
  const std::vector<nlohmann::json> records = {Record("a:1", "a", "X", "190", "IRQMIL", "USA", "2021-07-08"),
                                               Record("b:1", "b", "Y", "190", "IRQMIL", "USA", "2021-07-10")};
  EXPECT_EQ(ClusterRecords(records, ClusterOptions()).size(), 2u);
  ClusterOptions wide;
  wide.day_window = 2;
  EXPECT_EQ(ClusterRecords(records, wide).size(), 1u);
}

TEST(Cluster, EventsOfOneDocumentNeverJoinEachOther) {
  const std::vector<nlohmann::json> records = {Record("a:1", "a", "X", "190", "IRQMIL", "USA", "2021-07-08"),
                                               Record("a:2", "a", "X", "190", "IRQMIL", "USA", "2021-07-09")};
  EXPECT_EQ(ClusterRecords(records, ClusterOptions()).size(), 2u);
}

TEST(Cluster, CopiedArticleGivesTheSameEventsCountedTwice) {
  std::vector<nlohmann::json> one = {Record("a:1", "a", "X", "190", "IRQMIL", "USA", "2021-07-08"),
                                     Record("a:2", "a", "X", "190", "IRQMIL", "USA", "2021-07-09"),
                                     Record("a:3", "a", "X", "042", "USA", "IRQ", "2021-07-08")};
  std::vector<nlohmann::json> two = one;
  for (const auto& r : one) {
    nlohmann::json copy = r;
    copy["doc_id"] = "b";
    copy["source"] = "Y";
    copy["id"] = "b" + r["id"].get<std::string>().substr(1);
    two.push_back(copy);
  }
  const auto single = ClusterRecords(one, ClusterOptions());
  const auto doubled = ClusterRecords(two, ClusterOptions());
  ASSERT_EQ(single.size(), doubled.size());
  for (size_t i = 0; i < single.size(); ++i) {
    EXPECT_EQ(doubled[i]["cameo"], single[i]["cameo"]);
    EXPECT_EQ(doubled[i]["date"], single[i]["date"]);
    EXPECT_EQ(doubled[i]["num_articles"], 2);
    EXPECT_EQ(doubled[i]["num_sources"], 2);
  }
}

// End to end through `dyad code --resolve`: two outlets carry the same article.
TEST(Cluster, CodeResolveCountsArticlesAndSources) {
  const auto dir = std::filesystem::temp_directory_path() / "dyad_resolve_cli";
  std::filesystem::create_directories(dir);
  const std::string text =
      "Iraqi militias fired rockets at the US embassy in Baghdad on Thursday. "
      "The United States condemned the attack.";
  const std::string input = (dir / "in.jsonl").string();
  {
    std::ofstream out(input);
    for (const char* source : {"Reuters", "AP"}) {
      out << nlohmann::json({{"id", std::string("copy-") + source}, {"date", "2021-07-08"}, {"source", source}, {"text", text}}).dump()
          << "\n";
    }
  }
  const auto run = [&](const std::string& flags) {
    const std::string output = (dir / "out.jsonl").string();
    const std::string command = std::string(DYAD_BINARY) + " code --quiet " + flags + " -o " + output + " " + input;
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    std::ifstream in(output);
    std::vector<nlohmann::json> records;
    for (std::string line; std::getline(in, line);) records.push_back(nlohmann::json::parse(line));
    return records;
  };
  const auto plain = run("");
  const auto resolved = run("--resolve");
  const auto threaded = run("--resolve --threads 2");
  ASSERT_FALSE(plain.empty());
  EXPECT_EQ(plain.size() % 2, 0u);
  ASSERT_EQ(resolved.size(), plain.size() / 2);
  for (const auto& e : resolved) {
    EXPECT_EQ(e["num_articles"], 2);
    EXPECT_EQ(e["num_sources"], 2);
    EXPECT_EQ(e["num_mentions"].get<size_t>(), e["mentions"].size());
  }
  EXPECT_EQ(nlohmann::json(resolved).dump(), nlohmann::json(threaded).dump());
}

}  // namespace
}  // namespace dyad
