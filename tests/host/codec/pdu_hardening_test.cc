// One regression test per single-PDU class of malformed input in HARDENING.md (classes 1-13;
// class 9 lives with the text codecs, class 16 with the receipt parser). Session-level halves of
// classes 12-14 (unmatched responses, duplicate in-flight sequence numbers, wrong bind state) belong
// to the session tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "host/codec/command_status.h"
#include "host/codec/frame.h"
#include "host/codec/pdu_decoder.h"
#include "host/codec/pdu_encoder.h"
#include "host/codec/tlv_tag.h"
#include "tests/support/hex.h"

namespace smppd::codec {
namespace {

using testing::from_hex;

// A submit_sm to build malformed variants from: the fields, then whatever tail the test adds.
std::vector<uint8_t> submit_sm(const std::string& body_tail_hex, uint8_t esm_class = 0) {
  Pdu pdu;
  pdu.command_id = CommandId::submit_sm;
  pdu.sequence_number = 7;
  pdu.source_addr = "smppd";
  pdu.destination_addr = "447700900123";
  pdu.esm_class = esm_class;
  std::vector<uint8_t> bytes;
  EXPECT_FALSE(encode_pdu(pdu, bytes).failed());
  bytes.pop_back();  // drop sm_length 0: the test supplies sm_length, short_message and TLVs
  auto tail = from_hex(body_tail_hex);
  bytes.insert(bytes.end(), tail.begin(), tail.end());
  const auto length = static_cast<uint32_t>(bytes.size());
  bytes[0] = static_cast<uint8_t>(length >> 24);
  bytes[1] = static_cast<uint8_t>(length >> 16);
  bytes[2] = static_cast<uint8_t>(length >> 8);
  bytes[3] = static_cast<uint8_t>(length);
  return bytes;
}

DecodeError decode(const std::vector<uint8_t>& bytes, const DecodeOptions& options = {}) {
  Pdu pdu;
  return decode_pdu(bytes, pdu, options);
}

// Class 1: command_length 0..15, including below 4 and below 8.
TEST(Hardening01, CommandLengthBelowHeaderSizeLosesFraming) {
  for (uint32_t length = 0; length < 16; ++length) {
    SCOPED_TRACE(length);
    std::vector<uint8_t> bytes = {0, 0, 0, static_cast<uint8_t>(length), 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 1};
    EXPECT_EQ(next_frame(bytes).state, FrameState::invalid);
    EXPECT_EQ(decode(bytes).kind, DecodeErrorKind::command_length_invalid);
    EXPECT_EQ(decode(bytes).command_status, status::kInvCmdLen);
  }
}

TEST(Hardening01, FiveOctetsNeverReadPastTheBuffer) {
  // Osmocom crashed on a 5-octet PDU: decode_pdu must refuse it without reading the missing header.
  const auto bytes = from_hex("0000000515");
  EXPECT_EQ(decode(bytes).kind, DecodeErrorKind::command_length_invalid);
  EXPECT_EQ(next_frame(bytes).state, FrameState::invalid);
}

// Class 2: command_length above the configured maximum, up to 0xFFFFFFFF.
TEST(Hardening02, CommandLengthAboveMaximumIsRefusedBeforeAnyBodyArrives) {
  for (uint32_t length : {kDefaultMaxCommandLength + 1, 0x00100000u, 0x7FFFFFFFu, 0xFFFFFFFFu}) {
    SCOPED_TRACE(length);
    const std::vector<uint8_t> header = {static_cast<uint8_t>(length >> 24), static_cast<uint8_t>(length >> 16),
                                         static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)};
    const Frame frame = next_frame(header);
    EXPECT_EQ(frame.state, FrameState::invalid);
  }
  const std::vector<uint8_t> at_limit = {0, 0, 0x40, 0};  // exactly 16 KiB: wait for the rest
  EXPECT_EQ(next_frame(at_limit).state, FrameState::incomplete);
}

// Class 3: other protocols on the port.
TEST(Hardening03, OtherProtocolsAreRefusedAtTheFirstFourOctets) {
  const std::string http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string amqp("AMQP\x00\x00\x09\x01", 8);
  const std::string tls_client_hello("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
  for (const std::string& text : {http, amqp, tls_client_hello}) {
    SCOPED_TRACE(testing::to_hex(text));
    const std::vector<uint8_t> bytes(text.begin(), text.end());
    EXPECT_EQ(next_frame(bytes).state, FrameState::invalid);
  }
  // "GET " read as a length is 1,195,725,856: never something to wait for.
  const std::vector<uint8_t> get(http.begin(), http.begin() + 4);
  EXPECT_EQ(next_frame(get).length, 1195725856u);
}

// Class 4: command_length that disagrees with the body.
TEST(Hardening04, BodyShorterThanTheMandatoryFields) {
  auto bytes = submit_sm("00");
  bytes.resize(30);  // cut inside destination_addr, then claim exactly that length
  bytes[3] = 30;
  const DecodeError error = decode(bytes);
  EXPECT_EQ(error.kind, DecodeErrorKind::body_truncated);
  EXPECT_EQ(error.command_status, status::kInvCmdLen);
}

TEST(Hardening04, HeaderOnlyRequestWithABody) {
  const auto bytes = from_hex("00000014000000150000000000000001DEADBEEF");
  const DecodeError error = decode(bytes);
  EXPECT_EQ(error.kind, DecodeErrorKind::body_not_allowed);
  EXPECT_EQ(error.command_status, status::kInvCmdLen);
}

TEST(Hardening04, TrailingOctetsAfterTheMandatoryFields) {
  const DecodeError error = decode(submit_sm("00" "0102"));
  EXPECT_EQ(error.kind, DecodeErrorKind::tlv_stream_invalid);
  EXPECT_EQ(error.command_status, status::kInvTlvStream);
}

TEST(Hardening04, FrameLongerThanCommandLength) {
  auto bytes = submit_sm("00");
  bytes.push_back(0);
  const DecodeError error = decode(bytes);  // one whole frame must be exactly command_length
  EXPECT_EQ(error.kind, DecodeErrorKind::command_length_invalid);
}

// Class 5: a C-string without its NUL.
TEST(Hardening05, CStringRunningToTheEndOfThePdu) {
  // cloudhopper E15: submit_sm_resp whose message_id has no NUL (OpenSIPS read past the PDU here).
  const DecodeError error = decode(from_hex("0000001180000004000000000A342EE139"));
  EXPECT_EQ(error.kind, DecodeErrorKind::body_truncated);
  EXPECT_EQ(error.field, FieldId::message_id);
  EXPECT_EQ(error.offset, 16u);
}

// Class 6: a C-string over its maximum, answered with the field's own status.
TEST(Hardening06, CStringsOverTheirMaximum) {
  struct Case {
    FieldId field;
    CommandId command;
    size_t max_with_nul;
    uint32_t status;
  };
  const Case cases[] = {
      {FieldId::system_id, CommandId::bind_transceiver, 16, status::kInvSysId},
      {FieldId::password, CommandId::bind_transceiver, 9, status::kInvPaswd},
      {FieldId::system_type, CommandId::bind_transceiver, 13, status::kInvSysTyp},
      {FieldId::service_type, CommandId::submit_sm, 6, status::kInvSerTyp},
      {FieldId::source_addr, CommandId::submit_sm, 21, status::kInvSrcAdr},
      {FieldId::destination_addr, CommandId::submit_sm, 21, status::kInvDstAdr},
      {FieldId::destination_addr, CommandId::data_sm, 65, status::kInvDstAdr},
      {FieldId::message_id, CommandId::query_sm, 65, status::kInvMsgId},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(command_name(c.command)) + "." + std::string(field_name(c.field)));
    Pdu pdu;
    pdu.command_id = c.command;
    pdu.sequence_number = 1;
    // At the limit it encodes and decodes.
    const std::string longest(c.max_with_nul - 1, '~');
    *pdu.string_field(c.field) = longest;
    std::vector<uint8_t> bytes;
    ASSERT_FALSE(encode_pdu(pdu, bytes).failed());
    ASSERT_FALSE(decode(bytes).failed()) << describe(decode(bytes));

    // One octet more: the encoder refuses to write it...
    Pdu oversized = pdu;
    *oversized.string_field(c.field) += '~';
    std::vector<uint8_t> refused;
    EXPECT_TRUE(encode_pdu(oversized, refused).failed());
    EXPECT_TRUE(refused.empty());

    // ...and the decoder to read it, with the field's own status.
    const auto at = std::search(bytes.begin(), bytes.end(), longest.begin(), longest.end());
    ASSERT_NE(at, bytes.end());
    bytes.insert(at, '~');
    bytes[2] = static_cast<uint8_t>(bytes.size() >> 8);
    bytes[3] = static_cast<uint8_t>(bytes.size());
    const DecodeError error = decode(bytes);
    EXPECT_EQ(error.kind, DecodeErrorKind::cstring_too_long);
    EXPECT_EQ(error.field, c.field);
    EXPECT_EQ(error.command_status, c.status);
  }
}

// Class 7: sm_length beyond the remaining octets, equal to 255, or not matching the text.
TEST(Hardening07, SmLengthBeyondTheRemainingOctets) {
  const DecodeError error = decode(submit_sm("10" "68656C6C6F"));  // says 16, carries 5
  EXPECT_EQ(error.kind, DecodeErrorKind::short_message_overrun);
  EXPECT_EQ(error.command_status, status::kInvMsgLen);
}

TEST(Hardening07, SmLength255IsAcceptedAsV50Allows) {
  const DecodeError error = decode(submit_sm("FF" + std::string(255 * 2, '4')));
  EXPECT_FALSE(error.failed()) << describe(error);
}

TEST(Hardening07, SmLengthShorterThanTheText) {
  // The text's tail is read as a TLV stream, and two octets cannot be a TLV.
  const DecodeError error = decode(submit_sm("03" "68656C6C6F"));
  EXPECT_EQ(error.kind, DecodeErrorKind::tlv_stream_invalid);
}

// Class 8: sm_length 0 with UDHI set; UDH length beyond sm_length.
TEST(Hardening08, UdhiWithoutUserData) {
  const DecodeError error = decode(submit_sm("00", kEsmClassUdhi));
  EXPECT_EQ(error.kind, DecodeErrorKind::udh_invalid);
  EXPECT_EQ(error.command_status, status::kInvMsgLen);
}

TEST(Hardening08, UdhLengthBeyondTheShortMessage) {
  const DecodeError error = decode(submit_sm("04" "05000301", kEsmClassUdhi));  // UDHL 5, 3 octets follow
  EXPECT_EQ(error.kind, DecodeErrorKind::udh_invalid);
}

TEST(Hardening08, UdhInMessagePayloadIsChecked) {
  EXPECT_FALSE(decode(submit_sm("00" "04240007" "0500030102" "41" "42", kEsmClassUdhi)).failed());
  EXPECT_EQ(decode(submit_sm("00" "04240003" "050003", kEsmClassUdhi)).kind, DecodeErrorKind::udh_invalid);
}

// Class 10: TLV length beyond the PDU, zero length for a fixed-size TLV, the same TLV twice,
// unknown TLVs, short_message and message_payload both present.
TEST(Hardening10, TlvLengthBeyondThePdu) {
  const DecodeError error = decode(submit_sm("00" "020C0010" "0001"));
  EXPECT_EQ(error.kind, DecodeErrorKind::tlv_stream_invalid);
  EXPECT_EQ(error.tlv_tag, tlv::kSarMsgRefNum);
  EXPECT_EQ(error.command_status, status::kInvTlvStream);
}

TEST(Hardening10, ZeroLengthForAFixedSizeTlv) {
  const DecodeError error = decode(submit_sm("00" "020C0000"));
  EXPECT_EQ(error.kind, DecodeErrorKind::tlv_length_invalid);
  EXPECT_EQ(error.command_status, status::kInvTlvLen);
}

TEST(Hardening10, SameKnownTlvTwice) {
  const DecodeError error = decode(submit_sm("00" "04240001" "41" "04240001" "42"));
  EXPECT_EQ(error.kind, DecodeErrorKind::tlv_duplicate);
  EXPECT_EQ(error.tlv_tag, tlv::kMessagePayload);
}

TEST(Hardening10, RepeatableAndUnknownTlvsAreKeptByteExact) {
  const auto bytes = submit_sm("00" "0606000200AA" "0606000200BB" "7FFF0003010203" "14020000" "14020001FF");
  Pdu pdu;
  const DecodeError error = decode_pdu(bytes, pdu);
  ASSERT_FALSE(error.failed()) << describe(error);
  ASSERT_EQ(pdu.tlvs.size(), 5u);
  std::vector<uint8_t> encoded;
  ASSERT_FALSE(encode_pdu(pdu, encoded).failed());
  EXPECT_EQ(encoded, bytes);
}

TEST(Hardening10, ShortMessageAndPayloadBothPresent) {
  const auto bytes = submit_sm("02" "4142" "04240002" "4344");
  EXPECT_FALSE(decode(bytes).failed());  // receipts in the wild do this
  DecodeOptions strict;
  strict.refuse_short_message_with_payload = true;
  const DecodeError error = decode(bytes, strict);
  EXPECT_EQ(error.kind, DecodeErrorKind::short_message_and_payload);
  EXPECT_EQ(error.command_status, status::kInvMsgLen);
}

// Class 11: unknown command_id: ESME_RINVCMDID, and the stream stays framed.
TEST(Hardening11, UnknownCommandIdKeepsTheHeaderForTheNack) {
  const auto bytes = from_hex("000000140001020000000000000000090102030400000010000000150000000000000002");
  const Frame first = next_frame(bytes);
  ASSERT_EQ(first.state, FrameState::complete);
  const auto frame = std::span(bytes).first(first.length);
  const DecodeError error = decode({frame.begin(), frame.end()});
  EXPECT_EQ(error.kind, DecodeErrorKind::unknown_command_id);
  EXPECT_EQ(error.command_status, status::kInvCmdId);
  EXPECT_FALSE(error.framing_lost());
  PduHeader header;
  ASSERT_TRUE(decode_header(frame, header));
  EXPECT_EQ(header.sequence_number, 9u);  // the generic_nack echoes it
  const auto rest = std::span(bytes).subspan(first.length);
  ASSERT_EQ(next_frame(rest).state, FrameState::complete);
  Pdu next;
  EXPECT_FALSE(decode_pdu(rest, next).failed());
  EXPECT_EQ(next.command_id, CommandId::enquire_link);
}

// Class 12: a request with command_status != 0 is tolerated (receivers ignore it).
TEST(Hardening12, RequestWithNonZeroStatusDecodes) {
  Pdu pdu;
  const DecodeError error = decode_pdu(from_hex("00000010000000150000000500000003"), pdu);
  EXPECT_FALSE(error.failed());
  EXPECT_EQ(pdu.command_status, 5u);
}

// Class 13: sequence_number 0 or >= 0x80000000.
TEST(Hardening13, SequenceNumberOutOfRange) {
  for (const char* hex : {"00000010000000150000000000000000", "00000010000000150000000080000000",
                          "000000100000001500000000FFFFFFFF"}) {
    SCOPED_TRACE(hex);
    EXPECT_EQ(decode(from_hex(hex)).kind, DecodeErrorKind::invalid_sequence_number);
  }
  EXPECT_FALSE(decode(from_hex("000000100000001500000000" "7FFFFFFF")).failed());
  // 0 is the sequence number of a generic_nack answering an undecodable header (vector V15).
  EXPECT_FALSE(decode(from_hex("00000010800000000000000200000000")).failed());
}

// Time fields in a request are answered with their own status; a response's are passed on.
TEST(HardeningTime, BadTimesInARequest) {
  Pdu pdu;
  pdu.command_id = CommandId::submit_sm;
  pdu.sequence_number = 1;
  struct Case {
    std::string schedule;
    std::string validity;
    uint32_t status;
  };
  const Case cases[] = {
      {"251301000000000+", "", status::kInvSched},  // month 13
      {"250230000000000+", "", status::kInvSched},  // 30 February
      {"", "000001000000100R", status::kInvExpiry}, // relative with tenths
      {"", "25013123595910449", status::kInvExpiry},  // 17 characters
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.schedule + c.validity);
    pdu.schedule_delivery_time = c.schedule;
    pdu.validity_period = c.validity;
    std::vector<uint8_t> bytes;
    // Build the wire form with a valid time of the same length, then put the bad text in.
    Pdu valid = pdu;
    const std::string placeholder = "000000000000000R";
    if (!c.schedule.empty()) valid.schedule_delivery_time = placeholder;
    if (!c.validity.empty()) valid.validity_period = placeholder;
    ASSERT_FALSE(encode_pdu(valid, bytes).failed());
    const std::string& bad = c.schedule.empty() ? c.validity : c.schedule;
    auto at = std::search(bytes.begin(), bytes.end(), placeholder.begin(), placeholder.end());
    ASSERT_NE(at, bytes.end());
    const auto offset = at - bytes.begin();
    bytes.erase(at, at + static_cast<long>(placeholder.size()));
    bytes.insert(bytes.begin() + offset, bad.begin(), bad.end());
    bytes[3] = static_cast<uint8_t>(bytes.size());
    const DecodeError error = decode(bytes);
    EXPECT_EQ(error.kind, DecodeErrorKind::time_invalid);
    EXPECT_EQ(error.command_status, c.status);
  }
}

TEST(HardeningTime, ResponseFinalDateIsOnlyLengthChecked) {
  // query_sm_resp (vector V40 shape) with final_date month 13: passed on, not refused.
  const auto bytes = from_hex("0000002E80000003000000000000001130313233343536373839003235313330313132303130303030302B000200");
  EXPECT_FALSE(decode(bytes).failed());
}

// No input may cost more than 100 times its size: the largest PDU full of 4-octet unknown TLVs.
TEST(HardeningCost, ManySmallTlvsStayLinear) {
  std::string tail = "00";
  for (int i = 0; i < 4000; ++i) tail += "7FFF0000";
  const auto bytes = submit_sm(tail);
  ASSERT_LE(bytes.size(), kDefaultMaxCommandLength);
  Pdu pdu;
  ASSERT_FALSE(decode_pdu(bytes, pdu).failed());
  EXPECT_EQ(pdu.tlvs.size(), 4000u);
}

}  // namespace
}  // namespace smppd::codec
