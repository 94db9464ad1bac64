// Stage "segment": tells the parts of a document apart so that later stages know what is
// reporting and what is not.
//
// A document is split into paragraphs at line breaks. Then, in this order:
//  - boilerplate: short lines that are site furniture ("Share this article", "Subscribe",
//    "Related:", "Read more", "Advertisement", "(Reporting by ...)", "© 2021 ...");
//  - headline: a short first paragraph without final punctuation that is followed by more text;
//  - byline: a short early paragraph "By <Name> ..." ;
//  - dateline: a short early paragraph that is only "PLACE, Month Day (Agency)";
//  - reader comments: a trailing run of paragraphs that starts, in the second half of the
//    document, with a paragraph written in the first person singular outside quotation marks
//    (the reporter's own voice rarely is), with a conversational opener ("Not sure", "LOL"),
//    or with a comment-section marker ("Comments", "Reply", "@name");
//  - quotations: a body sentence that opens with a quotation mark and stays inside it up to
//    its end (the attribution, if any, follows in the next sentence).
// Single-paragraph documents only get quotation segments.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "dyad/stage.h"

namespace dyad {
namespace {

struct Paragraph {
  uint32_t first_sentence = 0;
  uint32_t end_sentence = 0;
};

bool IsQuoteToken(const std::string& t) { return t == "\""; }

template <size_t N>
bool IsOneOf(const std::string& word, const std::array<const char*, N>& list) {
  return std::any_of(list.begin(), list.end(), [&word](const char* w) { return word == w; });
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool StartsUpper(const std::string& t) { return !t.empty() && std::isupper(static_cast<unsigned char>(t[0])); }

uint32_t TokenCount(const Document& doc, const Paragraph& p) {
  return doc.sentences[p.end_sentence - 1].end_token - doc.sentences[p.first_sentence].first_token;
}

const Token& FirstToken(const Document& doc, const Paragraph& p) {
  return doc.tokens[doc.sentences[p.first_sentence].first_token];
}

const Token& LastToken(const Document& doc, const Paragraph& p) {
  return doc.tokens[doc.sentences[p.end_sentence - 1].end_token - 1];
}

// Counts first-person-singular pronouns outside quotation marks in sentences [first, end).
int FirstPersonOutsideQuotes(const Document& doc, uint32_t first, uint32_t end) {
  static const std::array<const char*, 6> kPronouns = {"I", "me", "my", "My", "myself", "Me"};
  int count = 0;
  for (uint32_t s = first; s < end; ++s) {
    bool in_quote = false;
    for (uint32_t t = doc.sentences[s].first_token; t < doc.sentences[s].end_token; ++t) {
      const std::string& w = doc.tokens[t].text;
      if (IsQuoteToken(w)) {
        in_quote = !in_quote;
        continue;
      }
      if (!in_quote && IsOneOf(w, kPronouns)) ++count;
    }
  }
  return count;
}

bool HasReportingVerb(const Document& doc, uint32_t first, uint32_t end) {
  static const std::array<const char*, 6> kVerbs = {"said", "says", "told", "according", "reported", "stated"};
  for (uint32_t s = first; s < end; ++s) {
    for (uint32_t t = doc.sentences[s].first_token; t < doc.sentences[s].end_token; ++t) {
      if (IsOneOf(doc.tokens[t].text, kVerbs)) return true;
    }
  }
  return false;
}

bool StartsConversationally(const Document& doc, uint32_t sentence) {
  const Sentence& s = doc.sentences[sentence];
  const std::string& first = doc.tokens[s.first_token].text;
  static const std::array<const char*, 6> kOneWord = {"LOL", "lol", "Lol", "IMO", "IMHO", "Reply"};
  if (IsOneOf(first, kOneWord) || (first.size() > 1 && first[0] == '@')) return true;
  if (s.end_token - s.first_token < 2) return false;
  const std::string two = first + " " + doc.tokens[s.first_token + 1].text;
  static const std::array<const char*, 8> kOpeners = {"Not sure", "Why do", "So what", "Good riddance",
                                                      "Well ,",   "Agreed .", "Who cares", "What a"};
  return IsOneOf(two, kOpeners);
}

// A paragraph that announces the comment section: "Comments", "12 comments", "Reader comments".
bool IsCommentHeader(const Document& doc, const Paragraph& p) {
  if (TokenCount(doc, p) > 4) return false;
  const std::string last = Lower(LastToken(doc, p).text);
  return last == "comments" || last == "comment" || last == "replies";
}

// Site furniture: short lines made of sharing, subscription, navigation or credit phrases.
bool IsBoilerplate(const Document& doc, const Paragraph& p) {
  const uint32_t n = TokenCount(doc, p);
  if (n > 16) return false;
  const std::string text = Lower(doc.Slice(FirstToken(doc, p).begin, LastToken(doc, p).end));
  static const std::array<const char*, 12> kStarts = {
      "share this", "share on",        "subscribe",   "sign up",     "related:", "related articles",
      "read more",  "click here",      "follow us",   "advertisement", "copyright", "all rights reserved"};
  for (const char* s : kStarts) {
    if (text.rfind(s, 0) == 0) return true;
  }
  static const std::array<const char*, 5> kAnywhere = {"all rights reserved", "newsletter", "(reporting by",
                                                       "editing by", "©"};
  for (const char* s : kAnywhere) {
    if (text.find(s) != std::string::npos) return true;
  }
  return false;
}

bool EndsLikeProse(const Document& doc, const Paragraph& p) {
  std::string last = LastToken(doc, p).text;
  if (IsQuoteToken(last) || last == ")") {
    const uint32_t end = doc.sentences[p.end_sentence - 1].end_token;
    if (end >= 2) last = doc.tokens[end - 2].text;
  }
  return last == "." || last == "!" || last == "?" || last == ":" || last == "...";
}

// "By Jane Doe", "By Jane Doe and John Roe, Reuters".
bool IsByline(const Document& doc, const Paragraph& p) {
  const uint32_t first = doc.sentences[p.first_sentence].first_token;
  if (TokenCount(doc, p) > 14 || TokenCount(doc, p) < 2) return false;
  return (doc.tokens[first].text == "By" || doc.tokens[first].text == "BY") && StartsUpper(doc.tokens[first + 1].text);
}

// "BAGHDAD, July 8 (Reuters)" alone on its line: a capitalised place, a comma, then a month.
bool IsDatelineLine(const Document& doc, const Paragraph& p) {
  static const std::array<const char*, 24> kMonths = {
      "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
      "December", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec."};
  const uint32_t n = TokenCount(doc, p);
  if (n > 10 || n < 3 || EndsLikeProse(doc, p)) return false;
  const uint32_t first = doc.sentences[p.first_sentence].first_token;
  if (!StartsUpper(doc.tokens[first].text)) return false;
  for (uint32_t t = first + 1; t + 1 < first + n; ++t) {
    if (doc.tokens[t].text == ",") return IsOneOf(doc.tokens[t + 1].text, kMonths);
  }
  return false;
}

// Body sentences that lie wholly inside a quotation: open with a quote mark, and the quote is
// not closed before the sentence ends (or closes exactly at its end).
void MarkQuotations(Document& doc) {
  bool open = false;  // a quotation continues from the previous sentence
  for (Sentence& s : doc.sentences) {
    if (s.segment != Segment::kArticle) {
      open = false;
      continue;
    }
    const bool starts_quoted = open || IsQuoteToken(doc.tokens[s.first_token].text);
    int quotes = 0;
    bool closed_inside = false;  // the quotation closes before the last two tokens
    for (uint32_t t = s.first_token; t < s.end_token; ++t) {
      if (!IsQuoteToken(doc.tokens[t].text)) continue;
      ++quotes;
      const bool closes = open ? quotes % 2 == 1 : quotes % 2 == 0;
      if (closes && t + 2 < s.end_token) closed_inside = true;
    }
    if (starts_quoted && !closed_inside) s.segment = Segment::kQuote;
    open = (quotes % 2 == 1) != open;
  }
}

class SegmentStage : public Stage {
 public:
  std::string_view name() const override { return "segment"; }
  LayerSet needs() const override { return kLayerTokens | kLayerSentences; }
  LayerSet sets() const override { return kLayerSegments; }

  Status Process(Document& doc) const override {
    if (doc.sentences.empty()) return Status::Ok();
    std::vector<Paragraph> paragraphs;
    for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
      const auto gap_begin = doc.text.begin() + (s == 0 ? 0 : doc.sentences[s - 1].end);
      const bool new_paragraph = s == 0 || std::find(gap_begin, doc.text.begin() + doc.sentences[s].begin, '\n') !=
                                               doc.text.begin() + doc.sentences[s].begin;
      if (new_paragraph) paragraphs.push_back({s, s});
      paragraphs.back().end_sentence = s + 1;
    }
    const auto mark = [&doc](const Paragraph& p, Segment segment) {
      for (uint32_t s = p.first_sentence; s < p.end_sentence; ++s) doc.sentences[s].segment = segment;
    };
    if (paragraphs.size() >= 2) {
      for (const Paragraph& p : paragraphs) {
        if (IsBoilerplate(doc, p)) mark(p, Segment::kBoilerplate);
      }
      const Paragraph& first = paragraphs[0];
      if (doc.sentences[0].segment == Segment::kArticle && TokenCount(doc, first) <= 24 &&
          !EndsLikeProse(doc, first) && !IsByline(doc, first) && !IsDatelineLine(doc, first)) {
        mark(first, Segment::kHeadline);
      }
      for (size_t p = 0; p < std::min<size_t>(4, paragraphs.size() - 1); ++p) {
        if (doc.sentences[paragraphs[p].first_sentence].segment != Segment::kArticle &&
            doc.sentences[paragraphs[p].first_sentence].segment != Segment::kHeadline) {
          continue;
        }
        if (IsByline(doc, paragraphs[p])) mark(paragraphs[p], Segment::kByline);
        else if (IsDatelineLine(doc, paragraphs[p])) mark(paragraphs[p], Segment::kDateline);
      }
      MarkComments(doc, paragraphs);
    }
    MarkQuotations(doc);
    return Status::Ok();
  }

 private:
  static void MarkComments(Document& doc, const std::vector<Paragraph>& paragraphs) {
    if (paragraphs.size() < 4) return;
    const size_t earliest = std::max<size_t>(2, (paragraphs.size() + 1) / 2);
    for (size_t p = earliest; p < paragraphs.size(); ++p) {
      const Paragraph& para = paragraphs[p];
      const bool personal = FirstPersonOutsideQuotes(doc, para.first_sentence, para.end_sentence) > 0 &&
                            !HasReportingVerb(doc, para.first_sentence, para.end_sentence);
      if (personal || StartsConversationally(doc, para.first_sentence) || IsCommentHeader(doc, para)) {
        for (uint32_t s = para.first_sentence; s < doc.sentences.size(); ++s) doc.sentences[s].segment = Segment::kComment;
        return;
      }
    }
  }
};

const StageRegistration kSegment("segment", [](const StageConfig&) -> Result<std::unique_ptr<Stage>> {
  return std::unique_ptr<Stage>(new SegmentStage());
});

}  // namespace
}  // namespace dyad
