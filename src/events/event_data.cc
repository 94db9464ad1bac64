// Compiled event data file: verb dictionary, discards and the CAMEO table.
#include "dyad/dictionaries.h"

namespace dyad {
namespace {

constexpr std::string_view kEventMagic = "DYADEVNT";
constexpr uint32_t kEventVersion = 1;

// Strings are interned in one table so that repeated words and file names are stored once.
class StringPool {
 public:
  uint32_t Id(std::string_view s) { return vocabulary_.Add(s); }
  const Vocabulary& vocabulary() const { return vocabulary_; }

 private:
  Vocabulary vocabulary_;
};

void PutSource(BinaryWriter& w, StringPool& pool, const SourceLine& source) {
  w.Put<uint32_t>(pool.Id(source.file));
  w.Put<uint32_t>(source.line);
}

void PutWords(BinaryWriter& w, StringPool& pool, const std::vector<std::string>& words) {
  w.Put<uint32_t>(static_cast<uint32_t>(words.size()));
  for (const auto& word : words) w.Put<uint32_t>(pool.Id(word));
}

void PutElements(BinaryWriter& w, StringPool& pool, const std::vector<PatternElement>& elements) {
  w.Put<uint32_t>(static_cast<uint32_t>(elements.size()));
  for (const auto& e : elements) {
    w.Put<uint8_t>(static_cast<uint8_t>(e.kind));
    w.Put<uint8_t>(static_cast<uint8_t>((e.exact ? 1 : 0) | (e.joined ? 2 : 0)));
    w.Put<uint32_t>(pool.Id(e.text));
  }
}

// Reads back what the Put* functions wrote; every id is checked against the pool.
class EventReader {
 public:
  EventReader(BinaryReader& reader, const Vocabulary& pool, size_t body_size)
      : r_(reader), pool_(pool), max_count_(body_size / 4) {}
  bool ok() const { return ok_ && r_.ok(); }
  uint32_t Count() {
    const uint32_t n = r_.Get<uint32_t>();
    if (n > max_count_) ok_ = false;
    return ok_ ? n : 0;
  }
  std::string String() {
    const uint32_t id = r_.Get<uint32_t>();
    if (id >= pool_.size()) {
      ok_ = false;
      return {};
    }
    return std::string(pool_.Word(id));
  }
  SourceLine Source() {
    SourceLine s;
    s.file = String();
    s.line = r_.Get<uint32_t>();
    return s;
  }
  std::vector<std::string> Words() {
    std::vector<std::string> words(Count());
    for (auto& word : words) word = String();
    return words;
  }
  std::vector<PatternElement> Elements() {
    std::vector<PatternElement> elements(Count());
    for (auto& e : elements) {
      const uint8_t kind = r_.Get<uint8_t>();
      if (kind > static_cast<uint8_t>(PatternElementKind::kSkip)) ok_ = false;
      e.kind = static_cast<PatternElementKind>(kind);
      const uint8_t flags = r_.Get<uint8_t>();
      e.exact = flags & 1;
      e.joined = flags & 2;
      e.text = String();
    }
    return elements;
  }
  BinaryReader& raw() { return r_; }

