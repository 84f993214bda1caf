#include "host/plugin/plugin_file.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "host/plugin/file_trust.h"

namespace smppd::plugin {
namespace {

constexpr size_t kChunkSize = 64 * 1024;

struct DigestContextFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

// Reads up to `size` bytes at `offset`, retrying interrupted reads. Returns the count, 0 at the
// end of the file, -1 on error (errno set).
ssize_t read_at(int fd, char* buffer, size_t size, off_t offset) {
  for (;;) {
    const ssize_t got = ::pread(fd, buffer, size, offset);
    if (got >= 0 || errno != EINTR) return got;
  }
}

}  // namespace

std::optional<PluginFile> PluginFile::open(const PluginDir& dir, const std::string& name, const std::string& what,
                                           std::string& error) {
  const std::string path = dir.path_of(name);
  // O_NONBLOCK: a FIFO in the directory must not hang the loader before fstat refuses it.
  UniqueFd fd(::openat(dir.fd(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (!fd.valid()) {
    if (errno == ELOOP) {
      error = path + ": " + what + " is a symbolic link (refused: name the file itself)";
    } else {
      error = path + ": cannot open " + what + ": " + std::strerror(errno);
    }
    return std::nullopt;
  }
  struct ::stat status {};
  if (::fstat(fd.get(), &status) != 0) {
    error = path + ": cannot stat " + what + ": " + std::strerror(errno);
    return std::nullopt;
  }
  if (!S_ISREG(status.st_mode)) {
    error = path + ": " + what + " is not a regular file";
    return std::nullopt;
  }
  error = untrusted_reason(status, path, what);
  if (!error.empty()) return std::nullopt;
  return PluginFile(std::move(fd), path);
}

std::optional<std::string> PluginFile::read_all(uint64_t max_size, std::string& error) const {
  std::string bytes;
  char buffer[4096];
  for (;;) {
    const ssize_t got = read_at(fd_.get(), buffer, sizeof buffer, static_cast<off_t>(bytes.size()));
    if (got < 0) {
      error = path_ + ": cannot read: " + std::strerror(errno);
      return std::nullopt;
    }
    if (got == 0) return bytes;
    if (bytes.size() + static_cast<size_t>(got) > max_size) {
      error = path_ + ": larger than " + std::to_string(max_size) + " bytes";
      return std::nullopt;
    }
    bytes.append(buffer, static_cast<size_t>(got));
  }
}

std::optional<std::string> PluginFile::sha256_hex(std::string& error) const {
  std::unique_ptr<EVP_MD_CTX, DigestContextFree> context(EVP_MD_CTX_new());
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
    error = path_ + ": cannot start SHA-256 (OpenSSL)";
    return std::nullopt;
  }
  auto buffer = std::make_unique<char[]>(kChunkSize);
  off_t offset = 0;
  for (;;) {
    const ssize_t got = read_at(fd_.get(), buffer.get(), kChunkSize, offset);
    if (got < 0) {
      error = path_ + ": cannot read: " + std::strerror(errno);
      return std::nullopt;
    }
    if (got == 0) break;
    if (EVP_DigestUpdate(context.get(), buffer.get(), static_cast<size_t>(got)) != 1) {
      error = path_ + ": SHA-256 failed (OpenSSL)";
      return std::nullopt;
    }
    offset += got;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  if (EVP_DigestFinal_ex(context.get(), digest, &digest_size) != 1) {
    error = path_ + ": SHA-256 failed (OpenSSL)";
    return std::nullopt;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest_size * 2);
  for (unsigned int i = 0; i < digest_size; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0F]);
  }
  return hex;
}

std::string PluginFile::proc_path() const { return "/proc/self/fd/" + std::to_string(fd_.get()); }

}  // namespace smppd::plugin
