#include "host/codec/command_id.h"

#include <gtest/gtest.h>

#include "host/codec/command_status.h"

namespace smppd::codec {
namespace {

TEST(CommandId, ResponseIsRequestWithBit31) {
  EXPECT_EQ(response_of(CommandId::submit_sm), CommandId::submit_sm_resp);
  EXPECT_EQ(response_of(CommandId::bind_transceiver), CommandId::bind_transceiver_resp);
  EXPECT_EQ(response_of(CommandId::broadcast_sm), CommandId::broadcast_sm_resp);
  EXPECT_TRUE(is_response(CommandId::generic_nack));
  EXPECT_FALSE(is_response(CommandId::enquire_link));
}

TEST(CommandId, RequestsWithoutResponseMapToGenericNack) {
  EXPECT_EQ(response_of(CommandId::outbind), CommandId::generic_nack);
  EXPECT_EQ(response_of(CommandId::alert_notification), CommandId::generic_nack);
  EXPECT_EQ(response_of(CommandId::submit_sm_resp), CommandId::generic_nack);
}

TEST(CommandId, KnowsExactlyTheSpecCommands) {
  EXPECT_TRUE(is_known_command(0x00000004));
  EXPECT_TRUE(is_known_command(0x80000113));
  EXPECT_FALSE(is_known_command(0x00000110));  // reserved: cloudhopper vector E01
  EXPECT_FALSE(is_known_command(0x0000000A));
  EXPECT_FALSE(is_known_command(0x00010200));  // SMSC vendor range
  EXPECT_EQ(command_name(CommandId::query_broadcast_sm_resp), "query_broadcast_sm_resp");
}

TEST(CommandStatus, NamesKnownValuesOnly) {
  EXPECT_EQ(command_status_name(status::kThrottled), "ESME_RTHROTTLED");
  EXPECT_EQ(command_status_name(status::kInvTlvStream), "ESME_RINVTLVSTREAM");
  EXPECT_EQ(command_status_name(status::kInvBcastChanInd), "ESME_RINVBCASTCHANIND");
  EXPECT_EQ(command_status_name(0x00000400), "");  // vendor range passes through unnamed
}

}  // namespace
}  // namespace smppd::codec
