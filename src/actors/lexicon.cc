// Compiled dictionaries: vocabulary hash table, phrase lexicon, actor data file.
#include <algorithm>

#include "dyad/dictionaries.h"

namespace dyad {
namespace {

constexpr std::string_view kActorMagic = "DYADACTR";
constexpr uint32_t kActorVersion = 1;

uint64_t HashWord(std::string_view word) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : word) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h ^ (h >> 29);
}

}  // namespace

void Vocabulary::Rehash(size_t capacity) {
  slots_.assign(capacity, 0);
  const size_t mask = capacity - 1;
  for (uint32_t id = 0; id < size(); ++id) {
    size_t slot = HashWord(Word(id)) & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = id + 1;
  }
}

uint64_t Vocabulary::Hash(std::string_view word) { return HashWord(word); }

int32_t Vocabulary::Find(std::string_view word, uint64_t hash) const {
  if (slots_.empty()) return -1;
  const size_t mask = slots_.size() - 1;
  size_t slot = hash & mask;
  while (slots_[slot] != 0) {
    const uint32_t id = slots_[slot] - 1;
    if (Word(id) == word) return static_cast<int32_t>(id);
    slot = (slot + 1) & mask;
  }
  return -1;
}

uint32_t Vocabulary::Add(std::string_view word) {
  const int32_t found = Find(word);
  if (found >= 0) return static_cast<uint32_t>(found);
  chars_.append(word);
  offsets_.push_back(static_cast<uint32_t>(chars_.size()));
  const uint32_t id = size() - 1;
  if (slots_.empty() || (size() * 2) > slots_.size()) {
    Rehash(std::max<size_t>(64, slots_.size() * 2));
  } else {
    const size_t mask = slots_.size() - 1;
    size_t slot = HashWord(word) & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = id + 1;
  }
  return id;
}

void Vocabulary::Save(BinaryWriter& writer) const {
  writer.PutString(chars_);
  writer.PutVector(offsets_);
  writer.PutVector(slots_);
}

bool Vocabulary::Load(BinaryReader& reader) {
  chars_ = reader.GetString();
  offsets_ = reader.GetVector<uint32_t>();
  slots_ = reader.GetVector<uint32_t>();
  if (!reader.ok() || offsets_.empty() || offsets_.back() != chars_.size()) return false;
  if (!slots_.empty() && (slots_.size() & (slots_.size() - 1)) != 0) return false;
  for (size_t i = 1; i < offsets_.size(); ++i) {
    if (offsets_[i] < offsets_[i - 1]) return false;
  }
  for (uint32_t slot : slots_) {
    if (slot > size()) return false;
  }
  return true;
}

void PhraseLexicon::Add(const Phrase& phrase, const std::vector<DatedCode>& codes, uint16_t flags,
                        const SourceLine& source) {
  if (phrase.words.empty()) return;
  PhraseRecord record;
  record.word_begin = static_cast<uint32_t>(words_.size());
  record.word_count = static_cast<uint16_t>(std::min<size_t>(phrase.words.size(), 0xFFFF));
  for (size_t i = 0; i < record.word_count; ++i) words_.push_back(vocabulary_.Add(phrase.words[i]));
  if (phrase.stem_last && phrase.words.back().size() >= kMinStemLength) record.flags |= kStemLast;
  record.flags |= flags;
  record.code_begin = static_cast<uint32_t>(codes_.size());
  record.code_count = static_cast<uint32_t>(codes.size());
  for (const auto& code : codes) codes_.push_back({code_names_.Add(code.code), code.from, code.to});
  auto file = std::find(files_.begin(), files_.end(), source.file);
  record.file = static_cast<uint32_t>(file - files_.begin());
  if (file == files_.end()) files_.push_back(source.file);
  record.line = source.line;
  phrases_.push_back(record);
}

void PhraseLexicon::Finish() {
  const uint32_t n = vocabulary_.size();
  single_offsets_.assign(n + 1, 0);
  stem_key_.assign(n, 0);
  stem_lengths_ = 0;
  std::vector<std::pair<uint64_t, uint32_t>> pairs;
  for (const auto& p : phrases_) {
    if (p.word_count == 1) ++single_offsets_[words_[p.word_begin] + 1];
  }
  for (uint32_t i = 0; i < n; ++i) single_offsets_[i + 1] += single_offsets_[i];
  single_ids_.assign(single_offsets_.back(), 0);
  std::vector<uint32_t> fill(single_offsets_.begin(), single_offsets_.end() - 1);
  for (uint32_t id = 0; id < phrases_.size(); ++id) {
    const auto& p = phrases_[id];
    const uint32_t first = words_[p.word_begin];
    if (p.word_count >= 2) {
      pairs.emplace_back((uint64_t{first} << 32) | words_[p.word_begin + 1], id);
      continue;
    }
    single_ids_[fill[first]++] = id;
    if (p.flags & kStemLast) {
      stem_key_[first] = 1;
      const size_t length = vocabulary_.Word(first).size();
      if (length < 64) stem_lengths_ |= uint64_t{1} << length;
    }
  }
  // Longest phrases first; among equals, the earlier entry first.
  std::stable_sort(pairs.begin(), pairs.end(), [this](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return phrases_[a.second].word_count > phrases_[b.second].word_count;
  });
  pair_keys_.clear();
  pair_ids_.clear();
  for (const auto& [key, id] : pairs) {
    pair_keys_.push_back(key);
    pair_ids_.push_back(id);
  }
}

