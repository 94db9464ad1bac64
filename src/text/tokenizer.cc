// Rule-based tokenizer and sentence splitter (Penn Treebank / UD English conventions).
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <unordered_set>

#include "dyad/text.h"

namespace dyad {
namespace {

bool IsSpaceCp(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v';
  return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF || cp == 0x0085;
}

bool IsLetterCp(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LT ||
         cat == UTF8PROC_CATEGORY_LM || cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_MN;
}

bool IsUpperCp(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

bool IsLowerCp(char32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp)) == UTF8PROC_CATEGORY_LL;
}

bool IsDigitCp(char32_t cp) { return cp >= '0' && cp <= '9'; }

bool IsOpeningCp(char32_t cp) {
  switch (cp) {
    case '(': case '[': case '{': case '"': case '\'': case 0x201C: case 0x2018: case 0x00AB:
    case 0x201E: case 0x2039: case 0x00BF: case 0x00A1: case '<':
      return true;
    default:
      return false;
  }
}

bool IsClosingCp(char32_t cp) {
  switch (cp) {
    case ')': case ']': case '}': case '"': case '\'': case 0x201D: case 0x2019: case 0x00BB:
    case 0x203A: case ',': case ';': case ':': case '!': case '?': case '>':
      return true;
    default:
      return false;
  }
}

bool IsDashCp(char32_t cp) { return cp == 0x2014 || cp == 0x2013 || cp == 0x2012 || cp == 0x2015; }

bool IsCurrencyCp(char32_t cp) { return cp == '$' || cp == 0x00A3 || cp == 0x20AC || cp == 0x00A5 || cp == 0x20B9; }

bool IsTerminalText(std::string_view t) {
  if (t.empty()) return false;
  for (char c : t) {
    if (c != '.' && c != '!' && c != '?') return t == "\xE2\x80\xA6";  // …
  }
  return true;
}

bool IsClosingText(std::string_view t) {
  return t == "\"" || t == "'" || t == ")" || t == "]" || t == "}" || t == "\xE2\x80\x9D" || t == "\xE2\x80\x99" ||
         t == "\xC2\xBB";
}

// Abbreviations whose period never ends a sentence by itself (titles, months, etc.).
const std::unordered_set<std::string>& InnerAbbreviations() {
  static const std::unordered_set<std::string> kSet = {
      "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "adm", "brig", "cmdr",
      "gov", "sen", "rep", "rev", "hon", "pres", "supt", "insp", "sr", "st", "mt", "ft", "pvt", "gens", "sens",
      "reps", "messrs", "amb", "atty", "det", "supt", "lieut", "comdr", "jan", "feb", "mar", "apr", "jun", "jul",
      "aug", "sep", "sept", "oct", "nov", "dec", "vs", "approx", "dept", "est", "fig", "vol",
      "ave", "blvd", "rd", "mins", "hrs", "cf", "al", "op", "para", "pp", "art", "sec", "ch", "govt", "univ"};
  return kSet;
}

// Abbreviations that may also end a sentence ("... based in the U.S. The ...").
const std::unordered_set<std::string>& FinalAbbreviations() {
  static const std::unordered_set<std::string> kSet = {"inc", "co", "corp", "ltd", "jr", "etc", "bros", "plc",
                                                       "llc", "a.m", "p.m", "u.s", "u.k", "u.n", "e.u", "d.c",
                                                       "i.e", "e.g", "u.s.a", "n.y", "l.a"};
  return kSet;
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "U.S." / "p.m." / "A." : letters each followed by a period.
bool IsDottedAcronym(std::string_view word) {
  if (word.size() < 2 || word.back() != '.') return false;
  bool expect_letter = true;
  for (char c : word) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (expect_letter ? !letter : c != '.') return false;
    expect_letter = !expect_letter;
  }
  return expect_letter;
}

bool IsSentenceStarter(std::string_view word) {
  static const std::unordered_set<std::string> kSet = {
      "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "but", "and", "in", "on", "at", "this",
      "that", "these", "those", "there", "its", "his", "her", "their", "our", "according", "however",
      "meanwhile", "after", "when", "while", "if", "as", "for", "since", "on", "last", "earlier", "later",
      "some", "many", "no", "one", "two", "three", "what", "who", "why", "how", "both", "officials", "police"};
  return kSet.count(LowerAscii(word)) > 0;
}

// DecodeUtf8 with an inline fast path for ASCII, the common case.
inline char32_t DecodeAt(std::string_view text, size_t pos, size_t* len) {
  const auto c = static_cast<unsigned char>(text[pos]);
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  return DecodeUtf8(text, pos, len);
}

struct Piece {
  uint32_t begin;
  uint32_t end;
};

class ChunkSplitter {
 public:
  explicit ChunkSplitter(std::string_view text) : text_(text) {}

