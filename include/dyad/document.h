// The Document: the one object that flows through every pipeline stage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dyad {

/// What part of a document a sentence belongs to. Events come from the article body, quotations
/// and the headline (flagged by segment); never from boilerplate; from reader comments only
/// on request.
enum class Segment : uint8_t {
  kArticle,      ///< article body
  kComment,      ///< reader comments appended after the article
  kHeadline,     ///< the headline line at the top
  kByline,       ///< "By <name>" line
  kDateline,     ///< a line that is only "PLACE, Month Day (Agency)"
  kBoilerplate,  ///< share/subscribe/related-links/credit lines
  kQuote,        ///< a body sentence wholly inside a quotation
};

/// Name used in output for a segment: "article", "comment", "headline", "byline", "dateline",
/// "boilerplate" or "quote".
const char* SegmentName(Segment segment);

/// One token. Offsets are byte offsets into Document::text, end exclusive.
struct Token {
  std::string text;          ///< surface form as it appears in the text (normalised quotes)
  uint32_t begin = 0;        ///< byte offset of the first byte
  uint32_t end = 0;          ///< byte offset one past the last byte
  bool space_after = true;   ///< whitespace follows in the source
  std::string upos;          ///< universal POS tag (set by the tagger)
  std::string xpos;          ///< Penn Treebank tag (set by the tagger)
  std::string lemma;         ///< lemma (set by the tagger)
  int32_t head = -1;         ///< document-level token index of the head; -1 for the root
  std::string deprel;        ///< UD dependency relation to the head
};

/// One sentence: a contiguous token range and its byte span.
struct Sentence {
  uint32_t begin = 0;        ///< byte offset of the first token
  uint32_t end = 0;          ///< byte offset one past the last token
  uint32_t first_token = 0;  ///< index of the first token in Document::tokens
  uint32_t end_token = 0;    ///< one past the last token
  Segment segment = Segment::kArticle;  ///< article body or reader comment
};

/// A named-entity span over tokens [first_token, end_token).
struct Entity {
  uint32_t first_token = 0;  ///< first token of the span
  uint32_t end_token = 0;    ///< one past the last token
  std::string type;          ///< PER, ORG, LOC, MISC
};

/// An actor found in the text: a dictionary or agent match over a token range.
struct ActorMention {
  uint32_t first_token = 0;  ///< first token of the span
  uint32_t end_token = 0;    ///< one past the last token
  std::string code;          ///< full CAMEO-style code, e.g. "IRQMIL", "USA", "IGOUNO"
  std::string country;       ///< ISO-3166 alpha-3 (or CAMEO region/IGO code), may be empty
  std::string sector;        ///< sector / role code(s) after the country, e.g. "MIL", "GOV"
  std::string evidence;      ///< which dictionary entry matched
  int32_t antecedent = -1;   ///< for an anaphor: index in Document::actors of the mention it refers to
};

/// An actor as attached to an event (source or target), with its exact text span.
struct EventActor {
  std::string text;     ///< the span text
  std::string code;     ///< full actor code
  std::string country;  ///< country code, may be empty
  std::string sector;   ///< sector code(s), may be empty
  uint32_t begin = 0;   ///< byte offset
  uint32_t end = 0;     ///< byte offset, exclusive
  std::string antecedent;           ///< for an anaphor ("the group", "he"): the text it refers to
  uint32_t antecedent_begin = 0;    ///< byte span of the antecedent (when antecedent is set)
  uint32_t antecedent_end = 0;      ///< byte span end, exclusive
};

/// A resolved place attached to an event.
struct Location {
  std::string text;         ///< the place as written
  std::string name;         ///< canonical gazetteer name
  int64_t geonameid = 0;    ///< GeoNames id, 0 when unknown
  std::string country;      ///< ISO3
  std::string admin1;       ///< first-level administrative division code
  double lat = 0, lon = 0;  ///< coordinates
  std::string precision;    ///< city, admin1, country, region
  uint32_t begin = 0;       ///< byte offset
  uint32_t end = 0;         ///< byte offset, exclusive
};

