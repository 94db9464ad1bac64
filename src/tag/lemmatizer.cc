#include "tag/lemmatizer.h"

#include <algorithm>
#include <cstring>

#include "tag/features.h"

namespace dyad::tag_internal {
namespace {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
bool IsConsonant(char c) { return c >= 'a' && c <= 'z' && !IsVowel(c); }

int VowelGroups(std::string_view s) {
  int groups = 0;
  bool in_group = false;
  for (char c : s) {
    const bool vowel = IsVowel(c) || (c == 'y' && !in_group && groups > 0);
    if (vowel && !in_group) ++groups;
    in_group = vowel;
  }
  return groups;
}

// Whether a stem left after removing -ed/-ing/-er/-est most likely lost a silent final e
// ("hop" from "hoped", "creat" from "created", "handl" from "handled").
bool LikelyLostFinalE(std::string_view stem) {
  const size_t n = stem.size();
  if (n < 2) return false;
  const char last = stem[n - 1], before = stem[n - 2];
  if (last == 'v' || last == 'c' || (last == 'u' && before != 'u')) return true;
  if (last == 'z' && before != 'z') return true;
  if (last == 'g' && (before == 'r' || before == 'd' || IsVowel(before))) return true;
  if (last == 'l' && IsConsonant(before) && before != 'l') return true;
  if (last == 's' && IsVowel(before) && !(n >= 3 && IsVowel(stem[n - 3]) && before == 'u')) return true;
  if (n >= 3 && last == 't' && before == 'a' && IsConsonant(stem[n - 3])) return true;
  // One-syllable consonant-vowel-consonant stems double the consonant when they end in it
  // ("hopped"), so a single consonant there points to a silent e ("hoped").
  if (n >= 3 && IsConsonant(last) && last != 'w' && last != 'x' && last != 'y' && IsVowel(before) &&
      !IsVowel(stem[n - 3]) && VowelGroups(stem) == 1) {
    return true;
  }
  return false;
}

// Candidate bases for a stem left after removing a suffix that starts with a vowel.
std::vector<std::string> StemCandidates(std::string_view stem) {
  const std::string s(stem);
  const size_t n = s.size();
  if (n >= 3 && s[n - 1] == s[n - 2] && IsConsonant(s[n - 1])) {
    const char c = s[n - 1];
    const std::string undoubled = s.substr(0, n - 1);
    if (c == 'l' || c == 's' || c == 'f' || c == 'z') return {s, undoubled};
    return {undoubled, s};
  }
  if (LikelyLostFinalE(s)) return {s + "e", s};
  return {s, s + "e"};
}

std::vector<std::string> PluralCandidates(const std::string& w, bool noun) {
  const size_t n = w.size();
  auto cut = [&](size_t k) { return w.substr(0, n - k); };
  if (n > 4 && EndsWith(w, "ies")) return {cut(3) + "y", cut(1)};
  if (noun && n > 3 && EndsWith(w, "men")) return {cut(3) + "man"};
  if (noun && n > 4 && EndsWith(w, "ves")) return {cut(1), cut(3) + "f", cut(3) + "fe"};
  if (n > 4 && (EndsWith(w, "xes") || EndsWith(w, "ches") || EndsWith(w, "shes") || EndsWith(w, "zzes") ||
                EndsWith(w, "sses") || EndsWith(w, "oes"))) {
    return {cut(2), cut(1)};
  }
  if (n > 3 && EndsWith(w, "ses")) return {cut(1), cut(2)};
  if (EndsWith(w, "ss") || EndsWith(w, "us")) return {w};
  if (n > 2 && EndsWith(w, "s")) return {cut(1)};
  return {w};
}

std::vector<std::string> SuffixCandidates(const std::string& w, std::string_view suffix, std::string_view y_form) {
  const size_t n = w.size();
  if (!y_form.empty() && n > y_form.size() + 1 && EndsWith(w, y_form)) return {w.substr(0, n - y_form.size()) + "y"};
  if (n >= suffix.size() + 3 && EndsWith(w, suffix)) {
    if (suffix == "ed" && EndsWith(w, "eed")) return {w.substr(0, n - 1), w.substr(0, n - 2)};
    return StemCandidates(std::string_view(w).substr(0, n - suffix.size()));
  }
  return {w};
}

bool IsAllCaps(std::string_view s) {
  bool upper = false;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    upper |= c >= 'A' && c <= 'Z';
  }
  return upper && s.size() > 1;
}

std::string EncodeRule(const LemmaRule& rule) {
  std::string out(1, rule.lowercase ? 'l' : 'k');
  out.append(reinterpret_cast<const char*>(&rule.strip), sizeof(rule.strip));
  out += rule.append;
  return out;
}

bool DecodeRule(std::string_view encoded, LemmaRule* rule) {
  if (encoded.size() < 1 + sizeof(uint32_t) || (encoded[0] != 'l' && encoded[0] != 'k')) return false;
  rule->lowercase = encoded[0] == 'l';
  std::memcpy(&rule->strip, encoded.data() + 1, sizeof(uint32_t));
  rule->append = std::string(encoded.substr(1 + sizeof(uint32_t)));
  return true;
}

uint64_t LexiconKey(std::string_view form, std::string_view xpos) {
  return Combine(HashString(form), HashString(xpos));
}

}  // namespace

