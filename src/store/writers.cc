// Output formats: "jsonl" (event records), "csv" (GDELT 2.0-style table), "text" (readable).
#include <ostream>
#include <sstream>

#include "dyad/event_record.h"
#include "dyad/formats.h"

namespace dyad {
namespace {

Status StreamStatus(const std::ostream& out) {
  return out ? Status::Ok() : Status::Error("cannot write output (closed pipe or disk full?)");
}

bool Selected(const Document& doc, const Event& event, const WriteOptions& options) {
  if (!options.include_comments && EventSegment(doc, event) == Segment::kComment) return false;
  if (!options.include_negated && HasAux(event, "negation")) return false;
  return true;
}

// Shared state of the writers: the stream, the options, and the stream's health.
class StreamEventWriter : public EventWriter {
 public:
  StreamEventWriter(std::ostream& out, WriteOptions options) : out_(out), options_(options) {}
  Status Finish() override {
    out_.flush();
    return Check();
  }
  Status Check() const override { return StreamStatus(out_); }

 protected:
  std::ostream& out_;
  WriteOptions options_;
};

class JsonlWriter : public StreamEventWriter {
 public:
  JsonlWriter(std::ostream& out, WriteOptions options) : StreamEventWriter(out, options) {}
  size_t Write(const Document& doc) override {
    size_t written = 0;
    for (size_t i = 0; i < doc.events.size(); ++i) {
      if (!Selected(doc, doc.events[i], options_)) continue;
      out_ << EventToJson(doc, i).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
      ++written;
    }
    return written;
  }
};

// Tab-separated like GDELT 2.0 event files: the columns dyad fills, with GDELT's names and
// order. One row per (actor, recipient) pair. Country codes are ISO 3166 alpha-3.
class GdeltCsvWriter : public StreamEventWriter {
 public:
  GdeltCsvWriter(std::ostream& out, WriteOptions options) : StreamEventWriter(out, options) {
    out_ << "GLOBALEVENTID\tSQLDATE\tMonthYear\tYear\tFractionDate\tActor1Code\tActor1Name\tActor1CountryCode\t"
            "Actor1Type1Code\tActor1Type2Code\tActor2Code\tActor2Name\tActor2CountryCode\tActor2Type1Code\t"
            "Actor2Type2Code\tIsRootEvent\tEventCode\tEventBaseCode\tEventRootCode\tQuadClass\tGoldsteinScale\t"
            "NumMentions\tNumSources\tNumArticles\tActionGeo_Type\tActionGeo_FullName\tActionGeo_CountryCode\t"
            "ActionGeo_ADM1Code\tActionGeo_Lat\tActionGeo_Long\tActionGeo_FeatureID\tSOURCEURL\n";
  }

  size_t Write(const Document& doc) override {
    size_t written = 0;
    for (size_t i = 0; i < doc.events.size(); ++i) {
      const Event& e = doc.events[i];
      if (!Selected(doc, e, options_)) continue;
      const std::vector<EventActor> none(1);
      const auto& sources = e.actors.empty() ? none : e.actors;
      const auto& targets = e.recipients.empty() ? none : e.recipients;
      for (const auto& a : sources) {
        for (const auto& r : targets) {
          WriteRow(doc, i, a, r);
          ++written;
        }
      }
    }
    return written;
  }

 private:
  static std::string Clean(std::string s) {
    for (char& c : s) {
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    }
    return s;
  }

  static std::string Sector(const std::string& sector, size_t part) {
    return sector.size() >= (part + 1) * 3 ? sector.substr(part * 3, 3) : "";
  }

