// smppd SDK testing: an in-memory smppd_host_api for a plugin's unit tests, so they run without
// smppd. It implements every table of the ABI (messages, calls, attributes, pause tokens,
// blocking work, timers, metrics, logs, clocks, the upstream table, the state store) and records
// what the plugin did with them. Drivers call a plugin's factories the way smppd does: FilterDriver, LbDriver,
// HealthDriver, UpstreamDriver.
//
// The ABI's any-thread functions (clocks, metric updates, resume, run_blocking, schedule, the
// upstream and state tables) carry no host handle, so one FakeHost is active at a time: constructing a second
// one while another lives throws std::logic_error.
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
// "worker"); tokens, metrics, logs, run_blocking, schedule and the upstream table may be used from
// any thread.
//
// Time is the test's: the clocks stand still until advance(), and timers (async->schedule) run on
// the thread that calls advance(), in due order, each with the clocks at its due time. A test of
// latencies and timeouts is then exact and never sleeps:
//
//   smppd::testing::UpstreamDriver mock(host, smppd_plugin_v1(SMPPD_ABI_VERSION_MINOR), "mock");
//   ASSERT_EQ(mock.configure("{}"), SMPPD_OK);
//   ASSERT_EQ(mock.start(), SMPPD_OK);
//   auto submitted = mock.submit(submit_sm);
//   host.advance(std::chrono::milliseconds(5));        // runs the timers due by then
//   auto done = host.completion(submitted.token);      // status, message_id, when
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
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "fake_admin.h"
#include "fake_state_store.h"
#include "smppd/cxx/state.hpp"
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
    uint32_t parts = 0;
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

// Internal (fake_host.cc): the on_complete calls a FilterDriver session still owes its filter.
class OwedCompletions;

// One request in the chain: a message, its session and call-scope attributes.
//
// A call that ends while a FilterDriver session still owes its filter an on_complete for it ends
// that request as a session closing would (see FilterDriver::Session::close), so the filter never
// gets a call that is gone.
class FakeCall {
 public:
  FakeCall(FakeSession& session, FakeMessage& message) : session_(&session), message_(&message) {}
  ~FakeCall();
  FakeCall(const FakeCall&) = delete;
  FakeCall& operator=(const FakeCall&) = delete;

  smppd_call* handle() noexcept;
  FakeSession& session() noexcept { return *session_; }
  FakeMessage& message() noexcept { return *message_; }
  AttributeBag& attributes() noexcept { return attributes_; }
  const AttributeBag& attributes() const noexcept { return attributes_; }

  // What call->route answers: this route and cluster (an empty cluster plays a route that
  // rejects). Without one, or after clear_route(), it answers SMPPD_E_NOT_FOUND (no route).
  FakeCall& set_route(std::string route_name, std::string cluster_name);
  FakeCall& clear_route();
  // How many times the plugin asked for the route.
  uint64_t route_lookups() const noexcept { return route_lookups_; }

 private:
  friend struct FakeAbi;
  friend class OwedCompletions;
  FakeSession* session_;
  FakeMessage* message_;
  AttributeBag attributes_;
  std::optional<std::pair<std::string, std::string>> route_;  // route name, cluster name
  mutable uint64_t route_lookups_ = 0;
  std::vector<std::weak_ptr<OwedCompletions>> owed_by_;  // sessions that may owe it an on_complete
};

struct LogRecord {
  int32_t level = SMPPD_LOG_INFO;
  std::string plugin;
  std::string message;
  std::string logger;  // the plugin's own logger for log->write_named ("audit"); empty for write
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

// How the plugin ended a submit (host->upstream->complete).
struct Completion {
  uint32_t command_status = 0;
  std::string message_id;
  int64_t monotonic_ns = 0;  // the fake clock when it came
};

// A message the plugin handed to host->upstream->deliver. The message stays the host's until
// clear_deliveries() or the host's end.
struct Delivery {
  smppd_upstream* upstream = nullptr;
  const FakeMessage* message = nullptr;
  int64_t monotonic_ns = 0;  // the fake clock when it came
};

// One host->upstream->probe_enquire_link the plugin asked for.
struct Probe {
  uint64_t endpoint_id = 0;
  int64_t timeout_ns = 0;
  uint64_t token = 0;
};

// How the fake answers probe_enquire_link for one endpoint: `result` at once and, when it is
// SMPPD_OK and `verdict` is set, resume(token, *verdict) after `delay` on the fake clock (as the
// enquire_link_resp would). No verdict: the probe never answers (the host's timeout).
struct ProbeAnswer {
  int32_t result = SMPPD_OK;
  std::optional<int32_t> verdict = SMPPD_CONTINUE;
  std::chrono::nanoseconds delay{0};
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
  smppd_upstream_api& upstream_table() noexcept { return upstream_; }
  smppd_state_api& state_table() noexcept { return state_; }
  smppd_admin_api& admin_table() noexcept { return admin_.table(); }
  // host->admin: the paths plugins registered, and a driver calling them as smppd's admin server.
  FakeAdmin& admin() noexcept { return admin_; }

