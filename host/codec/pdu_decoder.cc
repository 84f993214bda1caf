#include "host/codec/pdu_decoder.h"

#include <bitset>
#include <string_view>

#include "host/codec/byte_reader.h"
#include "host/codec/command_status.h"
#include "host/codec/frame.h"
#include "host/codec/pdu_layout.h"
#include "host/codec/time/smpp_time.h"
#include "host/codec/tlv_tag.h"

namespace smppd::codec {
namespace {

constexpr uint32_t kMaxSequenceNumber = 0x7FFFFFFF;
constexpr uint8_t kTimeFieldLength = 16;

class BodyDecoder {
 public:
  BodyDecoder(std::span<const uint8_t> body, Pdu& out, const DecodeOptions& options)
      : reader_(body), out_(out), options_(options) {}

  DecodeError mandatory_fields(const PduLayout& layout) {
    for (const FieldSpec& spec : layout.fields) {
      DecodeError error = field(spec);
      if (error.failed()) return error;
    }
    return {};
  }

  DecodeError tlvs() {
    std::bitset<kKnownTlvCount> seen;
    while (!reader_.empty()) {
      const uint32_t at = offset();
      uint16_t tag = 0;
      uint16_t length = 0;
      std::string_view value;
      if (!reader_.read_u16(tag) || !reader_.read_u16(length)) {
        return fail(DecodeErrorKind::tlv_stream_invalid, status::kInvTlvStream, FieldId::tlvs, at);
      }
      if (!reader_.read_bytes(length, value)) {
        return fail(DecodeErrorKind::tlv_stream_invalid, status::kInvTlvStream, FieldId::tlvs, at, tag);
      }
      if (const TlvSpec* spec = find_tlv_spec(tag)) {
        if (length < spec->min_length || length > spec->max_length) {
          return fail(DecodeErrorKind::tlv_length_invalid, status::kInvTlvLen, FieldId::tlvs, at, tag);
        }
        // A second copy of a tag could make a filter judge one value while the upstream acts on
        // the other, so known tags that may not repeat are refused.
        const size_t index = known_tlv_index(*spec);
        if (seen.test(index) && !spec->repeatable) {
          return fail(DecodeErrorKind::tlv_duplicate, status::kInvTlvStream, FieldId::tlvs, at, tag);
        }
        seen.set(index);
      }
      out_.tlvs.append(tag, std::string(value));
    }
    return {};
  }

  uint32_t offset() const { return static_cast<uint32_t>(kHeaderLength + reader_.offset()); }

  static DecodeError fail(DecodeErrorKind kind, uint32_t command_status, FieldId field, uint32_t at,
                          uint16_t tlv_tag = 0) {
    return DecodeError{kind, command_status, field, tlv_tag, at};
  }

 private:
  DecodeError truncated(FieldId field) const {
    return fail(DecodeErrorKind::body_truncated, status::kInvCmdLen, field, offset());
  }

  DecodeError cstring(const FieldSpec& spec, size_t max_with_nul, std::string& target) {
    std::string_view text;
    switch (reader_.read_cstring(max_with_nul, text)) {
      case ByteReader::CStringRead::ok:
        target.assign(text);
        return {};
      case ByteReader::CStringRead::unterminated:
        return truncated(spec.id);
      case ByteReader::CStringRead::too_long:
        return fail(DecodeErrorKind::cstring_too_long, spec.invalid_status, spec.id, offset());
    }
    return truncated(spec.id);
  }

