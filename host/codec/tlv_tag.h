#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace smppd::codec {

// Optional parameter tags of SMPP v3.4 (Table 5-7) and v5.0 (Table 4-60).
namespace tlv {
inline constexpr uint16_t kDestAddrSubunit = 0x0005;
inline constexpr uint16_t kDestNetworkType = 0x0006;
inline constexpr uint16_t kDestBearerType = 0x0007;
inline constexpr uint16_t kDestTelematicsId = 0x0008;
inline constexpr uint16_t kSourceAddrSubunit = 0x000D;
inline constexpr uint16_t kSourceNetworkType = 0x000E;
inline constexpr uint16_t kSourceBearerType = 0x000F;
inline constexpr uint16_t kSourceTelematicsId = 0x0010;
inline constexpr uint16_t kQosTimeToLive = 0x0017;
inline constexpr uint16_t kPayloadType = 0x0019;
inline constexpr uint16_t kAdditionalStatusInfoText = 0x001D;
inline constexpr uint16_t kReceiptedMessageId = 0x001E;
inline constexpr uint16_t kMsMsgWaitFacilities = 0x0030;
inline constexpr uint16_t kPrivacyIndicator = 0x0201;
inline constexpr uint16_t kSourceSubaddress = 0x0202;
inline constexpr uint16_t kDestSubaddress = 0x0203;
inline constexpr uint16_t kUserMessageReference = 0x0204;
inline constexpr uint16_t kUserResponseCode = 0x0205;
inline constexpr uint16_t kSourcePort = 0x020A;
inline constexpr uint16_t kDestinationPort = 0x020B;
inline constexpr uint16_t kSarMsgRefNum = 0x020C;
inline constexpr uint16_t kLanguageIndicator = 0x020D;
inline constexpr uint16_t kSarTotalSegments = 0x020E;
inline constexpr uint16_t kSarSegmentSeqnum = 0x020F;
inline constexpr uint16_t kScInterfaceVersion = 0x0210;
inline constexpr uint16_t kCallbackNumPresInd = 0x0302;
inline constexpr uint16_t kCallbackNumAtag = 0x0303;
inline constexpr uint16_t kNumberOfMessages = 0x0304;
inline constexpr uint16_t kCallbackNum = 0x0381;
inline constexpr uint16_t kDpfResult = 0x0420;
inline constexpr uint16_t kSetDpf = 0x0421;
inline constexpr uint16_t kMsAvailabilityStatus = 0x0422;
inline constexpr uint16_t kNetworkErrorCode = 0x0423;
inline constexpr uint16_t kMessagePayload = 0x0424;
inline constexpr uint16_t kDeliveryFailureReason = 0x0425;
inline constexpr uint16_t kMoreMessagesToSend = 0x0426;
inline constexpr uint16_t kMessageState = 0x0427;
inline constexpr uint16_t kCongestionState = 0x0428;
inline constexpr uint16_t kUssdServiceOp = 0x0501;
inline constexpr uint16_t kBroadcastChannelIndicator = 0x0600;
inline constexpr uint16_t kBroadcastContentType = 0x0601;
inline constexpr uint16_t kBroadcastContentTypeInfo = 0x0602;
inline constexpr uint16_t kBroadcastMessageClass = 0x0603;
inline constexpr uint16_t kBroadcastRepNum = 0x0604;
inline constexpr uint16_t kBroadcastFrequencyInterval = 0x0605;
inline constexpr uint16_t kBroadcastAreaIdentifier = 0x0606;  // also failed_broadcast_area_identifier
inline constexpr uint16_t kBroadcastErrorStatus = 0x0607;
inline constexpr uint16_t kBroadcastAreaSuccess = 0x0608;
inline constexpr uint16_t kBroadcastEndTime = 0x0609;
inline constexpr uint16_t kBroadcastServiceGroup = 0x060A;
inline constexpr uint16_t kBillingIdentification = 0x060B;
inline constexpr uint16_t kSourceNetworkId = 0x060D;
inline constexpr uint16_t kDestNetworkId = 0x060E;
inline constexpr uint16_t kSourceNodeId = 0x060F;
inline constexpr uint16_t kDestNodeId = 0x0610;
inline constexpr uint16_t kDestAddrNpResolution = 0x0611;
inline constexpr uint16_t kDestAddrNpInformation = 0x0612;
inline constexpr uint16_t kDestAddrNpCountry = 0x0613;
inline constexpr uint16_t kDisplayTime = 0x1201;
inline constexpr uint16_t kSmsSignal = 0x1203;
inline constexpr uint16_t kMsValidity = 0x1204;
inline constexpr uint16_t kAlertOnMessageDelivery = 0x130C;
inline constexpr uint16_t kItsReplyType = 0x1380;
inline constexpr uint16_t kItsSessionInfo = 0x1383;

// The SMSC vendor-specific block: never interpreted, always passed through byte-exact.
inline constexpr uint16_t kVendorFirst = 0x1400;
inline constexpr uint16_t kVendorLast = 0x3FFF;
}  // namespace tlv

// What the specifications allow for a known tag's value length. Unknown and vendor tags have no
// spec and are kept as they come.
struct TlvSpec {
  uint16_t tag;
  std::string_view name;
  uint16_t min_length;
  uint16_t max_length;
  bool repeatable;  // may legally appear more than once in one PDU
};

// The spec of a known tag, or nullptr.
const TlvSpec* find_tlv_spec(uint16_t tag);

// How many tags have a spec, and a dense index 0..kKnownTlvCount-1 of one, for per-PDU bitsets.
inline constexpr size_t kKnownTlvCount = 64;
size_t known_tlv_index(const TlvSpec& spec);

inline bool is_vendor_tlv(uint16_t tag) { return tag >= tlv::kVendorFirst && tag <= tlv::kVendorLast; }

}  // namespace smppd::codec
