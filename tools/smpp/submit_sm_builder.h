#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/codec/pdu.h"
#include "host/codec/text/data_coding.h"
#include "host/codec/text/segmenter.h"
#include "tools/smpp/sme_address.h"

namespace smppd::tools {

// How a text longer than one short_message travels.
enum class LongMode : uint8_t {
  udh,      // segments with a concatenation UDH (esm_class 0x40): 153/134/67 characters each
  sar,      // the same segments without UDH, numbered by the sar_* TLVs
  payload,  // the whole text in one message_payload TLV
};

std::string_view long_mode_name(LongMode mode);
std::optional<LongMode> parse_long_mode(std::string_view text);

inline constexpr uint8_t kRegisteredDeliveryFinal = 0x01;

struct MessageSpec {
  SmeAddress source;
  SmeAddress destination;
  std::string text;  // UTF-8
  LongMode long_mode = LongMode::udh;
  uint8_t registered_delivery = 0;
  // Ties the parts of one long message together (UDH or sar_msg_ref_num); vary it per message.
  uint16_t reference = 0;
  std::string service_type;
};

struct BuiltMessage {
  codec::SplitError error = codec::SplitError::none;
  codec::TextEncoding encoding = codec::TextEncoding::gsm7;
  uint8_t data_coding = codec::kDataCodingMcDefault;
  size_t units = 0;  // septets, octets or UTF-16 code units of the whole text
  // The submit_sm PDUs in order; sequence numbers are left for the session to set.
  std::vector<codec::Pdu> parts;

  bool ok() const { return error == codec::SplitError::none; }
};

// One text as submit_sm PDUs: the smallest encoding that carries it (codec encode_text), split by
// the codec's segmenter. A text that fits one short_message is one PDU in every mode.
BuiltMessage build_submit_sms(const MessageSpec& spec);

// Points an already built long message at a new concatenation reference in place (UDH octet or
// sar_msg_ref_num), so a benchmark can resend one template as distinct messages.
void set_concat_reference(std::vector<codec::Pdu>& parts, uint16_t reference);

}  // namespace smppd::tools
