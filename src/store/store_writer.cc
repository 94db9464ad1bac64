// An EventWriter that also writes each coded document to an event store, in batches.
#include "dyad/store.h"

namespace dyad {
namespace {

class StoreWriter : public EventWriter {
 public:
  StoreWriter(EventStore& store, std::unique_ptr<EventWriter> inner, size_t batch_size)
      : store_(store), inner_(std::move(inner)), batch_size_(std::max<size_t>(1, batch_size)) {}

  size_t Write(const Document& doc) override {
    const size_t written = inner_ ? inner_->Write(doc) : doc.events.size();
    if (!status_.ok()) return written;
    pending_.push_back(PrepareDocument(doc));
    if (pending_.size() >= batch_size_) Flush();
    return written;
  }

  Status Finish() override {
    Flush();
    Status inner = inner_ ? inner_->Finish() : Status::Ok();
    return status_.ok() ? inner : status_;
  }

  Status Check() const override {
    if (!status_.ok()) return status_;
    return inner_ ? inner_->Check() : Status::Ok();
  }

 private:
  void Flush() {
    if (pending_.empty() || !status_.ok()) return;
    status_ = store_.ReplaceDocuments(pending_);
    pending_.clear();
  }

  EventStore& store_;
  std::unique_ptr<EventWriter> inner_;
  size_t batch_size_;
  std::vector<StoredDocument> pending_;
  Status status_;
};

}  // namespace

std::unique_ptr<EventWriter> CreateStoreWriter(EventStore& store, std::unique_ptr<EventWriter> inner,
                                               size_t batch_size) {
  return std::make_unique<StoreWriter>(store, std::move(inner), batch_size);
}

}  // namespace dyad
