// Layout helpers for the tagger model payload: 8-byte-aligned arrays that are used in place
// from the memory-mapped file (no copying or rebuilding at load time).
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include "dyad/binary_format.h"

namespace dyad::tag_internal {

/// Appends an array as: zero padding to an 8-byte boundary, u64 count, raw elements.
template <typename T>
void PutAlignedArray(BinaryWriter& writer, const std::vector<T>& values) {
  static_assert(std::is_trivially_copyable_v<T>);
  while (writer.payload().size() % 8 != 0) writer.Put<uint8_t>(0);
  writer.PutVector(values);
}

/// Reads a payload written with BinaryWriter and PutAlignedArray, returning views into it.
class PayloadCursor {
 public:
  /// Reads from `payload`, which must start at an 8-byte-aligned address.
  explicit PayloadCursor(std::string_view payload)
      : data_(payload), ok_(reinterpret_cast<uintptr_t>(payload.data()) % 8 == 0) {}

  /// Reads a trivially copyable value.
  template <typename T>
  T Get() {
    T value{};
    if (!Need(sizeof(T))) return value;
    std::memcpy(&value, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }
  /// Reads a u32-length-prefixed string as a view.
  std::string_view String() {
    const uint32_t n = Get<uint32_t>();
    if (!Need(n)) return {};
    std::string_view s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  /// Reads an array written by PutAlignedArray as a view.
  template <typename T>
  std::span<const T> Array() {
    while (ok_ && pos_ % 8 != 0) {
      if (!Need(1)) return {};
      ++pos_;
    }
    const uint64_t n = Get<uint64_t>();
    if (!ok_ || n > (data_.size() - pos_) / sizeof(T)) {
      ok_ = false;
      return {};
    }
    std::span<const T> values(reinterpret_cast<const T*>(data_.data() + pos_), n);
    pos_ += n * sizeof(T);
    return values;
  }
  /// False once a read ran past the end or the payload was misaligned.
  bool ok() const { return ok_; }
  /// True when every byte has been consumed.
  bool AtEnd() const { return pos_ == data_.size(); }

 private:
  bool Need(uint64_t n) {
    if (!ok_ || n > data_.size() - pos_) ok_ = false;
    return ok_;
  }
  std::string_view data_;
  size_t pos_ = 0;
  bool ok_;
};

}  // namespace dyad::tag_internal
