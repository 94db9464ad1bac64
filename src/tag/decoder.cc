#include "tag/decoder.h"

#include <algorithm>
#include <vector>

namespace dyad::tag_internal {

void DecodeGreedy(const FeatureTableView& table, size_t num_tags, std::span<const WordInfo> words,
                  std::span<const uint64_t> static_features, std::span<const uint16_t> first_pass,
                  std::span<uint16_t> out) {
  thread_local std::vector<EntryRange> ranges;
  thread_local std::vector<int32_t> scores;
  const size_t n = words.size();
  // Find every tag-independent feature first, prefetching the slots of a word a few words
  // ahead and the entries as soon as a slot is found, so memory accesses overlap.
  constexpr size_t kPrefetchWords = 3;
  ranges.resize(static_features.size());
  for (size_t i = 0; i < n + kPrefetchWords; ++i) {
    if (i < n) {
      for (size_t f = 0; f < kStaticFeatureCount; ++f) table.PrefetchSlot(static_features[i * kStaticFeatureCount + f]);
    }
    if (i >= kPrefetchWords) {
      const size_t w = i - kPrefetchWords;
      for (size_t f = w * kStaticFeatureCount; f < (w + 1) * kStaticFeatureCount; ++f) {
        ranges[f] = table.Find(static_features[f]);
        table.PrefetchEntries(ranges[f]);
      }
    }
  }
  scores.assign(n * num_tags, 0);
  for (size_t i = 0; i < n; ++i) {
    int32_t* s = &scores[i * num_tags];
    for (size_t f = 0; f < kStaticFeatureCount; ++f) table.AddTo(ranges[i * kStaticFeatureCount + f], s);
  }
  uint32_t prev1 = kStartTag, prev2 = kStartTag;
  uint64_t dynamic[kDynamicFeatureCount + kRightFeatureCount];
  const size_t dynamic_count = kDynamicFeatureCount + (first_pass.empty() ? 0 : kRightFeatureCount);
  for (size_t i = 0; i < n; ++i) {
    int32_t* s = &scores[i * num_tags];
    DynamicFeatures(words, i, prev1, prev2, dynamic);
    if (!first_pass.empty()) RightFeatures(words, first_pass, i, prev1, dynamic + kDynamicFeatureCount);
    for (size_t f = 0; f < dynamic_count; ++f) table.AddTo(table.Find(dynamic[f]), s);
    const uint32_t best = static_cast<uint32_t>(std::max_element(s, s + num_tags) - s);
    out[i] = static_cast<uint16_t>(best);
    prev2 = prev1;
    prev1 = best;
  }
}

}  // namespace dyad::tag_internal
