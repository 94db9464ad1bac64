// Feature extraction shared by NER training and tagging (internal).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "dyad/ner.h"

namespace dyad::ner {

/// Number of features every token gets from its words (one hashed row per template).
constexpr size_t kWordFeatures = 37;
/// Number of extra features per token when the model uses POS tags.
constexpr size_t kTagFeatures = 10;
/// Features per token for a model with or without POS-tag features.
constexpr size_t FeaturesPerToken(bool uses_tags) { return kWordFeatures + (uses_tags ? kTagFeatures : 0); }

/// Reusable buffers for feature extraction (one per thread).
struct FeatureScratch {
  std::vector<uint64_t> norm;       // lower-cased, digits → 0
  std::vector<uint64_t> word;       // exact form
  std::vector<uint64_t> shape;      // compressed character-class shape
  std::vector<uint64_t> affixes;    // 7 per token: prefixes 1-3, suffixes 1-4
  std::vector<uint8_t> length;      // length bucket
  std::vector<uint8_t> gazetteer;   // phrase match codes
  std::vector<uint8_t> lexicon;     // word-lexicon bits
  std::vector<uint64_t> tag;        // POS tag hashes
};

/// Writes FeaturesPerToken(uses_tags) weight-row indices per token of `words` into `rows`
/// (token-major), each < 2^hash_bits. `tags` holds one POS tag per word (or is empty: every
/// tag then counts as unknown) and is only read when `uses_tags`. Without `match_phrases`
/// the gazetteer's phrase matches are left out (its word lexicon still applies).
void ExtractFeatureRows(std::span<const std::string_view> words, std::span<const std::string_view> tags,
                        bool uses_tags, const NerGazetteer& gazetteer, uint32_t hash_bits,
                        FeatureScratch* scratch, std::vector<uint32_t>* rows, bool match_phrases = true);

/// Best label sequence under emission scores (tokens × labels, row-major) and transition
/// scores ((labels + 1) × labels, last row = sentence start; forbidden moves carry
/// kForbidden, see TransitionMask).
void ViterbiDecode(std::span<const float> emissions, std::span<const float> transitions, size_t labels,
                   size_t tokens, std::vector<int>* best);

/// Score added to transitions that BIO forbids.
constexpr float kForbidden = -1e30f;

/// 0 for allowed and kForbidden for forbidden transitions ((labels + 1) × labels, last row =
/// start): I-X (and L-X) may only follow B-X or I-X; with BILOU labels (some L-X present),
/// B-X and I-X must also be followed by I-X or L-X.
std::vector<float> TransitionMask(std::span<const std::string> labels);

}  // namespace dyad::ner
