#pragma once

#include <stdexcept>

namespace smppd::plugins::firewall {

// A refused configuration; what() names the rule (index and name) or list, and the key.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace smppd::plugins::firewall
