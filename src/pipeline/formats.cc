#include "dyad/formats.h"

#include <iostream>
#include <map>

namespace dyad {
namespace {

std::map<std::string, ReaderFactory>& Readers() {
  static std::map<std::string, ReaderFactory> readers;
  return readers;
}

std::map<std::string, WriterFactory>& Writers() {
  static std::map<std::string, WriterFactory> writers;
  return writers;
}

template <typename Map>
std::vector<std::string> Keys(const Map& map) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : map) keys.push_back(k);
  return keys;
}

template <typename Map>
std::string KnownList(const Map& map) {
  std::string out;
  for (const auto& k : Keys(map)) out += (out.empty() ? "" : ", ") + k;
  return out;
}

}  // namespace

ReaderRegistration::ReaderRegistration(const std::string& name, ReaderFactory factory) {
  Readers()[name] = std::move(factory);
}

WriterRegistration::WriterRegistration(const std::string& name, WriterFactory factory) {
  Writers()[name] = std::move(factory);
}

Result<std::unique_ptr<DocumentReader>> CreateReader(const std::string& format, std::istream& input,
                                                     const std::string& input_name,
                                                     const ReadOptions& options) {
  auto it = Readers().find(format);
  if (it == Readers().end()) {
    return Status::Error("unknown input format '" + format + "' (known: " + KnownList(Readers()) + ")");
  }
  return it->second(input, input_name, options);
}

Result<OpenedInput> OpenDocuments(const std::string& input, const std::string& input_format,
                                  const ReadOptions& options) {
  OpenedInput opened;
  opened.stream = &std::cin;
  if (input != "-") {
    auto file = OpenInput(input);
    if (!file.ok()) return file.status();
    opened.file = std::move(file).value();
    opened.stream = opened.file.get();
  }
  const std::string format = input_format == "auto" ? FormatForPath(input) : input_format;
  auto reader = CreateReader(format, *opened.stream, input, options);
  if (!reader.ok()) return reader.status();
  opened.reader = std::move(reader).value();
  return opened;
}

Result<std::unique_ptr<EventWriter>> CreateWriter(const std::string& format, std::ostream& output,
                                                  const WriteOptions& options) {
  auto it = Writers().find(format);
  if (it == Writers().end()) {
    return Status::Error("unknown output format '" + format + "' (known: " + KnownList(Writers()) + ")");
  }
  return it->second(output, options);
}

std::vector<std::string> ReaderFormats() { return Keys(Readers()); }
std::vector<std::string> WriterFormats() { return Keys(Writers()); }

}  // namespace dyad
