// Readers for TABARI/PETRARCH actor, agent and discard dictionaries.
#include <utf8proc.h>

#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

#include "actors/dictionary_text.h"
#include "dyad/dictionaries.h"

namespace dyad {
namespace dict_text {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Appends the UTF-8 encoding of a Latin-1 byte.
void AppendLatin1(unsigned char c, std::string* out) {
  out->push_back(static_cast<char>(0xC0 | (c >> 6)));
  out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
}

// Copies `raw` to valid UTF-8: invalid bytes are read as Latin-1.
std::string ToUtf8(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  size_t i = 0;
  while (i < raw.size()) {
    utf8proc_int32_t cp;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(raw.data() + i),
                                    static_cast<utf8proc_ssize_t>(raw.size() - i), &cp);
    if (n > 0 && cp != 0) {
      out.append(raw.substr(i, static_cast<size_t>(n)));
      i += static_cast<size_t>(n);
    } else {
      if (raw[i] != 0) AppendLatin1(static_cast<unsigned char>(raw[i]), &out);
      ++i;
    }
  }
  return out;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "YYMMDD" or "YYYYMMDD" → YYYYMMDD. Two-digit years up to 30 are 20xx. Longer digit strings
// (a known typo in the Phoenix files, "1920030320") keep their last eight digits.
bool ParseDictionaryDate(std::string_view s, int32_t* out) {
  if (!AllDigits(s)) return false;
  if (s.size() > 8) s = s.substr(s.size() - 8);
  if (s.size() == 6) {
    int yy = std::stoi(std::string(s.substr(0, 2)));
    int rest = std::stoi(std::string(s.substr(2)));
    *out = (yy <= 30 ? 2000 + yy : 1900 + yy) * 10000 + rest;
    return true;
  }
  if (s.size() == 8) {
    *out = std::stoi(std::string(s));
    return true;
  }
  return false;
}

}  // namespace

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Status LineError(const std::string& path, uint32_t line, const std::string& message) {
  return Status::Error(BaseName(path) + ":" + std::to_string(line) + ": " + message);
}

Status BadLine(const std::string& path, uint32_t line, const std::string& message,
               std::vector<std::string>* warnings) {
  Status error = LineError(path, line, message);
  if (warnings == nullptr) return error;
  warnings->push_back(error.message());
  return Status::Ok();
}

Status ReadLines(const std::string& path, std::vector<Line>* lines) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open dictionary file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = ToUtf8(buffer.str());
  uint32_t number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view raw = std::string_view(text).substr(pos, end - pos);
    pos = end + 1;
    ++number;
    Line line;
    line.number = number;
    line.indented = !raw.empty() && (raw[0] == ' ' || raw[0] == '\t');
    std::string_view content = Trim(raw);
    line.comment = !content.empty() && (content[0] == '#' || content.rfind("<!", 0) == 0);
    if (content.rfind("<!", 0) == 0) content = {};
    // '#' starts a comment unless it sits inside a [code] ("[###]" is a valid test code).
    int depth = 0;
    for (size_t k = 0; k < content.size(); ++k) {
      if (content[k] == '[') ++depth;
      else if (content[k] == ']' && depth > 0) --depth;
      else if (content[k] == '#' && depth == 0) {
        content = Trim(content.substr(0, k));
        break;
      }
    }
    line.text = std::string(content);
    lines->push_back(std::move(line));
    if (end == text.size()) break;
  }
  return Status::Ok();
}

std::string UpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Phrase ParsePhrase(std::string_view name) {
  Phrase phrase;
  name = Trim(name);
  phrase.stem_last = !name.empty() && name.back() != '_';
  std::string word;
  for (char c : name) {
    if (c == '_' || IsBlank(c)) {
      if (!word.empty()) phrase.words.push_back(FoldCase(word));
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  if (!word.empty()) phrase.words.push_back(FoldCase(word));
  return phrase;
}

bool ParseDatedCode(std::string_view body, DatedCode* code, std::string* error) {
  body = Trim(body);
  size_t split = 0;
  while (split < body.size() && !IsBlank(body[split])) ++split;
  code->code = UpperAscii(body.substr(0, split));
  code->from = code->to = 0;
  if (code->code.empty()) {
    *error = "empty code in []";
    return false;
  }
  std::string restriction;
  for (char c : body.substr(split)) {
    if (!IsBlank(c)) restriction.push_back(c);
  }
  if (restriction.empty()) return true;
  if (restriction[0] == '>' || restriction[0] == '<') {
    int32_t date = 0;
    if (!ParseDictionaryDate(std::string_view(restriction).substr(1), &date)) {
      *error = "bad date in '" + std::string(body) + "'";
      return false;
    }
    if (restriction[0] == '>') code->from = date;
    else code->to = date;
    return true;
  }
  const size_t dash = restriction.find('-');
  if (dash == std::string::npos ||
      !ParseDictionaryDate(std::string_view(restriction).substr(0, dash), &code->from) ||
      !ParseDictionaryDate(std::string_view(restriction).substr(dash + 1), &code->to)) {
    *error = "bad date range in '" + std::string(body) + "'";
    return false;
  }
  return true;
}

}  // namespace dict_text

using dict_text::BadLine;
using dict_text::Line;
using dict_text::ParsePhrase;
using dict_text::Trim;

std::string FoldCase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool ascii = true;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (ascii) return out;
  out.clear();
  size_t i = 0;
  while (i < text.size()) {
    utf8proc_int32_t cp;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                              static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (n <= 0) {
      out.push_back(text[i]);
      ++i;
      continue;
    }
    utf8proc_uint8_t buf[4];
    const auto m = utf8proc_encode_char(utf8proc_tolower(cp), buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(m));
    i += static_cast<size_t>(n);
  }
  return out;
}

