// Tests of the HTTP API: a server on an ephemeral loopback port over a small SQLite store,
// every endpoint hit with httplib::Client, 200 bodies and 4xx errors checked.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "dyad/pipeline.h"
#include "dyad/serve.h"
#include "dyad/store.h"

namespace dyad {
namespace {

using nlohmann::json;

struct TestDoc {
  const char* id;
  const char* date;
  const char* text;
};

constexpr TestDoc kDocs[] = {
    {"nairobi", "2024-03-12",
     "Police arrested dozens of protesters in Nairobi on Tuesday. Kenyan President William Ruto said the "
     "government would not tolerate violence."},
    {"gaza", "2024-03-13",
     "Israeli aircraft struck Hamas positions in Gaza overnight, the Israeli military said. Egypt and Qatar "
     "called for an immediate ceasefire."},
    {"baghdad", "2024-04-02",
     "Iraq and the United States signed an agreement on security cooperation in Baghdad on Monday."},
};

class ServeApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_path_ = new std::string((std::filesystem::temp_directory_path() / "serve_api_test.sqlite").string());
    std::filesystem::remove(*db_path_);
    auto pipeline = Pipeline::Create(DefaultStageNames(), StageConfig());
    ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
    pipeline_ = new Pipeline(std::move(pipeline.value()));
    {
      auto store = OpenEventStore(*db_path_);
      ASSERT_TRUE(store.ok()) << store.status().message();
      for (const TestDoc& t : kDocs) {
        Document doc;
        doc.id = t.id;
        doc.date = t.date;
        doc.text = t.text;
        ASSERT_TRUE(pipeline_->Process(doc).ok());
        ASSERT_TRUE(store.value()->ReplaceDocument(doc).ok());
      }
    }
    StoreOptions read_only;
    read_only.read_only = true;
    auto store = OpenEventStore(*db_path_, read_only);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = store.value().release();
    ServeOptions options;
    options.port = 0;
    options.threads = 4;
    server_ = new ApiServer(*store_, *pipeline_, options);
    auto port = server_->Bind();
    ASSERT_TRUE(port.ok()) << port.status().message();
    port_ = port.value();
    thread_ = new std::thread([] { EXPECT_TRUE(server_->Run().ok()); });
  }

  static void TearDownTestSuite() {
    if (server_ != nullptr) server_->Stop();
    if (thread_ != nullptr) thread_->join();
    delete thread_;
    delete server_;
    delete store_;
    delete pipeline_;
    if (db_path_ != nullptr) std::filesystem::remove(*db_path_);
    delete db_path_;
  }

  static httplib::Client Client() {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(std::chrono::seconds(30));
    return client;
  }

  // GETs `path`, expects `status` and a JSON body, returns the body.
  static json Get(const std::string& path, int status = 200) {
    auto client = Client();
    auto res = client.Get(path.c_str());
    EXPECT_TRUE(res) << path;
    if (!res) return json();
    EXPECT_EQ(res->status, status) << path << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type").rfind("application/json", 0), 0u) << path;
    json body = json::parse(res->body, nullptr, false);
    EXPECT_FALSE(body.is_discarded()) << path << ": " << res->body;
    if (status >= 400) {
      EXPECT_TRUE(body.contains("error")) << path << ": " << res->body;
    }
    return body;
  }

  static std::string* db_path_;
  static Pipeline* pipeline_;
  static EventStore* store_;
  static ApiServer* server_;
  static std::thread* thread_;
  static int port_;
};

std::string* ServeApiTest::db_path_ = nullptr;
Pipeline* ServeApiTest::pipeline_ = nullptr;
EventStore* ServeApiTest::store_ = nullptr;
ApiServer* ServeApiTest::server_ = nullptr;
std::thread* ServeApiTest::thread_ = nullptr;
int ServeApiTest::port_ = 0;

TEST_F(ServeApiTest, HealthCountsTheStore) {
  json health = Get("/api/health");
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["version"], DYAD_VERSION);
  EXPECT_EQ(health["documents"], 3);
  EXPECT_GT(health["events"].get<int>(), 2);
}

