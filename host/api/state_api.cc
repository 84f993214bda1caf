// The state table of the plugin ABI: filters run batches on the process's state store; backends
// complete the batches the host handed them.
#include "host/api/state_api.h"

#include <atomic>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "host/api/timer_service.h"
#include "host/logging/logging.h"
#include "host/state/call_gate.h"
#include "host/state/plugin_state_store.h"

namespace smppd::api {
namespace {

namespace cxx_state = ::smppd::cxx::state;

std::atomic<state::StateStore*> g_store{nullptr};
constinit state::CallGate g_gate{true};  // shut while no store is installed

const auto& log() {
  static const auto logger = logging::get("plugin");
  return logger;
}

int32_t execute(const smppd_state_op* ops, uint32_t count, smppd_state_done_fn done, void* user_data) {
  if (ops == nullptr || count == 0 || count > cxx_state::kMaxBatchOps || done == nullptr) return SMPPD_E_INVALID;
  for (uint32_t i = 0; i < count; ++i) {
    if (!cxx_state::check_c_op(ops[i]).empty()) return SMPPD_E_INVALID;
  }
  try {
    std::vector<state::StateOp> copied;
    copied.reserve(count);
    for (uint32_t i = 0; i < count; ++i) copied.push_back(cxx_state::op_from_c(ops[i]));
    const state::CallGate::Pass pass(g_gate);
    if (!pass) return SMPPD_E_STATE;
    state::StateStore* store = g_store.load();
    if (store == nullptr) return SMPPD_E_STATE;
    // The answer comes on the timer thread: a plugin's quick callbacks run there already, and its
    // work guard (held by the store until it answers) keeps the thread until then.
    store->execute(std::move(copied), TimerService::process().executor(),
                   [done, user_data](state::BatchResult batch) {
                     try {
                       const cxx_state::CBatchResult c_batch(batch);
                       done(user_data, c_batch.get());
                     } catch (const std::exception& e) {
                       log()->error("a state batch's answer could not be passed to its plugin: {}", e.what());
                     }
                   });
    return SMPPD_OK;
  } catch (const std::exception& e) {
    log()->error("a plugin's state batch could not be taken: {}", e.what());
    return SMPPD_E_INTERNAL;
  }
}

void complete(smppd_state_completion* completion, const smppd_state_batch_result* result) {
  try {
    state::complete_plugin_batch(completion, result);
  } catch (const std::exception& e) {
    log()->error("a state store backend's answer could not be taken: {}", e.what());
  }
}

int32_t available() {
  const state::CallGate::Pass pass(g_gate);
  state::StateStore* store = pass ? g_store.load() : nullptr;
  return store != nullptr && store->available() ? 1 : 0;
}

int32_t shared() {
  const state::CallGate::Pass pass(g_gate);
  state::StateStore* store = pass ? g_store.load() : nullptr;
  return store != nullptr && store->shared() ? 1 : 0;
}

const smppd_state_api kStateTable = {sizeof(smppd_state_api), 0, execute, complete, available, shared};

}  // namespace

void install_state_store(state::StateStore* store) {
  g_gate.shut();
  g_store.store(store);
  if (store != nullptr) g_gate.reopen();
}

const smppd_state_api* state_table() { return &kStateTable; }

}  // namespace smppd::api
