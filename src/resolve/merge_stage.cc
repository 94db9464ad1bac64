// Stage "merge": one event per real event within a document.
//
// Runs last (after "events", "time" and "geo"). It
//  1. copies coreference links onto event participants (EventActor::antecedent*), from the
//     actor mention with the participant's span;
//  2. drops events coded from boilerplate, bylines and datelines;
//  3. flags generic or summarising mentions with the aux flag "generic": the event words are
//     preceded (within four words) by a quantifying or summarising word ("recent", "spate",
//     "series", "wave", "repeated", "several", "any", ...), followed by "in a row", "in recent",
//     "repeatedly" or "N times", or in a clause framed by "the fourth day in a row";
//  4. merges mentions of the same event. Two mentions may merge when: same CAMEO root (two
//     digits; assault 18 and fight 19 count as one), the same aux flags (negation, future,
//     ...), the same segment class (comments only with comments), actors compatible on both
//     sides (equal codes, one code a prefix of the other such as USA / USAGOV, or one side
//     unknown) with at least one side known on both, dates compatible when both come from the
//     text (same day, or same month/year at coarser precision), places compatible when both are
//     known (same GeoNames id, or one is the country or region containing the other), and
//      - not drawn from the very same words (the coder split them on purpose);
//      - in one sentence only when one of them is a noun phrase ("the attack", "their
//        strikes": tagged NOUN, or a determiner or possessive before the event words) and the
//        other is not, with the same CAMEO code and the same known source and target ("a
//        shooting on a church, killing a dozen"): two clauses or two noun phrases of one
//        sentence are mostly two events;
//      - told with the same event word (same stem: "attack", "attacked") in the same or the
//        next sentence; further apart, the same word also needs a known place finer than a
//        country, a day date stated in both, or both source and target known and compatible;
//      - told with different words only in the same or the next sentence, with the same CAMEO
//        code and the same known source and target;
//      - verbal events (quad classes 1 and 3) only as close restatements: same CAMEO code,
//        same known source and target, at most two sentences apart.
//     A merged event takes a mention only when the mention may merge with EVERY mention it
//     already has (no chaining through a middle mention); each mention joins the earliest such
//     merged event. The merged event keeps the most specific CAMEO code, actors, date and
//     place, and its
//     event words come from its first body mention (a headline mention only when there is no
//     other); Event::mentions lists every mention, the chosen one first. Generic mentions merge
//     only with generic ones (by the same rules), never as a source of fields;
//  5. links generic events to specific ones: a generic material-conflict event (quad class 4,
//     after step 4) whose CAMEO root, other aux flags, participants, date and place are
//     compatible with exactly ONE specific material-conflict event of the document, told with
//     the same word as one of its mentions or at most three sentences from one, becomes
//     mentions of it (EventMention::generic set; the specific
//     event's fields are kept). With several candidates (a series over many events) or none,
//     it stands apart, flagged "generic", so that counts can leave it out.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <map>
#include <string>

#include "dyad/resolve.h"
#include "dyad/stage.h"

namespace dyad {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Segment SegmentOf(const Document& doc, const Event& e) {
  return e.sentence < doc.sentences.size() ? doc.sentences[e.sentence].segment : Segment::kArticle;
}

// First and one-past-last token of the event words (by byte span), within its sentence.
std::pair<uint32_t, uint32_t> TriggerTokens(const Document& doc, const Event& e) {
  const Sentence& s = doc.sentences[e.sentence];
  uint32_t first = s.end_token, end = s.first_token;
  for (uint32_t t = s.first_token; t < s.end_token; ++t) {
    if (doc.tokens[t].end > e.trigger_begin && doc.tokens[t].begin < e.trigger_end) {
      first = std::min(first, t);
      end = t + 1;
    }
  }
  if (first >= end) return {s.first_token, s.first_token};
  return {first, end};
}

// CAMEO codes of one event type: the same root, or assault (18) and fight (19), which the verb
// dictionaries give to the same attacks ("fired rockets at" 183, "attacked" 190).
bool CompatibleCameo(const std::string& a, const std::string& b) {
  if (a.size() < 2 || b.size() < 2) return false;
  const std::string_view x(a.data(), 2), y(b.data(), 2);
  return x == y || ((x == "18" || x == "19") && (y == "18" || y == "19"));
}

bool CodesCompatible(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return true;
  return a.starts_with(b) || b.starts_with(a);
}

// Participants of one side: compatible when either is unknown or their first codes are.
bool SideCompatible(const std::vector<EventActor>& a, const std::vector<EventActor>& b) {
  if (a.empty() || b.empty()) return true;
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!CodesCompatible(a[i].code, b[i].code) || a[i].code.empty() != b[i].code.empty()) return false;
  }
  return true;
}

