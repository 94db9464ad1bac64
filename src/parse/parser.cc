// Arc-hybrid transition parser with an averaged perceptron over hashed features.
//
// Configuration: a stack, and a buffer holding the words not yet shifted followed by an
// artificial ROOT (index n). Transitions: SHIFT (push the buffer front), LEFT (the stack top
// becomes a dependent of the buffer front; with ROOT as the front only when the stack holds
// one word, so there is exactly one root) and RIGHT (the stack top becomes a dependent of
// the word below it). A sentence of n words takes exactly 2n transitions.
//
// Two linear models share the hashed-feature idea: the transition model scores the three
// moves from 135 feature templates (one hashed row of 3 weights per feature), and the label
// model picks the relation of each new arc among the relations seen in training for that
// (dependent UPOS, head UPOS, direction), from 35 templates (one hashed row with a weight per
// relation). Weights are stored as 16-bit integers.
// Training follows Goldberg & Nivre's dynamic oracle for the arc-hybrid system with
// exploration, and keeps the averaged weights of the epoch with the best dev LAS.
#include "dyad/parser.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "dyad/binary_format.h"
#include "parse/parser_model.h"

namespace dyad {
namespace {

constexpr std::string_view kMagic = "DYADPARS";
constexpr uint32_t kVersion = 1;

enum Move : int { kShift = 0, kLeft = 1, kRight = 2 };
constexpr int kNumMoves = 3;
constexpr int kRowWidth = 4;  // weights per transition-model row (3 moves, padded for alignment)
constexpr int kLabelRowWidth = 64;  // weights per relation-model row: one per relation (at most 64)

constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;

inline uint64_t Mix(uint64_t h, uint64_t v) {
  h = (h ^ v) * kMul;
  return h ^ (h >> 32);
}

// Hash of a word form: ASCII lower-cased, digits mapped to '0'.
uint64_t WordKey(std::string_view form) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : form) {
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if (c >= '0' && c <= '9') c = '0';
    h = (h ^ c) * 0x100000001b3ull;
  }
  return Mix(h, 1);
}

// Hash of the last three bytes of a lower-cased form.
uint64_t SuffixKey(std::string_view form) {
  const std::string_view tail = form.size() > 3 ? form.substr(form.size() - 3) : form;
  return WordKey(tail) ^ 0x5bd1e995ull;
}

// Coarse spelling class: first letter upper case, all upper case, contains a digit, a hyphen.
uint64_t ShapeKey(std::string_view form) {
  bool has_upper = false, has_lower = false, digit = false, hyphen = false;
  for (unsigned char c : form) {
    has_upper |= c >= 'A' && c <= 'Z';
    has_lower |= c >= 'a' && c <= 'z';
    digit |= c >= '0' && c <= '9';
    hyphen |= c == '-';
  }
  const bool initial_upper = !form.empty() && form[0] >= 'A' && form[0] <= 'Z';
  return 1 + (initial_upper ? 1 : 0) + (has_upper && !has_lower ? 2 : 0) + (digit ? 4 : 0) + (hyphen ? 8 : 0);
}

uint64_t TagKey(std::string_view tag) { return Mix(Fnv1a64(tag), 2); }

constexpr std::array<std::string_view, 17> kUposNames = {
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM",
    "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"};
constexpr int kUposUnknown = 17;
constexpr int kUposCount = 18;

// A UPOS name of at most 7 bytes packed with its length into one integer, so that finding
// its id takes integer comparisons rather than string comparisons (0 for longer names).
constexpr uint64_t PackedUpos(std::string_view upos) {
  if (upos.size() > 7) return 0;
  uint64_t packed = uint64_t{upos.size()} << 56;
  for (size_t i = 0; i < upos.size(); ++i) packed |= uint64_t{static_cast<unsigned char>(upos[i])} << (8 * i);
  return packed;
}

constexpr std::array<uint64_t, kUposNames.size()> kPackedUposNames = [] {
  std::array<uint64_t, kUposNames.size()> packed{};
  for (size_t i = 0; i < kUposNames.size(); ++i) packed[i] = PackedUpos(kUposNames[i]);
  return packed;
}();

int UposId(std::string_view upos) {
  const uint64_t packed = PackedUpos(upos);
  for (size_t i = 0; i < kPackedUposNames.size(); ++i) {
    if (kPackedUposNames[i] == packed) return static_cast<int>(i);
  }
  return kUposUnknown;
}

// Candidate-relation table keys: (dependent UPOS, head UPOS, direction) and a coarser
// (dependent UPOS, direction) fallback after them.
int FineKey(int dep_upos, int head_upos, bool head_right) {
  return (dep_upos * kUposCount + head_upos) * 2 + (head_right ? 1 : 0);
}
constexpr int kFineKeys = kUposCount * kUposCount * 2;
int CoarseKey(int dep_upos, bool head_right) { return kFineKeys + dep_upos * 2 + (head_right ? 1 : 0); }
constexpr int kCandidateKeys = kFineKeys + kUposCount * 2;

int DistanceBucket(int d) {
  if (d <= 0) return 0;
  if (d <= 4) return d;
  if (d <= 6) return 5;
  if (d <= 10) return 6;
  if (d <= 20) return 7;
  return 8;
}

// Per-word keys used by the feature templates.
struct WordKeys {
  uint64_t word = 0;    // hashed normalised form
  uint64_t tag = 0;     // hashed XPOS (UPOS when XPOS is absent)
  uint64_t upos = 0;    // hashed UPOS
  uint64_t suffix = 0;  // hashed last three bytes
  uint64_t shape = 0;   // capitalisation / digit / hyphen class
  int upos_id = kUposUnknown;
};

