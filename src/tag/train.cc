// Averaged-perceptron training of the tagger: a first left-to-right pass, then a second pass
// trained on jackknifed first-pass tags (each training fold tagged by a model that did not
// see it), both with the epoch picked on the dev set.
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <random>
#include <unordered_map>

#include "dyad/binary_format.h"
#include "dyad/tagger.h"
#include "tag/decoder.h"
#include "tag/feature_table.h"
#include "tag/features.h"
#include "tag/lemmatizer.h"

namespace dyad {
namespace {

using tag_internal::FeatureWeights;
using tag_internal::kDynamicFeatureCount;
using tag_internal::kRightFeatureCount;
using tag_internal::kStartTag;
using tag_internal::kStaticFeatureCount;

// Averaged weights smaller than this are dropped from the saved model.
constexpr double kPruneThreshold = 0.3;
// Training stops after this many epochs without a better dev score.
constexpr int kPatience = 4;
// Folds for jackknifing: each fold's tag-set features (and, for a second pass, its first-pass
// tags) come from the other folds' data.
constexpr size_t kJackknifeFolds = 5;
// Tags making up less than this share of a word's occurrences are left out of its tag set.
constexpr double kTagLexiconMinShare = 0.02;

// One (tag, weight) pair of the perceptron with the bookkeeping for lazy averaging.
struct TrainingEntry {
  uint16_t tag;
  float weight;
  double total;     // sum of the weight over all updates up to `stamp`
  uint64_t stamp;   // instance counter at the last change
};

class Perceptron {
 public:
  void AddScores(uint64_t feature, float* scores) const {
    auto it = index_.find(feature);
    if (it == index_.end()) return;
    for (const auto& e : rows_[it->second]) scores[e.tag] += e.weight;
  }

  void Update(uint64_t feature, uint16_t tag, float delta, uint64_t now) {
    auto [it, inserted] = index_.try_emplace(feature, static_cast<uint32_t>(rows_.size()));
    if (inserted) rows_.emplace_back();
    auto& row = rows_[it->second];
    auto entry = std::find_if(row.begin(), row.end(), [tag](const TrainingEntry& e) { return e.tag == tag; });
    if (entry == row.end()) {
      row.push_back(TrainingEntry{tag, 0.0f, 0.0, now});
      entry = row.end() - 1;
    }
    entry->total += static_cast<double>(now - entry->stamp) * entry->weight;
    entry->stamp = now;
    entry->weight += delta;
  }

  // The averaged weights at instance counter `now`, without near-zero ones, sorted by hash.
  std::vector<FeatureWeights> Averaged(uint64_t now) const {
    std::vector<FeatureWeights> features;
    features.reserve(index_.size());
    for (const auto& [hash, row_index] : index_) {
      FeatureWeights fw;
      fw.hash = hash;
      for (const auto& e : rows_[row_index]) {
        const double average = (e.total + static_cast<double>(now - e.stamp) * e.weight) / static_cast<double>(now);
        if (std::fabs(average) >= kPruneThreshold) fw.entries.emplace_back(e.tag, static_cast<float>(average));
      }
      if (fw.entries.empty()) continue;
      std::sort(fw.entries.begin(), fw.entries.end());
      features.push_back(std::move(fw));
    }
    std::sort(features.begin(), features.end(), [](const auto& a, const auto& b) { return a.hash < b.hash; });
    return features;
  }