  DecodeError field(const FieldSpec& spec) {
    switch (spec.kind) {
      case FieldKind::octet:
        return reader_.read_u8(*out_.octet_field(spec.id)) ? DecodeError{} : truncated(spec.id);
      case FieldKind::cstring: {
        const size_t max = spec.id == FieldId::password ? options_.max_password_length : spec.max_with_nul;
        return cstring(spec, max, *out_.string_field(spec.id));
      }
      case FieldKind::time: {
        const uint32_t at = offset();
        std::string& target = *out_.string_field(spec.id);
        DecodeError error = cstring(spec, spec.max_with_nul, target);
        if (error.kind == DecodeErrorKind::cstring_too_long) error.kind = DecodeErrorKind::time_invalid;
        if (error.failed()) return error;
        if (!target.empty() && target.size() != kTimeFieldLength) {
          return fail(DecodeErrorKind::time_invalid, spec.invalid_status, spec.id, at);
        }
        // A request's times are what the client asks for: a bad one is answered with the field's
        // status. A response's final_date is only reported, so a sloppy SMSC's is passed on.
        if (!is_response(out_.command_id) && !parse_smpp_time(target).ok()) {
          return fail(DecodeErrorKind::time_invalid, spec.invalid_status, spec.id, at);
        }
        return {};
      }
      case FieldKind::short_message: {
        uint8_t sm_length = 0;
        std::string_view octets;
        if (!reader_.read_u8(sm_length)) return truncated(spec.id);
        if (!reader_.read_bytes(sm_length, octets)) {
          return fail(DecodeErrorKind::short_message_overrun, status::kInvMsgLen, spec.id, offset());
        }
        out_.short_message.assign(octets);
        return {};
      }
      case FieldKind::dest_addresses:
        return dest_addresses(spec);
      case FieldKind::unsuccess_smes:
        return unsuccess_smes(spec);
    }
    return truncated(spec.id);
  }

  DecodeError dest_addresses(const FieldSpec& spec) {
    static constexpr FieldSpec kAddress{FieldId::destination_addr, FieldKind::cstring, 21, status::kInvDstAdr};
    static constexpr FieldSpec kListName{FieldId::dl_name, FieldKind::cstring, 21, status::kInvDlName};
    uint8_t count = 0;
    if (!reader_.read_u8(count)) return truncated(spec.id);
    if (count == 0) return fail(DecodeErrorKind::number_of_dests_invalid, status::kInvNumDests, spec.id, offset());
    out_.dest_addresses.resize(count);
    for (DestAddress& dest : out_.dest_addresses) {
      if (!reader_.read_u8(dest.dest_flag)) return truncated(spec.id);
      DecodeError error;
      if (dest.dest_flag == DestAddress::kSmeAddress) {
        if (!reader_.read_u8(dest.ton) || !reader_.read_u8(dest.npi)) return truncated(spec.id);
        error = cstring(kAddress, kAddress.max_with_nul, dest.address);
      } else if (dest.dest_flag == DestAddress::kDistributionList) {
        error = cstring(kListName, kListName.max_with_nul, dest.address);
      } else {
        return fail(DecodeErrorKind::dest_flag_invalid, status::kInvDestFlag, spec.id, offset() - 1);
      }
      if (error.failed()) return error;
    }
    return {};
  }

  DecodeError unsuccess_smes(const FieldSpec& spec) {
    static constexpr FieldSpec kAddress{FieldId::destination_addr, FieldKind::cstring, 21, status::kSysErr};
    uint8_t count = 0;
    if (!reader_.read_u8(count)) return truncated(spec.id);
    out_.unsuccess_smes.resize(count);
    for (UnsuccessSme& sme : out_.unsuccess_smes) {
      if (!reader_.read_u8(sme.ton) || !reader_.read_u8(sme.npi)) return truncated(spec.id);
      DecodeError error = cstring(kAddress, kAddress.max_with_nul, sme.address);
      if (error.failed()) return error;
      if (!reader_.read_u32(sme.error_status_code)) return truncated(spec.id);
    }
    return {};
  }

