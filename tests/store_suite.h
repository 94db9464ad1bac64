// The event-store test suite, run against SQLite (store_sqlite_test.cc) and against a
// throw-away PostgreSQL server (store_postgres_test.cc). Each check gets a fresh, empty store.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "dyad/event_record.h"
#include "dyad/store.h"

namespace dyad::store_test {

/// What a backend gives the suite: fresh store URLs and raw SQL on a URL's database.
struct Backend {
  std::function<std::string()> new_url;                                     ///< an empty database
  std::function<void(const std::string& url, const std::string& sql)> exec;  ///< raw SQL (fixtures)
  std::string fixture_dialect;                                              ///< "sqlite" or "postgres"
};

inline std::unique_ptr<EventStore> Open(const std::string& url) {
  auto store = OpenEventStore(url);
  EXPECT_TRUE(store.ok()) << store.status().message();
  return store.ok() ? std::move(store).value() : nullptr;
}

// Byte offsets of `needle` in `text`.
inline std::pair<uint32_t, uint32_t> Find(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())};
}

inline void AddSentence(Document& doc, const std::string& sentence_text, Segment segment = Segment::kArticle) {
  auto [begin, end] = Find(doc.text, sentence_text);
  Sentence s;
  s.begin = begin;
  s.end = end;
  s.segment = segment;
  doc.sentences.push_back(s);
}

// The actor `text` at its first occurrence inside the first occurrence of `context`.
inline EventActor Actor(const Document& doc, const std::string& text, const std::string& code,
                        const std::string& country, const std::string& sector, const std::string& context = "") {
  const uint32_t begin = Find(doc.text, context.empty() ? text : context).first +
                         static_cast<uint32_t>(context.empty() ? 0 : context.find(text));
  return {text, code, country, sector, begin, begin + static_cast<uint32_t>(text.size())};
}

inline Event MakeEvent(const Document& doc, uint32_t sentence, const std::string& trigger, const std::string& plover,
                       const std::string& cameo, int quad, double goldstein) {
  Event e;
  e.sentence = sentence;
  std::tie(e.trigger_begin, e.trigger_end) = Find(doc.text, trigger);
  e.plover = plover;
  e.cameo = cameo;
  e.quad_class = quad;
  e.goldstein = goldstein;
  e.evidence = "test pattern " + cameo;
  return e;
}

inline Location Place(const Document& doc, const std::string& text, int64_t geonameid, const std::string& country,
                      double lat, double lon) {
  Location l;
  l.text = text;
  l.name = text;
  l.geonameid = geonameid;
  l.country = country;
  l.lat = lat;
  l.lon = lon;
  l.precision = "city";
  std::tie(l.begin, l.end) = Find(doc.text, text);
  return l;
}

// d1 (2021-07-08): an assault near Mosul (non-ASCII text before later spans), a condemnation
// dated by its text, and a negated rejection.
inline Document Doc1() {
  Document doc;
  doc.id = "d1";
  doc.date = "2021-07-08";
  doc.title = "Clashes near Mosul";
  doc.url = "https://example.org/d1";
  doc.source = "Example News";
  doc.text = "Iraqi troops attacked rebels near Mosul’s café. On Friday Washington condemned the raid. "
             "Washington did not reject the talks.";
  AddSentence(doc, "Iraqi troops attacked rebels near Mosul’s café.");
  AddSentence(doc, "On Friday Washington condemned the raid.");
  AddSentence(doc, "Washington did not reject the talks.");
  Event assault = MakeEvent(doc, 0, "attacked", "ASSAULT", "190", 4, -10);
  assault.actors.push_back(Actor(doc, "Iraqi troops", "IRQMIL", "IRQ", "MIL"));
  assault.recipients.push_back(Actor(doc, "rebels", "IRQREB", "IRQ", "REB"));
  assault.location = Place(doc, "Mosul", 99072, "IRQ", 36.34, 43.13);
  assault.date = "2021-07-08";
  Event condemn = MakeEvent(doc, 1, "condemned", "DISAPPROVE", "111", 3, -2);
  condemn.actors.push_back(Actor(doc, "Washington", "USAGOV", "USA", "GOV", "Washington condemned"));
  condemn.date = "2021-07-09";
  condemn.date_text = "Friday";
  condemn.date_precision = "day";
  std::tie(condemn.date_begin, condemn.date_end) = Find(doc.text, "Friday");
  Event reject = MakeEvent(doc, 2, "reject", "REJECT", "120", 3, -4);
  reject.actors.push_back(Actor(doc, "Washington", "USA", "USA", "", "Washington did"));
  reject.aux.push_back("negation");
  reject.date = "2021-07-08";
  doc.events = {assault, condemn, reject};
  doc.places = {*assault.location};
  return doc;
}

