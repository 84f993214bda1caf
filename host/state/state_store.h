#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "host/state/state_op.h"
#include "host/state/state_result.h"

namespace smppd::state {

// Where smppd keeps what must outlive a connection or a restart: message id mappings, the
// receipt outbox, later credits, rate-limit counters and consent lists. Backends: the embedded
// store (RocksDB on local disk) and, for several nodes, Redis; both behind this interface.
//
// Every call is asynchronous, because a backend may be across the network: it returns at once
// and completes exactly once, by posting the callback to the executor the caller gives (its
// worker), never inside the call itself. Until then the call keeps that executor's io_context
// from running out of work. Calls from one thread are applied in the order made.
class StateStore {
 public:
  using Executor = boost::asio::any_io_executor;
  using BatchCallback = std::function<void(BatchResult)>;
  using ResultCallback = std::function<void(StateResult)>;
  // A message published on a subscribed channel: (channel, message).
  using MessageCallback = std::function<void(const std::string& channel, const std::string& message)>;

  virtual ~StateStore() = default;

  // Which answers reach the caller. Each one posted costs the caller's worker a wake-up, and the
  // store's thread a turn at that worker's lock.
  enum class Answer {
    always,
    failures,  // only a batch that stopped or has an operation that failed (not_found is no failure)
  };

  // Applies `ops` in order as one atomic step: a later operation sees the writes of the earlier
  // ones, and either every write happens or none (see BatchResult). The receipt path writes a
  // forward and a reverse id mapping this way.
  // An empty `done`: nobody waits for the answer, and none is posted (a removal that need not
  // know whether the entry was there).
  virtual void execute(std::vector<StateOp> ops, Executor executor, BatchCallback done, Answer answer) = 0;
  void execute(std::vector<StateOp> ops, Executor executor, BatchCallback done) {
    execute(std::move(ops), std::move(executor), std::move(done), Answer::always);
  }

  // Control thread. Delivers every message published later on `channel` (op::Publish, from any
  // node sharing the store) to `on_message`, one at a time, on any thread, until close. A
  // subscription outlives reconnects, but what is published while disconnected is lost: use it to
  // wake a node up, never as the only copy of data. A store for one node delivers its own
  // publishes.
  virtual void subscribe(const std::string& channel, MessageCallback on_message) = 0;

  // Any thread: whether the store answers now. A shared store across the network may be
  // unreachable for a while; calls then answer `unavailable`.
  virtual bool available() const { return true; }

  // Any thread: whether other nodes use this store too, so that what one node counts there (a
  // global rate limit, a balance) is seen by the others. A store of one node's own answers false,
  // and a plugin may keep such counts in its process instead.
  virtual bool shared() const { return false; }

  // Finishes the calls already made, then releases the backend (files, connections). Calls made
  // afterwards complete with an error. Idempotent.
  virtual void close() = 0;

  // One operation: a batch of one. `done` may be empty, as for execute().
  void run(StateOp op, Executor executor, ResultCallback done, Answer answer = Answer::always);
};

// run() and execute() for coroutines and other Asio completion tokens:
//   StateResult found = co_await async_run(store, op::Get{key}, executor, asio::use_awaitable);
// The result is delivered on the token's associated executor (a coroutine's own), or on
// `executor` when the token has none.
template <typename CompletionToken>
auto async_run(StateStore& store, StateOp op, StateStore::Executor executor, CompletionToken&& token) {
  return boost::asio::async_initiate<CompletionToken, void(StateResult)>(
      [&store](auto handler, StateOp op_to_run, StateStore::Executor fallback) {
        StateStore::Executor handler_executor = boost::asio::get_associated_executor(handler, fallback);
        // std::function needs a copyable callable; Asio handlers may be move-only.
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        store.run(std::move(op_to_run), std::move(handler_executor),
                  [shared](StateResult result) { std::move(*shared)(std::move(result)); });
      },
      token, std::move(op), std::move(executor));
}

template <typename CompletionToken>
auto async_execute(StateStore& store, std::vector<StateOp> ops, StateStore::Executor executor,
                   CompletionToken&& token) {
  return boost::asio::async_initiate<CompletionToken, void(BatchResult)>(
      [&store](auto handler, std::vector<StateOp> ops_to_run, StateStore::Executor fallback) {
        StateStore::Executor handler_executor = boost::asio::get_associated_executor(handler, fallback);
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        store.execute(std::move(ops_to_run), std::move(handler_executor),
                      [shared](BatchResult result) { std::move(*shared)(std::move(result)); });
      },
      token, std::move(ops), std::move(executor));
}

}  // namespace smppd::state