int32_t ParseDocumentDate(std::string_view date) {
  std::string digits;
  for (char c : date) {
    if (c >= '0' && c <= '9') digits.push_back(c);
    else if (c != '-') break;
  }
  if (digits.size() != 8) return 0;
  return std::stoi(digits);
}

namespace {

// Splits "NAME [CODE] [CODE2 >D]" into the name and the bracket bodies. Returns false with
// `error` on an unclosed bracket.
bool SplitCodes(std::string_view text, std::string_view* name, std::vector<std::string_view>* codes,
                std::string* error) {
  const size_t open = text.find('[');
  *name = Trim(text.substr(0, open == std::string_view::npos ? text.size() : open));
  size_t pos = open;
  while (pos != std::string_view::npos && pos < text.size()) {
    const size_t close = text.find_first_of("]}", pos + 1);
    if (close == std::string_view::npos) {
      *error = "unclosed '[' in '" + std::string(text) + "'";
      return false;
    }
    codes->push_back(text.substr(pos + 1, close - pos - 1));
    pos = text.find('[', close + 1);
  }
  return true;
}

}  // namespace

Status ReadActorDictionary(const std::string& path, std::vector<ActorEntry>* out,
                           std::vector<std::string>* warnings) {
  std::vector<Line> lines;
  DYAD_RETURN_IF_ERROR(dict_text::ReadLines(path, &lines));
  const std::string file = dict_text::BaseName(path);
  // Names of the entry being read; codes may follow on later (indented) lines.
  std::vector<ActorEntry> pending;
  std::vector<DatedCode> codes;
  auto flush = [&]() {
    if (!pending.empty() && !codes.empty()) {
      for (auto& entry : pending) {
        entry.codes = codes;
        out->push_back(std::move(entry));
      }
    }
    pending.clear();
    codes.clear();
  };
  for (const Line& line : lines) {
    if (line.text.empty()) continue;
    std::string_view text = line.text;
    const bool synonym = text[0] == '+';
    const bool code_only = text[0] == '[';
    if (synonym) text.remove_prefix(1);
    std::string_view name;
    std::vector<std::string_view> bodies;
    std::string error;
    if (!SplitCodes(text, &name, &bodies, &error)) {
      DYAD_RETURN_IF_ERROR(BadLine(path, line.number, error, warnings));
      continue;
    }
    std::vector<DatedCode> line_codes;
    bool bad = false;
    for (std::string_view body : bodies) {
      DatedCode code;
      if (!dict_text::ParseDatedCode(body, &code, &error)) {
        bad = true;
        break;
      }
      line_codes.push_back(code);
    }
    if (bad) {
      DYAD_RETURN_IF_ERROR(BadLine(path, line.number, error, warnings));
      continue;
    }
    if (code_only) {
      if (pending.empty()) {
        DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "code line without an actor name", warnings));
        continue;
      }
      codes.insert(codes.end(), line_codes.begin(), line_codes.end());
      continue;
    }
    if (!synonym) flush();
    if (synonym && pending.empty()) {
      DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "'+' synonym without an actor name", warnings));
      continue;
    }
    ActorEntry entry;
    entry.phrase = ParsePhrase(name);
    if (entry.phrase.words.empty()) {
      DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "empty actor name", warnings));
      continue;
    }
    entry.source = {file, line.number};
    entry.name = std::string(name);
    pending.push_back(std::move(entry));
    codes.insert(codes.end(), line_codes.begin(), line_codes.end());
  }
  flush();
  return Status::Ok();
}

namespace {

// Regular English plural of the last word of a phrase.
std::string RegularPlural(const std::string& word) {
  if (word.empty()) return word;
  const char last = word.back();
  const auto ends = [&](std::string_view s) {
    return word.size() >= s.size() && word.compare(word.size() - s.size(), s.size(), s) == 0;
  };
  if (last == 'y' && word.size() > 1 && std::string_view("aeiou").find(word[word.size() - 2]) == std::string_view::npos) {
    return word.substr(0, word.size() - 1) + "ies";
  }
  if (last == 's' || last == 'x' || last == 'z' || ends("ch") || ends("sh")) return word + "es";
  return word + "s";
}

// Expands "!NAME!" substitutions in a raw agent name; returns every variant.
std::vector<std::string> ExpandSubstitutions(const std::string& name,
                                             const std::map<std::string, std::vector<std::string>>& sets) {
  const size_t open = name.find('!');
  if (open == std::string::npos) return {name};
  const size_t close = name.find('!', open + 1);
  if (close == std::string::npos) return {name};
  auto it = sets.find(name.substr(open, close - open + 1));
  if (it == sets.end()) return {name};
  std::vector<std::string> out;
  for (const auto& replacement : it->second) {
    for (auto& rest : ExpandSubstitutions(name.substr(close + 1), sets)) {
      out.push_back(name.substr(0, open) + replacement + rest);
    }
  }
  return out;
}

}  // namespace

