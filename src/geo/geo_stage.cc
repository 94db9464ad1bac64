// Stage "geo": finds toponyms (Document::places), resolves them against the embedded
// gazetteer and gives each event the place where it happened.
//
// Recognition: gazetteer matches on capitalised token sequences (plus NER LOC spans when the
// ner stage ran; matches inside PER/ORG entities are dropped). Country adjectives ("Iraqi")
// are evidence for the document's country focus, never places. A country or capital that is
// the subject of a speech or action verb ("Washington said", "the US assassinated") is an
// actor, not a place. "eastern Syria" is Syria with precision "region".
//
// Disambiguation scores each candidate: log population, kind (country > capital > admin1 >
// city), canonical vs alternate name, the document's country focus (country names,
// adjectives, actor countries, then the places of a first pass), a qualifying place after a
// comma ("Paris, Texas") and proximity to the other places of the document.
//
// Event location: with a parse, a locative place governed by the event's predicate; else a
// locative place ("in", "at", "near" ...) in the event's comma-delimited segment, then a
// possessive or bare mention there, then a facility seen earlier with a place ("the
// embassy" after "the embassy in Baghdad"), then a locative place in the event's clause or
// sentence, then the dateline place.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "dyad/dates.h"
#include "dyad/gazetteer.h"
#include "dyad/pipeline.h"
#include "dyad/stage.h"