// Attachment facts about one word during parsing.
struct Node {
  int left1 = -1, left2 = -1;    // leftmost and second-leftmost dependents
  int right1 = -1, right2 = -1;  // rightmost and second-rightmost dependents
  int num_left = 0, num_right = 0;
  uint64_t left_labels = 0, right_labels = 0;  // sets of relations of the dependents
  int head = -2;                 // -2: not attached yet; n: attached to ROOT
  int label = -1;
};

// A parser configuration over n words; index n is ROOT, index n + 1 stands for "none".
struct Configuration {
  int n = 0;
  int buffer = 0;  // index of the buffer front (n when only ROOT remains)
  std::vector<int> stack;
  std::vector<Node> nodes;

  void Reset(int words) {
    n = words;
    buffer = 0;
    stack.clear();
    stack.reserve(static_cast<size_t>(words) + 1);
    nodes.assign(static_cast<size_t>(words) + 2, Node());
  }
  bool Terminal() const { return stack.empty() && buffer == n; }
  bool CanShift() const { return buffer < n; }
  bool CanLeft() const { return !stack.empty() && (buffer < n || stack.size() == 1); }
  bool CanRight() const { return stack.size() >= 2; }
  bool Valid(int move) const {
    return move == kShift ? CanShift() : move == kLeft ? CanLeft() : CanRight();
  }
  int None() const { return n + 1; }
  int Stack(size_t depth) const {
    return depth < stack.size() ? stack[stack.size() - 1 - depth] : None();
  }
  int Buffer(int offset) const { return buffer + offset <= n ? buffer + offset : None(); }
  // Head and dependent of the arc `move` would create (move must be LEFT or RIGHT).
  std::pair<int, int> ArcOf(int move) const {
    const int dependent = stack.back();
    const int head = move == kLeft ? buffer : stack[stack.size() - 2];
    return {head, dependent};
  }
  void Apply(int move, int label) {
    if (move == kShift) {
      stack.push_back(buffer++);
      return;
    }
    auto [head, dependent] = ArcOf(move);
    stack.pop_back();
    Node& d = nodes[dependent];
    d.head = head;
    d.label = label;
    Node& h = nodes[head];
    const uint64_t bit = uint64_t{1} << (label & 63);
    if (dependent < head) {
      if (h.left1 < 0 || dependent < h.left1) {
        h.left2 = h.left1;
        h.left1 = dependent;
      } else if (h.left2 < 0 || dependent < h.left2) {
        h.left2 = dependent;
      }
      ++h.num_left;
      h.left_labels |= bit;
    } else {
      if (h.right1 < 0 || dependent > h.right1) {
        h.right2 = h.right1;
        h.right1 = dependent;
      } else if (h.right2 < 0 || dependent > h.right2) {
        h.right2 = dependent;
      }
      ++h.num_right;
      h.right_labels |= bit;
    }
  }
};

constexpr size_t kMaxMoveFeatures = 160;  // the templates below produce 135
constexpr size_t kMaxLabelFeatures = 48;  // the templates below produce 35

// Feature builder: each call hashes a new template id with up to four values. Writes at most
// `capacity` features (the template lists are fixed, so the bound is never reached).
class FeatureSink {
 public:
  FeatureSink(uint64_t* out, size_t capacity) : out_(out), capacity_(capacity) {}
  [[gnu::always_inline]] void operator()(uint64_t a) { Emit((Seed() ^ a) * kMul); }
  [[gnu::always_inline]] void operator()(uint64_t a, uint64_t b) { Emit(((Seed() ^ a) * kMul ^ b) * kMul); }
  [[gnu::always_inline]] void operator()(uint64_t a, uint64_t b, uint64_t c) {
    Emit((((Seed() ^ a) * kMul ^ b) * kMul ^ c) * kMul);
  }
  [[gnu::always_inline]] void operator()(uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
    Emit(((((Seed() ^ a) * kMul ^ b) * kMul ^ c) * kMul ^ d) * kMul);
  }
  size_t count() const { return count_; }

 private:
  [[gnu::always_inline]] uint64_t Seed() { return ++template_id_ * 0xD6E8FEB86659FD93ull; }
  [[gnu::always_inline]] void Emit(uint64_t h) {
    if (count_ < capacity_) out_[count_++] = h ^ (h >> 29);
  }
  uint64_t* out_;
  size_t capacity_;
  size_t count_ = 0;
  uint64_t template_id_ = 0;
};

