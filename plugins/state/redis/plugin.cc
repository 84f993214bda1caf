// redis: the one file that touches the plugin ABI. A state store backend (SMPPD_KIND_STATE_STORE)
// whose vtable turns C operations into the C++ value types of smppd/cxx/state.hpp, hands them to
// RedisStateStore, and ends each batch with host->state->complete() exactly once.
#include <array>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugins/state/redis/redis_config.h"
#include "plugins/state/redis/redis_state_store.h"
#include "plugins/state/redis/store_host.h"
#include "smppd/cxx/config_box.hpp"
#include "smppd/cxx/plugin.hpp"
#include "smppd/cxx/state.hpp"

#ifndef SMPPD_REDIS_VERSION
#error "SMPPD_REDIS_VERSION comes from manifests/redis.toml (see CMakeLists.txt)"
#endif

namespace smppd::plugins::redis {
namespace {

namespace cxx = smppd::cxx;
namespace state = smppd::cxx::state;

struct MetricName {
  const char* name;
  const char* help;
};
constexpr std::array<MetricName, kStoreCounterCount> kCounters = {{
    {"batches", "batches sent to redis, one EVALSHA each"},
    {"commands_sent", "commands written to redis: batches, their EVAL retries and handshakes"},
    {"round_trips", "batch replies received from redis"},
    {"reconnects", "connections to redis made after the first"},
    {"failovers", "connections to another primary than the last one"},
    {"errors", "batches answered error, and failed connection attempts"},
    {"timeouts", "batches unanswered within command_timeout_ms (the connection is reset)"},
    {"busy", "batches refused because max_pending batches were waiting"},
    {"unavailable", "batches answered unavailable (redis unreachable, or the connection broke)"},
}};
constexpr std::array<MetricName, kStoreGaugeCount> kGauges = {{
    {"pending", "batches taken and not answered yet"},
    {"connected", "1 while the store is connected to the redis primary"},
}};

// Logs and metrics through the host's tables, from any thread.
class AbiStoreHost final : public StoreHost {
 public:
  explicit AbiStoreHost(const cxx::Host& host) : host_(host) {
    for (size_t i = 0; i < kCounters.size(); ++i) {
      counters_[i] = host.counter(kCounters[i].name, kCounters[i].help).value_or(cxx::Counter{});
    }
    for (size_t i = 0; i < kGauges.size(); ++i) {
      gauges_[i] = host.gauge(kGauges[i].name, kGauges[i].help).value_or(cxx::Gauge{});
    }
  }

  bool log_enabled(cxx::LogLevel level) const noexcept override { return host_.log_enabled(level); }
  void log(cxx::LogLevel level, std::string_view message) const noexcept override { host_.log(level, message); }
  void count(StoreCounter counter, uint64_t delta) const noexcept override {
    counters_[static_cast<size_t>(counter)].add(delta);
  }
  void gauge_add(StoreGauge gauge, int64_t delta) const noexcept override { gauges_[static_cast<size_t>(gauge)].add(delta); }
  void gauge_set(StoreGauge gauge, int64_t value) const noexcept override { gauges_[static_cast<size_t>(gauge)].set(value); }

