#include "dyad/coding.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iostream>
#include <thread>

namespace dyad {
namespace {

// A document read from the input and the outcome of reading and coding it.
struct Slot {
  Document doc;
  Status status;
};

// Codes slots [0, count) with `threads` workers; each slot is touched by one worker only.
void CodeBatch(std::vector<Slot>& slots, size_t count, const Pipeline& pipeline, size_t threads) {
  auto code = [&pipeline](Slot& slot) {
    if (slot.status.ok()) slot.status = pipeline.Process(slot.doc).WithContext(slot.doc.origin);
  };
  if (threads <= 1 || count <= 1) {
    for (size_t i = 0; i < count; ++i) code(slots[i]);
    return;
  }
  std::atomic<size_t> next{0};
  auto worker = [&]() {
    for (size_t i = next++; i < count; i = next++) code(slots[i]);
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < std::min(threads, count); ++t) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
}

// Writes coded slots in input order and counts them; returns the writer's stream status.
Status WriteBatch(std::vector<Slot>& slots, size_t count, EventWriter& writer, std::ostream& errors,
                  CodingSummary* summary) {
  for (size_t i = 0; i < count; ++i) {
    Slot& slot = slots[i];
    ++summary->documents_read;
    if (!slot.status.ok()) {
      ++summary->documents_failed;
      errors << "dyad: error: " << slot.status.message() << "\n";
      continue;
    }
    ++summary->documents_coded;
    for (const std::string& warning : slot.doc.warnings) {
      ++summary->warnings;
      errors << "dyad: warning: " << slot.doc.origin << ": " << warning << "\n";
    }
    summary->sentences += slot.doc.sentences.size();
    summary->tokens += slot.doc.tokens.size();
    summary->events += writer.Write(slot.doc);
    DYAD_RETURN_IF_ERROR(writer.Check());
  }
  return Status::Ok();
}

}  // namespace

Status CodeInputs(const std::vector<std::string>& inputs, const std::string& input_format,
                  const ReadOptions& read_options, const Pipeline& pipeline, EventWriter& writer,
                  std::ostream& errors, CodingSummary* summary, const CodingOptions& coding_options) {
  const size_t threads = std::max<size_t>(1, coding_options.threads);
  const size_t capacity = std::max<size_t>(1, coding_options.batch_size) * threads;
  std::vector<Slot> slots(capacity);
  for (const std::string& input : inputs) {
    auto opened = OpenDocuments(input, input_format, read_options);
    if (!opened.ok()) return opened.status();
    DocumentReader& reader = *opened.value().reader;
    std::istream* stream = opened.value().stream;
    bool more = true;
    while (more) {
      size_t count = 0;
      while (count < capacity) {
        Slot& slot = slots[count];
        slot.doc = Document();
        if (!reader.Next(slot.doc, slot.status)) {
          more = false;
          break;
        }
        ++count;
      }
      CodeBatch(slots, count, pipeline, threads);
      DYAD_RETURN_IF_ERROR(WriteBatch(slots, count, writer, errors, summary));
    }
    if (stream->bad()) return Status::Error(input + ": read error");
  }
  return writer.Finish();
}

}  // namespace dyad