TEST_F(ServeApiTest, EventsPageAndFilters) {
  json all = Get("/api/events");
  EXPECT_EQ(all["limit"], 100);
  EXPECT_EQ(all["offset"], 0);
  const int total = all["total"];
  ASSERT_GT(total, 2);
  EXPECT_EQ(all["total_capped"], false);  // far below the 10,000 matches a total counts
  ASSERT_EQ(all["events"].size(), static_cast<size_t>(total));
  for (const json& e : all["events"]) {
    EXPECT_TRUE(e.contains("id") && e.contains("actor") && e.contains("evidence")) << e.dump();
  }

  json page = Get("/api/events?limit=1&offset=1&sort=-date");
  EXPECT_EQ(page["total"], total);
  ASSERT_EQ(page["events"].size(), 1u);
  EXPECT_EQ(page["events"][0]["id"], Get("/api/events?sort=-date")["events"][1]["id"]);

  json kenya = Get("/api/events?country=KEN");
  ASSERT_GT(kenya["total"].get<int>(), 0);
  for (const json& e : kenya["events"]) EXPECT_EQ(e["doc_id"], "nairobi");

  json dated = Get("/api/events?from=2024-03-13&to=2024-03-31");
  for (const json& e : dated["events"]) EXPECT_EQ(e["doc_id"], "gaza");

  json doc = Get("/api/events?doc=baghdad&event=AGREE");
  for (const json& e : doc["events"]) {
    EXPECT_EQ(e["doc_id"], "baghdad");
    EXPECT_EQ(e["event"], "AGREE");
  }
  EXPECT_EQ(Get("/api/events?text=nonexistentword")["total"], 0);
}

TEST_F(ServeApiTest, InvalidParametersAre400WithAMessage) {
  for (const char* path : {"/api/events?limit=0", "/api/events?limit=1001", "/api/events?limit=abc",
                           "/api/events?limit=-1", "/api/events?offset=1e3", "/api/events?sort=name",
                           "/api/events?from=2024-13-01", "/api/events?to=yesterday", "/api/events?bbox=1,2,3",
                           "/api/events?include_negated=maybe", "/api/events?segment=footnote",
                           "/api/events?colour=red", "/api/events?actor=USA&actor=IRQ",
                           "/api/timeline?interval=year", "/api/timeline?group=actor", "/api/dyads?limit=5000",
                           "/api/places?limit=0", "/api/health?verbose=1", "/api/events/nairobi:1?x=1"}) {
    json error = Get(path, 400);
    EXPECT_FALSE(error.value("error", "").empty()) << path;
  }
  EXPECT_NE(Get("/api/events?colour=red", 400)["error"].get<std::string>().find("colour"), std::string::npos);
  EXPECT_NE(Get("/api/events?limit=1001", 400)["error"].get<std::string>().find("limit"), std::string::npos);
  EXPECT_NE(Get("/api/events?text=" + std::string(600, 'a'), 400)["error"].get<std::string>().find("text"),
            std::string::npos);
}

TEST_F(ServeApiTest, EventAndDocumentById) {
  json all = Get("/api/events?doc=nairobi");
  ASSERT_GT(all["total"].get<int>(), 0);
  const json record = all["events"][0];
  const std::string id = record["id"];
  json detail = Get("/api/events/" + id);
  EXPECT_EQ(detail["event"], record);
  ASSERT_FALSE(detail["mentions"].empty());
  EXPECT_EQ(detail["mentions"][0]["doc_id"], "nairobi");
  EXPECT_FALSE(detail["mentions"][0]["sentence"]["text"].get<std::string>().empty());

  json doc = Get("/api/documents/nairobi");
  EXPECT_EQ(doc["id"], "nairobi");
  EXPECT_EQ(doc["date"], "2024-03-12");
  EXPECT_EQ(doc["text"], kDocs[0].text);
  EXPECT_EQ(doc["sentences"].size(), 2u);
  bool actor_span = false;
  for (const json& span : doc["spans"]) {
    if (span["kind"] == "actor" && span["event_id"] == id) {
      const std::string text = doc["text"];
      EXPECT_EQ(text.substr(span["start"], span["end"].get<size_t>() - span["start"].get<size_t>()),
                record["actor"][0]["text"]);
      actor_span = true;
    }
  }
  EXPECT_TRUE(actor_span) << doc["spans"].dump();

  EXPECT_NE(Get("/api/events/nairobi:999", 404)["error"].get<std::string>().find("nairobi:999"), std::string::npos);
  Get("/api/documents/unknown-doc", 404);
  Get("/api/nothing-here", 404);
}

