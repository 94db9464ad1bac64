// Compact binary files for models and dictionaries: magic number, format version,
// payload size and checksum, memory-mapped on load.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "dyad/status.h"

namespace dyad {

/// Appends values to an in-memory payload, then saves it with a validated header.
class BinaryWriter {
 public:
  /// Appends a trivially copyable value.
  template <typename T>
  void Put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    const char* p = reinterpret_cast<const char*>(&value);
    buffer_.append(p, sizeof(T));
  }
  /// Appends raw bytes with no length prefix.
  void PutBytes(std::string_view bytes) { buffer_.append(bytes.data(), bytes.size()); }
  /// Appends a length-prefixed string.
  void PutString(std::string_view s) {
    Put<uint32_t>(static_cast<uint32_t>(s.size()));
    buffer_.append(s.data(), s.size());
  }
  /// Appends a length-prefixed array of trivially copyable values.
  template <typename T>
  void PutVector(const std::vector<T>& values) {
    static_assert(std::is_trivially_copyable_v<T>);
    Put<uint64_t>(values.size());
    buffer_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  }
  /// Appends a length-prefixed list of strings.
  void PutStrings(const std::vector<std::string>& values) {
    Put<uint64_t>(values.size());
    for (const auto& s : values) PutString(s);
  }
  /// The payload written so far.
  const std::string& payload() const { return buffer_; }
  /// Writes header + payload to `path` atomically (temporary file, then rename).
  Status Save(const std::string& path, std::string_view magic, uint32_t version) const;

 private:
  std::string buffer_;
};

/// Reads values back from a payload, with bounds checks. After any out-of-bounds read
/// ok() turns false and further reads return zero values.
class BinaryReader {
 public:
  /// Reads from `payload` (not owned).
  explicit BinaryReader(std::string_view payload) : data_(payload) {}
  /// Reads a trivially copyable value.
  template <typename T>
  T Get() {
    static_assert(std::is_trivially_copyable_v<T>);
    T value{};
    if (!Need(sizeof(T))) return value;
    std::memcpy(&value, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }
  /// Reads a length-prefixed string.
  std::string GetString() { return std::string(GetStringView()); }
  /// Reads a length-prefixed string as a view into the payload.
  std::string_view GetStringView() {
    uint32_t n = Get<uint32_t>();
    if (!Need(n)) return {};
    std::string_view s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  /// Reads a length-prefixed array.
  template <typename T>
  std::vector<T> GetVector() {
    static_assert(std::is_trivially_copyable_v<T>);
    uint64_t n = Get<uint64_t>();
    std::vector<T> values;
    if (n > (data_.size() - pos_) / (sizeof(T) ? sizeof(T) : 1) || !Need(n * sizeof(T))) {
      ok_ = false;
      return values;
    }
    values.resize(n);
    if (n > 0) std::memcpy(values.data(), data_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
    return values;
  }
  /// Reads a length-prefixed list of strings.
  std::vector<std::string> GetStrings() {
    uint64_t n = Get<uint64_t>();
    std::vector<std::string> values;
    if (n > data_.size() - pos_) {
      ok_ = false;
      return values;
    }
    values.reserve(n);
    for (uint64_t i = 0; i < n && ok_; ++i) values.push_back(GetString());
    return values;
  }
  /// False once any read ran past the end of the payload.
  bool ok() const { return ok_; }
  /// True when every byte has been consumed.
  bool AtEnd() const { return pos_ == data_.size(); }

 private:
  bool Need(uint64_t n) {
    if (!ok_ || n > data_.size() - pos_) {
      ok_ = false;
      return false;
    }
    return true;
  }
  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

/// A read-only memory-mapped binary file whose header has been validated.
class MappedBinaryFile {
 public:
  /// Maps `path` and checks magic, version and checksum. `what` names the kind of file in
  /// messages (e.g. "actor dictionary"); the message says how to rebuild it.
  static Result<std::shared_ptr<MappedBinaryFile>> Open(const std::string& path, std::string_view magic,
                                                        uint32_t version, std::string_view what);
  ~MappedBinaryFile();
  MappedBinaryFile(const MappedBinaryFile&) = delete;
  MappedBinaryFile& operator=(const MappedBinaryFile&) = delete;
  /// The payload after the header.
  std::string_view payload() const { return payload_; }
  /// The file's path.
  const std::string& path() const { return path_; }

 private:
  MappedBinaryFile() = default;
  std::string path_;
  void* mapping_ = nullptr;
  size_t mapping_size_ = 0;
  std::string_view payload_;
};

/// 64-bit FNV-1a hash of `data` (used as the payload checksum).
uint64_t Fnv1a64(std::string_view data);

}  // namespace dyad