// Transition-model features of a configuration (Zhang & Nivre style, adapted to arc-hybrid).
size_t MoveFeatures(const Configuration& c, const std::vector<WordKeys>& keys, uint64_t* out) {
  FeatureSink f(out, kMaxMoveFeatures);
  const int s0 = c.Stack(0), s1 = c.Stack(1), s2 = c.Stack(2);
  const int b0 = c.Buffer(0), b1 = c.Buffer(1), b2 = c.Buffer(2);
  const Node& S0 = c.nodes[s0];
  const Node& S1 = c.nodes[s1];
  const Node& B0 = c.nodes[b0];
  const int none = c.None();
  auto at = [none](int i) { return i < 0 ? none : i; };
  const int s0l = at(S0.left1), s0l2 = at(S0.left2), s0r = at(S0.right1), s0r2 = at(S0.right2);
  const int s1l = at(S1.left1), s1r = at(S1.right1), s1r2 = at(S1.right2);
  const int b0l = at(B0.left1), b0l2 = at(B0.left2);
  auto w = [&](int i) { return keys[i].word; };
  auto p = [&](int i) { return keys[i].tag; };
  auto l = [&](int i) { return static_cast<uint64_t>(c.nodes[i].label + 1); };
  const uint64_t d_s0b0 = s0 == none ? 0 : DistanceBucket(b0 - s0);
  const uint64_t d_s1s0 = s1 == none ? 0 : DistanceBucket(s0 - s1);

  f(1);  // bias
  // Single words.
  f(w(s0)); f(p(s0)); f(w(s0), p(s0));
  f(w(s1)); f(p(s1)); f(w(s1), p(s1));
  f(p(s2)); f(w(s2), p(s2));
  f(w(b0)); f(p(b0)); f(w(b0), p(b0));
  f(w(b1)); f(p(b1)); f(w(b1), p(b1));
  f(w(b2)); f(p(b2));
  // Word pairs.
  f(w(s0), p(s0), w(b0), p(b0)); f(w(s0), p(s0), w(b0)); f(w(s0), w(b0), p(b0));
  f(w(s0), p(s0), p(b0)); f(p(s0), w(b0), p(b0)); f(w(s0), w(b0)); f(p(s0), p(b0));
  f(w(s1), p(s1), w(s0), p(s0)); f(w(s1), p(s1), w(s0)); f(w(s1), w(s0), p(s0));
  f(w(s1), p(s1), p(s0)); f(p(s1), w(s0), p(s0)); f(w(s1), w(s0)); f(p(s1), p(s0));
  f(p(s1), p(b0)); f(w(s1), w(b0)); f(p(s1), w(b0), p(b0)); f(w(s1), p(s1), p(b0));
  f(p(b0), p(b1)); f(w(b0), w(b1)); f(p(b0), w(b1)); f(w(b0), p(b1));
  // Three words.
  f(p(b0), p(b1), p(b2)); f(p(s0), p(b0), p(b1)); f(p(s1), p(s0), p(b0));
  f(p(s2), p(s1), p(s0)); f(p(s1), p(s0), p(b1)); f(p(s2), p(s1), p(b0));
  f(p(s0), p(s0l), p(b0)); f(p(s0), p(s0r), p(b0)); f(p(s0), p(b0), p(b0l));
  f(p(s1), p(s1r), p(s0)); f(p(s1), p(s1l), p(s0)); f(p(s1), p(s0), p(s0l));
  f(p(s1), p(s0), p(s0r)); f(p(s1), p(s0), p(b0l));
  // Distance.
  f(w(s0), d_s0b0); f(p(s0), d_s0b0); f(w(b0), d_s0b0); f(p(b0), d_s0b0);
  f(w(s0), w(b0), d_s0b0); f(p(s0), p(b0), d_s0b0);
  f(w(s1), d_s1s0); f(p(s1), d_s1s0); f(w(s0), d_s1s0); f(p(s0), d_s1s0);
  f(w(s1), w(s0), d_s1s0); f(p(s1), p(s0), d_s1s0);
  // Valency.
  f(w(s0), S0.num_left); f(p(s0), S0.num_left); f(w(s0), S0.num_right); f(p(s0), S0.num_right);
  f(w(b0), B0.num_left); f(p(b0), B0.num_left);
  f(w(s1), S1.num_left); f(p(s1), S1.num_left); f(w(s1), S1.num_right); f(p(s1), S1.num_right);
  // Dependents.
  f(w(s0l)); f(p(s0l)); f(l(s0l)); f(w(s0r)); f(p(s0r)); f(l(s0r));
  f(w(b0l)); f(p(b0l)); f(l(b0l));
  f(w(s1l)); f(p(s1l)); f(l(s1l)); f(w(s1r)); f(p(s1r)); f(l(s1r));
  f(p(s0l2)); f(l(s0l2)); f(p(s0r2)); f(l(s0r2)); f(p(b0l2)); f(l(b0l2)); f(p(s1r2)); f(l(s1r2));
  f(p(s0), p(s0l), p(s0l2)); f(p(s0), p(s0r), p(s0r2)); f(p(b0), p(b0l), p(b0l2));
  f(p(s1), p(s1r), p(s1r2));
  f(p(s0), l(s0l), l(s0r)); f(p(s1), l(s1l), l(s1r)); f(p(b0), l(b0l), l(b0l2));
  // Relation sets.
  f(w(s0), S0.left_labels); f(p(s0), S0.left_labels); f(w(s0), S0.right_labels);
  f(p(s0), S0.right_labels); f(w(b0), B0.left_labels); f(p(b0), B0.left_labels);
  f(p(s1), S1.left_labels); f(p(s1), S1.right_labels);
  // Universal tags and suffixes (robust to XPOS errors and unknown words).
  auto u = [&](int i) { return keys[i].upos; };
  auto x = [&](int i) { return keys[i].suffix; };
  f(u(s0), u(b0)); f(u(s1), u(s0)); f(u(s0), u(b0), u(b1)); f(u(s1), u(s0), u(b0));
  f(x(s0), p(s0)); f(x(b0), p(b0)); f(x(b0), p(s0)); f(x(s0), p(b0));
  f(p(b1), p(b2), p(c.Buffer(3))); f(p(b0), p(b1), w(b2));
  f(x(s1), p(s1)); f(x(b1), p(b1)); f(u(b0), u(b1)); f(w(s0), u(b0)); f(u(s0), w(b0));
  f(w(b0), p(s0), p(s1)); f(w(s0), p(s1), p(b0)); f(x(s0), x(b0));
  auto z = [&](int i) { return keys[i].shape; };
  f(z(s0), p(s0), z(b0), p(b0)); f(z(b0), p(b0), z(b1)); f(z(s1), z(s0), p(s0));
  return f.count();
}

