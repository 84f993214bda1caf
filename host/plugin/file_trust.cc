#include "host/plugin/file_trust.h"

#include <unistd.h>

#include <cstdio>

namespace smppd::plugin {
namespace {

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

}  // namespace

std::string untrusted_reason(const struct ::stat& status, const std::string& path, const std::string& what) {
  const uid_t service_uid = ::geteuid();
  if (status.st_uid != 0 && status.st_uid != service_uid) {
    return path + ": " + what + " is owned by uid " + std::to_string(status.st_uid) +
           ", neither root nor the user smppd runs as (uid " + std::to_string(service_uid) + ")";
  }
  if ((status.st_mode & S_IWOTH) != 0) {
    return path + ": " + what + " is writable by others (mode " + octal_mode(status.st_mode) + ")";
  }
  if ((status.st_mode & S_IWGRP) != 0) {
    return path + ": " + what + " is writable by its group (mode " + octal_mode(status.st_mode) + ")";
  }
  return {};
}

}  // namespace smppd::plugin
