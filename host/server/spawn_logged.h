#pragma once

#include <exception>
#include <string>
#include <string_view>

#include "host/logging/logging.h"

namespace smppd::server {

// Completion for co_spawn: a coroutine that ends with an exception is a bug, so it is logged with
// what it was doing instead of vanishing the way asio::detached would let it.
inline void log_exception(std::string_view what, std::exception_ptr error) {
  if (!error) return;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    logging::get("server")->error("{}: {}", what, e.what());
  } catch (...) {
    logging::get("server")->error("{}: unknown exception", what);
  }
}

inline auto log_exceptions(std::string what) {
  return [what = std::move(what)](std::exception_ptr error) { log_exception(what, std::move(error)); };
}

// For what names itself with a literal: the completion is a pointer, not a string, which keeps
// the frame of a coroutine spawned per message under the 1 KiB that allocators recycle.
inline auto log_exceptions(const char* what) {
  return [what](std::exception_ptr error) { log_exception(what, std::move(error)); };
}

}  // namespace smppd::server