// Label-model features of the arc head -> dependent (relation still unknown).
size_t LabelFeatures(const Configuration& c, const std::vector<WordKeys>& keys, int head,
                     int dependent, uint64_t* out) {
  FeatureSink f(out, kMaxLabelFeatures);
  const int none = c.None();
  const uint64_t dir = head > dependent ? 1 : 2;
  const Node& D = c.nodes[dependent];
  const Node& H = c.nodes[head];
  auto at = [none](int i) { return i < 0 ? none : i; };
  auto w = [&](int i) { return keys[i].word; };
  auto p = [&](int i) { return keys[i].tag; };
  auto l = [&](int i) { return static_cast<uint64_t>(c.nodes[i].label + 1); };
  const int dl = at(D.left1), dr = at(D.right1);
  const int d_prev = dependent > 0 ? dependent - 1 : none;
  const int d_next = dependent + 1 < c.n ? dependent + 1 : none;
  const int h_prev = head > 0 && head < c.n ? head - 1 : none;
  const int h_next = head + 1 < c.n ? head + 1 : none;
  const uint64_t dist = DistanceBucket(std::abs(head - dependent));
  f(dir);
  f(dir, w(dependent)); f(dir, p(dependent)); f(dir, w(dependent), p(dependent));
  f(dir, keys[dependent].upos, keys[head].upos);
  f(dir, w(head)); f(dir, p(head)); f(dir, w(head), p(head));
  f(dir, p(dependent), p(head)); f(dir, w(dependent), p(head)); f(dir, p(dependent), w(head));
  f(dir, w(dependent), w(head)); f(dir, p(dependent), p(head), dist);
  f(dir, keys[dependent].suffix); f(dir, keys[dependent].suffix, p(head));
  f(dir, D.left_labels); f(dir, D.right_labels);
  f(dir, p(dependent), D.left_labels); f(dir, p(dependent), D.right_labels);
  f(dir, l(dl)); f(dir, l(dr)); f(dir, p(dependent), p(dl)); f(dir, p(dependent), p(dr));
  f(dir, w(dl)); f(dir, p(dependent), w(dl)); f(dir, w(dependent), w(dl));
  f(dir, p(head), H.left_labels); f(dir, p(head), H.right_labels);
  f(dir, p(dependent), p(head), p(d_prev)); f(dir, p(dependent), p(head), p(d_next));
  f(dir, p(dependent), p(head), p(h_prev)); f(dir, p(dependent), p(head), p(h_next));
  f(dir, p(dependent), D.num_left, D.num_right);
  f(dir, w(head), p(dependent), l(dl));
  return f.count();
}

inline size_t RowOf(uint64_t feature, int bits) {
  return static_cast<size_t>((feature * kMul) >> (64 - bits)) * kRowWidth;
}

inline size_t LabelRowOf(uint64_t feature, int bits) {
  return static_cast<size_t>((feature * kMul) >> (64 - bits)) * kLabelRowWidth;
}

std::vector<WordKeys> KeysOf(const std::vector<ParserWord>& words) {
  std::vector<WordKeys> keys(words.size() + 2);
  for (size_t i = 0; i < words.size(); ++i) {
    const ParserWord& word = words[i];
    keys[i].word = WordKey(word.form);
    keys[i].tag = TagKey(word.xpos.empty() ? word.upos : word.xpos);
    keys[i].upos = TagKey(word.upos);
    keys[i].suffix = SuffixKey(word.form);
    keys[i].shape = ShapeKey(word.form);
    keys[i].upos_id = UposId(word.upos);
  }
  WordKeys& root = keys[words.size()];
  root.word = root.tag = root.upos = root.suffix = root.shape = Mix(0x524f4f54ull, 3);
  WordKeys& none = keys[words.size() + 1];
  none.word = none.tag = none.upos = none.suffix = none.shape = Mix(0x4e4f4e45ull, 4);
  return keys;
}

}  // namespace

// ----------------------------------------------------------------------------------------
// ParserModel: the weights and tables shared by training and parsing.

void ParserModel::ScoreMoves(const uint64_t* features, size_t count, int32_t* scores) const {
  const int16_t* weights = move_weights.data();
  size_t rows[kMaxMoveFeatures];
  for (size_t i = 0; i < count; ++i) {
    rows[i] = RowOf(features[i], move_bits);
    __builtin_prefetch(weights + rows[i]);
  }
  int32_t shift = 0, left = 0, right = 0;
  for (size_t i = 0; i < count; ++i) {
    const int16_t* row = weights + rows[i];
    shift += row[0];
    left += row[1];
    right += row[2];
  }
  scores[kShift] = shift;
  scores[kLeft] = left;
  scores[kRight] = right;
}

int ParserModel::BestLabel(const uint64_t* features, size_t count, const uint16_t* begin,
                           const uint16_t* end) const {
  const int16_t* weights = label_weights.data();
  size_t rows[kMaxLabelFeatures];
  for (size_t i = 0; i < count; ++i) {
    rows[i] = LabelRowOf(features[i], label_bits);
    __builtin_prefetch(weights + rows[i]);
    __builtin_prefetch(weights + rows[i] + kLabelRowWidth / 2);
  }
  int best = *begin;
  int32_t best_score = INT32_MIN;
  for (const uint16_t* label = begin; label < end; ++label) {
    int32_t score = 0;
    for (size_t i = 0; i < count; ++i) score += weights[rows[i] + *label];
    if (score > best_score) {
      best_score = score;
      best = *label;
    }
  }
  return best;
}

std::pair<const uint16_t*, const uint16_t*> ParserModel::Candidates(int dep_upos, int head_upos,
                                                                    bool head_right) const {
  int key = FineKey(dep_upos, head_upos, head_right);
  if (candidate_offsets[key] == candidate_offsets[key + 1]) key = CoarseKey(dep_upos, head_right);
  if (candidate_offsets[key] == candidate_offsets[key + 1]) {
    const uint16_t* all = head_right ? all_left_labels.data() : all_right_labels.data();
    return {all, all + (head_right ? all_left_labels.size() : all_right_labels.size())};
  }
  return {candidate_labels.data() + candidate_offsets[key],
          candidate_labels.data() + candidate_offsets[key + 1]};
}