  void Split(uint32_t begin, uint32_t end, std::vector<Piece>* out, int depth = 0) {
    if (begin >= end) return;
    std::vector<Piece> trailing;
    // Leading punctuation.
    while (begin < end) {
      size_t len = 0;
      const char32_t cp = DecodeAt(text_, begin, &len);
      const bool apostrophe_word = (cp == '\'' || cp == 0x2019) && begin + len < end &&
                                   (IsDigitCp(Cp(begin + len)) || IsKnownApostropheWord(begin, end));
      if ((IsOpeningCp(cp) && !apostrophe_word && begin + len <= end) || IsDashCp(cp) ||
          (cp == '-' && begin + 1 < end && text_[begin + 1] == '-')) {
        uint32_t piece_end = begin + static_cast<uint32_t>(len);
        if (cp == '-') piece_end = RunEnd(begin, end, '-');
        out->push_back({begin, piece_end});
        begin = piece_end;
        continue;
      }
      break;
    }
    // Trailing punctuation, collected in reverse.
    while (end > begin) {
      const uint32_t last = PrevStart(end, begin);
      const char32_t cp = Cp(last);
      if (IsClosingCp(cp) || IsDashCp(cp) || cp == 0x2026) {
        trailing.push_back({last, end});
        end = last;
        continue;
      }
      if (cp == '-' && last > begin && text_[last - 1] == '-') {
        uint32_t start = last;
        while (start > begin && text_[start - 1] == '-') --start;
        trailing.push_back({start, end});
        end = start;
        continue;
      }
      if (cp == '%' && last > begin && IsDigitCp(static_cast<unsigned char>(text_[last - 1]))) {
        trailing.push_back({last, end});
        end = last;
        continue;
      }
      if (cp == '.') {
        uint32_t start = last;
        while (start > begin && text_[start - 1] == '.') --start;
        if (end - start >= 2) {  // ellipsis
          trailing.push_back({start, end});
          end = start;
          continue;
        }
        const std::string_view word = text_.substr(begin, end - begin);
        if (end - begin > 1 && (IsAbbreviation(word) || IsDottedAcronym(word))) break;
        trailing.push_back({last, end});
        end = last;
        continue;
      }
      break;
    }
    if (begin < end) SplitMiddle(begin, end, out, depth);
    for (auto it = trailing.rbegin(); it != trailing.rend(); ++it) out->push_back(*it);
  }

 private:
  char32_t Cp(uint32_t pos) const {
    size_t len = 0;
    return DecodeAt(text_, pos, &len);
  }

  uint32_t Next(uint32_t pos) const {
    size_t len = 0;
    DecodeAt(text_, pos, &len);
    return pos + static_cast<uint32_t>(len);
  }

  uint32_t PrevStart(uint32_t end, uint32_t floor) const {
    uint32_t p = end - 1;
    while (p > floor && (static_cast<unsigned char>(text_[p]) & 0xC0) == 0x80) --p;
    return p;
  }

  uint32_t RunEnd(uint32_t pos, uint32_t end, char c) const {
    while (pos < end && text_[pos] == c) ++pos;
    return pos;
  }

  bool IsKnownApostropheWord(uint32_t begin, uint32_t end) const {
    size_t len = 0;
    DecodeUtf8(text_, begin, &len);
    const std::string rest = LowerAscii(text_.substr(begin + len, end - begin - len));
    return rest == "em" || rest == "til" || rest == "n" || rest == "cause";
  }

  bool IsUrlOrEmail(std::string_view word) const {
    if (word.rfind("http://", 0) == 0 || word.rfind("https://", 0) == 0 || word.rfind("www.", 0) == 0) return true;
    const size_t at = word.find('@');
    return at != std::string_view::npos && at > 0 && word.find('.', at) != std::string_view::npos;
  }

