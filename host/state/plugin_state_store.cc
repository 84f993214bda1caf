#include "host/state/plugin_state_store.h"

#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <unordered_map>
#include <utility>

#include "host/api/host_api.h"
#include "host/logging/logging.h"
#include "host/state/state_store_stats.h"

namespace smppd::state {

namespace asio = boost::asio;
namespace cxx_state = ::smppd::cxx::state;

namespace {

const auto& log() {
  static const auto logger = logging::get("state");
  return logger;
}

bool is_failure(StateCode code) {
  return code == StateCode::busy || code == StateCode::unavailable || code == StateCode::error;
}

smppd_state_completion* handle_of(uint64_t id) {
  return reinterpret_cast<smppd_state_completion*>(static_cast<uintptr_t>(id));
}

uint64_t id_of(smppd_state_completion* completion) {
  return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(completion));
}

using Message = std::pair<std::string, std::string>;  // channel, message

}  // namespace

// What a store's batches on their way and its local subscribers share with it: a completion may
// still be answered while the store is being destroyed.
struct PluginStateStore::Shared {
  Shared(stats::StatsStore& store, bool publish_here) : stats(store), local_publish(publish_here) {}

  // Delivers to this process's subscribers, one message at a time: whoever finds nobody
  // delivering delivers until the queue is empty, outside the lock, so a subscriber may call the
  // store again.
  void publish_locally(std::vector<Message> messages) {
    {
      std::lock_guard lock(deliveries_mutex);
      for (Message& message : messages) deliveries.push_back(std::move(message));
      if (delivering) return;
      delivering = true;
    }
    for (;;) {
      Message message;
      {
        std::lock_guard lock(deliveries_mutex);
        if (deliveries.empty()) {
          delivering = false;
          return;
        }
        message = std::move(deliveries.front());
        deliveries.pop_front();
      }
      std::vector<std::shared_ptr<const MessageCallback>> callbacks;
      {
        std::lock_guard lock(subscribers_mutex);
        if (auto found = subscribers.find(message.first); found != subscribers.end()) callbacks = found->second;
      }
      for (const auto& callback : callbacks) {
        try {
          (*callback)(message.first, message.second);
        } catch (const std::exception& e) {
          log()->error("a subscriber of state channel {} threw: {}", message.first, e.what());
        }
      }
    }
  }

  StateStoreStats stats;
  const bool local_publish;  // the backend has no subscribe

  std::mutex subscribers_mutex;
  std::map<std::string, std::vector<std::shared_ptr<const MessageCallback>>> subscribers;

  std::mutex deliveries_mutex;
  std::deque<Message> deliveries;
  bool delivering = false;
};

// A batch handed to the backend, until it is answered.
struct PluginStateStore::Pending {
  std::shared_ptr<Shared> shared;
  const PluginStateStore* owner = nullptr;
  size_t op_count = 0;
  std::vector<Message> publishes;  // delivered here once the batch succeeds (local_publish only)
  Executor executor;               // holds outstanding work on the caller's context until answered
  BatchCallback done;
  StateStore::Answer answer = StateStore::Answer::always;
  std::chrono::steady_clock::time_point started_at;
};

struct PluginStateStore::Subscription {
  std::string channel;
  MessageCallback on_message;

  static void deliver(void* user_data, smppd_state_bytes channel, smppd_state_bytes message) noexcept {
    auto* self = static_cast<Subscription*>(user_data);
    try {
      self->on_message(cxx_state::string_of(channel), cxx_state::string_of(message));
    } catch (const std::exception& e) {
      log()->error("a subscriber of state channel {} threw: {}", self->channel, e.what());
    } catch (...) {
      log()->error("a subscriber of state channel {} threw a non-standard exception", self->channel);
    }
  }
};

namespace {

// The batches every PluginStateStore of the process handed to its backend, by completion handle:
// complete() names no store.
class PendingBatches {
 public:
  using Pending = PluginStateStore::Pending;

  static PendingBatches& process() {
    static PendingBatches* batches = new PendingBatches();  // completions may come during exit
    return *batches;
  }

  uint64_t add(std::unique_ptr<Pending> pending) {
    std::lock_guard lock(mutex_);
    const uint64_t id = next_id_++;
    pending_.emplace(id, std::move(pending));
    return id;
  }

  std::unique_ptr<Pending> take(uint64_t id) {
    std::lock_guard lock(mutex_);
    auto found = pending_.find(id);
    if (found == pending_.end()) return nullptr;
    std::unique_ptr<Pending> pending = std::move(found->second);
    pending_.erase(found);
    return pending;
  }

