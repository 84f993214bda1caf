#include <gtest/gtest.h>

#include <cstring>

#include <string>
#include <vector>

#include "host/api/call.h"
#include "host/api/host_api.h"
#include "host/api/plugin_ref.h"
#include "host/async/monotonic_clock.h"
#include "host/stats/stats_store.h"
#include "host/codec/tlv_tag.h"

namespace smppd::api {
namespace {

std::string text_of(smppd_host_view view) { return {view.data, view.size}; }
smppd_plugin_view view(const std::string& s) { return {s.data(), s.size()}; }

class MessageApiTest : public ::testing::Test {
 protected:
  MessageApiTest() : call(pdu, session, session_bag) {
    pdu.command_id = codec::CommandId::submit_sm;
    pdu.sequence_number = 42;
    pdu.source_addr = "smppd";
    pdu.destination_addr = "447700900123";
    pdu.short_message = "hello";
    session.listener = "smpp";
    session.peer_address = "127.0.0.1";
    session.peer_port = 40000;
    session.system_id = "demo";
    session.bind_type = SMPPD_BIND_TRANSCEIVER;
  }
  const smppd_host_api* host = host_table();
  codec::Pdu pdu;
  SessionInfo session;
  AttributeBag session_bag;
  smppd_call call;
  smppd_message* message() { return host->call->message(&call); }
};

TEST_F(MessageApiTest, ReadsFieldsTheCommandHas) {
  smppd_host_view out{};
  ASSERT_EQ(host->message->get_string(message(), SMPPD_F_DESTINATION_ADDR, &out), SMPPD_OK);
  EXPECT_EQ(text_of(out), "447700900123");
  EXPECT_EQ(host->message->get_string(message(), SMPPD_F_SYSTEM_ID, &out), SMPPD_E_NOT_FOUND)
      << "submit_sm has no system_id";
  EXPECT_EQ(host->message->get_string(message(), SMPPD_F_ESM_CLASS, &out), SMPPD_E_INVALID) << "an octet field";
  int64_t value = 0;
  ASSERT_EQ(host->message->get_int(message(), SMPPD_F_SEQUENCE_NUMBER, &value), SMPPD_OK);
  EXPECT_EQ(value, 42);
  EXPECT_EQ(host->message->command_id(message()), SMPPD_CMD_SUBMIT_SM);
}

TEST_F(MessageApiTest, WritesWithinTheFieldsLimits) {
  EXPECT_EQ(host->message->set_string(message(), SMPPD_F_SOURCE_ADDR, view("INFO")), SMPPD_OK);
  EXPECT_EQ(pdu.source_addr, "INFO");
  EXPECT_EQ(host->message->set_string(message(), SMPPD_F_SOURCE_ADDR, view(std::string(21, '1'))), SMPPD_E_RANGE)
      << "source_addr holds 20 characters and its NUL";
  EXPECT_EQ(host->message->set_string(message(), SMPPD_F_SOURCE_ADDR, view(std::string("a\0b", 3))), SMPPD_E_INVALID);
  EXPECT_EQ(host->message->set_int(message(), SMPPD_F_DATA_CODING, 8), SMPPD_OK);
  EXPECT_EQ(pdu.data_coding, 8);
  EXPECT_EQ(host->message->set_int(message(), SMPPD_F_DATA_CODING, 256), SMPPD_E_RANGE);
  EXPECT_EQ(host->message->set_int(message(), SMPPD_F_SEQUENCE_NUMBER, 1), SMPPD_E_INVALID)
      << "the header belongs to the session";
}

TEST_F(MessageApiTest, TlvsInWireOrderWithVendorTagsKept) {
  pdu.tlvs.append(0x1400, std::string("\x01\x02", 2));
  pdu.tlvs.set_u16(codec::tlv::kUserMessageReference, 7);
  EXPECT_EQ(host->message->tlv_count(message()), 2);
  uint16_t tag = 0;
  smppd_host_view value{};
  ASSERT_EQ(host->message->tlv_at(message(), 0, &tag, &value), SMPPD_OK);
  EXPECT_EQ(tag, 0x1400);
  EXPECT_EQ(text_of(value), std::string("\x01\x02", 2));
  EXPECT_EQ(host->message->tlv_at(message(), 2, &tag, &value), SMPPD_E_NOT_FOUND);
  EXPECT_EQ(host->message->tlv_set(message(), 0x1401, view("x")), SMPPD_OK);
  EXPECT_EQ(host->message->tlv_get(message(), 0x1401, &value), SMPPD_OK);
  EXPECT_EQ(host->message->tlv_remove(message(), 0x1401), SMPPD_OK);
  EXPECT_EQ(host->message->tlv_remove(message(), 0x1401), SMPPD_E_NOT_FOUND);
}

TEST_F(MessageApiTest, DecodesTextWithConcatenationFromTheUdh) {
  pdu.esm_class = codec::kEsmClassUdhi;
  pdu.data_coding = 0x08;
  // UDH: concat 8-bit ref 0x2A, part 2 of 3; then "hé" in UCS-2.
  pdu.short_message = std::string("\x05\x00\x03\x2A\x03\x02\x00h\x00\xE9", 10);
  smppd_text text{};
  text.struct_size = sizeof(text);
  ASSERT_EQ(host->message->text(message(), &text), SMPPD_OK);
  EXPECT_EQ(text_of(text.utf8), "h\xC3\xA9");
  EXPECT_EQ(text.encoding, SMPPD_TEXT_UCS2);
  EXPECT_EQ(text.concat_ref, 0x2A);
  EXPECT_EQ(text.concat_total, 3);
  EXPECT_EQ(text.concat_seq, 2);
  EXPECT_TRUE(text.flags & SMPPD_TEXT_HAS_UDH);
  // A change to the message is seen by the next read.
  EXPECT_EQ(host->message->set_string(message(), SMPPD_F_SHORT_MESSAGE, view("plain")), SMPPD_OK);
  EXPECT_EQ(host->message->set_int(message(), SMPPD_F_ESM_CLASS, 0), SMPPD_OK);
  EXPECT_EQ(host->message->set_int(message(), SMPPD_F_DATA_CODING, 0), SMPPD_OK);
  ASSERT_EQ(host->message->text(message(), &text), SMPPD_OK);
  EXPECT_EQ(text_of(text.utf8), "plain");
}

// text() hands its answer over member by member: every member reaches a caller whose struct held
// garbage, the reserved octets come back zero, and the cached answer of a second call is the same.
TEST_F(MessageApiTest, TextHandsEveryMemberOverAndZeroesTheReservedOnes) {
  pdu.esm_class = codec::kEsmClassUdhi;
  pdu.data_coding = 0x08;
  pdu.short_message = std::string("\x05\x00\x03\x2A\x03\x02\x00h\x00\xE9", 10);
  smppd_text first;
  std::memset(&first, 0xAB, sizeof first);
  first.struct_size = sizeof first;
  ASSERT_EQ(host->message->text(message(), &first), SMPPD_OK);
  EXPECT_EQ(first.struct_size, sizeof(smppd_text));
  EXPECT_EQ(first.encoding, SMPPD_TEXT_UCS2);
  EXPECT_EQ(text_of(first.utf8), "h\xC3\xA9");
  EXPECT_EQ(first.flags, SMPPD_TEXT_HAS_UDH);
  EXPECT_EQ(first.concat_ref, 0x2A);
  EXPECT_EQ(first.concat_total, 3);
  EXPECT_EQ(first.concat_seq, 2);
  EXPECT_EQ(first.data_coding, 0x08);
  EXPECT_EQ(first.parts, 1u);
  for (const uint8_t octet : first.reserved0) EXPECT_EQ(octet, 0);
  EXPECT_EQ(first.reserved1, 0u);
  smppd_text second;
  std::memset(&second, 0xCD, sizeof second);
  second.struct_size = sizeof second;
  ASSERT_EQ(host->message->text(message(), &second), SMPPD_OK);
  EXPECT_EQ(std::memcmp(&first, &second, sizeof first), 0);
}

// A text whose octets are its UTF-8 (GSM-7 septets that are their own ASCII octets, IA5 or
// Latin-1 below 0x80) is read where it is in the PDU; any other is decoded into the handle.
TEST_F(MessageApiTest, ATextThatDecodesToItselfIsReadInPlace) {
  smppd_text text{};
  text.struct_size = sizeof(text);
  pdu.short_message = "Your code is 123456. Do not share it with anyone, ever!";
  ASSERT_EQ(host->message->text(message(), &text), SMPPD_OK);
  EXPECT_EQ(text.utf8.data, pdu.short_message.data()) << "no copy";
  EXPECT_EQ(text_of(text.utf8), pdu.short_message);
  EXPECT_EQ(text.encoding, SMPPD_TEXT_GSM7);
  EXPECT_EQ(text.parts, 1u);

  // '@' is septet 0x00 and '$' 0x02: this text does not decode to itself.
  const std::string septets("Pay \x02" "5 at \x00home", 15);
  ASSERT_EQ(host->message->set_string(message(), SMPPD_F_SHORT_MESSAGE, view(septets)), SMPPD_OK);
  ASSERT_EQ(host->message->text(message(), &text), SMPPD_OK);
  EXPECT_NE(text.utf8.data, pdu.short_message.data());
  EXPECT_EQ(text_of(text.utf8), "Pay $5 at @home");

  // Latin-1 below 0x80 is its own UTF-8 too; above, it is not.
  ASSERT_EQ(host->message->set_int(message(), SMPPD_F_DATA_CODING, 0x03), SMPPD_OK);
  ASSERT_EQ(host->message->set_string(message(), SMPPD_F_SHORT_MESSAGE, view("a@b$c")), SMPPD_OK);
  ASSERT_EQ(host->message->text(message(), &text), SMPPD_OK);
  EXPECT_EQ(text.utf8.data, pdu.short_message.data());
  EXPECT_EQ(text_of(text.utf8), "a@b$c");
  ASSERT_EQ(host->message->set_string(message(), SMPPD_F_SHORT_MESSAGE, view("caf\xE9")), SMPPD_OK);
  ASSERT_EQ(host->message->text(message(), &text), SMPPD_OK);
  EXPECT_EQ(text_of(text.utf8), "caf\xC3\xA9");
}

TEST_F(MessageApiTest, CountsThePartsOnceForEveryPlugin) {
  struct Case {
    const char* name;
    uint8_t data_coding;
    uint8_t esm_class;
    std::string short_message;
    std::string payload;
    uint32_t parts;
  };
  const std::string udh("\x05\x00\x03\x2A\x03\x02", 6);
  const std::vector<Case> cases = {
      {"short GSM-7", 0x00, 0, "hello", "", 1},
      {"161 septets", 0x00, 0, std::string(161, 'a'), "", 2},
      {"six { push it over", 0x00, 0, std::string(150, 'a') + "\x1B(\x1B(\x1B(\x1B(\x1B(\x1B(", "", 2},
      {"71 UCS-2 characters", 0x08, 0, std::string(142, '\0'), "", 2},
      {"a part of a concatenated message", 0x08, codec::kEsmClassUdhi, udh + std::string(140, '\0'), "", 1},
      {"141 octets of 8-bit data", 0x04, 0, std::string(141, 'x'), "", 2},
      {"a long message_payload", 0x00, 0, "", std::string(400, 'a'), 3},
  };
  for (const Case& c : cases) {
    pdu.data_coding = c.data_coding;
    pdu.esm_class = c.esm_class;
    pdu.short_message = c.short_message;
    pdu.tlvs.clear();
    if (!c.payload.empty()) pdu.tlvs.append(codec::tlv::kMessagePayload, c.payload);
    smppd_call fresh(pdu, session, session_bag);  // a new message decodes its text again
    smppd_text text{};
    text.struct_size = sizeof(text);
    ASSERT_EQ(host->message->text(host->call->message(&fresh), &text), SMPPD_OK) << c.name;
    EXPECT_EQ(text.parts, c.parts) << c.name;
  }
}

TEST_F(MessageApiTest, OlderCallersGetOnlyWhatTheirStructHolds) {
  // A plugin built when smppd_text ended at `flags` must not be written past it.
  struct OldText {
    uint32_t struct_size;
    int32_t encoding;
    smppd_host_view utf8;
    uint32_t flags;
    uint32_t guard;
  } old{};
  old.struct_size = offsetof(smppd_text, flags) + sizeof(uint32_t);
  old.guard = 0xDEADBEEF;
  ASSERT_EQ(host->message->text(message(), reinterpret_cast<smppd_text*>(&old)), SMPPD_OK);
  EXPECT_EQ(old.guard, 0xDEADBEEFu);
  EXPECT_EQ(text_of(old.utf8), "hello");
}

TEST_F(MessageApiTest, NowIsTheCallsStampOrElseTheClock) {
  const int64_t before = async::monotonic_ns();
  const int64_t read = host->call->now_ns(&call);
  EXPECT_GE(read, before) << "no stamp: the clock";
  EXPECT_LE(read, async::monotonic_ns());
  call.now_ns = 42;
  EXPECT_EQ(host->call->now_ns(&call), 42);
}

TEST_F(MessageApiTest, SessionInfoAndAttributes) {
  smppd_session_info info{};
  info.struct_size = sizeof(info);
  ASSERT_EQ(host->call->session_info(&call, &info), SMPPD_OK);
  EXPECT_EQ(text_of(info.peer_address), "127.0.0.1");
  EXPECT_EQ(info.bind_type, SMPPD_BIND_TRANSCEIVER);
  EXPECT_EQ(text_of(info.system_id), "demo");

  const std::string key = "test.tenant";
  EXPECT_EQ(host->call->attr_set_string(&call, SMPPD_SCOPE_SESSION, view(key), view("acme")), SMPPD_OK);
  smppd_host_view out{};
  ASSERT_EQ(host->call->attr_get_string(&call, SMPPD_SCOPE_SESSION, view(key), &out), SMPPD_OK);
  EXPECT_EQ(text_of(out), "acme");
  EXPECT_EQ(host->call->attr_get_string(&call, SMPPD_SCOPE_CALL, view(key), &out), SMPPD_E_NOT_FOUND)
      << "scopes are separate";
  int64_t number = 0;
  EXPECT_EQ(host->call->attr_get_int(&call, SMPPD_SCOPE_SESSION, view(key), &number), SMPPD_E_INVALID);
  EXPECT_EQ(host->call->attr_set_int(&call, SMPPD_SCOPE_CALL, view("test.parts"), 3), SMPPD_OK);
  EXPECT_EQ(host->call->attr_get_int(&call, SMPPD_SCOPE_CALL, view("test.parts"), &number), SMPPD_OK);
  EXPECT_EQ(number, 3);
  EXPECT_EQ(host->call->attr_set_int(&call, 9, view("x"), 1), SMPPD_E_INVALID) << "unknown scope";
  EXPECT_EQ(host->call->attr_remove(&call, SMPPD_SCOPE_SESSION, view(key)), SMPPD_OK);
  EXPECT_EQ(session_bag.find(key), nullptr);
}

TEST_F(MessageApiTest, MetricsAreNamedAfterThePlugin) {
  smppd_plugin_ref ref{"unit", nullptr};
  uint32_t id = 0;
  ASSERT_EQ(host->metrics->define(&ref, SMPPD_METRIC_COUNTER, view("hits"), view("help"), &id), SMPPD_OK);
  host->metrics->counter_add(id, 2);
  auto* metric = stats::StatsStore::process().find("smppd.plugin.unit.hits");
  ASSERT_NE(metric, nullptr);
  EXPECT_EQ(metric->get(), 2);
  host->metrics->gauge_set(id, 100);  // wrong type: ignored
  EXPECT_EQ(metric->get(), 2);
  // counter_add goes straight to a counter's stripes: a gauge's id, and ids never defined, do nothing.
  uint32_t gauge_id = 0;
  ASSERT_EQ(host->metrics->define(&ref, SMPPD_METRIC_GAUGE, view("level"), view("help"), &gauge_id), SMPPD_OK);
  host->metrics->gauge_set(gauge_id, 7);
  host->metrics->counter_add(gauge_id, 5);
  EXPECT_EQ(stats::StatsStore::process().find("smppd.plugin.unit.level")->get(), 7);
  host->metrics->counter_add(stats::StatsStore::kMaxMetrics - 1, 1);
  host->metrics->counter_add(stats::StatsStore::kMaxMetrics + 5, 1);
  host->metrics->counter_add(id, 3);
  EXPECT_EQ(metric->get(), 5);
  EXPECT_EQ(host->metrics->define(&ref, SMPPD_METRIC_COUNTER, view("bad name!"), view(""), &id), SMPPD_E_INVALID);
}

}  // namespace
}  // namespace smppd::api