bool SideShared(const std::vector<EventActor>& a, const std::vector<EventActor>& b) {
  return !a.empty() && !b.empty();
}

int PrecisionRank(const std::string& p) {
  if (p == "day") return 3;
  if (p == "month") return 2;
  if (p == "year") return 1;
  return 0;
}

bool DatesCompatible(const Event& a, const Event& b) {
  if (a.date_text.empty() || b.date_text.empty() || a.date.empty() || b.date.empty()) return true;
  const int rank = std::min(PrecisionRank(a.date_precision), PrecisionRank(b.date_precision));
  const size_t prefix = rank >= 3 ? 10 : rank == 2 ? 7 : rank == 1 ? 4 : 0;
  return a.date.compare(0, prefix, b.date, 0, prefix) == 0;
}

int PlaceRank(const std::string& precision) {
  if (precision == "city") return 4;
  if (precision == "admin1") return 3;
  if (precision == "country") return 2;
  if (precision == "region") return 1;
  return 0;
}

bool PlacesCompatible(const Event& a, const Event& b) {
  if (!a.location || !b.location) return true;
  const Location& x = *a.location;
  const Location& y = *b.location;
  if (x.geonameid != 0 && x.geonameid == y.geonameid) return true;
  if (x.geonameid == 0 && y.geonameid == 0 && x.name == y.name) return true;
  const Location& coarse = PlaceRank(x.precision) <= PlaceRank(y.precision) ? x : y;
  const Location& fine = &coarse == &x ? y : x;
  if (coarse.precision == "country" || coarse.precision == "region") {
    return !coarse.country.empty() && coarse.country == fine.country;
  }
  if (coarse.precision == "admin1") return coarse.country == fine.country && coarse.admin1 == fine.admin1;
  return false;
}

std::vector<std::string> SortedAux(const Event& e) {
  std::vector<std::string> aux = e.aux;
  std::sort(aux.begin(), aux.end());
  return aux;
}

bool IsCommentLike(Segment s) { return s == Segment::kComment; }

// Two events the coder drew from the very same words (e.g. compound participants).
bool SameWords(const Event& a, const Event& b) {
  return a.trigger_begin == b.trigger_begin && a.trigger_end == b.trigger_end;
}

// Do two event words share a stem ("attack" / "attacked", "take" / "taking")?
bool SameStem(std::string a, std::string b) {
  a = Lower(a.substr(0, a.find(' ')));
  b = Lower(b.substr(0, b.find(' ')));
  size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
  const size_t shorter = std::min(a.size(), b.size());
  return shorter > 0 && common >= std::min<size_t>(4, shorter - 1) && common >= 2;
}

uint32_t SentenceDistance(const Event& a, const Event& b) {
  return a.sentence > b.sentence ? a.sentence - b.sentence : b.sentence - a.sentence;
}

