// Upstream faults under traffic (HARDENING.md, "Faults"): an SMSC killed with submits in flight,
// and an SMSC that answers ESME_RTHROTTLED. Every client submit gets exactly one resp.
#include <csignal>
#include <map>
#include <mutex>

#include "host/codec/command_status.h"
#include "tests/integration/proxy_test.h"

namespace smppd::integration {
namespace {

namespace status = codec::status;
using testing::describe;

constexpr const char* kRouteAllToSmsc = "[[routes]]\nname = \"all\"\ncluster = \"smsc\"\n";
constexpr const char* kDestination = "4915112345678";

// The resps a pipelining client got, by the sequence number of its submit.
struct RespLedger {
  std::vector<uint32_t> sent;                            // in sending order
  std::map<uint32_t, std::vector<uint32_t>> statuses;    // by sequence number, in arrival order
  std::vector<uint32_t> arrival;                         // sequence numbers, in arrival order

  void expect_exactly_one_each() const {
    for (const uint32_t sequence : sent) {
      const auto it = statuses.find(sequence);
      EXPECT_TRUE(it != statuses.end() && it->second.size() == 1)
          << "submit seq " << sequence << " got " << (it == statuses.end() ? 0 : it->second.size()) << " resps";
    }
    EXPECT_EQ(statuses.size(), sent.size()) << "resps for sequence numbers never sent";
  }
};

// Keeps `in_flight` submits outstanding until `total` are answered; `after_resp(answered)` runs
// after each resp (the test kills a sink there).
void pipeline(testing::SmppTestClient& client, int total, int in_flight, RespLedger& ledger,
              const std::function<void(int answered)>& after_resp = {}) {
  int sent = 0;
  int answered = 0;
  auto send_one = [&] {
    codec::Pdu submit = testing::make_submit_sm(kDestination, "message " + std::to_string(sent));
    submit.sequence_number = client.next_sequence();
    ASSERT_TRUE(client.send(submit)) << client.error();
    ledger.sent.push_back(submit.sequence_number);
    ++sent;
  };
  while (sent < std::min(in_flight, total)) ASSERT_NO_FATAL_FAILURE(send_one());
  while (answered < sent) {
    // An unanswered submit is answered within the endpoint's response_timeout_ms (2 s).
    testing::ReadResult next = client.read(5s);
    ASSERT_TRUE(next.ok()) << "no resp within 5 s after " << answered << " of " << sent << " ("
                           << testing::read_status_name(next.status) << ")";
    ASSERT_EQ(next.pdu.command_id, CommandId::submit_sm_resp) << describe(next.pdu);
    ledger.statuses[next.pdu.sequence_number].push_back(next.pdu.command_status);
    ledger.arrival.push_back(next.pdu.sequence_number);
    ++answered;
    if (after_resp) after_resp(answered);
    if (sent < total) {
      ASSERT_NO_FATAL_FAILURE(send_one());
    }
  }
}

class ProxyFailoverTest : public ProxyTest {
 protected:
  void expect_resent_in_order(int every, uint32_t refusal);
};

TEST_F(ProxyFailoverTest, KillNineOfOneSinkMidTrafficEverySubmitGetsExactlyOneRespAndTrafficGoesOn) {
  SinkProcess& doomed = start_sink();
  SinkProcess& survivor = start_sink();
  ASSERT_TRUE(doomed.listening() && survivor.listening());
  ASSERT_NO_FATAL_FAILURE(
      start_proxy(cluster_toml("smsc", {{"doomed", doomed.port()}, {"survivor", survivor.port()}}) + kRouteAllToSmsc));
  auto client = bound_as("acme", CommandId::bind_transmitter);
  ASSERT_TRUE(client);

  constexpr int kTotal = 600;
  constexpr int kInFlight = 20;
  constexpr int kKillAfter = 150;
  RespLedger ledger;
  int answered_at_kill = 0;
  ASSERT_NO_FATAL_FAILURE(pipeline(*client, kTotal, kInFlight, ledger, [&](int answered) {
    if (answered == kKillAfter) {
      ASSERT_TRUE(doomed.process().send_signal(SIGKILL));
      answered_at_kill = answered;
    }
  }));
  ASSERT_EQ(answered_at_kill, kKillAfter);
  const testing::ReadResult extra = client->read(300ms);
  EXPECT_EQ(extra.status, testing::ReadStatus::timeout) << "a resp more than submits: " << describe(extra.pdu);
  ledger.expect_exactly_one_each();

  // Before the kill both endpoints took traffic and everything was accepted. A submit in flight
  // on the killed sink may end ESME_RSYSERR (it may have been taken), one caught between the two
  // the cluster's "no bind" status; nothing else. After that, the survivor takes everything.
  int failed = 0;
  for (size_t i = 0; i < ledger.arrival.size(); ++i) {
    const uint32_t result = ledger.statuses.at(ledger.arrival[i]).front();
    if (i < kKillAfter) {
      EXPECT_EQ(result, status::kOk) << "resp " << i << " before the kill";
    } else if (result != status::kOk) {
      ++failed;
      EXPECT_TRUE(result == status::kSysErr || result == status::kThrottled) << "resp " << i << ": 0x" << std::hex << result;
    }
  }
  EXPECT_LE(failed, kInFlight) << "more failures than submits were in flight at the kill";
  for (size_t i = ledger.arrival.size() - 200; i < ledger.arrival.size(); ++i) {
    EXPECT_EQ(ledger.statuses.at(ledger.arrival[i]).front(), status::kOk) << "resp " << i << ": traffic did not go on";
  }
  ASSERT_EQ(survivor.stop(), std::optional<int>(0));
  const auto survivor_submits = survivor.total("submits");
  ASSERT_TRUE(survivor_submits) << survivor.process().output();
  // After the kill-th resp, up to kInFlight resps the killed sink sent were still on their way,
  // and up to kInFlight submits failed: the survivor took every other one.
  EXPECT_GE(*survivor_submits, static_cast<uint64_t>(kTotal - kKillAfter - 2 * kInFlight));
  EXPECT_LT(*survivor_submits, static_cast<uint64_t>(kTotal)) << "the killed sink took none before the kill";
}

TEST_F(ProxyFailoverTest, WithRetryUnansweredTheKilledSinksInFlightSubmitsAreSentAgainOnTheSurvivor) {
  SinkProcess& doomed = start_sink();
  SinkProcess& survivor = start_sink();
  ASSERT_TRUE(doomed.listening() && survivor.listening());
  ASSERT_NO_FATAL_FAILURE(start_proxy(cluster_toml("smsc", {{"doomed", doomed.port()}, {"survivor", survivor.port()}}) +
                                      "[[routes]]\nname = \"all\"\ncluster = \"smsc\"\nretry_unanswered = true\n"));
  auto client = bound_as("acme", CommandId::bind_transmitter);
  ASSERT_TRUE(client);

  constexpr int kTotal = 400;
  constexpr int kInFlight = 20;
  RespLedger ledger;
  ASSERT_NO_FATAL_FAILURE(pipeline(*client, kTotal, kInFlight, ledger, [&](int answered) {
    if (answered == 100) {
      ASSERT_TRUE(doomed.process().send_signal(SIGKILL));
    }
  }));
  ledger.expect_exactly_one_each();
  // What was in flight on the killed sink went to the survivor: nobody got ESME_RSYSERR. A submit
  // that found every bind's window full meanwhile may get the cluster's "no bind" status.
  for (size_t i = 0; i < ledger.arrival.size(); ++i) {
    const uint32_t result = ledger.statuses.at(ledger.arrival[i]).front();
    EXPECT_TRUE(result == status::kOk || result == status::kThrottled) << "resp " << i << ": 0x" << std::hex << result;
  }
}

TEST_F(ProxyFailoverTest, AnUnansweredSubmitGetsTheStatusItsRouteNames) {
  // A sink that never answers: every submit times out upstream (response_timeout_ms is 2 s here).
  SinkProcess& silent = start_sink({"--drop-percent", "100"});
  ASSERT_TRUE(silent.listening());
  ASSERT_NO_FATAL_FAILURE(start_proxy(cluster_toml("smsc", {{"silent", silent.port()}}) +
                                      "[[routes]]\nname = \"all\"\ncluster = \"smsc\"\nunanswered_status = 0x45\n"));
  auto client = bound_as("acme", CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  const std::optional<codec::Pdu> answer = client->call(testing::make_submit_sm(kDestination, "into the void"), 6s);
  ASSERT_TRUE(answer) << client->error();
  EXPECT_EQ(answer->command_status, 0x45u) << describe(*answer);
}

TEST_F(ProxyFailoverTest, ASinkThrottlingEverySeventhSubmitStillGetsTheClientZeroForAll) {
  // Every 7th, not every 5th: with the bind's window of 10 a resend after the pause would land on
  // a multiple of 5 again and again, and use up its retry budget (see the next tests for that).
  SinkProcess& sink = start_sink({"--throttle-every", "7"});
  ASSERT_TRUE(sink.listening());
  ASSERT_NO_FATAL_FAILURE(start_proxy(cluster_toml("smsc", {{"s1", sink.port()}}) + kRouteAllToSmsc));
  auto client = bound_as("acme", CommandId::bind_transmitter);
  ASSERT_TRUE(client);

  constexpr int kTotal = 100;
  RespLedger ledger;
  ASSERT_NO_FATAL_FAILURE(pipeline(*client, kTotal, 16, ledger));
  ledger.expect_exactly_one_each();
  for (const auto& [sequence, statuses] : ledger.statuses) {
    EXPECT_EQ(statuses.front(), status::kOk) << "submit seq " << sequence;
  }
  ASSERT_EQ(sink.stop(), std::optional<int>(0));
  EXPECT_EQ(sink.total("ESME_ROK"), std::optional<uint64_t>(kTotal)) << "each message accepted exactly once\n"
                                                                    << sink.process().output();
  const auto throttled = sink.total("ESME_RTHROTTLED");
  ASSERT_TRUE(throttled) << sink.process().output();
  EXPECT_GE(*throttled, static_cast<uint64_t>(kTotal / 7)) << "the sink did not throttle: the test proves nothing";
}

// A fake SMSC that refuses every `every`-th submit it sees with ESME_RTHROTTLED (or all of them
// with every == 1) and records the texts it accepted, in the order it accepted them.
class ThrottlingSmsc {
 public:
  // Answers every `every`th submit with `refusal` (ESME_RTHROTTLED or ESME_RMSGQFUL).
  ThrottlingSmsc(FakeSmsc& smsc, int every, uint32_t refusal = status::kThrottled) : every_(every) {
    smsc.set_submit_handler([this, refusal](FakeSmsc& fake, const FakeSmsc::Submit& submit) {
      std::lock_guard lock(mutex_);
      if (++seen_ % every_ == 0) {
        fake.respond(submit, refusal, "");
        return;
      }
      accepted_.push_back(submit.pdu.short_message);
      fake.respond(submit, status::kOk, fake.next_message_id());
    });
  }
  void set_every(int every) {
    std::lock_guard lock(mutex_);
    every_ = every;
  }
  std::vector<std::string> accepted() const {
    std::lock_guard lock(mutex_);
    return accepted_;
  }
  int seen() const {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  mutable std::mutex mutex_;
  int every_;
  int seen_ = 0;
  std::vector<std::string> accepted_;
};

// An SMSC refusing every `every`th submit with `refusal`: the bind pauses and sends the refused
// submit and those behind it again, in the order the client sent them, and each gets ESME_ROK.
void ProxyFailoverTest::expect_resent_in_order(int every, uint32_t refusal) {
  FakeSmsc& smsc = start_fake_smsc();
  ThrottlingSmsc refusing(smsc, every, refusal);
  // One message in flight on the bind, so that the order the SMSC accepts is the whole story.
  ASSERT_NO_FATAL_FAILURE(start_proxy(cluster_toml("smsc", {{"f1", smsc.port(), "window = 1\n"}}) + kRouteAllToSmsc));
  auto client = bound_as("acme", CommandId::bind_transmitter);
  ASSERT_TRUE(client);

  constexpr int kTotal = 30;
  RespLedger ledger;
  ASSERT_NO_FATAL_FAILURE(pipeline(*client, kTotal, kTotal, ledger));
  ledger.expect_exactly_one_each();
  for (const auto& [sequence, statuses] : ledger.statuses) EXPECT_EQ(statuses.front(), status::kOk) << sequence;
  EXPECT_EQ(ledger.arrival, ledger.sent) << "resps out of order";

  std::vector<std::string> expected;
  for (int i = 0; i < kTotal; ++i) expected.push_back("message " + std::to_string(i));
  EXPECT_EQ(refusing.accepted(), expected);
  EXPECT_GE(refusing.seen(), kTotal + kTotal / every) << "the SMSC refused nothing: the test proves nothing";
}

TEST_F(ProxyFailoverTest, ThrottledSubmitsAreResentInTheOrderTheClientSentThem) {
  expect_resent_in_order(3, status::kThrottled);
}

TEST_F(ProxyFailoverTest, AQueueFullSmscIsBackedOffAndResentInOrderToo) { expect_resent_in_order(4, status::kMsgQFul); }

TEST_F(ProxyFailoverTest, AnEndpointsMaxTpsPacesItsSubmitsAndEveryOneIsAnswered) {
  SinkProcess& sink = start_sink();
  ASSERT_TRUE(sink.listening());
  // 50 per second with a burst of 5: 100 submits cannot all be through in less than 1.9 s.
  ASSERT_NO_FATAL_FAILURE(
      start_proxy(cluster_toml("smsc", {{"s1", sink.port(), "max_tps = 50\n"}}) + kRouteAllToSmsc));
  auto client = bound_as("acme", CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  const auto started = std::chrono::steady_clock::now();
  RespLedger ledger;
  ASSERT_NO_FATAL_FAILURE(pipeline(*client, 100, 30, ledger));
  const auto took = std::chrono::steady_clock::now() - started;
  ledger.expect_exactly_one_each();
  for (const auto& [sequence, statuses] : ledger.statuses) EXPECT_EQ(statuses.front(), status::kOk) << sequence;
  EXPECT_GE(took, 1800ms) << "max_tps did not hold the endpoint back";
}

TEST_F(ProxyFailoverTest, ASubmitThrottledEveryTimeGetsThrottledAfterTheRetryBudget) {
  FakeSmsc& smsc = start_fake_smsc();
  ThrottlingSmsc throttling(smsc, 1);
  ASSERT_NO_FATAL_FAILURE(start_proxy(cluster_toml("smsc", {{"f1", smsc.port()}}) + kRouteAllToSmsc));
  auto client = bound_as("acme", CommandId::bind_transmitter);
  ASSERT_TRUE(client);

  const auto refused = client->call(testing::make_submit_sm(kDestination, "never welcome"));
  ASSERT_TRUE(refused) << "no resp";
  EXPECT_EQ(refused->command_status, status::kThrottled) << describe(refused);
  // The first try and five resends (UpstreamBind::kMaxThrottleRetries), then the SMSC's answer.
  EXPECT_EQ(throttling.seen(), 6);

  // The bind is not stuck in its pause: the next message goes through.
  throttling.set_every(1'000'000);
  const auto accepted = client->call(testing::make_submit_sm(kDestination, "welcome now"));
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->command_status, status::kOk) << describe(accepted);
}

}  // namespace
}  // namespace smppd::integration