  // The ref a plugin named `name` gets (the same pointer for the same name).
  const smppd_plugin_ref* plugin(std::string_view name = "test");

  // Clocks: frozen until set or advanced.
  void set_monotonic_ns(int64_t value) noexcept { monotonic_ns_.store(value); }
  // Moves both clocks forward by `by`, running on this thread every timer due by then (those the
  // callbacks schedule within the span too), in due order, each with the clocks at its due time.
  // Answers how many timers ran.
  size_t advance(std::chrono::nanoseconds by);
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

  // Timers (async->schedule). See advance().
  // Runs the timers due at the current time; answers how many ran.
  size_t run_due_timers();
  // As smppd does when it stops: from now on schedule answers SMPPD_E_STATE, and every waiting
  // timer runs at once, whatever its due time (the clocks stay). The destructor does it too.
  size_t stop_timers();
  size_t pending_timers() const;
  std::optional<int64_t> next_timer_ns() const;  // the monotonic due time of the earliest
  uint64_t timers_scheduled() const;
  uint64_t timers_run() const;

  // Submits to an upstream transport (host->upstream->complete). A token is issued per submit;
  // complete() of another token answers SMPPD_E_NOT_FOUND.
  uint64_t new_submit_token();
  std::optional<Completion> completion(uint64_t token) const;
  std::vector<std::pair<uint64_t, Completion>> completions() const;  // in the order they came
  size_t completion_count() const;
  uint64_t unknown_completions() const;  // of tokens never issued
  uint64_t repeat_completions() const;   // second completes of one token

  // Messages the plugin made with message_new: each must be freed or delivered.
  uint64_t messages_created() const;
  uint64_t messages_freed() const;
  size_t live_messages() const;        // neither freed nor delivered yet: a leak at a test's end
  uint64_t invalid_message_frees() const;  // message_free or deliver of something message_new did not make

  // deliver(): what came, in order. Pointers stay valid until clear_deliveries or the host's end.
  std::vector<Delivery> deliveries() const;
  size_t delivery_count() const;
  void clear_deliveries();
  // What deliver answers from now on (SMPPD_E_BUSY: the message is still taken, and dropped).
  void set_deliver_result(int32_t result);
  uint64_t deliveries_refused() const;

  // probe_enquire_link: scripted per endpoint; an endpoint without a script answers
  // SMPPD_E_NOT_FOUND.
  void script_probe(uint64_t endpoint_id, ProbeAnswer answer);
  void forget_probe(uint64_t endpoint_id);
  std::vector<Probe> probes() const;

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

  // host->state: an in-memory store (FakeStateStore, every operation of smppd/state.h) on the
  // realtime clock, so expiry and rate limits follow advance() and set_realtime_ns(). execute()
  // applies a batch at once, in the order calls come; its answer (done) comes on the fake host's
  // state thread, in that order, never inside execute(). The destructor delivers what is left.
  //
  // Runs a batch from the test (to seed or inspect the store), here and now.
  cxx::state::BatchResult state_apply(const std::vector<cxx::state::StateOp>& ops);
  // The live value under `key` now.
  std::optional<std::string> state_value(std::string_view key) const;
  // What successful batches published (PUBLISH), in order.
  std::vector<FakeStateStore::Publication> state_published() const;
  // false: available() answers 0 and batches answer UNAVAILABLE (done is still called).
  void set_state_available(bool available);
  // What shared() answers: whether other nodes use the store too. false (one node) by default.
  void set_state_shared(bool shared);
  bool state_shared() const;
  // What execute() answers instead of taking a batch: SMPPD_E_BUSY or SMPPD_E_STATE (done is then
  // never called). SMPPD_OK, the default, takes it.
  void set_state_execute_result(int32_t result);
  // While held, answers wait (their batches ran already): a test sees the plugin with its batch in
  // flight.
  void hold_state_answers();
  void release_state_answers();
  // Waits until every answer was delivered. False on timeout (or while held with answers waiting).
  bool wait_state_idle(std::chrono::milliseconds timeout = kDefaultWait);
  uint64_t state_batches() const;        // batches execute() took
  size_t state_answers_waiting() const;  // answers not delivered yet