// d2 (2021-08-15): a Syrian air strike on Aleppo stated twice, and a protest in a comment.
inline Document Doc2() {
  Document doc;
  doc.id = "d2";
  doc.date = "2021-08-15";
  doc.text = "Syrian jets bombed insurgents in Aleppo. The strike hit Aleppo again. Protesters marched.";
  AddSentence(doc, "Syrian jets bombed insurgents in Aleppo.");
  AddSentence(doc, "The strike hit Aleppo again.");
  AddSentence(doc, "Protesters marched.", Segment::kComment);
  Event strike = MakeEvent(doc, 0, "bombed", "ASSAULT", "195", 4, -10);
  strike.actors.push_back(Actor(doc, "Syrian jets", "SYRMIL", "SYR", "MIL"));
  strike.recipients.push_back(Actor(doc, "insurgents", "SYRREB", "SYR", "REB"));
  strike.location = Place(doc, "Aleppo", 170063, "SYR", 36.2, 37.16);
  strike.date = "2021-08-15";
  strike.mentions.push_back({"d2", 0, strike.trigger_begin, strike.trigger_end, "bombed pattern"});
  auto [hit_begin, hit_end] = Find(doc.text, "hit");
  strike.mentions.push_back({"d2", 1, hit_begin, hit_end, "hit pattern"});
  Event protest = MakeEvent(doc, 2, "marched", "PROTEST", "141", 3, -6.5);
  protest.actors.push_back(Actor(doc, "Protesters", "CVL", "", "CVL"));
  protest.date = "2021-08-15";
  doc.events = {strike, protest};
  doc.places = {*strike.location};
  return doc;
}

// d3 (no date): a meeting of no known date.
inline Document Doc3() {
  Document doc;
  doc.id = "d3";
  doc.text = "Iraqi officials met American diplomats.";
  AddSentence(doc, doc.text);
  Event meet = MakeEvent(doc, 0, "met", "CONSULT", "040", 1, 1);
  meet.actors.push_back(Actor(doc, "Iraqi officials", "IRQGOV", "IRQ", "GOV"));
  meet.recipients.push_back(Actor(doc, "American diplomats", "USAGOV", "USA", "GOV"));
  doc.events = {meet};
  return doc;
}

inline std::unique_ptr<EventStore> Loaded(const Backend& backend) {
  auto store = Open(backend.new_url());
  if (!store) return nullptr;
  Status status = store->ReplaceDocuments({PrepareDocument(Doc1()), PrepareDocument(Doc2()), PrepareDocument(Doc3())});
  EXPECT_TRUE(status.ok()) << status.message();
  return store;
}

inline std::vector<std::string> Ids(const nlohmann::json& page) {
  std::vector<std::string> ids;
  for (const auto& e : page["events"]) ids.push_back(e["id"].get<std::string>());
  return ids;
}

inline std::vector<std::string> Select(EventStore& store, const std::map<std::string, std::string>& fields) {
  EventQuery query;
  for (const auto& [name, value] : fields) {
    Status status = SetEventFilterField(query.filter, name, value);
    EXPECT_TRUE(status.ok()) << status.message();
  }
  auto page = store.QueryEvents(query);
  EXPECT_TRUE(page.ok()) << page.status().message();
  if (!page.ok()) return {};
  EXPECT_EQ(page.value()["total"].get<size_t>(), page.value()["events"].size());
  return Ids(page.value());
}

using Ids_ = std::vector<std::string>;  // expected event ids, in order

