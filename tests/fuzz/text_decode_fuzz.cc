// Decodes arbitrary octets as the text of a short message, the first octet being data_coding, and
// checks what the text codec promises: valid UTF-8 out, never more than 3 times the input, a
// lossless decode that re-encodes to the very same octets, packing that round-trips, and text that
// survives encoding and splitting. The same octets are also tried as UTF-8 text to send.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "host/codec/text/data_coding.h"
#include "host/codec/text/gsm7.h"
#include "host/codec/text/ia5.h"
#include "host/codec/text/latin1.h"
#include "host/codec/text/segmenter.h"
#include "host/codec/text/ucs2.h"
#include "host/codec/text/udh.h"
#include "host/codec/text/utf8.h"

using namespace smppd::codec;

namespace {

void check(bool holds) {
  if (!holds) __builtin_trap();
}

std::optional<std::string> reencode(TextEncoding encoding, std::string_view utf8) {
  switch (encoding) {
    case TextEncoding::gsm7: return gsm7_from_utf8(utf8);
    case TextEncoding::ia5: return ia5_from_utf8(utf8);
    case TextEncoding::latin1: return latin1_from_utf8(utf8);
    case TextEncoding::ucs2: return ucs2_from_utf8(utf8);
    case TextEncoding::binary: return std::nullopt;
  }
  return std::nullopt;
}

void check_decoding(uint8_t data_coding, std::string_view bytes) {
  for (const TextEncoding mc_default : {TextEncoding::gsm7, TextEncoding::latin1, TextEncoding::ia5}) {
    const DecodedText decoded = decode_text(data_coding, bytes, mc_default);
    check(decoded.encoding == text_encoding_of(data_coding, mc_default));
    check(is_valid_utf8(decoded.utf8));
    check(decoded.utf8.size() <= 3 * bytes.size());
    if (decoded.encoding == TextEncoding::binary) {
      check(decoded.utf8.empty() && decoded.lossy == !bytes.empty());
    } else if (!decoded.lossy) {
      check(reencode(decoded.encoding, decoded.utf8) == bytes);
    }
  }
}

void check_packing(uint8_t data_coding, std::string_view packed) {
  const size_t bits = packed.size() * 8;
  for (unsigned fill = 0; fill <= 6; ++fill) {
    const std::string septets = gsm7_unpack(packed, SIZE_MAX, fill);
    check(septets.size() == (bits < fill ? 0 : (bits - fill) / 7));
    check(std::all_of(septets.begin(), septets.end(), [](char c) { return static_cast<uint8_t>(c) < 0x80; }));
    const std::string repacked = gsm7_pack(septets, fill);
    check(repacked.size() <= packed.size());
    check(gsm7_unpack(repacked, septets.size(), fill) == septets);
    // An announced count (here the first octet) only ever shortens the result.
    check(gsm7_unpack(packed, data_coding, fill) == septets.substr(0, data_coding));
  }
}

// Every code point of the input, malformed sequences as U+FFFD.
std::string sanitized(std::string_view utf8) {
  std::string out;
  while (!utf8.empty()) append_utf8(out, next_code_point(utf8));
  return out;
}

void check_encoding(uint8_t flags, std::string_view utf8) {
  const std::string text = sanitized(utf8);
  check(is_valid_utf8(text));
  if (is_valid_utf8(utf8)) check(text == utf8);
  check(ucs2_to_utf8(ucs2_from_utf8(utf8)) == text);

  const auto septets = gsm7_from_utf8(utf8);
  check(septets.has_value() == gsm7_septet_count(utf8).has_value());
  if (septets) {
    check(text == utf8);
    check(gsm7_to_utf8(*septets) == text);
    check(gsm7_septet_count(utf8) == septets->size());
  }

  EncodingPreference preference;
  preference.allow_latin1 = (flags & 1) != 0;
  const EncodedText encoded = encode_text(utf8, preference);
  const DecodedText decoded = decode_text(encoded.data_coding, encoded.bytes);
  check(decoded.utf8 == text && !decoded.lossy);

  SplitOptions options;
  options.encoding = preference;
  options.sixteen_bit_reference = (flags & 2) != 0;
  options.use_message_payload = (flags & 4) != 0;
  options.max_segments = flags >> 3;
  options.reference = flags;
  const SegmentPlan plan = split_text(utf8, options);
  if (!plan.ok()) {
    check(plan.segments.empty());
    return;
  }
  std::string joined;
  for (const Segment& segment : plan.segments) {
    std::string_view payload = segment.user_data;
    size_t udh_length = 0;
    if (segment.udhi) {
      const UdhParseResult parsed = parse_udh(segment.user_data);
      check(parsed.ok() && parsed.udh.concat && parsed.udh.concat->total == plan.segments.size());
      udh_length = parsed.udh.length;
      payload = parsed.udh.payload;
    }
    if (!options.use_message_payload) {
      const size_t air = plan.encoding == TextEncoding::gsm7
                             ? udh_length + gsm7_pack(payload, gsm7_fill_bits(udh_length)).size()
                             : segment.user_data.size();
      check(air <= kUserDataOctets);
    }
    joined += payload;
  }
  check(joined == encoded.bytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t data_coding = data[0];
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  check_decoding(data_coding, bytes);
  check_packing(data_coding, bytes);
  check_encoding(data_coding, bytes);
  return 0;
}
