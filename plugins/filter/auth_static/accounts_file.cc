#include "plugins/filter/auth_static/accounts_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <exception>

#include "plugins/filter/auth_static/account_parser.h"
#include "plugins/filter/auth_static/config_error.h"
#include "plugins/filter/auth_static/quoted.h"

namespace smppd::plugins::auth_static {

FileIdentity FileIdentity::of(const std::string& path) noexcept {
  FileIdentity identity;
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    identity.error = errno;
    return identity;
  }
  identity.exists = true;
  identity.device = static_cast<uint64_t>(info.st_dev);
  identity.inode = static_cast<uint64_t>(info.st_ino);
  identity.size = static_cast<int64_t>(info.st_size);
  identity.mtime_ns = static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
  return identity;
}

std::shared_ptr<const AccountTable> AccountsFile::load() {
  const FileIdentity identity = FileIdentity::of(path_);
  auto table = std::make_shared<const AccountTable>(load_accounts_file(path_));
  loaded_ = identity;
  failed_.reset();
  return table;
}

AccountsFile::Reload AccountsFile::reload_if_changed(AccountStore& store) {
  Reload reload;
  const FileIdentity identity = FileIdentity::of(path_);
  if (identity == loaded_ || (failed_ && identity == *failed_)) return reload;
  try {
    if (!identity.exists) {
      throw ConfigError("accounts_file " + quoted(path_) + ": cannot be read: " + std::strerror(identity.error));
    }
    auto table = std::make_shared<const AccountTable>(load_accounts_file(path_));
    reload.accounts = table->size();
    store.replace(std::move(table));
    loaded_ = identity;
    failed_.reset();
    reload.result = Reload::Result::reloaded;
  } catch (const std::exception& e) {
    failed_ = identity;
    reload.result = Reload::Result::failed;
    reload.error = e.what();
  }
  return reload;
}

}  // namespace smppd::plugins::auth_static