 private:
  std::unordered_map<uint64_t, uint32_t> index_;
  std::vector<std::vector<TrainingEntry>> rows_;
};

struct TrainingSentence {
  std::vector<tag_internal::WordInfo> words;
  std::vector<uint64_t> static_features;  // kStaticFeatureCount per word
  std::vector<uint16_t> gold;
  std::vector<uint16_t> first_pass;       // jackknifed first-pass tags (second pass only)
};

std::string ClassKey(const ConlluWord& w) { return w.upos + '\t' + w.xpos; }

struct TagLexicon {
  std::vector<uint64_t> words;
  std::vector<uint64_t> tag_sets;
  tag_internal::TagLexiconView View() const { return {words, tag_sets}; }
};

// The tag lexicon of the training sentences outside fold `left_out` (sentence s is in fold
// s % kJackknifeFolds; pass kJackknifeFolds to use every sentence).
TagLexicon BuildTagLexicon(const std::vector<ConlluSentence>& train, const std::map<std::string, uint16_t>& class_ids,
                           size_t left_out) {
  std::map<uint64_t, std::map<uint16_t, uint32_t>> tag_counts;
  for (size_t s = 0; s < train.size(); ++s) {
    if (s % kJackknifeFolds == left_out) continue;
    for (const auto& w : train[s].words) {
      ++tag_counts[tag_internal::HashString(tag_internal::NormalizedLower(w.form))][class_ids.at(ClassKey(w))];
    }
  }
  TagLexicon lexicon;
  for (const auto& [word, counts] : tag_counts) {
    uint32_t total = 0;
    for (const auto& [tag, count] : counts) total += count;
    uint64_t set_hash = tag_internal::Mix(0x7A6);
    for (const auto& [tag, count] : counts) {
      if (count >= kTagLexiconMinShare * total) set_hash = tag_internal::Combine(set_hash, tag);
    }
    lexicon.words.push_back(word);
    lexicon.tag_sets.push_back(set_hash);
  }
  return lexicon;
}

// Scores the averaged weights of one epoch (higher is better), e.g. on the dev set.
using EpochScorer = std::function<double(const std::vector<FeatureWeights>&, int epoch)>;

// Trains one pass on `subset` of `sentences`. With a scorer, keeps the best-scoring epoch and
// stops early; without, returns the weights after `epochs` epochs.
std::vector<FeatureWeights> TrainPass(const std::vector<TrainingSentence>& sentences,
                                      const std::vector<size_t>& subset, size_t num_tags, bool second_pass,
                                      int epochs, uint64_t seed, const EpochScorer& scorer, int* best_epoch) {
  Perceptron model;
  std::mt19937_64 rng(seed);
  std::vector<size_t> order = subset;
  std::vector<float> scores(num_tags);
  uint64_t features[kStaticFeatureCount + kDynamicFeatureCount + kRightFeatureCount];
  const size_t feature_count = kStaticFeatureCount + kDynamicFeatureCount + (second_pass ? kRightFeatureCount : 0);
  uint64_t now = 0;
  std::vector<FeatureWeights> best;
  double best_score = -1;
  *best_epoch = 0;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    for (size_t s : order) {
      const TrainingSentence& sentence = sentences[s];
      uint32_t prev1 = kStartTag, prev2 = kStartTag;
      for (size_t i = 0; i < sentence.gold.size(); ++i) {
        std::copy_n(&sentence.static_features[i * kStaticFeatureCount], kStaticFeatureCount, features);
        uint64_t* dynamic = features + kStaticFeatureCount;
        tag_internal::DynamicFeatures(sentence.words, i, prev1, prev2, dynamic);
        if (second_pass) {
          tag_internal::RightFeatures(sentence.words, sentence.first_pass, i, prev1, dynamic + kDynamicFeatureCount);
        }
        std::fill(scores.begin(), scores.end(), 0.0f);
        for (size_t f = 0; f < feature_count; ++f) model.AddScores(features[f], scores.data());
        const uint16_t guess = static_cast<uint16_t>(std::max_element(scores.begin(), scores.end()) - scores.begin());
        const uint16_t gold = sentence.gold[i];
        ++now;
        if (guess != gold) {
          for (size_t f = 0; f < feature_count; ++f) {
            model.Update(features[f], gold, 1.0f, now);
            model.Update(features[f], guess, -1.0f, now);
          }
        }
        prev2 = prev1;
        prev1 = guess;
      }
    }
    if (!scorer) {
      if (epoch == epochs) {
        best = model.Averaged(now);
        *best_epoch = epoch;
      }
      continue;
    }
    std::vector<FeatureWeights> averaged = model.Averaged(now);
    const double score = scorer(averaged, epoch);
    if (score > best_score) {
      best_score = score;
      best = std::move(averaged);
      *best_epoch = epoch;
    } else if (epoch - *best_epoch >= kPatience) {
      break;
    }
  }
  return best;
}

// A weight table as a view over its own serialised arrays.
class OwnedTable {
 public:
  explicit OwnedTable(const std::vector<FeatureWeights>& weights, size_t num_tags) {
    BinaryWriter writer;
    tag_internal::WriteFeatureTable(weights, num_tags, writer);
    payload_ = writer.payload();
    tag_internal::PayloadCursor cursor(payload_);
    ok_ = view_.Read(cursor, num_tags);
  }
  bool ok() const { return ok_; }
  const tag_internal::FeatureTableView& view() const { return view_; }

