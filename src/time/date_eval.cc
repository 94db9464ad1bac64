// TimeML reading and date-expression scoring.
#include "dyad/date_eval.h"

#include <pugixml.hpp>

#include <filesystem>

namespace dyad {
namespace {

double Ratio(uint64_t a, uint64_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b); }
double F1(double p, double r) { return p + r == 0 ? 0.0 : 2 * p * r / (p + r); }

bool Overlaps(const TimexSpan& a, const TimexSpan& b) { return a.begin < b.end && b.begin < a.end; }

// Appends the text under `node` to doc->text, recording DATE TIMEX3 spans.
void Collect(const pugi::xml_node& node, TimeMLDocument* doc) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      doc->text += child.value();
      continue;
    }
    if (child.type() != pugi::node_element) continue;
    const uint32_t begin = static_cast<uint32_t>(doc->text.size());
    Collect(child, doc);
    if (std::string_view(child.name()) == "TIMEX3" && std::string_view(child.attribute("type").value()) == "DATE") {
      doc->dates.push_back({begin, static_cast<uint32_t>(doc->text.size()), child.attribute("value").value()});
    }
  }
}

}  // namespace

Result<TimeMLDocument> ReadTimeML(const std::string& path) {
  pugi::xml_document xml;
  const pugi::xml_parse_result parsed = xml.load_file(path.c_str(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
  if (!parsed) return Status::Error(path + ": not valid XML: " + parsed.description());
  TimeMLDocument doc;
  doc.id = std::filesystem::path(path).filename().string();
  pugi::xml_node root = xml.child("TimeML");
  if (!root) return Status::Error(path + ": no <TimeML> root element");
  const pugi::xpath_node creation = root.select_node("//TIMEX3[@functionInDocument='CREATION_TIME']");
  if (creation) doc.creation_date = std::string(creation.node().attribute("value").value()).substr(0, 10);
  if (doc.creation_date.empty()) return Status::Error(path + ": no CREATION_TIME TIMEX3");
  pugi::xml_node text = root.child("TEXT");
  if (!text) return Status::Error(path + ": no <TEXT> element");
  Collect(text, &doc);
  return doc;
}

void DateEvalCounts::Add(const std::vector<TimexSpan>& gold_spans, const std::vector<TimexSpan>& system_spans) {
  gold += gold_spans.size();
  system += system_spans.size();
  for (const TimexSpan& g : gold_spans) {
    bool exact = false, overlap = false, value = false;
    for (const TimexSpan& s : system_spans) {
      if (!Overlaps(g, s)) continue;
      if (!overlap) value = s.value == g.value;  // the first overlapping system span decides
      overlap = true;
      if (s.begin == g.begin && s.end == g.end) {
        exact = true;
        value = s.value == g.value;
      }
    }
    exact_gold += exact;
    overlap_gold += overlap;
    value_correct += overlap && value;
  }
  for (const TimexSpan& s : system_spans) {
    bool exact = false, overlap = false;
    for (const TimexSpan& g : gold_spans) {
      if (!Overlaps(g, s)) continue;
      overlap = true;
      exact = exact || (s.begin == g.begin && s.end == g.end);
    }
    exact_system += exact;
    overlap_system += overlap;
  }
}

double DateEvalCounts::ExactPrecision() const { return Ratio(exact_system, system); }
double DateEvalCounts::ExactRecall() const { return Ratio(exact_gold, gold); }
double DateEvalCounts::ExactF1() const { return F1(ExactPrecision(), ExactRecall()); }
double DateEvalCounts::OverlapPrecision() const { return Ratio(overlap_system, system); }
double DateEvalCounts::OverlapRecall() const { return Ratio(overlap_gold, gold); }
double DateEvalCounts::OverlapF1() const { return F1(OverlapPrecision(), OverlapRecall()); }
double DateEvalCounts::ValueAccuracyFound() const { return Ratio(value_correct, overlap_gold); }
double DateEvalCounts::ValueAccuracyEndToEnd() const { return Ratio(value_correct, gold); }

}  // namespace dyad
