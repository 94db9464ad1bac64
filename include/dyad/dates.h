// Date expressions: recognition over tokens and normalisation against the document date.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"

namespace dyad {

/// A calendar date (proleptic Gregorian).
struct CivilDate {
  int year = 0;   ///< e.g. 2021
  int month = 0;  ///< 1..12
  int day = 0;    ///< 1..31
  /// Days since 1970-01-01 (negative before).
  int64_t DayNumber() const;
  /// The date `n` days later (earlier when negative).
  CivilDate AddDays(int64_t n) const;
  /// 0 = Monday ... 6 = Sunday.
  int Weekday() const;
  /// "YYYY-MM-DD".
  std::string Iso() const;
  /// Orders dates chronologically.
  auto operator<=>(const CivilDate&) const = default;
};

/// Parses "YYYY-MM-DD" (a real calendar date) or returns nullopt.
std::optional<CivilDate> ParseIsoDate(std::string_view text);

/// Number of days in `month` of `year`.
int DaysInMonth(int year, int month);

/// A date expression found over tokens [first_token, end_token).
struct DateMention {
  uint32_t first_token = 0;  ///< first token of the expression
  uint32_t end_token = 0;    ///< one past the last token
  std::string timex;         ///< TimeML TIMEX3 value: 2021-07-08, 2020-01, 2014, 1998-W02, 1998-Q3, 199X, PAST_REF...
  std::string value;         ///< dyad value: YYYY-MM-DD, YYYY-MM or YYYY; empty when vague
  std::string precision;     ///< day, week, month, year or none
  CivilDate first_day;       ///< first day of the period (the anchor date when vague)
  CivilDate last_day;        ///< last day of the period (the anchor date when vague)
  bool relative = false;     ///< the value depends on the anchor date
};

/// Finds date expressions in tokens [first, end) of `tokens` (one sentence), normalising
/// them against `anchor` (the document date). Expressions do not overlap; they are returned
/// in text order. Relative weekdays resolve to the most recent such day on or before the
/// anchor, or the next one when the sentence speaks of the future at that point.
std::vector<DateMention> FindDateMentions(const std::vector<Token>& tokens, uint32_t first, uint32_t end,
                                          const CivilDate& anchor);

/// Tokenizes `text` and finds its date expressions against `anchor` (convenience for tests,
/// the evaluator and the fuzzer).
std::vector<DateMention> FindDateMentionsInText(std::string_view text, const CivilDate& anchor,
                                                std::vector<Token>* tokens = nullptr);

/// Clause of each token of a sentence [first, end): 0 for the main clause, k > 0 for the k-th
/// adverbial/relative clause opened by a subordinator ("after", "when", "which", ...) and
/// closed by the next comma, semicolon or dash.
std::vector<int> ClauseIds(const std::vector<Token>& tokens, uint32_t first, uint32_t end);

/// Segment of each token of a sentence [first, end): a new segment starts after a comma,
/// semicolon, colon or dash and wherever the clause (ClauseIds) changes.
std::vector<int> SegmentIds(const std::vector<Token>& tokens, uint32_t first, uint32_t end);

/// True when the tokens carry a dependency parse (some token has a deprel).
bool HasSyntax(const Document& doc);

/// The predicate that governs token `t`: the nearest verb (upos VERB/AUX, or the root) on its
/// head chain, `t` itself when it is one; -1 without a parse.
int32_t GoverningPredicate(const Document& doc, uint32_t t);

/// Index of the token containing byte offset `byte` (the last token starting at or before it).
uint32_t TokenAt(const Document& doc, uint32_t byte);

}  // namespace dyad
