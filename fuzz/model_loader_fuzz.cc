// Fuzzes every model and compiled-dictionary loader: the first input byte picks the file kind,
// the rest becomes the payload of a file with that kind's valid header (magic, version,
// checksum), so the fuzzer exercises the payload parsers rather than the checksum.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "dyad/binary_format.h"
#include "dyad/dictionaries.h"
#include "dyad/gazetteer.h"
#include "dyad/ner.h"
#include "dyad/parser.h"
#include "dyad/tagger.h"

namespace {

struct Kind {
  const char* magic;
  uint32_t version;
};

// Magic numbers and versions of the shipped formats.
constexpr Kind kKinds[] = {{"DYADTAG1", 2}, {"DYADPARS", 1}, {"DYADNER", 2},
                           {"DYADACTR", 1}, {"DYADEVNT", 1}, {"DYADGAZ1", 1}};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const size_t kind = data[0] % std::size(kKinds);
  dyad::BinaryWriter writer;
  writer.PutBytes(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
  static const std::string path = "/tmp/dyad_model_fuzz_" + std::to_string(getpid()) + ".bin";
  if (!writer.Save(path, kKinds[kind].magic, kKinds[kind].version).ok()) return 0;
  switch (kind) {
    case 0: (void)dyad::Tagger::Load(path); break;
    case 1: (void)dyad::DependencyParser::Load(path); break;
    case 2: (void)dyad::NerModel::Load(path); break;
    case 3: (void)dyad::LoadActorData(path); break;
    case 4: (void)dyad::LoadEventData(path); break;
    default: (void)dyad::Gazetteer::Load(path); break;
  }
  return 0;
}