  std::vector<std::unique_ptr<Pending>> take_all_of(const PluginStateStore* owner) {
    std::vector<std::pair<uint64_t, std::unique_ptr<Pending>>> taken;
    {
      std::lock_guard lock(mutex_);
      for (auto it = pending_.begin(); it != pending_.end();) {
        if (it->second->owner != owner) {
          ++it;
          continue;
        }
        taken.emplace_back(it->first, std::move(it->second));
        it = pending_.erase(it);
      }
    }
    std::sort(taken.begin(), taken.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::unique_ptr<Pending>> in_order;
    for (auto& [id, pending] : taken) in_order.push_back(std::move(pending));
    return in_order;
  }

  size_t count_of(const PluginStateStore* owner) const {
    std::lock_guard lock(mutex_);
    size_t count = 0;
    for (const auto& [id, pending] : pending_) count += pending->owner == owner ? 1 : 0;
    return count;
  }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<uint64_t, std::unique_ptr<Pending>> pending_;
  uint64_t next_id_ = 1;  // 0 would be a null handle
};

// Counts the batch, hands a successful one's publishes to local subscribers, and posts the
// callback to the caller's executor.
void answer(std::unique_ptr<PluginStateStore::Pending> pending, BatchResult result) {
  StateStoreStats& stats = pending->shared->stats;
  uint64_t failed = 0;
  for (const StateResult& one : result.results) failed += is_failure(one.status.code) ? 1 : 0;
  stats.ops_total.add(static_cast<int64_t>(result.results.size()));
  if (failed > 0) stats.ops_failed.add(static_cast<int64_t>(failed));
  const auto took = std::chrono::steady_clock::now() - pending->started_at;
  stats.latency_us.record(static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(took).count()));
  if (result.status.ok() && !pending->publishes.empty()) {
    pending->shared->publish_locally(std::move(pending->publishes));
  }
  if (!pending->done) return;  // nobody waits for it
  if (pending->answer == StateStore::Answer::failures && failed == 0 && result.status.ok()) return;
  asio::post(pending->executor, [done = std::move(pending->done), result = std::move(result)]() mutable {
    done(std::move(result));
  });
  // Destroying `pending` releases its hold on the caller's context; the posted callback holds it.
}

}  // namespace

PluginStateStore::Opened PluginStateStore::open(Backend backend, std::string_view config_json,
                                                const std::filesystem::path& node_dir, stats::StatsStore* stats,
                                                const smppd_host_api* host) {
  std::array<char, 1024> message{};
  smppd_error_buffer error{sizeof(smppd_error_buffer), static_cast<uint32_t>(message.size()), message.data()};
  const std::string dir = node_dir.string();
  void* store = nullptr;
  const int32_t result =
      backend.vtable->open(host != nullptr ? host : api::host_table(), backend.plugin,
                           smppd_host_view{config_json.data(), config_json.size()},
                           smppd_host_view{dir.data(), dir.size()}, &store, &error);
  if (result != SMPPD_OK) {
    const std::string why = message[0] != '\0' ? std::string(message.data()) : "error " + std::to_string(result);
    return Opened{nullptr, "state store '" + backend.name + "' did not open: " + why};
  }
  if (store == nullptr) return Opened{nullptr, "state store '" + backend.name + "' opened no store"};
  std::unique_ptr<PluginStateStore> opened(
      new PluginStateStore(std::move(backend), store, stats != nullptr ? *stats : stats::StatsStore::process()));
  return Opened{std::move(opened), {}};
}

PluginStateStore::PluginStateStore(Backend backend, void* store, stats::StatsStore& stats)
    : backend_(std::move(backend)),
      store_(store),
      // Asked once: workers ask for every message, and who uses a store does not change.
      multi_node_(SMPPD_HAS(backend_.vtable, shared) ? backend_.vtable->shared(store) != 0
                                                     : SMPPD_HAS(backend_.vtable, subscribe)),
      shared_(std::make_shared<Shared>(stats, !SMPPD_HAS(backend_.vtable, subscribe))) {}

PluginStateStore::~PluginStateStore() { close(); }

