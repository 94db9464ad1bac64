// The event-store suite (store_suite.h) against a throw-away PostgreSQL server that this test
// starts itself: initdb + pg_ctl in a temporary directory, listening on a Unix socket only.
// Run as root (as in CI), the server runs as the `postgres` user. Missing server binaries are
// a test failure, not a skip: CI installs them (scripts/install-deps.sh).
#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "store_suite.h"

namespace dyad::store_test {
namespace {

namespace fs = std::filesystem;

// The newest /usr/lib/postgresql/<version>/bin holding initdb, or $DYAD_PG_BINDIR.
std::string ServerBinDir() {
  if (const char* dir = std::getenv("DYAD_PG_BINDIR"); dir != nullptr && *dir != '\0') return dir;
  std::string best;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
    const fs::path bin = entry.path() / "bin";
    if (fs::exists(bin / "initdb") && fs::exists(bin / "pg_ctl") && bin.string() > best) best = bin.string();
  }
  return best;
}

class PostgresServer {
 public:
  PostgresServer() {
    bin_ = ServerBinDir();
    if (bin_.empty()) {
      error_ = "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin; "
               "install the 'postgresql' package (scripts/install-deps.sh) or set DYAD_PG_BINDIR";
      return;
    }
    dir_ = fs::temp_directory_path() / ("pg_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    if (geteuid() == 0) {
      // PostgreSQL refuses to run as root: hand the directory to the postgres user.
      const passwd* user = getpwnam("postgres");
      if (user == nullptr) {
        error_ = "running as root but there is no 'postgres' user to run the test server as";
        return;
      }
      if (chown(dir_.c_str(), user->pw_uid, user->pw_gid) != 0) {
        error_ = "cannot hand " + dir_.string() + " to the postgres user";
        return;
      }
      // The server must reach its directory even under a restrictive umask.
      std::error_code ignored;
      fs::permissions(dir_.parent_path(), fs::perms::others_exec, fs::perm_options::add, ignored);
      as_user_ = "runuser -u postgres -- ";
    }
    // Output of the commands is written by this (root) process, the server log by the server.
    const std::string data = (dir_ / "data").string(), out = (dir_ / "commands.log").string();
    const std::string server_log = (dir_ / "server.log").string();
    if (!Run(bin_ + "/initdb -D " + data + " -U postgres -A trust -E UTF8 --locale=C --no-sync", out)) {
      error_ = "initdb failed:\n" + Slurp(out);
      return;
    }
    if (!Run(bin_ + "/pg_ctl -D " + data + " -l " + server_log + " -w -t 60 -o \"-k " + dir_.string() +
                 " -c listen_addresses= -p 5432 -F\" start",
             out)) {
      error_ = "pg_ctl start failed:\n" + Slurp(out) + Slurp(server_log);
      return;
    }
    started_ = true;
  }

  ~PostgresServer() {
    if (started_) Run(bin_ + "/pg_ctl -D " + (dir_ / "data").string() + " -m immediate -w stop", "/dev/null");
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }

  const std::string& error() const { return error_; }
  bool started() const { return started_; }

  // A URL for the `postgres` database, with `schema` (when given) as the search path.
  std::string Url(const std::string& schema = "") const {
    std::string url = "postgresql:///postgres?host=" + dir_.string() + "&port=5432&user=postgres";
    if (!schema.empty()) url += "&options=-csearch_path%3D" + schema;
    return url;
  }

 private:
  bool Run(const std::string& command, const std::string& output) const {
    return std::system((as_user_ + command + " >>" + output + " 2>&1").c_str()) == 0;
  }

  static std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  std::string bin_, error_, as_user_;
  fs::path dir_;
  bool started_ = false;
};

void Exec(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PGresult* result = PQexec(conn, sql.c_str());
  EXPECT_TRUE(PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK)
      << PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
}

// One server for the whole suite; each check gets its own schema (an empty store).
TEST(StorePostgres, Suite) {
  PostgresServer server;
  ASSERT_TRUE(server.started()) << server.error();
  Backend backend;
  std::atomic<int> next{0};
  backend.new_url = [&] {
    const std::string schema = "check_" + std::to_string(++next);
    Exec(server.Url(), "CREATE SCHEMA " + schema + ";");
    return server.Url(schema);
  };
  backend.exec = Exec;
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