Status ReadAgentDictionary(const std::string& path, std::vector<AgentEntry>* out,
                           std::vector<std::string>* warnings) {
  std::vector<Line> lines;
  DYAD_RETURN_IF_ERROR(dict_text::ReadLines(path, &lines));
  const std::string file = dict_text::BaseName(path);
  std::map<std::string, std::vector<std::string>> sets;
  for (const Line& line : lines) {
    if (line.text.empty()) continue;
    std::string_view text = line.text;
    if (text[0] == '!' && text.find('=') != std::string_view::npos) {
      const size_t eq = text.find('=');
      const std::string key = std::string(Trim(text.substr(0, eq)));
      std::vector<std::string> values;
      std::string_view rest = text.substr(eq + 1);
      while (!rest.empty()) {
        const size_t comma = rest.find(',');
        std::string_view value = Trim(rest.substr(0, comma));
        if (!value.empty()) values.emplace_back(value);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
      if (key.size() < 3 || key.back() != '!' || values.empty()) {
        DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "malformed substitution set", warnings));
        continue;
      }
      sets[key] = std::move(values);
      continue;
    }
    const size_t open = text.find('[');
    const size_t close = open == std::string_view::npos ? open : text.find_first_of("]}", open + 1);
    if (open == std::string_view::npos || close == std::string_view::npos) {
      DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "agent line without a [code]", warnings));
      continue;
    }
    std::string code;
    for (char c : text.substr(open + 1, close - open - 1)) {
      if (c != ' ' && c != '\t') code.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    if (code.find('~') == std::string::npos) {
      DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "agent code must contain '~': [" + code + "]", warnings));
      continue;
    }
    std::string_view head = Trim(text.substr(0, open));
    std::vector<std::string> plurals;
    bool explicit_plurals = false;
    const size_t brace = head.find('{');
    if (brace != std::string_view::npos) {
      const size_t brace_end = head.find('}', brace);
      if (brace_end == std::string_view::npos) {
        DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "unclosed '{'", warnings));
        continue;
      }
      explicit_plurals = true;
      std::string_view inside = head.substr(brace + 1, brace_end - brace - 1);
      std::string current;
      for (char c : inside) {
        if (c == ' ' || c == '\t' || c == ',') {
          if (!current.empty()) plurals.push_back(current);
          current.clear();
        } else {
          current.push_back(c);
        }
      }
      if (!current.empty()) plurals.push_back(current);
      head = Trim(head.substr(0, brace));
    }
    if (head.empty()) {
      DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "empty agent name", warnings));
      continue;
    }
    std::vector<std::string> names = ExpandSubstitutions(std::string(head), sets);
    for (const auto& plural : plurals) {
      for (auto& variant : ExpandSubstitutions(plural, sets)) names.push_back(variant);
    }
    const size_t base_count = names.size() - plurals.size();
    for (size_t i = 0; i < names.size(); ++i) {
      AgentEntry entry;
      entry.phrase = ParsePhrase(names[i]);
      if (entry.phrase.words.empty()) continue;
      entry.phrase.stem_last = false;
      entry.code = code;
      entry.source = {file, line.number};
      entry.name = std::string(head);
      if (!explicit_plurals && i < base_count && head.find('!') == std::string_view::npos) {
        AgentEntry plural = entry;
        plural.phrase.words.back() = RegularPlural(plural.phrase.words.back());
        out->push_back(std::move(entry));
        out->push_back(std::move(plural));
      } else {
        out->push_back(std::move(entry));
      }
    }
  }
  return Status::Ok();
}

Status ReadDiscardDictionary(const std::string& path, std::vector<DiscardEntry>* out,
                             std::vector<std::string>* warnings) {
  std::vector<Line> lines;
  DYAD_RETURN_IF_ERROR(dict_text::ReadLines(path, &lines));
  const std::string file = dict_text::BaseName(path);
  for (const Line& line : lines) {
    if (line.text.empty()) continue;
    std::string_view text = line.text;
    DiscardEntry entry;
    entry.story = text[0] == '+';
    if (entry.story) text.remove_prefix(1);
    if (text.find_first_of("[]{}") != std::string_view::npos) {
      DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "unexpected bracket in discard phrase", warnings));
      continue;
    }
    entry.phrase = ParsePhrase(text);
    entry.phrase.stem_last = false;
    if (entry.phrase.words.empty()) continue;
    entry.source = {file, line.number};
    out->push_back(std::move(entry));
  }
  return Status::Ok();
}

}  // namespace dyad
