#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace smppd::plugins::auth_static {

class BindSlot;

// Concurrent binds per system_id across the whole process: every config object (a reload makes a
// new one while old sessions live on) and every worker share one counter.
class BindCounter : public std::enable_shared_from_this<BindCounter> {
 public:
  // The process's counter, made on first use and never destroyed before its last slot.
  static std::shared_ptr<BindCounter> process_wide();

  // A slot when fewer than `max_binds` binds of this system_id are held (0: no limit; still
  // counted). Any thread.
  std::optional<BindSlot> try_acquire(const std::string& system_id, uint32_t max_binds);
  uint32_t active(std::string_view system_id) const;

 private:
  friend class BindSlot;
  void release(const std::string& system_id) noexcept;

  mutable std::mutex mutex_;
  std::map<std::string, uint32_t, std::less<>> active_;
};

// One accepted bind. Released when destroyed.
class BindSlot {
 public:
  BindSlot(BindSlot&& other) noexcept = default;
  BindSlot& operator=(BindSlot&& other) noexcept;
  BindSlot(const BindSlot&) = delete;
  BindSlot& operator=(const BindSlot&) = delete;
  ~BindSlot();

  const std::string& system_id() const noexcept { return system_id_; }

 private:
  friend class BindCounter;
  BindSlot(std::shared_ptr<BindCounter> owner, std::string system_id) noexcept
      : owner_(std::move(owner)), system_id_(std::move(system_id)) {}

  std::shared_ptr<BindCounter> owner_;
  std::string system_id_;
};

}  // namespace smppd::plugins::auth_static