  // For a state store backend under test: a completion to hand to its execute() for a batch of
  // `op_count` operations, ended by host->state->complete().
  smppd_state_completion* new_state_completion(uint32_t op_count);
  // The answer complete() gave it; nullopt until then (or for a completion the host never made).
  std::optional<cxx::state::BatchResult> state_completion(smppd_state_completion* completion) const;
  std::optional<cxx::state::BatchResult> wait_for_state_completion(smppd_state_completion* completion,
                                                                   std::chrono::milliseconds timeout = kDefaultWait);
  // complete() of a completion answered already, or of one the host never made.
  uint64_t repeat_state_completions() const;

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
  struct TimerKey {
    int64_t due_ns;
    uint64_t sequence;  // schedule order breaks ties
    friend bool operator<(const TimerKey& a, const TimerKey& b) noexcept {
      return a.due_ns != b.due_ns ? a.due_ns < b.due_ns : a.sequence < b.sequence;
    }
  };
  struct Submit {
    std::optional<Completion> completion;
  };

  void start_pool(size_t threads);
  void pool_loop();
  int32_t submit(smppd_work_fn fn, void* context);
  int32_t token_attr(uint64_t token, int32_t scope, std::string key, AttributeValue value);
  int32_t resume(uint64_t token, int32_t verdict, uint32_t command_status);
  int32_t define_metric(const smppd_plugin_ref* plugin, int32_t type, std::string_view name, std::string_view help,
                        uint32_t* id_out);
  void update_metric(uint32_t id, const std::function<void(MetricRecord&)>& update);
  void write_log(const smppd_plugin_ref* plugin, int32_t level, std::string_view message, std::string_view logger = {});
  std::string plugin_name(const smppd_plugin_ref* plugin) const;
  int32_t add_timer(int64_t delay_ns, std::function<void()> callback);
  // Runs the earliest timer due by `limit_ns` (any, with no limit); false when there is none.
  bool run_next_timer(std::optional<int64_t> limit_ns);
  void move_clocks_to(int64_t monotonic_ns) noexcept;
  int32_t complete(uint64_t token, uint32_t command_status, std::string_view message_id);
  smppd_message* message_new(uint32_t command_id);
  void message_free(smppd_message* message);
  int32_t deliver(smppd_upstream* upstream, smppd_message* message);
  int32_t probe(uint64_t endpoint_id, int64_t timeout_ns, uint64_t token);
  int32_t state_execute(std::vector<cxx::state::StateOp> ops, smppd_state_done_fn done, void* user_data);
  void state_complete(smppd_state_completion* completion, const smppd_state_batch_result* result);
  int32_t state_available() const;
  void state_loop();
  void stop_state();

  smppd_host_api api_{};
  smppd_core_api core_{};
  smppd_log_api log_{};
  smppd_metrics_api metrics_{};
  smppd_message_api message_{};
  smppd_call_api call_{};
  smppd_async_api async_{};
  smppd_upstream_api upstream_{};
  smppd_state_api state_{};
  FakeAdmin admin_{[this](const smppd_plugin_ref* plugin) { return plugin_name(plugin); }};

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

  mutable std::mutex timers_mutex_;
  std::map<TimerKey, std::function<void()>> timers_;
  uint64_t next_timer_sequence_ = 0;
  uint64_t timers_scheduled_ = 0;
  uint64_t timers_run_ = 0;
  bool timers_stopped_ = false;

