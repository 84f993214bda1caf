/* Compiled by abi.sdk_pkg_config with only `pkg-config --cflags smppd-sdk` against an installed
 * SDK: the umbrella header alone is enough for a C11 plugin. */
#include <smppd/plugin.h>

SMPPD_EXPORT const smppd_plugin_descriptor* SMPPD_PLUGIN_ENTRY(uint32_t host_abi_minor);

SMPPD_EXPORT const smppd_plugin_descriptor* SMPPD_PLUGIN_ENTRY(uint32_t host_abi_minor) {
  static const smppd_plugin_descriptor descriptor = {
      .struct_size = sizeof(smppd_plugin_descriptor),
      .abi_major = SMPPD_ABI_VERSION_MAJOR,
      .abi_minor = SMPPD_ABI_VERSION_MINOR,
      .name = "pkg_config_consumer",
      .version = "0",
  };
  (void)host_abi_minor;
  return &descriptor;
}
