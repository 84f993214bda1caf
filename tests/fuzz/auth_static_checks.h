// For the auth_static targets: what an account the parser accepted must be, and whether a refusal
// names the account and key at fault. Both forms of the accounts (inline in the filter's config,
// and the [[accounts]] of an accounts file) go through the same account parser, and so through
// these checks.
#pragma once

#include <arpa/inet.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "plugins/filter/auth_static/account.h"
#include "plugins/filter/auth_static/cidr.h"
#include "plugins/filter/auth_static/password_verifier.h"
#include "tests/fuzz/config_error_path.h"

namespace smppd::fuzz::auth_static {

namespace json = boost::json;
namespace as = smppd::plugins::auth_static;

inline void check(bool condition) {
  if (!condition) __builtin_trap();
}

inline constexpr std::array<std::string_view, 6> kAccountKeys = {"system_id",     "password_hash", "bind_types",
                                                                 "allowed_cidrs", "max_binds",     "enabled"};

// Operator text as a refusal shows it (quoted.h, written again from its comment): in double
// quotes, control octets, quotes and backslashes as \xNN, cut after 64 octets with "...".
inline std::string shown(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char c : text.substr(0, 64)) {
    const auto octet = static_cast<unsigned char>(c);
    if (octet < 0x20 || octet == 0x7F || c == '"' || c == '\\') {
      out += "\\x";
      out += kHex[octet >> 4];
      out += kHex[octet & 0xF];
    } else {
      out += c;
    }
  }
  if (text.size() > 64) out += "...";
  return out + "\"";
}

inline const json::value* member(const json::value& value, std::string_view key) {
  const auto* object = value.if_object();
  return object == nullptr ? nullptr : object->if_contains(key);
}

inline std::optional<std::string_view> string_member(const json::value& value, std::string_view key) {
  const json::value* field = member(value, key);
  if (field == nullptr || !field->is_string()) return std::nullopt;
  return std::string_view(field->get_string());
}

// A system_id the parser takes, and so names the account by: 1 to 15 octets, no NUL.
inline bool usable_system_id(const json::value& entry) {
  const auto system_id = string_member(entry, "system_id");
  return system_id && !system_id->empty() && system_id->size() <= 15 && system_id->find('\0') == std::string_view::npos;
}

// After "<key>" in an account: "[<j>]" for an element of the key's array, when there is one.
inline bool element_suffix(const json::value& entry, std::string_view key, std::string_view& rest) {
  if (!rest.starts_with('[')) return true;
  const json::value* items = member(entry, key);
  if (items == nullptr || !items->is_array() || (key != "bind_types" && key != "allowed_cidrs")) return false;
  size_t index = 0;
  const auto [end, error] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), index);
  if (error != std::errc() || end == rest.data() + 1 || end == rest.data() + rest.size() || *end != ']') return false;
  if (index >= items->get_array().size()) return false;
  rest.remove_prefix(static_cast<size_t>(end - rest.data()) + 1);
  return true;
}

// Whether `rest` is the rest of a refusal after "<where>": "[<i>]", then " (system_id <shown>)"
// once the account's system_id was read, then ": " and either the reason (an entry that is no
// table) or a key of that very entry (or system_id or password_hash it lacks), with "[<j>]" for
// an element, then ": " and a reason. Unknown keys are shown quoted, as written. An unnamed account
// is refused over its system_id (or for not being a table); a named one that repeats an earlier
// system_id says so.
inline bool names_an_account_key(std::string_view rest, const json::array& entries) {
  if (!rest.starts_with('[')) return false;
  size_t index = 0;
  const auto [end, error] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), index);
  if (error != std::errc() || end == rest.data() + 1 || end == rest.data() + rest.size() || *end != ']') return false;
  if (index >= entries.size()) return false;
  rest.remove_prefix(static_cast<size_t>(end - rest.data()) + 1);
  const json::value& entry = entries[index];

  bool named = false;
  if (rest.starts_with(" (system_id ")) {
    if (!usable_system_id(entry)) return false;
    const std::string label = " (system_id " + shown(*string_member(entry, "system_id")) + ")";
    if (!rest.starts_with(label)) return false;
    rest.remove_prefix(label.size());
    named = true;
  }
  if (!rest.starts_with(": ")) return false;
  rest.remove_prefix(2);

  const auto reason_follows = [](std::string_view after) { return after.starts_with(": ") && after.size() > 2; };
  for (const std::string_view key : kAccountKeys) {
    if (!rest.starts_with(key)) continue;
    std::string_view after = rest.substr(key.size());
    const bool written = member(entry, key) != nullptr;
    if (!element_suffix(entry, key, after) || !reason_follows(after)) continue;
    if (!written && !(key == "system_id" || key == "password_hash")) continue;
    if (!written && after != ": is missing") continue;
    if (!named && (key != "system_id" || usable_system_id(entry))) continue;
    if (named && key == "system_id") {
      // The only refusal of a named account's system_id: an earlier account has it.
      bool earlier = false;
      for (size_t i = 0; i < index; ++i)
        earlier = earlier || string_member(entries[i], "system_id") == string_member(entry, "system_id");
      if (!earlier) continue;
    }
    return true;
  }
  if (const auto* fields = entry.if_object()) {
    for (const auto& field : *fields) {
      const std::string_view key(field.key().data(), field.key().size());
      if (std::find(kAccountKeys.begin(), kAccountKeys.end(), key) != kAccountKeys.end()) continue;
      const std::string quoted = shown(key);
      if (named && rest.starts_with(quoted) && reason_follows(rest.substr(quoted.size()))) return true;
    }
    return false;
  }
  return !named && !rest.empty();  // "must be a table, not ..."
}

