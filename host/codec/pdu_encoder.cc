#include "host/codec/pdu_encoder.h"

#include "host/codec/byte_writer.h"
#include "host/codec/frame.h"
#include "host/codec/pdu_layout.h"

namespace smppd::codec {
namespace {

constexpr size_t kTimeFieldLength = 16;
constexpr size_t kMaxListEntries = 255;
constexpr size_t kMaxTlvValue = 0xFFFF;
constexpr size_t kMaxShortMessage = 255;

class BodyEncoder {
 public:
  BodyEncoder(ByteWriter& writer, const Pdu& pdu, const EncodeOptions& options)
      : writer_(writer), pdu_(pdu), options_(options) {}

  EncodeError mandatory_fields(const PduLayout& layout) {
    for (const FieldSpec& spec : layout.fields) {
      EncodeError error = field(spec);
      if (error.failed()) return error;
    }
    return {};
  }

  EncodeError tlvs() {
    for (const Tlv& item : pdu_.tlvs.items()) {
      if (item.value.size() > kMaxTlvValue) return {FieldId::tlvs, item.tag, "TLV value longer than 65535 octets"};
      writer_.u16(item.tag);
      writer_.u16(static_cast<uint16_t>(item.value.size()));
      writer_.bytes(item.value);
    }
    return {};
  }

 private:
  EncodeError cstring(FieldId id, std::string_view text, size_t max_with_nul) {
    if (text.size() + 1 > max_with_nul) return {id, 0, "longer than the field's maximum"};
    if (text.find('\0') != std::string_view::npos) return {id, 0, "contains a NUL octet"};
    writer_.cstring(text);
    return {};
  }

  EncodeError field(const FieldSpec& spec) {
    switch (spec.kind) {
      case FieldKind::octet:
        writer_.u8(*pdu_.octet_field(spec.id));
        return {};
      case FieldKind::cstring: {
        const size_t max = spec.id == FieldId::password ? options_.max_password_length : spec.max_with_nul;
        return cstring(spec.id, *pdu_.string_field(spec.id), max);
      }
      case FieldKind::time: {
        const std::string& text = *pdu_.string_field(spec.id);
        if (!text.empty() && text.size() != kTimeFieldLength) return {spec.id, 0, "time is neither empty nor 16 characters"};
        return cstring(spec.id, text, spec.max_with_nul);
      }
      case FieldKind::short_message:
        if (pdu_.short_message.size() > kMaxShortMessage) return {spec.id, 0, "longer than 255 octets; use message_payload"};
        writer_.u8(static_cast<uint8_t>(pdu_.short_message.size()));
        writer_.bytes(pdu_.short_message);
        return {};
      case FieldKind::dest_addresses:
        return dest_addresses();
      case FieldKind::unsuccess_smes:
        return unsuccess_smes();
    }
    return {spec.id, 0, "unknown field kind"};
  }

  EncodeError dest_addresses() {
    const auto& list = pdu_.dest_addresses;
    if (list.empty() || list.size() > kMaxListEntries) return {FieldId::dest_addresses, 0, "needs 1 to 255 destinations"};
    writer_.u8(static_cast<uint8_t>(list.size()));
    for (const DestAddress& dest : list) {
      writer_.u8(dest.dest_flag);
      EncodeError error;
      if (dest.dest_flag == DestAddress::kSmeAddress) {
        writer_.u8(dest.ton);
        writer_.u8(dest.npi);
        error = cstring(FieldId::destination_addr, dest.address, 21);
      } else if (dest.dest_flag == DestAddress::kDistributionList) {
        error = cstring(FieldId::dl_name, dest.address, 21);
      } else {
        error = {FieldId::dest_addresses, 0, "dest_flag is neither 1 nor 2"};
      }
      if (error.failed()) return error;
    }
    return {};
  }

  EncodeError unsuccess_smes() {
    const auto& list = pdu_.unsuccess_smes;
    if (list.size() > kMaxListEntries) return {FieldId::unsuccess_smes, 0, "more than 255 entries"};
    writer_.u8(static_cast<uint8_t>(list.size()));
    for (const UnsuccessSme& sme : list) {
      writer_.u8(sme.ton);
      writer_.u8(sme.npi);
      EncodeError error = cstring(FieldId::destination_addr, sme.address, 21);
      if (error.failed()) return error;
      writer_.u32(sme.error_status_code);
    }
    return {};
  }

  ByteWriter& writer_;
  const Pdu& pdu_;
  const EncodeOptions& options_;
};

EncodeError encode_body(const PduLayout& layout, const Pdu& pdu, ByteWriter& writer, const EncodeOptions& options) {
  if (pdu.body_absent) {
    if (!is_response(pdu.command_id)) return {FieldId::none, 0, "only a response may omit its body"};
    if (!pdu.tlvs.empty()) return {FieldId::tlvs, 0, "TLVs need the body they follow"};
    return {};
  }
  if (layout.header_only && !is_response(pdu.command_id) && !pdu.tlvs.empty()) {
    return {FieldId::tlvs, 0, "this request carries no body"};
  }
  BodyEncoder body(writer, pdu, options);
  EncodeError error = body.mandatory_fields(layout);
  if (!error.failed()) error = body.tlvs();
  return error;
}

}  // namespace

EncodeError encode_pdu(const Pdu& pdu, std::vector<uint8_t>& out, const EncodeOptions& options) {
  const PduLayout* layout = find_layout(static_cast<uint32_t>(pdu.command_id));
  if (layout == nullptr) return {FieldId::command_id, 0, "unknown command_id"};

  const size_t start = out.size();
  ByteWriter writer(out);
  writer.u32(0);  // command_length, patched below
  writer.u32(static_cast<uint32_t>(pdu.command_id));
  writer.u32(pdu.command_status);
  writer.u32(pdu.sequence_number);
  EncodeError error = encode_body(*layout, pdu, writer, options);
  if (!error.failed() && out.size() - start > 0xFFFFFFFFu) error = {FieldId::command_length, 0, "PDU too large"};
  if (error.failed()) {
    out.resize(start);
    return error;
  }
  writer.patch_u32(start, static_cast<uint32_t>(out.size() - start));
  return {};
}

}  // namespace smppd::codec
