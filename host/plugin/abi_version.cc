#include "host/plugin/abi_version.h"

#include "smppd/version.h"

namespace smppd::plugin {

AbiVersion host_abi_version() { return AbiVersion{SMPPD_ABI_VERSION_MAJOR, SMPPD_ABI_VERSION_MINOR}; }

std::string to_string(AbiVersion version) {
  return std::to_string(version.major) + "." + std::to_string(version.minor);
}

}  // namespace smppd::plugin
