// The SMPP server session of the real smppd, as an ESME sees it: binds, enquire_link, unbind,
// the interim answers to messages, the session states (S50 Table 2-1) and the window.
#include <map>
#include <set>

#include "host/codec/command_status.h"
#include "host/codec/pdu_encoder.h"
#include "host/codec/tlv_tag.h"
#include "tests/integration/integration_test.h"

namespace smppd::integration {
namespace {

namespace status = codec::status;
using testing::describe;

class SessionTest : public IntegrationTest {};

TEST_F(SessionTest, BindTransmitterReceiverAndTransceiverSucceed) {
  ASSERT_NO_FATAL_FAILURE(start(ListenerSpec{}));
  for (const CommandId bind : {CommandId::bind_transmitter, CommandId::bind_receiver, CommandId::bind_transceiver}) {
    auto client = connect();
    ASSERT_TRUE(client);
    const auto response = client->bind(bind, "esme-1", "pw");
    ASSERT_TRUE(response) << codec::command_name(bind);
    EXPECT_EQ(response->command_id, codec::response_of(bind)) << describe(response);
    EXPECT_EQ(response->command_status, status::kOk) << describe(response);
    EXPECT_EQ(response->sequence_number, 1u);
    EXPECT_EQ(response->system_id, "smppd");
    EXPECT_FALSE(response->body_absent);
  }
}

TEST_F(SessionTest, ScInterfaceVersionOnlyForV34Clients) {
  ASSERT_NO_FATAL_FAILURE(start(ListenerSpec{}));
  auto v34 = connect();
  ASSERT_TRUE(v34);
  const auto response = v34->bind(CommandId::bind_transceiver, "esme", "pw", 0x34);
  ASSERT_TRUE(response);
  ASSERT_EQ(response->command_status, status::kOk);
  EXPECT_EQ(response->tlvs.get_int(codec::tlv::kScInterfaceVersion), std::optional<uint32_t>(0x34));

  // S34 §5.3: no TLVs towards a peer below v3.4.
  auto v33 = connect();
  ASSERT_TRUE(v33);
  const auto old = v33->bind(CommandId::bind_transceiver, "esme", "pw", 0x33);
  ASSERT_TRUE(old);
  ASSERT_EQ(old->command_status, status::kOk);
  EXPECT_TRUE(old->tlvs.empty());
}

TEST_F(SessionTest, EnquireLinkIsAnsweredBeforeAndAfterBind) {
  ASSERT_NO_FATAL_FAILURE(start(ListenerSpec{}));
  auto client = connect();
  ASSERT_TRUE(client);
  auto before = client->enquire_link();
  ASSERT_TRUE(before);
  EXPECT_EQ(before->command_id, CommandId::enquire_link_resp);
  EXPECT_EQ(before->command_status, status::kOk);
  ASSERT_EQ(client->bind(CommandId::bind_transceiver)->command_status, status::kOk);
  auto after = client->enquire_link();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->command_id, CommandId::enquire_link_resp);
  EXPECT_EQ(after->command_status, status::kOk);
  EXPECT_EQ(after->sequence_number, 3u);
}

TEST_F(SessionTest, UnbindIsAnsweredThenTheConnectionCloses) {
  ASSERT_NO_FATAL_FAILURE(start(ListenerSpec{}));
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  const auto response = client->unbind();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->command_id, CommandId::unbind_resp);
  EXPECT_EQ(response->command_status, status::kOk);
  const testing::CloseResult closed = client->wait_closed(2s);
  EXPECT_TRUE(closed.closed);
  EXPECT_EQ(closed.bytes_discarded, 0u);
}

