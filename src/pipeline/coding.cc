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

// Codes slots [0, count) of one batch; every slot is taken by exactly one thread. Background
// threads start on construction; the owner joins in with `HelpAndWait` once its own work
// (writing the previous batch, reading the next) is done, so `threads` cores stay busy.
class BatchCoding {
 public:
  BatchCoding(std::vector<Slot>& slots, size_t count, const Pipeline& pipeline, size_t background_threads)
      : slots_(slots), count_(count), pipeline_(pipeline) {
    for (size_t t = 0; t < std::min(background_threads, count); ++t) pool_.emplace_back([this] { CodeUntilDone(); });
  }
  ~BatchCoding() { HelpAndWait(); }

  /// Codes what is left on the calling thread, then waits for the background threads.
  void HelpAndWait() {
    CodeUntilDone();
    for (std::thread& thread : pool_) thread.join();
    pool_.clear();
  }

 private:
  void CodeUntilDone() {
    for (size_t i = next_++; i < count_; i = next_++) {
      Slot& slot = slots_[i];
      if (slot.status.ok()) slot.status = pipeline_.Process(slot.doc).WithContext(slot.doc.origin);
    }
  }

  std::vector<Slot>& slots_;
  const size_t count_;
  const Pipeline& pipeline_;
  std::atomic<size_t> next_{0};
  std::vector<std::thread> pool_;
};

// Reads up to slots.size() documents into `slots`; returns how many (fewer only at the end).
size_t FillBatch(DocumentReader& reader, std::vector<Slot>& slots) {
  size_t count = 0;
  while (count < slots.size()) {
    Slot& slot = slots[count];
    slot.doc = Document();
    if (!reader.Next(slot.doc, slot.status)) break;
    ++count;
  }
  return count;
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
  // Two buffers: while one batch is coded in the background, the other is written out and
  // refilled from the input. With one thread everything runs in turn on the calling thread.
  std::vector<Slot> coding(capacity), spare(capacity);
  for (const std::string& input : inputs) {
    auto opened = OpenDocuments(input, input_format, read_options);
    if (!opened.ok()) return opened.status();
    DocumentReader& reader = *opened.value().reader;
    std::istream* stream = opened.value().stream;
    size_t coding_count = FillBatch(reader, coding), spare_count = 0;
    while (coding_count > 0) {
      BatchCoding batch(coding, coding_count, pipeline, threads - 1);
      if (threads == 1) batch.HelpAndWait();
      Status written = WriteBatch(spare, spare_count, writer, errors, summary);
      spare_count = written.ok() && coding_count == capacity ? FillBatch(reader, spare) : 0;
      batch.HelpAndWait();
      DYAD_RETURN_IF_ERROR(written);
      std::swap(coding, spare);
      std::swap(coding_count, spare_count);
    }
    DYAD_RETURN_IF_ERROR(WriteBatch(spare, spare_count, writer, errors, summary));
    if (stream->bad()) return Status::Error(input + ": read error");
  }
  return writer.Finish();
}

}  // namespace dyad
