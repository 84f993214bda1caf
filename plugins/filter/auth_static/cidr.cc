#include "plugins/filter/auth_static/cidr.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace smppd::plugins::auth_static {
namespace {

constexpr std::array<uint8_t, 12> kV4MappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};

bool is_v4_mapped(const std::array<uint8_t, 16>& bytes) noexcept {
  return std::memcmp(bytes.data(), kV4MappedPrefix.data(), kV4MappedPrefix.size()) == 0;
}

// The prefix length in the 128-bit IPv6 form.
unsigned bits_in_v6_form(const IpAddress& network, unsigned prefix) noexcept {
  return network.is_v4() ? prefix + 96 : prefix;
}

bool prefix_matches(const std::array<uint8_t, 16>& a, const std::array<uint8_t, 16>& b, unsigned bits) noexcept {
  const unsigned whole = bits / 8;
  if (std::memcmp(a.data(), b.data(), whole) != 0) return false;
  const unsigned rest = bits % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<uint8_t>(0xFF << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

bool host_bits_zero(const std::array<uint8_t, 16>& bytes, unsigned bits) noexcept {
  for (unsigned i = bits; i < 128; ++i) {
    if ((bytes[i / 8] >> (7 - i % 8)) & 1) return false;
  }
  return true;
}

std::string format(const std::array<uint8_t, 16>& bytes, bool v4) {
  char text[INET6_ADDRSTRLEN] = {};
  if (v4) {
    inet_ntop(AF_INET, bytes.data() + 12, text, sizeof text);
  } else {
    inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
  }
  return text;
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (const auto zone = text.find('%'); zone != std::string_view::npos) text = text.substr(0, zone);
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string terminated(text);
  IpAddress address;
  if (text.find(':') == std::string_view::npos) {
    in_addr v4{};
    if (inet_pton(AF_INET, terminated.c_str(), &v4) != 1) return std::nullopt;
    std::memcpy(address.bytes_.data(), kV4MappedPrefix.data(), kV4MappedPrefix.size());
    std::memcpy(address.bytes_.data() + 12, &v4.s_addr, 4);
    address.v4_ = true;
    return address;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, terminated.c_str(), &v6) != 1) return std::nullopt;
  std::memcpy(address.bytes_.data(), v6.s6_addr, 16);
  address.v4_ = is_v4_mapped(address.bytes_);
  return address;
}

std::string IpAddress::to_string() const { return format(bytes_, v4_); }

std::optional<Cidr> Cidr::parse(std::string_view text, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<Cidr> {
    if (why != nullptr) *why = std::move(reason);
    return std::nullopt;
  };
  const auto slash = text.find('/');
  const std::string_view address_text = text.substr(0, slash);
  if (address_text.find('%') != std::string_view::npos) return fail("a network has no zone (%...)");
  const auto address = IpAddress::parse(address_text);
  if (!address) return fail("not an IPv4 or IPv6 address");

  Cidr cidr;
  cidr.network_ = *address;
  // ::ffff:a.b.c.d/n reads as the IPv4 network it maps (n - 96).
  const bool written_as_v6 = address_text.find(':') != std::string_view::npos;
  const unsigned family_bits = address->is_v4() && !written_as_v6 ? 32 : 128;
  unsigned prefix = family_bits;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) {
      return fail("the prefix length after '/' is not a number");
    }
    if (prefix > family_bits) return fail("the prefix length is above " + std::to_string(family_bits));
  }
  if (address->is_v4() && written_as_v6) {
    if (prefix < 96) return fail("an IPv4-mapped network needs a prefix length of at least 96");
    prefix -= 96;
  }
  cidr.prefix_ = prefix;
  const unsigned bits = bits_in_v6_form(*address, prefix);
  if (!host_bits_zero(address->bytes(), bits)) {
    auto masked = address->bytes();
    for (unsigned i = bits; i < 128; ++i) masked[i / 8] &= static_cast<uint8_t>(~(1u << (7 - i % 8)));
    return fail("has bits set after the prefix (the network is " + format(masked, address->is_v4()) + "/" +
                std::to_string(prefix) + ")");
  }
  return cidr;
}

bool Cidr::contains(const IpAddress& address) const noexcept {
  if (address.is_v4() != network_.is_v4()) return false;
  return prefix_matches(address.bytes(), network_.bytes(), bits_in_v6_form(network_, prefix_));
}

std::string Cidr::to_string() const { return network_.to_string() + "/" + std::to_string(prefix_); }

}  // namespace smppd::plugins::auth_static
