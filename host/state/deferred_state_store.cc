#include "host/state/deferred_state_store.h"

#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>

#include <algorithm>

namespace smppd::state {

namespace asio = boost::asio;

DeferredStateStore::DeferredStateStore(size_t queue_capacity, stats::StatsStore* stats)
    : queue_capacity_(std::max<size_t>(queue_capacity, 1)),
      stats_(stats != nullptr ? *stats : stats::StatsStore::process()) {}

DeferredStateStore::~DeferredStateStore() { close(); }

void DeferredStateStore::execute(std::vector<StateOp> ops, Executor executor, BatchCallback done, Answer answer) {
  if (StateStore* backend = backend_ready_.load(std::memory_order_acquire)) {
    backend->execute(std::move(ops), std::move(executor), std::move(done), answer);
    return;
  }
  WaitingCall call{std::move(ops), asio::prefer(std::move(executor), asio::execution::outstanding_work.tracked),
                   std::move(done), answer};
  StateStatus refused;
  StateStore* backend = nullptr;
  {
    std::lock_guard lock(mutex_);
    switch (stage_) {
      case Stage::attached: backend = backend_.get(); break;  // attached since the check above
      case Stage::failed: refused = StateStatus{StateCode::unavailable, failure_}; break;
      case Stage::closed: refused = StateStatus{StateCode::unavailable, "the state store is closed"}; break;
      case Stage::waiting:
        if (waiting_.size() >= queue_capacity_) {
          refused = StateStatus{StateCode::busy, "the state store queue is full (waiting for its backend)"};
        } else {
          waiting_.push_back(std::move(call));
          stats_.queue_depth.set(static_cast<int64_t>(waiting_.size()));
          return;
        }
        break;
    }
  }
  if (backend != nullptr) {
    backend->execute(std::move(call.ops), std::move(call.executor), std::move(call.done), call.answer);
    return;
  }
  refuse(std::move(call), refused);
}

void DeferredStateStore::attach(std::unique_ptr<StateStore> backend) {
  {
    std::lock_guard lock(mutex_);
    if (stage_ == Stage::waiting) {
      backend_ = std::move(backend);
      // First, so that what the waiting calls publish reaches these subscribers.
      for (auto& [channel, on_message] : subscriptions_) backend_->subscribe(channel, std::move(on_message));
      subscriptions_.clear();
      // Under the lock, so that a call racing this one waits and then comes after these.
      for (WaitingCall& call : waiting_) {
        backend_->execute(std::move(call.ops), std::move(call.executor), std::move(call.done), call.answer);
      }
      waiting_.clear();
      stage_ = Stage::attached;
      backend_ready_.store(backend_.get(), std::memory_order_release);
      return;
    }
  }
  // Closed or failed meanwhile: nobody will call it; release its files.
  if (backend) backend->close();
}

void DeferredStateStore::subscribe(const std::string& channel, MessageCallback on_message) {
  StateStore* backend = nullptr;
  {
    std::lock_guard lock(mutex_);
    switch (stage_) {
      case Stage::waiting: subscriptions_.emplace_back(channel, std::move(on_message)); return;
      case Stage::attached: backend = backend_.get(); break;
      case Stage::failed:
      case Stage::closed: return;  // nothing will ever be published to it
    }
  }
  backend->subscribe(channel, std::move(on_message));
}

bool DeferredStateStore::available() const {
  if (const StateStore* backend = backend_ready_.load(std::memory_order_acquire)) return backend->available();
  std::lock_guard lock(mutex_);
  switch (stage_) {
    case Stage::waiting: return true;  // calls wait and will be answered
    case Stage::attached: return backend_->available();
    case Stage::failed:
    case Stage::closed: return false;
  }
  return false;
}

bool DeferredStateStore::shared() const {
  if (const StateStore* backend = backend_ready_.load(std::memory_order_acquire)) return backend->shared();
  return true;
}

void DeferredStateStore::fail(std::string why) {
  std::deque<WaitingCall> calls;
  {
    std::lock_guard lock(mutex_);
    if (stage_ != Stage::waiting) return;
    stage_ = Stage::failed;
    failure_ = "no state store: " + why;
    calls.swap(waiting_);
    subscriptions_.clear();
    stats_.queue_depth.set(0);
  }
  refuse(std::move(calls), StateStatus{StateCode::unavailable, failure_});
}

void DeferredStateStore::close() {
  std::deque<WaitingCall> calls;
  StateStore* backend = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (stage_ == Stage::attached) {
      backend = backend_.get();
    } else if (stage_ == Stage::waiting) {
      stage_ = Stage::closed;
      calls.swap(waiting_);
      subscriptions_.clear();
      stats_.queue_depth.set(0);
    }
  }
  if (backend != nullptr) backend->close();  // idempotent: it finishes what it was given
  refuse(std::move(calls), StateStatus{StateCode::unavailable, "the state store is closed"});
}

size_t DeferredStateStore::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

void DeferredStateStore::refuse(std::deque<WaitingCall> calls, const StateStatus& status) {
  for (WaitingCall& call : calls) refuse(std::move(call), status);
}

void DeferredStateStore::refuse(WaitingCall call, const StateStatus& status) {
  const size_t op_count = call.ops.size();
  stats_.ops_total.add(static_cast<int64_t>(op_count));
  stats_.ops_failed.add(static_cast<int64_t>(op_count));
  if (!call.done) return;  // nobody waits for it
  // Posted, never run inside the call; the posted handler keeps the caller's context busy.
  asio::post(call.executor, [done = std::move(call.done), result = refused_batch(op_count, status)]() mutable {
    done(std::move(result));
  });
}

}  // namespace smppd::state
