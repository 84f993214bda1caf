#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "plugins/filter/auth_static/account_store.h"
#include "plugins/filter/auth_static/account_table.h"

namespace smppd::plugins::auth_static {

// What tells one version of a file from the next without reading it: a rename gives a new inode,
// an in-place write a new mtime (nanoseconds) or size.
struct FileIdentity {
  bool exists = false;
  int error = 0;  // errno of a failed stat
  uint64_t device = 0;
  uint64_t inode = 0;
  int64_t size = 0;
  int64_t mtime_ns = 0;

  static FileIdentity of(const std::string& path) noexcept;
  friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

// An accounts file and the version of it last loaded.
class AccountsFile {
 public:
  explicit AccountsFile(std::string path) : path_(std::move(path)) {}

  const std::string& path() const noexcept { return path_; }

  // Control thread: the first load. Throws ConfigError.
  std::shared_ptr<const AccountTable> load();

  struct Reload {
    enum class Result { unchanged, reloaded, failed };
    Result result = Result::unchanged;
    std::string error;    // for failed: why (the old table stays)
    size_t accounts = 0;  // for reloaded: how many
  };
  // Blocking pool, one call at a time: when the file changed since the last load (or the last
  // failure, so a broken file is reported once), parses it and swaps the new table into `store`.
  Reload reload_if_changed(AccountStore& store);

 private:
  std::string path_;
  FileIdentity loaded_;
  std::optional<FileIdentity> failed_;
};

}  // namespace smppd::plugins::auth_static
