// Connection limits, the bind throttle and load in the real smppd: max_connections(_per_ip),
// HARDENING.md class 17 (floods of binds, thousands of idle connections) and 1,000 sessions bound
// at once.
#include <map>

#include "host/codec/command_status.h"
#include "host/codec/pdu_encoder.h"
#include "tests/integration/integration_test.h"

namespace smppd::integration {
namespace {

namespace status = codec::status;
using Clock = std::chrono::steady_clock;

class LimitsTest : public IntegrationTest {};

// Raises RLIMIT_NOFILE before smppd starts (it inherits the limit); false when the hard limit is
// too low.
bool enough_file_descriptors(uint64_t wanted) { return testing::raise_fd_limit(wanted) >= wanted; }

// Whether a fresh connection from `options.local_address` gets served (an enquire_link answered).
bool admitted(uint16_t port, SmppTestClientOptions options = {}) {
  SmppTestClient client(port, std::move(options));
  return client.connected() && client.enquire_link(1s).has_value();
}

TEST_F(LimitsTest, MaxConnectionsPerIpRefusesTheNextConnectionFromThatIp) {
  ListenerSpec listener;
  listener.keys = {{"max_connections_per_ip", "3"}};
  ASSERT_NO_FATAL_FAILURE(start(listener));
  std::vector<std::unique_ptr<SmppTestClient>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(connect());
    ASSERT_TRUE(clients.back());
    ASSERT_TRUE(clients.back()->enquire_link()) << "connection " << i << " was not admitted";
  }
  auto fourth = connect();
  ASSERT_TRUE(fourth);  // the kernel accepts; smppd closes it at once without a word
  const testing::CloseResult closed = fourth->wait_closed(2s);
  EXPECT_TRUE(closed.closed);
  EXPECT_EQ(closed.bytes_discarded, 0u);
  // Another IP is not affected, and the three admitted sessions go on.
  EXPECT_TRUE(admitted(port(), good_client_options()));
  for (auto& client : clients) EXPECT_TRUE(client->enquire_link());

