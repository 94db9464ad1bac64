// Fuzzes the WARC reader (plain and gzip framing, HTTP payloads, HTML extraction).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "dyad/ingest.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  dyad::ReadOptions options;
  options.max_document_bytes = 1 << 16;
  auto reader = dyad::CreateWarcReader(in, "fuzz.warc", options);
  dyad::Document doc;
  dyad::Status status;
  size_t records = 0;
  while (reader->Next(doc, status)) {
    // Every call consumes input: more records than bytes means the reader is looping.
    if (++records > size + 1) std::abort();
  }
  const dyad::WarcCounts& counts = reader->counts();
  if (counts.documents + counts.skipped_type + counts.skipped_not_html + counts.skipped_status + counts.errors !=
      counts.records) {
    std::abort();
  }
  return 0;
}
