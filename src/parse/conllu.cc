#include "dyad/conllu.h"

#include <charconv>
#include <fstream>

namespace dyad {
namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      fields.push_back(line.substr(start));
      break;
    }
    fields.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
  return fields;
}

std::string Column(std::string_view value) { return value == "_" ? std::string() : std::string(value); }

}  // namespace

Result<std::vector<ConlluSentence>> ReadConllu(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::Error(path + ": cannot open");
  return ReadConllu(in, path);
}

Result<std::vector<ConlluSentence>> ReadConllu(std::istream& input, const std::string& name) {
  std::vector<ConlluSentence> sentences;
  ConlluSentence current;
  std::string line;
  size_t line_number = 0;
  auto flush = [&]() {
    if (!current.words.empty()) sentences.push_back(std::move(current));
    current = ConlluSentence();
  };
  while (std::getline(input, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      flush();
      continue;
    }
    if (line[0] == '#') {
      if (line.rfind("# sent_id = ", 0) == 0) current.sent_id = line.substr(12);
      if (line.rfind("# text = ", 0) == 0) current.text = line.substr(9);
      continue;
    }
    auto fields = SplitTabs(line);
    if (fields.size() != 10) {
      return Status::Error(name + ":" + std::to_string(line_number) + ": expected 10 tab-separated columns, got " +
                           std::to_string(fields.size()));
    }
    const std::string_view id = fields[0];
    if (id.find('-') != std::string_view::npos || id.find('.') != std::string_view::npos) continue;
    ConlluWord word;
    word.form = std::string(fields[1]);
    word.lemma = fields[2] == "_" && fields[1] != "_" ? std::string() : std::string(fields[2]);
    word.upos = Column(fields[3]);
    word.xpos = Column(fields[4]);
    word.feats = Column(fields[5]);
    if (fields[6] != "_") {
      auto [ptr, ec] = std::from_chars(fields[6].data(), fields[6].data() + fields[6].size(), word.head);
      if (ec != std::errc()) {
        return Status::Error(name + ":" + std::to_string(line_number) + ": bad HEAD '" + std::string(fields[6]) + "'");
      }
    }
    word.deprel = Column(fields[7]);
    word.misc = Column(fields[9]);
    current.words.push_back(std::move(word));
  }
  flush();
  return sentences;
}

void WriteConllu(const Document& doc, std::ostream& out) {
  // Named entities go into MISC as Entity=B-TYPE / I-TYPE.
  std::vector<std::string> entity_labels(doc.tokens.size());
  for (const Entity& e : doc.entities) {
    for (uint32_t t = e.first_token; t < e.end_token && t < doc.tokens.size(); ++t) {
      entity_labels[t] = std::string(t == e.first_token ? "Entity=B-" : "Entity=I-") + e.type;
    }
  }
  for (size_t s = 0; s < doc.sentences.size(); ++s) {
    const Sentence& sentence = doc.sentences[s];
    out << "# sent_id = " << doc.id << "-" << (s + 1) << "\n";
    out << "# text = " << doc.Slice(sentence.begin, sentence.end) << "\n";
    for (uint32_t t = sentence.first_token; t < sentence.end_token; ++t) {
      const Token& token = doc.tokens[t];
      auto col = [](const std::string& v) -> const std::string& {
        static const std::string kBlank = "_";
        return v.empty() ? kBlank : v;
      };
      const int head = token.head < 0 ? 0 : token.head - static_cast<int>(sentence.first_token) + 1;
      out << (t - sentence.first_token + 1) << '\t' << token.text << '\t' << col(token.lemma) << '\t'
          << col(token.upos) << '\t' << col(token.xpos) << "\t_\t" << (token.deprel.empty() ? std::string("_") : std::to_string(head))
          << '\t' << col(token.deprel) << "\t_\t";
      std::string misc = entity_labels[t];
      if (!token.space_after) misc += std::string(misc.empty() ? "" : "|") + "SpaceAfter=No";
      out << (misc.empty() ? std::string("_") : misc) << '\n';
    }
    out << '\n';
  }
}

}  // namespace dyad