// Event words used as a noun phrase ("the attack", "their strikes", "an Israeli airstrike"):
// tagged NOUN when a tagger ran; else a determiner or possessive right before them, or two
// words before them when they do not end in "-ed" ("the army shelled" is a clause).
bool NominalMention(const Document& doc, const Event& e) {
  static constexpr std::array<std::string_view, 10> kDeterminers = {"the", "a",   "an",  "this", "these",
                                                                    "its", "their", "his", "her", "our"};
  const Sentence& s = doc.sentences[e.sentence];
  const uint32_t first = TriggerTokens(doc, e).first;
  if (first >= s.end_token) return false;
  const Token& word = doc.tokens[first];
  if (!word.upos.empty()) return word.upos == "NOUN" || word.upos == "PROPN";
  const auto determiner = [&](uint32_t t) {
    const std::string w = Lower(doc.tokens[t].text);
    return std::find(kDeterminers.begin(), kDeterminers.end(), w) != kDeterminers.end();
  };
  if (first > s.first_token && determiner(first - 1)) return true;
  if (first < s.first_token + 2 || !determiner(first - 2) || Lower(word.text).ends_with("ed")) return false;
  // "the rocket attack", "an Israeli airstrike"; not "The UK sees" (a capitalised subject).
  const std::string& middle = doc.tokens[first - 1].text;
  const bool capitalised = !middle.empty() && std::isupper(static_cast<unsigned char>(middle[0]));
  const bool demonym = middle.ends_with("an") || middle.ends_with("ish") || middle.ends_with("i") ||
                       middle.ends_with("ese");
  return !capitalised || demonym;
}

bool KnownSame(const std::vector<EventActor>& a, const std::vector<EventActor>& b) {
  return !a.empty() && !b.empty() && !a[0].code.empty() && a[0].code == b[0].code;
}

// Both source and target known on both sides and equal.
bool SameFullDyad(const Event& a, const Event& b) {
  return KnownSame(a.actors, b.actors) && KnownSame(a.recipients, b.recipients);
}

// Both source and target known on both sides and compatible (USA / USAGOV).
bool CompatibleFullDyad(const Event& a, const Event& b) {
  return SideShared(a.actors, b.actors) && SideShared(a.recipients, b.recipients) &&
         SideCompatible(a.actors, b.actors) && SideCompatible(a.recipients, b.recipients);
}

// Both placed, finer than a country, and compatible ("in Manbij" twice; not "Syria" twice).
bool KnownPlaceAgrees(const Event& a, const Event& b) {
  if (!a.location || !b.location) return false;
  return std::min(PlaceRank(a.location->precision), PlaceRank(b.location->precision)) >= PlaceRank("admin1") &&
         PlacesCompatible(a, b);
}

// Both dated to the same day in the text.
bool KnownDateAgrees(const Event& a, const Event& b) {
  return !a.date_text.empty() && !b.date_text.empty() && a.date_precision == "day" && b.date_precision == "day" &&
         a.date == b.date;
}

// Whether two single mentions may report the same event (see the file comment, step 4).
bool PairMergeable(const Document& doc, const Event& a, const Event& b) {
  if (!CompatibleCameo(a.cameo, b.cameo) || SameWords(a, b)) return false;
  const uint32_t distance = SentenceDistance(a, b);
  const bool verbal = a.quad_class == 1 || a.quad_class == 3 || b.quad_class == 1 || b.quad_class == 3;
  if (verbal && (a.cameo != b.cameo || !SameFullDyad(a, b) || distance > 2)) return false;
  if (SortedAux(a) != SortedAux(b)) return false;
  if (IsCommentLike(SegmentOf(doc, a)) != IsCommentLike(SegmentOf(doc, b))) return false;
  if (!SideCompatible(a.actors, b.actors) || !SideCompatible(a.recipients, b.recipients)) return false;
  if (!SideShared(a.actors, b.actors) && !SideShared(a.recipients, b.recipients)) return false;
  if (!DatesCompatible(a, b) || !PlacesCompatible(a, b)) return false;
  // Two clauses of one sentence are two events unless one names the other as a noun phrase
  // ("launched the strike that killed", "the attack ... attacked").
  const bool same_stem = SameStem(doc.Slice(a.trigger_begin, a.trigger_end), doc.Slice(b.trigger_begin, b.trigger_end));
  if (distance == 0) {
    // One sentence: a noun phrase restating a clause ("the shooting on a church, killing a
    // dozen"); two clauses or two noun phrases of one sentence are two events.
    return NominalMention(doc, a) != NominalMention(doc, b) && a.cameo == b.cameo && SameFullDyad(a, b);
  }
  if (same_stem) {
    // The same word nearby; further apart it needs more than one agreeing side.
    return distance <= 1 || KnownPlaceAgrees(a, b) || KnownDateAgrees(a, b) || CompatibleFullDyad(a, b);
  }
  // Different words: the same code and the same known source and target, in one or two
  // adjacent sentences.
  return distance <= 1 && a.cameo == b.cameo && SameFullDyad(a, b);
}

