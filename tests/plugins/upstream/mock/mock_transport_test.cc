// The mock SMSC through the C ABI on the fake host, whose clock the tests move: latencies,
// error and receipt-state mixes, registered_delivery, receipt contents, MO, stop.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fake_host.h"
#include "smppd/cxx/message.hpp"
#include "smppd/plugin.h"
#include "tests/plugins/upstream/mock/receipt_fields.h"

namespace smppd::plugins::mock {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;
using smppd::testing::Delivery;
using smppd::testing::FakeHost;
using smppd::testing::FakeMessage;
using smppd::testing::UpstreamDriver;
using testing::parse_receipt;

constexpr uint16_t kReceiptedMessageId = 0x001E;
constexpr uint16_t kMessageState = 0x0427;

std::unique_ptr<FakeMessage> submit_sm(int64_t registered_delivery, std::string_view text = "hello",
                                       std::string_view source = "ACME", std::string_view destination = "447700900123") {
  auto message = std::make_unique<FakeMessage>(SMPPD_CMD_SUBMIT_SM);
  message->set_string(SMPPD_F_SOURCE_ADDR, source)
      .set_int(SMPPD_F_SOURCE_ADDR_TON, 5)
      .set_int(SMPPD_F_SOURCE_ADDR_NPI, 0)
      .set_string(SMPPD_F_DESTINATION_ADDR, destination)
      .set_int(SMPPD_F_DEST_ADDR_TON, 1)
      .set_int(SMPPD_F_DEST_ADDR_NPI, 1)
      .set_int(SMPPD_F_REGISTERED_DELIVERY, registered_delivery)
      .set_int(SMPPD_F_DATA_CODING, 0)
      .set_string(SMPPD_F_SHORT_MESSAGE, text);
  return message;
}

std::string field(const FakeMessage& message, int32_t id) { return message.string(id).value_or("(absent)"); }
int64_t number(const FakeMessage& message, int32_t id) { return message.integer(id).value_or(-1); }

std::optional<std::string> tlv(const FakeMessage& message, uint16_t tag) {
  for (const auto& [found, value] : message.tlvs()) {
    if (found == tag) return value;
  }
  return std::nullopt;
}

class MockTransportTest : public ::testing::Test {
 protected:
  void start(std::string_view json) {
    std::string error;
    ASSERT_EQ(mock_.configure(json, &error), SMPPD_OK) << error;
    ASSERT_EQ(mock_.start(), SMPPD_OK);
  }

  uint64_t submit(const FakeMessage& message) {
    const auto outcome = mock_.submit(message);
    EXPECT_EQ(outcome.result, SMPPD_OK);
    return outcome.token;
  }

  // Every message the host got: none may stay with the plugin.
  void expect_no_leaked_messages() {
    EXPECT_EQ(host_.live_messages(), 0u);
    EXPECT_EQ(host_.messages_created(), host_.delivery_count() + host_.deliveries_refused());
    EXPECT_EQ(host_.invalid_message_frees(), 0u);
  }

  FakeHost host_;
  UpstreamDriver mock_{host_, smppd_plugin_v1(SMPPD_ABI_VERSION_MINOR), "mock"};
};

TEST_F(MockTransportTest, AnswersAfterTheConfiguredLatencyAndSendsTheReceiptAfterItsDelay) {
  start("{}");  // 5 ms, DELIVRD 100 ms later
  const int64_t t0 = host_.monotonic_ns();
  const uint64_t token = submit(*submit_sm(1));
  host_.advance(4ms);
  EXPECT_FALSE(host_.completion(token));
  host_.advance(1ms);
  const auto done = host_.completion(token);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->command_status, 0u);
  EXPECT_EQ(done->monotonic_ns - t0, nanoseconds(5ms).count());
  EXPECT_EQ(done->message_id.size(), 16u);

