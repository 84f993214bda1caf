#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/filter/auth_static/cidr.h"

namespace smppd::plugins::auth_static {

enum class BindType : uint8_t { transmitter = 1, receiver = 2, transceiver = 4 };

std::optional<BindType> bind_type_from_name(std::string_view name) noexcept;
std::string_view name_of(BindType type) noexcept;

class BindTypeSet {
 public:
  static constexpr BindTypeSet all() noexcept { return BindTypeSet(0x7); }
  static constexpr BindTypeSet none() noexcept { return BindTypeSet(0); }

  constexpr void add(BindType type) noexcept { bits_ |= static_cast<uint8_t>(type); }
  constexpr bool contains(BindType type) const noexcept { return (bits_ & static_cast<uint8_t>(type)) != 0; }
  constexpr bool empty() const noexcept { return bits_ == 0; }
  friend constexpr bool operator==(BindTypeSet, BindTypeSet) = default;

 private:
  constexpr explicit BindTypeSet(uint8_t bits) noexcept : bits_(bits) {}
  uint8_t bits_;
};

// One client account, as the operator configured it.
struct Account {
  std::string system_id;
  std::string password_hash;  // Argon2id, as crypto_pwhash_str writes it
  BindTypeSet bind_types = BindTypeSet::all();
  std::vector<Cidr> allowed_cidrs;  // empty: any source address
  uint32_t max_binds = 0;           // concurrent binds across the process; 0: unlimited
  bool enabled = true;

  // An address that does not parse is allowed only when any address is.
  bool allows_address(std::string_view peer_address) const;
};

}  // namespace smppd::plugins::auth_static
