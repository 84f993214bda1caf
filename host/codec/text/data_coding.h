#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace smppd::codec {

// The data_coding values smppd itself sends.
inline constexpr uint8_t kDataCodingMcDefault = 0x00;
inline constexpr uint8_t kDataCodingIa5 = 0x01;
inline constexpr uint8_t kDataCodingLatin1 = 0x03;
inline constexpr uint8_t kDataCodingBinary = 0x04;
inline constexpr uint8_t kDataCodingUcs2 = 0x08;

enum class TextEncoding : uint8_t { gsm7, ia5, latin1, ucs2, binary };

std::string_view text_encoding_name(TextEncoding encoding);

// How the octets of short_message / message_payload are to be read. 0x00 is "MC specific", so the
// operator says what it means for each SMSC (mc_default). Everything this proxy cannot turn into
// text faithfully is binary: 0x02 and 0x04, 8-bit message classes (0xF4-0xF7, 0xFC-0xFF), and all
// reserved or unsupported values (JIS, Cyrillic, Hebrew, pictogram, Kanji, KS C 5601, and the GSM
// general data coding groups 0x10-0xBF). 0xC0-0xDF are GSM-7 message waiting indications,
// 0xE0-0xEF the UCS-2 one, 0xF0-0xFF message classes with bit 2 choosing 8-bit over GSM-7.
TextEncoding text_encoding_of(uint8_t data_coding, TextEncoding mc_default = TextEncoding::gsm7);

struct DecodedText {
  std::string utf8;
  TextEncoding encoding = TextEncoding::binary;
  // True when utf8 does not carry the octets exactly (U+FFFD, an unknown GSM escape, binary data),
  // so re-encoding utf8 would change the message: forward the original octets instead.
  bool lossy = false;
};

// `bytes` is the text after any UDH; GSM-7 is unpacked. Binary yields empty utf8 (no guessing what
// it might be), with lossy set unless there were no octets at all.
DecodedText decode_text(uint8_t data_coding, std::string_view bytes, TextEncoding mc_default = TextEncoding::gsm7);

// Whether decode_text would give back `bytes` themselves (GSM-7 septets that are their own ASCII
// octets, IA5 or Latin-1 below 0x80), so that they can be read as UTF-8 where they are.
bool decodes_to_itself(TextEncoding encoding, std::string_view bytes);

struct EncodingPreference {
  // Latin-1 carries 140 characters instead of 70 for text GSM-7 cannot hold, but many SMSCs
  // mangle data_coding 3, so it is opt-in.
  bool allow_latin1 = false;
};

struct EncodedText {
  uint8_t data_coding = kDataCodingMcDefault;
  TextEncoding encoding = TextEncoding::gsm7;
  std::string bytes;  // GSM-7 as unpacked septets
  size_t units = 0;   // septets, octets or UTF-16 code units: what segment capacities count
};

// The smallest encoding able to carry the text: GSM-7 (0x00) if every character has a GSM-7 form,
// else Latin-1 (0x03) if allowed and sufficient, else UCS-2 (0x08), which carries anything.
// Malformed UTF-8 travels as U+FFFD and so ends up in UCS-2.
EncodedText encode_text(std::string_view utf8, EncodingPreference preference = {});

}  // namespace smppd::codec
