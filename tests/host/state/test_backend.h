#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "host/state/plugin_state_store.h"
#include "sdk/testing/fake_state_store.h"
#include "smppd/plugin.h"

namespace smppd::state::testing {

// A state store backend plugin for the host's tests: the SDK's in-memory FakeStateStore behind a
// C vtable, answering through host->state->complete() as a real backend does. One at a time: the
// vtable finds it as TestBackend::current(). Every store it opens shares its data, as a reopened
// database would.
struct TestBackendOptions {
  enum class Answer {
    at_once,  // complete() inside execute()
    held,     // kept until answer_held(); close() answers them unless drop_held_on_close
  };
  Answer answer = Answer::at_once;
  bool with_subscribe = false;  // false: the vtable has none (a store for one node)
  std::optional<bool> shared;   // what the vtable's shared answers; none: the vtable has none
  bool drop_held_on_close = false;
  std::string refuse_open;      // non-empty: open() refuses with this reason
};

class TestBackend {
 public:
  using Options = TestBackendOptions;

  TestBackend() : TestBackend(Options{}) {}
  explicit TestBackend(Options options);
  ~TestBackend();
  TestBackend(const TestBackend&) = delete;
  TestBackend& operator=(const TestBackend&) = delete;

  static TestBackend* current();

  // What PluginStateStore::open takes for this backend, named `name`.
  PluginStateStore::Backend backend(std::string name = "test") const;
  PluginStateStore::Opened open(stats::StatsStore* stats = nullptr, std::string_view config_json = "{}",
                                const std::string& node_dir = "/node");

  // Answers the held batches in the order they came.
  void answer_held();
  size_t held() const;
  // Delivers a message to the subscriptions made on it, as if another node had published it.
  void publish_remote(const std::string& channel, const std::string& message);
  void set_available(bool available);
  // Later opens refuse with this reason (Options::refuse_open).
  void refuse_open(std::string why);

  // Replaces the backend's work for each later batch: the test answers through `complete`.
  using Execute = std::function<void(const smppd_state_op* ops, uint32_t count, smppd_state_completion* completion)>;
  void on_execute(Execute execute);

  // What the backend saw, copied as values.
  std::vector<std::vector<cxx::state::StateOp>> received() const;
  std::vector<std::string> subscribed_channels() const;
  int opens() const;
  int closes() const;
  std::string last_config() const;
  std::string last_node_dir() const;
  const smppd_host_api* last_host() const;

  // The shared data, for a test to look at.
  cxx::state::BatchResult apply(const std::vector<cxx::state::StateOp>& ops);

 private:
  static int32_t shared_yes(void*) noexcept { return 1; }
  static int32_t shared_no(void*) noexcept { return 0; }

  struct Store;
  struct HeldBatch {
    std::vector<cxx::state::StateOp> ops;
    smppd_state_completion* completion;
    const smppd_state_api* state;
  };
  struct Subscription {
    std::string channel;
    smppd_state_message_fn fn;
    void* user_data;
  };

  static int32_t open_store(const smppd_host_api* host, const smppd_plugin_ref* plugin, smppd_host_view config_json,
                            smppd_host_view node_dir, void** store_out, smppd_error_buffer* error) noexcept;
  static void execute(void* store, const smppd_state_op* ops, uint32_t count, smppd_state_completion* completion) noexcept;
  static int32_t subscribe(void* store, smppd_state_bytes channel, smppd_state_message_fn fn, void* user_data) noexcept;
  static int32_t available(void* store) noexcept;
  static void close(void* store) noexcept;

  // Applies the batch, answers it through `state`, and hands what it published to subscribers.
  void run(const HeldBatch& batch);

  Options options_;
  smppd_state_store_vtable vtable_{};
  mutable std::mutex mutex_;
  smppd::testing::FakeStateStore data_;
  int64_t now_us_ = 1'700'000'000'000'000;
  std::deque<HeldBatch> held_;
  std::vector<Subscription> subscriptions_;
  std::vector<std::vector<cxx::state::StateOp>> received_;
  Execute execute_override_;
  bool available_ = true;
  int opens_ = 0;
  int closes_ = 0;
  std::string last_config_;
  std::string last_node_dir_;
  const smppd_host_api* last_host_ = nullptr;
};

}  // namespace smppd::state::testing