namespace dyad {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool OneOf(const std::string& w, std::initializer_list<const char*> words) {
  return std::any_of(words.begin(), words.end(), [&w](const char* x) { return w == x; });
}

bool Capitalised(const std::string& w) {
  if (w.empty()) return false;
  const unsigned char c = static_cast<unsigned char>(w[0]);
  return std::isupper(c) || c >= 0xC3;
}

bool AllCaps(std::string_view w) {
  bool upper = false;
  for (char c : w) {
    if (std::islower(static_cast<unsigned char>(c))) return false;
    upper = upper || std::isupper(static_cast<unsigned char>(c));
  }
  return upper;
}

// Capitalised words that are also place names somewhere but rarely mean the place in news.
bool IsStopword(const std::string& lower) {
  static const std::set<std::string> kWords = {
      "the",      "a",        "an",       "in",       "on",       "at",      "he",       "she",
      "it",       "we",       "they",     "i",       "but",      "and",      "or",      "if",       "as",
      "by",       "for",      "to",       "from",    "this",     "that",     "these",   "those",    "his",
      "her",      "its",      "their",    "our",     "my",       "your",     "there",   "here",     "when",
      "while",    "after",    "before",   "since",   "until",    "early",    "late",    "most",     "many",
      "some",     "all",      "no",       "not",     "so",       "then",     "also",    "both",     "each",
      "more",     "much",     "such",     "what",    "which",    "who",      "why",     "how",      "where",
      "central",  "eastern",  "western",  "northern", "southern", "north",   "south",   "east",     "west",
      "capital",  "city",     "centre",   "center",  "police",   "mobile",   "reading", "nice",     "split",
      "van",      "bar",      "same",     "union",   "independence", "liberty", "progress", "hope", "victory",
      "of",       "man",      "along",    "marks",   "mark",     "best",     "deal",    "worth",    "ward",
      "gross",    "media",    "post",     "sale",    "bath",     "march",    "may",     "president", "general",
      "republic", "state",    "states",   "province", "region",  "district", "county",  "airport",  "university",
      "government", "army",   "parliament", "congress", "senate", "ministry", "minister", "embassy", "council",
      "national", "international", "democratic", "popular", "islamic", "new", "great", "royal", "federal",
      "young",    "old",      "good",     "long",    "little",   "big",      "white",   "black",    "red",
      "green",    "golden",   "silver",   "deep",    "high",     "low",      "fort",    "port",     "mount",
      "saint",    "san",      "santa",    "st",      "al",       "el",       "la",      "le",       "de",
      "abu",      "ali",      "said",     "hamas",   "isis",     "nato",     "un",      "eu",       "gen",
      "mr",       "mrs",      "ms",       "dr",      "sir",      "lord",     "king",    "queen",    "prince",
      "monday",   "tuesday",  "wednesday", "thursday", "friday", "saturday", "sunday", "today",   "god",
      "allah",    "lincoln",  "jackson",  "wilson",  "clinton",  "carter",   "bush",    "obama",    "trump",
      "biden",    "kennedy",  "johnson",  "taylor",  "hamilton", "franklin", "jefferson", "madison", "monroe",
      "victoria", "florence", "charlotte", "elizabeth", "laurel", "beverly", "mercedes", "lafayette",
      "asia",     "europe",   "africa",   "gulf",    "middle",   "german",   "arab",    "latin",    "pacific",
      "atlantic", "mediterranean", "caucasus", "balkans", "sahel"};
  return kWords.count(lower) > 0;
}

// Buildings and streets that stand for a government and are also alternate names of unrelated
// cities ("White House" is a translation of Casablanca).
bool IsSeatOfGovernment(const std::string& key) {
  static const std::set<std::string> kNames = {"white house", "whitehall", "downing street", "pentagon",
                                               "kremlin", "capitol", "capitol hill", "elysee", "quai d'orsay",
                                               "foggy bottom", "blue house", "zhongnanhai", "hall"};
  return kNames.count(key) > 0;
}

bool IsDirection(const std::string& lower) {
  return OneOf(lower, {"northern", "southern", "eastern", "western", "central", "northeastern", "northwestern",
                       "southeastern", "southwestern", "north", "south", "east", "west", "northeast",
                       "northwest", "southeast", "southwest", "north-east", "north-west", "south-east",
                       "south-west", "north-eastern", "north-western", "south-eastern", "south-western"});
}

bool IsLocativePreposition(const std::string& lower) {
  return OneOf(lower, {"in", "at", "near", "outside", "inside", "into", "across", "throughout", "around", "within",
                       "off", "to", "toward", "towards", "over", "from", "on", "between", "through", "along",
                       "onto", "nearby", "of"});
}

bool IsSpeechOrActionVerb(const std::string& lower) {
  static const std::set<std::string> kVerbs = {
      "said",      "says",       "say",        "told",      "tells",      "warned",    "warns",     "accused",
      "accuses",   "denied",     "denies",     "urged",     "urges",      "demanded",  "demands",   "announced",
      "announces", "rejected",   "rejects",    "condemned", "condemns",   "threatened", "threatens", "agreed",
      "agrees",    "insisted",   "insists",    "claimed",   "claims",     "responded", "signed",    "imposed",
      "vowed",     "pledged",    "wants",      "wanted",    "blamed",     "blames",    "called",    "calls",
      "sanctioned", "refused",   "welcomed",   "criticized", "criticised", "asked",    "believes",  "hopes",
      "expects",   "decided",    "approved",   "recognized", "recognised", "offered",  "sent",      "struck",
      "launched",  "attacked",   "killed",     "expelled",  "withdrew",   "recalled",  "supports",  "backed",
      "assassinated", "invaded", "bombed",     "protested", "promised",   "insists",   "pressed",   "argued",
      "announce",  "summoned",   "confirmed",  "acknowledged", "admitted", "reiterated", "stressed", "maintains", "hit"};
  return kVerbs.count(lower) > 0;
}

// Candidate toponym over tokens [first, end) (end excludes a trailing qualifier).
struct Mention {
  uint32_t first = 0, end = 0;     // tokens of the name
  uint32_t region_token = 0;       // first token including a direction adjective
  bool region = false;             // "eastern Syria"
  bool metonymic = false;          // "Washington said"
  bool admin_word = false;         // followed by "province", "state" ... or after "province of"
  std::vector<NameHit> hits;       // gazetteer candidates
  int64_t chosen = -1;             // place index after disambiguation
  uint32_t sentence = 0;
};

class GeoStage : public Stage {
 public:
  explicit GeoStage(std::shared_ptr<const Gazetteer> gazetteer) : gaz_(std::move(gazetteer)) {}
  std::string_view name() const override { return "geo"; }
  LayerSet needs() const override { return kLayerTokens | kLayerSentences; }
  LayerSet sets() const override { return kLayerPlaces; }

