// Stage "events": CAMEO verb-pattern event coding over tokens and actor mentions.
#include <algorithm>
#include <filesystem>

#include "dyad/coder.h"
#include "dyad/pipeline.h"

namespace dyad {
namespace {

// How many tokens a pattern may skip between two of its elements that are not joined by '_'.
constexpr uint32_t kMaxGap = 6;

constexpr uint32_t kBloomBits = 1024;

uint32_t PrefixKey(std::string_view word) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < 3 && i < word.size(); ++i) {
    h ^= static_cast<unsigned char>(word[i]);
    h *= 16777619u;
  }
  return h | 1u;  // never 0 (0 means "no anchor")
}

bool IsHardBoundary(std::string_view t) { return t == ";" || t == ":" || t == "." || t == "?" || t == "!"; }

bool IsDeterminer(std::string_view t) {
  static const std::vector<std::string_view> kWords = {"the", "a", "an", "its", "their", "his", "her", "our",
                                                       "these", "those", "any", "no", "every", "each", "'s",
                                                       "this", "my", "your", "some", "more", "such"};
  return std::find(kWords.begin(), kWords.end(), t) != kWords.end();
}

bool IsBeForm(std::string_view t) {
  return t == "is" || t == "are" || t == "was" || t == "were" || t == "be" || t == "been" || t == "being" ||
         t == "'s" || t == "'re";
}

bool IsPreposition(std::string_view t) {
  static const std::vector<std::string_view> kWords = {"of", "for", "in", "on", "at", "by", "with", "from", "after",
                                                       "before", "against", "amid", "over", "under", "into",
                                                       "about", "during", "despite", "without", "near"};
  return std::find(kWords.begin(), kWords.end(), t) != kWords.end();
}

// Words after which a base or -s verb form can be a finite verb or an infinitive.
bool IsVerbContext(std::string_view t) {
  static const std::vector<std::string_view> kWords = {
      "to", "will", "would", "can", "could", "may", "might", "must", "shall", "should", "did", "do", "does",
      "not", "n't", "never", "also", "he", "she", "it", "they", "we", "i", "you", "who", "which", "that",
      "still", "now", "often", "again", "jointly", "then", "even", "just", "only", "already", ",", "and", "or", "''", "\"", "\xE2\x80\x9D"};
  return t.ends_with("ly") || std::find(kWords.begin(), kWords.end(), t) != kWords.end();
}

// -ing forms that work as prepositions ("according to", "including").
bool IsPrepositionalParticiple(std::string_view t) {
  return t == "according" || t == "regarding" || t == "concerning" || t == "including" || t == "excluding";
}

bool IsAuxiliary(std::string_view t) {
  static const std::vector<std::string_view> kWords = {"will", "would", "shall", "should", "can", "could", "may",
                                                       "might", "must", "do", "does", "did", "have", "has", "had",
                                                       "be", "is", "are", "was", "were", "been", "being", "am"};
  return std::find(kWords.begin(), kWords.end(), t) != kWords.end();
}

// Prepositions that introduce a place rather than a participant.
bool IsLocative(std::string_view t) {
  return t == "in" || t == "near" || t == "inside" || t == "across" || t == "throughout" || t == "outside" ||
         t == "around" || t == "within";
}

bool IsNegation(std::string_view t) { return t == "not" || t == "n't" || t == "never" || t == "no"; }

// Does pattern word `w` match token text `t`? Inflectable words also match -s/-es/-ed/-d/-ing
// forms, y→ies/ied, e-drop before -ing and a doubled final consonant.
bool WordMatches(std::string_view w, bool exact, std::string_view t) {
  if (t == w) return true;
  if (exact || w.empty()) return false;
  if (t.size() > w.size() && t.compare(0, w.size(), w) == 0) {
    const std::string_view rest = t.substr(w.size());
    if (rest == "s" || rest == "es" || rest == "ed" || rest == "d" || rest == "ing" || rest == "'s") return true;
    if (rest.size() >= 3 && rest[0] == w.back() && (rest.substr(1) == "ed" || rest.substr(1) == "ing")) return true;
  }
  const std::string_view stem = w.substr(0, w.size() - 1);
  if (t.size() > stem.size() && t.compare(0, stem.size(), stem) == 0) {
    const std::string_view rest = t.substr(stem.size());
    if (w.back() == 'y' && (rest == "ies" || rest == "ied")) return true;
    if (w.back() == 'e' && rest == "ing") return true;
  }
  return false;
}

