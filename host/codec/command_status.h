#pragma once

#include <cstdint>
#include <string_view>

namespace smppd::codec {

// command_status values (SMPP v3.4 Table 5-2, v5.0 Table 4-45). Plain constants, not an enum
// class: peers send vendor and reserved values that must travel through smppd unchanged.
namespace status {
inline constexpr uint32_t kOk = 0x00000000;
inline constexpr uint32_t kInvMsgLen = 0x00000001;
inline constexpr uint32_t kInvCmdLen = 0x00000002;
inline constexpr uint32_t kInvCmdId = 0x00000003;
inline constexpr uint32_t kInvBndSts = 0x00000004;
inline constexpr uint32_t kAlyBnd = 0x00000005;
inline constexpr uint32_t kInvPrtFlg = 0x00000006;
inline constexpr uint32_t kInvRegDlvFlg = 0x00000007;
inline constexpr uint32_t kSysErr = 0x00000008;
inline constexpr uint32_t kInvSrcAdr = 0x0000000A;
inline constexpr uint32_t kInvDstAdr = 0x0000000B;
inline constexpr uint32_t kInvMsgId = 0x0000000C;
inline constexpr uint32_t kBindFail = 0x0000000D;
inline constexpr uint32_t kInvPaswd = 0x0000000E;
inline constexpr uint32_t kInvSysId = 0x0000000F;
inline constexpr uint32_t kCancelFail = 0x00000011;
inline constexpr uint32_t kReplaceFail = 0x00000013;
inline constexpr uint32_t kMsgQFul = 0x00000014;
inline constexpr uint32_t kInvSerTyp = 0x00000015;
inline constexpr uint32_t kInvNumDests = 0x00000033;
inline constexpr uint32_t kInvDlName = 0x00000034;
inline constexpr uint32_t kInvDestFlag = 0x00000040;
inline constexpr uint32_t kInvSubRep = 0x00000042;
inline constexpr uint32_t kInvEsmClass = 0x00000043;
inline constexpr uint32_t kCntSubDl = 0x00000044;
inline constexpr uint32_t kSubmitFail = 0x00000045;
inline constexpr uint32_t kInvSrcTon = 0x00000048;
inline constexpr uint32_t kInvSrcNpi = 0x00000049;
inline constexpr uint32_t kInvDstTon = 0x00000050;
inline constexpr uint32_t kInvDstNpi = 0x00000051;
inline constexpr uint32_t kInvSysTyp = 0x00000053;
inline constexpr uint32_t kInvRepFlag = 0x00000054;
inline constexpr uint32_t kInvNumMsgs = 0x00000055;
inline constexpr uint32_t kThrottled = 0x00000058;
inline constexpr uint32_t kInvSched = 0x00000061;
inline constexpr uint32_t kInvExpiry = 0x00000062;
inline constexpr uint32_t kInvDftMsgId = 0x00000063;
inline constexpr uint32_t kXTAppn = 0x00000064;
inline constexpr uint32_t kXPAppn = 0x00000065;
inline constexpr uint32_t kXRAppn = 0x00000066;
inline constexpr uint32_t kQueryFail = 0x00000067;
inline constexpr uint32_t kInvTlvStream = 0x000000C0;  // v3.4 ESME_RINVOPTPARSTREAM
inline constexpr uint32_t kTlvNotAllwd = 0x000000C1;   // v3.4 ESME_ROPTPARNOTALLWD
inline constexpr uint32_t kInvTlvLen = 0x000000C2;     // v3.4 ESME_RINVPARLEN
inline constexpr uint32_t kMissingTlv = 0x000000C3;    // v3.4 ESME_RMISSINGOPTPARAM
inline constexpr uint32_t kInvTlvVal = 0x000000C4;     // v3.4 ESME_RINVOPTPARAMVAL
inline constexpr uint32_t kDeliveryFailure = 0x000000FE;
inline constexpr uint32_t kUnknownErr = 0x000000FF;
// v5.0 additions
inline constexpr uint32_t kSerTypUnauth = 0x00000100;
inline constexpr uint32_t kProhibited = 0x00000101;
inline constexpr uint32_t kSerTypUnavail = 0x00000102;
inline constexpr uint32_t kSerTypDenied = 0x00000103;
inline constexpr uint32_t kInvDcs = 0x00000104;
inline constexpr uint32_t kInvSrcAddrSubunit = 0x00000105;
inline constexpr uint32_t kInvDstAddrSubunit = 0x00000106;
inline constexpr uint32_t kInvBcastFreqInt = 0x00000107;
inline constexpr uint32_t kInvBcastAliasName = 0x00000108;
inline constexpr uint32_t kInvBcastAreaFmt = 0x00000109;
inline constexpr uint32_t kInvNumBcastAreas = 0x0000010A;
inline constexpr uint32_t kInvBcastCntType = 0x0000010B;
inline constexpr uint32_t kInvBcastMsgClass = 0x0000010C;
inline constexpr uint32_t kBcastFail = 0x0000010D;
inline constexpr uint32_t kBcastQueryFail = 0x0000010E;
inline constexpr uint32_t kBcastCancelFail = 0x0000010F;
inline constexpr uint32_t kInvBcastRep = 0x00000110;
inline constexpr uint32_t kInvBcastSrvGrp = 0x00000111;
inline constexpr uint32_t kInvBcastChanInd = 0x00000112;
}  // namespace status

// "ESME_RINVCMDLEN" for a known value, "" for a reserved or vendor value.
std::string_view command_status_name(uint32_t command_status);

}  // namespace smppd::codec
