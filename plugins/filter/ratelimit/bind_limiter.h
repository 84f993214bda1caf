#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "smppd/cxx/bind_counter.hpp"
#include "plugins/filter/ratelimit/host_services.h"
#include "plugins/filter/ratelimit/local_gcra_table.h"
#include "plugins/filter/ratelimit/ratelimit_config.h"

namespace smppd::plugins::ratelimit {

// The limits on binds: attempts per client IP (a local GCRA keyed by the peer address, every
// attempt costs one) and concurrent binds per client (system_id) on this node. Shared by every
// worker. Counts smppd.plugin.ratelimit.bind_attempts.{allowed,limited} and
// concurrent_binds.limited.
class BindLimiter {
 public:
  // Control thread: defines the counters.
  BindLimiter(const RatelimitConfig& config, std::shared_ptr<HostServices> host, std::shared_ptr<cxx::BindCounter> binds);
  BindLimiter(const BindLimiter&) = delete;
  BindLimiter& operator=(const BindLimiter&) = delete;

  bool active() const noexcept { return attempts_ != nullptr || concurrent_.has_value(); }

  struct Answer {
    bool allowed = true;
    uint32_t status = 0;            // refused: the command_status to answer with
    std::optional<cxx::BindSlot> slot;   // allowed with concurrent_binds: hold it while bound
  };
  // A bind request of `client` from `peer_address`. Any thread. `needs_slot` is false for a
  // session that holds one already (its slot stands for this bind too).
  Answer on_bind(std::string_view peer_address, std::string_view client, bool needs_slot);

 private:
  void count(const std::optional<uint32_t>& counter) const noexcept;
  void log_refusal(std::string_view what) const;

  std::shared_ptr<HostServices> host_;
  std::shared_ptr<cxx::BindCounter> binds_;
  std::unique_ptr<LocalGcraTable> attempts_;
  uint32_t attempts_status_ = kStatusBindFail;
  std::optional<ConcurrentBindsConfig> concurrent_;
  std::optional<uint32_t> attempts_allowed_;
  std::optional<uint32_t> attempts_limited_;
  std::optional<uint32_t> concurrent_limited_;
};

}  // namespace smppd::plugins::ratelimit
