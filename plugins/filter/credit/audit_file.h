#pragma once

#include <string>
#include <string_view>

namespace smppd::plugins::credit {

// The optional append-only audit file: one line per balance change, written and fsync'd before
// the admin request is answered. The file is opened for each line (O_APPEND, created 0640), so
// logrotate may move it away at any time without a signal: the next line starts a new file.
// Blocking: call it on the blocking pool.
class AuditFile {
 public:
  explicit AuditFile(std::string path) : path_(std::move(path)) {}

  const std::string& path() const noexcept { return path_; }
  // Appends `line` and a newline and waits until it is on disk. Empty when it is; the error
  // otherwise.
  std::string append(std::string_view line) const;

 private:
  std::string path_;
};

}  // namespace smppd::plugins::credit
