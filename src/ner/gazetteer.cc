// The NER gazetteer: name lists compiled into hashed phrase and word tables.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>

#include "dyad/ner.h"
#include "ner/hashing.h"

namespace dyad {
namespace {

constexpr uint8_t kPrefixBit = 0x80;  // phrase table: the key is a proper prefix of a name
constexpr uint64_t kPhraseSeed = 0x5bd1e995a1b2c3d4ULL;
constexpr uint64_t kWordSeed = 0x27d4eb2f165667c5ULL;

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// Splits a dictionary name into tokens the way dyad's tokenizer would split the text.
std::vector<std::string> NameTokens(std::string_view name) {
  std::string text;
  int depth = 0;
  for (char c : name) {
    if (c == '(') ++depth;
    else if (c == ')') depth = std::max(0, depth - 1);
    else if (depth == 0) text.push_back(c == '_' ? ' ' : c);
  }
  std::vector<std::string> tokens;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    std::string piece = text.substr(i, j - i);
    i = j;
    while (!piece.empty() && (piece.back() == ',' || piece.back() == '"')) piece.pop_back();
    while (!piece.empty() && piece.front() == '"') piece.erase(0, 1);
    std::string possessive;
    if (piece.size() > 2 && (piece.ends_with("'s") || piece.ends_with("'S"))) {
      possessive = piece.substr(piece.size() - 2);
      piece.resize(piece.size() - 2);
    }
    size_t start = 0;
    for (size_t k = 0; k <= piece.size(); ++k) {
      if (k == piece.size() || piece[k] == '-') {
        if (k > start) tokens.push_back(piece.substr(start, k - start));
        if (k < piece.size()) tokens.emplace_back("-");
        start = k + 1;
      }
    }
    if (!possessive.empty()) tokens.push_back(possessive);
  }
  return tokens;
}

// Open-addressing table of hashed keys → 8 flag bits.
class HashedBits {
 public:
  static std::vector<uint64_t> Build(const std::unordered_map<uint64_t, uint8_t>& entries) {
    size_t size = 16;
    while (size < entries.size() * 2) size <<= 1;
    std::vector<uint64_t> table(size, 0);
    std::vector<std::pair<uint64_t, uint8_t>> sorted(entries.begin(), entries.end());
    std::sort(sorted.begin(), sorted.end());  // deterministic layout
    for (const auto& [hash, bits] : sorted) {
      size_t slot = Slot(hash, size);
      while (table[slot] != 0) slot = (slot + 1) & (size - 1);
      table[slot] = (Fingerprint(hash) << 8) | bits;
    }
    return table;
  }
  static uint8_t Find(const std::vector<uint64_t>& table, uint64_t hash) {
    if (table.empty()) return 0;
    const size_t size = table.size();
    const uint64_t fp = Fingerprint(hash);
    size_t slot = Slot(hash, size);
    for (size_t probes = 0; probes < size; ++probes, slot = (slot + 1) & (size - 1)) {
      const uint64_t entry = table[slot];
      if (entry == 0) return 0;
      if ((entry >> 8) == fp) return static_cast<uint8_t>(entry & 0xFF);
    }
    return 0;  // a full table (only from a damaged file)
  }