  // A closed connection gives its place back.
  clients.pop_back();
  bool readmitted = false;
  for (const auto give_up = Clock::now() + 3s; !readmitted && Clock::now() < give_up;) {
    readmitted = admitted(port());
    if (!readmitted) std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(readmitted);
}

TEST_F(LimitsTest, MaxConnectionsRefusesTheNextConnectionFromAnyIp) {
  ListenerSpec listener;
  listener.keys = {{"max_connections", "2"}};
  ASSERT_NO_FATAL_FAILURE(start(listener));
  auto first = connect();
  auto second = connect(good_client_options());
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first->enquire_link());
  ASSERT_TRUE(second->enquire_link());
  SmppTestClientOptions third_ip;
  third_ip.local_address = "127.0.0.3";
  auto third = connect(third_ip);
  ASSERT_TRUE(third);
  EXPECT_TRUE(third->wait_closed(2s).closed);
  EXPECT_TRUE(first->enquire_link());
}

// Class 17: a flood of binds from one IP over many connections is throttled before any filter
// runs (ESME_RTHROTTLED), while a client from another IP keeps being served; once the flood
// stops, the bucket refills.
TEST_F(LimitsTest, Class17_ABindFloodIsThrottledAndOthersStayServed) {
  constexpr int kConnections = 300;
  constexpr double kRate = 20.0;
  constexpr int kBurst = 10;
  if (!enough_file_descriptors(kConnections + 200)) GTEST_SKIP() << "RLIMIT_NOFILE is too low for this test";
  ListenerSpec listener;
  listener.keys = {{"max_connections_per_ip", "1000"}};
  listener.bind_throttle =
      "attempts_per_second = " + std::to_string(kRate) + "\nburst = " + std::to_string(kBurst) + "\n";
  ASSERT_NO_FATAL_FAILURE(start(listener));

  std::map<uint32_t, int> answers;
  Millis flood_took{0};
  expect_others_served_during([&] {
    std::vector<std::unique_ptr<SmppTestClient>> flood;
    const auto started = Clock::now();
    for (int i = 0; i < kConnections; ++i) {
      flood.push_back(connect());
      ASSERT_TRUE(flood.back());
      std::vector<uint8_t> bind;
      codec::Pdu pdu = testing::make_bind(CommandId::bind_transceiver, "flood", "wrong");
      pdu.sequence_number = 1;
      ASSERT_FALSE(codec::encode_pdu(pdu, bind).failed());
      ASSERT_TRUE(flood.back()->send_raw(bind));
    }
    for (auto& client : flood) {
      const testing::ReadResult answer = client->read();
      ASSERT_TRUE(answer.ok()) << testing::read_status_name(answer.status);
      ASSERT_EQ(answer.pdu.command_id, CommandId::bind_transceiver_resp);
      ++answers[answer.pdu.command_status];
    }
    flood_took = std::chrono::duration_cast<Millis>(Clock::now() - started);
  });
  const int accepted = answers[status::kOk];
  const int throttled = answers[status::kThrottled];
  EXPECT_EQ(accepted + throttled, kConnections) << "answers other than OK and ESME_RTHROTTLED";
  const double allowed = kBurst + kRate * std::chrono::duration<double>(flood_took).count() + 2;
  EXPECT_LE(accepted, allowed) << "the throttle let " << accepted << " binds through in " << flood_took.count()
                               << " ms";
  EXPECT_GT(throttled, 0);

  // A client from another IP binds at once; the flooding IP binds again once its bucket refilled.
  auto other = connect(good_client_options());
  ASSERT_TRUE(other);
  const auto other_bind = other->bind(CommandId::bind_transceiver);
  ASSERT_TRUE(other_bind);
  EXPECT_EQ(other_bind->command_status, status::kOk);
  std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(2000 / kRate)));
  auto again = connect();
  ASSERT_TRUE(again);
  const auto again_bind = again->bind(CommandId::bind_transceiver);
  ASSERT_TRUE(again_bind);
  EXPECT_EQ(again_bind->command_status, status::kOk);
}

// A throttled bind leaves the session OPEN: the same connection may try again later.
TEST_F(LimitsTest, Class17_AThrottledBindLeavesTheSessionOpenForALaterBind) {
  ListenerSpec listener;
  listener.bind_throttle = "attempts_per_second = 5.0\nburst = 1\n";
  ASSERT_NO_FATAL_FAILURE(start(listener));
  auto first = connect();
  ASSERT_TRUE(first);
  ASSERT_EQ(first->bind(CommandId::bind_transmitter)->command_status, status::kOk);
  auto second = connect();
  ASSERT_TRUE(second);
  const auto throttled = second->bind(CommandId::bind_transmitter);
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->command_status, status::kThrottled);
  const auto refused_submit = second->submit();
  ASSERT_TRUE(refused_submit);
  EXPECT_EQ(refused_submit->command_status, status::kInvBndSts) << "a throttled bind must not bind";
  std::this_thread::sleep_for(300ms);
  const auto retried = second->bind(CommandId::bind_transmitter);
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->command_status, status::kOk);
}