inline void RoundTrip(const Backend& backend) {
  auto store = Loaded(backend);
  ASSERT_TRUE(store);
  auto counts = store->Counts();
  ASSERT_TRUE(counts.ok()) << counts.status().message();
  EXPECT_EQ(counts.value(), (nlohmann::json{{"documents", 3}, {"events", 6}}));

  // The stored record is exactly what `dyad code` writes.
  const Document d1 = Doc1();
  auto event = store->GetEvent("d1:1");
  ASSERT_TRUE(event.ok()) << event.status().message();
  ASSERT_TRUE(event.value());
  EXPECT_EQ((*event.value())["event"], EventToJson(d1, 0));
  const auto& mention = (*event.value())["mentions"];
  ASSERT_EQ(mention.size(), 1u);  // no merged mentions: the event itself
  EXPECT_EQ(mention[0]["doc_id"], "d1");
  EXPECT_EQ(mention[0]["sentence"]["text"], "Iraqi troops attacked rebels near Mosul’s café.");
  EXPECT_EQ(mention[0]["event_span"], (nlohmann::json{{"start", 13}, {"end", 21}}));
  EXPECT_EQ(mention[0]["evidence"], "test pattern 190");

  // Two mentions in order, offsets in code points.
  auto strike = store->GetEvent("d2:1");
  ASSERT_TRUE(strike.ok() && strike.value());
  const auto& mentions = (*strike.value())["mentions"];
  ASSERT_EQ(mentions.size(), 2u);
  EXPECT_EQ(mentions[1]["sentence"], (nlohmann::json{{"index", 1}, {"start", 41}, {"end", 69}, {"text", "The strike hit Aleppo again."}}));
  EXPECT_EQ(mentions[1]["event_span"], (nlohmann::json{{"start", 52}, {"end", 55}}));
  EXPECT_EQ(mentions[1]["evidence"], "hit pattern");

  auto missing = store->GetEvent("d9:1");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing.value());

  auto doc = store->GetDocument("d1");
  ASSERT_TRUE(doc.ok() && doc.value()) << doc.status().message();
  const nlohmann::json& d = *doc.value();
  EXPECT_EQ(d["id"], "d1");
  EXPECT_EQ(d["date"], "2021-07-08");
  EXPECT_EQ(d["title"], "Clashes near Mosul");
  EXPECT_EQ(d["url"], "https://example.org/d1");
  EXPECT_EQ(d["source"], "Example News");
  EXPECT_EQ(d["text"], d1.text);
  ASSERT_EQ(d["sentences"].size(), 3u);
  // "Mosul’s café." has 2 multi-byte characters: the second sentence starts at code point 48.
  EXPECT_EQ(d["sentences"][1], (nlohmann::json{{"index", 1}, {"start", 48}, {"end", 88}, {"segment", "article"}}));
  std::multiset<std::string> kinds;
  for (const auto& span : d["spans"]) kinds.insert(span["kind"].get<std::string>());
  EXPECT_EQ(kinds, (std::multiset<std::string>{"actor", "actor", "actor", "recipient", "event", "event", "event",
                                               "place", "date"}));
  const nlohmann::json date_span = {{"start", 51}, {"end", 57}, {"kind", "date"}, {"event_id", "d1:2"}};
  EXPECT_NE(std::find(d["spans"].begin(), d["spans"].end(), date_span), d["spans"].end()) << d["spans"].dump();
  const nlohmann::json place_span = {{"start", 34}, {"end", 39}, {"kind", "place"}, {"event_id", "d1:1"}};
  EXPECT_NE(std::find(d["spans"].begin(), d["spans"].end(), place_span), d["spans"].end()) << d["spans"].dump();

  auto no_date = store->GetDocument("d3");
  ASSERT_TRUE(no_date.ok() && no_date.value());
  EXPECT_TRUE((*no_date.value())["date"].is_null());
  auto unknown = store->GetDocument("nope");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown.value());
}

inline void ReplaceKeepsOneCopy(const Backend& backend) {
  auto store = Loaded(backend);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->ReplaceDocument(Doc1()).ok());
  ASSERT_TRUE(store->ReplaceDocuments({PrepareDocument(Doc1()), PrepareDocument(Doc1())}).ok());
  EXPECT_EQ(store->Counts().value(), (nlohmann::json{{"documents", 3}, {"events", 6}}));
  EXPECT_EQ(Select(*store, {{"actor", "IRQMIL"}}), Ids_{"d1:1"});

  // Re-coded with fewer events and a new title: the old rows are gone.
  Document v2 = Doc1();
  v2.title = "Updated";
  v2.events.resize(1);
  v2.events[0].actors[0].code = "IRQSPY";
  ASSERT_TRUE(store->ReplaceDocument(v2).ok());
  EXPECT_EQ(store->Counts().value(), (nlohmann::json{{"documents", 3}, {"events", 4}}));
  EXPECT_EQ(Select(*store, {{"actor", "IRQMIL"}}), Ids_{});
  EXPECT_EQ(Select(*store, {{"actor", "IRQSPY"}}), Ids_{"d1:1"});
  EXPECT_EQ((*store->GetDocument("d1").value())["title"], "Updated");
  EXPECT_EQ((*store->GetEvent("d1:1").value())["mentions"].size(), 1u);
  auto dyads = store->Dyads(EventFilter(), 10);
  ASSERT_TRUE(dyads.ok());
  EXPECT_EQ(dyads.value()["edges"].size(), 3u) << dyads.value().dump();
}

