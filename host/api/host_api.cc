// The host table of the plugin ABI: clocks, logs, metrics and async, and the assembled table.
#include "host/api/host_api.h"

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

#include "host/api/blocking_pool.h"
#include "host/api/call.h"
#include "host/api/pause_registry.h"
#include "host/api/plugin_admin_handlers.h"
#include "host/api/plugin_ref.h"
#include "host/api/state_api.h"
#include "host/api/timer_service.h"
#include "host/api/upstream_hooks.h"
#include "host/async/monotonic_clock.h"
#include "host/logging/logging.h"
#include "host/stats/stats_scope.h"
#include "host/stats/stats_store.h"
#include "smppd/host_version.h"

namespace smppd::api {
namespace {

std::atomic<int32_t> g_worker_count{0};
thread_local int32_t t_current_worker = -1;

std::string_view view_of(smppd_plugin_view view) { return {view.data, view.data ? view.size : 0}; }

// core
int64_t monotonic_ns() { return async::monotonic_ns(); }
int64_t realtime_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
int32_t worker_count() { return g_worker_count.load(std::memory_order_relaxed); }
int32_t current_worker() { return t_current_worker; }

const smppd_core_api kCoreTable = {sizeof(smppd_core_api), 0, monotonic_ns, realtime_ns, worker_count, current_worker};

// log
spdlog::level::level_enum to_spdlog(int32_t level) {
  if (level <= SMPPD_LOG_TRACE) return spdlog::level::trace;
  if (level >= SMPPD_LOG_CRITICAL) return spdlog::level::critical;
  return static_cast<spdlog::level::level_enum>(level);  // the ABI's levels are spdlog's order
}

int32_t log_enabled(const smppd_plugin_ref* plugin, int32_t level) {
  return plugin != nullptr && plugin->logger->should_log(to_spdlog(level)) ? 1 : 0;
}

void log_write(const smppd_plugin_ref* plugin, int32_t level, smppd_plugin_view message) {
  if (plugin == nullptr) return;
  plugin->logger->log(to_spdlog(level), "{}", view_of(message));
}

// A plugin's own logger name: what operators type in POST /logging, so plain characters only.
bool valid_logger_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                    c == '.';
    if (!ok) return false;
  }
  return true;
}

int32_t log_write_named(const smppd_plugin_ref* plugin, smppd_plugin_view name, int32_t level, smppd_plugin_view message) {
  if (plugin == nullptr || !valid_logger_name(view_of(name))) return SMPPD_E_INVALID;
  // Created on first use with the configured sinks and level; rare lines (an audit trail), so the
  // lookup by name is cheap enough.
  logging::get("plugin." + plugin->name + "." + std::string(view_of(name)))->log(to_spdlog(level), "{}", view_of(message));
  return SMPPD_OK;
}

const smppd_log_api kLogTable = {sizeof(smppd_log_api), 0, log_enabled, log_write, log_write_named};

// metrics
bool valid_metric_name(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

int32_t metric_define(const smppd_plugin_ref* plugin, int32_t type, smppd_plugin_view name, smppd_plugin_view help,
                      uint32_t* id_out) {
  if (plugin == nullptr || id_out == nullptr || !valid_metric_name(view_of(name))) return SMPPD_E_INVALID;
  stats::MetricType metric_type;
  switch (type) {
    case SMPPD_METRIC_COUNTER: metric_type = stats::MetricType::counter; break;
    case SMPPD_METRIC_GAUGE: metric_type = stats::MetricType::gauge; break;
    case SMPPD_METRIC_HISTOGRAM: metric_type = stats::MetricType::histogram; break;
    default: return SMPPD_E_INVALID;
  }
  stats::Metric* metric = stats::plugin_scope(plugin->name).define(view_of(name), metric_type, view_of(help));
  if (metric == nullptr) return SMPPD_E_STATE;  // the name exists with another type, or too many
  *id_out = stats::StatsStore::process().id_of(metric);
  return SMPPD_OK;
}

stats::Metric* metric_of(uint32_t id, stats::MetricType type) {
  stats::Metric* metric = stats::StatsStore::process().by_id(id);
  return metric != nullptr && metric->type == type ? metric : nullptr;
}

void counter_add(uint32_t id, uint64_t delta) {
  stats::StatsStore::process().add_to_counter(id, static_cast<int64_t>(delta));
}
void gauge_set(uint32_t id, int64_t value) {
  if (auto* metric = metric_of(id, stats::MetricType::gauge)) metric->set(value);
}
void gauge_add(uint32_t id, int64_t delta) {
  if (auto* metric = metric_of(id, stats::MetricType::gauge)) metric->add(delta);
}
void histogram_record(uint32_t id, uint64_t value) {
  if (auto* metric = metric_of(id, stats::MetricType::histogram)) metric->record(value);
}

const smppd_metrics_api kMetricsTable = {sizeof(smppd_metrics_api), 0, metric_define, counter_add,
                                         gauge_set, gauge_add, histogram_record};

// async
int32_t resume(uint64_t token, int32_t verdict, uint32_t command_status) {
  return PauseRegistry::process().resume(token, verdict, command_status);
}

bool valid_scope(int32_t scope) { return scope == SMPPD_SCOPE_CALL || scope == SMPPD_SCOPE_SESSION; }

int32_t token_attr_set_string(uint64_t token, int32_t scope, smppd_plugin_view key, smppd_plugin_view value) {
  if (!valid_scope(scope) || key.data == nullptr || key.size == 0 || (value.data == nullptr && value.size != 0)) {
    return SMPPD_E_INVALID;
  }
  return PauseRegistry::process().set_attribute(
      token, TokenAttribute{scope, std::string(view_of(key)), std::string(view_of(value))});
}

int32_t token_attr_set_int(uint64_t token, int32_t scope, smppd_plugin_view key, int64_t value) {
  if (!valid_scope(scope) || key.data == nullptr || key.size == 0) return SMPPD_E_INVALID;
  return PauseRegistry::process().set_attribute(token, TokenAttribute{scope, std::string(view_of(key)), value});
}

int32_t run_blocking(smppd_work_fn fn, void* context) {
  if (fn == nullptr) return SMPPD_E_INVALID;
  return BlockingPool::process().try_submit([fn, context] { fn(context); }) ? SMPPD_OK : SMPPD_E_BUSY;
}

int32_t schedule(int64_t delay_ns, smppd_work_fn fn, void* context) {
  if (fn == nullptr || delay_ns < 0) return SMPPD_E_INVALID;
  return TimerService::process().schedule(std::chrono::nanoseconds(delay_ns), [fn, context] { fn(context); })
             ? SMPPD_OK
             : SMPPD_E_STATE;
}

const smppd_async_api kAsyncTable = {sizeof(smppd_async_api), 0, resume, token_attr_set_string,
                                     token_attr_set_int, run_blocking, schedule};

}  // namespace

const smppd_host_api* host_table() {
  static const smppd_host_api table = {
      sizeof(smppd_host_api), SMPPD_ABI_VERSION_MAJOR, SMPPD_ABI_VERSION_MINOR, 0, kProductVersion,
      &kCoreTable, &kLogTable, &kMetricsTable, message_table(), call_table(), &kAsyncTable, upstream_table(),
      admin_table(), state_table(),
  };
  return &table;
}

void set_worker_count(int32_t count) { g_worker_count.store(count, std::memory_order_relaxed); }
void set_current_worker(int32_t index) { t_current_worker = index; }

}  // namespace smppd::api
