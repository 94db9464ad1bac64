// Status and Result: how library code reports failure. Library code never exits.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace dyad {

/// Outcome of an operation: ok, or an error with a human-readable message.
class Status {
 public:
  /// A successful status.
  Status() = default;
  /// A successful status (named constructor for readability).
  static Status Ok() { return Status(); }
  /// A failed status carrying `message`.
  static Status Error(std::string message) { return Status(std::move(message)); }

  /// True when the operation succeeded.
  bool ok() const { return !message_.has_value(); }
  /// The error message; empty when ok.
  const std::string& message() const {
    static const std::string kEmpty;
    return message_ ? *message_ : kEmpty;
  }
  /// Returns a copy whose message is prefixed with `context: `.
  Status WithContext(const std::string& context) const {
    return ok() ? *this : Error(context + ": " + *message_);
  }

 private:
  explicit Status(std::string message) : message_(std::move(message)) {}
  std::optional<std::string> message_;
};

/// A value of type T or an error Status.
template <typename T>
class Result {
 public:
  /// Wraps a value.
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  /// Wraps an error; `status` must not be ok.
  Result(Status status) : data_(std::move(status)) {}  // NOLINT: implicit by design

  /// True when a value is held.
  bool ok() const { return std::holds_alternative<T>(data_); }
  /// The error (ok Status when a value is held).
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(data_); }
  /// The held value; only valid when ok().
  T& value() & { return std::get<T>(data_); }
  /// The held value; only valid when ok().
  const T& value() const& { return std::get<T>(data_); }
  /// Moves the held value out; only valid when ok().
  T&& value() && { return std::get<T>(std::move(data_)); }
  /// Pointer-style access to the held value.
  T* operator->() { return &value(); }
  /// Pointer-style access to the held value.
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace dyad

/// Returns early from the calling function when `expr` yields a failed Status.
#define DYAD_RETURN_IF_ERROR(expr)            \
  do {                                        \
    ::dyad::Status dyad_status_ = (expr);     \
    if (!dyad_status_.ok()) return dyad_status_; \
  } while (false)
