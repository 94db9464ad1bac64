// Input format "warc": HTML responses from WARC/1.0 and WARC/1.1 files, plain or gzip
// (one record per gzip member, as Common Crawl writes them).
//
// Plain files are parsed as a stream of records framed by Content-Length; gzip files are
// inflated one member at a time and each member's records are parsed from memory. Damage is
// contained: a record with a bad header, a wrong Content-Length or a truncated body, and a gzip
// member that does not inflate, each yield one error naming the input and the byte offset, and
// reading resumes at the next record (the next "WARC/1." line or the next gzip member).
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <type_traits>

#include "dyad/ingest.h"
#include "ingest/web_text.h"

namespace dyad {
namespace {

using web::Lower;
using web::Trim;

constexpr size_t kChunk = 1 << 16;
constexpr size_t kMaxHeaderBytes = 1 << 20;
constexpr std::string_view kGzipMagic("\x1f\x8b\x08", 3);

// Headers of a WARC record or HTTP message, keyed by lower-cased name (first value wins).
using Headers = std::map<std::string, std::string>;

// Parses "Name: value" lines (folded continuation lines are appended) from `block`.
Headers ParseHeaderLines(std::string_view block) {
  Headers headers;
  std::string last;
  size_t begin = 0;
  while (begin < block.size()) {
    size_t end = block.find('\n', begin);
    if (end == std::string_view::npos) end = block.size();
    std::string_view line = block.substr(begin, end - begin);
    begin = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if ((line.front() == ' ' || line.front() == '\t') && !last.empty()) {
      headers[last] += " " + std::string(Trim(line));
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    last = Lower(Trim(line.substr(0, colon)));
    headers.emplace(last, std::string(Trim(line.substr(colon + 1))));
  }
  return headers;
}

std::string HeaderValue(const Headers& headers, const std::string& name) {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

// Parses a non-negative decimal; false when `s` is not one.
bool ParseSize(std::string_view s, uint64_t* value) {
  s = Trim(s);
  if (s.empty() || s.size() > 18) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *value = v;
  return true;
}

// Position just past the blank line ending a header block starting at `from`, or npos.
size_t HeaderEnd(std::string_view data, size_t from, size_t* body_start) {
  const size_t crlf = data.find("\r\n\r\n", from);
  const size_t lf = data.find("\n\n", from);
  if (crlf == std::string_view::npos && lf == std::string_view::npos) return std::string_view::npos;
  if (crlf != std::string_view::npos && (lf == std::string_view::npos || crlf < lf)) {
    *body_start = crlf + 4;
    return crlf;
  }
  *body_start = lf + 2;
  return lf;
}

// Decodes an HTTP/1.1 chunked body.
Result<std::string> Dechunk(std::string_view body) {
  std::string out;
  size_t pos = 0;
  while (true) {
    const size_t line_end = body.find('\n', pos);
    if (line_end == std::string_view::npos) return Status::Error("chunked body ends without a last chunk");
    std::string_view size_line = body.substr(pos, line_end - pos);
    size_line = size_line.substr(0, size_line.find(';'));
    size_line = Trim(size_line);
    uint64_t size = 0;
    if (size_line.empty() || size_line.size() > 15) return Status::Error("invalid chunk size line");
    for (char c : size_line) {
      const int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                        : (c >= 'a' && c <= 'f')                   ? c - 'a' + 10
                        : (c >= 'A' && c <= 'F')                   ? c - 'A' + 10
                                                                   : -1;
      if (digit < 0) return Status::Error("invalid chunk size '" + std::string(size_line) + "'");
      size = size * 16 + static_cast<uint64_t>(digit);
    }
    pos = line_end + 1;
    if (size == 0) return out;  // trailers, if any, are ignored
    if (size > body.size() - pos) return Status::Error("chunk of " + std::to_string(size) + " bytes is truncated");
    out.append(body.substr(pos, size));
    pos += size;
    if (body.substr(pos, 2) == "\r\n") pos += 2;
    else if (body.substr(pos, 1) == "\n") pos += 1;
  }
}

// Inflates a gzip or zlib (Content-Encoding: gzip / deflate) body, up to `limit` bytes.
Result<std::string> InflateBody(std::string_view body, size_t limit, bool raw_deflate) {
  z_stream z{};
  if (inflateInit2(&z, raw_deflate ? -MAX_WBITS : MAX_WBITS + 32) != Z_OK) return Status::Error("zlib init failed");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  z.avail_in = static_cast<uInt>(body.size());
  std::string out;
  char chunk[kChunk];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - z.avail_out);
    if (out.size() > limit) rc = Z_MEM_ERROR;
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && !out.empty())) {
    return Status::Error(rc == Z_MEM_ERROR ? "encoded body inflates past the size limit" : "corrupt encoded body");
  }
  return out;
}

bool LooksLikeHtml(std::string_view payload) {
  const std::string head = Lower(Trim(payload.substr(0, 1024)));
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0 ||
         head.find("<html") != std::string::npos || head.find("<body") != std::string::npos;
}

std::string HostWithoutWww(std::string_view url) {
  std::string host = UrlHost(url);
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

// Reads raw bytes from a stream into a sliding window with absolute offsets.
class Window {
 public:
  explicit Window(std::istream& input) : input_(input) {}

  // Makes at least `n` bytes available after `pos`; false at end of input.
  bool Ensure(size_t pos, size_t n) {
    while (data_.size() < pos + n) {
      if (!input_) return false;
      const size_t old = data_.size();
      data_.resize(old + kChunk);
      input_.read(data_.data() + old, kChunk);
      data_.resize(old + static_cast<size_t>(input_.gcount()));
      if (data_.size() == old) return false;
    }
    return true;
  }
  // Drops bytes before `pos` (which becomes 0); returns the number dropped.
  size_t Discard(size_t pos) {
    pos = std::min(pos, data_.size());
    data_.erase(0, pos);
    base_ += pos;
    return pos;
  }
  std::string_view data() const { return data_; }
  uint64_t base() const { return base_; }

 private:
  std::istream& input_;
  std::string data_;
  uint64_t base_ = 0;
};

// One framed WARC record.
struct RawRecord {
  uint64_t offset = 0;  // offset of the record (or its gzip member) in the input
  Headers headers;
  std::string content;
};

class WarcReaderImpl : public WarcReader {
 public:
  WarcReaderImpl(std::istream& input, std::string name, ReadOptions options)
      : window_(input), name_(std::move(name)), options_(std::move(options)),
        max_record_bytes_(options_.max_document_bytes * 4 + kMaxHeaderBytes) {}
  ~WarcReaderImpl() override {
    if (inflater_ready_) inflateEnd(&inflater_);
  }

  const WarcCounts& counts() const override { return counts_; }

  bool Next(Document& doc, Status& status) override {
    while (true) {
      RawRecord record;
      Status framing;
      if (!NextRecord(record, framing)) return false;
      ++counts_.records;
      doc = Document();
      doc.origin = name_ + ":" + std::to_string(record.offset);
      if (!framing.ok()) {
        ++counts_.errors;
        status = Status::Error(Where(record.offset) + framing.message());
        return true;
      }
      Status converted;
      if (!ToDocument(record, doc, converted)) continue;  // skipped, counted
      ++counts_.documents;
      status = converted.ok() ? converted : Status::Error(Where(record.offset) + converted.message());
      return true;
    }
  }

 private:
  std::string Where(uint64_t offset) const {
    return name_ + ": WARC record at offset " + std::to_string(offset) + ": ";
  }

  // ---- framing -------------------------------------------------------------------------------

  // Next record from the input. Returns false at end; a damaged record is returned with
  // `status` set and `record.offset` filled.
  bool NextRecord(RawRecord& record, Status& status) {
    if (!mode_known_) {
      mode_known_ = true;
      gzip_ = window_.Ensure(0, 2) && window_.data().substr(0, 2) == kGzipMagic.substr(0, 2);
    }
    if (!gzip_) return ParseRecord(window_, record, status);
    while (true) {
      if (member_pos_ < member_.size()) {
        std::string_view rest = std::string_view(member_).substr(member_pos_);
        if (!Trim(rest).empty()) {
          MemoryView view(member_, member_pos_);
          const bool got = ParseRecord(view, record, status);
          member_pos_ = view.pos;
          if (got) {
            record.offset = member_offset_;
            return true;
          }
        }
      }
      member_.clear();
      member_pos_ = 0;
      Status member_status;
      if (!NextMember(member_status)) return false;
      if (!member_status.ok()) {
        record.offset = member_offset_;
        status = member_status;
        return true;
      }
    }
  }

  // A byte view over a complete gzip member's contents, with the same interface as Window.
  struct MemoryView {
    MemoryView(const std::string& data, size_t start) : bytes(data), pos(start) {}
    bool Ensure(size_t at, size_t n) const { return at + n <= bytes.size(); }
    std::string_view data() const { return bytes; }
    uint64_t base() const { return 0; }
    const std::string& bytes;
    size_t pos;
  };

  // Parses one record from `source` (Window over a plain file, or MemoryView over a member).
  // For a Window, `pos` is always 0 after Discard; for a MemoryView, parsing starts at view.pos.
  template <typename Source>
  bool ParseRecord(Source& source, RawRecord& record, Status& status) {
    size_t pos = StartOf(source);
    // Skip blank lines between records.
    while (source.Ensure(pos, 1) && std::isspace(static_cast<unsigned char>(source.data()[pos]))) ++pos;
    if (!source.Ensure(pos, 1)) {
      Consume(source, pos);
      return false;
    }
    record.offset = source.base() + pos;
    if (!source.Ensure(pos, 7) || source.data().substr(pos, 7) != "WARC/1.") {
      status = Status::Error("expected a 'WARC/1.x' header line");
      Resync(source, pos + 1);
      return true;
    }
    size_t body_start = 0, header_end = std::string_view::npos;
    size_t searched = pos;
    while (true) {
      header_end = HeaderEnd(source.data(), searched, &body_start);
      if (header_end != std::string_view::npos) break;
      searched = std::max(pos, source.data().size() >= 3 ? source.data().size() - 3 : pos);
      if (source.data().size() - pos > kMaxHeaderBytes || !source.Ensure(source.data().size(), 1)) {
        status = Status::Error("truncated or oversized WARC header");
        Resync(source, pos + 1);
        return true;
      }
    }
    const std::string_view header_block = source.data().substr(pos, header_end - pos);
    const size_t version_end = header_block.find('\n');
    record.headers = ParseHeaderLines(version_end == std::string_view::npos ? std::string_view()
                                                                             : header_block.substr(version_end + 1));
    uint64_t length = 0;
    if (!ParseSize(HeaderValue(record.headers, "content-length"), &length)) {
      status = Status::Error("missing or invalid Content-Length");
      Resync(source, pos + 1);
      return true;
    }
    if (length > max_record_bytes_) {
      status = Status::Error("record of " + std::to_string(length) + " bytes is over the limit of " +
                             std::to_string(max_record_bytes_));
      Resync(source, body_start);
      return true;
    }
    if (!source.Ensure(body_start, static_cast<size_t>(length))) {
      const size_t present = source.data().size() - std::min(source.data().size(), body_start);
      status = Status::Error("truncated record: Content-Length " + std::to_string(length) + " but only " +
                             std::to_string(present) + " bytes follow");
      // The next record may start inside what we took for this one's content.
      Resync(source, body_start);
      return true;
    }
    const size_t content_end = body_start + static_cast<size_t>(length);
    // Records end with CRLF CRLF; tolerate a bare LF LF or the end of the input / member.
    size_t next = content_end;
    const bool at_end = !source.Ensure(content_end, 1);
    if (!at_end) {
      source.Ensure(content_end, 4);
      const std::string_view trailer = source.data().substr(content_end, 4);
      if (trailer.substr(0, 4) == "\r\n\r\n") next += 4;
      else if (trailer.substr(0, 2) == "\n\n") next += 2;
      else {
        status = Status::Error("record does not end where its Content-Length " + std::to_string(length) +
                               " says (missing CRLF CRLF)");
        Resync(source, body_start);
        return true;
      }
    }
    record.content.assign(source.data().substr(body_start, static_cast<size_t>(length)));
    Consume(source, next);
    return true;
  }

  static size_t StartOf(Window&) { return 0; }
  static size_t StartOf(MemoryView& view) { return view.pos; }
  static void Consume(Window& window, size_t pos) { window.Discard(pos); }
  static void Consume(MemoryView& view, size_t pos) { view.pos = pos; }

  // Moves to the next line starting with "WARC/1." at or after `from` (or to the end).
  template <typename Source>
  static void Resync(Source& source, size_t from) {
    size_t search = from;
    while (true) {
      const std::string_view data = source.data();
      size_t hit = data.find("WARC/1.", std::min(search, data.size()));
      while (hit != std::string_view::npos && hit > 0 && data[hit - 1] != '\n') hit = data.find("WARC/1.", hit + 1);
      if (hit != std::string_view::npos) {
        Consume(source, hit);
        return;
      }
      const size_t size = data.size();
      if (size > 7) search = std::max(search, size - 7);  // the marker may straddle the end
      if (!source.Ensure(size, 1)) {
        Consume(source, size);
        return;
      }
      if constexpr (std::is_same_v<Source, Window>) {  // keep the window small while scanning
        const size_t drop = search > 1 ? search - 1 : 0;
        source.Discard(drop);
        search -= drop;
      }
    }
  }

  // ---- gzip members --------------------------------------------------------------------------

  // Inflates the next gzip member into member_. Returns false at end of input; a member that
  // fails to inflate sets `status` (once per damaged stretch) and skips to the next member.
  bool NextMember(Status& status) {
    while (true) {
      if (!window_.Ensure(0, 1)) return false;
      member_offset_ = window_.base();
      if (!window_.Ensure(0, 3) || window_.data().substr(0, 3) != kGzipMagic) {
        const bool report = !resyncing_;
        SkipToNextMagic(1);
        if (report) {
          status = Status::Error("bytes between gzip members are not a gzip member");
          return true;
        }
        continue;
      }
      const Status inflated = InflateMember();
      if (inflated.ok()) {
        resyncing_ = false;
        return true;
      }
      if (!resyncing_) {
        status = inflated;
        SkipToNextMagic(1);
        resyncing_ = true;
        return true;
      }
      SkipToNextMagic(1);
    }
  }

  void SkipToNextMagic(size_t from) {
    while (true) {
      const size_t hit = window_.data().find(kGzipMagic, from);
      if (hit != std::string_view::npos) {
        window_.Discard(hit);
        return;
      }
      const size_t keep = std::min<size_t>(2, window_.data().size());
      const size_t size = window_.data().size();
      window_.Discard(size - keep);
      from = 0;
      if (!window_.Ensure(window_.data().size(), 1)) {
        window_.Discard(window_.data().size());
        return;
      }
    }
  }

  Status InflateMember() {
    if (!inflater_ready_) {
      if (inflateInit2(&inflater_, 16 + MAX_WBITS) != Z_OK) return Status::Error("zlib init failed");
      inflater_ready_ = true;
    } else {
      inflateReset(&inflater_);
    }
    member_.clear();
    member_pos_ = 0;
    size_t consumed = 0;
    char chunk[kChunk];
    while (true) {
      if (consumed == window_.data().size() && !window_.Ensure(consumed, 1)) {
        member_.clear();
        window_.Discard(window_.data().size());
        return Status::Error("truncated gzip member");
      }
      const std::string_view data = window_.data();
      inflater_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + consumed));
      inflater_.avail_in = static_cast<uInt>(data.size() - consumed);
      inflater_.next_out = reinterpret_cast<Bytef*>(chunk);
      inflater_.avail_out = sizeof chunk;
      const int rc = inflate(&inflater_, Z_NO_FLUSH);
      consumed = data.size() - inflater_.avail_in;
      member_.append(chunk, sizeof chunk - inflater_.avail_out);
      if (rc == Z_STREAM_END) {
        window_.Discard(consumed);
        return Status::Ok();
      }
      if (rc != Z_OK && rc != Z_BUF_ERROR) {
        member_.clear();
        return Status::Error(std::string("corrupt gzip member (") + (inflater_.msg ? inflater_.msg : "zlib error") + ")");
      }
      if (member_.size() > max_record_bytes_ + kMaxHeaderBytes) {
        member_.clear();
        return Status::Error("gzip member inflates past the record size limit");
      }
    }
  }

