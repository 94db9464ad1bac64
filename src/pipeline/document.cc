#include "dyad/document.h"

namespace dyad {

const char* SegmentName(Segment segment) {
  switch (segment) {
    case Segment::kArticle: return "article";
    case Segment::kComment: return "comment";
    case Segment::kHeadline: return "headline";
    case Segment::kByline: return "byline";
    case Segment::kDateline: return "dateline";
    case Segment::kBoilerplate: return "boilerplate";
    case Segment::kQuote: return "quote";
  }
  return "article";
}

uint32_t Document::CodepointOffset(uint32_t byte) const {
  if (codepoint_index_.size() != text.size() + 1) {
    codepoint_index_.assign(text.size() + 1, 0);
    uint32_t cp = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      codepoint_index_[i] = cp;  // code points that start before byte i
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++cp;
    }
    codepoint_index_[text.size()] = cp;
  }
  return byte < codepoint_index_.size() ? codepoint_index_[byte] : codepoint_index_.back();
}

}  // namespace dyad