inline void FailedBatchLeavesPreviousVersion(const Backend& backend) {
  auto store = Loaded(backend);
  ASSERT_TRUE(store);
  Document v2 = Doc1();
  v2.title = "Never stored";
  StoredDocument broken = PrepareDocument(Doc2());
  broken.events[1].id = broken.events[0].id;  // duplicate primary key: the insert fails
  Status status = store->ReplaceDocuments({PrepareDocument(v2), broken});
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("d2"), std::string::npos) << status.message();
  EXPECT_EQ((*store->GetDocument("d1").value())["title"], "Clashes near Mosul");
  EXPECT_EQ(store->Counts().value(), (nlohmann::json{{"documents", 3}, {"events", 6}}));
  EXPECT_EQ((*store->GetEvent("d2:1").value())["mentions"].size(), 2u);
  // The store is still usable after the failed transaction.
  ASSERT_TRUE(store->ReplaceDocument(v2).ok());
  EXPECT_EQ((*store->GetDocument("d1").value())["title"], "Never stored");
}

inline void Filters(const Backend& backend) {
  auto store = Loaded(backend);
  ASSERT_TRUE(store);
  // Defaults: article events, negated ones left out.
  EXPECT_EQ(Select(*store, {}), (Ids_{"d3:1", "d1:1", "d1:2", "d2:1"}));
  EXPECT_EQ(Select(*store, {{"include_negated", "1"}}), (Ids_{"d3:1", "d1:1", "d1:3", "d1:2", "d2:1"}));
  EXPECT_EQ(Select(*store, {{"segment", "comment"}}), (Ids_{"d2:2"}));
  EXPECT_EQ(Select(*store, {{"segment", "all"}}), (Ids_{"d3:1", "d1:1", "d1:2", "d2:1", "d2:2"}));
  EXPECT_EQ(Select(*store, {{"actor", "irq"}}), (Ids_{"d3:1", "d1:1"}));
  EXPECT_EQ(Select(*store, {{"actor", "IRQGOV"}}), (Ids_{"d3:1"}));
  // Prefixes off the 3-letter blocks are answered from the actors table, not the facets.
  EXPECT_EQ(Select(*store, {{"actor", "IR"}}), (Ids_{"d3:1", "d1:1"}));
  EXPECT_EQ(Select(*store, {{"actor", "IRQG"}}), (Ids_{"d3:1"}));
  EXPECT_EQ(Select(*store, {{"actor", "IRQ"}, {"recipient", "USAGOV"}, {"country", "IRQ"}}), (Ids_{"d3:1"}));
  EXPECT_EQ(Select(*store, {{"country", "IRQ"}, {"text", "troops"}}), (Ids_{"d1:1"}));
  EXPECT_EQ(Select(*store, {{"recipient", "USA"}}), (Ids_{"d3:1"}));
  EXPECT_EQ(Select(*store, {{"recipient", "SYRREB"}}), (Ids_{"d2:1"}));
  EXPECT_EQ(Select(*store, {{"country", "USA"}}), (Ids_{"d3:1", "d1:2"}));
  EXPECT_EQ(Select(*store, {{"country", "SYR"}}), (Ids_{"d2:1"}));
  EXPECT_EQ(Select(*store, {{"event", "ASSAULT"}}), (Ids_{"d1:1", "d2:1"}));
  EXPECT_EQ(Select(*store, {{"cameo", "19"}}), (Ids_{"d1:1", "d2:1"}));
  EXPECT_EQ(Select(*store, {{"cameo", "11"}}), (Ids_{"d1:2"}));
  EXPECT_EQ(Select(*store, {{"from", "2021-07-09"}}), (Ids_{"d1:2", "d2:1"}));
  EXPECT_EQ(Select(*store, {{"to", "2021-07-09"}}), (Ids_{"d1:1", "d1:2"}));
  EXPECT_EQ(Select(*store, {{"from", "2021-07-09"}, {"to", "2021-07-09"}}), (Ids_{"d1:2"}));
  EXPECT_EQ(Select(*store, {{"bbox", "40,30,50,40"}}), (Ids_{"d1:1"}));
  EXPECT_EQ(Select(*store, {{"bbox", "30,30,50,40"}}), (Ids_{"d1:1", "d2:1"}));
  EXPECT_EQ(Select(*store, {{"bbox", "170,30,40,40"}}), (Ids_{"d2:1"}));  // across the antimeridian
  EXPECT_EQ(Select(*store, {{"text", "rebels"}}), (Ids_{"d1:1"}));
  EXPECT_EQ(Select(*store, {{"text", "WASHINGTON raid"}}), (Ids_{"d1:2"}));
  EXPECT_EQ(Select(*store, {{"text", "Washington jets"}}), (Ids_{}));
  EXPECT_EQ(Select(*store, {{"text", "café"}}), (Ids_{"d1:1"}));
  EXPECT_EQ(Select(*store, {{"doc", "d2"}, {"segment", "all"}}), (Ids_{"d2:1", "d2:2"}));
  EXPECT_EQ(Select(*store, {{"actor", "USA"}, {"country", "USA"}, {"include_negated", "1"}}),
            (Ids_{"d1:3", "d1:2"}));
  // A value that would break naive SQL is just a string that matches nothing.
  EXPECT_EQ(Select(*store, {{"doc", "d1' OR '1'='1"}}), (Ids_{}));
  // Query operators are plain words: every word must occur.
  EXPECT_EQ(Select(*store, {{"text", "\"rebels\" OR *"}}), (Ids_{}));

  // Sorting and paging.
  EventQuery query;
  query.sort = EventSort::kGoldsteinDesc;
  query.limit = 2;
  query.offset = 1;
  auto page = store->QueryEvents(query);
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_EQ(page.value()["total"], 4);
  EXPECT_EQ(page.value()["limit"], 2);
  EXPECT_EQ(page.value()["offset"], 1);
  EXPECT_EQ(Ids(page.value()), (Ids_{"d1:2", "d2:1"}));
  query.sort = EventSort::kDateDesc;
  query.offset = 0;
  EXPECT_EQ(Ids(store->QueryEvents(query).value()), (Ids_{"d2:1", "d1:2"}));

  // Invalid values are refused with the field's name.
  EventFilter filter;
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"from", "2021-13-01"}, {"bbox", "1,2,3"}, {"bbox", "0,50,10,40"}, {"country", "IRAQ"},
           {"actor", "IRQ;DROP"}, {"segment", "body"}, {"include_negated", "yes"}, {"nope", "1"}}) {
    Status status = SetEventFilterField(filter, name, value);
    EXPECT_FALSE(status.ok()) << name << "=" << value;
    EXPECT_NE(status.message().find(name), std::string::npos) << status.message();
  }
  EXPECT_FALSE(ParseEventSort("size").ok());
}

