// Entry point of the `dyad` command-line tool: dispatches to registered subcommands.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "dyad/pipeline.h"
#include "subcommand.h"

namespace dyad::cli {

std::vector<Subcommand>& Subcommands() {
  static std::vector<Subcommand> subcommands;
  return subcommands;
}

void AddDataDirOption(CLI::App& app, std::string* data_dir) {
  *data_dir = DefaultDataDir();
  app.add_option("--data-dir", *data_dir,
                 "Directory with dyad's compiled dictionaries and models (default: $DYAD_DATA or the "
                 "build's data/)");
}

}  // namespace dyad::cli

int main(int argc, char** argv) {
  using dyad::cli::Subcommands;
  CLI::App app{"dyad: political event coder. Reads news text, writes who did what to whom, "
               "when and where (PLOVER/CAMEO event records)."};
  app.set_version_flag("--version", std::string("dyad ") + DYAD_VERSION);
  app.require_subcommand(1);
  auto& subcommands = Subcommands();
  std::sort(subcommands.begin(), subcommands.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  std::vector<std::pair<CLI::App*, std::function<int()>>> actions;
  for (auto& sub : subcommands) {
    CLI::App* sub_app = app.add_subcommand(sub.name, sub.description);
    actions.emplace_back(sub_app, sub.setup(*sub_app));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  for (auto& [sub_app, action] : actions) {
    if (sub_app->parsed()) {
      std::ios::sync_with_stdio(false);
      return action();
    }
  }
  return 2;
}
