// CASE 2021 task 2 snippet classification from coded events (`dyad eval case2021`).
#include <fstream>
#include <iomanip>
#include <sstream>

#include "dyad/eval_extra.h"

namespace dyad {

Result<std::vector<LabeledSnippet>> ReadCase2021File(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error("cannot read '" + path + "'");
  std::vector<LabeledSnippet> out;
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const size_t first = line.find('\t');
    const size_t last = line.rfind('\t');
    if (first == std::string::npos || first == last) {
      return Status::Error(path + ":" + std::to_string(number) + ": expected 'id<TAB>snippet<TAB>label'");
    }
    if (number == 1 && line.substr(0, first) == "id") continue;  // header
    out.push_back({line.substr(0, first), line.substr(first + 1, last - first - 1), line.substr(last + 1)});
  }
  return out;
}

std::string Case2021Class(const Event& event) {
  const std::string& c = event.cameo;
  if (c.size() < 3) return "";
  const std::string root = c.substr(0, 2);
  const auto starts = [&](std::string_view prefix) { return c.starts_with(prefix); };
  // Who acts: state forces (GOV, MIL, COP, SPY) or others.
  bool state_source = false;
  for (const EventActor& a : event.actors) {
    for (const char* sector : {"GOV", "MIL", "COP", "SPY"}) {
      state_source = state_source || a.sector.find(sector) != std::string::npos;
    }
  }
  if (starts("1831")) return "SUIC_BOMB";
  if (starts("183")) return "REM_EXPLOS";
  if (starts("195")) return "AIR_STRIKE";
  if (starts("194")) return "ART_MISS_ATTACK";
  if (starts("2041") || starts("2042")) return "CHEM_WEAP";
  if (starts("1821")) return "SEX_VIOL";
  if (starts("181")) return "ABDUCT_DISSAP";
  if (starts("192")) return state_source ? "GOV_REGAINS_TERIT" : "NON_STATE_ACTOR_OVERTAKES_TER";
  if (starts("0874") || starts("0873")) return "NON_VIOL_TERRIT_TRANSFER";
  if (starts("190") || starts("193") || starts("196")) return "ARMED_CLASH";
  if (starts("18") || starts("20") || starts("19")) return "ATTACK";
  if (starts("1712")) return "PROPERTY_DISTRUCT";
  if (starts("173")) return "ARREST";
  if (starts("175")) return "FORCE_AGAINST_PROTEST";
  if (starts("145")) return "VIOL_DEMONSTR";
  if (root == "14") return "PEACE_PROTEST";
  if (starts("057") || starts("0861") || root == "03") return "AGREEMENT";
  if (root == "04" || root == "05") return "DIPLO";
  if (starts("015") || starts("016") || starts("112")) return "ATTRIB";
  return "";
}

std::string ClassifySnippet(const Document& doc, const PredictionFilter& filter) {
  const Event* first = nullptr;
  std::string label;
  for (const Event& event : doc.events) {
    if (!CountsAsPrediction(doc, event, filter)) continue;
    const std::string mapped = Case2021Class(event);
    if (mapped.empty()) continue;
    if (first == nullptr || event.trigger_begin < first->trigger_begin) {
      first = &event;
      label = mapped;
    }
  }
  return first == nullptr ? "OTHER" : label;
}

double ClassificationScores::MicroF1() const {
  return snippets == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(snippets);
}

double ClassificationScores::MacroF1() const {
  double sum = 0;
  size_t n = 0;
  for (const auto& [name, counts] : classes) {
    if (counts.tp + counts.fn == 0) continue;  // not a gold class
    sum += counts.F1();
    ++n;
  }
  return n == 0 ? 0.0 : sum / static_cast<double>(n);
}

void AddClassification(const std::string& gold, const std::string& predicted, ClassificationScores* scores) {
  ++scores->snippets;
  if (gold == predicted) {
    ++scores->correct;
    ++scores->classes[gold].tp;
  } else {
    ++scores->classes[gold].fn;
    ++scores->classes[predicted].fp;
  }
}

std::string FormatClassificationScores(const ClassificationScores& scores) {
  std::ostringstream out;
  out << std::left << std::setw(30) << "class" << std::right << std::setw(10) << "precision" << std::setw(10)
      << "recall" << std::setw(10) << "f1" << std::setw(6) << "tp" << std::setw(6) << "fp" << std::setw(6) << "fn"
      << "\n";
  for (const auto& [name, c] : scores.classes) {
    out << std::left << std::setw(30) << name << std::right << std::fixed << std::setprecision(4) << std::setw(10)
        << c.Precision() << std::setw(10) << c.Recall() << std::setw(10) << c.F1() << std::setw(6) << c.tp
        << std::setw(6) << c.fp << std::setw(6) << c.fn << "\n";
  }
  out << std::fixed << std::setprecision(4) << "micro F1 " << scores.MicroF1() << ", macro F1 " << scores.MacroF1()
      << " (" << scores.snippets << " snippets)\n";
  return out.str();
}

}  // namespace dyad
