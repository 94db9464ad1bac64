// Stage "time": finds date expressions (Document::times) and gives every event a date.
//
// An event takes the expression that belongs to it: with a dependency parse, one governed by
// the same predicate; otherwise one in the same clause (nearest first), else one in the
// sentence's main clause. Expressions inside another subordinate clause ("after the US
// assassinated ... on Friday") belong to that clause's event. Without an expression the
// event takes the document date (date_text empty, precision "day"). An event dated more than
// a month before the document date is flagged "historical".
#include <algorithm>
#include <limits>

#include "dyad/dates.h"
#include "dyad/stage.h"

namespace dyad {
namespace {

constexpr int kHistoricalDays = 31;

struct SentenceMentions {
  std::vector<DateMention> mentions;
  std::vector<int> clause;   // clause id per sentence token
  std::vector<int> segment;  // segment id per sentence token
};

const DateMention* PickMention(const Document& doc, const Event& event, const SentenceMentions& sm,
                               bool syntax) {
  if (sm.mentions.empty() || event.sentence >= doc.sentences.size()) return nullptr;
  const Sentence& s = doc.sentences[event.sentence];
  uint32_t trigger = TokenAt(doc, event.trigger_begin);
  trigger = std::clamp(trigger, s.first_token, s.end_token - 1);
  if (syntax) {
    const int32_t predicate = GoverningPredicate(doc, trigger);
    const DateMention* best = nullptr;
    for (const DateMention& m : sm.mentions) {
      for (uint32_t t = m.first_token; t < m.end_token; ++t) {
        if (predicate >= 0 && GoverningPredicate(doc, t) == predicate) {
          best = &m;
          break;
        }
      }
      if (best) return best;
    }
  }
  const int event_clause = sm.clause[trigger - s.first_token];
  const int event_segment = sm.segment[trigger - s.first_token];
  const DateMention* best = nullptr;
  int best_rank = std::numeric_limits<int>::max();
  for (const DateMention& m : sm.mentions) {
    const int clause = sm.clause[m.first_token - s.first_token];
    const int segment = sm.segment[m.first_token - s.first_token];
    // Outside its own segment an expression reaches forward only (fronted "In January 2020, ...").
    if (segment != event_segment && m.first_token > trigger) continue;
    int tier;
    if (segment == event_segment) {
      tier = 0;
    } else if (clause == event_clause) {
      tier = 1;
    } else if (clause == 0) {
      tier = 2;
    } else {
      continue;
    }
    const int distance = m.first_token > trigger ? static_cast<int>(m.first_token - trigger)
                                                 : static_cast<int>(trigger - m.end_token + 1);
    const int rank = tier * 10000 + distance;
    if (rank < best_rank) {
      best_rank = rank;
      best = &m;
    }
  }
  return best;
}

class TimeStage : public Stage {
 public:
  std::string_view name() const override { return "time"; }
  LayerSet needs() const override { return kLayerTokens | kLayerSentences; }
  LayerSet sets() const override { return kLayerDates; }

  Status Process(Document& doc) const override {
    const std::optional<CivilDate> anchor = ParseIsoDate(doc.date);
    const bool syntax = HasSyntax(doc);
    std::vector<SentenceMentions> per_sentence(doc.sentences.size());
    doc.times.clear();
    for (size_t si = 0; si < doc.sentences.size(); ++si) {
      const Sentence& s = doc.sentences[si];
      auto& sm = per_sentence[si];
      for (DateMention& m : FindDateMentions(doc.tokens, s.first_token, s.end_token, anchor.value_or(CivilDate{2000, 1, 1}))) {
        if (!anchor && m.relative) continue;  // nothing to resolve it against
        sm.mentions.push_back(std::move(m));
      }
      if (sm.mentions.empty()) continue;
      sm.clause = ClauseIds(doc.tokens, s.first_token, s.end_token);
      sm.segment = SegmentIds(doc.tokens, s.first_token, s.end_token);
      for (const DateMention& m : sm.mentions) {
        TimeExpression te;
        te.begin = doc.tokens[m.first_token].begin;
        te.end = doc.tokens[m.end_token - 1].end;
        te.value = m.value;
        te.precision = m.precision;
        doc.times.push_back(std::move(te));
      }
    }
    for (Event& event : doc.events) {
      const DateMention* m = event.sentence < per_sentence.size()
                                 ? PickMention(doc, event, per_sentence[event.sentence], syntax)
                                 : nullptr;
      if (m == nullptr) {
        event.date = anchor ? doc.date : "";
        event.date_text.clear();
        event.date_precision = anchor ? "day" : "none";
        event.date_begin = event.date_end = 0;
        continue;
      }
      event.date_begin = doc.tokens[m->first_token].begin;
      event.date_end = doc.tokens[m->end_token - 1].end;
      event.date_text = doc.Slice(event.date_begin, event.date_end);
      event.date_precision = m->precision;
      event.date = m->precision == "none" ? (anchor ? doc.date : "") : m->first_day.Iso();
      if (anchor && m->precision != "none" && m->last_day.DayNumber() < anchor->DayNumber() - kHistoricalDays &&
          std::find(event.aux.begin(), event.aux.end(), "historical") == event.aux.end()) {
        event.aux.push_back("historical");
      }
    }
    return Status::Ok();
  }
};

const StageRegistration kReg("time", [](const StageConfig&) -> Result<std::unique_ptr<Stage>> {
  return std::unique_ptr<Stage>(new TimeStage());
});

}  // namespace
}  // namespace dyad
