// The SDK's fake host (sdk/testing/fake_host.h) through the raw C tables, as a plugin sees it.
#include "fake_host.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>

namespace smppd::testing {
namespace {

using namespace std::chrono_literals;

smppd_plugin_view pv(std::string_view text) { return smppd_plugin_view{text.data(), text.size()}; }
std::string_view sv(smppd_host_view view) { return std::string_view(view.data, view.size); }

class FakeHostTest : public ::testing::Test {
 protected:
  const smppd_host_api* api() const { return host_.api(); }
  const smppd_message_api& m() const { return *host_.api()->message; }
  const smppd_call_api& c() const { return *host_.api()->call; }
  const smppd_async_api& a() const { return *host_.api()->async; }

  std::string text_of(FakeMessage& message, smppd_text* out = nullptr) {
    smppd_text text{};
    text.struct_size = sizeof text;
    EXPECT_EQ(m().text(message.handle(), &text), SMPPD_OK);
    if (out != nullptr) *out = text;
    return std::string(sv(text.utf8));
  }

  FakeHost host_;
};

TEST_F(FakeHostTest, DescribesItselfAsAHostOfThisAbi) {
  EXPECT_EQ(api()->struct_size, sizeof(smppd_host_api));
  EXPECT_EQ(api()->abi_major, static_cast<uint32_t>(SMPPD_ABI_VERSION_MAJOR));
  EXPECT_EQ(api()->abi_minor, static_cast<uint32_t>(SMPPD_ABI_VERSION_MINOR));
  EXPECT_TRUE(SMPPD_HAS(api(), async));
  EXPECT_TRUE(SMPPD_HAS(api()->async, run_blocking));
  EXPECT_TRUE(SMPPD_HAS(api()->message, text));
  EXPECT_TRUE(SMPPD_HAS(api()->call, attr_remove));
  EXPECT_TRUE(SMPPD_HAS(api()->metrics, histogram_record));
  EXPECT_EQ(FakeHost::active(), &host_);
}

TEST_F(FakeHostTest, OnlyOneIsActiveAtATime) { EXPECT_THROW(FakeHost second, std::logic_error); }

TEST_F(FakeHostTest, ReadsStringAndIntegerFieldsByTheirKind) {
  FakeMessage message(SMPPD_CMD_SUBMIT_SM, 42);
  message.set_string(SMPPD_F_DESTINATION_ADDR, "15550100").set_int(SMPPD_F_DATA_CODING, 8);
  EXPECT_EQ(m().command_id(message.handle()), SMPPD_CMD_SUBMIT_SM);

  smppd_host_view view{};
  ASSERT_EQ(m().get_string(message.handle(), SMPPD_F_DESTINATION_ADDR, &view), SMPPD_OK);
  EXPECT_EQ(sv(view), "15550100");
  EXPECT_EQ(m().get_string(message.handle(), SMPPD_F_SOURCE_ADDR, &view), SMPPD_E_NOT_FOUND);
  EXPECT_EQ(m().get_string(message.handle(), SMPPD_F_DATA_CODING, &view), SMPPD_E_INVALID);  // an integer field
  EXPECT_EQ(m().get_string(message.handle(), 9999, &view), SMPPD_E_INVALID);

  int64_t value = 0;
  ASSERT_EQ(m().get_int(message.handle(), SMPPD_F_DATA_CODING, &value), SMPPD_OK);
  EXPECT_EQ(value, 8);
  ASSERT_EQ(m().get_int(message.handle(), SMPPD_F_SEQUENCE_NUMBER, &value), SMPPD_OK);
  EXPECT_EQ(value, 42);
  ASSERT_EQ(m().get_int(message.handle(), SMPPD_F_COMMAND_ID, &value), SMPPD_OK);
  EXPECT_EQ(value, SMPPD_CMD_SUBMIT_SM);
  EXPECT_EQ(m().get_int(message.handle(), SMPPD_F_DESTINATION_ADDR, &value), SMPPD_E_INVALID);  // a string field
  EXPECT_EQ(m().get_int(message.handle(), SMPPD_F_ESM_CLASS, &value), SMPPD_E_NOT_FOUND);
  EXPECT_THROW(message.set_int(SMPPD_F_SYSTEM_ID, 1), std::invalid_argument);
  EXPECT_THROW(message.set_string(SMPPD_F_ESM_CLASS, "1"), std::invalid_argument);
}

TEST_F(FakeHostTest, WritesFieldsWithinTheirLimits) {
  FakeMessage message(SMPPD_CMD_BIND_TRANSMITTER);
  EXPECT_EQ(m().set_string(message.handle(), SMPPD_F_SYSTEM_ID, pv("fifteen_chars__")), SMPPD_OK);
  EXPECT_EQ(m().set_string(message.handle(), SMPPD_F_SYSTEM_ID, pv("sixteen_chars___")), SMPPD_E_RANGE);
  EXPECT_EQ(m().set_string(message.handle(), SMPPD_F_ESM_CLASS, pv("x")), SMPPD_E_INVALID);
  EXPECT_EQ(m().set_int(message.handle(), SMPPD_F_ESM_CLASS, 0x40), SMPPD_OK);
  EXPECT_EQ(m().set_int(message.handle(), SMPPD_F_ESM_CLASS, 256), SMPPD_E_RANGE);
  EXPECT_EQ(m().set_int(message.handle(), SMPPD_F_COMMAND_STATUS, 0xFFFFFFFFLL), SMPPD_OK);
  EXPECT_EQ(m().set_int(message.handle(), SMPPD_F_COMMAND_ID, 4), SMPPD_E_INVALID);
  EXPECT_EQ(message.string(SMPPD_F_SYSTEM_ID), "fifteen_chars__");
  EXPECT_EQ(message.integer(SMPPD_F_ESM_CLASS), 0x40);
  EXPECT_EQ(message.plugin_writes(), 3u);
}

TEST_F(FakeHostTest, KeepsTlvsInWireOrder) {
  FakeMessage message(SMPPD_CMD_SUBMIT_SM);
  message.add_tlv(0x1400, "vendor").add_tlv(0x0204, std::string("\x00\x01", 2)).add_tlv(0x1400, "again");
  EXPECT_EQ(m().tlv_count(message.handle()), 3);
  uint16_t tag = 0;
  smppd_host_view value{};
  ASSERT_EQ(m().tlv_at(message.handle(), 2, &tag, &value), SMPPD_OK);
  EXPECT_EQ(tag, 0x1400);
  EXPECT_EQ(sv(value), "again");
  EXPECT_EQ(m().tlv_at(message.handle(), 3, &tag, &value), SMPPD_E_NOT_FOUND);
  ASSERT_EQ(m().tlv_get(message.handle(), 0x1400, &value), SMPPD_OK);
  EXPECT_EQ(sv(value), "vendor");  // the first
  EXPECT_EQ(m().tlv_set(message.handle(), 0x1400, pv("replaced")), SMPPD_OK);
  EXPECT_EQ(m().tlv_set(message.handle(), 0x1401, pv("appended")), SMPPD_OK);
  ASSERT_EQ(message.tlvs().size(), 4u);
  EXPECT_EQ(message.tlvs()[0].second, "replaced");
  EXPECT_EQ(message.tlvs()[2].second, "again");
  EXPECT_EQ(message.tlvs()[3].first, 0x1401);
  EXPECT_EQ(m().tlv_remove(message.handle(), 0x1400), SMPPD_OK);  // every one with the tag
  EXPECT_EQ(m().tlv_count(message.handle()), 2);
  EXPECT_EQ(m().tlv_remove(message.handle(), 0x1400), SMPPD_E_NOT_FOUND);
}

struct TextCase {
  uint8_t data_coding;
  std::string octets;
  int32_t encoding;
  std::string utf8;
  bool lossy;
};

class FakeHostTextTest : public FakeHostTest, public ::testing::WithParamInterface<TextCase> {};

TEST_P(FakeHostTextTest, DecodesToUtf8) {
  FakeMessage message(SMPPD_CMD_SUBMIT_SM);
  message.set_int(SMPPD_F_DATA_CODING, GetParam().data_coding).set_string(SMPPD_F_SHORT_MESSAGE, GetParam().octets);
  smppd_text text{};
  EXPECT_EQ(text_of(message, &text), GetParam().utf8);
  EXPECT_EQ(text.encoding, GetParam().encoding);
  EXPECT_EQ((text.flags & SMPPD_TEXT_LOSSY) != 0, GetParam().lossy);
  EXPECT_EQ(text.data_coding, GetParam().data_coding);
}

INSTANTIATE_TEST_SUITE_P(
    Table, FakeHostTextTest,
    ::testing::Values(
        TextCase{0x01, "Hello, world", SMPPD_TEXT_IA5, "Hello, world", false},
        TextCase{0x01, "caf\xE9", SMPPD_TEXT_IA5, "caf\xEF\xBF\xBD", true},
        TextCase{0x08, std::string("\x04\x1F\x04\x40\x00\x21", 6), SMPPD_TEXT_UCS2, "\xD0\x9F\xD1\x80!", false},
        TextCase{0x08, std::string("\xD8\x3D\xDE\x00", 4), SMPPD_TEXT_UCS2, "\xF0\x9F\x98\x80", false},  // a pair
        TextCase{0x08, std::string("\xD8\x3D\x00\x41", 4), SMPPD_TEXT_UCS2, "\xEF\xBF\xBD" "A", true},  // lone half
        TextCase{0x08, std::string("\x00\x41\x00", 3), SMPPD_TEXT_UCS2, "A\xEF\xBF\xBD", true},          // odd length
        TextCase{0x00, std::string("\x00\x01\x1B\x65\x11", 5), SMPPD_TEXT_GSM7, "@\xC2\xA3\xE2\x82\xAC_", false},
        TextCase{0x00, "\x1B", SMPPD_TEXT_GSM7, " ", true},
        TextCase{0x03, "caf\xE9", SMPPD_TEXT_LATIN1, "caf\xC3\xA9", false},
        TextCase{0x04, std::string("\x01\x02", 2), SMPPD_TEXT_BINARY, "", true},
        TextCase{0x02, "", SMPPD_TEXT_BINARY, "", false}));

TEST_F(FakeHostTest, ReadsConcatenationFromTheUdhAndThePayload) {
  FakeMessage message(SMPPD_CMD_SUBMIT_SM);
  message.set_int(SMPPD_F_ESM_CLASS, 0x40).set_int(SMPPD_F_DATA_CODING, 0x01);
  message.set_string(SMPPD_F_SHORT_MESSAGE, std::string("\x05\x00\x03\x2A\x03\x02part two", 14));
  smppd_text text{};
  EXPECT_EQ(text_of(message, &text), "part two");
  EXPECT_EQ(text.concat_ref, 0x2A);
  EXPECT_EQ(text.concat_total, 3);
  EXPECT_EQ(text.concat_seq, 2);
  EXPECT_NE(text.flags & SMPPD_TEXT_HAS_UDH, 0u);

  FakeMessage payload(SMPPD_CMD_DATA_SM);
  payload.set_int(SMPPD_F_DATA_CODING, 0x01).add_tlv(0x0424, "from the payload");
  EXPECT_EQ(text_of(payload, &text), "from the payload");
  EXPECT_NE(text.flags & SMPPD_TEXT_FROM_PAYLOAD, 0u);

  FakeMessage none(SMPPD_CMD_BIND_TRANSMITTER);
  EXPECT_EQ(m().text(none.handle(), &text), SMPPD_E_NOT_FOUND);
}

TEST_F(FakeHostTest, CountsThePartsAsTheHostDoes) {
  FakeMessage part(SMPPD_CMD_SUBMIT_SM);
  part.set_int(SMPPD_F_ESM_CLASS, 0x40).set_int(SMPPD_F_DATA_CODING, 0x01);
  part.set_string(SMPPD_F_SHORT_MESSAGE, std::string("\x05\x00\x03\x2A\x03\x02", 6) + std::string(153, 'a'));
  smppd_text text{};
  text_of(part, &text);
  EXPECT_EQ(text.parts, 1u) << "a part of a concatenated message";

  FakeMessage long_text(SMPPD_CMD_SUBMIT_SM);
  long_text.set_string(SMPPD_F_SHORT_MESSAGE, std::string(161, 'a'));
  text_of(long_text, &text);
  EXPECT_EQ(text.parts, 2u);

  FakeMessage binary(SMPPD_CMD_DATA_SM);
  binary.set_int(SMPPD_F_DATA_CODING, 0x04).add_tlv(0x0424, std::string(300, 'x'));
  text_of(binary, &text);
  EXPECT_EQ(text.parts, 3u) << "8-bit data by its octets";
}

TEST_F(FakeHostTest, ACallsTimeIsTheFakeClock) {
  FakeSession session(SessionInfo{});
  FakeMessage message(SMPPD_CMD_SUBMIT_SM);
  FakeCall call(session, message);
  host_.set_monotonic_ns(5'000'000'000);
  EXPECT_EQ(c().now_ns(call.handle()), 5'000'000'000);
  host_.advance(std::chrono::milliseconds(3));
  EXPECT_EQ(c().now_ns(call.handle()), 5'003'000'000);
}

TEST_F(FakeHostTest, FillsOnlyWhatAnOlderStructHolds) {
  FakeMessage message(SMPPD_CMD_SUBMIT_SM);
  message.set_int(SMPPD_F_DATA_CODING, 0x01).set_string(SMPPD_F_SHORT_MESSAGE, "hi");
  smppd_text text{};
  std::memset(&text, 0x5A, sizeof text);
  text.struct_size = offsetof(smppd_text, flags);  // a plugin built before `flags` existed
  ASSERT_EQ(m().text(message.handle(), &text), SMPPD_OK);
  EXPECT_EQ(text.struct_size, offsetof(smppd_text, flags));
  EXPECT_EQ(sv(text.utf8), "hi");
  EXPECT_EQ(text.flags, 0x5A5A5A5Au);  // untouched
}

TEST_F(FakeHostTest, GivesCallsTheirSessionAndBothAttributeScopes) {
  SessionInfo info;
  info.peer_address = "::1";
  info.peer_port = 2775;
  info.session_id = 77;
  info.listener = "smpp-in";
  info.tls = true;
  FakeSession session(info);
  FakeMessage message(SMPPD_CMD_SUBMIT_SM);
  FakeCall call(session, message);

  EXPECT_EQ(c().message(call.handle()), message.handle());
  smppd_session_info out{};
  out.struct_size = sizeof out;
  ASSERT_EQ(c().session_info(call.handle(), &out), SMPPD_OK);
  EXPECT_EQ(sv(out.peer_address), "::1");
  EXPECT_EQ(out.peer_port, 2775u);
  EXPECT_EQ(out.session_id, 77u);
  EXPECT_EQ(sv(out.listener), "smpp-in");
  EXPECT_EQ(out.tls, 1);

  EXPECT_EQ(c().attr_set_string(call.handle(), SMPPD_SCOPE_CALL, pv("test.tenant"), pv("blue")), SMPPD_OK);
  EXPECT_EQ(c().attr_set_int(call.handle(), SMPPD_SCOPE_SESSION, pv("test.count"), 3), SMPPD_OK);
  EXPECT_EQ(c().attr_set_int(call.handle(), 7, pv("test.count"), 3), SMPPD_E_INVALID);
  EXPECT_EQ(c().attr_set_int(call.handle(), SMPPD_SCOPE_CALL, pv(""), 3), SMPPD_E_INVALID);
  smppd_host_view view{};
  ASSERT_EQ(c().attr_get_string(call.handle(), SMPPD_SCOPE_CALL, pv("test.tenant"), &view), SMPPD_OK);
  EXPECT_EQ(sv(view), "blue");
  EXPECT_EQ(c().attr_get_string(call.handle(), SMPPD_SCOPE_SESSION, pv("test.tenant"), &view), SMPPD_E_NOT_FOUND);
  int64_t count = 0;
  EXPECT_EQ(c().attr_get_string(call.handle(), SMPPD_SCOPE_SESSION, pv("test.count"), &view), SMPPD_E_INVALID);
  ASSERT_EQ(c().attr_get_int(call.handle(), SMPPD_SCOPE_SESSION, pv("test.count"), &count), SMPPD_OK);
  EXPECT_EQ(count, 3);

  FakeCall next(session, message);  // the session's attributes outlive the call
  ASSERT_EQ(c().attr_get_int(next.handle(), SMPPD_SCOPE_SESSION, pv("test.count"), &count), SMPPD_OK);
  EXPECT_EQ(c().attr_get_string(next.handle(), SMPPD_SCOPE_CALL, pv("test.tenant"), &view), SMPPD_E_NOT_FOUND);
  EXPECT_EQ(c().attr_remove(next.handle(), SMPPD_SCOPE_SESSION, pv("test.count")), SMPPD_OK);
  EXPECT_EQ(c().attr_remove(next.handle(), SMPPD_SCOPE_SESSION, pv("test.count")), SMPPD_E_NOT_FOUND);
  EXPECT_FALSE(session.attributes().contains("test.count"));
}

TEST_F(FakeHostTest, RecordsOneResumePerTokenAndAppliesTokenAttributes) {
  FakeSession session;
  FakeMessage message(SMPPD_CMD_BIND_TRANSCEIVER);
  FakeCall call(session, message);
  const uint64_t token = host_.new_token(&call);
  EXPECT_EQ(a().token_attr_set_string(token, SMPPD_SCOPE_SESSION, pv(SMPPD_ATTR_PRINCIPAL), pv("acme")), SMPPD_OK);
  EXPECT_EQ(a().token_attr_set_int(token, SMPPD_SCOPE_CALL, pv("test.n"), 5), SMPPD_OK);
  EXPECT_EQ(a().token_attr_set_int(token, 9, pv("test.n"), 5), SMPPD_E_INVALID);
  EXPECT_EQ(a().resume(token, SMPPD_PAUSE, 0), SMPPD_E_INVALID);
  EXPECT_FALSE(session.attributes().contains(SMPPD_ATTR_PRINCIPAL));  // applied when the call resumes

  std::thread resumer([&] { EXPECT_EQ(a().resume(token, SMPPD_STOP, SMPPD_STATUS_RINVPASWD), SMPPD_OK); });
  const auto resumed = host_.wait_for_resume(token);
  resumer.join();
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->verdict, SMPPD_STOP);
  EXPECT_EQ(resumed->command_status, SMPPD_STATUS_RINVPASWD);
  EXPECT_EQ(session.attributes().get_string(SMPPD_ATTR_PRINCIPAL), "acme");
  EXPECT_EQ(call.attributes().get_int("test.n"), 5);

  EXPECT_EQ(a().resume(token, SMPPD_CONTINUE, 0), SMPPD_E_NOT_FOUND);
  EXPECT_EQ(a().token_attr_set_int(token, SMPPD_SCOPE_CALL, pv("test.n"), 6), SMPPD_E_NOT_FOUND);
  EXPECT_EQ(host_.repeat_resumes(), 1u);
  EXPECT_EQ(a().resume(123456789, SMPPD_CONTINUE, 0), SMPPD_E_NOT_FOUND);
}

TEST_F(FakeHostTest, IgnoresAResumeAfterCancel) {
  const uint64_t token = host_.new_token();
  EXPECT_TRUE(host_.cancel(token));
  EXPECT_FALSE(host_.cancel(token));
  EXPECT_EQ(a().token_attr_set_string(token, SMPPD_SCOPE_SESSION, pv("test.k"), pv("v")), SMPPD_E_NOT_FOUND);
  EXPECT_EQ(a().resume(token, SMPPD_CONTINUE, 0), SMPPD_E_NOT_FOUND);
  EXPECT_EQ(host_.late_resumes(), 1u);
  EXPECT_EQ(host_.token_state(token), TokenState::cancelled);
  EXPECT_FALSE(host_.wait_for_resume(token, 10ms));
}

struct Probe {
  std::atomic<int> runs{0};
  std::thread::id thread;
  int32_t worker = 99;
};

void probe(void* context) {
  auto* p = static_cast<Probe*>(context);
  p->thread = std::this_thread::get_id();
  p->worker = FakeHost::active()->api()->core->current_worker();
  ++p->runs;
}

TEST_F(FakeHostTest, RunsBlockingWorkOnAnotherThread) {
  FakeHost::set_current_worker(0);
  Probe p;
  ASSERT_EQ(a().run_blocking(&probe, &p), SMPPD_OK);
  ASSERT_TRUE(host_.wait_blocking_idle());
  EXPECT_EQ(p.runs.load(), 1);
  EXPECT_NE(p.thread, std::this_thread::get_id());
  EXPECT_EQ(p.worker, -1);
  EXPECT_EQ(api()->core->current_worker(), 0);
  FakeHost::set_current_worker(-1);
  EXPECT_EQ(a().run_blocking(nullptr, &p), SMPPD_E_INVALID);
}

TEST_F(FakeHostTest, AnswersBusyWhenTheQueueIsFull) {
  host_.set_blocking_capacity(2);
  host_.hold_blocking();
  Probe p;
  EXPECT_EQ(a().run_blocking(&probe, &p), SMPPD_OK);
  EXPECT_EQ(a().run_blocking(&probe, &p), SMPPD_OK);
  EXPECT_EQ(a().run_blocking(&probe, &p), SMPPD_E_BUSY);
  EXPECT_EQ(host_.blocking_queued(), 2u);
  EXPECT_FALSE(host_.wait_blocking_idle(20ms));
  host_.release_blocking();
  ASSERT_TRUE(host_.wait_blocking_idle());
  EXPECT_EQ(p.runs.load(), 2);
  host_.set_blocking_busy(true);
  EXPECT_EQ(a().run_blocking(&probe, &p), SMPPD_E_BUSY);
  EXPECT_EQ(host_.blocking_rejected(), 2u);
  EXPECT_EQ(host_.blocking_accepted(), 2u);
  EXPECT_EQ(host_.blocking_completed(), 2u);
}

TEST(FakeHostLifetimeTest, RunsQueuedWorkBeforeItGoes) {
  Probe p;
  {
    FakeHost host;
    host.hold_blocking();
    ASSERT_EQ(host.api()->async->run_blocking(&probe, &p), SMPPD_OK);
  }
  EXPECT_EQ(p.runs.load(), 1);
  EXPECT_EQ(FakeHost::active(), nullptr);
}

TEST_F(FakeHostTest, RecordsMetricsByName) {
  const smppd_metrics_api& metrics = *api()->metrics;
  const smppd_plugin_ref* plugin = host_.plugin("demo");
  uint32_t requests = 0;
  uint32_t again = 0;
  uint32_t depth = 0;
  uint32_t latency = 0;
  ASSERT_EQ(metrics.define(plugin, SMPPD_METRIC_COUNTER, pv("requests"), pv("Requests"), &requests), SMPPD_OK);
  ASSERT_EQ(metrics.define(plugin, SMPPD_METRIC_COUNTER, pv("requests"), pv("Requests"), &again), SMPPD_OK);
  EXPECT_EQ(requests, again);
  EXPECT_EQ(metrics.define(plugin, SMPPD_METRIC_GAUGE, pv("requests"), pv(""), &again), SMPPD_E_INVALID);
  EXPECT_EQ(metrics.define(plugin, 42, pv("other"), pv(""), &again), SMPPD_E_INVALID);
  ASSERT_EQ(metrics.define(plugin, SMPPD_METRIC_GAUGE, pv("depth"), pv(""), &depth), SMPPD_OK);
  ASSERT_EQ(metrics.define(plugin, SMPPD_METRIC_HISTOGRAM, pv("latency_us"), pv(""), &latency), SMPPD_OK);
  std::thread other([&] { metrics.counter_add(requests, 2); });
  metrics.counter_add(requests, 1);
  other.join();
  metrics.gauge_set(depth, 10);
  metrics.gauge_add(depth, -3);
  metrics.histogram_record(latency, 120);
  metrics.histogram_record(latency, 80);
  metrics.counter_add(9999, 1);
  EXPECT_EQ(host_.counter("requests"), 3u);
  EXPECT_EQ(host_.counter("smppd.plugin.demo.requests"), 3u);
  EXPECT_EQ(host_.gauge("depth"), 7);
  EXPECT_EQ(host_.histogram("latency_us"), (std::vector<uint64_t>{120, 80}));
  EXPECT_EQ(host_.counter("undefined"), 0u);
  EXPECT_EQ(host_.unknown_metric_updates(), 1u);
  EXPECT_EQ(host_.metric("requests")->help, "Requests");
}

TEST_F(FakeHostTest, CapturesLogsAtTheirLevel) {
  const smppd_log_api& log = *api()->log;
  const smppd_plugin_ref* plugin = host_.plugin("demo");
  host_.set_log_level(SMPPD_LOG_INFO);
  EXPECT_EQ(log.enabled(plugin, SMPPD_LOG_DEBUG), 0);
  EXPECT_NE(log.enabled(plugin, SMPPD_LOG_WARN), 0);
  log.write(plugin, SMPPD_LOG_WARN, pv("disk almost full"));
  ASSERT_EQ(host_.logs().size(), 1u);
  EXPECT_EQ(host_.logs()[0].plugin, "demo");
  EXPECT_EQ(host_.logs()[0].level, SMPPD_LOG_WARN);
  EXPECT_TRUE(host_.logged(SMPPD_LOG_WARN, "almost"));
  EXPECT_TRUE(host_.logged(-1, "disk"));
  EXPECT_FALSE(host_.logged(SMPPD_LOG_ERROR, "disk"));
  EXPECT_EQ(host_.log_count(SMPPD_LOG_WARN), 1u);
  host_.clear_logs();
  EXPECT_TRUE(host_.logs().empty());
}

TEST_F(FakeHostTest, HasClocksTheTestSets) {
  const smppd_core_api& core = *api()->core;
  host_.set_monotonic_ns(5'000);
  host_.set_realtime_ns(1'000'000);
  host_.advance(std::chrono::microseconds(2));
  EXPECT_EQ(core.monotonic_ns(), 7'000);
  EXPECT_EQ(core.realtime_ns(), 1'002'000);
  host_.set_worker_count(4);
  EXPECT_EQ(core.worker_count(), 4);
}

}  // namespace
}  // namespace smppd::testing
