// HARDENING.md "Malformed input", classes 1-16, each sent to the real smppd on a live session:
// what the session answers (status, sequence number), whether it survives (SMPP.md §9), and
// that another session bound to the same smppd is served without delay meanwhile. Class 17
// (floods) is in limits_test.cc.
#include <string>
#include <vector>

#include "host/codec/command_status.h"
#include "host/codec/frame.h"
#include "host/codec/pdu_encoder.h"
#include "host/codec/tlv_tag.h"
#include "tests/integration/integration_test.h"
#include "tests/support/raw_pdu.h"

namespace smppd::integration {
namespace {

namespace status = codec::status;
using ::testing::AssertionFailure;
using ::testing::AssertionResult;
using ::testing::AssertionSuccess;
using testing::RawPdu;
using testing::ReadResult;
using testing::ReadStatus;
using testing::SubmitSmFields;

constexpr uint32_t kMaxCommandLength = 4096;
constexpr Millis kResponseTimeout{500};

// Small limits so that the stall and close cases are quick.
ListenerSpec hardened_listener() {
  ListenerSpec listener;
  listener.session = {{"max_command_length", std::to_string(kMaxCommandLength)},
                      {"response_timeout_ms", std::to_string(kResponseTimeout.count())}};
  return listener;
}

std::string expected_text(CommandId id, uint32_t command_status, uint32_t sequence) {
  codec::Pdu pdu;
  pdu.command_id = id;
  pdu.command_status = command_status;
  pdu.sequence_number = sequence;
  return testing::describe(pdu);
}

// The next PDU is `id` with `command_status` and `sequence`.
AssertionResult answered_with(SmppTestClient& client, CommandId id, uint32_t command_status, uint32_t sequence) {
  const ReadResult next = client.read();
  if (!next.ok()) {
    return AssertionFailure() << "expected " << expected_text(id, command_status, sequence) << ", got "
                              << testing::read_status_name(next.status);
  }
  if (next.pdu.command_id != id || next.pdu.command_status != command_status || next.pdu.sequence_number != sequence) {
    return AssertionFailure() << "expected " << expected_text(id, command_status, sequence) << ", got "
                              << testing::describe(next.pdu);
  }
  if (command_status != status::kOk && next.frame.size() != codec::kHeaderLength) {
    return AssertionFailure() << "an error resp is a header only (S34 §3.3), but " << testing::describe(next.pdu)
                              << " has " << next.frame.size() - codec::kHeaderLength << " octets of body";
  }
  return AssertionSuccess();
}

// generic_nack ESME_RINVCMDLEN with sequence 0, then the connection closes with nothing more.
AssertionResult nacked_and_closed(SmppTestClient& client) {
  if (AssertionResult nack = answered_with(client, CommandId::generic_nack, status::kInvCmdLen, 0); !nack) return nack;
  const testing::CloseResult closed = client.wait_closed(2s);
  if (!closed.closed) return AssertionFailure() << "the connection stayed open after the generic_nack";
  if (closed.bytes_discarded != 0) {
    return AssertionFailure() << closed.bytes_discarded << " more octets came after the generic_nack";
  }
  return AssertionSuccess();
}

// The session still answers an enquire_link (which also resets the count of errors in a row).
AssertionResult still_served(SmppTestClient& client) {
  const auto response = client.enquire_link(2s);
  if (!response) return AssertionFailure() << "no enquire_link_resp: the session is gone";
  if (response->command_id != CommandId::enquire_link_resp || response->command_status != status::kOk) {
    return AssertionFailure() << "enquire_link got " << testing::describe(response);
  }
  return AssertionSuccess();
}

// Nothing arrives for a while.
AssertionResult no_answer(SmppTestClient& client, Millis wait = 300ms) {
  const ReadResult next = client.read(wait);
  if (next.status == ReadStatus::timeout) return AssertionSuccess();
  if (next.ok()) return AssertionFailure() << "unexpected " << testing::describe(next.pdu);
  return AssertionFailure() << "unexpected " << testing::read_status_name(next.status);
}

std::vector<uint8_t> header_only(uint32_t command_length, uint32_t command_id = 0x00000015, uint32_t sequence = 1) {
  RawPdu pdu(command_id, sequence);
  pdu.command_length = command_length;
  return pdu.bytes();
}

std::vector<uint8_t> submit_sm_bytes(uint32_t sequence, const SubmitSmFields& fields,
                                     const std::function<void(codec::ByteWriter&)>& after = {}) {
  RawPdu pdu(CommandId::submit_sm, sequence);
  codec::ByteWriter body = pdu.body_writer();
  testing::write_submit_sm_body(body, fields);
  if (after) after(body);
  return pdu.bytes();
}

std::vector<uint8_t> bytes_of(const codec::Pdu& pdu) {
  std::vector<uint8_t> bytes;
  codec::encode_pdu(pdu, bytes);
  return bytes;
}

std::vector<uint8_t> enquire_link_bytes(uint32_t sequence) {
  codec::Pdu pdu;
  pdu.command_id = CommandId::enquire_link;
  pdu.sequence_number = sequence;
  return bytes_of(pdu);
}

class MalformedInputTest : public IntegrationTest {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(start(hardened_listener())); }
};

// The same malformed inputs against listeners configured otherwise: each test starts its own.
class MalformedInputConfiguredTest : public IntegrationTest {};

// ---- 1. command_length 0..15 -------------------------------------------------------------------

TEST_F(MalformedInputTest, Class01_CommandLengthBelow16IsNackedWithSequence0ThenClosed) {
  expect_others_served_during([&] {
    for (const uint32_t length : {0u, 1u, 4u, 5u, 8u, 12u, 15u}) {
      SCOPED_TRACE("command_length " + std::to_string(length));
      auto client = connect();
      ASSERT_TRUE(client);
      ASSERT_TRUE(client->send_raw(header_only(length)));
      EXPECT_TRUE(nacked_and_closed(*client));
    }
    // Only the five octets a 5-octet PDU claims (Osmocom crashed on this), on a bound session.
    auto bound = bound_client();
    ASSERT_TRUE(bound);
    ASSERT_TRUE(bound->send_raw(std::vector<uint8_t>{0x00, 0x00, 0x00, 0x05, 0x00}));
    EXPECT_TRUE(nacked_and_closed(*bound));
  });
}

// ---- 2. command_length above the maximum ---------------------------------------------------------

TEST_F(MalformedInputTest, Class02_CommandLengthAboveTheMaximumIsNackedThenClosedWithoutAllocatingIt) {
  const uint64_t resident_before = smppd().resident_kib();
  expect_others_served_during([&] {
    for (const uint32_t length : {kMaxCommandLength + 1, 65536u, 0x10000000u, 0x7FFFFFFFu, 0xFFFFFFFFu}) {
      SCOPED_TRACE("command_length " + std::to_string(length));
      auto client = bound_client(CommandId::bind_transmitter);
      ASSERT_TRUE(client);
      ASSERT_TRUE(client->send_raw(header_only(length, static_cast<uint32_t>(CommandId::submit_sm), 2)));
      EXPECT_TRUE(nacked_and_closed(*client));
    }
  });
  // What a peer announces is never allocated: 4 GiB would show (a sanitizer build may not even
  // survive it). The bound is loose: sanitizer builds grow by themselves.
  const uint64_t resident_after = smppd().resident_kib();
  EXPECT_LT(resident_after, resident_before + 64 * 1024) << "RSS went from " << resident_before << " KiB to "
                                                         << resident_after << " KiB";
}

TEST_F(MalformedInputTest, Class02_APduOfExactlyTheMaximumLengthIsAccepted) {
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  const uint32_t sequence = client->next_sequence();
  std::vector<uint8_t> bytes = submit_sm_bytes(sequence, {}, [](codec::ByteWriter& body) {
    // A vendor TLV pads the PDU to exactly max_command_length.
    const size_t so_far = codec::kHeaderLength + body.size();
    testing::write_tlv(body, 0x1400, std::string(kMaxCommandLength - so_far - 4, 'x'));
  });
  ASSERT_EQ(bytes.size(), kMaxCommandLength);
  ASSERT_TRUE(client->send_raw(bytes));
  EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, status::kInvDstAdr, sequence));
  EXPECT_TRUE(still_served(*client));
}