// Interim rule until routing lands: every message request gets the router's no_route_status,
// query/cancel/replace get ESME_RINVMSGID.
TEST_F(SessionTest, MessageRequestsGetTheNoRouteStatus) {
  ASSERT_NO_FATAL_FAILURE(start(ListenerSpec{}));
  auto client = bound_client(CommandId::bind_transceiver);
  ASSERT_TRUE(client);
  const auto submit = client->submit();
  ASSERT_TRUE(submit);
  EXPECT_EQ(submit->command_id, CommandId::submit_sm_resp);
  EXPECT_EQ(submit->command_status, status::kInvDstAdr) << describe(submit);
  EXPECT_TRUE(submit->body_absent);

  codec::Pdu data;
  data.command_id = CommandId::data_sm;
  data.source_addr = "smppd-test";
  data.destination_addr = "4915112345678";
  data.tlvs.set(codec::tlv::kMessagePayload, "hello");
  const auto data_resp = client->call(data);
  ASSERT_TRUE(data_resp);
  EXPECT_EQ(data_resp->command_id, CommandId::data_sm_resp);
  EXPECT_EQ(data_resp->command_status, status::kInvDstAdr) << describe(data_resp);

  for (const CommandId id : {CommandId::query_sm, CommandId::cancel_sm}) {
    codec::Pdu request;
    request.command_id = id;
    request.message_id = "abc123";
    request.source_addr = "smppd-test";
    const auto response = client->call(request);
    ASSERT_TRUE(response) << codec::command_name(id);
    EXPECT_EQ(response->command_id, codec::response_of(id));
    EXPECT_EQ(response->command_status, status::kInvMsgId) << describe(response);
  }
}

// submit_multi falls under the same interim rule.
// submit_multi is not routed upstream yet (its destinations could belong to several clusters):
// it is refused as a command smppd does not carry, never acknowledged.
TEST_F(SessionTest, SubmitMultiIsRefusedAsNotCarried) {
  ASSERT_NO_FATAL_FAILURE(start(ListenerSpec{}));
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  codec::Pdu multi = testing::make_submit_sm();
  multi.command_id = CommandId::submit_multi;
  multi.destination_addr.clear();
  multi.dest_addresses = {codec::DestAddress{codec::DestAddress::kSmeAddress, 1, 1, "4915112345678"}};
  const auto multi_resp = client->call(multi);
  ASSERT_TRUE(multi_resp);
  EXPECT_EQ(multi_resp->command_id, CommandId::submit_multi_resp);
  EXPECT_EQ(multi_resp->command_status, status::kInvCmdId) << describe(multi_resp);
}

TEST_F(SessionTest, TheRoutersNoRouteStatusIsConfigurable) {
  ASSERT_NO_FATAL_FAILURE(start({ListenerSpec{}}, "[router]\nno_route_status = 0x45\n"));
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  const auto submit = client->submit();
  ASSERT_TRUE(submit);
  EXPECT_EQ(submit->command_status, status::kSubmitFail) << describe(submit);
}

TEST_F(SessionTest, SubmitBeforeBindIsRefusedWithInvBndSts) {
  ASSERT_NO_FATAL_FAILURE(start(ListenerSpec{}));
  auto client = connect();
  ASSERT_TRUE(client);
  const auto submit = client->submit();
  ASSERT_TRUE(submit);
  EXPECT_EQ(submit->command_id, CommandId::submit_sm_resp);
  EXPECT_EQ(submit->command_status, status::kInvBndSts) << describe(submit);
  // The session is still open and can bind.
  const auto bind = client->bind(CommandId::bind_transmitter);
  ASSERT_TRUE(bind);
  EXPECT_EQ(bind->command_status, status::kOk);
}

TEST_F(SessionTest, SubmitOnAReceiverBindIsRefusedWithInvBndSts) {
  ASSERT_NO_FATAL_FAILURE(start(ListenerSpec{}));
  auto client = bound_client(CommandId::bind_receiver);
  ASSERT_TRUE(client);
  const auto submit = client->submit();
  ASSERT_TRUE(submit);
  EXPECT_EQ(submit->command_id, CommandId::submit_sm_resp);
  EXPECT_EQ(submit->command_status, status::kInvBndSts) << describe(submit);
  const auto alive = client->enquire_link();
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->command_status, status::kOk);
}

