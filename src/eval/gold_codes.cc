// Code normalisation shared by the gold readers and the scorer: dates, legacy country codes,
// PLOVER 2016 draft names, actor codes.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "dyad/eval_events.h"
#include "eval/gold_parsers.h"

namespace dyad {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Legacy country codes met in event data, with the current ISO 3166 alpha-3 code to compare
// them as. Withdrawn ISO codes follow ISO 3166-3 (successor state); JAP/ITL/VTN are
// non-ISO codes used in the PLOVER gold records for Japan, Italy and Vietnam.
struct LegacyCode {
  const char* legacy;
  const char* iso3;
};
constexpr std::array<LegacyCode, 16> kLegacyCodes = {{
    {"BUR", "MMR"},  // Burma (ISO 3166-3, withdrawn 1989)
    {"DDR", "DEU"},  // German Democratic Republic (withdrawn 1990, merged into Germany)
    {"DHY", "BEN"},  // Dahomey (withdrawn 1977)
    {"HVO", "BFA"},  // Upper Volta (withdrawn 1984)
    {"ITL", "ITA"},  // Italy, non-ISO code in the PLOVER gold records
    {"JAP", "JPN"},  // Japan, TABARI-era / PLOVER gold code
    {"RHO", "ZWE"},  // Southern Rhodesia (withdrawn 1980)
    {"ROM", "ROU"},  // Romania (changed to ROU in 2002)
    {"SCG", "SRB"},  // Serbia and Montenegro (withdrawn 2006; Serbia is the continuing state)
    {"SUN", "RUS"},  // USSR (withdrawn 1992; Russia is the continuing state)
    {"TMP", "TLS"},  // East Timor (withdrawn 2002)
    {"VDR", "VNM"},  // Democratic Republic of Viet-Nam (withdrawn 1977)
    {"VTN", "VNM"},  // Vietnam, non-ISO code in the PLOVER gold records
    {"YMD", "YEM"},  // People's Democratic Republic of Yemen (withdrawn 1990)
    {"YUG", "SRB"},  // Yugoslavia (withdrawn 2003; Serbia is the continuing state)
    {"ZAR", "COD"},  // Zaire (withdrawn 1997)
}};

// CAMEO role, sector and religion codes (CAMEO manual, actor codebook; plus PPL, PTY, JRN
// used by Phoenix-era dictionaries and the gold files). A predicted code without a resolved
// country that starts with one of these is an actor without a country ("GOV" → "---GOV").
constexpr std::array<std::string_view, 40> kRoleCodes = {
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "INS", "JRN",
    "JUD", "LAB", "LEG", "MED", "MIL", "MOD", "OPP", "PPL", "PTY", "RAD", "REB", "REF", "SEP", "SPY",
    "UAF", "REL", "MUS", "MOS", "CHR", "JEW", "BUD", "HIN", "CTH", "DOX", "SHI", "ATH"};

bool IsRoleCode(std::string_view code) {
  return code.size() >= 3 &&
         std::find(kRoleCodes.begin(), kRoleCodes.end(), code.substr(0, 3)) != kRoleCodes.end();
}

}  // namespace

namespace eval_internal {

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

}  // namespace eval_internal

Result<std::string> NormalizeGoldDate(std::string_view raw) {
  const std::string_view date = Trim(raw);
  if (date.empty()) return std::string();
  std::string year, month, day;
  if (date.size() == 10 && date[4] == '-' && date[7] == '-') {
    year = date.substr(0, 4), month = date.substr(5, 2), day = date.substr(8, 2);
  } else if (date.size() == 8 && AllDigits(date)) {
    year = date.substr(0, 4), month = date.substr(4, 2), day = date.substr(6, 2);
  } else if (date.size() == 6 && AllDigits(date)) {
    const int yy = std::stoi(std::string(date.substr(0, 2)));
    year = (yy < 70 ? "20" : "19") + std::string(date.substr(0, 2));
    month = date.substr(2, 2), day = date.substr(4, 2);
  }
  if (!AllDigits(year) || !AllDigits(month) || !AllDigits(day)) {
    return Status::Error("unreadable date '" + std::string(date) +
                         "' (expected YYYY-MM-DD, YYYYMMDD or YYMMDD)");
  }
  const int m = std::stoi(month), d = std::stoi(day);
  if (m < 1 || m > 12 || d < 1 || d > 31) {
    return Status::Error("invalid date '" + std::string(date) + "' (month or day out of range)");
  }
  return year + "-" + month + "-" + day;
}

std::string LegacyCountryToIso3(std::string_view code) {
  for (const auto& entry : kLegacyCodes) {
    if (code == entry.legacy) return entry.iso3;
  }
  return std::string(code);
}

std::string PloverCurrentName(std::string_view draft_name, std::string* mode) {
  const std::string name = Upper(Trim(draft_name));
  if (name == "DEMAND") return "REQUEST";
  if (name == "DISAPPROVE") return "ACCUSE";
  if (name == "FIGHT") return "ASSAULT";
  if (name == "INVESTIGATE") {
    if (mode != nullptr) *mode = "investigate";
    return "ACCUSE";
  }
  return name;
}

std::string NormalizeActorCode(std::string_view code) {
  std::string out = Upper(Trim(code));
  if (out.empty()) return "---";
  if (out.size() >= 3 && out.compare(0, 3, "---") != 0) {
    out = LegacyCountryToIso3(out.substr(0, 3)) + out.substr(3);
  }
  return out;
}

std::string ActorCountry(std::string_view normalized_code) {
  if (normalized_code.size() < 3 || normalized_code.substr(0, 3) == "---") return "---";
  return std::string(normalized_code.substr(0, 3));
}

std::string PredictedActorCode(const EventActor& actor) {
  const std::string code = Upper(Trim(actor.code));
  const std::string country = Upper(Trim(actor.country));
  if (code.empty()) return NormalizeActorCode(country);
  // A resolved country replaces the code's own three-letter prefix (e.g. a legacy code).
  if (!country.empty() && code.size() >= 3 && code.compare(0, 3, "---") != 0) {
    return NormalizeActorCode(country + code.substr(3));
  }
  if (country.empty() && IsRoleCode(code)) return "---" + code;
  return NormalizeActorCode(code);
}

std::string PloverActorCode(std::string_view normalized_code) {
  static constexpr std::string_view kInternational[] = {"IGO", "NGO", "IMG", "MNC"};
  const std::string_view primary = normalized_code.substr(0, 3);
  if (std::find(std::begin(kInternational), std::end(kInternational), primary) ==
      std::end(kInternational)) {
    return std::string(normalized_code);
  }
  std::string out(primary);
  for (size_t i = 3; i + 3 <= normalized_code.size(); i += 3) {
    if (IsRoleCode(normalized_code.substr(i, 3))) out += normalized_code.substr(i, 3);
  }
  return out;
}

}  // namespace dyad