// The address part of an allowed_cidrs entry as inet_pton reads it, in the 16 octets of the IPv6
// form (IPv4 as ::ffff:a.b.c.d).
inline std::optional<std::array<uint8_t, 16>> address_octets(std::string_view written) {
  std::string text(written.substr(0, written.find('/')));
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  std::array<uint8_t, 16> octets{};
  if (text.find(':') == std::string::npos) {
    in_addr v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4) != 1) return std::nullopt;
    octets[10] = octets[11] = 0xFF;
    std::memcpy(octets.data() + 12, &v4.s_addr, 4);
    return octets;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) != 1) return std::nullopt;
  std::memcpy(octets.data(), v6.s6_addr, 16);
  return octets;
}

inline std::string address_text(const std::array<uint8_t, 16>& octets, bool v4) {
  char text[INET6_ADDRSTRLEN] = {};
  if (v4) {
    inet_ntop(AF_INET, octets.data() + 12, text, sizeof text);
  } else {
    inet_ntop(AF_INET6, octets.data(), text, sizeof text);
  }
  return text;
}

// An accepted network: the very address written, the prefix written (less 96 for an IPv4-mapped
// network written as IPv6), no host bits; it prints as text that parses back to it, contains its
// first and last address and nothing of the other family, and not the address just past its prefix.
inline void check_cidr(const as::Cidr& cidr, std::string_view written, const as::Account& account) {
  const bool v4 = cidr.network().is_v4();
  const unsigned family_bits = v4 ? 32 : 128;
  const unsigned offset = v4 ? 96 : 0;  // the prefix's place in the 128 bits of the IPv6 form
  check(cidr.prefix_length() <= family_bits);
  const auto octets = address_octets(written);
  check(octets.has_value() && *octets == cidr.network().bytes());
  const bool written_as_v6 = written.substr(0, written.find('/')).find(':') != std::string_view::npos;
  if (const size_t slash = written.find('/'); slash != std::string_view::npos) {
    unsigned prefix = 0;
    const std::string_view digits = written.substr(slash + 1);
    check(std::from_chars(digits.data(), digits.data() + digits.size(), prefix).ec == std::errc());
    check(cidr.prefix_length() == (v4 && written_as_v6 ? prefix - 96 : prefix));
  } else {
    check(cidr.prefix_length() == family_bits);
  }
  const unsigned bits = offset + cidr.prefix_length();
  std::array<uint8_t, 16> last = cidr.network().bytes();
  for (unsigned i = bits; i < 128; ++i) {
    check(((last[i / 8] >> (7 - i % 8)) & 1) == 0);
    last[i / 8] = static_cast<uint8_t>(last[i / 8] | (1u << (7 - i % 8)));
  }
  const auto reparsed = as::Cidr::parse(cidr.to_string());
  check(reparsed.has_value() && reparsed->network() == cidr.network() &&
        reparsed->prefix_length() == cidr.prefix_length());
  const std::string first_text = address_text(cidr.network().bytes(), v4);
  check(cidr.contains(*as::IpAddress::parse(first_text)) && account.allows_address(first_text));
  // (The last address of an IPv6 network around ::ffff:0:0/96 is an IPv4 address: another family.)
  const bool last_is_mapped = std::all_of(last.begin(), last.begin() + 10, [](uint8_t o) { return o == 0; }) &&
                              last[10] == 0xFF && last[11] == 0xFF;
  if (v4 || !last_is_mapped) check(cidr.contains(*as::IpAddress::parse(address_text(last, v4))));
  if (cidr.prefix_length() > 0) {
    std::array<uint8_t, 16> outside = cidr.network().bytes();
    outside[(bits - 1) / 8] = static_cast<uint8_t>(outside[(bits - 1) / 8] ^ (1u << (7 - (bits - 1) % 8)));
    check(!cidr.contains(*as::IpAddress::parse(address_text(outside, v4))));
  }
  check(!cidr.contains(*as::IpAddress::parse(v4 ? "2001:db8::1" : "192.0.2.1")));
}

