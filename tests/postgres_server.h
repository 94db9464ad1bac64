// A throw-away PostgreSQL server for tests: initdb + pg_ctl in a temporary directory, listening
// on a Unix socket only. Run as root (as in CI), the server runs as the `postgres` user.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace dyad::test {

namespace fs = std::filesystem;

// The newest /usr/lib/postgresql/<version>/bin holding initdb, or $DYAD_PG_BINDIR.
inline std::string ServerBinDir() {
  if (const char* dir = std::getenv("DYAD_PG_BINDIR"); dir != nullptr && *dir != '\0') return dir;
  std::string best;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
    const fs::path bin = entry.path() / "bin";
    if (fs::exists(bin / "initdb") && fs::exists(bin / "pg_ctl") && bin.string() > best) best = bin.string();
  }
  return best;
}

/// Starts the server on construction (check `started()` / `error()`), stops and deletes it on destruction.
class PostgresServer {
 public:
  PostgresServer() {
    bin_ = ServerBinDir();
    if (bin_.empty()) {
      error_ = "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin; "
               "install the 'postgresql' package (scripts/install-deps.sh) or set DYAD_PG_BINDIR";
      return;
    }
    static std::atomic<int> instances{0};
    dir_ = fs::temp_directory_path() / ("pg_" + std::to_string(getpid()) + "_" + std::to_string(++instances));
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

/// Runs one SQL command on the server at `url`; a failure is a test failure.
inline void ExecSql(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PGresult* result = PQexec(conn, sql.c_str());
  EXPECT_TRUE(PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK)
      << PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
}

}  // namespace dyad::test
