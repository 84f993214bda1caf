// smppd C++ SDK: the small value types every wrapper header uses. Header-only, C++20, no
// dependency beyond the standard library and the SDK's C headers.
#pragma once

#include <cstdint>
#include <exception>
#include <string_view>
#include <type_traits>
#include <utility>

#include "smppd/async.h"
#include "smppd/call.h"
#include "smppd/common.h"

namespace smppd::cxx {

// Thrown by Result::value() on a failed result. Never crosses the ABI: the adapters catch it and
// answer the kind's fail-closed default.
class BadResultAccess : public std::exception {
 public:
  explicit BadResultAccess(int32_t status) noexcept : status_(status) {}
  const char* what() const noexcept override { return "smppd::cxx::Result holds no value"; }
  int32_t status() const noexcept { return status_; }

 private:
  int32_t status_;
};

// A value or an SMPPD_E_* code, for the C ABI's "int32_t f(..., T* out)" shape.
template <class T>
class Result {
 public:
  constexpr Result(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit on purpose
      : value_(std::move(value)), status_(SMPPD_OK) {}

  static constexpr Result failure(int32_t status) noexcept { return Result(status, Tag{}); }

  constexpr bool ok() const noexcept { return status_ == SMPPD_OK; }
  constexpr explicit operator bool() const noexcept { return ok(); }
  // SMPPD_OK or the SMPPD_E_* code the host answered.
  constexpr int32_t status() const noexcept { return status_; }

  constexpr const T& value() const& {
    if (!ok()) throw BadResultAccess(status_);
    return value_;
  }
  constexpr T value_or(T fallback) const& { return ok() ? value_ : std::move(fallback); }
  constexpr const T& operator*() const& { return value(); }
  constexpr const T* operator->() const { return &value(); }

 private:
  struct Tag {};
  constexpr Result(int32_t status, Tag) noexcept : value_{}, status_(status == SMPPD_OK ? SMPPD_E_INTERNAL : status) {}

  T value_;
  int32_t status_;
};

// Views in and out of the ABI. Host views are valid until the hook returns or their object
// changes; a plugin view only has to outlive the call it is passed to.
constexpr std::string_view to_string_view(smppd_host_view view) noexcept {
  return view.data == nullptr ? std::string_view{} : std::string_view(view.data, static_cast<std::size_t>(view.size));
}

constexpr smppd_plugin_view to_plugin_view(std::string_view text) noexcept {
  return smppd_plugin_view{text.data(), static_cast<uint64_t>(text.size())};
}

// Attribute scopes (call.h).
enum class Scope : int32_t { call = SMPPD_SCOPE_CALL, session = SMPPD_SCOPE_SESSION };

// What a hook answers: CONTINUE, STOP with a command_status, or PAUSE (then resume the token).
class Verdict {
 public:
  enum class Kind : int32_t { proceed = SMPPD_CONTINUE, stop = SMPPD_STOP, pause = SMPPD_PAUSE };

  static constexpr Verdict Continue() noexcept { return Verdict(Kind::proceed, 0); }
  static constexpr Verdict Stop(uint32_t command_status) noexcept { return Verdict(Kind::stop, command_status); }
  static constexpr Verdict Pause() noexcept { return Verdict(Kind::pause, 0); }

  constexpr Kind kind() const noexcept { return kind_; }
  constexpr int32_t code() const noexcept { return static_cast<int32_t>(kind_); }
  // The command_status of a STOP; 0 otherwise.
  constexpr uint32_t command_status() const noexcept { return command_status_; }
  constexpr bool is_continue() const noexcept { return kind_ == Kind::proceed; }
  constexpr bool is_stop() const noexcept { return kind_ == Kind::stop; }
  constexpr bool is_pause() const noexcept { return kind_ == Kind::pause; }

  friend constexpr bool operator==(const Verdict&, const Verdict&) = default;

 private:
  constexpr Verdict(Kind kind, uint32_t command_status) noexcept : kind_(kind), command_status_(command_status) {}

  Kind kind_;
  uint32_t command_status_;
};

}  // namespace smppd::cxx
