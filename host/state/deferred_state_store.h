#pragma once

#include <atomic>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "host/state/state_store.h"
#include "host/state/state_store_stats.h"

namespace smppd::state {

// A state store whose backend comes later. A process taking over from another at a hot restart
// serves at once, while the old one still holds the embedded store's files (RocksDB locks its
// directory for one writer). Calls made meanwhile wait here in order, up to `queue_capacity`
// (beyond it they answer `busy`, as the embedded store's queue does); attach() hands them to the
// backend in that order, and every later call goes straight to it.
class DeferredStateStore final : public StateStore {
 public:
  explicit DeferredStateStore(size_t queue_capacity, stats::StatsStore* stats = nullptr);
  ~DeferredStateStore() override;
  DeferredStateStore(const DeferredStateStore&) = delete;
  DeferredStateStore& operator=(const DeferredStateStore&) = delete;

  using StateStore::execute;
  void execute(std::vector<StateOp> ops, Executor executor, BatchCallback done, Answer answer) override;
  // Forwarded once attached; made before, remembered and made on the backend when it attaches.
  // Dropped after close() or fail().
  void subscribe(const std::string& channel, MessageCallback on_message) override;
  // The backend's once attached; true while calls wait for it, false once failed or closed.
  bool available() const override;
  // The backend's once attached; true before (what a plugin counts stays in the store until it
  // is known to be this node's alone).
  bool shared() const override;
  // Closes the backend, or answers the waiting calls `unavailable` when there is none yet.
  void close() override;

  // Makes the subscriptions made so far on `backend`, then forwards the waiting calls to it in the
  // order made, then every later call. Calls that race it keep their order. After close() or
  // fail(), `backend` is closed and dropped. Once.
  void attach(std::unique_ptr<StateStore> backend);
  // No backend will come: the waiting calls and every later one answer `unavailable` (`why`).
  void fail(std::string why);

  // Whether calls go to a backend by now.
  bool attached() const { return backend_ready_.load(std::memory_order_acquire) != nullptr; }
  // Calls waiting for the backend.
  size_t waiting() const;

 private:
  struct WaitingCall {
    std::vector<StateOp> ops;
    Executor executor;  // holds outstanding work on the caller's context until completion
    BatchCallback done;
    Answer answer = Answer::always;
  };
  enum class Stage { waiting, attached, failed, closed };

  void refuse(std::deque<WaitingCall> calls, const StateStatus& status);
  void refuse(WaitingCall call, const StateStatus& status);

  const size_t queue_capacity_;
  StateStoreStats stats_;
  mutable std::mutex mutex_;
  Stage stage_ = Stage::waiting;
  std::string failure_;
  std::deque<WaitingCall> waiting_;
  std::vector<std::pair<std::string, MessageCallback>> subscriptions_;  // until attached
  std::unique_ptr<StateStore> backend_;
  // Set once the waiting calls are forwarded: later calls skip the mutex.
  std::atomic<StateStore*> backend_ready_{nullptr};
};

}  // namespace smppd::state
