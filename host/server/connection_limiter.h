#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace smppd::server {

// Connections of one listener, in all and per client IP, counted across every worker. A
// connection holds a Ticket; giving it back (destroying it) frees its place.
class ConnectionLimiter : public std::enable_shared_from_this<ConnectionLimiter> {
 public:
  enum class Refusal : uint8_t { none, listener_full, ip_full };

  class Ticket {
   public:
    Ticket(std::shared_ptr<ConnectionLimiter> limiter, std::string ip) : limiter_(std::move(limiter)), ip_(std::move(ip)) {}
    ~Ticket();
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;

   private:
    std::shared_ptr<ConnectionLimiter> limiter_;
    std::string ip_;
  };

  ConnectionLimiter(uint32_t max_connections, uint32_t max_per_ip)
      : max_connections_(max_connections), max_per_ip_(max_per_ip) {}

  // A ticket, or nullptr with the reason.
  std::unique_ptr<Ticket> try_admit(const std::string& ip, Refusal& refusal);
  uint32_t total() const;

 private:
  void release(const std::string& ip);

  const uint32_t max_connections_;
  const uint32_t max_per_ip_;
  mutable std::mutex mutex_;
  uint32_t total_ = 0;
  std::unordered_map<std::string, uint32_t> per_ip_;
};

}  // namespace smppd::server
