#include "plugins/filter/ratelimit/limit.h"

#include <algorithm>
#include <utility>

namespace smppd::plugins::ratelimit {
namespace {

bool needs_escape(char c) noexcept {
  const auto octet = static_cast<unsigned char>(c);
  return c == '%' || c == '/' || octet < 0x20 || octet == 0x7F;
}

void append_escaped(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  if (std::none_of(value.begin(), value.end(), needs_escape)) {  // the usual key: one append
    out += value;
    return;
  }
  for (const char c : value) {
    const auto octet = static_cast<unsigned char>(c);
    if (needs_escape(c)) {
      out += '%';
      out += kHex[octet >> 4];
      out += kHex[octet & 0x0F];
    } else {
      out += c;
    }
  }
}

}  // namespace

Limit::Limit(LimitConfig config, size_t tenant_index) : config_(std::move(config)), tenant_index_(tenant_index) {
  for (const std::string& prefix : config_.destination_prefixes) prefixes_.insert(prefix);
}

std::optional<std::string_view> Limit::value_of(KeyKind kind, const RequestFacts& facts) const {
  switch (kind) {
    case KeyKind::client: return facts.client;
    case KeyKind::sender: return facts.sender;
    case KeyKind::destination_prefix: return prefixes_.longest_match(facts.destination);
    case KeyKind::route: return facts.route;
    case KeyKind::cluster: return facts.cluster;
    case KeyKind::tenant:
      return tenant_index_ < facts.tenants.size() ? facts.tenants[tenant_index_] : std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> Limit::key_for(const RequestFacts& facts) const {
  std::string key;
  for (size_t i = 0; i < config_.keys.size(); ++i) {
    const std::optional<std::string_view> value = value_of(config_.keys[i], facts);
    if (!value) return std::nullopt;
    if (i > 0) key += '/';
    append_escaped(key, *value);
  }
  return key;
}

std::string Limit::describe(std::string_view key) const {
  std::string text;
  for (const KeyKind kind : config_.keys) {
    if (!text.empty()) text += '/';
    text += name_of(kind);
  }
  text += '=';
  text += key;
  return text;
}

}  // namespace smppd::plugins::ratelimit
