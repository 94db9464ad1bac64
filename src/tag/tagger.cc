#include "dyad/tagger.h"

#include <algorithm>

#include "dyad/binary_format.h"
#include "tag/decoder.h"
#include "tag/feature_table.h"
#include "tag/features.h"
#include "tag/lemmatizer.h"
#include "tag/model_io.h"

namespace dyad {

using tag_internal::DescribeWords;
using tag_internal::kStaticFeatureCount;
using tag_internal::StaticFeatures;
using tag_internal::WordInfo;

Tagger::Tagger()
    : lexicon_(std::make_unique<tag_internal::TagLexiconView>()),
      lemmatizer_(std::make_unique<tag_internal::LemmatizerView>()) {}

Tagger::~Tagger() = default;

Status Tagger::Parse(std::string_view payload) {
  tag_internal::PayloadCursor cursor(payload);
  const uint32_t classes = cursor.Get<uint32_t>();
  if (!cursor.ok() || classes == 0 || classes > 256) return Status::Error("bad tag set");
  for (uint32_t c = 0; c < classes; ++c) {
    upos_.push_back(cursor.String());
    xpos_.push_back(cursor.String());
  }
  if (!cursor.ok()) return Status::Error("truncated tag set");
  lexicon_->words = cursor.Array<uint64_t>();
  lexicon_->tag_sets = cursor.Array<uint64_t>();
  if (!cursor.ok() || lexicon_->words.size() != lexicon_->tag_sets.size() ||
      !std::is_sorted(lexicon_->words.begin(), lexicon_->words.end())) {
    return Status::Error("inconsistent tag lexicon");
  }
  const uint32_t passes = cursor.Get<uint32_t>();
  if (passes != 1 && passes != 2) return Status::Error("bad number of tagging passes");
  for (uint32_t p = 0; p < passes; ++p) {
    passes_.push_back(std::make_unique<tag_internal::FeatureTableView>());
    if (!passes_.back()->Read(cursor, classes)) return Status::Error("inconsistent weight table");
  }
  if (!lemmatizer_->Read(cursor)) return Status::Error("inconsistent lemmatizer lexicon");
  if (!cursor.AtEnd()) return Status::Error("unexpected bytes after the lemmatizer");
  return Status::Ok();
}

Result<std::shared_ptr<const Tagger>> Tagger::Load(const std::string& path) {
  auto file = MappedBinaryFile::Open(path, kTaggerMagic, kTaggerFormatVersion, "tagger model");
  if (!file.ok()) return file.status();
  std::shared_ptr<Tagger> tagger(new Tagger());
  tagger->file_ = file.value();
  Status status = tagger->Parse(tagger->file_->payload());
  if (!status.ok()) {
    return status.WithContext(path + " (tagger model): corrupt; retrain it with `dyad train tagger`");
  }
  return std::shared_ptr<const Tagger>(std::move(tagger));
}

Result<std::shared_ptr<const Tagger>> Tagger::FromPayload(std::string payload) {
  std::shared_ptr<Tagger> tagger(new Tagger());
  tagger->owned_payload_ = std::move(payload);
  Status status = tagger->Parse(tagger->owned_payload_);
  if (!status.ok()) return status.WithContext("in-memory tagger model");
  return std::shared_ptr<const Tagger>(std::move(tagger));
}

void Tagger::TagClasses(std::span<const std::string_view> words, std::vector<uint16_t>* classes) const {
  thread_local std::vector<WordInfo> infos;
  thread_local std::vector<uint64_t> hashes;
  thread_local std::vector<uint16_t> first_pass;
  const size_t n = words.size();
  classes->resize(n);
  if (n == 0) return;
  DescribeWords(words, lexicon_.get(), &infos);
  hashes.resize(n * kStaticFeatureCount);
  for (size_t i = 0; i < n; ++i) StaticFeatures(infos, i, &hashes[i * kStaticFeatureCount]);
  if (passes_.size() == 1) {
    tag_internal::DecodeGreedy(*passes_[0], upos_.size(), infos, hashes, {}, *classes);
    return;
  }
  first_pass.resize(n);
  tag_internal::DecodeGreedy(*passes_[0], upos_.size(), infos, hashes, {}, first_pass);
  tag_internal::DecodeGreedy(*passes_[1], upos_.size(), infos, hashes, first_pass, *classes);
}

void Tagger::Tag(std::span<const std::string_view> words, std::vector<WordTags>* out) const {
  thread_local std::vector<uint16_t> classes;
  TagClasses(words, &classes);
  out->resize(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    WordTags& t = (*out)[i];
    t.upos = upos_[classes[i]];
    t.xpos = xpos_[classes[i]];
    t.lemma = lemmatizer_->Lemmatize(words[i], t.upos, t.xpos);
  }
}

std::string Tagger::Lemmatize(std::string_view form, std::string_view upos, std::string_view xpos) const {
  return lemmatizer_->Lemmatize(form, upos, xpos);
}

TagAccuracy EvaluateTagger(const Tagger& tagger, const std::vector<ConlluSentence>& gold) {
  TagAccuracy accuracy;
  size_t upos = 0, xpos = 0, lemma = 0;
  std::vector<std::string_view> words;
  std::vector<WordTags> tags;
  for (const auto& sentence : gold) {
    words.clear();
    for (const auto& w : sentence.words) words.push_back(w.form);
    tagger.Tag(words, &tags);
    for (size_t i = 0; i < words.size(); ++i) {
      const ConlluWord& g = sentence.words[i];
      upos += tags[i].upos == g.upos;
      xpos += tags[i].xpos == g.xpos;
      lemma += tags[i].lemma == g.lemma;
    }
    accuracy.words += words.size();
  }
  if (accuracy.words > 0) {
    const double scale = 100.0 / static_cast<double>(accuracy.words);
    accuracy.upos = static_cast<double>(upos) * scale;
    accuracy.xpos = static_cast<double>(xpos) * scale;
    accuracy.lemma = static_cast<double>(lemma) * scale;
  }
  return accuracy;
}

}  // namespace dyad