 private:
  static size_t Slot(uint64_t hash, size_t size) { return ner::Mix(hash ^ 0x9E3779B97F4A7C15ULL) & (size - 1); }
  static uint64_t Fingerprint(uint64_t hash) { return (hash >> 8) | 1; }
};

// Leading words of actor-dictionary entries that are titles rather than part of a name.
const std::set<std::string>& TitleWords() {
  static const std::set<std::string> kTitles = {
      "PRESIDENT", "VICE",     "PRIME",    "MINISTER", "SECRETARY", "SECRETARY-GENERAL", "ACTING",
      "GENERAL",   "GEN.",     "KING",     "QUEEN",    "PRINCE",    "PRINCESS",          "SHEIKH",
      "SHEIK",     "EMIR",     "CHAIRMAN", "FOREIGN",  "DEFENSE",   "DEFENCE",           "FORMER",
      "DR.",       "MR.",      "MRS.",     "MS.",      "AYATOLLAH", "COLONEL",           "COL.",
      "LT.",       "MAJOR",    "CAPTAIN",  "ADMIRAL",  "MARSHAL",   "SENATOR",           "SEN.",
      "REP.",      "GOVERNOR", "GOV.",     "MAYOR",    "JUDGE",     "CHIEF",             "AMBASSADOR",
      "ENVOY",     "UN",       "U.N.",     "UNITED",   "SPEAKER",   "DEPUTY",            "INTERIOR",
      "FINANCE",   "JUSTICE",  "PREMIER",  "CHANCELLOR", "POPE",    "CARDINAL",          "BISHOP"};
  return kTitles;
}

// Words that mark an actor-dictionary entry as an organisation or institution.
const std::set<std::string>& OrgWords() {
  static const std::set<std::string> kOrg = {
      "ARMY",       "FORCES",      "FORCE",       "PARTY",      "FRONT",        "COUNCIL",   "COMMITTEE",
      "MINISTRY",   "BRIGADE",     "BRIGADES",    "BATTALION",  "ORGANIZATION", "ORGANISATION",
      "ASSOCIATION", "UNION",      "MOVEMENT",    "ALLIANCE",   "LEAGUE",       "AGENCY",    "BANK",
      "FUND",       "COURT",       "PARLIAMENT",  "ASSEMBLY",   "CONGRESS",     "SENATE",    "GOVERNMENT",
      "POLICE",     "GUARD",       "GUARDS",      "CORPS",      "NAVY",         "INSTITUTE", "UNIVERSITY",
      "COMMISSION", "NATIONS",     "COMPANY",     "CORPORATION", "GROUP",       "SOCIETY",   "FEDERATION",
      "CONFEDERATION", "BUREAU",   "DEPARTMENT",  "OFFICE",     "SERVICE",      "SERVICES",  "MILITIA",
      "JIHAD",      "HEZBOLLAH",   "HAMAS",       "TALIBAN",    "QAEDA",        "CABINET",   "TRIBUNAL",
      "AUTHORITY",  "COALITION",   "ORGANIZATIONS", "CENTER",   "CENTRE",       "FOUNDATION", "BOARD",
      "PROGRAMME",  "PROGRAM",     "INC.",        "LTD",        "LTD.",         "CO.",       "AIRLINES",
      "MISSION",    "CONFERENCE",  "COMMAND",     "REGIMENT",   "DIVISION",     "NETWORK",   "CHURCH"};
  return kOrg;
}

struct PhoenixBlock {
  std::vector<std::string> names;
  std::vector<std::string> codes;
  bool person_hint = false;  // dated role codes or a "rulers"/CountryInfo comment
};

bool IsCountryCode(const std::string& code) {
  return code.size() == 3 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Classifies one Phoenix actor block's names and adds them.
void AddPhoenixBlock(const PhoenixBlock& block, bool all_orgs, NerGazetteer* gazetteer) {
  const bool country_block = !block.codes.empty() && IsCountryCode(block.codes.front());
  // International organisations, NGOs, companies and media outlets.
  const bool institution = !block.codes.empty() &&
                           (block.codes.front().starts_with("IGO") || block.codes.front().starts_with("NGO") ||
                            block.codes.front().starts_with("MNC") || block.codes.front().ends_with("MED"));
  for (const std::string& raw : block.names) {
    std::vector<std::string> tokens = NameTokens(raw);
    if (tokens.empty()) continue;
    if (all_orgs) {
      gazetteer->AddName(raw, kNerOrg);
      continue;
    }
    const bool org = std::any_of(tokens.begin(), tokens.end(),
                                 [](const std::string& t) { return OrgWords().count(Upper(t)) > 0; });
    if (org) {
      gazetteer->AddName(raw, kNerOrg);
      continue;
    }
    if (country_block) {
      // Country synonyms: single words are mostly adjectives ("AFGHAN_"), so keep only
      // multiword names and abbreviations ("U.S."); GeoNames supplies the plain names.
      if (tokens.size() >= 2 || raw.find('.') != std::string::npos) gazetteer->AddName(raw, kNerLoc);
      continue;
    }
    if (block.person_hint) {
      size_t first = 0;
      while (first < tokens.size() && TitleWords().count(Upper(tokens[first])) > 0) ++first;
      const size_t words = tokens.size() - first;
      const bool has_digit = std::any_of(raw.begin(), raw.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
      if (words >= 1 && words <= 4 && !has_digit) {
        std::string name;
        for (size_t k = first; k < tokens.size(); ++k) name += (k > first ? " " : "") + tokens[k];
        gazetteer->AddName(name, kNerPer);
      }
      continue;
    }
    if (institution) gazetteer->AddName(raw, kNerOrg);
  }
}

Status AddPhoenix(const std::string& path, bool all_orgs, NerGazetteer* gazetteer) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open");
  PhoenixBlock block;
  auto flush = [&] {
    if (!block.names.empty()) AddPhoenixBlock(block, all_orgs, gazetteer);
    block = PhoenixBlock();
  };
  std::string line;
  while (std::getline(in, line)) {
    std::string comment;
    if (size_t hash = line.find('#'); hash != std::string::npos) {
      comment = line.substr(hash);
      line.resize(hash);
    }
    const bool indented = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    std::string text = Trim(line);
    if (text.empty()) {
      if (!indented && comment.empty()) flush();
      continue;
    }
    // A name line that is not a '+' synonym or an indented code line starts a new block.
    if (text[0] != '+' && text[0] != '[' && !indented) flush();
    // Codes in brackets: "[AFGGOV 791227-861124]".
    std::string names_part = text;
    if (size_t bracket = text.find('['); bracket != std::string::npos) {
      names_part = Trim(text.substr(0, bracket));
      size_t pos = bracket;
      while (pos != std::string::npos && pos < text.size()) {
        size_t close = text.find(']', pos);
        if (close == std::string::npos) break;
        std::string inside = Trim(text.substr(pos + 1, close - pos - 1));
        std::string code = inside.substr(0, inside.find(' '));
        if (inside.find_first_of("0123456789") != std::string::npos) block.person_hint = true;
        if (code == "ELI") block.person_hint = true;
        if (!code.empty()) block.codes.push_back(code);
        pos = text.find('[', close);
      }
    }
    if (comment.find("CountryInfo") != std::string::npos || comment.find("rulers") != std::string::npos) {
      block.person_hint = true;
    }
    if (names_part.empty()) continue;
    // A line may hold several synonyms joined by '+'.
    size_t start = 0;
    while (start <= names_part.size()) {
      size_t plus = names_part.find('+', start);
      if (plus == std::string::npos) plus = names_part.size();
      std::string name = Trim(names_part.substr(start, plus - start));
      name = name.substr(0, name.find(' '));
      if (!name.empty()) block.names.push_back(name);
      start = plus + 1;
    }
  }
  flush();
  return Status::Ok();
}

// Reads column `column` (and optionally `column2`) of a tab-separated file as LOC names.
Status AddTsvColumns(const std::string& path, std::vector<size_t> columns, NerGazetteer* gazetteer) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open");
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    for (size_t column : columns) {
      if (column >= fields.size()) {
        return Status::Error(path + ":" + std::to_string(line_number) + ": expected at least " +
                             std::to_string(column + 1) + " tab-separated columns");
      }
      if (!fields[column].empty()) gazetteer->AddName(fields[column], kNerLoc);
    }
  }
  return Status::Ok();
}

