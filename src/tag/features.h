// Feature extraction shared by tagger training and tagging: every feature is a 64-bit hash
// of a template id and the values it combines (word forms, affixes, shapes, previous tags).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dyad::tag_internal {

/// splitmix64 finaliser: a well-mixed 64-bit hash of `x`.
inline uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

/// Hash of the ordered pair (a, b).
inline uint64_t Combine(uint64_t a, uint64_t b) { return Mix(a * 0xFF51AFD7ED558CCDull ^ b); }

/// Hash of a byte string.
uint64_t HashString(std::string_view s);

/// ASCII-lowercased form with typographic quotes mapped to ASCII ones.
std::string NormalizedLower(std::string_view form);

/// Per-word hashes computed once per sentence.
struct WordInfo {
  uint64_t form = 0;       ///< exact form
  uint64_t lower = 0;      ///< normalised lowercase form
  uint64_t shape = 0;      ///< character-class shape (Xxxx, dd.dd, ...)
  uint64_t flags = 0;      ///< capitalisation, digits, hyphen, sentence-initial
  uint64_t prefix[3] = {};  ///< first 1..3 characters of the lowercase form
  uint64_t suffix[5] = {};  ///< last 1..5 characters of the lowercase form
  uint64_t tag_set = 0;     ///< hash of the tags the word had in training (0 when rare/unseen)
};

/// Tags each frequent training word was seen with: lowercase-form hash -> hash of its tag set.
struct TagLexiconView {
  std::span<const uint64_t> words;     ///< sorted hashes of lowercase forms
  std::span<const uint64_t> tag_sets;  ///< tag-set hash per word

  /// The tag-set hash of the word whose lowercase hash is `lower`, or 0.
  uint64_t Find(uint64_t lower) const;
};

/// Number of features that do not depend on predicted tags.
inline constexpr size_t kStaticFeatureCount = 32;
/// Number of features that depend on the previous two predicted tags.
inline constexpr size_t kDynamicFeatureCount = 8;
/// Number of second-pass features built from the first pass's tags of the current and next words.
inline constexpr size_t kRightFeatureCount = 6;
/// Tag index used for positions before the start of the sentence.
inline constexpr uint32_t kStartTag = 0xFFFF;
/// Tag index used for positions after the end of the sentence.
inline constexpr uint32_t kEndTag = 0xFFFE;

/// Computes the per-word hashes of a sentence; `lexicon` (may be null) supplies tag sets.
void DescribeWords(std::span<const std::string_view> words, const TagLexiconView* lexicon,
                   std::vector<WordInfo>* infos);

/// Writes the kStaticFeatureCount tag-independent features of word `i` to `out`.
void StaticFeatures(std::span<const WordInfo> words, size_t i, uint64_t* out);

/// Writes the kDynamicFeatureCount features of word `i` given the tags of the two
/// previous words (kStartTag before the sentence start) to `out`.
void DynamicFeatures(std::span<const WordInfo> words, size_t i, uint32_t prev1, uint32_t prev2,
                     uint64_t* out);

/// Writes the kRightFeatureCount second-pass features of word `i`: `first_pass` holds the
/// first pass's tag of every word of the sentence, `prev1` the second pass's previous tag.
void RightFeatures(std::span<const WordInfo> words, std::span<const uint16_t> first_pass, size_t i,
                   uint32_t prev1, uint64_t* out);

}  // namespace dyad::tag_internal
