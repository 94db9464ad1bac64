// Output formats: "jsonl" (event records), "csv" (GDELT 2.0-style table), "text" (readable).
#include <algorithm>
#include <ostream>
#include <sstream>

#include "dyad/event_record.h"
#include "dyad/formats.h"
#include "dyad/store.h"

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
// order. One row per (actor, recipient) pair. Country codes are ISO 3166 alpha-3. The rows
// come from the event record, as in `dyad query --format gdelt` over a store.
class GdeltCsvWriter : public StreamEventWriter {
 public:
  GdeltCsvWriter(std::ostream& out, WriteOptions options) : StreamEventWriter(out, options) { out_ << GdeltHeader(); }

  size_t Write(const Document& doc) override {
    size_t written = 0;
    for (size_t i = 0; i < doc.events.size(); ++i) {
      const Event& e = doc.events[i];
      if (!Selected(doc, e, options_)) continue;
      out_ << GdeltRows(EventToJson(doc, i), doc.url);
      written += std::max<size_t>(1, e.actors.size()) * std::max<size_t>(1, e.recipients.size());
    }
    return written;
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
