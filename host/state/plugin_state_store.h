#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "host/state/call_gate.h"
#include "host/state/state_store.h"
#include "host/stats/stats_store.h"
#include "smppd/plugin.h"

namespace smppd::state {

// A state store backend plugin (SMPPD_KIND_STATE_STORE, sdk/include/smppd/state.h) as the host's
// StateStore. Each batch is checked and converted to the C operations, handed to the backend with
// a completion, and ended by the backend's host->state->complete(), which converts the answer back
// and posts the callback to the caller's executor (keeping that executor's context busy until
// then, as every StateStore does).
//
// A completion is a handle, not an address: a number never reused, so that a second complete()
// of one batch, or one after close, is recognized and ignored (and logged) instead of touching
// memory that is gone. Whatever the backend has not completed when its close() returns is
// answered `unavailable`.
//
// A backend without subscribe serves one node: subscribe() then registers here, and the Publish
// operations of this process's successful batches reach those subscribers.
class PluginStateStore final : public StateStore {
 public:
  struct Backend {
    std::string name;  // the factory's name, for logs
    const smppd_state_store_vtable* vtable = nullptr;  // open, execute and close checked at load
    const smppd_plugin_ref* plugin = nullptr;
  };
  struct Opened {
    std::unique_ptr<PluginStateStore> store;
    std::string error;  // the backend's reason for refusing to open
  };

  // Control thread: the backend's open() with its config (JSON) and the node's own folder. `host`
  // is the table the backend gets (the process's when null).
  static Opened open(Backend backend, std::string_view config_json, const std::filesystem::path& node_dir,
                     stats::StatsStore* stats = nullptr, const smppd_host_api* host = nullptr);

  // close().
  ~PluginStateStore() override;
  PluginStateStore(const PluginStateStore&) = delete;
  PluginStateStore& operator=(const PluginStateStore&) = delete;

  using StateStore::execute;
  void execute(std::vector<StateOp> ops, Executor executor, BatchCallback done, Answer answer) override;
  void subscribe(const std::string& channel, MessageCallback on_message) override;
  bool available() const override;
  // The backend's shared(), asked once at open; without one, whether it has subscribe (state.h).
  bool shared() const override;
  // The backend's close() once: it finishes the batches it started; then those it left are
  // answered `unavailable`, and so is every later call.
  void close() override;

  // Batches handed to the backend and not completed yet (for tests).
  size_t outstanding() const;

  // Internal (plugin_state_store.cc): what the store's batches on their way share with it, and
  // one such batch.
  struct Shared;
  struct Pending;

 private:
  PluginStateStore(Backend backend, void* store, stats::StatsStore& stats);
  void answer_refused(std::unique_ptr<Pending> pending, StateStatus status);

  const Backend backend_;
  void* store_;  // the backend's; null once closed
  const bool multi_node_;  // shared()
  std::shared_ptr<Shared> shared_;
  struct Subscription;  // a channel's callback, the backend's user_data
  std::vector<std::unique_ptr<Subscription>> subscriptions_;  // control thread; live until close
  mutable CallGate gate_;  // shut before the backend's close(): it frees store_
  std::mutex close_mutex_;
  bool closed_ = false;
};

// host->state->complete(): ends a batch a PluginStateStore handed to its backend. Any thread, also
// from inside the backend's execute(); the callback is posted, never run here. A completion that
// is unknown or answered already is logged and ignored.
void complete_plugin_batch(smppd_state_completion* completion, const smppd_state_batch_result* result);

}  // namespace smppd::state
