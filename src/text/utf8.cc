#include <string>

#include "dyad/text.h"

namespace dyad {

Status ValidateUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      if (c == 0) return Status::Error("NUL byte at byte offset " + std::to_string(i) + " (binary data?)");
      ++i;
      continue;
    }
    size_t len = 0;
    char32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return Status::Error("invalid UTF-8 lead byte 0x" + std::string(1, "0123456789abcdef"[c >> 4]) +
                           std::string(1, "0123456789abcdef"[c & 15]) + " at byte offset " + std::to_string(i));
    }
    if (i + len > n) return Status::Error("truncated UTF-8 sequence at byte offset " + std::to_string(i));
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) {
        return Status::Error("invalid UTF-8 continuation byte at byte offset " + std::to_string(i + k));
      }
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return Status::Error("invalid UTF-8 code point at byte offset " + std::to_string(i));
    }
    i += len;
  }
  return Status::Ok();
}

char32_t DecodeUtf8(std::string_view text, size_t pos, size_t* length) {
  const auto c = static_cast<unsigned char>(text[pos]);
  size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  if (pos + len > text.size()) len = 1;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[pos + k]) & 0x3F);
  *length = len;
  return cp;
}

}  // namespace dyad