 private:
  cxx::Host host_;
  std::array<cxx::Counter, kStoreCounterCount> counters_{};
  std::array<cxx::Gauge, kStoreGaugeCount> gauges_{};
};

// What the vtable's void* points to.
struct OpenStore {
  const smppd_state_api* state_api;
  std::unique_ptr<RedisStateStore> store;
};

OpenStore* store_of(void* store) { return static_cast<OpenStore*>(store); }

// The C answer of a batch; when even building it fails (memory), a bare ERROR without results.
void complete(const smppd_state_api* api, smppd_state_completion* completion, const state::BatchResult& result) noexcept {
  try {
    const state::CBatchResult c_result(result);
    api->complete(completion, c_result.get());
    return;
  } catch (...) {
  }
  smppd_state_batch_result bare{};
  bare.struct_size = sizeof bare;
  bare.status = SMPPD_STATE_ERROR;
  static constexpr std::string_view kNoMemory = "the redis store ran out of memory answering the batch";
  bare.message = state::bytes_of(kNoMemory);
  api->complete(completion, &bare);
}

void complete_refused(const smppd_state_api* api, smppd_state_completion* completion, uint32_t op_count,
                      state::StateCode code, const std::string& message) noexcept {
  try {
    complete(api, completion, state::refused_batch(op_count, state::StateStatus{code, message}));
  } catch (...) {
    complete(api, completion, state::BatchResult{});
  }
}

int32_t open(const smppd_host_api* api, const smppd_plugin_ref* plugin, smppd_host_view config_json,
             smppd_host_view /*node_dir*/, void** store_out, smppd_error_buffer* error) noexcept {
  if (store_out == nullptr) return SMPPD_E_INVALID;
  *store_out = nullptr;
  const smppd_state_api* state_api = SMPPD_HAS(api, state) ? api->state : nullptr;
  if (!SMPPD_HAS(state_api, complete)) {
    smppd_error_set(error, "this smppd has no state API (host->state->complete): the redis store needs it");
    return SMPPD_E_UNSUPPORTED;
  }
  const cxx::Host host(api, plugin);
  try {
    RedisConfig config = parse_redis_config(std::string_view(config_json.data, config_json.size));
    const std::string where = config.describe();
    auto opened = std::make_unique<OpenStore>(
        OpenStore{state_api, std::make_unique<RedisStateStore>(std::move(config), std::make_shared<AbiStoreHost>(host))});
    const OpenOutcome outcome = opened->store->open();
    switch (outcome.kind) {
      case OpenOutcome::Kind::connected:
        break;
      case OpenOutcome::Kind::unreachable:
        // A node starts while Redis is briefly away: the store answers UNAVAILABLE until it connects.
        host.warn("starting without " + where + ": " + outcome.message +
                  "; the state store answers unavailable until it connects (retrying in the background)");
        break;
      case OpenOutcome::Kind::refused:
        opened->store->close();
        smppd_error_set(error, outcome.message.c_str());
        return SMPPD_E_CONFIG;
    }
    *store_out = opened.release();
    return SMPPD_OK;
  } catch (const cxx::ConfigError& e) {
    smppd_error_set(error, e.what());
    return SMPPD_E_CONFIG;
  } catch (const std::exception& e) {
    smppd_error_set(error, (std::string("the redis store could not start: ") + e.what()).c_str());
  } catch (...) {
    smppd_error_set(error, "the redis store could not start");
  }
  return SMPPD_E_INTERNAL;
}

void execute(void* store, const smppd_state_op* ops, uint32_t count, smppd_state_completion* completion) noexcept {
  OpenStore* opened = store_of(store);
  if (count == 0 || count > state::kMaxBatchOps || ops == nullptr) {
    complete_refused(opened->state_api, completion, count, state::StateCode::error, "a batch has 1 to 256 operations");
    return;
  }
  try {
    std::vector<state::StateOp> copied;
    copied.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      if (const std::string problem = state::check_c_op(ops[i]); !problem.empty()) {
        complete_refused(opened->state_api, completion, count, state::StateCode::error,
                         "operation " + std::to_string(i) + ": " + problem);
        return;
      }
      copied.push_back(state::op_from_c(ops[i]));
    }
    const smppd_state_api* api = opened->state_api;
    opened->store->execute(std::move(copied), [api, completion](const state::BatchResult& result) {
      complete(api, completion, result);
    });
  } catch (...) {
    // Only memory can fail here, before the store took the batch.
    complete_refused(opened->state_api, completion, count, state::StateCode::error, "the redis store ran out of memory");
  }
}

int32_t subscribe(void* store, smppd_state_bytes channel, smppd_state_message_fn fn, void* user_data) noexcept {
  if (fn == nullptr || channel.size == 0 || channel.data == nullptr) return SMPPD_E_INVALID;
  try {
    store_of(store)->store->subscribe(state::string_of(channel), [fn, user_data](std::string_view name, std::string_view message) {
      fn(user_data, state::bytes_of(name), state::bytes_of(message));
    });
    return SMPPD_OK;
  } catch (...) {
    return SMPPD_E_INTERNAL;
  }
}

int32_t available(void* store) noexcept { return store_of(store)->store->available() ? 1 : 0; }

void close(void* store) noexcept {
  std::unique_ptr<OpenStore> opened(store_of(store));
  opened->store->close();
}

// Every node configured with the same Redis sees the same keys.
int32_t shared(void*) noexcept { return 1; }

constexpr smppd_state_store_vtable kVtable = {
    .struct_size = sizeof(smppd_state_store_vtable),
    .reserved0 = 0,
    .open = &open,
    .execute = &execute,
    .subscribe = &subscribe,
    .available = &available,
    .close = &close,
    .shared = &shared,
};

constexpr smppd_factory redis_factory() noexcept {
  smppd_factory factory{};
  factory.struct_size = sizeof factory;
  factory.kind = SMPPD_KIND_STATE_STORE;
  factory.name = "redis";
  factory.config_schema = kConfigSchema;
  factory.vtable = &kVtable;
  return factory;
}

constexpr smppd_factory kFactories[] = {redis_factory()};

}  // namespace

constexpr smppd_plugin_descriptor kDescriptor = cxx::plugin_descriptor(
    "redis", SMPPD_REDIS_VERSION, "State store backend: Redis, shared by every node of a deployment", kFactories);

}  // namespace smppd::plugins::redis

SMPPD_CXX_PLUGIN_ENTRY(smppd::plugins::redis::kDescriptor);
