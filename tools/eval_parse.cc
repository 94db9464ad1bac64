// `dyad eval parse`: attachment scores of the dependency parser against a CoNLL-U treebank.
#include <ctime>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "dyad/conllu.h"
#include "dyad/parser.h"
#include "dyad/pipeline.h"
#include "dyad/stage.h"
#include "subcommand.h"

namespace {

struct EvalParseArgs {
  std::string gold_path;
  std::string model_path;
  std::string data_dir;
  bool json = false;
  bool gold_tags = false;
  bool raw = false;
};

double Round2(double x) { return std::round(x * 100.0) / 100.0; }

// One document holding every gold sentence with its gold tokenization (words joined by
// spaces, one sentence per line).
dyad::Document GoldTokenizedDocument(const std::vector<dyad::ConlluSentence>& gold, bool with_tags) {
  dyad::Document doc;
  doc.id = "gold";
  for (const auto& sentence : gold) {
    dyad::Sentence s;
    s.first_token = static_cast<uint32_t>(doc.tokens.size());
    s.begin = static_cast<uint32_t>(doc.text.size());
    for (size_t i = 0; i < sentence.words.size(); ++i) {
      const auto& word = sentence.words[i];
      if (i > 0) doc.text += ' ';
      dyad::Token token;
      token.text = word.form;
      token.begin = static_cast<uint32_t>(doc.text.size());
      doc.text += word.form;
      token.end = static_cast<uint32_t>(doc.text.size());
      if (with_tags) {
        token.upos = word.upos;
        token.xpos = word.xpos;
        token.lemma = word.lemma;
      }
      doc.tokens.push_back(std::move(token));
    }
    s.end = static_cast<uint32_t>(doc.text.size());
    s.end_token = static_cast<uint32_t>(doc.tokens.size());
    doc.sentences.push_back(s);
    doc.text += '\n';
  }
  return doc;
}

// Raw text of the treebank (the `# text` lines, one paragraph each) plus the byte span of
// every gold word in it; words that cannot be located get an empty span.
struct RawGold {
  dyad::Document doc;
  std::vector<std::pair<uint32_t, uint32_t>> spans;  // per gold word, in treebank order
  std::vector<int> heads;                            // per gold word: global index of head, -1 root
  std::vector<const std::string*> labels;            // per gold word
};

RawGold RawDocument(const std::vector<dyad::ConlluSentence>& gold) {
  RawGold raw;
  raw.doc.id = "gold";
  for (const auto& sentence : gold) {
    const size_t offset = raw.doc.text.size();
    const size_t first_word = raw.spans.size();
    const std::string& text = sentence.text;
    size_t pos = 0;
    for (const auto& word : sentence.words) {
      while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
      size_t found = text.compare(pos, word.form.size(), word.form) == 0 ? pos : text.find(word.form, pos);
      if (word.form.empty() || found == std::string::npos || found > pos + 8) {
        raw.spans.emplace_back(0, 0);
      } else {
        raw.spans.emplace_back(static_cast<uint32_t>(offset + found),
                               static_cast<uint32_t>(offset + found + word.form.size()));
        pos = found + word.form.size();
      }
      raw.heads.push_back(word.head == 0 ? -1 : static_cast<int>(first_word) + word.head - 1);
      raw.labels.push_back(&word.deprel);
    }
    raw.doc.text += text;
    raw.doc.text += "\n\n";
  }
  return raw;
}

int Fail(const std::string& message) {
  std::cerr << "dyad eval parse: " << message << "\n";
  return 1;
}

int RunEvalParse(const EvalParseArgs& args) {
  auto gold = dyad::ReadConllu(args.gold_path);
  if (!gold.ok()) return Fail(gold.status().message());
  dyad::StageConfig config;
  config.data_dir = args.data_dir;
  if (!args.model_path.empty()) config.options["parse.model"] = args.model_path;
  const auto& registry = dyad::StageRegistry::Global();
  const auto names = registry.Names();
  const bool have_tagger = std::find(names.begin(), names.end(), "tag") != names.end();
  const bool predicted_tags = !args.gold_tags && have_tagger;
  if (!args.gold_tags && !have_tagger) {
    std::cerr << "dyad eval parse: no \"tag\" stage in this build; using gold tags\n";
  }
  if (args.raw && !predicted_tags) return Fail("--raw needs the \"tag\" stage (and not --gold-tags)");

  auto parse_stage = registry.Create("parse", config);
  if (!parse_stage.ok()) return Fail(parse_stage.status().message());
  std::unique_ptr<dyad::Stage> tag_stage;
  if (predicted_tags) {
    auto created = registry.Create("tag", config);
    if (!created.ok()) return Fail(created.status().message());
    tag_stage = std::move(created).value();
  }

  double tag_seconds = 0, parse_seconds = 0;
  // CPU time of this thread, so that speed figures hold on a busy machine.
  auto cpu_seconds = []() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
  };
  auto timed = [&](const dyad::Stage& stage, dyad::Document& doc, double* seconds) {
    const double start = cpu_seconds();
    dyad::Status status = stage.Process(doc);
    *seconds += cpu_seconds() - start;
    return status;
  };

