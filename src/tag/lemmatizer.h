// Lemmatizer: a lexicon learned from the treebank, (form, XPOS) -> edit rule, plus
// inflection rules for unseen words that prefer candidates already known as lemmas.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/binary_format.h"
#include "tag/model_io.h"

namespace dyad::tag_internal {

/// A way of turning a form into its lemma: optionally lowercase, drop `strip` bytes from the
/// end, then append `append`.
struct LemmaRule {
  bool lowercase = false;  ///< ASCII-lowercase the form first
  uint32_t strip = 0;      ///< bytes removed from the end
  std::string append;      ///< text appended after stripping
};

/// The rule that turns `form` into `lemma` with the fewest stripped bytes.
LemmaRule DeriveLemmaRule(std::string_view form, std::string_view lemma);
/// Applies `rule` to `form`; false when the form is too short for it.
bool ApplyLemmaRule(const LemmaRule& rule, std::string_view form, std::string* lemma);

/// Lemma of a word not in the lexicon, from regular English inflection: the first candidate
/// for which `known` is true, else the most plausible candidate.
std::string GuessLemma(std::string_view form, std::string_view upos, std::string_view xpos,
                       const std::function<bool(std::string_view)>& known);

/// Collects (form, XPOS, lemma) triples from training data and writes the lexicon.
class LemmatizerBuilder {
 public:
  /// Records one treebank word.
  void Add(std::string_view form, std::string_view xpos, std::string_view lemma);
  /// Writes rules, lexicon and known lemmas to `writer`.
  void Write(BinaryWriter& writer) const;

 private:
  void Count(uint64_t key, const LemmaRule& rule);
  std::map<uint64_t, std::map<std::string, uint32_t>> rule_counts_;  // key -> encoded rule -> count
  std::set<uint64_t> known_lemmas_;  // hashes of lemmas (as written and lowercased)
};

/// Read-only lemmatizer over the model payload.
struct LemmatizerView {
  std::vector<LemmaRule> rules;            ///< edit rules, indexed by rule_of_key values
  std::span<const uint64_t> keys;          ///< sorted lexicon keys: hash of (form, XPOS)
  std::span<const uint16_t> rule_of_key;   ///< rule index per key
  std::span<const uint64_t> known_lemmas;  ///< sorted hashes of lemmas seen in training

  /// Reads the lemmatizer from `cursor`; false when inconsistent.
  bool Read(PayloadCursor& cursor);
  /// The lemma of `form` tagged (upos, xpos).
  std::string Lemmatize(std::string_view form, std::string_view upos, std::string_view xpos) const;
};

}  // namespace dyad::tag_internal
