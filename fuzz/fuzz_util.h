// Helpers shared by the libFuzzer targets.
#pragma once

#include <cstdlib>
#include <cstdio>

#include "dyad/document.h"

namespace dyad::fuzz {

/// Aborts (a finding for the fuzzer) when token and sentence offsets are inconsistent.
inline void CheckDocumentInvariants(const Document& doc) {
  uint32_t previous_end = 0;
  for (const Token& t : doc.tokens) {
    if (t.begin >= t.end || t.end > doc.text.size() || t.begin < previous_end) {
      std::fprintf(stderr, "bad token span [%u,%u) in text of %zu bytes\n", t.begin, t.end, doc.text.size());
      std::abort();
    }
    previous_end = t.end;
  }
  uint32_t expected_first = 0;
  for (const Sentence& s : doc.sentences) {
    if (s.first_token != expected_first || s.end_token <= s.first_token || s.end_token > doc.tokens.size()) {
      std::fprintf(stderr, "sentences do not tile the tokens\n");
      std::abort();
    }
    expected_first = s.end_token;
  }
  if (expected_first != doc.tokens.size()) {
    std::fprintf(stderr, "tokens outside any sentence\n");
    std::abort();
  }
}

}  // namespace dyad::fuzz
