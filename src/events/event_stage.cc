// Stage "events": CAMEO verb-pattern event coding over tokens and actor mentions.
#include <algorithm>
#include <cctype>
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

// Verbs that report speech: their own event is dropped when the sentence codes another event
// (the reported content is the event, "X said Y attacked Z").
bool IsReportingLemma(std::string_view lemma) {
  return lemma == "SAY" || lemma == "TELL" || lemma == "STATE" || lemma == "ANNOUNCE" || lemma == "ADD" ||
         lemma == "REPORT" || lemma == "CLAIM";
}

// Conjunctions that open an adverbial clause ("as", "after", "when" …).
bool IsSubordinator(std::string_view t) {
  return t == "as" || t == "after" || t == "when" || t == "while" || t == "because" || t == "since" ||
         t == "although" || t == "though" || t == "whereas" || t == "before" || t == "until" || t == "if" ||
         t == "unless" || t == "once";
}

// Past and present forms of reporting verbs, as they close a sentence (", officials said").
bool IsReportingForm(std::string_view t) {
  static const std::vector<std::string_view> kWords = {
      "said", "says", "announced", "announces", "reported", "reports", "confirmed", "confirms", "told",
      "added", "stated", "quoted", "declared", "claimed", "alleged", "wrote", "noted"};
  return std::find(kWords.begin(), kWords.end(), t) != kWords.end();
}

// Lemmas (tagger lemmas, lower case) of verbs whose clausal complement is what they demand.
bool IsDemandLemma(std::string_view lemma) {
  return lemma == "demand" || lemma == "urge" || lemma == "insist" || lemma == "ask" || lemma == "request";
}

// Words that open a new clause: an object is not looked for past them.
bool IsClauseBreak(std::string_view t) {
  return t == "but" || t == "while" || t == "whereas" || t == "although" || t == "though" || t == "because" ||
         t == ";";
}

// CAMEO 01x (public statements) are verbal events; any other code is a substantive one.
bool IsStatementCode(std::string_view cameo) { return cameo.starts_with("01"); }

// The event participant for actor mention `m`: its code and exact text span.
EventActor MentionToEventActor(const Document& doc, int32_t m) {
  const ActorMention& a = doc.actors[static_cast<size_t>(m)];
  EventActor ea;
  ea.begin = doc.tokens[a.first_token].begin;
  ea.end = doc.tokens[a.end_token - 1].end;
  ea.text = doc.Slice(ea.begin, ea.end);
  ea.code = a.code;
  ea.country = a.country;
  ea.sector = a.sector;
  return ea;
}

// Statements that give way to a substantive event coded in the same sentence. Claims and
// denials of responsibility (015, 016) are events in their own right: "X denied any role in
// the attacks" is a denial, not an attack.
bool IsDroppableStatementCode(std::string_view cameo) {
  return IsStatementCode(cameo) && !cameo.starts_with("015") && !cameo.starts_with("016");
}

// Codes of verbs whose "to" + verb complement is the content of an intent, demand, refusal or
// threat ("pledged to", "threatened to cut off", "refused to deploy"): the main verb is the
// event. Decision verbs (the dictionary's SELECT block: "voted to expel", "decided to") leave
// the coding to the complement.
bool IsIntentCode(std::string_view cameo, std::string_view block) {
  if (block == "SELECT") return false;
  return cameo.starts_with("03") || cameo.starts_with("10") || cameo.starts_with("12") || cameo.starts_with("13");
}

// Verbs that take an -ing complement ("kept fighting", "started shelling").
bool IsAspectualVerb(std::string_view t) {
  static const std::vector<std::string_view> kWords = {
      "keep", "keeps", "kept", "start", "starts", "started", "begin", "begins", "began", "begun",
      "continue", "continues", "continued", "stop", "stops", "stopped", "resume", "resumed",
      "resumes", "finish", "finished", "quit", "avoid", "avoided", "denied", "deny", "admitted", "admit"};
  return std::find(kWords.begin(), kWords.end(), t) != kWords.end();
}

// Participles that, after a be-form and before "to" + verb, only qualify the complement.
bool IsHedgeParticiple(std::string_view t) {
  return t == "expected" || t == "scheduled" || t == "set" || t == "due" || t == "supposed" || t == "believed" ||
         t == "thought" || t == "reported" || t == "said" || t == "likely" || t == "poised" || t == "slated";
}

// Words before "to" + verb that state readiness or a plan: the act is announced, not done
// ("is willing to send", "is prepared to impose", "plans to hold").
bool IsIntentFrame(std::string_view t) {
  static const std::vector<std::string_view> kWords = {
      "willing", "ready", "prepared", "determined", "eager", "plans", "plan", "planned", "planning", "intends",
      "intend", "intended", "intending", "poised", "set"};
  return std::find(kWords.begin(), kWords.end(), t) != kWords.end();
}

bool IsNegation(std::string_view t) { return t == "not" || t == "n't" || t == "never" || t == "no"; }

// Forms of verbs whose "to" + verb complement did not happen ("refused to deploy", "declined to
// meet", "failed to reach").
bool IsRefusalForm(std::string_view t) {
  static const std::vector<std::string_view> kWords = {"refuse",  "refuses",  "refused",  "refusing",
                                                       "decline", "declines", "declined", "declining",
                                                       "fail",    "fails",    "failed",   "failing"};
  return std::find(kWords.begin(), kWords.end(), t) != kWords.end();
}

// Forms of "deny", whose -ing or that-clause complement is denied ("denied shelling the village").
bool IsDenialForm(std::string_view t) { return t == "deny" || t == "denies" || t == "denied" || t == "denying"; }

// Tagger lemmas of the verbs above.
bool IsNegatingLemma(std::string_view lemma) {
  return lemma == "deny" || lemma == "refuse" || lemma == "decline" || lemma == "fail";
}

// Is the verb at [form_begin, form_end) of sentence [begin, end) conditional or only possible
// (surface rule)? A condition ("if it is attacked", "unless X withdraws", "in case Y strikes"),
// the consequent of one ("If X strikes, Y will retaliate", "Y will retaliate if X strikes"), a
// possibility modal ("could", "might", "may") or a counterfactual ("would have") before it.
bool IsHypotheticalSurface(const std::vector<std::string>& lower, const Document& doc, uint32_t begin,
                           uint32_t end, uint32_t form_begin, uint32_t form_end) {
  const auto opens_condition = [&](uint32_t q) {
    return lower[q] == "if" || lower[q] == "unless" || (lower[q] == "case" && q > begin && lower[q - 1] == "in");
  };
  const auto clause_edge = [&](uint32_t q) { return lower[q] == "," || IsHardBoundary(lower[q]) || IsClauseBreak(lower[q]); };
  uint32_t first = begin;
  while (first < end && !lower[first].empty() && !std::isalnum(static_cast<unsigned char>(lower[first][0]))) ++first;
  if (first < end && (lower[first] == "if" || lower[first] == "unless")) return true;
  for (uint32_t q = form_begin; q > begin && form_begin - q < 8; --q) {
    if (clause_edge(q - 1)) break;
    if (opens_condition(q - 1)) return true;
  }
  for (uint32_t q = form_end; q < end && q - form_end < 8; ++q) {
    if (clause_edge(q)) break;
    if (lower[q] == "if" || lower[q] == "unless" || (lower[q] == "in" && q + 1 < end && lower[q + 1] == "case")) return true;
  }
  for (uint32_t q = form_begin, n = 0; q > begin && n < 3; --q, ++n) {
    const std::string_view w = lower[q - 1];
    const bool lower_case = !doc.tokens[q - 1].text.empty() &&
                            std::islower(static_cast<unsigned char>(doc.tokens[q - 1].text[0])) != 0;
    if (w == "could" || w == "might" || (w == "may" && lower_case)) return true;
    if (w == "would" && lower[q] == "have") return true;
    if (!(w.ends_with("ly") || IsNegation(w) || w == "also" || w == "have" || w == "be" || w == "still")) break;
  }
  return false;
}

