// Validation of HTTP query parameters for the API endpoints: unknown, repeated and oversized
// parameters are refused, filters and numbers are parsed strictly.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/status.h"
#include "dyad/store.h"

namespace dyad::serve {

/// Longest accepted value of any query parameter, in bytes.
inline constexpr size_t kMaxParamBytes = 512;

/// Checks that every parameter is either an event filter field (when `with_filters`) or one
/// of `extra`, appears once, and is at most kMaxParamBytes long.
Status CheckParamNames(const httplib::Params& params, bool with_filters, const std::vector<std::string>& extra);

/// The event filter given by the filter parameters (others are ignored).
Result<EventFilter> ParseFilter(const httplib::Params& params);

/// The non-negative integer parameter `name` (decimal digits only), `fallback` when absent;
/// an error when it is outside [min, max].
Result<size_t> ParseCount(const httplib::Params& params, std::string_view name, size_t fallback, size_t min,
                          size_t max);

/// The text of parameter `name`, or `fallback` when absent.
std::string ParamOr(const httplib::Params& params, const std::string& name, const std::string& fallback);

}  // namespace dyad::serve
