// `dyad submit` + `dyad worker` through a real nats-server: a worker killed mid-stream, a broker
// restart, and a poison document; the store must end up exactly as a single `dyad code --db` run.
// Every test runs twice: with a SQLite store and with a PostgreSQL store (a throw-away server).
#include <gtest/gtest.h>

#include <nats/nats.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <iostream>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "dyad/store.h"
#include "postgres_server.h"
#include "dyad/work_queue.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

bool HaveNatsServer() { return std::system("command -v nats-server >/dev/null 2>&1") == 0; }

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

bool PortOpen(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool open = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return open;
}

// Starts `args` with stdout and stderr appended to `log`.
pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// Waits for `pid` to exit; returns its exit code, or -1 (after killing it) on timeout.
int WaitExit(pid_t pid, std::chrono::seconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs the dyad binary to completion; returns the exit code and fills `out` with stdout.
int RunDyad(const std::string& args, std::string* out, const std::string& dir) {
  const std::string out_path = dir + "/run.out", err_path = dir + "/run.err";
  const int status = std::system((std::string(DYAD_BINARY) + " " + args + " >" + out_path + " 2>" + err_path).c_str());
  if (out != nullptr) *out = Slurp(out_path);
  if (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 3) std::cerr << Slurp(err_path);
  return WEXITSTATUS(status);
}

// Quotes `word` for the shell (store URLs hold '&' and '?').
std::string ShellQuoted(const std::string& word) { return "'" + word + "'"; }

// The sink a test writes to: "sqlite" or "postgresql".
class NatsQueueTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void TearDownTestSuite() { postgres_.reset(); }

  void SetUp() override {
    if (!HaveNatsServer()) GTEST_SKIP() << "nats-server not installed";
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    dir_ = (fs::temp_directory_path() / ("dyad_nats_" + std::to_string(getpid()) + "_" + name)).string();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    if (GetParam() == "postgresql") {
      if (postgres_ == nullptr) postgres_ = std::make_unique<test::PostgresServer>();
      ASSERT_TRUE(postgres_->started()) << postgres_->error();
      static int stores = 0;
      const std::string queue_schema = "queue_" + std::to_string(++stores), single_schema = "single_" + std::to_string(stores);
      test::ExecSql(postgres_->Url(), "CREATE SCHEMA " + queue_schema + "; CREATE SCHEMA " + single_schema + ";");
      store_url_ = postgres_->Url(queue_schema);
      single_url_ = postgres_->Url(single_schema);
    } else {
      store_url_ = dir_ + "/queue.db";
      single_url_ = dir_ + "/single.db";
    }
    port_ = FreePort();
    url_ = "nats://127.0.0.1:" + std::to_string(port_);
    StartServer();
    WriteDocuments();
  }

  void TearDown() override {
    reader_.reset();
    for (pid_t pid : workers_) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    StopServer(SIGKILL);
    if (!HasFailure()) fs::remove_all(dir_);
  }

  void StartServer() {
    server_ = Spawn({"nats-server", "-js", "-a", "127.0.0.1", "-p", std::to_string(port_), "-sd", dir_ + "/js"},
                    dir_ + "/nats.log");
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    while (!PortOpen(port_) && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE(PortOpen(port_)) << Slurp(dir_ + "/nats.log");
  }

  void StopServer(int signal) {
    if (server_ <= 0) return;
    kill(server_, signal);
    waitpid(server_, nullptr, 0);
    server_ = -1;
  }

  // Invented one-sentence news items, plus one document that can never be coded (a NUL byte).
  void WriteDocuments() {
    const std::vector<std::string> countries = {"France", "Germany", "Japan", "Kenya", "Brazil", "India", "Egypt", "Canada"};
    const std::vector<std::string> templates = {
        "{A} accused {B} of violating the ceasefire on Monday.",
        "{A} signed a trade agreement with {B} on Tuesday.",
        "Police in {A} arrested protesters outside the embassy of {B}.",
        "{A} sent troops to the border with {B}.",
        "The president of {A} met the prime minister of {B} to discuss aid."};
    std::ofstream out(dir_ + "/docs.jsonl");
    for (int i = 0; i < kDocuments; ++i) {
      std::string text = templates[i % templates.size()];
      const std::string a = countries[i % countries.size()], b = countries[(i / 3 + 1 + i) % countries.size()];
      text.replace(text.find("{A}"), 3, a);
      text.replace(text.find("{B}"), 3, a == b ? countries[(i + 5) % countries.size()] : b);
      char id[32], date[16];
      std::snprintf(id, sizeof id, "doc-%04d", i);
      std::snprintf(date, sizeof date, "2030-0%d-%02d", 1 + i % 9, 1 + i % 28);
      out << "{\"id\": \"" << id << "\", \"date\": \"" << date << "\", \"text\": \"" << text << "\"}\n";
      if (i == kDocuments / 2) out << "{\"id\": \"poison\", \"text\": \"This text has a NUL \\u0000 byte.\"}\n";
    }
  }

  pid_t StartWorker(const std::string& name, const std::string& extra = "") {
    std::vector<std::string> args = {DYAD_BINARY, "worker", "--nats", url_, "--stream", "T", "--db", store_url_,
                                     "--batch", "3", "--max-deliver", "3", "--ack-wait", "2", "--exit-when-idle", "2"};
    if (!extra.empty()) args.push_back(extra);
    const pid_t pid = Spawn(args, dir_ + "/" + name + ".log");
    workers_.push_back(pid);
    return pid;
  }

  size_t StoredDocuments() {
    if (reader_ == nullptr) {  // opened once the first worker has created the store
      StoreOptions options;
      options.create = false;
      options.read_only = true;
      auto store = OpenEventStore(store_url_, options);
      if (!store.ok()) return 0;
      reader_ = std::move(store).value();
    }
    auto counts = reader_->Counts();
    return counts.ok() ? counts.value().value("documents", size_t{0}) : 0;
  }

  // Polls until the store holds at least `n` documents.
  bool WaitForStored(size_t n, std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      if (StoredDocuments() >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  int WaitWorkers() {
    int worst = 0;
    for (pid_t pid : workers_) worst = std::max(worst, WaitExit(pid, std::chrono::seconds(60)));
    workers_.clear();
    return worst;
  }

  // The store must hold every good document once, with exactly the events of a plain run.
  void ExpectSameAsSingleProcess() {
    std::string queue_stats, single_stats, queue_events, single_events;
    reader_.reset();
    ASSERT_EQ(RunDyad("stats --db " + ShellQuoted(store_url_), &queue_stats, dir_), 0);
    EXPECT_EQ(RunDyad("code -q --db-only --db " + ShellQuoted(single_url_) + " " + dir_ + "/docs.jsonl", nullptr, dir_), 3);
    ASSERT_EQ(RunDyad("stats --db " + ShellQuoted(single_url_), &single_stats, dir_), 0);
    EXPECT_EQ(queue_stats, single_stats);
    EXPECT_NE(queue_stats.find("\"documents\":" + std::to_string(kDocuments)), std::string::npos) << queue_stats;
    ASSERT_EQ(RunDyad("export --db " + ShellQuoted(store_url_), &queue_events, dir_), 0);
    ASSERT_EQ(RunDyad("export --db " + ShellQuoted(single_url_), &single_events, dir_), 0);
    EXPECT_GT(queue_events.size(), 1000u);
    EXPECT_TRUE(queue_events == single_events) << "exported events differ";
  }

  // The dead-letter stream holds the poison document, delivered max-deliver times. With
  // `expect_empty_queue`, the work stream must also be empty. After a SIGKILL of the broker
  // itself, nats-server 2.9 can recover messages whose acknowledgement it had applied but not
  // yet persisted; they stay in the stream behind the consumer's ack floor. Those documents are
  // already stored (ExpectSameAsSingleProcess checks every one, exactly once), so that case
  // only bounds what is left.
  void ExpectPoisonDeadLettered(bool expect_empty_queue) {
    natsConnection* nc = nullptr;
    jsCtx* js = nullptr;
    ASSERT_EQ(natsConnection_ConnectTo(&nc, url_.c_str()), NATS_OK);
    ASSERT_EQ(natsConnection_JetStream(&js, nc, nullptr), NATS_OK);
    jsStreamInfo* info = nullptr;
    ASSERT_EQ(js_GetStreamInfo(&info, js, "T_DEAD", nullptr, nullptr), NATS_OK);
    EXPECT_EQ(info->State.Msgs, 1u);
    jsStreamInfo_Destroy(info);
    natsMsg* dead = nullptr;
    ASSERT_EQ(js_GetLastMsg(&dead, js, "T_DEAD", DeadLetterSubject("T").c_str(), nullptr, nullptr), NATS_OK);
    const char* value = nullptr;
    ASSERT_EQ(natsMsgHeader_Get(dead, "Dyad-Document-Id", &value), NATS_OK);
    EXPECT_STREQ(value, "poison");
    ASSERT_EQ(natsMsgHeader_Get(dead, "Dyad-Deliveries", &value), NATS_OK);
    EXPECT_STREQ(value, "3");
    ASSERT_EQ(natsMsgHeader_Get(dead, "Dyad-Error", &value), NATS_OK);
    EXPECT_NE(std::string(value).find("NUL byte"), std::string::npos) << value;
    natsMsg_Destroy(dead);
    ASSERT_EQ(js_GetStreamInfo(&info, js, "T", nullptr, nullptr), NATS_OK);
    if (expect_empty_queue) {
      EXPECT_EQ(info->State.Msgs, 0u);
    } else {
      EXPECT_LT(info->State.Msgs, static_cast<uint64_t>(kDocuments));
    }
    jsStreamInfo_Destroy(info);
    jsCtx_Destroy(js);
    natsConnection_Destroy(nc);
  }

  static constexpr int kDocuments = 240;
  static inline std::unique_ptr<test::PostgresServer> postgres_;  // started by the first PostgreSQL test
  std::string dir_, url_, store_url_, single_url_;
  int port_ = 0;
  pid_t server_ = -1;
  std::vector<pid_t> workers_;
  std::unique_ptr<EventStore> reader_;
};

TEST_P(NatsQueueTest, KilledWorkerLosesAndDuplicatesNothing) {
  std::string submitted;
  const std::string submit = "submit --nats " + url_ + " --stream T " + dir_ + "/docs.jsonl";
  ASSERT_EQ(RunDyad(submit, nullptr, dir_), 0) << Slurp(dir_ + "/run.err");
  EXPECT_NE(Slurp(dir_ + "/run.err").find(std::to_string(kDocuments + 1) + " queued"), std::string::npos)
      << Slurp(dir_ + "/run.err");
  // Submitting again queues nothing twice.
  ASSERT_EQ(RunDyad(submit, nullptr, dir_), 0);
  EXPECT_NE(Slurp(dir_ + "/run.err").find("0 queued, " + std::to_string(kDocuments + 1) + " already queued"),
            std::string::npos)
      << Slurp(dir_ + "/run.err");

  const pid_t first = StartWorker("worker1");
  StartWorker("worker2");
  ASSERT_TRUE(WaitForStored(kDocuments / 6, std::chrono::seconds(60)));
  kill(first, SIGKILL);  // mid-stream: its fetched, unacknowledged documents come back after --ack-wait
  waitpid(first, nullptr, 0);
  const size_t stored_at_kill = StoredDocuments();
  EXPECT_LT(stored_at_kill, static_cast<size_t>(kDocuments)) << "the kill came too late to test anything";
  workers_.erase(workers_.begin());
  StartWorker("worker1-restarted");
  EXPECT_EQ(WaitWorkers(), 0) << Slurp(dir_ + "/worker2.log");
  std::cerr << "stored when worker 1 was killed: " << stored_at_kill << "\n"
            << Slurp(dir_ + "/worker1.log") << Slurp(dir_ + "/worker2.log") << Slurp(dir_ + "/worker1-restarted.log");
  ExpectSameAsSingleProcess();
  ExpectPoisonDeadLettered(/*expect_empty_queue=*/true);
}

TEST_P(NatsQueueTest, WorkersRideOutABrokerRestart) {
  ASSERT_EQ(RunDyad("submit --nats " + url_ + " --stream T " + dir_ + "/docs.jsonl", nullptr, dir_), 0);
  StartWorker("worker1");
  StartWorker("worker2");
  ASSERT_TRUE(WaitForStored(kDocuments / 6, std::chrono::seconds(60)));
  StopServer(SIGKILL);
  const size_t stored_at_restart = StoredDocuments();
  EXPECT_LT(stored_at_restart, static_cast<size_t>(kDocuments)) << "the restart came too late to test anything";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the workers notice the outage
  StartServer();
  EXPECT_EQ(WaitWorkers(), 0) << Slurp(dir_ + "/worker1.log") << Slurp(dir_ + "/worker2.log");
  const std::string logs = Slurp(dir_ + "/worker1.log") + Slurp(dir_ + "/worker2.log");
  EXPECT_NE(logs.find("reconnected to the NATS server"), std::string::npos) << logs;
  std::cerr << "stored when the broker was killed: " << stored_at_restart << "\n" << logs;
  ExpectSameAsSingleProcess();
  ExpectPoisonDeadLettered(/*expect_empty_queue=*/false);
}

INSTANTIATE_TEST_SUITE_P(Sinks, NatsQueueTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace dyad
