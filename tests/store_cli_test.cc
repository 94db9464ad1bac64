// End-to-end tests of `dyad code --db`, `dyad query`, `dyad export` and `dyad stats` over a
// SQLite store, using the default pipeline on a few sentences it is known to code.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("store_cli_" + std::to_string(getpid()) + "_" + name)).string();
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

RunResult RunDyad(const std::string& args) {
  const std::string out = TempPath("stdout"), err = TempPath("stderr");
  const std::string command = std::string(DYAD_BINARY) + " " + args + " >" + out + " 2>" + err;
  const int status = std::system(command.c_str());
  return {WEXITSTATUS(status), Slurp(out), Slurp(err)};
}

size_t Lines(const std::string& text) { return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')); }

class StoreCli : public ::testing::Test {
 protected:
  void SetUp() override {
    input_ = TempPath("input.jsonl");
    std::ofstream(input_) << R"({"id": "a", "date": "2024-03-14", "url": "https://example.org/a", "text": "Germany pledged 50 million euros in humanitarian aid to Sudan."})"
                          << "\n"
                          << R"({"id": "b", "date": "2024-03-14", "text": "The Indian foreign minister visited Japan to discuss maritime security."})"
                          << "\n";
    db_ = TempPath("events.db");
    std::filesystem::remove(db_);
  }
  std::string input_, db_;
};

TEST_F(StoreCli, CodeIntoStoreThenQueryExportAndStats) {
  const RunResult plain = RunDyad("code -q " + input_);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const size_t events = Lines(plain.out);
  ASSERT_GE(events, 2u) << plain.out;

  // --db keeps the normal output and stores the same records; coding again replaces them.
  for (int run = 0; run < 2; ++run) {
    const RunResult coded = RunDyad("code -q --db " + db_ + " " + input_);
    ASSERT_EQ(coded.exit_code, 0) << coded.err;
    EXPECT_EQ(coded.out, plain.out);
  }
  const RunResult stats = RunDyad("stats --db sqlite:" + db_);
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_EQ(nlohmann::json::parse(stats.out), (nlohmann::json{{"documents", 2}, {"events", events}}));

  // Export gives back exactly what `dyad code` wrote, as records and as GDELT rows.
  const RunResult exported = RunDyad("export --db " + db_ + " --format plover");
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(exported.out, plain.out);
  const RunResult csv = RunDyad("code -q --format csv " + input_);
  const std::string gdelt_file = TempPath("export.tsv");
  ASSERT_EQ(RunDyad("export --db " + db_ + " --format gdelt -o " + gdelt_file).exit_code, 0);
  EXPECT_EQ(Slurp(gdelt_file), csv.out);
  EXPECT_NE(csv.out.find("https://example.org/a"), std::string::npos);
  const RunResult gdelt_query = RunDyad("query --db " + db_ + " --format gdelt");
  EXPECT_EQ(gdelt_query.out, csv.out);

  // Filters.
  const RunResult germany = RunDyad("query --db " + db_ + " --actor DEU");
  ASSERT_EQ(germany.exit_code, 0) << germany.err;
  ASSERT_EQ(Lines(germany.out), 1u) << germany.out;
  const auto record = nlohmann::json::parse(germany.out);
  EXPECT_EQ(record["actor"][0]["code"], "DEU");
  EXPECT_NE(plain.out.find(germany.out), std::string::npos);
  EXPECT_EQ(Lines(RunDyad("query --db " + db_ + " --country JPN --from 2024-03-01 --to 2024-03-31").out),
            events - 1);
  EXPECT_EQ(RunDyad("query --db " + db_ + " --text humanitarian --format jsonl").out, germany.out);
  EXPECT_EQ(RunDyad("query --db " + db_ + " --from 2025-01-01").out, "");
  EXPECT_EQ(Lines(RunDyad("query --db " + db_ + " --limit 1").out), 1u);
  const RunResult csv_query = RunDyad("query --db " + db_ + " --actor DEU --format csv");
  EXPECT_EQ(csv_query.out.rfind("id,doc_id,date,event,", 0), 0u) << csv_query.out;
  EXPECT_EQ(Lines(csv_query.out), 2u);
  EXPECT_NE(csv_query.out.find("a:1,a,2024-03-14,"), std::string::npos) << csv_query.out;

  // --id-prefix codes the same input again under new ids; --db-only writes nothing else.
  const RunResult again = RunDyad("code -q --db " + db_ + " --db-only --id-prefix r2- " + input_);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "");
  EXPECT_EQ(nlohmann::json::parse(RunDyad("stats --db " + db_).out),
            (nlohmann::json{{"documents", 4}, {"events", 2 * events}}));
  EXPECT_EQ(Lines(RunDyad("query --db " + db_ + " --doc r2-a").out), Lines(germany.out));
}

TEST_F(StoreCli, BadStoresAndValuesAreClearErrors) {
  const RunResult scheme = RunDyad("stats --db mysql://host/db");
  EXPECT_EQ(scheme.exit_code, 1);
  EXPECT_NE(scheme.err.find("unsupported store URL"), std::string::npos) << scheme.err;
  const RunResult missing = RunDyad("query --db " + TempPath("missing.db"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no SQLite store"), std::string::npos) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(TempPath("missing.db")));
  const RunResult unreachable = RunDyad("export --db 'postgresql:///x?host=/nonexistent/dir&connect_timeout=2'");
  EXPECT_EQ(unreachable.exit_code, 1);
  EXPECT_NE(unreachable.err.find("cannot connect to PostgreSQL"), std::string::npos) << unreachable.err;
  const RunResult no_dir = RunDyad("code -q --db /nonexistent/dir/x.db " + input_);
  EXPECT_EQ(no_dir.exit_code, 1);
  EXPECT_NE(no_dir.err.find("cannot open SQLite database"), std::string::npos) << no_dir.err;

  ASSERT_EQ(RunDyad("code -q --db-only --db " + db_ + " " + input_).exit_code, 0);
  const RunResult bbox = RunDyad("query --db " + db_ + " --bbox 1,2");
  EXPECT_EQ(bbox.exit_code, 2);
  EXPECT_NE(bbox.err.find("bbox"), std::string::npos) << bbox.err;
  EXPECT_EQ(RunDyad("query --db " + db_ + " --from yesterday").exit_code, 2);
  EXPECT_EQ(RunDyad("query --db " + db_ + " --sort size").exit_code, 2);

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE schema_version SET version = 7", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  const RunResult newer = RunDyad("stats --db " + db_);
  EXPECT_EQ(newer.exit_code, 1);
  EXPECT_NE(newer.err.find("schema version 7, newer than this dyad supports"), std::string::npos) << newer.err;
  EXPECT_EQ(RunDyad("code -q --db " + db_ + " " + input_).exit_code, 1);
}

}  // namespace
