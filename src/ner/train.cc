// Averaged structured perceptron training for the NER model.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "dyad/ner.h"
#include "dyad/tagger.h"
#include "ner/features.h"

namespace dyad {
namespace {

constexpr const char* kTypeOrder[] = {"PER", "ORG", "LOC", "MISC"};

// Deterministic pseudo-random numbers (splitmix64), independent of the standard library.
struct SplitMix {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
};

// Weights with lazily averaged totals: average = weight - total / updates.
struct AveragedWeights {
  std::vector<float> weight;
  std::vector<double> total;
  explicit AveragedWeights(size_t n) : weight(n, 0.0f), total(n, 0.0) {}
  void Add(size_t index, float delta, double step) {
    weight[index] += delta;
    total[index] += step * delta;
  }
  std::vector<float> Average(double step) const {
    std::vector<float> out(weight.size());
    for (size_t i = 0; i < weight.size(); ++i) {
      out[i] = static_cast<float>(weight[i] - total[i] / step);
    }
    return out;
  }
};

// Training sentences as feature rows and gold label ids.
struct FeaturizedData {
  std::vector<uint32_t> rows;         // per_token rows per token
  std::vector<size_t> offsets = {0};  // token offset of each sentence
  std::vector<int> gold;              // label id per token
};

std::string Percentages(const NerScores& s) {
  char buffer[96];
  std::snprintf(buffer, sizeof(buffer), "dev P %.2f R %.2f F1 %.2f", s.overall.Precision(), s.overall.Recall(),
                s.overall.F1());
  return buffer;
}

// A dictionary name as it would be written: all-capital words (Phoenix style) become
// title case, with short function words in lower case.
std::vector<std::string> WrittenName(const std::vector<std::string>& tokens) {
  static const char* const kSmall[] = {"of", "the", "and", "for", "in", "on", "de", "la", "du", "del", "al"};
  std::vector<std::string> out;
  for (size_t k = 0; k < tokens.size(); ++k) {
    std::string t = tokens[k];
    const bool has_lower = std::any_of(t.begin(), t.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (!has_lower) {
      for (char& c : t) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      }
      const bool small = k > 0 && std::find_if(std::begin(kSmall), std::end(kSmall),
                                               [&](const char* w) { return t == w; }) != std::end(kSmall);
      if (!small && !t.empty() && t[0] >= 'a' && t[0] <= 'z') t[0] = static_cast<char>(t[0] - 32);
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

NerTrainer::NerTrainer(std::vector<NerSentence> train, std::vector<NerSentence> dev, NerGazetteer gazetteer,
                       NerTrainOptions options)
    : train_(std::move(train)), dev_(std::move(dev)), gazetteer_(std::move(gazetteer)), options_(options) {}

Result<NerModel> NerTrainer::Train(std::ostream* log) {
  if (train_.empty()) return Status::Error("no training sentences");
  if (options_.hash_bits < 8 || options_.hash_bits > 28) return Status::Error("hash bits must be in 8..28");
  if (options_.epochs < 1) return Status::Error("epochs must be at least 1");
  if (options_.ensemble < 1) return Status::Error("ensemble size must be at least 1");
  if (options_.lowercase_percent > 100) return Status::Error("lowercase percent must be in 0..100");
  if (!fold_taggers_.empty() && tagger_ == nullptr) return Status::Error("fold taggers need a tagger for the dev data");
  std::vector<uint8_t> match_phrases(train_.size(), 1);  // per sentence: use gazetteer phrases
  std::vector<size_t> fold(train_.size(), 0);             // per sentence: jackknife fold of its source
  for (size_t i = 0; i < train_.size(); ++i) fold[i] = NerTaggerFold(train_[i].words, fold_taggers_.size());
  // Mention replacement: copies whose entities are swapped for other names of their type.
  if (options_.replace_percent > 0 && !replacement_names_.empty()) {
    const size_t original = train_.size();
    SplitMix pick{options_.seed ^ 0xFACADEULL};
    for (size_t i = 0; i < original; ++i) {
      const NerSentence& s = train_[i];
      const std::vector<Entity> spans = DecodeBioSpans(s.tags);
      const bool replaceable = std::any_of(spans.begin(), spans.end(), [&](const Entity& e) {
        auto it = replacement_names_.find(e.type);
        return it != replacement_names_.end() && !it->second.empty();
      });
      if (!replaceable || pick.Next() % 100 >= options_.replace_percent) continue;
      NerSentence copy;
      size_t next = 0;
      for (const Entity& e : spans) {
        for (; next < e.first_token; ++next) {
          copy.words.push_back(s.words[next]);
          copy.tags.push_back(s.tags[next]);
        }
        auto it = replacement_names_.find(e.type);
        std::vector<std::string> name;
        if (it != replacement_names_.end() && !it->second.empty()) {
          name = WrittenName(it->second[pick.Next() % it->second.size()]);
        } else {
          name.assign(s.words.begin() + e.first_token, s.words.begin() + e.end_token);
        }
        for (size_t k = 0; k < name.size(); ++k) {
          copy.words.push_back(name[k]);
          copy.tags.push_back((k == 0 ? "B-" : "I-") + e.type);
        }
        next = e.end_token;
      }
      for (; next < s.words.size(); ++next) {
        copy.words.push_back(s.words[next]);
        copy.tags.push_back(s.tags[next]);
      }
      train_.push_back(std::move(copy));
      match_phrases.push_back(0);
      fold.push_back(fold[i]);
    }
  }
  // Case robustness: lower-cased copies of a deterministic share of the sentences.
  if (options_.lowercase_percent > 0) {
    const size_t original = train_.size();
    SplitMix pick{options_.seed ^ 0xC0FFEEULL};
    for (size_t i = 0; i < original; ++i) {
      if (pick.Next() % 100 >= options_.lowercase_percent) continue;
      NerSentence copy = train_[i];
      for (std::string& word : copy.words) {
        for (char& c : word) {
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        }
      }
      train_.push_back(std::move(copy));
      match_phrases.push_back(match_phrases[i]);
      fold.push_back(fold[i]);
    }
  }
  // Labels: O, then B-/I- for every type seen, in a fixed order.
  std::vector<std::string> labels = {"O"};
  for (const char* type : kTypeOrder) {
    bool seen = false;
    for (const NerSentence& s : train_) {
      for (const std::string& tag : s.tags) seen = seen || (tag.size() > 2 && tag.substr(2) == type);
      if (seen) break;
    }
    if (seen) {
      labels.push_back(std::string("B-") + type);
      labels.push_back(std::string("I-") + type);
      if (options_.bilou) {
        labels.push_back(std::string("L-") + type);
        labels.push_back(std::string("U-") + type);
      }
    }
  }
  if (options_.bilou) {
    // Last tokens of entities become L-, single-token entities U-.
    for (NerSentence& s : train_) {
      for (size_t i = 0; i < s.tags.size(); ++i) {
        std::string& tag = s.tags[i];
        if (tag.size() < 3) continue;
        const bool continued = i + 1 < s.tags.size() && s.tags[i + 1] == "I-" + tag.substr(2);
        if (continued) continue;
        if (tag[0] == 'B') tag[0] = 'U';
        else if (tag[0] == 'I') tag[0] = 'L';
      }
    }
  }
  const size_t L = labels.size();
  auto label_id = [&](const std::string& tag) {
    auto it = std::find(labels.begin(), labels.end(), tag);
    return it == labels.end() ? 0 : static_cast<int>(it - labels.begin());
  };

  // Features are fixed per token: extract them once.
  const bool uses_tags = tagger_ != nullptr;
  const size_t per_token = ner::FeaturesPerToken(uses_tags);
  FeaturizedData data;
  {
    ner::FeatureScratch scratch;
    std::vector<uint32_t> sentence_rows;
    std::vector<std::string_view> words, pos;
    for (size_t index = 0; index < train_.size(); ++index) {
      const NerSentence& s = train_[index];
      words.assign(s.words.begin(), s.words.end());
      if (uses_tags) NerPosTags(fold_taggers_.empty() ? *tagger_ : *fold_taggers_[fold[index]], words, &pos);
      ner::ExtractFeatureRows(words, pos, uses_tags, gazetteer_, options_.hash_bits, &scratch, &sentence_rows,
                              match_phrases[index] != 0);
      data.rows.insert(data.rows.end(), sentence_rows.begin(), sentence_rows.end());
      for (const std::string& tag : s.tags) data.gold.push_back(label_id(tag));
      data.offsets.push_back(data.offsets.back() + s.words.size());
    }
  }
  const std::vector<float> mask = ner::TransitionMask(labels);
  const size_t table_rows = size_t{1} << options_.hash_bits;

  // The shipped form: quantised emissions, masked transitions.
  auto make_model = [&](const std::vector<float>& emissions, const std::vector<float>& transitions) {
    NerModel model;
    model.labels_ = labels;
    model.hash_bits_ = options_.hash_bits;
    model.uses_tags_ = uses_tags;
    model.gazetteer_ = gazetteer_;
    float largest = 0;
    for (float w : emissions) largest = std::max(largest, std::fabs(w));
    model.weight_scale_ = largest > 0 ? largest / 32767.0f : 1.0f;
    model.emissions_.resize(emissions.size());
    for (size_t k = 0; k < emissions.size(); ++k) {
      model.emissions_[k] = static_cast<int16_t>(std::lround(emissions[k] / model.weight_scale_));
    }
    model.transitions_ = transitions;
    for (size_t k = 0; k < mask.size(); ++k) model.transitions_[k] += mask[k];
    return model;
  };

  std::vector<float> sum_emissions(table_rows * L, 0.0f), sum_transitions((L + 1) * L, 0.0f);
  for (uint32_t member = 0; member < options_.ensemble; ++member) {
    AveragedWeights emissions(table_rows * L);
    AveragedWeights transitions((L + 1) * L);
    std::vector<float> decode_transitions((L + 1) * L);
    std::vector<float> scores;
    std::vector<int> predicted;
    double step = 1;
    std::vector<size_t> order(train_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    SplitMix random{options_.seed + member * 0x51ED27ULL};
    std::vector<float> best_emissions, best_transitions;
    double best_f1 = -1;
    int best_epoch = 0;
    for (int epoch = 1; epoch <= options_.epochs; ++epoch) {
      const auto started = std::chrono::steady_clock::now();
      for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[random.Next() % i]);
      size_t mistakes = 0, tokens = 0;
      for (size_t index : order) {
        const size_t begin = data.offsets[index], n = data.offsets[index + 1] - begin;
        tokens += n;
        for (size_t k = 0; k < decode_transitions.size(); ++k) {
          decode_transitions[k] = transitions.weight[k] + mask[k];
        }
        scores.assign(n * L, 0.0f);
        for (size_t i = 0; i < n; ++i) {
          const uint32_t* r = &data.rows[(begin + i) * per_token];
          for (size_t f = 0; f < per_token; ++f) {
            const float* w = &emissions.weight[static_cast<size_t>(r[f]) * L];
            for (size_t y = 0; y < L; ++y) scores[i * L + y] += w[y];
          }
        }
        ner::ViterbiDecode(scores, decode_transitions, L, n, &predicted);
        const int* g = &data.gold[begin];
        bool wrong = false;
        for (size_t i = 0; i < n; ++i) wrong = wrong || predicted[i] != g[i];
        if (wrong) {
          for (size_t i = 0; i < n; ++i) {
            const int prev_gold = i == 0 ? static_cast<int>(L) : g[i - 1];
            const int prev_pred = i == 0 ? static_cast<int>(L) : predicted[i - 1];
            if (predicted[i] != g[i]) {
              ++mistakes;
              const uint32_t* r = &data.rows[(begin + i) * per_token];
              for (size_t f = 0; f < per_token; ++f) {
                emissions.Add(static_cast<size_t>(r[f]) * L + g[i], 1.0f, step);
                emissions.Add(static_cast<size_t>(r[f]) * L + predicted[i], -1.0f, step);
              }
            }
            if (predicted[i] != g[i] || prev_gold != prev_pred) {
              transitions.Add(prev_gold * L + g[i], 1.0f, step);
              transitions.Add(prev_pred * L + predicted[i], -1.0f, step);
            }
          }
        }
        step += 1;
      }
      std::vector<float> average_emissions = emissions.Average(step);
      std::vector<float> average_transitions = transitions.Average(step);
      double f1 = 0;
      std::string dev_note;
      if (!dev_.empty()) {
        const NerScores dev_scores = EvaluateNer(make_model(average_emissions, average_transitions), dev_, tagger_.get(),
                                                   NerDocumentMode::kPropagate);
        f1 = dev_scores.overall.F1();
        dev_note = "  " + Percentages(dev_scores);
      }
      if (log != nullptr) {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        char buffer[160];
        std::snprintf(buffer, sizeof(buffer), "member %u epoch %d: %zu token errors / %zu tokens (%.1f s)",
                      member + 1, epoch, mistakes, tokens, seconds);
        *log << buffer << dev_note << "\n" << std::flush;
      }
      if (dev_.empty() || f1 > best_f1) {
        best_f1 = f1;
        best_epoch = epoch;
        best_emissions = std::move(average_emissions);
        best_transitions = std::move(average_transitions);
      }
    }
    if (log != nullptr && !dev_.empty()) *log << "member " << member + 1 << ": kept epoch " << best_epoch << "\n";
    for (size_t k = 0; k < best_emissions.size(); ++k) sum_emissions[k] += best_emissions[k];
    for (size_t k = 0; k < best_transitions.size(); ++k) sum_transitions[k] += best_transitions[k];
  }
  const float inverse = 1.0f / static_cast<float>(options_.ensemble);
  for (float& w : sum_emissions) w *= inverse;
  for (float& w : sum_transitions) w *= inverse;
  NerModel model = make_model(sum_emissions, sum_transitions);
  if (log != nullptr && !dev_.empty()) *log << "final model: " << Percentages(EvaluateNer(model, dev_, tagger_.get(), NerDocumentMode::kPropagate)) << "\n";
  return model;
}

}  // namespace dyad
