// The mock upstream's delivery receipts: what it quotes of a client's submit, and the receipt it
// makes of it. Input: data_coding, the final state (and bit 7: decimal message ids), the submit and
// done instants (int64 nanoseconds, little-endian, halved), the message id generator's prefix, then the
// submit's short_message octets. The quoted head is what the README says: the first 20 octets of
// single-octet text, never ending inside a GSM escape pair, or 20 characters of the decoded text
// with what GSM 03.38 does not share with printable ASCII as '?'. The receipt reads back through
// the codec's own receipt parser with every field as made (its text the head, its dates the
// instants' UTC minutes), is already in the codec's canonical form, and carries the
// receipted_message_id and message_state TLVs of its id and state.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "host/codec/receipt/delivery_receipt.h"
#include "host/codec/text/data_coding.h"
#include "host/codec/text/gsm7.h"
#include "host/codec/text/utf8.h"
#include "plugins/upstream/mock/deliver_sm.h"
#include "plugins/upstream/mock/message_id_generator.h"
#include "plugins/upstream/mock/receipt_state.h"
#include "plugins/upstream/mock/receipt_text.h"

namespace {

namespace mock = smppd::plugins::mock;
namespace codec = smppd::codec;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

uint64_t read_le(const uint8_t* data, size_t octets) {
  uint64_t value = 0;
  for (size_t i = 0; i < octets; ++i) value |= static_cast<uint64_t>(data[i]) << (8 * i);
  return value;
}

// The longest head of at most 20 octets that does not end inside an escape pair (ESC and the
// septet after it, read from the start: ESC ESC is one pair, 3GPP TS 23.038's reserved escape).
size_t gsm7_head_length(std::string_view septets) {
  const size_t limit = std::min<size_t>(septets.size(), 20);
  size_t at = 0;
  size_t whole = 0;
  while (at < limit) {
    at += septets[at] == '\x1B' ? 2 : 1;
    if (at <= limit) whole = at;
  }
  return whole;
}

// What a decoded character is quoted as: itself when printable ASCII that GSM 03.38 has at the
// same code (by the codec's own table), else '?'.
char quoted_as(char32_t character) {
  if (character < 0x20 || character > 0x7E) return '?';
  const std::string ascii(1, static_cast<char>(character));
  return codec::gsm7_from_utf8(ascii) == ascii ? static_cast<char>(character) : '?';
}

// Appendix B's YYMMDDhhmm of an instant, through the C library's own calendar.
std::string utc_minute(int64_t realtime_ns) {
  int64_t seconds = realtime_ns / 1'000'000'000;
  if (realtime_ns % 1'000'000'000 < 0) --seconds;
  const auto when = static_cast<time_t>(seconds);
  tm fields{};
  check(gmtime_r(&when, &fields) != nullptr);
  char text[16];
  check(strftime(text, sizeof text, "%y%m%d%H%M", &fields) == 10);
  return text;
}

void check_head(const mock::TextHead& head, std::string_view octets, uint8_t data_coding, std::string_view decoded) {
  if (mock::quotes_raw_octets(data_coding)) {
    check(head.data_coding == data_coding);
    const size_t length = data_coding == 0x00 ? gsm7_head_length(octets) : std::min<size_t>(octets.size(), 20);
    check(head.octets == octets.substr(0, length));
    if (data_coding == 0x00) {
      // Whole characters: the head reads as the start of what the whole message reads as.
      check(codec::gsm7_to_utf8(octets).starts_with(codec::gsm7_to_utf8(head.octets)));
    }
    return;
  }
  check(head.data_coding == 0x00);
  std::string expected;
  while (!decoded.empty() && expected.size() < 20) expected += quoted_as(codec::next_code_point(decoded));
  check(head.octets == expected);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 22) return -1;
  const uint8_t data_coding = data[0];
  const mock::ReceiptState state = mock::kReceiptStates[(data[1] & 0x7F) % 7];
  const auto format = (data[1] & 0x80) != 0 ? mock::MessageIdFormat::decimal : mock::MessageIdFormat::hex;
  // Instants the realtime clock can give: within 146 years of 1970 (receipt_date's chrono
  // arithmetic is only defined a day away from int64's ends, years 1677 and 2262).
  const int64_t submitted_ns = static_cast<int64_t>(read_le(data + 2, 8)) / 2;
  const int64_t done_ns = static_cast<int64_t>(read_le(data + 10, 8)) / 2;
  const auto prefix = static_cast<uint32_t>(read_le(data + 18, 4));
  const std::string_view octets(reinterpret_cast<const char*>(data) + 22, size - 22);

  // The head, from the octets or from what the host decoded of them (as plugin.cc asks for it).
  std::string decoded;
  if (!mock::quotes_raw_octets(data_coding)) decoded = codec::decode_text(data_coding, octets).utf8;
  const mock::TextHead head = mock::receipt_text_head(octets, data_coding, decoded);
  check_head(head, octets, data_coding, decoded);

  // Message ids: 16 hex digits or the decimal of the same 64-bit number, the prefix then a count.
  mock::MessageIdGenerator ids(prefix);
  std::string id;
  for (uint64_t count = 0; count < 2; ++count) {
    id = ids.next(format);
    const int base = format == mock::MessageIdFormat::hex ? 16 : 10;
    check(!id.empty() && id.find_first_not_of(base == 16 ? "0123456789abcdef" : "0123456789") == std::string::npos);
    check(base == 10 || id.size() == 16);
    check(base == 16 || id == "0" || id.front() != '0');
    check(std::strtoull(id.c_str(), nullptr, base) == (static_cast<uint64_t>(prefix) << 32) + count);
  }

  mock::SubmittedMessage submitted;
  submitted.registered_delivery = 0x01;
  submitted.source_addr = "447700900123";
  submitted.source_addr_ton = 1;
  submitted.source_addr_npi = 1;
  submitted.destination_addr = "12345";
  submitted.dest_addr_ton = 3;
  submitted.dest_addr_npi = 9;
  submitted.text_head = head;
  const mock::DeliverSm receipt = mock::make_receipt(submitted, id, state, submitted_ns, done_ns);
  check(receipt.esm_class == 0x04 && receipt.data_coding == head.data_coding);
  check(receipt.source_addr == "12345" && receipt.source_addr_ton == 3 && receipt.source_addr_npi == 9);
  check(receipt.destination_addr == "447700900123" && receipt.dest_addr_ton == 1 && receipt.dest_addr_npi == 1);
  check(receipt.tlvs.size() == 2);
  check(receipt.tlvs[0].first == 0x001E && receipt.tlvs[0].second == id + std::string(1, '\0'));
  check(receipt.tlvs[1].first == 0x0427 && receipt.tlvs[1].second.size() == 1);
  const auto message_state = static_cast<uint8_t>(receipt.tlvs[1].second[0]);
  check(message_state >= 2 && message_state <= 8 && message_state == mock::message_state_value(state));

  // The text, read by the codec as smppd reads an upstream's receipts.
  const auto parsed = codec::parse_delivery_receipt(receipt.short_message);
  check(parsed.has_value() && parsed->present == 0xFF);
  check(parsed->id == id && parsed->sub == "001" && parsed->err == "000");
  check(parsed->dlvrd == (state == mock::ReceiptState::delivered ? "001" : "000"));
  check(parsed->stat == mock::stat_name(state) && mock::receipt_state_named(parsed->stat) == state);
  check(parsed->state.has_value() && static_cast<uint8_t>(*parsed->state) == message_state);
  check(parsed->submit_date == utc_minute(submitted_ns) && parsed->done_date == utc_minute(done_ns));
  check(parsed->submit_date == mock::receipt_date(submitted_ns));
  check(parsed->text == head.octets);
  check(codec::format_delivery_receipt(*parsed) == receipt.short_message);
  return 0;
}
