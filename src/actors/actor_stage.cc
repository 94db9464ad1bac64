// Stage "actors": dictionary actor recognition over tokens.
#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>

#include "dyad/coder.h"
#include "dyad/pipeline.h"

namespace dyad {
namespace {

bool IsPossessiveToken(std::string_view t) { return t == "'s" || t == "'"; }

// Lower-cased key of a token for dictionary lookup: a glued possessive ("iraq's") is removed.
std::string_view LookupKey(std::string_view lower) {
  if (lower.size() > 2 && lower.compare(lower.size() - 2, 2, "'s") == 0) return lower.substr(0, lower.size() - 2);
  if (lower.size() > 1 && lower.back() == '\'') return lower.substr(0, lower.size() - 1);
  return lower;
}

// Singular candidates of a plural-looking word: "iraqis" → "iraqi"; "forces" → "force", "forc";
// "militias" → "militia"; "parties" → "party".
int Singulars(std::string_view word, std::string out[2]) {
  if (word.size() < 3 || word.back() != 's' || word[word.size() - 2] == 's') return 0;
  int n = 0;
  if (word.size() > 3 && word.compare(word.size() - 3, 3, "ies") == 0) {
    out[n++] = std::string(word.substr(0, word.size() - 3)) + "y";
  }
  out[n++] = std::string(word.substr(0, word.size() - 1));
  if (n < 2 && word.size() > 3 && word[word.size() - 2] == 'e') out[n++] = std::string(word.substr(0, word.size() - 2));
  return n;
}

// Words that may stand between a country and its agent noun: modifiers such as "Shia" in
// "Iraqi Shia militia" or "first" in "Dagolath's first deputy minister", not function words.
bool IsGapWord(std::string_view lower, std::string_view text) {
  static const std::vector<std::string_view> kStop = {
      "and", "or", "of", "in", "on", "at", "by", "for", "to", "from", "with", "the", "a", "an", "that", "which",
      "who", "said", "says", "is", "are", "was", "were", "has", "have", "had", "but", "as", "after", "before",
      "during", "since", "while", "when", "than", "against", "into", "over", "under", "near", "about", "between",
      "its", "their", "his", "her", "will", "would", "could", "should", "can", "may", "not", "also"};
  if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text[0])) || static_cast<unsigned char>(text[0]) >= 0x80)) {
    return false;
  }
  return std::find(kStop.begin(), kStop.end(), lower) == kStop.end();
}

// Chooses the code of a phrase valid on `date` (YYYYMMDD, 0 = unknown). An undated code is the
// default outside every range; with an unknown date the most recent dated code is used when
// there is no undated one. Returns false when no code applies.
bool SelectCode(const PhraseLexicon& lex, const PhraseRecord& p, int32_t date, std::string_view* code) {
  const CodeRecord* undated = nullptr;
  const CodeRecord* latest = nullptr;
  for (uint32_t i = 0; i < p.code_count; ++i) {
    const CodeRecord& c = lex.code(p, i);
    if (c.from == 0 && c.to == 0) {
      if (undated == nullptr) undated = &c;
      continue;
    }
    if (date != 0 && (c.from == 0 || date >= c.from) && (c.to == 0 || date <= c.to)) {
      *code = lex.code_name(c.code);
      return true;
    }
    if (latest == nullptr || c.from > latest->from) latest = &c;
  }
  if (undated != nullptr) {
    *code = lex.code_name(undated->code);
    return true;
  }
  if (date == 0 && latest != nullptr) {
    *code = lex.code_name(latest->code);
    return true;
  }
  return false;
}

}  // namespace

// Token ids in one lexicon's vocabulary for a sentence: the lookup key and its singulars.
struct LexiconTokens {
  std::vector<int32_t> id;
  std::vector<std::array<int32_t, 2>> singular;
};

