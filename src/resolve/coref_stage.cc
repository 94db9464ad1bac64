// Stage "coref": links anaphoric actor mentions to the actor first named in the document.
//
// Runs after "actors" and before "events", over the article body, headline and quotations
// (reader comments and boilerplate neither refer nor get referred to). Walking the document in
// order it keeps the named actors seen so far (one entity per actor code, remembering the
// first mention, the last sentence it was seen in, and what kind of actor it is: person,
// group, state). Anaphors are resolved to the most recent compatible entity:
//  - "he" / "she": a person named within the last three sentences;
//  - "they": a group, plural actor or state named in this or the previous sentence;
//  - "the group", "the organisation", "the movement", "the militia", "the rebels", ...: a
//    non-state armed or political group named within the last six sentences;
//  - "the spokesman", "the minister", "the ministry", "the army", ...: the most recent actor
//    whose own text has that head noun (spokesman ~ spokesperson ~ spokeswoman);
//  - a repeated surname ("Haddad" after "... Samir al-Haddad") continues that person.
// Definite descriptions are anaphors only when they are not followed by "of" or a name
// ("the leader of X", "the group Ansar Brigade" introduce, they do not refer back).
// Pronouns inside quotation marks are left alone (the speaker's "they" is not the reporter's).
// A resolved anaphor becomes (or updates) an ActorMention with the entity's code (that of the
// actor first named) and `antecedent` = index of the entity's first mention by proper name
// (two or more capitalised words, or an all-capitalised mention of a country or named group;
// else its first mention); the surface span stays the anaphor's. Entities are told apart by
// actor code.
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>

#include "dyad/stage.h"

