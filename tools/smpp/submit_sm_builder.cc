#include "tools/smpp/submit_sm_builder.h"

#include <utility>

#include "host/codec/text/udh.h"
#include "host/codec/tlv_tag.h"

namespace smppd::tools {

namespace {

// Where the reference sits in the 8-bit concatenation UDH the segmenter writes: 05 00 03 RR TT SS.
constexpr size_t kUdhReferenceOffset = 3;

codec::Pdu submit_sm_for(const MessageSpec& spec, const BuiltMessage& built) {
  codec::Pdu pdu;
  pdu.command_id = codec::CommandId::submit_sm;
  pdu.service_type = spec.service_type;
  pdu.source_addr_ton = spec.source.ton;
  pdu.source_addr_npi = spec.source.npi;
  pdu.source_addr = spec.source.address;
  pdu.dest_addr_ton = spec.destination.ton;
  pdu.dest_addr_npi = spec.destination.npi;
  pdu.destination_addr = spec.destination.address;
  pdu.registered_delivery = spec.registered_delivery;
  pdu.data_coding = built.data_coding;
  return pdu;
}

}  // namespace

std::string_view long_mode_name(LongMode mode) {
  switch (mode) {
    case LongMode::udh: return "udh";
    case LongMode::sar: return "sar";
    case LongMode::payload: return "payload";
  }
  return "?";
}

std::optional<LongMode> parse_long_mode(std::string_view text) {
  if (text == "udh") return LongMode::udh;
  if (text == "sar") return LongMode::sar;
  if (text == "payload") return LongMode::payload;
  return std::nullopt;
}

BuiltMessage build_submit_sms(const MessageSpec& spec) {
  codec::SplitOptions split;
  split.reference = spec.reference;
  codec::SegmentPlan plan = codec::split_text(spec.text, split);
  if (plan.ok() && plan.segments.size() > 1 && spec.long_mode == LongMode::payload) {
    split.use_message_payload = true;
    plan = codec::split_text(spec.text, split);
  }

  BuiltMessage built;
  built.error = plan.error;
  built.encoding = plan.encoding;
  built.data_coding = plan.data_coding;
  built.units = plan.units;
  if (!plan.ok()) return built;

  if (split.use_message_payload) {
    codec::Pdu pdu = submit_sm_for(spec, built);
    pdu.tlvs.set(codec::tlv::kMessagePayload, std::move(plan.segments.front().user_data));
    built.parts.push_back(std::move(pdu));
    return built;
  }

  const auto total = static_cast<uint8_t>(plan.segments.size());
  for (size_t i = 0; i < plan.segments.size(); ++i) {
    codec::Segment& segment = plan.segments[i];
    codec::Pdu pdu = submit_sm_for(spec, built);
    if (segment.udhi && spec.long_mode == LongMode::sar) {
      const codec::UdhParseResult udh = codec::parse_udh(segment.user_data);
      pdu.short_message = std::string(udh.udh.payload);
      pdu.tlvs.set_u16(codec::tlv::kSarMsgRefNum, spec.reference);
      pdu.tlvs.set_u8(codec::tlv::kSarTotalSegments, total);
      pdu.tlvs.set_u8(codec::tlv::kSarSegmentSeqnum, static_cast<uint8_t>(i + 1));
    } else {
      if (segment.udhi) pdu.esm_class |= codec::kEsmClassUdhi;
      pdu.short_message = std::move(segment.user_data);
    }
    built.parts.push_back(std::move(pdu));
  }
  return built;
}

void set_concat_reference(std::vector<codec::Pdu>& parts, uint16_t reference) {
  // Octets are overwritten in place: a benchmark calls this per message and must not allocate.
  for (codec::Pdu& pdu : parts) {
    const std::string& user_data = pdu.short_message;
    if ((pdu.esm_class & codec::kEsmClassUdhi) != 0 && user_data.size() > kUdhReferenceOffset &&
        user_data[0] == 0x05 && user_data[1] == static_cast<char>(codec::kIeiConcat8BitRef)) {
      pdu.short_message[kUdhReferenceOffset] = static_cast<char>(reference & 0xFF);
    }
    for (codec::Tlv& tlv : pdu.tlvs.items()) {
      if (tlv.tag == codec::tlv::kSarMsgRefNum && tlv.value.size() == 2) {
        tlv.value[0] = static_cast<char>(reference >> 8);
        tlv.value[1] = static_cast<char>(reference & 0xFF);
      }
    }
  }
}

}  // namespace smppd::tools
