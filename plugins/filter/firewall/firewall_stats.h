#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace smppd::plugins::firewall {

// The firewall's totals, exported as smppd.plugin.<plugin>.<name>.
enum class Stat : size_t {
  messages,               // messages (whole concatenated ones counted once) evaluated
  denied,
  allowed,                // ended by an allow rule
  passed,                 // no rule decided
  tagged,                 // messages that got at least one tag
  would_deny,             // monitor mode (global or the rule's) would have denied
  would_tag,
  errors,                 // evaluation failed (answered ESME_RSYSERR)
  concat_parts_held,      // parts paused waiting for the rest of their message
  concat_completed,       // concatenated messages decided with every part
  concat_timeouts,        // ... decided at concat_hold_ms with parts missing
  concat_evicted,         // ... decided early: the session's held-parts bound was reached
  concat_late_parts,      // parts answered with the verdict of their already decided message
  concat_cancelled,       // held parts whose call ended first (on_cancel)
  list_reloads,
  list_reload_failures,
  patterns_on_re2,        // patterns Hyperscan could not compile (at config time and reloads)
  count_
};

struct StatName {
  const char* name;
  const char* help;
};

inline constexpr std::array<StatName, static_cast<size_t>(Stat::count_)> kStatNames = {{
    {"messages", "messages evaluated (a concatenated message once)"},
    {"denied", "messages denied"},
    {"allowed", "messages an allow rule let through"},
    {"passed", "messages no rule decided"},
    {"tagged", "messages tagged"},
    {"would_deny", "messages a monitor-only rule or mode would have denied"},
    {"would_tag", "messages a monitor-only rule or mode would have tagged"},
    {"errors", "evaluations that failed (answered ESME_RSYSERR)"},
    {"concat_parts_held", "parts held for the rest of their concatenated message"},
    {"concat_completed", "concatenated messages decided with every part"},
    {"concat_timeouts", "concatenated messages decided after concat_hold_ms with parts missing"},
    {"concat_evicted", "concatenated messages decided early at the per-session hold bound"},
    {"concat_late_parts", "parts answered with their message's earlier verdict"},
    {"concat_cancelled", "held parts whose call ended before the verdict"},
    {"list_reloads", "list files reloaded"},
    {"list_reload_failures", "list files that changed but could not be used"},
    {"patterns_on_re2", "patterns Hyperscan could not compile, run on RE2"},
}};

}  // namespace smppd::plugins::firewall
