// smppd SDK testing: an in-memory smppd_host_api for a plugin's unit tests, so they run without
// smppd. It implements every table of the ABI (messages, calls, attributes, pause tokens,
// blocking work, metrics, logs, clocks) and records what the plugin did with them.
//
// The ABI's any-thread functions (clocks, metric updates, resume, run_blocking) carry no host
// handle, so one FakeHost is active at a time: constructing a second one while another lives
// throws std::logic_error.
//
//   smppd::testing::FakeHost host;
//   smppd::testing::FilterDriver filter(host, smppd_plugin_v1(SMPPD_ABI_VERSION_MINOR), "my_filter");
//   ASSERT_EQ(filter.configure(R"({"key": 1})"), SMPPD_OK);
//   smppd::testing::FakeSession session({.peer_address = "127.0.0.1"});
//   auto instance = filter.open_session(session);
//   smppd::testing::FakeMessage bind(SMPPD_CMD_BIND_TRANSCEIVER);
//   bind.set_string(SMPPD_F_SYSTEM_ID, "acme").set_string(SMPPD_F_PASSWORD, "secret");
//   smppd::testing::FakeCall call(session, bind);
//   auto outcome = instance.request_and_wait(call);   // waits for the resume of a PAUSE
//
// Thread rules follow the ABI: messages, calls and sessions belong to the test's thread (the
// "worker"); tokens, metrics, logs and run_blocking may be used from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "smppd/plugin.h"

namespace smppd::testing {

inline constexpr std::chrono::milliseconds kDefaultWait{10000};

// A typed attribute value, as the ABI's attribute bag holds it.
using AttributeValue = std::variant<std::string, int64_t>;

// Attributes by key, for one scope.
class AttributeBag {
 public:
  void set(std::string_view key, AttributeValue value);
  std::optional<AttributeValue> get(std::string_view key) const;
  std::optional<std::string> get_string(std::string_view key) const;
  std::optional<int64_t> get_int(std::string_view key) const;
  bool remove(std::string_view key);
  bool contains(std::string_view key) const { return values_.count(std::string(key)) != 0; }
  size_t size() const { return values_.size(); }
  const std::map<std::string, AttributeValue, std::less<>>& values() const { return values_; }

 private:
  friend struct FakeAbi;
  std::map<std::string, AttributeValue, std::less<>> values_;
};

// One PDU as the plugin sees it: fields by id (string or integer, as fields.h says), TLVs in wire
// order, and the text the host would decode (GSM-7 unpacked, IA5, Latin-1, UCS-2 to UTF-8).
class FakeMessage {
 public:
  explicit FakeMessage(uint32_t command_id, uint32_t sequence_number = 1);
  FakeMessage(const FakeMessage&) = delete;
  FakeMessage& operator=(const FakeMessage&) = delete;

  smppd_message* handle() noexcept;
  const smppd_message* handle() const noexcept;

  // Test-side setters: no length limits (the ABI's set_string applies them). Setting a string
  // field with set_int, or the reverse, throws std::invalid_argument.
  FakeMessage& set_string(int32_t field, std::string_view value);
  FakeMessage& set_int(int32_t field, int64_t value);
  FakeMessage& add_tlv(uint16_t tag, std::string_view value);
  FakeMessage& clear_field(int32_t field);

  uint32_t command_id() const noexcept { return command_id_; }
  std::optional<std::string> string(int32_t field) const;
  std::optional<int64_t> integer(int32_t field) const;
  const std::vector<std::pair<uint16_t, std::string>>& tlvs() const noexcept { return tlvs_; }
  // How many times the plugin changed this message through the ABI.
  uint64_t plugin_writes() const noexcept { return plugin_writes_; }

  // True for the fields fields.h reads with get_string.
  static bool is_string_field(int32_t field) noexcept;
  // The longest value set_string accepts through the ABI (octets, without the NUL); nullopt for
  // integer or unknown fields.
  static std::optional<size_t> max_string_length(int32_t field) noexcept;
  static bool is_known_field(int32_t field) noexcept;

 private:
  friend struct FakeAbi;
  void changed() noexcept { decoded_.reset(); }  // a new value: text() decodes again

