// Fuzzes the TABARI/PETRARCH dictionary readers (actors, agents, verbs, discards) and the
// CAMEO tables, strict and lenient.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "dyad/dictionaries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/dyad_dict_fuzz_" + std::to_string(getpid()) + ".txt";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  for (bool lenient : {false, true}) {
    std::vector<std::string> warnings;
    std::vector<std::string>* w = lenient ? &warnings : nullptr;
    std::vector<dyad::ActorEntry> actors;
    (void)dyad::ReadActorDictionary(path, &actors, w);
    std::vector<dyad::AgentEntry> agents;
    (void)dyad::ReadAgentDictionary(path, &agents, w);
    std::vector<dyad::DiscardEntry> discards;
    (void)dyad::ReadDiscardDictionary(path, &discards, w);
    dyad::VerbDictionary verbs;
    (void)dyad::ReadVerbDictionary(path, &verbs, w);
  }
  std::map<std::string, dyad::CameoInfo> cameo;
  (void)dyad::ReadPloverTable(path, &cameo);
  (void)dyad::ReadGoldsteinTable(path, &cameo);
  return 0;
}
