// Greedy left-to-right decoding of one sentence with a weight table (shared by tagging and
// by training, which tags held-out folds with intermediate models).
#pragma once

#include <cstdint>
#include <span>

#include "tag/feature_table.h"
#include "tag/features.h"

namespace dyad::tag_internal {

/// Tags the words of a sentence with `table`. `static_features` holds kStaticFeatureCount
/// hashes per word; `first_pass` is empty for a first pass, else the first pass's tags (the
/// table is then a second-pass table). Writes one tag per word to `out`.
void DecodeGreedy(const FeatureTableView& table, size_t num_tags, std::span<const WordInfo> words,
                  std::span<const uint64_t> static_features, std::span<const uint16_t> first_pass,
                  std::span<uint16_t> out);

}  // namespace dyad::tag_internal