  Status Process(Document& doc) const override {
    std::vector<Mention> mentions;
    std::map<std::string, double> focus;  // ISO3 -> weight
    Recognise(doc, &mentions, &focus);
    for (const ActorMention& a : doc.actors) {
      if (a.country.size() == 3) focus[a.country] += 1.0;
    }
    Resolve(doc, &mentions, focus);
    doc.places.clear();
    std::vector<const Mention*> located;
    for (const Mention& m : mentions) {
      if (m.metonymic || m.chosen < 0) continue;
      doc.places.push_back(ToLocation(doc, m));
      located.push_back(&m);
    }
    if (!doc.events.empty()) LocateEvents(doc, located);
    return Status::Ok();
  }

 private:
  Location ToLocation(const Document& doc, const Mention& m) const {
    const Place p = gaz_->At(static_cast<uint32_t>(m.chosen));
    Location l;
    const uint32_t first = m.region ? m.region_token : m.first;
    l.begin = doc.tokens[first].begin;
    l.end = doc.tokens[m.end - 1].end;
    l.text = doc.Slice(l.begin, l.end);
    l.name = std::string(p.name);
    l.geonameid = p.geonameid;
    l.country = std::string(p.country);
    l.admin1 = std::string(p.admin1);
    l.lat = std::round(p.lat * 1e5) / 1e5;
    l.lon = std::round(p.lon * 1e5) / 1e5;
    if (m.region) {
      l.precision = "region";
    } else {
      l.precision = p.kind == PlaceKind::kCountry ? "country" : p.kind == PlaceKind::kAdmin1 ? "admin1" : "city";
    }
    return l;
  }

  // Entity type covering tokens [first, end), or "".
  static std::string EntityType(const Document& doc, uint32_t first, uint32_t end) {
    for (const Entity& e : doc.entities) {
      if (e.first_token <= first && end <= e.end_token) return e.type;
    }
    return "";
  }

