#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace smppd::plugins::auth_static {

// The filter's counters. Operators see them as smppd.plugin.auth_static.<name>.
enum class Stat : size_t {
  binds_accepted,
  binds_rejected,  // every refusal, whatever the reason
  binds_rejected_unknown_system_id,
  binds_rejected_bad_password,
  binds_rejected_disabled,
  binds_rejected_bind_type,
  binds_rejected_source_address,
  binds_rejected_max_binds,
  binds_rejected_throttled,
  binds_rejected_already_bound,
  binds_rejected_internal,
  binds_cancelled,  // the session or the deadline ended the bind during its check
  reloads,
  reload_failures,
  count_
};

struct StatInfo {
  std::string_view name;
  std::string_view help;
};

inline constexpr std::array<StatInfo, static_cast<size_t>(Stat::count_)> kStats = {{
    {"binds_accepted", "Binds accepted"},
    {"binds_rejected", "Binds refused, for any reason"},
    {"binds_rejected_unknown_system_id", "Binds refused: unknown system_id"},
    {"binds_rejected_bad_password", "Binds refused: wrong password"},
    {"binds_rejected_disabled", "Binds refused: account disabled"},
    {"binds_rejected_bind_type", "Binds refused: bind type not allowed"},
    {"binds_rejected_source_address", "Binds refused: source address not allowed"},
    {"binds_rejected_max_binds", "Binds refused: max_binds reached"},
    {"binds_rejected_throttled", "Binds refused before the password check: too many checks pending"},
    {"binds_rejected_already_bound", "Binds refused: the session is bound or binding already"},
    {"binds_rejected_internal", "Binds refused: internal error"},
    {"binds_cancelled", "Binds ended by the session or deadline during the password check"},
    {"reloads", "Accounts file reloads"},
    {"reload_failures", "Accounts file reloads refused (the previous accounts stay)"},
}};

// The gauge of password checks queued or running.
inline constexpr StatInfo kVerificationsInFlight = {"verifications_in_flight", "Password checks queued or running"};

}  // namespace smppd::plugins::auth_static
