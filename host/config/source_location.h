#pragma once

#include <cstdint>
#include <string>

namespace smppd::config {

// Where something was written in a config file. Lines and columns count from 1; 0 means the file
// as a whole (it could not be read, or the value has no place in it).
struct SourceLocation {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
};

}  // namespace smppd::config