namespace {

// Picks the best relation for head -> dependent among the candidates.
int PredictLabel(const ParserModel& model, const Configuration& c, const std::vector<WordKeys>& keys,
                 int head, int dependent, uint64_t* features) {
  if (head == c.n) return model.root_label;
  const size_t count = LabelFeatures(c, keys, head, dependent, features);
  auto [begin, end] = model.Candidates(keys[dependent].upos_id, keys[head].upos_id, head > dependent);
  return model.BestLabel(features, count, begin, end);
}

void ParseWithModel(const ParserModel& model, const std::vector<ParserWord>& words, ParserOutput& output) {
  const int n = static_cast<int>(words.size());
  output.heads.assign(words.size(), -1);
  output.labels.assign(words.size(), std::string());
  if (n == 0) return;
  thread_local Configuration c;
  c.Reset(n);
  const std::vector<WordKeys> keys = KeysOf(words);
  uint64_t features[kMaxMoveFeatures];
  uint64_t label_features[kMaxLabelFeatures];
  int32_t scores[kNumMoves];
  while (!c.Terminal()) {
    int best = -1;
    const int valid_moves = int{c.CanShift()} + int{c.CanLeft()} + int{c.CanRight()};
    if (valid_moves == 1) {
      // A forced move (SHIFT onto an empty stack, the final LEFT to ROOT): nothing to score.
      best = c.CanShift() ? kShift : c.CanLeft() ? kLeft : kRight;
    } else {
      const size_t count = MoveFeatures(c, keys, features);
      model.ScoreMoves(features, count, scores);
      for (int m = 0; m < kNumMoves; ++m) {
        if (c.Valid(m) && (best < 0 || scores[m] > scores[best])) best = m;
      }
    }
    int label = -1;
    if (best != kShift) {
      auto [head, dependent] = c.ArcOf(best);
      label = PredictLabel(model, c, keys, head, dependent, label_features);
    }
    c.Apply(best, label);
  }
  for (int i = 0; i < n; ++i) {
    const Node& node = c.nodes[i];
    output.heads[i] = node.head == n ? -1 : node.head;
    output.labels[i] = model.labels[node.label];
  }
}

}  // namespace

// ----------------------------------------------------------------------------------------
// Public API.

void AttachmentScore::Add(const std::vector<ConlluWord>& gold, const ParserOutput& predicted) {
  auto universal = [](const std::string& label) { return label.substr(0, label.find(':')); };
  for (size_t i = 0; i < gold.size() && i < predicted.heads.size(); ++i) {
    ++words;
    if (predicted.heads[i] + 1 != gold[i].head) continue;
    ++correct_heads;
    if (predicted.labels[i] == gold[i].deprel) ++correct_labeled;
    if (universal(predicted.labels[i]) == universal(gold[i].deprel)) ++correct_universal;
  }
  if (predicted.heads.size() < gold.size()) words += gold.size() - predicted.heads.size();
}

std::vector<ParserWord> ParserWordsOf(const ConlluSentence& sentence) {
  std::vector<ParserWord> words;
  words.reserve(sentence.words.size());
  for (const auto& w : sentence.words) words.push_back({w.form, w.upos, w.xpos});
  return words;
}

size_t Projectivize(std::vector<int>& heads) {
  const int n = static_cast<int>(heads.size());
  auto dominates = [&](int ancestor, int node) {
    for (int steps = 0; node >= 0 && steps <= n; ++steps) {
      if (node == ancestor) return true;
      node = heads[node];
    }
    return false;
  };
  size_t lifted = 0;
  for (int round = 0; round < n * n + 1; ++round) {
    int shortest = -1, shortest_span = n + 1;
    for (int d = 0; d < n; ++d) {
      const int h = heads[d];
      if (h < 0) continue;
      const int lo = std::min(h, d), hi = std::max(h, d);
      if (hi - lo >= shortest_span) continue;
      for (int k = lo + 1; k < hi; ++k) {
        if (!dominates(h, k)) {
          shortest = d;
          shortest_span = hi - lo;
          break;
        }
      }
    }
    if (shortest < 0) break;
    heads[shortest] = heads[heads[shortest]];
    ++lifted;
  }
  return lifted;
}

DependencyParser::DependencyParser(std::unique_ptr<ParserModel> model) : model_(std::move(model)) {}
DependencyParser::~DependencyParser() = default;
DependencyParser::DependencyParser(DependencyParser&&) noexcept = default;
DependencyParser& DependencyParser::operator=(DependencyParser&&) noexcept = default;

void DependencyParser::Parse(const std::vector<ParserWord>& words, ParserOutput& output) const {
  ParseWithModel(*model_, words, output);
}

AttachmentScore DependencyParser::Evaluate(const std::vector<ConlluSentence>& sentences) const {
  AttachmentScore score;
  ParserOutput output;
  for (const auto& sentence : sentences) {
    Parse(ParserWordsOf(sentence), output);
    score.Add(sentence.words, output);
  }
  return score;
}

Status DependencyParser::Save(const std::string& path) const {
  const ParserModel& m = *model_;
  BinaryWriter writer;
  writer.PutStrings(m.labels);
  writer.Put<int32_t>(m.root_label);
  writer.Put<int32_t>(m.move_bits);
  writer.Put<int32_t>(m.label_bits);
  writer.PutVector(m.candidate_offsets);
  writer.PutVector(m.candidate_labels);
  writer.PutVector(m.all_left_labels);
  writer.PutVector(m.all_right_labels);
  writer.PutVector(m.move_weights);
  writer.PutVector(m.label_weights);
  return writer.Save(path, kMagic, kVersion);
}