  void WriteRow(const Document& doc, size_t index, const EventActor& a, const EventActor& r) {
    const Event& e = doc.events[index];
    const std::string date = e.date.empty() ? doc.date : e.date;
    std::string sqldate, month_year, year, fraction;
    if (date.size() == 10) {
      sqldate = date.substr(0, 4) + date.substr(5, 2) + date.substr(8, 2);
      month_year = sqldate.substr(0, 6);
      year = sqldate.substr(0, 4);
      const int m = std::stoi(date.substr(5, 2)), d = std::stoi(date.substr(8, 2));
      std::ostringstream f;
      f.precision(4);
      f << std::fixed << std::stoi(year) + ((m - 1) * 30 + d) / 365.0;
      fraction = f.str();
    }
    const std::string base = e.cameo.substr(0, std::min<size_t>(3, e.cameo.size()));
    const std::string root = e.cameo.substr(0, std::min<size_t>(2, e.cameo.size()));
    const Location* l = e.location ? &*e.location : nullptr;
    const char* geo_type = !l ? "" : l->precision == "country" ? "1" : l->precision == "admin1" ? "5" : "4";
    out_ << Clean(EventId(doc, index)) << '\t' << sqldate << '\t' << month_year << '\t' << year << '\t' << fraction
         << '\t' << a.code << '\t' << Clean(a.text) << '\t' << a.country << '\t' << Sector(a.sector, 0) << '\t'
         << Sector(a.sector, 1) << '\t' << r.code << '\t' << Clean(r.text) << '\t' << r.country << '\t'
         << Sector(r.sector, 0) << '\t' << Sector(r.sector, 1) << '\t' << (e.sentence == 0 ? 1 : 0) << '\t'
         << e.cameo << '\t' << base << '\t' << root << '\t' << e.quad_class << '\t' << e.goldstein << '\t' << 1
         << '\t' << 1 << '\t' << 1 << '\t' << geo_type << '\t' << (l ? Clean(l->name) : "") << '\t'
         << (l ? l->country : "") << '\t' << (l ? l->admin1 : "") << '\t';
    if (l) {
      out_ << l->lat << '\t' << l->lon << '\t' << l->geonameid;
    } else {
      out_ << "\t\t";
    }
    out_ << '\t' << Clean(doc.url) << '\n';
  }

};

// Human-readable explanation of each event: what, who, to whom, the sentence and the evidence.
class TextWriter : public StreamEventWriter {
 public:
  TextWriter(std::ostream& out, WriteOptions options) : StreamEventWriter(out, options) {}

  size_t Write(const Document& doc) override {
    size_t written = 0;
    for (size_t i = 0; i < doc.events.size(); ++i) {
      const Event& e = doc.events[i];
      if (!Selected(doc, e, options_)) continue;
      ++written;
      out_ << EventId(doc, i) << "  " << (e.date.empty() ? doc.date : e.date) << "  "
           << (e.plover.empty() ? "(no PLOVER type)" : e.plover);
      if (!e.mode.empty()) out_ << "/" << e.mode;
      out_ << "  CAMEO " << e.cameo << "  quad " << e.quad_class << "  Goldstein " << e.goldstein;
      for (const auto& flag : e.aux) out_ << "  [" << flag << "]";
      if (EventSegment(doc, e) == Segment::kComment) out_ << "  [comment]";
      out_ << "\n";
      WriteActors("actor", e.actors);
      WriteActors("recipient", e.recipients);
      out_ << "    when:      " << (e.date.empty() ? doc.date : e.date);
      if (!e.date_text.empty()) out_ << " from \"" << e.date_text << "\" (" << e.date_precision << ")";
      else out_ << " (document date)";
      out_ << "\n";
      if (e.location) {
        out_ << "    where:     " << e.location->text << " -> " << e.location->name << ", " << e.location->country
             << " (" << e.location->precision;
        if (e.location->geonameid != 0) out_ << ", GeoNames " << e.location->geonameid;
        out_ << ")\n";
      }
      if (e.sentence < doc.sentences.size()) {
        const Sentence& s = doc.sentences[e.sentence];
        std::string text = doc.Slice(s.begin, e.trigger_begin) + "[[" + doc.Slice(e.trigger_begin, e.trigger_end) +
                           "]]" + doc.Slice(e.trigger_end, s.end);
        for (char& c : text) {
          if (c == '\n') c = ' ';
        }
        out_ << "    sentence:  " << text << "\n";
      }
      out_ << "    evidence:  " << e.evidence << "\n\n";
    }
    return written;
  }

 private:
  void WriteActors(const char* role, const std::vector<EventActor>& actors) {
    out_ << "    " << role << ":" << std::string(10 - std::string(role).size(), ' ');
    if (actors.empty()) out_ << "(none)";
    for (size_t k = 0; k < actors.size(); ++k) {
      out_ << (k ? "; " : "") << actors[k].text << " (" << actors[k].code << ")";
    }
    out_ << "\n";
  }
};

const WriterRegistration kJsonl("jsonl", [](std::ostream& out, const WriteOptions& options) {
  return std::unique_ptr<EventWriter>(new JsonlWriter(out, options));
});
const WriterRegistration kCsv("csv", [](std::ostream& out, const WriteOptions& options) {
  return std::unique_ptr<EventWriter>(new GdeltCsvWriter(out, options));
});
const WriterRegistration kText("text", [](std::ostream& out, const WriteOptions& options) {
  return std::unique_ptr<EventWriter>(new TextWriter(out, options));
});

}  // namespace
}  // namespace dyad
