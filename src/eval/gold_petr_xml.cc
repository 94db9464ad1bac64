// PETRARCH validation XML: <Environment> plus <Sentence> records holding <EventCoding>
// and <Text>. Records are cut out of the file one by one and parsed separately, which
// tolerates the PETR-2 gold layout (self-closed <Sentence .../> followed by its children and
// a stray </Sentence>) and free text in the file header.
#include <pugixml.hpp>

#include <algorithm>
#include <set>
#include <sstream>

#include "eval/gold_parsers.h"

namespace dyad::eval_internal {
namespace {

size_t LineAt(std::string_view content, size_t offset) {
  return 1 + static_cast<size_t>(std::count(content.begin(), content.begin() + offset, '\n'));
}

// Offset one past the '>' closing the tag that starts at `begin`, honouring quoted values.
size_t TagEnd(std::string_view content, size_t begin) {
  char quote = 0;
  for (size_t i = begin; i < content.size(); ++i) {
    const char c = content[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

bool StartsTag(std::string_view content, size_t pos, std::string_view tag) {
  if (content.compare(pos, tag.size(), tag) != 0) return false;
  const size_t after = pos + tag.size();
  if (after >= content.size()) return false;
  const char c = content[after];
  return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Removes every <Parse>...</Parse> block (parse trees are not used and may hold stray markup).
std::string WithoutParseBlocks(std::string_view body) {
  std::string out;
  size_t pos = 0;
  while (true) {
    const size_t start = body.find("<Parse", pos);
    if (start == std::string_view::npos || !StartsTag(body, start, "<Parse")) {
      out.append(body.substr(pos));
      return out;
    }
    out.append(body.substr(pos, start - pos));
    const size_t end = body.find("</Parse>", start);
    if (end == std::string_view::npos) return out;  // unterminated: drop the rest
    pos = end + std::string_view("</Parse>").size();
  }
}

// The sentence text rebuilt from a CoNLL-U <Parse> block (forms joined, honouring
// SpaceAfter=No); empty when the block is not CoNLL-U.
std::string TextFromConllu(std::string_view chunk) {
  const size_t open = chunk.find("<Parse>");
  const size_t close = chunk.find("</Parse>");
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return "";
  std::istringstream lines(std::string(chunk.substr(open + 7, close - open - 7)));
  std::string text;
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> fields;
    std::istringstream columns(line);
    for (std::string field; std::getline(columns, field, '\t');) fields.push_back(field);
    if (fields.size() < 10) continue;
    if (fields[0].find_first_not_of("0123456789") != std::string::npos) continue;  // ranges, empty nodes
    text += fields[1];
    if (fields[9].find("SpaceAfter=No") == std::string::npos) text += ' ';
  }
  return CollapseWhitespace(text);
}

std::string RemoveAll(std::string text, std::string_view what) {
  for (size_t pos; (pos = text.find(what)) != std::string::npos;) text.erase(pos, what.size());
  return text;
}

struct RecordSpan {
  size_t begin = 0;  // offset of "<Sentence"
  size_t end = 0;    // offset of the next record, "</Sentences>" or end of input
};

struct Layout {
  std::vector<RecordSpan> records;
  size_t environment_begin = std::string_view::npos;
  size_t environment_end = std::string_view::npos;
};

// Finds record starts and the <Environment> block, skipping XML comments. When the file has
// a <Sentences> element, records are only looked for inside it (header prose may mention tags).
Layout ScanLayout(std::string_view content) {
  Layout layout;
  std::vector<size_t> starts;
  bool in_sentences = content.find("<Sentences>") == std::string_view::npos;
  size_t stop = content.size();
  size_t pos = 0;
  while ((pos = content.find('<', pos)) != std::string_view::npos) {
    if (content.compare(pos, 4, "<!--") == 0) {
      const size_t close = content.find("-->", pos + 4);
      if (close == std::string_view::npos) break;
      pos = close + 3;
      continue;
    }
    if (StartsTag(content, pos, "<Sentences")) {
      in_sentences = true;
    } else if (StartsTag(content, pos, "<Sentence") && in_sentences) {
      starts.push_back(pos);
    } else if (content.compare(pos, 12, "</Sentences>") == 0) {
      stop = pos;
      break;
    } else if (StartsTag(content, pos, "<Environment") && starts.empty()) {
      const size_t close = content.find("</Environment>", pos);
      if (close != std::string_view::npos) {
        layout.environment_begin = pos;
        layout.environment_end = close + std::string_view("</Environment>").size();
      }
    }
    ++pos;
  }
  for (size_t i = 0; i < starts.size(); ++i) {
    layout.records.push_back({starts[i], i + 1 < starts.size() ? starts[i + 1] : stop});
  }
  return layout;
}

std::string ParseErrorMessage(const pugi::xml_parse_result& result, std::string_view xml) {
  std::ostringstream message;
  message << "malformed XML (" << result.description() << ")";
  const size_t offset = static_cast<size_t>(std::max<std::ptrdiff_t>(0, result.offset));
  if (offset < xml.size()) {
    message << " near '" << CollapseWhitespace(xml.substr(offset, 40)) << "'";
  }
  return message.str();
}

Status ParseEnvironment(std::string_view block, GoldSet& gold) {
  pugi::xml_document doc;
  const auto result = doc.load_buffer(block.data(), block.size());
  if (!result) return Status::Error("<Environment>: " + ParseErrorMessage(result, block));
  for (const auto& child : doc.document_element().children()) {
    if (child.type() != pugi::node_element) continue;
    gold.environment[child.name()] = CollapseWhitespace(child.text().get());
  }
  return Status::Ok();
}

// Parses one record cut out of the file into `sentence`; `*evaluate` is false for records
// marked evaluate="false".
Status ParseRecord(std::string_view chunk, GoldSentence& sentence, bool* evaluate) {
  const size_t tag_end = TagEnd(chunk, 0);
  if (tag_end == std::string_view::npos) return Status::Error("unterminated <Sentence> tag");
  std::string start_tag(chunk.substr(0, tag_end));
  const bool self_closed = start_tag.size() >= 2 && start_tag[start_tag.size() - 2] == '/';
  if (self_closed) start_tag.erase(start_tag.size() - 2, 1);
  std::string xml = start_tag +
                    RemoveAll(WithoutParseBlocks(chunk.substr(tag_end)), "</Sentence>") +
                    "</Sentence>";
  pugi::xml_document doc;
  const auto result = doc.load_buffer(xml.data(), xml.size());
  if (!result) return Status::Error(ParseErrorMessage(result, xml));
  const pugi::xml_node record = doc.child("Sentence");
  sentence.id = record.attribute("id").value();
  if (sentence.id.empty()) return Status::Error("<Sentence> without an id attribute");
  sentence.record_ids = {sentence.id};
  sentence.category = record.attribute("category").value();
  *evaluate = std::string_view(record.attribute("evaluate").value()) != "false";
  auto date = NormalizeGoldDate(record.attribute("date").value());
  if (!date.ok()) return date.status();
  sentence.date = date.value();
  bool has_text = false;
  for (const auto& child : record.children()) {
    const std::string_view tag = child.name();
    if (tag == "Text") {
      sentence.text += (sentence.text.empty() ? "" : " ") + CollapseWhitespace(child.text().get());
      has_text = true;
    } else if (tag == "EventCoding") {
      if (child.attribute("noevents")) continue;
      if (auto error = child.attribute("error")) {
        sentence.expected_error = error.value();
        continue;
      }
      const auto code = child.attribute("eventcode");
      const auto source = child.attribute("sourcecode");
      const auto target = child.attribute("targetcode");
      if (!code || !source || !target) {
        return Status::Error("<EventCoding> needs eventcode, sourcecode and targetcode "
                             "(or noevents / error)");
      }
      const std::string cameo = CollapseWhitespace(code.value());
      if (cameo.empty()) return Status::Error("<EventCoding> with an empty eventcode");
      sentence.events.push_back(
          {cameo, "", NormalizeActorCode(source.value()), NormalizeActorCode(target.value())});
    }
  }
  // An empty <Text> is rebuilt from a CoNLL-U <Parse> of the same record when there is one.
  if (sentence.text.empty()) sentence.text = TextFromConllu(chunk);
  if (!has_text || sentence.text.empty()) return Status::Error("record has no <Text>");
  return Status::Ok();
}

std::set<std::string> IncludedCategories(const GoldSet& gold) {
  std::set<std::string> categories;
  auto it = gold.environment.find("Include");
  if (it == gold.environment.end()) return categories;
  std::istringstream words(it->second);
  for (std::string word; words >> word;) categories.insert(word);
  return categories;
}

}  // namespace

Result<GoldSet> ParsePetrXml(std::string_view content, const std::string& name) {
  GoldSet gold;
  gold.format = GoldFormat::kPetrXml;
  gold.name = name;
  const Layout layout = ScanLayout(content);
  if (layout.environment_begin != std::string_view::npos) {
    Status status = ParseEnvironment(
        content.substr(layout.environment_begin, layout.environment_end - layout.environment_begin),
        gold);
    if (!status.ok()) {
      return status.WithContext(name + ":" + std::to_string(LineAt(content, layout.environment_begin)));
    }
  }
  if (layout.records.empty()) return Status::Error(name + ": no <Sentence> records found");
  const std::set<std::string> included = IncludedCategories(gold);
  for (const RecordSpan& span : layout.records) {
    GoldSentence sentence;
    sentence.line = LineAt(content, span.begin);
    bool evaluate = true;
    Status status =
        ParseRecord(content.substr(span.begin, span.end - span.begin), sentence, &evaluate);
    if (!status.ok()) {
      const std::string where = name + ":" + std::to_string(sentence.line) +
                                (sentence.id.empty() ? "" : " (record " + sentence.id + ")");
      return status.WithContext(where);
    }
    // Categories outside <Include> and records marked evaluate="false" are not evaluated.
    const bool excluded_category = !included.empty() && !sentence.category.empty() &&
                                   !included.count(sentence.category);
    if (excluded_category || !evaluate) {
      ++gold.skipped_records;
      continue;
    }
    gold.sentences.push_back(std::move(sentence));
  }
  return gold;
}

}  // namespace dyad::eval_internal
