// The fake host's timers, upstream table, factory lookup and drivers (on_complete as the host
// calls it, candidate arrays as the host lays them out): what plugin tests of every kind stand on.
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "fake_host.h"
#include "smppd/plugin.h"

namespace {

using namespace std::chrono_literals;
using smppd::testing::FakeCall;
using smppd::testing::FakeHost;
using smppd::testing::FakeMessage;
using smppd::testing::FakeSession;
using smppd::testing::FilterDriver;
using smppd::testing::FilterOutcome;
using smppd::testing::lb_candidate;
using smppd::testing::LbDriver;
using smppd::testing::ProbeAnswer;
using smppd::testing::TokenState;

struct Recorder {
  FakeHost* host;
  std::vector<std::pair<int, int64_t>> runs;  // which, when
};

struct Timer {
  Recorder* recorder;
  int which;
};

void record(void* context) {
  auto* timer = static_cast<Timer*>(context);
  timer->recorder->runs.emplace_back(timer->which, timer->recorder->host->monotonic_ns());
}

TEST(FakeHostTimersTest, RunInDueOrderWithTheClockAtTheirTime) {
  FakeHost host;
  Recorder recorder{&host, {}};
  Timer late{&recorder, 1};
  Timer early{&recorder, 2};
  Timer tie{&recorder, 3};
  const int64_t t0 = host.monotonic_ns();
  const smppd_async_api& async = host.async_table();
  ASSERT_EQ(async.schedule(30'000'000, &record, &late), SMPPD_OK);
  ASSERT_EQ(async.schedule(10'000'000, &record, &early), SMPPD_OK);
  ASSERT_EQ(async.schedule(10'000'000, &record, &tie), SMPPD_OK);
  EXPECT_EQ(async.schedule(-1, &record, &tie), SMPPD_E_INVALID);
  EXPECT_EQ(host.pending_timers(), 3u);
  EXPECT_EQ(host.next_timer_ns(), t0 + 10'000'000);

  EXPECT_EQ(host.advance(9ms), 0u);
  EXPECT_EQ(host.advance(25ms), 3u);
  EXPECT_EQ(recorder.runs, (std::vector<std::pair<int, int64_t>>{
                               {2, t0 + 10'000'000}, {3, t0 + 10'000'000}, {1, t0 + 30'000'000}}));
  EXPECT_EQ(host.monotonic_ns(), t0 + 34'000'000);
  EXPECT_EQ(host.timers_run(), 3u);
}

struct Chain {
  FakeHost* host;
  int remaining;
  int runs = 0;
};

void reschedule(void* context) {
  auto* chain = static_cast<Chain*>(context);
  ++chain->runs;
  if (--chain->remaining > 0) (void)chain->host->async_table().schedule(5'000'000, &reschedule, chain);
}

TEST(FakeHostTimersTest, RunWhatTheirCallbacksScheduleWithinTheSpan) {
  FakeHost host;
  Chain chain{&host, 10};
  ASSERT_EQ(host.async_table().schedule(5'000'000, &reschedule, &chain), SMPPD_OK);
  host.advance(22ms);
  EXPECT_EQ(chain.runs, 4);  // at 5, 10, 15 and 20 ms
  host.advance(1s);
  EXPECT_EQ(chain.runs, 10);
}

TEST(FakeHostTimersTest, RunAtOnceAtStopAndRefuseAfterIt) {
  Chain chain{nullptr, 100};
  {
    FakeHost host;
    chain.host = &host;
    // The host goes away with the timer an hour off: it runs then, and its reschedule is refused.
    ASSERT_EQ(host.async_table().schedule(3'600'000'000'000, &reschedule, &chain), SMPPD_OK);
  }
  EXPECT_EQ(chain.runs, 1);

  FakeHost host;
  chain = Chain{&host, 100};
  ASSERT_EQ(host.async_table().schedule(1'000'000'000, &reschedule, &chain), SMPPD_OK);
  const int64_t before = host.monotonic_ns();
  EXPECT_EQ(host.stop_timers(), 1u);
  EXPECT_EQ(host.monotonic_ns(), before);  // early: the clock stays
  EXPECT_EQ(host.async_table().schedule(0, &reschedule, &chain), SMPPD_E_STATE);
  EXPECT_EQ(chain.runs, 1);
}

TEST(FakeHostUpstreamTest, RecordsCompletionsOncePerIssuedToken) {
  FakeHost host;
  const smppd_upstream_api& upstream = host.upstream_table();
  const uint64_t token = host.new_submit_token();
  EXPECT_EQ(upstream.complete(token, 0x58, smppd_view_of("", 0)), SMPPD_OK);
  EXPECT_EQ(upstream.complete(token, 0, smppd_view_of("x", 1)), SMPPD_E_NOT_FOUND);
  EXPECT_EQ(upstream.complete(token + 1000, 0, smppd_view_of("x", 1)), SMPPD_E_NOT_FOUND);
  const std::string too_long(65, 'a');
  EXPECT_EQ(upstream.complete(host.new_submit_token(), 0, smppd_view_of(too_long.data(), too_long.size())),
            SMPPD_E_RANGE);
  EXPECT_EQ(host.completion(token)->command_status, 0x58u);
  EXPECT_EQ(host.completion_count(), 1u);
  EXPECT_EQ(host.repeat_completions(), 1u);
  EXPECT_EQ(host.unknown_completions(), 1u);
}

TEST(FakeHostUpstreamTest, AccountsForEveryMessageItMade) {
  FakeHost host;
  const smppd_upstream_api& upstream = host.upstream_table();
  EXPECT_EQ(upstream.message_new(0x7777), nullptr);
  smppd_message* freed = upstream.message_new(SMPPD_CMD_DELIVER_SM);
  smppd_message* delivered = upstream.message_new(SMPPD_CMD_DELIVER_SM);
  smppd_message* refused = upstream.message_new(SMPPD_CMD_DELIVER_SM);
  smppd_message* leaked = upstream.message_new(SMPPD_CMD_DELIVER_SM);
  ASSERT_NE(freed, nullptr);
  EXPECT_EQ(host.message_table().set_string(delivered, SMPPD_F_SOURCE_ADDR, smppd_view_of("123", 3)), SMPPD_OK);
  upstream.message_free(freed);
  upstream.message_free(freed);  // twice: counted, not a crash
  int tag = 0;
  auto* handle = reinterpret_cast<smppd_upstream*>(&tag);
  EXPECT_EQ(upstream.deliver(handle, delivered), SMPPD_OK);
  host.set_deliver_result(SMPPD_E_BUSY);
  EXPECT_EQ(upstream.deliver(handle, refused), SMPPD_E_BUSY);
  EXPECT_EQ(host.messages_created(), 4u);
  EXPECT_EQ(host.messages_freed(), 1u);
  EXPECT_EQ(host.invalid_message_frees(), 1u);
  EXPECT_EQ(host.deliveries_refused(), 1u);
  EXPECT_EQ(host.live_messages(), 1u);  // `leaked`
  ASSERT_EQ(host.delivery_count(), 1u);
  EXPECT_EQ(host.deliveries()[0].upstream, handle);
  EXPECT_EQ(host.deliveries()[0].message->string(SMPPD_F_SOURCE_ADDR), "123");
  upstream.message_free(leaked);
  EXPECT_EQ(host.live_messages(), 0u);
}

TEST(FakeHostUpstreamTest, AnswersProbesAsScripted) {
  FakeHost host;
  const smppd_upstream_api& upstream = host.upstream_table();
  const uint64_t token = host.new_token();
  EXPECT_EQ(upstream.probe_enquire_link(1, 1'000'000, token), SMPPD_E_NOT_FOUND);
  EXPECT_EQ(upstream.probe_enquire_link(1, 0, token), SMPPD_E_INVALID);
  host.script_probe(1, ProbeAnswer{SMPPD_OK, SMPPD_STOP, 20ms});
  EXPECT_EQ(upstream.probe_enquire_link(1, 1'000'000, token), SMPPD_OK);
  host.advance(19ms);
  EXPECT_FALSE(host.resumption(token));
  host.advance(1ms);
  ASSERT_TRUE(host.resumption(token));
  EXPECT_EQ(host.resumption(token)->verdict, SMPPD_STOP);
  EXPECT_EQ(host.probes().size(), 2u);  // the invalid one never reached the script
}

// A descriptor built for a later minor: its factory entries are longer than this SDK's.
// --- FilterDriver: on_complete as the host calls it -------------------------------------------

// A filter in plain C terms: its verdict is the request's destination_addr ("continue", "stop",
// "pause", anything else: not a verdict); every hook leaves an event.
std::vector<std::string> filter_events;

struct RecordingConfig {
  const smppd_host_api* host;
};

std::string destination_of(const smppd_host_api* host, const smppd_message* message) {
  smppd_host_view out{nullptr, 0};
  if (message == nullptr || host->message->get_string(message, SMPPD_F_DESTINATION_ADDR, &out) != SMPPD_OK) return "";
  return std::string(out.data, out.size);
}

int32_t recording_config_new(const smppd_host_api* host, const smppd_plugin_ref*, smppd_host_view, void** config_out,
                             smppd_error_buffer*) {
  *config_out = new RecordingConfig{host};
  return SMPPD_OK;
}
void recording_config_free(void* config) { delete static_cast<RecordingConfig*>(config); }
int32_t recording_session_new(void* config, const smppd_session_info*, void** instance_out) {
  *instance_out = config;  // the session shares the config: enough to reach the host
  return SMPPD_OK;
}
void recording_session_free(void*) { filter_events.emplace_back("free"); }
int32_t recording_on_request(void* instance, smppd_call* call, uint64_t, uint32_t* command_status) {
  const smppd_host_api* host = static_cast<RecordingConfig*>(instance)->host;
  const std::string verdict = destination_of(host, host->call->message(call));
  filter_events.push_back("request:" + verdict);
  if (verdict == "continue") return SMPPD_CONTINUE;
  if (verdict == "pause") return SMPPD_PAUSE;
  if (verdict == "stop") {
    *command_status = SMPPD_STATUS_RTHROTTLED;
    return SMPPD_STOP;
  }
  return 7;
}
void recording_on_cancel(void*, uint64_t) { filter_events.emplace_back("cancel"); }
void recording_on_complete(void* instance, smppd_call* call, const smppd_message* response) {
  const smppd_host_api* host = static_cast<RecordingConfig*>(instance)->host;
  std::string event = "complete:" + destination_of(host, host->call->message(call)) + ":";
  int64_t status = -1;
  if (response == nullptr) {
    event += "none";
  } else if (host->message->get_int(response, SMPPD_F_COMMAND_STATUS, &status) == SMPPD_OK) {
    event += std::to_string(status);
  }
  smppd_host_view attribute{nullptr, 0};
  if (host->call->attr_get_string(call, SMPPD_SCOPE_CALL, smppd_view_of("recording.resumed", 17), &attribute) == SMPPD_OK) {
    event += ":" + std::string(attribute.data, attribute.size);
  }
  filter_events.push_back(event);
}

constexpr smppd_filter_vtable kRecordingFilter = {sizeof(smppd_filter_vtable), 0, recording_config_new,
                                                  recording_config_free, recording_session_new, recording_session_free,
                                                  recording_on_request, recording_on_cancel, recording_on_complete};

// An lb policy that records what the candidate array looked like, and picks the first.
struct SeenArray {
  uint32_t stride = 0;
  std::vector<uint32_t> struct_sizes;
  std::vector<uint64_t> bind_ids;  // read only when the stride covers bind_id
};
SeenArray seen_array;

int32_t recording_lb_worker_new(void* config, int32_t, void** instance_out) {
  *instance_out = config;
  return SMPPD_OK;
}
void recording_lb_worker_free(void*) {}
int32_t recording_pick(void*, const smppd_lb_candidate* candidates, uint32_t count, uint32_t stride, const smppd_message*) {
  seen_array = SeenArray{stride, {}, {}};
  for (uint32_t i = 0; i < count; ++i) {
    const smppd_lb_candidate* candidate = smppd_lb_candidate_at(candidates, stride, i);
    seen_array.struct_sizes.push_back(candidate->struct_size);
    if (stride >= offsetof(smppd_lb_candidate, bind_id) + sizeof(uint64_t)) seen_array.bind_ids.push_back(candidate->bind_id);
  }
  return 0;
}

constexpr smppd_lb_vtable kRecordingLb = {sizeof(smppd_lb_vtable), 0, recording_config_new, recording_config_free,
                                          recording_lb_worker_new, recording_lb_worker_free, recording_pick};

constexpr smppd_factory kRecordingFactories[] = {
    {sizeof(smppd_factory), SMPPD_KIND_FILTER, "recording", nullptr, &kRecordingFilter},
    {sizeof(smppd_factory), SMPPD_KIND_LB_POLICY, "recording", nullptr, &kRecordingLb},
};

smppd_plugin_descriptor recording_descriptor() {
  smppd_plugin_descriptor descriptor{};
  descriptor.struct_size = sizeof descriptor;
  descriptor.abi_major = SMPPD_ABI_VERSION_MAJOR;
  descriptor.abi_minor = SMPPD_ABI_VERSION_MINOR;
  descriptor.name = "recording";
  descriptor.version = "1.0.0";
  descriptor.factory_count = 2;
  descriptor.factories = kRecordingFactories;
  return descriptor;
}

class FakeHostFilterDriverTest : public ::testing::Test {
 protected:
  FakeHostFilterDriverTest() { filter_events.clear(); }

  // A request whose destination_addr names the verdict the filter answers.
  struct Request {
    explicit Request(FakeSession& session, const char* verdict) : message(SMPPD_CMD_SUBMIT_SM), call(session, message) {
      message.set_string(SMPPD_F_DESTINATION_ADDR, verdict);
    }
    FakeMessage message;
    FakeCall call;
  };

  FakeHost host_;
  smppd_plugin_descriptor descriptor_ = recording_descriptor();
  FilterDriver filter_{host_, &descriptor_, "recording"};
  FakeSession session_;
};

TEST_F(FakeHostFilterDriverTest, CompletesOncePerRequestAfterTheResponse) {
  ASSERT_EQ(filter_.configure("{}"), SMPPD_OK);
  auto instance = filter_.open_session(session_);
  Request continued(session_, "continue");
  Request stopped(session_, "stop");
  const FilterOutcome first = instance.request(continued.call);
  const FilterOutcome second = instance.request(stopped.call);
  EXPECT_EQ(instance.owed_completions(), 2u);
  EXPECT_EQ(filter_events, (std::vector<std::string>{"request:continue", "request:stop"}));  // nothing before a response

  FakeMessage accepted(SMPPD_CMD_SUBMIT_SM | SMPPD_CMD_RESPONSE_BIT);
  FakeMessage refused(SMPPD_CMD_SUBMIT_SM | SMPPD_CMD_RESPONSE_BIT);
  refused.set_int(SMPPD_F_COMMAND_STATUS, second.command_status);
  EXPECT_TRUE(instance.complete(second.token, refused));  // in the order the responses go
  EXPECT_TRUE(instance.complete(first.token, accepted));
  EXPECT_FALSE(instance.complete(first.token, accepted));  // once
  EXPECT_FALSE(instance.complete(0xBAD, accepted));
  EXPECT_EQ(instance.owed_completions(), 0u);
  instance.close();
  EXPECT_EQ(filter_events, (std::vector<std::string>{"request:continue", "request:stop", "complete:stop:88",
                                                     "complete:continue:0", "free"}));
}

TEST_F(FakeHostFilterDriverTest, CompletesAPauseOnlyOnceResumedWithWhatTheResumeSet) {
  ASSERT_EQ(filter_.configure("{}"), SMPPD_OK);
  auto instance = filter_.open_session(session_);
  Request paused(session_, "pause");
  const FilterOutcome outcome = instance.request(paused.call);
  ASSERT_EQ(outcome.verdict, SMPPD_PAUSE);
  FakeMessage accepted(SMPPD_CMD_SUBMIT_SM | SMPPD_CMD_RESPONSE_BIT);
  EXPECT_THROW(instance.complete(outcome.token, accepted), std::logic_error);  // no response yet
  ASSERT_EQ(host_.api()->async->token_attr_set_string(outcome.token, SMPPD_SCOPE_CALL,
                                                      smppd_view_of("recording.resumed", 17), smppd_view_of("yes", 3)),
            SMPPD_OK);
  ASSERT_EQ(host_.api()->async->resume(outcome.token, SMPPD_CONTINUE, 0), SMPPD_OK);
  EXPECT_TRUE(instance.complete(outcome.token, accepted));
  EXPECT_EQ(filter_events.back(), "complete:pause:0:yes");
}

TEST_F(FakeHostFilterDriverTest, OwesNothingForAPauseCancelledAtItsDeadline) {
  ASSERT_EQ(filter_.configure("{}"), SMPPD_OK);
  auto instance = filter_.open_session(session_);
  Request paused(session_, "pause");
  const FilterOutcome outcome = instance.request(paused.call);
  EXPECT_TRUE(instance.cancel(outcome.token));
  EXPECT_FALSE(instance.cancel(outcome.token));  // not pending any more: no second on_cancel
  FakeMessage response(SMPPD_CMD_SUBMIT_SM | SMPPD_CMD_RESPONSE_BIT);
  EXPECT_FALSE(instance.complete(outcome.token, response));
  instance.close();
  EXPECT_EQ(filter_events, (std::vector<std::string>{"request:pause", "cancel", "free"}));
}

TEST_F(FakeHostFilterDriverTest, ClosingCancelsPendingPausesAndCompletesTheRestWithNoResponse) {
  ASSERT_EQ(filter_.configure("{}"), SMPPD_OK);
  auto instance = filter_.open_session(session_);
  Request continued(session_, "continue");
  Request pending(session_, "pause");
  Request resumed(session_, "pause");
  (void)instance.request(continued.call);
  const FilterOutcome pending_outcome = instance.request(pending.call);
  const FilterOutcome resumed_outcome = instance.request(resumed.call);
  ASSERT_EQ(host_.api()->async->resume(resumed_outcome.token, SMPPD_STOP, SMPPD_STATUS_RSYSERR), SMPPD_OK);
  filter_events.clear();
  instance.close();
  EXPECT_EQ(filter_events, (std::vector<std::string>{"cancel", "complete:continue:none", "complete:pause:none", "free"}));
  EXPECT_EQ(host_.token_state(pending_outcome.token), TokenState::cancelled);
  EXPECT_EQ(host_.api()->async->resume(pending_outcome.token, SMPPD_CONTINUE, 0), SMPPD_E_NOT_FOUND);
}

TEST_F(FakeHostFilterDriverTest, ACallThatEndsFirstIsCompletedWithNoResponse) {
  ASSERT_EQ(filter_.configure("{}"), SMPPD_OK);
  auto instance = filter_.open_session(session_);
  {
    Request continued(session_, "continue");
    Request pending(session_, "pause");
    (void)instance.request(continued.call);
    (void)instance.request(pending.call);
    EXPECT_EQ(instance.owed_completions(), 2u);
  }  // `pending` ends first, then `continued`
  EXPECT_EQ(instance.owed_completions(), 0u);
  instance.close();
  EXPECT_EQ(filter_events, (std::vector<std::string>{"request:continue", "request:pause", "cancel",
                                                     "complete:continue:none", "free"}));
}

TEST_F(FakeHostFilterDriverTest, AnAnswerThatIsNoVerdictIsOwedNothing) {
  ASSERT_EQ(filter_.configure("{}"), SMPPD_OK);
  auto instance = filter_.open_session(session_);
  Request bogus(session_, "bogus");
  const FilterOutcome outcome = instance.request(bogus.call);
  EXPECT_EQ(outcome.verdict, 7);
  EXPECT_EQ(instance.owed_completions(), 0u);
  EXPECT_EQ(host_.token_state(outcome.token), TokenState::cancelled);  // as smppd cancels it
  instance.close();
  EXPECT_EQ(filter_events, (std::vector<std::string>{"request:bogus", "free"}));
}

TEST(FakeHostLbDriverTest, LaysCandidatesOutWithBindIdsAndTheHostsStride) {
  FakeHost host;
  const smppd_plugin_descriptor descriptor = recording_descriptor();
  LbDriver driver(host, &descriptor, "recording");
  ASSERT_EQ(driver.configure("{}"), SMPPD_OK);
  auto worker = driver.open_worker(0);
  const std::vector<smppd_lb_candidate> candidates = {lb_candidate(1), lb_candidate(1, 1, 0, 10, false, 17)};
  ASSERT_EQ(worker.pick(candidates), 0);
  EXPECT_EQ(seen_array.stride, sizeof(smppd_lb_candidate));
  EXPECT_EQ(seen_array.bind_ids, (std::vector<uint64_t>{1, 17}));  // the endpoint's id unless given

  // A host built before bind_id: shorter entries, each saying so in its struct_size.
  const auto older = static_cast<uint32_t>(offsetof(smppd_lb_candidate, bind_id));
  driver.set_candidate_stride(older);
  ASSERT_EQ(worker.pick(candidates), 0);
  EXPECT_EQ(seen_array.stride, older);
  EXPECT_EQ(seen_array.struct_sizes, (std::vector<uint32_t>{older, older}));
  EXPECT_TRUE(seen_array.bind_ids.empty());
}

struct LongerFactory {
  smppd_factory factory;
  uint64_t newer_members[4];
};

TEST(FakeHostDriversTest, FindFactoriesByTheDescriptorsStride) {
  static const LongerFactory factories[3] = {
      {{sizeof(LongerFactory), SMPPD_KIND_FILTER, "a", nullptr, nullptr}, {}},
      {{sizeof(LongerFactory), SMPPD_KIND_LB_POLICY, "b", nullptr, nullptr}, {}},
      {{sizeof(LongerFactory), SMPPD_KIND_UPSTREAM, "c", nullptr, nullptr}, {}},
  };
  smppd_plugin_descriptor descriptor{};
  descriptor.struct_size = sizeof descriptor;
  descriptor.abi_major = SMPPD_ABI_VERSION_MAJOR;
  descriptor.factory_count = 3;
  descriptor.factories = &factories[0].factory;
  EXPECT_EQ(smppd::testing::find_factory(&descriptor, SMPPD_KIND_UPSTREAM, "c"), &factories[2].factory);
  EXPECT_EQ(smppd::testing::find_factory(&descriptor, SMPPD_KIND_LB_POLICY, "b"), &factories[1].factory);
  EXPECT_EQ(smppd::testing::find_factory(&descriptor, SMPPD_KIND_FILTER, "c"), nullptr);
}

}  // namespace