  dyad::AttachmentScore score;
  size_t gold_words = 0, tag_correct = 0, tokens = 0;
  if (!args.raw) {
    dyad::Document doc = GoldTokenizedDocument(gold.value(), !predicted_tags);
    if (tag_stage) {
      dyad::Status status = timed(*tag_stage, doc, &tag_seconds);
      if (!status.ok()) return Fail("tag: " + status.message());
    }
    dyad::Status status = timed(*parse_stage.value(), doc, &parse_seconds);
    if (!status.ok()) return Fail("parse: " + status.message());
    tokens = doc.tokens.size();
    dyad::ParserOutput output;
    for (size_t s = 0; s < doc.sentences.size(); ++s) {
      const dyad::Sentence& sentence = doc.sentences[s];
      const auto& words = gold.value()[s].words;
      output.heads.clear();
      output.labels.clear();
      for (uint32_t t = sentence.first_token; t < sentence.end_token; ++t) {
        const dyad::Token& token = doc.tokens[t];
        output.heads.push_back(token.head < 0 ? -1 : token.head - static_cast<int>(sentence.first_token));
        output.labels.push_back(token.deprel);
        if (token.upos == words[t - sentence.first_token].upos) ++tag_correct;
      }
      score.Add(words, output);
    }
    gold_words = score.words;
  } else {
    RawGold raw = RawDocument(gold.value());
    for (const char* name : {"normalize", "tokenize"}) {
      auto stage = registry.Create(name, config);
      if (!stage.ok()) return Fail(stage.status().message());
      dyad::Status status = stage.value()->Process(raw.doc);
      if (!status.ok()) return Fail(std::string(name) + ": " + status.message());
    }
    dyad::Status status = timed(*tag_stage, raw.doc, &tag_seconds);
    if (!status.ok()) return Fail("tag: " + status.message());
    status = timed(*parse_stage.value(), raw.doc, &parse_seconds);
    if (!status.ok()) return Fail("parse: " + status.message());
    tokens = raw.doc.tokens.size();
    std::map<std::pair<uint32_t, uint32_t>, int> token_at;
    for (size_t t = 0; t < raw.doc.tokens.size(); ++t) {
      token_at[{raw.doc.tokens[t].begin, raw.doc.tokens[t].end}] = static_cast<int>(t);
    }
    gold_words = raw.spans.size();
    for (size_t w = 0; w < raw.spans.size(); ++w) {
      if (raw.spans[w].second == 0) continue;
      auto it = token_at.find(raw.spans[w]);
      if (it == token_at.end()) continue;
      const dyad::Token& token = raw.doc.tokens[it->second];
      ++score.words;
      const int gold_head = raw.heads[w];
      const bool head_ok =
          gold_head < 0 ? token.head < 0
                        : token.head >= 0 && raw.spans[gold_head].second != 0 &&
                              raw.doc.tokens[token.head].begin == raw.spans[gold_head].first &&
                              raw.doc.tokens[token.head].end == raw.spans[gold_head].second;
      if (!head_ok) continue;
      ++score.correct_heads;
      const std::string& label = *raw.labels[w];
      if (token.deprel == label) ++score.correct_labeled;
      if (token.deprel.substr(0, token.deprel.find(':')) == label.substr(0, label.find(':'))) {
        ++score.correct_universal;
      }
    }
  }

  const double parse_speed = parse_seconds > 0 ? tokens / parse_seconds : 0;
  const double tag_speed = tag_seconds > 0 ? tokens / tag_seconds : 0;
  if (args.json) {
    nlohmann::json out;
    out["uas"] = Round2(score.Uas());
    out["las"] = Round2(score.Las());
    out["las_universal"] = Round2(score.UniversalLas());
    out["words"] = score.words;
    out["gold_words"] = gold_words;
    out["tags"] = predicted_tags ? "predicted" : "gold";
    out["mode"] = args.raw ? "raw" : "gold-tokenization";
    if (predicted_tags && !args.raw) out["upos_accuracy"] = Round2(100.0 * tag_correct / std::max<size_t>(1, tokens));
    out["parse_tokens_per_second"] = std::round(parse_speed);
    if (predicted_tags) out["tag_tokens_per_second"] = std::round(tag_speed);
    std::cout << out.dump(2) << "\n";
  } else {
    std::printf("%s, %s tags: %zu words", args.raw ? "raw text" : "gold tokenization",
                predicted_tags ? "predicted" : "gold", score.words);
    if (args.raw) std::printf(" aligned of %zu gold words", gold_words);
    std::printf("\nUAS %.2f  LAS %.2f  (LAS on universal relations %.2f)\n", score.Uas(), score.Las(),
                score.UniversalLas());
    std::printf("parse: %.0f tokens/s", parse_speed);
    if (predicted_tags) std::printf("; tag: %.0f tokens/s", tag_speed);
    std::printf("\n");
  }
  return 0;
}

dyad::cli::SubcommandRegistration kReg(
    "eval parse", "Unlabeled/labeled attachment scores (UAS/LAS) of the parser on a CoNLL-U file",
    [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<EvalParseArgs>();
      app.add_option("--gold", args->gold_path, "Gold treebank (CoNLL-U)")->required();
      app.add_flag("--json", args->json, "Print the scores as JSON");
      app.add_option("--model", args->model_path, "Parser model (default: <data-dir>/models/parser.bin)");
      app.add_flag("--gold-tags", args->gold_tags, "Parse with the gold UPOS/XPOS instead of the tagger's");
      app.add_flag("--raw", args->raw,
                   "Tokenize and tag the `# text` lines, score words whose spans match gold words");
      dyad::cli::AddDataDirOption(app, &args->data_dir);
      return [args]() { return RunEvalParse(*args); };
    });

}  // namespace