  uint32_t command_id_;
  std::map<int32_t, std::string> strings_;
  std::map<int32_t, int64_t> integers_;
  std::vector<std::pair<uint16_t, std::string>> tlvs_;
  uint64_t plugin_writes_ = 0;
  // What text() last answered; kept so the host view stays valid until the message changes.
  struct Decoded {
    int32_t encoding = SMPPD_TEXT_BINARY;
    std::string utf8;
    uint32_t flags = 0;
    uint16_t concat_ref = 0;
    uint8_t concat_total = 0;
    uint8_t concat_seq = 0;
    uint8_t data_coding = 0;
  };
  mutable std::optional<Decoded> decoded_;
};

// What smppd_session_info carries.
struct SessionInfo {
  int32_t bind_type = SMPPD_BIND_NONE;
  uint64_t session_id = 1;
  std::string listener = "test";
  std::string peer_address = "127.0.0.1";
  uint32_t peer_port = 40000;
  bool tls = false;
  std::string system_id;
  int32_t worker = 0;
  uint8_t interface_version = 0x34;
};

// A client session: its info and its session-scope attributes (which outlive each call).
class FakeSession {
 public:
  explicit FakeSession(SessionInfo info = {}) : info_(std::move(info)) {}
  FakeSession(const FakeSession&) = delete;
  FakeSession& operator=(const FakeSession&) = delete;

  SessionInfo& info() noexcept { return info_; }
  const SessionInfo& info() const noexcept { return info_; }
  AttributeBag& attributes() noexcept { return attributes_; }
  const AttributeBag& attributes() const noexcept { return attributes_; }

  // The C struct, with views into this session, filling at most `struct_size` bytes.
  smppd_session_info c_info() const noexcept;

 private:
  SessionInfo info_;
  AttributeBag attributes_;
};

// One request in the chain: a message, its session and call-scope attributes.
class FakeCall {
 public:
  FakeCall(FakeSession& session, FakeMessage& message) : session_(&session), message_(&message) {}
  FakeCall(const FakeCall&) = delete;
  FakeCall& operator=(const FakeCall&) = delete;

  smppd_call* handle() noexcept;
  FakeSession& session() noexcept { return *session_; }
  FakeMessage& message() noexcept { return *message_; }
  AttributeBag& attributes() noexcept { return attributes_; }
  const AttributeBag& attributes() const noexcept { return attributes_; }

 private:
  friend struct FakeAbi;
  FakeSession* session_;
  FakeMessage* message_;
  AttributeBag attributes_;
};

struct LogRecord {
  int32_t level = SMPPD_LOG_INFO;
  std::string plugin;
  std::string message;
};

struct MetricRecord {
  uint32_t id = 0;
  std::string plugin;
  std::string name;
  int32_t type = SMPPD_METRIC_COUNTER;
  std::string help;
  uint64_t counter = 0;
  int64_t gauge = 0;
  std::vector<uint64_t> samples;  // histogram
};

enum class TokenState { pending, resumed, cancelled };

// How a paused call ended, and the attributes set on its token.
struct Resumption {
  int32_t verdict = SMPPD_CONTINUE;
  uint32_t command_status = 0;
  std::vector<std::pair<int32_t, std::pair<std::string, AttributeValue>>> attributes;  // scope, key, value
};

class FakeHost {
 public:
  struct Options {
    size_t blocking_threads = 1;
    size_t blocking_queue_capacity = 16;  // queued, not yet running, before SMPPD_E_BUSY
    int32_t worker_count = 1;
    int64_t monotonic_ns = 1'000'000'000;
    int64_t realtime_ns = 1'700'000'000'000'000'000;
    int32_t log_level = SMPPD_LOG_TRACE;  // the lowest level log_enabled answers true for
    bool echo_logs = false;               // also print logs to stderr
  };

  FakeHost();
  explicit FakeHost(Options options);
  // Runs what is still queued for run_blocking (even when held), then joins the pool.
  ~FakeHost();
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;

  static FakeHost* active() noexcept;

  const smppd_host_api* api() const noexcept { return &api_; }
  // The tables, writable: shrink struct_size or clear an entry to play an older host.
  smppd_host_api& api_table() noexcept { return api_; }
  smppd_core_api& core_table() noexcept { return core_; }
  smppd_log_api& log_table() noexcept { return log_; }
  smppd_metrics_api& metrics_table() noexcept { return metrics_; }
  smppd_message_api& message_table() noexcept { return message_; }
  smppd_call_api& call_table() noexcept { return call_; }
  smppd_async_api& async_table() noexcept { return async_; }

