#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "plugins/filter/ratelimit/prefix_tree.h"
#include "plugins/filter/ratelimit/ratelimit_config.h"
#include "plugins/filter/ratelimit/request_facts.h"

namespace smppd::plugins::ratelimit {

// One configured limit, ready to key requests: its config, its destination prefix tree and where
// its tenant attribute's value sits in RequestFacts::tenants. Immutable; any thread.
class Limit {
 public:
  Limit(LimitConfig config, size_t tenant_index);

  const LimitConfig& config() const noexcept { return config_; }
  const std::string& name() const noexcept { return config_.name; }
  bool global() const noexcept { return config_.scope == LimitScope::global; }
  // Keyed by the client alone: one key for every request of a bound session.
  bool keyed_by_client_only() const noexcept {
    return config_.keys.size() == 1 && config_.keys.front() == KeyKind::client;
  }

  // The bucket's key for a request: its values in the order of `keys`, each escaped ('%', '/' and
  // control octets as %XX) and joined by '/' ("acme/44"); nothing when the request lacks one.
  std::optional<std::string> key_for(const RequestFacts& facts) const;
  // "client/destination_prefix=acme/44": a key this limit made, for logs.
  std::string describe(std::string_view key) const;

 private:
  std::optional<std::string_view> value_of(KeyKind kind, const RequestFacts& facts) const;

  LimitConfig config_;
  PrefixTree prefixes_;
  size_t tenant_index_;
};

}  // namespace smppd::plugins::ratelimit
