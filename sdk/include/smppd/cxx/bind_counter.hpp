// Concurrent binds per client (system_id) in one plugin's process, for every plugin that limits
// them (auth_static's max_binds, ratelimit's concurrent_binds). Header-only, like the rest of
// smppd/cxx: each plugin that includes it has its own process-wide counter.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace smppd::cxx {

class BindSlot;

// Every config object of the plugin (a reload makes a new one while old sessions live on) and
// every worker count in one table.
class BindCounter : public std::enable_shared_from_this<BindCounter> {
 public:
  // The plugin's counter, made on first use (never at dlopen); slots keep it alive past static
  // destruction.
  static std::shared_ptr<BindCounter> process_wide() {
    static const std::shared_ptr<BindCounter> counter = std::make_shared<BindCounter>();
    return counter;
  }

  // A slot when fewer than `max_binds` binds of `client` are held (0: no limit; still counted).
  // Any thread.
  inline std::optional<BindSlot> try_acquire(std::string_view client, uint32_t max_binds);
  uint32_t held(std::string_view client) const {
    std::lock_guard lock(mutex_);
    auto it = held_.find(client);
    return it == held_.end() ? 0 : it->second;
  }

 private:
  friend class BindSlot;
  void release(const std::string& client) noexcept {
    std::lock_guard lock(mutex_);
    auto it = held_.find(client);
    if (it == held_.end()) return;
    if (--it->second == 0) held_.erase(it);
  }

  mutable std::mutex mutex_;
  std::map<std::string, uint32_t, std::less<>> held_;
};

// One bind of a client, held from its bind request until the bind fails or the session ends.
// Released when destroyed; a moved-from slot releases nothing.
class BindSlot {
 public:
  BindSlot(BindSlot&& other) noexcept = default;
  BindSlot& operator=(BindSlot&& other) noexcept {
    if (this != &other) {
      if (owner_) owner_->release(client_);
      owner_ = std::move(other.owner_);
      client_ = std::move(other.client_);
    }
    return *this;
  }
  BindSlot(const BindSlot&) = delete;
  BindSlot& operator=(const BindSlot&) = delete;
  ~BindSlot() {
    if (owner_) owner_->release(client_);
  }

  const std::string& client() const noexcept { return client_; }

 private:
  friend class BindCounter;
  BindSlot(std::shared_ptr<BindCounter> owner, std::string client) noexcept
      : owner_(std::move(owner)), client_(std::move(client)) {}

  std::shared_ptr<BindCounter> owner_;
  std::string client_;
};

inline std::optional<BindSlot> BindCounter::try_acquire(std::string_view client, uint32_t max_binds) {
  std::lock_guard lock(mutex_);
  auto it = held_.find(client);
  const uint32_t held = it == held_.end() ? 0 : it->second;
  if (max_binds != 0 && held >= max_binds) return std::nullopt;
  if (it == held_.end()) {
    held_.emplace(std::string(client), 1);
  } else {
    ++it->second;
  }
  return BindSlot(shared_from_this(), std::string(client));
}

}  // namespace smppd::cxx