  // Splits a chunk with no leading/trailing punctuation: contractions, currency, inner dashes.
  void SplitMiddle(uint32_t begin, uint32_t end, std::vector<Piece>* out, int depth) {
    const std::string_view word = text_.substr(begin, end - begin);
    if (IsUrlOrEmail(word)) {
      out->push_back({begin, end});
      return;
    }
    // Currency prefix: $750, US$5.
    {
      uint32_t p = begin;
      while (p < end && p - begin < 3 && text_[p] >= 'A' && text_[p] <= 'Z') ++p;
      if (p < end && IsCurrencyCp(Cp(p))) {
        const uint32_t after = Next(p);
        if (after < end && IsDigitCp(Cp(after))) {
          out->push_back({begin, after});
          SplitMiddle(after, end, out, depth);
          return;
        }
      }
    }
    // Inner separators: dashes, "--", ellipses, and commas/semicolons between letters.
    if (depth < 8) {
      for (uint32_t p = begin; p < end; p = Next(p)) {
        const char32_t cp = Cp(p);
        uint32_t sep_end = 0;
        if (IsDashCp(cp) || cp == 0x2026) {
          sep_end = Next(p);
        } else if ((cp == '-' || cp == '.') && p + 1 < end && text_[p + 1] == static_cast<char>(cp)) {
          sep_end = RunEnd(p, end, static_cast<char>(cp));
        } else if ((cp == ',' || cp == ';' || cp == '(' || cp == ')' || cp == '"') && p > begin &&
                   p + 1 < end && !(IsDigitCp(static_cast<unsigned char>(text_[p - 1])) &&
                                    IsDigitCp(static_cast<unsigned char>(text_[p + 1])))) {
          sep_end = p + 1;
        }
        if (sep_end != 0 && p > begin) {
          Split(begin, p, out, depth + 1);
          out->push_back({p, sep_end});
          Split(sep_end, end, out, depth + 1);
          return;
        }
      }
    }
    // Contractions (only words with an apostrophe, plus "cannot", "gonna", "wanna").
    const bool has_apostrophe =
        word.find('\'') != std::string_view::npos || word.find("\xE2\x80\x99") != std::string_view::npos;
    if (!has_apostrophe && word.size() != 5 && word.size() != 6) {
      out->push_back({begin, end});
      return;
    }
    const std::string lower = LowerAscii(word);
    auto ends_with = [&lower](std::string_view suffix) {
      return lower.size() > suffix.size() && lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    static constexpr std::array<std::string_view, 3> kWhole = {"cannot", "gonna", "wanna"};
    for (std::string_view w : kWhole) {
      if (lower == w) {
        out->push_back({begin, begin + 3});
        out->push_back({begin + 3, end});
        return;
      }
    }
    for (std::string_view nt : {std::string_view("n't"), std::string_view("n\xE2\x80\x99t")}) {
      if (ends_with(nt)) {
        const uint32_t split = end - static_cast<uint32_t>(nt.size());
        out->push_back({begin, split});
        out->push_back({split, end});
        return;
      }
    }
    for (std::string_view apostrophe : {std::string_view("'"), std::string_view("\xE2\x80\x99")}) {
      for (std::string_view clitic : {"s", "re", "ve", "ll", "d", "m"}) {
        const std::string suffix = std::string(apostrophe) + std::string(clitic);
        if (ends_with(suffix)) {
          const uint32_t split = end - static_cast<uint32_t>(suffix.size());
          if (split > begin && IsLetterCp(Cp(PrevStart(split, begin)))) {
            out->push_back({begin, split});
            out->push_back({split, end});
            return;
          }
        }
      }
    }
    out->push_back({begin, end});
  }

  std::string_view text_;
};

// Normalised token text: typographic quotes become ASCII quotes.
std::string NormalizeTokenText(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size();) {
    size_t len = 0;
    const char32_t cp = DecodeAt(raw, i, &len);
    if (cp == 0x2019 || cp == 0x2018) {
      out += '\'';
    } else if (cp == 0x201C || cp == 0x201D || cp == 0x00AB || cp == 0x00BB || cp == 0x201E) {
      out += '"';
    } else {
      out.append(raw.substr(i, len));
    }
    i += len;
  }
  return out;
}

bool StartsLower(std::string_view text) {
  if (text.empty()) return false;
  size_t len = 0;
  return IsLowerCp(DecodeUtf8(text, 0, &len));
}

bool StartsUpperOrDigitOrOpening(std::string_view text) {
  if (text.empty()) return false;
  size_t len = 0;
  const char32_t cp = DecodeUtf8(text, 0, &len);
  return IsUpperCp(cp) || IsDigitCp(cp) || IsOpeningCp(cp) || IsCurrencyCp(cp) || !IsLetterCp(cp);
}

}  // namespace