// An actor code "FRO/BIL/SAM" names several actors: one event per code (events from `first` on).
void SplitMultiCodeActors(std::vector<Event>* events, size_t first) {
  std::vector<Event> out;
  bool any = false;
  for (size_t i = first; i < events->size(); ++i) {
    const Event& e = (*events)[i];
    const bool multi = (!e.actors.empty() && e.actors[0].code.find('/') != std::string::npos) ||
                       (!e.recipients.empty() && e.recipients[0].code.find('/') != std::string::npos);
    any = any || multi;
  }
  if (!any) return;
  const auto split = [](const std::vector<EventActor>& actors) {
    std::vector<std::vector<EventActor>> variants;
    if (actors.empty()) return std::vector<std::vector<EventActor>>{{}};
    std::string_view codes = actors[0].code;
    while (true) {
      const size_t slash = codes.find('/');
      EventActor a = actors[0];
      a.code = std::string(codes.substr(0, slash));
      a.sector = a.country.empty() ? "" : a.sector;
      if (!a.code.empty()) variants.push_back({a});
      if (slash == std::string_view::npos) break;
      codes.remove_prefix(slash + 1);
    }
    return variants;
  };
  for (size_t i = first; i < events->size(); ++i) {
    const Event& e = (*events)[i];
    for (const auto& source : split(e.actors)) {
      for (const auto& target : split(e.recipients)) {
        Event copy = e;
        copy.actors = source;
        copy.recipients = target;
        out.push_back(std::move(copy));
      }
    }
  }
  events->resize(first);
  for (auto& e : out) events->push_back(std::move(e));
}

}  // namespace

struct EventCoder::SentenceContext {
  const Document* doc = nullptr;
  const std::vector<std::string>* lower = nullptr;
  uint32_t begin = 0, end = 0;
  std::vector<int32_t> mention_at;     // per token of the sentence: mention starting there, or -1
  std::vector<int32_t> mention_cover;  // per token of the sentence: mention covering it, or -1
  uint64_t bloom[kBloomBits / 64] = {};
  std::string_view Lower(uint32_t t) const { return (*lower)[t]; }
  int32_t MentionAt(uint32_t t) const { return t >= begin && t < end ? mention_at[t - begin] : -1; }
  int32_t MentionCovering(uint32_t t) const { return t >= begin && t < end ? mention_cover[t - begin] : -1; }
  // Members of a compound actor that mention `m` belongs to, in order: "X and Y",
  // "X, Y and Z", "X, Y, and Z". Comma links count only before the list's final "and".
  std::vector<int32_t> CompoundMembers(int32_t m) const {
    if (m < 0) return {};
    const auto& actors = doc->actors;
    // Separator between mention `a` (ending at token e) and the next mention: 'a' for "and"
    // or ", and", ',' for a comma, 0 for none; sets *next to the following mention.
    const auto link_after = [&](int32_t a, int32_t* next) -> char {
      uint32_t t = actors[static_cast<size_t>(a)].end_token;
      if (t >= end) return 0;
      char kind = 0;
      if (Lower(t) == "and") {
        kind = 'a';
        ++t;
      } else if (Lower(t) == ",") {
        kind = ',';
        ++t;
        if (t < end && Lower(t) == "and") {
          kind = 'a';
          ++t;
        }
      }
      if (kind == 0) return 0;
      *next = MentionAt(t);
      return *next >= 0 ? kind : 0;
    };
    // Walk back to the start of the chain, then forward over it.
    int32_t first = m;
    for (int32_t guard = 0; guard < 32; ++guard) {
      const uint32_t start = actors[static_cast<size_t>(first)].first_token;
      bool found = false;
      for (uint32_t back = start; back > begin && start - back < 3; --back) {
        const int32_t prev = MentionCovering(back - 1);
        if (prev < 0 || prev == first) continue;
        int32_t next = -1;
        if (link_after(prev, &next) != 0 && next == first) {
          first = prev;
          found = true;
        }
        break;
      }
      if (!found) break;
    }
    std::vector<int32_t> chain{first};
    std::vector<char> links;
    for (int32_t cur = first, guard = 0; guard < 32; ++guard) {
      int32_t next = -1;
      const char kind = link_after(cur, &next);
      if (kind == 0) break;
      chain.push_back(next);
      links.push_back(kind);
      cur = next;
    }
    // Keep the chain up to its last "and".
    size_t last_and = links.size();
    for (size_t i = links.size(); i-- > 0;) {
      if (links[i] == 'a') {
        last_and = i;
        break;
      }
    }
    if (last_and == links.size()) return {m};
    chain.resize(last_and + 2);
    if (std::find(chain.begin(), chain.end(), m) == chain.end()) return {m};
    return chain;
  }
  bool MayContain(uint32_t key) const {
    const uint32_t bit = key % kBloomBits;
    return bloom[bit / 64] & (uint64_t{1} << (bit % 64));
  }
};

