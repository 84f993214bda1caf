#pragma once

#include <string>
#include <vector>

#include "host/config/source_location.h"

namespace smppd::config {

// One mistake in a config file. The loader collects all of them, so `smppd --mode validate`
// can print every one in a single run.
struct ConfigError {
  SourceLocation where;
  std::string key_path;  // "listeners[0].port"; empty when the mistake is the file itself
  std::string message;   // what was expected and what was found

  // `etc/smppd.toml:12:8: listeners[0].port: expected an integer from 0 to 65535, got "abc"`.
  // The line and column are left out when unknown, the key path when empty.
  std::string to_string() const;
};

// Orders errors as they appear in the file, keeping the order of errors at one place; errors
// about the file as a whole come first.
void sort_by_position(std::vector<ConfigError>& errors);

}  // namespace smppd::config
