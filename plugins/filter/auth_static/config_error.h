#pragma once

#include <stdexcept>

namespace smppd::plugins::auth_static {

// A refused configuration; what() names the account and key.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace smppd::plugins::auth_static