  // The ref a plugin named `name` gets (the same pointer for the same name).
  const smppd_plugin_ref* plugin(std::string_view name = "test");

  // Clocks: frozen until set or advanced.
  void set_monotonic_ns(int64_t value) noexcept { monotonic_ns_.store(value); }
  void advance(std::chrono::nanoseconds by) noexcept { monotonic_ns_.fetch_add(by.count()); realtime_ns_.fetch_add(by.count()); }
  void set_realtime_ns(int64_t value) noexcept { realtime_ns_.store(value); }
  int64_t monotonic_ns() const noexcept { return monotonic_ns_.load(); }
  int64_t realtime_ns() const noexcept { return realtime_ns_.load(); }
  void set_worker_count(int32_t count) noexcept { worker_count_.store(count); }
  // What current_worker answers on the calling thread (-1 by default, and on the blocking pool).
  static void set_current_worker(int32_t worker) noexcept;

  // Logs.
  std::vector<LogRecord> logs() const;
  // True when a record at `level` (or any level for -1) contains `needle`.
  bool logged(int32_t level, std::string_view needle) const;
  size_t log_count(int32_t level) const;
  void clear_logs();
  void set_log_level(int32_t level) noexcept { log_level_.store(level); }
  void set_echo_logs(bool echo) noexcept { echo_logs_.store(echo); }

  // Metrics, by the name the plugin defined (or "smppd.plugin.<plugin>.<name>").
  std::optional<MetricRecord> metric(std::string_view name) const;
  uint64_t counter(std::string_view name) const;  // 0 when undefined
  int64_t gauge(std::string_view name) const;
  std::vector<uint64_t> histogram(std::string_view name) const;
  std::vector<MetricRecord> metrics() const;
  // Updates with an id no define returned.
  uint64_t unknown_metric_updates() const;

  // Pause tokens. A token bound to a call gets its token attributes applied to that call and its
  // session by wait_for_resume, on the waiting thread (the host does so on the session's worker).
  uint64_t new_token(FakeCall* call = nullptr);
  std::optional<TokenState> token_state(uint64_t token) const;
  std::optional<Resumption> resumption(uint64_t token) const;
  // Waits until the token is resumed (or cancelled: nullopt), then applies its attributes once.
  std::optional<Resumption> wait_for_resume(uint64_t token, std::chrono::milliseconds timeout = kDefaultWait);
  // Ends the call behind the token as a session close or a deadline would: later resumes and
  // token attributes answer SMPPD_E_NOT_FOUND. The test then calls the filter's on_cancel
  // (FilterDriver::Session::cancel does both). False when the token was not pending.
  bool cancel(uint64_t token);
  uint64_t late_resumes() const;    // resumes after cancel, or of unknown tokens
  uint64_t repeat_resumes() const;  // second resumes of one token

  // run_blocking: a real pool of threads with a bounded queue.
  void set_blocking_capacity(size_t capacity);
  // While held, the pool takes nothing from the queue (to fill it, or to cancel before the work
  // starts).
  void hold_blocking();
  void release_blocking();
  // Makes every run_blocking answer SMPPD_E_BUSY.
  void set_blocking_busy(bool busy);
  // Waits until the queue is empty and no work runs. False on timeout (or while held with work
  // queued).
  bool wait_blocking_idle(std::chrono::milliseconds timeout = kDefaultWait);
  uint64_t blocking_accepted() const;
  uint64_t blocking_rejected() const;
  uint64_t blocking_completed() const;
  size_t blocking_queued() const;

 private:
  friend struct FakeAbi;

  struct Token {
    TokenState state = TokenState::pending;
    FakeCall* call = nullptr;
    Resumption resumption;
    bool applied = false;
  };
  struct PluginRefImpl;
  struct Work {
    smppd_work_fn fn;
    void* context;
  };

  void start_pool(size_t threads);
  void pool_loop();
  int32_t submit(smppd_work_fn fn, void* context);
  int32_t token_attr(uint64_t token, int32_t scope, std::string key, AttributeValue value);
  int32_t resume(uint64_t token, int32_t verdict, uint32_t command_status);
  int32_t define_metric(const smppd_plugin_ref* plugin, int32_t type, std::string_view name, std::string_view help,
                        uint32_t* id_out);
  void update_metric(uint32_t id, const std::function<void(MetricRecord&)>& update);
  void write_log(const smppd_plugin_ref* plugin, int32_t level, std::string_view message);
  std::string plugin_name(const smppd_plugin_ref* plugin) const;