LemmaRule DeriveLemmaRule(std::string_view form, std::string_view lemma) {
  LemmaRule best;
  bool have = false;
  for (bool lowercase : {false, true}) {
    const std::string base = lowercase ? AsciiLower(form) : std::string(form);
    size_t p = 0;
    while (p < base.size() && p < lemma.size() && base[p] == lemma[p]) ++p;
    const uint32_t strip = static_cast<uint32_t>(base.size() - p);
    if (!have || strip < best.strip) {
      best = LemmaRule{lowercase, strip, std::string(lemma.substr(p))};
      have = true;
    }
  }
  return best;
}

bool ApplyLemmaRule(const LemmaRule& rule, std::string_view form, std::string* lemma) {
  if (rule.strip > form.size()) return false;
  *lemma = rule.lowercase ? AsciiLower(form) : std::string(form);
  lemma->resize(lemma->size() - rule.strip);
  *lemma += rule.append;
  return !lemma->empty();
}

std::string GuessLemma(std::string_view form, std::string_view upos, std::string_view xpos,
                       const std::function<bool(std::string_view)>& known) {
  const bool proper = upos == "PROPN" || xpos == "NNP" || xpos == "NNPS";
  const std::string word = proper || IsAllCaps(form) ? std::string(form) : AsciiLower(form);
  std::vector<std::string> candidates;
  if (xpos == "NNS" || xpos == "NNPS") {
    candidates = PluralCandidates(word, true);
  } else if (xpos == "VBZ") {
    candidates = PluralCandidates(word, false);
  } else if (xpos == "VBD" || xpos == "VBN") {
    candidates = SuffixCandidates(word, "ed", "ied");
  } else if (xpos == "VBG") {
    candidates = SuffixCandidates(word, "ing", "");
  } else if (xpos == "JJR" || xpos == "RBR") {
    candidates = SuffixCandidates(word, "er", "ier");
  } else if (xpos == "JJS" || xpos == "RBS") {
    candidates = SuffixCandidates(word, "est", "iest");
  } else {
    return word;
  }
  for (const auto& candidate : candidates) {
    if (known(candidate)) return candidate;
  }
  return candidates.front();
}

void LemmatizerBuilder::Count(uint64_t key, const LemmaRule& rule) { ++rule_counts_[key][EncodeRule(rule)]; }

void LemmatizerBuilder::Add(std::string_view form, std::string_view xpos, std::string_view lemma) {
  if (form.empty() || lemma.empty()) return;
  Count(LexiconKey(form, xpos), DeriveLemmaRule(form, lemma));
  const std::string lower = AsciiLower(form);
  if (lower != form) Count(LexiconKey(lower, xpos), DeriveLemmaRule(lower, lemma));
  known_lemmas_.insert(HashString(lemma));
  known_lemmas_.insert(HashString(AsciiLower(lemma)));
}

void LemmatizerBuilder::Write(BinaryWriter& writer) const {
  std::map<std::string, uint16_t> rule_ids;
  for (const auto& [key, counts] : rule_counts_) {
    for (const auto& [rule, count] : counts) rule_ids.emplace(rule, 0);
  }
  std::vector<std::string> rules;
  for (auto& [rule, id] : rule_ids) {
    id = static_cast<uint16_t>(std::min<size_t>(rules.size(), 0xFFFF));
    rules.push_back(rule);
  }
  std::vector<uint64_t> keys;
  std::vector<uint16_t> rule_of_key;
  for (const auto& [key, counts] : rule_counts_) {  // std::map: keys come out sorted
    const auto best = std::max_element(counts.begin(), counts.end(),
                                       [](const auto& a, const auto& b) { return a.second < b.second; });
    keys.push_back(key);
    rule_of_key.push_back(rule_ids.at(best->first));
  }
  const std::vector<uint64_t> known(known_lemmas_.begin(), known_lemmas_.end());
  writer.Put<uint32_t>(static_cast<uint32_t>(rules.size()));
  for (const auto& rule : rules) writer.PutString(rule);
  PutAlignedArray(writer, keys);
  PutAlignedArray(writer, rule_of_key);
  PutAlignedArray(writer, known);
}

bool LemmatizerView::Read(PayloadCursor& cursor) {
  const uint32_t count = cursor.Get<uint32_t>();
  if (!cursor.ok() || count > 0xFFFF) return false;
  rules.resize(count);
  for (auto& rule : rules) {
    if (!DecodeRule(cursor.String(), &rule)) return false;
  }
  keys = cursor.Array<uint64_t>();
  rule_of_key = cursor.Array<uint16_t>();
  known_lemmas = cursor.Array<uint64_t>();
  if (!cursor.ok() || keys.size() != rule_of_key.size()) return false;
  return std::all_of(rule_of_key.begin(), rule_of_key.end(), [&](uint16_t r) { return r < rules.size(); });
}

std::string LemmatizerView::Lemmatize(std::string_view form, std::string_view upos, std::string_view xpos) const {
  auto lookup = [&](std::string_view f, std::string* lemma) {
    const uint64_t key = LexiconKey(f, xpos);
    auto it = std::lower_bound(keys.begin(), keys.end(), key);
    if (it == keys.end() || *it != key) return false;
    return ApplyLemmaRule(rules[rule_of_key[static_cast<size_t>(it - keys.begin())]], f, lemma);
  };
  std::string lemma;
  if (lookup(form, &lemma)) return lemma;
  const std::string lower = AsciiLower(form);
  if (lower != form && lookup(lower, &lemma)) return lemma;
  return GuessLemma(form, upos, xpos, [&](std::string_view candidate) {
    return std::binary_search(known_lemmas.begin(), known_lemmas.end(), HashString(candidate));
  });
}

}  // namespace dyad::tag_internal