  // ---- records to documents ------------------------------------------------------------------

  // Turns an HTML response into `doc`. Returns false when the record is skipped (and counted);
  // true with `status` set when it is an HTML response that cannot be used.
  bool ToDocument(const RawRecord& record, Document& doc, Status& status) {
    if (Lower(HeaderValue(record.headers, "warc-type")) != "response") {
      ++counts_.skipped_type;
      return false;
    }
    const std::string record_type = Lower(HeaderValue(record.headers, "content-type"));
    if (!record_type.empty() && record_type.find("application/http") == std::string::npos) {
      ++counts_.skipped_not_html;
      return false;
    }
    const std::string_view message = record.content;
    size_t body_start = 0;
    const size_t header_end = HeaderEnd(message, 0, &body_start);
    if (message.substr(0, 5) != "HTTP/" || header_end == std::string_view::npos) {
      status = Status::Error("response record holds no HTTP response header");
      return true;
    }
    const std::string_view status_line = message.substr(0, message.find('\n'));
    const size_t space = status_line.find(' ');
    const std::string_view code = space == std::string_view::npos ? std::string_view() : Trim(status_line.substr(space + 1, 4));
    if (code.empty() || code[0] != '2') {
      ++counts_.skipped_status;
      return false;
    }
    const size_t first_header = message.find('\n') + 1;
    const Headers http = ParseHeaderLines(message.substr(first_header, header_end - std::min(header_end, first_header)));
    std::string_view payload = message.substr(body_start);
    const std::string content_type = Lower(HeaderValue(http, "content-type"));
    const bool html_type = content_type.find("text/html") != std::string::npos ||
                           content_type.find("application/xhtml+xml") != std::string::npos;
    if (!html_type && !(content_type.empty() && LooksLikeHtml(payload))) {
      ++counts_.skipped_not_html;
      return false;
    }
    std::string decoded;
    if (Lower(HeaderValue(http, "transfer-encoding")).find("chunked") != std::string::npos) {
      auto body = Dechunk(payload);
      if (!body.ok()) {
        status = body.status();
        return true;
      }
      decoded = std::move(body).value();
      payload = decoded;
    } else if (uint64_t length = 0; ParseSize(HeaderValue(http, "content-length"), &length) && length < payload.size()) {
      payload = payload.substr(0, static_cast<size_t>(length));
    }
    const std::string encoding = Lower(HeaderValue(http, "content-encoding"));
    if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
      auto body = InflateBody(payload, max_record_bytes_, false);
      if (!body.ok() && encoding == "deflate") body = InflateBody(payload, max_record_bytes_, true);
      if (!body.ok()) {
        status = body.status();
        return true;
      }
      decoded = std::move(body).value();
      payload = decoded;
    } else if (!encoding.empty() && encoding != "identity") {
      status = Status::Error("unsupported Content-Encoding '" + encoding + "'");
      return true;
    }