EventCoder::CompiledElement EventCoder::Compile(const PatternElement& element,
                                                std::map<std::string, int32_t>* synset_ids) {
  CompiledElement out;
  out.kind = element.kind;
  out.exact = element.exact;
  out.joined = element.joined;
  if (element.kind == PatternElementKind::kWord) out.word = element.text;
  if (element.kind == PatternElementKind::kSynset) {
    auto known = synset_ids->find(element.text);
    if (known != synset_ids->end()) {
      out.synset = known->second;
    } else {
      auto it = data_->verbs.synsets.find(element.text);
      CompiledSynset synset;
      if (it != data_->verbs.synsets.end()) synset.phrases = it->second;
      for (const auto& phrase : synset.phrases) {
        if (!phrase.empty()) synset.first_keys.push_back(PrefixKey(phrase[0]));
      }
      std::sort(synset.first_keys.begin(), synset.first_keys.end());
      out.synset = static_cast<int32_t>(synsets_.size());
      synsets_.push_back(std::move(synset));
      synset_ids->emplace(element.text, out.synset);
    }
  }
  return out;
}

EventCoder::EventCoder(std::shared_ptr<const EventData> data) : data_(std::move(data)) {
  const auto& blocks = data_->verbs.blocks;
  patterns_.resize(blocks.size());
  std::map<std::string, int32_t> synset_ids;
  for (uint32_t b = 0; b < blocks.size(); ++b) {
    for (uint32_t v = 0; v < blocks[b].verbs.size(); ++v) {
      const VerbEntry& verb = blocks[b].verbs[v];
      for (uint32_t f = 0; f < verb.forms.size(); ++f) {
        // Auxiliaries and modals ("will", "would") are never the event verb of a clause.
        if (IsAuxiliary(verb.forms[f][verb.verb_word[f]]) && verb.forms[f].size() == 1) continue;
        const uint32_t id = verb_words_.Add(verb.forms[f][verb.verb_word[f]]);
        if (id >= verb_forms_.size()) verb_forms_.resize(id + 1);
        verb_forms_[id].push_back({b, v, f});
      }
    }
    for (const VerbPattern& pattern : blocks[b].patterns) {
      CompiledPattern compiled;
      compiled.source = &pattern;
      compiled.verb_joined = pattern.verb_joined;
      for (const PatternElement& e : pattern.before) compiled.before.push_back(Compile(e, &synset_ids));
      for (const PatternElement& e : pattern.after) compiled.after.push_back(Compile(e, &synset_ids));
      for (const auto* elements : {&compiled.before, &compiled.after}) {
        for (const CompiledElement& e : *elements) {
          if (e.kind != PatternElementKind::kSkip) ++compiled.score;
          // Inflections keep the first three letters, so a word of three or more letters
          // must show up in the sentence's prefix filter.
          if (e.kind == PatternElementKind::kWord && e.word.size() >= 3) compiled.required_keys.push_back(PrefixKey(e.word));
          if (e.kind == PatternElementKind::kSynset) compiled.required_synsets.push_back(e.synset);
        }
      }
      patterns_[b].push_back(std::move(compiled));
    }
  }
}

Result<std::shared_ptr<const EventCoder>> EventCoder::Create(const StageConfig& config) {
  // The shipped file is always read: it holds the CAMEO → PLOVER / Goldstein table.
  const std::string data_dir = config.data_dir.empty() ? DefaultDataDir() : config.data_dir;
  auto loaded = LoadEventData((std::filesystem::path(data_dir) / kEventDataFile).string());
  if (!loaded.ok()) return loaded.status();
  std::shared_ptr<const EventData> shipped = loaded.value();
  if (config.verb_dictionaries.empty() && config.discard_dictionaries.empty()) {
    return std::make_shared<const EventCoder>(shipped);
  }
  VerbDictionary verbs;
  if (!config.verb_dictionaries.empty()) {
    for (const auto& path : config.verb_dictionaries) DYAD_RETURN_IF_ERROR(ReadVerbDictionary(path, &verbs));
  } else {
    verbs = shipped->verbs;
  }
  std::vector<DiscardEntry> discards;
  for (const auto& path : config.discard_dictionaries) DYAD_RETURN_IF_ERROR(ReadDiscardDictionary(path, &discards));
  auto coder = std::make_shared<EventCoder>(
      std::make_shared<const EventData>(BuildEventData(std::move(verbs), discards, shipped->cameo)));
  // User discard files add to the shipped ones unless they replace them.
  if (!config.replace_dictionaries) coder->extra_discards_ = shipped;
  return std::shared_ptr<const EventCoder>(std::move(coder));
}