 private:
  BinaryReader& r_;
  const Vocabulary& pool_;
  size_t max_count_;
  bool ok_ = true;
};

}  // namespace

EventData BuildEventData(VerbDictionary verbs, const std::vector<DiscardEntry>& discards,
                         std::map<std::string, CameoInfo> cameo) {
  EventData data;
  data.verbs = std::move(verbs);
  for (const auto& entry : discards) {
    data.discards.Add(entry.phrase, {}, entry.story ? PhraseLexicon::kStory : 0, entry.source);
  }
  data.discards.Finish();
  data.cameo = std::move(cameo);
  return data;
}

Status SaveEventData(const EventData& data, const std::string& path) {
  StringPool pool;
  BinaryWriter body;
  body.Put<uint32_t>(static_cast<uint32_t>(data.verbs.synsets.size()));
  for (const auto& [name, phrases] : data.verbs.synsets) {
    body.Put<uint32_t>(pool.Id(name));
    body.Put<uint32_t>(static_cast<uint32_t>(phrases.size()));
    for (const auto& phrase : phrases) PutWords(body, pool, phrase);
  }
  body.Put<uint32_t>(static_cast<uint32_t>(data.verbs.blocks.size()));
  for (const auto& block : data.verbs.blocks) {
    body.Put<uint32_t>(pool.Id(block.name));
    body.Put<uint32_t>(pool.Id(block.code));
    body.Put<uint32_t>(pool.Id(block.reciprocal));
    PutSource(body, pool, block.source);
    body.Put<uint32_t>(static_cast<uint32_t>(block.verbs.size()));
    for (const auto& verb : block.verbs) {
      body.Put<uint32_t>(pool.Id(verb.lemma));
      body.Put<uint32_t>(pool.Id(verb.code));
      body.Put<uint32_t>(pool.Id(verb.reciprocal));
      PutSource(body, pool, verb.source);
      body.Put<uint32_t>(static_cast<uint32_t>(verb.forms.size()));
      for (size_t i = 0; i < verb.forms.size(); ++i) {
        PutWords(body, pool, verb.forms[i]);
        body.Put<uint32_t>(verb.verb_word[i]);
      }
    }
    body.Put<uint32_t>(static_cast<uint32_t>(block.patterns.size()));
    for (const auto& pattern : block.patterns) {
      PutElements(body, pool, pattern.before);
      PutElements(body, pool, pattern.after);
      body.Put<uint8_t>(pattern.verb_joined ? 1 : 0);
      body.Put<uint32_t>(pool.Id(pattern.code));
      body.Put<uint32_t>(pool.Id(pattern.reciprocal));
      PutSource(body, pool, pattern.source);
      body.Put<uint32_t>(pool.Id(pattern.text));
    }
  }
  body.Put<uint32_t>(static_cast<uint32_t>(data.cameo.size()));
  for (const auto& [code, info] : data.cameo) {
    body.Put<uint32_t>(pool.Id(code));
    body.Put<uint32_t>(pool.Id(info.plover));
    body.Put<uint32_t>(pool.Id(info.mode));
    PutWords(body, pool, info.context);
    body.Put<int32_t>(info.quad_class);
    body.Put<double>(info.goldstein);
  }
  BinaryWriter writer;
  pool.vocabulary().Save(writer);
  data.discards.Save(writer);
  writer.PutString(body.payload());
  return writer.Save(path, kEventMagic, kEventVersion);
}

Result<std::shared_ptr<const EventData>> LoadEventData(const std::string& path) {
  auto file = MappedBinaryFile::Open(path, kEventMagic, kEventVersion, "event dictionary");
  if (!file.ok()) return file.status();
  const Status malformed =
      Status::Error(path + ": malformed event dictionary (rebuild with scripts/data/dictionaries.sh)");
  BinaryReader outer(file.value()->payload());
  Vocabulary pool;
  auto data = std::make_shared<EventData>();
  if (!pool.Load(outer) || !data->discards.Load(outer)) return malformed;
  const std::string_view body_bytes = outer.GetStringView();
  if (!outer.ok() || !outer.AtEnd()) return malformed;
  BinaryReader body(body_bytes);
  EventReader r(body, pool, body_bytes.size());
  const uint32_t synsets = r.Count();
  for (uint32_t i = 0; i < synsets && r.ok(); ++i) {
    const std::string name = r.String();
    auto& phrases = data->verbs.synsets[name];
    phrases.resize(r.Count());
    for (auto& phrase : phrases) phrase = r.Words();
  }
  data->verbs.blocks.resize(r.Count());
  for (auto& block : data->verbs.blocks) {
    if (!r.ok()) break;
    block.name = r.String();
    block.code = r.String();
    block.reciprocal = r.String();
    block.source = r.Source();
    block.verbs.resize(r.Count());
    for (auto& verb : block.verbs) {
      if (!r.ok()) break;
      verb.lemma = r.String();
      verb.code = r.String();
      verb.reciprocal = r.String();
      verb.source = r.Source();
      const uint32_t forms = r.Count();
      for (uint32_t f = 0; f < forms && r.ok(); ++f) {
        verb.forms.push_back(r.Words());
        const uint32_t index = body.Get<uint32_t>();
        if (index >= verb.forms.back().size()) return malformed;
        verb.verb_word.push_back(index);
      }
    }
    block.patterns.resize(r.Count());
    for (auto& pattern : block.patterns) {
      if (!r.ok()) break;
      pattern.before = r.Elements();
      pattern.after = r.Elements();
      pattern.verb_joined = body.Get<uint8_t>() != 0;
      pattern.code = r.String();
      pattern.reciprocal = r.String();
      pattern.source = r.Source();
      pattern.text = r.String();
    }
  }
  const uint32_t codes = r.Count();
  for (uint32_t i = 0; i < codes && r.ok(); ++i) {
    CameoInfo& info = data->cameo[r.String()];
    info.plover = r.String();
    info.mode = r.String();
    info.context = r.Words();
    info.quad_class = body.Get<int32_t>();
    info.goldstein = body.Get<double>();
  }
  if (!r.ok() || !body.AtEnd()) return malformed;
  return std::shared_ptr<const EventData>(std::move(data));
}

}  // namespace dyad