    const std::string target = HeaderValue(record.headers, "warc-target-uri");
    std::string record_id = HeaderValue(record.headers, "warc-record-id");
    if (record_id.size() >= 2 && record_id.front() == '<' && record_id.back() == '>') {
      record_id = record_id.substr(1, record_id.size() - 2);
    }
    doc.id = !record_id.empty() ? record_id : !target.empty() ? target : doc.origin;
    doc.url = target;
    doc.source = HostWithoutWww(target);
    auto page = ExtractHtml(payload, target, web::CharsetOf(content_type));
    if (!page.ok()) {
      status = Status::Error((target.empty() ? std::string() : target + ": ") + page.status().message());
      return true;
    }
    doc.text = std::move(page->text);
    doc.title = std::move(page->title);
    doc.byline = std::move(page->byline);
    doc.date = page->date;
    if (doc.date.empty()) doc.date = NormalizeWebDate(HeaderValue(record.headers, "warc-date"));
    if (doc.date.empty()) doc.date = options_.default_date;
    if (doc.text.size() > options_.max_document_bytes) {
      status = Status::Error("main text is over the limit of " + std::to_string(options_.max_document_bytes) + " bytes");
    }
    return true;
  }

  Window window_;
  std::string name_;
  ReadOptions options_;
  size_t max_record_bytes_;
  WarcCounts counts_;
  bool mode_known_ = false;
  bool gzip_ = false;
  // gzip state: the current member's inflated bytes and the read position within them.
  z_stream inflater_{};
  bool inflater_ready_ = false;
  bool resyncing_ = false;
  std::string member_;
  size_t member_pos_ = 0;
  uint64_t member_offset_ = 0;
};

const ReaderRegistration kWarc("warc", [](std::istream& in, const std::string& name, const ReadOptions& options) {
  return std::unique_ptr<DocumentReader>(CreateWarcReader(in, name, options));
});

}  // namespace

std::unique_ptr<WarcReader> CreateWarcReader(std::istream& input, const std::string& input_name,
                                             const ReadOptions& options) {
  return std::make_unique<WarcReaderImpl>(input, input_name, options);
}

}  // namespace dyad
