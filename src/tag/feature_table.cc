#include "tag/feature_table.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace dyad::tag_internal {

namespace {

// Features with at least this share of all tags are stored densely.
constexpr size_t kDenseFraction = 4;

}  // namespace

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
// Built twice: with AVX2 (eight tags per step) where the CPU has it, else SSE2 (four).
__attribute__((target_clones("avx2", "default")))
#endif
void FeatureTableView::AddDense(const FeatureEntry* run, int32_t* scores) const {
  // An entry read as a little-endian 32-bit word is tag | weight << 16, so an arithmetic
  // shift right by 16 yields the sign-extended weight.
  using Lanes = int32_t __attribute__((vector_size(32)));
  static_assert(sizeof(FeatureEntry) == 4 && std::endian::native == std::endian::little);
  constexpr size_t kLanes = sizeof(Lanes) / sizeof(int32_t);
  size_t t = 0;
  for (; t + kLanes <= num_tags; t += kLanes) {
    Lanes packed, sum;
    std::memcpy(&packed, run + t, sizeof(packed));
    std::memcpy(&sum, scores + t, sizeof(sum));
    sum += packed >> 16;
    std::memcpy(scores + t, &sum, sizeof(sum));
  }
  for (; t < num_tags; ++t) scores[t] += run[t].weight;
}

bool FeatureTableView::Read(PayloadCursor& cursor, size_t tags) {
  num_tags = tags;
  size = cursor.Get<uint64_t>();
  slots = cursor.Array<FeatureSlot>();
  entries = cursor.Array<FeatureEntry>();
  if (!cursor.ok() || size == 0 || size > 0xFFFFFFFFull || slots.size() != size + 1 ||
      slots.back().begin != entries.size()) {
    return false;
  }
  bool has_empty_slot = false;
  for (size_t s = 0; s < size; ++s) {
    has_empty_slot |= slots[s].check == 0;
    if (slots[s].begin > slots[s + 1].begin) return false;
  }
  if (!has_empty_slot) return false;  // probing stops at an empty slot, so one must exist
  return std::all_of(entries.begin(), entries.end(), [&](const FeatureEntry& e) { return e.tag < tags; });
}

void WriteFeatureTable(const std::vector<FeatureWeights>& features, size_t num_tags, BinaryWriter& writer) {
  const uint64_t size = features.size() * 5 / 4 + 16;  // load factor at most 0.8
  std::vector<int64_t> owner(size, -1);
  for (size_t f = 0; f < features.size(); ++f) {
    uint64_t slot = HomeSlot(features[f].hash, size);
    while (owner[slot] >= 0) slot = slot + 1 == size ? 0 : slot + 1;
    owner[slot] = static_cast<int64_t>(f);
  }
  float max_weight = 0;
  for (const auto& f : features) {
    for (const auto& [tag, weight] : f.entries) max_weight = std::max(max_weight, std::fabs(weight));
  }
  // Scores are only compared within one table, so each table has its own scale.
  const float scale = 32767.0f / std::max(max_weight, 1e-6f);
  std::vector<FeatureSlot> slots(size + 1, FeatureSlot{0, 0});
  std::vector<FeatureEntry> entries;
  for (uint64_t slot = 0; slot < size; ++slot) {
    slots[slot].begin = static_cast<uint32_t>(entries.size());
    if (owner[slot] < 0) continue;
    const FeatureWeights& f = features[static_cast<size_t>(owner[slot])];
    slots[slot].check = FeatureCheck(f.hash);
    std::vector<FeatureEntry> run;
    for (const auto& [tag, weight] : f.entries) {
      const long q = std::lround(weight * scale);
      if (q != 0) run.push_back(FeatureEntry{tag, static_cast<int16_t>(q)});
    }
    if (run.size() * kDenseFraction >= num_tags || run.size() == num_tags) {
      std::vector<FeatureEntry> dense(num_tags);
      for (size_t t = 0; t < num_tags; ++t) dense[t] = FeatureEntry{static_cast<uint16_t>(t), 0};
      for (const auto& e : run) dense[e.tag] = e;
      run = std::move(dense);
    }
    entries.insert(entries.end(), run.begin(), run.end());
  }
  slots[size].begin = static_cast<uint32_t>(entries.size());
  writer.Put<uint64_t>(size);
  PutAlignedArray(writer, slots);
  PutAlignedArray(writer, entries);
}

}  // namespace dyad::tag_internal