  host_.advance(99ms);
  EXPECT_EQ(host_.delivery_count(), 0u);
  host_.advance(1ms);
  ASSERT_EQ(host_.delivery_count(), 1u);
  const Delivery receipt = host_.deliveries()[0];
  EXPECT_EQ(receipt.upstream, mock_.upstream());
  EXPECT_EQ(receipt.monotonic_ns - t0, nanoseconds(105ms).count());
  EXPECT_EQ(tlv(*receipt.message, kReceiptedMessageId), done->message_id + std::string(1, '\0'));
  expect_no_leaked_messages();
}

TEST_F(MockTransportTest, WritesTheReceiptAsAppendixBSays) {
  start("{}");
  // Submitted at 14:07:59.950 UTC: the receipt, 105 ms later, is done in the next minute.
  const auto submitted_at = sys_days{year{2024} / March / 5} + 14h + 7min + 59s + 950ms;
  host_.set_realtime_ns(nanoseconds(submitted_at.time_since_epoch()).count());
  const uint64_t token = submit(*submit_sm(1, "a text longer than twenty octets"));
  host_.advance(1s);
  ASSERT_EQ(host_.delivery_count(), 1u);
  const FakeMessage& receipt = *host_.deliveries()[0].message;
  EXPECT_EQ(receipt.command_id(), SMPPD_CMD_DELIVER_SM);
  EXPECT_EQ(number(receipt, SMPPD_F_ESM_CLASS), 0x04);
  EXPECT_EQ(field(receipt, SMPPD_F_SOURCE_ADDR), "447700900123");  // the submit's destination
  EXPECT_EQ(number(receipt, SMPPD_F_SOURCE_ADDR_TON), 1);
  EXPECT_EQ(number(receipt, SMPPD_F_SOURCE_ADDR_NPI), 1);
  EXPECT_EQ(field(receipt, SMPPD_F_DESTINATION_ADDR), "ACME");  // the submit's source
  EXPECT_EQ(number(receipt, SMPPD_F_DEST_ADDR_TON), 5);
  EXPECT_EQ(number(receipt, SMPPD_F_DEST_ADDR_NPI), 0);
  EXPECT_EQ(number(receipt, SMPPD_F_DATA_CODING), 0);

  const auto fields = parse_receipt(field(receipt, SMPPD_F_SHORT_MESSAGE));
  ASSERT_TRUE(fields) << field(receipt, SMPPD_F_SHORT_MESSAGE);
  EXPECT_EQ(fields->id, host_.completion(token)->message_id);
  EXPECT_EQ(fields->sub, "001");
  EXPECT_EQ(fields->dlvrd, "001");
  EXPECT_EQ(fields->submit_date, "2403051407");
  EXPECT_EQ(fields->done_date, "2403051408");
  EXPECT_EQ(fields->stat, "DELIVRD");
  EXPECT_EQ(fields->err, "000");
  EXPECT_EQ(fields->text, "a text longer than t");
  EXPECT_EQ(tlv(receipt, kMessageState), std::string("\x02"));
}

TEST_F(MockTransportTest, QuotesUcs2TextThroughTheHostsDecoding) {
  start("{}");
  auto message = submit_sm(1, std::string("\x00h\x00\xE9\x00l\x00l\x00o", 10));
  message->set_int(SMPPD_F_DATA_CODING, 0x08);
  submit(*message);
  host_.advance(1s);
  ASSERT_EQ(host_.delivery_count(), 1u);
  const FakeMessage& receipt = *host_.deliveries()[0].message;
  EXPECT_EQ(parse_receipt(field(receipt, SMPPD_F_SHORT_MESSAGE))->text, "h?llo");
  EXPECT_EQ(number(receipt, SMPPD_F_DATA_CODING), 0);
}

