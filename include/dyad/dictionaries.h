// TABARI/PETRARCH dictionaries: readers for the text formats (actors, agents, verbs, discards),
// the CAMEO → PLOVER / quad class / Goldstein table, and the compiled binary form used by the
// "actors" and "events" stages.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/binary_format.h"
#include "dyad/status.h"

namespace dyad {

/// Where a dictionary entry was read from: file name (no directory) and 1-based line.
struct SourceLine {
  std::string file;  ///< base name of the dictionary file
  uint32_t line = 0; ///< 1-based line number
};

/// An actor code valid between two dates (YYYYMMDD integers; 0 = open-ended).
struct DatedCode {
  std::string code;   ///< e.g. "IRQGOV"; "---" means "no code"
  int32_t from = 0;   ///< first day the code applies, 0 = always
  int32_t to = 0;     ///< last day the code applies, 0 = always
};

/// A phrase of lower-cased words, as matched against tokens.
struct Phrase {
  std::vector<std::string> words;  ///< lower-cased words, in order
  bool stem_last = false;          ///< last word may match as a prefix (no trailing '_' in the source)
};

/// One actor name (primary or '+' synonym) with the codes of its entry.
struct ActorEntry {
  Phrase phrase;                  ///< the name
  std::vector<DatedCode> codes;   ///< codes, possibly date-bounded
  SourceLine source;              ///< where the name was read
  std::string name;               ///< the name as written, e.g. "IRAQ_"
};

/// One agent noun, e.g. "PRESIDENT [~GOV]", with its plural forms already expanded.
struct AgentEntry {
  Phrase phrase;          ///< the noun phrase
  std::string code;       ///< "~GOV" (appended to the actor) or "NGO~" (prepended)
  SourceLine source;      ///< where it was read
  std::string name;       ///< as written
};

/// One discard phrase: a sentence (or, with `story`, a whole document) containing it is not coded.
struct DiscardEntry {
  Phrase phrase;       ///< the phrase
  bool story = false;  ///< '+' entries discard the whole document
  SourceLine source;   ///< where it was read
};

/// Kinds of element in a verb pattern.
enum class PatternElementKind : uint8_t {
  kWord,      ///< a literal word
  kSynset,    ///< a synonym set reference (&NAME)
  kSource,    ///< '$': the source actor is here
  kTarget,    ///< '+': the target actor is here
  kCompound,  ///< '%': source and target are the members of a compound actor here
  kSkip,      ///< '^': skip one noun phrase
};

/// One element of a verb pattern.
struct PatternElement {
  PatternElementKind kind = PatternElementKind::kWord;
  std::string text;        ///< lower-cased word or synset name (without '&')
  bool exact = false;      ///< word ended in '_': no inflected forms
  bool joined = false;     ///< must directly follow the previous element ('_' between them)
};

/// One pattern "- before * after [code]" of a verb block.
struct VerbPattern {
  std::vector<PatternElement> before;  ///< elements before the verb, in text order
  std::vector<PatternElement> after;   ///< elements after the verb, in text order
  bool verb_joined = false;            ///< the verb directly follows the last `before` element
  std::string code;                    ///< CAMEO code source → target ("" or "---" = none)
  std::string reciprocal;              ///< CAMEO code target → source ("[a:b]" form), may be empty
  SourceLine source;                   ///< where the pattern was read
  std::string text;                    ///< the pattern as written (for evidence)
};

/// One verb (possibly multi-word) with all its inflected forms.
struct VerbEntry {
  std::string lemma;                          ///< e.g. "FIRE" or "+BLOW_UP"
  std::vector<std::vector<std::string>> forms;///< each form: lower-cased words
  std::vector<uint32_t> verb_word;            ///< per form: index of the verb word in it
  std::string code;                           ///< code override ("" = the block's code)
  std::string reciprocal;                     ///< reciprocal override
  SourceLine source;                          ///< where it was read
};

/// A block "--- NAME [code] ---": verbs sharing a default code and a list of patterns.
struct VerbBlock {
  std::string name;                   ///< block name
  std::string code;                   ///< default code ("---" = no event without a pattern)
  std::string reciprocal;             ///< default reciprocal code
  std::vector<VerbEntry> verbs;       ///< the verbs
  std::vector<VerbPattern> patterns;  ///< the patterns
  SourceLine source;                  ///< the block header line
};

/// A whole verb dictionary: synonym sets and verb blocks.
struct VerbDictionary {
  /// Synset name (upper case, without '&', trailing '_' kept off) → phrases (lower-cased words).
  std::map<std::string, std::vector<std::vector<std::string>>> synsets;
  std::vector<VerbBlock> blocks;  ///< verb blocks in file order
};

/// What a CAMEO code means in PLOVER, its quad class and Goldstein value.
struct CameoInfo {
  std::string plover;                ///< PLOVER event type; empty when none
  std::string mode;                  ///< PLOVER mode; may be empty
  std::vector<std::string> context;  ///< PLOVER contexts
  int quad_class = 0;                ///< 1..4, 0 when the code has no root
  double goldstein = 0;              ///< Goldstein scale value
};

// The readers below fail on the first malformed line with "file:line: message". When
// `warnings` is given, malformed lines are instead reported there and skipped.

/// Reads a TABARI/PETRARCH actor file and appends its names to `out`.
Status ReadActorDictionary(const std::string& path, std::vector<ActorEntry>* out,
                           std::vector<std::string>* warnings = nullptr);
/// Reads a TABARI/PETRARCH agent file (with !SUBST! sets and {plural} forms) into `out`.
Status ReadAgentDictionary(const std::string& path, std::vector<AgentEntry>* out,
                           std::vector<std::string>* warnings = nullptr);
/// Reads a discard file (sentence-level lines, '+' story-level lines) into `out`.
Status ReadDiscardDictionary(const std::string& path, std::vector<DiscardEntry>* out,
                             std::vector<std::string>* warnings = nullptr);
/// Reads a PETRARCH/TABARI verb file (synsets, verb blocks, patterns) and merges it into `out`.
/// Transformation lines ('~') are skipped.
Status ReadVerbDictionary(const std::string& path, VerbDictionary* out,
                          std::vector<std::string>* warnings = nullptr);
/// Reads the CAMEO → PLOVER table ("code: TYPE, mode, context # comment") into `out`.
Status ReadPloverTable(const std::string& path, std::map<std::string, CameoInfo>* out);
/// Reads a "CODE<TAB>VALUE" Goldstein table into the `goldstein` field of `out` (adding codes).
Status ReadGoldsteinTable(const std::string& path, std::map<std::string, CameoInfo>* out);

/// Quad class of a CAMEO code from its two-digit root (01–05 → 1, 06–08 → 2, 09–13 → 3, 14–20 → 4).
int QuadClassOfCameo(std::string_view code);

/// Regular inflections of a verb: base, -s, -ed, -ing (with e-drop, y→i and consonant doubling).
std::vector<std::string> RegularVerbForms(const std::string& base);

/// Folds `text` to lower case (full Unicode via utf8proc; ASCII fast path).
std::string FoldCase(std::string_view text);

/// Parses a date "YYYY-MM-DD" (or YYYYMMDD) into YYYYMMDD; 0 when empty or malformed.
int32_t ParseDocumentDate(std::string_view date);

// ---------------------------------------------------------------------------------------------
// Compiled form.

/// A word → id table with an open-addressing hash index; serialisable as flat arrays.
class Vocabulary {
 public:
  /// Adds `word` (if new) and returns its id.
  uint32_t Add(std::string_view word);
  /// The id of `word`, or -1.
  int32_t Find(std::string_view word) const { return Find(word, Hash(word)); }
  /// The id of `word` whose Hash() is `hash`, or -1 (lets callers hash once for several tables).
  int32_t Find(std::string_view word, uint64_t hash) const;
  /// The hash used by Find.
  static uint64_t Hash(std::string_view word);
  /// The word with id `id`.
  std::string_view Word(uint32_t id) const {
    return std::string_view(chars_).substr(offsets_[id], offsets_[id + 1] - offsets_[id]);
  }
  /// Number of words.
  uint32_t size() const { return static_cast<uint32_t>(offsets_.size() - 1); }
  /// Appends the table to `writer`.
  void Save(BinaryWriter& writer) const;
  /// Reads the table back; false when the payload is malformed.
  bool Load(BinaryReader& reader);

