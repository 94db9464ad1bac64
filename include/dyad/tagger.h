// Statistical part-of-speech tagger and lemmatizer: a greedy left-to-right averaged perceptron
// over hashed word, affix, shape, tag-lexicon and neighbouring word/tag features that predicts
// the joint (UPOS, XPOS) tag of each word (optionally followed by a second pass that also sees
// the first pass's tags of the following words), plus a lemmatizer (treebank lexicon +
// inflection rules for unseen words).
// Trained with `dyad train tagger`; the model lives in <data_dir>/models/tagger.bin.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/conllu.h"
#include "dyad/status.h"

namespace dyad {

class MappedBinaryFile;

/// Magic number of tagger model files.
inline constexpr std::string_view kTaggerMagic = "DYADTAG1";
/// Format version of tagger model files this build reads and writes.
inline constexpr uint32_t kTaggerFormatVersion = 2;

/// The tags and lemma the tagger assigns to one word.
struct WordTags {
  std::string_view upos;  ///< universal POS tag (points into the model; valid while it lives)
  std::string_view xpos;  ///< Penn Treebank tag (points into the model)
  std::string lemma;      ///< lemma
};

namespace tag_internal {
struct FeatureTableView;
struct TagLexiconView;
struct LemmatizerView;
}  // namespace tag_internal

/// A loaded tagger model. Immutable and thread-safe once loaded.
class Tagger {
 public:
  /// Memory-maps and validates a model file written by TrainTagger.
  static Result<std::shared_ptr<const Tagger>> Load(const std::string& path);
  /// Builds a tagger from a model payload held in memory (as produced during training).
  static Result<std::shared_ptr<const Tagger>> FromPayload(std::string payload);
  ~Tagger();
  Tagger(const Tagger&) = delete;
  Tagger& operator=(const Tagger&) = delete;

  /// Tags one sentence; `out` receives one entry per word.
  void Tag(std::span<const std::string_view> words, std::vector<WordTags>* out) const;
  /// Tags one sentence without lemmatizing; `classes` receives one joint tag index per word.
  void TagClasses(std::span<const std::string_view> words, std::vector<uint16_t>* classes) const;
  /// The lemma of `form` given its XPOS (and UPOS) tag.
  std::string Lemmatize(std::string_view form, std::string_view upos, std::string_view xpos) const;
  /// Number of joint (UPOS, XPOS) tags the model predicts.
  size_t num_classes() const { return upos_.size(); }
  /// UPOS of joint tag `c`.
  std::string_view upos(size_t c) const { return upos_[c]; }
  /// XPOS of joint tag `c`.
  std::string_view xpos(size_t c) const { return xpos_[c]; }

 private:
  Tagger();
  Status Parse(std::string_view payload);
  std::shared_ptr<MappedBinaryFile> file_;
  std::string owned_payload_;
  std::vector<std::string_view> upos_;
  std::vector<std::string_view> xpos_;
  std::unique_ptr<tag_internal::TagLexiconView> lexicon_;
  std::vector<std::unique_ptr<tag_internal::FeatureTableView>> passes_;  // first, then second pass
  std::unique_ptr<tag_internal::LemmatizerView> lemmatizer_;
};

/// Settings for TrainTagger.
struct TaggerTrainingOptions {
  uint64_t seed = 1;          ///< shuffling seed; the same seed gives a byte-identical model
  int epochs = 20;            ///< maximum number of passes over the training data
  int passes = 1;             ///< 1: one left-to-right pass; 2: add a second pass that also
                              ///< sees the first pass's tags of the following words
  std::ostream* log = nullptr;  ///< progress messages (one line per epoch), or null
};

/// Accuracy of tags and lemmas against gold words, in percent (0-100).
struct TagAccuracy {
  size_t words = 0;    ///< number of gold words scored
  double upos = 0;     ///< UPOS accuracy, percent
  double xpos = 0;     ///< XPOS accuracy, percent
  double lemma = 0;    ///< lemma accuracy, percent
};

/// Outcome of training.
struct TaggerTrainingReport {
  int best_epoch = 0;        ///< epoch whose averaged weights were saved (1-based; of the last pass)
  TagAccuracy dev;           ///< dev accuracy of the saved model
  size_t features = 0;       ///< number of hashed features kept
  size_t weights = 0;        ///< number of non-zero weights kept
};

/// Trains a tagger on `train`, picks the epoch with the best dev UPOS+XPOS accuracy,
/// and writes the model to `output_path`. Deterministic for a given seed.
Result<TaggerTrainingReport> TrainTagger(const std::vector<ConlluSentence>& train,
                                         const std::vector<ConlluSentence>& dev,
                                         const TaggerTrainingOptions& options,
                                         const std::string& output_path);

/// Tags the gold-tokenized `gold` sentences and scores UPOS, XPOS and lemma.
TagAccuracy EvaluateTagger(const Tagger& tagger, const std::vector<ConlluSentence>& gold);

}  // namespace dyad