TEST_F(MockTransportTest, SendsReceiptsOnlyAsRegisteredDeliveryAsks) {
  start(R"({"seed": 21, "receipts": {"states": {"DELIVRD": 40, "UNDELIV": 40, "ACCEPTD": 20}}})");
  const std::vector<int64_t> asks = {0x00, 0x01, 0x02, 0x03, 0x11, 0x1C};
  constexpr int kEach = 300;
  for (const int64_t ask : asks) {
    for (int i = 0; i < kEach; ++i) submit(*submit_sm(ask, "hi", "rd" + std::to_string(ask)));
  }
  host_.advance(1s);
  EXPECT_EQ(host_.completion_count(), asks.size() * kEach);
  std::map<std::string, std::map<std::string, int>> stats_by_ask;  // "rd<n>" -> stat -> count
  for (const Delivery& delivery : host_.deliveries()) {
    const auto fields = parse_receipt(field(*delivery.message, SMPPD_F_SHORT_MESSAGE));
    ASSERT_TRUE(fields);
    ++stats_by_ask[field(*delivery.message, SMPPD_F_DESTINATION_ADDR)][fields->stat];
  }
  EXPECT_EQ(stats_by_ask.count("rd0"), 0u);
  EXPECT_EQ(stats_by_ask.count("rd28"), 0u);  // 0x1C: receipt bits 00
  // 01: every outcome, ACCEPTD too.
  int any = 0;
  for (const auto& [stat, count] : stats_by_ask["rd1"]) any += count;
  EXPECT_EQ(any, kEach);
  EXPECT_EQ(stats_by_ask["rd1"].size(), 3u);
  // 10: failures only.
  EXPECT_EQ(stats_by_ask["rd2"].size(), 1u);
  EXPECT_GT(stats_by_ask["rd2"]["UNDELIV"], 0);
  // 11: successes only.
  EXPECT_EQ(stats_by_ask["rd3"].size(), 1u);
  EXPECT_GT(stats_by_ask["rd3"]["DELIVRD"], 0);
  // The other bits do not matter.
  int seventeen = 0;
  for (const auto& [stat, count] : stats_by_ask["rd17"]) seventeen += count;
  EXPECT_EQ(seventeen, kEach);
  expect_no_leaked_messages();
}

TEST_F(MockTransportTest, MixesStatesAsConfigured) {
  start(R"({"seed": 99, "receipts": {"states": {"DELIVRD": 95, "UNDELIV": 3, "EXPIRED": 2}}})");
  constexpr int kSubmits = 20000;
  for (int i = 0; i < kSubmits; ++i) submit(*submit_sm(1));
  host_.advance(1s);
  ASSERT_EQ(host_.delivery_count(), size_t{kSubmits});
  std::map<std::string, int> stats;
  for (const Delivery& delivery : host_.deliveries()) {
    const auto fields = parse_receipt(field(*delivery.message, SMPPD_F_SHORT_MESSAGE));
    ASSERT_TRUE(fields);
    ++stats[fields->stat];
    // The text's stat and dlvrd agree with the message_state TLV.
    const std::string state = tlv(*delivery.message, kMessageState).value_or("");
    ASSERT_EQ(state.size(), 1u);
    const int expected = fields->stat == "DELIVRD" ? 2 : fields->stat == "EXPIRED" ? 3 : 5;
    EXPECT_EQ(static_cast<int>(state[0]), expected);
    EXPECT_EQ(fields->dlvrd, fields->stat == "DELIVRD" ? "001" : "000");
  }
  EXPECT_NEAR(stats["DELIVRD"] / double(kSubmits), 0.95, 0.01);
  EXPECT_NEAR(stats["UNDELIV"] / double(kSubmits), 0.03, 0.005);
  EXPECT_NEAR(stats["EXPIRED"] / double(kSubmits), 0.02, 0.005);
  EXPECT_EQ(stats.size(), 3u);
}