Result<DependencyParser> DependencyParser::Load(const std::string& path) {
  auto file = MappedBinaryFile::Open(path, kMagic, kVersion, "parser model");
  if (!file.ok()) return file.status();
  BinaryReader reader(file.value()->payload());
  auto model = std::make_unique<ParserModel>();
  ParserModel& m = *model;
  m.labels = reader.GetStrings();
  m.root_label = reader.Get<int32_t>();
  m.move_bits = reader.Get<int32_t>();
  m.label_bits = reader.Get<int32_t>();
  m.candidate_offsets = reader.GetVector<uint32_t>();
  m.candidate_labels = reader.GetVector<uint16_t>();
  m.all_left_labels = reader.GetVector<uint16_t>();
  m.all_right_labels = reader.GetVector<uint16_t>();
  m.move_weights = reader.GetVector<int16_t>();
  m.label_weights = reader.GetVector<int16_t>();
  auto corrupt = [&](const std::string& why) {
    return Status::Error(path + " (parser model): corrupt model: " + why +
                         "; rebuild it with scripts/models/parser.sh");
  };
  if (!reader.ok() || !reader.AtEnd()) return corrupt("unexpected payload size");
  const size_t num_labels = m.labels.size();
  if (num_labels == 0 || num_labels > 64) return corrupt("bad relation count");
  if (m.root_label < 0 || static_cast<size_t>(m.root_label) >= num_labels) return corrupt("bad root relation");
  if (m.move_bits < 4 || m.move_bits > 28 || m.label_bits < 4 || m.label_bits > 28) {
    return corrupt("bad table size");
  }
  if (m.move_weights.size() != (size_t{1} << m.move_bits) * kRowWidth ||
      m.label_weights.size() != (size_t{1} << m.label_bits) * kLabelRowWidth) {
    return corrupt("weight table size mismatch");
  }
  if (m.candidate_offsets.size() != static_cast<size_t>(kCandidateKeys) + 1 ||
      m.candidate_offsets.front() != 0 || m.candidate_offsets.back() != m.candidate_labels.size() ||
      !std::is_sorted(m.candidate_offsets.begin(), m.candidate_offsets.end())) {
    return corrupt("bad relation candidate table");
  }
  if (m.all_left_labels.empty() || m.all_right_labels.empty()) return corrupt("empty relation lists");
  for (const auto* list : {&m.candidate_labels, &m.all_left_labels, &m.all_right_labels}) {
    for (uint16_t label : *list) {
      if (label >= num_labels) return corrupt("relation id out of range");
    }
  }
  return DependencyParser(std::move(model));
}

// ----------------------------------------------------------------------------------------
// Training.

namespace {

// A training sentence: parser input plus projectivized gold tree (ROOT head = n).
struct TrainingTree {
  std::vector<ParserWord> words;
  std::vector<int> heads;
  std::vector<int> labels;
};

// Weights with lazily accumulated sums for averaging.
struct AveragedWeights {
  std::vector<float> current;
  std::vector<double> weighted_updates;  // sum of (time * delta)

  explicit AveragedWeights(size_t size) : current(size, 0.0f), weighted_updates(size, 0.0) {}
  void Update(size_t i, float delta, uint64_t time) {
    current[i] += delta;
    weighted_updates[i] += static_cast<double>(time) * delta;
  }
  std::vector<float> Averaged(uint64_t time) const {
    std::vector<float> out(current.size());
    for (size_t i = 0; i < out.size(); ++i) {
      out[i] = static_cast<float>(current[i] - weighted_updates[i] / static_cast<double>(time));
    }
    return out;
  }
};

// Scales weights to 16-bit integers (the largest magnitude maps to 32767). Decisions only
// compare sums within one table, so the scale itself is not needed when parsing.
std::vector<int16_t> Quantize(const std::vector<float>& weights) {
  float largest = 0;
  for (float w : weights) largest = std::max(largest, std::fabs(w));
  const float scale = largest > 0 ? 32767.0f / largest : 0.0f;
  std::vector<int16_t> out(weights.size());
  for (size_t i = 0; i < weights.size(); ++i) out[i] = static_cast<int16_t>(std::lround(weights[i] * scale));
  return out;
}

// SplitMix64: a small deterministic generator.
struct Random {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
};

// Dynamic-oracle cost of each move: gold arcs that become unreachable.
int MoveCost(const Configuration& c, const std::vector<int>& gold, int move) {
  const int b = c.buffer, n = c.n;
  int cost = 0;
  if (move == kShift) {
    for (size_t i = 0; i < c.stack.size(); ++i) {
      const int k = c.stack[i];
      if (gold[k] == b) ++cost;
      if (i + 1 < c.stack.size() && gold[b] == k) ++cost;
    }
    return cost;
  }
  const int s0 = c.stack.back();
  if (move == kLeft) {
    if (c.stack.size() >= 2 && gold[s0] == c.stack[c.stack.size() - 2]) ++cost;
    if (gold[s0] > b) ++cost;
  } else {
    if (gold[s0] >= b) ++cost;
  }
  for (int k = b; k < n; ++k) {
    if (gold[k] == s0) ++cost;
  }
  return cost;
}

class Trainer {
 public:
  Trainer(ParserModel& model, const ParserTrainOptions& options)
      : model_(model),
        options_(options),
        moves_(model.move_weights.size()),
        labels_(model.label_weights.size()),
        random_{options.seed * 0x2545F4914F6CDD1Dull + 1} {}

