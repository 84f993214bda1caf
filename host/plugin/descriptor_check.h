#pragma once

#include <string>
#include <vector>

#include "host/plugin/manifest.h"
#include "smppd/plugin.h"

namespace smppd::plugin {

// What the host found in a plugin's descriptor: its factories, or why it refuses the plugin.
struct DescriptorCheck {
  std::vector<const smppd_factory*> factories;
  std::string error;  // empty when accepted
};

// Checks the descriptor a plugin's entry symbol returned, before any of the plugin's functions
// run: the struct is large enough for the fields this host reads, the ABI major equals the host's
// and min_host_minor is not above the host's minor, every factory is sane (a name, a known kind,
// a vtable that starts with a large enough struct_size and has the entries its kind requires,
// no (kind, name) twice), and name, version, ABI and the set of kinds agree with `manifest`.
// Refusals name both sides.
DescriptorCheck check_descriptor(const smppd_plugin_descriptor* descriptor, const Manifest& manifest);

}  // namespace smppd::plugin
