#include "host/codec/command_status.h"

namespace smppd::codec {

std::string_view command_status_name(uint32_t command_status) {
  switch (command_status) {
    case status::kOk: return "ESME_ROK";
    case status::kInvMsgLen: return "ESME_RINVMSGLEN";
    case status::kInvCmdLen: return "ESME_RINVCMDLEN";
    case status::kInvCmdId: return "ESME_RINVCMDID";
    case status::kInvBndSts: return "ESME_RINVBNDSTS";
    case status::kAlyBnd: return "ESME_RALYBND";
    case status::kInvPrtFlg: return "ESME_RINVPRTFLG";
    case status::kInvRegDlvFlg: return "ESME_RINVREGDLVFLG";
    case status::kSysErr: return "ESME_RSYSERR";
    case status::kInvSrcAdr: return "ESME_RINVSRCADR";
    case status::kInvDstAdr: return "ESME_RINVDSTADR";
    case status::kInvMsgId: return "ESME_RINVMSGID";
    case status::kBindFail: return "ESME_RBINDFAIL";
    case status::kInvPaswd: return "ESME_RINVPASWD";
    case status::kInvSysId: return "ESME_RINVSYSID";
    case status::kCancelFail: return "ESME_RCANCELFAIL";
    case status::kReplaceFail: return "ESME_RREPLACEFAIL";
    case status::kMsgQFul: return "ESME_RMSGQFUL";
    case status::kInvSerTyp: return "ESME_RINVSERTYP";
    case status::kInvNumDests: return "ESME_RINVNUMDESTS";
    case status::kInvDlName: return "ESME_RINVDLNAME";
    case status::kInvDestFlag: return "ESME_RINVDESTFLAG";
    case status::kInvSubRep: return "ESME_RINVSUBREP";
    case status::kInvEsmClass: return "ESME_RINVESMCLASS";
    case status::kCntSubDl: return "ESME_RCNTSUBDL";
    case status::kSubmitFail: return "ESME_RSUBMITFAIL";
    case status::kInvSrcTon: return "ESME_RINVSRCTON";
    case status::kInvSrcNpi: return "ESME_RINVSRCNPI";
    case status::kInvDstTon: return "ESME_RINVDSTTON";
    case status::kInvDstNpi: return "ESME_RINVDSTNPI";
    case status::kInvSysTyp: return "ESME_RINVSYSTYP";
    case status::kInvRepFlag: return "ESME_RINVREPFLAG";
    case status::kInvNumMsgs: return "ESME_RINVNUMMSGS";
    case status::kThrottled: return "ESME_RTHROTTLED";
    case status::kInvSched: return "ESME_RINVSCHED";
    case status::kInvExpiry: return "ESME_RINVEXPIRY";
    case status::kInvDftMsgId: return "ESME_RINVDFTMSGID";
    case status::kXTAppn: return "ESME_RX_T_APPN";
    case status::kXPAppn: return "ESME_RX_P_APPN";
    case status::kXRAppn: return "ESME_RX_R_APPN";
    case status::kQueryFail: return "ESME_RQUERYFAIL";
    case status::kInvTlvStream: return "ESME_RINVTLVSTREAM";
    case status::kTlvNotAllwd: return "ESME_RTLVNOTALLWD";
    case status::kInvTlvLen: return "ESME_RINVTLVLEN";
    case status::kMissingTlv: return "ESME_RMISSINGTLV";
    case status::kInvTlvVal: return "ESME_RINVTLVVAL";
    case status::kDeliveryFailure: return "ESME_RDELIVERYFAILURE";
    case status::kUnknownErr: return "ESME_RUNKNOWNERR";
    case status::kSerTypUnauth: return "ESME_RSERTYPUNAUTH";
    case status::kProhibited: return "ESME_RPROHIBITED";
    case status::kSerTypUnavail: return "ESME_RSERTYPUNAVAIL";
    case status::kSerTypDenied: return "ESME_RSERTYPDENIED";
    case status::kInvDcs: return "ESME_RINVDCS";
    case status::kInvSrcAddrSubunit: return "ESME_RINVSRCADDRSUBUNIT";
    case status::kInvDstAddrSubunit: return "ESME_RINVDSTADDRSUBUNIT";
    case status::kInvBcastFreqInt: return "ESME_RINVBCASTFREQINT";
    case status::kInvBcastAliasName: return "ESME_RINVBCASTALIAS_NAME";
    case status::kInvBcastAreaFmt: return "ESME_RINVBCASTAREAFMT";
    case status::kInvNumBcastAreas: return "ESME_RINVNUMBCAST_AREAS";
    case status::kInvBcastCntType: return "ESME_RINVBCASTCNTTYPE";
    case status::kInvBcastMsgClass: return "ESME_RINVBCASTMSGCLASS";
    case status::kBcastFail: return "ESME_RBCASTFAIL";
    case status::kBcastQueryFail: return "ESME_RBCASTQUERYFAIL";
    case status::kBcastCancelFail: return "ESME_RBCASTCANCELFAIL";
    case status::kInvBcastRep: return "ESME_RINVBCAST_REP";
    case status::kInvBcastSrvGrp: return "ESME_RINVBCASTSRVGRP";
    case status::kInvBcastChanInd: return "ESME_RINVBCASTCHANIND";
    default: return "";
  }
}

}  // namespace smppd::codec
