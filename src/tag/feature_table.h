// The perceptron weights: an open-addressing hash table from feature hash to a run of
// (tag, quantised weight) entries, stored as flat arrays used in place from the model file.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "dyad/binary_format.h"
#include "tag/model_io.h"

namespace dyad::tag_internal {

/// The 32-bit check value stored for feature `hash` (never 0, which marks an empty slot).
inline uint32_t FeatureCheck(uint64_t hash) {
  const uint32_t check = static_cast<uint32_t>(hash >> 32);
  return check == 0 ? 1 : check;
}

/// The first slot probed for `hash` in a table of `size` slots (from the low 32 bits, which
/// the check value does not use).
inline uint64_t HomeSlot(uint64_t hash, uint64_t size) { return ((hash & 0xFFFFFFFFull) * size) >> 32; }

/// One hash-table slot: the feature's check value and where its entries start (the next
/// slot's `begin` is where they end).
struct FeatureSlot {
  uint32_t check;  ///< FeatureCheck of the feature, 0 when the slot is empty
  uint32_t begin;  ///< index of the first entry
};

/// One weight: a tag and its weight in units of the table's scale.
struct FeatureEntry {
  uint16_t tag;    ///< joint tag index
  int16_t weight;  ///< quantised weight
};

/// A run of entries found for one feature.
struct EntryRange {
  uint32_t begin = 0;  ///< first entry
  uint32_t end = 0;    ///< one past the last entry
};

/// Read-only view of the weight table. A feature with weights for most tags stores one entry
/// per tag in tag order (a dense run of exactly num_tags entries), added with vector code.
struct FeatureTableView {
  size_t num_tags = 0;                   ///< number of joint tags
  uint64_t size = 0;                     ///< number of hash slots
  std::span<const FeatureSlot> slots;    ///< size + 1 slots; the last one only closes the range
  std::span<const FeatureEntry> entries; ///< all entries, slot by slot

  /// The entries of feature `hash` (empty when absent).
  EntryRange Find(uint64_t hash) const {
    const uint32_t check = FeatureCheck(hash);
    for (uint64_t slot = HomeSlot(hash, size);; slot = slot + 1 == size ? 0 : slot + 1) {
      const FeatureSlot& s = slots[slot];
      if (s.check == check) return EntryRange{s.begin, slots[slot + 1].begin};
      if (s.check == 0) return EntryRange{};
    }
  }
  /// Adds the entries in `range` to `scores`.
  void AddTo(EntryRange range, int32_t* scores) const {
    if (range.end - range.begin == num_tags) {
      AddDense(&entries[range.begin], scores);
      return;
    }
    for (uint32_t e = range.begin; e < range.end; ++e) scores[entries[e].tag] += entries[e].weight;
  }
  /// Adds a dense run (entry t holds tag t) to `scores`.
  void AddDense(const FeatureEntry* run, int32_t* scores) const;
  /// Hints the CPU to fetch the slot of `hash`.
  void PrefetchSlot(uint64_t hash) const { __builtin_prefetch(&slots[HomeSlot(hash, size)]); }
  /// Hints the CPU to fetch the first entries of `range`.
  void PrefetchEntries(EntryRange range) const {
    if (range.begin < range.end) __builtin_prefetch(&entries[range.begin]);
  }

  /// Reads the table from `cursor`; false when the arrays are inconsistent.
  bool Read(PayloadCursor& cursor, size_t num_tags);
};

/// One feature's non-zero weights, used when writing a table.
struct FeatureWeights {
  uint64_t hash = 0;                                ///< feature hash
  std::vector<std::pair<uint16_t, float>> entries;  ///< (tag, weight), sorted by tag
};

/// Writes a table holding `features` (whose hashes must be distinct) over `num_tags` tags,
/// with weights quantised to 16 bits, to `writer`.
void WriteFeatureTable(const std::vector<FeatureWeights>& features, size_t num_tags, BinaryWriter& writer);

}  // namespace dyad::tag_internal