  void Recognise(const Document& doc, std::vector<Mention>* out, std::map<std::string, double>* focus) const {
    const bool have_entities = !doc.entities.empty();
    for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
      const Sentence& s = doc.sentences[si];
      uint32_t i = s.first_token;
      while (i < s.end_token) {
        const std::string& w = doc.tokens[i].text;
        if (!Capitalised(w)) {
          ++i;
          continue;
        }
        // Longest gazetteer match starting at i; lower-case connectors allowed inside.
        std::string key;
        uint32_t best_end = 0;
        std::vector<NameHit> best_hits;
        for (uint32_t j = i; j < s.end_token && j < i + 6; ++j) {
          const std::string& t = doc.tokens[j].text;
          const std::string part = GazetteerKey(t);
          if (part.empty()) {
            if (t == "-" && j > i) continue;  // "Port - au - Prince" folds like "Port-au-Prince"
            break;
          }
          key = key.empty() ? part : key + " " + part;
          if (Capitalised(t)) {
            auto hits = gaz_->Lookup(key);
            if (!hits.empty()) {
              best_end = j + 1;
              best_hits = std::move(hits);
            }
          }
          if (!gaz_->HasPrefix(key)) break;
        }
        if (best_end == 0) {
          ++i;
          continue;
        }
        const uint32_t first = i, end = best_end;
        i = best_end;
        const std::string surface = doc.Slice(doc.tokens[first].begin, doc.tokens[end - 1].end);
        // Abbreviations ("US") only in capitals; demonyms only as focus evidence.
        std::vector<NameHit> places;
        bool demonym = false;
        for (const NameHit& h : best_hits) {
          if ((h.flags & kNameDemonym) != 0) {
            (*focus)[std::string(gaz_->At(h.place).country)] += 1.0;
            demonym = true;
            continue;
          }
          if ((h.flags & kNameAbbrev) != 0 && !AllCaps(surface)) continue;
          places.push_back(h);
        }
        if (places.empty() || demonym) continue;  // "Turks", "German" are adjectives first
        const std::string entity = have_entities ? EntityType(doc, first, end) : "";
        if (entity == "PER" || entity == "ORG") continue;
        const bool ner_location = entity == "LOC";
        const std::string lower = Lower(surface);
        if (!ner_location && end - first == 1 && IsStopword(lower)) continue;
        if (IsSeatOfGovernment(GazetteerKey(surface))) continue;
        if (!ner_location && surface.size() <= 2 && !AllCaps(surface)) continue;
        // Part of a longer capitalised name ("Syrian Democratic Forces", "Washington Post")?
        if (!ner_location && first > s.first_token) {
          const std::string& prev = doc.tokens[first - 1].text;
          if (Capitalised(prev) && first - 1 > s.first_token && !IsDirection(Lower(prev)) && !AllCaps(surface) &&
              !IsStopword(Lower(prev))) {
            continue;
          }
        }
        if (!ner_location && end < s.end_token) {
          const std::string& next = doc.tokens[end].text;
          const std::string nl = Lower(next);
          const bool allowed = OneOf(nl, {"province", "governorate", "city", "state", "region", "district",
                                          "county", "monday", "tuesday", "wednesday", "thursday", "friday",
                                          "saturday", "sunday", "i"}) ||
                               MonthName(nl);
          if (Capitalised(next) && !allowed && next != "I") continue;
        }
        Mention m;
        m.first = first;
        m.end = end;
        m.region_token = first;
        m.sentence = si;
        m.hits = std::move(places);
        if (first > s.first_token) {
          const uint32_t d = first - 1;
          if (IsDirection(Lower(doc.tokens[d].text))) {
            m.region = true;
            m.region_token = d;
          }
        }
        if (end < s.end_token && OneOf(Lower(doc.tokens[end].text), {"province", "state", "governorate", "region",
                                                                      "oblast", "district", "county", "prefecture"})) {
          m.admin_word = true;
        }
        if (first >= s.first_token + 2 && Lower(doc.tokens[first - 1].text) == "of" &&
            OneOf(Lower(doc.tokens[first - 2].text), {"province", "state", "governorate", "region"})) {
          m.admin_word = true;
        }
        m.metonymic = Metonymic(doc, s, m);
        for (const NameHit& h : m.hits) {
          if (gaz_->At(h.place).kind == PlaceKind::kCountry) {
            (*focus)[std::string(gaz_->At(h.place).country)] += 1.0;
            break;
          }
        }
        out->push_back(std::move(m));
      }
    }
  }

  static bool MonthName(const std::string& lower) {
    return OneOf(lower, {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.",
                         "dec."});
  }

