// Helpers shared by the micro-benchmarks.
#pragma once

#include <iterator>
#include <vector>

#include "dyad/document.h"
#include "dyad/pipeline.h"
#include "dyad/text.h"

namespace dyad::bench {

/// One tokenized document per text, dated `date`.
template <typename Texts>
std::vector<Document> TokenizedDocuments(const Texts& texts, const char* date = "2021-07-08") {
  std::vector<Document> docs;
  for (const char* text : texts) {
    Document doc;
    doc.text = text;
    doc.date = date;
    Tokenize(doc.text, TokenizerOptions{}, &doc.tokens, &doc.sentences);
    docs.push_back(std::move(doc));
  }
  return docs;
}

/// Stage configuration that loads the shipped data files.
inline StageConfig ShippedConfig() {
  StageConfig config;
  config.data_dir = DefaultDataDir();
  return config;
}

}  // namespace dyad::bench