Status AddNameList(const std::string& path, uint8_t type_bits, NerGazetteer* gazetteer) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open");
  std::string line;
  while (std::getline(in, line)) {
    std::string name = Trim(line);
    if (!name.empty() && name[0] != '#') gazetteer->AddName(name, type_bits);
  }
  return Status::Ok();
}

// A spelling word list: which words are common (lower-case) and which only proper nouns.
Status AddWordList(const std::string& path, std::map<uint64_t, uint8_t>* word_bits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open");
  std::set<std::string> lower, capitalised;
  std::string line;
  while (std::getline(in, line)) {
    std::string word = Trim(line);
    if (word.ends_with("'s")) word.resize(word.size() - 2);
    if (word.empty()) continue;
    const bool upper = word[0] >= 'A' && word[0] <= 'Z';
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    (upper ? capitalised : lower).insert(word);
  }
  for (const std::string& w : lower) (*word_bits)[NerTokenHash(w)] |= NerGazetteer::kCommonWord;
  for (const std::string& w : capitalised) {
    if (!lower.count(w)) (*word_bits)[NerTokenHash(w)] |= NerGazetteer::kProperOnly;
  }
  return Status::Ok();
}

}  // namespace

uint64_t NerTokenHash(std::string_view token) {
  char buffer[64];
  const size_t n = std::min(token.size(), sizeof(buffer));
  for (size_t i = 0; i < n; ++i) {
    char c = token[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    else if (c >= '1' && c <= '9') c = '0';
    buffer[i] = c;
  }
  return ner::HashBytes(std::string_view(buffer, n));
}

void NerGazetteer::AddName(std::string_view name, uint8_t type_bits) {
  std::vector<std::string> tokens = NameTokens(name);
  if (tokens.empty() || tokens.size() > kMaxNameTokens) return;
  pending_names_.push_back(std::move(tokens));
  pending_types_.push_back(type_bits);
}

Status NerGazetteer::AddSource(const std::string& spec) {
  const size_t colon = spec.find(':');
  if (colon == std::string::npos) {
    return Status::Error("gazetteer source '" + spec + "': expected FORMAT:PATH");
  }
  const std::string format = spec.substr(0, colon);
  const std::string path = spec.substr(colon + 1);
  if (format == "phoenix") return AddPhoenix(path, false, this);
  if (format == "phoenix-orgs") return AddPhoenix(path, true, this);
  if (format == "wordlist") return AddWordList(path, &pending_word_bits_);
  if (format == "geonames-cities") return AddTsvColumns(path, {1, 2}, this);
  if (format == "geonames-countries") return AddTsvColumns(path, {4, 5}, this);
  if (format == "geonames-admin1") return AddTsvColumns(path, {1, 2}, this);
  if (format.starts_with("names-")) {
    const std::string type = CanonicalEntityType(format.substr(6));
    if (type == "PER") return AddNameList(path, kNerPer, this);
    if (type == "ORG") return AddNameList(path, kNerOrg, this);
    if (type == "LOC") return AddNameList(path, kNerLoc, this);
    if (type == "MISC") return AddNameList(path, kNerMisc, this);
  }
  return Status::Error("gazetteer source '" + spec +
                       "': unknown format '" + format +
                       "' (phoenix, phoenix-orgs, geonames-cities, geonames-countries, geonames-admin1, "
                       "names-PER, names-ORG, names-LOC, names-MISC, wordlist)");
}

std::vector<std::vector<std::string>> NerGazetteer::PendingNames(uint8_t type_bit) const {
  std::vector<std::vector<std::string>> names;
  for (size_t n = 0; n < pending_names_.size(); ++n) {
    if (pending_types_[n] & type_bit) names.push_back(pending_names_[n]);
  }
  return names;
}

void NerGazetteer::Build() {
  std::unordered_map<uint64_t, uint8_t> phrases;
  std::map<std::vector<uint64_t>, uint8_t> names;  // distinct names (token hashes) → types
  for (size_t n = 0; n < pending_names_.size(); ++n) {
    std::vector<uint64_t> hashes;
    for (const std::string& token : pending_names_[n]) hashes.push_back(NerTokenHash(token));
    names[hashes] |= pending_types_[n];
  }
  std::unordered_map<uint64_t, uint32_t> person_first, person_last, org_word, org_last;
  std::unordered_map<uint64_t, uint8_t> words;
  for (const auto& [hashes, types] : names) {
    uint64_t h = kPhraseSeed;
    for (size_t k = 0; k < hashes.size(); ++k) {
      h = ner::Combine(h, hashes[k]);
      phrases[h] |= (k + 1 == hashes.size()) ? types : kPrefixBit;
    }
    if ((types & kNerPer) && hashes.size() >= 2) {
      ++person_first[hashes.front()];
      ++person_last[hashes.back()];
    }
    if (types & kNerOrg) {
      std::set<uint64_t> distinct(hashes.begin(), hashes.end());
      for (uint64_t w : distinct) ++org_word[w];
      ++org_last[hashes.back()];
    }
    if (types & kNerLoc) {
      for (uint64_t w : hashes) words[w] |= kLocWord;
    }
  }
  for (const auto& [w, count] : person_first) words[w] |= kPersonFirst;
  for (const auto& [w, count] : person_last) words[w] |= kPersonLast;
  for (const auto& [w, count] : org_word) {
    if (count >= 2) words[w] |= kOrgWord;
  }
  for (const auto& [w, count] : org_last) {
    if (count >= 3) words[w] |= kOrgLast;
  }
  for (const auto& [w, bits] : pending_word_bits_) words[w] |= bits;
  std::unordered_map<uint64_t, uint8_t> word_entries;
  for (const auto& [w, bits] : words) word_entries[ner::Combine(kWordSeed, w)] = bits;
  phrase_table_ = HashedBits::Build(phrases);
  word_table_ = HashedBits::Build(word_entries);
  name_count_ = names.size();
  pending_names_.clear();
  pending_types_.clear();
  pending_word_bits_.clear();
}

uint8_t NerGazetteer::PhraseTypes(std::string_view phrase) const {
  uint64_t h = kPhraseSeed;
  size_t i = 0;
  bool any = false;
  while (i < phrase.size()) {
    while (i < phrase.size() && phrase[i] == ' ') ++i;
    size_t j = i;
    while (j < phrase.size() && phrase[j] != ' ') ++j;
    if (j > i) {
      h = ner::Combine(h, NerTokenHash(phrase.substr(i, j - i)));
      any = true;
    }
    i = j;
  }
  return any ? HashedBits::Find(phrase_table_, h) & 0x0F : 0;
}

void NerGazetteer::MatchPhrases(std::span<const uint64_t> token_hashes, std::vector<uint8_t>* codes) const {
  const size_t n = token_hashes.size();
  codes->assign(n, 0);
  size_t i = 0;
  while (i < n) {
    uint64_t h = kPhraseSeed;
    size_t best_length = 0;
    uint8_t best_types = 0;
    for (size_t j = i; j < n && j - i < kMaxNameTokens; ++j) {
      h = ner::Combine(h, token_hashes[j]);
      const uint8_t bits = HashedBits::Find(phrase_table_, h);
      if (bits == 0) break;
      if (bits & 0x0F) {
        best_length = j - i + 1;
        best_types = bits & 0x0F;
      }
      if (!(bits & kPrefixBit)) break;
    }
    if (best_length == 0) {
      ++i;
      continue;
    }
    for (size_t k = 0; k < best_length; ++k) {
      const uint8_t position = best_length == 1 ? 4 : k == 0 ? 1 : k + 1 == best_length ? 3 : 2;
      (*codes)[i + k] = static_cast<uint8_t>(best_types * 8 + position);
    }
    i += best_length;
  }
}

uint8_t NerGazetteer::WordBits(uint64_t token_hash) const {
  return HashedBits::Find(word_table_, ner::Combine(kWordSeed, token_hash));
}

void NerGazetteer::Write(BinaryWriter* writer) const {
  writer->Put<uint64_t>(name_count_);
  writer->PutVector(phrase_table_);
  writer->PutVector(word_table_);
}

Result<NerGazetteer> NerGazetteer::Read(BinaryReader* reader) {
  NerGazetteer g;
  g.name_count_ = reader->Get<uint64_t>();
  g.phrase_table_ = reader->GetVector<uint64_t>();
  g.word_table_ = reader->GetVector<uint64_t>();
  auto power_of_two = [](size_t n) { return n == 0 || (n & (n - 1)) == 0; };
  if (!reader->ok() || !power_of_two(g.phrase_table_.size()) || !power_of_two(g.word_table_.size())) {
    return Status::Error("gazetteer tables are truncated or malformed");
  }
  return g;
}

}  // namespace dyad