// "$argon2id$v=<n>$m=<KiB>,t=<n>,p=<n>$" read on its own, against hash_cost.
inline void check_hash(std::string_view hash) {
  check(hash.starts_with("$argon2id$") && hash.size() <= 127);
  const auto cost = as::hash_cost(hash);
  check(cost.has_value() && as::check_password_hash(hash).empty());
  std::string_view rest = hash.substr(10);
  uint64_t values[4] = {};
  constexpr std::string_view kNames[4] = {"v=", "m=", "t=", "p="};
  constexpr char kEnds[4] = {'$', ',', ',', '$'};
  for (size_t i = 0; i < 4; ++i) {
    check(rest.starts_with(kNames[i]));
    rest.remove_prefix(2);
    const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), values[i]);
    check(error == std::errc() && end != rest.data() && end != rest.data() + rest.size() && *end == kEnds[i]);
    rest.remove_prefix(static_cast<size_t>(end - rest.data()) + 1);
  }
  check(cost->memlimit_bytes == values[1] * 1024 && cost->opslimit == values[2]);
  check(values[1] >= 1 && cost->memlimit_bytes <= (uint64_t{1} << 30));
  check(values[2] >= 1 && values[2] <= 64 && values[3] >= 1);
}

// An accepted account holds what its entry says, or the README's defaults.
inline void check_account(const as::Account& account, const json::value& written) {
  check(written.is_object());
  for (const auto& field : written.get_object()) {
    const std::string_view key(field.key().data(), field.key().size());
    check(std::find(kAccountKeys.begin(), kAccountKeys.end(), key) != kAccountKeys.end());
  }
  check(usable_system_id(written) && account.system_id == *string_member(written, "system_id"));
  check(string_member(written, "password_hash") == std::string_view(account.password_hash));
  check_hash(account.password_hash);

  check(!account.bind_types.empty());
  if (const json::value* types = member(written, "bind_types")) {
    as::BindTypeSet expected = as::BindTypeSet::none();
    check(!types->as_array().empty());
    for (const json::value& name : types->as_array()) {
      const auto type = as::bind_type_from_name(std::string_view(name.as_string()));
      check(type.has_value() && as::name_of(*type) == std::string_view(name.as_string()));
      expected.add(*type);
    }
    check(account.bind_types == expected);
  } else {
    check(account.bind_types == as::BindTypeSet::all());
  }

  const json::value* cidrs = member(written, "allowed_cidrs");
  check(account.allowed_cidrs.size() == (cidrs == nullptr ? 0 : cidrs->as_array().size()));
  check(cidrs == nullptr || !account.allowed_cidrs.empty());
  check(account.allows_address("not an address") == account.allowed_cidrs.empty());
  for (size_t i = 0; i < account.allowed_cidrs.size(); ++i) {
    check_cidr(account.allowed_cidrs[i], std::string_view(cidrs->as_array()[i].as_string()), account);
  }

  const json::value* max_binds = member(written, "max_binds");
  if (max_binds == nullptr) {
    check(account.max_binds == 0);
  } else {
    check(max_binds->is_int64() ? max_binds->get_int64() == account.max_binds
                                : max_binds->as_uint64() == account.max_binds);
  }
  const json::value* enabled = member(written, "enabled");
  check(account.enabled == (enabled == nullptr || enabled->as_bool()));
}

// The accounts of one array: each as written, system_ids unique.
inline void check_accounts(const std::vector<as::Account>& accounts, const json::array& written) {
  check(accounts.size() == written.size());
  for (size_t i = 0; i < accounts.size(); ++i) {
    check_account(accounts[i], written[i]);
    for (size_t j = 0; j < i; ++j) check(accounts[j].system_id != accounts[i].system_id);
  }
}

}  // namespace smppd::fuzz::auth_static