// A merged event takes `b` only when `b` may report the same event as every one of its
// mentions, so a chain of pairwise merges cannot join unrelated reports.
bool Mergeable(const Document& doc, const std::vector<Event>& members, const Event& b) {
  return std::all_of(members.begin(), members.end(), [&](const Event& m) { return PairMergeable(doc, m, b); });
}

// Keeps the more specific participants: known over unknown, longer code over shorter, a named
// mention over an anaphor.
void MergeSide(std::vector<EventActor>* into, const std::vector<EventActor>& from) {
  if (from.empty()) return;
  if (into->empty()) {
    *into = from;
    return;
  }
  for (size_t i = 0; i < into->size() && i < from.size(); ++i) {
    EventActor& a = (*into)[i];
    const EventActor& b = from[i];
    if (b.code.size() > a.code.size() || (b.code.size() == a.code.size() && !a.antecedent.empty() && b.antecedent.empty())) {
      a = b;
    }
  }
}

void MergeInto(const Document& doc, Event* into, const Event& from) {
  // The CAMEO code: the more specific one (a 4-digit code over its 3-digit parent, a leaf over a
  // root code ending in 0), with its PLOVER type and scales.
  const bool root_code = into->cameo.size() == 3 && into->cameo[2] == '0';
  const bool from_more_specific = from.cameo.size() > into->cameo.size() ||
                                  (root_code && from.cameo.size() == 3 && from.cameo[2] != '0');
  if (from_more_specific) {
    into->cameo = from.cameo;
    into->plover = from.plover;
    into->mode = from.mode;
    into->context = from.context;
    into->quad_class = from.quad_class;
    into->goldstein = from.goldstein;
  }
  MergeSide(&into->actors, from.actors);
  MergeSide(&into->recipients, from.recipients);
  const bool from_dated = !from.date_text.empty();
  if (from_dated && (into->date_text.empty() || PrecisionRank(from.date_precision) > PrecisionRank(into->date_precision))) {
    into->date = from.date;
    into->date_text = from.date_text;
    into->date_precision = from.date_precision;
    into->date_begin = from.date_begin;
    into->date_end = from.date_end;
  }
  if (from.location && (!into->location || PlaceRank(from.location->precision) > PlaceRank(into->location->precision))) {
    into->location = from.location;
  }
  // Event words from the first body mention: a headline mention gives way to the body.
  const bool into_headline = SegmentOf(doc, *into) == Segment::kHeadline;
  const bool from_headline = SegmentOf(doc, from) == Segment::kHeadline;
  std::vector<EventMention> mentions = into->mentions;
  mentions.insert(mentions.end(), from.mentions.begin(), from.mentions.end());
  if (into_headline && !from_headline) {
    into->trigger_begin = from.trigger_begin;
    into->trigger_end = from.trigger_end;
    into->sentence = from.sentence;
    into->evidence = from.evidence;
    std::stable_partition(mentions.begin(), mentions.end(),
                          [&](const EventMention& m) { return m.trigger_begin == from.trigger_begin && m.sentence == from.sentence; });
  }
  into->mentions = std::move(mentions);
}

