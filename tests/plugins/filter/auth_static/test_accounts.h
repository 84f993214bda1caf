#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace smppd::plugins::auth_static::testing {

// An Argon2id hash at libsodium's minimum cost: verifying it is quick even under ASan, and the
// cost is read from the hash, so nothing else changes.
const std::string& cheap_hash(const std::string& password);

// One account for a config, as JSON (`extra` is more "key": value text, comma-led).
std::string account_json(std::string_view system_id, std::string_view password, std::string_view extra = {});
// {"accounts": [ ...accounts... ] , <more>}
std::string config_json(const std::vector<std::string>& accounts, std::string_view more = {});
// An accounts file's text with these accounts as [[accounts]] tables (`extra` is more TOML lines).
std::string account_toml(std::string_view system_id, std::string_view password, std::string_view extra = {});

// A fresh directory under the test temp dir, removed with its files at the end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const noexcept { return path_; }
  std::string file(std::string_view name) const { return path_ + "/" + std::string(name); }
  // Writes through a temporary file and a rename, as an operator's editor or deploy tool does.
  void replace(std::string_view name, std::string_view text) const;
  // Overwrites in place (same inode).
  void overwrite(std::string_view name, std::string_view text) const;

 private:
  std::string path_;
};

}  // namespace smppd::plugins::auth_static::testing
