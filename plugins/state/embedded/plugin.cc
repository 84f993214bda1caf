// embedded: the one file that touches the plugin ABI. The state store backend
// (SMPPD_KIND_STATE_STORE) that keeps everything in RocksDB on this node's disk: each C operation
// is checked and copied into the SDK's value types, queued for the store thread, and answered
// through host->state->complete() exactly once.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugins/state/embedded/embedded_config.h"
#include "plugins/state/embedded/embedded_state_store.h"
#include "smppd/cxx/plugin.hpp"
#include "smppd/cxx/state.hpp"

#ifndef SMPPD_EMBEDDED_VERSION
#error "SMPPD_EMBEDDED_VERSION comes from manifests/embedded.toml (see CMakeLists.txt)"
#endif

namespace smppd::plugins::embedded {
namespace {

namespace cxx = smppd::cxx;
namespace sdk_state = smppd::cxx::state;

struct OpenStore {
  const smppd_state_api* state;  // the host's, for complete()
  std::unique_ptr<EmbeddedStateStore> store;
};

// Hands a batch's answer to the host, which copies it before complete() returns.
void complete(const smppd_state_api* state, smppd_state_completion* completion, const BatchResult& result) noexcept {
  try {
    const sdk_state::CBatchResult answer(result);
    state->complete(completion, answer.get());
    return;
  } catch (...) {
    // No memory for the views: fall through to an answer that needs none.
  }
  static constexpr std::string_view kWhy = "the embedded store had no memory for its answer";
  smppd_state_batch_result failed{};
  failed.struct_size = sizeof failed;
  failed.status = SMPPD_STATE_ERROR;
  failed.message = smppd_state_bytes{kWhy.data(), kWhy.size()};
  state->complete(completion, &failed);  // no results: the host answers every operation ERROR
}

void refuse(const smppd_state_api* state, smppd_state_completion* completion, uint32_t count,
            std::string why) noexcept {
  try {
    complete(state, completion, refused_batch(count, StateStatus{StateCode::error, std::move(why)}));
  } catch (...) {
    complete(state, completion, BatchResult{StateStatus{StateCode::error, {}}, {}});
  }
}

int32_t open_store(const smppd_host_api* api, const smppd_plugin_ref* plugin, smppd_host_view config_json,
                   smppd_host_view node_dir, void** store_out, smppd_error_buffer* error) noexcept {
  if (store_out == nullptr) return SMPPD_E_INVALID;
  *store_out = nullptr;
  const smppd_state_api* state = SMPPD_HAS(api, state) ? api->state : nullptr;
  if (!SMPPD_HAS(state, complete)) {
    smppd_error_set(error, "this host has no state table to complete batches through");
    return SMPPD_E_UNSUPPORTED;
  }
  EmbeddedStateStoreOptions options;
  try {
    const EmbeddedConfig config = parse_embedded_config(cxx::to_string_view(config_json));
    options.path = database_path(config, std::string(cxx::to_string_view(node_dir)));
    options.sync_writes = config.sync_writes;
    options.queue_capacity = config.queue_capacity;
  } catch (const std::exception& e) {
    smppd_error_set(error, e.what());
    return SMPPD_E_CONFIG;
  }
  try {
    options.host = cxx::Host(api, plugin);
    EmbeddedStateStore::Opened opened = EmbeddedStateStore::open(std::move(options));
    if (!opened.store) {
      smppd_error_set(error, opened.error.c_str());
      return SMPPD_E_STATE;
    }
    *store_out = new OpenStore{state, std::move(opened.store)};
    return SMPPD_OK;
  } catch (const std::exception& e) {
    smppd_error_set(error, e.what());
  } catch (...) {
    smppd_error_set(error, "opening the embedded store threw a non-standard exception");
  }
  return SMPPD_E_INTERNAL;
}

void execute(void* raw, const smppd_state_op* ops, uint32_t count, smppd_state_completion* completion) noexcept {
  auto* open = static_cast<OpenStore*>(raw);
  if (count > sdk_state::kMaxBatchOps || (count > 0 && ops == nullptr)) {
    refuse(open->state, completion, count, "a batch carries 0 to 256 operations");
    return;
  }
  try {
    std::vector<StateOp> batch;
    batch.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      if (std::string why = sdk_state::check_c_op(ops[i]); !why.empty()) {
        refuse(open->state, completion, count, "operation " + std::to_string(i) + ": " + why);
        return;
      }
      batch.push_back(sdk_state::op_from_c(ops[i]));
    }
    // Nothing in execute() throws once it has called or queued `done`, so a throw below means
    // the batch was neither answered nor queued.
    open->store->execute(std::move(batch), [state = open->state, completion](BatchResult result) {
      complete(state, completion, result);
    });
  } catch (...) {
    refuse(open->state, completion, count, "the embedded store had no memory for the batch");
  }
}

int32_t subscribe(void* raw, smppd_state_bytes channel, smppd_state_message_fn fn, void* user_data) noexcept {
  if (fn == nullptr || channel.size == 0 || channel.data == nullptr) return SMPPD_E_INVALID;
  try {
    static_cast<OpenStore*>(raw)->store->subscribe(
        sdk_state::string_of(channel), [fn, user_data](std::string_view on, std::string_view message) {
          fn(user_data, sdk_state::bytes_of(on), sdk_state::bytes_of(message));
        });
    return SMPPD_OK;
  } catch (...) {
    return SMPPD_E_INTERNAL;
  }
}

int32_t available(void* raw) noexcept { return static_cast<OpenStore*>(raw)->store->available() ? 1 : 0; }

void close_store(void* raw) noexcept {
  std::unique_ptr<OpenStore> open(static_cast<OpenStore*>(raw));
  open->store->close();  // answers what was queued, then releases the files
}

// Files on this node's disk: no other node sees them.
int32_t shared(void*) noexcept { return 0; }

constexpr smppd_state_store_vtable kVtable = {
    sizeof(smppd_state_store_vtable), 0, &open_store, &execute, &subscribe, &available, &close_store, &shared};

constexpr smppd_factory kFactories[] = {
    {sizeof(smppd_factory), SMPPD_KIND_STATE_STORE, "embedded", kConfigSchema, &kVtable}};

}  // namespace

constexpr smppd_plugin_descriptor kDescriptor = cxx::plugin_descriptor(
    "embedded", SMPPD_EMBEDDED_VERSION, "State store: RocksDB on this node's disk", kFactories);

}  // namespace smppd::plugins::embedded

SMPPD_CXX_PLUGIN_ENTRY(smppd::plugins::embedded::kDescriptor);
