// Helpers that tie a time or place expression to the event it belongs to: clause segmentation
// without a parse, and the governing predicate with one.
#include <algorithm>
#include <array>
#include <cctype>

#include "dyad/dates.h"

namespace dyad {
namespace {

std::string LowerWord(const std::string& s) {
  std::string out = s;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool StartsDateOrNumber(const std::string& w) {
  static const std::array<const char*, 12> kDateWords = {"last", "this", "next", "yesterday", "today",
                                                         "tomorrow", "early", "late", "mid", "dawn", "noon",
                                                         "midnight"};
  if (!w.empty() && std::isdigit(static_cast<unsigned char>(w[0]))) return true;
  const std::string l = LowerWord(w);
  if (std::any_of(kDateWords.begin(), kDateWords.end(), [&l](const char* x) { return l == x; })) return true;
  // Capitalised month and weekday names.
  static const std::array<const char*, 19> kNames = {"january", "february", "march",  "april",    "may",
                                                     "june",    "july",     "august", "september", "october",
                                                     "november", "december", "monday", "tuesday", "wednesday",
                                                     "thursday", "friday",  "saturday", "sunday"};
  return std::any_of(kNames.begin(), kNames.end(), [&l](const char* x) { return l == x; });
}

}  // namespace

std::vector<int> ClauseIds(const std::vector<Token>& tokens, uint32_t first, uint32_t end) {
  static const std::array<const char*, 11> kSubordinators = {"when",    "while", "because", "although", "though",
                                                             "whereas", "unless", "which",  "who",      "whom",
                                                             "whose"};
  static const std::array<const char*, 4> kPrepositional = {"after", "before", "until", "since"};
  end = std::min<uint32_t>(end, static_cast<uint32_t>(tokens.size()));
  std::vector<int> ids(end > first ? end - first : 0, 0);
  int next_id = 0, current = 0;
  for (uint32_t t = first; t < end; ++t) {
    const std::string& w = tokens[t].text;
    const std::string l = LowerWord(w);
    if (w == "," || w == ";" || w == "--" || w == "—" || w == "–" || w == ":") {
      ids[t - first] = current;
      current = 0;
      continue;
    }
    const bool subordinator =
        std::any_of(kSubordinators.begin(), kSubordinators.end(), [&l](const char* x) { return l == x; }) ||
        (std::any_of(kPrepositional.begin(), kPrepositional.end(), [&l](const char* x) { return l == x; }) &&
         t + 1 < end && !StartsDateOrNumber(tokens[t + 1].text));
    if (subordinator) current = ++next_id;
    ids[t - first] = current;
  }
  return ids;
}

std::vector<int> SegmentIds(const std::vector<Token>& tokens, uint32_t first, uint32_t end) {
  end = std::min<uint32_t>(end, static_cast<uint32_t>(tokens.size()));
  const std::vector<int> clauses = ClauseIds(tokens, first, end);
  std::vector<int> ids(clauses.size(), 0);
  int segment = 0;
  for (uint32_t t = first; t < end; ++t) {
    if (t > first && clauses[t - first] != clauses[t - first - 1]) ++segment;
    ids[t - first] = segment;
    const std::string& w = tokens[t].text;
    if (w == "," || w == ";" || w == ":" || w == "--" || w == "—" || w == "–") ++segment;
  }
  return ids;
}

bool HasSyntax(const Document& doc) {
  return std::any_of(doc.tokens.begin(), doc.tokens.end(), [](const Token& t) { return !t.deprel.empty(); });
}

int32_t GoverningPredicate(const Document& doc, uint32_t t) {
  if (t >= doc.tokens.size() || doc.tokens[t].deprel.empty()) return -1;
  int32_t cur = static_cast<int32_t>(t);
  for (size_t steps = 0; steps < doc.tokens.size() && cur >= 0; ++steps) {
    const Token& tok = doc.tokens[cur];
    if (tok.upos == "VERB" || tok.head < 0 || tok.deprel == "root") return cur;
    if (tok.head >= static_cast<int32_t>(doc.tokens.size())) return -1;
    cur = tok.head;
  }
  return -1;
}

uint32_t TokenAt(const Document& doc, uint32_t byte) {
  auto it = std::upper_bound(doc.tokens.begin(), doc.tokens.end(), byte,
                             [](uint32_t b, const Token& t) { return b < t.begin; });
  if (it == doc.tokens.begin()) return 0;
  return static_cast<uint32_t>(it - doc.tokens.begin() - 1);
}

}  // namespace dyad