inline void StreamsEveryEvent(const Backend& backend) {
  auto store = Open(backend.new_url());
  ASSERT_TRUE(store);
  // More events than one keyset page, several per date, to exercise paging.
  Document doc;
  doc.id = "big";
  doc.date = "2022-01-01";
  doc.text = "Rebels attacked.";
  AddSentence(doc, doc.text);
  const size_t kEvents = 1205;
  for (size_t i = 0; i < kEvents; ++i) {
    Event e = MakeEvent(doc, 0, "attacked", "ASSAULT", "190", 4, -10 + static_cast<double>(i % 7));
    e.date = "2022-01-" + std::string(i % 3 == 0 ? "01" : i % 3 == 1 ? "02" : "03");
    doc.events.push_back(e);
  }
  ASSERT_TRUE(store->ReplaceDocument(doc).ok());
  for (EventSort sort : {EventSort::kDate, EventSort::kDateDesc, EventSort::kGoldstein, EventSort::kGoldsteinDesc}) {
    std::vector<std::string> seen;
    std::vector<nlohmann::json> keys;
    Status status = store->ForEachEvent(EventFilter(), sort, [&](const nlohmann::json& record, const std::string&) {
      seen.push_back(record["id"]);
      keys.push_back(sort == EventSort::kDate || sort == EventSort::kDateDesc ? record["date"] : record["goldstein"]);
      return true;
    });
    ASSERT_TRUE(status.ok()) << status.message();
    EXPECT_EQ(seen.size(), kEvents);
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), kEvents);
    const bool descending = sort == EventSort::kDateDesc || sort == EventSort::kGoldsteinDesc;
    EXPECT_TRUE(descending ? std::is_sorted(keys.rbegin(), keys.rend()) : std::is_sorted(keys.begin(), keys.end()));
  }
  size_t visited = 0;
  ASSERT_TRUE(store->ForEachEvent(EventFilter(), EventSort::kDate, [&](const nlohmann::json&, const std::string&) {
    return ++visited < 5;
  }).ok());
  EXPECT_EQ(visited, 5u);
}

