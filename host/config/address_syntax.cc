#include "host/config/address_syntax.h"

#include <arpa/inet.h>

#include <array>
#include <string>

namespace smppd::config {

bool is_ip_address(std::string_view text) {
  const std::string terminated(text);
  std::array<unsigned char, sizeof(struct in6_addr)> parsed{};
  return ::inet_pton(AF_INET, terminated.c_str(), parsed.data()) == 1 ||
         ::inet_pton(AF_INET6, terminated.c_str(), parsed.data()) == 1;
}

bool is_host_name(std::string_view text) {
  constexpr size_t kMaxNameLength = 253;
  constexpr size_t kMaxLabelLength = 63;
  if (text.empty() || text.size() > kMaxNameLength) {
    return false;
  }
  if (text.back() == '.') {
    text.remove_suffix(1);  // the root label
  }
  while (true) {
    const size_t dot = text.find('.');
    const std::string_view label = text.substr(0, dot);
    if (label.empty() || label.size() > kMaxLabelLength || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      if (!letter && !(c >= '0' && c <= '9') && c != '-') {
        return false;
      }
    }
    if (dot == std::string_view::npos) {
      return true;
    }
    text.remove_prefix(dot + 1);
  }
}

}  // namespace smppd::config