  // A country or capital that is the subject of a speech or action verb.
  bool Metonymic(const Document& doc, const Sentence& s, const Mention& m) const {
    bool capital_or_country = false;
    for (const NameHit& h : m.hits) {
      const Place p = gaz_->At(h.place);
      if ((h.flags & kNamePrimary) == 0 && (h.flags & kNameAbbrev) == 0 && p.kind != PlaceKind::kCountry) continue;
      if (p.kind == PlaceKind::kCountry || p.feature == "PPLC") capital_or_country = true;
    }
    if (m.region) return false;
    if (!capital_or_country) return SpeakerFollows(doc, s, m);  // "Bolton said": a person
    if (m.first > s.first_token && IsLocativePreposition(Lower(doc.tokens[m.first - 1].text))) return false;
    if (!doc.tokens[m.end - 1].deprel.empty()) {
      for (uint32_t t = m.first; t < m.end; ++t) {
        const Token& tok = doc.tokens[t];
        if ((tok.deprel == "nsubj" || tok.deprel == "nsubj:pass") && tok.head >= 0 &&
            tok.head < static_cast<int32_t>(doc.tokens.size())) {
          const Token& head = doc.tokens[tok.head];
          if (tok.deprel == "nsubj" && (head.upos == "VERB") &&
              (IsSpeechOrActionVerb(Lower(head.text)) || IsSpeechOrActionVerb(Lower(head.lemma)))) {
            return true;
          }
        }
      }
      return false;
    }
    // Without a parse: the verb follows, possibly after auxiliaries, adverbs or a time phrase.
    uint32_t k = m.end;
    for (int skipped = 0; k < s.end_token && skipped < 4; ++k, ++skipped) {
      const std::string w = Lower(doc.tokens[k].text);
      if (OneOf(w, {"has", "have", "had", "will", "would", "could", "may", "might", "also", "again", "on",
                    "last", "yesterday", "today", "previously", "repeatedly", "quickly", "has", "is", "was",
                    "officially", "publicly", "strongly", "never", "always", "already", "then", "now"}) ||
          WeekdayName(w)) {
        continue;
      }
      break;
    }
    if (k >= s.end_token) return false;
    const std::string verb = Lower(doc.tokens[k].text);
    const bool not_passive = k + 1 >= s.end_token || Lower(doc.tokens[k + 1].text) != "by";
    if (IsSpeechOrActionVerb(verb)) return not_passive;
    // A sentence opening with the name and a past-tense verb: "Ankara recalled its envoy".
    const bool opens = m.first == s.first_token || (m.first == s.first_token + 1 && Lower(doc.tokens[s.first_token].text) == "the");
    return opens && k == m.end && verb.size() > 4 && verb.ends_with("ed") && not_passive;
  }

  // A speech verb right after the name ("X said", "X told reporters").
  static bool SpeakerFollows(const Document& doc, const Sentence& s, const Mention& m) {
    if (m.end >= s.end_token) return false;
    if (m.first > s.first_token && IsLocativePreposition(Lower(doc.tokens[m.first - 1].text))) return false;
    return OneOf(Lower(doc.tokens[m.end].text), {"said", "says", "told", "tells", "added", "wrote", "tweeted"});
  }