/// A date expression found in the text and normalised against the document date.
struct TimeExpression {
  uint32_t begin = 0;        ///< byte offset
  uint32_t end = 0;          ///< byte offset, exclusive
  std::string value;         ///< normalised value: YYYY-MM-DD, YYYY-MM, YYYY, or empty if vague
  std::string precision;     ///< day, month, year, or none
};

/// One report of an event: the sentence and words that state it. Within one document the
/// offsets are byte offsets into that document's text.
struct EventMention {
  std::string doc_id;          ///< document that states the event
  uint32_t sentence = 0;       ///< sentence index in that document
  uint32_t trigger_begin = 0;  ///< byte span of the event words
  uint32_t trigger_end = 0;    ///< byte span end, exclusive
  std::string evidence;        ///< the dictionary pattern or rule that fired there
  bool generic = false;        ///< a generic or summarising mention ("recent attacks") linked to the event
};

/// One coded event.
struct Event {
  std::string cameo;                     ///< CAMEO code, e.g. "190"
  std::string plover;                    ///< PLOVER type; empty when CAMEO has no equivalent
  std::string mode;                      ///< PLOVER mode; empty when none
  std::vector<std::string> aux;          ///< future, hypothetical, negation, historical
  std::vector<std::string> context;      ///< PLOVER contexts
  int quad_class = 0;                    ///< 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
  double goldstein = 0;                  ///< Goldstein scale value of the CAMEO code
  std::vector<EventActor> actors;        ///< source actor(s)
  std::vector<EventActor> recipients;    ///< target actor(s)
  std::optional<Location> location;      ///< where it happened, when known
  std::string date;                      ///< YYYY-MM-DD; the document date unless resolved
  std::string date_text;                 ///< the date expression used; empty when from the document date
  std::string date_precision;            ///< day, month, year, or none
  uint32_t date_begin = 0;               ///< byte span of the date expression (when date_text is set)
  uint32_t date_end = 0;                 ///< byte span end, exclusive
  uint32_t trigger_begin = 0;            ///< byte span of the event words
  uint32_t trigger_end = 0;              ///< byte span end, exclusive
  uint32_t sentence = 0;                 ///< index into Document::sentences
  std::string evidence;                  ///< which dictionary pattern / rule fired
  std::string attribution;               ///< who reports it ("officials", "Newsweek"); empty when unstated
  std::vector<EventMention> mentions;    ///< every report merged into this event, itself first
};

/// A document and everything the stages have learned about it.
struct Document {
  std::string id;        ///< document id (file name or JSONL `id`)
  std::string text;      ///< UTF-8 text (validated, NFC-normalised)
  std::string date;      ///< publication date YYYY-MM-DD, may be empty
  std::string title;     ///< optional title
  std::string url;       ///< optional URL
  std::string source;    ///< optional source / outlet
  std::string byline;    ///< optional author(s), as found in web page metadata
  std::string origin;    ///< where it was read from ("file.jsonl:12"), for messages

  std::vector<Token> tokens;            ///< all tokens in text order
  std::vector<Sentence> sentences;      ///< sentences in text order
  std::vector<Entity> entities;         ///< named entities
  std::vector<ActorMention> actors;     ///< actor mentions in token order
  std::vector<Event> events;            ///< coded events
  std::vector<TimeExpression> times;    ///< date expressions, in text order
  std::vector<Location> places;         ///< resolved toponyms, in text order
  std::vector<std::string> warnings;    ///< non-fatal problems met while processing

  /// Code-point offset of byte offset `byte` in `text` (output offsets are code points).
  uint32_t CodepointOffset(uint32_t byte) const;
  /// The text between two byte offsets.
  std::string Slice(uint32_t begin, uint32_t end) const { return text.substr(begin, end - begin); }

 private:
  mutable std::vector<uint32_t> codepoint_index_;  // lazily built: byte -> code point
};

}  // namespace dyad