void PhraseLexicon::Save(BinaryWriter& writer) const {
  vocabulary_.Save(writer);
  code_names_.Save(writer);
  writer.PutVector(phrases_);
  writer.PutVector(words_);
  writer.PutVector(codes_);
  writer.PutStrings(files_);
  writer.PutVector(single_offsets_);
  writer.PutVector(single_ids_);
  writer.PutVector(pair_keys_);
  writer.PutVector(pair_ids_);
  writer.PutVector(stem_key_);
  writer.Put<uint64_t>(stem_lengths_);
}

bool PhraseLexicon::Load(BinaryReader& reader) {
  if (!vocabulary_.Load(reader) || !code_names_.Load(reader)) return false;
  phrases_ = reader.GetVector<PhraseRecord>();
  words_ = reader.GetVector<uint32_t>();
  codes_ = reader.GetVector<CodeRecord>();
  files_ = reader.GetStrings();
  single_offsets_ = reader.GetVector<uint32_t>();
  single_ids_ = reader.GetVector<uint32_t>();
  pair_keys_ = reader.GetVector<uint64_t>();
  pair_ids_ = reader.GetVector<uint32_t>();
  stem_key_ = reader.GetVector<uint8_t>();
  stem_lengths_ = reader.Get<uint64_t>();
  if (!reader.ok()) return false;
  // Validate every index so that a corrupt file cannot cause out-of-bounds reads.
  const uint32_t n = vocabulary_.size();
  if (single_offsets_.size() != n + 1 || stem_key_.size() != n || pair_keys_.size() != pair_ids_.size()) return false;
  if (single_offsets_.back() != single_ids_.size()) return false;
  for (size_t i = 1; i < single_offsets_.size(); ++i) {
    if (single_offsets_[i] < single_offsets_[i - 1]) return false;
  }
  for (size_t i = 1; i < pair_keys_.size(); ++i) {
    if (pair_keys_[i] < pair_keys_[i - 1]) return false;
  }
  for (uint32_t id : single_ids_) {
    if (id >= phrases_.size()) return false;
  }
  for (uint32_t id : pair_ids_) {
    if (id >= phrases_.size()) return false;
  }
  for (uint32_t w : words_) {
    if (w >= n) return false;
  }
  for (const auto& c : codes_) {
    if (c.code >= code_names_.size()) return false;
  }
  for (const auto& p : phrases_) {
    if (p.word_count == 0 || uint64_t{p.word_begin} + p.word_count > words_.size() ||
        uint64_t{p.code_begin} + p.code_count > codes_.size() || p.file >= files_.size()) {
      return false;
    }
  }
  return true;
}

std::string PhraseLexicon::Evidence(const PhraseRecord& p) const {
  std::string out = files_[p.file] + ":" + std::to_string(p.line) + " ";
  for (uint32_t i = 0; i < p.word_count; ++i) {
    if (i > 0) out += '_';
    out += vocabulary_.Word(word(p, i));
  }
  return out;
}

ActorData BuildActorData(const std::vector<ActorEntry>& actors, const std::vector<AgentEntry>& agents,
                         std::map<std::string, std::string> countries) {
  ActorData data;
  data.countries = std::move(countries);
  for (const auto& entry : actors) data.actors.Add(entry.phrase, entry.codes, 0, entry.source);
  data.actors.Finish();
  for (const auto& entry : agents) {
    data.agents.Add(entry.phrase, {DatedCode{entry.code, 0, 0}}, 0, entry.source);
  }
  data.agents.Finish();
  return data;
}

Status SaveActorData(const ActorData& data, const std::string& path) {
  BinaryWriter writer;
  data.actors.Save(writer);
  data.agents.Save(writer);
  std::vector<std::string> pairs;
  for (const auto& [code, iso] : data.countries) {
    pairs.push_back(code);
    pairs.push_back(iso);
  }
  writer.PutStrings(pairs);
  return writer.Save(path, kActorMagic, kActorVersion);
}

Result<std::shared_ptr<const ActorData>> LoadActorData(const std::string& path) {
  auto file = MappedBinaryFile::Open(path, kActorMagic, kActorVersion, "actor dictionary");
  if (!file.ok()) return file.status();
  BinaryReader reader(file.value()->payload());
  auto data = std::make_shared<ActorData>();
  bool ok = data->actors.Load(reader) && data->agents.Load(reader);
  const std::vector<std::string> pairs = reader.GetStrings();
  for (size_t i = 0; ok && i + 1 < pairs.size(); i += 2) data->countries[pairs[i]] = pairs[i + 1];
  if (!ok || !reader.ok() || pairs.size() % 2 != 0 || !reader.AtEnd()) {
    return Status::Error(path + ": malformed actor dictionary (rebuild with scripts/data/dictionaries.sh)");
  }
  return std::shared_ptr<const ActorData>(std::move(data));
}

}  // namespace dyad