namespace {

// Lookup keys of a sentence's tokens and their singulars, hashed once for every lexicon.
struct SentenceKeys {
  std::vector<std::string_view> key;
  std::vector<uint64_t> key_hash;
  std::vector<std::array<std::string, 2>> singular;
  std::vector<std::array<uint64_t, 2>> singular_hash;
  std::vector<int> singular_count;
};

void ComputeSentenceKeys(const std::vector<std::string>& lower, size_t begin, size_t end, SentenceKeys* out) {
  const size_t n = end - begin;
  out->key.resize(n);
  out->key_hash.resize(n);
  out->singular.resize(n);
  out->singular_hash.resize(n);
  out->singular_count.assign(n, 0);
  for (size_t r = 0; r < n; ++r) {
    out->key[r] = LookupKey(lower[begin + r]);
    out->key_hash[r] = Vocabulary::Hash(out->key[r]);
    const int count = Singulars(out->key[r], out->singular[r].data());
    out->singular_count[r] = count;
    for (int k = 0; k < count; ++k) out->singular_hash[r][static_cast<size_t>(k)] = Vocabulary::Hash(out->singular[r][static_cast<size_t>(k)]);
  }
}

void ComputeTokenIds(const PhraseLexicon& lex, const SentenceKeys& keys, LexiconTokens* out) {
  const size_t n = keys.key.size();
  out->id.assign(n, -1);
  out->singular.assign(n, {-1, -1});
  if (lex.size() == 0) return;
  const Vocabulary& vocabulary = lex.vocabulary();
  for (size_t r = 0; r < n; ++r) {
    out->id[r] = vocabulary.Find(keys.key[r], keys.key_hash[r]);
    for (int k = 0; k < keys.singular_count[r]; ++k) {
      const size_t kk = static_cast<size_t>(k);
      out->singular[r][kk] = vocabulary.Find(keys.singular[r][kk], keys.singular_hash[r][kk]);
    }
  }
}

// Does the phrase's last word `w` match token t (relative index r): exact, possessive,
// plural, or prefix for stem phrases?
bool LastWordMatches(const PhraseLexicon& lex, const PhraseRecord& p, uint32_t w, const LexiconTokens& ids, size_t r,
                     std::string_view lower) {
  const int32_t wi = static_cast<int32_t>(w);
  if (ids.id[r] == wi || ids.singular[r][0] == wi || ids.singular[r][1] == wi) return true;
  if (!(p.flags & PhraseLexicon::kStemLast)) return false;
  const std::string_view word = lex.vocabulary().Word(w);
  const std::string_view key = LookupKey(lower);
  return key.size() > word.size() && key.compare(0, word.size(), word) == 0;
}

// Length of phrase `p` at relative token r when words [0, known) are already known to match;
// 0 when it does not match.
uint32_t PhraseMatches(const PhraseLexicon& lex, const PhraseRecord& p, const LexiconTokens& ids,
                       const std::vector<std::string>& lower, size_t begin, size_t r, uint32_t known) {
  if (r + p.word_count > ids.id.size()) return 0;
  for (uint32_t j = known; j < p.word_count; ++j) {
    const uint32_t w = lex.word(p, j);
    if (j + 1 == p.word_count) {
      if (!LastWordMatches(lex, p, w, ids, r + j, lower[begin + r + j])) return 0;
    } else if (ids.id[r + j] != static_cast<int32_t>(w)) {
      return 0;
    }
  }
  return p.word_count;
}

// Calls f(phrase id, words already matched) for every phrase that may start at relative token r:
// multi-word phrases by their first two words, one-word phrases by the word, its singulars and
// (for capitalised tokens) stem prefixes.
template <typename F>
void ForEachCandidate(const PhraseLexicon& lex, const LexiconTokens& ids, const std::string& lower,
                      bool capitalised, size_t r, F&& f) {
  const int32_t id = ids.id[r];
  if (id >= 0 && r + 1 < ids.id.size()) {
    const int32_t next[3] = {ids.id[r + 1], ids.singular[r + 1][0], ids.singular[r + 1][1]};
    for (int k = 0; k < 3; ++k) {
      if (next[k] < 0) continue;
      auto [b, e] = lex.PairCandidates(static_cast<uint32_t>(id), static_cast<uint32_t>(next[k]));
      for (auto it = b; it != e; ++it) {
        // A singular second word is only the last word of a two-word phrase.
        if (k > 0 && lex.phrase(*it).word_count != 2) continue;
        f(*it, 2u);
      }
    }
  }
  const int32_t single[3] = {id, ids.singular[r][0], ids.singular[r][1]};
  for (int32_t w : single) {
    if (w < 0) continue;
    auto [b, e] = lex.SingleCandidates(static_cast<uint32_t>(w));
    for (auto it = b; it != e; ++it) f(*it, 1u);
  }
  const uint64_t lengths = lex.stem_lengths();
  if (lengths == 0 || !capitalised) return;
  const std::string_view key = LookupKey(lower);
  if (key.size() <= PhraseLexicon::kMinStemLength) return;
  for (size_t len = std::min<size_t>(key.size() - 1, 63); len >= PhraseLexicon::kMinStemLength; --len) {
    if (!(lengths & (uint64_t{1} << len))) continue;
    const int32_t pid = lex.vocabulary().Find(key.substr(0, len));
    if (pid < 0 || !lex.IsStemKey(static_cast<uint32_t>(pid))) continue;
    auto [b, e] = lex.SingleCandidates(static_cast<uint32_t>(pid));
    for (auto it = b; it != e; ++it) {
      if (lex.phrase(*it).flags & PhraseLexicon::kStemLast) f(*it, 1u);
    }
  }
}

}  // namespace

