// Evaluation of date expressions against TimeML (TIMEX3 type DATE) annotations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dyad/status.h"

namespace dyad {

/// A TIMEX3-style span over a text: byte offsets and a TimeML value.
struct TimexSpan {
  uint32_t begin = 0;  ///< byte offset
  uint32_t end = 0;    ///< byte offset, exclusive
  std::string value;   ///< TimeML value, e.g. 1998-01-08, 1998-W02, PAST_REF
};

/// One TimeML document: its plain text, creation date and DATE expressions.
struct TimeMLDocument {
  std::string id;                ///< file name
  std::string text;              ///< the text of the <TEXT> element, tags removed
  std::string creation_date;     ///< YYYY-MM-DD of the CREATION_TIME TIMEX3
  std::vector<TimexSpan> dates;  ///< TIMEX3 type="DATE" inside <TEXT>
};

/// Reads a TimeML (.tml) file.
Result<TimeMLDocument> ReadTimeML(const std::string& path);

/// Counts accumulated over documents; the figures are derived from them.
struct DateEvalCounts {
  uint64_t gold = 0;             ///< gold DATE expressions
  uint64_t system = 0;           ///< system expressions
  uint64_t exact_gold = 0;       ///< gold spans matched exactly by a system span
  uint64_t exact_system = 0;     ///< system spans matching a gold span exactly
  uint64_t overlap_gold = 0;     ///< gold spans overlapped by a system span
  uint64_t overlap_system = 0;   ///< system spans overlapping a gold span
  uint64_t value_correct = 0;    ///< overlapped gold spans whose value the system got exactly right

  /// Adds the comparison of one document's system spans with its gold spans.
  void Add(const std::vector<TimexSpan>& gold_spans, const std::vector<TimexSpan>& system_spans);
  /// Exact-span precision, recall and F1.
  double ExactPrecision() const;
  double ExactRecall() const;   ///< exact-span recall
  double ExactF1() const;       ///< exact-span F1
  double OverlapPrecision() const;  ///< overlap precision
  double OverlapRecall() const;     ///< overlap recall
  double OverlapF1() const;         ///< overlap F1
  /// Value accuracy on the gold spans found (overlap).
  double ValueAccuracyFound() const;
  /// Value accuracy over all gold spans (a missed span counts as wrong).
  double ValueAccuracyEndToEnd() const;
};

}  // namespace dyad
