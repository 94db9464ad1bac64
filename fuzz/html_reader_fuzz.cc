// Fuzzes HTML main-text extraction followed by the text front end.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const dyad::Pipeline pipeline =
      dyad::Pipeline::Create({"normalize", "tokenize", "segment"}, dyad::StageConfig()).value();
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  auto page = dyad::ExtractHtml(html, "https://fuzz.example/page");
  if (!page.ok()) return 0;
  dyad::Document doc;
  doc.text = page->text;
  doc.date = page->date;
  if (!doc.date.empty() && !dyad::IsValidIsoDate(doc.date)) std::abort();
  if (pipeline.Process(doc).ok()) dyad::fuzz::CheckDocumentInvariants(doc);
  return 0;
}