struct ActorMatcher::Match {
  uint32_t length = 0;
  const PhraseLexicon* lexicon = nullptr;
  uint32_t phrase = 0;
  std::string_view code;
};

std::vector<std::string> LowerTokens(const Document& doc) {
  std::vector<std::string> lower;
  lower.reserve(doc.tokens.size());
  for (const auto& token : doc.tokens) {
    std::string folded = FoldCase(token.text);
    // Curly apostrophe (U+2019) → "'".
    for (size_t pos; (pos = folded.find("\xE2\x80\x99")) != std::string::npos;) folded.replace(pos, 3, "'");
    lower.push_back(std::move(folded));
  }
  return lower;
}

ActorMatcher::ActorMatcher(std::vector<std::shared_ptr<const ActorData>> layers) : layers_(std::move(layers)) {
  for (auto it = layers_.rbegin(); it != layers_.rend(); ++it) {
    for (const auto& [code, iso] : (*it)->countries) countries_[code] = iso;
  }
}

Result<std::shared_ptr<const ActorMatcher>> ActorMatcher::Create(const StageConfig& config) {
  std::vector<std::shared_ptr<const ActorData>> layers;
  if (!config.actor_dictionaries.empty() || !config.agent_dictionaries.empty()) {
    std::vector<ActorEntry> actors;
    std::vector<AgentEntry> agents;
    for (const auto& path : config.actor_dictionaries) DYAD_RETURN_IF_ERROR(ReadActorDictionary(path, &actors));
    for (const auto& path : config.agent_dictionaries) DYAD_RETURN_IF_ERROR(ReadAgentDictionary(path, &agents));
    layers.push_back(std::make_shared<const ActorData>(BuildActorData(actors, agents)));
  }
  // The shipped data is always loaded for its country table; its lexicons are used unless the
  // user dictionaries replace them.
  const std::string data_dir = config.data_dir.empty() ? DefaultDataDir() : config.data_dir;
  const std::string path = (std::filesystem::path(data_dir) / kActorDataFile).string();
  auto shipped = LoadActorData(path);
  if (!shipped.ok()) {
    if (!config.replace_dictionaries || layers.empty()) return shipped.status();
  } else if (!config.replace_dictionaries || layers.empty()) {
    layers.push_back(shipped.value());
  } else {
    auto countries_only = std::make_shared<ActorData>();
    countries_only->countries = shipped.value()->countries;
    countries_only->actors.Finish();
    countries_only->agents.Finish();
    layers.push_back(std::move(countries_only));
  }
  return std::make_shared<const ActorMatcher>(std::move(layers));
}

