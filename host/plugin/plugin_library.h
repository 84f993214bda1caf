#pragma once

#include <string>

#include "host/plugin/plugin_file.h"
#include "smppd/plugin.h"

namespace smppd::plugin {

// Loads a checked plugin library and returns its entry function (SMPPD_PLUGIN_ENTRY_NAME), or
// nullptr with the refusal in `error`.
//
// The loader opens "/proc/self/fd/<fd>" of `file`, so the bytes it maps are those of the file
// whose owner, mode and sha256 were checked, not whatever the path names by now. Once loaded, a
// library is never closed (ABI.md "Loading"): not when it is refused afterwards (its constructors
// already ran), not at exit. Its descriptor is kept open as well, because the dynamic loader
// knows the library by that /proc name: were the number reused by a later plugin, dlopen would
// hand back this library instead of opening the new file.
smppd_plugin_entry_fn load_plugin_library(PluginFile file, std::string& error);

}  // namespace smppd::plugin
