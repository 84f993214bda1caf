#include "plugins/filter/auth_static/account.h"

#include <algorithm>

namespace smppd::plugins::auth_static {

std::optional<BindType> bind_type_from_name(std::string_view name) noexcept {
  if (name == "transmitter") return BindType::transmitter;
  if (name == "receiver") return BindType::receiver;
  if (name == "transceiver") return BindType::transceiver;
  return std::nullopt;
}

std::string_view name_of(BindType type) noexcept {
  switch (type) {
    case BindType::transmitter: return "transmitter";
    case BindType::receiver: return "receiver";
    case BindType::transceiver: return "transceiver";
  }
  return "unknown";
}

bool Account::allows_address(std::string_view peer_address) const {
  if (allowed_cidrs.empty()) return true;
  const auto address = IpAddress::parse(peer_address);
  if (!address) return false;
  return std::any_of(allowed_cidrs.begin(), allowed_cidrs.end(), [&](const Cidr& cidr) { return cidr.contains(*address); });
}

}  // namespace smppd::plugins::auth_static
