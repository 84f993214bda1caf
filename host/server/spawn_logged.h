#pragma once

#include <exception>
#include <string>

#include "host/logging/logging.h"

namespace smppd::server {

// Completion for co_spawn: a coroutine that ends with an exception is a bug, so it is logged with
// what it was doing instead of vanishing the way asio::detached would let it.
inline auto log_exceptions(std::string what) {
  return [what = std::move(what)](std::exception_ptr error) {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      logging::get("server")->error("{}: {}", what, e.what());
    } catch (...) {
      logging::get("server")->error("{}: unknown exception", what);
    }
  };
}

}  // namespace smppd::server
