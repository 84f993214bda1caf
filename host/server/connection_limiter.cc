#include "host/server/connection_limiter.h"

namespace smppd::server {

ConnectionLimiter::Ticket::~Ticket() { limiter_->release(ip_); }

std::unique_ptr<ConnectionLimiter::Ticket> ConnectionLimiter::try_admit(const std::string& ip, Refusal& refusal) {
  {
    std::lock_guard lock(mutex_);
    if (max_connections_ != 0 && total_ >= max_connections_) {
      refusal = Refusal::listener_full;
      return nullptr;
    }
    uint32_t& count = per_ip_[ip];
    if (max_per_ip_ != 0 && count >= max_per_ip_) {
      refusal = Refusal::ip_full;
      return nullptr;
    }
    ++count;
    ++total_;
  }
  refusal = Refusal::none;
  return std::make_unique<Ticket>(shared_from_this(), ip);
}

uint32_t ConnectionLimiter::total() const {
  std::lock_guard lock(mutex_);
  return total_;
}

void ConnectionLimiter::release(const std::string& ip) {
  std::lock_guard lock(mutex_);
  --total_;
  auto it = per_ip_.find(ip);
  if (it != per_ip_.end() && --it->second == 0) per_ip_.erase(it);
}

}  // namespace smppd::server
