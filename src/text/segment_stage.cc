// Stage "segment": marks reader comments appended after an article so that no event is
// coded from them by default.
//
// A document is split into paragraphs at line breaks. Reader comments are recognised as a
// trailing run of paragraphs that starts, in the second half of the document, with a
// paragraph written in the first person singular outside quotation marks (the reporter's
// own voice rarely is), or with conversational openers ("Not sure", "LOL", "Agreed").
#include <algorithm>
#include <array>
#include <string>

#include "dyad/stage.h"

namespace dyad {
namespace {

struct Paragraph {
  uint32_t first_sentence = 0;
  uint32_t end_sentence = 0;
};

bool IsQuoteToken(const std::string& t) { return t == "\""; }

// Counts first-person-singular pronouns outside quotation marks in sentences [first, end).
int FirstPersonOutsideQuotes(const Document& doc, uint32_t first, uint32_t end) {
  int count = 0;
  for (uint32_t s = first; s < end; ++s) {
    bool in_quote = false;
    for (uint32_t t = doc.sentences[s].first_token; t < doc.sentences[s].end_token; ++t) {
      const std::string& w = doc.tokens[t].text;
      if (IsQuoteToken(w)) {
        in_quote = !in_quote;
        continue;
      }
      if (!in_quote && (w == "I" || w == "me" || w == "my" || w == "My" || w == "myself" || w == "Me")) ++count;
    }
  }
  return count;
}

bool HasReportingVerb(const Document& doc, uint32_t first, uint32_t end) {
  static const std::array<const char*, 6> kVerbs = {"said", "says", "told", "according", "reported", "stated"};
  for (uint32_t s = first; s < end; ++s) {
    for (uint32_t t = doc.sentences[s].first_token; t < doc.sentences[s].end_token; ++t) {
      for (const char* v : kVerbs) {
        if (doc.tokens[t].text == v) return true;
      }
    }
  }
  return false;
}

bool StartsConversationally(const Document& doc, uint32_t sentence) {
  const Sentence& s = doc.sentences[sentence];
  if (s.end_token - s.first_token < 2) return false;
  const std::string first = doc.tokens[s.first_token].text + " " + doc.tokens[s.first_token + 1].text;
  static const std::array<const char*, 8> kOpeners = {"Not sure", "Why do", "So what", "Good riddance",
                                                      "Well ,",   "Agreed .", "Who cares", "What a"};
  return std::any_of(kOpeners.begin(), kOpeners.end(), [&first](const char* o) { return first == o; });
}

class SegmentStage : public Stage {
 public:
  std::string_view name() const override { return "segment"; }
  LayerSet needs() const override { return kLayerTokens | kLayerSentences; }
  LayerSet sets() const override { return kLayerSegments; }

  Status Process(Document& doc) const override {
    if (doc.text.find('\n') == std::string::npos) return Status::Ok();  // one paragraph
    std::vector<Paragraph> paragraphs;
    for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
      const auto gap_begin = doc.text.begin() + (s == 0 ? 0 : doc.sentences[s - 1].end);
      const bool new_paragraph = s == 0 || std::find(gap_begin, doc.text.begin() + doc.sentences[s].begin, '\n') !=
                                               doc.text.begin() + doc.sentences[s].begin;
      if (new_paragraph) paragraphs.push_back({s, s});
      paragraphs.back().end_sentence = s + 1;
    }
    if (paragraphs.size() < 4) return Status::Ok();
    const size_t earliest = std::max<size_t>(2, (paragraphs.size() + 1) / 2);
    for (size_t p = earliest; p < paragraphs.size(); ++p) {
      const Paragraph& para = paragraphs[p];
      const bool personal = FirstPersonOutsideQuotes(doc, para.first_sentence, para.end_sentence) > 0 &&
                            !HasReportingVerb(doc, para.first_sentence, para.end_sentence);
      if (personal || StartsConversationally(doc, para.first_sentence)) {
        for (uint32_t s = para.first_sentence; s < doc.sentences.size(); ++s) doc.sentences[s].segment = Segment::kComment;
        break;
      }
    }
    return Status::Ok();
  }
};

const StageRegistration kSegment("segment", [](const StageConfig&) -> Result<std::unique_ptr<Stage>> {
  return std::unique_ptr<Stage>(new SegmentStage());
});

}  // namespace
}  // namespace dyad
