#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/plugin/abi_version.h"

namespace smppd::plugin {

// What an installed plugin manifest (manifests/<name>.toml plus the two keys the build appends,
// cmake/WritePluginManifest.cmake) says about its library, before the library is opened.
struct Manifest {
  std::string source;       // where it was read, for messages
  std::string name;         // must equal the descriptor's name
  std::string version;      // must equal the descriptor's version
  AbiVersion abi;           // the ABI the plugin was built against
  std::vector<int32_t> kinds;  // SMPPD_KIND_*, ascending: exactly the kinds of the descriptor's factories
  std::string description;  // optional
  std::string file;         // the library's file name in the manifest's own directory
  std::string sha256;       // of the library's bytes: 64 lowercase hex digits
};

// A parsed manifest, or why it was refused: "<source>:<line>: key 'abi': ..." (a missing key is
// reported at line 1, where the table it belongs to starts).
struct ManifestParse {
  std::optional<Manifest> manifest;
  std::string error;
};

// Parses manifest text; `source` names it in errors (the manifest's path).
ManifestParse parse_manifest(std::string_view text, const std::string& source);

}  // namespace smppd::plugin