  smppd_host_api api_{};
  smppd_core_api core_{};
  smppd_log_api log_{};
  smppd_metrics_api metrics_{};
  smppd_message_api message_{};
  smppd_call_api call_{};
  smppd_async_api async_{};

  std::atomic<int64_t> monotonic_ns_;
  std::atomic<int64_t> realtime_ns_;
  std::atomic<int32_t> worker_count_;
  std::atomic<int32_t> log_level_;
  std::atomic<bool> echo_logs_;

  mutable std::mutex refs_mutex_;
  std::deque<std::unique_ptr<PluginRefImpl>> refs_;

  mutable std::mutex logs_mutex_;
  std::vector<LogRecord> logs_;

  mutable std::mutex metrics_mutex_;
  std::vector<MetricRecord> metric_records_;  // id = index + 1
  uint64_t unknown_metric_updates_ = 0;

  mutable std::mutex tokens_mutex_;
  std::condition_variable tokens_changed_;
  std::map<uint64_t, Token> tokens_;
  uint64_t next_token_ = 0x1000;
  uint64_t late_resumes_ = 0;
  uint64_t repeat_resumes_ = 0;

  mutable std::mutex pool_mutex_;
  std::condition_variable pool_wake_;
  std::condition_variable pool_idle_;
  std::deque<Work> queue_;
  std::vector<std::thread> threads_;
  size_t capacity_;
  size_t running_ = 0;
  bool held_ = false;
  bool busy_ = false;
  bool stopping_ = false;
  uint64_t accepted_ = 0;
  uint64_t rejected_ = 0;
  uint64_t completed_ = 0;
};

// What a filter hook answered.
struct FilterOutcome {
  int32_t verdict = SMPPD_CONTINUE;
  uint32_t command_status = 0;
  uint64_t token = 0;  // the token on_request received
};

// Drives one filter factory of a plugin through its C vtable, as the host would.
class FilterDriver {
 public:
  // Finds the factory and runs the descriptor's init once. Throws std::runtime_error when the
  // descriptor is unusable, the factory is missing or init refuses.
  FilterDriver(FakeHost& host, const smppd_plugin_descriptor* descriptor, std::string_view factory_name);
  // Frees the config and runs the descriptor's teardown. Sessions must be closed first.
  ~FilterDriver();
  FilterDriver(const FilterDriver&) = delete;
  FilterDriver& operator=(const FilterDriver&) = delete;

  // config_new with this JSON; on success the previous config (if any) is freed. On refusal the
  // error buffer's text goes to *error.
  int32_t configure(std::string_view json, std::string* error = nullptr);
  void* config() const noexcept { return config_; }
  const smppd_factory& factory() const noexcept { return *factory_; }
  const smppd_filter_vtable& vtable() const noexcept { return *vtable_; }
  const smppd_plugin_ref* plugin() const noexcept { return plugin_; }

  class Session {
   public:
    Session(Session&& other) noexcept;
    Session& operator=(Session&&) = delete;
    ~Session();  // session_free

    void* instance() const noexcept { return instance_; }
    // on_request with a fresh token bound to `call`.
    FilterOutcome request(FakeCall& call);
    // request(), then for a PAUSE the resume's verdict (SMPPD_STOP with 0xFFFFFFFF as status
    // when none comes within the timeout).
    FilterOutcome request_and_wait(FakeCall& call, std::chrono::milliseconds timeout = kDefaultWait);
    // Cancels the token in the host, then calls on_cancel.
    void cancel(uint64_t token);
    // session_free now.
    void close();

   private:
    friend class FilterDriver;
    Session(FilterDriver& driver, void* instance, bool owned) : driver_(&driver), instance_(instance), owned_(owned) {}
    FilterDriver* driver_;
    void* instance_;
    bool owned_;  // false when the filter has no session_new (the instance is the config)
  };

  // session_new for this session (or the config itself when the filter has none). Throws
  // std::runtime_error when session_new fails or there is no config.
  Session open_session(const FakeSession& session);

 private:
  FakeHost* host_;
  const smppd_plugin_descriptor* descriptor_;
  const smppd_factory* factory_ = nullptr;
  const smppd_filter_vtable* vtable_ = nullptr;
  const smppd_plugin_ref* plugin_ = nullptr;
  void* config_ = nullptr;
  bool initialized_ = false;
};

}  // namespace smppd::testing
