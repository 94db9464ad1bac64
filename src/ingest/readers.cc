// Input formats: "txt" (the whole stream is one document) and "jsonl" (one document per line).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

#include "dyad/formats.h"

namespace dyad {
namespace {

bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// Accepts YYYY-MM-DD, YYYYMMDD and ISO date-times; returns empty when unrecognised.
std::string NormalizeDate(std::string_view s) {
  if (s.size() >= 10 && IsIsoDate(s.substr(0, 10))) return std::string(s.substr(0, 10));
  if (s.size() == 8 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::string iso = std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" + std::string(s.substr(6, 2));
    if (IsIsoDate(iso)) return iso;
  }
  return "";
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

class TextReader : public DocumentReader {
 public:
  TextReader(std::istream& input, std::string name, ReadOptions options)
      : input_(input), name_(std::move(name)), options_(std::move(options)) {}

  bool Next(Document& doc, Status& status) override {
    if (done_) return false;
    done_ = true;
    doc = Document();
    doc.id = name_ == "-" ? "stdin" : BaseName(name_);
    doc.origin = name_;
    doc.date = options_.default_date;
    std::ostringstream buffer;
    buffer << input_.rdbuf();
    doc.text = buffer.str();
    status = Status::Ok();
    if (doc.text.size() > options_.max_document_bytes) {
      status = Status::Error(name_ + ": document is " + std::to_string(doc.text.size()) +
                             " bytes, over the limit of " + std::to_string(options_.max_document_bytes));
    }
    return true;
  }

 private:
  std::istream& input_;
  std::string name_;
  ReadOptions options_;
  bool done_ = false;
};

class JsonlReader : public DocumentReader {
 public:
  static constexpr size_t kMaxNesting = 64;

  JsonlReader(std::istream& input, std::string name, ReadOptions options)
      : input_(input), name_(std::move(name)), options_(std::move(options)) {}

  bool Next(Document& doc, Status& status) override {
    std::string line;
    while (std::getline(input_, line)) {
      ++line_number_;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      doc = Document();
      const std::string where = name_ + ":" + std::to_string(line_number_);
      doc.origin = where;
      status = Parse(line, where, doc);
      return true;
    }
    return false;
  }

 private:
  Status Parse(const std::string& line, const std::string& where, Document& doc) const {
    if (line.size() > options_.max_document_bytes * 2) {
      return Status::Error(where + ": record is " + std::to_string(line.size()) + " bytes, over the limit");
    }
    if (JsonNestingDepth(line) > kMaxNesting) {
      return Status::Error(where + ": JSON nested deeper than " + std::to_string(kMaxNesting) + " levels");
    }
    nlohmann::json record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (record.is_discarded()) return Status::Error(where + ": invalid JSON");
    if (!record.is_object()) return Status::Error(where + ": record is not a JSON object");
    auto text = record.find("text");
    if (text == record.end() || !text->is_string()) {
      return Status::Error(where + ": missing or non-string \"text\" field");
    }
    doc.text = text->get<std::string>();
    if (doc.text.size() > options_.max_document_bytes) {
      return Status::Error(where + ": text is " + std::to_string(doc.text.size()) + " bytes, over the limit of " +
                           std::to_string(options_.max_document_bytes));
    }
    auto id = record.find("id");
    if (id != record.end() && id->is_string()) {
      doc.id = id->get<std::string>();
    } else if (id != record.end() && id->is_number()) {
      doc.id = id->dump();
    } else {
      doc.id = BaseName(name_) + ":" + std::to_string(line_number_);
    }
    auto string_field = [&record](const char* key) -> std::string {
      auto it = record.find(key);
      return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    doc.title = string_field("title");
    doc.url = string_field("url");
    doc.source = string_field("source");
    const std::string date = string_field("date");
    doc.date = date.empty() ? options_.default_date : NormalizeDate(date);
    if (!date.empty() && doc.date.empty()) {
      return Status::Error(where + ": unrecognised date '" + date + "' (expected YYYY-MM-DD)");
    }
    return Status::Ok();
  }

  std::istream& input_;
  std::string name_;
  ReadOptions options_;
  size_t line_number_ = 0;
};

const ReaderRegistration kText("txt", [](std::istream& in, const std::string& name, const ReadOptions& options) {
  return std::unique_ptr<DocumentReader>(new TextReader(in, name, options));
});

const ReaderRegistration kJsonl("jsonl", [](std::istream& in, const std::string& name, const ReadOptions& options) {
  return std::unique_ptr<DocumentReader>(new JsonlReader(in, name, options));
});

}  // namespace

bool IsValidIsoDate(std::string_view date) { return IsIsoDate(date); }

size_t JsonNestingDepth(std::string_view line) {
  size_t depth = 0, max_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      max_depth = std::max(max_depth, ++depth);
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return max_depth;
}

}  // namespace dyad
