// Text front end: UTF-8 validation, tokenization and sentence splitting.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

/// Checks that `text` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF)
/// and contains no NUL bytes. On failure the message names the byte offset of the problem.
Status ValidateUtf8(std::string_view text);

/// Decodes the code point starting at byte `pos` of valid UTF-8 `text`; sets `*length` to its
/// byte length.
char32_t DecodeUtf8(std::string_view text, size_t pos, size_t* length);

/// Limits that keep tokenization linear and sentences a manageable size.
struct TokenizerOptions {
  size_t max_sentence_tokens = 250;  ///< longer sentences are split at this many tokens
};

/// Splits `text` (valid UTF-8) into tokens and sentences following Penn Treebank / UD English
/// conventions: punctuation and contractions split off, abbreviations (U.S., Gen., Jan.),
/// initials, decimals, URLs kept whole; a line break ends a sentence unless the next line
/// continues it in lower case. Token offsets are byte offsets into `text`. Returns how many
/// times a sentence was cut because it reached `options.max_sentence_tokens`.
size_t Tokenize(std::string_view text, const TokenizerOptions& options, std::vector<Token>* tokens,
              std::vector<Sentence>* sentences);

/// True when `word` (with its final period) is a known abbreviation such as "Gen." or "U.S.".
bool IsAbbreviation(std::string_view word);

}  // namespace dyad
