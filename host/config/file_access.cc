#include "host/config/file_access.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace smppd::config {
namespace {

std::string errno_text() { return std::error_code(errno, std::generic_category()).message(); }

// Owns a descriptor opened for reading; the error is strerror's text when opening failed.
class ReadableFile {
 public:
  explicit ReadableFile(const std::filesystem::path& file) : fd_(::open(file.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ < 0) {
      error_ = errno_text();
      return;
    }
    struct stat status {};
    if (::fstat(fd_, &status) != 0) {
      error_ = errno_text();
    } else if (!S_ISREG(status.st_mode)) {
      // A directory opens fine and then fails to read; a FIFO would block the loader.
      error_ = S_ISDIR(status.st_mode) ? "is a directory" : "is not a regular file";
    } else {
      size_ = static_cast<size_t>(status.st_size);
    }
  }
  ~ReadableFile() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  ReadableFile(const ReadableFile&) = delete;
  ReadableFile& operator=(const ReadableFile&) = delete;

  int fd() const { return fd_; }
  size_t size() const { return size_; }
  const std::string& error() const { return error_; }

 private:
  int fd_;
  size_t size_ = 0;
  std::string error_;
};

}  // namespace

std::optional<std::string> unreadable_reason(const std::filesystem::path& file) {
  ReadableFile opened(file);
  if (!opened.error().empty()) {
    return opened.error();
  }
  return std::nullopt;
}

FileContent read_file_content(const std::filesystem::path& file, size_t max_size) {
  ReadableFile opened(file);
  if (!opened.error().empty()) {
    return {{}, opened.error()};
  }
  if (opened.size() > max_size) {
    return {{}, "larger than " + std::to_string(max_size) + " bytes"};
  }
  std::string content(opened.size(), '\0');
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t got = ::read(opened.fd(), content.data() + done, content.size() - done);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return {{}, errno_text()};
    }
    if (got == 0) {
      break;  // the file shrank while we read it
    }
    done += static_cast<size_t>(got);
  }
  content.resize(done);
  return {std::move(content), {}};
}

}  // namespace smppd::config
