// Readers for the PETRARCH/TABARI verb dictionary, the CAMEO → PLOVER table and the
// Goldstein table.
#include <cctype>
#include <cstdlib>

#include "actors/dictionary_text.h"
#include "dyad/dictionaries.h"

namespace dyad {
namespace {

using dict_text::BadLine;
using dict_text::Line;
using dict_text::Trim;
using dict_text::UpperAscii;

bool IsVowel(char c) { return std::string_view("aeiou").find(c) != std::string_view::npos; }

// Splits a bracketed CAMEO code "190", "062:062", ":110", "---" into code and reciprocal.
void SplitEventCode(std::string_view body, std::string* code, std::string* reciprocal) {
  body = Trim(body);
  const size_t colon = body.find(':');
  *code = std::string(Trim(body.substr(0, colon)));
  reciprocal->clear();
  if (colon != std::string_view::npos) *reciprocal = std::string(Trim(body.substr(colon + 1)));
  if (*code == "---") code->clear();
  if (*reciprocal == "---") reciprocal->clear();
}

// Parses a verb form such as "+BLOW_UP" or "KLM_NOP_+RST" into lower-cased words and the index
// of the verb word (marked '+', else the first word).
bool ParseVerbForm(std::string_view text, std::vector<std::string>* words, uint32_t* verb) {
  words->clear();
  *verb = 0;
  bool marked = false;
  std::string current;
  auto push = [&]() {
    if (current.empty()) return;
    if (current[0] == '+') {
      current.erase(0, 1);
      if (!marked) *verb = static_cast<uint32_t>(words->size());
      marked = true;
    }
    if (!current.empty()) words->push_back(FoldCase(current));
    current.clear();
  };
  for (char c : text) {
    if (c == '_' || c == ' ' || c == '\t') push();
    else current.push_back(c);
  }
  push();
  return !words->empty() && *verb < words->size();
}

// Parses the elements between "-" and "[code]" of a pattern line.
bool ParsePattern(std::string_view body, VerbPattern* pattern, std::string* error) {
  bool seen_verb = false;
  bool in_braces = false;
  bool next_joined = false;  // the next element follows a '_' or sits inside {}
  auto add = [&](PatternElement element) {
    element.joined = next_joined;
    if (seen_verb) pattern->after.push_back(std::move(element));
    else pattern->before.push_back(std::move(element));
  };
  size_t i = 0;
  while (i < body.size()) {
    const char c = body[i];
    if (c == ' ' || c == '\t') {
      next_joined = in_braces && (seen_verb ? !pattern->after.empty() : !pattern->before.empty());
      ++i;
      continue;
    }
    if (c == '(' || c == ')') {
      next_joined = false;
      ++i;
      continue;
    }
    if (c == '{') {
      in_braces = true;
      ++i;
      continue;
    }
    if (c == '}') {
      in_braces = false;
      next_joined = false;
      ++i;
      continue;
    }
    if (c == '_') {
      next_joined = true;
      ++i;
      continue;
    }
    if (c == '*') {
      if (seen_verb) {
        *error = "two '*' in pattern";
        return false;
      }
      pattern->verb_joined = next_joined;
      seen_verb = true;
      next_joined = false;
      ++i;
      // "*_OUT": the next element is joined to the verb.
      continue;
    }
    PatternElement element;
    if (c == '$' || c == '+' || c == '%' || c == '^') {
      element.kind = c == '$'   ? PatternElementKind::kSource
                     : c == '+' ? PatternElementKind::kTarget
                     : c == '%' ? PatternElementKind::kCompound
                                : PatternElementKind::kSkip;
      ++i;
      add(std::move(element));
      next_joined = false;
      continue;
    }
    size_t end = i;
    while (end < body.size() && std::string_view(" \t_(){}*").find(body[end]) == std::string_view::npos) ++end;
    std::string_view word = body.substr(i, end - i);
    if (word[0] == '&') {
      element.kind = PatternElementKind::kSynset;
      element.text = UpperAscii(word.substr(1));
      if (element.text.empty()) {
        *error = "empty synset reference";
        return false;
      }
    } else {
      element.kind = PatternElementKind::kWord;
      element.text = FoldCase(word);
      // A '_' directly before a blank or the end marks the word as exact.
      element.exact = end < body.size() && body[end] == '_' &&
                      (end + 1 == body.size() || body[end + 1] == ' ' || body[end + 1] == '\t' ||
                       body[end + 1] == ')' || body[end + 1] == '}');
    }
    add(std::move(element));
    next_joined = false;
    i = end;
  }
  if (in_braces) {
    *error = "unclosed '{' in pattern";
    return false;
  }
  if (!seen_verb) {
    *error = "pattern has no '*'";
    return false;
  }
  // A '_' right before '*' joins the verb to the previous element: handled via verb_joined.
  return true;
}

// Expands "&NAME" references inside synset phrases (after the whole file is read).
void ExpandNestedSynsets(VerbDictionary* dict) {
  for (int round = 0; round < 4; ++round) {
    bool changed = false;
    for (auto& [name, phrases] : dict->synsets) {
      std::vector<std::vector<std::string>> expanded;
      for (const auto& phrase : phrases) {
        if (phrase.size() == 1 && !phrase[0].empty() && phrase[0][0] == '&') {
          auto it = dict->synsets.find(UpperAscii(phrase[0].substr(1)));
          if (it != dict->synsets.end() && it->first != name) {
            expanded.insert(expanded.end(), it->second.begin(), it->second.end());
            changed = true;
            continue;
          }
        }
        expanded.push_back(phrase);
      }
      phrases = std::move(expanded);
    }
    if (!changed) break;
  }
}

}  // namespace

std::vector<std::string> RegularVerbForms(const std::string& base) {
  std::vector<std::string> forms{base};
  if (base.empty()) return forms;
  const char last = base.back();
  const auto ends = [&](std::string_view s) {
    return base.size() >= s.size() && base.compare(base.size() - s.size(), s.size(), s) == 0;
  };
  if (last == 'y' && base.size() > 1 && !IsVowel(base[base.size() - 2])) {
    const std::string stem = base.substr(0, base.size() - 1);
    forms.push_back(stem + "ies");
    forms.push_back(stem + "ied");
    forms.push_back(base + "ing");
    return forms;
  }
  if (last == 'e') {
    forms.push_back(base + "s");
    forms.push_back(base + "d");
    forms.push_back(base.substr(0, base.size() - 1) + "ing");
    return forms;
  }
  forms.push_back(last == 's' || last == 'x' || last == 'z' || ends("ch") || ends("sh") ? base + "es" : base + "s");
  // Consonant-vowel-consonant endings double the consonant ("ban" → "banned"); both spellings
  // are generated because stress decides ("visited").
  const bool cvc = base.size() >= 3 && !IsVowel(last) && last != 'w' && last != 'x' && last != 'y' &&
                   IsVowel(base[base.size() - 2]) && !IsVowel(base[base.size() - 3]);
  forms.push_back(base + "ed");
  forms.push_back(base + "ing");
  if (cvc) {
    forms.push_back(base + last + "ed");
    forms.push_back(base + last + "ing");
  }
  return forms;
}

Status ReadVerbDictionary(const std::string& path, VerbDictionary* out, std::vector<std::string>* warnings) {
  std::vector<Line> lines;
  DYAD_RETURN_IF_ERROR(dict_text::ReadLines(path, &lines));
  const std::string file = dict_text::BaseName(path);
  std::string synset;  // synset being read, empty when none
  VerbBlock* block = nullptr;
  for (const Line& line : lines) {
    std::string_view text = line.text;
    if (line.comment) continue;
    if (text.empty()) {
      synset.clear();
      continue;
    }
    if (text[0] == '~') continue;  // transformation
    if (text[0] == '&') {
      synset = UpperAscii(Trim(text.substr(1)));
      while (!synset.empty() && synset.back() == '_') synset.pop_back();
      if (synset.empty()) {
        DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "empty synset name", warnings));
        continue;
      }
      out->synsets[synset];
      continue;
    }
    if (text[0] == '+' && !synset.empty()) {
      std::vector<std::string> words;
      std::string current;
      for (char c : text.substr(1)) {
        if (c == '_' || c == ' ' || c == '\t') {
          if (!current.empty()) words.push_back(current[0] == '&' ? "&" + UpperAscii(current.substr(1)) : FoldCase(current));
          current.clear();
        } else {
          current.push_back(c);
        }
      }
      if (!current.empty()) words.push_back(current[0] == '&' ? "&" + UpperAscii(current.substr(1)) : FoldCase(current));
      if (words.empty()) {
        DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "empty synset member", warnings));
        continue;
      }
      out->synsets[synset].push_back(std::move(words));
      continue;
    }
    synset.clear();
    if (text.rfind("---", 0) == 0) {
      const size_t open = text.find('[');
      const size_t close = open == std::string_view::npos ? open : text.find(']', open);
      if (close == std::string_view::npos) {
        DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "verb block header without [code]", warnings));
        block = nullptr;
        continue;
      }
      VerbBlock new_block;
      std::string_view name = Trim(text.substr(3, open - 3));
      new_block.name = std::string(name);
      SplitEventCode(text.substr(open + 1, close - open - 1), &new_block.code, &new_block.reciprocal);
      new_block.source = {file, line.number};
      out->blocks.push_back(std::move(new_block));
      block = &out->blocks.back();
      continue;
    }
    if (block == nullptr) {
      DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "line outside a verb block", warnings));
      continue;
    }
    if (text[0] == '-') {
      VerbPattern pattern;
      const size_t open = text.rfind('[');
      const size_t close = open == std::string_view::npos ? open : text.find(']', open);
      if (close == std::string_view::npos) {
        DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "pattern without a closed [code]", warnings));
        continue;
      }
      SplitEventCode(text.substr(open + 1, close - open - 1), &pattern.code, &pattern.reciprocal);
      std::string error;
      if (!ParsePattern(text.substr(1, open - 1), &pattern, &error)) {
        DYAD_RETURN_IF_ERROR(BadLine(path, line.number, error, warnings));
        continue;
      }
      pattern.source = {file, line.number};
      pattern.text = std::string(Trim(text.substr(0, open)));
      block->patterns.push_back(std::move(pattern));
      continue;
    }
    // A verb line: WORDS {forms} [code]
    VerbEntry verb;
    std::string_view head = text;
    const size_t open = head.find('[');
    if (open != std::string_view::npos) {
      const size_t close = head.find(']', open);
      if (close == std::string_view::npos) {
        DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "unclosed '[' in verb line", warnings));
        continue;
      }
      SplitEventCode(head.substr(open + 1, close - open - 1), &verb.code, &verb.reciprocal);
      if (verb.code.empty() && verb.reciprocal.empty()) verb.code = "---";
      head = head.substr(0, open);
    }
    std::vector<std::string_view> irregular;
    bool has_braces = false;
    const size_t brace = head.find('{');
    if (brace != std::string_view::npos) {
      const size_t brace_end = head.find('}', brace);
      if (brace_end == std::string_view::npos) {
        DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "unclosed '{' in verb line", warnings));
        continue;
      }
      has_braces = true;
      std::string_view inside = head.substr(brace + 1, brace_end - brace - 1);
      size_t pos = 0;
      while (pos < inside.size()) {
        while (pos < inside.size() && (inside[pos] == ' ' || inside[pos] == '\t')) ++pos;
        size_t end = pos;
        while (end < inside.size() && inside[end] != ' ' && inside[end] != '\t') ++end;
        if (end > pos) irregular.push_back(inside.substr(pos, end - pos));
        pos = end;
      }
      head = head.substr(0, brace);
    }
    head = Trim(head);
    std::vector<std::string> words;
    uint32_t verb_word = 0;
    if (!ParseVerbForm(head, &words, &verb_word)) {
      DYAD_RETURN_IF_ERROR(BadLine(path, line.number, "malformed verb '" + std::string(text) + "'", warnings));
      continue;
    }
    verb.lemma = std::string(head);
    verb.source = {file, line.number};
    const std::vector<std::string> inflections =
        has_braces ? std::vector<std::string>{words[verb_word]} : RegularVerbForms(words[verb_word]);
    for (const auto& inflected : inflections) {
      auto form = words;
      form[verb_word] = inflected;
      verb.forms.push_back(std::move(form));
      verb.verb_word.push_back(verb_word);
    }
    for (std::string_view item : irregular) {
      std::vector<std::string> form;
      uint32_t index = 0;
      if (!ParseVerbForm(item, &form, &index)) continue;
      // Single-word irregular forms of a multi-word verb replace its verb word.
      if (form.size() == 1 && words.size() > 1) {
        auto full = words;
        full[verb_word] = form[0];
        form = std::move(full);
        index = verb_word;
      }
      verb.forms.push_back(std::move(form));
      verb.verb_word.push_back(index);
    }
    block->verbs.push_back(std::move(verb));
  }
  ExpandNestedSynsets(out);
  return Status::Ok();
}