TEST_F(SessionTest, ASecondBindIsRefusedWithAlyBnd) {
  ASSERT_NO_FATAL_FAILURE(start(ListenerSpec{}));
  auto client = bound_client(CommandId::bind_transceiver);
  ASSERT_TRUE(client);
  for (const CommandId bind : {CommandId::bind_transceiver, CommandId::bind_transmitter, CommandId::bind_receiver}) {
    const auto again = client->bind(bind);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->command_id, codec::response_of(bind));
    EXPECT_EQ(again->command_status, status::kAlyBnd) << describe(again);
    EXPECT_TRUE(again->body_absent);
  }
  // Still bound as the first bind said: a submit goes through to the router.
  const auto submit = client->submit();
  ASSERT_TRUE(submit);
  EXPECT_EQ(submit->command_status, status::kInvDstAdr) << describe(submit);
}

// A burst far beyond the window, sent in one write by a client that does not read its resps for
// a while, is answered in full (one resp per sequence number), and another session is served
// meanwhile.
TEST_F(SessionTest, ABurstBeyondTheWindowIsAnsweredInFullWhileOthersAreServed) {
  ListenerSpec listener;
  listener.session = {{"window", "2"}};
  ASSERT_NO_FATAL_FAILURE(start(listener));
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);

  constexpr uint32_t kBurst = 200;
  std::vector<uint8_t> burst;
  std::set<uint32_t> sequences;
  for (uint32_t i = 0; i < kBurst; ++i) {
    codec::Pdu submit = testing::make_submit_sm("49151" + std::to_string(1000000 + i), "burst " + std::to_string(i));
    submit.sequence_number = client->next_sequence();
    sequences.insert(submit.sequence_number);
    ASSERT_FALSE(codec::encode_pdu(submit, burst).failed());
  }
  expect_others_served_during([&] {
    ASSERT_TRUE(client->send_raw(burst));
    std::this_thread::sleep_for(1s);  // resps pile up unread
  });
  std::set<uint32_t> answered;
  for (uint32_t i = 0; i < kBurst; ++i) {
    const testing::ReadResult next = client->read();
    ASSERT_TRUE(next.ok()) << "resp " << i << ": " << testing::read_status_name(next.status);
    EXPECT_EQ(next.pdu.command_id, CommandId::submit_sm_resp);
    EXPECT_EQ(next.pdu.command_status, status::kInvDstAdr);
    EXPECT_TRUE(answered.insert(next.pdu.sequence_number).second) << "two resps for " << next.pdu.sequence_number;
  }
  EXPECT_EQ(answered, sequences);
  EXPECT_EQ(client->read(200ms).status, testing::ReadStatus::timeout) << "more resps than requests";
}

// With each request held 300 ms by test_delay and window = 2, six submits sent at once can only
// be answered two at a time: the k-th resp (from 0) cannot come before (k / 2 + 1) * 300 ms.
TEST_F(SessionTest, NoMoreThanTheWindowIsInFlightAtOnce) {
  constexpr Millis kDelay{300};
  ListenerSpec listener;
  listener.session = {{"window", "2"}};
  listener.filters = delay_filter(kDelay);
  ASSERT_NO_FATAL_FAILURE(start({listener}, kDelayPool));
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  std::vector<uint8_t> burst;
  for (int i = 0; i < 6; ++i) {
    codec::Pdu submit = testing::make_submit_sm();
    submit.sequence_number = client->next_sequence();
    ASSERT_FALSE(codec::encode_pdu(submit, burst).failed());
  }
  expect_others_served_during([&] {
    const auto sent = std::chrono::steady_clock::now();
    ASSERT_TRUE(client->send_raw(burst));
    for (int k = 0; k < 6; ++k) {
      const testing::ReadResult next = client->read();
      ASSERT_TRUE(next.ok()) << "resp " << k << ": " << testing::read_status_name(next.status);
      const auto after = std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - sent);
      EXPECT_EQ(next.pdu.command_id, CommandId::submit_sm_resp);
      EXPECT_EQ(next.pdu.command_status, status::kInvDstAdr);
      EXPECT_GE(after, (k / 2 + 1) * kDelay - 30ms) << "resp " << k << " came after " << after.count()
                                                     << " ms: more than 2 requests were in flight";
    }
  });
}

