#include "tag/features.h"

#include <algorithm>

namespace dyad::tag_internal {
namespace {

// Template ids; changing any of them changes every feature hash (bump the model version).
enum Template : uint64_t {
  kBias = 1,
  kLower,
  kForm,
  kSuffix1,
  kSuffix2,
  kSuffix3,
  kSuffix4,
  kPrefix1,
  kPrefix2,
  kPrefix3,
  kShape,
  kFlags,
  kPrevLower,
  kPrev2Lower,
  kNextLower,
  kNext2Lower,
  kPrevSuffix3,
  kNextSuffix3,
  kNextShape,
  kPrevShape,
  kPrevLowerLower,
  kLowerNextLower,
  kNextLowerNext2Lower,
  kPrevTag,
  kPrev2Tag,
  kPrevTagPrev2Tag,
  kPrevTagLower,
  kPrevTagSuffix3,
  kPrevTagNextLower,
  kSuffix5,
  kTagSet,
  kNextTagSet,
  kNext2TagSet,
  kTagSetNextTagSet,
  kPrevLowerNextLower,
  kPrevTagTagSet,
  kPrev2TagLower,
  kPrevSuffix2,
  kFirstPassTag,
  kNextFirstPassTag,
  kNext2FirstPassTag,
  kNextTwoFirstPassTags,
  kNextFirstPassTagLower,
  kPrevTagNextFirstPassTag,
  kPrevFlags,
  kNextFlags,
};

bool IsContinuationByte(unsigned char c) { return (c & 0xC0) == 0x80; }

// Byte length of the last `n` code points of `s` (all of `s` when shorter).
size_t SuffixBytes(std::string_view s, size_t n) {
  size_t pos = s.size();
  while (pos > 0 && n > 0) {
    --pos;
    while (pos > 0 && IsContinuationByte(static_cast<unsigned char>(s[pos]))) --pos;
    --n;
  }
  return s.size() - pos;
}

// Byte length of the first `n` code points of `s`.
size_t PrefixBytes(std::string_view s, size_t n) {
  size_t pos = 0;
  while (pos < s.size() && n > 0) {
    ++pos;
    while (pos < s.size() && IsContinuationByte(static_cast<unsigned char>(s[pos]))) ++pos;
    --n;
  }
  return pos;
}

std::string Shape(std::string_view form) {
  std::string shape;
  char last = 0;
  int run = 0;
  for (unsigned char c : form) {
    if (IsContinuationByte(c)) continue;
    char k;
    if (c >= 'A' && c <= 'Z') k = 'X';
    else if (c >= 'a' && c <= 'z') k = 'x';
    else if (c >= '0' && c <= '9') k = 'd';
    else if (c >= 0x80) k = 'U';
    else k = static_cast<char>(c);
    run = k == last ? run + 1 : 1;
    last = k;
    if (run <= 3) shape.push_back(k);
  }
  return shape;
}

uint64_t Flags(std::string_view form, bool first) {
  bool upper = false, lower = false, digit = false, hyphen = false;
  for (unsigned char c : form) {
    upper |= c >= 'A' && c <= 'Z';
    lower |= c >= 'a' && c <= 'z';
    digit |= c >= '0' && c <= '9';
    hyphen |= c == '-';
  }
  const bool initial_upper = !form.empty() && form[0] >= 'A' && form[0] <= 'Z';
  uint64_t casing = !upper ? 0 : (!lower ? 1 : (initial_upper ? 2 : 3));
  return casing | (uint64_t{first} << 2) | (uint64_t{digit} << 3) | (uint64_t{hyphen} << 4);
}

const WordInfo& Boundary(bool before) {
  static const WordInfo kStart = [] {
    WordInfo w;
    const uint64_t h = HashString("<s>");
    w.form = w.lower = w.shape = w.flags = h;
    for (auto& p : w.prefix) p = h;
    for (auto& s : w.suffix) s = h;
    w.tag_set = h;
    return w;
  }();
  static const WordInfo kEnd = [] {
    WordInfo w;
    const uint64_t h = HashString("</s>");
    w.form = w.lower = w.shape = w.flags = h;
    for (auto& p : w.prefix) p = h;
    for (auto& s : w.suffix) s = h;
    w.tag_set = h;
    return w;
  }();
  return before ? kStart : kEnd;
}

const WordInfo& At(std::span<const WordInfo> words, size_t i, int offset) {
  const long j = static_cast<long>(i) + offset;
  if (j < 0) return Boundary(true);
  if (j >= static_cast<long>(words.size())) return Boundary(false);
  return words[static_cast<size_t>(j)];
}

}  // namespace

uint64_t HashString(std::string_view s) {
  uint64_t h = 0x6A09E667F3BCC908ull ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t chunk = 0;
    for (size_t b = 0; b < 8; ++b) chunk |= uint64_t{static_cast<unsigned char>(s[i + b])} << (8 * b);
    h = Mix(h ^ chunk);
  }
  uint64_t tail = 0;
  for (size_t b = 0; i + b < s.size(); ++b) tail |= uint64_t{static_cast<unsigned char>(s[i + b])} << (8 * b);
  return Mix(h ^ tail ^ 0xA5);
}