TEST_F(MockTransportTest, AnswersErrorsAtTheirPercentages) {
  start(R"({"seed": 1234, "errors": [{"status": 88, "percent": 10}, {"status": 20, "percent": 5}]})");
  constexpr int kSubmits = 20000;
  for (int i = 0; i < kSubmits; ++i) submit(*submit_sm(1));
  host_.advance(1s);
  std::map<uint32_t, int> statuses;
  for (const auto& [token, completion] : host_.completions()) {
    ++statuses[completion.command_status];
    // Only a success has a message id.
    EXPECT_EQ(completion.message_id.empty(), completion.command_status != 0);
  }
  EXPECT_NEAR(statuses[88] / double(kSubmits), 0.10, 0.01);
  EXPECT_NEAR(statuses[20] / double(kSubmits), 0.05, 0.01);
  EXPECT_NEAR(statuses[0] / double(kSubmits), 0.85, 0.01);
  // A refused submit gets no receipt.
  EXPECT_EQ(host_.delivery_count(), static_cast<size_t>(statuses[0]));
  EXPECT_EQ(host_.counter("smppd.plugin.mock.submit_errors"), static_cast<uint64_t>(statuses[88] + statuses[20]));
}

TEST_F(MockTransportTest, DrawsLatenciesFromTheirDistribution) {
  start(R"({"seed": 5, "latency_ms": {"distribution": "uniform", "min": 10, "max": 20}, "receipts": {"enabled": false}})");
  const int64_t t0 = host_.monotonic_ns();
  for (int i = 0; i < 2000; ++i) submit(*submit_sm(0));
  host_.advance(nanoseconds(10ms) - 1ns);
  EXPECT_EQ(host_.completion_count(), 0u);
  host_.advance(10ms + 1ns);
  ASSERT_EQ(host_.completion_count(), 2000u);
  double total_ms = 0;
  for (const auto& [token, completion] : host_.completions()) {
    const double latency_ms = (completion.monotonic_ns - t0) / 1e6;
    EXPECT_GE(latency_ms, 10.0);
    EXPECT_LE(latency_ms, 20.0);
    total_ms += latency_ms;
  }
  EXPECT_NEAR(total_ms / 2000, 15.0, 0.5);
}

TEST_F(MockTransportTest, ExponentialLatenciesKeepTheirFloorCapAndMean) {
  start(R"({"seed": 8, "latency_ms": {"distribution": "exponential", "mean": 5, "min": 1, "max": 50}})");
  const int64_t t0 = host_.monotonic_ns();
  for (int i = 0; i < 4000; ++i) submit(*submit_sm(0));
  host_.advance(50ms);
  ASSERT_EQ(host_.completion_count(), 4000u);
  double total_ms = 0;
  for (const auto& [token, completion] : host_.completions()) {
    const double latency_ms = (completion.monotonic_ns - t0) / 1e6;
    EXPECT_GE(latency_ms, 1.0);
    EXPECT_LE(latency_ms, 50.0);
    total_ms += latency_ms;
  }
  EXPECT_NEAR(total_ms / 4000, 5.0, 0.5);
}

TEST_F(MockTransportTest, ASeedReplaysTheSameRun) {
  // Two mock upstreams with one seed, fed the same submits, draw the same outcomes.
  const std::string config =
      R"({"seed": 77, "latency_ms": {"distribution": "uniform", "min": 0, "max": 50}, "errors": [{"status": 88, "percent": 30}]})";
  UpstreamDriver again(host_, smppd_plugin_v1(SMPPD_ABI_VERSION_MINOR), "mock");
  UpstreamDriver once_more(host_, smppd_plugin_v1(SMPPD_ABI_VERSION_MINOR), "mock");
  ASSERT_EQ(again.configure(config), SMPPD_OK);
  ASSERT_EQ(once_more.configure(config), SMPPD_OK);
  ASSERT_EQ(again.start(), SMPPD_OK);
  ASSERT_EQ(once_more.start(), SMPPD_OK);
  const int64_t t0 = host_.monotonic_ns();
  std::vector<uint64_t> a;
  std::vector<uint64_t> b;
  for (int i = 0; i < 200; ++i) {
    a.push_back(again.submit(*submit_sm(0)).token);
    b.push_back(once_more.submit(*submit_sm(0)).token);
  }
  host_.advance(1s);
  int errors = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto x = host_.completion(a[i]);
    const auto y = host_.completion(b[i]);
    ASSERT_TRUE(x && y);
    EXPECT_EQ(x->command_status, y->command_status) << i;
    EXPECT_EQ(x->monotonic_ns - t0, y->monotonic_ns - t0) << i;
    errors += x->command_status != 0;
  }
  EXPECT_GT(errors, 30);
  EXPECT_LT(errors, 100);
}

