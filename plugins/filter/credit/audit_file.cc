#include "plugins/filter/credit/audit_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace smppd::plugins::credit {

std::string AuditFile::append(std::string_view line) const {
  const int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
  if (fd < 0) return path_ + ": " + std::strerror(errno);
  std::string text(line);
  text += '\n';
  std::string error;
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = path_ + ": " + std::strerror(errno);
      break;
    }
    written += static_cast<size_t>(n);
  }
  if (error.empty() && ::fsync(fd) != 0) error = path_ + ": fsync: " + std::strerror(errno);
  ::close(fd);
  return error;
}

}  // namespace smppd::plugins::credit
