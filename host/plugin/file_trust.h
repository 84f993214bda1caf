#pragma once

#include <sys/stat.h>

#include <string>

namespace smppd::plugin {

// sudo's rule for plugin dirs, manifests and libraries (HARDENING.md "Plugins"): nobody but root
// and the user smppd runs as may be able to change them, so the owner must be one of those two
// and neither group nor others may write. Root is not exempt from the mode check: a file anyone
// may write is not trustworthy whoever loads it. Returns the refusal, e.g. "<path>: plugin
// library is writable by its group (mode 0664)", or "" when trusted.
std::string untrusted_reason(const struct ::stat& status, const std::string& path, const std::string& what);

}  // namespace smppd::plugin
