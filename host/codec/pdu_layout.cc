#include "host/codec/pdu_layout.h"

#include <array>

#include "host/codec/command_status.h"
#include "host/codec/tlv_tag.h"

namespace smppd::codec {
namespace {

using K = FieldKind;
using F = FieldId;

// Sizes from SMPP v3.4 chapter 4 (tables 4-1 to 4-30) and v5.0 section 4.
constexpr FieldSpec kSystemId{F::system_id, K::cstring, 16, status::kInvSysId};
constexpr FieldSpec kPassword{F::password, K::cstring, 9, status::kInvPaswd};
constexpr FieldSpec kServiceType{F::service_type, K::cstring, 6, status::kInvSerTyp};
constexpr FieldSpec kSourceTon{F::source_addr_ton, K::octet, 0, status::kInvSrcTon};
constexpr FieldSpec kSourceNpi{F::source_addr_npi, K::octet, 0, status::kInvSrcNpi};
constexpr FieldSpec kSourceAddr21{F::source_addr, K::cstring, 21, status::kInvSrcAdr};
constexpr FieldSpec kSourceAddr65{F::source_addr, K::cstring, 65, status::kInvSrcAdr};
constexpr FieldSpec kDestTon{F::dest_addr_ton, K::octet, 0, status::kInvDstTon};
constexpr FieldSpec kDestNpi{F::dest_addr_npi, K::octet, 0, status::kInvDstNpi};
constexpr FieldSpec kDestAddr21{F::destination_addr, K::cstring, 21, status::kInvDstAdr};
constexpr FieldSpec kDestAddr65{F::destination_addr, K::cstring, 65, status::kInvDstAdr};
constexpr FieldSpec kEsmClass{F::esm_class, K::octet, 0, status::kInvEsmClass};
constexpr FieldSpec kProtocolId{F::protocol_id, K::octet, 0, status::kSysErr};
constexpr FieldSpec kPriorityFlag{F::priority_flag, K::octet, 0, status::kInvPrtFlg};
constexpr FieldSpec kSchedule{F::schedule_delivery_time, K::time, 17, status::kInvSched};
constexpr FieldSpec kValidity{F::validity_period, K::time, 17, status::kInvExpiry};
constexpr FieldSpec kRegisteredDelivery{F::registered_delivery, K::octet, 0, status::kInvRegDlvFlg};
constexpr FieldSpec kReplaceIfPresent{F::replace_if_present_flag, K::octet, 0, status::kInvRepFlag};
constexpr FieldSpec kDataCoding{F::data_coding, K::octet, 0, status::kInvDcs};
constexpr FieldSpec kDefaultMsgId{F::sm_default_msg_id, K::octet, 0, status::kInvDftMsgId};
constexpr FieldSpec kShortMessage{F::short_message, K::short_message, 0, status::kInvMsgLen};
constexpr FieldSpec kMessageId{F::message_id, K::cstring, 65, status::kInvMsgId};

constexpr std::array kBind = {
    kSystemId,
    kPassword,
    FieldSpec{F::system_type, K::cstring, 13, status::kInvSysTyp},
    FieldSpec{F::interface_version, K::octet, 0, status::kBindFail},
    FieldSpec{F::addr_ton, K::octet, 0, status::kBindFail},
    FieldSpec{F::addr_npi, K::octet, 0, status::kBindFail},
    FieldSpec{F::address_range, K::cstring, 41, status::kBindFail},
};
constexpr std::array kBindResp = {kSystemId};
constexpr std::array kOutbind = {kSystemId, kPassword};
constexpr std::array kQuerySm = {kMessageId, kSourceTon, kSourceNpi, kSourceAddr21};
constexpr std::array kQuerySmResp = {
    kMessageId,
    FieldSpec{F::final_date, K::time, 17, status::kSysErr},
    FieldSpec{F::message_state, K::octet, 0, status::kSysErr},
    FieldSpec{F::error_code, K::octet, 0, status::kSysErr},
};
// submit_sm and deliver_sm share one layout; deliver_sm leaves some fields NULL.
constexpr std::array kSubmitSm = {
    kServiceType, kSourceTon,  kSourceNpi, kSourceAddr21,       kDestTon,          kDestNpi,
    kDestAddr21,  kEsmClass,   kProtocolId, kPriorityFlag,      kSchedule,         kValidity,
    kRegisteredDelivery,       kReplaceIfPresent,               kDataCoding,       kDefaultMsgId,
    kShortMessage,
};
constexpr std::array kMessageIdOnly = {kMessageId};
constexpr std::array kReplaceSm = {
    kMessageId, kSourceTon, kSourceNpi, kSourceAddr21, kSchedule, kValidity, kRegisteredDelivery,
    kDefaultMsgId, kShortMessage,
};
constexpr std::array kCancelSm = {
    kServiceType, kMessageId, kSourceTon, kSourceNpi, kSourceAddr21, kDestTon, kDestNpi, kDestAddr21,
};
constexpr std::array kSubmitMulti = {
    kServiceType, kSourceTon, kSourceNpi, kSourceAddr21,
    FieldSpec{F::dest_addresses, K::dest_addresses, 0, status::kInvNumDests},
    kEsmClass, kProtocolId, kPriorityFlag, kSchedule, kValidity, kRegisteredDelivery, kReplaceIfPresent,
    kDataCoding, kDefaultMsgId, kShortMessage,
};
constexpr std::array kSubmitMultiResp = {
    kMessageId,
    FieldSpec{F::unsuccess_smes, K::unsuccess_smes, 0, status::kSysErr},
};
constexpr std::array kAlertNotification = {
    kSourceTon, kSourceNpi, kSourceAddr65,
    FieldSpec{F::esme_addr_ton, K::octet, 0, status::kSysErr},
    FieldSpec{F::esme_addr_npi, K::octet, 0, status::kSysErr},
    FieldSpec{F::esme_addr, K::cstring, 65, status::kSysErr},
};
constexpr std::array kDataSm = {
    kServiceType, kSourceTon, kSourceNpi, kSourceAddr65, kDestTon, kDestNpi, kDestAddr65,
    kEsmClass, kRegisteredDelivery, kDataCoding,
};
constexpr std::array kBroadcastSm = {
    kServiceType, kSourceTon, kSourceNpi, kSourceAddr21, kMessageId, kPriorityFlag, kSchedule, kValidity,
    kReplaceIfPresent, kDataCoding, kDefaultMsgId,
};
constexpr std::array kQueryBroadcastSm = {kMessageId, kSourceTon, kSourceNpi, kSourceAddr21};
constexpr std::array kCancelBroadcastSm = {kServiceType, kMessageId, kSourceTon, kSourceNpi, kSourceAddr21};

constexpr std::array<uint16_t, 4> kBroadcastSmTlvs = {
    tlv::kBroadcastAreaIdentifier, tlv::kBroadcastContentType, tlv::kBroadcastRepNum,
    tlv::kBroadcastFrequencyInterval};

constexpr PduLayout body(CommandId id, std::span<const FieldSpec> fields) { return {id, fields, {}, false}; }
constexpr PduLayout header_only(CommandId id) { return {id, {}, {}, true}; }

constexpr PduLayout kGenericNack = header_only(CommandId::generic_nack);
constexpr PduLayout kBindReceiver = body(CommandId::bind_receiver, kBind);
constexpr PduLayout kBindReceiverResp = body(CommandId::bind_receiver_resp, kBindResp);
constexpr PduLayout kBindTransmitter = body(CommandId::bind_transmitter, kBind);
constexpr PduLayout kBindTransmitterResp = body(CommandId::bind_transmitter_resp, kBindResp);
constexpr PduLayout kQuerySmLayout = body(CommandId::query_sm, kQuerySm);
constexpr PduLayout kQuerySmRespLayout = body(CommandId::query_sm_resp, kQuerySmResp);
constexpr PduLayout kSubmitSmLayout = body(CommandId::submit_sm, kSubmitSm);
constexpr PduLayout kSubmitSmResp = body(CommandId::submit_sm_resp, kMessageIdOnly);
constexpr PduLayout kDeliverSm = body(CommandId::deliver_sm, kSubmitSm);
constexpr PduLayout kDeliverSmResp = body(CommandId::deliver_sm_resp, kMessageIdOnly);
constexpr PduLayout kUnbind = header_only(CommandId::unbind);
constexpr PduLayout kUnbindResp = header_only(CommandId::unbind_resp);
constexpr PduLayout kReplaceSmLayout = body(CommandId::replace_sm, kReplaceSm);
constexpr PduLayout kReplaceSmResp = header_only(CommandId::replace_sm_resp);
constexpr PduLayout kCancelSmLayout = body(CommandId::cancel_sm, kCancelSm);
constexpr PduLayout kCancelSmResp = header_only(CommandId::cancel_sm_resp);
constexpr PduLayout kBindTransceiver = body(CommandId::bind_transceiver, kBind);
constexpr PduLayout kBindTransceiverResp = body(CommandId::bind_transceiver_resp, kBindResp);
constexpr PduLayout kOutbindLayout = body(CommandId::outbind, kOutbind);
constexpr PduLayout kEnquireLink = header_only(CommandId::enquire_link);
constexpr PduLayout kEnquireLinkResp = header_only(CommandId::enquire_link_resp);
constexpr PduLayout kSubmitMultiLayout = body(CommandId::submit_multi, kSubmitMulti);
constexpr PduLayout kSubmitMultiRespLayout = body(CommandId::submit_multi_resp, kSubmitMultiResp);
constexpr PduLayout kAlertNotificationLayout = body(CommandId::alert_notification, kAlertNotification);
constexpr PduLayout kDataSmLayout = body(CommandId::data_sm, kDataSm);
constexpr PduLayout kDataSmResp = body(CommandId::data_sm_resp, kMessageIdOnly);
constexpr PduLayout kBroadcastSmLayout = {CommandId::broadcast_sm, kBroadcastSm, kBroadcastSmTlvs, false};
constexpr PduLayout kBroadcastSmResp = body(CommandId::broadcast_sm_resp, kMessageIdOnly);
constexpr PduLayout kQueryBroadcastSmLayout = body(CommandId::query_broadcast_sm, kQueryBroadcastSm);
constexpr PduLayout kQueryBroadcastSmResp = body(CommandId::query_broadcast_sm_resp, kMessageIdOnly);
constexpr PduLayout kCancelBroadcastSmLayout = body(CommandId::cancel_broadcast_sm, kCancelBroadcastSm);
constexpr PduLayout kCancelBroadcastSmResp = header_only(CommandId::cancel_broadcast_sm_resp);

}  // namespace

const PduLayout* find_layout(uint32_t command_id) {
  switch (static_cast<CommandId>(command_id)) {
    case CommandId::generic_nack: return &kGenericNack;
    case CommandId::bind_receiver: return &kBindReceiver;
    case CommandId::bind_receiver_resp: return &kBindReceiverResp;
    case CommandId::bind_transmitter: return &kBindTransmitter;
    case CommandId::bind_transmitter_resp: return &kBindTransmitterResp;
    case CommandId::query_sm: return &kQuerySmLayout;
    case CommandId::query_sm_resp: return &kQuerySmRespLayout;
    case CommandId::submit_sm: return &kSubmitSmLayout;
    case CommandId::submit_sm_resp: return &kSubmitSmResp;
    case CommandId::deliver_sm: return &kDeliverSm;
    case CommandId::deliver_sm_resp: return &kDeliverSmResp;
    case CommandId::unbind: return &kUnbind;
    case CommandId::unbind_resp: return &kUnbindResp;
    case CommandId::replace_sm: return &kReplaceSmLayout;
    case CommandId::replace_sm_resp: return &kReplaceSmResp;
    case CommandId::cancel_sm: return &kCancelSmLayout;
    case CommandId::cancel_sm_resp: return &kCancelSmResp;
    case CommandId::bind_transceiver: return &kBindTransceiver;
    case CommandId::bind_transceiver_resp: return &kBindTransceiverResp;
    case CommandId::outbind: return &kOutbindLayout;
    case CommandId::enquire_link: return &kEnquireLink;
    case CommandId::enquire_link_resp: return &kEnquireLinkResp;
    case CommandId::submit_multi: return &kSubmitMultiLayout;
    case CommandId::submit_multi_resp: return &kSubmitMultiRespLayout;
    case CommandId::alert_notification: return &kAlertNotificationLayout;
    case CommandId::data_sm: return &kDataSmLayout;
    case CommandId::data_sm_resp: return &kDataSmResp;
    case CommandId::broadcast_sm: return &kBroadcastSmLayout;
    case CommandId::broadcast_sm_resp: return &kBroadcastSmResp;
    case CommandId::query_broadcast_sm: return &kQueryBroadcastSmLayout;
    case CommandId::query_broadcast_sm_resp: return &kQueryBroadcastSmResp;
    case CommandId::cancel_broadcast_sm: return &kCancelBroadcastSmLayout;
    case CommandId::cancel_broadcast_sm_resp: return &kCancelBroadcastSmResp;
  }
  return nullptr;
}

}  // namespace smppd::codec