  mutable std::mutex upstream_mutex_;
  std::map<uint64_t, Submit> submits_;
  std::vector<std::pair<uint64_t, Completion>> completion_order_;
  uint64_t next_submit_token_ = 0x50000;
  uint64_t unknown_completions_ = 0;
  uint64_t repeat_completions_ = 0;
  std::map<const smppd_message*, std::unique_ptr<FakeMessage>> live_messages_;
  uint64_t messages_created_ = 0;
  uint64_t messages_freed_ = 0;
  uint64_t invalid_message_frees_ = 0;
  std::deque<std::unique_ptr<FakeMessage>> delivered_messages_;
  std::vector<Delivery> deliveries_;
  int32_t deliver_result_ = SMPPD_OK;
  uint64_t deliveries_refused_ = 0;
  std::map<uint64_t, ProbeAnswer> probe_script_;
  std::vector<Probe> probes_;

  struct StateCompletion {
    uint32_t op_count = 0;
    std::optional<cxx::state::BatchResult> result;
  };
  mutable std::mutex state_mutex_;
  std::condition_variable state_wake_;       // the state thread: answers to deliver, or stopping
  std::condition_variable state_idle_;       // every answer delivered
  std::condition_variable state_completed_;  // a backend completed a batch
  FakeStateStore state_store_;
  std::deque<std::function<void()>> state_answers_;
  bool state_held_ = false;
  bool state_delivering_ = false;
  bool state_stopping_ = false;
  bool state_available_ = true;
  bool state_shared_ = false;
  int32_t state_execute_result_ = SMPPD_OK;
  uint64_t state_batches_ = 0;
  std::map<uint64_t, StateCompletion> state_completions_;
  uint64_t next_state_completion_ = 1;
  uint64_t repeat_state_completions_ = 0;
  std::thread state_thread_;
};

// The factory of `kind` named `name` in a descriptor, walking its factories by the stride the
// descriptor gives (factories[0].struct_size), as smppd does; nullptr when there is none.
const smppd_factory* find_factory(const smppd_plugin_descriptor* descriptor, int32_t kind, std::string_view name);

// What every driver shares: the factory, the descriptor's init and teardown, the config object.
class FactoryDriver {
 public:
  FactoryDriver(const FactoryDriver&) = delete;
  FactoryDriver& operator=(const FactoryDriver&) = delete;

  // config_new with this JSON; on success the previous config (if any) is freed. On refusal the
  // error buffer's text goes to *error.
  int32_t configure(std::string_view json, std::string* error = nullptr);
  void* config() const noexcept { return config_; }
  const smppd_factory& factory() const noexcept { return *factory_; }
  const smppd_plugin_ref* plugin() const noexcept { return plugin_; }
  FakeHost& host() const noexcept { return *host_; }

 protected:
  using ConfigNewFn = int32_t (*)(const smppd_host_api*, const smppd_plugin_ref*, smppd_host_view, void**,
                                  smppd_error_buffer*);
  using ConfigFreeFn = void (*)(void*);

  // Finds the factory. Throws std::runtime_error when the descriptor is unusable or the factory
  // is missing.
  FactoryDriver(FakeHost& host, const smppd_plugin_descriptor* descriptor, int32_t kind, std::string_view factory_name);
  // Frees the config and runs the descriptor's teardown.
  ~FactoryDriver();
  // Once the kind's table was checked: its config hooks, then the descriptor's init (throws
  // std::runtime_error when init refuses).
  void initialize(ConfigNewFn config_new, ConfigFreeFn config_free);
  // Throws std::runtime_error naming the factory and `what` unless `present`.
  void require(bool present, std::string_view what) const;

 private:
  FakeHost* host_;
  const smppd_plugin_descriptor* descriptor_;
  const smppd_factory* factory_ = nullptr;
  const smppd_plugin_ref* plugin_ = nullptr;
  ConfigNewFn config_new_ = nullptr;
  ConfigFreeFn config_free_ = nullptr;
  void* config_ = nullptr;
  bool initialized_ = false;
};

// What a filter hook answered.
struct FilterOutcome {
  int32_t verdict = SMPPD_CONTINUE;
  uint32_t command_status = 0;
  uint64_t token = 0;  // the token on_request received
};

// Drives one filter factory of a plugin through its C vtable, as the host would.
//
// on_complete comes as the host sends it: once per request on_request saw, after the response
// (complete()), unless the request's pause was cancelled (at its deadline, or as its session
// closed), and with a null response for a request still owed one when the session closes or the
// FakeCall ends. A request whose on_request answered something that is not a verdict is owed
// nothing (the host cancels its token).
class FilterDriver : public FactoryDriver {
 public:
  // Finds the factory and runs the descriptor's init once. Throws std::runtime_error when the
  // descriptor is unusable, the factory is missing or init refuses.
  FilterDriver(FakeHost& host, const smppd_plugin_descriptor* descriptor, std::string_view factory_name);
  // Frees the config and runs the descriptor's teardown. Sessions must be closed first.
  ~FilterDriver() = default;

