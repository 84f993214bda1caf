#include "host/codec/text/data_coding.h"

#include <algorithm>
#include <utility>

#include "host/codec/text/gsm7.h"
#include "host/codec/text/ia5.h"
#include "host/codec/text/latin1.h"
#include "host/codec/text/ucs2.h"

namespace smppd::codec {

std::string_view text_encoding_name(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::gsm7: return "gsm7";
    case TextEncoding::ia5: return "ia5";
    case TextEncoding::latin1: return "latin1";
    case TextEncoding::ucs2: return "ucs2";
    case TextEncoding::binary: return "binary";
  }
  return "";
}

TextEncoding text_encoding_of(uint8_t data_coding, TextEncoding mc_default) {
  switch (data_coding) {
    case 0x00: return mc_default;
    case 0x01: return TextEncoding::ia5;
    case 0x03: return TextEncoding::latin1;
    case 0x08: return TextEncoding::ucs2;
    default: break;
  }
  if (data_coding >= 0xF0) return (data_coding & 0x04) != 0 ? TextEncoding::binary : TextEncoding::gsm7;
  if (data_coding >= 0xE0) return TextEncoding::ucs2;
  if (data_coding >= 0xC0) return TextEncoding::gsm7;
  return TextEncoding::binary;
}

DecodedText decode_text(uint8_t data_coding, std::string_view bytes, TextEncoding mc_default) {
  DecodedText decoded;
  decoded.encoding = text_encoding_of(data_coding, mc_default);
  switch (decoded.encoding) {
    case TextEncoding::gsm7: decoded.utf8 = gsm7_to_utf8(bytes, decoded.lossy); break;
    case TextEncoding::ia5: decoded.utf8 = ia5_to_utf8(bytes, decoded.lossy); break;
    case TextEncoding::latin1: decoded.utf8 = latin1_to_utf8(bytes); break;
    case TextEncoding::ucs2: decoded.utf8 = ucs2_to_utf8(bytes, decoded.lossy); break;
    case TextEncoding::binary: decoded.lossy = !bytes.empty(); break;
  }
  return decoded;
}

bool decodes_to_itself(TextEncoding encoding, std::string_view bytes) {
  switch (encoding) {
    case TextEncoding::gsm7: return gsm7_identical_prefix(bytes) == bytes.size();
    case TextEncoding::ia5:
    case TextEncoding::latin1:
      return std::all_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<uint8_t>(c) < 0x80; });
    case TextEncoding::ucs2:
    case TextEncoding::binary: return false;
  }
  return false;
}

EncodedText encode_text(std::string_view utf8, EncodingPreference preference) {
  EncodedText encoded;
  if (auto septets = gsm7_from_utf8(utf8)) {
    encoded.data_coding = kDataCodingMcDefault;
    encoded.encoding = TextEncoding::gsm7;
    encoded.bytes = std::move(*septets);
    encoded.units = encoded.bytes.size();
    return encoded;
  }
  if (preference.allow_latin1) {
    if (auto latin1 = latin1_from_utf8(utf8)) {
      encoded.data_coding = kDataCodingLatin1;
      encoded.encoding = TextEncoding::latin1;
      encoded.bytes = std::move(*latin1);
      encoded.units = encoded.bytes.size();
      return encoded;
    }
  }
  encoded.data_coding = kDataCodingUcs2;
  encoded.encoding = TextEncoding::ucs2;
  encoded.bytes = ucs2_from_utf8(utf8);
  encoded.units = encoded.bytes.size() / 2;
  return encoded;
}

}  // namespace smppd::codec