inline void Aggregates(const Backend& backend) {
  auto store = Loaded(backend);
  ASSERT_TRUE(store);
  EventFilter all;
  all.include_negated = true;
  auto day = store->Timeline(all, TimelineInterval::kDay, TimelineGroup::kEvent);
  ASSERT_TRUE(day.ok()) << day.status().message();
  EXPECT_EQ(day.value(), nlohmann::json::parse(R"({"interval":"day","group":"event","series":[
      {"key":"ASSAULT","points":[{"date":"2021-07-08","count":1,"goldstein":-10.0},
                                 {"date":"2021-08-15","count":1,"goldstein":-10.0}]},
      {"key":"DISAPPROVE","points":[{"date":"2021-07-09","count":1,"goldstein":-2.0}]},
      {"key":"REJECT","points":[{"date":"2021-07-08","count":1,"goldstein":-4.0}]}]})"));
  auto week = store->Timeline(all, TimelineInterval::kWeek, TimelineGroup::kNone);
  ASSERT_TRUE(week.ok());
  // 2021-07-08 is a Thursday: its week starts on Monday 2021-07-05; 2021-08-15 is a Sunday.
  EXPECT_EQ(week.value()["series"], nlohmann::json::parse(R"([{"key":"all","points":[
      {"date":"2021-07-05","count":3,"goldstein":-16.0},{"date":"2021-08-09","count":1,"goldstein":-10.0}]}])"));
  auto month = store->Timeline(EventFilter(), TimelineInterval::kMonth, TimelineGroup::kQuadClass);
  ASSERT_TRUE(month.ok());
  EXPECT_EQ(month.value()["series"], nlohmann::json::parse(R"([
      {"key":"4","points":[{"date":"2021-07-01","count":1,"goldstein":-10.0},{"date":"2021-08-01","count":1,"goldstein":-10.0}]},
      {"key":"3","points":[{"date":"2021-07-01","count":1,"goldstein":-2.0}]}])"));

  auto dyads = store->Dyads(EventFilter(), 10);
  ASSERT_TRUE(dyads.ok()) << dyads.status().message();
  EXPECT_EQ(dyads.value()["edges"], nlohmann::json::parse(R"([
      {"source":"IRQGOV","target":"USAGOV","count":1,"goldstein":1.0},
      {"source":"IRQMIL","target":"IRQREB","count":1,"goldstein":-10.0},
      {"source":"SYRMIL","target":"SYRREB","count":1,"goldstein":-10.0}])"));
  ASSERT_EQ(dyads.value()["nodes"].size(), 6u);
  EXPECT_EQ(dyads.value()["nodes"][0], (nlohmann::json{{"code", "IRQGOV"}, {"country", "IRQ"}, {"count", 1}}));
  auto one = store->Dyads(EventFilter(), 1);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one.value()["edges"].size(), 1u);
  EXPECT_EQ(one.value()["nodes"].size(), 2u);
  EventFilter syria;
  ASSERT_TRUE(SetEventFilterField(syria, "country", "SYR").ok());
  EXPECT_EQ(store->Dyads(syria, 10).value()["edges"].size(), 1u);

  auto places = store->Places(EventFilter(), 10);
  ASSERT_TRUE(places.ok()) << places.status().message();
  EXPECT_EQ(places.value(), nlohmann::json::parse(R"({"places":[
      {"geonameid":170063,"name":"Aleppo","country":"SYR","lat":36.2,"lon":37.16,"count":1},
      {"geonameid":99072,"name":"Mosul","country":"IRQ","lat":36.34,"lon":43.13,"count":1}]})"));
  EventFilter july;
  ASSERT_TRUE(SetEventFilterField(july, "to", "2021-07-31").ok());
  EXPECT_EQ(store->Places(july, 10).value()["places"].size(), 1u);
}

