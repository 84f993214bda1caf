#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host/plugin/unique_fd.h"

namespace smppd::plugin {

// A plugin directory (`--plugin-dir`), opened once and checked against sudo's rule
// (file_trust.h). Manifests and libraries are then opened relative to this descriptor, so
// renaming the path afterwards cannot swap in another directory.
class PluginDir {
 public:
  // The directory, or nullopt with the refusal in `error`.
  static std::optional<PluginDir> open(const std::filesystem::path& path, std::string& error);

  int fd() const { return fd_.get(); }
  const std::string& path() const { return path_; }
  // "<dir>/<name>", for messages.
  std::string path_of(const std::string& name) const;

  // The manifests in it ("*.toml", hidden files skipped), sorted so that the loading order and
  // therefore which of two conflicting plugins wins do not depend on the file system.
  std::optional<std::vector<std::string>> manifest_names(std::string& error) const;

 private:
  PluginDir(UniqueFd fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}

  UniqueFd fd_;
  std::string path_;
};

}  // namespace smppd::plugin
