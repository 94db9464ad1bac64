// The event-store suite (store_suite.h) against SQLite files, plus SQLite-specific checks.
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "store_suite.h"

namespace dyad::store_test {
namespace {

Backend Sqlite() {
  Backend backend;
  backend.new_url = [] {
    static int next = 0;
    const auto path = std::filesystem::temp_directory_path() /
                      ("store_" + std::to_string(getpid()) + "_" + std::to_string(++next) + ".db");
    std::filesystem::remove(path);
    return "sqlite:" + path.string();
  };
  backend.exec = [](const std::string& url, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(url.substr(7).c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  };
  backend.fixture_dialect = "sqlite";
  return backend;
}

#define DYAD_SQLITE_CHECK(name) \
  TEST(StoreSqlite, name) { name(Sqlite()); }
DYAD_SQLITE_CHECK(RoundTrip)
DYAD_SQLITE_CHECK(ReplaceKeepsOneCopy)
DYAD_SQLITE_CHECK(FailedBatchLeavesPreviousVersion)
DYAD_SQLITE_CHECK(Filters)
DYAD_SQLITE_CHECK(StreamsEveryEvent)
DYAD_SQLITE_CHECK(Aggregates)
DYAD_SQLITE_CHECK(CapsTheTotal)
DYAD_SQLITE_CHECK(AggregatesFollowReplacement)
DYAD_SQLITE_CHECK(ConcurrentReaders)
DYAD_SQLITE_CHECK(MigratesOlderSchema)
DYAD_SQLITE_CHECK(RefusesNewerSchema)
DYAD_SQLITE_CHECK(RefusesForeignOrMissingStore)
#undef DYAD_SQLITE_CHECK

TEST(StoreSqlite, SuiteListsEveryCheck) { EXPECT_EQ(Checks().size(), 12u); }

// Several processes (e.g. workers started together) opening the same new store at once must
// all succeed: turning a new file to WAL briefly needs exclusive access.
TEST(StoreSqlite, ProcessesOpeningOneNewStoreAtOnceAllSucceed) {
  for (int round = 0; round < 30; ++round) {
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("together_" + std::to_string(getpid()) + "_" + std::to_string(round) + ".db"))
                                 .string();
    std::filesystem::remove(path);
    std::vector<pid_t> children;
    for (int child = 0; child < 10; ++child) {
      const pid_t pid = fork();
      if (pid == 0) {
        auto store = OpenEventStore(path);
        _exit(store.ok() ? 0 : 1);
      }
      children.push_back(pid);
    }
    for (pid_t pid : children) {
      int status = 0;
      ASSERT_EQ(waitpid(pid, &status, 0), pid);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "round " << round;
    }
    std::filesystem::remove(path);
  }
}

TEST(StoreSqlite, UrlForms) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string path = (dir / ("url_" + std::to_string(getpid()) + ".db")).string();
  auto plain = OpenEventStore(path);
  ASSERT_TRUE(plain.ok()) << plain.status().message();
  EXPECT_EQ(plain.value()->backend(), "sqlite");
  ASSERT_TRUE(plain.value()->ReplaceDocument(Doc3()).ok());
  auto prefixed = OpenEventStore("sqlite://" + path);  // sqlite:///abs/path
  ASSERT_TRUE(prefixed.ok()) << prefixed.status().message();
  EXPECT_EQ(prefixed.value()->Counts().value()["events"], 1);

  auto unknown = OpenEventStore("mysql://host/db");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unsupported store URL"), std::string::npos);
  EXPECT_FALSE(OpenEventStore("").ok());
  EXPECT_FALSE(OpenEventStore("sqlite:").ok());
  const std::string text_file = (dir / ("text_" + std::to_string(getpid()) + ".db")).string();
  std::ofstream(text_file) << "not a database, just some text that is long enough to have a header\n";
  auto not_a_db = OpenEventStore(text_file);
  ASSERT_FALSE(not_a_db.ok());
  EXPECT_NE(not_a_db.status().message().find("cannot open SQLite database"), std::string::npos)
      << not_a_db.status().message();
  auto no_dir = OpenEventStore((dir / "no" / "such" / "dir.db").string());
  EXPECT_FALSE(no_dir.ok());
}

}  // namespace
}  // namespace dyad::store_test
