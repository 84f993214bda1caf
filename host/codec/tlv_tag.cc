#include "host/codec/tlv_tag.h"

#include <algorithm>
#include <array>

namespace smppd::codec {
namespace {

// Sorted by tag. Lengths are the value lengths of SMPP v5.0 (a superset of v3.4): for example
// ms_validity may be 1 or 4 octets and alert_on_message_delivery 0 or 1 in v5.0.
constexpr std::array kTlvSpecs = {
    TlvSpec{tlv::kDestAddrSubunit, "dest_addr_subunit", 1, 1, false},
    TlvSpec{tlv::kDestNetworkType, "dest_network_type", 1, 1, false},
    TlvSpec{tlv::kDestBearerType, "dest_bearer_type", 1, 1, false},
    TlvSpec{tlv::kDestTelematicsId, "dest_telematics_id", 2, 2, false},
    TlvSpec{tlv::kSourceAddrSubunit, "source_addr_subunit", 1, 1, false},
    TlvSpec{tlv::kSourceNetworkType, "source_network_type", 1, 1, false},
    TlvSpec{tlv::kSourceBearerType, "source_bearer_type", 1, 1, false},
    TlvSpec{tlv::kSourceTelematicsId, "source_telematics_id", 1, 1, false},
    TlvSpec{tlv::kQosTimeToLive, "qos_time_to_live", 4, 4, false},
    TlvSpec{tlv::kPayloadType, "payload_type", 1, 1, false},
    TlvSpec{tlv::kAdditionalStatusInfoText, "additional_status_info_text", 1, 256, false},
    TlvSpec{tlv::kReceiptedMessageId, "receipted_message_id", 1, 65, false},
    TlvSpec{tlv::kMsMsgWaitFacilities, "ms_msg_wait_facilities", 1, 1, false},
    TlvSpec{tlv::kPrivacyIndicator, "privacy_indicator", 1, 1, false},
    TlvSpec{tlv::kSourceSubaddress, "source_subaddress", 2, 23, false},
    TlvSpec{tlv::kDestSubaddress, "dest_subaddress", 2, 23, false},
    TlvSpec{tlv::kUserMessageReference, "user_message_reference", 2, 2, false},
    TlvSpec{tlv::kUserResponseCode, "user_response_code", 1, 1, false},
    TlvSpec{tlv::kSourcePort, "source_port", 2, 2, false},
    TlvSpec{tlv::kDestinationPort, "destination_port", 2, 2, false},
    TlvSpec{tlv::kSarMsgRefNum, "sar_msg_ref_num", 2, 2, false},
    TlvSpec{tlv::kLanguageIndicator, "language_indicator", 1, 1, false},
    TlvSpec{tlv::kSarTotalSegments, "sar_total_segments", 1, 1, false},
    TlvSpec{tlv::kSarSegmentSeqnum, "sar_segment_seqnum", 1, 1, false},
    TlvSpec{tlv::kScInterfaceVersion, "sc_interface_version", 1, 1, false},
    TlvSpec{tlv::kCallbackNumPresInd, "callback_num_pres_ind", 1, 1, false},
    TlvSpec{tlv::kCallbackNumAtag, "callback_num_atag", 1, 65, false},
    TlvSpec{tlv::kNumberOfMessages, "number_of_messages", 1, 1, false},
    TlvSpec{tlv::kCallbackNum, "callback_num", 4, 19, false},
    TlvSpec{tlv::kDpfResult, "dpf_result", 1, 1, false},
    TlvSpec{tlv::kSetDpf, "set_dpf", 1, 1, false},
    TlvSpec{tlv::kMsAvailabilityStatus, "ms_availability_status", 1, 1, false},
    TlvSpec{tlv::kNetworkErrorCode, "network_error_code", 3, 3, false},
    TlvSpec{tlv::kMessagePayload, "message_payload", 0, 65535, false},
    TlvSpec{tlv::kDeliveryFailureReason, "delivery_failure_reason", 1, 1, false},
    TlvSpec{tlv::kMoreMessagesToSend, "more_messages_to_send", 1, 1, false},
    TlvSpec{tlv::kMessageState, "message_state", 1, 1, false},
    TlvSpec{tlv::kCongestionState, "congestion_state", 1, 1, false},
    TlvSpec{tlv::kUssdServiceOp, "ussd_service_op", 1, 1, false},
    TlvSpec{tlv::kBroadcastChannelIndicator, "broadcast_channel_indicator", 1, 1, false},
    TlvSpec{tlv::kBroadcastContentType, "broadcast_content_type", 3, 3, false},
    TlvSpec{tlv::kBroadcastContentTypeInfo, "broadcast_content_type_info", 1, 255, false},
    TlvSpec{tlv::kBroadcastMessageClass, "broadcast_message_class", 1, 1, false},
    TlvSpec{tlv::kBroadcastRepNum, "broadcast_rep_num", 2, 2, false},
    TlvSpec{tlv::kBroadcastFrequencyInterval, "broadcast_frequency_interval", 3, 3, false},
    TlvSpec{tlv::kBroadcastAreaIdentifier, "broadcast_area_identifier", 1, 101, true},
    TlvSpec{tlv::kBroadcastErrorStatus, "broadcast_error_status", 4, 4, false},
    TlvSpec{tlv::kBroadcastAreaSuccess, "broadcast_area_success", 1, 1, true},
    TlvSpec{tlv::kBroadcastEndTime, "broadcast_end_time", 1, 17, false},
    TlvSpec{tlv::kBroadcastServiceGroup, "broadcast_service_group", 1, 255, false},
    TlvSpec{tlv::kBillingIdentification, "billing_identification", 1, 1024, false},
    TlvSpec{tlv::kSourceNetworkId, "source_network_id", 7, 65, false},
    TlvSpec{tlv::kDestNetworkId, "dest_network_id", 7, 65, false},
    TlvSpec{tlv::kSourceNodeId, "source_node_id", 6, 6, false},
    TlvSpec{tlv::kDestNodeId, "dest_node_id", 6, 6, false},
    TlvSpec{tlv::kDestAddrNpResolution, "dest_addr_np_resolution", 1, 1, false},
    TlvSpec{tlv::kDestAddrNpInformation, "dest_addr_np_information", 10, 10, false},
    TlvSpec{tlv::kDestAddrNpCountry, "dest_addr_np_country", 1, 5, false},
    TlvSpec{tlv::kDisplayTime, "display_time", 1, 1, false},
    TlvSpec{tlv::kSmsSignal, "sms_signal", 2, 2, false},
    TlvSpec{tlv::kMsValidity, "ms_validity", 1, 4, false},
    TlvSpec{tlv::kAlertOnMessageDelivery, "alert_on_message_delivery", 0, 1, false},
    TlvSpec{tlv::kItsReplyType, "its_reply_type", 1, 1, false},
    TlvSpec{tlv::kItsSessionInfo, "its_session_info", 2, 2, false},
};

static_assert(std::is_sorted(kTlvSpecs.begin(), kTlvSpecs.end(),
                             [](const TlvSpec& a, const TlvSpec& b) { return a.tag < b.tag; }),
              "kTlvSpecs must stay sorted by tag for the binary search");

static_assert(kTlvSpecs.size() == kKnownTlvCount, "update kKnownTlvCount in tlv_tag.h");

}  // namespace

size_t known_tlv_index(const TlvSpec& spec) { return static_cast<size_t>(&spec - kTlvSpecs.data()); }

const TlvSpec* find_tlv_spec(uint16_t tag) {
  auto it = std::lower_bound(kTlvSpecs.begin(), kTlvSpecs.end(), tag,
                             [](const TlvSpec& spec, uint16_t wanted) { return spec.tag < wanted; });
  if (it == kTlvSpecs.end() || it->tag != tag) return nullptr;
  return &*it;
}

}  // namespace smppd::codec
