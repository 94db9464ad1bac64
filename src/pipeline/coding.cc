#include "dyad/coding.h"

#include <fstream>
#include <iostream>

namespace dyad {

Status CodeInputs(const std::vector<std::string>& inputs, const std::string& input_format,
                  const ReadOptions& read_options, const Pipeline& pipeline, EventWriter& writer,
                  std::ostream& errors, CodingSummary* summary) {
  for (const std::string& input : inputs) {
    std::ifstream file;
    std::istream* stream = &std::cin;
    if (input != "-") {
      file.open(input, std::ios::binary);
      if (!file) return Status::Error(input + ": cannot open");
      stream = &file;
    }
    const std::string format = input_format == "auto" ? FormatForPath(input) : input_format;
    auto reader = CreateReader(format, *stream, input, read_options);
    if (!reader.ok()) return reader.status();
    Document doc;
    Status status;
    while (reader.value()->Next(doc, status)) {
      ++summary->documents_read;
      if (status.ok()) status = pipeline.Process(doc).WithContext(doc.origin);
      if (!status.ok()) {
        ++summary->documents_failed;
        errors << "dyad: error: " << status.message() << "\n";
        continue;
      }
      ++summary->documents_coded;
      summary->sentences += doc.sentences.size();
      summary->tokens += doc.tokens.size();
      summary->events += writer.Write(doc);
      DYAD_RETURN_IF_ERROR(writer.Check());
    }
    if (file.is_open() && file.bad()) return Status::Error(input + ": read error");
  }
  return writer.Finish();
}

}  // namespace dyad
