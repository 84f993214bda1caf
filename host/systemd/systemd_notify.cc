#include "host/systemd/systemd_notify.h"

#include <systemd/sd-daemon.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string>

namespace smppd::systemd {

namespace {

bool under_systemd() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  return socket != nullptr && socket[0] != '\0';
}

bool send(const std::string& message) {
  // unset_environment 0: NOTIFY_SOCKET stays for the next message and for a hot-restarted child.
  return sd_notify(0, message.c_str()) > 0;
}

uint64_t monotonic_microseconds() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<uint64_t>(now.tv_sec) * 1000000u + static_cast<uint64_t>(now.tv_nsec) / 1000u;
}

}  // namespace

bool notify_ready() { return under_systemd() && send("READY=1"); }

bool notify_reloading() {
  return under_systemd() && send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(monotonic_microseconds()));
}

bool notify_stopping() { return under_systemd() && send("STOPPING=1"); }

bool notify_status(std::string_view text) {
  if (!under_systemd()) return false;
  // A newline would end the assignment and start a new one.
  std::string line(text);
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return send("STATUS=" + line);
}

}  // namespace smppd::systemd
