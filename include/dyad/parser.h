// Transition-based dependency parser (arc-hybrid system, greedy decoding) producing
// Universal Dependencies relations. Trained with an averaged perceptron and a dynamic oracle.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/conllu.h"
#include "dyad/status.h"

namespace dyad {

/// One word given to the parser: its form and part-of-speech tags (views must stay valid
/// during the call).
struct ParserWord {
  std::string_view form;  ///< surface form
  std::string_view upos;  ///< universal POS tag
  std::string_view xpos;  ///< Penn Treebank tag (may be empty; upos is used instead)
};

/// The parse of one sentence: for word i, heads[i] is the 0-based index of its head word
/// within the sentence (-1 for the root) and labels[i] its relation.
struct ParserOutput {
  std::vector<int> heads;            ///< head index per word, -1 for the root
  std::vector<std::string> labels;   ///< UD relation per word (with subtype, e.g. "nsubj:pass")
};

/// Settings for training a parser.
struct ParserTrainOptions {
  int epochs = 15;                 ///< passes over the training data
  uint64_t seed = 1;               ///< seed of the shuffling / exploration random generator
  int move_table_bits = 20;        ///< log2 of the number of hashed rows of the transition model
  int label_table_bits = 16;       ///< log2 of the number of hashed rows of the relation model
  double explore_probability = 0.9;  ///< chance of following the model's (possibly wrong) move
  int explore_from_epoch = 1;      ///< first epoch (0-based) that explores with the dynamic oracle
  /// Receives one progress line per epoch (may be empty).
  std::function<void(const std::string&)> log;
};

/// Counts of correctly attached words.
struct AttachmentScore {
  size_t words = 0;              ///< words scored
  size_t correct_heads = 0;      ///< words with the gold head
  size_t correct_labeled = 0;    ///< words with the gold head and the gold relation (with subtype)
  size_t correct_universal = 0;  ///< gold head and gold relation ignoring the subtype
  /// Unlabeled attachment score in percent.
  double Uas() const { return words ? 100.0 * correct_heads / words : 0.0; }
  /// Labeled attachment score in percent (full relation including subtype).
  double Las() const { return words ? 100.0 * correct_labeled / words : 0.0; }
  /// Labeled attachment score in percent, comparing universal relations only (as CoNLL 2018).
  double UniversalLas() const { return words ? 100.0 * correct_universal / words : 0.0; }
  /// Adds the comparison of `predicted` against the gold words of one sentence.
  void Add(const std::vector<ConlluWord>& gold, const ParserOutput& predicted);
};

class ParserModel;

/// A trained dependency parser. Immutable once built; Parse is thread-safe.
class DependencyParser {
 public:
  ~DependencyParser();
  DependencyParser(DependencyParser&&) noexcept;
  DependencyParser& operator=(DependencyParser&&) noexcept;

  /// Loads a model written by Save; rejects wrong, truncated or corrupt files.
  static Result<DependencyParser> Load(const std::string& path);
  /// Trains on `train` (non-projective trees are projectivized by lifting). When `dev` is
  /// non-empty, the weights of the epoch with the best dev LAS are kept.
  static Result<DependencyParser> Train(const std::vector<ConlluSentence>& train,
                                        const std::vector<ConlluSentence>& dev,
                                        const ParserTrainOptions& options);
  /// Writes the model to `path`.
  Status Save(const std::string& path) const;

  /// Parses one sentence. Always yields a tree: exactly one root, no cycles.
  void Parse(const std::vector<ParserWord>& words, ParserOutput& output) const;
  /// Parses every sentence of a treebank with the tags it carries and scores it.
  AttachmentScore Evaluate(const std::vector<ConlluSentence>& sentences) const;

 private:
  explicit DependencyParser(std::unique_ptr<ParserModel> model);
  std::unique_ptr<ParserModel> model_;
};

/// Gold words of `sentence` as parser input (form, UPOS, XPOS views into the sentence).
std::vector<ParserWord> ParserWordsOf(const ConlluSentence& sentence);

/// Lifts non-projective arcs of a tree (0-based heads, -1 for the root) until it is
/// projective; returns the number of arcs lifted.
size_t Projectivize(std::vector<int>& heads);

/// File name of the parser model inside the data directory ("models/parser.bin").
inline constexpr const char* kParserModelPath = "models/parser.bin";

}  // namespace dyad
