// The built libsmppd_redis.so as smppd uses it: loaded with dlopen, its state store factory's
// vtable opened with a JSON config on TestStateHost, and batches of operations run through the C
// ABI (execute -> host->state->complete).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "smppd/cxx/state.hpp"
#include "smppd/plugin.h"
#include "tests/plugins/state/redis/test_state_host.h"

namespace smppd::cxx::state {
// Readable failures: "{3, "v3"}".
inline void PrintTo(const ListItem& item, std::ostream* out) { *out << "{" << item.id << ", \"" << item.value << "\"}"; }
}  // namespace smppd::cxx::state

namespace smppd::plugins::redis::testing {

namespace state = smppd::cxx::state;

// The plugin's descriptor (loaded once per process), or null with a test failure.
const smppd_plugin_descriptor* loaded_redis_plugin();
const smppd_state_store_vtable* redis_vtable();

// A key prefix no other store of this test run uses.
std::string unique_prefix();

// A JSON config for a store on 127.0.0.1:`port` with short timeouts, plus `extra` members
// ("\"password\": \"x\""), under a prefix of its own unless `prefix` is given.
std::string store_config(uint16_t port, const std::string& extra = {}, const std::string& prefix = {});

class StoreDriver {
 public:
  // Opens a store; open_result() says how that went.
  explicit StoreDriver(const std::string& config_json);
  ~StoreDriver();
  StoreDriver(const StoreDriver&) = delete;
  StoreDriver& operator=(const StoreDriver&) = delete;

  int32_t open_result() const { return open_result_; }
  const std::string& open_error() const { return open_error_; }
  bool is_open() const { return store_ != nullptr; }

  // Runs a batch and waits for its answer (a timeout answers a test failure and ERROR).
  state::BatchResult run(const std::vector<state::StateOp>& ops,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Starts a batch; the future is set when the store completes it.
  std::future<state::BatchResult> start(const std::vector<state::StateOp>& ops);
  // Starts a batch whose completion calls `done` (on whatever thread the store completes it).
  void start(const std::vector<state::StateOp>& ops, std::function<void(const state::BatchResult&)> done);
  state::StateResult run_one(const state::StateOp& op) { return run({op}).results.at(0); }

  int32_t subscribe(const std::string& channel, std::function<void(std::string, std::string)> receiver);
  bool available() const;
  // Waits until available() is `wanted`.
  bool wait_available(bool wanted, std::chrono::milliseconds timeout);
  // Closes the store, then checks that every batch was completed exactly once.
  void close();

 private:
  struct Receiver {
    std::function<void(std::string, std::string)> fn;
  };
  static void on_message(void* user_data, smppd_state_bytes channel, smppd_state_bytes message);

  const smppd_state_store_vtable* vtable_;
  void* store_ = nullptr;
  int32_t open_result_ = SMPPD_E_INTERNAL;
  std::string open_error_;
  std::mutex mutex_;
  std::deque<std::unique_ptr<smppd_state_completion>> completions_;
  std::deque<std::unique_ptr<Receiver>> receivers_;
};

// Polls `condition` until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

}  // namespace smppd::plugins::redis::testing
