// NerModel: loading, saving and tagging; span scoring.
#include <cmath>

#include "dyad/ner.h"
#include "dyad/tagger.h"
#include "ner/features.h"

namespace dyad {
namespace {

constexpr std::string_view kMagic = "DYADNER";
constexpr uint32_t kVersion = 2;        // adds a flags word (bit 0: POS-tag features)
constexpr uint32_t kVersionNoFlags = 1;  // still readable
constexpr uint32_t kUsesTagsFlag = 1;
constexpr std::string_view kWhat = "NER model";

double Percent(uint64_t part, uint64_t whole) {
  return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

Result<NerModel> NerModel::Load(const std::string& path) {
  auto file = MappedBinaryFile::Open(path, kMagic, kVersion, kWhat);
  bool has_flags = true;
  if (!file.ok()) {
    auto old_file = MappedBinaryFile::Open(path, kMagic, kVersionNoFlags, kWhat);
    if (!old_file.ok()) return file.status();
    file = std::move(old_file);
    has_flags = false;
  }
  BinaryReader reader(file.value()->payload());
  NerModel model;
  model.labels_ = reader.GetStrings();
  model.hash_bits_ = reader.Get<uint32_t>();
  const uint32_t flags = has_flags ? reader.Get<uint32_t>() : 0;
  model.uses_tags_ = (flags & kUsesTagsFlag) != 0;
  model.weight_scale_ = reader.Get<float>();
  model.emissions_ = reader.GetVector<int16_t>();
  model.transitions_ = reader.GetVector<float>();
  const std::string label = path + " (" + std::string(kWhat) + ")";
  if (!reader.ok()) return Status::Error(label + ": truncated model payload");
  auto gazetteer = NerGazetteer::Read(&reader);
  if (!gazetteer.ok()) return gazetteer.status().WithContext(label);
  model.gazetteer_ = std::move(gazetteer.value());
  const size_t L = model.labels_.size();
  if (L == 0 || model.labels_[0] != "O" || model.hash_bits_ < 8 || model.hash_bits_ > 28 ||
      model.emissions_.size() != (size_t{1} << model.hash_bits_) * L ||
      model.transitions_.size() != (L + 1) * L || !reader.AtEnd() || !std::isfinite(model.weight_scale_) ||
      (flags & ~kUsesTagsFlag) != 0) {
    return Status::Error(label + ": inconsistent model tables (corrupt file?)");
  }
  return model;
}

Status NerModel::Save(const std::string& path) const {
  BinaryWriter writer;
  writer.PutStrings(labels_);
  writer.Put<uint32_t>(hash_bits_);
  writer.Put<uint32_t>(uses_tags_ ? kUsesTagsFlag : 0);
  writer.Put<float>(weight_scale_);
  writer.PutVector(emissions_);
  writer.PutVector(transitions_);
  gazetteer_.Write(&writer);
  return writer.Save(path, kMagic, kVersion);
}

void NerModel::PredictLabels(std::span<const std::string_view> words, std::span<const std::string_view> pos,
                             std::vector<int>* out) const {
  const size_t n = words.size();
  const size_t L = labels_.size();
  thread_local ner::FeatureScratch scratch;
  thread_local std::vector<uint32_t> rows;
  thread_local std::vector<float> emissions;
  thread_local std::vector<int32_t> sums;
  ner::ExtractFeatureRows(words, pos, uses_tags_, gazetteer_, hash_bits_, &scratch, &rows);
  const size_t per_token = ner::FeaturesPerToken(uses_tags_);
  emissions.resize(n * L);
  sums.resize(L);
  for (size_t i = 0; i < n; ++i) {
    std::fill(sums.begin(), sums.end(), 0);
    const uint32_t* r = &rows[i * per_token];
    for (size_t f = 0; f < per_token; ++f) {
      const int16_t* w = &emissions_[static_cast<size_t>(r[f]) * L];
      for (size_t y = 0; y < L; ++y) sums[y] += w[y];
    }
    for (size_t y = 0; y < L; ++y) emissions[i * L + y] = static_cast<float>(sums[y]) * weight_scale_;
  }
  ner::ViterbiDecode(emissions, transitions_, L, n, out);
}

std::vector<std::string> NerModel::TagSentence(std::span<const std::string_view> words,
                                               std::span<const std::string_view> pos) const {
  std::vector<int> best;
  PredictLabels(words, pos, &best);
  std::vector<std::string> tags;
  tags.reserve(best.size());
  for (int y : best) {
    const std::string& label = labels_[y];
    if (label.starts_with("L-")) tags.push_back("I-" + label.substr(2));       // BILOU → BIO
    else if (label.starts_with("U-")) tags.push_back("B-" + label.substr(2));
    else tags.push_back(label);
  }
  return tags;
}

std::vector<Entity> NerModel::Recognize(std::span<const std::string_view> words,
                                        std::span<const std::string_view> pos) const {
  return DecodeBioSpans(TagSentence(words, pos));
}

size_t NerTaggerFold(std::span<const std::string> words, size_t folds) {
  size_t total = words.size();
  for (const std::string& w : words) total += w.size();
  return folds == 0 ? 0 : total % folds;
}

void NerPosTags(const Tagger& tagger, std::span<const std::string_view> words, std::vector<std::string_view>* pos) {
  thread_local std::vector<uint16_t> classes;
  tagger.TagClasses(words, &classes);
  pos->clear();
  for (uint16_t c : classes) pos->push_back(tagger.xpos(c));
}

double NerCounts::Precision() const { return Percent(true_positives, true_positives + false_positives); }
double NerCounts::Recall() const { return Percent(true_positives, true_positives + false_negatives); }
double NerCounts::F1() const {
  const double p = Precision(), r = Recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

void NerScores::Add(std::span<const Entity> gold, std::span<const Entity> predicted) {
  auto same = [](const Entity& a, const Entity& b) {
    return a.first_token == b.first_token && a.end_token == b.end_token && a.type == b.type;
  };
  for (const Entity& g : gold) {
    bool found = false;
    for (const Entity& p : predicted) found = found || same(g, p);
    NerCounts& t = per_type[g.type];
    if (found) {
      ++overall.true_positives;
      ++t.true_positives;
    } else {
      ++overall.false_negatives;
      ++t.false_negatives;
    }
  }
  for (const Entity& p : predicted) {
    bool found = false;
    for (const Entity& g : gold) found = found || same(g, p);
    if (!found) {
      ++overall.false_positives;
      ++per_type[p.type].false_positives;
    }
  }
}

NerScores EvaluateNer(const NerModel& model, std::span<const NerSentence> gold, const Tagger* tagger,
                      NerDocumentMode document_mode) {
  NerScores scores;
  std::vector<std::string_view> pos;
  for (size_t begin = 0; begin < gold.size();) {
    size_t end = begin + 1;
    while (end < gold.size() && gold[end].document == gold[begin].document) ++end;
    std::vector<std::vector<std::string_view>> words(end - begin);
    std::vector<std::vector<Entity>> predicted(end - begin);
    for (size_t k = begin; k < end; ++k) {
      words[k - begin].assign(gold[k].words.begin(), gold[k].words.end());
      pos.clear();
      if (model.uses_tags() && tagger != nullptr) NerPosTags(*tagger, words[k - begin], &pos);
      predicted[k - begin] = model.Recognize(words[k - begin], pos);
    }
    if (document_mode != NerDocumentMode::kOff) {
      HarmonizeDocumentEntities(words, predicted, document_mode == NerDocumentMode::kPropagate);
    }
    for (size_t k = begin; k < end; ++k) {
      scores.tokens += gold[k].words.size();
      scores.Add(DecodeBioSpans(gold[k].tags), predicted[k - begin]);
    }
    begin = end;
  }
  return scores;
}

}  // namespace dyad
