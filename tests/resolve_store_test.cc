// Tests for incremental cross-document resolution into an event store (`dyad code --resolve
// --db`): documents coded one run after another attach to the stored events.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "dyad/resolve.h"
#include "dyad/store.h"
#include "postgres_server.h"

namespace dyad {
namespace {

std::filesystem::path FreshDir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

nlohmann::json Record(const std::string& doc, int n, const std::string& source, const std::string& cameo,
                      const std::string& actor, const std::string& recipient, const std::string& date,
                      int64_t geonameid = 0) {
  nlohmann::json r = {{"id", doc + ":" + std::to_string(n)},
                      {"doc_id", doc},
                      {"source", source},
                      {"cameo", cameo},
                      {"date", date},
                      {"date_precision", "day"},
                      {"date_source", "text"},
                      {"aux", nlohmann::json::array()},
                      {"actor", nlohmann::json::array({{{"code", actor}}})},
                      {"recipient", nlohmann::json::array({{{"code", recipient}}})},
                      {"location", nullptr}};
  if (geonameid != 0) r["location"] = {{"geonameid", geonameid}, {"country", "IRQ"}, {"precision", "city"}};
  r["mentions"] = nlohmann::json::array(
      {{{"doc_id", doc}, {"sentence", {{"index", n - 1}}}, {"event_span", {{"start", 10 * n}, {"end", 10 * n + 5}}}}});
  r["num_mentions"] = 1;
  return r;
}

// A coded document as the store keeps it, with one event row per record.
ResolvedDocument Doc(const std::string& id, const std::string& source, std::vector<nlohmann::json> records) {
  ResolvedDocument d;
  d.stored.id = id;
  d.stored.source = source;
  d.stored.date = "2021-07-08";
  d.stored.text = "A short text that the test does not code at all; it only holds offsets.";
  d.stored.sentences.push_back({0, 0, 71, "article", d.stored.text});
  for (const nlohmann::json& r : records) {
    StoredEvent e;
    e.id = r["id"];
    e.date = r["date"];
    e.cameo = r["cameo"];
    e.quad_class = 4;
    e.segment = "article";
    e.actors = {{"source", r["actor"][0]["code"], "", "", "x", 0, 1}, {"target", r["recipient"][0]["code"], "", "", "y", 2, 3}};
    e.mentions.push_back({id, 0, 10, 15, "", false});
    e.record = r.dump();
    d.stored.events.push_back(std::move(e));
  }
  d.records = std::move(records);
  return d;
}

// What identifies a stored real-world event, order-free.
std::vector<std::string> Contents(EventStore& store) {
  EventFilter all;
  all.segment = "all";
  all.include_negated = true;
  std::vector<std::string> out;
  EXPECT_TRUE(store
                  .ForEachEvent(all, EventSort::kDate,
                                [&](const nlohmann::json& r, const std::string&) {
                                  std::vector<std::string> mentions;
                                  for (const auto& m : r["mentions"]) {
                                    mentions.push_back(m["doc_id"].get<std::string>() + "@" +
                                                       m["event_span"]["start"].dump());
                                  }
                                  std::sort(mentions.begin(), mentions.end());
                                  out.push_back(nlohmann::json({r["cameo"], r["actor"][0]["code"],
                                                                r["recipient"][0]["code"], r["location"], mentions,
                                                                r["num_mentions"], r["num_articles"],
                                                                r["num_sources"]})
                                                    .dump());
                                  return true;
                                })
                  .ok());
  std::sort(out.begin(), out.end());
  return out;
}

int64_t Counts(const std::unique_ptr<EventStore>& store) {
  auto counts = store->Counts();
  EXPECT_TRUE(counts.ok());
  return counts.value()["events"].get<int64_t>();
}

std::unique_ptr<EventStore> Open(const std::string& url) {
  auto store = OpenEventStore(url);
  EXPECT_TRUE(store.ok()) << url << ": " << store.status().message();
  return store.ok() ? std::move(store).value() : nullptr;
}

// The library tests run on each backend ("sqlite", "postgresql": a throw-away server).
class ResolveStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void TearDownTestSuite() { postgres_.reset(); }

