#pragma once

#include <memory>
#include <string>

#include "host/api/attribute_bag.h"
#include "host/api/route_lookup.h"
#include "host/api/session_info.h"
#include "host/codec/pdu.h"
#include "host/codec/text/data_coding.h"
#include "smppd/plugin.h"

// The host's side of the opaque handles plugins hold. A message is a decoded PDU plus the text
// decoded from it on first request; a call is one request on its way through a filter chain.
struct smppd_message {
  explicit smppd_message(smppd::codec::Pdu& p) : pdu(&p) {}

  smppd::codec::Pdu* pdu;
  // Set for a message a plugin made (upstream message_new): the handle owns its PDU.
  std::unique_ptr<smppd::codec::Pdu> owned;
  // How data_coding 0 is read for this session's peer.
  smppd::codec::TextEncoding mc_default = smppd::codec::TextEncoding::gsm7;
  // Decoded text, valid while `text_decoded`; any change to the PDU clears it.
  bool text_decoded = false;
  std::string text_utf8;
  smppd_text text_result{};
};

struct smppd_call {
  smppd_call(smppd::codec::Pdu& pdu, const smppd::api::SessionInfo& info, smppd::api::AttributeBag& session_bag)
      : message(pdu), session(&info), session_attributes(&session_bag) {}

  smppd_message message;
  const smppd::api::SessionInfo* session;
  smppd::api::AttributeBag call_attributes;
  smppd::api::AttributeBag* session_attributes;
  // What the call's route() looks up in; null where the call goes to no router (a bind).
  const smppd::api::RouteLookup* routes = nullptr;
  // The last route() answer: the views handed to the plugin point here.
  mutable smppd::api::RouteLookup::Answer route_answer;
  // "Now" for the current filter's turn (call.h now_ns), in steady_clock nanoseconds: when the
  // request was read, and again after each pause. 0: now_ns reads the clock.
  int64_t now_ns = 0;
};

namespace smppd::api {

const smppd_message_api* message_table();
const smppd_call_api* call_table();

// The bag of a scope, or nullptr for an unknown scope.
AttributeBag* attribute_bag(smppd_call& call, int32_t scope);

}  // namespace smppd::api