void ActorMatcher::SplitCode(const std::string& code, std::string* country, std::string* sector) const {
  country->clear();
  sector->clear();
  if (code.size() < 3) return;
  auto it = countries_.find(code.substr(0, 3));
  if (it != countries_.end()) {
    *country = it->second;
    *sector = code.substr(3);
  }
}

void ActorMatcher::MatchAt(const PhraseLexicon& lex, const LexiconTokens& ids, const Document& doc,
                           const std::vector<std::string>& lower, size_t begin, size_t r, int32_t date,
                           bool agents, Match* best) const {
  if (ids.id.empty()) return;
  const std::string& text = doc.tokens[begin + r].text;
  const bool capitalised = !text.empty() && std::isupper(static_cast<unsigned char>(text[0]));
  ForEachCandidate(lex, ids, lower[begin + r], capitalised, r, [&](uint32_t id, uint32_t known) {
    const PhraseRecord& p = lex.phrase(id);
    if (p.word_count <= best->length || p.code_count == 0) return;
    const uint32_t length = PhraseMatches(lex, p, ids, lower, begin, r, known);
    if (length == 0) return;
    std::string_view code;
    if (agents) {
      code = lex.code_name(lex.code(p, 0).code);
    } else if (!SelectCode(lex, p, date, &code)) {
      return;
    }
    best->length = length;
    best->lexicon = &lex;
    best->phrase = id;
    best->code = code;
  });
}