// A filter that overruns its timeout_ms fails closed with its failure_status, and the session
// goes on.
TEST_F(SessionTest, AFilterThatOverrunsItsTimeoutFailsClosedWithItsStatus) {
  ListenerSpec listener;
  listener.filters = "[[listeners.filters]]\nname = \"test_delay\"\ntimeout_ms = 100\nfailure_mode = \"closed\"\n"
                     "failure_status = 0x58\nconfig = { delay_ms = 2000 }\n";
  ASSERT_NO_FATAL_FAILURE(start({listener}, kDelayPool));
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  const auto sent = std::chrono::steady_clock::now();
  const auto submit = client->submit();
  const auto took = std::chrono::steady_clock::now() - sent;
  ASSERT_TRUE(submit);
  EXPECT_EQ(submit->command_status, status::kThrottled) << describe(submit);
  EXPECT_GE(took, 100ms);
  EXPECT_LT(took, 1500ms) << "the answer waited for the filter, not for its timeout";
  const auto alive = client->enquire_link();
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->command_status, status::kOk);
}

// Unbind with requests in flight: their resps first, then unbind_resp, then the close.
TEST_F(SessionTest, UnbindWithRequestsInFlightAnswersThemFirst) {
  ListenerSpec listener;
  listener.filters = delay_filter(300ms);
  ASSERT_NO_FATAL_FAILURE(start({listener}, kDelayPool));
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  std::vector<uint8_t> bytes;
  std::set<uint32_t> submits;
  for (int i = 0; i < 5; ++i) {
    codec::Pdu submit = testing::make_submit_sm();
    submit.sequence_number = client->next_sequence();
    submits.insert(submit.sequence_number);
    ASSERT_FALSE(codec::encode_pdu(submit, bytes).failed());
  }
  codec::Pdu unbind;
  unbind.command_id = CommandId::unbind;
  unbind.sequence_number = client->next_sequence();
  ASSERT_FALSE(codec::encode_pdu(unbind, bytes).failed());
  ASSERT_TRUE(client->send_raw(bytes));

  std::set<uint32_t> answered;
  for (size_t i = 0; i < submits.size(); ++i) {
    const testing::ReadResult next = client->read();
    ASSERT_TRUE(next.ok()) << testing::read_status_name(next.status);
    ASSERT_EQ(next.pdu.command_id, CommandId::submit_sm_resp) << "resp " << i << ": " << describe(next.pdu);
    EXPECT_EQ(next.pdu.command_status, status::kInvDstAdr);
    answered.insert(next.pdu.sequence_number);
  }
  EXPECT_EQ(answered, submits);
  const testing::ReadResult last = client->read();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last.pdu.command_id, CommandId::unbind_resp);
  EXPECT_EQ(last.pdu.command_status, status::kOk);
  EXPECT_EQ(last.pdu.sequence_number, unbind.sequence_number);
  const testing::CloseResult closed = client->wait_closed(2s);
  EXPECT_TRUE(closed.closed);
  EXPECT_EQ(closed.bytes_discarded, 0u);
}

TEST_F(SessionTest, UnbindBeforeBindIsRefusedAndTheSessionStays) {
  ASSERT_NO_FATAL_FAILURE(start(ListenerSpec{}));
  auto client = connect();
  ASSERT_TRUE(client);
  const auto response = client->unbind();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->command_id, CommandId::unbind_resp);
  EXPECT_EQ(response->command_status, status::kInvBndSts) << describe(response);
  ASSERT_TRUE(client->enquire_link());
}

}  // namespace
}  // namespace smppd::integration
