#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace smppd::tools::bench {

class SinkSession;

// The sessions that can take receipts (receivers and transceivers) by system_id, across the
// sink's threads, so that a transmitter's receipts find a receiver bound elsewhere. Touched on
// bind, close, and once per read of a transmitter that owes receipts, so a mutex is cheap enough.
class ReceiverRegistry {
 public:
  void add(const std::string& system_id, const std::shared_ptr<SinkSession>& session);
  void remove(const std::string& system_id, const SinkSession* session);
  // The next receiver of that system_id in turn, or null when none is bound.
  std::shared_ptr<SinkSession> pick(const std::string& system_id);

 private:
  struct Receivers {
    std::vector<std::weak_ptr<SinkSession>> sessions;
    std::vector<const SinkSession*> keys;  // to remove a session whose weak_ptr has expired
    size_t next = 0;
  };

  std::mutex mutex_;
  std::unordered_map<std::string, Receivers> by_system_id_;
};

}  // namespace smppd::tools::bench