void ActorMatcher::Annotate(Document& doc) const {
  doc.actors.clear();
  const std::vector<std::string> lower = LowerTokens(doc);
  const int32_t date = ParseDocumentDate(doc.date);
  std::vector<LexiconTokens> actor_ids(layers_.size()), agent_ids(layers_.size());
  // Agent head noun + code → (owner-qualified code, text) of its last country-qualified mention.
  std::map<std::string, std::pair<std::string, std::string>> agent_owner;
  SentenceKeys keys;
  struct Raw {
    uint32_t first, end;
    std::string code, evidence;
    bool agent;
  };
  // Agent phrases such as "EMBASSY_IN" end in a preposition: the actor after it is the partner.
  const auto ends_in_preposition = [&](const Raw& r) {
    const std::string_view last = lower[r.end - 1];
    return r.end - r.first > 1 && (last == "in" || last == "of" || last == "to" || last == "for" || last == "at" ||
                                   last == "from" || last == "on");
  };
  for (const Sentence& sentence : doc.sentences) {
    const size_t begin = sentence.first_token;
    const size_t end = std::min<size_t>(sentence.end_token, doc.tokens.size());
    if (begin >= end) continue;
    ComputeSentenceKeys(lower, begin, end, &keys);
    for (size_t l = 0; l < layers_.size(); ++l) {
      ComputeTokenIds(layers_[l]->actors, keys, &actor_ids[l]);
      ComputeTokenIds(layers_[l]->agents, keys, &agent_ids[l]);
    }
    std::vector<Raw> raw;
    const auto best_at = [&](size_t i, Match* actor, Match* agent) {
      for (size_t l = 0; l < layers_.size(); ++l) {
        MatchAt(layers_[l]->actors, actor_ids[l], doc, lower, begin, i - begin, date, false, actor);
        MatchAt(layers_[l]->agents, agent_ids[l], doc, lower, begin, i - begin, date, true, agent);
      }
      return std::max(actor->length, agent->length);
    };
    size_t i = begin;
    while (i < end) {
      Match actor, agent;
      const uint32_t length = best_at(i, &actor, &agent);
      if (length == 0) {
        ++i;
        continue;
      }
      // A match starting inside this one and reaching further wins ("The US state department":
      // "US state department", not "The US").
      bool overtaken = false;
      for (size_t k = 1; k < length && !overtaken; ++k) {
        Match inner_actor, inner_agent;
        overtaken = i + k + best_at(i + k, &inner_actor, &inner_agent) > i + length;
      }
      if (overtaken) {
        ++i;
        continue;
      }
      const bool is_agent = agent.length > actor.length;
      const Match& m = is_agent ? agent : actor;
      // "scaling a pole": a lower-case word the tagger reads as a common noun is no country or
      // nationality ("Pole"), whatever the dictionary's one-word entry says.
      const Token& first_token = doc.tokens[i];
      if (!is_agent && m.length == 1 && m.code.size() == 3 && first_token.upos == "NOUN" &&
          !first_token.text.empty() && std::islower(static_cast<unsigned char>(first_token.text[0])) != 0) {
        ++i;
        continue;
      }
      if (m.code != "---") {
        raw.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + m.length), std::string(m.code),
                       m.lexicon->Evidence(m.lexicon->phrase(m.phrase)), is_agent});
      }
      i += m.length;
    }
    // Combine agent nouns with the actor before them ("Iraqi militia", "Iraq's parliament") or
    // after "of"/"from"/"for" ("the president of Iraq").
    std::vector<bool> used(raw.size(), false);
    for (size_t a = 0; a < raw.size(); ++a) {
      if (!raw[a].agent) continue;
      int partner = -1;
      bool partner_before = true;
      if (a > 0 && !raw[a - 1].agent && !used[a - 1]) {
        const Raw& p = raw[a - 1];
        uint32_t gap_begin = p.end;
        if (gap_begin < raw[a].first && IsPossessiveToken(lower[gap_begin])) ++gap_begin;
        bool ok = raw[a].first - gap_begin <= 2;
        for (uint32_t t = gap_begin; ok && t < raw[a].first; ++t) ok = IsGapWord(lower[t], doc.tokens[t].text);
        if (ok) partner = static_cast<int>(a - 1);
      }
      if (partner >= 0 && ends_in_preposition(raw[a])) --raw[a].end;
      if (partner < 0 && a + 1 < raw.size() && !raw[a + 1].agent && ends_in_preposition(raw[a]) &&
          raw[a + 1].first == raw[a].end) {
        partner = static_cast<int>(a + 1);
        partner_before = false;
      }
      // "its troops from Lebanon", "their forces in Iraq": a possessive pronoun already names the
      // owner, so "from"/"in" + a country is where the agent is, not whose it is.
      const bool pronoun_owned = raw[a].first > static_cast<uint32_t>(begin) &&
                                 (lower[raw[a].first - 1] == "its" || lower[raw[a].first - 1] == "their" ||
                                  lower[raw[a].first - 1] == "his" || lower[raw[a].first - 1] == "her" ||
                                  lower[raw[a].first - 1] == "our");
      if (partner < 0 && a + 1 < raw.size() && !raw[a + 1].agent) {
        uint32_t t = raw[a].end;
        if (t < end && (lower[t] == "of" || ((lower[t] == "from" || lower[t] == "for" || lower[t] == "in") && !pronoun_owned))) {
          ++t;
          if (t < end && lower[t] == "the") ++t;
          // "the mayor of the northern West Bank city": up to two lower-case adjectives between.
          for (int skipped = 0; skipped < 2 && t < raw[a + 1].first && t < end; ++skipped) {
            const std::string& text = doc.tokens[t].text;
            const bool adjective = doc.tokens[t].upos.empty()
                                       ? false
                                       : doc.tokens[t].upos == "ADJ" && !text.empty() &&
                                             std::islower(static_cast<unsigned char>(text[0])) != 0;
            if (!adjective) break;
            ++t;
          }
          if (t == raw[a + 1].first) {
            partner = static_cast<int>(a + 1);
            partner_before = false;
          }
        }
      }
      // The agent's head noun ("embassy"), to resolve a later bare "the embassy".
      std::string head(LookupKey(lower[raw[a].end - 1]));
      if (partner < 0) {
        auto known = agent_owner.find(head + "|" + raw[a].code);
        if (known != agent_owner.end()) {
          // "the embassy" after "the US embassy": the same owner as the earlier mention.
          raw[a].evidence += " + same as earlier " + known->second.second;
          raw[a].code = known->second.first;
          continue;
        }
        std::string code = raw[a].code;
        code.erase(std::remove(code.begin(), code.end(), '~'), code.end());
        raw[a].code = code;
        continue;
      }
      const std::string agent_key = head + "|" + raw[a].code;
      Raw& p = raw[static_cast<size_t>(partner)];
      const std::string agent_code = raw[a].code;
      std::string code = p.code;
      if (!agent_code.empty() && agent_code[0] == '~') {
        const std::string suffix = agent_code.substr(1);
        if (code.size() < suffix.size() || code.compare(code.size() - suffix.size(), suffix.size(), suffix) != 0) {
          code += suffix;
        }
      } else {
        const std::string prefix = agent_code.substr(0, agent_code.find('~'));
        if (code.compare(0, prefix.size(), prefix) != 0) code = prefix + code;
      }
      raw[a].code = code;
      agent_owner[agent_key] = {code, "'" + doc.Slice(doc.tokens[std::min(raw[a].first, p.first)].begin,
                                                      doc.tokens[std::max(raw[a].end, p.end) - 1].end) + "'"};
      // "Lawmakers in Iraq and Syria": the agent applies to every country of the conjunction.
      if (!partner_before && !agent_code.empty() && agent_code[0] == '~') {
        const std::string suffix = agent_code.substr(1);
        for (size_t n = static_cast<size_t>(partner) + 1; n < raw.size(); ++n) {
          const uint32_t link = raw[n - 1].end;
          if (raw[n].agent || link >= end || raw[n].first != link + 1 ||
              (lower[link] != "and" && lower[link] != ",")) {
            break;
          }
          if (raw[n].code.size() != 3) break;  // a bare country code ("FOR", "SYR")
          raw[n].code += suffix;
          raw[n].evidence += " + " + raw[a].evidence + " (shared by the conjunction)";
        }
      }
      // "Hungarian and Romanian officials": the agent applies to every nationality of the
      // conjunction before it too.
      if (partner_before && !agent_code.empty() && agent_code[0] == '~') {
        const std::string suffix = agent_code.substr(1);
        for (size_t n = static_cast<size_t>(partner); n-- > 0;) {
          const uint32_t link = raw[n].end;
          if (raw[n].agent || used[n] || link >= end || raw[n + 1].first != link + 1 ||
              (lower[link] != "and" && lower[link] != ",")) {
            break;
          }
          // A bare country code of another country ("Argentina and Argentine troops" are two
          // mentions of one country, not a conjunction of modifiers).
          if (raw[n].code.size() != 3 || p.code.compare(0, 3, raw[n].code) == 0) break;
          raw[n].code += suffix;
          raw[n].evidence += " + " + raw[a].evidence + " (shared by the conjunction)";
        }
      }
      raw[a].evidence = partner_before ? p.evidence + " + " + raw[a].evidence : raw[a].evidence + " + " + p.evidence;
      raw[a].first = std::min(raw[a].first, p.first);
      raw[a].end = std::max(raw[a].end, p.end);
      used[static_cast<size_t>(partner)] = true;
    }
    // A title directly followed by a name is one mention ("Iranian Gen. Qassem Soleimani",
    // "US President Joe Biden"): the name's code wins unless it belongs to another country.
    for (size_t r = 0; r + 1 < raw.size(); ++r) {
      if (used[r] || !raw[r].agent) continue;
      size_t n = r + 1;
      while (n < raw.size() && used[n]) ++n;
      if (n >= raw.size() || raw[n].agent || raw[n].first != raw[r].end) continue;
      const std::string title_country = raw[r].code.size() >= 3 && raw[r].code.find('~') == std::string::npos
                                            ? raw[r].code.substr(0, 3) : "";
      const bool combined = raw[r].evidence.find(" + ") != std::string::npos;
      if (!combined || title_country == raw[n].code.substr(0, 3)) raw[r].code = raw[n].code;
      raw[r].evidence += " + " + raw[n].evidence;
      raw[r].end = raw[n].end;
      used[n] = true;
    }
    size_t first_new = doc.actors.size();
    for (size_t r = 0; r < raw.size(); ++r) {
      if (used[r]) continue;
      ActorMention mention;
      mention.first_token = raw[r].first;
      mention.end_token = raw[r].end;
      mention.code = raw[r].code;
      // Codes of a member state inside a former federation ("SCGSRB" Serbia within Serbia and
      // Montenegro, "USRUKR", "YUGBIH", dated entries of the Phoenix dictionaries) name the
      // member: the federation prefix is dropped, so that country and sector are the member's.
      if (mention.code.size() >= 6 && countries_.count(mention.code.substr(3, 3)) > 0) {
        const std::string federation = mention.code.substr(0, 3);
        if (federation == "SCG" || federation == "YUG" || federation == "USR" || federation == "SUN" ||
            federation == "CSK") {
          mention.code.erase(0, 3);
        }
      }
      if (raw[r].agent && raw[r].code.find('~') == std::string::npos && raw[r].evidence.find(" + ") == std::string::npos) {
        mention.sector = mention.code;  // an agent noun with no owner: code and sector are the role
      } else {
        SplitCode(mention.code, &mention.country, &mention.sector);
      }
      mention.evidence = raw[r].evidence;
      doc.actors.push_back(std::move(mention));
    }
    // A bare agent ("the president", "officials") takes the country of the sentence when every
    // country-qualified mention before it names the same country; otherwise it stays country-less.
    // A dateline ("LYON:", "GAZA CITY, Palestinian Territories --") is where the story was filed,
    // not a participant's country.
    size_t dateline_end = begin;
    for (size_t t = begin; t < end && t < begin + 8; ++t) {
      if (lower[t] == ":" || lower[t] == "--" || lower[t] == "\xE2\x80\x94") {
        dateline_end = t + 1;
        break;
      }
    }
    std::string context_country;
    bool one_country = true;
    for (size_t m = first_new; m < doc.actors.size(); ++m) {
      ActorMention& mention = doc.actors[m];
      if (mention.first_token < dateline_end) continue;
      const bool bare = mention.country.empty() && !mention.sector.empty() && mention.sector == mention.code;
      if (!bare) {
        if (mention.country.empty() || mention.code.size() < 3) continue;
        const std::string prefix = mention.code.substr(0, 3);
        if (context_country.empty()) {
          context_country = prefix;
        } else if (context_country != prefix) {
          one_country = false;
        }
        continue;
      }
      if (!one_country || context_country.empty()) continue;
      mention.code = context_country + mention.code;
      mention.evidence += " + country of the sentence " + context_country;
      SplitCode(mention.code, &mention.country, &mention.sector);
    }
  }
}

namespace {

class ActorStage : public Stage {
 public:
  explicit ActorStage(std::shared_ptr<const ActorMatcher> matcher) : matcher_(std::move(matcher)) {}
  std::string_view name() const override { return "actors"; }
  LayerSet needs() const override { return kLayerTokens | kLayerSentences; }
  LayerSet sets() const override { return kLayerActors; }
  Status Process(Document& doc) const override {
    matcher_->Annotate(doc);
    return Status::Ok();
  }

 private:
  std::shared_ptr<const ActorMatcher> matcher_;
};

const StageRegistration kReg("actors", [](const StageConfig& config) -> Result<std::unique_ptr<Stage>> {
  auto matcher = ActorMatcher::Create(config);
  if (!matcher.ok()) return matcher.status();
  return std::unique_ptr<Stage>(std::make_unique<ActorStage>(matcher.value()));
});

}  // namespace
}  // namespace dyad
