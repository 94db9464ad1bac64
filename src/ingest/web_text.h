// Small text helpers shared by the HTML and WARC readers.
#pragma once

#include <string>
#include <string_view>

namespace dyad::web {

/// ASCII lower-case copy.
std::string Lower(std::string_view s);

/// `s` without leading and trailing ASCII whitespace.
std::string_view Trim(std::string_view s);

/// True when `s` starts with `prefix`, ignoring ASCII case.
bool StartsWithNoCase(std::string_view s, std::string_view prefix);

/// The value of `charset=` in a Content-Type style string, lower-cased; empty when absent.
std::string CharsetOf(std::string_view content_type);

/// True when `bytes` is well-formed UTF-8.
bool IsValidUtf8(std::string_view bytes);

/// Converts windows-1252 (a superset of ISO-8859-1 for printable text) to UTF-8.
std::string Windows1252ToUtf8(std::string_view bytes);

}  // namespace dyad::web
