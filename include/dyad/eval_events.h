// Event-coding evaluation: gold-standard readers (PETRARCH validation XML, PLOVER GSR JSON),
// per-sentence multiset scoring at three levels, and the PETRARCH unit-test runner.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/pipeline.h"
#include "dyad/stage.h"
#include "dyad/status.h"

namespace dyad {

/// The two gold-standard file layouts `dyad eval events` understands.
enum class GoldFormat {
  kPetrXml,     ///< PETRARCH validation / unit-test XML (<Sentence>, <EventCoding>, <Text>)
  kPloverJson,  ///< PLOVER gold-standard JSON array (one record per coding)
};

/// Name used in output: "petr-xml" or "plover-json".
const char* GoldFormatName(GoldFormat format);

/// One gold coding, normalised for comparison (see NormalizeActorCode).
struct GoldEvent {
  std::string code;    ///< CAMEO code (PETR XML) or 2021 PLOVER type (PLOVER JSON)
  std::string mode;    ///< PLOVER mode, may be empty
  std::string source;  ///< normalised full source actor code; "---" when none
  std::string target;  ///< normalised full target actor code; "---" when none
};

/// One gold sentence with all of its codings.
struct GoldSentence {
  std::string id;                       ///< record id (first record's id for merged PLOVER texts)
  std::vector<std::string> record_ids;  ///< ids of all records coding this text
  std::string text;                     ///< the text to code (whitespace runs collapsed)
  std::string date;                     ///< YYYY-MM-DD, may be empty
  std::string category;                 ///< PETR category attribute, may be empty
  std::string expected_error;           ///< PETR unit tests: the `error` the record expects
  std::vector<GoldEvent> events;        ///< expected events (empty: no event expected)
  size_t line = 0;                      ///< 1-based line of the record in the gold file
};

/// A parsed gold file.
struct GoldSet {
  GoldFormat format = GoldFormat::kPetrXml;  ///< layout the file was read as
  std::string name;                          ///< file name, for messages
  std::vector<GoldSentence> sentences;       ///< sentences in file order
  /// PETR XML <Environment> entries (Verbfile, Actorfile, Agentfile, Discardfile, Include, ...).
  std::map<std::string, std::string> environment;
  size_t skipped_records = 0;  ///< records left out: evaluate="false" or category not in <Include>
};

/// The layout of gold content, judged from its first non-blank character.
Result<GoldFormat> DetectGoldFormat(std::string_view content);
/// Parses gold content of either layout; `name` is used in error messages.
Result<GoldSet> ParseGold(std::string_view content, const std::string& name);
/// Reads and parses a gold file.
Result<GoldSet> ReadGoldFile(const std::string& path);

/// A gold date as YYYY-MM-DD. Accepts YYYY-MM-DD, YYYYMMDD and YYMMDD (121108 → 2012-11-08;
/// two-digit years below 70 are 20xx). An empty input gives an empty date.
Result<std::string> NormalizeGoldDate(std::string_view raw);

/// Current ISO 3166 alpha-3 code for a legacy country code (JAP → JPN, YUG/SCG → SRB, ...);
/// any other code is returned unchanged. The table is documented in docs/evalharness.md.
std::string LegacyCountryToIso3(std::string_view code);

/// The 2021 PLOVER name for a 2016 draft event name (DEMAND → REQUEST, DISAPPROVE → ACCUSE,
/// INVESTIGATE → ACCUSE, FIGHT → ASSAULT); other names are returned upper-cased. When the
/// draft name implies a mode (INVESTIGATE → mode "investigate"), `*mode` is set to it.
std::string PloverCurrentName(std::string_view draft_name, std::string* mode);

/// Comparable form of an actor code: trimmed, upper-cased, legacy country prefix mapped to
/// ISO3; an empty code becomes "---" (no actor).
std::string NormalizeActorCode(std::string_view code);

/// Country part of a normalised actor code: its first three characters, "---" for codes
/// without a country or without an actor.
std::string ActorCountry(std::string_view normalized_code);

/// Normalised full code of a predicted actor: its code, with the three-letter country prefix
/// replaced by EventActor::country when that is set (the coder's ISO3 resolution). A code with
/// no resolved country that starts with a CAMEO role/sector/religion code ("GOV", "REB", "MUS")
/// is written "---" + code (PETRARCH's "no country"); "---" when there is neither code nor country.
std::string PredictedActorCode(const EventActor& actor);

/// A normalised actor code in the PLOVER gold's form: international actors (IGO, NGO, IMG, MNC)
/// keep their primary code and role codes only (IGOUNOMIL → IGOMIL), since the PLOVER actor
/// schema has no organisation field; other codes are returned unchanged.
std::string PloverActorCode(std::string_view normalized_code);

/// One event reduced to the fields that are scored.
struct ScoredEvent {
  std::string type;    ///< CAMEO root (2 digits) for PETR gold, PLOVER type for PLOVER gold
  std::string code;    ///< full CAMEO code for PETR gold, PLOVER type for PLOVER gold
  std::string source;  ///< normalised full source actor code ("---" when none)
  std::string target;  ///< normalised full target actor code ("---" when none)
};

/// The three scoring levels.
enum class ScoreLevel { kType = 0, kDyad = 1, kFull = 2 };
/// Number of scoring levels.
inline constexpr size_t kScoreLevels = 3;
/// Name of a level: "type", "dyad" or "full".
const char* ScoreLevelName(ScoreLevel level);
/// The comparison key of `event` at `level` (type; type+countries; code+full actor codes).
std::string ScoreKey(const ScoredEvent& event, ScoreLevel level);

/// The scored form of a gold event for `format`.
ScoredEvent ScoredGoldEvent(const GoldEvent& event, GoldFormat format);

/// Which predicted events count as claims.
struct PredictionFilter {
  bool include_negated = false;   ///< keep events whose aux has "negation"
  bool include_comments = false;  ///< keep events from reader-comment segments
};

/// True when `event` of `doc` passes `filter`.
bool CountsAsPrediction(const Document& doc, const Event& event, const PredictionFilter& filter);

/// The scored predictions of a coded document: one per (source, target) pair of every event
/// that passes `filter`. For PLOVER gold, events without a PLOVER type are left out and actor
/// codes are reduced with PloverActorCode.
std::vector<ScoredEvent> ScoredPredictions(const Document& doc, GoldFormat format,
                                           const PredictionFilter& filter);

/// True/false positive and false negative counts.
struct LevelCounts {
  size_t tp = 0;  ///< matched predictions
  size_t fp = 0;  ///< unmatched predictions
  size_t fn = 0;  ///< unmatched gold events
  /// tp / (tp + fp); 0 when nothing was predicted.
  double Precision() const;
  /// tp / (tp + fn); 0 when there is no gold event.
  double Recall() const;
  /// Harmonic mean of precision and recall; 0 when both are 0.
  double F1() const;
  /// Adds another count.
  LevelCounts& operator+=(const LevelCounts& other);
};

/// Counts of one sentence (or a sum of sentences) at every level.
using LevelScores = std::array<LevelCounts, kScoreLevels>;

/// Multiset matching of one sentence's predictions against its gold events at every level:
/// each gold event is matched at most once.
LevelScores ScoreSentence(const std::vector<ScoredEvent>& gold,
                          const std::vector<ScoredEvent>& predicted);

/// Micro-averaged totals of an evaluation.
struct EventScores {
  LevelScores levels;            ///< summed counts per level
  size_t sentences = 0;          ///< gold sentences scored
  size_t gold_events = 0;        ///< gold events (after actor-pair expansion)
  size_t predicted_events = 0;   ///< predictions counted
  size_t pipeline_errors = 0;    ///< sentences the pipeline failed on (scored as no prediction)
  size_t unmapped_gold_events = 0;  ///< gold events left out because cameo_type mapped them to ""
};

/// Readable table of `scores` (rows type/dyad/full; P, R, F1, TP, FP, FN).
std::string FormatScoresTable(const EventScores& scores);
/// JSON object {"type":{precision,recall,f1,tp,fp,fn},"dyad":{..},"full":{..},...},
/// fractions rounded to 4 decimals.
std::string FormatScoresJson(const EventScores& scores);

/// Options of EvaluateEvents.
struct EvalEventsOptions {
  PredictionFilter filter;         ///< which predictions count
  std::ostream* errors = nullptr;  ///< when set, one JSON line per sentence (gold vs predicted)
  std::ostream* log = nullptr;     ///< when set, pipeline failures are reported here
  /// For CAMEO (PETR XML) gold only: when set, the event type of gold and predicted events is
  /// this function of the CAMEO code (e.g. the coder's CAMEO → PLOVER table) instead of the
  /// CAMEO root; events whose mapped type is empty are left out on both sides.
  std::function<std::string(const std::string&)> cameo_type;
};

/// Codes every gold sentence with `pipeline` (document date from the gold record) and scores it.
EventScores EvaluateEvents(const GoldSet& gold, const Pipeline& pipeline,
                           const EvalEventsOptions& options);

/// Fills the user-dictionary fields of `config` from a PETR file's <Environment> (Verbfile,
/// Actorfile, Agentfile, Discardfile; comma-separated lists allowed), resolved against
/// `dict_dir`, and sets replace_dictionaries. Fails when a listed file does not exist.
Status ConfigurePetrDictionaries(const GoldSet& gold, const std::string& dict_dir,
                                 StageConfig& config);

/// The outcome of one PETRARCH unit-test record.
struct UnitTestOutcome {
  std::string id;                     ///< record id
  std::string category;               ///< record category
  std::string text;                   ///< record text
  std::vector<std::string> expected;  ///< sorted "source target code" triples
  std::vector<std::string> coded;     ///< sorted triples dyad produced
  bool passed = false;                ///< expected == coded (as sets)
  bool skipped = false;               ///< not applicable to a text coder (see skip_reason)
  std::string skip_reason;            ///< why the record was skipped
  std::string pipeline_error;         ///< the pipeline's error, when it failed on the record
};

/// Pass counts of one category.
struct UnitTestTally {
  size_t records = 0;  ///< records scored (not skipped)
  size_t passed = 0;   ///< records whose triples matched exactly
  size_t skipped = 0;  ///< records skipped
};

/// The result of a unit-test run.
struct UnitTestReport {
  std::vector<UnitTestOutcome> outcomes;           ///< one per record, file order
  std::map<std::string, UnitTestTally> categories;  ///< per category ("" when none)
  UnitTestTally total;                              ///< all records
};

/// Codes each unit-test record with `pipeline` and compares the set of (source, target, code)
/// triples with the expected codings. Records expecting a parse-tree error
/// (error="bad_input_parse") are skipped; other error records expect no event.
UnitTestReport RunPetrUnitTests(const GoldSet& gold, const Pipeline& pipeline,
                                const PredictionFilter& filter);

/// Readable summary (per category), with every failure listed when `verbose`.
std::string FormatUnitTestReport(const UnitTestReport& report, bool verbose);
/// JSON summary {"total":{..},"categories":{..}}, plus "failures":[..] when `verbose`.
std::string FormatUnitTestJson(const UnitTestReport& report, bool verbose);

}  // namespace dyad
