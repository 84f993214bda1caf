#include "plugins/upstream/mock/receipt_text.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "plugins/upstream/mock/deliver_sm.h"
#include "plugins/upstream/mock/receipt_state.h"
#include "tests/plugins/upstream/mock/receipt_fields.h"

namespace smppd::plugins::mock {
namespace {

using namespace std::chrono;

int64_t utc_ns(sys_days day, nanoseconds time_of_day) { return (day.time_since_epoch() + time_of_day).count(); }

TEST(ReceiptTextTest, FollowsAppendixB) {
  const int64_t submitted = utc_ns(sys_days{year{2024} / March / 5}, hours(14) + minutes(7) + seconds(59));
  const int64_t done = submitted + nanoseconds(seconds(1)).count();
  EXPECT_EQ(format_receipt_text({"0123abcd", ReceiptState::delivered, submitted, done, "hello"}),
            "id:0123abcd sub:001 dlvrd:001 submit date:2403051407 done date:2403051408 stat:DELIVRD err:000 text:hello");
  const auto failed = testing::parse_receipt(
      format_receipt_text({"77", ReceiptState::undeliverable, submitted, submitted, "a long text quoted by its first 20"}));
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->dlvrd, "000");
  EXPECT_EQ(failed->stat, "UNDELIV");
  EXPECT_EQ(failed->text, "a long text quoted b");
}

TEST(ReceiptTextTest, WritesDatesInUtc) {
  EXPECT_EQ(receipt_date(0), "7001010000");
  EXPECT_EQ(receipt_date(utc_ns(sys_days{year{2031} / December / 31}, hours(23) + minutes(59) + seconds(59))),
            "3112312359");
}

TEST(ReceiptTextTest, QuotesSingleOctetTextAsItCame) {
  EXPECT_EQ(receipt_text_head("0123456789abcdefghijKLMN", 0x00, {}).octets, "0123456789abcdefghij");
  EXPECT_EQ(receipt_text_head("short", 0x03, {}).data_coding, 0x03);
  EXPECT_EQ(receipt_text_head("short", 0x01, {}).octets, "short");
  // A GSM escape whose character was cut off is dropped with it.
  EXPECT_EQ(receipt_text_head(std::string(19, 'x') + "\x1B\x65", 0x00, {}).octets, std::string(19, 'x'));
  // Found writing mock_receipt_fuzz: ESC ESC is a whole pair (23.038's reserved escape), kept whole; the
  // escape after it is the one cut off.
  EXPECT_EQ(receipt_text_head(std::string(18, 'x') + "\x1B\x1B" + "e", 0x00, {}).octets, std::string(18, 'x') + "\x1B\x1B");
  EXPECT_EQ(receipt_text_head(std::string(17, 'x') + "\x1B\x1B\x1B\x65", 0x00, {}).octets,
            std::string(17, 'x') + "\x1B\x1B");
}

TEST(ReceiptTextTest, QuotesOtherCodingsThroughTheDecodedText) {
  const TextHead ucs2 = receipt_text_head(std::string("\x00h\x00\xE9", 4), 0x08, "h\u00E9llo w\u00F6rld_@$ and more text");
  EXPECT_EQ(ucs2.data_coding, 0x00);
  EXPECT_EQ(ucs2.octets, "h?llo w?rld??? and m");
  EXPECT_EQ(receipt_text_head("\x01\x02", 0x04, {}).octets, "");  // binary: the host decodes no text
}

TEST(ReceiptStateTest, NamesAndValuesFollowTheSpecification) {
  EXPECT_EQ(stat_name(ReceiptState::delivered), "DELIVRD");
  EXPECT_EQ(message_state_value(ReceiptState::delivered), 2);
  EXPECT_EQ(message_state_value(ReceiptState::expired), 3);
  EXPECT_EQ(message_state_value(ReceiptState::deleted), 4);
  EXPECT_EQ(message_state_value(ReceiptState::undeliverable), 5);
  EXPECT_EQ(message_state_value(ReceiptState::accepted), 6);
  EXPECT_EQ(message_state_value(ReceiptState::unknown), 7);
  EXPECT_EQ(message_state_value(ReceiptState::rejected), 8);
  for (const ReceiptState state : kReceiptStates) EXPECT_EQ(receipt_state_named(stat_name(state)), state);
  EXPECT_FALSE(receipt_state_named("delivrd"));
}

struct RequestCase {
  uint8_t registered_delivery;
  ReceiptState state;
  bool wanted;
};

class ReceiptRequestTest : public ::testing::TestWithParam<RequestCase> {};

TEST_P(ReceiptRequestTest, ReadsTheReceiptBits) {
  const RequestCase& c = GetParam();
  EXPECT_EQ(receipt_requested(c.registered_delivery, c.state), c.wanted)
      << "registered_delivery " << int(c.registered_delivery) << " " << stat_name(c.state);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ReceiptRequestTest,
    ::testing::Values(RequestCase{0x00, ReceiptState::delivered, false}, RequestCase{0x00, ReceiptState::undeliverable, false},
                      RequestCase{0x01, ReceiptState::delivered, true}, RequestCase{0x01, ReceiptState::expired, true},
                      RequestCase{0x01, ReceiptState::accepted, true}, RequestCase{0x02, ReceiptState::delivered, false},
                      RequestCase{0x02, ReceiptState::undeliverable, true}, RequestCase{0x02, ReceiptState::expired, true},
                      RequestCase{0x02, ReceiptState::rejected, true}, RequestCase{0x02, ReceiptState::unknown, true},
                      RequestCase{0x02, ReceiptState::deleted, true}, RequestCase{0x02, ReceiptState::accepted, false},
                      RequestCase{0x03, ReceiptState::delivered, true}, RequestCase{0x03, ReceiptState::expired, false},
                      RequestCase{0x03, ReceiptState::accepted, false},
                      // The other bits (SME acknowledgement, intermediate notification) change nothing.
                      RequestCase{0x1D, ReceiptState::delivered, true}, RequestCase{0x1C, ReceiptState::delivered, false},
                      RequestCase{0x12, ReceiptState::expired, true}));

TEST(DeliverSmTest, MakesAReceiptFromItsSubmit) {
  SubmittedMessage submitted;
  submitted.source_addr = "ACME";
  submitted.source_addr_ton = 5;
  submitted.destination_addr = "447700900123";
  submitted.dest_addr_ton = 1;
  submitted.dest_addr_npi = 1;
  submitted.text_head = TextHead{"hi", 0x03};
  const DeliverSm receipt = make_receipt(submitted, "abc", ReceiptState::expired, 0, 0);
  EXPECT_EQ(receipt.esm_class, 0x04);
  EXPECT_EQ(receipt.source_addr, "447700900123");
  EXPECT_EQ(receipt.source_addr_ton, 1);
  EXPECT_EQ(receipt.source_addr_npi, 1);
  EXPECT_EQ(receipt.destination_addr, "ACME");
  EXPECT_EQ(receipt.dest_addr_ton, 5);
  EXPECT_EQ(receipt.data_coding, 0x03);
  ASSERT_EQ(receipt.tlvs.size(), 2u);
  EXPECT_EQ(receipt.tlvs[0], (std::pair<uint16_t, std::string>{0x001E, std::string("abc\0", 4)}));
  EXPECT_EQ(receipt.tlvs[1], (std::pair<uint16_t, std::string>{0x0427, std::string("\x03")}));
  const auto fields = testing::parse_receipt(receipt.short_message);
  ASSERT_TRUE(fields);
  EXPECT_EQ(fields->id, "abc");
  EXPECT_EQ(fields->stat, "EXPIRED");
  EXPECT_EQ(fields->text, "hi");
}

}  // namespace
}  // namespace smppd::plugins::mock