TEST_F(MockTransportTest, SendsMoAtTheConfiguredRate) {
  start(R"({"mo": {"rate_per_second": 10}})");
  host_.advance(10s);
  ASSERT_EQ(host_.delivery_count(), 100u);
  smppd_message_api& messages = host_.message_table();
  for (const Delivery& delivery : host_.deliveries()) {
    const FakeMessage& mo = *delivery.message;
    EXPECT_EQ(number(mo, SMPPD_F_ESM_CLASS), 0);
    EXPECT_EQ(field(mo, SMPPD_F_SOURCE_ADDR), "447700900000");
    EXPECT_EQ(field(mo, SMPPD_F_DESTINATION_ADDR), "12345");
    EXPECT_EQ(number(mo, SMPPD_F_DATA_CODING), 0);
    const smppd::cxx::Message view(const_cast<smppd_message*>(mo.handle()), &messages);
    EXPECT_EQ(view.text()->utf8, "hello from mock");
  }
  // Evenly spread: one every 100 ms.
  EXPECT_EQ(host_.deliveries()[1].monotonic_ns - host_.deliveries()[0].monotonic_ns, nanoseconds(100ms).count());
  EXPECT_EQ(host_.counter("smppd.plugin.mock.mo_messages"), 100u);
}

TEST_F(MockTransportTest, KeepsSlowAndFastMoRatesExact) {
  start(R"({"mo": {"rate_per_second": 0.5, "text": "\u20ac at the caf\u00e9"}})");
  host_.advance(10s);
  EXPECT_EQ(host_.delivery_count(), 5u);
  EXPECT_EQ(field(*host_.deliveries()[0].message, SMPPD_F_SHORT_MESSAGE), std::string("\x1B\x65 at the caf\x05"));
  mock_.stop();
  host_.clear_deliveries();

  UpstreamDriver fast(host_, smppd_plugin_v1(SMPPD_ABI_VERSION_MINOR), "mock");
  ASSERT_EQ(fast.configure(R"({"mo": {"rate_per_second": 1000}})"), SMPPD_OK);
  ASSERT_EQ(fast.start(), SMPPD_OK);
  host_.advance(1s);
  EXPECT_EQ(host_.delivery_count(), 1000u);
  EXPECT_LT(host_.timers_run(), 200u);  // batched into ticks, not a timer per message
}

TEST_F(MockTransportTest, SaysNothingOnceStopped) {
  start(R"({"mo": {"rate_per_second": 10}})");
  const uint64_t answered = submit(*submit_sm(1));
  host_.advance(5ms);
  ASSERT_TRUE(host_.completion(answered));
  const uint64_t pending = submit(*submit_sm(1));
  host_.advance(500ms);
  const size_t before = host_.delivery_count();  // two receipts and five MO
  EXPECT_EQ(before, 7u);
  const uint64_t late = submit(*submit_sm(1));
  const uint64_t later = submit(*submit_sm(1));
  host_.advance(5ms);
  ASSERT_TRUE(host_.completion(late));  // its receipt is still waiting
  (void)later;

  mock_.stop();
  host_.advance(10s);
  EXPECT_EQ(host_.delivery_count(), before);
  EXPECT_TRUE(host_.completion(pending));
  // Every timer ran and freed what it held; the MO stream ended.
  EXPECT_EQ(host_.pending_timers(), 0u);
  expect_no_leaked_messages();
}

