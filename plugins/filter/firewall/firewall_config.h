#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/filter/firewall/named_list.h"
#include "plugins/filter/firewall/rule.h"

namespace smppd::plugins::firewall {

// ESME_RSUBMITFAIL: the submit failed, and a client does not retry it as it would a throttle.
inline constexpr uint32_t kDefaultDenyStatus = 0x45;

struct ListSpec {
  std::string name;
  ListKind kind = ListKind::numbers;
  std::string file;
};

struct FirewallSettings {
  bool monitor = false;  // mode = "monitor": log and count, never deny or tag
  uint32_t deny_status = kDefaultDenyStatus;
  int64_t list_reload_interval_ms = 5000;
  int64_t concat_hold_ms = 2000;            // how long parts wait for the rest of their message
  uint32_t concat_max_held_parts = 64;      // per session
  uint64_t concat_max_held_bytes = 65536;   // per session, of held text
  int64_t concat_verdict_ttl_ms = 30000;    // late parts of a decided message get its verdict
  uint32_t concat_max_verdicts = 256;       // decided messages remembered per session
  uint64_t rate_max_keys = 100000;          // per rate condition
  bool rule_metrics = true;                 // four counters per rule
};

struct FirewallConfig {
  FirewallSettings settings;
  std::vector<ListSpec> lists;
  std::vector<RuleSpec> rules;
};

// Throws ConfigError naming the rule (index and name) or list and the key at fault: a bad
// regex, an unknown list, a bad time window or zone, a duplicate name, a value out of range.
// Lists are not read here (see ListSet).
FirewallConfig parse_firewall_config(std::string_view json);

}  // namespace smppd::plugins::firewall
