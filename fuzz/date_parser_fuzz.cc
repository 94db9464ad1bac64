// Fuzzes the date expression recogniser: the first three bytes pick the anchor date, the rest
// is text. Checks that expressions are ordered, non-overlapping and well-formed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "dyad/dates.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  dyad::CivilDate anchor{1900 + data[0] % 200, 1 + data[1] % 12, 1};
  anchor.day = 1 + data[2] % dyad::DaysInMonth(anchor.year, anchor.month);
  const std::string text(reinterpret_cast<const char*>(data + 3), size - 3);
  std::vector<dyad::Token> tokens;
  const auto mentions = dyad::FindDateMentionsInText(text, anchor, &tokens);
  uint32_t previous_end = 0;
  for (const auto& m : mentions) {
    if (m.first_token >= m.end_token || m.end_token > tokens.size() || m.first_token < previous_end) std::abort();
    previous_end = m.end_token;
    if (m.timex.empty() || m.precision.empty() || m.last_day < m.first_day) std::abort();
    if (m.precision == "day" && m.value != m.first_day.Iso()) std::abort();
    if (!m.value.empty() && m.value.size() != 10 && m.value.size() != 7 && m.value.size() != 4) std::abort();
  }
  return 0;
}
