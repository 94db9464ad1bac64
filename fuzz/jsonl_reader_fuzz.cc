// Fuzzes the JSONL document reader followed by the text front end.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "dyad/formats.h"
#include "dyad/pipeline.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const dyad::Pipeline pipeline =
      dyad::Pipeline::Create({"normalize", "tokenize", "segment"}, dyad::StageConfig()).value();
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  dyad::ReadOptions options;
  options.max_document_bytes = 1 << 16;
  auto reader = dyad::CreateReader("jsonl", in, "fuzz.jsonl", options);
  dyad::Document doc;
  dyad::Status status;
  while (reader.value()->Next(doc, status)) {
    if (status.ok() && pipeline.Process(doc).ok()) dyad::fuzz::CheckDocumentInvariants(doc);
  }
  return 0;
}
