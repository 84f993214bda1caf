// Pdu::reset(): decode_pdu starts from it, so a member it missed would carry one PDU's value into
// the next a session decodes into the same object.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/codec/pdu.h"
#include "host/codec/pdu_decoder.h"
#include "tests/support/hex.h"
#include "tests/support/tsv.h"

namespace smppd::codec {
namespace {

// A new member changes the size: set it in every_member_set() below and clear it in Pdu::reset().
// (The size is libstdc++'s on 64-bit Linux.)
#if defined(__GLIBCXX__) && (defined(__x86_64__) || defined(__aarch64__))
static_assert(sizeof(Pdu) == 552, "Pdu changed: update Pdu::reset() and this test's every_member_set()");
#endif

Pdu every_member_set() {
  Pdu pdu;
  pdu.command_id = CommandId::submit_multi;
  pdu.command_status = 1;
  pdu.sequence_number = 2;
  pdu.body_absent = true;
  pdu.system_id = "a";
  pdu.password = "b";
  pdu.system_type = "c";
  pdu.interface_version = 3;
  pdu.addr_ton = 4;
  pdu.addr_npi = 5;
  pdu.address_range = "d";
  pdu.service_type = "e";
  pdu.source_addr_ton = 6;
  pdu.source_addr_npi = 7;
  pdu.source_addr = "f";
  pdu.dest_addr_ton = 8;
  pdu.dest_addr_npi = 9;
  pdu.destination_addr = "g";
  pdu.esm_class = 10;
  pdu.protocol_id = 11;
  pdu.priority_flag = 12;
  pdu.schedule_delivery_time = "h";
  pdu.validity_period = "i";
  pdu.registered_delivery = 13;
  pdu.replace_if_present_flag = 14;
  pdu.data_coding = 15;
  pdu.sm_default_msg_id = 16;
  pdu.short_message = std::string(300, 'j');  // beyond the small-string buffer
  pdu.message_id = "k";
  pdu.final_date = "l";
  pdu.message_state = 17;
  pdu.error_code = 18;
  pdu.esme_addr_ton = 19;
  pdu.esme_addr_npi = 20;
  pdu.esme_addr = "m";
  pdu.dest_addresses.push_back(DestAddress{});
  pdu.unsuccess_smes.push_back(UnsuccessSme{});
  pdu.tlvs.set_u8(0x0427, 2);
  return pdu;
}

TEST(PduResetTest, LeavesADefaultPdu) {
  Pdu pdu = every_member_set();
  ASSERT_NE(pdu, Pdu{});
  pdu.reset();
  EXPECT_EQ(pdu, Pdu{});
}

// As a session decodes: every vector into the one Pdu gives what a fresh Pdu gives.
TEST(PduResetTest, DecodingIntoAUsedPduEqualsDecodingIntoAFreshOne) {
  Pdu reused = every_member_set();
  size_t decoded = 0;
  for (const char* file : {"smpp/vectors.tsv", "smpp/external-vectors.tsv"}) {
    for (const auto& row : testing::read_tsv(file)) {
      if (row.count("expect") != 0 && row.at("expect") != "valid") continue;
      const auto bytes = testing::from_hex(row.at("hex"));
      DecodeOptions options;
      options.accept_any_sequence_number = true;
      Pdu fresh;
      const DecodeError expected = decode_pdu(bytes, fresh, options);
      const DecodeError got = decode_pdu(bytes, reused, options);
      ASSERT_EQ(got.failed(), expected.failed()) << row.at("id");
      if (expected.failed()) continue;
      EXPECT_EQ(reused, fresh) << row.at("id");
      ++decoded;
    }
  }
  EXPECT_GT(decoded, 20u);
}

}  // namespace
}  // namespace smppd::codec
