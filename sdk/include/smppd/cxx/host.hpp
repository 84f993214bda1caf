// smppd C++ SDK: the host's functions (logs, metrics, clocks, pause/resume, blocking work, timers,
// the upstream table) as a value type over the smppd_host_api table; the state store's is
// state_client.hpp. Every entry is checked with SMPPD_HAS before it is called: a missing entry
// makes logging and metrics silent and the rest answer SMPPD_E_UNSUPPORTED.
#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "smppd/cxx/owned_message.hpp"
#include "smppd/cxx/result.hpp"
#include "smppd/cxx/severity.hpp"
#include "smppd/plugin.h"

namespace smppd::cxx {

enum class LogLevel : int32_t {
  trace = SMPPD_LOG_TRACE,
  debug = SMPPD_LOG_DEBUG,
  info = SMPPD_LOG_INFO,
  warn = SMPPD_LOG_WARN,
  error = SMPPD_LOG_ERROR,
  critical = SMPPD_LOG_CRITICAL
};

// The host's level for a line of a plugin's logic (smppd/cxx/severity.hpp).
constexpr LogLevel log_level_of(Severity severity) noexcept {
  switch (severity) {
    case Severity::debug: return LogLevel::debug;
    case Severity::info: return LogLevel::info;
    case Severity::warn: return LogLevel::warn;
    case Severity::error: return LogLevel::error;
  }
  return LogLevel::error;
}

// A counter bumped from any thread. A default-constructed one (or one whose definition failed)
// does nothing.
class Counter {
 public:
  constexpr Counter() noexcept = default;
  constexpr Counter(void (*add_fn)(uint32_t, uint64_t), uint32_t id) noexcept : add_(add_fn), id_(id) {}
  void add(uint64_t delta = 1) const noexcept {
    if (add_ != nullptr) add_(id_, delta);
  }
  constexpr uint32_t id() const noexcept { return id_; }
  constexpr explicit operator bool() const noexcept { return add_ != nullptr; }

 private:
  void (*add_)(uint32_t, uint64_t) = nullptr;
  uint32_t id_ = 0;
};

class Gauge {
 public:
  constexpr Gauge() noexcept = default;
  constexpr Gauge(void (*set_fn)(uint32_t, int64_t), void (*add_fn)(uint32_t, int64_t), uint32_t id) noexcept
      : set_(set_fn), add_(add_fn), id_(id) {}
  void set(int64_t value) const noexcept {
    if (set_ != nullptr) set_(id_, value);
  }
  void add(int64_t delta) const noexcept {
    if (add_ != nullptr) add_(id_, delta);
  }
  constexpr uint32_t id() const noexcept { return id_; }
  constexpr explicit operator bool() const noexcept { return set_ != nullptr || add_ != nullptr; }

 private:
  void (*set_)(uint32_t, int64_t) = nullptr;
  void (*add_)(uint32_t, int64_t) = nullptr;
  uint32_t id_ = 0;
};

class Histogram {
 public:
  constexpr Histogram() noexcept = default;
  constexpr Histogram(void (*record_fn)(uint32_t, uint64_t), uint32_t id) noexcept : record_(record_fn), id_(id) {}
  void record(uint64_t value) const noexcept {
    if (record_ != nullptr) record_(id_, value);
  }
  constexpr uint32_t id() const noexcept { return id_; }
  constexpr explicit operator bool() const noexcept { return record_ != nullptr; }

 private:
  void (*record_)(uint32_t, uint64_t) = nullptr;
  uint32_t id_ = 0;
};

namespace detail {
template <class Task>
struct HostTask;
}  // namespace detail

// The host as one plugin sees it: the table plus the plugin's own ref (so logs and metrics carry
// its name). Two pointers, copied freely, valid for the life of the process.
class Host {
 public:
  constexpr Host() noexcept = default;
  constexpr Host(const smppd_host_api* api, const smppd_plugin_ref* plugin) noexcept : api_(api), plugin_(plugin) {}

  constexpr const smppd_host_api* api() const noexcept { return api_; }
  constexpr const smppd_plugin_ref* plugin() const noexcept { return plugin_; }

