// Evaluations beyond event codes: actor spans against BIO-tagged sentences (ConfliBERT CAMEO
// NER layout) and snippet classification into the CASE 2021 task 2 (ACLED-style) classes.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "dyad/document.h"
#include "dyad/eval_events.h"
#include "dyad/pipeline.h"
#include "dyad/status.h"

namespace dyad {

/// One BIO-tagged sentence: whitespace tokens and their tags (O, B-S, I-S, B-T, I-T, ...).
struct BioSentence {
  std::vector<std::string> tokens;  ///< tokens in order
  std::vector<std::string> tags;    ///< one tag per token
  size_t line = 0;                  ///< 1-based line of the first token in the file
};

/// Reads a two-column (token, tag) file; blank lines separate sentences.
Result<std::vector<BioSentence>> ReadBioFile(const std::string& path);
/// Parses BIO content; `name` is used in error messages.
Result<std::vector<BioSentence>> ParseBio(std::string_view content, const std::string& name);

/// A token span [first, end) with a role letter ('S' source, 'T' target).
struct RoleSpan {
  size_t first = 0;  ///< first token
  size_t end = 0;    ///< one past the last token
  char role = 'S';   ///< 'S' or 'T'
  bool operator==(const RoleSpan& other) const = default;
};

/// Gold spans of a BIO sentence for roles S and T (other roles are ignored).
std::vector<RoleSpan> GoldRoleSpans(const BioSentence& sentence);

/// Counts of one role at two strictness levels.
struct SpanCounts {
  LevelCounts exact;    ///< same token range
  LevelCounts overlap;  ///< at least one shared token (one-to-one)
};

/// Totals of an actor-span evaluation.
struct ActorSpanScores {
  SpanCounts source;        ///< role S
  SpanCounts target;        ///< role T
  size_t sentences = 0;     ///< sentences scored
  size_t pipeline_errors = 0;
};

/// Codes every sentence (tokens joined by spaces) with `pipeline` and compares the source and
/// target spans of the counted events with the gold S and T spans.
ActorSpanScores EvaluateActorSpans(const std::vector<BioSentence>& gold, const Pipeline& pipeline,
                                   const PredictionFilter& filter);
/// Scores one sentence's predicted spans against its gold spans (both roles).
void ScoreRoleSpans(const std::vector<RoleSpan>& gold, const std::vector<RoleSpan>& predicted,
                    ActorSpanScores* totals);
/// Readable table of `scores`.
std::string FormatActorSpanScores(const ActorSpanScores& scores);

/// One labelled snippet of the CASE 2021 task 2 file.
struct LabeledSnippet {
  std::string id;     ///< snippet id
  std::string text;   ///< the snippet
  std::string label;  ///< gold class
};

/// Reads the tab-separated CASE 2021 task 2 file (header `id EventSnippet SubType`).
Result<std::vector<LabeledSnippet>> ReadCase2021File(const std::string& path);

/// The CASE 2021 class of one coded event (documented table in docs/coder.md); "" when the
/// event maps to no class.
std::string Case2021Class(const Event& event);
/// The class of a coded snippet: the mapped class of its first counted event in text order
/// that has one; "OTHER" when none.
std::string ClassifySnippet(const Document& doc, const PredictionFilter& filter);

/// Per-class counts and averages of a classification run.
struct ClassificationScores {
  std::map<std::string, LevelCounts> classes;  ///< per gold or predicted class
  size_t snippets = 0;                         ///< snippets scored
  size_t correct = 0;                          ///< predicted class == gold class
  /// Micro-averaged F1 (single-label: equals accuracy).
  double MicroF1() const;
  /// Unweighted mean of per-class F1 over the classes that occur in the gold.
  double MacroF1() const;
};

/// Adds one (gold, predicted) pair to `scores`.
void AddClassification(const std::string& gold, const std::string& predicted, ClassificationScores* scores);
/// Readable table of `scores` (per class, then micro and macro F1).
std::string FormatClassificationScores(const ClassificationScores& scores);

}  // namespace dyad
