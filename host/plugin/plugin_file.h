#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "host/plugin/plugin_dir.h"
#include "host/plugin/unique_fd.h"

namespace smppd::plugin {

// A file of a plugin dir opened for the loader (HARDENING.md "Plugins"): by name inside the
// already checked directory, never through a symbolic link, and kept only when it is a regular
// file that nobody but root or smppd's user can change. Every later look (read, hash, dlopen)
// goes through this one descriptor, so the file that was checked is the file that is used.
class PluginFile {
 public:
  // `what` names the file's role in messages ("plugin library", "plugin manifest"). Returns the
  // open file, or nullopt with the refusal in `error`.
  static std::optional<PluginFile> open(const PluginDir& dir, const std::string& name, const std::string& what,
                                        std::string& error);

  int fd() const { return fd_.get(); }
  const std::string& path() const { return path_; }

  // The whole file; refused when larger than `max_size` bytes.
  std::optional<std::string> read_all(uint64_t max_size, std::string& error) const;

  // SHA-256 of the file's bytes as 64 lowercase hex digits.
  std::optional<std::string> sha256_hex(std::string& error) const;

  // "/proc/self/fd/<fd>": a name under which the dynamic loader opens this very file.
  std::string proc_path() const;

 private:
  PluginFile(UniqueFd fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}

  UniqueFd fd_;
  std::string path_;
};

}  // namespace smppd::plugin