  // The subsystem tables, or nullptr when this host does not have them.
  const smppd_core_api* core() const noexcept { return SMPPD_HAS(api_, core) ? api_->core : nullptr; }
  const smppd_log_api* log_api() const noexcept { return SMPPD_HAS(api_, log) ? api_->log : nullptr; }
  const smppd_metrics_api* metrics() const noexcept { return SMPPD_HAS(api_, metrics) ? api_->metrics : nullptr; }
  const smppd_message_api* message_api() const noexcept { return SMPPD_HAS(api_, message) ? api_->message : nullptr; }
  const smppd_call_api* call_api() const noexcept { return SMPPD_HAS(api_, call) ? api_->call : nullptr; }
  const smppd_async_api* async() const noexcept { return SMPPD_HAS(api_, async) ? api_->async : nullptr; }
  const smppd_upstream_api* upstream_api() const noexcept { return SMPPD_HAS(api_, upstream) ? api_->upstream : nullptr; }
  // The state store (smppd/state.h); run batches through StateClient (smppd/cxx/state_client.hpp).
  const smppd_state_api* state_api() const noexcept { return SMPPD_HAS(api_, state) ? api_->state : nullptr; }
  // The admin API's paths (smppd/admin.h); register them through Admin (smppd/cxx/admin.hpp).
  const smppd_admin_api* admin_api() const noexcept { return SMPPD_HAS(api_, admin) ? api_->admin : nullptr; }

  // --- logs -------------------------------------------------------------------------------------
  bool log_enabled(LogLevel level) const noexcept {
    const smppd_log_api* table = log_api();
    if (!SMPPD_HAS(table, write)) return false;
    if (!SMPPD_HAS(table, enabled)) return true;
    return table->enabled(plugin_, static_cast<int32_t>(level)) != 0;
  }
  void log(LogLevel level, std::string_view message) const noexcept {
    const smppd_log_api* table = log_api();
    if (SMPPD_HAS(table, write)) table->write(plugin_, static_cast<int32_t>(level), to_plugin_view(message));
  }
  // Builds the message only when it would be written. make() returns something convertible to
  // std::string_view; if it throws, an error saying so is logged instead.
  template <class MakeMessage>
  void log_lazy(LogLevel level, MakeMessage&& make) const noexcept {
    if (!log_enabled(level)) return;
    try {
      const auto& message = std::forward<MakeMessage>(make)();
      log(level, std::string_view(message));
    } catch (...) {
      log(LogLevel::error, "a log message could not be formatted");
    }
  }
  // Call inside a catch block: logs `context: <what()>` for the exception being handled.
  void log_current_exception(LogLevel level, std::string_view context) const noexcept {
    if (!log_enabled(level)) return;
    if (!std::current_exception()) {
      log(level, context);
      return;
    }
    try {
      std::string message(context);
      message += ": ";
      try {
        throw;
      } catch (const std::exception& e) {
        message += e.what();
      } catch (...) {
        message += "a non-standard exception";
      }
      log(level, message);
    } catch (...) {
      log(level, context);
    }
  }
  // To the plugin's own logger `name` ("plugin.<plugin name>.<name>": an audit trail an operator
  // levels and routes apart). False when the host has no such entry or refuses the name: log()
  // the line instead if it must not be lost.
  bool log_named(std::string_view name, LogLevel level, std::string_view message) const noexcept {
    const smppd_log_api* table = log_api();
    if (!SMPPD_HAS(table, write_named)) return false;
    return table->write_named(plugin_, to_plugin_view(name), static_cast<int32_t>(level), to_plugin_view(message)) ==
           SMPPD_OK;
  }
  void trace(std::string_view message) const noexcept { log(LogLevel::trace, message); }
  void debug(std::string_view message) const noexcept { log(LogLevel::debug, message); }
  void info(std::string_view message) const noexcept { log(LogLevel::info, message); }
  void warn(std::string_view message) const noexcept { log(LogLevel::warn, message); }
  void error(std::string_view message) const noexcept { log(LogLevel::error, message); }
  void critical(std::string_view message) const noexcept { log(LogLevel::critical, message); }

  // --- metrics (define on the control thread, update from any thread) -------------------------
  Result<Counter> counter(std::string_view name, std::string_view help) const noexcept {
    const smppd_metrics_api* table = metrics();
    auto id = define(SMPPD_METRIC_COUNTER, name, help);
    if (!id) return Result<Counter>::failure(id.status());
    if (!SMPPD_HAS(table, counter_add)) return Result<Counter>::failure(SMPPD_E_UNSUPPORTED);
    return Counter(table->counter_add, *id);
  }
  Result<Gauge> gauge(std::string_view name, std::string_view help) const noexcept {
    const smppd_metrics_api* table = metrics();
    auto id = define(SMPPD_METRIC_GAUGE, name, help);
    if (!id) return Result<Gauge>::failure(id.status());
    auto* set = SMPPD_HAS(table, gauge_set) ? table->gauge_set : nullptr;
    auto* add = SMPPD_HAS(table, gauge_add) ? table->gauge_add : nullptr;
    if (set == nullptr && add == nullptr) return Result<Gauge>::failure(SMPPD_E_UNSUPPORTED);
    return Gauge(set, add, *id);
  }
  Result<Histogram> histogram(std::string_view name, std::string_view help) const noexcept {
    const smppd_metrics_api* table = metrics();
    auto id = define(SMPPD_METRIC_HISTOGRAM, name, help);
    if (!id) return Result<Histogram>::failure(id.status());
    if (!SMPPD_HAS(table, histogram_record)) return Result<Histogram>::failure(SMPPD_E_UNSUPPORTED);
    return Histogram(table->histogram_record, *id);
  }

