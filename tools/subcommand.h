// Registry of `dyad` subcommands: one file per subcommand under tools/ registers itself.
#pragma once

#include <CLI/CLI.hpp>

#include <fstream>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace dyad::cli {

/// Adds a subcommand's options to `app` and returns the action that runs it (exit code).
using SubcommandSetup = std::function<std::function<int()>(CLI::App& app)>;

/// One registered subcommand.
struct Subcommand {
  std::string name;         ///< e.g. "code", or "eval events" for a child of "eval"
  std::string description;  ///< one line for --help
  SubcommandSetup setup;    ///< option definitions + action
};

/// All registered subcommands, in registration order.
std::vector<Subcommand>& Subcommands();

/// Description of a parent command such as "eval" or "train" that groups subcommands.
std::string ParentDescription(const std::string& parent);

/// Registers a subcommand when constructed; use as a file-scope static in tools/<name>.cc.
struct SubcommandRegistration {
  /// Registers `name` with its description and setup function.
  SubcommandRegistration(std::string name, std::string description, SubcommandSetup setup) {
    Subcommands().push_back({std::move(name), std::move(description), std::move(setup)});
  }
};

/// Adds the common `--data-dir` option to `app`, bound to `*data_dir`.
void AddDataDirOption(CLI::App& app, std::string* data_dir);

/// The stream for `--output PATH`: stdout for "-", else `*file` opened (truncated) on PATH.
/// Returns nullptr after printing "dyad COMMAND: cannot write PATH" when it cannot be opened.
std::ostream* OpenOutput(const std::string& path, std::ofstream* file, const std::string& command);

}  // namespace dyad::cli
