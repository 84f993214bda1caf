#pragma once

#include <cstdio>
#include <exception>
#include <string>

namespace smppd::tools {

// Completion for co_spawn in the tools: a coroutine that ends with an exception is a bug, so it is
// printed with what it was doing instead of vanishing the way asio::detached would let it. (The
// host's log_exceptions does the same through its logger, which the tools do not link.)
inline auto print_exceptions(std::string what) {
  return [what = std::move(what)](std::exception_ptr error) {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: %s\n", what.c_str(), e.what());
    } catch (...) {
      std::fprintf(stderr, "%s: unknown exception\n", what.c_str());
    }
  };
}

}  // namespace smppd::tools
