#pragma once

#include <cstdint>
#include <string>

namespace smppd::plugin {

// A plugin ABI version, "MAJOR.MINOR" (ABI.md "Versions"): separate from the product version.
struct AbiVersion {
  uint32_t major = 0;
  uint32_t minor = 0;

  friend bool operator==(const AbiVersion&, const AbiVersion&) = default;
};

// The ABI this smppd implements: the SDK headers it was built with.
AbiVersion host_abi_version();

// "1.0"
std::string to_string(AbiVersion version);

}  // namespace smppd::plugin
