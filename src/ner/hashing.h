// Hashing helpers shared by the NER features and gazetteer (internal).
#pragma once

#include <cstdint>
#include <string_view>

namespace dyad::ner {

/// Finalising bit mixer (64-bit).
inline uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

/// Order-dependent combination of two hashes.
inline uint64_t Combine(uint64_t a, uint64_t b) { return Mix(a * 0x9E3779B97F4A7C15ULL + b + 0x632BE59BD9B4E019ULL); }

/// Hash of a byte string.
inline uint64_t HashBytes(std::string_view s) {
  uint64_t h = 1469598103934665603ULL ^ s.size();
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return Mix(h);
}

}  // namespace dyad::ner
