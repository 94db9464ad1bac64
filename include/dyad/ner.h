// Named-entity recognition: IOB2 data, a name gazetteer, and a hashed-feature structured
// perceptron with Viterbi decoding over BIO labels (types PER, ORG, LOC, MISC).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/binary_format.h"
#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

class Tagger;

/// One sentence of named-entity data: words and their IOB2 tags ("O", "B-PER", "I-PER", ...).
struct NerSentence {
  std::vector<std::string> words;  ///< token forms
  std::vector<std::string> tags;   ///< one IOB2 tag per word
  uint32_t document = 0;           ///< index of the sentence's document in its file ("# newdoc", -DOCSTART-)
};

/// The dyad entity type for a source type name: PER/person → PER; ORG/organization/group/
/// corporation → ORG; LOC/location/GPE → LOC; MISC/creative-work/product → MISC.
/// Empty when the name is unknown.
std::string CanonicalEntityType(std::string_view type);

/// Options for reading IOB files.
struct IobReadOptions {
  std::vector<std::string> drop_types;  ///< canonical types turned into O (e.g. "MISC")
};

/// Reads IOB data from `in`; `name` labels messages ("file:line: ..."). Accepts UNER-style
/// lines (ID, word, tag, ...), two-column CoNLL lines (word tag, tab or space separated),
/// '#' comments, -DOCSTART- lines, and blank lines between sentences. Types are mapped with
/// CanonicalEntityType and tags repaired to IOB2 (an I- that does not continue an entity of
/// its type starts one), so IOB1 input reads correctly.
Result<std::vector<NerSentence>> ParseIob(std::istream& in, const std::string& name,
                                          const IobReadOptions& options = {});

/// Reads an IOB file (see ParseIob).
Result<std::vector<NerSentence>> ReadIob(const std::string& path, const IobReadOptions& options = {});

/// Entity spans encoded by a tag sequence. A stray I-X (after O or another type) starts a
/// new entity; an unknown tag counts as O.
std::vector<Entity> DecodeBioSpans(std::span<const std::string> tags);

/// Per-type bit flags of gazetteer names.
enum NerTypeBit : uint8_t { kNerPer = 1, kNerOrg = 2, kNerLoc = 4, kNerMisc = 8 };

/// A compact, hashed list of names (multiword phrases → entity type bits) plus a word
/// lexicon derived from them (which words start/end person names, occur in organisation
/// names, ...). Names are matched case-insensitively over token sequences.
class NerGazetteer {
 public:
  /// Longest name, in tokens, that is stored.
  static constexpr size_t kMaxNameTokens = 8;
  /// Word-lexicon bits returned by WordBits().
  enum WordBit : uint8_t {
    kPersonFirst = 1,   ///< first word of a multiword person name
    kPersonLast = 2,    ///< last word of a multiword person name
    kOrgWord = 4,       ///< occurs in at least two organisation names
    kOrgLast = 8,       ///< ends at least three organisation names ("Forces", "Brigades")
    kLocWord = 16,      ///< occurs in place names
    kCommonWord = 32,   ///< a lower-case word of a spelling word list
    kProperOnly = 64,   ///< only capitalised in a spelling word list (a proper noun)
  };

  /// Adds one name with its type bits. Words are split on spaces and underscores; hyphens
  /// and a possessive 's become tokens of their own, parenthesised parts are dropped.
  void AddName(std::string_view name, uint8_t type_bits);
  /// Adds the names of a source given as FORMAT:PATH, where FORMAT is one of
  /// phoenix (Phoenix/TABARI actor file: people → PER, institutions → ORG),
  /// phoenix-orgs (every name → ORG, e.g. the MilNonState armed groups),
  /// geonames-cities, geonames-countries, geonames-admin1 (→ LOC),
  /// names-PER, names-ORG, names-LOC, names-MISC (one name per line),
  /// wordlist (a spelling word list such as /usr/share/dict/american-english: marks
  /// common lower-case words and words that only occur capitalised).
  Status AddSource(const std::string& spec);
  /// Names added so far (as tokens) whose type bits include `type_bit`; empty after Build().
  std::vector<std::vector<std::string>> PendingNames(uint8_t type_bit) const;
  /// Compiles the added names into the lookup tables (call once after the Add* calls).
  void Build();
  /// Number of distinct names.
  size_t size() const { return name_count_; }

