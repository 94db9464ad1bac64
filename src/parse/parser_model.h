// Internal: the weights and tables of a DependencyParser.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dyad {

/// Weights of the transition and relation models plus the relation candidate table.
class ParserModel {
 public:
  std::vector<std::string> labels;           ///< relation names, by id
  int root_label = 0;                        ///< id of "root"
  int move_bits = 0;                         ///< log2 of the transition-model row count
  int label_bits = 0;                        ///< log2 of the relation-model row count
  std::vector<int16_t> move_weights;         ///< rows of 4 quantized weights (SHIFT, LEFT, RIGHT, padding)
  std::vector<int16_t> label_weights;        ///< rows of 64 quantized weights (one per relation)
  std::vector<uint32_t> candidate_offsets;   ///< per candidate key: start in candidate_labels
  std::vector<uint16_t> candidate_labels;    ///< relation ids seen per key
  std::vector<uint16_t> all_left_labels;     ///< relations seen with the head to the right
  std::vector<uint16_t> all_right_labels;    ///< relations seen with the head to the left

  /// Sums the transition-model rows of `features` into scores[0..2].
  void ScoreMoves(const uint64_t* features, size_t count, int32_t* scores) const;
  /// The best of the relations [begin, end) for an arc with the given label-model features.
  int BestLabel(const uint64_t* features, size_t count, const uint16_t* begin, const uint16_t* end) const;
  /// The relations worth scoring for a dependent/head UPOS pair and direction.
  std::pair<const uint16_t*, const uint16_t*> Candidates(int dep_upos, int head_upos, bool head_right) const;
};

}  // namespace dyad
