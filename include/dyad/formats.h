// Input readers and output writers, created by name ("txt", "jsonl", "csv").
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

/// Options that apply while reading inputs.
struct ReadOptions {
  std::string default_date;           ///< date for documents that carry none (YYYY-MM-DD)
  size_t max_document_bytes = 16u << 20;  ///< larger documents are rejected with an error
};

/// Reads documents one at a time from a stream. A bad record yields an error status
/// naming the input and line; the reader stays usable for the next record.
class DocumentReader {
 public:
  virtual ~DocumentReader() = default;
  /// Reads the next document into `doc`. Returns false at end of input. When the record is
  /// bad, returns true and sets `status` to the error (doc is then unspecified).
  virtual bool Next(Document& doc, Status& status) = 0;
};

/// Creates a reader by format name over `input` (which must outlive the reader).
/// `input_name` is used in ids and messages (file name, or "-" for stdin).
Result<std::unique_ptr<DocumentReader>> CreateReader(const std::string& format, std::istream& input,
                                                     const std::string& input_name,
                                                     const ReadOptions& options);

/// The input format implied by a path's extension ("jsonl" for .jsonl/.json/.ndjson, "html" for
/// .html/.htm/.xhtml, "warc" for .warc, else "txt"), looking through a .gz or .zst suffix.
std::string FormatForPath(const std::string& path);

/// Opens an input file for reading; .gz (gzip) and .zst (Zstandard) files are decompressed
/// transparently, except .warc.gz, which the WARC reader inflates record by record itself.
Result<std::unique_ptr<std::istream>> OpenInput(const std::string& path);

/// An input opened for reading documents: the (possibly decompressing) stream and its reader.
struct OpenedInput {
  std::unique_ptr<std::istream> file;       ///< owned stream; empty when reading stdin
  std::istream* stream = nullptr;           ///< the stream the reader reads (file or std::cin)
  std::unique_ptr<DocumentReader> reader;   ///< reader for the input's format
};

/// Opens `input` ("-" is stdin) with OpenInput and creates the reader for `input_format`
/// ("auto" picks it by extension with FormatForPath).
Result<OpenedInput> OpenDocuments(const std::string& input, const std::string& input_format,
                                  const ReadOptions& options);

/// Deepest {}/[] nesting outside JSON strings: a cheap guard before a full JSON parse.
size_t JsonNestingDepth(std::string_view text);

/// True when `date` is a calendar-plausible YYYY-MM-DD string.
bool IsValidIsoDate(std::string_view date);

/// Options that apply while writing events.
struct WriteOptions {
  bool include_comments = false;  ///< also write events from reader comments (flagged)
  bool include_negated = true;    ///< write negated events (flagged with aux "negation")
};

/// Writes the events of documents to a stream.
class EventWriter {
 public:
  virtual ~EventWriter() = default;
  /// Writes all of `doc`'s events; returns the number written.
  virtual size_t Write(const Document& doc) = 0;
  /// Flushes and writes any trailer; returns an error when the stream failed.
  virtual Status Finish() = 0;
  /// An error once the output stream has failed (closed pipe, disk full), else ok.
  virtual Status Check() const = 0;
};

/// Creates a writer by format name ("jsonl", "csv") over `output`.
Result<std::unique_ptr<EventWriter>> CreateWriter(const std::string& format, std::ostream& output,
                                                  const WriteOptions& options);

/// Registered input format names.
std::vector<std::string> ReaderFormats();
/// Registered output format names.
std::vector<std::string> WriterFormats();

/// Factory signature for readers.
using ReaderFactory = std::function<std::unique_ptr<DocumentReader>(
    std::istream&, const std::string&, const ReadOptions&)>;
/// Factory signature for writers.
using WriterFactory = std::function<std::unique_ptr<EventWriter>(std::ostream&, const WriteOptions&)>;

/// Registers a reader format at static-init time.
struct ReaderRegistration {
  /// Registers `factory` as input format `name`.
  ReaderRegistration(const std::string& name, ReaderFactory factory);
};
/// Registers a writer format at static-init time.
struct WriterRegistration {
  /// Registers `factory` as output format `name`.
  WriterRegistration(const std::string& name, WriterFactory factory);
};

}  // namespace dyad
