#include "host/codec/pdu_encoder.h"

#include <gtest/gtest.h>

#include <set>

#include "host/codec/pdu_decoder.h"
#include "host/codec/tlv_tag.h"
#include "tests/support/hex.h"
#include "tests/support/sample_pdus.h"

namespace smppd::codec {
namespace {

TEST(PduEncoder, EveryCommandRoundTrips) {
  std::set<CommandId> seen;
  for (const Pdu& pdu : testing::one_pdu_of_every_command()) {
    SCOPED_TRACE(command_name(pdu.command_id));
    std::vector<uint8_t> bytes;
    const EncodeError error = encode_pdu(pdu, bytes);
    ASSERT_FALSE(error.failed()) << field_name(error.field) << ": " << error.reason;
    Pdu decoded;
    const DecodeError decode_error = decode_pdu(bytes, decoded);
    ASSERT_FALSE(decode_error.failed()) << describe(decode_error);
    EXPECT_EQ(decoded, pdu);
    seen.insert(pdu.command_id);
  }
  EXPECT_EQ(seen.size(), 33u);  // every command of v3.4 and the v5.0 broadcast family
}

TEST(PduEncoder, AppendsAfterExistingBytes) {
  Pdu pdu;
  pdu.command_id = CommandId::enquire_link;
  pdu.sequence_number = 2;
  std::vector<uint8_t> out = {0xAA};
  ASSERT_FALSE(encode_pdu(pdu, out).failed());
  EXPECT_EQ(testing::to_hex(out), "AA" "00000010000000150000000000000002");
}

TEST(PduEncoder, ResponseWithoutBody) {
  Pdu pdu;
  pdu.command_id = CommandId::submit_sm_resp;
  pdu.command_status = 0x58;
  pdu.sequence_number = 4;
  pdu.body_absent = true;
  std::vector<uint8_t> out;
  ASSERT_FALSE(encode_pdu(pdu, out).failed());
  EXPECT_EQ(testing::to_hex(out), "00000010800000040000005800000004");  // vector V30
}

struct Refusal {
  const char* name;
  void (*mutate)(Pdu&);
  FieldId field;
};

TEST(PduEncoder, RefusesWhatAPeerWouldRefuse) {
  const Refusal refusals[] = {
      {"time of 15 characters", [](Pdu& p) { p.schedule_delivery_time = "25013123595910+"; },
       FieldId::schedule_delivery_time},
      {"NUL inside a C-string", [](Pdu& p) { p.source_addr = std::string("12\0" "34", 5); }, FieldId::source_addr},
      {"short_message over 255", [](Pdu& p) { p.short_message.assign(256, 'x'); }, FieldId::short_message},
      {"TLV over 65535", [](Pdu& p) { p.tlvs.set(tlv::kMessagePayload, std::string(65536, 'x')); }, FieldId::tlvs},
      {"request without body", [](Pdu& p) { p.body_absent = true; }, FieldId::none},
  };
  for (const Refusal& refusal : refusals) {
    SCOPED_TRACE(refusal.name);
    Pdu pdu;
    pdu.command_id = CommandId::submit_sm;
    pdu.sequence_number = 1;
    refusal.mutate(pdu);
    std::vector<uint8_t> out = {1, 2, 3};
    const EncodeError error = encode_pdu(pdu, out);
    EXPECT_TRUE(error.failed());
    EXPECT_EQ(error.field, refusal.field);
    EXPECT_EQ(out, (std::vector<uint8_t>{1, 2, 3}));  // unchanged on failure
  }
}

TEST(PduEncoder, SubmitMultiNeedsDestinations) {
  Pdu pdu;
  pdu.command_id = CommandId::submit_multi;
  pdu.sequence_number = 1;
  std::vector<uint8_t> out;
  EXPECT_EQ(encode_pdu(pdu, out).field, FieldId::dest_addresses);
  pdu.dest_addresses = {{3, 0, 0, "x"}};
  EXPECT_TRUE(encode_pdu(pdu, out).failed());
}

TEST(PduEncoder, HeaderOnlyRequestCarriesNoTlvs) {
  Pdu pdu;
  pdu.command_id = CommandId::enquire_link;
  pdu.sequence_number = 1;
  pdu.tlvs.set_u8(tlv::kCongestionState, 10);
  std::vector<uint8_t> out;
  EXPECT_EQ(encode_pdu(pdu, out).field, FieldId::tlvs);
  // A v5.0 response may carry congestion_state even when it has no mandatory body.
  pdu.command_id = CommandId::enquire_link_resp;
  ASSERT_FALSE(encode_pdu(pdu, out).failed());
  Pdu decoded;
  ASSERT_FALSE(decode_pdu(out, decoded).failed());
  EXPECT_EQ(decoded.tlvs.get_int(tlv::kCongestionState), 10u);
}

}  // namespace
}  // namespace smppd::codec