  void Epoch(const std::vector<TrainingTree>& trees, int epoch) {
    std::vector<size_t> order(trees.size());
    std::iota(order.begin(), order.end(), 0);
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[random_.Next() % i]);
    explore_ = epoch >= options_.explore_from_epoch;
    for (size_t index : order) Sentence(trees[index]);
  }
  // Copies the averaged weights into the model.
  void Average() {
    model_.move_weights = Quantize(moves_.Averaged(time_));
    model_.label_weights = Quantize(labels_.Averaged(time_));
  }
  size_t move_errors() const { return move_errors_; }
  size_t label_errors() const { return label_errors_; }
  void ResetCounts() { move_errors_ = label_errors_ = 0; }

 private:
  void Sentence(const TrainingTree& tree) {
    const int n = static_cast<int>(tree.words.size());
    c_.Reset(n);
    const std::vector<WordKeys> keys = KeysOf(tree.words);
    uint64_t features[kMaxMoveFeatures];
    uint64_t label_features[kMaxLabelFeatures];
    float scores[kNumMoves];
    int costs[kNumMoves];
    while (!c_.Terminal()) {
      ++time_;
      const size_t count = MoveFeatures(c_, keys, features);
      ScoreMovesLive(features, count, scores);  // current, not averaged, weights
      int predicted = -1, min_cost = 1 << 30;
      for (int m = 0; m < kNumMoves; ++m) {
        if (!c_.Valid(m)) continue;
        costs[m] = MoveCost(c_, tree.heads, m);
        min_cost = std::min(min_cost, costs[m]);
        if (predicted < 0 || scores[m] > scores[predicted]) predicted = m;
      }
      int oracle = -1;
      for (int m = 0; m < kNumMoves; ++m) {
        if (c_.Valid(m) && costs[m] == min_cost && (oracle < 0 || scores[m] > scores[oracle])) oracle = m;
      }
      if (costs[predicted] > min_cost) {
        ++move_errors_;
        for (size_t i = 0; i < count; ++i) {
          const size_t row = RowOf(features[i], model_.move_bits);
          moves_.Update(row + oracle, 1.0f, time_);
          moves_.Update(row + predicted, -1.0f, time_);
        }
      }
      const int move = explore_ && random_.Uniform() < options_.explore_probability ? predicted : oracle;
      int label = -1;
      if (move != kShift) label = TrainLabel(tree, keys, move, label_features);
      c_.Apply(move, label);
    }
  }

  void ScoreMovesLive(const uint64_t* features, size_t count, float* scores) const {
    scores[0] = scores[1] = scores[2] = 0;
    const float* weights = moves_.current.data();
    for (size_t i = 0; i < count; ++i) {
      const float* row = weights + RowOf(features[i], model_.move_bits);
      scores[0] += row[0];
      scores[1] += row[1];
      scores[2] += row[2];
    }
  }

  // Predicts the relation of the arc `move` creates, learns from the gold relation when the
  // arc is gold, and returns the relation to follow.
  int TrainLabel(const TrainingTree& tree, const std::vector<WordKeys>& keys, int move,
                 uint64_t* features) {
    auto [head, dependent] = c_.ArcOf(move);
    if (head == c_.n) return model_.root_label;
    const size_t count = LabelFeatures(c_, keys, head, dependent, features);
    auto [begin, end] =
        model_.Candidates(keys[dependent].upos_id, keys[head].upos_id, head > dependent);
    int best = *begin;
    float best_score = -INFINITY;
    const int gold = tree.heads[dependent] == head ? tree.labels[dependent] : -1;
    bool gold_is_candidate = false;
    for (const uint16_t* it = begin; it != end; ++it) {
      float score = 0;
      for (size_t i = 0; i < count; ++i) {
        score += labels_.current[LabelRowOf(features[i], model_.label_bits) + *it];
      }
      if (score > best_score) {
        best_score = score;
        best = *it;
      }
      if (*it == gold) gold_is_candidate = true;
    }
    if (gold < 0) return best;
    if (best != gold && gold_is_candidate) {
      ++label_errors_;
      for (size_t i = 0; i < count; ++i) {
        const size_t row = LabelRowOf(features[i], model_.label_bits);
        labels_.Update(row + gold, 1.0f, time_);
        labels_.Update(row + best, -1.0f, time_);
      }
    }
    return gold;
  }

  ParserModel& model_;
  const ParserTrainOptions& options_;
  AveragedWeights moves_;
  AveragedWeights labels_;
  Random random_;
  Configuration c_;
  uint64_t time_ = 0;
  bool explore_ = false;
  size_t move_errors_ = 0;
  size_t label_errors_ = 0;
};

// Checks a gold tree: heads in range, exactly one root, no cycles.
bool IsTree(const std::vector<int>& heads) {
  const int n = static_cast<int>(heads.size());
  int roots = 0;
  for (int h : heads) {
    if (h < -1 || h >= n) return false;
    if (h == -1) ++roots;
  }
  if (roots != 1) return false;
  for (int i = 0; i < n; ++i) {
    int node = i;
    for (int steps = 0; node >= 0; ++steps) {
      if (steps > n) return false;
      node = heads[node];
    }
  }
  return true;
}

}  // namespace

