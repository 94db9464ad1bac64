// Gold files: layout detection and reading.
#include <fstream>
#include <sstream>

#include "dyad/eval_events.h"
#include "eval/gold_parsers.h"

namespace dyad {

const char* GoldFormatName(GoldFormat format) {
  return format == GoldFormat::kPetrXml ? "petr-xml" : "plover-json";
}

Result<GoldFormat> DetectGoldFormat(std::string_view content) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);  // UTF-8 BOM
  const size_t first = content.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos) {
    if (content[first] == '<') return GoldFormat::kPetrXml;
    if (content[first] == '[') return GoldFormat::kPloverJson;
  }
  return Status::Error("unrecognised gold format: expected PETRARCH validation XML "
                       "(starting with '<') or a PLOVER JSON array (starting with '[')");
}

Result<GoldSet> ParseGold(std::string_view content, const std::string& name) {
  auto format = DetectGoldFormat(content);
  if (!format.ok()) return format.status().WithContext(name);
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  return format.value() == GoldFormat::kPetrXml ? eval_internal::ParsePetrXml(content, name)
                                                : eval_internal::ParsePloverJson(content, name);
}

Result<GoldSet> ReadGoldFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error("cannot open gold file '" + path + "'");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return Status::Error("cannot read gold file '" + path + "'");
  return ParseGold(content.str(), path);
}

}  // namespace dyad
