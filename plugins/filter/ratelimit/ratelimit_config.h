#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/filter/ratelimit/gcra.h"

namespace smppd::plugins::ratelimit {

// What a limit is keyed by. A limit may combine several (client and destination prefix, say):
// each distinct combination of values has its own bucket.
enum class KeyKind : uint8_t {
  client,              // the session's bound system_id
  sender,              // source_addr
  destination_prefix,  // the longest of the limit's destination_prefixes the destination starts with
  route,               // the route the router would pick (smppd_call_api.route)
  cluster,             // the cluster it would pick
  tenant,              // the value of the limit's tenant_attribute
};

std::string_view name_of(KeyKind kind) noexcept;

// Where a limit's buckets live.
enum class LimitScope : uint8_t {
  local,   // this node's memory
  global,  // the shared state store (every node of a deployment takes from one bucket)
};

// What a global limit answers while the store cannot answer (unavailable, busy, failed).
enum class StoreFailure : uint8_t { allow, deny };

inline constexpr uint32_t kStatusThrottled = 0x00000058;  // ESME_RTHROTTLED
inline constexpr uint32_t kStatusBindFail = 0x0000000D;   // ESME_RBINDFAIL

struct LimitConfig {
  std::string name;
  std::vector<KeyKind> keys;  // config order, each at most once
  GcraRate rate;
  LimitScope scope = LimitScope::local;
  StoreFailure on_store_unavailable = StoreFailure::allow;
  uint32_t status = kStatusThrottled;
  std::vector<std::string> destination_prefixes;  // destination_prefix keys
  std::string tenant_attribute;                    // tenant keys: "<plugin>.<key>"

  bool keyed_by(KeyKind kind) const;
};

// Bind attempts per client IP (a local GCRA keyed by the peer address).
struct BindAttemptsConfig {
  GcraRate rate;
  uint32_t status = kStatusBindFail;
};

// Concurrent binds per client (system_id) on this node.
struct ConcurrentBindsConfig {
  uint32_t max_per_client = 0;
  uint32_t status = kStatusBindFail;
};

struct RatelimitConfig {
  std::vector<LimitConfig> limits;  // checked in this order
  // Units a request of another command costs, by command_id; absent: 0 (not limited). submit_sm
  // and data_sm always cost the parts of their message.
  std::map<uint32_t, int64_t> command_costs;
  // Keys each local limit keeps at most (and the bind attempts table); the least recently used
  // goes first when full.
  uint32_t max_local_keys = 100000;
  // Global limits' keys in the state store: <key_prefix><limit name>/<values...>.
  std::string key_prefix = "ratelimit/";
  std::optional<BindAttemptsConfig> bind_attempts;
  std::optional<ConcurrentBindsConfig> concurrent_binds;
};

// Throws ConfigError naming the limit and key at fault.
RatelimitConfig parse_ratelimit_config(std::string_view json);

}  // namespace smppd::plugins::ratelimit
