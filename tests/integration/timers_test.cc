// The session timers of SMPP.md §9 in the real smppd: session_init (bind_timeout), enquire_link
// sent by smppd on an idle link and the close when it goes unanswered, and inactivity.
#include <set>

#include "host/codec/command_status.h"
#include "host/codec/pdu_encoder.h"
#include "tests/integration/integration_test.h"

namespace smppd::integration {
namespace {

namespace status = codec::status;
using Clock = std::chrono::steady_clock;

class TimersTest : public IntegrationTest {};

Millis since(Clock::time_point start) { return std::chrono::duration_cast<Millis>(Clock::now() - start); }

TEST_F(TimersTest, AConnectionThatDoesNotBindIsClosedAfterTheBindTimeout) {
  ListenerSpec listener;
  listener.session = {{"bind_timeout_ms", "400"}};
  ASSERT_NO_FATAL_FAILURE(start(listener));
  const auto start_time = Clock::now();
  auto idle = connect();
  ASSERT_TRUE(idle);
  // enquire_link is answered before bind, but does not count as one.
  ASSERT_TRUE(idle->enquire_link());
  auto bound = bound_client();
  ASSERT_TRUE(bound);
  const testing::CloseResult closed = idle->wait_closed(3s);
  EXPECT_TRUE(closed.closed);
  EXPECT_EQ(closed.bytes_discarded, 0u);
  EXPECT_GE(since(start_time), 350ms);
  // The bound session outlives the bind timeout.
  std::this_thread::sleep_for(200ms);
  const auto alive = bound->enquire_link();
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->command_status, status::kOk);
}

TEST_F(TimersTest, SmppdSendsEnquireLinkOnAnIdleLinkAndClosesWhenItIsNotAnswered) {
  ListenerSpec listener;
  listener.session = {{"enquire_link_interval_ms", "300"}, {"response_timeout_ms", "400"}};
  ASSERT_NO_FATAL_FAILURE(start(listener));
  auto client = bound_client();
  ASSERT_TRUE(client);

  // Answered twice: smppd keeps the link.
  uint32_t last_sequence = 0;
  for (int round = 0; round < 2; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const auto idle_since = Clock::now();
    // Within the interval and some slack; the default bind_timeout (5 s) must not delay the first.
    const testing::ReadResult probe = client->read(1500ms);
    ASSERT_TRUE(probe.ok()) << testing::read_status_name(probe.status) << " after " << since(idle_since).count()
                            << " ms";
    EXPECT_EQ(probe.pdu.command_id, CommandId::enquire_link);
    EXPECT_GE(since(idle_since), 250ms) << "enquire_link before the interval";
    EXPECT_NE(probe.pdu.sequence_number, last_sequence);
    EXPECT_NE(probe.pdu.sequence_number, 0u);
    last_sequence = probe.pdu.sequence_number;
    codec::Pdu response;
    response.command_id = CommandId::enquire_link_resp;
    response.sequence_number = probe.pdu.sequence_number;
    ASSERT_TRUE(client->send(response));
  }

  // Not answered: closed within the response timeout.
  const testing::ReadResult probe = client->read(3s);
  ASSERT_TRUE(probe.ok());
  ASSERT_EQ(probe.pdu.command_id, CommandId::enquire_link);
  const auto asked = Clock::now();
  const testing::CloseResult closed = client->wait_closed(3s);
  EXPECT_TRUE(closed.closed);
  EXPECT_GE(since(asked), 300ms);
}

TEST_F(TimersTest, TrafficFromTheClientPostponesSmppdsEnquireLink) {
  ListenerSpec listener;
  listener.session = {{"enquire_link_interval_ms", "400"}};
  ASSERT_NO_FATAL_FAILURE(start(listener));
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  // A submit every 100 ms for a second: the link is never idle for 400 ms.
  for (int i = 0; i < 10; ++i) {
    const auto submit = client->submit();
    ASSERT_TRUE(submit);
    std::this_thread::sleep_for(100ms);
  }
  for (const codec::Pdu& other : client->others()) {
    EXPECT_NE(other.command_id, CommandId::enquire_link) << "smppd probed a busy link";
  }
  EXPECT_TRUE(client->others().empty());
}

TEST_F(TimersTest, ABoundSessionThatSendsNothingIsClosedAfterTheInactivityTimeout) {
  ListenerSpec listener;
  // No probes, so that only the inactivity timer can end it.
  listener.session = {{"enquire_link_interval_ms", "0"}, {"inactivity_timeout_ms", "500"}};
  ASSERT_NO_FATAL_FAILURE(start(listener));
  auto quiet = bound_client();
  ASSERT_TRUE(quiet);
  auto chatty = bound_client();
  ASSERT_TRUE(chatty);
  const auto start_time = Clock::now();
  while (since(start_time) < 800ms) {
    ASSERT_TRUE(chatty->enquire_link());
    std::this_thread::sleep_for(100ms);
  }
  const testing::CloseResult closed = quiet->wait_closed(2s);
  EXPECT_TRUE(closed.closed);
  EXPECT_EQ(closed.bytes_discarded, 0u);
  EXPECT_TRUE(chatty->enquire_link()) << "the session that kept talking was closed too";
}

// The stall deadline (a PDU begun must be complete within response_timeout) is the client's: time
// during which smppd holds complete PDUs unread because its window is full must not count. Here a
// PDU arrives in two pieces, then three more PDUs; with window = 1 and each request held 300 ms,
// smppd needs 1.2 s to work through them, well past the 500 ms response timeout.
TEST_F(TimersTest, TheStallDeadlineDoesNotCountTimeTheWindowHoldsCompletePdus) {
  ListenerSpec listener;
  listener.session = {{"window", "1"}, {"response_timeout_ms", "500"}};
  listener.filters = delay_filter(300ms);
  ASSERT_NO_FATAL_FAILURE(start({listener}, kDelayPool));
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  std::vector<uint8_t> bytes;
  std::set<uint32_t> sequences;
  for (int i = 0; i < 4; ++i) {
    codec::Pdu submit = testing::make_submit_sm();
    submit.sequence_number = client->next_sequence();
    sequences.insert(submit.sequence_number);
    ASSERT_FALSE(codec::encode_pdu(submit, bytes).failed());
  }
  ASSERT_TRUE(client->send_raw(std::span(bytes.data(), 10)));
  std::this_thread::sleep_for(100ms);
  ASSERT_TRUE(client->send_raw(std::span(bytes.data() + 10, bytes.size() - 10)));
  std::set<uint32_t> answered;
  for (size_t i = 0; i < sequences.size(); ++i) {
    const testing::ReadResult next = client->read(3s);
    ASSERT_TRUE(next.ok()) << "resp " << i << ": " << testing::read_status_name(next.status);
    EXPECT_EQ(next.pdu.command_id, CommandId::submit_sm_resp);
    EXPECT_EQ(next.pdu.command_status, status::kInvDstAdr);
    answered.insert(next.pdu.sequence_number);
  }
  EXPECT_EQ(answered, sequences);
  EXPECT_TRUE(client->enquire_link());
}

// listener_config.h: 0 turns the enquire_link probe and the inactivity close off.
TEST_F(TimersTest, ZeroTurnsTheEnquireLinkIntervalAndTheInactivityTimeoutOff) {
  ListenerSpec listener;
  listener.session = {{"enquire_link_interval_ms", "0"}, {"inactivity_timeout_ms", "0"}};
  ASSERT_NO_FATAL_FAILURE(start(listener));
  auto client = bound_client();
  ASSERT_TRUE(client);
  const testing::ReadResult nothing = client->read(1s);
  EXPECT_EQ(nothing.status, testing::ReadStatus::timeout)
      << (nothing.ok() ? testing::describe(nothing.pdu) : std::string(testing::read_status_name(nothing.status)));
  EXPECT_TRUE(client->enquire_link());
}

}  // namespace
}  // namespace smppd::integration