  // A new, empty store called `name`: a file under `dir`, or a schema of the test server.
  std::unique_ptr<EventStore> OpenFresh(const std::filesystem::path& dir, const std::string& name) {
    if (GetParam() != "postgresql") return Open((dir / (name + ".db")).string());
    if (postgres_ == nullptr) postgres_ = std::make_unique<test::PostgresServer>();
    if (!postgres_->started()) {
      ADD_FAILURE() << postgres_->error();
      return nullptr;
    }
    static int stores = 0;
    const std::string schema = name + "_" + std::to_string(++stores);
    test::ExecSql(postgres_->Url(), "CREATE SCHEMA " + schema + ";");
    return Open(postgres_->Url(schema));
  }

  static inline std::unique_ptr<test::PostgresServer> postgres_;
};

ResolvedDocument DocA() {
  return Doc("a", "Reuters",
             {Record("a", 1, "Reuters", "190", "IRQMIL", "USA", "2021-07-08"),
              Record("a", 2, "Reuters", "042", "USA", "IRQ", "2021-07-08")});
}
ResolvedDocument DocB() {
  return Doc("b", "AP",
             {Record("b", 1, "AP", "183", "IRQMIL", "USA", "2021-07-09", 98182),  // same attack, placed
              Record("b", 2, "AP", "190", "SYRREB", "SYRMIL", "2021-07-08")});   // another event
}
ResolvedDocument DocACopy() {
  ResolvedDocument copy = DocA();
  std::vector<nlohmann::json> renamed;
  for (const auto& r : copy.records) {
    nlohmann::json c = r;
    const std::string n = r["id"].get<std::string>().substr(2);
    c["id"] = "a-copy:" + n;
    c["doc_id"] = "a-copy";
    c["source"] = "Guardian";
    c["mentions"][0]["doc_id"] = "a-copy";
    renamed.push_back(c);
  }
  return Doc("a-copy", "Guardian", renamed);
}

TEST_P(ResolveStoreTest, IncrementalRunsGiveTheEventsOfOneRun) {
  const auto dir = FreshDir("dyad_resolve_store_lib");
  auto once = OpenFresh(dir, "once");
  ASSERT_NE(once, nullptr);
  auto one_run = ResolveIntoStore(*once, {DocA(), DocB(), DocACopy()}, ClusterOptions(), false, false);
  ASSERT_TRUE(one_run.ok()) << one_run.status().message();
  EXPECT_EQ(one_run.value().size(), 3u);

  auto steps = OpenFresh(dir, "steps");
  ASSERT_NE(steps, nullptr);
  ASSERT_TRUE(ResolveIntoStore(*steps, {DocA()}, ClusterOptions(), false, false).ok());
  EXPECT_EQ(Counts(steps), 2);
  auto second = ResolveIntoStore(*steps, {DocB()}, ClusterOptions(), false, false);
  ASSERT_TRUE(second.ok()) << second.status().message();
  ASSERT_EQ(second.value().size(), 2u);  // the attack updated, the other event new
  EXPECT_EQ(second.value()[0]["id"], "a:1");
  EXPECT_EQ(second.value()[0]["num_articles"], 2);
  EXPECT_EQ(second.value()[0]["location"]["geonameid"], 98182);  // the finer place joins
  ASSERT_TRUE(ResolveIntoStore(*steps, {DocACopy()}, ClusterOptions(), false, false).ok());
  EXPECT_EQ(Contents(*steps), Contents(*once));

  const auto attack = steps->GetEvent("a:1");
  ASSERT_TRUE(attack.ok() && attack.value());
  const nlohmann::json& event = (*attack.value())["event"];
  EXPECT_EQ(event["num_articles"], 3);
  EXPECT_EQ(event["num_sources"], 3);
  EXPECT_EQ(event["num_mentions"], 3);
  EXPECT_EQ((*attack.value())["mentions"].size(), 3u);  // mention rows of all three documents
  EXPECT_FALSE(steps->GetEvent("b:1").value());           // attached: no row of its own
  EXPECT_FALSE(steps->GetEvent("a-copy:2").value());
}

TEST_P(ResolveStoreTest, CodingADocumentAgainDoesNotCountItTwice) {
  const auto dir = FreshDir("dyad_resolve_store_again");
  auto store = OpenFresh(dir, "again");
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(ResolveIntoStore(*store, {DocA(), DocB()}, ClusterOptions(), false, false).ok());
  const std::vector<std::string> before = Contents(*store);
  ASSERT_TRUE(ResolveIntoStore(*store, {DocB()}, ClusterOptions(), false, false).ok());
  EXPECT_EQ(Contents(*store), before);
  // A owns the attack that B reports too; coding A again keeps B's report on it.
  ASSERT_TRUE(ResolveIntoStore(*store, {DocA()}, ClusterOptions(), false, false).ok());
  EXPECT_EQ(Contents(*store), before);
  // B coded again without the attack: its report leaves the stored event.
  ResolvedDocument changed = Doc("b", "AP", {Record("b", 2, "AP", "190", "SYRREB", "SYRMIL", "2021-07-08")});
  ASSERT_TRUE(ResolveIntoStore(*store, {changed}, ClusterOptions(), false, false).ok());
  const auto attack = store->GetEvent("a:1");
  ASSERT_TRUE(attack.ok() && attack.value());
  EXPECT_EQ((*attack.value())["event"]["num_articles"], 1);
  EXPECT_EQ((*attack.value())["event"]["num_mentions"], 1);
  EXPECT_EQ((*attack.value())["mentions"].size(), 1u);
  EXPECT_EQ(Contents(*store).size(), 3u);
}

TEST_P(ResolveStoreTest, EventsStoredWithoutResolutionAreJoinedToo) {
  const auto dir = FreshDir("dyad_resolve_store_plain");
  auto store = OpenFresh(dir, "plain");
  ASSERT_NE(store, nullptr);
  ResolvedDocument a = DocA();
  ASSERT_TRUE(store->ReplaceDocuments({a.stored}).ok());  // as plain `dyad code --db` stores it
  ASSERT_TRUE(ResolveIntoStore(*store, {DocB()}, ClusterOptions(), false, false).ok());
  const auto attack = store->GetEvent("a:1");
  ASSERT_TRUE(attack.ok() && attack.value());
  EXPECT_EQ((*attack.value())["event"]["num_articles"], 2);
  EXPECT_EQ((*attack.value())["event"]["num_sources"], 2);
  EXPECT_EQ((*attack.value())["event"]["reports"], nlohmann::json({"a:1", "b:1"}));
}

// End to end: `dyad code --resolve --db` over two outlets' copies of one article, coded in two
// runs, stores the events of one run over both.
TEST(ResolveStore, CodeResolveDbAttachesAcrossRuns) {
  const auto dir = FreshDir("dyad_resolve_store_cli");
  const std::string text =
      "Iraqi militias fired rockets at the US embassy in Baghdad on Thursday. "
      "The United States condemned the attack.";
  const auto write = [&](const std::string& name, const std::vector<std::string>& sources) {
    const std::string path = (dir / name).string();
    std::ofstream out(path);
    for (const std::string& source : sources) {
      out << nlohmann::json({{"id", "copy-" + source}, {"date", "2021-07-08"}, {"source", source}, {"text", text}})
                 .dump()
          << "\n";
    }
    return path;
  };
  const std::string a = write("a.jsonl", {"Reuters"}), b = write("b.jsonl", {"AP"}),
                    both = write("both.jsonl", {"Reuters", "AP"});
  const auto code = [&](const std::string& db, const std::string& input) {
    const std::string command = std::string(DYAD_BINARY) + " code --quiet --resolve --db-only --db " +
                                (dir / db).string() + " " + input;
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
  };
  code("once.db", both);
  code("steps.db", a);
  code("steps.db", b);
  code("steps.db", b);  // coded again: no double count
  auto once = Open((dir / "once.db").string());
  auto steps = Open((dir / "steps.db").string());
  const std::vector<std::string> expected = Contents(*once);
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(Contents(*steps), expected);
  EventFilter all;
  all.segment = "all";
  ASSERT_TRUE(steps
                  ->ForEachEvent(all, EventSort::kDate,
                                 [](const nlohmann::json& r, const std::string&) {
                                   EXPECT_EQ(r["num_articles"], 2) << r.dump();
                                   EXPECT_EQ(r["num_sources"], 2) << r.dump();
                                   return true;
                                 })
                  .ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, ResolveStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace dyad
