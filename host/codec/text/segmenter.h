#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "host/codec/text/data_coding.h"

namespace smppd::codec {

// Splits outgoing text into short_message segments, concatenated with a UDH (IE 0x00 or 0x08).

inline constexpr size_t kUserDataOctets = 140;
inline constexpr size_t kMessagePayloadMaxOctets = 0xFFFF;  // the TLV length is 16 bits

// Characters (septets, octets or UTF-16 code units) that fit in one short_message after a UDH of
// udh_length octets (0 for none): GSM-7 160/153/152, 8-bit 140/134/133, UCS-2 70/67/66 for no UDH,
// a 6-octet and a 7-octet concatenation UDH.
size_t user_data_capacity(TextEncoding encoding, size_t udh_length);

struct SplitOptions {
  EncodingPreference encoding;
  uint16_t reference = 0;  // the concatenation reference; an 8-bit reference keeps the low octet
  bool sixteen_bit_reference = false;
  size_t max_segments = 255;  // values above 255 mean 255: the total is one octet
  // The whole text in one message_payload TLV (up to 65,535 octets), without UDH or splitting.
  bool use_message_payload = false;
};

struct Segment {
  std::string user_data;  // exactly the short_message octets: UDH, then text (GSM-7 unpacked)
  bool udhi = false;      // set esm_class 0x40

  bool operator==(const Segment&) const = default;
};

enum class SplitError : uint8_t {
  none,
  too_many_segments,  // the text needs more than max_segments; it is never truncated
  payload_too_long,   // use_message_payload and the text exceeds 65,535 octets
};

struct SegmentPlan {
  SplitError error = SplitError::none;
  uint8_t data_coding = kDataCodingMcDefault;
  TextEncoding encoding = TextEncoding::gsm7;
  size_t units = 0;               // of the whole text
  size_t segments_needed = 0;     // also set on too_many_segments
  std::vector<Segment> segments;  // empty on error

  bool ok() const { return error == SplitError::none; }
};

// Never splits a GSM-7 escape pair or a UTF-16 surrogate pair. Text that fits one short_message
// is sent as one segment without UDH; empty text is one empty segment.
SegmentPlan split_text(std::string_view utf8, const SplitOptions& options);

}  // namespace smppd::codec
