// Token features for the NER perceptron: word forms, affixes, shapes, context, sentence
// case, gazetteer matches and word-lexicon bits, all hashed into weight rows.
#include "ner/features.h"

#include <algorithm>

#include "ner/hashing.h"

namespace dyad::ner {
namespace {

// Sentence-level capitalisation regime.
enum CaseMode : uint64_t { kMixedCase = 0, kAllCaps = 1, kNoCaps = 2 };

constexpr uint64_t kNone = 0x1234567;  // value for positions outside the sentence

// Compressed character-class shape: "McDonald's" → "XxXx'x", "2016" → "d".
uint64_t ShapeHash(std::string_view word) {
  char shape[8];
  size_t n = 0;
  char last = 0;
  for (unsigned char c : word) {
    char cls;
    if (c >= 'A' && c <= 'Z') cls = 'X';
    else if (c >= 'a' && c <= 'z') cls = 'x';
    else if (c >= '0' && c <= '9') cls = 'd';
    else if (c >= 0x80) cls = 'u';
    else cls = static_cast<char>(c);
    if (cls == last) continue;
    last = cls;
    if (n == sizeof(shape)) break;
    shape[n++] = cls;
  }
  return HashBytes(std::string_view(shape, n));
}

uint8_t LengthBucket(size_t n) { return n <= 1 ? 1 : n <= 3 ? 2 : n <= 6 ? 3 : n <= 10 ? 4 : 5; }

CaseMode SentenceCase(std::span<const std::string_view> words) {
  size_t alphabetic = 0, upper_words = 0, any_upper = 0;
  for (std::string_view w : words) {
    size_t lower = 0, upper = 0;
    for (unsigned char c : w) {
      if (c >= 'a' && c <= 'z') ++lower;
      else if (c >= 'A' && c <= 'Z') ++upper;
    }
    if (lower + upper == 0) continue;
    ++alphabetic;
    if (upper > 0) ++any_upper;
    if (lower == 0) ++upper_words;
  }
  if (alphabetic >= 3 && upper_words * 10 >= alphabetic * 8) return kAllCaps;
  if (any_upper == 0) return kNoCaps;
  return kMixedCase;
}

}  // namespace

void ExtractFeatureRows(std::span<const std::string_view> words, std::span<const std::string_view> tags,
                        bool uses_tags, const NerGazetteer& gazetteer, uint32_t hash_bits,
                        FeatureScratch* s, std::vector<uint32_t>* rows, bool match_phrases) {
  const size_t n = words.size();
  s->norm.resize(n);
  s->word.resize(n);
  s->shape.resize(n);
  s->affixes.resize(n * 7);
  s->length.resize(n);
  s->lexicon.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const std::string_view w = words[i];
    s->norm[i] = NerTokenHash(w);
    s->word[i] = HashBytes(w);
    s->shape[i] = ShapeHash(w);
    s->length[i] = LengthBucket(w.size());
    char lower[16];
    const size_t m = std::min(w.size(), sizeof(lower));
    for (size_t k = 0; k < m; ++k) {
      char c = w[w.size() - m + k];
      lower[k] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    const std::string_view tail(lower, m);  // last ≤16 bytes, lower-cased
    uint64_t* affix = &s->affixes[i * 7];
    for (size_t k = 1; k <= 3; ++k) {
      std::string_view head = w.substr(0, std::min(k, w.size()));
      char buf[3];
      for (size_t j = 0; j < head.size(); ++j) {
        char c = head[j];
        buf[j] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
      }
      affix[k - 1] = HashBytes(std::string_view(buf, head.size())) + k;
    }
    for (size_t k = 1; k <= 4; ++k) {
      affix[2 + k] = HashBytes(tail.substr(tail.size() - std::min(k, tail.size()))) + 16 + k;
    }
    s->lexicon[i] = gazetteer.WordBits(s->norm[i]);
  }
  if (match_phrases) {
    gazetteer.MatchPhrases(s->norm, &s->gazetteer);
  } else {
    s->gazetteer.assign(n, 0);
  }
  const uint64_t mode = SentenceCase(words);
  if (uses_tags) {
    s->tag.resize(n);
    for (size_t i = 0; i < n; ++i) s->tag[i] = i < tags.size() ? HashBytes(tags[i]) : kNone - 7;
  }

  const size_t per_token = FeaturesPerToken(uses_tags);
  rows->resize(n * per_token);
  const uint32_t shift = 64 - hash_bits;
  for (size_t i = 0; i < n; ++i) {
    auto norm_at = [&](ptrdiff_t j) { return j < 0 || j >= static_cast<ptrdiff_t>(n) ? kNone + j : s->norm[j]; };
    auto shape_at = [&](ptrdiff_t j) { return j < 0 || j >= static_cast<ptrdiff_t>(n) ? kNone + j : s->shape[j]; };
    auto gaz_at = [&](ptrdiff_t j) -> uint64_t { return j < 0 || j >= static_cast<ptrdiff_t>(n) ? 255 : s->gazetteer[j]; };
    auto lex_at = [&](ptrdiff_t j) -> uint64_t { return j < 0 || j >= static_cast<ptrdiff_t>(n) ? 255 : s->lexicon[j]; };
    const ptrdiff_t p = static_cast<ptrdiff_t>(i);
    const uint64_t position = i == 0 ? 1 : (i + 1 == n ? 2 : 0);
    const uint64_t shape = s->shape[i];
    const uint64_t norm = s->norm[i];
    // Whether a spelling word list knows the word as common or only as a proper noun.
    const uint64_t dictionary = s->lexicon[i] & (NerGazetteer::kCommonWord | NerGazetteer::kProperOnly);
    const uint64_t values[kWordFeatures] = {
        0,
        norm,
        s->word[i],
        norm_at(p - 1),
        norm_at(p + 1),
        norm_at(p - 2),
        norm_at(p + 2),
        s->affixes[i * 7 + 0],
        s->affixes[i * 7 + 1],
        s->affixes[i * 7 + 2],
        s->affixes[i * 7 + 3],
        s->affixes[i * 7 + 4],
        s->affixes[i * 7 + 5],
        s->affixes[i * 7 + 6],
        shape,
        shape_at(p - 1),
        shape_at(p + 1),
        Combine(shape_at(p - 1), shape),
        Combine(shape, shape_at(p + 1)),
        Combine(norm_at(p - 1), norm),
        Combine(norm, norm_at(p + 1)),
        Combine(norm_at(p - 1), shape),
        Combine(shape, norm_at(p + 1)),
        Combine(position, shape),
        Combine(mode, shape),
        gaz_at(p),
        Combine(gaz_at(p), shape),
        gaz_at(p - 1),
        gaz_at(p + 1),
        lex_at(p),
        Combine(lex_at(p), shape),
        Combine(lex_at(p - 1), lex_at(p + 1)),
        Combine(mode, gaz_at(p)),
        Combine(s->length[i], shape),
        Combine(Combine(shape_at(p - 1), shape), shape_at(p + 1)),
        Combine(dictionary, gaz_at(p)),
        Combine(Combine(dictionary, mode), shape),
    };
    uint32_t* out = &(*rows)[i * per_token];
    for (size_t t = 0; t < kWordFeatures; ++t) {
      out[t] = static_cast<uint32_t>(Combine(t + 1, values[t]) >> shift);
    }
    if (!uses_tags) continue;
    auto tag_at = [&](ptrdiff_t j) { return j < 0 || j >= static_cast<ptrdiff_t>(n) ? kNone + j : s->tag[j]; };
    const uint64_t tag = s->tag[i];
    const uint64_t tag_values[kTagFeatures] = {
        tag,
        tag_at(p - 1),
        tag_at(p + 1),
        tag_at(p - 2),
        tag_at(p + 2),
        Combine(tag_at(p - 1), tag),
        Combine(tag, tag_at(p + 1)),
        Combine(Combine(tag_at(p - 1), tag), tag_at(p + 1)),
        Combine(tag, shape),
        Combine(tag, norm),
    };
    for (size_t t = 0; t < kTagFeatures; ++t) {
      out[kWordFeatures + t] = static_cast<uint32_t>(Combine(kWordFeatures + t + 1, tag_values[t]) >> shift);
    }
  }
}

std::vector<float> TransitionMask(std::span<const std::string> labels) {
  const size_t L = labels.size();
  std::vector<float> mask((L + 1) * L, 0.0f);
  auto prefix = [&](size_t y) { return labels[y].size() > 2 ? labels[y][0] : 'O'; };
  auto type = [&](size_t y) { return labels[y].size() > 2 ? std::string_view(labels[y]).substr(2) : std::string_view(); };
  const bool bilou = std::any_of(labels.begin(), labels.end(), [](const std::string& l) { return l.starts_with("L-"); });
  for (size_t from = 0; from <= L; ++from) {
    // Whether an entity is open (the previous label is B- or I-).
    const bool open = from < L && (prefix(from) == 'B' || prefix(from) == 'I');
    for (size_t to = 0; to < L; ++to) {
      const char p = prefix(to);
      const bool continues = open && type(from) == type(to);
      bool allowed;
      if (p == 'I' || p == 'L') allowed = continues;
      else allowed = !bilou || !open;  // BILOU: an open entity must be closed by I-/L- first
      if (!allowed) mask[from * L + to] = kForbidden;
    }
  }
  return mask;
}

void ViterbiDecode(std::span<const float> emissions, std::span<const float> transitions, size_t L,
                   size_t n, std::vector<int>* best) {
  best->assign(n, 0);
  if (n == 0) return;
  thread_local std::vector<float> score;
  thread_local std::vector<int> back;
  score.resize(n * L);
  back.resize(n * L);
  const float* start = &transitions[L * L];
  for (size_t y = 0; y < L; ++y) score[y] = start[y] + emissions[y];
  for (size_t i = 1; i < n; ++i) {
    const float* prev = &score[(i - 1) * L];
    for (size_t y = 0; y < L; ++y) {
      float top = prev[0] + transitions[y];
      int arg = 0;
      for (size_t x = 1; x < L; ++x) {
        const float v = prev[x] + transitions[x * L + y];
        if (v > top) {
          top = v;
          arg = static_cast<int>(x);
        }
      }
      score[i * L + y] = top + emissions[i * L + y];
      back[i * L + y] = arg;
    }
  }
  const float* last = &score[(n - 1) * L];
  int y = static_cast<int>(std::max_element(last, last + L) - last);
  for (size_t i = n; i-- > 0;) {
    (*best)[i] = y;
    if (i > 0) y = back[i * L + y];
  }
}

}  // namespace dyad::ner
