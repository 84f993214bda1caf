// SIGTERM drains the real smppd: it stops accepting, lets requests in flight get their resps,
// sends unbind to each bound client, and exits 0 within the drain time.
#include <csignal>
#include <set>

#include "host/codec/command_status.h"
#include "host/codec/pdu_encoder.h"
#include "tests/integration/integration_test.h"

namespace smppd::integration {
namespace {

namespace status = codec::status;
using Clock = std::chrono::steady_clock;

class ShutdownTest : public IntegrationTest {
 protected:
  ShutdownTest() { options_.drain_time_s = 5; }

  // Reads smppd's unbind, answers it with unbind_resp, and expects the close.
  void expect_unbind_and_close(SmppTestClient& client) {
    const testing::ReadResult unbind = client.read(3s);
    ASSERT_TRUE(unbind.ok()) << testing::read_status_name(unbind.status);
    ASSERT_EQ(unbind.pdu.command_id, CommandId::unbind) << testing::describe(unbind.pdu);
    EXPECT_NE(unbind.pdu.sequence_number, 0u);
    codec::Pdu response;
    response.command_id = CommandId::unbind_resp;
    response.sequence_number = unbind.pdu.sequence_number;
    ASSERT_TRUE(client.send(response));
    const testing::CloseResult closed = client.wait_closed(3s);
    EXPECT_TRUE(closed.closed);
    EXPECT_EQ(closed.bytes_discarded, 0u);
  }
};

TEST_F(ShutdownTest, SigtermUnbindsABoundClientAndExitsZero) {
  ASSERT_NO_FATAL_FAILURE(start(ListenerSpec{}));
  auto bound = bound_client();
  ASSERT_TRUE(bound);
  auto unbound = connect();
  ASSERT_TRUE(unbound);
  ASSERT_TRUE(unbound->enquire_link());

  const auto signalled = Clock::now();
  ASSERT_TRUE(smppd().send_signal(SIGTERM));
  // An unbound connection is simply closed.
  EXPECT_TRUE(unbound->wait_closed(3s).closed);
  ASSERT_NO_FATAL_FAILURE(expect_unbind_and_close(*bound));
  const std::optional<int> code = smppd().wait_for_exit(std::chrono::seconds(*options_.drain_time_s + 5));
  ASSERT_TRUE(code) << "smppd still runs after the drain time";
  EXPECT_EQ(*code, 0);
  // With every client gone, smppd need not wait out the drain time.
  EXPECT_LT(Clock::now() - signalled, std::chrono::seconds(*options_.drain_time_s));
  // No new connections once draining.
  EXPECT_FALSE(testing::port_listening(port()));
}

TEST_F(ShutdownTest, SigtermDeliversTheRespsInFlightBeforeTheUnbind) {
  ListenerSpec listener;
  listener.filters = delay_filter(400ms);
  ASSERT_NO_FATAL_FAILURE(start({listener}, kDelayPool));
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  std::vector<uint8_t> bytes;
  std::set<uint32_t> submits;
  for (int i = 0; i < 3; ++i) {
    codec::Pdu submit = testing::make_submit_sm();
    submit.sequence_number = client->next_sequence();
    submits.insert(submit.sequence_number);
    ASSERT_FALSE(codec::encode_pdu(submit, bytes).failed());
  }
  ASSERT_TRUE(client->send_raw(bytes));
  std::this_thread::sleep_for(100ms);  // read by smppd and held by test_delay
  ASSERT_TRUE(smppd().send_signal(SIGTERM));

  std::set<uint32_t> answered;
  for (size_t i = 0; i < submits.size(); ++i) {
    const testing::ReadResult next = client->read(3s);
    ASSERT_TRUE(next.ok()) << "resp " << i << ": " << testing::read_status_name(next.status);
    ASSERT_EQ(next.pdu.command_id, CommandId::submit_sm_resp) << testing::describe(next.pdu);
    EXPECT_EQ(next.pdu.command_status, status::kInvDstAdr);
    answered.insert(next.pdu.sequence_number);
  }
  EXPECT_EQ(answered, submits);
  ASSERT_NO_FATAL_FAILURE(expect_unbind_and_close(*client));
  const std::optional<int> code = smppd().wait_for_exit(std::chrono::seconds(*options_.drain_time_s + 5));
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 0);
}

// A client that never answers smppd's unbind does not hold the exit beyond the drain time.
TEST_F(ShutdownTest, AClientThatIgnoresTheUnbindDoesNotHoldTheExit) {
  ListenerSpec listener;
  listener.session = {{"response_timeout_ms", "500"}};
  ASSERT_NO_FATAL_FAILURE(start(listener));
  auto client = bound_client();
  ASSERT_TRUE(client);
  const auto signalled = Clock::now();
  ASSERT_TRUE(smppd().send_signal(SIGTERM));
  const testing::ReadResult unbind = client->read(3s);
  ASSERT_TRUE(unbind.ok());
  EXPECT_EQ(unbind.pdu.command_id, CommandId::unbind);
  // Not answered: smppd closes after its response timeout and exits.
  EXPECT_TRUE(client->wait_closed(3s).closed);
  const std::optional<int> code = smppd().wait_for_exit(std::chrono::seconds(*options_.drain_time_s + 5));
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 0);
  EXPECT_LT(Clock::now() - signalled, std::chrono::seconds(*options_.drain_time_s));
}

// A second SIGTERM while draining stops at once.
TEST_F(ShutdownTest, ASecondSignalWhileDrainingStopsAtOnce) {
  options_.drain_time_s = 60;
  ASSERT_NO_FATAL_FAILURE(start(ListenerSpec{}));
  auto client = bound_client();
  ASSERT_TRUE(client);
  ASSERT_TRUE(smppd().send_signal(SIGTERM));
  const testing::ReadResult unbind = client->read(3s);
  ASSERT_TRUE(unbind.ok());
  EXPECT_EQ(unbind.pdu.command_id, CommandId::unbind);
  const auto second = Clock::now();
  ASSERT_TRUE(smppd().send_signal(SIGINT));
  const std::optional<int> code = smppd().wait_for_exit(10s);
  ASSERT_TRUE(code) << "smppd waited for the client after a second signal";
  EXPECT_EQ(*code, 0);
  EXPECT_LT(Clock::now() - second, 5s);
}

}  // namespace
}  // namespace smppd::integration
