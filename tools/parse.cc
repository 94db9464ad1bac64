// `dyad parse`: text in, CoNLL-U out (tokens, tags, lemmas, dependency heads and relations).
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "dyad/conllu.h"
#include "dyad/pipeline.h"
#include "dyad/stage.h"
#include "subcommand.h"

namespace {

struct ParseArgs {
  std::vector<std::string> inputs;
  std::string text;
  std::string model_path;
  std::string data_dir;
};

int RunParse(const ParseArgs& args) {
  dyad::StageConfig config;
  config.data_dir = args.data_dir;
  if (!args.model_path.empty()) config.options["parse.model"] = args.model_path;
  std::vector<std::string> stages = {"normalize", "tokenize", "tag", "parse"};
  const auto registered = dyad::StageRegistry::Global().Names();
  if (std::find(registered.begin(), registered.end(), "ner") != registered.end()) stages.push_back("ner");
  auto pipeline = dyad::Pipeline::Create(stages, config);
  if (!pipeline.ok()) {
    std::cerr << "dyad parse: " << pipeline.status().message() << "\n";
    return 1;
  }
  // Each input file (or --text, or stdin) is one document.
  std::vector<std::pair<std::string, std::string>> documents;
  if (!args.text.empty()) documents.emplace_back("text", args.text);
  for (const auto& path : args.inputs) {
    if (path == "-") {
      documents.emplace_back("stdin", std::string(std::istreambuf_iterator<char>(std::cin), {}));
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << "dyad parse: cannot open " << path << "\n";
      return 1;
    }
    documents.emplace_back(path, std::string(std::istreambuf_iterator<char>(in), {}));
  }
  if (documents.empty()) documents.emplace_back("stdin", std::string(std::istreambuf_iterator<char>(std::cin), {}));
  int exit_code = 0;
  for (auto& [name, text] : documents) {
    dyad::Document doc;
    doc.id = name;
    doc.origin = name;
    doc.text = std::move(text);
    dyad::Status status = pipeline.value().Process(doc);
    if (!status.ok()) {
      std::cerr << "dyad parse: " << name << ": " << status.message() << "\n";
      exit_code = 1;
      continue;
    }
    dyad::WriteConllu(doc, std::cout);
  }
  return exit_code;
}

dyad::cli::SubcommandRegistration kReg(
    "parse", "Tokenize, tag and parse text; print CoNLL-U (UD dependency relations)",
    [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<ParseArgs>();
      app.add_option("inputs", args->inputs, "Text files (default: stdin; '-' for stdin)");
      app.add_option("--text", args->text, "Parse this text instead of reading files");
      app.add_option("--model", args->model_path, "Parser model (default: <data-dir>/models/parser.bin)");
      dyad::cli::AddDataDirOption(app, &args->data_dir);
      return [args]() { return RunParse(*args); };
    });

}  // namespace
