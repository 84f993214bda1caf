#include "plugins/filter/ratelimit/bind_limiter.h"

#include <string>
#include <utility>

namespace smppd::plugins::ratelimit {

BindLimiter::BindLimiter(const RatelimitConfig& config, std::shared_ptr<HostServices> host,
                         std::shared_ptr<cxx::BindCounter> binds)
    : host_(std::move(host)), binds_(std::move(binds)), concurrent_(config.concurrent_binds) {
  if (config.bind_attempts) {
    attempts_ = std::make_unique<LocalGcraTable>(config.bind_attempts->rate, config.max_local_keys);
    attempts_status_ = config.bind_attempts->status;
    attempts_allowed_ = host_->define_counter("bind_attempts.allowed", "Bind attempts within the per-IP rate");
    attempts_limited_ = host_->define_counter("bind_attempts.limited", "Bind attempts refused: the client IP's rate");
  }
  if (concurrent_) {
    concurrent_limited_ =
        host_->define_counter("concurrent_binds.limited", "Binds refused: the client's concurrent binds reached the limit");
  }
}

void BindLimiter::count(const std::optional<uint32_t>& counter) const noexcept {
  if (counter) host_->count(*counter, 1);
}

void BindLimiter::log_refusal(std::string_view what) const {
  if (!host_->log_enabled(Severity::debug)) return;
  try {
    host_->log(Severity::debug, std::string(what));
  } catch (...) {
  }
}

BindLimiter::Answer BindLimiter::on_bind(std::string_view peer_address, std::string_view client, bool needs_slot) {
  Answer answer;
  if (attempts_ != nullptr) {
    if (!attempts_->take(peer_address, 1, host_->monotonic_ns())) {
      count(attempts_limited_);
      log_refusal("bind attempt of " + std::string(client) + " from " + std::string(peer_address) +
                  " refused: too many bind attempts from this address");
      return Answer{false, attempts_status_, std::nullopt};
    }
    count(attempts_allowed_);
  }
  if (concurrent_ && needs_slot) {
    answer.slot = binds_->try_acquire(client, concurrent_->max_per_client);
    if (!answer.slot) {
      count(concurrent_limited_);
      log_refusal("bind of " + std::string(client) + " from " + std::string(peer_address) + " refused: " +
                  std::to_string(concurrent_->max_per_client) + " concurrent binds already");
      return Answer{false, concurrent_->status, std::nullopt};
    }
  }
  return answer;
}

}  // namespace smppd::plugins::ratelimit