CameoInfo EventCoder::Describe(const std::string& cameo) const {
  CameoInfo info;
  auto it = data_->cameo.find(cameo);
  if (it != data_->cameo.end()) info = it->second;
  if (it == data_->cameo.end() || (info.plover.empty() && info.goldstein == 0)) {
    // Unlisted sub-codes ("0874" style or dictionary variants like "075A") take their parent's values.
    for (size_t len = std::min<size_t>(cameo.size(), 4); len >= 3; --len) {
      auto parent = data_->cameo.find(cameo.substr(0, len));
      if (parent != data_->cameo.end() && parent->first != cameo) {
        if (info.plover.empty()) {
          info.plover = parent->second.plover;
          info.mode = parent->second.mode;
          info.context = parent->second.context;
        }
        if (info.goldstein == 0) info.goldstein = parent->second.goldstein;
        break;
      }
    }
  }
  info.quad_class = QuadClassOfCameo(cameo);
  return info;
}

bool EventCoder::MatchElement(const CompiledElement& element, const SentenceContext& ctx, uint32_t pos,
                              uint32_t* end, int32_t* mention) const {
  if (pos >= ctx.end) return false;
  switch (element.kind) {
    case PatternElementKind::kWord:
      if (!WordMatches(element.word, element.exact, ctx.Lower(pos))) return false;
      *end = pos + 1;
      return true;
    case PatternElementKind::kSynset: {
      const CompiledSynset& synset = synsets_[static_cast<size_t>(element.synset)];
      if (!std::binary_search(synset.first_keys.begin(), synset.first_keys.end(), PrefixKey(ctx.Lower(pos)))) {
        return false;
      }
      uint32_t best = 0;
      for (const auto& phrase : synset.phrases) {
        if (phrase.size() <= best || pos + phrase.size() > ctx.end) continue;
        bool ok = true;
        for (size_t j = 0; ok && j < phrase.size(); ++j) ok = WordMatches(phrase[j], false, ctx.Lower(pos + static_cast<uint32_t>(j)));
        if (ok) best = static_cast<uint32_t>(phrase.size());
      }
      if (best == 0) return false;
      *end = pos + best;
      return true;
    }
    case PatternElementKind::kSource:
    case PatternElementKind::kTarget:
    case PatternElementKind::kCompound: {
      const int32_t m = ctx.MentionAt(pos);
      if (m < 0) return false;
      *mention = m;
      *end = ctx.doc->actors[static_cast<size_t>(m)].end_token;
      return true;
    }
    case PatternElementKind::kSkip:
      *end = pos;
      return true;
  }
  return false;
}

namespace {

void Assign(PatternElementKind kind, int32_t mention, int32_t* source, int32_t* target, int32_t* compound) {
  if (mention < 0) return;
  if (kind == PatternElementKind::kSource) *source = mention;
  if (kind == PatternElementKind::kTarget) *target = mention;
  if (kind == PatternElementKind::kCompound) *compound = mention;
}

}  // namespace

bool EventCoder::MatchElementsForward(const std::vector<CompiledElement>& elements, size_t index,
                                      const SentenceContext& ctx, uint32_t pos, bool first_joined,
                                      int32_t* source, int32_t* target, int32_t* compound) const {
  if (index == elements.size()) return true;
  const CompiledElement& e = elements[index];
  const bool joined = index == 0 ? first_joined : e.joined;
  const uint32_t gap = joined ? 0 : (e.kind == PatternElementKind::kSkip ? 0 : kMaxGap);
  for (uint32_t p = pos; p <= pos + gap && p < ctx.end; ++p) {
    if (p > pos && IsHardBoundary(ctx.Lower(p - 1))) break;
    uint32_t end = p;
    int32_t mention = -1;
    if (!MatchElement(e, ctx, p, &end, &mention)) continue;
    // Greedy: the first position where the element matches is kept (no backtracking), which
    // keeps matching linear in the pattern length.
    Assign(e.kind, mention, source, target, compound);
    return MatchElementsForward(elements, index + 1, ctx, end, false, source, target, compound);
  }
  // A skip ('^') lets the following element start further away.
  if (e.kind == PatternElementKind::kSkip) {
    return MatchElementsForward(elements, index + 1, ctx, std::min(ctx.end, pos + kMaxGap), false, source, target, compound);
  }
  return false;
}

bool EventCoder::MatchElementsBackward(const std::vector<CompiledElement>& elements, int index,
                                       const SentenceContext& ctx, uint32_t limit, bool joined_to_next,
                                       int32_t* source, int32_t* target, int32_t* compound) const {
  if (index < 0) return true;
  const CompiledElement& e = elements[static_cast<size_t>(index)];
  const uint32_t gap = joined_to_next ? 0 : kMaxGap;
  // The element must end at most `gap` tokens before `limit`.
  const uint32_t lowest = limit > ctx.begin + gap + 8 ? limit - gap - 8 : ctx.begin;
  for (uint32_t p = limit; p-- > lowest;) {
    uint32_t end = p;
    int32_t mention = -1;
    if (!MatchElement(e, ctx, p, &end, &mention)) continue;
    if (end > limit || limit - end > gap) continue;
    bool crosses = false;
    for (uint32_t q = end; q < limit && !crosses; ++q) crosses = IsHardBoundary(ctx.Lower(q));
    if (crosses) continue;
    Assign(e.kind, mention, source, target, compound);
    return MatchElementsBackward(elements, index - 1, ctx, p, e.joined, source, target, compound);
  }
  return false;
}