void PluginStateStore::execute(std::vector<StateOp> ops, Executor executor, BatchCallback done, Answer wanted) {
  auto pending = std::make_unique<Pending>();
  pending->shared = shared_;
  pending->owner = this;
  pending->op_count = ops.size();
  pending->executor = asio::prefer(std::move(executor), asio::execution::outstanding_work.tracked);
  pending->done = std::move(done);
  pending->answer = wanted;
  pending->started_at = std::chrono::steady_clock::now();

  if (ops.empty()) {
    answer(std::move(pending), BatchResult{});
    return;
  }
  if (ops.size() > kMaxBatchOps) {
    answer_refused(std::move(pending), StateStatus{StateCode::error, "a batch holds at most " +
                                                                         std::to_string(kMaxBatchOps) +
                                                                         " operations, this one " +
                                                                         std::to_string(ops.size())});
    return;
  }
  const cxx_state::COps c_ops(ops);
  for (uint32_t i = 0; i < c_ops.size(); ++i) {
    if (std::string why = cxx_state::check_c_op(c_ops.data()[i]); !why.empty()) {
      answer_refused(std::move(pending), StateStatus{StateCode::error, "operation " + std::to_string(i) + ": " + why});
      return;
    }
  }
  if (shared_->local_publish) {
    for (const StateOp& op : ops) {
      if (const auto* publish = std::get_if<op::Publish>(&op)) pending->publishes.emplace_back(publish->channel, publish->message);
    }
  }
  const CallGate::Pass pass(gate_);
  if (!pass) {
    answer_refused(std::move(pending), StateStatus{StateCode::unavailable, "the state store is closed"});
    return;
  }
  const uint64_t id = PendingBatches::process().add(std::move(pending));
  // The backend may complete it before this returns, on this thread or another.
  backend_.vtable->execute(store_, c_ops.data(), c_ops.size(), handle_of(id));
}

void PluginStateStore::answer_refused(std::unique_ptr<Pending> pending, StateStatus status) {
  const size_t op_count = pending->op_count;
  answer(std::move(pending), refused_batch(op_count, status));
}

void PluginStateStore::subscribe(const std::string& channel, MessageCallback on_message) {
  if (shared_->local_publish) {
    std::lock_guard lock(shared_->subscribers_mutex);
    shared_->subscribers[channel].push_back(std::make_shared<const MessageCallback>(std::move(on_message)));
    return;
  }
  int32_t result = SMPPD_OK;
  {
    const CallGate::Pass pass(gate_);
    if (!pass) {
      log()->warn("state store '{}' is closed: no subscription to channel {}", backend_.name, channel);
      return;
    }
    subscriptions_.push_back(std::make_unique<Subscription>(Subscription{channel, std::move(on_message)}));
    Subscription* subscription = subscriptions_.back().get();
    result = backend_.vtable->subscribe(store_, cxx_state::bytes_of(subscription->channel), &Subscription::deliver,
                                        subscription);
  }
  if (result != SMPPD_OK) {
    log()->error("state store '{}' refused a subscription to channel {} (error {})", backend_.name, channel, result);
  }
}

bool PluginStateStore::available() const {
  const CallGate::Pass pass(gate_);
  return pass && (!SMPPD_HAS(backend_.vtable, available) || backend_.vtable->available(store_) != 0);
}

bool PluginStateStore::shared() const {
  return multi_node_ || gate_.is_shut();  // closed: nothing is counted anymore, and true is the safe answer
}

void PluginStateStore::close() {
  std::lock_guard lock(close_mutex_);
  if (closed_) return;
  closed_ = true;
  gate_.shut();  // the calls inside the backend return first; later ones answer unavailable here
  backend_.vtable->close(store_);
  store_ = nullptr;
  std::vector<std::unique_ptr<Pending>> unanswered = PendingBatches::process().take_all_of(this);
  if (!unanswered.empty()) {
    log()->error("state store '{}' closed without answering {} batches: they answer unavailable", backend_.name,
                 unanswered.size());
  }
  for (std::unique_ptr<Pending>& pending : unanswered) {
    answer_refused(std::move(pending),
                   StateStatus{StateCode::unavailable, "the state store closed without answering"});
  }
}

size_t PluginStateStore::outstanding() const { return PendingBatches::process().count_of(this); }

void complete_plugin_batch(smppd_state_completion* completion, const smppd_state_batch_result* result) {
  std::unique_ptr<PluginStateStore::Pending> pending = PendingBatches::process().take(id_of(completion));
  if (!pending) {
    log()->error("a state store backend completed a batch that is unknown or answered already; ignored");
    return;
  }
  BatchResult batch;
  try {
    batch = cxx_state::batch_from_c(result, pending->op_count);
  } catch (const std::exception& e) {
    batch = refused_batch(pending->op_count, StateStatus{StateCode::error, std::string("reading the answer: ") + e.what()});
  }
  answer(std::move(pending), std::move(batch));
}

}  // namespace smppd::state
