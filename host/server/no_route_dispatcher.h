#pragma once

#include <cstdint>

#include "host/server/request_dispatcher.h"

namespace smppd::server {

// The dispatcher while no route exists: every message request is answered with the router's
// no-route status (ESME_RINVDSTADR unless configured), so nothing is ever acknowledged that was
// not delivered. query_sm, cancel_sm and replace_sm get ESME_RINVMSGID: no message is known.
class NoRouteDispatcher final : public RequestDispatcher {
 public:
  explicit NoRouteDispatcher(uint32_t no_route_status) : no_route_status_(no_route_status) {}
  boost::asio::awaitable<codec::Pdu> dispatch(smppd_call& call) override;

 private:
  uint32_t no_route_status_;
};

}  // namespace smppd::server