void LinkAntecedents(Document& doc) {
  std::map<std::pair<uint32_t, uint32_t>, size_t> by_span;
  for (size_t m = 0; m < doc.actors.size(); ++m) {
    const ActorMention& a = doc.actors[m];
    if (a.antecedent < 0 || a.first_token >= a.end_token || a.end_token > doc.tokens.size()) continue;
    by_span[{doc.tokens[a.first_token].begin, doc.tokens[a.end_token - 1].end}] = m;
  }
  if (by_span.empty()) return;
  const auto link = [&](EventActor& ea) {
    auto it = by_span.find({ea.begin, ea.end});
    if (it == by_span.end()) return;
    const ActorMention& target = doc.actors[static_cast<size_t>(doc.actors[it->second].antecedent)];
    ea.antecedent_begin = doc.tokens[target.first_token].begin;
    ea.antecedent_end = doc.tokens[target.end_token - 1].end;
    ea.antecedent = doc.Slice(ea.antecedent_begin, ea.antecedent_end);
  };
  for (Event& e : doc.events) {
    for (EventActor& a : e.actors) link(a);
    for (EventActor& a : e.recipients) link(a);
  }
}

class MergeStage : public Stage {
 public:
  std::string_view name() const override { return "merge"; }
  LayerSet needs() const override { return kLayerTokens | kLayerSentences | kLayerEvents; }
  LayerSet sets() const override { return kLayerEvents; }
  Status Process(Document& doc) const override {
    LinkAntecedents(doc);
    MergeDocumentEvents(doc);
    return Status::Ok();
  }
};

const StageRegistration kMerge("merge", [](const StageConfig&) -> Result<std::unique_ptr<Stage>> {
  return std::unique_ptr<Stage>(new MergeStage());
});

}  // namespace

bool IsGenericMention(const Document& doc, const Event& event) {
  if (event.sentence >= doc.sentences.size()) return false;
  static constexpr std::array<std::string_view, 20> kBefore = {
      "recent", "spate", "series", "wave",    "string",  "repeated", "frequent", "several", "numerous", "multiple",
      "previous", "past", "any",  "such",    "string",  "rash",     "campaign", "countless", "regular",  "ongoing"};
  const Sentence& s = doc.sentences[event.sentence];
  const auto [first, end] = TriggerTokens(doc, event);
  for (uint32_t t = first > s.first_token + 4 ? first - 4 : s.first_token; t < first; ++t) {
    const std::string w = Lower(doc.tokens[t].text);
    // "any" / "such" quantify only the word right after them ("any attacks", not "any role in the attack").
    if ((w == "any" || w == "such") && t + 1 != first) continue;
    if (std::find(kBefore.begin(), kBefore.end(), w) != kBefore.end()) return true;
  }
  const auto in_a_row = [&doc](uint32_t t) {
    return doc.tokens[t].text == "in" && doc.tokens[t + 1].text == "a" && doc.tokens[t + 2].text == "row";
  };
  for (uint32_t t = end; t + 2 < s.end_token && t < end + 6; ++t) {
    const std::string unit = Lower(doc.tokens[t + 2].text);
    const bool in_recent_period = doc.tokens[t].text == "in" && Lower(doc.tokens[t + 1].text) == "recent" &&
                                  (unit == "years" || unit == "months" || unit == "weeks" || unit == "days");
    if (in_a_row(t) || in_recent_period) return true;
  }
  // "used chemical weapons at least 50 times", "attacked repeatedly".
  for (uint32_t t = end; t < s.end_token && t < end + 8; ++t) {
    const std::string w = Lower(doc.tokens[t].text);
    if (w == "repeatedly" || (w == "times" && t > end && Lower(doc.tokens[t - 1].text) != "the")) return true;
  }
  // "the fourth day in a row that X were targeted": the series frames the whole clause.
  for (uint32_t t = first; t > s.first_token + 2; --t) {
    const std::string& w = doc.tokens[t - 1].text;
    if (w == "," || w == ";" || w == ":") break;
    if (in_a_row(t - 3)) return true;
  }
  return false;
}