 private:
  void Rehash(size_t capacity);
  std::string chars_;
  std::vector<uint32_t> offsets_{0};
  std::vector<uint32_t> slots_;  // id + 1, 0 = empty; size is a power of two
};

/// One compiled phrase: words (ids into the lexicon's vocabulary) and payload codes.
struct PhraseRecord {
  uint32_t word_begin = 0;     ///< first word in PhraseLexicon::words
  uint16_t word_count = 0;     ///< number of words
  uint16_t flags = 0;          ///< kStemLast, kStory
  uint32_t code_begin = 0;     ///< first code in PhraseLexicon::codes
  uint32_t code_count = 0;     ///< number of codes
  uint32_t file = 0;           ///< index into PhraseLexicon::files
  uint32_t line = 0;           ///< 1-based source line
};

/// A compiled code with its validity range.
struct CodeRecord {
  uint32_t code = 0;   ///< id in PhraseLexicon::code_names
  int32_t from = 0;    ///< YYYYMMDD, 0 = open
  int32_t to = 0;      ///< YYYYMMDD, 0 = open
};

/// Phrases indexed by their first word, for longest-match lookup over tokens.
class PhraseLexicon {
 public:
  /// Last word may match as a prefix of the token.
  static constexpr uint16_t kStemLast = 1;
  /// Discard entry applies to the whole story.
  static constexpr uint16_t kStory = 2;
  /// Shortest word that may match as a prefix (shorter stems match exactly, plus plurals).
  static constexpr size_t kMinStemLength = 5;

