// Fuzzes the text front end: UTF-8 validation, tokenizer, sentence splitter, segmenter.
#include <cstddef>
#include <cstdint>
#include <string>

#include "dyad/pipeline.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const dyad::Pipeline pipeline =
      dyad::Pipeline::Create({"normalize", "tokenize", "segment"}, dyad::StageConfig()).value();
  dyad::Document doc;
  doc.text.assign(reinterpret_cast<const char*>(data), size);
  if (pipeline.Process(doc).ok()) {
    dyad::fuzz::CheckDocumentInvariants(doc);
    for (const auto& t : doc.tokens) (void)doc.CodepointOffset(t.end);
  }
  return 0;
}
