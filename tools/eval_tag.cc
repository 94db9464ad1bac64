// `dyad eval tag`: UPOS / XPOS / lemma accuracy of the tagger on a gold CoNLL-U file, on the
// gold words or (--raw) on dyad's own tokenization of the sentence text.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "dyad/conllu.h"
#include "dyad/tagger.h"
#include "dyad/text.h"
#include "subcommand.h"

namespace {

struct EvalTagArgs {
  std::string gold;
  std::string model;
  std::string data_dir;
  std::string predictions;
  bool json = false;
  bool raw = false;
};

/// Counts for --raw scoring: gold words, system tokens, and matches of span (+ tag).
struct RawCounts {
  size_t gold = 0, system = 0, spans = 0, upos = 0, xpos = 0, lemma = 0, unaligned_gold = 0;
};

double F1(size_t correct, size_t gold, size_t system) {
  return gold + system == 0 ? 0.0 : 200.0 * static_cast<double>(correct) / static_cast<double>(gold + system);
}

// Tokenizes each sentence's "# text" with dyad's tokenizer, tags the tokens, and compares
// them with the gold words by byte span: a token counts only when its span and tag match.
RawCounts ScoreRaw(const dyad::Tagger& tagger, const std::vector<dyad::ConlluSentence>& gold) {
  RawCounts counts;
  std::vector<dyad::Token> tokens;
  std::vector<dyad::Sentence> sentences;
  std::vector<std::string_view> words;
  std::vector<dyad::WordTags> tags;
  for (const auto& sentence : gold) {
    if (sentence.text.empty()) continue;
    const std::string& text = sentence.text;
    // Gold spans: each word's form is found at or after the end of the previous word.
    std::map<std::pair<uint32_t, uint32_t>, size_t> gold_spans;
    size_t pos = 0;
    for (size_t i = 0; i < sentence.words.size(); ++i) {
      const std::string& form = sentence.words[i].form;
      while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
      const size_t found = text.compare(pos, form.size(), form) == 0 ? pos : text.find(form, pos);
      if (form.empty() || found == std::string::npos) {
        ++counts.unaligned_gold;
        continue;
      }
      gold_spans[{static_cast<uint32_t>(found), static_cast<uint32_t>(found + form.size())}] = i;
      pos = found + form.size();
    }
    counts.gold += sentence.words.size();
    dyad::Tokenize(text, dyad::TokenizerOptions(), &tokens, &sentences);
    counts.system += tokens.size();
    for (const auto& s : sentences) {
      words.clear();
      for (uint32_t t = s.first_token; t < s.end_token; ++t) words.push_back(tokens[t].text);
      tagger.Tag(words, &tags);
      for (size_t k = 0; k < words.size(); ++k) {
        const dyad::Token& token = tokens[s.first_token + k];
        auto it = gold_spans.find({token.begin, token.end});
        if (it == gold_spans.end()) continue;
        const dyad::ConlluWord& g = sentence.words[it->second];
        ++counts.spans;
        counts.upos += tags[k].upos == g.upos;
        counts.xpos += tags[k].xpos == g.xpos;
        counts.lemma += tags[k].lemma == g.lemma;
      }
    }
  }
  return counts;
}

// Writes the gold sentences with predicted UPOS, XPOS and lemma columns as CoNLL-U.
bool WritePredictions(const dyad::Tagger& tagger, const std::vector<dyad::ConlluSentence>& gold,
                      const std::string& path) {
  std::ofstream out(path);
  std::vector<std::string_view> words;
  std::vector<dyad::WordTags> tags;
  for (const auto& sentence : gold) {
    words.clear();
    for (const auto& w : sentence.words) words.push_back(w.form);
    tagger.Tag(words, &tags);
    if (!sentence.sent_id.empty()) out << "# sent_id = " << sentence.sent_id << "\n";
    for (size_t i = 0; i < words.size(); ++i) {
      const auto& w = sentence.words[i];
      out << (i + 1) << '\t' << w.form << '\t' << tags[i].lemma << '\t' << tags[i].upos << '\t' << tags[i].xpos
          << "\t_\t" << w.head << '\t' << (w.deprel.empty() ? "_" : w.deprel) << "\t_\t"
          << (w.misc.empty() ? "_" : w.misc) << '\n';
    }
    out << '\n';
  }
  out.flush();
  return static_cast<bool>(out);
}

double Round2(double v) { return static_cast<double>(static_cast<long long>(v * 100.0 + 0.5)) / 100.0; }

int RunEvalTag(const EvalTagArgs& args) {
  const std::string model_path = args.model.empty() ? args.data_dir + "/models/tagger.bin" : args.model;
  auto tagger = dyad::Tagger::Load(model_path);
  if (!tagger.ok()) {
    std::cerr << "dyad eval tag: " << tagger.status().message() << "\n";
    return 1;
  }
  auto gold = dyad::ReadConllu(args.gold);
  if (!gold.ok()) {
    std::cerr << "dyad eval tag: " << gold.status().message() << "\n";
    return 1;
  }
  if (!args.predictions.empty() && !WritePredictions(*tagger.value(), gold.value(), args.predictions)) {
    std::cerr << "dyad eval tag: cannot write " << args.predictions << "\n";
    return 1;
  }
  if (args.raw) {
    const RawCounts c = ScoreRaw(*tagger.value(), gold.value());
    const double tokens = F1(c.spans, c.gold, c.system), upos = F1(c.upos, c.gold, c.system),
                 xpos = F1(c.xpos, c.gold, c.system), lemma = F1(c.lemma, c.gold, c.system);
    if (args.json) {
      nlohmann::json out = {{"mode", "raw"},
                            {"gold_words", c.gold},
                            {"system_tokens", c.system},
                            {"tokens", Round2(tokens)},
                            {"upos", Round2(upos)},
                            {"xpos", Round2(xpos)},
                            {"lemma", Round2(lemma)}};
      std::cout << out.dump() << "\n";
    } else {
      std::printf("gold words %zu, system tokens %zu, matching spans %zu (%zu gold words not found in # text)\n",
                  c.gold, c.system, c.spans, c.unaligned_gold);
      std::printf("tokens F1 %.2f%%\nupos F1 %.2f%%\nxpos F1 %.2f%%\nlemma F1 %.2f%%\n", tokens, upos, xpos,
                  lemma);
    }
    return 0;
  }
  const auto start = std::chrono::steady_clock::now();
  const dyad::TagAccuracy accuracy = dyad::EvaluateTagger(*tagger.value(), gold.value());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (args.json) {
    nlohmann::json out = {{"words", accuracy.words},
                          {"upos", Round2(accuracy.upos)},
                          {"xpos", Round2(accuracy.xpos)},
                          {"lemma", Round2(accuracy.lemma)}};
    std::cout << out.dump() << "\n";
  } else {
    std::printf("words %zu\nupos %.2f%%\nxpos %.2f%%\nlemma %.2f%%\n", accuracy.words, accuracy.upos, accuracy.xpos,
                accuracy.lemma);
    std::printf("time %.3f s (%.0f words/s, tagging + lemmatizing)\n", seconds,
                static_cast<double>(accuracy.words) / seconds);
  }
  return 0;
}

dyad::cli::SubcommandRegistration kReg(
    "eval tag",
    "Score the POS tagger and lemmatizer on gold-tokenized CoNLL-U (accuracies in percent, 0-100, "
    "2 decimals)",
    [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<EvalTagArgs>();
      app.add_option("--gold", args->gold, "Gold-standard CoNLL-U file")->required()->check(CLI::ExistingFile);
      app.add_option("--model", args->model, "Tagger model (default: <data-dir>/models/tagger.bin)");
      app.add_flag("--json", args->json,
                   "Print one JSON object with keys words, upos, xpos, lemma (accuracies in percent, "
                   "0-100, rounded to 2 decimals)");
      app.add_flag("--raw", args->raw,
                   "Tokenize each sentence's '# text' with dyad's tokenizer instead of using the gold "
                   "words; a token counts only when its byte span and tag match a gold word. Reports F1 "
                   "(percent) of tokens, upos, xpos and lemma");
      app.add_option("--predictions", args->predictions,
                     "Also write the gold words with predicted tags and lemmas to this CoNLL-U file");
      dyad::cli::AddDataDirOption(app, &args->data_dir);
      return [args] { return RunEvalTag(*args); };
    });

}  // namespace
