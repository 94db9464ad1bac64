// Opening inputs: plain files, gzip (.gz) and Zstandard (.zst) files are read transparently.
#include <zlib.h>
#include <zstd.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "dyad/formats.h"

namespace dyad {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Stream buffer over a gzip file (zlib also reads uncompressed files unchanged).
class GzipBuffer : public std::streambuf {
 public:
  explicit GzipBuffer(gzFile file) : file_(file) {}
  ~GzipBuffer() override { gzclose(file_); }
  bool failed() const { return failed_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    const int n = gzread(file_, buffer_.data(), static_cast<unsigned>(buffer_.size()));
    if (n < 0) failed_ = true;
    if (n <= 0) return traits_type::eof();
    setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  gzFile file_;
  bool failed_ = false;
  std::array<char, 1 << 16> buffer_{};
};

// Stream buffer decompressing a Zstandard file frame by frame.
class ZstdBuffer : public std::streambuf {
 public:
  explicit ZstdBuffer(std::FILE* file) : file_(file), stream_(ZSTD_createDStream()) {
    ZSTD_initDStream(stream_);
    input_.resize(ZSTD_DStreamInSize());
    output_.resize(ZSTD_DStreamOutSize());
  }
  ~ZstdBuffer() override {
    ZSTD_freeDStream(stream_);
    std::fclose(file_);
  }
  bool failed() const { return failed_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    while (true) {
      if (in_.pos == in_.size) {
        const size_t n = std::fread(input_.data(), 1, input_.size(), file_);
        if (n == 0) return traits_type::eof();
        in_ = {input_.data(), n, 0};
      }
      ZSTD_outBuffer out{output_.data(), output_.size(), 0};
      const size_t rc = ZSTD_decompressStream(stream_, &out, &in_);
      if (ZSTD_isError(rc)) {
        failed_ = true;
        return traits_type::eof();
      }
      if (out.pos > 0) {
        setg(output_.data(), output_.data(), output_.data() + out.pos);
        return traits_type::to_int_type(*gptr());
      }
    }
  }

 private:
  std::FILE* file_;
  ZSTD_DStream* stream_;
  std::vector<char> input_, output_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  bool failed_ = false;
};

// An istream that owns its stream buffer.
template <typename Buffer>
class OwningStream : public std::istream {
 public:
  explicit OwningStream(std::unique_ptr<Buffer> buffer) : std::istream(buffer.get()), buffer_(std::move(buffer)) {}

 private:
  std::unique_ptr<Buffer> buffer_;
};

}  // namespace

std::string FormatForPath(const std::string& path) {
  std::string name = path;
  for (const char* suffix : {".gz", ".zst"}) {
    if (EndsWith(name, suffix)) name.resize(name.size() - std::string(suffix).size());
  }
  if (EndsWith(name, ".jsonl") || EndsWith(name, ".json") || EndsWith(name, ".ndjson")) return "jsonl";
  if (EndsWith(name, ".html") || EndsWith(name, ".htm") || EndsWith(name, ".xhtml")) return "html";
  if (EndsWith(name, ".warc")) return "warc";
  return "txt";
}

Result<std::unique_ptr<std::istream>> OpenInput(const std::string& path) {
  // A gzip WARC is handed over compressed: the WARC reader inflates it member by member, so a
  // corrupt member costs one record, not the rest of the file.
  if (EndsWith(path, ".gz") && !EndsWith(path, ".warc.gz")) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr) return Status::Error(path + ": cannot open");
    return std::unique_ptr<std::istream>(new OwningStream<GzipBuffer>(std::make_unique<GzipBuffer>(file)));
  }
  if (EndsWith(path, ".zst")) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return Status::Error(path + ": cannot open");
    return std::unique_ptr<std::istream>(new OwningStream<ZstdBuffer>(std::make_unique<ZstdBuffer>(file)));
  }
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file) return Status::Error(path + ": cannot open");
  return std::unique_ptr<std::istream>(std::move(file));
}

}  // namespace dyad