TEST_F(ServeApiTest, TimelineDyadsAndPlaces) {
  json timeline = Get("/api/timeline?interval=month&group=quad_class");
  EXPECT_EQ(timeline["interval"], "month");
  EXPECT_EQ(timeline["group"], "quad_class");
  int count = 0;
  for (const json& s : timeline["series"]) {
    for (const json& p : s["points"]) {
      EXPECT_EQ(p["date"].get<std::string>().substr(8), "01");
      count += p["count"].get<int>();
    }
  }
  EXPECT_EQ(count, Get("/api/events")["total"]);
  EXPECT_EQ(Get("/api/timeline")["interval"], "day");

  json dyads = Get("/api/dyads?limit=10");
  ASSERT_FALSE(dyads["edges"].empty());
  EXPECT_FALSE(dyads["nodes"].empty());
  EXPECT_TRUE(dyads["edges"][0].contains("goldstein"));

  json places = Get("/api/places");
  bool nairobi = false;
  for (const json& p : places["places"]) nairobi |= p["name"] == "Nairobi" && p["country"] == "KEN";
  EXPECT_TRUE(nairobi) << places.dump();
  json box = Get("/api/places?bbox=30,-5,40,5");
  for (const json& p : box["places"]) EXPECT_EQ(p["country"], "KEN");
}

TEST_F(ServeApiTest, CodeEndpointCodesWithoutStoring) {
  const int before = Get("/api/health")["events"];
  auto client = Client();
  json body = {{"text", "Egypt and Qatar called for an immediate ceasefire."}, {"date", "2024-05-01"}, {"id", "x"}};
  auto res = client.Post("/api/code", body.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json coded = json::parse(res->body);
  ASSERT_FALSE(coded["events"].empty());
  EXPECT_EQ(coded["events"][0]["doc_id"], "x");
  EXPECT_EQ(coded["events"][0]["id"], "x:1");

  res = client.Post("/api/code?date=2024-05-01", "Police arrested protesters in Nairobi.", "text/plain; charset=utf-8");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_FALSE(json::parse(res->body)["events"].empty());
  EXPECT_EQ(Get("/api/health")["events"], before);

  struct Bad {
    std::string body, type;
    int status;
  };
  for (const Bad& bad : std::vector<Bad>{{"not json", "application/json", 400},
                                         {"[1,2]", "application/json", 400},
                                         {R"({"txt":"a"})", "application/json", 400},
                                         {R"({"text":5})", "application/json", 400},
                                         {R"({"text":"a","date":"2024-13-01"})", "application/json", 400},
                                         {"<p>hi</p>", "text/html", 415},
                                         {std::string((1u << 20) + 1, 'a'), "text/plain", 413}}) {
    res = client.Post("/api/code", bad.body, bad.type.c_str());
    ASSERT_TRUE(res) << bad.body.substr(0, 40);
    EXPECT_EQ(res->status, bad.status) << bad.body.substr(0, 40) << ": " << res->body;
    EXPECT_TRUE(json::parse(res->body, nullptr, false).contains("error")) << res->body;
  }
}

TEST_F(ServeApiTest, ReadOnlyMethodsAreRefused) {
  auto client = Client();
  for (const char* path : {"/api/events", "/api/documents/nairobi"}) {
    auto res = client.Delete(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 405) << path;
    res = client.Post(path, "{}", "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 405) << path;
  }
  auto res = client.Get("/api/code");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_F(ServeApiTest, ConcurrentClientsGetConsistentAnswers) {
  const json expected = Get("/api/events?limit=5&sort=goldstein");
  std::atomic<int> mismatches{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&] {
      auto client = Client();
      for (int i = 0; i < 20; ++i) {
        auto res = client.Get("/api/events?limit=5&sort=goldstein");
        if (!res || res->status != 200 || json::parse(res->body) != expected) {
          ADD_FAILURE() << (res ? res->body : httplib::to_string(res.error()));
          ++mismatches;
        }
        auto timeline = client.Get("/api/timeline?group=none");
        if (!timeline || timeline->status != 200) {
          ADD_FAILURE() << (timeline ? timeline->body : httplib::to_string(timeline.error()));
          ++mismatches;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace dyad
