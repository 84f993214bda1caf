// Plugin tests' view of a built plugin as smppd loads it: dlopen of the .so, its entry symbol, and
// the manifest the build wrote beside it.
#pragma once

#include <string>
#include <vector>

#include "smppd/plugin.h"

namespace smppd::testing {

// dlopen (RTLD_NOW | RTLD_LOCAL, never closed, as smppd) and the entry's descriptor; nullptr with
// the reason in *error.
const smppd_plugin_descriptor* load_plugin(const std::string& library_path, std::string* error);

// Where the manifest and the library disagree with the descriptor (name, version, abi, kinds) or
// with each other (file, sha256 of the library's bytes); empty when they agree.
std::vector<std::string> manifest_disagreements(const std::string& manifest_path, const std::string& library_path,
                                                const smppd_plugin_descriptor& descriptor);

}  // namespace smppd::testing
