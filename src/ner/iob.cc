// IOB/IOB2 readers and span decoding.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <istream>

#include "dyad/ner.h"

namespace dyad {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> SplitFields(std::string_view line) {
  const char separator = line.find('\t') != std::string_view::npos ? '\t' : ' ';
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (start <= line.size()) {
    size_t end = line.find(separator, start);
    if (end == std::string_view::npos) end = line.size();
    if (end > start || separator == '\t') fields.push_back(line.substr(start, end - start));
    start = end + 1;
  }
  return fields;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string CanonicalEntityType(std::string_view type) {
  const std::string t = Lower(type);
  if (t == "per" || t == "person" || t == "pers") return "PER";
  if (t == "org" || t == "organization" || t == "organisation" || t == "group" || t == "corporation") {
    return "ORG";
  }
  if (t == "loc" || t == "location" || t == "gpe") return "LOC";
  if (t == "misc" || t == "creative-work" || t == "product") return "MISC";
  return "";
}

Result<std::vector<NerSentence>> ParseIob(std::istream& in, const std::string& name,
                                          const IobReadOptions& options) {
  std::vector<NerSentence> sentences;
  NerSentence current;
  auto flush = [&] {
    if (!current.words.empty()) sentences.push_back(std::move(current));
    current = NerSentence();
  };
  std::string line;
  size_t line_number = 0;
  uint32_t document = 0;
  bool document_has_words = false;
  auto new_document = [&] {
    flush();
    if (document_has_words) ++document;
    document_has_words = false;
  };
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = name + ":" + std::to_string(line_number);
    if (line.find_first_not_of(" \t") == std::string::npos) {
      flush();
      continue;
    }
    if (line[0] == '#') {
      if (line.starts_with("# newdoc")) new_document();
      continue;
    }
    std::vector<std::string_view> fields = SplitFields(line);
    std::string_view word, tag;
    if (fields.size() >= 3 && AllDigits(fields[0])) {
      word = fields[1];
      tag = fields[2];
    } else if (fields.size() == 2) {
      word = fields[0];
      tag = fields[1];
    } else {
      return Status::Error(where + ": expected 'WORD TAG' or 'ID WORD TAG ...' columns, got " +
                           std::to_string(fields.size()) + " field(s)");
    }
    if (word.starts_with("-DOCSTART-")) {
      new_document();
      continue;
    }
    if (word.empty()) return Status::Error(where + ": empty word");
    std::string canonical = "O";
    if (tag != "O") {
      if (tag.size() < 3 || (tag[0] != 'B' && tag[0] != 'I') || tag[1] != '-') {
        return Status::Error(where + ": bad tag '" + std::string(tag) +
                             "' (expected O, B-TYPE or I-TYPE)");
      }
      const std::string type = CanonicalEntityType(tag.substr(2));
      if (type.empty()) {
        return Status::Error(where + ": unknown entity type '" + std::string(tag.substr(2)) + "'");
      }
      const bool dropped = std::find(options.drop_types.begin(), options.drop_types.end(), type) !=
                           options.drop_types.end();
      if (!dropped) {
        // IOB1 → IOB2: an I- that does not continue an entity of the same type begins one.
        const std::string continuation = "-" + type;
        const bool continues = !current.tags.empty() && current.tags.back() != "O" &&
                               current.tags.back().substr(1) == continuation;
        canonical = (tag[0] == 'I' && continues ? "I-" : "B-") + type;
      }
    }
    current.document = document;
    document_has_words = true;
    current.words.emplace_back(word);
    current.tags.push_back(std::move(canonical));
  }
  if (in.bad()) return Status::Error(name + ": read error");
  flush();
  return sentences;
}

Result<std::vector<NerSentence>> ReadIob(const std::string& path, const IobReadOptions& options) {
  std::ifstream in(path);
  if (!in) return Status::Error(path + ": cannot open");
  return ParseIob(in, path, options);
}

std::vector<Entity> DecodeBioSpans(std::span<const std::string> tags) {
  std::vector<Entity> spans;
  bool open = false;
  for (size_t i = 0; i < tags.size(); ++i) {
    const std::string& tag = tags[i];
    const bool is_begin = tag.size() > 2 && tag[0] == 'B' && tag[1] == '-';
    const bool is_inside = tag.size() > 2 && tag[0] == 'I' && tag[1] == '-';
    if (is_inside && open && spans.back().type == std::string_view(tag).substr(2)) {
      spans.back().end_token = static_cast<uint32_t>(i + 1);
      continue;
    }
    open = false;
    if (is_begin || is_inside) {
      Entity e;
      e.first_token = static_cast<uint32_t>(i);
      e.end_token = static_cast<uint32_t>(i + 1);
      e.type = tag.substr(2);
      spans.push_back(std::move(e));
      open = true;
    }
  }
  return spans;
}

}  // namespace dyad
