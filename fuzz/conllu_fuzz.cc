// Fuzzes the CoNLL-U treebank reader.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "dyad/conllu.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  auto sentences = dyad::ReadConllu(in, "fuzz.conllu");
  (void)sentences;
  return 0;
}