  // --- clocks and threads ---------------------------------------------------------------------
  // Zero when the host offers no clock.
  std::chrono::nanoseconds monotonic() const noexcept {
    const smppd_core_api* table = core();
    return std::chrono::nanoseconds(SMPPD_HAS(table, monotonic_ns) ? table->monotonic_ns() : 0);
  }
  std::chrono::nanoseconds realtime() const noexcept {
    const smppd_core_api* table = core();
    return std::chrono::nanoseconds(SMPPD_HAS(table, realtime_ns) ? table->realtime_ns() : 0);
  }
  int32_t worker_count() const noexcept {
    const smppd_core_api* table = core();
    return SMPPD_HAS(table, worker_count) ? table->worker_count() : 1;
  }
  // -1 off the workers (or when the host does not say).
  int32_t current_worker() const noexcept {
    const smppd_core_api* table = core();
    return SMPPD_HAS(table, current_worker) ? table->current_worker() : -1;
  }

  // --- pause and resume (any thread) ----------------------------------------------------------
  // Ends a pause, exactly once per token. SMPPD_E_NOT_FOUND when the call is gone (harmless).
  int32_t resume(uint64_t token, Verdict verdict) const noexcept {
    const smppd_async_api* table = async();
    if (verdict.is_pause()) return SMPPD_E_INVALID;
    if (!SMPPD_HAS(table, resume)) return SMPPD_E_UNSUPPORTED;
    return table->resume(token, verdict.code(), verdict.command_status());
  }
  // Attributes of a paused call, applied by the host on the session's worker when it resumes.
  int32_t token_set_string(uint64_t token, Scope scope, std::string_view key, std::string_view value) const noexcept {
    const smppd_async_api* table = async();
    if (!SMPPD_HAS(table, token_attr_set_string)) return SMPPD_E_UNSUPPORTED;
    return table->token_attr_set_string(token, static_cast<int32_t>(scope), to_plugin_view(key), to_plugin_view(value));
  }
  int32_t token_set_int(uint64_t token, Scope scope, std::string_view key, int64_t value) const noexcept {
    const smppd_async_api* table = async();
    if (!SMPPD_HAS(table, token_attr_set_int)) return SMPPD_E_UNSUPPORTED;
    return table->token_attr_set_int(token, static_cast<int32_t>(scope), to_plugin_view(key), value);
  }

  // Runs work() on the host's blocking pool. The callable is moved to the heap and destroyed on
  // the pool thread after it ran; an exception it throws is logged and swallowed. Answers
  // SMPPD_E_BUSY when the pool's queue is full (the callable is then destroyed here, unrun).
  template <class Work>
  int32_t run_blocking(Work&& work) const noexcept {
    const smppd_async_api* table = async();
    if (!SMPPD_HAS(table, run_blocking)) return SMPPD_E_UNSUPPORTED;
    return hand_over(std::forward<Work>(work), "blocking work threw",
                     [table](smppd_work_fn fn, void* context) { return table->run_blocking(fn, context); });
  }

  // Runs work() once on a host timer thread after `delay`. Like run_blocking the callable is moved
  // to the heap, runs exactly once (also when smppd stops: then at once, so guard what it touches
  // with state it shares) and is destroyed after it ran; an exception it throws is logged. When
  // the host refuses (SMPPD_E_STATE while stopping) the callable is destroyed here, unrun. Keep it
  // quick: blocking work belongs on run_blocking.
  template <class Work>
  int32_t schedule(std::chrono::nanoseconds delay, Work&& work) const noexcept {
    const smppd_async_api* table = async();
    if (!SMPPD_HAS(table, schedule)) return SMPPD_E_UNSUPPORTED;
    if (delay.count() < 0) delay = std::chrono::nanoseconds(0);
    const int64_t delay_ns = delay.count();
    return hand_over(std::forward<Work>(work), "a scheduled task threw", [table, delay_ns](smppd_work_fn fn, void* context) {
      return table->schedule(delay_ns, fn, context);
    });
  }