TEST_F(MockTransportTest, DoesNotCompleteASubmitAfterStop) {
  start("{}");
  const uint64_t token = submit(*submit_sm(1));
  mock_.stop();
  host_.advance(1s);
  EXPECT_FALSE(host_.completion(token));
  EXPECT_EQ(host_.delivery_count(), 0u);
  EXPECT_EQ(host_.pending_timers(), 0u);
}

TEST_F(MockTransportTest, TimersRunAtTheHostsStopFindTheMockStopped) {
  start(R"({"mo": {"rate_per_second": 10}})");
  submit(*submit_sm(1));
  mock_.stop();
  // smppd stopping runs every waiting timer at once.
  host_.stop_timers();
  EXPECT_EQ(host_.delivery_count(), 0u);
  EXPECT_EQ(host_.pending_timers(), 0u);
  expect_no_leaked_messages();
}

TEST_F(MockTransportTest, RefusesASubmitTheHostWillNotTime) {
  start("{}");
  host_.stop_timers();  // smppd is stopping: schedule answers SMPPD_E_STATE
  const auto outcome = mock_.submit(*submit_sm(1));
  EXPECT_EQ(outcome.result, SMPPD_E_STATE);
  EXPECT_FALSE(host_.completion(outcome.token));
}

TEST_F(MockTransportTest, CountsReceiptsSmppdCouldNotTake) {
  start("{}");
  host_.set_deliver_result(SMPPD_E_BUSY);
  for (int i = 0; i < 3; ++i) submit(*submit_sm(1));
  host_.advance(1s);
  EXPECT_EQ(host_.deliveries_refused(), 3u);
  EXPECT_EQ(host_.counter("smppd.plugin.mock.deliveries_refused"), 3u);
  EXPECT_EQ(host_.counter("smppd.plugin.mock.receipts"), 0u);
  expect_no_leaked_messages();
}

TEST_F(MockTransportTest, GivesUniqueIdsInTheConfiguredFormat) {
  start(R"({"receipts": {"enabled": false}})");
  std::vector<uint64_t> tokens;
  for (int i = 0; i < 5000; ++i) tokens.push_back(submit(*submit_sm(0)));
  host_.advance(1s);
  std::set<std::string> ids;
  std::set<std::string> prefixes;
  for (const uint64_t token : tokens) {
    const std::string id = host_.completion(token)->message_id;
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    EXPECT_EQ(id.size(), 16u);
    ids.insert(id);
    prefixes.insert(id.substr(0, 8));
  }
  EXPECT_EQ(ids.size(), tokens.size());
  EXPECT_EQ(prefixes.size(), 1u);

  UpstreamDriver decimal(host_, smppd_plugin_v1(SMPPD_ABI_VERSION_MINOR), "mock");
  ASSERT_EQ(decimal.configure(R"({"message_id_format": "decimal"})"), SMPPD_OK);
  ASSERT_EQ(decimal.start(), SMPPD_OK);
  const uint64_t token = decimal.submit(*submit_sm(0)).token;
  host_.advance(1s);
  const std::string id = host_.completion(token)->message_id;
  EXPECT_EQ(id.find_first_not_of("0123456789"), std::string::npos) << id;
  EXPECT_FALSE(ids.count(id));
}

TEST_F(MockTransportTest, RefusesABadConfigWithItsReason) {
  std::string error;
  EXPECT_EQ(mock_.configure(R"({"errors": [{"status": 88, "percent": 101}]})", &error), SMPPD_E_CONFIG);
  EXPECT_NE(error.find("errors[0].percent: must be from 0 to 100"), std::string::npos) << error;
}

}  // namespace
}  // namespace smppd::plugins::mock
