#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "plugins/state/redis/endpoint.h"
#include "plugins/state/redis/key_layout.h"
#include "plugins/state/redis/primary_locator.h"
#include "plugins/state/redis/reconnect_backoff.h"
#include "plugins/state/redis/redis_config.h"
#include "plugins/state/redis/redis_connection.h"
#include "plugins/state/redis/store_host.h"
#include "smppd/cxx/state.hpp"

namespace smppd::plugins::redis {

// Ends one batch; called exactly once, on the store's thread (or inside execute() when refused
// at once, or in close()).
using BatchDone = std::function<void(const smppd::cxx::state::BatchResult&)>;
// A message published on a subscribed channel (the store's name of it, without the prefix).
using MessageFn = std::function<void(std::string_view channel, std::string_view message)>;

// What open() found on its first connection attempt.
struct OpenOutcome {
  enum class Kind {
    connected,    // Redis answers
    unreachable,  // not now (down, refused, timed out, a replica): the store keeps trying
    refused,      // Redis refused the config (password, database): the operator must fix it
  };
  Kind kind = Kind::unreachable;
  std::string message;
};

// The state store on Redis. One thread of its own runs an io_context with the connection to the
// primary (hiredis async, pipelined: every batch is one EVALSHA of kBatchScript, one round trip)
// and, once something is subscribed, a second connection in subscribe mode.
//
// execute() never blocks: it refuses at once (UNAVAILABLE while disconnected, BUSY beyond
// max_pending) or posts the batch to the thread. A batch unanswered after command_timeout resets
// the connection: it and every batch in flight end UNAVAILABLE, though Redis may have applied
// them (it ran the script and the answer was lost, or it runs it late). Lost connections are
// redone with exponential backoff and jitter, asking the Sentinels again for the primary.
class RedisStateStore {
 public:
  RedisStateStore(RedisConfig config, std::shared_ptr<const StoreHost> host);
  ~RedisStateStore();
  RedisStateStore(const RedisStateStore&) = delete;
  RedisStateStore& operator=(const RedisStateStore&) = delete;

  // Starts the thread and the first connection and waits for that attempt (connect_timeout per
  // server tried). Whatever it answers, the store keeps trying until close(), except that the
  // caller is expected to close it when the outcome is `refused`.
  OpenOutcome open();
  // Any thread, never blocks. `done` runs exactly once.
  void execute(std::vector<smppd::cxx::state::StateOp> ops, BatchDone done);
  // Control thread: every message later published on `channel` reaches `fn`, on the store's
  // thread, until close(); also across reconnects (what is published while disconnected is lost).
  // Waits up to connect_timeout for Redis to confirm the subscription while connected.
  void subscribe(std::string channel, MessageFn fn);
  // Any thread: connected, with the script loaded.
  bool available() const noexcept { return ready_.load(std::memory_order_acquire); }
  // Control thread: answers the batches in flight (up to command_timeout), ends everything else
  // UNAVAILABLE, closes the connections and stops the thread. Idempotent.
  void close();

 private:
  class Batch;
  class Subscription;
  struct InFlight {
    std::unique_ptr<Batch> batch;
    std::chrono::steady_clock::time_point deadline;
    bool whole_script = false;  // EVAL instead of EVALSHA (after NOSCRIPT)
  };
  using InFlightMap = std::map<uint64_t, InFlight>;  // by send order: the oldest first

  void run() noexcept;
  void refuse(const BatchDone& done, size_t op_count, smppd::cxx::state::StateCode code, std::string message);
  void send_batch(std::unique_ptr<Batch> batch);
  bool send_script(uint64_t id, InFlight& entry);
  void on_batch_reply(uint64_t id, const redisReply* reply);
  void finish_in_flight(InFlightMap::iterator entry, const smppd::cxx::state::BatchResult& result);
  void arm_command_timer();
  void on_command_timer();
  void schedule_heartbeat();
  void on_heartbeat();
  void reset_unanswered(const std::string& what);

  void start_connecting();
  void connect_primary(const Endpoint& primary);
  void on_connected(const Endpoint& primary);
  void attempt_failed(const std::string& reason, bool fatal);
  void on_lost(const std::string& reason);
  void drop_connections(const std::string& reason);
  void schedule_reconnect();
  void report_first_outcome(OpenOutcome outcome);
  void set_ready(bool ready);
  void set_last_error(std::string error);
  std::string unavailable_message() const;

  void start_subscriber();
  void subscriber_failed(const std::string& reason);
  void add_subscription(const std::string& channel, MessageFn fn, const std::shared_ptr<std::promise<void>>& confirmed);
  void shut_down_on_thread();

  void log(smppd::cxx::LogLevel level, std::string_view message) const { host_->log(level, message); }

  // Read by any thread; declared before the io_context, whose queued batches end through them
  // when it is destroyed.
  const RedisConfig config_;
  const KeyLayout layout_;
  const std::shared_ptr<const StoreHost> host_;
  std::atomic<uint64_t> pending_{0};
  std::atomic<bool> ready_{false};
  std::atomic<bool> closing_{false};
  std::atomic<int32_t> callers_{0};  // execute() calls running now
  mutable std::mutex last_error_mutex_;
  std::string last_error_;
  bool closed_ = false;  // control thread
  std::promise<OpenOutcome> first_outcome_;

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread thread_;

  // The store's thread only.
  bool shut_down_ = false;
  bool first_outcome_reported_ = false;
  bool connected_before_ = false;
  std::optional<Endpoint> last_primary_;
  std::string last_failure_logged_;
  std::string script_sha_;
  std::unique_ptr<RedisConnection> main_;
  std::unique_ptr<RedisConnection> subscriber_;
  PrimaryLocator locator_;
  ReconnectBackoff backoff_;
  ReconnectBackoff subscriber_backoff_;
  boost::asio::steady_timer reconnect_timer_;
  boost::asio::steady_timer subscriber_timer_;
  boost::asio::steady_timer command_timer_;
  bool command_timer_armed_ = false;
  // An idle connection is probed with PING, so available() turns 0 on a Redis that stopped
  // answering even when no batch is waiting.
  boost::asio::steady_timer heartbeat_timer_;
  std::optional<std::chrono::steady_clock::time_point> ping_sent_;
  InFlightMap in_flight_;
  uint64_t next_batch_id_ = 1;
  std::string drop_reason_;  // what batches ended by a reset we make are told
  std::shared_ptr<std::promise<void>> drain_waiter_;
  std::map<std::string, std::unique_ptr<Subscription>> subscriptions_;
};

}  // namespace smppd::plugins::redis
