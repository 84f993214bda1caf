#include "host/plugin/plugin_dir.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "host/plugin/file_trust.h"

namespace smppd::plugin {
namespace {

struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};

bool is_manifest_name(std::string_view name) {
  // Hidden files are editors' locks and backups (".#x.toml" is even a dangling symlink), not
  // manifests an operator installed.
  constexpr std::string_view kSuffix = ".toml";
  return !name.empty() && name.front() != '.' && name.size() > kSuffix.size() &&
         name.substr(name.size() - kSuffix.size()) == kSuffix;
}

}  // namespace

std::optional<PluginDir> PluginDir::open(const std::filesystem::path& path, std::string& error) {
  const std::string shown = path.string();
  UniqueFd fd(::open(shown.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) {
    error = shown + ": cannot open plugin dir: " + std::strerror(errno);
    return std::nullopt;
  }
  struct ::stat status {};
  if (::fstat(fd.get(), &status) != 0) {
    error = shown + ": cannot stat plugin dir: " + std::strerror(errno);
    return std::nullopt;
  }
  error = untrusted_reason(status, shown, "plugin dir");
  if (!error.empty()) return std::nullopt;
  return PluginDir(std::move(fd), shown);
}

std::string PluginDir::path_of(const std::string& name) const {
  return (std::filesystem::path(path_) / name).string();
}

std::optional<std::vector<std::string>> PluginDir::manifest_names(std::string& error) const {
  // A descriptor of its own: readdir moves the offset, and fdopendir takes the descriptor over.
  const int listing_fd = ::openat(fd_.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  std::unique_ptr<DIR, DirCloser> listing(listing_fd >= 0 ? ::fdopendir(listing_fd) : nullptr);
  if (!listing) {
    error = path_ + ": cannot list plugin dir: " + std::strerror(errno);
    if (listing_fd >= 0) ::close(listing_fd);
    return std::nullopt;
  }
  std::vector<std::string> names;
  errno = 0;
  while (const dirent* entry = ::readdir(listing.get())) {
    if (is_manifest_name(entry->d_name)) names.emplace_back(entry->d_name);
  }
  if (errno != 0) {
    error = path_ + ": cannot list plugin dir: " + std::strerror(errno);
    return std::nullopt;
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace smppd::plugin
