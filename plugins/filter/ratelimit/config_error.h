#pragma once

#include <stdexcept>

namespace smppd::plugins::ratelimit {

// A refused configuration; what() names the limit and key at fault.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace smppd::plugins::ratelimit