bool IsAbbreviation(std::string_view word) {
  if (word.size() < 2 || word.back() != '.') return false;
  const std::string key = LowerAscii(word.substr(0, word.size() - 1));
  return InnerAbbreviations().count(key) > 0 || FinalAbbreviations().count(key) > 0;
}

size_t Tokenize(std::string_view text, const TokenizerOptions& options, std::vector<Token>* tokens,
              std::vector<Sentence>* sentences) {
  tokens->clear();
  sentences->clear();
  ChunkSplitter splitter(text);
  std::vector<Piece> pieces;
  std::vector<uint8_t> newlines_before;  // per token: 0, 1 or 2 (blank line)
  size_t pos = 0;
  int newlines = 2;
  while (pos < text.size()) {
    size_t len = 0;
    const char32_t cp = DecodeUtf8(text, pos, &len);
    if (IsSpaceCp(cp) || cp < 0x20 || cp == 0x7F) {
      if (cp == '\n' || cp == 0x2029 || cp == 0x2028) newlines = std::min(newlines + 1, 2);
      pos += len;
      continue;
    }
    size_t end = pos;
    while (end < text.size()) {
      size_t l = 0;
      const char32_t c = DecodeAt(text, end, &l);
      if (IsSpaceCp(c) || c < 0x20 || c == 0x7F) break;
      end += l;
    }
    pieces.clear();
    splitter.Split(static_cast<uint32_t>(pos), static_cast<uint32_t>(end), &pieces);
    for (size_t i = 0; i < pieces.size(); ++i) {
      Token token;
      token.begin = pieces[i].begin;
      token.end = pieces[i].end;
      token.text = NormalizeTokenText(text.substr(token.begin, token.end - token.begin));
      token.space_after = (i + 1 == pieces.size());
      tokens->push_back(std::move(token));
      newlines_before.push_back(static_cast<uint8_t>(i == 0 ? newlines : 0));
    }
    newlines = 0;
    pos = end;
  }
  if (!tokens->empty()) tokens->back().space_after = false;

  // Sentence boundaries.
  uint32_t start = 0;
  size_t forced_splits = 0;
  auto close_sentence = [&](uint32_t end_token) {
    if (end_token <= start) return;
    Sentence s;
    s.first_token = start;
    s.end_token = end_token;
    s.begin = (*tokens)[start].begin;
    s.end = (*tokens)[end_token - 1].end;
    sentences->push_back(s);
    start = end_token;
  };
  const uint32_t n = static_cast<uint32_t>(tokens->size());
  for (uint32_t i = 1; i < n; ++i) {
    const Token& next = (*tokens)[i];
    bool boundary = false;
    if (newlines_before[i] >= 2) {
      boundary = true;
    } else {
      // Find the last non-closing token before i.
      uint32_t j = i - 1;
      while (j > start && IsClosingText((*tokens)[j].text)) --j;
      const std::string& prev = (*tokens)[j].text;
      const bool terminal = IsTerminalText(prev);
      if (newlines_before[i] == 1) {
        boundary = terminal || !StartsLower(next.text);
      } else if (terminal) {
        // A quote or bracket attached to the terminal punctuation closes this sentence.
        const bool attached_closer = IsClosingText(next.text) && !(*tokens)[i - 1].space_after;
        boundary = !attached_closer && StartsUpperOrDigitOrOpening(next.text) && !(prev == "." && j == start);
      } else if (j == i - 1 && prev.size() > 2 && prev.back() == '.' &&
                 FinalAbbreviations().count(LowerAscii(prev.substr(0, prev.size() - 1))) > 0) {
        boundary = IsSentenceStarter(next.text);
      }
    }
    if (!boundary && i - start >= options.max_sentence_tokens) {
      boundary = true;
      ++forced_splits;
    }
    if (boundary) close_sentence(i);
  }
  close_sentence(n);
  return forced_splits;
}

}  // namespace dyad
