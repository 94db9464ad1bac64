// Entry point of the `dyad` command-line tool: dispatches to registered subcommands.
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>

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

std::ostream* OpenOutput(const std::string& path, std::ofstream* file, const std::string& command) {
  if (path == "-") return &std::cout;
  file->open(path, std::ios::binary | std::ios::trunc);
  if (!*file) {
    std::cerr << "dyad " << command << ": cannot write " << path << "\n";
    return nullptr;
  }
  return file;
}

std::string ParentDescription(const std::string& parent) {
  if (parent == "eval") return "Measure accuracy against gold-standard data";
  if (parent == "train") return "Train a statistical model from annotated data";
  if (parent == "dict") return "Compile and inspect actor/verb dictionaries";
  return parent + " commands";
}

}  // namespace dyad::cli

int main(int argc, char** argv) {
  using dyad::cli::Subcommands;
  // A closed output pipe becomes a write error with a message, not a silent death by SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"dyad: political event coder. Reads news text, writes who did what to whom, "
               "when and where (PLOVER/CAMEO event records)."};
  app.set_version_flag("--version", std::string("dyad ") + DYAD_VERSION);
  app.require_subcommand(1);
  auto& subcommands = Subcommands();
  std::sort(subcommands.begin(), subcommands.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  // A name with a space ("eval events") is a child of the parent subcommand ("eval").
  std::map<std::string, CLI::App*> parents;
  std::vector<std::pair<CLI::App*, std::function<int()>>> actions;
  for (auto& sub : subcommands) {
    CLI::App* owner = &app;
    std::string name = sub.name;
    if (auto space = name.find(' '); space != std::string::npos) {
      const std::string parent = name.substr(0, space);
      name = name.substr(space + 1);
      auto it = parents.find(parent);
      if (it == parents.end()) {
        CLI::App* parent_app = app.add_subcommand(parent, dyad::cli::ParentDescription(parent));
        parent_app->require_subcommand(1);
        it = parents.emplace(parent, parent_app).first;
      }
      owner = it->second;
    }
    CLI::App* sub_app = owner->add_subcommand(name, sub.description);
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