  /// Type bits of a whole name given as space-separated tokens (0 when absent).
  uint8_t PhraseTypes(std::string_view phrase) const;
  /// Per-token match codes for a sentence given token hashes (see NerTokenHash):
  /// leftmost-longest matching; code = type_bits * 8 + position (1 begin, 2 inside,
  /// 3 last, 4 single-token); 0 = no match.
  void MatchPhrases(std::span<const uint64_t> token_hashes, std::vector<uint8_t>* codes) const;
  /// Word-lexicon bits of one token hash.
  uint8_t WordBits(uint64_t token_hash) const;

  /// Appends the compiled tables to `writer`.
  void Write(BinaryWriter* writer) const;
  /// Reads tables written by Write.
  static Result<NerGazetteer> Read(BinaryReader* reader);

 private:
  std::vector<std::vector<std::string>> pending_names_;
  std::vector<uint8_t> pending_types_;
  std::map<uint64_t, uint8_t> pending_word_bits_;
  std::vector<uint64_t> phrase_table_;  // open addressing: (fingerprint << 8) | bits, 0 empty
  std::vector<uint64_t> word_table_;
  uint64_t name_count_ = 0;
};

/// Hash of a token as the NER features and gazetteer see it (lower-cased, digits → 0).
uint64_t NerTokenHash(std::string_view token);

/// A trained recogniser. Immutable after loading; Tag may be called from many threads.
class NerModel {
 public:
  /// Loads a model file written by Save.
  static Result<NerModel> Load(const std::string& path);
  /// Writes the model (with its gazetteer) to `path`.
  Status Save(const std::string& path) const;

  /// IOB2 tags for one sentence of tokens. `pos` holds one Penn Treebank (XPOS) tag per
  /// word; it is read only when uses_tags() (and may then be empty, at some loss of accuracy).
  std::vector<std::string> TagSentence(std::span<const std::string_view> words,
                                       std::span<const std::string_view> pos = {}) const;
  /// Entity spans (token indices relative to the sentence) for one sentence (see TagSentence).
  std::vector<Entity> Recognize(std::span<const std::string_view> words,
                                std::span<const std::string_view> pos = {}) const;
  /// Whether the model was trained with POS-tag features (and so wants tagged tokens).
  bool uses_tags() const { return uses_tags_; }

  /// The labels the model predicts: BIO ("O", "B-PER", "I-PER", ...) or BILOU (also "L-PER",
  /// "U-PER"); TagSentence always returns BIO.
  const std::vector<std::string>& labels() const { return labels_; }
  /// Number of rows of the hashed weight table.
  size_t weight_rows() const { return size_t{1} << hash_bits_; }
  /// The gazetteer compiled into the model.
  const NerGazetteer& gazetteer() const { return gazetteer_; }

 private:
  friend class NerTrainer;
  void PredictLabels(std::span<const std::string_view> words, std::span<const std::string_view> pos,
                     std::vector<int>* out) const;

  std::vector<std::string> labels_;
  uint32_t hash_bits_ = 0;
  bool uses_tags_ = false;
  float weight_scale_ = 1;            // emission weight = stored int16 * scale
  std::vector<int16_t> emissions_;     // rows × labels
  std::vector<float> transitions_;     // (labels + 1) × labels; last row = sentence start
  NerGazetteer gazetteer_;
};

/// Training settings.
struct NerTrainOptions {
  int epochs = 12;          ///< passes over the training data
  uint64_t seed = 1;        ///< shuffling seed (training is deterministic given the seed)
  uint32_t hash_bits = 19;  ///< log2 of the number of weight rows
  uint32_t ensemble = 1;           ///< perceptrons trained with different shuffles, weights averaged
  uint32_t replace_percent = 0;    ///< adds copies of this share of sentences with their entities
                                   ///< replaced by random replacement names of the same type
  uint32_t lowercase_percent = 0;  ///< adds lower-cased copies of this share of training sentences
  bool bilou = false;              ///< predict BILOU labels (begin/inside/last/unit) instead of BIO
};