  ByteReader reader_;
  Pdu& out_;
  const DecodeOptions& options_;
};

bool carries_esm_class(const PduLayout& layout) {
  for (const FieldSpec& spec : layout.fields) {
    if (spec.id == FieldId::esm_class) return true;
  }
  return false;
}

bool carries_short_message(const PduLayout& layout) {
  for (const FieldSpec& spec : layout.fields) {
    if (spec.kind == FieldKind::short_message) return true;
  }
  return false;
}

// Checks between fields that the layout cannot express on its own.
DecodeError check_user_data(const PduLayout& layout, const Pdu& pdu, const DecodeOptions& options, uint32_t end) {
  const Tlv* payload = pdu.tlvs.find(tlv::kMessagePayload);
  if (options.refuse_short_message_with_payload && payload != nullptr && !pdu.short_message.empty()) {
    return BodyDecoder::fail(DecodeErrorKind::short_message_and_payload, status::kInvMsgLen,
                             FieldId::short_message, end, tlv::kMessagePayload);
  }
  if (carries_esm_class(layout) && (pdu.esm_class & kEsmClassUdhi) != 0) {
    // The UDH lives in whichever of the two carries the text. UDHL counts the octets after itself;
    // a length past the user data is what crashed Osmocom.
    std::string_view user_data = !pdu.short_message.empty() || payload == nullptr
                                     ? std::string_view(pdu.short_message)
                                     : std::string_view(payload->value);
    if (user_data.empty() || static_cast<uint8_t>(user_data[0]) + 1u > user_data.size()) {
      return BodyDecoder::fail(DecodeErrorKind::udh_invalid, status::kInvMsgLen, FieldId::short_message, end);
    }
  }
  return {};
}

}  // namespace

bool decode_header(std::span<const uint8_t> pdu, PduHeader& header) {
  ByteReader reader(pdu);
  return reader.read_u32(header.command_length) && reader.read_u32(header.command_id) &&
         reader.read_u32(header.command_status) && reader.read_u32(header.sequence_number);
}

DecodeError decode_pdu(std::span<const uint8_t> pdu, Pdu& out, const DecodeOptions& options) {
  out.reset();
  PduHeader header;
  if (!decode_header(pdu, header) || header.command_length != pdu.size()) {
    return BodyDecoder::fail(DecodeErrorKind::command_length_invalid, status::kInvCmdLen, FieldId::command_length, 0);
  }
  out.command_id = static_cast<CommandId>(header.command_id);
  out.command_status = header.command_status;
  out.sequence_number = header.sequence_number;

  const PduLayout* layout = find_layout(header.command_id);
  if (layout == nullptr) {
    return BodyDecoder::fail(DecodeErrorKind::unknown_command_id, status::kInvCmdId, FieldId::command_id, 4);
  }
  // Sequence number 0 belongs to a generic_nack answering an undecodable header.
  const bool zero_allowed = out.command_id == CommandId::generic_nack;
  if (!options.accept_any_sequence_number &&
      (header.sequence_number > kMaxSequenceNumber || (header.sequence_number == 0 && !zero_allowed))) {
    // No status names this; ESME_RUNKNOWNERR rather than one that blames another field.
    return BodyDecoder::fail(DecodeErrorKind::invalid_sequence_number, status::kUnknownErr,
                             FieldId::sequence_number, 12);
  }
  // command_status is "NULL" in requests, but a non-zero value harms nothing and is kept: the
  // session ignores it, as receivers are told to.

  const auto body = pdu.subspan(kHeaderLength);
  const bool response = is_response(out.command_id);
  if (body.empty()) {
    if (layout->header_only) return {};
    if (response) {
      out.body_absent = true;
      return {};
    }
  }
  if (layout->header_only && !response) {
    return BodyDecoder::fail(DecodeErrorKind::body_not_allowed, status::kInvCmdLen, FieldId::command_length,
                             kHeaderLength);
  }

  BodyDecoder decoder(body, out, options);
  DecodeError error = decoder.mandatory_fields(*layout);
  if (!error.failed()) error = decoder.tlvs();
  if (error.failed()) return error;

  for (uint16_t tag : layout->required_tlvs) {
    if (!out.tlvs.contains(tag)) {
      return BodyDecoder::fail(DecodeErrorKind::tlv_missing, status::kMissingTlv, FieldId::tlvs, decoder.offset(), tag);
    }
  }
  if (carries_short_message(*layout) || layout->command_id == CommandId::data_sm) {
    return check_user_data(*layout, out, options, decoder.offset());
  }
  return {};
}

}  // namespace smppd::codec
