#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace smppd::plugins::ratelimit {

class BindSlot;

// Concurrent binds per client (system_id) in this process: every config object (a reload makes a
// new one while old sessions live on) and every worker count in one table.
class ClientBindCounter : public std::enable_shared_from_this<ClientBindCounter> {
 public:
  // The process's counter, made on first use; slots keep it alive.
  static std::shared_ptr<ClientBindCounter> process_wide();

  // A slot when fewer than `max_binds` binds of `client` are held. Any thread.
  std::optional<BindSlot> try_acquire(std::string_view client, uint32_t max_binds);
  uint32_t held(std::string_view client) const;

 private:
  friend class BindSlot;
  void release(const std::string& client) noexcept;

  mutable std::mutex mutex_;
  std::map<std::string, uint32_t, std::less<>> held_;
};

// One bind of a client, held from its bind request until the bind fails or the session ends.
// Released when destroyed.
class BindSlot {
 public:
  BindSlot(BindSlot&& other) noexcept = default;
  BindSlot& operator=(BindSlot&& other) noexcept;
  BindSlot(const BindSlot&) = delete;
  BindSlot& operator=(const BindSlot&) = delete;
  ~BindSlot();

  const std::string& client() const noexcept { return client_; }

 private:
  friend class ClientBindCounter;
  BindSlot(std::shared_ptr<ClientBindCounter> owner, std::string client) noexcept
      : owner_(std::move(owner)), client_(std::move(client)) {}

  std::shared_ptr<ClientBindCounter> owner_;
  std::string client_;
};

}  // namespace smppd::plugins::ratelimit