namespace dyad {
namespace {

enum class Kind { kPerson, kGroup, kState, kOther };

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

template <size_t N>
bool IsOneOf(std::string_view word, const std::array<std::string_view, N>& list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Singular person nouns (roles held by one person).
constexpr std::array<std::string_view, 24> kPersonNouns = {
    "spokesman", "spokeswoman", "spokesperson", "leader",   "president", "minister",   "commander", "chief",
    "general",   "envoy",       "ambassador",   "secretary", "king",     "emir",       "cleric",    "senator",
    "official",  "premier",     "governor",     "mayor",     "chairman", "chairwoman", "head",      "director"};

// Nouns that name a non-state group.
constexpr std::array<std::string_view, 22> kGroupNouns = {
    "group",   "groups",     "organisation", "organization", "movement", "faction",  "militia", "militias",
    "rebels",  "militants",  "insurgents",   "jihadists",    "fighters", "brigade",  "brigades", "front",
    "party",   "coalition",  "alliance",     "network",      "army",     "forces"};

// Definite descriptions resolved by kind rather than head noun.
constexpr std::array<std::string_view, 12> kGroupAnaphors = {
    "group", "organisation", "organization", "movement", "faction", "militia",
    "rebels", "militants", "insurgents", "jihadists", "outfit", "fighters"};

// Definite descriptions resolved to an actor with the same head noun.
constexpr std::array<std::string_view, 22> kHeadAnaphors = {
    "spokesman", "spokeswoman", "spokesperson", "leader",  "president", "minister", "commander", "chief",
    "envoy",     "ambassador",  "ministry",     "army",    "military",  "government", "police", "embassy",
    "official",  "governor",    "premier",      "cleric",  "council",   "parliament"};

// Sector codes of non-state armed or political groups.
bool IsGroupSector(std::string_view sector) {
  static constexpr std::array<std::string_view, 7> kSectors = {"REB", "INS", "UAF", "OPP", "SEP", "RAD", "MIL"};
  for (size_t i = 0; i + 3 <= sector.size(); i += 3) {
    if (IsOneOf(sector.substr(i, 3), kSectors)) return true;
  }
  return false;
}

// spokesman / spokeswoman / spokesperson are one role.
std::string_view HeadClass(std::string_view noun) {
  if (noun == "spokeswoman" || noun == "spokesperson") return "spokesman";
  return noun;
}

struct Entity {
  int32_t name_mention = -1;   // index in doc.actors of its first mention by name (else its first mention)
  bool named = false;          // name_mention is a proper name
  std::string code, country, sector;
  Kind kind = Kind::kOther;
  bool plural = false;
  uint32_t last_sentence = 0;
  uint32_t last_token = 0;
  std::vector<std::string> heads;  // lower-cased words of its mentions' text
  std::string surname;             // last capitalised word of a person's mention, e.g. "Haddad"
};

class CorefStage : public Stage {
 public:
  std::string_view name() const override { return "coref"; }
  LayerSet needs() const override { return kLayerTokens | kLayerSentences | kLayerActors; }
  LayerSet sets() const override { return kLayerActors; }

  Status Process(Document& doc) const override {
    if (doc.actors.empty() || doc.sentences.empty()) return Status::Ok();
    std::vector<Entity> entities;
    std::vector<ActorMention> added;
    std::vector<int32_t> covering(doc.tokens.size(), -1);
    for (size_t m = 0; m < doc.actors.size(); ++m) {
      for (uint32_t t = doc.actors[m].first_token; t < doc.actors[m].end_token && t < doc.tokens.size(); ++t) {
        covering[t] = static_cast<int32_t>(m);
      }
    }
    for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
      const Sentence& sentence = doc.sentences[s];
      if (sentence.segment == Segment::kComment || sentence.segment == Segment::kBoilerplate ||
          sentence.segment == Segment::kByline || sentence.segment == Segment::kDateline) {
        continue;
      }
      bool in_quote = false;
      std::string previous_code;  // code of the previous actor mention in this sentence
      // A description right after its own antecedent in the sentence, with no other actor
      // between ("X denied the group had any role"), restates the same participant: left
      // unresolved so that it does not become the other side of X's own event. (Pronouns are
      // resolved: "X said they thwarted ...".)
      const auto restates = [&previous_code](const Entity& e) { return e.code == previous_code; };
      for (uint32_t t = sentence.first_token; t < sentence.end_token; ++t) {
        const std::string& word = doc.tokens[t].text;
        if (word == "\"") {
          in_quote = !in_quote;
          continue;
        }
        const int32_t m = covering[t];
        if (m >= 0) {
          ActorMention& mention = doc.actors[static_cast<size_t>(m)];
          if (t != mention.first_token) continue;
          if (!in_quote && IsAgentOnly(mention) && t > sentence.first_token && IsDeterminer(doc.tokens[t - 1].text) &&
              !IntroducesName(doc, mention.end_token, sentence.end_token)) {
            const std::string head = Lower(doc.tokens[mention.end_token - 1].text);
            Entity* e = ResolveDescription(entities, head, s);
            if (e != nullptr && !restates(*e)) {
              mention.code = e->code;
              mention.country = e->country;
              mention.sector = e->sector;
              mention.antecedent = e->name_mention;
              mention.evidence += " (coref)";
              Touch(*e, s, t);
              previous_code = mention.code;
              continue;
            }
          }
          if (!IsAgentOnly(mention)) Remember(doc, m, s, &entities);
          previous_code = mention.code;
          t = mention.end_token - 1;
          continue;
        }
        if (in_quote) continue;
        // "the <actor mention>" is handled above, when the mention is reached.
        if (IsDeterminer(word) && t + 1 < sentence.end_token && covering[t + 1] >= 0) continue;
        std::optional<std::pair<Entity*, uint32_t>> found = ResolveUncovered(doc, entities, s, t, sentence.end_token);
        if (!found || (IsDeterminer(word) && restates(*found->first))) continue;
        Entity& e = *found->first;
        ActorMention anaphor;
        anaphor.first_token = t;
        anaphor.end_token = found->second;
        anaphor.code = e.code;
        anaphor.country = e.country;
        anaphor.sector = e.sector;
        anaphor.antecedent = e.name_mention;
        anaphor.evidence = "coref: " + doc.Slice(doc.tokens[t].begin, doc.tokens[found->second - 1].end);
        Touch(e, s, t);
        previous_code = anaphor.code;
        added.push_back(std::move(anaphor));
        t = found->second - 1;
      }
    }
    if (!added.empty()) InsertInOrder(doc, std::move(added));
    return Status::Ok();
  }

 private:
  static bool IsAgentOnly(const ActorMention& m) { return m.country.empty() && !m.sector.empty() && m.sector == m.code; }

  static bool IsDeterminer(std::string_view w) { return w == "the" || w == "The" || w == "this" || w == "This"; }

  // "the group Ansar Brigade", "the leader of X": a description that introduces a name.
  static bool IntroducesName(const Document& doc, uint32_t next, uint32_t sentence_end) {
    if (next >= sentence_end) return false;
    const std::string& w = doc.tokens[next].text;
    return w == "of" || (std::isupper(static_cast<unsigned char>(w[0])) != 0);
  }

  static bool IsName(const Document& doc, const ActorMention& m) {
    uint32_t capitalised = 0;
    for (uint32_t t = m.first_token; t < m.end_token; ++t) {
      capitalised += std::isupper(static_cast<unsigned char>(doc.tokens[t].text[0])) != 0 ? 1 : 0;
    }
    return capitalised >= 2 || (capitalised == m.end_token - m.first_token && (m.sector.empty() || m.country.empty()));
  }

  static void Touch(Entity& e, uint32_t sentence, uint32_t token) {
    e.last_sentence = sentence;
    e.last_token = token;
  }

  static Kind KindOf(const Document& doc, const ActorMention& m, std::vector<std::string>* words, bool* plural,
                     std::string* surname) {
    for (uint32_t t = m.first_token; t < m.end_token; ++t) words->push_back(Lower(doc.tokens[t].text));
    const std::string& head = words->back();
    *plural = head.size() > 3 && head.back() == 's' && head[head.size() - 2] != 's';
    bool person_noun = false;
    for (const auto& w : *words) person_noun = person_noun || IsOneOf(w, kPersonNouns);
    // A person: a role noun with a capitalised name after it, or a role noun as head.
    const std::string& last = doc.tokens[m.end_token - 1].text;
    if (person_noun && !*plural) {
      if (std::isupper(static_cast<unsigned char>(last[0])) != 0) {
        const size_t dash = last.rfind('-');
        *surname = dash == std::string::npos ? last : last.substr(dash + 1);
      }
      const bool role_head = IsOneOf(head, kPersonNouns);
      const bool named_after_role = !role_head && !surname->empty();
      if (role_head || named_after_role) return Kind::kPerson;
    }
    if (IsGroupSector(m.sector) || IsOneOf(head, kGroupNouns)) return Kind::kGroup;
    if (m.country.empty() && m.sector.empty()) return Kind::kGroup;  // named non-state actor (IGO, group code)
    if (!m.country.empty() && m.code == m.country) return Kind::kState;
    return Kind::kOther;
  }

  static void Remember(const Document& doc, int32_t m, uint32_t sentence, std::vector<Entity>* entities) {
    const ActorMention& mention = doc.actors[static_cast<size_t>(m)];
    std::vector<std::string> words;
    bool plural = false;
    std::string surname;
    const Kind kind = KindOf(doc, mention, &words, &plural, &surname);
    auto it = std::find_if(entities->begin(), entities->end(), [&](const Entity& e) { return e.code == mention.code; });
    if (it == entities->end() || (kind == Kind::kPerson && it->kind != Kind::kPerson)) {
      // A person gets an entity of its own even when coded like its organisation.
      Entity e;
      e.code = mention.code;
      e.country = mention.country;
      e.sector = mention.sector;
      e.kind = kind;
      e.plural = plural;
      e.surname = surname;
      entities->push_back(std::move(e));
      it = entities->end() - 1;
    }
    for (auto& w : words) it->heads.push_back(std::move(w));
    if (it->name_mention < 0 || (!it->named && IsName(doc, mention))) {
      it->name_mention = m;
      it->named = IsName(doc, mention);
    }
    Touch(*it, sentence, mention.first_token);
  }

  // The most recent entity (last seen latest) satisfying `fits`, seen within `window` sentences.
  template <typename F>
  static Entity* MostRecent(std::vector<Entity>& entities, uint32_t sentence, uint32_t window, F&& fits) {
    Entity* best = nullptr;
    for (Entity& e : entities) {
      if (sentence - e.last_sentence > window || !fits(e)) continue;
      if (best == nullptr || e.last_token > best->last_token) best = &e;
    }
    return best;
  }

  static Entity* ResolveDescription(std::vector<Entity>& entities, const std::string& head, uint32_t s) {
    if (IsOneOf(head, kGroupAnaphors)) {
      return MostRecent(entities, s, 6, [](const Entity& e) { return e.kind == Kind::kGroup; });
    }
    if (IsOneOf(head, kHeadAnaphors)) {
      const std::string_view cls = HeadClass(head);
      return MostRecent(entities, s, 12, [cls](const Entity& e) {
        return std::any_of(e.heads.begin(), e.heads.end(), [cls](const std::string& w) { return HeadClass(w) == cls; });
      });
    }
    return nullptr;
  }

  // An anaphor starting at token t that no actor mention covers; returns the entity and the end
  // token of the anaphor.
  static std::optional<std::pair<Entity*, uint32_t>> ResolveUncovered(const Document& doc,
                                                                     std::vector<Entity>& entities,
                                                                           uint32_t s, uint32_t t, uint32_t end) {
    const std::string& word = doc.tokens[t].text;
    const std::string lower = Lower(word);
    if (lower == "he" || lower == "she") {
      Entity* e = MostRecent(entities, s, 3, [](const Entity& x) { return x.kind == Kind::kPerson; });
      if (e != nullptr) return std::make_pair(e, t + 1);
      return std::nullopt;
    }
    if (lower == "they") {
      Entity* e = MostRecent(entities, s, 1, [](const Entity& x) {
        return x.kind == Kind::kGroup || x.kind == Kind::kState || x.plural;
      });
      if (e != nullptr) return std::make_pair(e, t + 1);
      return std::nullopt;
    }
    if (IsDeterminer(word) && t + 1 < end) {
      const std::string head = Lower(doc.tokens[t + 1].text);
      if (IntroducesName(doc, t + 2, end)) return std::nullopt;
      if (t + 2 < end && doc.tokens[t + 2].text.size() > 0 &&
          std::isalpha(static_cast<unsigned char>(doc.tokens[t + 2].text[0])) != 0 &&
          std::islower(static_cast<unsigned char>(doc.tokens[t + 2].text[0])) != 0 &&
          !IsVerbLike(doc.tokens[t + 2].text)) {
        return std::nullopt;  // "the group leader", "the militia commander": a longer noun phrase
      }
      Entity* e = ResolveDescription(entities, head, s);
      if (e != nullptr) return std::make_pair(e, t + 2);
      return std::nullopt;
    }
    // A repeated surname continues its person.
    if (std::isupper(static_cast<unsigned char>(word[0])) != 0 && word.size() > 2) {
      Entity* e = MostRecent(entities, s, 1000, [&word](const Entity& x) { return x.surname == word; });
      if (e != nullptr) return std::make_pair(e, t + 1);
    }
    return std::nullopt;
  }

  // Words after a description that show it is complete: a verb or a function word.
  static bool IsVerbLike(const std::string& w) {
    static constexpr std::array<std::string_view, 24> kWords = {
        "had", "has", "have", "was", "were", "is", "are", "would", "will", "could", "said", "says", "did",
        "does", "and", "or", "in", "on", "at", "to", "for", "with", "from", "which"};
    if (IsOneOf(std::string_view(w), kWords)) return true;
    return w.size() > 3 && (w.ends_with("ed") || w.ends_with("s"));
  }

  // Adds the new mentions to doc.actors keeping token order; remaps antecedent indices.
  static void InsertInOrder(Document& doc, std::vector<ActorMention> added) {
    std::vector<ActorMention> merged;
    merged.reserve(doc.actors.size() + added.size());
    std::vector<int32_t> new_index(doc.actors.size(), -1);
    size_t a = 0, b = 0;
    while (a < doc.actors.size() || b < added.size()) {
      const bool take_old = b == added.size() ||
                            (a < doc.actors.size() && doc.actors[a].first_token <= added[b].first_token);
      if (take_old) {
        new_index[a] = static_cast<int32_t>(merged.size());
        merged.push_back(std::move(doc.actors[a++]));
      } else {
        merged.push_back(std::move(added[b++]));
      }
    }
    for (ActorMention& m : merged) {
      if (m.antecedent >= 0) m.antecedent = new_index[static_cast<size_t>(m.antecedent)];
    }
    doc.actors = std::move(merged);
  }
};

const StageRegistration kCoref("coref", [](const StageConfig&) -> Result<std::unique_ptr<Stage>> {
  return std::unique_ptr<Stage>(new CorefStage());
});

}  // namespace
}  // namespace dyad