  const smppd_filter_vtable& vtable() const noexcept { return *vtable_; }

  class Session {
   public:
    Session(Session&& other) noexcept;
    Session& operator=(Session&&) = delete;
    ~Session();  // session_free

    void* instance() const noexcept { return instance_; }
    // on_request with a fresh token bound to `call`. The filter is then owed an on_complete for
    // the request (see the class comment).
    FilterOutcome request(FakeCall& call);
    // request(), then for a PAUSE the resume's verdict (SMPPD_STOP with 0xFFFFFFFF as status
    // when none comes within the timeout).
    FilterOutcome request_and_wait(FakeCall& call, std::chrono::milliseconds timeout = kDefaultWait);
    // The response to the request of `token` was sent: on_complete(call, response), as the host
    // calls it, after applying the attributes a resume set. False, calling nothing, when no
    // on_complete is owed for the token (unknown, completed already, or its pause cancelled).
    // Throws std::logic_error while the request's pause is pending (no response is known yet).
    bool complete(uint64_t token, const FakeMessage& response);
    // How many requests are still owed their on_complete.
    size_t owed_completions() const noexcept;
    // The filter's deadline passed: cancels the token in the host, then calls on_cancel; no
    // on_complete follows for the request. False, calling nothing, when the token was not pending
    // (resumed or cancelled already).
    bool cancel(uint64_t token);
    // The session closes, as smppd closes one: on_cancel for each pause still pending, then
    // on_complete(call, nullptr) for every other request still owed one, in request order, then
    // session_free.
    void close();

   private:
    friend class FilterDriver;
    Session(FilterDriver& driver, void* instance, bool owned);
    FilterDriver* driver_;
    void* instance_;
    bool owned_;  // false when the filter has no session_new (the instance is the config)
    std::shared_ptr<OwedCompletions> owed_;  // shared with the FakeCalls of its requests
  };

  // session_new for this session (or the config itself when the filter has none). Throws
  // std::runtime_error when session_new fails or there is no config.
  Session open_session(const FakeSession& session);

 private:
  const smppd_filter_vtable* vtable_ = nullptr;
};

// A candidate as smppd builds them for pick. bind_id is the endpoint's id unless given, which
// suits one bind per endpoint; give each bind of an endpoint with several its own (smppd's are
// unique in the process).
smppd_lb_candidate lb_candidate(uint64_t endpoint_id, uint32_t weight = 1, uint32_t in_flight = 0, uint32_t window = 10,
                                bool same_worker = false, std::optional<uint64_t> bind_id = std::nullopt);

// Drives one lb_policy factory: per-worker instances and pick, as a cluster would.
class LbDriver : public FactoryDriver {
 public:
  LbDriver(FakeHost& host, const smppd_plugin_descriptor* descriptor, std::string_view factory_name);
  ~LbDriver() = default;  // workers must be closed first

  const smppd_lb_vtable& vtable() const noexcept { return *vtable_; }
  // The stride pick's candidate array is laid out with: sizeof(smppd_lb_candidate) by default;
  // a larger one plays a newer host whose entries are longer (the extra bytes are junk), a smaller
  // one an older host whose entries end sooner (offsetof(smppd_lb_candidate, bind_id): one built
  // before bind_id; the array ends with the last entry's last byte, so a read past it shows).
  void set_candidate_stride(uint32_t stride) noexcept { stride_ = stride; }
  uint32_t candidate_stride() const noexcept { return stride_; }

  class Worker {
   public:
    Worker(Worker&& other) noexcept;
    Worker& operator=(Worker&&) = delete;
    ~Worker();  // worker_free

