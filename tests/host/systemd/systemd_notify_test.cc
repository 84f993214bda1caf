// The sd_notify wrapper against a real AF_UNIX datagram socket named in NOTIFY_SOCKET, the way
// systemd listens for a Type=notify service.
#include "host/systemd/systemd_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>

namespace smppd::systemd {
namespace {

uint64_t monotonic_microseconds() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<uint64_t>(now.tv_sec) * 1000000u + static_cast<uint64_t>(now.tv_nsec) / 1000u;
}

// A datagram socket in a fresh temp dir, set as NOTIFY_SOCKET for the test's lifetime.
class NotifySocket {
 public:
  NotifySocket() {
    std::string dir_template = (std::filesystem::temp_directory_path() / "smppd-notify-XXXXXX").string();
    if (mkdtemp(dir_template.data()) == nullptr) return;
    dir_ = dir_template;
    path_ = dir_ + "/notify";
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path_.c_str(), sizeof(address.sun_path) - 1);
    if (bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
      close(fd_);
      fd_ = -1;
      return;
    }
    // A missing message fails the test after a second instead of hanging it.
    timeval timeout{1, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    setenv("NOTIFY_SOCKET", path_.c_str(), 1);
  }
  ~NotifySocket() {
    unsetenv("NOTIFY_SOCKET");
    if (fd_ >= 0) close(fd_);
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  bool ok() const { return fd_ >= 0; }
  // The next datagram, or nothing within a second.
  std::optional<std::string> receive() const {
    char buffer[4096];
    const ssize_t size = recv(fd_, buffer, sizeof(buffer), 0);
    if (size < 0) return std::nullopt;
    return std::string(buffer, static_cast<size_t>(size));
  }
  // True when no datagram is waiting.
  bool empty() const {
    char byte = 0;
    // EAGAIN and EWOULDBLOCK are one value on Linux.
    return recv(fd_, &byte, 1, MSG_DONTWAIT | MSG_PEEK) < 0 && errno == EAGAIN;
  }

 private:
  std::string dir_;
  std::string path_;
  int fd_ = -1;
};

TEST(SystemdNotifyTest, SendsReadyStoppingAndStatusToTheNotifySocket) {
  NotifySocket socket;
  ASSERT_TRUE(socket.ok()) << std::strerror(errno);
  EXPECT_TRUE(notify_ready());
  EXPECT_EQ(socket.receive(), "READY=1");
  EXPECT_TRUE(notify_status("serving 2 listeners"));
  EXPECT_EQ(socket.receive(), "STATUS=serving 2 listeners");
  EXPECT_TRUE(notify_stopping());
  EXPECT_EQ(socket.receive(), "STOPPING=1");
}

TEST(SystemdNotifyTest, ReloadingCarriesTheMonotonicClockOfNow) {
  NotifySocket socket;
  ASSERT_TRUE(socket.ok()) << std::strerror(errno);
  const uint64_t before = monotonic_microseconds();
  EXPECT_TRUE(notify_reloading());
  const uint64_t after = monotonic_microseconds();
  const std::optional<std::string> message = socket.receive();
  ASSERT_TRUE(message.has_value());
  const std::string prefix = "RELOADING=1\nMONOTONIC_USEC=";
  ASSERT_EQ(message->substr(0, prefix.size()), prefix) << *message;
  const uint64_t stamp = std::stoull(message->substr(prefix.size()));
  EXPECT_GE(stamp, before);
  EXPECT_LE(stamp, after);
}

TEST(SystemdNotifyTest, StatusLineBreaksBecomeSpaces) {
  NotifySocket socket;
  ASSERT_TRUE(socket.ok()) << std::strerror(errno);
  EXPECT_TRUE(notify_status("reload failed:\nsmppd.toml:3\r\nREADY=1"));
  EXPECT_EQ(socket.receive(), "STATUS=reload failed: smppd.toml:3  READY=1");
}

TEST(SystemdNotifyTest, NothingIsSentWithoutNotifySocket) {
  NotifySocket socket;
  ASSERT_TRUE(socket.ok()) << std::strerror(errno);
  unsetenv("NOTIFY_SOCKET");
  EXPECT_FALSE(notify_ready());
  EXPECT_FALSE(notify_reloading());
  EXPECT_FALSE(notify_stopping());
  EXPECT_FALSE(notify_status("idle"));
  EXPECT_TRUE(socket.empty());
}

}  // namespace
}  // namespace smppd::systemd
