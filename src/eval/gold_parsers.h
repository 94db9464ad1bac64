// Internal: the two gold-file parsers behind ParseGold, and shared text helpers.
#pragma once

#include <string>
#include <string_view>

#include "dyad/eval_events.h"

namespace dyad::eval_internal {

/// Parses PETRARCH validation XML, tolerating the self-closed <Sentence .../> records of the
/// PETR-2 gold file (their codings and text follow as siblings up to a stray </Sentence>).
Result<GoldSet> ParsePetrXml(std::string_view content, const std::string& name);

/// Parses a PLOVER gold JSON array; codings of the same text are merged into one sentence.
Result<GoldSet> ParsePloverJson(std::string_view content, const std::string& name);

/// `text` with whitespace runs collapsed to single spaces and both ends trimmed.
std::string CollapseWhitespace(std::string_view text);

}  // namespace dyad::eval_internal