std::string NormalizedLower(std::string_view form) {
  std::string out;
  out.reserve(form.size());
  for (size_t i = 0; i < form.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(form[i]);
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c + 32));
    } else if (c == 0xE2 && i + 2 < form.size() && static_cast<unsigned char>(form[i + 1]) == 0x80) {
      // U+2018/2019 (single quotes) and U+201C/201D (double quotes).
      const unsigned char d = static_cast<unsigned char>(form[i + 2]);
      if (d == 0x98 || d == 0x99) {
        out.push_back('\'');
        i += 2;
      } else if (d == 0x9C || d == 0x9D) {
        out.push_back('"');
        i += 2;
      } else {
        out.push_back(static_cast<char>(c));
      }
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

uint64_t TagLexiconView::Find(uint64_t lower) const {
  auto it = std::lower_bound(words.begin(), words.end(), lower);
  if (it == words.end() || *it != lower) return 0;
  return tag_sets[static_cast<size_t>(it - words.begin())];
}

void DescribeWords(std::span<const std::string_view> words, const TagLexiconView* lexicon,
                   std::vector<WordInfo>* infos) {
  infos->resize(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string_view form = words[i];
    const std::string lower = NormalizedLower(form);
    WordInfo& w = (*infos)[i];
    w.form = HashString(form);
    w.lower = HashString(lower);
    w.shape = HashString(Shape(form));
    w.flags = Flags(form, i == 0);
    const std::string_view lv = lower;
    for (size_t n = 0; n < 3; ++n) w.prefix[n] = HashString(lv.substr(0, PrefixBytes(lv, n + 1)));
    for (size_t n = 0; n < 5; ++n) w.suffix[n] = HashString(lv.substr(lv.size() - SuffixBytes(lv, n + 1)));
    w.tag_set = lexicon != nullptr ? lexicon->Find(w.lower) : 0;
  }
}

void StaticFeatures(std::span<const WordInfo> words, size_t i, uint64_t* out) {
  const WordInfo& w = words[i];
  const WordInfo& p1 = At(words, i, -1);
  const WordInfo& p2 = At(words, i, -2);
  const WordInfo& n1 = At(words, i, 1);
  const WordInfo& n2 = At(words, i, 2);
  size_t k = 0;
  out[k++] = Mix(kBias);
  out[k++] = Combine(kLower, w.lower);
  out[k++] = Combine(kForm, w.form);
  out[k++] = Combine(kSuffix1, w.suffix[0]);
  out[k++] = Combine(kSuffix2, w.suffix[1]);
  out[k++] = Combine(kSuffix3, w.suffix[2]);
  out[k++] = Combine(kSuffix4, w.suffix[3]);
  out[k++] = Combine(kPrefix1, w.prefix[0]);
  out[k++] = Combine(kPrefix2, w.prefix[1]);
  out[k++] = Combine(kPrefix3, w.prefix[2]);
  out[k++] = Combine(kShape, w.shape);
  out[k++] = Combine(kFlags, w.flags);
  out[k++] = Combine(kPrevLower, p1.lower);
  out[k++] = Combine(kPrev2Lower, p2.lower);
  out[k++] = Combine(kNextLower, n1.lower);
  out[k++] = Combine(kNext2Lower, n2.lower);
  out[k++] = Combine(kPrevSuffix3, p1.suffix[2]);
  out[k++] = Combine(kNextSuffix3, n1.suffix[2]);
  out[k++] = Combine(kNextShape, n1.shape);
  out[k++] = Combine(kPrevShape, p1.shape);
  out[k++] = Combine(Combine(kPrevLowerLower, p1.lower), w.lower);
  out[k++] = Combine(Combine(kLowerNextLower, w.lower), n1.lower);
  out[k++] = Combine(Combine(kNextLowerNext2Lower, n1.lower), n2.lower);
  out[k++] = Combine(kSuffix5, w.suffix[4]);
  out[k++] = Combine(kTagSet, w.tag_set);
  out[k++] = Combine(kNextTagSet, n1.tag_set);
  out[k++] = Combine(kNext2TagSet, n2.tag_set);
  out[k++] = Combine(Combine(kTagSetNextTagSet, w.tag_set), n1.tag_set);
  out[k++] = Combine(Combine(kPrevLowerNextLower, p1.lower), n1.lower);
  out[k++] = Combine(kPrevSuffix2, p1.suffix[1]);
  out[k++] = Combine(Combine(kPrevFlags, p1.flags), w.flags);
  out[k++] = Combine(Combine(kNextFlags, n1.flags), w.flags);
}

void DynamicFeatures(std::span<const WordInfo> words, size_t i, uint32_t prev1, uint32_t prev2,
                     uint64_t* out) {
  const WordInfo& w = words[i];
  size_t k = 0;
  out[k++] = Combine(kPrevTag, prev1);
  out[k++] = Combine(kPrev2Tag, prev2);
  out[k++] = Combine(Combine(kPrevTagPrev2Tag, prev1), prev2);
  out[k++] = Combine(Combine(kPrevTagLower, prev1), w.lower);
  out[k++] = Combine(Combine(kPrevTagSuffix3, prev1), w.suffix[2]);
  out[k++] = Combine(Combine(kPrevTagNextLower, prev1), At(words, i, 1).lower);
  out[k++] = Combine(Combine(kPrevTagTagSet, prev1), w.tag_set);
  out[k++] = Combine(Combine(kPrev2TagLower, prev2), w.lower);
}

}  // namespace dyad::tag_internal

namespace dyad::tag_internal {

void RightFeatures(std::span<const WordInfo> words, std::span<const uint16_t> first_pass, size_t i,
                   uint32_t prev1, uint64_t* out) {
  const size_t n = first_pass.size();
  const uint32_t t0 = first_pass[i];
  const uint32_t t1 = i + 1 < n ? first_pass[i + 1] : kEndTag;
  const uint32_t t2 = i + 2 < n ? first_pass[i + 2] : kEndTag;
  size_t k = 0;
  out[k++] = Combine(kFirstPassTag, t0);
  out[k++] = Combine(kNextFirstPassTag, t1);
  out[k++] = Combine(kNext2FirstPassTag, t2);
  out[k++] = Combine(Combine(kNextTwoFirstPassTags, t1), t2);
  out[k++] = Combine(Combine(kNextFirstPassTagLower, t1), words[i].lower);
  out[k++] = Combine(Combine(kPrevTagNextFirstPassTag, prev1), t1);
}

}  // namespace dyad::tag_internal