// ---- 3. other protocols on the port ------------------------------------------------------------

TEST_F(MalformedInputTest, Class03_HttpAmqpAndATlsClientHelloAreNackedThenClosed) {
  const std::string client_hello = testing::tls_client_hello();
  ASSERT_GT(client_hello.size(), 16u);
  ASSERT_EQ(client_hello[0], '\x16') << "not a TLS handshake record";
  const std::vector<std::pair<std::string, std::string>> greetings = {
      {"HTTP", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: curl/7.88\r\nAccept: */*\r\n\r\n"},
      {"AMQP", std::string("AMQP\x00\x00\x09\x01", 8)},
      {"TLS ClientHello", client_hello},
  };
  expect_others_served_during([&] {
    for (const auto& [protocol, greeting] : greetings) {
      SCOPED_TRACE(protocol);
      auto client = connect();
      ASSERT_TRUE(client);
      ASSERT_TRUE(client->send_raw(greeting));
      EXPECT_TRUE(nacked_and_closed(*client));
    }
  });
}

// ---- 4. command_length that disagrees with the body ---------------------------------------------

TEST_F(MalformedInputTest, Class04_ABodyLongerThanTheCommandAllowsIsAnsweredWithInvCmdLen) {
  auto client = bound_client();
  ASSERT_TRUE(client);
  expect_others_served_during([&] {
    // enquire_link has no body; this one claims and carries 4 octets more.
    RawPdu enquire(CommandId::enquire_link, client->next_sequence());
    enquire.body_writer().u32(0);
    ASSERT_TRUE(client->send_raw(enquire.bytes()));
    EXPECT_TRUE(answered_with(*client, CommandId::enquire_link_resp, status::kInvCmdLen, enquire.sequence_number));
    EXPECT_TRUE(still_served(*client));
  });
}

TEST_F(MalformedInputTest, Class04_ACommandLengthThatEndsInsideAFieldIsAnsweredAndTheSessionStays) {
  auto client = connect();
  ASSERT_TRUE(client);
  expect_others_served_during([&] {
    // A bind whose command_length stops in the middle of the password: exactly that many octets.
    RawPdu bind(CommandId::bind_transmitter, client->next_sequence());
    codec::ByteWriter body = bind.body_writer();
    body.cstring("esme");
    body.bytes("secr");
    ASSERT_TRUE(client->send_raw(bind.bytes()));
    EXPECT_TRUE(answered_with(*client, CommandId::bind_transmitter_resp, status::kInvCmdLen, bind.sequence_number));
    EXPECT_TRUE(still_served(*client));
    // Still OPEN: a proper bind works.
    const auto good = client->bind(CommandId::bind_transmitter);
    ASSERT_TRUE(good);
    EXPECT_EQ(good->command_status, status::kOk);
  });
}

TEST_F(MalformedInputTest, Class04_ACommandLengthBeyondThePduLosesTheFramingAndCloses) {
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  expect_others_served_during([&] {
    // The submit_sm claims 8 octets more than it has; an enquire_link follows in the same write.
    // smppd takes the enquire_link's first 8 octets as the submit's TLVs (a TLV stream it cannot
    // read) and then finds a command_length of 0: framing is lost, so nack and close.
    const uint32_t submit_sequence = client->next_sequence();
    std::vector<uint8_t> submit = submit_sm_bytes(submit_sequence, {});
    RawPdu lying(CommandId::submit_sm, submit_sequence);
    lying.body.assign(submit.begin() + codec::kHeaderLength, submit.end());
    lying.command_length = static_cast<uint32_t>(submit.size() + 8);
    std::vector<uint8_t> bytes = lying.bytes();
    const std::vector<uint8_t> enquire = enquire_link_bytes(client->next_sequence());
    bytes.insert(bytes.end(), enquire.begin(), enquire.end());
    ASSERT_TRUE(client->send_raw(bytes));
    EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, status::kInvTlvStream, submit_sequence));
    EXPECT_TRUE(nacked_and_closed(*client));
  });
}

// ---- 5. a C-string without its NUL --------------------------------------------------------------

TEST_F(MalformedInputTest, Class05_ACStringWithoutItsNulIsAnsweredWithoutReadingPastThePdu) {
  auto client = connect();
  ASSERT_TRUE(client);
  expect_others_served_during([&] {
    // The system_id runs to the end of the PDU. The next PDU (with NULs aplenty) follows in the
    // same write: reading past the frame would find a NUL there and bind.
    RawPdu bind(CommandId::bind_transmitter, client->next_sequence());
    bind.body_writer().bytes("esme-without-nu");
    std::vector<uint8_t> bytes = bind.bytes();
    const uint32_t enquire_sequence = client->next_sequence();
    const std::vector<uint8_t> enquire = enquire_link_bytes(enquire_sequence);
    bytes.insert(bytes.end(), enquire.begin(), enquire.end());
    ASSERT_TRUE(client->send_raw(bytes));
    EXPECT_TRUE(answered_with(*client, CommandId::bind_transmitter_resp, status::kInvCmdLen, bind.sequence_number));
    EXPECT_TRUE(answered_with(*client, CommandId::enquire_link_resp, status::kOk, enquire_sequence));

    // The same for a submit_sm whose destination_addr is the last thing in the PDU.
    ASSERT_EQ(client->bind(CommandId::bind_transmitter)->command_status, status::kOk);
    RawPdu submit(CommandId::submit_sm, client->next_sequence());
    codec::ByteWriter body = submit.body_writer();
    body.cstring("");
    body.u8(5);
    body.u8(0);
    body.cstring("smppd-test");
    body.u8(1);
    body.u8(1);
    body.bytes("4915112345678");
    ASSERT_TRUE(client->send_raw(submit.bytes()));
    EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, status::kInvCmdLen, submit.sequence_number));
    EXPECT_TRUE(still_served(*client));
  });
}

// ---- 6. a C-string over its maximum ---------------------------------------------------------------

TEST_F(MalformedInputTest, Class06_CStringsOverTheirMaximumGetTheFieldsStatus) {
  auto client = connect();
  ASSERT_TRUE(client);
  struct Case {
    std::string what;
    RawPdu request;
    CommandId answer;
    uint32_t status;
  };
  // These go to an OPEN session on purpose: a well-formed request would get ESME_RINVBNDSTS, so
  // each status below can only come from the field check.
  std::vector<Case> cases;
  auto add_bind = [&](std::string what, std::string_view system_id, std::string_view password, uint32_t answer) {
    RawPdu bind(CommandId::bind_transmitter, client->next_sequence());
    codec::ByteWriter body = bind.body_writer();
    testing::write_bind_body(body, system_id, password);
    cases.push_back({std::move(what), std::move(bind), CommandId::bind_transmitter_resp, answer});
  };
  auto add_submit = [&](std::string what, const SubmitSmFields& fields, uint32_t answer) {
    RawPdu submit(CommandId::submit_sm, client->next_sequence());
    codec::ByteWriter body = submit.body_writer();
    testing::write_submit_sm_body(body, fields);
    cases.push_back({std::move(what), std::move(submit), CommandId::submit_sm_resp, answer});
  };
  add_bind("system_id of 16 octets", std::string(16, 's'), "pw", status::kInvSysId);
  add_bind("password of 9 octets", "esme", std::string(9, 'p'), status::kInvPaswd);
  add_submit("source_addr of 21 octets", SubmitSmFields().source(std::string(21, '1')), status::kInvSrcAdr);
  add_submit("destination_addr of 21 octets", SubmitSmFields().destination(std::string(21, '2')), status::kInvDstAdr);
  RawPdu query(CommandId::query_sm, client->next_sequence());
  codec::ByteWriter body = query.body_writer();
  body.cstring(std::string(65, 'm'));  // message_id
  body.u8(0);
  body.u8(0);
  body.cstring("smppd-test");
  cases.push_back({"message_id of 65 octets", std::move(query), CommandId::query_sm_resp, status::kInvMsgId});

  expect_others_served_during([&] {
    for (const Case& c : cases) {
      SCOPED_TRACE(c.what);
      ASSERT_TRUE(client->send_raw(c.request.bytes()));
      EXPECT_TRUE(answered_with(*client, c.answer, c.status, c.request.sequence_number));
      EXPECT_TRUE(still_served(*client));
    }
    // At the limit is fine: 15 octets of system_id, 8 of password.
    const auto bind = client->bind(CommandId::bind_transmitter, std::string(15, 's'), std::string(8, 'p'));
    ASSERT_TRUE(bind);
    EXPECT_EQ(bind->command_status, status::kOk) << testing::describe(bind);
  });
}

TEST_F(MalformedInputConfiguredTest, Class06_TheMaximumPasswordLengthIsConfigurable) {
  ListenerSpec listener;
  listener.session = {{"max_password_length", "17"}};  // 16 octets and the NUL
  ASSERT_NO_FATAL_FAILURE(start(listener));
  auto fits = connect();
  ASSERT_TRUE(fits);
  const auto bound = fits->bind(CommandId::bind_transceiver, "esme", std::string(16, 'p'));
  ASSERT_TRUE(bound);
  EXPECT_EQ(bound->command_status, status::kOk) << testing::describe(bound);
  auto too_long = connect();
  ASSERT_TRUE(too_long);
  RawPdu bind(CommandId::bind_transceiver, 1);
  codec::ByteWriter body = bind.body_writer();
  testing::write_bind_body(body, "esme", std::string(17, 'p'));
  ASSERT_TRUE(too_long->send_raw(bind.bytes()));
  EXPECT_TRUE(answered_with(*too_long, CommandId::bind_transceiver_resp, status::kInvPaswd, 1));
}

// ---- 7. sm_length ---------------------------------------------------------------------------------

TEST_F(MalformedInputTest, Class07_SmLengthBeyondTheOctetsOrNotMatchingTheText) {
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  expect_others_served_during([&] {
    // sm_length 10, five octets of text, end of PDU.
    uint32_t sequence = client->next_sequence();
    ASSERT_TRUE(client->send_raw(submit_sm_bytes(sequence, SubmitSmFields().text("hello").length(10))));
    EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, status::kInvMsgLen, sequence));
    EXPECT_TRUE(still_served(*client));

    // sm_length 255 with 255 octets is the largest allowed: it goes on to the router.
    sequence = client->next_sequence();
    const std::string longest(255, 'a');
    ASSERT_TRUE(client->send_raw(submit_sm_bytes(sequence, SubmitSmFields().text(longest))));
    EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, status::kInvDstAdr, sequence));

    // sm_length 255 with fewer octets.
    sequence = client->next_sequence();
    ASSERT_TRUE(client->send_raw(submit_sm_bytes(sequence, SubmitSmFields().text("short").length(255))));
    EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, status::kInvMsgLen, sequence));
    EXPECT_TRUE(still_served(*client));

    // sm_length 3 for "hello": the two octets left over are no TLV.
    sequence = client->next_sequence();
    ASSERT_TRUE(client->send_raw(submit_sm_bytes(sequence, SubmitSmFields().text("hello").length(3))));
    EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, status::kInvTlvStream, sequence));
    EXPECT_TRUE(still_served(*client));
  });
}

// ---- 8. UDH ----------------------------------------------------------------------------------------

TEST_F(MalformedInputTest, Class08_UdhiWithoutRoomForTheUdhIsRefused) {
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  expect_others_served_during([&] {
    // UDHI set, sm_length 0.
    uint32_t sequence = client->next_sequence();
    ASSERT_TRUE(client->send_raw(submit_sm_bytes(sequence, SubmitSmFields().esm(0x40).text(""))));
    EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, status::kInvMsgLen, sequence));
    EXPECT_TRUE(still_served(*client));

    // UDHL 5 with two octets after it (Osmocom's NULL dereference).
    sequence = client->next_sequence();
    ASSERT_TRUE(client->send_raw(
        submit_sm_bytes(sequence, SubmitSmFields().esm(0x40).text(std::string("\x05\x00\x03", 3)))));
    EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, status::kInvMsgLen, sequence));
    EXPECT_TRUE(still_served(*client));

    // UDHL 255 in a one-octet message_payload, with sm_length 0.
    sequence = client->next_sequence();
    ASSERT_TRUE(client->send_raw(submit_sm_bytes(sequence, SubmitSmFields().esm(0x40).text(""),
                                                 [](codec::ByteWriter& body) {
                                                   testing::write_tlv(body, codec::tlv::kMessagePayload, "\xFF");
                                                 })));
    EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, status::kInvMsgLen, sequence));

    // A concatenation UDH that fits goes on to the router.
    sequence = client->next_sequence();
    ASSERT_TRUE(client->send_raw(submit_sm_bytes(
        sequence, SubmitSmFields().esm(0x40).text(std::string("\x05\x00\x03\x2A\x02\x01part one", 14)))));
    EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, status::kInvDstAdr, sequence));
  });
}

// ---- 9. text that expands when decoded -------------------------------------------------------------

// No filter on this chain decodes the text, so this shows that such texts pass the session and
// leave smppd and its other sessions unharmed; the decoders themselves are covered by the codec
// tests and fuzz targets.
TEST_F(MalformedInputTest, Class09_TextsThatExpandWhenDecodedPassTheSessionUnharmed) {
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  std::string euros;  // GSM 7-bit escape + 'e' is the euro sign: 2 octets become 3 in UTF-8
  while (euros.size() + 2 <= 254) euros += "\x1B\x65";
  euros += "\x1B";  // and a dangling escape at the end
  const std::vector<std::pair<std::string, SubmitSmFields>> texts = {
      {"GSM 7-bit full of escapes", SubmitSmFields().coding(0x00).text(euros)},
      {"UCS-2 of odd length", SubmitSmFields().coding(0x08).text(std::string("\x00h\x00i\x00", 5))},
      {"UCS-2 with a lone surrogate", SubmitSmFields().coding(0x08).text(std::string("\xD8\x3D\x00\x41", 4))},
      {"reserved data_coding", SubmitSmFields().coding(0x0E).text("\xFF\xFE\x80")},
      {"8-bit binary", SubmitSmFields().coding(0x04).text(std::string(140, '\xFF'))},
  };
  expect_others_served_during([&] {
    for (const auto& [what, fields] : texts) {
      SCOPED_TRACE(what);
      const uint32_t sequence = client->next_sequence();
      ASSERT_TRUE(client->send_raw(submit_sm_bytes(sequence, fields)));
      EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, status::kInvDstAdr, sequence));
    }
    // The same in a message_payload far larger than a short_message can be.
    const uint32_t sequence = client->next_sequence();
    std::string payload;
    while (payload.size() + 2 <= 3000) payload += "\x1B\x65";
    ASSERT_TRUE(client->send_raw(submit_sm_bytes(sequence, SubmitSmFields().text(""), [&](codec::ByteWriter& body) {
      testing::write_tlv(body, codec::tlv::kMessagePayload, payload);
    })));
    EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, status::kInvDstAdr, sequence));
    EXPECT_TRUE(still_served(*client));
  });
}

// ---- 10. TLVs --------------------------------------------------------------------------------------

TEST_F(MalformedInputTest, Class10_BrokenTlvsGetTheirStatusAndUnknownTlvsAreAccepted) {
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  struct Case {
    std::string what;
    std::function<void(codec::ByteWriter&)> tlvs;
    uint32_t status;
  };
  const std::vector<Case> cases = {
      {"a TLV length beyond the PDU", [](codec::ByteWriter& b) { testing::write_tlv(b, 0x1400, 100, "ab"); },
       status::kInvTlvStream},
      {"three stray octets after the last TLV", [](codec::ByteWriter& b) { b.bytes(std::string("\x02\x04\x00", 3)); },
       status::kInvTlvStream},
      {"a fixed-size TLV of length 0",
       [](codec::ByteWriter& b) { testing::write_tlv(b, codec::tlv::kUserMessageReference, ""); },
       status::kInvTlvLen},
      {"the same TLV twice",
       [](codec::ByteWriter& b) {
         testing::write_tlv(b, codec::tlv::kUserMessageReference, std::string("\x00\x01", 2));
         testing::write_tlv(b, codec::tlv::kUserMessageReference, std::string("\x00\x02", 2));
       },
       status::kInvTlvStream},
      {"short_message and message_payload both",
       [](codec::ByteWriter& b) { testing::write_tlv(b, codec::tlv::kMessagePayload, "also here"); },
       status::kInvMsgLen},
      // Unknown and vendor TLVs are kept and the request goes on (to the router's answer).
      {"unknown TLVs",
       [](codec::ByteWriter& b) {
         testing::write_tlv(b, 0x1400, "vendor");
         testing::write_tlv(b, 0x3FFF, "");
         testing::write_tlv(b, 0x0666, std::string(300, 'x'));
       },
       status::kInvDstAdr},
  };
  expect_others_served_during([&] {
    for (const Case& c : cases) {
      SCOPED_TRACE(c.what);
      const uint32_t sequence = client->next_sequence();
      ASSERT_TRUE(client->send_raw(submit_sm_bytes(sequence, {}, c.tlvs)));
      EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, c.status, sequence));
      EXPECT_TRUE(still_served(*client));
    }
  });
}

// ---- 11. unknown command_id --------------------------------------------------------------------------

TEST_F(MalformedInputTest, Class11_UnknownCommandIdsAreNackedAndTheSessionStays) {
  auto client = bound_client();
  ASSERT_TRUE(client);
  expect_others_served_during([&] {
    for (const uint32_t id : {0x00000099u, 0x0000000Au, 0x00010200u, 0x7FFFFFFFu}) {
      SCOPED_TRACE("command_id " + std::to_string(id));
      RawPdu unknown(id, client->next_sequence());
      unknown.body_writer().cstring("whatever");
      ASSERT_TRUE(client->send_raw(unknown.bytes()));
      EXPECT_TRUE(answered_with(*client, CommandId::generic_nack, status::kInvCmdId, unknown.sequence_number));
      EXPECT_TRUE(still_served(*client));
    }
    // An unknown response is never answered (S34 §3.3).
    RawPdu unknown_response(0x80000099u, client->next_sequence());
    ASSERT_TRUE(client->send_raw(unknown_response.bytes()));
    EXPECT_TRUE(no_answer(*client));
    EXPECT_TRUE(still_served(*client));
  });
}

TEST_F(MalformedInputConfiguredTest, Class11_MaxConsecutiveErrorsInARowCloseTheSession) {
  ListenerSpec listener;
  listener.session = {{"max_consecutive_errors", "3"}};
  ASSERT_NO_FATAL_FAILURE(start(listener));
  auto client = bound_client();
  ASSERT_TRUE(client);
  auto send_unknown = [&] {
    RawPdu unknown(0x00000099u, client->next_sequence());
    EXPECT_TRUE(client->send_raw(unknown.bytes()));
    EXPECT_TRUE(answered_with(*client, CommandId::generic_nack, status::kInvCmdId, unknown.sequence_number));
  };
  expect_others_served_during([&] {
    // Two in a row, then a good PDU: the count starts again.
    send_unknown();
    send_unknown();
    EXPECT_TRUE(still_served(*client));
    send_unknown();
    send_unknown();
    EXPECT_TRUE(still_served(*client));
    // Three in a row: the third is answered, then the session closes.
    send_unknown();
    send_unknown();
    send_unknown();
    const testing::CloseResult closed = client->wait_closed(2s);
    EXPECT_TRUE(closed.closed);
    EXPECT_EQ(closed.bytes_discarded, 0u);
  });
}

// ---- 12. responses without requests, requests with a status ---------------------------------------

TEST_F(MalformedInputTest, Class12_ResponsesMatchingNoRequestAreIgnoredAndRequestStatusesToo) {
  auto client = bound_client();
  ASSERT_TRUE(client);
  expect_others_served_during([&] {
    for (const CommandId id : {CommandId::submit_sm_resp, CommandId::enquire_link_resp, CommandId::deliver_sm_resp,
                               CommandId::generic_nack, CommandId::unbind_resp, CommandId::bind_transceiver_resp}) {
      SCOPED_TRACE(std::string(codec::command_name(id)));
      RawPdu stray(id, 777);
      stray.command_status = status::kSysErr;
      ASSERT_TRUE(client->send_raw(stray.bytes()));
      EXPECT_TRUE(no_answer(*client, 150ms));
    }
    EXPECT_TRUE(still_served(*client));

    // A request's command_status is ignored, as receivers are told to.
    RawPdu enquire(CommandId::enquire_link, client->next_sequence());
    enquire.command_status = status::kSubmitFail;
    ASSERT_TRUE(client->send_raw(enquire.bytes()));
    EXPECT_TRUE(answered_with(*client, CommandId::enquire_link_resp, status::kOk, enquire.sequence_number));
    const uint32_t sequence = client->next_sequence();
    std::vector<uint8_t> submit = submit_sm_bytes(sequence, {});
    submit[11] = 0x45;  // command_status
    ASSERT_TRUE(client->send_raw(submit));
    EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, status::kInvDstAdr, sequence));
  });
}

// ---- 13. sequence numbers ----------------------------------------------------------------------------

TEST_F(MalformedInputTest, Class13_SequenceNumber0OrAbove0x7FFFFFFFIsNackedAndTheSessionStays) {
  auto client = bound_client();
  ASSERT_TRUE(client);
  expect_others_served_during([&] {
    for (const uint32_t sequence : {0u, 0x80000000u, 0xFFFFFFFFu}) {
      SCOPED_TRACE("sequence_number " + std::to_string(sequence));
      ASSERT_TRUE(client->send_raw(enquire_link_bytes(1)));  // a good one first: no errors in a row
      EXPECT_TRUE(answered_with(*client, CommandId::enquire_link_resp, status::kOk, 1));
      RawPdu enquire(CommandId::enquire_link, sequence);
      ASSERT_TRUE(client->send_raw(enquire.bytes()));
      EXPECT_TRUE(answered_with(*client, CommandId::generic_nack, status::kUnknownErr, 0));
      ASSERT_TRUE(client->send_raw(submit_sm_bytes(sequence, {})));
      EXPECT_TRUE(answered_with(*client, CommandId::generic_nack, status::kUnknownErr, 0));
      EXPECT_TRUE(still_served(*client));
    }
    // 0x7FFFFFFF is the largest allowed.
    ASSERT_TRUE(client->send_raw(enquire_link_bytes(0x7FFFFFFF)));
    EXPECT_TRUE(answered_with(*client, CommandId::enquire_link_resp, status::kOk, 0x7FFFFFFF));
  });
}

// test_delay holds the first submit in flight, so the second with its sequence number arrives
// while the first is undecided: the duplicate is refused at once, the first answered later.
TEST_F(MalformedInputConfiguredTest, Class13_ASecondRequestWithASequenceNumberInFlightIsNacked) {
  ListenerSpec listener = hardened_listener();
  listener.filters = delay_filter(300ms);
  ASSERT_NO_FATAL_FAILURE(start({listener}, kDelayPool));
  auto client = bound_client(CommandId::bind_transmitter);
  ASSERT_TRUE(client);
  expect_others_served_during([&] {
    const uint32_t sequence = client->next_sequence();
    std::vector<uint8_t> bytes = submit_sm_bytes(sequence, {});
    const std::vector<uint8_t> again = submit_sm_bytes(sequence, SubmitSmFields().destination("4915199999999"));
    bytes.insert(bytes.end(), again.begin(), again.end());
    ASSERT_TRUE(client->send_raw(bytes));
    EXPECT_TRUE(answered_with(*client, CommandId::generic_nack, status::kUnknownErr, sequence));
    EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, status::kInvDstAdr, sequence));
    EXPECT_TRUE(no_answer(*client));
    // Once answered, the sequence number is free again.
    ASSERT_TRUE(client->send_raw(submit_sm_bytes(sequence, {})));
    EXPECT_TRUE(answered_with(*client, CommandId::submit_sm_resp, status::kInvDstAdr, sequence));
  });
}

// ---- 14. PDUs in the wrong state -----------------------------------------------------------------------

TEST_F(MalformedInputTest, Class14_PdusInTheWrongStateGetInvBndStsAndTheSessionStays) {
  auto client = connect();
  ASSERT_TRUE(client);
  expect_others_served_during([&] {
    // Before bind.
    auto expect_refused = [&](codec::Pdu request, CommandId answer, uint32_t answer_status) {
      SCOPED_TRACE(std::string(codec::command_name(request.command_id)));
      const auto response = client->call(std::move(request));
      ASSERT_TRUE(response);
      EXPECT_EQ(response->command_id, answer) << testing::describe(response);
      EXPECT_EQ(response->command_status, answer_status) << testing::describe(response);
    };
    codec::Pdu unbind;
    unbind.command_id = CommandId::unbind;
    codec::Pdu deliver = testing::make_submit_sm();
    deliver.command_id = CommandId::deliver_sm;
    codec::Pdu data;
    data.command_id = CommandId::data_sm;
    data.source_addr = "smppd-test";
    data.destination_addr = "4915112345678";
    expect_refused(testing::make_submit_sm(), CommandId::submit_sm_resp, status::kInvBndSts);
    expect_refused(data, CommandId::data_sm_resp, status::kInvBndSts);
    expect_refused(unbind, CommandId::unbind_resp, status::kInvBndSts);
    expect_refused(deliver, CommandId::deliver_sm_resp, status::kInvBndSts);

    // Bound as receiver: no submits, no data_sm from the ESME, no second bind.
    ASSERT_EQ(client->bind(CommandId::bind_receiver)->command_status, status::kOk);
    expect_refused(testing::make_submit_sm(), CommandId::submit_sm_resp, status::kInvBndSts);
    expect_refused(data, CommandId::data_sm_resp, status::kInvBndSts);
    expect_refused(testing::make_bind(CommandId::bind_transmitter, "esme", "pw"), CommandId::bind_transmitter_resp,
                   status::kAlyBnd);
    // MC-only PDUs without a resp of their own: generic_nack.
    codec::Pdu alert;
    alert.command_id = CommandId::alert_notification;
    alert.source_addr = "4915112345678";
    alert.esme_addr = "smppd-test";
    expect_refused(alert, CommandId::generic_nack, status::kInvBndSts);
    codec::Pdu outbind;
    outbind.command_id = CommandId::outbind;
    outbind.system_id = "esme";
    expect_refused(outbind, CommandId::generic_nack, status::kInvBndSts);
    // deliver_sm goes from MC to ESME only.
    expect_refused(deliver, CommandId::deliver_sm_resp, status::kInvBndSts);
    EXPECT_TRUE(still_served(*client));
  });
}

// ---- 15. slow input, and lots of it ---------------------------------------------------------------------

TEST_F(MalformedInputTest, Class15_AHeaderThenAStallIsClosedWithinTheResponseTimeout) {
  auto client = bound_client();
  ASSERT_TRUE(client);
  expect_others_served_during([&] {
    RawPdu submit(CommandId::submit_sm, client->next_sequence());
    submit.command_length = 64;
    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(client->send_raw(submit.bytes()));  // 16 of the 64 octets, then nothing
    const testing::CloseResult closed = client->wait_closed(kResponseTimeout + 1500ms);
    const auto took = std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - start);
    EXPECT_TRUE(closed.closed) << "still open after " << took.count() << " ms";
    EXPECT_EQ(closed.bytes_discarded, 0u);
    EXPECT_GE(took, kResponseTimeout - 50ms) << "closed before the response timeout";
  });
}

TEST_F(MalformedInputTest, Class15_AStallBeforeBindIsClosedToo) {
  auto client = connect();
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->send_raw(std::vector<uint8_t>{0x00, 0x00, 0x00, 0x30, 0x00, 0x00}));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client->wait_closed(kResponseTimeout + 1500ms).closed);
  EXPECT_LT(std::chrono::steady_clock::now() - start, kResponseTimeout + 1500ms);
}

TEST_F(MalformedInputTest, Class15_ABindDeliveredByteByByteWorks) {
  auto client = connect();
  ASSERT_TRUE(client);
  const std::vector<uint8_t> bind = bytes_of([] {
    codec::Pdu pdu = testing::make_bind(CommandId::bind_transceiver, "trickle", "slowly");
    pdu.sequence_number = 1;
    return pdu;
  }());
  expect_others_served_during([&] {
    for (const uint8_t octet : bind) {
      ASSERT_TRUE(client->send_raw(std::span(&octet, 1)));
      std::this_thread::sleep_for(5ms);
    }
  });
  EXPECT_TRUE(answered_with(*client, CommandId::bind_transceiver_resp, status::kOk, 1));
  EXPECT_TRUE(still_served(*client));
}

TEST_F(MalformedInputTest, Class15_FiveThousandEnquireLinksInOneWriteAreAllAnswered) {
  auto client = bound_client();
  ASSERT_TRUE(client);
  constexpr uint32_t kCount = 5000;
  std::vector<uint8_t> bytes;
  for (uint32_t sequence = 1000; sequence < 1000 + kCount; ++sequence) {
    const std::vector<uint8_t> one = enquire_link_bytes(sequence);
    bytes.insert(bytes.end(), one.begin(), one.end());
  }
  expect_others_served_during([&] {
    ASSERT_TRUE(client->send_raw(bytes));
    for (uint32_t sequence = 1000; sequence < 1000 + kCount; ++sequence) {
      const ReadResult next = client->read();
      ASSERT_TRUE(next.ok()) << "after " << sequence - 1000 << " resps: " << testing::read_status_name(next.status);
      ASSERT_EQ(next.pdu.command_id, CommandId::enquire_link_resp);
      // One session answers in order: its PDUs are handled one after another.
      ASSERT_EQ(next.pdu.sequence_number, sequence);
    }
  });
  EXPECT_TRUE(no_answer(*client, 100ms));
}

// ---- 16. receipts ---------------------------------------------------------------------------------------

// Receipts come from upstream MCs, which smppd does not reach yet; from an ESME a deliver_sm is
// refused whatever its text. What can be shown: such texts do not upset the session.
TEST_F(MalformedInputTest, Class16_ReceiptTextsFromAnEsmeAreRefusedWithoutHarm) {
  auto client = bound_client();
  ASSERT_TRUE(client);
  const std::vector<std::string> receipts = {
      "id:1234 sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:DELIVRD err:000 text:hi",
      "stat:DELIVRD id:0x1F2E3D done date:240101120000",
      "id: sub:001 dlvrd: submit date: done date:",
      "id:" + std::string(200, '9') + " stat:" + std::string(40, 'X'),
      "text:only",
  };
  expect_others_served_during([&] {
    for (const std::string& text : receipts) {
      SCOPED_TRACE(text);
      codec::Pdu deliver = testing::make_submit_sm("smppd-test", text.substr(0, 254));
      deliver.command_id = CommandId::deliver_sm;
      deliver.esm_class = codec::kEsmClassDeliveryReceipt;
      const auto response = client->call(deliver);
      ASSERT_TRUE(response);
      EXPECT_EQ(response->command_id, CommandId::deliver_sm_resp);
      EXPECT_EQ(response->command_status, status::kInvBndSts);
    }
    EXPECT_TRUE(still_served(*client));
  });
}

}  // namespace
}  // namespace smppd::integration
