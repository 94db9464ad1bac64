// The dictionary coder: actor recognition and CAMEO verb-pattern event coding over tokens, with
// roles from the dependency parse when the sentence is parsed.
// The stages "actors" and "events" wrap these classes; they are usable directly (tests, bench).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dyad/dictionaries.h"
#include "dyad/document.h"
#include "dyad/stage.h"
#include "dyad/status.h"

namespace dyad {

/// Per-sentence token ids in one lexicon (internal to the actor matcher).
struct LexiconTokens;

/// Finds actor mentions: longest dictionary match over tokens, plurals and possessives,
/// agent nouns combined with a nearby country or named actor, date-bounded codes.
class ActorMatcher {
 public:
  /// Uses the lexicons in `layers`, highest priority first (user dictionaries before shipped);
  /// country codes are mapped to ISO3 with the layers' country tables.
  explicit ActorMatcher(std::vector<std::shared_ptr<const ActorData>> layers);
  /// Builds a matcher from `config`: the shipped data/dict/actors.bin plus user actor and agent
  /// dictionaries (or only the user ones when replace_dictionaries is set).
  static Result<std::shared_ptr<const ActorMatcher>> Create(const StageConfig& config);
  /// Replaces doc.actors with the mentions found in doc.tokens / doc.sentences.
  void Annotate(Document& doc) const;
  /// Splits a full code into country (ISO3 where known) and sector (the rest); both are empty
  /// when the code does not start with a known country (IGOs, groups: the code says it all).
  void SplitCode(const std::string& code, std::string* country, std::string* sector) const;

 private:
  struct Match;
  void MatchAt(const PhraseLexicon& lex, const LexiconTokens& ids, const Document& doc,
               const std::vector<std::string>& lower, size_t begin, size_t r, int32_t date, bool agents,
               Match* best) const;
  std::vector<std::shared_ptr<const ActorData>> layers_;
  std::map<std::string, std::string> countries_;
};

/// Codes events: verb forms found through a hash index, the verb block's patterns matched
/// around them, source/target from the actor mentions, discards, CAMEO → PLOVER.
class EventCoder {
 public:
  /// Uses compiled event data.
  explicit EventCoder(std::shared_ptr<const EventData> data);
  /// Builds a coder from `config`: data/dict/events.bin, or the user verb dictionaries (which
  /// replace the shipped verbs), plus user discard files.
  static Result<std::shared_ptr<const EventCoder>> Create(const StageConfig& config);
  /// Replaces doc.events with events coded from tokens, sentences and doc.actors.
  void Annotate(Document& doc) const;
  /// PLOVER / quad class / Goldstein for a CAMEO code (4-digit codes fall back to their parent).
  CameoInfo Describe(const std::string& cameo) const;

 private:
  struct FormRef {
    uint32_t block;
    uint32_t verb;
    uint32_t form;
  };
  struct CompiledElement {
    PatternElementKind kind = PatternElementKind::kWord;
    bool exact = false;
    bool joined = false;
    std::string word;     // kWord
    int32_t synset = -1;  // kSynset: index into synsets_
  };
  struct CompiledPattern {
    std::vector<CompiledElement> before, after;
    bool verb_joined = false;
    std::vector<uint32_t> required_keys;     // prefix keys of literal words the sentence must contain
    std::vector<int32_t> required_synsets;   // synsets one of whose first words it must contain
    int score = 0;                           // number of literal / synset / actor elements
    const VerbPattern* source = nullptr;
  };
  struct CompiledSynset {
    std::vector<std::vector<std::string>> phrases;
    std::vector<uint32_t> first_keys;  // sorted prefix keys of the phrases' first words
  };
  struct SentenceContext;
  /// Codes event nouns with their target ("airstrikes on X", "the assassination of X").
  void CodeNominalEvents(Document& doc, const SentenceContext& ctx, const std::vector<int32_t>& mentions,
                         uint32_t sentence, std::vector<bool>* speech_event) const;
  /// True for a one-word bare agent used as a modifier of the next word ("military aid").
  bool IsModifierAgent(const ActorMention& mention, const std::vector<std::string>& lower,
                       uint32_t sentence_end) const;
  CompiledElement Compile(const PatternElement& element,
                          std::map<std::string, int32_t>* synset_ids);
  bool MayMatch(const CompiledPattern& pattern, const SentenceContext& ctx) const;
  bool MatchPattern(const CompiledPattern& pattern, const SentenceContext& ctx, uint32_t verb_begin,
                    uint32_t verb_end, int32_t* source_mention, int32_t* target_mention,
                    int32_t* compound_mention) const;
  bool MatchElement(const CompiledElement& element, const SentenceContext& ctx, uint32_t pos,
                    uint32_t* end, int32_t* mention) const;
  bool MatchElementsForward(const std::vector<CompiledElement>& elements, size_t index,
                            const SentenceContext& ctx, uint32_t pos, bool first_joined,
                            int32_t* source, int32_t* target, int32_t* compound) const;
  bool MatchElementsBackward(const std::vector<CompiledElement>& elements, int index,
                             const SentenceContext& ctx, uint32_t limit, bool joined_to_next,
                             int32_t* source, int32_t* target, int32_t* compound) const;
  std::shared_ptr<const EventData> data_;
  std::shared_ptr<const EventData> extra_discards_;  // shipped discards kept beside user ones
  Vocabulary verb_words_;                              // verb word → id
  std::vector<std::vector<FormRef>> verb_forms_;       // per verb word id: forms containing it
  std::vector<std::vector<CompiledPattern>> patterns_; // per block
  std::vector<CompiledSynset> synsets_;
};

/// Lower-cased token texts for matching (curly apostrophes folded to "'").
std::vector<std::string> LowerTokens(const Document& doc);

}  // namespace dyad
