// The event record: dyad's stable output format (one JSON object per event).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "dyad/document.h"

namespace dyad {

/// The output id of the `index`-th (0-based) event of `doc`: "<doc_id>:<index+1>".
std::string EventId(const Document& doc, size_t index);

/// The segment an event comes from (the segment of its sentence).
Segment EventSegment(const Document& doc, const Event& event);

/// True when the event carries the given aux flag (e.g. "negation").
bool HasAux(const Event& event, std::string_view flag);

/// The JSON record of `doc.events[index]`, with code-point offsets into doc.text.
nlohmann::json EventToJson(const Document& doc, size_t index);

}  // namespace dyad