namespace {

// Could generic event `g` be a summary that includes specific event `e`?
bool GenericCovers(const Document& doc, const Event& g, const Event& e) {
  if (!CompatibleCameo(g.cameo, e.cameo)) return false;
  std::vector<std::string> aux = SortedAux(g);
  aux.erase(std::remove(aux.begin(), aux.end(), "generic"), aux.end());
  if (aux != SortedAux(e)) return false;
  if (IsCommentLike(SegmentOf(doc, g)) != IsCommentLike(SegmentOf(doc, e))) return false;
  if (!SideCompatible(g.actors, e.actors) || !SideCompatible(g.recipients, e.recipients)) return false;
  if (!SideShared(g.actors, e.actors) && !SideShared(g.recipients, e.recipients)) return false;
  if (!DatesCompatible(g, e) || !PlacesCompatible(g, e)) return false;
  // Series are series of attacks, fighting or coercion (quad class 4); the summary is told with
  // the same word as a report of the event or stands at most three sentences from it.
  if (g.quad_class != 4 || e.quad_class != 4) return false;
  const std::string g_words = doc.Slice(g.trigger_begin, g.trigger_end);
  return std::any_of(e.mentions.begin(), e.mentions.end(), [&](const EventMention& m) {
    const uint32_t distance = m.sentence > g.sentence ? m.sentence - g.sentence : g.sentence - m.sentence;
    return distance <= 3 || SameStem(doc.Slice(m.trigger_begin, m.trigger_end), g_words);
  });
}

bool IsGeneric(const Event& e) { return std::find(e.aux.begin(), e.aux.end(), "generic") != e.aux.end(); }

// Step 5: generic events with exactly one compatible specific event become its mentions.
void LinkGenericEvents(const Document& doc, std::vector<Event>* events) {
  std::vector<bool> absorbed(events->size(), false);
  for (size_t g = 0; g < events->size(); ++g) {
    if (!IsGeneric((*events)[g])) continue;
    size_t only = events->size();
    size_t candidates = 0;
    for (size_t e = 0; e < events->size(); ++e) {
      if (IsGeneric((*events)[e]) || !GenericCovers(doc, (*events)[g], (*events)[e])) continue;
      only = e;
      ++candidates;
    }
    if (candidates != 1) continue;
    for (EventMention m : (*events)[g].mentions) {
      m.generic = true;
      (*events)[only].mentions.push_back(std::move(m));
    }
    absorbed[g] = true;
  }
  size_t keep = 0;
  for (size_t i = 0; i < events->size(); ++i) {
    if (absorbed[i]) continue;
    if (keep != i) (*events)[keep] = std::move((*events)[i]);
    ++keep;
  }
  events->resize(keep);
}

}  // namespace

void MergeDocumentEvents(Document& doc) {
  std::vector<Event> kept;
  kept.reserve(doc.events.size());
  for (Event& e : doc.events) {
    const Segment segment = SegmentOf(doc, e);
    if (segment == Segment::kBoilerplate || segment == Segment::kByline || segment == Segment::kDateline) continue;
    if (e.mentions.empty()) {
      e.mentions.push_back({doc.id, e.sentence, e.trigger_begin, e.trigger_end, e.evidence});
    }
    if (IsGenericMention(doc, e) && std::find(e.aux.begin(), e.aux.end(), "generic") == e.aux.end()) {
      e.aux.push_back("generic");
    }
    kept.push_back(std::move(e));
  }
  std::vector<Event> merged;
  std::vector<std::vector<Event>> members;  // the single mentions of each merged event
  merged.reserve(kept.size());
  for (Event& e : kept) {
    size_t target = 0;
    while (target < merged.size() && !Mergeable(doc, members[target], e)) ++target;
    if (target == merged.size()) {
      members.push_back({e});
      merged.push_back(std::move(e));
    } else {
      members[target].push_back(e);
      MergeInto(doc, &merged[target], e);
    }
  }
  LinkGenericEvents(doc, &merged);
  doc.events = std::move(merged);
}

}  // namespace dyad