  static bool WeekdayName(const std::string& lower) {
    return OneOf(lower, {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"});
  }

  // `own_focus` is the country this mention itself added to the focus in the first pass; it
  // does not count as evidence for the mention.
  double Score(const Document& doc, const Mention& m, const NameHit& h, const std::map<std::string, double>& focus,
               double focus_total, const std::string& own_focus, const std::vector<std::pair<double, double>>& anchors,
               const std::vector<Mention>& all, size_t self) const {
    const Place p = gaz_->At(h.place);
    double score = std::log10(static_cast<double>(p.population) + 10.0);
    // Alternate names include English exonyms but also rare variants. A city whose division
    // carries the name as its canonical name (canton "Geneva", seat "Genève") counts as named.
    bool primary = (h.flags & (kNamePrimary | kNameAbbrev)) != 0;
    if (!primary && p.kind == PlaceKind::kCity) {
      for (const NameHit& o : m.hits) {
        const Place q = gaz_->At(o.place);
        if ((o.flags & kNamePrimary) != 0 && q.kind == PlaceKind::kAdmin1 && q.country == p.country &&
            q.admin1 == p.admin1) {
          primary = true;
        }
      }
    }
    if (!primary && p.kind != PlaceKind::kCountry) score -= 1.0;
    if (p.kind == PlaceKind::kCountry) score += 4.0;
    if (p.kind == PlaceKind::kAdmin1) {
      if (m.admin_word) {
        score += 4.0;  // "Kandahar province", "Washington state"
      } else {
        // A division named after its seat ("Kirkuk", "Baghdad") means the city unless qualified.
        for (const NameHit& o : m.hits) {
          const Place q = gaz_->At(o.place);
          if (q.kind == PlaceKind::kCity && q.country == p.country && q.admin1 == p.admin1) {
            score -= 1.5;
            break;
          }
        }
      }
    }
    // A capital named by one of its alternate (often former) names earns less: "Salisbury".
    if (p.feature == "PPLC") score += primary ? 2.5 : 1.25;
    if (p.feature == "PPLA") score += 0.5;
    const double total = focus_total - (own_focus.empty() ? 0.0 : 0.5);
    if (total > 0) {
      // Focus lifts a small namesake less than a comparable one abroad: Geneva, Illinois does
      // not displace Geneva in a story that merely mentions the US often.
      uint32_t largest_abroad = 1;
      for (const NameHit& o : m.hits) {
        const Place q = gaz_->At(o.place);
        if (q.country != p.country) largest_abroad = std::max(largest_abroad, q.population);
      }
      const double weight = std::min(1.0, std::sqrt(static_cast<double>(p.population) / (0.25 * largest_abroad)));
      auto it = focus.find(std::string(p.country));
      if (it != focus.end()) {
        const double share = (it->second - (own_focus == it->first ? 0.5 : 0.0)) / total;
        score += 4.0 * weight * share;
      }
    }
    // Qualifier: "Paris, Texas", "London, Ontario", "Hyderabad (Pakistan)" and the reverse.
    for (size_t j = 0; j < all.size(); ++j) {
      if (j == self || all[j].sentence != m.sentence) continue;
      const Mention& o = all[j];
      const bool after = o.first == m.end + 1 && (doc.tokens[m.end].text == "," || doc.tokens[m.end].text == "(");
      const bool before = m.first == o.end + 1 && doc.tokens[o.end].text == ",";
      if (!after && !before) continue;
      for (const NameHit& oh : o.hits) {
        const Place q = gaz_->At(oh.place);
        const bool contains_self = after && q.kind != PlaceKind::kCity && q.country == p.country &&
                                   (q.kind == PlaceKind::kCountry || q.admin1 == p.admin1);
        const bool contained = before && p.kind != PlaceKind::kCity && q.country == p.country &&
                               (p.kind == PlaceKind::kCountry || q.admin1 == p.admin1);
        if (contains_self || contained) {
          score += 6.0;
          break;
        }
      }
    }
    // Proximity to the other places of the document.
    if (p.kind == PlaceKind::kCity || p.kind == PlaceKind::kAdmin1) {
      for (const auto& [lat, lon] : anchors) {
        if (DistanceKm(lat, lon, p.lat, p.lon) < 400.0) {
          score += 1.5;
          break;
        }
      }
    }
    return score;
  }

  void Resolve(const Document& doc, std::vector<Mention>* mentions, std::map<std::string, double> focus) const {
    std::vector<std::string> keys;
    for (const Mention& m : *mentions) {
      keys.push_back(GazetteerKey(doc.Slice(doc.tokens[m.first].begin, doc.tokens[m.end - 1].end)));
    }
    std::vector<std::string> own_focus(mentions->size());
    for (int pass = 0; pass < 2; ++pass) {
      double total = 0;
      for (const auto& [c, w] : focus) total += w;
      std::vector<std::pair<double, double>> first_pass(mentions->size(), {1000.0, 1000.0});
      if (pass == 1) {
        for (size_t i = 0; i < mentions->size(); ++i) {
          const Mention& m = (*mentions)[i];
          if (m.chosen < 0 || m.metonymic) continue;
          const Place p = gaz_->At(static_cast<uint32_t>(m.chosen));
          if (p.kind != PlaceKind::kCountry) first_pass[i] = {p.lat, p.lon};
        }
      }
      for (size_t i = 0; i < mentions->size(); ++i) {
        Mention& m = (*mentions)[i];
        // Other places of the document (not other mentions of the same name) anchor proximity.
        std::vector<std::pair<double, double>> anchors;
        for (size_t j = 0; j < first_pass.size(); ++j) {
          if (j != i && first_pass[j].first < 999.0 && keys[j] != keys[i]) anchors.push_back(first_pass[j]);
        }
        double best = -1e9;
        for (const NameHit& h : m.hits) {
          const double s = Score(doc, m, h, focus, total, own_focus[i], anchors, *mentions, i);
          if (s > best) {
            best = s;
            m.chosen = h.place;
          }
        }
      }
      if (pass == 0) {
        for (size_t i = 0; i < mentions->size(); ++i) {
          const Mention& m = (*mentions)[i];
          if (m.chosen >= 0 && gaz_->At(static_cast<uint32_t>(m.chosen)).kind != PlaceKind::kCountry) {
            own_focus[i] = std::string(gaz_->At(static_cast<uint32_t>(m.chosen)).country);
            focus[own_focus[i]] += 0.5;
          }
        }
      }
    }
  }

  // The token before the place, skipping a direction adjective and articles.
  static std::string Preposition(const Document& doc, const Sentence& s, uint32_t first) {
    uint32_t k = first;
    while (k > s.first_token) {
      --k;
      const std::string w = Lower(doc.tokens[k].text);
      if (w == "the" || IsDirection(w)) continue;
      return w;
    }
    return "";
  }

  static bool IsLocative(const Document& doc, const Sentence& s, uint32_t first) {
    const std::string prep = Preposition(doc, s, first);
    if (prep == "of") {  // "the town of Gorazde", "the province of Herat"
      const uint32_t k = first >= s.first_token + 2 ? first - 2 : first;
      const std::string noun = Lower(doc.tokens[k].text);
      return OneOf(noun, {"town", "city", "village", "province", "region", "capital", "district", "outskirts",
                          "suburbs", "centre", "center", "north", "south", "east", "west", "heart", "port",
                          "enclave", "area", "state", "governorate"});
    }
    if (OneOf(prep, {"capital", "city", "town", "village", "port"})) return true;  // "in the capital Kabul"
    return !prep.empty() && IsLocativePreposition(prep);
  }

  // A place name used as a modifier of the following noun ("US embassy", "Iraq war").
  static bool Attributive(const Document& doc, const Sentence& s, const Mention& m) {
    if (m.end >= s.end_token) return false;
    const std::string next = doc.tokens[m.end].text;
    if (next.empty() || !std::islower(static_cast<unsigned char>(next[0]))) return false;
    static const std::set<std::string> kFunctionWords = {
        "and", "or", "but", "nor", "in", "on", "at", "to", "from", "for", "with", "by", "of", "that", "which",
        "who", "since", "after", "before", "where", "when", "as", "while", "until", "is", "are", "was", "were",
        "has", "have", "had", "will", "would", "could", "can", "may", "might", "should", "must", "did", "does",
        "do", "be", "been", "said", "says", "say", "told", "this", "last", "near", "into", "over", "about",
        "under", "against", "between", "during", "than", "then", "so", "if", "because", "also", "not", "late",
        "early", "earlier", "later", "yesterday", "today", "tomorrow", "overnight", "amid", "despite", "via",
        "through", "across", "toward", "towards", "without", "within", "along", "around", "itself", "again"};
    if (kFunctionWords.count(next)) return false;
    if (next.size() > 3 && (next.ends_with("ed") || next.ends_with("ing"))) return false;
    return true;
  }

  void LocateEvents(Document& doc, const std::vector<const Mention*>& located) const {
    const bool syntax = HasSyntax(doc);
    // Facilities seen with a place: "embassy in Baghdad" -> embassy -> that place.
    std::vector<std::pair<uint32_t, std::string>> facility_at;  // (token, noun) to respect text order
    for (size_t pi = 0; pi < located.size(); ++pi) {
      const Mention& m = *located[pi];
      const Sentence& s = doc.sentences[m.sentence];
      const uint32_t first = m.region ? m.region_token : m.first;
      if (first >= s.first_token + 2 && OneOf(Lower(doc.tokens[first - 1].text), {"in", "at", "near", "outside"})) {
        const std::string noun = Lower(doc.tokens[first - 2].text);
        if (!noun.empty() && std::islower(static_cast<unsigned char>(noun[0]))) facility_at.emplace_back(first, noun);
      }
    }
    // Dateline: a place opening the article, followed by a comma or an agency in brackets.
    const Mention* dateline = nullptr;
    if (!located.empty() && !doc.sentences.empty()) {
      const Mention& m = *located.front();
      if (m.sentence == 0 && m.first == doc.sentences[0].first_token && m.end < doc.tokens.size() &&
          (doc.tokens[m.end].text == "," || doc.tokens[m.end].text == "(" || doc.tokens[m.end].text == "-")) {
        dateline = &m;
      }
    }
    for (Event& e : doc.events) {
      if (e.sentence >= doc.sentences.size()) continue;
      const Sentence& s = doc.sentences[e.sentence];
      if (s.first_token >= s.end_token) continue;
      const uint32_t trigger = std::clamp(TokenAt(doc, e.trigger_begin), s.first_token, s.end_token - 1);
      const std::vector<int> segments = SegmentIds(doc.tokens, s.first_token, s.end_token);
      const std::vector<int> clauses = ClauseIds(doc.tokens, s.first_token, s.end_token);
      const int seg = segments[trigger - s.first_token];
      const int clause = clauses[trigger - s.first_token];
      const int32_t predicate = syntax ? GoverningPredicate(doc, trigger) : -1;
      const Mention* best = nullptr;
      int best_rank = 1 << 30;
      for (const Mention* m : located) {
        if (m->sentence != e.sentence) continue;
        const bool locative = IsLocative(doc, s, m->region ? m->region_token : m->first);
        const int mseg = segments[m->first - s.first_token];
        const int mclause = clauses[m->first - s.first_token];
        const bool possessive = m->end < s.end_token && doc.tokens[m->end].text == "'s";
        if (Attributive(doc, s, *m)) continue;  // "the US embassy", "US troops"
        int tier;
        if (predicate >= 0 && locative && GoverningPredicate(doc, m->first) == predicate) {
          tier = 0;
        } else if (mseg == seg && locative) {
          tier = 1;
        } else if (mseg == seg && possessive) {
          tier = 2;
        } else if (locative && (mclause == clause || mclause == 0)) {
          tier = 4;
        } else {
          continue;
        }
        const int distance = std::abs(static_cast<int>(m->first) - static_cast<int>(trigger));
        const int rank = tier * 10000 + distance;
        if (rank < best_rank) {
          best_rank = rank;
          best = m;
        }
      }
      if (best == nullptr || best_rank >= 3 * 10000) {
        // "the embassy" in the event's segment, after "the embassy in Baghdad" earlier on.
        for (uint32_t t = s.first_token + 1; t < s.end_token; ++t) {
          if (segments[t - s.first_token] != seg || Lower(doc.tokens[t - 1].text) != "the") continue;
          const std::string noun = Lower(doc.tokens[t].text);
          const Mention* found = nullptr;
          for (const auto& [token, fnoun] : facility_at) {
            if (fnoun == noun && token + 1 < t) {
              for (const Mention* m : located) {
                if ((m->region ? m->region_token : m->first) == token) found = m;
              }
            }
          }
          if (found) {
            best = found;
            break;
          }
        }
      }
      if (best == nullptr) best = dateline;
      if (best) e.location = ToLocation(doc, *best);
    }
  }

  std::shared_ptr<const Gazetteer> gaz_;
};

const StageRegistration kReg("geo", [](const StageConfig& config) -> Result<std::unique_ptr<Stage>> {
  const std::string dir = config.data_dir.empty() ? DefaultDataDir() : config.data_dir;
  auto gazetteer = Gazetteer::Load((std::filesystem::path(dir) / Gazetteer::kFileName).string());
  if (!gazetteer.ok()) return gazetteer.status();
  return std::unique_ptr<Stage>(new GeoStage(gazetteer.value()));
});

}  // namespace
}  // namespace dyad