// Totals stop counting at the query's count_limit and say so.
inline void CapsTheTotal(const Backend& backend) {
  auto store = Open(backend.new_url());
  ASSERT_TRUE(store);
  Document doc;
  doc.id = "many";
  doc.date = "2022-01-01";
  doc.text = "Rebels attacked.";
  AddSentence(doc, doc.text);
  for (int i = 0; i < 30; ++i) doc.events.push_back(MakeEvent(doc, 0, "attacked", "ASSAULT", "190", 4, -10));
  ASSERT_TRUE(store->ReplaceDocument(doc).ok());
  EventQuery query;
  query.limit = 5;
  query.count_limit = 12;
  auto capped = store->QueryEvents(query);
  ASSERT_TRUE(capped.ok()) << capped.status().message();
  EXPECT_EQ(capped.value()["total"], 12);
  EXPECT_EQ(capped.value()["total_capped"], true);
  EXPECT_EQ(capped.value()["events"].size(), 5u);
  // Pages beyond the counted matches, and past the last match, still report the capped total.
  query.offset = 10;
  auto deeper = store->QueryEvents(query);
  ASSERT_TRUE(deeper.ok()) << deeper.status().message();
  EXPECT_EQ(deeper.value()["total"], 12);
  EXPECT_EQ(deeper.value()["total_capped"], true);
  EXPECT_EQ(Ids(deeper.value()), Ids(store->QueryEvents(EventQuery{query.filter, 5, 10}).value()));
  query.offset = 40;
  auto past = store->QueryEvents(query);
  ASSERT_TRUE(past.ok());
  EXPECT_EQ(past.value()["events"].size(), 0u);
  EXPECT_EQ(past.value()["total_capped"], true);
  query.offset = 0;
  query.count_limit = 30;
  auto exact = store->QueryEvents(query);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact.value()["total"], 30);
  EXPECT_EQ(exact.value()["total_capped"], false);
  ASSERT_TRUE(SetEventFilterField(query.filter, "country", "IRQ").ok());
  EXPECT_EQ(store->QueryEvents(query).value()["total"], 0);
}

// The facets and aggregates kept on write equal those of a store written once with the final
// documents, after re-coding (fewer events, other codes) and repeated replacement.
inline void AggregatesFollowReplacement(const Backend& backend) {
  auto store = Loaded(backend);
  ASSERT_TRUE(store);
  Document v2 = Doc1();
  v2.events.resize(1);
  v2.events[0].actors[0].code = "IRQSPY";
  ASSERT_TRUE(store->ReplaceDocument(v2).ok());
  ASSERT_TRUE(store->ReplaceDocuments({PrepareDocument(Doc2()), PrepareDocument(Doc2())}).ok());
  auto fresh = Open(backend.new_url());
  ASSERT_TRUE(fresh);
  ASSERT_TRUE(fresh->ReplaceDocuments({PrepareDocument(v2), PrepareDocument(Doc2()), PrepareDocument(Doc3())}).ok());
  EXPECT_EQ(store->Counts().value(), fresh->Counts().value());
  for (const auto& fields : std::vector<std::map<std::string, std::string>>{
           {}, {{"include_negated", "1"}}, {{"segment", "all"}}, {{"country", "IRQ"}}, {{"event", "ASSAULT"}},
           {{"actor", "IRQ"}}, {{"actor", "IRQMIL"}}, {{"recipient", "USA"}}, {{"country", "USA"}, {"actor", "IRQ"}}}) {
    EventFilter filter;
    for (const auto& [name, value] : fields) ASSERT_TRUE(SetEventFilterField(filter, name, value).ok());
    const std::string what = nlohmann::json(fields).dump();
    EXPECT_EQ(store->Timeline(filter, TimelineInterval::kDay, TimelineGroup::kEvent).value(),
              fresh->Timeline(filter, TimelineInterval::kDay, TimelineGroup::kEvent).value()) << what;
    EXPECT_EQ(store->Dyads(filter, 10).value(), fresh->Dyads(filter, 10).value()) << what;
    EXPECT_EQ(store->Places(filter, 10).value(), fresh->Places(filter, 10).value()) << what;
    EventQuery query;
    query.filter = filter;
    EXPECT_EQ(store->QueryEvents(query).value(), fresh->QueryEvents(query).value()) << what;
  }
  EventFilter irq_spy;
  ASSERT_TRUE(SetEventFilterField(irq_spy, "actor", "IRQSPY").ok());
  EXPECT_EQ(store->Dyads(irq_spy, 10).value()["edges"].size(), 1u);
  EventFilter irq_mil;
  ASSERT_TRUE(SetEventFilterField(irq_mil, "actor", "IRQMIL").ok());
  EXPECT_EQ(store->Dyads(irq_mil, 10).value()["edges"].size(), 0u);
}