/// Trains averaged structured perceptrons. Each member of the ensemble keeps the epoch
/// that scores best on the development data (F1), when given; the shipped weights are the
/// members' mean.
class NerTrainer {
 public:
  /// Prepares training on `train`; `dev` may be empty.
  NerTrainer(std::vector<NerSentence> train, std::vector<NerSentence> dev, NerGazetteer gazetteer,
             NerTrainOptions options);
  /// Names (as tokens) by entity type ("PER", "ORG", ...) used for replacement copies; those
  /// copies are featurised without gazetteer phrase matches so that the word-level cues of
  /// names (e.g. "Forces", "Brigades") are learned too.
  void SetReplacementNames(std::map<std::string, std::vector<std::vector<std::string>>> names) {
    replacement_names_ = std::move(names);
  }
  /// Trains a model with POS-tag features: every training and development sentence (and
  /// every augmented copy) is tagged with `tagger`, as the pipeline's "tag" stage would.
  void SetTagger(std::shared_ptr<const Tagger> tagger) { tagger_ = std::move(tagger); }
  /// Jackknifed tags for training: training sentences (and their augmented copies) are tagged
  /// by fold_taggers[NerTaggerFold(words, K)] instead, where tagger k was trained without the
  /// treebank sentences of fold k, so that training sees tags as noisy as at run time.
  /// SetTagger's tagger still tags the development data.
  void SetFoldTaggers(std::vector<std::shared_ptr<const Tagger>> taggers) { fold_taggers_ = std::move(taggers); }
  /// Runs training, writing one progress line per epoch to `log` (may be null).
  Result<NerModel> Train(std::ostream* log);

 private:
  std::map<std::string, std::vector<std::vector<std::string>>> replacement_names_;
  std::shared_ptr<const Tagger> tagger_;
  std::vector<std::shared_ptr<const Tagger>> fold_taggers_;
  std::vector<NerSentence> train_, dev_;
  NerGazetteer gazetteer_;
  NerTrainOptions options_;
};

/// Exact-match span scores.
struct NerCounts {
  uint64_t true_positives = 0;   ///< predicted spans with the gold boundaries and type
  uint64_t false_positives = 0;  ///< other predicted spans
  uint64_t false_negatives = 0;  ///< gold spans not predicted
  /// Precision in percent.
  double Precision() const;
  /// Recall in percent.
  double Recall() const;
  /// F1 in percent.
  double F1() const;
};

/// Overall and per-type span scores.
struct NerScores {
  NerCounts overall;                       ///< micro-averaged over all types
  std::map<std::string, NerCounts> per_type;  ///< by entity type
  uint64_t tokens = 0;                     ///< tokens scored
  /// Adds one sentence's gold and predicted spans.
  void Add(std::span<const Entity> gold, std::span<const Entity> predicted);
};

/// How EvaluateNer applies document-level consistency (HarmonizeDocumentEntities).
enum class NerDocumentMode { kOff, kRetype, kPropagate };

/// Scores `model` against gold sentences. A model that uses POS tags gets them from `tagger`
/// (when null, it runs without tags). Sentences of one document (NerSentence::document,
/// consecutive) are harmonised per `document_mode`.
NerScores EvaluateNer(const NerModel& model, std::span<const NerSentence> gold, const Tagger* tagger = nullptr,
                      NerDocumentMode document_mode = NerDocumentMode::kOff);

/// Document-level consistency of recognised entities. `words` and `entities` hold the
/// sentences of one document (entity tokens relative to their sentence). Every mention of a
/// word sequence recognised as an entity takes the type most of its mentions have (ties keep
/// their own); with `propagate`, untagged occurrences of a multiword or capitalised entity
/// string elsewhere in the document become mentions too, and so does the capitalised last
/// word of a multiword person name ("Smith" after "John Smith") when it is not an entity
/// string of its own.
void HarmonizeDocumentEntities(std::span<const std::vector<std::string_view>> words,
                               std::span<std::vector<Entity>> entities, bool propagate);

/// Jackknife fold (0..folds-1) of a sentence: (word count + total bytes of the words) mod folds.
/// scripts/models/ner.sh splits the treebank with the same formula.
size_t NerTaggerFold(std::span<const std::string> words, size_t folds);

/// XPOS tags that `tagger` assigns to `words` (views into the tagger's model).
void NerPosTags(const Tagger& tagger, std::span<const std::string_view> words, std::vector<std::string_view>* pos);

}  // namespace dyad