  // --- upstream transports and health checkers (any thread) ------------------------------------
  // Ends a submit: the upstream's command_status and, when 0, its message_id (at most 64 octets).
  // SMPPD_E_NOT_FOUND for a token that is unknown or completed already (a late answer, ignored).
  int32_t complete(uint64_t token, uint32_t command_status, std::string_view message_id = {}) const noexcept {
    const smppd_upstream_api* table = upstream_api();
    if (!SMPPD_HAS(table, complete)) return SMPPD_E_UNSUPPORTED;
    return table->complete(token, command_status, to_plugin_view(message_id));
  }

  // A new, empty message of this command (SMPPD_CMD_DELIVER_SM for receipts and MO), owned by the
  // plugin until deliver(); empty when the host cannot make one.
  OwnedMessage message_new(uint32_t command_id) const noexcept {
    const smppd_upstream_api* table = upstream_api();
    if (!SMPPD_HAS(table, message_new)) return OwnedMessage();
    return OwnedMessage(table->message_new(command_id), message_api(), table);
  }

  // Hands a message from the upstream to smppd, which takes it whatever it answers (SMPPD_E_BUSY:
  // taken and dropped). Without the host's entry the message is freed here.
  int32_t deliver(smppd_upstream* upstream, OwnedMessage&& message) const noexcept {
    const smppd_upstream_api* table = upstream_api();
    OwnedMessage taken = std::move(message);
    if (!taken) return SMPPD_E_INVALID;
    if (!SMPPD_HAS(table, deliver)) return SMPPD_E_UNSUPPORTED;
    return table->deliver(upstream, taken.release());
  }

  // Sends enquire_link on a bind of an SMPP endpoint; the host resumes `token` with CONTINUE when
  // the resp came within `timeout`, STOP otherwise. For health checkers.
  int32_t probe_enquire_link(uint64_t endpoint_id, std::chrono::nanoseconds timeout, uint64_t token) const noexcept {
    const smppd_upstream_api* table = upstream_api();
    if (!SMPPD_HAS(table, probe_enquire_link)) return SMPPD_E_UNSUPPORTED;
    return table->probe_enquire_link(endpoint_id, timeout.count(), token);
  }

 private:
  // Moves work to the heap and gives it to `submit(fn, context)`; frees it here when refused.
  template <class Work, class Submit>
  int32_t hand_over(Work&& work, const char* when_it_throws, Submit&& submit) const noexcept {
    using Task = std::decay_t<Work>;
    static_assert(std::is_invocable_v<Task&>, "run_blocking and schedule need a callable taking no arguments");
    std::unique_ptr<detail::HostTask<Task>> task;
    try {
      task = std::make_unique<detail::HostTask<Task>>(*this, when_it_throws, std::forward<Work>(work));
    } catch (...) {
      return SMPPD_E_INTERNAL;
    }
    const int32_t rc = submit(&detail::HostTask<Task>::run, static_cast<void*>(task.get()));
    if (rc == SMPPD_OK) (void)task.release();  // the host's thread owns it now
    return rc;
  }

  Result<uint32_t> define(int32_t type, std::string_view name, std::string_view help) const noexcept {
    const smppd_metrics_api* table = metrics();
    if (!SMPPD_HAS(table, define)) return Result<uint32_t>::failure(SMPPD_E_UNSUPPORTED);
    uint32_t id = 0;
    const int32_t rc = table->define(plugin_, type, to_plugin_view(name), to_plugin_view(help), &id);
    if (rc != SMPPD_OK) return Result<uint32_t>::failure(rc);
    return id;
  }

  const smppd_host_api* api_ = nullptr;
  const smppd_plugin_ref* plugin_ = nullptr;
};

namespace detail {

// A callable on its way to the blocking pool or a timer, with the host to log through if it
// throws. It runs once and frees itself.
template <class Task>
struct HostTask {
  HostTask(const Host& owner, const char* label, Task&& body) : host(owner), when_it_throws(label), work(std::move(body)) {}
  HostTask(const Host& owner, const char* label, const Task& body) : host(owner), when_it_throws(label), work(body) {}

  static void run(void* context) noexcept {
    std::unique_ptr<HostTask> task(static_cast<HostTask*>(context));
    try {
      task->work();
    } catch (...) {
      task->host.log_current_exception(LogLevel::error, task->when_it_throws);
    }
  }

  Host host;
  const char* when_it_throws;  // the log message's context
  Task work;
};

}  // namespace detail

}  // namespace smppd::cxx