    void* instance() const noexcept { return instance_; }
    int32_t index() const noexcept { return index_; }
    // pick over these candidates (laid out with the driver's stride, each entry's struct_size
    // set to it) for `message` (a submit_sm of the driver's when null). The index pick answered,
    // or -1. Throws std::runtime_error for a stride below sizeof(uint32_t).
    int32_t pick(std::span<const smppd_lb_candidate> candidates, const FakeMessage* message = nullptr);
    // worker_free now.
    void close();

   private:
    friend class LbDriver;
    Worker(LbDriver& driver, void* instance, int32_t index) : driver_(&driver), instance_(instance), index_(index) {}
    LbDriver* driver_;
    void* instance_;
    int32_t index_;
    std::vector<unsigned char> layout_;  // the candidate array as the host lays it out
  };

  // worker_new for worker `index`. Throws std::runtime_error when it fails or there is no config.
  Worker open_worker(int32_t index = 0);

 private:
  const smppd_lb_vtable* vtable_ = nullptr;
  uint32_t stride_ = sizeof(smppd_lb_candidate);
  FakeMessage default_message_{SMPPD_CMD_SUBMIT_SM};
};

// An endpoint of a cluster, as smppd describes it to health checkers.
struct FakeEndpoint {
  uint64_t endpoint_id = 1;
  std::string cluster = "test";
  std::string name = "smsc1";
  std::string address = "127.0.0.1";
  uint32_t port = 2775;

  // The C struct, with views into this endpoint.
  smppd_endpoint_info c_info() const noexcept;
};

// What a health check answered: the hook's verdict, or for check_and_wait the resume's.
struct HealthOutcome {
  int32_t verdict = SMPPD_STOP;
  uint64_t token = 0;
  bool timed_out = false;  // check_and_wait: no resume within the timeout (the host cancelled it)
};

// Drives one health_checker factory: probes of endpoints, as a cluster's health checking would.
class HealthDriver : public FactoryDriver {
 public:
  HealthDriver(FakeHost& host, const smppd_plugin_descriptor* descriptor, std::string_view factory_name);
  ~HealthDriver() = default;

  const smppd_health_checker_vtable& vtable() const noexcept { return *vtable_; }
  // check() with a fresh token.
  HealthOutcome check(const FakeEndpoint& endpoint, std::chrono::nanoseconds timeout = std::chrono::seconds(1));
  // check(), then for a PAUSE: advances the fake clock by `timeout` (running the timers due, such
  // as a scripted probe's answer) and answers the resume's verdict; without one the host's
  // timeout: cancels the token, calls on_cancel and answers STOP with timed_out. A plugin that
  // resumes from its own threads is tested with check() and FakeHost::wait_for_resume instead.
  HealthOutcome check_and_wait(const FakeEndpoint& endpoint, std::chrono::nanoseconds timeout = std::chrono::seconds(1));
  // Cancels the token in the host, then calls on_cancel.
  void cancel(uint64_t token);

 private:
  const smppd_health_checker_vtable* vtable_ = nullptr;
};

// What submit answered, and the token the transport must complete.
struct SubmitOutcome {
  int32_t result = SMPPD_OK;
  uint64_t token = 0;
};

// Drives one upstream transport factory: start, submits, stop, as a cluster would.
class UpstreamDriver : public FactoryDriver {
 public:
  UpstreamDriver(FakeHost& host, const smppd_plugin_descriptor* descriptor, std::string_view factory_name);
  // Stops a started transport, then frees the config.
  ~UpstreamDriver();

  const smppd_upstream_vtable& vtable() const noexcept { return *vtable_; }
  // start with this driver's upstream handle. SMPPD_E_STATE when started already; throws
  // std::runtime_error when there is no config.
  int32_t start();
  bool started() const noexcept { return instance_ != nullptr; }
  void* instance() const noexcept { return instance_; }
  // The handle the transport passes to deliver(): Delivery::upstream is this.
  smppd_upstream* upstream() noexcept { return reinterpret_cast<smppd_upstream*>(&upstream_tag_); }
  // submit with a fresh submit token. Throws std::runtime_error when not started.
  SubmitOutcome submit(const FakeMessage& message);
  // stop now (once).
  void stop();

 private:
  const smppd_upstream_vtable* vtable_ = nullptr;
  void* instance_ = nullptr;
  unsigned char upstream_tag_ = 0;  // its address is the upstream handle
};

}  // namespace smppd::testing
