// Shared helpers for reading TABARI/PETRARCH text dictionaries (internal to src/actors, src/events).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/dictionaries.h"
#include "dyad/status.h"

namespace dyad::dict_text {

/// One line of a dictionary file, comments removed, with its number.
struct Line {
  uint32_t number = 0;   ///< 1-based
  std::string text;      ///< content with '#' comments and trailing blanks removed
  bool indented = false; ///< began with a space or tab
  bool comment = false;  ///< held only a comment (text is empty)
};

/// Reads `path` as text (bytes that are not valid UTF-8 are taken as Latin-1), strips '#'
/// comments and "<!-- -->" comment lines. Blank lines are kept (empty text).
Status ReadLines(const std::string& path, std::vector<Line>* lines);

/// Base name of a path, for evidence strings.
std::string BaseName(const std::string& path);

/// Error "file:line: message" (file = base name).
Status LineError(const std::string& path, uint32_t line, const std::string& message);

/// Trims ASCII blanks at both ends.
std::string_view Trim(std::string_view s);

/// Splits a dictionary name such as "UNITED_STATES_" or "CARLOS SANTOS_CRUZ" into a phrase:
/// words are separated by '_' or blanks; a trailing '_' makes the last word exact.
Phrase ParsePhrase(std::string_view name);

/// Upper-cases ASCII letters.
std::string UpperAscii(std::string_view s);

/// Parses the body of a bracketed actor code "CODE", "CODE >YYMMDD", "CODE <YYYYMMDD",
/// "CODE YYMMDD-YYMMDD". Returns false with `error` set when malformed.
bool ParseDatedCode(std::string_view body, DatedCode* code, std::string* error);

/// Reports a bad line: appends to `warnings` when given (the line is then skipped), otherwise
/// returns the error.
Status BadLine(const std::string& path, uint32_t line, const std::string& message,
               std::vector<std::string>* warnings);

}  // namespace dyad::dict_text