// Class 17: thousands of idle connections cost smppd little; a good client still binds at once,
// and the idle ones are still there.
TEST_F(LimitsTest, Class17_TwoThousandIdleConnectionsAndAGoodClientStillBinds) {
  constexpr int kIdle = 2000;
  if (!enough_file_descriptors(kIdle + 300)) GTEST_SKIP() << "RLIMIT_NOFILE is too low for this test";
  ListenerSpec listener;
  listener.keys = {{"max_connections_per_ip", "5000"}};
  listener.session = {{"bind_timeout_ms", "60000"}};
  ASSERT_NO_FATAL_FAILURE(start(listener));
  std::vector<std::unique_ptr<SmppTestClient>> idle;
  idle.reserve(kIdle);
  for (int i = 0; i < kIdle; ++i) {
    idle.push_back(connect());
    ASSERT_TRUE(idle.back()) << "after " << i << " connections";
  }
  auto good = connect(good_client_options());
  ASSERT_TRUE(good);
  const auto bind_started = Clock::now();
  const auto bound = good->bind(CommandId::bind_transceiver);
  ASSERT_TRUE(bound);
  EXPECT_EQ(bound->command_status, status::kOk);
  EXPECT_LT(Clock::now() - bind_started, kServedWithin);
  const auto round_trip = good->round_trip();
  ASSERT_TRUE(round_trip);
  EXPECT_LT(*round_trip, kServedWithin);
  const auto submit = good->submit();
  ASSERT_TRUE(submit);
  EXPECT_EQ(submit->command_status, status::kInvDstAdr);
  for (const int i : {0, kIdle / 2, kIdle - 1}) {
    EXPECT_TRUE(idle[i]->enquire_link()) << "idle connection " << i << " is gone";
  }
}

// 1,000 connections bind as transceivers, all bound at the same time, then all unbind cleanly.
TEST_F(LimitsTest, AThousandConcurrentBindsThenAThousandCleanUnbinds) {
  constexpr int kSessions = 1000;
  if (!enough_file_descriptors(kSessions + 300)) GTEST_SKIP() << "RLIMIT_NOFILE is too low for this test";
  ListenerSpec listener;
  listener.keys = {{"max_connections_per_ip", "2000"}};
  listener.session = {{"bind_timeout_ms", "60000"}};
  ASSERT_NO_FATAL_FAILURE(start(listener));
  std::vector<std::unique_ptr<SmppTestClient>> clients;
  clients.reserve(kSessions);
  for (int i = 0; i < kSessions; ++i) {
    clients.push_back(connect());
    ASSERT_TRUE(clients.back()) << "after " << i << " connections";
  }
  auto send_to_all = [&](const std::function<codec::Pdu(int)>& make) {
    for (int i = 0; i < kSessions; ++i) {
      codec::Pdu pdu = make(i);
      pdu.sequence_number = clients[i]->next_sequence();
      ASSERT_TRUE(clients[i]->send(pdu)) << "session " << i;
    }
  };
  auto expect_from_all = [&](CommandId id) {
    for (int i = 0; i < kSessions; ++i) {
      const testing::ReadResult answer = clients[i]->read();
      ASSERT_TRUE(answer.ok()) << "session " << i << ": " << testing::read_status_name(answer.status);
      ASSERT_EQ(answer.pdu.command_id, id) << "session " << i << ": " << testing::describe(answer.pdu);
      ASSERT_EQ(answer.pdu.command_status, status::kOk) << "session " << i << ": " << testing::describe(answer.pdu);
    }
  };
  ASSERT_NO_FATAL_FAILURE(send_to_all([](int i) {
    return testing::make_bind(CommandId::bind_transceiver, "esme-" + std::to_string(i), "pw");
  }));
  ASSERT_NO_FATAL_FAILURE(expect_from_all(CommandId::bind_transceiver_resp));
  // All bound at once: each still answers, and a second bind on any of them is refused.
  for (int i = 0; i < kSessions; i += 97) {
    const auto again = clients[i]->bind(CommandId::bind_transceiver);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->command_status, status::kAlyBnd) << "session " << i;
  }
  ASSERT_NO_FATAL_FAILURE(send_to_all([](int) {
    codec::Pdu unbind;
    unbind.command_id = CommandId::unbind;
    return unbind;
  }));
  ASSERT_NO_FATAL_FAILURE(expect_from_all(CommandId::unbind_resp));
  for (int i = 0; i < kSessions; ++i) {
    const testing::CloseResult closed = clients[i]->wait_closed(5s);
    ASSERT_TRUE(closed.closed) << "session " << i << " stayed open after unbind_resp";
    ASSERT_EQ(closed.bytes_discarded, 0u) << "session " << i;
  }
}

}  // namespace
}  // namespace smppd::integration