int QuadClassOfCameo(std::string_view code) {
  if (code.size() < 2 || !std::isdigit(static_cast<unsigned char>(code[0])) ||
      !std::isdigit(static_cast<unsigned char>(code[1]))) {
    return 0;
  }
  const int root = (code[0] - '0') * 10 + (code[1] - '0');
  if (root >= 1 && root <= 5) return 1;
  if (root >= 6 && root <= 8) return 2;
  if (root >= 9 && root <= 13) return 3;
  if (root >= 14 && root <= 20) return 4;
  return 0;
}

Status ReadPloverTable(const std::string& path, std::map<std::string, CameoInfo>* out) {
  std::vector<Line> lines;
  DYAD_RETURN_IF_ERROR(dict_text::ReadLines(path, &lines));
  for (const Line& line : lines) {
    if (line.text.empty()) continue;
    std::string_view text = line.text;
    if (text.rfind("~~~", 0) == 0) break;  // end-of-table marker
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos) return dict_text::LineError(path, line.number, "expected 'code: TYPE, mode, context'");
    const std::string code(Trim(text.substr(0, colon)));
    std::vector<std::string> fields;
    std::string_view rest = text.substr(colon + 1);
    while (true) {
      const size_t comma = rest.find(',');
      fields.emplace_back(Trim(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    // Two-digit rows ("03: AGREE") name a root; they never override a full row.
    if (code.size() == 2 && fields.size() == 1) continue;
    CameoInfo& info = (*out)[code];
    info.plover = fields.size() > 0 ? UpperAscii(fields[0]) : "";
    info.mode = fields.size() > 1 ? fields[1] : "";
    info.context.clear();
    if (fields.size() > 2) {
      std::string_view contexts = fields[2];
      while (!contexts.empty()) {
        const size_t semi = contexts.find(';');
        std::string_view value = Trim(contexts.substr(0, semi));
        if (!value.empty()) info.context.emplace_back(value);
        if (semi == std::string_view::npos) break;
        contexts.remove_prefix(semi + 1);
      }
    }
    info.quad_class = QuadClassOfCameo(code);
  }
  return Status::Ok();
}

Status ReadGoldsteinTable(const std::string& path, std::map<std::string, CameoInfo>* out) {
  std::vector<Line> lines;
  DYAD_RETURN_IF_ERROR(dict_text::ReadLines(path, &lines));
  for (const Line& line : lines) {
    if (line.text.empty()) continue;
    std::string_view text = line.text;
    size_t split = text.find_first_of(" \t");
    if (split == std::string_view::npos) return dict_text::LineError(path, line.number, "expected 'CODE VALUE'");
    const std::string code(text.substr(0, split));
    const std::string value(Trim(text.substr(split)));
    char* end = nullptr;
    const double goldstein = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || *end != '\0' || goldstein < -10 || goldstein > 10) {
      return dict_text::LineError(path, line.number, "bad Goldstein value '" + value + "'");
    }
    CameoInfo& info = (*out)[code];
    info.goldstein = goldstein;
    info.quad_class = QuadClassOfCameo(code);
  }
  return Status::Ok();
}

}  // namespace dyad
