// The event-store suite (store_suite.h) against a throw-away PostgreSQL server that this test
// starts itself (postgres_server.h). Missing server binaries are a test failure, not a skip:
// CI installs them (scripts/install-deps.sh).
#include <atomic>

#include "postgres_server.h"
#include "store_suite.h"

namespace dyad::store_test {
namespace {

using dyad::test::ExecSql;
using dyad::test::PostgresServer;

// One server for the whole suite; each check gets its own schema (an empty store).
TEST(StorePostgres, Suite) {
  PostgresServer server;
  ASSERT_TRUE(server.started()) << server.error();
  Backend backend;
  std::atomic<int> next{0};
  backend.new_url = [&] {
    const std::string schema = "check_" + std::to_string(++next);
    ExecSql(server.Url(), "CREATE SCHEMA " + schema + ";");
    return server.Url(schema);
  };
  backend.exec = ExecSql;
  backend.fixture_dialect = "postgres";
  for (const auto& [name, check] : Checks()) {
    SCOPED_TRACE("PostgreSQL check " + name);
    check(backend);
  }
  auto store = OpenEventStore(server.Url());
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ(store.value()->backend(), "postgresql");
}

TEST(StorePostgres, UnreachableServerIsAClearError) {
  auto store = OpenEventStore("postgresql:///dyad?host=/nonexistent/dyad-socket-dir&connect_timeout=2");
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("cannot connect to PostgreSQL"), std::string::npos)
      << store.status().message();
  auto bad_uri = OpenEventStore("postgresql://[broken");
  ASSERT_FALSE(bad_uri.ok());
}

}  // namespace
}  // namespace dyad::store_test
