#pragma once

#include <string>

namespace smppd::plugin::testing {

// A plugin dir in a fresh temp dir, filled with copies of fixture plugins (tests/host/plugin/
// fixtures/, built into SMPPD_TEST_FIXTURE_PLUGIN_DIR/<fixture>/): the dir at mode 0755 and its
// files at 0644 whatever the build's umask was, so each test can break exactly one thing.
// Removed again at the end of the test.
class StagedPluginDir {
 public:
  explicit StagedPluginDir(const std::string& fixture);
  ~StagedPluginDir();
  StagedPluginDir(const StagedPluginDir&) = delete;
  StagedPluginDir& operator=(const StagedPluginDir&) = delete;

  // Copies one more fixture plugin (library and manifest) into the dir.
  void add(const std::string& fixture) const;

  const std::string& path() const { return path_; }
  // The fixture's library (named as its built manifest's `file` says) and its manifest
  // "fixture_<fixture>.toml", in this dir.
  std::string library(const std::string& fixture) const;
  std::string manifest(const std::string& fixture) const;
  // The fixture this dir was made with.
  std::string library() const { return library(fixture_); }
  std::string manifest() const { return manifest(fixture_); }

  // Replaces the line "<key> = ..." of the fixture's manifest with "<key> = <toml_value>".
  void set_manifest_key(const std::string& key, const std::string& toml_value) const;
  // The manifest's value of `key` as written, quotes removed ("sha256" -> the hex digits).
  std::string manifest_value(const std::string& key) const;

 private:
  std::string fixture_;
  std::string path_;
};

// True when the file at `path` is mapped into this process: whether its code was loaded.
bool is_mapped(const std::string& path);

}  // namespace smppd::plugin::testing