Result<DependencyParser> DependencyParser::Train(const std::vector<ConlluSentence>& train,
                                                 const std::vector<ConlluSentence>& dev,
                                                 const ParserTrainOptions& options) {
  auto log = [&](const std::string& line) {
    if (options.log) options.log(line);
  };
  if (options.move_table_bits < 4 || options.move_table_bits > 28 || options.label_table_bits < 4 ||
      options.label_table_bits > 28) {
    return Status::Error("table sizes must be between 2^4 and 2^28");
  }
  if (options.epochs < 1) return Status::Error("need at least one epoch");
  // Relations, sorted for a deterministic numbering.
  std::vector<std::string> label_names;
  for (const auto& sentence : train) {
    for (const auto& word : sentence.words) label_names.push_back(word.deprel);
  }
  std::sort(label_names.begin(), label_names.end());
  label_names.erase(std::unique(label_names.begin(), label_names.end()), label_names.end());
  if (label_names.size() > 64) return Status::Error("more than 64 distinct relations in training data");
  auto root_it = std::find(label_names.begin(), label_names.end(), "root");
  if (root_it == label_names.end()) return Status::Error("training data has no 'root' relation");

  auto model = std::make_unique<ParserModel>();
  ParserModel& m = *model;
  m.labels = label_names;
  m.root_label = static_cast<int>(root_it - label_names.begin());
  m.move_bits = options.move_table_bits;
  m.label_bits = options.label_table_bits;
  m.move_weights.assign((size_t{1} << m.move_bits) * kRowWidth, 0);
  m.label_weights.assign((size_t{1} << m.label_bits) * kLabelRowWidth, 0);

  // Gold trees (projectivized) and relation candidates.
  std::vector<TrainingTree> trees;
  size_t skipped = 0, nonprojective = 0, lifted = 0;
  std::vector<std::vector<bool>> seen(kCandidateKeys, std::vector<bool>(label_names.size(), false));
  std::vector<bool> seen_left(label_names.size(), false), seen_right(label_names.size(), false);
  for (const auto& sentence : train) {
    TrainingTree tree;
    tree.words = ParserWordsOf(sentence);
    const int n = static_cast<int>(sentence.words.size());
    for (const auto& word : sentence.words) {
      tree.heads.push_back(word.head - 1);
      tree.labels.push_back(static_cast<int>(
          std::lower_bound(label_names.begin(), label_names.end(), word.deprel) - label_names.begin()));
    }
    bool root_relations_ok = true;
    for (int i = 0; i < n; ++i) {
      if ((tree.heads[i] == -1) != (tree.labels[i] == m.root_label)) root_relations_ok = false;
    }
    if (n == 0 || !IsTree(tree.heads) || !root_relations_ok) {
      ++skipped;
      continue;
    }
    const size_t lifts = Projectivize(tree.heads);
    if (lifts > 0) {
      ++nonprojective;
      lifted += lifts;
    }
    for (int i = 0; i < n; ++i) {
      int& head = tree.heads[i];
      if (head == -1) {
        head = n;
        continue;
      }
      const int dep_upos = UposId(tree.words[i].upos), head_upos = UposId(tree.words[head].upos);
      const bool head_right = head > i;
      seen[FineKey(dep_upos, head_upos, head_right)][tree.labels[i]] = true;
      seen[CoarseKey(dep_upos, head_right)][tree.labels[i]] = true;
      (head_right ? seen_left : seen_right)[tree.labels[i]] = true;
    }
    trees.push_back(std::move(tree));
  }
  if (trees.empty()) return Status::Error("no usable training sentences");
  m.candidate_offsets.push_back(0);
  for (int key = 0; key < kCandidateKeys; ++key) {
    for (size_t label = 0; label < label_names.size(); ++label) {
      if (seen[key][label]) m.candidate_labels.push_back(static_cast<uint16_t>(label));
    }
    m.candidate_offsets.push_back(static_cast<uint32_t>(m.candidate_labels.size()));
  }
  for (size_t label = 0; label < label_names.size(); ++label) {
    if (static_cast<int>(label) == m.root_label) continue;
    if (seen_left[label]) m.all_left_labels.push_back(static_cast<uint16_t>(label));
    if (seen_right[label]) m.all_right_labels.push_back(static_cast<uint16_t>(label));
  }
  if (m.all_left_labels.empty()) m.all_left_labels = m.all_right_labels;
  if (m.all_right_labels.empty()) m.all_right_labels = m.all_left_labels;
  if (m.all_left_labels.empty()) return Status::Error("training data has no dependency besides roots");
  log("training sentences: " + std::to_string(trees.size()) + " (skipped " + std::to_string(skipped) +
      " malformed; " + std::to_string(nonprojective) + " non-projective, " + std::to_string(lifted) +
      " arcs lifted); relations: " + std::to_string(label_names.size()));

  Trainer trainer(m, options);
  std::vector<int16_t> best_moves, best_labels;
  double best_las = -1;
  int best_epoch = 0;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    trainer.ResetCounts();
    trainer.Epoch(trees, epoch);
    trainer.Average();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char line[256];
    if (dev.empty()) {
      std::snprintf(line, sizeof line, "epoch %d: %zu move errors, %zu relation errors, %.1f s", epoch + 1,
                    trainer.move_errors(), trainer.label_errors(), seconds);
      log(line);
      continue;
    }
    DependencyParser current(std::make_unique<ParserModel>(m));
    const AttachmentScore score = current.Evaluate(dev);
    std::snprintf(line, sizeof line,
                  "epoch %d: %zu move errors, %zu relation errors, dev UAS %.2f LAS %.2f, %.1f s", epoch + 1,
                  trainer.move_errors(), trainer.label_errors(), score.Uas(), score.Las(), seconds);
    log(line);
    if (score.Las() > best_las) {
      best_las = score.Las();
      best_epoch = epoch + 1;
      best_moves = m.move_weights;
      best_labels = m.label_weights;
    }
  }
  if (!dev.empty()) {
    m.move_weights = std::move(best_moves);
    m.label_weights = std::move(best_labels);
    char line[128];
    std::snprintf(line, sizeof line, "kept epoch %d (dev LAS %.2f)", best_epoch, best_las);
    log(line);
  }
  return DependencyParser(std::move(model));
}

}  // namespace dyad
