#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "plugins/upstream/mock/receipt_state.h"

namespace smppd::plugins::mock {

// The start of a submit's text as a receipt quotes it, and the data_coding the receipt is sent
// with so that the quote reads right.
struct TextHead {
  std::string octets;
  uint8_t data_coding = 0;
};

// The first 20 octets of the submit's short_message (or message_payload) when its data_coding is
// one octet per character (GSM default 0x00, IA5 0x01, Latin-1 0x03): the receipt keeps that
// data_coding, whose ASCII letters, digits and punctuation the receipt's own words share.
// Otherwise (UCS-2, binary) raw octets would not read as text: the host's UTF-8 decoding is
// quoted instead, 20 characters with anything the GSM default alphabet does not share with ASCII
// as '?', and data_coding 0.
TextHead receipt_text_head(std::string_view octets, uint8_t data_coding, std::string_view decoded_utf8);
// True when receipt_text_head quotes the raw octets (and needs no decoded text).
bool quotes_raw_octets(uint8_t data_coding) noexcept;

// What the SMPP v3.4 Appendix B receipt text says.
struct ReceiptText {
  std::string_view message_id;
  ReceiptState state = ReceiptState::delivered;
  int64_t submit_realtime_ns = 0;
  int64_t done_realtime_ns = 0;
  std::string_view text_head;  // at most 20 octets
};

// "id:<id> sub:001 dlvrd:<001|000> submit date:<YYMMDDhhmm> done date:<YYMMDDhhmm>
// stat:<DELIVRD...> err:000 text:<first 20 octets>", one line.
std::string format_receipt_text(const ReceiptText& receipt);

// YYMMDDhhmm in UTC, as Appendix B's dates.
std::string receipt_date(int64_t realtime_ns);

}  // namespace smppd::plugins::mock