  /// Adds a phrase with its codes; call Finish() after the last one.
  void Add(const Phrase& phrase, const std::vector<DatedCode>& codes, uint16_t flags,
           const SourceLine& source);
  /// Builds the first-word index.
  void Finish();
  /// Appends everything to `writer`.
  void Save(BinaryWriter& writer) const;
  /// Reads a lexicon saved by Save; false when malformed.
  bool Load(BinaryReader& reader);

  /// Vocabulary of the phrase words.
  const Vocabulary& vocabulary() const { return vocabulary_; }
  /// Ids of the one-word phrases whose word is `word_id`.
  std::pair<const uint32_t*, const uint32_t*> SingleCandidates(uint32_t word_id) const {
    if (word_id + 1 >= single_offsets_.size()) return {nullptr, nullptr};
    return {single_ids_.data() + single_offsets_[word_id], single_ids_.data() + single_offsets_[word_id + 1]};
  }
  /// Ids of the phrases of two or more words starting with `first`, `second`; longest first.
  std::pair<const uint32_t*, const uint32_t*> PairCandidates(uint32_t first, uint32_t second) const {
    const uint64_t key = (uint64_t{first} << 32) | second;
    auto range = std::equal_range(pair_keys_.begin(), pair_keys_.end(), key);
    const size_t b = static_cast<size_t>(range.first - pair_keys_.begin());
    const size_t e = static_cast<size_t>(range.second - pair_keys_.begin());
    return {pair_ids_.data() + b, pair_ids_.data() + e};
  }
  /// True when some single-word stem phrase has `word_id` as its word.
  bool IsStemKey(uint32_t word_id) const {
    return word_id < stem_key_.size() && stem_key_[word_id] != 0;
  }
  /// Lengths (in bytes) of stem keys present, as a bit mask (bit n = length n, n < 64).
  uint64_t stem_lengths() const { return stem_lengths_; }
  /// The phrase record `id`.
  const PhraseRecord& phrase(uint32_t id) const { return phrases_[id]; }
  /// Number of phrases.
  size_t size() const { return phrases_.size(); }
  /// Word id `i` of the phrase.
  uint32_t word(const PhraseRecord& p, uint32_t i) const { return words_[p.word_begin + i]; }
  /// Code `i` of the phrase.
  const CodeRecord& code(const PhraseRecord& p, uint32_t i) const { return codes_[p.code_begin + i]; }
  /// Name of a code id.
  std::string_view code_name(uint32_t id) const { return code_names_.Word(id); }
  /// Source file name of a phrase.
  const std::string& file(const PhraseRecord& p) const { return files_[p.file]; }
  /// "file:line WORD_WORD" for evidence.
  std::string Evidence(const PhraseRecord& p) const;

 private:
  Vocabulary vocabulary_;
  Vocabulary code_names_;
  std::vector<PhraseRecord> phrases_;
  std::vector<uint32_t> words_;
  std::vector<CodeRecord> codes_;
  std::vector<std::string> files_;
  std::vector<uint32_t> single_offsets_;  // CSR over word ids
  std::vector<uint32_t> single_ids_;
  std::vector<uint64_t> pair_keys_;       // (first << 32 | second), sorted
  std::vector<uint32_t> pair_ids_;        // parallel to pair_keys_
  std::vector<uint8_t> stem_key_;
  uint64_t stem_lengths_ = 0;
};

/// Compiled actor data: actor names and agent nouns.
struct ActorData {
  PhraseLexicon actors;  ///< actor names with dated codes
  PhraseLexicon agents;  ///< agent nouns with "~XXX"/"XXX~" codes
  std::map<std::string, std::string> countries;  ///< 3-letter CAMEO country code → ISO3
};

/// Compiled event data: verbs, discards and the CAMEO table.
struct EventData {
  VerbDictionary verbs;                      ///< verb blocks and synsets
  PhraseLexicon discards;                    ///< discard phrases
  std::map<std::string, CameoInfo> cameo;    ///< CAMEO code → PLOVER, quad class, Goldstein
};

/// File name of the compiled actor data inside the data directory.
inline constexpr const char* kActorDataFile = "dict/actors.bin";
/// File name of the compiled event data inside the data directory.
inline constexpr const char* kEventDataFile = "dict/events.bin";

/// Builds actor data from parsed entries.
ActorData BuildActorData(const std::vector<ActorEntry>& actors, const std::vector<AgentEntry>& agents,
                         std::map<std::string, std::string> countries = {});
/// Builds event data from a parsed verb dictionary, discards and CAMEO table.
EventData BuildEventData(VerbDictionary verbs, const std::vector<DiscardEntry>& discards,
                         std::map<std::string, CameoInfo> cameo);
/// Writes compiled actor data to `path`.
Status SaveActorData(const ActorData& data, const std::string& path);
/// Loads compiled actor data from `path`.
Result<std::shared_ptr<const ActorData>> LoadActorData(const std::string& path);
/// Writes compiled event data to `path`.
Status SaveEventData(const EventData& data, const std::string& path);
/// Loads compiled event data from `path`.
Result<std::shared_ptr<const EventData>> LoadEventData(const std::string& path);

}  // namespace dyad