inline void ConcurrentReaders(const Backend& backend) {
  auto store = Loaded(backend);
  ASSERT_TRUE(store);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        if (t == 0 && i % 5 == 0 && !store->ReplaceDocument(Doc2()).ok()) ++failures;
        auto page = store->QueryEvents(EventQuery());
        if (!page.ok() || page.value()["total"] != 4) ++failures;
        auto doc = store->GetDocument("d1");
        if (!doc.ok() || !doc.value()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

inline std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(DYAD_TEST_DIR) + "/data/store/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void MigratesOlderSchema(const Backend& backend) {
  const std::string url = backend.new_url();
  backend.exec(url, Fixture("schema_v1." + backend.fixture_dialect + ".sql"));
  auto store = Open(url);
  ASSERT_TRUE(store);
  // The version-1 store's document is still there and is now found by the full-text index.
  EXPECT_EQ(store->Counts().value(), (nlohmann::json{{"documents", 1}, {"events", 1}}));
  EXPECT_EQ(Select(*store, {{"text", "ceasefire"}}), (Ids_{"old:1"}));
  ASSERT_TRUE(store->ReplaceDocument(Doc1()).ok());
  EXPECT_EQ(Select(*store, {{"text", "rebels"}}), (Ids_{"d1:1"}));
  store.reset();
  // Opening again (now current) and read-only both work.
  StoreOptions read_only;
  read_only.read_only = true;
  auto reader = OpenEventStore(url, read_only);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  EXPECT_EQ(reader.value()->Counts().value()["documents"], 2);
  EXPECT_FALSE(reader.value()->ReplaceDocument(Doc1()).ok());
}

inline void RefusesNewerSchema(const Backend& backend) {
  const std::string url = backend.new_url();
  ASSERT_TRUE(Open(url));
  backend.exec(url, "UPDATE schema_version SET version = 99;");
  auto store = OpenEventStore(url);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("schema version 99, newer than this dyad supports"), std::string::npos)
      << store.status().message();
  StoreOptions read_only;
  read_only.read_only = true;
  EXPECT_FALSE(OpenEventStore(url, read_only).ok());
}

inline void RefusesForeignOrMissingStore(const Backend& backend) {
  const std::string url = backend.new_url();
  StoreOptions existing;
  existing.create = false;
  auto missing = OpenEventStore(url, existing);
  ASSERT_FALSE(missing.ok());
  backend.exec(url, "CREATE TABLE events (x INTEGER);");
  auto foreign = OpenEventStore(url);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.status().message().find("not a dyad event store"), std::string::npos)
      << foreign.status().message();
}

/// Every check of the suite, by name.
inline const std::vector<std::pair<std::string, void (*)(const Backend&)>>& Checks() {
  static const std::vector<std::pair<std::string, void (*)(const Backend&)>> kChecks = {
      {"RoundTrip", RoundTrip},
      {"ReplaceKeepsOneCopy", ReplaceKeepsOneCopy},
      {"FailedBatchLeavesPreviousVersion", FailedBatchLeavesPreviousVersion},
      {"Filters", Filters},
      {"StreamsEveryEvent", StreamsEveryEvent},
      {"Aggregates", Aggregates},
      {"CapsTheTotal", CapsTheTotal},
      {"AggregatesFollowReplacement", AggregatesFollowReplacement},
      {"ConcurrentReaders", ConcurrentReaders},
      {"MigratesOlderSchema", MigratesOlderSchema},
      {"RefusesNewerSchema", RefusesNewerSchema},
      {"RefusesForeignOrMissingStore", RefusesForeignOrMissingStore}};
  return kChecks;
}

}  // namespace dyad::store_test