bool EventCoder::MayMatch(const CompiledPattern& pattern, const SentenceContext& ctx) const {
  for (uint32_t key : pattern.required_keys) {
    if (!ctx.MayContain(key)) return false;
  }
  for (int32_t synset : pattern.required_synsets) {
    bool any = false;
    for (uint32_t key : synsets_[static_cast<size_t>(synset)].first_keys) {
      if (ctx.MayContain(key)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

bool EventCoder::MatchPattern(const CompiledPattern& pattern, const SentenceContext& ctx, uint32_t verb_begin,
                              uint32_t verb_end, int32_t* source, int32_t* target, int32_t* compound) const {
  *source = *target = *compound = -1;
  if (!MatchElementsForward(pattern.after, 0, ctx, verb_end, !pattern.after.empty() && pattern.after[0].joined,
                            source, target, compound)) {
    return false;
  }
  if (!MatchElementsBackward(pattern.before, static_cast<int>(pattern.before.size()) - 1, ctx, verb_begin,
                             pattern.verb_joined, source, target, compound)) {
    return false;
  }
  // '%' needs a real compound ("X and Y").
  return *compound < 0 || ctx.CompoundMembers(*compound).size() >= 2;
}

void EventCoder::Annotate(Document& doc) const {
  doc.events.clear();
  const std::vector<std::string> lower = LowerTokens(doc);
  // Story-level discards stop the whole document.
  const auto discard_hit = [&](const PhraseLexicon& lex, uint32_t begin, uint32_t end, bool* story) {
    if (begin >= end) return false;
    std::vector<int32_t> ids(end - begin);
    for (uint32_t t = begin; t < end; ++t) ids[t - begin] = lex.vocabulary().Find(lower[t]);
    const auto check = [&](const uint32_t* b, const uint32_t* e, uint32_t t, uint32_t known) {
      for (auto it = b; it != e; ++it) {
        const PhraseRecord& p = lex.phrase(*it);
        if (t + p.word_count > end) continue;
        bool ok = true;
        for (uint32_t j = known; ok && j < p.word_count; ++j) ok = ids[t - begin + j] == static_cast<int32_t>(lex.word(p, j));
        if (ok) {
          *story = (p.flags & PhraseLexicon::kStory) != 0;
          return true;
        }
      }
      return false;
    };
    for (uint32_t t = begin; t < end; ++t) {
      const int32_t id = ids[t - begin];
      if (id < 0) continue;
      auto [sb, se] = lex.SingleCandidates(static_cast<uint32_t>(id));
      if (check(sb, se, t, 1)) return true;
      if (t + 1 < end && ids[t + 1 - begin] >= 0) {
        auto [pb, pe] = lex.PairCandidates(static_cast<uint32_t>(id), static_cast<uint32_t>(ids[t + 1 - begin]));
        if (check(pb, pe, t, 2)) return true;
      }
    }
    return false;
  };
  std::vector<const PhraseLexicon*> discard_lexicons{&data_->discards};
  if (extra_discards_) discard_lexicons.push_back(&extra_discards_->discards);
  std::vector<bool> discarded(doc.sentences.size(), false);
  for (size_t s = 0; s < doc.sentences.size(); ++s) {
    const Sentence& sentence = doc.sentences[s];
    for (const PhraseLexicon* lex : discard_lexicons) {
      bool story = false;
      if (discard_hit(*lex, sentence.first_token, std::min<uint32_t>(sentence.end_token, static_cast<uint32_t>(lower.size())), &story)) {
        if (story) return;
        discarded[s] = true;
      }
    }
  }

  size_t mention_index = 0;
  for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
    const Sentence& sentence = doc.sentences[s];
    SentenceContext ctx;
    ctx.doc = &doc;
    ctx.lower = &lower;
    ctx.begin = sentence.first_token;
    ctx.end = std::min<uint32_t>(sentence.end_token, static_cast<uint32_t>(lower.size()));
    if (ctx.begin >= ctx.end) continue;
    ctx.mention_at.assign(ctx.end - ctx.begin, -1);
    ctx.mention_cover.assign(ctx.end - ctx.begin, -1);
    while (mention_index < doc.actors.size() && doc.actors[mention_index].end_token <= ctx.begin) ++mention_index;
    std::vector<int32_t> mentions;  // mentions in this sentence, in order
    for (size_t m = mention_index; m < doc.actors.size() && doc.actors[m].first_token < ctx.end; ++m) {
      const ActorMention& a = doc.actors[m];
      if (a.first_token < ctx.begin) continue;
      mentions.push_back(static_cast<int32_t>(m));
      ctx.mention_at[a.first_token - ctx.begin] = static_cast<int32_t>(m);
      for (uint32_t t = a.first_token; t < a.end_token && t < ctx.end; ++t) ctx.mention_cover[t - ctx.begin] = static_cast<int32_t>(m);
    }
    if (discarded[s] || mentions.empty()) continue;
    for (uint32_t t = ctx.begin; t < ctx.end; ++t) {
      if (!lower[t].empty()) {
        const uint32_t bit = PrefixKey(lower[t]) % kBloomBits;
        ctx.bloom[bit / 64] |= uint64_t{1} << (bit % 64);
      }
    }

    for (uint32_t t = ctx.begin; t < ctx.end; ++t) {
      const int32_t verb_word = verb_words_.Find(lower[t]);
      if (verb_word < 0) continue;
      const std::vector<FormRef>& refs = verb_forms_[static_cast<size_t>(verb_word)];
      if (ctx.MentionCovering(t) >= 0) continue;
      // Longest verb form through this token.
      const FormRef* best_form = nullptr;
      uint32_t form_begin = 0, form_end = 0;
      for (const FormRef& ref : refs) {
        const VerbEntry& verb = data_->verbs.blocks[ref.block].verbs[ref.verb];
        const auto& words = verb.forms[ref.form];
        const uint32_t v = verb.verb_word[ref.form];
        if (t < ctx.begin + v || t - v + words.size() > ctx.end) continue;
        const uint32_t begin = t - v;
        bool ok = true;
        for (size_t j = 0; ok && j < words.size(); ++j) ok = lower[begin + j] == words[j];
        if (!ok) continue;
        if (best_form == nullptr || words.size() > form_end - form_begin) {
          best_form = &ref;
          form_begin = begin;
          form_end = begin + static_cast<uint32_t>(words.size());
        }
      }
      if (best_form == nullptr) continue;
      // Shallow noun/verb disambiguation: a determiner or preposition before the verb means a
      // noun ("the attack", "spate of attacks"); a base or -s form needs a subject or an
      // auxiliary right before it ("US troops attack", "to attack"), not a modifier ("drone attack").
      if (IsPrepositionalParticiple(lower[t])) continue;
      if (form_begin > ctx.begin) {
        const std::string_view prev = lower[form_begin - 1];
        if (IsDeterminer(prev)) continue;
        const bool ing_form = lower[t].ends_with("ing");
        if (IsPreposition(prev) && !ing_form) continue;
        const VerbEntry& first_verb = data_->verbs.blocks[best_form->block].verbs[best_form->verb];
        const std::string& base = first_verb.forms[0][first_verb.verb_word[0]];
        const bool base_or_s = lower[t] == base || (lower[t].size() == base.size() + 1 && lower[t].back() == 's') ||
                               (lower[t].size() == base.size() + 2 && lower[t].ends_with("es"));
        // "a US plan": an actor used as a modifier after an indefinite or possessive determiner.
        const int32_t before_mention = ctx.MentionCovering(form_begin - 1);
        const uint32_t mention_start = before_mention >= 0 ? doc.actors[static_cast<size_t>(before_mention)].first_token : 0;
        const bool modifier = before_mention >= 0 && mention_start > ctx.begin &&
                              (lower[mention_start - 1] == "a" || lower[mention_start - 1] == "an" ||
                               lower[mention_start - 1] == "its" || lower[mention_start - 1] == "their" ||
                               lower[mention_start - 1] == "his" || lower[mention_start - 1] == "her");
        const bool after_actor = before_mention >= 0 && !modifier;
        if (base_or_s && !after_actor && !IsVerbContext(prev)) continue;
      }

      // The best pattern over every verb entry with this form.
      const VerbPattern* best_pattern = nullptr;
      const VerbEntry* best_verb = nullptr;
      const VerbBlock* best_block = nullptr;
      int best_score = -1;
      int32_t pat_source = -1, pat_target = -1, pat_compound = -1;
      for (const FormRef& ref : refs) {
        const VerbEntry& verb = data_->verbs.blocks[ref.block].verbs[ref.verb];
        if (verb.forms[ref.form].size() != form_end - form_begin) continue;
        const uint32_t v = verb.verb_word[ref.form];
        if (t - v != form_begin) continue;
        bool ok = true;
        for (size_t j = 0; ok && j < verb.forms[ref.form].size(); ++j) ok = lower[form_begin + j] == verb.forms[ref.form][j];
        if (!ok) continue;
        const VerbBlock& block = data_->verbs.blocks[ref.block];
        if (best_verb == nullptr) {
          best_verb = &verb;
          best_block = &block;
        }
        for (const CompiledPattern& compiled : patterns_[ref.block]) {
          if (compiled.score <= best_score) continue;
          if (!MayMatch(compiled, ctx)) continue;
          int32_t ps, pt, pc;
          if (!MatchPattern(compiled, ctx, form_begin, form_end, &ps, &pt, &pc)) continue;
          best_score = compiled.score;
          best_pattern = compiled.source;
          best_verb = &verb;
          best_block = &block;
          pat_source = ps;
          pat_target = pt;
          pat_compound = pc;
        }
      }
      std::string code, reciprocal, evidence;
      if (best_pattern != nullptr) {
        code = best_pattern->code;
        reciprocal = best_pattern->reciprocal;
        evidence = best_pattern->source.file + ":" + std::to_string(best_pattern->source.line) + " " +
                   best_verb->lemma + " " + best_pattern->text;
      } else {
        code = best_verb->code.empty() && best_verb->reciprocal.empty() ? best_block->code : best_verb->code;
        reciprocal = best_verb->code.empty() && best_verb->reciprocal.empty() ? best_block->reciprocal : best_verb->reciprocal;
        evidence = best_verb->source.file + ":" + std::to_string(best_verb->source.line) + " " + best_verb->lemma;
      }
      if (code == "---") code.clear();
      if (reciprocal == "---") reciprocal.clear();
      if (code.empty() && reciprocal.empty()) continue;
      // A verb coded only by its default and followed by "to" + another verb ("voted to expel")
      // leaves the coding to that verb.
      if (best_pattern == nullptr) {
        uint32_t q = form_end;
        if (q < ctx.end && lower[q].ends_with("ly")) ++q;
        if (q + 1 < ctx.end && lower[q] == "to" && verb_words_.Find(lower[q + 1]) >= 0) continue;
      }

      // Roles.
      bool passive = false;
      for (uint32_t q = form_begin, n = 0; q > ctx.begin && n < 3; --q, ++n) {
        const std::string_view w = lower[q - 1];
        if (IsBeForm(w)) {
          passive = lower[form_begin].size() > 2 &&
                    (lower[form_begin].ends_with("ed") || lower[form_begin].ends_with("en") ||
                     best_verb->forms.size() > 1);
          passive = passive && !lower[form_begin].ends_with("ing");
          break;
        }
        if (!(w.ends_with("ly") || IsNegation(w) || w == "also" || w == "reportedly")) break;
      }
      bool negated = false;
      for (uint32_t q = form_begin, n = 0; q > ctx.begin && n < 3; --q, ++n) {
        if (IsNegation(lower[q - 1])) negated = true;
      }
      const auto members = [&](int32_t m) { return ctx.CompoundMembers(m); };
      // The subject: the nearest mention before the verb that is not a place complement
      // ("US facilities in Iraq were targeted" → US).
      const auto nearest_before = [&](uint32_t limit) {
        int32_t found = -1, fallback = -1;
        for (int32_t m : mentions) {
          const ActorMention& a = doc.actors[static_cast<size_t>(m)];
          if (a.end_token > limit) continue;
          fallback = m;
          const std::string_view prev = a.first_token > ctx.begin ? std::string_view(lower[a.first_token - 1]) : "";
          if (!IsLocative(prev) && prev != "at" && prev != "from") found = m;
        }
        return found >= 0 ? found : fallback;
      };
      // The object: the first mention after the verb that is not a place complement ("in Kabul").
      const auto first_after = [&](uint32_t from, bool skip_by_phrase) {
        for (int32_t m : mentions) {
          const ActorMention& a = doc.actors[static_cast<size_t>(m)];
          if (a.first_token < from) continue;
          const uint32_t group_first = doc.actors[static_cast<size_t>(ctx.CompoundMembers(m).front())].first_token;
          if (group_first > ctx.begin && IsLocative(lower[group_first - 1])) continue;
          if (skip_by_phrase && a.first_token > ctx.begin &&
              (lower[a.first_token - 1] == "by" || (a.first_token > ctx.begin + 1 && lower[a.first_token - 2] == "by" &&
                                                    lower[a.first_token - 1] == "the"))) {
            continue;
          }
          return m;
        }
        return int32_t{-1};
      };
      const auto by_phrase_actor = [&]() {
        for (int32_t m : mentions) {
          const ActorMention& a = doc.actors[static_cast<size_t>(m)];
          if (a.first_token < form_end || a.first_token > form_end + kMaxGap) continue;
          const uint32_t f = a.first_token;
          if (lower[f - 1] == "by" || (f >= ctx.begin + 2 && lower[f - 1] == "the" && lower[f - 2] == "by")) return m;
        }
        return int32_t{-1};
      };
      std::vector<std::pair<int32_t, int32_t>> pairs;  // (source, target) mention ids
      if (pat_compound >= 0) {
        const auto group = members(pat_compound);
        for (size_t i = 0; i < group.size(); ++i) {
          for (size_t j = i + 1; j < group.size(); ++j) pairs.emplace_back(group[i], group[j]);
        }
      } else {
        int32_t source = pat_source, target = pat_target;
        if (passive) {
          if (source < 0) source = by_phrase_actor();
          if (target < 0) {
            const int32_t before = nearest_before(form_begin);
            target = before >= 0 && before != source ? before : first_after(form_end, true);
          }
        } else if (source >= 0 && target < 0 &&
                   doc.actors[static_cast<size_t>(source)].first_token >= form_end) {
          // "$" after the verb ("X fired Y's employees"): the subject is the target.
          target = nearest_before(form_begin);
        } else {
          if (source < 0) source = nearest_before(form_begin);
          if (target < 0) target = first_after(form_end, false);
        }
        if (target == source) target = -1;
        auto sources = members(source);
        auto targets = members(target);
        if (sources.empty()) sources.push_back(-1);
        if (targets.empty()) targets.push_back(-1);
        for (int32_t a : sources) {
          for (int32_t b : targets) pairs.emplace_back(a, b);
        }
      }
      const auto event_actor = [&](int32_t m) {
        const ActorMention& a = doc.actors[static_cast<size_t>(m)];
        EventActor ea;
        ea.begin = doc.tokens[a.first_token].begin;
        ea.end = doc.tokens[a.end_token - 1].end;
        ea.text = doc.Slice(ea.begin, ea.end);
        ea.code = a.code;
        ea.country = a.country;
        ea.sector = a.sector;
        return ea;
      };
      // A bare agent noun with no owner ("officials", "the police") cannot carry an event alone.
      const auto agent_only = [&](int32_t m) {
        if (m < 0) return true;
        const ActorMention& a = doc.actors[static_cast<size_t>(m)];
        return a.country.empty() && !a.sector.empty() && a.sector == a.code;
      };
      const size_t events_before = doc.events.size();
      const auto emit = [&](const std::string& cameo, int32_t from, int32_t to) {
        if (cameo.empty() || (from < 0 && to < 0)) return;
        if (agent_only(from) && agent_only(to)) return;
        if (from < 0 && !passive) return;  // an active verb needs its subject
        // A verb coded only by its default needs both participants; one-sided events come from
        // patterns.
        if (to < 0 && best_pattern == nullptr) return;
        if (from >= 0 && to >= 0 && doc.actors[static_cast<size_t>(from)].code == doc.actors[static_cast<size_t>(to)].code) return;
        Event event;
        event.cameo = cameo;
        const CameoInfo info = Describe(cameo);
        event.plover = info.plover;
        event.mode = info.mode;
        event.context = info.context;
        event.quad_class = info.quad_class;
        event.goldstein = info.goldstein;
        if (from >= 0) event.actors.push_back(event_actor(from));
        if (to >= 0) event.recipients.push_back(event_actor(to));
        if (negated) event.aux.push_back("negation");
        event.date = doc.date;
        event.trigger_begin = doc.tokens[form_begin].begin;
        event.trigger_end = doc.tokens[form_end - 1].end;
        event.sentence = s;
        event.evidence = evidence;
        doc.events.push_back(std::move(event));
      };
      for (const auto& [from, to] : pairs) {
        emit(code, from, to);
        if (to >= 0 && from >= 0) emit(reciprocal, to, from);
      }
      SplitMultiCodeActors(&doc.events, events_before);
      t = form_end - 1;
    }
  }
}

namespace {

class EventStage : public Stage {
 public:
  explicit EventStage(std::shared_ptr<const EventCoder> coder) : coder_(std::move(coder)) {}
  std::string_view name() const override { return "events"; }
  LayerSet needs() const override { return kLayerTokens | kLayerSentences | kLayerActors; }
  LayerSet sets() const override { return kLayerEvents; }
  Status Process(Document& doc) const override {
    coder_->Annotate(doc);
    return Status::Ok();
  }

 private:
  std::shared_ptr<const EventCoder> coder_;
};

const StageRegistration kReg("events", [](const StageConfig& config) -> Result<std::unique_ptr<Stage>> {
  auto coder = EventCoder::Create(config);
  if (!coder.ok()) return coder.status();
  return std::unique_ptr<Stage>(std::make_unique<EventStage>(coder.value()));
});

}  // namespace
}  // namespace dyad