 private:
  std::string payload_;
  tag_internal::FeatureTableView view_;
  bool ok_ = false;
};

}  // namespace

Result<TaggerTrainingReport> TrainTagger(const std::vector<ConlluSentence>& train,
                                         const std::vector<ConlluSentence>& dev,
                                         const TaggerTrainingOptions& options,
                                         const std::string& output_path) {
  if (train.empty()) return Status::Error("no training sentences");
  if (options.epochs < 1) return Status::Error("--epochs must be at least 1");
  if (options.passes != 1 && options.passes != 2) return Status::Error("--passes must be 1 or 2");
  std::map<std::string, uint16_t> class_ids;
  for (const auto& s : train) {
    for (const auto& w : s.words) class_ids.emplace(ClassKey(w), 0);
  }
  if (class_ids.size() > 256) {
    return Status::Error("training data has " + std::to_string(class_ids.size()) +
                         " distinct (UPOS, XPOS) pairs; at most 256 are supported");
  }
  std::vector<std::pair<std::string, std::string>> classes;
  for (auto& [key, id] : class_ids) {
    id = static_cast<uint16_t>(classes.size());
    const size_t tab = key.find('\t');
    classes.emplace_back(key.substr(0, tab), key.substr(tab + 1));
  }
  const size_t num_tags = classes.size();

  // Tag lexicon: the tag set of every frequent lowercase form. The model gets one built from
  // all training data; training sentences of each fold see one built without their fold, so
  // that (as on new text) a word's tag set never counts the occurrence being tagged.
  const TagLexicon lexicon = BuildTagLexicon(train, class_ids, kJackknifeFolds);
  std::vector<TagLexicon> fold_lexicons;
  for (size_t fold = 0; fold < kJackknifeFolds; ++fold) {
    fold_lexicons.push_back(BuildTagLexicon(train, class_ids, fold));
  }

  tag_internal::LemmatizerBuilder lemmatizer;
  std::vector<TrainingSentence> sentences(train.size());
  for (size_t s = 0; s < train.size(); ++s) {
    std::vector<std::string_view> forms;
    for (const auto& w : train[s].words) {
      forms.push_back(w.form);
      lemmatizer.Add(w.form, w.xpos, w.lemma);
      sentences[s].gold.push_back(class_ids.at(ClassKey(w)));
    }
    const tag_internal::TagLexiconView fold_view = fold_lexicons[s % kJackknifeFolds].View();
    tag_internal::DescribeWords(forms, &fold_view, &sentences[s].words);
    sentences[s].static_features.resize(forms.size() * kStaticFeatureCount);
    for (size_t i = 0; i < forms.size(); ++i) {
      tag_internal::StaticFeatures(sentences[s].words, i, &sentences[s].static_features[i * kStaticFeatureCount]);
    }
  }

  auto build_payload = [&](const std::vector<const std::vector<FeatureWeights>*>& passes) {
    BinaryWriter writer;
    writer.Put<uint32_t>(static_cast<uint32_t>(num_tags));
    for (const auto& [upos, xpos] : classes) {
      writer.PutString(upos);
      writer.PutString(xpos);
    }
    tag_internal::PutAlignedArray(writer, lexicon.words);
    tag_internal::PutAlignedArray(writer, lexicon.tag_sets);
    writer.Put<uint32_t>(static_cast<uint32_t>(passes.size()));
    for (const auto* pass : passes) tag_internal::WriteFeatureTable(*pass, num_tags, writer);
    lemmatizer.Write(writer);
    return writer;
  };
  const std::vector<ConlluSentence>& tuning = dev.empty() ? train : dev;
  TaggerTrainingReport report;
  Status failure;
  auto scorer_for = [&](const std::vector<FeatureWeights>* first, const char* label) -> EpochScorer {
    return [&, first, label](const std::vector<FeatureWeights>& weights, int epoch) {
      BinaryWriter writer = first == nullptr ? build_payload({&weights}) : build_payload({first, &weights});
      auto tagger = Tagger::FromPayload(writer.payload());
      if (!tagger.ok()) {
        failure = tagger.status();
        return -1.0;
      }
      const TagAccuracy accuracy = EvaluateTagger(*tagger.value(), tuning);
      if (options.log != nullptr) {
        *options.log << label << " epoch " << epoch << ": " << (dev.empty() ? "train" : "dev") << " upos "
                     << accuracy.upos << "% xpos " << accuracy.xpos << "% lemma " << accuracy.lemma << "%, "
                     << weights.size() << " features" << std::endl;
      }
      return accuracy.upos + accuracy.xpos;
    };
  };

  std::vector<size_t> all(sentences.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  int first_epochs = 0;
  const std::vector<FeatureWeights> first =
      TrainPass(sentences, all, num_tags, false, options.epochs, options.seed, scorer_for(nullptr, "pass 1"),
                &first_epochs);
  if (!failure.ok()) return failure;
  std::vector<const std::vector<FeatureWeights>*> passes = {&first};
  std::vector<FeatureWeights> second;
  if (options.passes == 2 && sentences.size() >= kJackknifeFolds) {
    for (size_t fold = 0; fold < kJackknifeFolds; ++fold) {
      std::vector<size_t> rest;
      for (size_t s = 0; s < sentences.size(); ++s) {
        if (s % kJackknifeFolds != fold) rest.push_back(s);
      }
      int unused = 0;
      const OwnedTable table(TrainPass(sentences, rest, num_tags, false, first_epochs, options.seed + 1 + fold,
                                       EpochScorer(), &unused),
                             num_tags);
      if (!table.ok()) return Status::Error("internal error: inconsistent fold weight table");
      for (size_t s = fold; s < sentences.size(); s += kJackknifeFolds) {
        TrainingSentence& sentence = sentences[s];
        sentence.first_pass.resize(sentence.gold.size());
        tag_internal::DecodeGreedy(table.view(), num_tags, sentence.words, sentence.static_features, {},
                                   sentence.first_pass);
      }
      if (options.log != nullptr) *options.log << "jackknife fold " << (fold + 1) << " tagged" << std::endl;
    }
    int second_epochs = 0;
    second = TrainPass(sentences, all, num_tags, true, options.epochs, options.seed + 100,
                       scorer_for(&first, "pass 2"), &second_epochs);
    if (!failure.ok()) return failure;
    passes.push_back(&second);
    report.best_epoch = second_epochs;
  } else {
    report.best_epoch = first_epochs;
  }
  const BinaryWriter best = build_payload(passes);
  auto tagger = Tagger::FromPayload(best.payload());
  if (!tagger.ok()) return tagger.status();
  report.dev = EvaluateTagger(*tagger.value(), tuning);
  for (const auto* pass : passes) {
    report.features += pass->size();
    for (const auto& f : *pass) report.weights += f.entries.size();
  }
  DYAD_RETURN_IF_ERROR(best.Save(output_path, kTaggerMagic, kTaggerFormatVersion));
  return report;
}

}  // namespace dyad