// Is the verb at `form_begin` the complement of a refusal ("refused to attack") or a denial
// ("denied shelling", "denied that it shelled") in the same clause (surface rule)?
bool IsNegatedByGovernorSurface(const std::vector<std::string>& lower, uint32_t begin, uint32_t form_begin) {
  if (form_begin >= begin + 2 && lower[form_begin - 1] == "to" && IsRefusalForm(lower[form_begin - 2])) return true;
  for (uint32_t q = form_begin; q > begin && form_begin - q < 8; --q) {
    const std::string_view w = lower[q - 1];
    if (w == "," || w == "and" || IsHardBoundary(w) || IsClauseBreak(w)) break;
    if (IsDenialForm(w)) return true;
  }
  return false;
}

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
  const Vocabulary* verbs = nullptr;  // the coder's verb words
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
      // "X and the evil awful Y": up to three lower-case modifiers (no verbs) before the member.
      for (uint32_t skipped = 0; skipped < 3 && t < end && MentionAt(t) < 0; ++skipped) {
        const std::string_view w = Lower(t);
        const std::string& text = doc->tokens[t].text;
        const bool modifier = !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
                              (w == "the" || (!text.empty() && text[0] >= 'a' && text[0] <= 'z')) &&
                              verbs->Find(w) < 0 && !IsPreposition(w) && w != "and" && w != "or";
        if (!modifier) break;
        ++t;
      }
      *next = MentionAt(t);
      return *next >= 0 ? kind : 0;
    };
    // Walk back to the start of the chain, then forward over it.
    int32_t first = m;
    for (int32_t guard = 0; guard < 32; ++guard) {
      const uint32_t start = actors[static_cast<size_t>(first)].first_token;
      bool found = false;
      for (uint32_t back = start; back > begin && start - back < 6; --back) {
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
  // The comma opening a trailing attribution (", the White House announced Tuesday", ", a
  // Jordanian official confirmed"); `end` when there is none.
  uint32_t attribution_from = 0;
  // Dependency parse of the sentence (set when every token has a relation: tag + parse ran).
  bool parsed = false;
  std::vector<std::vector<uint32_t>> children;  // per token of the sentence: dependents, in order
  const std::vector<uint32_t>& Children(uint32_t t) const { return children[t - begin]; }
  const std::string& Rel(uint32_t t) const { return doc->tokens[t].deprel; }
  int32_t Head(uint32_t t) const {
    const int32_t h = doc->tokens[t].head;
    return h >= static_cast<int32_t>(begin) && h < static_cast<int32_t>(end) ? h : -1;
  }
  // The preposition (case marker) of a nominal, "" when none.
  std::string_view CaseOf(uint32_t t) const {
    for (uint32_t c : Children(t)) {
      if (Rel(c) == "case" && c < t) return Lower(c);
    }
    return "";
  }
  // Does verb `v` have a relative pronoun among its dependents ("which shelled", "who fled")?
  bool HasRelativePronoun(uint32_t v) const {
    for (uint32_t c : Children(v)) {
      const std::string_view w = Lower(c);
      if (w == "who" || w == "which" || w == "whom" || w == "whose") return true;
    }
    return false;
  }
  // Does relative-clause verb `v` have a relative pronoun ("which Iran supports", "who fled")
  // or no subject of its own ("a plan aimed at …")?
  bool IsMarkedRelative(uint32_t v) const {
    bool subject = false;
    for (uint32_t c : Children(v)) {
      const std::string_view w = Lower(c);
      if (w == "who" || w == "which" || w == "that" || w == "whom" || w == "whose" || w == "where") return true;
      for (uint32_t g : Children(c)) {
        if (Lower(g) == "whose" || Lower(g) == "which") return true;
      }
      if (Rel(c).starts_with("nsubj")) subject = true;
    }
    return !subject;
  }
  bool HasMark(uint32_t t, std::string_view word) const {
    for (uint32_t c : Children(t)) {
      if (Rel(c) == "mark" && Lower(c) == word) return true;
    }
    return false;
  }
  bool HasChild(uint32_t t, std::string_view rel) const {
    for (uint32_t c : Children(t)) {
      if (Rel(c) == rel) return true;
    }
    return false;
  }
  // The actor a nominal stands for: the mention covering it, else one among its modifiers
  // (apposition "Haddad, a spokesman for the Ansar Brigade", "forces of X", compounds,
  // possessives), not through a place complement ("troops in Iraq"). A relative pronoun stands
  // for the noun its clause modifies.
  int32_t MentionOfNominal(uint32_t t, int depth = 0) const {
    const int32_t own = MentionCovering(t);
    if (own >= 0) return own;
    const std::string_view w = Lower(t);
    if (w == "who" || w == "which" || w == "that") {
      const int32_t verb = Head(t);
      if (verb >= 0 && Rel(static_cast<uint32_t>(verb)).starts_with("acl")) {
        const int32_t noun = Head(static_cast<uint32_t>(verb));
        if (noun >= 0 && depth < 3) return MentionOfNominal(static_cast<uint32_t>(noun), depth + 1);
      }
      return -1;
    }
    if (depth >= 2) return -1;
    for (uint32_t c : Children(t)) {
      const std::string& rel = Rel(c);
      if (rel != "appos" && rel != "nmod" && rel != "nmod:poss" && rel != "compound" && rel != "amod" &&
          rel != "flat") {
        continue;
      }
      if (rel == "nmod") {
        const std::string_view prep = CaseOf(c);
        if (prep != "of" && prep != "for" && prep != "from") continue;
      }
      const int32_t m = MentionOfNominal(c, depth + 1);
      if (m >= 0) return m;
    }
    return -1;
  }
  bool IsPronoun(uint32_t t) const { return doc->tokens[t].upos == "PRON"; }
  // Is mention `m` a lower-case agent word modifying a noun that names no actor and is not a
  // subject ("conducting military exercises", "resume terrorist activities")? Such a word
  // describes a thing and is no recipient (parse rule).
  bool IsModifierMention(int32_t m) const {
    if (!parsed || m < 0) return false;
    const ActorMention& a = doc->actors[static_cast<size_t>(m)];
    if (a.end_token - a.first_token != 1 || a.sector.empty()) return false;
    const Token& own = doc->tokens[a.first_token];
    if (own.text.empty() || std::islower(static_cast<unsigned char>(own.text[0])) == 0) return false;
    if (own.deprel != "compound" && own.deprel != "amod") return false;
    const int32_t h = Head(a.first_token);
    if (h <= static_cast<int32_t>(a.first_token)) return false;
    const uint32_t head = static_cast<uint32_t>(h);
    return doc->tokens[head].upos == "NOUN" && MentionCovering(head) < 0 && !Rel(head).starts_with("nsubj");
  }
  // Is verb `v` conditional or only possible (parse rule)? It, or a verb it is the infinitive or
  // conjunct of, opens with "if"/"unless" (the condition), has an if/unless clause (the
  // consequent) or a could/might/may auxiliary.
  bool IsHypotheticalParse(uint32_t v) const {
    const auto is_condition_mark = [&](uint32_t c) {
      return Rel(c) == "mark" && (Lower(c) == "if" || Lower(c) == "unless");
    };
    uint32_t n = v;
    for (int depth = 0; depth < 4; ++depth) {
      for (uint32_t c : Children(n)) {
        if (is_condition_mark(c)) return true;
        if (Rel(c) == "aux" && (Lower(c) == "could" || Lower(c) == "might" || Lower(c) == "may")) return true;
        if (Rel(c) == "advcl") {
          for (uint32_t g : Children(c)) {
            if (is_condition_mark(g)) return true;
          }
        }
      }
      const int32_t h = Head(n);
      if (h < 0 || (Rel(n) != "xcomp" && Rel(n) != "conj")) break;
      n = static_cast<uint32_t>(h);
    }
    return false;
  }
  // Is verb `v` the complement of deny, refuse, decline or fail (parse rule)?
  bool IsNegatedByGovernorParse(uint32_t v) const {
    if (Rel(v) != "xcomp" && Rel(v) != "ccomp") return false;
    const int32_t h = Head(v);
    return h >= 0 && IsNegatingLemma(doc->tokens[static_cast<uint32_t>(h)].lemma);
  }
  // Subject token of verb `v` (-1 when none): its own nsubj, or, for a verb without one, the
  // controller of an infinitive ("asked X to help": X; "decided to attack": the decider), the
  // subject shared over coordination, the noun a relative or participial clause modifies.
  // *passive is set when that subject is the patient.
  int32_t SubjectOf(uint32_t v, bool* passive, int depth = 0) const {
    for (uint32_t c : Children(v)) {
      const std::string& rel = Rel(c);
      if (rel == "nsubj" || rel == "nsubj:outer") return static_cast<int32_t>(c);
      if (rel == "nsubj:pass") {
        *passive = true;
        return static_cast<int32_t>(c);
      }
    }
    if (depth >= 3) return -1;
    const int32_t head = Head(v);
    if (head < 0) return -1;
    const std::string& rel = Rel(v);
    const uint32_t h = static_cast<uint32_t>(head);
    if (rel == "xcomp") {
      for (uint32_t c : Children(h)) {
        if (Rel(c) == "obj" && c < v) return static_cast<int32_t>(c);
      }
      bool head_passive = false;
      return SubjectOf(h, &head_passive, depth + 1);
    }
    if (rel == "conj") return SubjectOf(h, passive, depth + 1);
    if (rel == "acl:relcl") return -1;  // the relative pronoun is the nsubj when it is the subject
    if (rel == "acl") {
      // "a base housing US troops": the noun acts; "a militia backed by Iran": it undergoes. A
      // past participle without a "by" agent is left to the surface rules (the tagger often
      // reads a main verb "X fired" as a reduced relative).
      if (doc->tokens[v].xpos == "VBG") return head;
      if (AgentOf(v) >= 0) {
        *passive = true;
        return head;
      }
    }
    return -1;
  }
  // The "by" agent of a passive verb.
  int32_t AgentOf(uint32_t v) const {
    for (uint32_t c : Children(v)) {
      const std::string& rel = Rel(c);
      if ((rel == "obl" || rel == "obl:agent") && CaseOf(c) == "by") return MentionOfNominal(c);
    }
    return -1;
  }
  // The recipient of verb `v`: its object, else its indirect object, else the first
  // prepositional argument that is not a place ("in", "near" …) or the passive's agent.
  // An object the subject owns ("offered its troops to X", "withdraw their forces from Y") is
  // the actor's own means: the prepositional argument, when there is one, is the recipient.
  int32_t ObjectOf(uint32_t v, bool passive) const {
    int32_t found = -1;
    for (const char* wanted : {"obj", "iobj"}) {
      for (uint32_t c : Children(v)) {
        if (Rel(c) != wanted) continue;
        found = MentionOfNominal(c);
        if (IsModifierMention(found)) found = -1;
        if (found >= 0 && !passive && IsSelfPossessed(c)) {
          const int32_t other = ArgumentOf(v, passive, /*with_origin=*/true);
          if (other >= 0 && other != found) return other;
        }
        if (found >= 0) return found;
        // "granted asylum to X", "a base housing US troops": the object's own argument.
        for (uint32_t g : Children(c)) {
          if (Rel(g) == "nmod" && !IsLocative(CaseOf(g))) found = MentionOfNominal(g);
          if (Rel(g) == "acl") {
            for (uint32_t o : Children(g)) {
              if (Rel(o) == "obj") found = MentionOfNominal(o);
            }
          }
          if (found >= 0) return found;
        }
      }
    }
    return ArgumentOf(v, passive, /*with_origin=*/false);
  }
  // The first prepositional argument of `v` that is not a place, a time or (unless
  // `with_origin`) an origin, nor the passive's agent.
  int32_t ArgumentOf(uint32_t v, bool passive, bool with_origin) const {
    for (uint32_t c : Children(v)) {
      const std::string& rel = Rel(c);
      if (rel != "obl" && rel != "obl:tmod" && rel != "obl:npmod") continue;
      const std::string_view prep = CaseOf(c);
      if (prep.empty() || IsLocative(prep) || (prep == "from" && !with_origin) || prep == "during" ||
          prep == "after" || prep == "before" || (passive && prep == "by")) {
        continue;
      }
      const int32_t found = MentionOfNominal(c);
      if (found >= 0) return found;
    }
    return -1;
  }
  // Is nominal `t` possessed by a pronoun ("its troops", "their forces")?
  bool IsSelfPossessed(uint32_t t) const {
    for (uint32_t c : Children(t)) {
      if (Rel(c) == "nmod:poss" && IsPronoun(c)) return true;
    }
    return false;
  }
  // The text of the phrase headed by `t` (its dependents' span, without a leading case marker).
  std::string PhraseText(uint32_t t) const {
    uint32_t first = t, last = t;
    std::vector<uint32_t> stack{t};
    // Bounded by the sentence length, so a malformed (cyclic) parse cannot loop.
    for (uint32_t visited = 0; !stack.empty() && visited < end - begin; ++visited) {
      const uint32_t n = stack.back();
      stack.pop_back();
      first = std::min(first, n);
      last = std::max(last, n);
      for (uint32_t c : Children(n)) {
        if (Rel(c) != "case" && Rel(c) != "punct" && Rel(c) != "fixed" && Rel(c) != "acl:relcl") stack.push_back(c);
      }
    }
    return doc->Slice(doc->tokens[first].begin, doc->tokens[last].end);
  }
  // Who reports what verb `v` states: the subject of the reporting verb whose complement it is
  // ("officials said X attacked Y", "X attacked Y, officials said") or the source of an
  // "according to" phrase ("according to Newsweek"); "" when unstated.
  std::string AttributionOf(uint32_t v) const {
    const auto reporting = [&](uint32_t r) {
      const std::string& lemma = doc->tokens[r].lemma;
      return lemma == "say" || lemma == "tell" || lemma == "report" || lemma == "claim" || lemma == "announce" ||
             lemma == "state" || lemma == "add" || lemma == "allege";
    };
    const auto subject_text = [&](uint32_t r) -> std::string {
      for (uint32_t c : Children(r)) {
        if (Rel(c) == "nsubj") return PhraseText(c);
      }
      return "";
    };
    for (uint32_t n = v, depth = 0; depth < 4; ++depth) {
      // "X attacked Y, officials said": the reporting verb hangs off the event verb (parataxis,
      // or a conjunct with no complement of its own).
      for (uint32_t c : Children(n)) {
        if (c < n || !reporting(c)) continue;
        if (Rel(c) == "parataxis" || (Rel(c) == "conj" && !HasChild(c, "ccomp") && !HasChild(c, "obj"))) {
          return subject_text(c);
        }
      }
      const int32_t h = Head(n);
      if (h < 0) break;
      const std::string& rel = Rel(n);
      if ((rel == "ccomp" || rel == "parataxis") && reporting(static_cast<uint32_t>(h))) {
        return subject_text(static_cast<uint32_t>(h));
      }
      if (rel != "conj" && rel != "xcomp" && rel != "ccomp") break;
      n = static_cast<uint32_t>(h);
    }
    for (uint32_t t = begin; t + 2 < end; ++t) {
      if (Lower(t) != "according" || Lower(t + 1) != "to") continue;
      const int32_t h = Head(t);
      if (h >= 0) return PhraseText(static_cast<uint32_t>(h));
    }
    return "";
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

// Removes the events from `first` on whose flag in `drop` (indexed from `first`) is set,
// keeping the order of the others.
void EraseFlaggedEvents(Document& doc, size_t first, const std::vector<bool>& drop) {
  size_t keep = first;
  for (size_t e = first; e < doc.events.size(); ++e) {
    if (drop[e - first]) continue;
    if (keep != e) doc.events[keep] = std::move(doc.events[e]);
    ++keep;
  }
  doc.events.resize(keep);
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

void EventCoder::CodeNominalEvents(Document& doc, const SentenceContext& ctx, const std::vector<int32_t>& mentions,
                                   uint32_t sentence, std::vector<bool>* speech_event) const {
  // Event nouns followed by their target: "airstrikes on X", "an attack at a base housing X",
  // "the assassination of X". The source is an actor right before the noun ("US airstrikes").
  struct EventNoun {
    std::string_view first, second;  // second is "" for one-word nouns
    std::string_view cameo;
  };
  static constexpr EventNoun kNouns[] = {
      {"attack", "", "190"},       {"attacks", "", "190"},      {"assault", "", "190"},
      {"assaults", "", "190"},     {"airstrike", "", "195"},    {"airstrikes", "", "195"},
      {"air", "strike", "195"},    {"air", "strikes", "195"},   {"air-strike", "", "195"},
      {"air-strikes", "", "195"},  {"bombing", "", "183"},      {"bombings", "", "183"},
      {"shelling", "", "194"},     {"assassination", "", "186"}, {"invasion", "", "192"},
  };
  const auto& lower = *ctx.lower;
  for (uint32_t t = ctx.begin; t < ctx.end; ++t) {
    if (ctx.MentionCovering(t) >= 0) continue;
    const EventNoun* noun = nullptr;
    for (const EventNoun& n : kNouns) {
      if (lower[t] != n.first) continue;
      if (!n.second.empty() && (t + 1 >= ctx.end || lower[t + 1] != n.second)) continue;
      noun = &n;
      break;
    }
    if (noun == nullptr) continue;
    const uint32_t noun_end = t + (noun->second.empty() ? 1 : 2);
    // Already the trigger of a verb event ("X attacked Y" is coded by the verb).
    bool coded = false;
    // Events are appended in sentence order: only this sentence's tail is looked at.
    for (auto e = doc.events.rbegin(); e != doc.events.rend() && e->sentence == sentence; ++e) {
      coded = coded || e->trigger_begin == doc.tokens[t].begin;
    }
    if (coded || noun_end >= ctx.end) continue;
    const std::string_view prep = lower[noun_end];
    const bool of_target = noun->cameo == "186" || noun->cameo == "192";
    if (!(prep == "on" || prep == "against" || prep == "at" || prep == "in" || (of_target && prep == "of"))) continue;
    // The target: the first mention within five tokens after the preposition ("at a base
    // housing US troops" → the troops), not past a boundary.
    int32_t target = -1;
    for (uint32_t q = noun_end + 1; q < ctx.end && q <= noun_end + 5; ++q) {
      if (IsHardBoundary(lower[q]) || IsClauseBreak(lower[q]) || lower[q] == ",") break;
      target = ctx.MentionAt(q);
      if (target >= 0) break;
    }
    if (target < 0) continue;
    // "attacks in Kabul": a place is not a target unless the place is all there is.
    if (prep == "in" && doc.actors[static_cast<size_t>(target)].sector.empty()) continue;
    int32_t source = -1;
    for (uint32_t back = t, n = 0; back > ctx.begin && n < 3; --back, ++n) {
      const int32_t m = ctx.MentionCovering(back - 1);
      if (m >= 0) {
        source = m;
        break;
      }
      const std::string_view w = lower[back - 1];
      if (w == "'s") continue;  // "Biden's recent airstrikes"
      if (IsDeterminer(w) || IsPreposition(w) || IsVerbContext(w) || IsHardBoundary(w)) break;
    }
    if (source >= 0 && std::find(mentions.begin(), mentions.end(), source) == mentions.end()) source = -1;
    if (source >= 0 && doc.actors[static_cast<size_t>(source)].code == doc.actors[static_cast<size_t>(target)].code) continue;
    // With no source of its own the noun usually restates a coded violent event ("launched an
    // air strike", "killed ... in an attack on"): not a second event.
    bool restates = false;
    for (auto e = doc.events.rbegin(); e != doc.events.rend() && e->sentence == sentence; ++e) {
      restates = restates || e->quad_class == 4;
    }
    if (source < 0 && restates) continue;
    const auto event_actor = [&doc](int32_t m) { return MentionToEventActor(doc, m); };
    Event event;
    event.cameo = std::string(noun->cameo);
    const CameoInfo info = Describe(event.cameo);
    event.plover = info.plover;
    event.mode = info.mode;
    event.context = info.context;
    event.quad_class = info.quad_class;
    event.goldstein = info.goldstein;
    if (source >= 0) event.actors.push_back(event_actor(source));
    for (int32_t m : ctx.CompoundMembers(target)) event.recipients.push_back(event_actor(m));
    event.date = doc.date;
    event.trigger_begin = doc.tokens[t].begin;
    event.trigger_end = doc.tokens[noun_end - 1].end;
    event.sentence = sentence;
    event.evidence = "nominal event: " + doc.Slice(event.trigger_begin, event.trigger_end) + " " + std::string(prep);
    doc.events.push_back(std::move(event));
    speech_event->push_back(false);
    t = noun_end;
  }
}

bool EventCoder::IsModifierAgent(const ActorMention& mention, const std::vector<std::string>& lower,
                                 uint32_t sentence_end) const {
  // A bare agent noun used as an adjective ("military aid", "an official protest", "a government
  // offensive") names no participant: it is followed by a lower-case content word that is not a verb.
  if (!mention.country.empty() || mention.sector.empty() || mention.sector != mention.code) return false;
  if (mention.end_token - mention.first_token != 1 || mention.end_token >= sentence_end) return false;
  const std::string_view next = lower[mention.end_token];
  if (next.size() < 3 || !std::all_of(next.begin(), next.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return false;
  }
  if (IsPreposition(next) || IsAuxiliary(next) || IsVerbContext(next) || IsDeterminer(next) || IsClauseBreak(next)) {
    return false;
  }
  return verb_words_.Find(next) < 0;
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
    ctx.verbs = &verb_words_;
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
      if (IsModifierAgent(a, lower, ctx.end)) continue;
      mentions.push_back(static_cast<int32_t>(m));
      ctx.mention_at[a.first_token - ctx.begin] = static_cast<int32_t>(m);
      for (uint32_t t = a.first_token; t < a.end_token && t < ctx.end; ++t) ctx.mention_cover[t - ctx.begin] = static_cast<int32_t>(m);
    }
    if (discarded[s] || mentions.empty()) continue;
    ctx.parsed = true;
    for (uint32_t t = ctx.begin; t < ctx.end && ctx.parsed; ++t) ctx.parsed = !doc.tokens[t].deprel.empty();
    if (ctx.parsed) {
      ctx.children.assign(ctx.end - ctx.begin, {});
      for (uint32_t t = ctx.begin; t < ctx.end; ++t) {
        const int32_t h = ctx.Head(t);
        if (h >= 0) ctx.children[static_cast<uint32_t>(h) - ctx.begin].push_back(t);
      }
    }
    ctx.attribution_from = ctx.end;
    for (uint32_t t = ctx.end; t-- > ctx.begin + 1;) {
      if (lower[t] != ",") continue;
      bool reporting = false, boundary = false;
      for (uint32_t q = t + 1; q < ctx.end && q <= t + 8 && !reporting && !boundary; ++q) {
        reporting = IsReportingForm(lower[q]);
        boundary = lower[q] == "," || lower[q] == "that" || IsClauseBreak(lower[q]);
      }
      if (reporting) ctx.attribution_from = t;
      break;
    }
    for (uint32_t t = ctx.begin; t < ctx.end; ++t) {
      if (!lower[t].empty()) {
        const uint32_t bit = PrefixKey(lower[t]) % kBloomBits;
        ctx.bloom[bit / 64] |= uint64_t{1} << (bit % 64);
      }
    }

    const size_t sentence_events = doc.events.size();
    std::vector<bool> speech_event;  // per event of this sentence: a statement or reporting-verb event
    uint32_t last_event_end = 0;     // end of the last verb that coded an event in this sentence
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
      // The complement of a refusal or denial ("refused to attack", "denied shelling") is coded,
      // flagged as negated.
      const bool negated_by_governor = IsNegatedByGovernorSurface(lower, ctx.begin, form_begin) ||
                                       (ctx.parsed && ctx.IsNegatedByGovernorParse(t));
      // A purpose or complement infinitive or gerund after an event coded earlier in the same
      // clause ("met X to discuss", "asked Y to help Z", "accused X of violating") belongs to that
      // event's verb phrase.
      const bool complement_gerund = form_begin > ctx.begin && lower[t].ends_with("ing") &&
                                     (lower[form_begin - 1] == "of" || lower[form_begin - 1] == "for" ||
                                      lower[form_begin - 1] == "in" || lower[form_begin - 1] == "by");
      if (last_event_end > 0 && !negated_by_governor && form_begin > ctx.begin &&
          (lower[form_begin - 1] == "to" || complement_gerund)) {
        bool same_clause = true;
        for (uint32_t q = last_event_end; q < form_begin && same_clause; ++q) {
          same_clause = !IsHardBoundary(lower[q]) && !IsClauseBreak(lower[q]) && lower[q] != "and" && lower[q] != ",";
        }
        if (same_clause) continue;
      }
      // Shallow noun/verb disambiguation: a determiner or preposition before the verb means a
      // noun ("the attack", "spate of attacks"); a base or -s form needs a subject or an
      // auxiliary right before it ("US troops attack", "to attack"), not a modifier ("drone attack").
      if (IsPrepositionalParticiple(lower[t])) continue;
      // A participle with its agent modifying a noun ("a militia backed by Iran", "forces
      // supported by Turkey") describes the noun: an actor attribute, not an event.
      if (ctx.parsed && ctx.Rel(t) == "acl" && doc.tokens[t].xpos == "VBN" && ctx.AgentOf(t) >= 0) continue;
      // "X demanded that Y cancel …": the complement of a demand is its content, not an event.
      if (ctx.parsed && ctx.Rel(t) == "ccomp" && ctx.Head(t) >= 0 &&
          IsDemandLemma(doc.tokens[static_cast<uint32_t>(ctx.Head(t))].lemma)) {
        continue;
      }
      // With a parse, the tagger decides noun or verb ("militia targets", "that support is").
      if (ctx.parsed && doc.tokens[t].upos != "VERB" && doc.tokens[t].upos != "AUX") continue;
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
        // "fierce fighting", "heavy shelling": an -ing form after a plain adjective-like word
        // (no subject, auxiliary, preposition, adverb, conjunction or verb before it) is a noun.
        if (ing_form && before_mention < 0 && !IsVerbContext(prev) && !IsPreposition(prev) && !IsAuxiliary(prev) &&
            !IsBeForm(prev) && prev.size() >= 3 &&
            std::all_of(prev.begin(), prev.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
            std::isupper(static_cast<unsigned char>(doc.tokens[form_begin - 1].text[0])) == 0 &&
            verb_words_.Find(prev) < 0 && !IsAspectualVerb(prev) &&
            // "a declaration demanding that …": a that-clause makes the -ing form a verb.
            !(form_end < ctx.end && lower[form_end] == "that")) {
          continue;
        }
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
      // "agree" with no more specific pattern states an intent to cooperate (CAMEO 030, PLOVER
      // AGREE), not the diplomatic cooperation (050) of its dictionary block.
      const bool agree_default = best_pattern == nullptr && best_verb->lemma == "AGREE";
      if (agree_default) {
        code = "030";
        evidence += " (agree: intent to cooperate)";
      }
      // "reject", "refuse" sit in a block with no default code ([---]); with no pattern they
      // are a rejection (CAMEO 120, PLOVER REJECT).
      if (best_pattern == nullptr && (code.empty() || code == "---") &&
          (best_verb->lemma == "REJECT" || best_verb->lemma == "REFUSE")) {
        code = "120";
        evidence += " (reject: rejection)";
      }
      // "X denied attacking Y", "denied that it attacked Y": with no more specific pattern, a
      // denial of responsibility (CAMEO 016); the denied act is coded too, flagged as negated.
      bool denial = false;
      if (best_pattern == nullptr && (code.empty() || code == "---") && best_verb->lemma == "DENY" &&
          form_end < ctx.end &&
          (lower[form_end] == "that" || lower[form_end] == "having" ||
           (lower[form_end].ends_with("ing") && verb_words_.Find(lower[form_end]) >= 0))) {
        code = "016";
        denial = true;
        evidence += " (deny: denial of responsibility)";
      }
      // "demand" is a demand (CAMEO 10x), not the appeal (02x) its patterns share with "call for":
      // the 02x code becomes its 10x counterpart.
      if (best_verb->lemma == "DEMAND" && code.size() >= 3 && code.starts_with("02")) {
        code[0] = '1';
        code[1] = '0';
        evidence += " (demand: 10x)";
      }
      // Firing a weapon ("rockets were fired at the embassy") is an armed attack (190), not the
      // non-military bombing (183) the dictionary's `FIRE - &WEAPON *` pattern gives it.
      if (best_verb->lemma == "FIRE" && code.starts_with("183")) {
        code = "190";
        evidence += " (fire a weapon: armed attack)";
      }
      // Dictionary codes the CAMEO codebook itself contradicts (round 4). Suing is bringing a
      // lawsuit (115, PLOVER ACCUSE), not an arrest (173). "ordered X to V" is a demand (100,
      // PLOVER REQUEST), not the 030 of the block's `- * TO` pattern, written for "head to".
      // A praise verb (the 051 block) is praise: its `- * (TO)` and visit patterns, written for
      // "welcome X to", host a visit only with welcome/greet. A surrender with no more specific
      // pattern is a military one (0874 "retreat or surrender militarily", PLOVER RETREAT).
      if (best_verb->lemma == "SUE" && code.starts_with("173")) {
        code = "115";
        reciprocal.clear();
        evidence += " (sue: lawsuit)";
      } else if (best_verb->lemma == "ORDER" && code == "030") {
        code = "100";
        evidence += " (order: demand)";
      } else if (best_block->code == "051" && (code == "042" || code == "043") && best_verb->lemma != "WELCOME" &&
                 best_verb->lemma != "GREET") {
        code = "051";
        reciprocal.clear();
        evidence += " (praise: 051)";
      } else if (best_pattern == nullptr && best_verb->lemma == "SURRENDER" && code == "080") {
        code = "0874";
        evidence += " (surrender: military)";
      }
      // PLOVER codes an official's resignation as RETREAT (mode resign), where the 2021 table
      // maps CAMEO 083 to CONCEDE; the CAMEO code is kept.
      const bool resignation = best_verb->lemma == "RESIGN" && code.starts_with("083");
      if (code == "---") code.clear();
      if (reciprocal == "---") reciprocal.clear();
      // "demanded that …" is coded below even when the verb's block has no code of its own.
      // "that" may follow a short time phrase or adverb ("demanded on Monday that", "urged
      // again that"), with no comma, mention or other verb between.
      uint32_t demand_that_at = 0;
      {
        std::string verb_lemma = best_verb->lemma;
        for (char& c : verb_lemma) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (IsDemandLemma(verb_lemma)) {
          for (uint32_t q = form_end; q + 1 < ctx.end && q <= form_end + 3; ++q) {
            if (lower[q] == "that") {
              demand_that_at = q;
              break;
            }
            if (lower[q] == "," || IsHardBoundary(lower[q]) || ctx.MentionCovering(q) >= 0 ||
                verb_words_.Find(lower[q]) >= 0) {
              break;
            }
          }
        } else {
          // A demand as a noun: "reiterated its demand that Israel ease", "issued a stern
          // reminder Saturday to Iraq that it must": the verb states the demand.
          uint32_t q = form_end;
          for (uint32_t n = 0; n < 4 && q < ctx.end && lower[q] != "demand" && lower[q] != "demands" &&
                               lower[q] != "reminder" && lower[q] != "insistence";
               ++n, ++q) {
            const std::string_view w = lower[q];
            const bool filler = IsDeterminer(w) || w == "its" || w == "their" ||
                                (std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
                                 verb_words_.Find(w) < 0 && !IsPreposition(w) && w != "that" && w != "and");
            if (!filler) break;
          }
          if (q < ctx.end && (lower[q] == "demand" || lower[q] == "demands" || lower[q] == "reminder" ||
                              lower[q] == "insistence")) {
            for (uint32_t r = q + 1; r + 1 < ctx.end && r <= q + 6; ++r) {
              if (lower[r] == "that") {
                demand_that_at = r;
                break;
              }
              if (lower[r] == "," || IsHardBoundary(lower[r]) || verb_words_.Find(lower[r]) >= 0) break;
            }
          }
        }
      }
      const bool demand_that = demand_that_at > 0;
      if (code.empty() && reciprocal.empty() && !demand_that) continue;
      // A verb coded only by its default and followed by "to" + another verb ("voted to expel")
      // leaves the coding to that verb.
      // Otherwise the verb after "to" is the content of this verb and is not coded again
      // ("agreed to withdraw", "threatened to attack").
      uint32_t infinitive = 0;
      {
        uint32_t q = form_end;
        if (q < ctx.end && lower[q].ends_with("ly")) ++q;
        if (q + 1 < ctx.end && lower[q] == "to" && verb_words_.Find(lower[q + 1]) >= 0) {
          if (best_pattern == nullptr && !agree_default && !IsIntentCode(code, best_block->name)) continue;
          // "is expected to", ", expected to": a hedge, the complement is the event.
          if (IsHedgeParticiple(lower[t]) && form_begin > ctx.begin &&
              (IsBeForm(lower[form_begin - 1]) || lower[form_begin - 1] == ",")) {
            continue;
          }
          // "prepared to impose", "planned to hold": readiness or a plan announces the
          // complement, which is coded (as a future act, see below) instead.
          if (IsIntentFrame(lower[t])) continue;
          // "refused to attack": the attack is coded next, flagged as negated.
          if (!IsRefusalForm(lower[t])) infinitive = q + 1;
        }
      }

      // "X said that Y must V": a statement of obligation is a demand on Y (CAMEO 100); the
      // verb after "must" is its content.
      bool demand = false;
      // "X demanded / urged / insisted that Y V": a demand on Y (CAMEO 10x; a pattern's other code
      // only matched words of the demanded clause). The clause is its content, not coded.
      if (demand_that) {
        const uint32_t q = demand_that_at;
        {
          uint32_t clause_end = q + 1;
          while (clause_end < ctx.end && !IsHardBoundary(lower[clause_end]) && !IsClauseBreak(lower[clause_end])) {
            ++clause_end;
          }
          demand = true;
          // An appeal ("urged that", 02x) stays an appeal; anything else is a demand.
          if (!code.starts_with("10") && !code.starts_with("02")) code = "100";
          reciprocal.clear();
          pat_target = -1;
          for (int32_t m : mentions) {
            const uint32_t first = doc.actors[static_cast<size_t>(m)].first_token;
            // "a reminder to Iraq that …": the addressee; else the subject of the clause.
            if ((first > form_end && first < q && lower[first - 1] == "to") || (first > q && first <= q + 4)) {
              pat_target = m;
              break;
            }
          }
          if (pat_source >= 0 && doc.actors[static_cast<size_t>(pat_source)].first_token >= form_end) pat_source = -1;
          evidence += " (demand: 'that' clause)";
          infinitive = clause_end - 1;
        }
      }
      if (!demand) {
      if (IsReportingLemma(best_verb->lemma) || IsStatementCode(code)) {
        uint32_t that_at = 0;
        for (uint32_t q = form_end; q < ctx.end && q < form_end + 16; ++q) {
          if (IsHardBoundary(lower[q]) || IsClauseBreak(lower[q])) break;
          if (lower[q] == "that" && that_at == 0) that_at = q;
          if (lower[q] != "must") continue;
          int32_t obligated = ctx.MentionCovering(q - 1);
          // "said on Friday that the Sudanese government and the rebels in Darfur must reach":
          // with no mention right before "must", the obligated party is the first mention of
          // the that-clause.
          if (obligated < 0 && that_at > 0) {
            for (int32_t m : mentions) {
              const uint32_t first = doc.actors[static_cast<size_t>(m)].first_token;
              if (first > that_at && first < q) {
                obligated = m;
                break;
              }
            }
          }
          if (obligated >= 0 && doc.actors[static_cast<size_t>(obligated)].first_token >= form_end &&
              std::find(mentions.begin(), mentions.end(), obligated) != mentions.end()) {
            demand = true;
            code = "100";
            reciprocal.clear();
            pat_target = obligated;
            if (pat_source >= 0 && doc.actors[static_cast<size_t>(pat_source)].first_token >= form_end) pat_source = -1;
            evidence += " (demand: '" + lower[q - 1] + " must')";
            // The clause after "must" is the demand's content ("must ensure security to allow
            // supplies to reach …"): none of its verbs is coded.
            uint32_t clause_end = q + 1;
            while (clause_end < ctx.end && !IsHardBoundary(lower[clause_end]) && !IsClauseBreak(lower[clause_end])) {
              ++clause_end;
            }
            infinitive = clause_end - 1;
          }
          break;
        }
      }
      }

      // "will visit", "would allow": cooperation announced for the future. CAMEO (and PETRARCH)
      // code the act; PLOVER counts a stated commitment to cooperate as AGREE, so the PLOVER type
      // becomes AGREE and the event gets aux "future".
      // The same holds for a stated readiness or plan ("is willing to send", "plans to impose").
      // A stated future coercive or violent act ("said they would boycott", "will extend the
      // curfew", "is prepared to impose martial law") is a threat in PLOVER (THREATEN: a
      // statement of intent to take coercive action); CAMEO keeps the act.
      bool future_cooperation = false, future_threat = false;
      if (!demand && code.size() >= 3) {
        uint32_t q = form_begin;
        if (q > ctx.begin && lower[q - 1].ends_with("ly")) --q;
        std::string_view cue;
        if (q > ctx.begin && (lower[q - 1] == "will" || lower[q - 1] == "would" || lower[q - 1] == "'ll")) {
          cue = lower[q - 1];
        } else if (q > ctx.begin + 1 && lower[q - 1] == "to" && IsIntentFrame(lower[q - 2])) {
          cue = lower[q - 2];
        }
        const bool cooperative_act = code[0] == '0' && code[1] >= '4' && code[1] <= '8';
        const bool coercive_act = code[0] == '1' && code[1] >= '4';
        if (!cue.empty() && (cooperative_act || coercive_act)) {
          future_cooperation = cooperative_act;
          future_threat = coercive_act;
          evidence += " (future: '" + std::string(cue) + "')";
        }
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
      bool negated = negated_by_governor;
      for (uint32_t q = form_begin, n = 0; q > ctx.begin && n < 3; --q, ++n) {
        if (IsNegation(lower[q - 1])) negated = true;
      }
      // "will not accept", "would not provide support": a stated refusal to cooperate is a
      // rejection (CAMEO 12, PLOVER REJECT), an event in its own right rather than a negated act.
      if (negated && !negated_by_governor && code.size() >= 3 && code[0] == '0' && code[1] >= '3' && code[1] <= '8') {
        uint32_t q = form_begin;
        if (q > ctx.begin && lower[q - 1].ends_with("ly")) --q;
        if (q > ctx.begin + 1 && (lower[q - 1] == "not" || lower[q - 1] == "n't") &&
            (lower[q - 2] == "will" || lower[q - 2] == "would" || lower[q - 2] == "wo" || lower[q - 2] == "shall")) {
          code = "120";
          reciprocal.clear();
          negated = false;
          future_cooperation = false;
          evidence += " (refusal: '" + lower[q - 2] + " " + lower[q - 1] + "')";
        }
      }
      // Conditions, their consequents and possibilities are kept, flagged "hypothetical"; an
      // event after will/shall/'ll/would is flagged "future".
      const bool hypothetical = IsHypotheticalSurface(lower, doc, ctx.begin, ctx.end, form_begin, form_end) ||
                                (ctx.parsed && ctx.IsHypotheticalParse(t));
      bool future = future_cooperation || future_threat;
      for (uint32_t q = form_begin, n = 0; q > ctx.begin && n < 3 && !future; --q, ++n) {
        const std::string_view w = lower[q - 1];
        if (w == "will" || w == "'ll" || w == "shall" || (w == "would" && lower[q] != "have")) future = true;
        if (!(w.ends_with("ly") || IsNegation(w) || w == "also" || w == "be" || w == "still")) break;
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
      // With no participant after the verb, the place it happens in ("postpone the demonstration
      // in Baku") is the one it affects.
      const auto first_place_after = [&](uint32_t from) {
        uint32_t clause_end = from;
        while (clause_end < ctx.end && !IsClauseBreak(lower[clause_end]) && !IsHardBoundary(lower[clause_end]) &&
               lower[clause_end] != ",") {
          ++clause_end;
        }
        for (int32_t m : mentions) {
          const ActorMention& a = doc.actors[static_cast<size_t>(m)];
          if (a.first_token < from) continue;
          if (a.first_token >= clause_end) break;
          if (a.first_token > ctx.begin && IsLocative(lower[a.first_token - 1]) && a.sector.empty()) return m;
        }
        return int32_t{-1};
      };
      const auto first_after = [&](uint32_t from, bool skip_by_phrase) {
        uint32_t clause_end = from;
        while (clause_end < ctx.end && !IsClauseBreak(lower[clause_end])) ++clause_end;
        for (int32_t m : mentions) {
          const ActorMention& a = doc.actors[static_cast<size_t>(m)];
          if (a.first_token < from) continue;
          if (a.first_token >= clause_end) break;
          if (ctx.IsModifierMention(m)) continue;
          // ", the White House announced": the trailing attribution names no recipient.
          if (a.first_token > ctx.attribution_from && form_end <= ctx.attribution_from) continue;
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
        // Roles from the dependency parse when there is one: subject (or the controller of an
        // infinitive, the shared subject of coordinated verbs, the noun of a participial
        // clause), passive "by" agent, object or prepositional argument.
        bool parse_roles = false;
        if (ctx.parsed) {
          bool parse_passive = false;
          const int32_t subject = ctx.SubjectOf(t, &parse_passive);
          if (subject >= 0 || ctx.HasChild(t, "aux:pass")) {
            parse_roles = true;
            passive = parse_passive || ctx.HasChild(t, "aux:pass");
            const uint32_t st = static_cast<uint32_t>(std::max(subject, 0));
            const int32_t subject_mention =
                subject < 0 ? -1
                            : (ctx.IsPronoun(st) && ctx.MentionCovering(st) < 0 && lower[st] != "who" &&
                                       lower[st] != "which" && lower[st] != "that"
                                   ? nearest_before(static_cast<uint32_t>(subject))
                                   : ctx.MentionOfNominal(st));
            if (passive) {
              if (source < 0) source = ctx.AgentOf(t);
              if (target < 0) target = subject_mention;
              if (target < 0) target = ctx.ObjectOf(t, true);
            } else {
              if (source < 0) source = subject_mention;
              if (source < 0) source = nearest_before(form_begin);
              if (target < 0) target = ctx.ObjectOf(t, false);
              // A speech act's recipient is the subject of its clause ("demanded that the US
              // cancel", "warned that Iran would").
              if (target < 0 && code.size() >= 2 && (code.starts_with("02") || code[0] == '1')) {
                for (uint32_t c : ctx.Children(t)) {
                  bool clause_passive = false;
                  const int32_t subject_of_clause = ctx.Rel(c) == "ccomp" ? ctx.SubjectOf(c, &clause_passive) : -1;
                  if (subject_of_clause >= 0) target = ctx.MentionOfNominal(static_cast<uint32_t>(subject_of_clause));
                  if (target >= 0) break;
                }
              }
              // "X and Y agreed to share information on missing people": a compound subject of
              // a cooperative verb with no argument of its own acts on each other, not on a
              // mention further on.
              const bool compound_cooperation = target < 0 && source >= 0 && members(source).size() >= 2 &&
                                                code.size() >= 2 && code.substr(0, 2) <= "08";
              if (target < 0 && !compound_cooperation) target = first_after(form_end, false);
              if (target < 0 && !compound_cooperation) target = first_place_after(form_end);
            }
          }
        }
        if (!parse_roles && passive) {
          if (source < 0) source = by_phrase_actor();
          if (target < 0) {
            const int32_t before = nearest_before(form_begin);
            target = before >= 0 && before != source ? before : first_after(form_end, true);
          }
        } else if (!parse_roles && source >= 0 && target < 0 &&
                   doc.actors[static_cast<size_t>(source)].first_token >= form_end) {
          // "$" after the verb ("X fired Y's employees"): the subject is the target.
          target = nearest_before(form_begin);
        } else if (!parse_roles) {
          if (source < 0) source = nearest_before(form_begin);
          if (target < 0) target = first_after(form_end, false);
          if (target < 0) target = first_place_after(form_end);
        }
        // A recipient the subject owns ("send its troops to Somalia") gives way to the verb's
        // prepositional argument (parse).
        if (ctx.parsed && target >= 0 && !passive) {
          const uint32_t first = doc.actors[static_cast<size_t>(target)].first_token;
          const std::string_view before = first > ctx.begin ? std::string_view(lower[first - 1]) : "";
          if (before == "its" || before == "their" || before == "his" || before == "her" || before == "our") {
            const int32_t other = ctx.ArgumentOf(t, false, /*with_origin=*/true);
            if (other >= 0 && other != source) target = other;
          }
        }
        if (target == source) target = -1;
        auto sources = members(source);
        auto targets = members(target);
        // An object that is not an actor ("targeted the group") still rules out reciprocity,
        // except for cooperative acts ("X and Y signed an agreement").
        const bool object_follows =
            form_end < ctx.end && (lower[form_end] == "the" || lower[form_end] == "a" || lower[form_end] == "an" ||
                                   lower[form_end] == "its" || lower[form_end] == "their");
        const bool cooperative = code.size() >= 2 && code.substr(0, 2) <= "08";
        if (target < 0 && sources.size() >= 2 && !passive && (cooperative || !object_follows)) {
          // "X and Y agreed" with no object: each member acts towards the others.
          for (int32_t a : sources) {
            for (int32_t b : sources) {
              if (a != b) pairs.emplace_back(a, b);
            }
          }
        } else {
          if (sources.empty()) sources.push_back(-1);
          if (targets.empty()) targets.push_back(-1);
          for (int32_t a : sources) {
            for (int32_t b : targets) pairs.emplace_back(a, b);
          }
        }
      }
      const auto event_actor = [&doc](int32_t m) { return MentionToEventActor(doc, m); };
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
        // patterns (and protests, below).
        // Protests (14x: "Kurds demonstrated in Kirkuk", "workers went on strike") are often
        // reported without an addressee and stand alone.
        // A resignation has no addressee either.
        if (to < 0 && best_pattern == nullptr && !denial && !resignation && !cameo.starts_with("14")) return;
        if (from >= 0 && to >= 0 && doc.actors[static_cast<size_t>(from)].code == doc.actors[static_cast<size_t>(to)].code) {
          // "Iraqi Kurds demonstrated in Kirkuk": a protest addressed to (or held in) the
          // protesters' own country is kept; any other event between two equal codes is dropped.
          if (!cameo.starts_with("14")) return;
        }
        // A reciprocal code over a compound ("X and Y met") would repeat the same event.
        for (size_t e = events_before; e < doc.events.size(); ++e) {
          const Event& other = doc.events[e];
          const bool same_from = from < 0 ? other.actors.empty()
                                          : !other.actors.empty() && other.actors[0].begin == doc.tokens[doc.actors[static_cast<size_t>(from)].first_token].begin;
          const bool same_to = to < 0 ? other.recipients.empty()
                                      : !other.recipients.empty() && other.recipients[0].begin == doc.tokens[doc.actors[static_cast<size_t>(to)].first_token].begin;
          if (other.cameo == cameo && same_from && same_to) return;
        }
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
        if (future_cooperation || future_threat) {
          event.plover = future_cooperation ? "AGREE" : "THREATEN";
          event.mode.clear();
        }
        if (resignation && !future_cooperation && !future_threat) {
          event.plover = "RETREAT";
          event.mode = "resign";
        }
        if (future) event.aux.push_back("future");
        if (hypothetical) event.aux.push_back("hypothetical");
        event.date = doc.date;
        event.trigger_begin = doc.tokens[form_begin].begin;
        event.trigger_end = doc.tokens[form_end - 1].end;
        event.sentence = s;
        event.evidence = evidence;
        if (ctx.parsed) event.attribution = ctx.AttributionOf(t);
        doc.events.push_back(std::move(event));
      };
      for (const auto& [from, to] : pairs) {
        emit(code, from, to);
        // A visit (the dictionary's [042:043]: "X visited Y", "attended a summit in Y") is coded
        // once, by the visitor; the host's mirror 043 is only coded when the host is the subject
        // ("Y received X", [043:042]).
        const bool visit_host = code.starts_with("042") && reciprocal.starts_with("043");
        if (to >= 0 && from >= 0 && !visit_host) emit(reciprocal, to, from);
      }
      SplitMultiCodeActors(&doc.events, events_before);
      const bool speech = IsReportingLemma(best_verb->lemma) && !demand;
      for (size_t e = events_before; e < doc.events.size(); ++e) {
        speech_event.push_back(speech || IsDroppableStatementCode(doc.events[e].cameo));
      }
      // A reporting verb or statement does not own a later infinitive: "X said it is willing to
      // send troops" codes the sending (the statement gives way to it below).
      if (doc.events.size() > events_before && !speech_event.back()) last_event_end = form_end;
      t = form_end - 1;
      if (infinitive > 0 && doc.events.size() > events_before) t = infinitive;
    }
    CodeNominalEvents(doc, ctx, mentions, s, &speech_event);
    // Reported speech: when the sentence codes a substantive event, the reporting verb's own
    // statement events are dropped ("X said Y attacked Z" → only the attack).
    if (std::find(speech_event.begin(), speech_event.end(), false) != speech_event.end()) {
      EraseFlaggedEvents(doc, sentence_events, speech_event);
    }
    // Consequences: ", killing eight people", "killing or wounding" after a coded attack describe
    // what that attack did, not a new attack (both pipelines).
    {
      const auto violent = [](const std::string& cameo) {
        return cameo.starts_with("18") || cameo.starts_with("19") || cameo.starts_with("20");
      };
      bool attack_before = false;
      size_t keep = sentence_events;
      for (size_t e = sentence_events; e < doc.events.size(); ++e) {
        const Event& event = doc.events[e];
        uint32_t q = ctx.begin;
        while (q < ctx.end && doc.tokens[q].begin != event.trigger_begin) ++q;
        const bool comma_participle = q < ctx.end && q > ctx.begin + 1 && lower[q].ends_with("ing") &&
                                      (lower[q - 1] == "," || (lower[q - 1] == "or" || lower[q - 1] == "and"));
        if (attack_before && violent(event.cameo) && comma_participle) continue;
        attack_before = attack_before || violent(event.cameo);
        if (keep != e) doc.events[keep] = std::move(doc.events[e]);
        ++keep;
      }
      doc.events.resize(keep);
    }
    // Background clauses: with a parse, an event whose verb sits in a relative or participial
    // clause ("refugees fleeing the war", "a resolution that aims to tighten sanctions") or an
    // adverbial clause (or a parenthetical) describes the circumstances of the sentence's main event and is dropped
    // when a main-clause event was coded.
    // Without a parse the same is read from the surface: a verb after a relative pronoun
    // ("which shelled", "who fled"), an -ing form right after an actor, a comma or "by"
    // ("refugees fleeing", ", expanding its campaign", "by promoting"), or a
    // verb in a clause opened by a subordinator ("as authorities cracked down", "after talks
    // collapsed") before it in the same comma-delimited stretch.
    if (!ctx.parsed && doc.events.size() > sentence_events + 1) {
      const auto surface_background = [&](const Event& event) {
        uint32_t q = ctx.begin;
        while (q < ctx.end && doc.tokens[q].begin != event.trigger_begin) ++q;
        if (q >= ctx.end) return false;
        // "refugees fleeing …", ", expanding its campaign", "by promoting …".
        if (lower[q].ends_with("ing") && q > ctx.begin &&
            (ctx.MentionCovering(q - 1) >= 0 || lower[q - 1] == "," || lower[q - 1] == "by")) {
          return true;
        }
        // A reduced relative with a past participle and its agent ("property seized by the
        // army", ", disputed by Argentina and Chile"): the participle follows a noun, a mention
        // or a comma, with no auxiliary, pronoun or adverb that would make it a finite verb,
        // and "by" follows in the same comma stretch.
        if (q > ctx.begin && (lower[q].ends_with("ed") || lower[q].ends_with("en") || lower[q].ends_with("wn"))) {
          const std::string_view before = lower[q - 1];
          const bool after_noun = before == "," || ctx.MentionCovering(q - 1) >= 0 ||
                                  (!IsAuxiliary(before) && !IsVerbContext(before) && !IsNegation(before) &&
                                   !IsPreposition(before) && !IsDeterminer(before) && !IsBeForm(before) &&
                                   before != "get" && before != "got" && before != "gets" &&
                                   before != "and" && before != "or" &&
                                   std::isalpha(static_cast<unsigned char>(before.front())) &&
                                   std::islower(static_cast<unsigned char>(doc.text[doc.tokens[q - 1].begin])));
          if (after_noun) {
            for (uint32_t p = q + 1; p < ctx.end && p <= q + 4; ++p) {
              if (lower[p] == "," || IsHardBoundary(lower[p])) break;
              if (lower[p] == "by") return true;
            }
          }
        }
        for (uint32_t p = q, n = 0; p > ctx.begin && n < 8; --p, ++n) {
          const std::string_view w = lower[p - 1];
          if (w == "," || IsHardBoundary(w)) break;
          if (w == "who" || w == "which" || w == "whom" || IsSubordinator(w)) return true;
        }
        return false;
      };
      std::vector<bool> background(doc.events.size() - sentence_events);
      bool main_event = false;
      for (size_t e = sentence_events; e < doc.events.size(); ++e) {
        background[e - sentence_events] = surface_background(doc.events[e]);
        main_event = main_event || !background[e - sentence_events];
      }
      if (main_event) EraseFlaggedEvents(doc, sentence_events, background);
    }
    if (ctx.parsed && doc.events.size() > sentence_events + 1) {
      const auto trigger_token = [&](const Event& event) -> int32_t {
        for (uint32_t q = ctx.begin; q < ctx.end; ++q) {
          if (doc.tokens[q].begin == event.trigger_begin) return static_cast<int32_t>(q);
        }
        return -1;
      };
      const auto in_background_clause = [&](int32_t q) {
        for (int guard = 0; q >= 0 && guard < 32; ++guard) {
          const std::string& rel = ctx.Rel(static_cast<uint32_t>(q));
          // An infinitive adverbial ("voted unanimously to expel") is the content of its verb.
          // A relative clause is recognised by its relative pronoun or a missing subject: "X and Y
          // have targeted the group" read as a relative clause by the parser is a main clause.
          // ", which shelled …" read as a parenthetical is a relative clause too.
          if (rel == "acl" || (rel == "acl:relcl" && ctx.IsMarkedRelative(static_cast<uint32_t>(q))) ||
              (rel == "parataxis" && ctx.HasRelativePronoun(static_cast<uint32_t>(q))) ||
              (rel == "advcl" && !ctx.HasMark(static_cast<uint32_t>(q), "to"))) {
            return true;
          }
          q = ctx.Head(static_cast<uint32_t>(q));
        }
        return false;
      };
      std::vector<bool> background(doc.events.size() - sentence_events);
      bool main_event = false;
      for (size_t e = sentence_events; e < doc.events.size(); ++e) {
        background[e - sentence_events] = in_background_clause(trigger_token(doc.events[e]));
        main_event = main_event || !background[e - sentence_events];
      }
      if (main_event) EraseFlaggedEvents(doc, sentence_events, background);
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
