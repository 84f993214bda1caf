#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smppd::plugins::auth_static {

// An IPv4 or IPv6 address. An IPv4-mapped IPv6 address (::ffff:a.b.c.d, what a dual-stack socket
// reports for an IPv4 client) is the IPv4 address it maps.
class IpAddress {
 public:
  // Dotted quad, or IPv6 text with an optional zone ("%eth0") and optional brackets.
  static std::optional<IpAddress> parse(std::string_view text);

  bool is_v4() const noexcept { return v4_; }
  // The 16 octets of the IPv6 form (IPv4 as ::ffff:a.b.c.d).
  const std::array<uint8_t, 16>& bytes() const noexcept { return bytes_; }
  std::string to_string() const;

  friend bool operator==(const IpAddress&, const IpAddress&) = default;

 private:
  std::array<uint8_t, 16> bytes_{};
  bool v4_ = false;
};

// A network: address and prefix length. Matches addresses of its own family only.
class Cidr {
 public:
  // "a.b.c.d/n" (n 0-32), "v6/n" (n 0-128), or a bare address (a single host). The bits after
  // the prefix must be zero: "10.0.0.1/8" is refused as a likely typo. nullopt with the reason
  // in *why.
  static std::optional<Cidr> parse(std::string_view text, std::string* why = nullptr);

  bool contains(const IpAddress& address) const noexcept;
  const IpAddress& network() const noexcept { return network_; }
  // Within the family: 0-32 for IPv4, 0-128 for IPv6.
  unsigned prefix_length() const noexcept { return prefix_; }
  std::string to_string() const;

 private:
  IpAddress network_;
  unsigned prefix_ = 0;
};

}  // namespace smppd::plugins::auth_static
