#include "serve/request_params.h"

#include <algorithm>
#include <charconv>

namespace dyad::serve {

Status CheckParamNames(const httplib::Params& params, bool with_filters, const std::vector<std::string>& extra) {
  const auto& filter_names = EventFilterFieldNames();
  for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first)) {
    const std::string& name = it->first;
    const bool known = std::find(extra.begin(), extra.end(), name) != extra.end() ||
                       (with_filters && std::find(filter_names.begin(), filter_names.end(), name) != filter_names.end());
    if (!known) {
      std::string allowed;
      if (with_filters) {
        for (const auto& f : filter_names) allowed += (allowed.empty() ? "" : ", ") + f;
      }
      for (const auto& e : extra) allowed += (allowed.empty() ? "" : ", ") + e;
      return Status::Error("unknown parameter '" + name + "'" +
                           (allowed.empty() ? std::string(" (this endpoint takes no parameters)")
                                            : " (allowed: " + allowed + ")"));
    }
    if (params.count(name) > 1) return Status::Error("parameter '" + name + "' is given more than once");
    if (it->second.size() > kMaxParamBytes) {
      return Status::Error("parameter '" + name + "' is longer than " + std::to_string(kMaxParamBytes) + " bytes");
    }
  }
  return Status::Ok();
}

Result<EventFilter> ParseFilter(const httplib::Params& params) {
  EventFilter filter;
  for (const auto& name : EventFilterFieldNames()) {
    auto it = params.find(name);
    if (it == params.end()) continue;
    DYAD_RETURN_IF_ERROR(SetEventFilterField(filter, name, it->second));
  }
  return filter;
}

Result<size_t> ParseCount(const httplib::Params& params, std::string_view name, size_t fallback, size_t min,
                          size_t max) {
  auto it = params.find(std::string(name));
  if (it == params.end()) return fallback;
  const std::string& text = it->second;
  size_t value = 0;
  const bool digits = !text.empty() && text.size() <= 12 &&
                      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc()) {
    return Status::Error("parameter '" + std::string(name) + "' must be a whole number, got '" + text + "'");
  }
  if (value < min || value > max) {
    return Status::Error("parameter '" + std::string(name) + "' must be between " + std::to_string(min) + " and " +
                         std::to_string(max) + ", got " + text);
  }
  return value;
}

std::string ParamOr(const httplib::Params& params, const std::string& name, const std::string& fallback) {
  auto it = params.find(name);
  return it == params.end() ? fallback : it->second;
}

}  // namespace dyad::serve
