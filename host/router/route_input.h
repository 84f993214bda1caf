#pragma once

#include <string_view>

#include "host/api/attribute_bag.h"
#include "host/codec/pdu.h"

namespace smppd::router {

// What a route's conditions look at: the request (destination_addr, source_addr, service_type,
// data_coding, esm_class), the client's bind and the attributes filters set. Everything is
// borrowed for the duration of one route() call.
struct RouteInput {
  const codec::Pdu& request;
  std::string_view system_id;  // the client's bound system_id
  // An attribute is looked up in the call's bag first, then in the session's; either may be null.
  const api::AttributeBag* call_attributes = nullptr;
  const api::AttributeBag* session_attributes = nullptr;
};

}  // namespace smppd::router
