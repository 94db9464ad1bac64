// `dyad eval dates`: date expression recognition and normalisation against TimeML DATE TIMEX3s.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "dyad/date_eval.h"
#include "dyad/dates.h"
#include "subcommand.h"

namespace dyad::cli {
namespace {

struct EvalDatesOptions {
  std::string gold_dir;
  bool json = false;
};

int RunEvalDates(const EvalDatesOptions& o) {
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(o.gold_dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".tml") files.push_back(it->path().string());
  }
  if (ec || files.empty()) {
    std::cerr << "dyad eval dates: no .tml files under '" << o.gold_dir << "'" << (ec ? ": " + ec.message() : "")
              << "\n";
    return 1;
  }
  std::sort(files.begin(), files.end());
  DateEvalCounts counts;
  size_t documents = 0;
  for (const auto& path : files) {
    auto doc = ReadTimeML(path);
    if (!doc.ok()) {
      std::cerr << "dyad eval dates: " << doc.status().message() << "\n";
      return 1;
    }
    const auto anchor = ParseIsoDate(doc.value().creation_date);
    if (!anchor) {
      std::cerr << "dyad eval dates: " << path << ": creation time '" << doc.value().creation_date
                << "' is not a date\n";
      return 1;
    }
    std::vector<Token> tokens;
    std::vector<TimexSpan> system;
    for (const DateMention& m : FindDateMentionsInText(doc.value().text, *anchor, &tokens)) {
      system.push_back({tokens[m.first_token].begin, tokens[m.end_token - 1].end, m.timex});
    }
    counts.Add(doc.value().dates, system);
    ++documents;
  }
  if (o.json) {
    nlohmann::json j = {{"documents", documents},
                        {"gold", counts.gold},
                        {"system", counts.system},
                        {"value_accuracy_found", counts.ValueAccuracyFound()},
                        {"value_accuracy_end_to_end", counts.ValueAccuracyEndToEnd()},
                        {"exact", {{"precision", counts.ExactPrecision()}, {"recall", counts.ExactRecall()}, {"f1", counts.ExactF1()}}},
                        {"overlap", {{"precision", counts.OverlapPrecision()}, {"recall", counts.OverlapRecall()}, {"f1", counts.OverlapF1()}}}};
    std::cout << j.dump() << "\n";
  } else {
    std::cout << "documents:                 " << documents << "\n"
              << "gold DATE expressions:     " << counts.gold << "\n"
              << "system expressions:        " << counts.system << "\n"
              << "value accuracy (found):    " << counts.ValueAccuracyFound() << " (" << counts.value_correct << "/"
              << counts.overlap_gold << ")\n"
              << "value accuracy (all gold): " << counts.ValueAccuracyEndToEnd() << "\n"
              << "exact span P/R/F1:         " << counts.ExactPrecision() << " / " << counts.ExactRecall() << " / "
              << counts.ExactF1() << "\n"
              << "overlap span P/R/F1:       " << counts.OverlapPrecision() << " / " << counts.OverlapRecall() << " / "
              << counts.OverlapF1() << "\n";
  }
  return 0;
}

const SubcommandRegistration kEvalDates(
    "eval dates", "Score date expressions against TimeML DATE TIMEX3 annotations (value accuracy, span F1)",
    [](CLI::App& app) {
      auto o = std::make_shared<EvalDatesOptions>();
      app.add_option("--gold", o->gold_dir, "Directory of TimeML .tml files (searched recursively)")->required();
      app.add_flag("--json", o->json, "Print one JSON object");
      return [o] { return RunEvalDates(*o); };
    });

}  // namespace
}  // namespace dyad::cli
